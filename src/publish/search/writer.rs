//! Builds the index and writes `search/index.js`: documents come in batches, their rows
//! and tokens are found in parallel, then counted in order into the term table, so that a
//! big site's text is never all in memory and the file is written straight from what was
//! kept (the result rows and each token's postings string).

use super::FORMAT_VERSION;
use super::documents::SearchDoc;
use super::postings::{Postings, Term};
use super::rows::{json_str, json_u32, row_json};
use super::segment::{TokenKey, for_each_token_key, key_text};
use super::term_table::{KeyTable, slot_value};
use std::collections::HashMap;

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

/// The index being built: documents are added in order, a batch at a time, so a big
/// site's text is never all in memory; only the result rows and the postings are kept.
#[derive(Default)]
pub(super) struct Builder {
    /// `[url, title, kind, context, text, year]` of every document (with `, group` for a
    /// document of a group after its first), as JSON, joined by commas.
    rows: Vec<u8>,
    docs: u32,
    terms: KeyTable<Term>,
    /// Each group's key and the number of its first document.
    groups: HashMap<String, u32>,
}

impl Builder {
    /// Adds `docs`: their rows and their tokens found in parallel, then counted in order.
    pub(super) fn add(&mut self, docs: &[SearchDoc]) {
        use rayon::prelude::*;
        type Done = (Vec<u8>, (Vec<TokenKey>, usize));
        let per_doc: Vec<Done> = docs
            .par_iter()
            .map(|d| (row_json(d), doc_tokens(d)))
            .collect();
        let merge_start = std::time::Instant::now();
        for (d, (row, (keys, title))) in docs.iter().zip(per_doc) {
            if self.docs > 0 {
                self.rows.push(b',');
            }
            self.rows.extend_from_slice(&row);
            if let Some(first) = self.earlier_of_group(d) {
                self.rows.push(b',');
                json_u32(&mut self.rows, first);
            }
            self.rows.push(b']');
            self.count(&keys[..title], 0);
            self.count(&keys[title..], 1);
            self.docs += 1;
        }
        crate::timings::record("search merge", merge_start.elapsed().as_secs_f64());
    }

    /// The number of the first document of `d`'s group when an earlier document has
    /// started it; otherwise `None` (and `d`, the document being added, starts it).
    fn earlier_of_group(&mut self, d: &SearchDoc) -> Option<u32> {
        let key = d.group.as_ref()?;
        if let Some(&first) = self.groups.get(key) {
            return Some(first);
        }
        self.groups.insert(key.clone(), self.docs);
        None
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
    pub(super) fn finish(&mut self) {
        let KeyTable { slots, pos } = &mut self.terms;
        for &i in pos.iter() {
            slots[i as usize].1.flush();
        }
    }

    /// Every token's postings, tokens in order (after [`Builder::finish`]).
    pub(super) fn sorted_terms(&self) -> Vec<(TokenKey, &Postings)> {
        let mut terms: Vec<(TokenKey, &Postings)> = self
            .terms
            .entries()
            .map(|(k, t)| (*k, &t.postings))
            .collect();
        terms.sort_unstable_by_key(|(k, _)| *k);
        terms
    }

    /// Writes `search/index.js`: the JSON of
    /// [`build_index`](super::ranking::build_index), directly.
    pub(super) fn write(&mut self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::search::documents::doc;
    use crate::publish::search::postings::{TEXT_CAP, TITLE_WEIGHT, decode_postings};
    use crate::publish::search::ranking::build_index;
    use crate::publish::search::segment::{token_keys, tokens};
    use std::collections::BTreeMap;

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
}
