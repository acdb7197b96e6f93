//! Site search: a compact character-bigram index written at build time to
//! `search/index.js`, and the segmentation that both the index and the browser's query use.
//!
//! # Why character bigrams, not Pagefind
//!
//! Japanese has no spaces between words, so a search engine must segment text somehow.
//! Engines that split on spaces (elasticlunr) find nothing. Pagefind segments Japanese with
//! a dictionary and indexes whole pages: a hit on a report cannot say which 重点目標
//! matched, and it does not fold ＤＸ to DX or half-width ﾌｧﾝﾄﾞ to ファンド. Measured on the
//! example sites with the 34 queries of `tests/search_queries.json`
//! (`node tests/browser/search-recall.mjs`, Pagefind 1.x in the same Chromium):
//!
//! | engine  | page recall@10 | anchor recall@10 | expected entry first (20 queries) |
//! |---------|----------------|------------------|-----------------------------------|
//! | hyoka   | 100.0% (34/34) | 100.0% (34/34)   | 100.0% (20/20)                    |
//! | Pagefind|  94.1% (32/34) |  94.1% (32/34)   |  10.0% (2/20)                     |
//!
//! Pagefind missed ＤＸ (written ＤＸ and DX in the plan) and ファンド (written ﾌｧﾝﾄﾞ), and
//! ranks the report page, not the goal, first. A character bigram index has no dictionary
//! and no out-of-vocabulary words: every substring of two or more characters of the text is
//! found, whatever the word is, and the index and the query are segmented by the same
//! function ([`tokens`], mirrored line by line in `assets/search.js` and checked against the
//! shared vectors of `tests/search_vectors.json` on both sides). Bigrams can match text
//! where the query's bigrams occur apart; requiring every bigram and ranking title hits
//! first keeps those below real hits. One document per goal, challenge, project and plan
//! item lets a result link to the entry's own anchor.
//!
//! The cost is size: about 80 KB gzip for the 88-page sample site, loaded only when the
//! reader starts typing on the search page.
//!
//! # Format
//!
//! `search/index.js` sets `window.hyokaSearchIndex` (a `<script src>` works from `file://`,
//! where `fetch` is blocked) to `{ v, docs, terms }`: `docs` is a list of
//! `[url, title, kind, context, snippet]`, `terms` maps each token to a flat list of
//! `[gap, weight, gap, weight, …]` (gap: the doc number minus the previous one in the
//! list, the first counted from 0), where weight = 16 × (occurrences in the title) +
//! occurrences in the text (capped), so a title hit outweighs many body hits. The page loads
//! it only when the reader starts searching.

use crate::fiscal::FiscalYear;
use crate::index::Indexes;
use crate::markdown;
use crate::model::{Report, Site};
use crate::render::OutFile;
use crate::render::views::{anchor, dept_url, item_url, plan_url, report_url};
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the index format (checked by `assets/search.js`).
pub const FORMAT_VERSION: u32 = 1;

/// Weight of one occurrence in a title, against 1 for one in the text.
pub const TITLE_WEIGHT: u32 = 16;

/// Most occurrences in the text counted for one token in one document.
pub const TEXT_CAP: u32 = 15;

/// Added when the whole query (normalised, spaces removed) is in the title.
pub const TITLE_BONUS: f64 = 100.0;

/// At most this much is added for the newest fiscal year (scaled down for older ones).
pub const RECENT_BONUS: f64 = 1.0;

/// Characters of text kept as a document's snippet.
const SNIPPET_CHARS: usize = 70;

/// Folds what readers and writers type interchangeably, the same way for the index and the
/// query: full-width ASCII (ＤＸ) to half-width, ASCII letters to lower case, half-width
/// katakana (ﾌｧﾝﾄﾞ) to full-width with their voicing marks joined, the ideographic space
/// to a space. Hiragana and katakana stay distinct; kanji are untouched.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for_each_normalized(s, |c| out.push(c));
    out
}

