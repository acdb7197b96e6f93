//! A token's postings — which documents hold it, and how strongly — and how they are
//! written in `index.js`: as one string of printable ASCII digits per token (the format is
//! described in the parent module), built as the documents are counted, so writing the
//! index copies them as they are. [`decode_postings`] reads them back as the browser does.

/// Weight of one occurrence in a title, against 1 for one in the text.
pub const TITLE_WEIGHT: u32 = 16;

/// Most occurrences in the text counted for one token in one document.
pub const TEXT_CAP: u32 = 15;

/// What the index holds of one token: its postings, and the document it was last seen in
/// with the count of its occurrences there, in the title and in the text. That document's
/// posting is written when a later document has the token ([`Term::count`]) or at the end
/// ([`Builder::finish`](super::writer::Builder::finish)), so that each document's tokens
/// are counted where their postings are, with no table of its own.
#[derive(Default)]
pub(super) struct Term {
    pub(super) postings: Postings,
    /// The document being counted, plus one (0: none).
    doc: u32,
    counts: [u32; 2],
}

impl Term {
    /// Counts one occurrence in `field` (0 the title, 1 the text) of document `doc`, which
    /// is the one being counted or a later one.
    #[inline(always)]
    pub(super) fn count(&mut self, doc: u32, field: usize) {
        if self.doc != doc + 1 {
            self.flush();
            self.doc = doc + 1;
            self.counts = [0, 0];
        }
        self.counts[field] += 1;
    }

    /// Writes the posting of the document being counted, if any.
    #[inline]
    pub(super) fn flush(&mut self) {
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
/// JSON) and `<`, `>` and `&` (kept out of `index.js` whatever it holds, see `rows::json_str`).
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
pub(super) struct Postings {
    /// The string's characters.
    pub(super) bytes: Vec<u8>,
    last: u32,
}

impl Postings {
    /// Appends the posting of `doc` (after every one before it) with `weight`. Inlined
    /// into [`Term::flush`]: it runs once a posting, and this module is not the writer's.
    #[inline]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::search::FORMAT_VERSION;

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
        let js = include_str!("../../../themes/hyoka/static/assets/search.js");
        let digits = std::str::from_utf8(&DIGITS).unwrap();
        assert!(
            js.contains(&format!("var DIGITS = \"{digits}\";")),
            "assets/search.js must have var DIGITS = \"{digits}\";"
        );
        assert!(js.contains(&format!("var GAP_BASE = {GAP_BASE};")));
        assert!(js.contains(&format!("var FORMAT = {FORMAT_VERSION};")));
    }
}
