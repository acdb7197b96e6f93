//! How wide a label is and how its numbers are written: the only two things the layout
//! needs to know about text.
//!
//! No font is loaded: plotters is built without its `ttf` feature, so it never reads
//! fonts from the machine. A machine without Japanese fonts would measure tofu, different
//! machines would lay out the same site differently, and the reader's browser draws the
//! text with its own fonts anyway. Text is written with `text-anchor` and the browser
//! aligns the real glyphs. Where a width is needed (splitting a year label, fitting a
//! letter into a bar, and plotters' own `estimate_text_size`), it is [`text_width`], a
//! deliberately generous estimate that counts Japanese characters as one em and ASCII as
//! a little over half, so labels fit whichever system font is used.

use crate::analyze::metrics;

/// Estimated advance width of `s` in ems: Japanese (and any other wide) characters count
/// one em, ASCII a little over half. Generous on purpose; see the module documentation.
pub(super) fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            ' ' => 0.3,
            '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'i' | 'l' | 'j' | '(' | ')' | '[' | ']' => {
                0.35
            }
            'A'..='Z' | '%' | 'm' | 'w' | '@' => 0.72,
            '\u{21}'..='\u{7e}' => 0.6,
            '\u{ff61}'..='\u{ff9f}' => 0.55,
            _ => 1.0,
        })
        .sum()
}

pub(super) fn width_at(s: &str, size: u32) -> f64 {
    text_width(s) * size as f64
}

/// `label` on as few lines as fit `room` user units at `size`: whole, else on two lines,
/// the second the last two characters (or more, a word of two characters at a time:
/// 未/達成, 概ね/達成), which is where most Japanese labels of a scale break. A label whose
/// halves still do not fit is split all the same: a chart never makes its text smaller.
pub(super) fn fit_lines(label: &str, room: f64, size: u32) -> Vec<String> {
    let n = label.chars().count();
    if width_at(label, size) <= room || n < 2 {
        return vec![label.to_string()];
    }
    let cut = n - 2 * (n / 4).max(1).min(n / 2);
    let cut = cut.max(1);
    let at = label
        .char_indices()
        .nth(cut)
        .map_or(label.len(), |(i, _)| i);
    vec![label[..at].to_string(), label[at..].to_string()]
}

/// A value with its unit as charts and their sentences word it: yen as a person reads
/// them aloud (39億6,840万円, [`crate::analyze::amounts::yen_words`]); anything else as
/// the number with separators and the unit (4,238,714件). Tables keep the full figure.
pub(super) fn amount(x: f64, unit: &str) -> String {
    if let Some(words) = crate::analyze::amounts::yen_words(x, unit) {
        return words;
    }
    let mut s = String::with_capacity(24 + unit.len());
    push_number(&mut s, x);
    s.push_str(unit);
    s
}

/// Appends `x` as [`metrics::format_number`] writes it. Whole numbers (every tick and
/// count, most indicator values) are written here without `core::fmt`, which a large site
/// would otherwise go through some hundred thousand times; fractions go to `metrics`.
pub(super) fn push_number(out: &mut String, x: f64) {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        metrics::push_int_grouped(out, x as i64);
    } else {
        out.push_str(&metrics::format_number(x));
    }
}

/// `x` as [`metrics::format_number`] writes it (see [`push_number`]).
pub(super) fn number(x: f64) -> String {
    let mut s = String::with_capacity(24);
    push_number(&mut s, x);
    s
}

/// An axis number in the way Japanese tables abbreviate large amounts: 450万, 2.5億.
pub(super) fn axis_number(v: f64) -> String {
    let a = v.abs();
    let (v, suffix) = if a >= 1e8 {
        (v / 1e8, "億")
    } else if a >= 1e4 {
        (v / 1e4, "万")
    } else {
        (v, "")
    };
    let mut s = String::with_capacity(24);
    push_number(&mut s, v);
    s.push_str(suffix);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_numbers_use_man_and_oku() {
        assert_eq!(axis_number(4_000_000.0), "400万");
        assert_eq!(axis_number(25_000_000_000.0), "250億");
        assert_eq!(axis_number(250_000_000.0), "2.5億");
        assert_eq!(axis_number(900.0), "900");
        assert_eq!(axis_number(0.0), "0");
    }

    /// The fast path for whole numbers writes what `metrics::format_number` writes.
    #[test]
    fn numbers_as_metrics_writes_them() {
        let mut xs = vec![
            0.0,
            -0.0,
            7.0,
            -7.0,
            999.0,
            1000.0,
            -1000.0,
            123_456.0,
            1_234_567.0,
            -98_765_432.0,
            8.9e15,
            9.1e15,
            2.5,
            -0.25,
            1234.5678,
        ];
        xs.extend((0..2000).map(|i| (i * i * 37) as f64 - 50_000.0));
        for x in xs {
            assert_eq!(number(x), metrics::format_number(x), "{x}");
        }
    }

    #[test]
    fn long_labels_break_before_their_last_word() {
        assert_eq!(fit_lines("達成", 40.0, 14), ["達成"]);
        assert_eq!(fit_lines("概ね達成", 40.0, 14), ["概ね", "達成"]);
        assert_eq!(fit_lines("未達成", 40.0, 14), ["未", "達成"]);
        assert_eq!(fit_lines("おおむね達成", 40.0, 14), ["おおむね", "達成"]);
    }

    #[test]
    fn text_width_counts_japanese_as_one_em() {
        assert!((text_width("令和3年度") - 4.6).abs() < 1e-9);
        assert!(text_width("2021") < 3.0);
    }
}