/// The characters of [`normalize`]`(s)`, one by one, without building the string.
fn for_each_normalized(s: &str, mut f: impl FnMut(char)) {
    // The last character out is held back: a voicing mark may still join it.
    let mut pending: Option<char> = None;
    for c in s.chars() {
        let u = c as u32;
        let n = match u {
            0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c).to_ascii_lowercase(),
            0x3000 => ' ',
            0xFF9E | 0xFF9F => {
                let semi = u == 0xFF9F;
                match pending.and_then(|p| voiced(p, semi)) {
                    Some(v) => {
                        pending = Some(v);
                        continue;
                    }
                    None if semi => '\u{309C}',
                    None => '\u{309B}',
                }
            }
            0xFF61..=0xFF9D => HALF_KANA[(u - 0xFF61) as usize],
            _ => c.to_ascii_lowercase(),
        };
        if let Some(p) = pending.replace(n) {
            f(p);
        }
    }
    if let Some(p) = pending {
        f(p);
    }
}

/// Full-width forms of U+FF61 … U+FF9D.
const HALF_KANA: [char; 61] = [
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// The katakana `p` with a (semi-)voiced mark joined: カ → ガ, ハ → パ, ウ → ヴ.
fn voiced(p: char, semi: bool) -> Option<char> {
    let u = p as u32;
    // カ…チ step by 2; ツ テ ト sit after the small ッ, each with its voiced form at +1.
    let ka_to = ((0x30AB..=0x30C1).contains(&u) && (u - 0x30AB).is_multiple_of(2))
        || matches!(u, 0x30C4 | 0x30C6 | 0x30C8);
    let ha = (0x30CF..=0x30DB).contains(&u) && (u - 0x30CF).is_multiple_of(3);
    match (semi, p) {
        (false, 'ウ') => Some('ヴ'),
        (false, _) if ka_to || ha => char::from_u32(u + 1),
        (true, _) if ha => char::from_u32(u + 2),
        _ => None,
    }
}

/// Whether `c` belongs to a word: a letter or a number of any script (Unicode Alphabetic
/// or Numeric, which is what `\p{Alphabetic}\p{N}` means in the browser). Punctuation,
/// spaces and symbols (、。・「」) separate runs.
pub fn is_word_char(c: char) -> bool {
    // The common cases first (the index tokenises every character of the site's text):
    // ASCII, and hiragana, katakana and kanji, which are all letters.
    match c as u32 {
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFC => true,
        _ => c.is_alphanumeric(),
    }
}

/// Splits text into search tokens: normalize, cut into runs of word characters, and emit
/// every pair of neighbouring characters of a run (a one-character run is itself a token).
/// `指定避難所` → 指定, 定避, 避難, 難所. The browser runs the same steps on the query.
pub fn tokens(text: &str) -> Vec<String> {
    let norm = normalize(text);
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
        run.clear();
    };
    for c in norm.chars() {
        if is_word_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// One searchable thing: a goal, challenge, project, mid-term goal, report, department,
/// plan or plan item.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Root-relative URL with the anchor of the entry.
    pub url: String,
    /// Title as shown in results (重点目標 6 指定避難所の機能強化).
    pub title: String,
    /// What it is: 目標, 課題, 事業, 中期目標, 報告, 部局, 計画, 計画の項目.
    pub kind: &'static str,
    /// Where it is: department and year, or plan.
    pub context: String,
    /// Plain text searched besides the title.
    pub text: String,
    /// Fiscal year of the report it belongs to (0 for plans and departments).
    pub year: i32,
}

/// The search index as written to `search/index.js`.
#[derive(Serialize, Debug)]
pub struct SearchIndex {
    /// Format version.
    pub v: u32,
    /// `[url, title, kind, context, snippet, year]` per document (year 0: none).
    pub docs: Vec<(String, String, String, String, String, i32)>,
    /// Token → `[gap, weight, gap, weight, …]`: doc numbers ascending, each stored as the
    /// gap from the previous one.
    pub terms: BTreeMap<String, Vec<u32>>,
}

fn join_text(parts: impl IntoIterator<Item = String>) -> String {
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a report calls its goals (重点目標, 当年度目標, 取組 …), as its page does.
pub fn goals_heading(r: &Report) -> String {
    r.headings
        .iter()
        .rev()
        .find(|(k, _)| k == "goals")
        .map(|(_, v)| v.clone())
        .or_else(|| r.goals_heading.clone())
        .unwrap_or_else(|| "重点目標".into())
}

/// The title of a report as its page shows it.
pub fn report_title(site: &Site, dept: usize, r: &Report) -> String {
    let d = &site.departments[dept];
    r.title.clone().unwrap_or_else(|| {
        format!(
            "{} {}の{}",
            r.year.label(site.config.year_style),
            d.name_in(r.year),
            r.kind.clone().unwrap_or_else(|| "運営方針".into())
        )
    })
}

/// Every searchable document of the site, in a stable order.
pub fn documents(site: &Site, ix: &Indexes) -> Vec<SearchDoc> {
    use rayon::prelude::*;
    // Departments in parallel, each in order; then plans.
    let per_dept: Vec<Vec<SearchDoc>> = site
        .departments
        .par_iter()
        .enumerate()
        .map(|(di, d)| department_documents(site, di, d))
        .collect();
    let mut docs: Vec<SearchDoc> = per_dept.into_iter().flatten().collect();
    docs.extend(plan_documents(site, ix));
    docs
}

/// The documents of department `di`: itself, then each report and its entries.
fn department_documents(site: &Site, di: usize, d: &crate::model::Department) -> Vec<SearchDoc> {
    let fy = |y: FiscalYear| y.label(site.config.year_style);
    {
        {
            let mut docs = Vec::new();
            docs.push(SearchDoc {
                url: dept_url(&d.slug),
                title: d.name.clone(),
                kind: "部局",
                context: "部局".into(),
                text: join_text(
                    d.former_names
                        .iter()
                        .map(|f| f.name.clone())
                        .chain(d.units.iter().map(|u| u.v.clone())),
                ),
                year: 0,
            });
            for r in &d.reports {
                let url = report_url(&d.slug, r.year);
                let context = format!("{} {}", d.name_in(r.year), fy(r.year));
                let persons = r
                    .head
                    .iter()
                    .chain(r.officers.iter())
                    .map(|p| {
                        [&p.title, &p.name, &p.role]
                            .iter()
                            .filter_map(|x| x.as_deref())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect::<Vec<_>>();
                docs.push(SearchDoc {
                    url: url.clone(),
                    title: report_title(site, di, r),
                    kind: "報告",
                    context: context.clone(),
                    text: join_text(
                        [
                            markdown::plain_text_of(&r.message),
                            markdown::plain_text_of(&r.mission),
                            markdown::plain_text_of(&r.policy),
                            markdown::plain_text_of(&r.review),
                        ]
                        .into_iter()
                        .chain(persons)
                        .chain(r.duties.iter().map(|x| markdown::plain_text(&x.v))),
                    ),
                    year: r.year.year(),
                });
                let heading = goals_heading(r);
                for g in &r.goals {
                    let mut parts = vec![
                        markdown::plain_text_of(&g.aim),
                        markdown::plain_text_of(&g.target_text),
                        markdown::plain_text_of(&g.actions),
                        markdown::plain_text_of(&g.results),
                        markdown::plain_text_of(&g.status),
                        markdown::plain_text_of(&g.evaluation),
                        markdown::plain_text_of(&g.next),
                    ];
                    for i in &g.initiatives {
                        parts.extend([
                            markdown::plain_text_of(&i.aim),
                            markdown::plain_text_of(&i.actions),
                            markdown::plain_text_of(&i.results),
                            markdown::plain_text_of(&i.status),
                        ]);
                    }
                    parts.extend(g.indicators.iter().map(|i| i.name.clone()));
                    parts.push(g.field.clone().unwrap_or_default());
                    parts.extend(g.sections.iter().map(|s| s.v.clone()));
                    for i in &g.initiatives {
                        parts.extend(i.sections.iter().map(|s| s.v.clone()));
                    }
                    docs.push(SearchDoc {
                        url: format!("{url}#{}", anchor("goal", &g.id.v)),
                        title: format!("{heading} {} {}", g.number, g.title.v),
                        kind: "目標",
                        context: context.clone(),
                        text: join_text(parts),
                        year: r.year.year(),
                    });
                }
                for c in &r.challenges {
                    let mut parts = vec![
                        markdown::plain_text_of(&c.description),
                        markdown::plain_text_of(&c.response),
                    ];
                    parts.extend(c.sections.iter().map(|s| s.v.clone()));
                    docs.push(SearchDoc {
                        url: format!("{url}#{}", anchor("challenge", &c.id.v)),
                        title: c.title.clone(),
                        kind: "課題",
                        context: context.clone(),
                        text: join_text(parts),
                        year: r.year.year(),
                    });
                }
                for p in &r.projects {
                    let mut parts = vec![
                        markdown::plain_text_of(&p.description),
                        markdown::plain_text_of(&p.target),
                    ];
                    parts.extend(p.sections.iter().map(|s| s.v.clone()));
                    docs.push(SearchDoc {
                        url: format!("{url}#{}", anchor("project", &p.id.v)),
                        title: p.name.clone(),
                        kind: "事業",
                        context: context.clone(),
                        text: join_text(parts),
                        year: r.year.year(),
                    });
                }
                for m in &r.midterm {
                    docs.push(SearchDoc {
                        url: format!("{url}#{}", anchor("midterm", &m.id.v)),
                        title: m.title.clone(),
                        kind: "中期目標",
                        context: context.clone(),
                        text: join_text([
                            markdown::plain_text_of(&m.body),
                            markdown::plain_text_of(&m.schedule),
                        ]),
                        year: r.year.year(),
                    });
                }
            }
            docs
        }
    }
}

/// The documents of the plans and their items.
fn plan_documents(site: &Site, ix: &Indexes) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (pi, p) in site.plans.iter().enumerate() {
        let short = p.short.clone().unwrap_or_else(|| p.name.clone());
        docs.push(SearchDoc {
            url: plan_url(&p.slug),
            title: p.name.clone(),
            kind: "計画",
            context: "計画".into(),
            text: p
                .body
                .as_deref()
                .map(markdown::plain_text)
                .unwrap_or_default(),
            year: 0,
        });
        for node in &ix.trees[pi].nodes {
            let item = node.item.map(|i| &p.items[i]);
            docs.push(SearchDoc {
                url: item_url(&p.slug, &node.id),
                title: if node.title.is_empty() {
                    node.code.clone()
                } else {
                    format!("{} {}", node.code, node.title)
                },
                kind: "計画の項目",
                context: short.clone(),
                text: item
                    .and_then(|i| i.body.as_deref())
                    .map(markdown::plain_text)
                    .unwrap_or_default(),
                year: 0,
            });
        }
    }
    docs
}

fn snippet(text: &str) -> String {
    // The text with runs of white space made one space, cut after SNIPPET_CHARS
    // characters (with …); only as much of it as needed is looked at.
    let mut flat = String::with_capacity(SNIPPET_CHARS * 3 + 4);
    let mut count = 0;
    for (k, word) in text.split_whitespace().enumerate() {
        if count > SNIPPET_CHARS {
            break;
        }
        if k > 0 {
            flat.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count > SNIPPET_CHARS {
                break;
            }
            flat.push(c);
            count += 1;
        }
    }
    if count > SNIPPET_CHARS {
        let mut s: String = flat.chars().take(SNIPPET_CHARS).collect();
        s.push('…');
        s
    } else {
        flat
    }
}

/// A token as a number: its first character in the high half, the second (plus one) in
/// the low half, 0 for a one-character token. Numbers sort as the token strings do (UTF-8
/// keeps code-point order, and a one-character token sorts before its bigrams).
type TokenKey = u64;

fn key_text(k: TokenKey) -> String {
    let mut s = String::with_capacity(8);
    if let Some(a) = char::from_u32((k >> 32) as u32) {
        s.push(a);
    }
    let b = (k & 0xffff_ffff) as u32;
    if b != 0
        && let Some(b) = char::from_u32(b - 1)
    {
        s.push(b);
    }
    s
}

/// The same tokens as [`tokens`], as numbers, each passed to `f`.
fn token_keys(text: &str, mut f: impl FnMut(TokenKey)) {
    let mut prev: Option<char> = None;
    let mut run = 0usize;
    for_each_normalized(text, |c| {
        if is_word_char(c) {
            if let Some(p) = prev {
                f(((p as u64) << 32) | (c as u64 + 1));
            }
            prev = Some(c);
            run += 1;
        } else {
            if run == 1
                && let Some(p) = prev
            {
                f((p as u64) << 32);
            }
            prev = None;
            run = 0;
        }
    });
    if run == 1
        && let Some(p) = prev
    {
        f((p as u64) << 32);
    }
}

/// A hasher for token keys: one multiply, folded (token keys are already well spread in
/// their high half, poorly in their low bits).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0 ^ b as u64);
        }
    }
    fn write_u64(&mut self, k: u64) {
        let m = (k as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

type KeyMap<V> = std::collections::HashMap<TokenKey, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// The weighted tokens of one document (in no particular order); `counts` is scratch space.
fn doc_terms(d: &SearchDoc, counts: &mut KeyMap<(u32, u32)>) -> Vec<(TokenKey, u32)> {
    counts.clear();
    token_keys(&d.title, |k| counts.entry(k).or_default().0 += 1);
    token_keys(&d.text, |k| counts.entry(k).or_default().1 += 1);
    counts
        .iter()
        .map(|(&k, &(title, text))| (k, title.min(4) * TITLE_WEIGHT + text.min(TEXT_CAP)))
        .collect()
}

/// The postings of one token: `(gap, weight)` pairs, the gap as a LEB128 varint and the
/// weight (at most 4 × 16 + 15) as one byte: two or three bytes a posting instead of
/// eight, which matters for a 10,000-report site's 20 million postings.
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    last: u32,
}

impl Postings {
    fn push(&mut self, doc: u32, weight: u32) {
        let mut gap = doc - self.last;
        self.last = doc;
        loop {
            let b = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                self.bytes.push(b);
                break;
            }
            self.bytes.push(b | 0x80);
        }
        self.bytes.push(weight as u8);
    }

    /// `[gap, weight, gap, weight, …]`.
    fn for_each(&self, mut f: impl FnMut(u32)) {
        let mut i = 0;
        while i < self.bytes.len() {
            let mut gap = 0u32;
            let mut shift = 0;
            loop {
                let b = self.bytes[i];
                i += 1;
                gap |= ((b & 0x7f) as u32) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            f(gap);
            f(self.bytes[i] as u32);
            i += 1;
        }
    }
}

/// The index being built: documents are added in order, a batch at a time, so a big
/// site's text is never all in memory; only the result rows and the postings are kept.
#[derive(Default)]
struct Builder {
    /// `[url, title, kind, context, snippet, year]` of every document, as JSON, joined by
    /// commas.
    rows: Vec<u8>,
    docs: u32,
    terms: KeyMap<Postings>,
}

impl Builder {
    fn add(&mut self, docs: &[SearchDoc]) {
        use rayon::prelude::*;
        type Done = (Vec<u8>, Vec<(TokenKey, u32)>);
        let per_doc: Vec<Done> = docs
            .par_iter()
            .map_init(KeyMap::default, |counts, d| {
                (row_json(d), doc_terms(d, counts))
            })
            .collect();
        let merge_start = std::time::Instant::now();
        for (row, terms) in per_doc {
            if self.docs > 0 {
                self.rows.push(b',');
            }
            self.rows.extend_from_slice(&row);
            for (t, w) in terms {
                self.terms.entry(t).or_default().push(self.docs, w);
            }
            self.docs += 1;
        }
        crate::timings::record("search merge", merge_start.elapsed().as_secs_f64());
    }

    /// Every token's postings, tokens in order.
    fn sorted_terms(&self) -> Vec<(TokenKey, &Postings)> {
        let mut terms: Vec<(TokenKey, &Postings)> =
            self.terms.iter().map(|(&k, p)| (k, p)).collect();
        terms.sort_unstable_by_key(|(k, _)| *k);
        terms
    }

    /// Writes `search/index.js`: the JSON of [`build_index`], directly.
    fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
        buf.extend_from_slice(
            "/* hyoka のサイト内検索の索引（hyoka build が作成）。 */\nwindow.hyokaSearchIndex = "
                .as_bytes(),
        );
        buf.extend_from_slice(b"{\"v\":");
        json_u32(&mut buf, FORMAT_VERSION);
        buf.extend_from_slice(b",\"docs\":[");
        out.write_all(&buf)?;
        out.write_all(&self.rows)?;
        buf.clear();
        buf.extend_from_slice(b"],\"terms\":{");
        out.write_all(&buf)?;
        buf.clear();
        for (k, (key, list)) in self.sorted_terms().into_iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            json_str(&mut buf, &key_text(key));
            buf.extend_from_slice(b":[");
            let mut first = true;
            list.for_each(|n| {
                if !first {
                    buf.push(b',');
                }
                first = false;
                json_u32(&mut buf, n);
            });
            buf.push(b']');
            if buf.len() > 1 << 16 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        buf.extend_from_slice(b"}};\n");
        out.write_all(&buf)
    }
}

/// Every token's postings `[gap, weight, …]`, tokens in order.
fn postings(docs: &[SearchDoc]) -> Vec<(TokenKey, Vec<u32>)> {
    let mut b = Builder::default();
    b.add(docs);
    b.sorted_terms()
        .into_iter()
        .map(|(k, p)| {
            let mut list = Vec::new();
            p.for_each(|n| list.push(n));
            (k, list)
        })
        .collect()
}

fn doc_row(d: &SearchDoc) -> (String, String, String, String, String, i32) {
    (
        d.url.clone(),
        d.title.clone(),
        d.kind.to_string(),
        d.context.clone(),
        snippet(&d.text),
        d.year,
    )
}

/// A document's row `[url, title, kind, context, snippet, year]` as JSON.
fn row_json(d: &SearchDoc) -> Vec<u8> {
    let mut o = Vec::with_capacity(256);
    o.push(b'[');
    json_str(&mut o, &d.url);
    o.push(b',');
    json_str(&mut o, &d.title);
    o.push(b',');
    json_str(&mut o, d.kind);
    o.push(b',');
    json_str(&mut o, &d.context);
    o.push(b',');
    json_str(&mut o, &snippet(&d.text));
    o.push(b',');
    o.extend_from_slice(d.year.to_string().as_bytes());
    o.push(b']');
    o
}

/// Builds the index of `docs`.
pub fn build_index(docs: &[SearchDoc]) -> SearchIndex {
    SearchIndex {
        v: FORMAT_VERSION,
        docs: docs.iter().map(doc_row).collect(),
        terms: postings(docs)
            .into_iter()
            .map(|(k, list)| (key_text(k), list))
            .collect(),
    }
}

/// Writes `s` as a JSON string, escaped as `serde_json` does and, in addition, with `<`, `>`,
/// `&`, U+2028 and U+2029 as `\u` escapes.
fn json_str(out: &mut Vec<u8>, s: &str) {
    let start = out.len();
    let _ = serde_json::to_writer(&mut *out, s);
    // Whatever a field holds, nothing in index.js may end or comment out a script
    // (`</script>`, `<!--`) or trip JavaScript parsers older than ES2019 (U+2028/2029);
    // inside a JSON string a \u escape is the same value (tests/xss.rs checks this).
    if s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        let escaped = String::from_utf8_lossy(&out[start..])
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        out.truncate(start);
        out.extend_from_slice(escaped.as_bytes());
    }
}

