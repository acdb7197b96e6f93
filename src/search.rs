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
use crate::model::{At, Report, Site};
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
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        let u = c as u32;
        match u {
            0xFF01..=0xFF5E => {
                let a = char::from_u32(u - 0xFEE0).unwrap_or(c);
                out.push(a.to_ascii_lowercase());
            }
            0x3000 => out.push(' '),
            0xFF9E | 0xFF9F => {
                let semi = u == 0xFF9F;
                match out.last().copied().and_then(|p| voiced(p, semi)) {
                    Some(v) => {
                        out.pop();
                        out.push(v);
                    }
                    None => out.push(if semi { '\u{309C}' } else { '\u{309B}' }),
                }
            }
            0xFF61..=0xFF9D => out.push(HALF_KANA[(u - 0xFF61) as usize]),
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    out.into_iter().collect()
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
    c.is_alphanumeric()
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

fn opt_text(s: &Option<At<String>>) -> String {
    s.as_ref()
        .map(|s| markdown::plain_text(&s.v))
        .unwrap_or_default()
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
    let fy = |y: FiscalYear| y.label(site.config.year_style);
    let mut docs = Vec::new();
    for (di, d) in site.departments.iter().enumerate() {
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
                        opt_text(&r.message),
                        opt_text(&r.mission),
                        opt_text(&r.policy),
                        opt_text(&r.review),
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
                    opt_text(&g.aim),
                    opt_text(&g.target_text),
                    opt_text(&g.actions),
                    opt_text(&g.results),
                    opt_text(&g.status),
                    opt_text(&g.evaluation),
                    opt_text(&g.next),
                ];
                for i in &g.initiatives {
                    parts.extend([
                        opt_text(&i.aim),
                        opt_text(&i.actions),
                        opt_text(&i.results),
                        opt_text(&i.status),
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
                let mut parts = vec![opt_text(&c.description), opt_text(&c.response)];
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
                let mut parts = vec![opt_text(&p.description), opt_text(&p.target)];
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
                    text: join_text([opt_text(&m.body), opt_text(&m.schedule)]),
                    year: r.year.year(),
                });
            }
        }
    }
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
    let flat: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(SNIPPET_CHARS + 1)
        .collect();
    if flat.chars().count() > SNIPPET_CHARS {
        let mut s: String = flat.chars().take(SNIPPET_CHARS).collect();
        s.push('…');
        s
    } else {
        flat
    }
}

/// Builds the index of `docs`.
pub fn build_index(docs: &[SearchDoc]) -> SearchIndex {
    let mut terms: BTreeMap<String, (Vec<u32>, u32)> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let mut weight: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for t in tokens(&d.title) {
            weight.entry(t).or_default().0 += 1;
        }
        for t in tokens(&d.text) {
            weight.entry(t).or_default().1 += 1;
        }
        for (t, (title, text)) in weight {
            let w = title.min(4) * TITLE_WEIGHT + text.min(TEXT_CAP);
            let (list, last) = terms.entry(t).or_insert((Vec::new(), 0));
            // Doc numbers are stored as the gap from the previous one: fewer digits.
            list.push(i as u32 - *last);
            list.push(w);
            *last = i as u32;
        }
    }
    SearchIndex {
        v: FORMAT_VERSION,
        docs: docs
            .iter()
            .map(|d| {
                (
                    d.url.clone(),
                    d.title.clone(),
                    d.kind.to_string(),
                    d.context.clone(),
                    snippet(&d.text),
                    d.year,
                )
            })
            .collect(),
        terms: terms.into_iter().map(|(t, (list, _))| (t, list)).collect(),
    }
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
    let index = build_index(&documents(site, ix));
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "{}".into());
    OutFile {
        path: "search/index.js".into(),
        bytes: format!(
            "/* hyoka のサイト内検索の索引（hyoka build が作成）。 */\nwindow.hyokaSearchIndex = {json};\n"
        )
        .into_bytes(),
    }
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
