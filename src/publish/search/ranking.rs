//! Test support, not used by the build: the index decoded ([`SearchIndex`], from
//! [`build_index`]) and the browser's ranking ([`SearchIndex::search`]) in Rust, line for
//! line as `assets/search.js` ranks, so that tests can measure recall and order on the
//! example sites without a browser. Integration tests (`tests/publish.rs`) use it, so it
//! cannot be `#[cfg(test)]`; it is public but hidden from the documentation.

use super::FORMAT_VERSION;
use super::documents::SearchDoc;
use super::postings::decode_postings;
use super::rows::excerpt;
use super::segment::{TokenKey, key_text, normalize, tokens};
use super::writer::Builder;
use serde::Serialize;
use std::collections::BTreeMap;

/// Added when the whole query (normalised, spaces removed) is in the title.
pub const TITLE_BONUS: f64 = 100.0;

/// At most this much is added for the newest fiscal year (scaled down for older ones).
pub const RECENT_BONUS: f64 = 1.0;

/// The search index of `search/index.js`, its postings decoded.
#[derive(Serialize, Debug)]
pub struct SearchIndex {
    /// Format version.
    pub v: u32,
    /// `[url, title, kind, context, text, year, group]` per document (year 0: none; group:
    /// the number of the first document of the same entry, its own number when it is the
    /// first or alone).
    pub docs: Vec<Row>,
    /// Token → `[gap, weight, gap, weight, …]`: doc numbers ascending, each stored as the
    /// gap from the previous one (`index.js` holds them as a string: [`decode_postings`]).
    pub terms: BTreeMap<String, Vec<u32>>,
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

/// A document's row: `(url, title, kind, context, text, year, group)`.
pub type Row = (String, String, String, String, String, i32, u32);

/// The rows of `docs` as [`SearchIndex::docs`] holds them.
fn doc_rows(docs: &[SearchDoc]) -> Vec<Row> {
    let mut first: BTreeMap<&str, u32> = BTreeMap::new();
    (0u32..)
        .zip(docs)
        .map(|(n, d)| {
            let group = match &d.group {
                Some(k) => *first.entry(k.as_str()).or_insert(n),
                None => n,
            };
            (
                d.url.clone(),
                d.title.clone(),
                d.kind.to_string(),
                d.context.clone(),
                excerpt(&d.text),
                d.year,
                group,
            )
        })
        .collect()
}

/// Builds the index of `docs`.
pub fn build_index(docs: &[SearchDoc]) -> SearchIndex {
    SearchIndex {
        v: FORMAT_VERSION,
        docs: doc_rows(docs),
        terms: postings(docs)
            .into_iter()
            .map(|(k, list)| (key_text(k), list))
            .collect(),
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

    /// The results for `query` as the search page lists them: the hits of one group (the
    /// same goal in several years) are one result, where its best hit ranks, holding
    /// its documents newest year first (the first is the one the result links to).
    pub fn results(&self, query: &str) -> Vec<Vec<usize>> {
        let mut results: Vec<Vec<usize>> = Vec::new();
        let mut at: BTreeMap<u32, usize> = BTreeMap::new();
        for h in self.search(query) {
            let g = self.docs[h.doc].6;
            match at.get(&g) {
                Some(&i) => results[i].push(h.doc),
                None => {
                    at.insert(g, results.len());
                    results.push(vec![h.doc]);
                }
            }
        }
        for r in &mut results {
            // Stable: among the same year, the better hit first.
            r.sort_by_key(|&d| std::cmp::Reverse(self.docs[d].5));
        }
        results
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::search::documents::doc;

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
    fn one_goal_across_years_is_one_result_newest_first() {
        let goal = |year, text: &str| SearchDoc {
            year,
            group: Some("kiki\nhinanjo".into()),
            ..doc("重点目標 1 避難所の強化", "目標", text)
        };
        let docs = vec![
            goal(2021, "避難所"),
            doc("避難所の報告", "報告", ""),
            goal(2023, ""),
            goal(2022, "避難所を増やす"),
            doc("消防団", "目標", ""),
        ];
        let ix = build_index(&docs);
        assert_eq!(ix.docs[3].6, 0);
        assert_eq!(ix.docs[1].6, 1);
        let r = ix.results("避難所");
        assert_eq!(r, vec![vec![2, 3, 0], vec![1]]);
        assert_eq!(ix.results("消防団"), vec![vec![4]]);
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
