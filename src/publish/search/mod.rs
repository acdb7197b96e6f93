//! Site search: a compact character-bigram index written at build time to
//! `search/index.js`, and the segmentation that both the index and the browser's query use.
//! This file holds the entry points; the stages, in the order the data goes through them:
//!
//! - [`documents`]: what is searchable (one document per department, report, goal,
//!   challenge, project, 中期目標, plan and plan item);
//! - [`segment`]: text to tokens (normalisation, character bigrams), as the browser does;
//! - `term_table`: the hash table that gathers each token's postings;
//! - [`postings`]: the postings of a token as the characters of its string in `index.js`;
//! - `rows`: each document's result row (with the start of its text) as escaped JSON;
//! - `writer`: builds the index a batch of documents at a time and writes `index.js`;
//! - [`ranking`]: the browser's ranking in Rust, only for tests (recall, order).
//!
//! # Why character bigrams, not Pagefind
//!
//! Japanese has no spaces between words, so a search engine must segment text somehow.
//! Engines that split on spaces (elasticlunr) find nothing. Pagefind segments Japanese with
//! a dictionary and indexes whole pages: a hit on a report cannot say which 重点目標
//! matched, and it does not fold ＤＸ to DX or half-width ﾌｧﾝﾄﾞ to ファンド. The README
//! (サイト内検索) has the comparison on the example sites with the queries of
//! `tests/search_queries.json` (`node tests/browser/search-recall.mjs`, Pagefind in the same
//! Chromium): Pagefind misses ＤＸ (written ＤＸ and DX in the plan) and ファンド (written
//! ﾌｧﾝﾄﾞ), and ranks the report page, not the goal, first. A character bigram index has no
//! dictionary and no out-of-vocabulary words: every substring of two or more characters of
//! the text is found, whatever the word is, and the index and the query are segmented by
//! the same function ([`segment::tokens`], mirrored line by line in `assets/search.js` and
//! checked against the shared vectors of `tests/search_vectors.json` on both sides).
//! Bigrams can match text where the query's bigrams occur apart; requiring every bigram and
//! ranking title hits first keeps those below real hits. One document per goal, challenge,
//! project and plan item lets a result link to the entry's own anchor.
//!
//! The cost is size (the README gives it for the sample site), loaded only when the reader
//! starts typing on the search page.
//!
//! # Format
//!
//! `search/index.js` sets `window.hyokaSearchIndex` (a `<script src>` works from `file://`,
//! where `fetch` is blocked) to `{ v, docs, terms }` (`v` is [`FORMAT_VERSION`], 3): `docs`
//! is a list of `[url, title, kind, context, text, year]` (year 0: none; `text` is the start
//! of the document's text, from which the browser cuts the snippet around the match), with
//! a 7th element, `group`, on a goal whose group an earlier document started (the same
//! goal, by department and id, in an earlier report): that document's number. The browser
//! lists a group's hits as one result with their years. `terms` maps
//! each token to the string of its postings: per document holding it, in ascending order,
//! its gap (the doc number minus the previous one, the first counted from 0), then its
//! weight = 16 × (occurrences in the title, at most 4) + occurrences in the text (at most
//! 15), so a title hit outweighs many body hits.
//!
//! Each number is written with the 90 [`postings::DIGITS`], printable ASCII characters that
//! need no escaping in JSON or HTML (space, `!`, `#` … `~`, but not `"`, `\`, `<`, `>`,
//! `&`), digit values by their order: a gap in base 45, least significant digit first,
//! digits 0 … 44 saying that more follow and 45 … 89 ending it (value − 45); a weight as one
//! digit. `"Q2R,"` is gap 0 weight 16, gap 1 weight 10: doc 0 with weight 16, doc 1 with
//! weight 10. A posting is mostly two characters, against four or more as a JSON array of
//! numbers (version 1), so the postings take about half the space. The browser parses each
//! token's postings as one string, faster than arrays of numbers, and decodes only those of
//! the tokens a query needs (`assets/search.js`); the build writes each token's postings as
//! they are held, with no number formatting. The page loads the index only when the reader
//! starts searching.

pub mod documents;
pub mod postings;
#[doc(hidden)]
pub mod ranking;
mod rows;
pub mod segment;
mod term_table;
mod writer;

use crate::analyze::index::Indexes;
use crate::model::Site;
use crate::output::OutFile;
use documents::{SearchDoc, department_documents, plan_documents};
use writer::Builder;

/// Version of the index format (checked by `assets/search.js`).
pub const FORMAT_VERSION: u32 = 3;

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
