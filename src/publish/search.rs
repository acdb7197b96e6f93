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
//! The cost is size: about 77 KB gzip for the 88-page sample site, loaded only when the
//! reader starts typing on the search page.
//!
//! # Format
//!
//! `search/index.js` sets `window.hyokaSearchIndex` (a `<script src>` works from `file://`,
//! where `fetch` is blocked) to `{ v, docs, terms }` (`v` is [`FORMAT_VERSION`], 2): `docs`
//! is a list of `[url, title, kind, context, snippet, year]` (year 0: none), `terms` maps
//! each token to the string of its postings: per document holding it, in ascending order,
//! its gap (the doc number minus the previous one, the first counted from 0), then its
//! weight = 16 × (occurrences in the title, at most 4) + occurrences in the text (at most
//! 15), so a title hit outweighs many body hits.
//!
//! Each number is written with the 90 [`DIGITS`], printable ASCII characters that need no
//! escaping in JSON or HTML (space, `!`, `#` … `~`, but not `"`, `\`, `<`, `>`, `&`),
//! digit values by their order: a gap in base 45, least significant digit first, digits
//! 0 … 44 saying that more follow and 45 … 89 ending it (value − 45); a weight as one
//! digit. `"Q2R,"` is gap 0 weight 16, gap 1 weight 10: doc 0 with weight 16, doc 1 with
//! weight 10. A posting is mostly two characters, against four or more as a JSON array of
//! numbers (version 1): the postings take half the space (12.4 MB → 8.0 MB for the index
//! of 1,000 reports, 1.47 MB → 1.35 MB gzip). The browser parses each token's postings as
//! one string, several times faster than arrays of numbers, and decodes only those of the
//! tokens a query needs (`assets/search.js`); the build writes each token's postings as
//! they are held, with no number formatting. The page loads the index only when the reader
//! starts searching.

use crate::analyze::index::Indexes;
use crate::model::fiscal::FiscalYear;
use crate::model::{Report, Site};
use crate::output::OutFile;
use crate::render::markdown;
use crate::render::urls::{PageRef, anchor};
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the index format (checked by `assets/search.js`).
pub const FORMAT_VERSION: u32 = 2;

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
    let mut n = Normalizer::default();
    for c in s.chars() {
        if let Some(c) = n.push(c) {
            out.push(c);
        }
    }
    out.extend(n.finish());
    out
}

/// [`normalize`] one character at a time. The last character in is held back (a voicing
/// mark may still join it), so each one comes out a step late, the last from `finish`.
#[derive(Default)]
struct Normalizer {
    pending: Option<char>,
}

impl Normalizer {
    /// Takes `c`; gives the previous character, if any, now that it is final.
    #[inline(always)]
    fn push(&mut self, c: char) -> Option<char> {
        let u = c as u32;
        let n = match u {
            0xFF9E | 0xFF9F => {
                let semi = u == 0xFF9F;
                match self.pending.and_then(|p| voiced(p, semi)) {
                    Some(v) => {
                        self.pending = Some(v);
                        return None;
                    }
                    None if semi => '\u{309C}',
                    None => '\u{309B}',
                }
            }
            _ => fold(c),
        };
        self.pending.replace(n)
    }

    /// The last character, at the end of the text.
    #[inline(always)]
    fn finish(&mut self) -> Option<char> {
        self.pending.take()
    }
}