fn json_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// One hit of [`SearchIndex::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into `docs`.
    pub doc: usize,
    /// Score (higher first).
    pub score: f64,
}

/// Relative weight of kinds when scores tie: entries before the pages that hold them.
fn kind_rank(kind: &str) -> u32 {
    match kind {
        "目標" => 0,
        "課題" | "事業" | "中期目標" => 1,
        "計画の項目" => 2,
        "報告" => 3,
        _ => 4,
    }
}

impl SearchIndex {
    /// Ranks the documents for `query` exactly as `assets/search.js` does (the browser is
    /// what readers use; this is its reference, for tests and measurement).
    ///
    /// Every query token must occur in a document (a one-character token matches any token
    /// containing that character). Score: for each token, idf × weight / (weight + 8), plus
    /// [`TITLE_BONUS`] when the whole query (normalised, without spaces) is in the title,
    /// plus up to [`RECENT_BONUS`] for a newer fiscal year. Ties go to
    /// goals before challenges and projects, plan items, then reports, then index order.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let mut toks = tokens(query);
        toks.sort();
        toks.dedup();
        if toks.is_empty() {
            return Vec::new();
        }
        let n = self.docs.len() as f64;
        let mut scores: Vec<f64> = vec![0.0; self.docs.len()];
        let mut matched: Vec<usize> = vec![0; self.docs.len()];
        for t in &toks {
            // Postings of this token: for a single character, of every token containing it.
            let mut best: BTreeMap<u32, u32> = BTreeMap::new();
            let lists: Vec<&Vec<u32>> = if t.chars().count() == 1 {
                self.terms
                    .iter()
                    .filter(|(k, _)| k.contains(t.as_str()))
                    .map(|(_, v)| v)
                    .collect()
            } else {
                self.terms.get(t).into_iter().collect()
            };
            for l in lists {
                let mut doc = 0;
                for pair in l.chunks(2) {
                    doc += pair[0];
                    let e = best.entry(doc).or_insert(0);
                    *e = (*e).max(pair[1]);
                }
            }
            let idf = (1.0 + n / (best.len() as f64 + 1.0)).ln();
            for (d, w) in best {
                let w = w as f64;
                scores[d as usize] += idf * w / (w + 8.0);
                matched[d as usize] += 1;
            }
        }
        let whole: String = normalize(query)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let years = self.docs.iter().map(|d| d.5).filter(|&y| y > 0);
        let (first, last) = (years.clone().min().unwrap_or(0), years.max().unwrap_or(0));
        let mut hits: Vec<Hit> = (0..self.docs.len())
            .filter(|&d| matched[d] == toks.len())
            .map(|d| {
                let title = normalize(&self.docs[d].1);
                let bonus = if !whole.is_empty() && title.contains(&whole) {
                    TITLE_BONUS
                } else {
                    0.0
                };
                // Among equals, the newer year first: what a citizen usually wants.
                let y = self.docs[d].5;
                let recent = if y > 0 {
                    RECENT_BONUS * f64::from(y - first + 1) / f64::from(last - first + 1)
                } else {
                    0.0
                };
                Hit {
                    doc: d,
                    score: scores[d] + bonus + recent,
                }
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(kind_rank(&self.docs[a.doc].2).cmp(&kind_rank(&self.docs[b.doc].2)))
                .then(a.doc.cmp(&b.doc))
        });
        hits
    }
}

