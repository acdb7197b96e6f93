//! Text folding: what city staff type interchangeably (全角/半角, hyphen look-alikes) made
//! equal, so that codes, names and references written either way match. Shared by the
//! reader, validation and analysis.

/// Folds what city staff type interchangeably: full-width ASCII to half-width, the
/// ideographic space to a space, and hyphen look-alikes (－ ‐ − – ー …) to `-`.
/// Circled numbers (①) stay as written.
pub fn fold(s: &str) -> String {
    fold_chars(s).collect()
}

/// The characters of [`fold`]`(s)`, one by one.
pub fn fold_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut prev_ascii = false;
    s.chars().map(move |c| {
        let f = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{FE63}' => '-',
            // The prolonged sound mark is a hyphen only after a digit or letter ("4ー1");
            // after kana it is part of the word (ゾーン).
            '\u{30FC}' | '\u{FF70}' if prev_ascii => '-',
            _ => c,
        };
        prev_ascii = f.is_ascii_alphanumeric() || circled_value(f).is_some();
        f
    })
}

/// `s` in Unicode Normalization Form C: what names are compared in, so that a 課 pasted
/// from a PDF (が as か + ゙, or a CJK compatibility ideograph) is the same 課. Borrowed
/// when `s` already is (almost always: ASCII and ordinary Japanese text are).
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(s)
}

/// Whether `fold(a) == fold(b)`, without building either.
pub fn fold_eq(a: &str, b: &str) -> bool {
    fold_chars(a).eq(fold_chars(b))
}

/// The value of a circled number character (① = 1 … ⑳ = 20, ㉑ = 21 … ㊿ = 50).
pub fn circled_value(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x3251..=0x325F => Some(u - 0x3251 + 21),
        0x32B1..=0x32BF => Some(u - 0x32B1 + 36),
        0x24EA => Some(0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_in_nfc() {
        // か + combining dakuten (a PDF copy-paste) is が.
        assert_eq!(nfc("市民か\u{3099}かり課"), "市民がかり課");
        // A CJK compatibility ideograph is its unified ideograph.
        assert_eq!(nfc("\u{FA19}社課"), "\u{795E}社課");
        assert!(matches!(nfc("市民課"), std::borrow::Cow::Borrowed(_)));
    }
}