/// [`normalize`] of one character, but for the half-width voicing marks (which join the
/// character before them).
#[inline]
fn fold(c: char) -> char {
    let u = c as u32;
    match u {
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c).to_ascii_lowercase(),
        0x3000 => ' ',
        0xFF61..=0xFF9D => HALF_KANA[(u - 0xFF61) as usize],
        _ => c.to_ascii_lowercase(),
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
#[inline]
pub fn is_word_char(c: char) -> bool {
    // The common cases first, without the Unicode tables (a few hundred instructions a
    // character; the index tokenises every character of the site's text): ASCII, kanji,
    // and the U+3000 block of hiragana, katakana and Japanese punctuation (、。「」・ are
    // not word characters; ー and 々 are letters).
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if (0x4E00..=0x9FFC).contains(&u) {
        return true;
    }
    if u >> 8 == 0x30
        && let Some(w) = KANA_BLOCK[(u & 0xFF) as usize]
    {
        return w;
    }
    c.is_alphanumeric()
}

/// [`is_word_char`] of U+3000 … U+30FF where it is plain (`None`: ask the Unicode tables).
static KANA_BLOCK: [Option<bool>; 256] = {
    let mut t = [None; 256];
    let mut u = 0;
    while u < 256 {
        t[u] = match u + 0x3000 {
            0x3000..=0x3004 | 0x3008..=0x3020 | 0x309B..=0x309C | 0x30A0 | 0x30FB => Some(false),
            0x3005..=0x3007
            | 0x3021..=0x3029
            | 0x3041..=0x3096
            | 0x309D..=0x309F
            | 0x30A1..=0x30FA
            | 0x30FC..=0x30FF => Some(true),
            _ => None,
        };
        u += 1;
    }
    t
};

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

/// The search index of `search/index.js`, its postings decoded.
#[derive(Serialize, Debug)]
pub struct SearchIndex {
    /// Format version.
    pub v: u32,
    /// `[url, title, kind, context, snippet, year]` per document (year 0: none).
    pub docs: Vec<(String, String, String, String, String, i32)>,
    /// Token → `[gap, weight, gap, weight, …]`: doc numbers ascending, each stored as the
    /// gap from the previous one (`index.js` holds them as a string: [`decode_postings`]).
    pub terms: BTreeMap<String, Vec<u32>>,
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

/// The text of a document, put together from its parts: each one that is not blank, with a
/// line break between them (what joining a list of them did, without the list or a string
/// for each part). A scratch string, reused from document to document.
#[derive(Default)]
struct Text(String);

impl Text {
    /// Adds `part`, unless it is blank.
    fn part(&mut self, part: &str) -> &mut Self {
        if !is_blank(part) {
            if !self.0.is_empty() {
                self.0.push('\n');
            }
            self.0.push_str(part);
        }
        self
    }

    /// Adds the plain text of the Markdown `src` ([`markdown::plain_text`]), unless it is
    /// blank.
    fn markdown(&mut self, src: &str) -> &mut Self {
        let start = self.0.len();
        if start > 0 {
            self.0.push('\n');
        }
        markdown::push_plain_text(src, &mut self.0);
        if is_blank(&self.0[start..]) {
            self.0.truncate(start);
        }
        self
    }

    /// [`Text::markdown`] of an optional prose field.
    fn field(&mut self, field: &Option<crate::model::At<String>>) -> &mut Self {
        match field {
            Some(f) => self.markdown(&f.v),
            None => self,
        }
    }

    /// The text, as a string of its own; `self` is emptied for the next one (keeping its
    /// room, so that putting texts together does not grow a string each time).
    fn done(&mut self) -> String {
        let text = self.0.as_str().to_owned();
        self.0.clear();
        text
    }
}

/// Whether `s` is empty or only white space (`s.trim().is_empty()`, looking at the first
/// character only when it is not white space).
fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// `url#anchor(prefix, id)`: the URL of an entry of a report.
fn entry_url(url: &str, prefix: &str, id: &str) -> String {
    [url, "#", &anchor(prefix, id)].concat()
}

/// The documents of department `di`: itself, then each report and its entries.
fn department_documents(site: &Site, di: usize, d: &crate::model::Department) -> Vec<SearchDoc> {
    let fy = |y: FiscalYear| y.label(site.config.year_style);
    let mut docs = Vec::new();
    let mut text = Text::default();
    for f in &d.former_names {
        text.part(&f.name);
    }
    for u in &d.units {
        text.part(&u.v);
    }
    docs.push(SearchDoc {
        url: PageRef::Department(&d.slug).path(),
        title: d.name.clone(),
        kind: "部局",
        context: "部局".into(),
        text: text.done(),
        year: 0,
    });
    let mut person = String::new();
    for r in &d.reports {
        let url = PageRef::Report {
            dept: &d.slug,
            year: r.year,
        }
        .path();
        let context = [d.name_in(r.year), " ", &fy(r.year)].concat();
        text.field(&r.message)
            .field(&r.mission)
            .field(&r.policy)
            .field(&r.review);
        for p in r.head.iter().chain(r.officers.iter()) {
            person.clear();
            for x in [&p.title, &p.name, &p.role].into_iter().flatten() {
                if !person.is_empty() {
                    person.push(' ');
                }
                person.push_str(x);
            }
            text.part(&person);
        }
        for x in &r.duties {
            text.markdown(&x.v);
        }
        docs.push(SearchDoc {
            url: url.clone(),
            title: report_title(site, di, r),
            kind: "報告",
            context: context.clone(),
            text: text.done(),
            year: r.year.year(),
        });
        // A goal, challenge, project or 中期目標 of the report: a document at its anchor.
        let entry = |(anchor_kind, id): (&str, &str), title, kind, text| SearchDoc {
            url: entry_url(&url, anchor_kind, id),
            title,
            kind,
            context: context.clone(),
            text,
            year: r.year.year(),
        };
        let heading = goals_heading(r);
        for g in &r.goals {
            text.field(&g.aim)
                .field(&g.target_text)
                .field(&g.actions)
                .field(&g.results)
                .field(&g.status)
                .field(&g.evaluation)
                .field(&g.next);
            for i in &g.initiatives {
                text.field(&i.aim)
                    .field(&i.actions)
                    .field(&i.results)
                    .field(&i.status);
            }
            for i in &g.indicators {
                text.part(&i.name);
            }
            text.part(g.field.as_deref().unwrap_or_default());
            for s in &g.sections {
                text.part(&s.v);
            }
            for i in &g.initiatives {
                for s in &i.sections {
                    text.part(&s.v);
                }
            }
            let title = [heading.as_str(), " ", &g.number, " ", &g.title.v].concat();
            docs.push(entry(("goal", &g.id.v), title, "目標", text.done()));
        }
        for c in &r.challenges {
            text.field(&c.description).field(&c.response);
            for s in &c.sections {
                text.part(&s.v);
            }
            docs.push(entry(
                ("challenge", &c.id.v),
                c.title.clone(),
                "課題",
                text.done(),
            ));
        }
        for p in &r.projects {
            text.field(&p.description).field(&p.target);
            for s in &p.sections {
                text.part(&s.v);
            }
            docs.push(entry(
                ("project", &p.id.v),
                p.name.clone(),
                "事業",
                text.done(),
            ));
        }
        for m in &r.midterm {
            text.field(&m.body).field(&m.schedule);
            docs.push(entry(
                ("midterm", &m.id.v),
                m.title.clone(),
                "中期目標",
                text.done(),
            ));
        }
    }
    docs
}

/// The documents of the plans and their items.
fn plan_documents(site: &Site, ix: &Indexes) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (pi, p) in site.plans.iter().enumerate() {
        let short = p.label().to_string();
        docs.push(SearchDoc {
            url: PageRef::Plan(&p.slug).path(),
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
                url: PageRef::Item {
                    plan: &p.slug,
                    id: &node.id,
                }
                .path(),
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

/// The start of `text` shown under a result: runs of white space made one space (none at
/// the start), cut after [`SNIPPET_CHARS`] characters with `…`.
fn snippet(text: &str) -> String {
    // One pass over the bytes, stopping one character past the limit: Japanese text has no
    // spaces, so splitting into words first would scan a whole paragraph (or document) to
    // keep 70 characters of it. Words are copied whole, not character by character.
    let bytes = text.as_bytes();
    let mut flat = String::with_capacity(SNIPPET_CHARS * 3 + 4);
    let mut count = 0;
    let mut i = 0;
    'words: loop {
        // Leading white space is dropped; a run inside is one space, written only if a
        // character follows (trailing white space is neither kept nor counted).
        loop {
            let Some(&b) = bytes.get(i) else {
                break 'words;
            };
            if !white_at(text, i, b) {
                break;
            }
            i += usize::from(CHAR_LEN[b as usize]);
        }
        if count > 0 {
            flat.push(' ');
            count += 1;
            if count > SNIPPET_CHARS {
                break;
            }
        }
        let word = i;
        while let Some(&b) = bytes.get(i) {
            if white_at(text, i, b) {
                break;
            }
            i += usize::from(CHAR_LEN[b as usize]);
            count += 1;
            if count > SNIPPET_CHARS {
                break;
            }
        }
        flat.push_str(&text[word..i]);
        if count > SNIPPET_CHARS {
            break;
        }
    }
    if count > SNIPPET_CHARS {
        // Exactly SNIPPET_CHARS + 1 characters were kept: drop the last one.
        flat.pop();
        flat.push('…');
    }
    flat
}

/// The length of a UTF-8 character from its first byte (1 for a continuation byte, which
/// is never looked up: the loops step from character to character).
static CHAR_LEN: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut b = 0xC0;
    while b < 256 {
        t[b] = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        b += 1;
    }
    t
};

/// Whether the character at byte `i` of `text`, whose first byte is `b`, is white space
/// (`char::is_whitespace`): besides ASCII, only characters whose first byte is C2, E1, E2
/// or E3 can be, and of E3 only U+3000.
#[inline(always)]
fn white_at(text: &str, i: usize, b: u8) -> bool {
    match b {
        b' ' | b'\t'..=b'\r' => true,
        0xE3 => text.as_bytes()[i + 1..].starts_with(&[0x80, 0x80]),
        0xC2 | 0xE1 | 0xE2 => text[i..].chars().next().is_some_and(char::is_whitespace),
        _ => false,
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

/// Calls `f` with the key of every token of `text`, in order: the tokens of [`tokens`]
/// (`token_keys_are_the_tokens_of_any_text` compares the two), without the normalised text
/// or any string. This runs for every character of the site's text, so it reads the UTF-8
/// itself ([`next_char`]) and keeps little state: a run of word characters is read by a
/// loop of its own. Generic over `f` so that what is done with each token is compiled into
/// the loop.
#[inline(always)]
fn for_each_token_key(text: &str, mut f: impl FnMut(TokenKey)) {
    let mut s = text.as_bytes();
    'text: loop {
        // Between runs: to the next word character, the first of a run.
        let mut prev = loop {
            if s.is_empty() {
                return;
            }
            let (c, word) = next_char(&mut s);
            if word {
                break c;
            }
        };
        // In the run: each word character makes a bigram with the one before; a separator
        // or the end of the text ends the run, a token itself if it is one character long.
        let mut lone = true;
        loop {
            let (c, word) = if s.is_empty() {
                (0, false)
            } else {
                next_char(&mut s)
            };
            if !word && !lone {
                continue 'text;
            }
            f((u64::from(prev) << 32) | if word { u64::from(c + 1) } else { 0 });
            if !word {
                continue 'text;
            }
            lone = false;
            prev = c;
        }
    }
}

/// The character at the start of `s` (not empty), normalised as [`normalize`] does, with
/// the half-width voicing marks it takes, and whether it is a word character; `s` is left
/// after them. The kanji, kana and Japanese punctuation that are most of the text (three
/// bytes from E3 to E9, U+3000 … U+9FFF) need no folding, ASCII is folded by a table, and
/// other characters are left to [`other_char`]. A voicing mark is joined by looking ahead
/// from the kana before it, rather than by holding each character back as [`Normalizer`]
/// does.
#[inline(always)]
fn next_char(s: &mut &[u8]) -> (u32, bool) {
    match **s {
        [b, ref rest @ ..] if b < 0x80 => {
            *s = rest;
            let l = ASCII_WORD[b as usize];
            (u32::from(l), l != 0)
        }
        [b0 @ 0xE3..=0xE9, b1, b2, ref rest @ ..] => {
            *s = rest;
            // 1110xxxx 10yyyyyy 10zzzzzz: taking the tag bits off all at once is cheaper
            // than masking each byte.
            let c = (u32::from(b0) << 12) + (u32::from(b1) << 6) + u32::from(b2) - 0xE2080;
            // Folding leaves U+3000 … U+9FFF alone (U+3000 becomes a space, but neither is
            // a word character).
            if c >= 0x4E00 {
                (c, c <= 0x9FFC || is_word_code(c))
            } else if c < 0x3100 {
                // A kana may take the half-width voicing marks after it (seldom there).
                let c = if let [0xEF, 0xBE, 0x9E | 0x9F, ..] = **s {
                    let (c, len) = join_marks(c, s);
                    *s = &s[len..];
                    c
                } else {
                    c
                };
                match KANA_BLOCK[(c & 0xFF) as usize] {
                    Some(w) => (c, w),
                    None => (c, is_word_code(c)),
                }
            } else {
                (c, is_word_code(c))
            }
        }
        _ => {
            let (c, word, len) = other_char(s);
            *s = &s[len..];
            (c, word)
        }
    }
}

/// [`next_char`] of the other characters: the character at the start of `s` (not empty),
/// whether it is a word character, and the number of bytes taken. Out of line: it is
/// rare, and the loop over the text is faster without it.
#[inline(never)]
fn other_char(s: &[u8]) -> (u32, bool, usize) {
    let len = match s[0] {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    let raw = std::str::from_utf8(&s[..len])
        .ok()
        .and_then(|t| t.chars().next())
        .expect("the text is UTF-8");
    // A voicing mark that no kana before it took stands alone.
    let c = match raw {
        '\u{FF9E}' => '\u{309B}',
        '\u{FF9F}' => '\u{309C}',
        _ => fold(raw),
    } as u32;
    let (c, marks) = match s[len..] {
        [0xEF, 0xBE, 0x9E | 0x9F, ..] => join_marks(c, &s[len..]),
        _ => (c, 0),
    };
    (c, is_word_code(c), len + marks)
}

/// The keys of [`for_each_token_key`], collected.
#[cfg(test)]
fn token_keys(text: &str) -> Vec<TokenKey> {
    let mut out = Vec::new();
    for_each_token_key(text, |k| out.push(k));
    out
}

/// `c` with the half-width voicing marks at the start of `s` joined to it, as long as they
/// join ([`Normalizer`] does the same holding `c` back), and the number of bytes of the
/// marks joined.
#[cold]
#[inline(never)]
fn join_marks(mut c: u32, s: &[u8]) -> (u32, usize) {
    // U+FF9E and U+FF9F are EF BE 9E and EF BE 9F.
    let mut rest = s;
    while let [0xEF, 0xBE, m @ (0x9E | 0x9F), ref after @ ..] = *rest {
        match char::from_u32(c).and_then(|p| voiced(p, m == 0x9F)) {
            Some(v) => {
                c = v as u32;
                rest = after;
            }
            None => break,
        }
    }
    (c, s.len() - rest.len())
}

/// [`is_word_char`] of a code point (false for a surrogate, which no text holds).
#[inline(never)]
fn is_word_code(u: u32) -> bool {
    char::from_u32(u).is_some_and(is_word_char)
}

/// ASCII folded to lower case where it is a word character ([`is_word_char`]), 0 where it
/// is not.
static ASCII_WORD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// A hash table of token keys: open addressing with linear probing, a slot holding the key
/// itself (0, which no token is, for an empty slot) and its value. A token costs a
/// multiply and usually one comparison, about a third of what `std`'s `HashMap` costs; the
/// index looks up every token of the site's text.
struct KeyTable<V> {
    /// `(key, value)`, a power of two of them, at most half of them used.
    slots: Vec<(TokenKey, V)>,
    /// The slots in use, in the order their keys were first seen.
    pos: Vec<u32>,
}

impl<V: Default> Default for KeyTable<V> {
    fn default() -> Self {
        KeyTable {
            slots: empty_slots(1 << 10),
            pos: Vec::new(),
        }
    }
}

fn empty_slots<V: Default>(n: usize) -> Vec<(TokenKey, V)> {
    std::iter::repeat_with(|| (0, V::default()))
        .take(n)
        .collect()
}

/// The first slot to look at for `k` in a table of `mask + 1` slots: multiplicative
/// hashing, taking bits from the middle of the product (they depend on the whole second
/// character of a bigram and the low bits of the first, and a fixed shift is cheaper than
/// taking the top bits of a table of any size).
#[inline(always)]
fn home(k: TokenKey, mask: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

/// The value of `k` in `slots` (a [`KeyTable`]'s), which must have an empty slot left:
/// `k`'s slot, taken (and its index given to `new`) if `k` is new. A function of the
/// table's parts, not a method, so that a loop looking up many keys can keep them in
/// registers.
#[inline(always)]
fn slot_value<V>(slots: &mut [(TokenKey, V)], k: TokenKey, new: impl FnOnce(usize)) -> &mut V {
    debug_assert_ne!(k, 0, "0 marks an empty slot");
    let mask = slots.len() - 1;
    let mut i = home(k, mask);
    loop {
        let key = slots[i].0;
        if key == k {
            break;
        }
        if key == 0 {
            slots[i].0 = k;
            new(i);
            break;
        }
        i = (i + 1) & mask;
    }
    &mut slots[i].1
}

impl<V: Default> KeyTable<V> {
    /// Makes room for `n` more keys: after this, that many can be added through
    /// [`slot_value`] without growing the table.
    #[inline]
    fn reserve(&mut self, n: usize) {
        if (self.pos.len() + n) * 2 > self.slots.len() {
            self.grow(self.pos.len() + n);
        }
    }

    /// The value of `k`, added (default) if it is new.
    #[cfg(test)]
    fn get_mut(&mut self, k: TokenKey) -> &mut V {
        self.reserve(1);
        let pos = &mut self.pos;
        slot_value(&mut self.slots, k, |i| pos.push(i as u32))
    }

    /// Slots for at least twice `n` keys (a power of two), the entries placed again in the
    /// same order.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, n: usize) {
        let len = (2 * n).next_power_of_two().max(self.slots.len());
        let mut old = std::mem::replace(&mut self.slots, empty_slots(len));
        let mask = len - 1;
        for p in &mut self.pos {
            let (k, v) = std::mem::take(&mut old[*p as usize]);
            let mut i = home(k, mask);
            while self.slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (k, v);
            *p = i as u32;
        }
    }

    /// The keys and values, in the order the keys were first seen.
    fn entries(&self) -> impl Iterator<Item = &(TokenKey, V)> {
        self.pos.iter().map(|&i| &self.slots[i as usize])
    }

    /// Empties the table, keeping its size (only the slots in use are touched).
    #[cfg(test)]
    fn clear(&mut self) {
        for &i in &self.pos {
            self.slots[i as usize] = (0, V::default());
        }
        self.pos.clear();
    }
}

/// The token keys of one document: its title's, then its text's; and how many are the
/// title's.
#[inline(never)] // (its own entry in profiles)
fn doc_tokens(d: &SearchDoc) -> (Vec<TokenKey>, usize) {
    // A text has no more tokens than characters: room for all at once.
    let mut keys = Vec::with_capacity(d.title.chars().count() + d.text.chars().count());
    for_each_token_key(&d.title, |k| keys.push(k));
    let title = keys.len();
    for_each_token_key(&d.text, |k| keys.push(k));
    (keys, title)
}

/// What the index holds of one token: its postings, and the document it was last seen in
/// with the count of its occurrences there, in the title and in the text. That document's
/// posting is written when a later document has the token ([`Term::count`]) or at the end
/// ([`Builder::finish`]), so that each document's tokens are counted where their postings
/// are, with no table of its own.
#[derive(Default)]
struct Term {
    postings: Postings,
    /// The document being counted, plus one (0: none).
    doc: u32,
    counts: [u32; 2],
}

impl Term {
    /// Counts one occurrence in `field` (0 the title, 1 the text) of document `doc`, which
    /// is the one being counted or a later one.
    #[inline(always)]
    fn count(&mut self, doc: u32, field: usize) {
        if self.doc != doc + 1 {
            self.flush();
            self.doc = doc + 1;
            self.counts = [0, 0];
        }
        self.counts[field] += 1;
    }

    /// Writes the posting of the document being counted, if any.
    #[inline]
    fn flush(&mut self) {
        if self.doc > 0 {
            let [title, text] = self.counts;
            let weight = title.min(4) * TITLE_WEIGHT + text.min(TEXT_CAP);
            self.postings.push(self.doc - 1, weight);
            self.doc = 0;
        }
    }
}

/// The printable ASCII characters that a JSON string holds as themselves and that nothing
/// in a page or a script can trip over: U+0020 … U+007E except `"` and `\` (escaped in
/// JSON) and `<`, `>` and `&` (kept out of `index.js` whatever it holds, see [`json_str`]).
/// Their order gives the digit values 0 … 89; `assets/search.js` has the same string.
pub const DIGITS: [u8; 90] = digits();

const fn digits() -> [u8; 90] {
    let mut out = [0u8; 90];
    let (mut c, mut i) = (0x20u8, 0);
    while c < 0x7f {
        if !matches!(c, b'"' | b'\\' | b'<' | b'>' | b'&') {
            out[i] = c;
            i += 1;
        }
        c += 1;
    }
    out
}

/// A gap is written in base 45, least significant digit first: digits 0 … 44 say that more
/// follow, 45 … 89 end the number (value − 45). Almost all gaps are small: one character.
const GAP_BASE: u32 = 45;

/// The postings of one token, already as the characters of its string in `index.js`:
/// per document, its gap (see [`GAP_BASE`]) and its weight (at most 4 × 16 + 15 = 79) as
/// one digit. Two or three bytes a posting (a 10,000-report site has 20 million), and
/// writing the index copies each token's bytes as they are.
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    last: u32,
}

impl Postings {
    fn push(&mut self, doc: u32, weight: u32) {
        debug_assert!(weight < 90, "weight {weight}");
        encode_posting(&mut self.bytes, doc - self.last, weight);
        self.last = doc;
    }
}

/// Appends one posting: `gap` (base 45, see [`GAP_BASE`]) and `weight` (< 90) as digits.
#[inline]
fn encode_posting(out: &mut Vec<u8>, mut gap: u32, weight: u32) {
    if gap < GAP_BASE {
        // Most gaps: one digit (and one check of the room left).
        out.extend_from_slice(&[DIGITS[(GAP_BASE + gap) as usize], DIGITS[weight as usize]]);
        return;
    }
    while gap >= GAP_BASE {
        out.push(DIGITS[(gap % GAP_BASE) as usize]);
        gap /= GAP_BASE;
    }
    out.push(DIGITS[(GAP_BASE + gap) as usize]);
    out.push(DIGITS[weight as usize]);
}

/// The postings string of a token in `index.js` as `[gap, weight, gap, weight, …]`, the
/// way `assets/search.js` reads it; `None` if it is not one.
pub fn decode_postings(s: &str) -> Option<Vec<u32>> {
    let mut value = [u8::MAX; 128];
    for (d, &c) in DIGITS.iter().enumerate() {
        value[c as usize] = d as u8;
    }
    let mut digits = s
        .bytes()
        .map(|c| value.get(c as usize).copied().filter(|&d| d != u8::MAX));
    let mut out = Vec::new();
    // A posting starts here: its gap's digits, then one for its weight.
    while let Some(d) = digits.next() {
        let (mut d, mut gap, mut scale) = (u32::from(d?), 0u64, 1u64);
        while d < GAP_BASE {
            gap += u64::from(d) * scale;
            if scale > u64::from(u32::MAX) {
                return None; // too many digits for a u32
            }
            scale *= u64::from(GAP_BASE);
            d = u32::from(digits.next()??);
        }
        gap += u64::from(d - GAP_BASE) * scale;
        out.push(u32::try_from(gap).ok()?);
        out.push(u32::from(digits.next()??));
    }
    Some(out)
}

/// The index being built: documents are added in order, a batch at a time, so a big
/// site's text is never all in memory; only the result rows and the postings are kept.
#[derive(Default)]
struct Builder {
    /// `[url, title, kind, context, snippet, year]` of every document, as JSON, joined by
    /// commas.
    rows: Vec<u8>,
    docs: u32,
    terms: KeyTable<Term>,
}

impl Builder {
    /// Adds `docs`: their rows and their tokens found in parallel, then counted in order.
    fn add(&mut self, docs: &[SearchDoc]) {
        use rayon::prelude::*;
        type Done = (Vec<u8>, (Vec<TokenKey>, usize));
        let per_doc: Vec<Done> = docs
            .par_iter()
            .map(|d| (row_json(d), doc_tokens(d)))
            .collect();
        let merge_start = std::time::Instant::now();
        for (row, (keys, title)) in per_doc {
            if self.docs > 0 {
                self.rows.push(b',');
            }
            self.rows.extend_from_slice(&row);
            self.count(&keys[..title], 0);
            self.count(&keys[title..], 1);
            self.docs += 1;
        }
        crate::timings::record("search merge", merge_start.elapsed().as_secs_f64());
    }

    /// Counts `keys` in `field` (0 the title, 1 the text) of the document being added.
    fn count(&mut self, keys: &[TokenKey], field: usize) {
        // Room for every key of a chunk first, so that the loop keeps the table's parts in
        // registers (a chunk at a time: a long text does not make the table bigger than
        // its vocabulary needs by more than a chunk).
        for chunk in keys.chunks(1024) {
            let t = &mut self.terms;
            t.reserve(chunk.len());
            let (slots, pos, doc) = (&mut t.slots[..], &mut t.pos, self.docs);
            for &k in chunk {
                slot_value(slots, k, |i| pos.push(i as u32)).count(doc, field);
            }
        }
    }

    /// Writes the postings still being counted: after the last [`Builder::add`].
    fn finish(&mut self) {
        let KeyTable { slots, pos } = &mut self.terms;
        for &i in pos.iter() {
            slots[i as usize].1.flush();
        }
    }

    /// Every token's postings, tokens in order (after [`Builder::finish`]).
    fn sorted_terms(&self) -> Vec<(TokenKey, &Postings)> {
        let mut terms: Vec<(TokenKey, &Postings)> = self
            .terms
            .entries()
            .map(|(k, t)| (*k, &t.postings))
            .collect();
        terms.sort_unstable_by_key(|(k, _)| *k);
        terms
    }

    /// Writes `search/index.js`: the JSON of [`build_index`], directly.
    fn write(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.finish();
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
            // The postings are already the string's characters (none needs escaping).
            buf.extend_from_slice(b":\"");
            buf.extend_from_slice(&list.bytes);
            buf.push(b'"');
            if buf.len() > 1 << 16 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        buf.extend_from_slice(b"}};\n");
        out.write_all(&buf)
    }
}

/// Every token's postings `[gap, weight, …]`, tokens in order: the strings `index.js` would
/// hold, decoded.
fn postings(docs: &[SearchDoc]) -> Vec<(TokenKey, Vec<u32>)> {
    let mut b = Builder::default();
    b.add(docs);
    b.finish();
    b.sorted_terms()
        .into_iter()
        .map(|(k, p)| {
            let s = std::str::from_utf8(&p.bytes).expect("postings are ASCII");
            (k, decode_postings(s).expect("postings decode"))
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
#[inline(never)] // (its own entry in profiles)
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

/// Writes `s` as a JSON string, escaped as `serde_json` does (`\"`, `\\`, control
/// characters) and, in addition, with `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes.
fn json_str(out: &mut Vec<u8>, s: &str) {
    // Whatever a field holds, nothing in index.js may end or comment out a script
    // (`</script>`, `<!--`) or trip JavaScript parsers older than ES2019 (U+2028/2029);
    // inside a JSON string a \u escape is the same value (tests/xss.rs checks this).
    // One pass copying the runs between the bytes that may need an escape: every row of the
    // index goes through here. It steps from character to character (a kanji is one step,
    // not three), so it is never on a continuation byte. How far to step over a first
    // byte that needs no escape: the length of its character; 0 for one that may need one.
    static STEP: [u8; 256] = {
        let mut t = CHAR_LEN;
        let mut b = 0;
        while b < 0x20 {
            t[b] = 0;
            b += 1;
        }
        t[b'"' as usize] = 0;
        t[b'\\' as usize] = 0;
        t[b'<' as usize] = 0;
        t[b'>' as usize] = 0;
        t[b'&' as usize] = 0;
        t[0xE2] = 0; // the first byte of U+2028 and U+2029 (and of … and many more)
        t
    };
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let (mut i, mut run) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        let step = STEP[b as usize];
        if step != 0 {
            i += usize::from(step);
            continue;
        }
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            b'&' => b"\\u0026",
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA8]) => b"\\u2028",
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA9]) => b"\\u2029",
            0xE2 => {
                i += 3;
                continue;
            }
            _ => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xF) as usize],
            ],
        };
        out.extend_from_slice(&bytes[run..i]);
        out.extend_from_slice(esc);
        i += if b == 0xE2 { 3 } else { 1 };
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
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
    const BATCH: usize = 4;
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
            "a b、cd。e",
            "市 a",
            "ﾞ",
            "ｶ",
            "ｶﾞ",
            " 　 ",
            "ー々〇、ゝ・ヽ",
        ] {
            let keys: Vec<String> = token_keys(text).into_iter().map(key_text).collect();
            assert_eq!(keys, tokens(text), "{text}");
        }
    }

    /// [`for_each_token_key`] reads UTF-8 bytes itself, with a fast path for E3 … E9 and
    /// ASCII and voicing marks joined by looking ahead: checked against [`tokens`] (which
    /// normalises, then splits) on every character in several neighbourhoods, and on many
    /// random strings of the characters each path treats differently.
    #[test]
    fn token_keys_are_the_tokens_of_any_text() {
        let check = |text: &str| {
            let keys: Vec<String> = token_keys(text).into_iter().map(key_text).collect();
            assert_eq!(keys, tokens(text), "{text:?}");
        };
        let all = (0..0x11000)
            .chain(0x1F000..0x1F100)
            .chain(0x20000..0x20100)
            .chain(0x10FFF0..0x110000)
            .filter_map(char::from_u32);
        for c in all {
            for t in [
                format!("{c}"),
                format!("a{c}b"),
                format!("避{c}難"),
                format!("カ{c}ﾞ"),
                format!("{c}ﾞﾟ"),
                format!("{c}ﾟ{c}"),
                format!("ｶ{c}"),
                format!(" {c}{c} "),
            ] {
                check(&t);
            }
        }
        // Random strings: kanji (and the edges of the fast range), kana that take voicing
        // marks and kana that do not, half-width kana and marks, full-width ASCII, ASCII,
        // combining marks, emoji, line and paragraph separators, other scripts.
        const PIECES: &str = "指|定|避|難|所|一|\u{4DFF}|\u{4E00}|\u{9FFC}|\u{9FFD}|\u{9FFF}|\u{3400}|\u{3105}|\
            \u{A000}|の|ぁ|ゟ|ア|ウ|カ|キ|ツ|テ|ト|ハ|ヒ|ホ|ヲ|ン|ヴ|ガ|パ|ヶ|ヿ|゠|ー|ｶ|ｷ|ﾊ|ﾎ|ｳ|ﾂ|ｦ|ｧ|ｯ|ｰ|｡|｢|･|\
            ﾝ|ﾞ|ﾟ|゛|゜|\u{3099}|\u{309A}|Ｄ|ｘ|１|－|＠|～|\u{FF00}|\u{FF5F}|\u{FF60}|　| |\n|\r\n|\
            \t|\0|a|Z|0|9|-|_|、|。|・|「|」|々|〇|ゝ|ヽ|〻|\u{301}|é|e\u{301}|ß|İ|Ω|я|ا|١|😀|👍🏽|\
            \u{1F1EF}\u{1F1F5}|\u{2028}|\u{2029}|\u{85}|\u{A0}|\u{FEFF}|\u{FFFD}|\u{20000}|\
            \u{10FFFF}|…|–";
        let pieces: Vec<&str> = PIECES.split('|').collect();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..50_000 {
            let len = next(16);
            let t: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            check(&t);
        }
    }

    /// A random text of `len` pieces of Japanese, with some ASCII, full-width and
    /// half-width forms and separators.
    fn mixed_text(state: &mut u64, len: usize) -> String {
        let pieces = [
            "指定",
            "避難所",
            "の",
            "開設",
            "・",
            "運営",
            "。",
            "、",
            "ＤＸ",
            "dx",
            "DX",
            "2024",
            "年度",
            "ﾌｧﾝﾄﾞ",
            "ｶﾞ",
            "ﾊﾟ",
            "ｳﾞ",
            "カﾞ",
            "ﾞ",
            "\n",
            " ",
            "　",
            "「",
            "」",
            "ー",
            "々",
            "😀",
            "e\u{301}",
            "\u{2028}",
            "ｱ",
        ];
        (0..len)
            .map(|_| {
                *state ^= *state << 13;
                *state ^= *state >> 7;
                *state ^= *state << 17;
                pieces[(*state % pieces.len() as u64) as usize]
            })
            .collect()
    }

    /// The postings [`Builder`] writes (tokens counted where their postings are, across
    /// batches and in chunks of a long text) against counting [`tokens`] document by
    /// document in maps.
    #[test]
    fn postings_are_the_counted_tokens() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let lens = [0, 1, 5, 300, 3_000, 40, 0, 2, 700, 1, 1, 20, 5_000, 3];
        let docs: Vec<SearchDoc> = lens
            .iter()
            .map(|&len| {
                let title = mixed_text(&mut state, len % 37);
                let text = mixed_text(&mut state, len);
                doc(&title, "目標", &text)
            })
            .collect();
        // Per token, [doc, weight, …] as the documents have it.
        let mut want: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (n, d) in docs.iter().enumerate() {
            let mut counts: BTreeMap<String, [u32; 2]> = BTreeMap::new();
            for t in tokens(&d.title) {
                counts.entry(t).or_default()[0] += 1;
            }
            for t in tokens(&d.text) {
                counts.entry(t).or_default()[1] += 1;
            }
            for (t, [title, text]) in counts {
                let w = title.min(4) * TITLE_WEIGHT + text.min(TEXT_CAP);
                want.entry(t).or_default().extend([n as u32, w]);
            }
        }
        // Added all at once, and in batches of different sizes.
        for cuts in [vec![], vec![1, 2, 6, 7, 13], vec![4]] {
            let mut b = Builder::default();
            let mut start = 0;
            for &end in cuts.iter().chain([docs.len()].iter()) {
                b.add(&docs[start..end]);
                start = end;
            }
            b.finish();
            let got: BTreeMap<String, Vec<u32>> = b
                .sorted_terms()
                .into_iter()
                .map(|(k, p)| {
                    let s = std::str::from_utf8(&p.bytes).unwrap();
                    let mut list = decode_postings(s).unwrap();
                    // Gaps to document numbers.
                    let mut doc = 0;
                    for pair in list.chunks_mut(2) {
                        doc += pair[0];
                        pair[0] = doc;
                    }
                    (key_text(k), list)
                })
                .collect();
            assert_eq!(got.len(), want.len(), "{cuts:?}");
            assert!(got == want, "{cuts:?}");
        }
        assert!(
            docs.iter().any(|d| token_keys(&d.text).len() > 2 * 1024),
            "no text of several chunks"
        );
    }

    /// [`Text`] against joining the parts that are not blank with line breaks, as the
    /// documents' texts were put together before it.
    #[test]
    fn text_joins_the_parts_that_are_not_blank() {
        let parts = [
            "",
            " ",
            "\n",
            "\u{3000}",
            "避難所",
            " 前後に空白 ",
            "一行目\n二行目",
            "- 項目\n- 項目",
            "*強調*",
            "\n\n段落\n\n",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut text = Text::default();
        for _ in 0..2_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Up to 5 parts, each plain or Markdown.
            let mut want: Vec<String> = Vec::new();
            let mut bits = state;
            for _ in 0..bits % 6 {
                bits /= 6;
                let part = parts[(bits % parts.len() as u64) as usize];
                bits /= parts.len() as u64;
                if bits.is_multiple_of(2) {
                    text.part(part);
                    want.push(part.to_string());
                } else {
                    text.markdown(part);
                    want.push(markdown::plain_text(part));
                }
                bits /= 2;
            }
            want.retain(|p| !p.trim().is_empty());
            assert_eq!(text.done(), want.join("\n"));
        }
        let mut t = Text::default();
        t.field(&None).part("a");
        assert_eq!(t.done(), "a");
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

    /// `snippet` as it was (split into words first), to check the one-pass version against.
    fn snippet_reference(text: &str) -> String {
        let mut flat = String::new();
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

    #[test]
    fn snippet_is_what_it_was() {
        let n = SNIPPET_CHARS;
        let ja = |k: usize| "避難所の開設".chars().cycle().take(k).collect::<String>();
        let mut cases: Vec<String> = [
            "",
            " ",
            "\n\t \u{3000}",
            "a",
            " a",
            "a ",
            "  a \n\n b\t\tc  ",
            "政策推進部は、\n\n予算編成\u{3000}と\u{00A0}財政\u{2028}運営",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Around the limit: exactly n, n ± 1 characters, with a space at, before and after
        // the cut, and trailing or leading white space.
        for k in n - 3..=n + 3 {
            cases.push(ja(k));
            cases.push(format!("{} ", ja(k)));
            cases.push(format!("\u{3000}{}\n", ja(k)));
            cases.push(format!("{} x", ja(k)));
            cases.push(format!("{}  \n x", ja(k)));
            cases.push(format!("{} {}", ja(k), ja(k)));
            cases.push(format!("{} \u{3000}", ja(k)));
            cases.push("a ".repeat(k));
            cases.push(" b".repeat(k));
        }
        cases.push(ja(100_000));
        for t in &cases {
            assert_eq!(snippet(t), snippet_reference(t), "{t:?}");
        }
        // Every character, between words, at the start and at the end.
        for c in (0..0x11000)
            .chain(0x1F000..0x1F100)
            .filter_map(char::from_u32)
        {
            for t in [format!("a{c}b"), format!("{c}b"), format!("{}{c}", ja(n))] {
                assert_eq!(snippet(&t), snippet_reference(&t), "{t:?}");
            }
        }
        assert_eq!(snippet(&format!("{} x", ja(n))), format!("{}…", ja(n)));
        assert_eq!(snippet(&format!("{}\n", ja(n))), ja(n));
    }

    /// `json_str` as it was: serde_json, then the extra escapes.
    fn json_str_reference(s: &str) -> String {
        serde_json::to_string(s)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }

    #[test]
    fn json_str_is_what_it_was() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        for s in [
            "",
            "a",
            "\"",
            "\\",
            "</script><!--",
            "a&b<c>d\"e\\f",
            "\u{2028}\u{2029}",
            "x\u{2028}",
            "\u{2029}y",
            "…「避難所」– — ‘’ “” •\u{2027}\u{202A}\u{2030}",
            "\u{7f}\u{80}\u{9f}\u{a0}",
            "政策推進部は、\n\t予算編成\r\n",
            controls.as_str(),
            "末尾\u{e2}",
        ] {
            let mut out = Vec::new();
            json_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                json_str_reference(s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn key_table_counts_like_a_map() {
        let mut t: KeyTable<u32> = KeyTable::default();
        for round in 0..3u64 {
            t.clear();
            let mut want = std::collections::BTreeMap::new();
            let mut order = Vec::new();
            // Keys like tokens' (and some that share a home slot), enough to grow twice.
            for n in 0..5000u64 {
                let k = ((0x3041 + n % 700) << 32) | (n * 7919 % 3001 + round + 1);
                *t.get_mut(k) += 1;
                let e = want.entry(k).or_insert(0);
                if *e == 0 {
                    order.push(k);
                }
                *e += 1;
            }
            let got: std::collections::BTreeMap<TokenKey, u32> =
                t.entries().map(|&(k, v)| (k, v)).collect();
            assert_eq!(got, want);
            // First seen first, through the growing.
            assert_eq!(t.entries().map(|e| e.0).collect::<Vec<_>>(), order);
            assert_eq!(t.pos.len(), want.len());
            assert!(t.pos.len() * 2 <= t.slots.len());
            assert_eq!(t.slots.iter().filter(|s| s.0 != 0).count(), want.len());
        }
        t.clear();
        assert!(t.slots.iter().all(|&s| s == (0, 0)));
        assert!(t.pos.is_empty());
        assert_eq!(t.entries().count(), 0);
    }

    #[test]
    fn postings_round_trip_and_need_no_escaping() {
        let gaps = [
            0,
            1,
            44,
            45,
            46,
            2024,
            2025,
            45 * 45 * 45,
            1 << 20,
            u32::MAX / 2,
            u32::MAX - 1,
            u32::MAX,
        ];
        let mut s = Vec::new();
        let mut want = Vec::new();
        for (k, &gap) in gaps.iter().enumerate() {
            for weight in [0, 1, 16, 79] {
                encode_posting(&mut s, gap, weight);
                want.extend([gap, weight]);
            }
            for weight in 0..=4 * TITLE_WEIGHT + TEXT_CAP {
                encode_posting(&mut s, k as u32 % 3, weight);
                want.extend([k as u32 % 3, weight]);
            }
        }
        let s = String::from_utf8(s).unwrap();
        assert_eq!(decode_postings(&s), Some(want));
        // Inside a JSON string every character stands for itself, and none is special in
        // HTML either.
        assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        assert!(s.bytes().all(|c| (0x20..0x7f).contains(&c)));
        assert!(!s.contains(['"', '\\', '<', '>', '&']));
        // The example of the format documentation.
        let mut p = Postings::default();
        p.push(0, 16);
        p.push(1, 10);
        assert_eq!(p.bytes, b"Q2R,");
        assert_eq!(decode_postings("Q2R,"), Some(vec![0, 16, 1, 10]));
        // Longer gaps, as tests/browser/search.test.mjs has them.
        let mut big = Vec::new();
        encode_posting(&mut big, 45, 1);
        encode_posting(&mut big, u32::MAX, 79);
        assert_eq!(big, b" R!B8C3.it");
        // Not postings: a character that is no digit, a number cut short, a gap too big.
        assert_eq!(decode_postings("Q2R"), None);
        assert_eq!(decode_postings("  "), None);
        assert_eq!(decode_postings("Q\""), None);
        assert_eq!(decode_postings("Qあ"), None);
        assert_eq!(decode_postings(&format!("{}~ ", " ".repeat(20))), None);
        assert_eq!(decode_postings(""), Some(vec![]));
    }

    #[test]
    fn the_browser_has_the_same_digits() {
        let js = include_str!("../../themes/hyoka/static/assets/search.js");
        let digits = std::str::from_utf8(&DIGITS).unwrap();
        assert!(
            js.contains(&format!("var DIGITS = \"{digits}\";")),
            "assets/search.js must have var DIGITS = \"{digits}\";"
        );
        assert!(js.contains(&format!("var GAP_BASE = {GAP_BASE};")));
        assert!(js.contains(&format!("ix.v === {FORMAT_VERSION}")));
    }

    #[test]
    fn written_index_decodes_to_the_built_one() {
        let docs = vec![
            doc(
                "重点目標 6 指定避難所の機能強化",
                "目標",
                "避難所が停電した場合",
            ),
            doc("避難訓練", "目標", "所管課が行う <b>&</b> \"x\""),
        ];
        let mut b = Builder::default();
        b.add(&docs);
        let mut out = Vec::new();
        b.write(&mut out).unwrap();
        let js = String::from_utf8(out).unwrap();
        let json = js
            .split_once(" = ")
            .unwrap()
            .1
            .trim_end()
            .trim_end_matches(';');
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["v"], FORMAT_VERSION);
        let ix = build_index(&docs);
        let terms = v["terms"].as_object().unwrap();
        assert_eq!(terms.len(), ix.terms.len());
        for (k, list) in &ix.terms {
            let s = terms[k].as_str().unwrap();
            assert_eq!(decode_postings(s).as_ref(), Some(list), "{k}");
        }
        assert_eq!(ix.terms["避難"], [0, 17, 1, 16]);
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