/// The files search needs: `search/index.js`.
pub fn files(site: &Site, ix: &Indexes) -> OutFile {
    let mut bytes = Vec::new();
    let _ = write(site, ix, &mut bytes);
    OutFile {
        path: "search/index.js".into(),
        bytes,
    }
}

/// Writes `search/index.js` to `out`. Departments are indexed a few at a time (in
/// parallel within a batch), so only one batch's text is in memory at once.
pub fn write(site: &Site, ix: &Indexes, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    const BATCH: usize = 16;
    let mut b = Builder::default();
    for (k, chunk) in site.departments.chunks(BATCH).enumerate() {
        let docs: Vec<SearchDoc> = chunk
            .par_iter()
            .enumerate()
            .map(|(j, d)| department_documents(site, k * BATCH + j, d))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        b.add(&docs);
    }
    b.add(&plan_documents(site, ix));
    crate::timings::time("search write", || b.write(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_width_case_and_half_width_kana() {
        assert_eq!(normalize("ＤＸ推進"), "dx推進");
        assert_eq!(normalize("DX"), "dx");
        assert_eq!(normalize("まちづくり市民ﾌｧﾝﾄﾞ"), "まちづくり市民ファンド");
        assert_eq!(normalize("ﾊﾟﾌﾞﾘｼﾃｨ"), "パブリシティ");
        assert_eq!(normalize("ｳﾞｧ"), "ヴァ");
        assert_eq!(normalize("広報　広聴"), "広報 広聴");
        assert_eq!(normalize("４－１"), "4-1");
    }

    #[test]
    fn token_keys_are_the_tokens() {
        for text in [
            "指定避難所の開設・運営",
            "ＤＸ推進 dx 2021年度",
            "まちづくり市民ﾌｧﾝﾄﾞ ﾊﾟﾌﾞﾘｼﾃｨ ｳﾞｧ ｶﾞﾞ ﾞ",
            "市、町",
            "a",
            "",
            "「消防団」",
        ] {
            let mut keys = Vec::new();
            token_keys(text, |k| keys.push(key_text(k)));
            assert_eq!(keys, tokens(text), "{text}");
        }
    }

    #[test]
    fn word_chars_fast_path_agrees_with_unicode() {
        for u in (0..0x80).chain(0x3000..0x3100).chain(0x4E00..0xA000) {
            let c = char::from_u32(u).unwrap();
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{u:04X}");
        }
    }

    #[test]
    fn tokens_are_bigrams_of_runs() {
        assert_eq!(tokens("指定避難所"), ["指定", "定避", "避難", "難所"]);
        assert_eq!(
            tokens("避難所の開設・運営"),
            ["避難", "難所", "所の", "の開", "開設", "運営"]
        );
        assert_eq!(tokens("ＤＸ"), ["dx"]);
        assert_eq!(tokens("市、町"), ["市", "町"]);
        assert_eq!(tokens("「消防団」"), ["消防", "防団"]);
        assert!(tokens("、。・").is_empty());
    }

    fn doc(title: &str, kind: &'static str, text: &str) -> SearchDoc {
        SearchDoc {
            url: format!("{title}.html"),
            title: title.into(),
            kind,
            context: String::new(),
            text: text.into(),
            year: 0,
        }
    }

    #[test]
    fn title_hits_rank_first_and_every_token_must_match() {
        let docs = vec![
            doc(
                "令和3年度 政策推進部の運営方針",
                "報告",
                "指定避難所の機能強化に努めます。避難所。",
            ),
            doc(
                "重点目標 5 消防団の充実",
                "目標",
                "消防団と地域が連携します。",
            ),
            doc(
                "重点目標 6 指定避難所の機能強化",
                "目標",
                "避難所が停電した場合",
            ),
            doc("避難訓練", "目標", "所管課が行う"),
        ];
        let ix = build_index(&docs);
        let hits = ix.search("避難所");
        let order: Vec<usize> = hits.iter().map(|h| h.doc).collect();
        assert_eq!(order[0], 2, "{hits:?}");
        assert!(order.contains(&0));
        // 避難訓練 has 避難 but not 難所.
        assert!(!order.contains(&3));
        assert_eq!(ix.search("ＤＸ").len(), 0);
        assert_eq!(ix.search("消防団")[0].doc, 1);
        // One character finds every token that holds it.
        assert!(ix.search("団").iter().any(|h| h.doc == 1));
        assert!(ix.search("、").is_empty());
    }

    #[test]
    fn full_width_and_case_fold_both_ways() {
        let docs = vec![doc("ＤＸの推進", "目標", ""), doc("dx推進本部", "目標", "")];
        let ix = build_index(&docs);
        assert_eq!(ix.search("DX").len(), 2);
        assert_eq!(ix.search("ｄｘ").len(), 2);
        assert_eq!(ix.search("Dx").len(), 2);
    }
}
