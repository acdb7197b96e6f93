//! The colours of the charts, kept to the theme's palette, and the choice of text colour
//! on a fill so that every label keeps WCAG AA contrast.

use plotters::style::RGBColor;

pub(super) const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
pub(super) const MUTED: RGBColor = RGBColor(0x54, 0x54, 0x54);
pub(super) const GRID: RGBColor = RGBColor(0xd0, 0xd0, 0xd0);
pub(super) const BAR: RGBColor = RGBColor(0x00, 0x72, 0xb2);
pub(super) const BAR_EDGE: RGBColor = RGBColor(0x00, 0x4c, 0x78);
pub(super) const PAPER: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Fill and edge of a grade: the theme's Okabe–Ito based hues (`--g-*` in style.css).
pub(super) fn grade_colors(class: &str, index: usize) -> (RGBColor, RGBColor) {
    match class {
        "a" => (RGBColor(0x00, 0x72, 0xb2), RGBColor(0x00, 0x4c, 0x78)),
        "b" => (RGBColor(0x00, 0x9e, 0x73), RGBColor(0x00, 0x6a, 0x4d)),
        "c" => (RGBColor(0xe6, 0x9f, 0x00), RGBColor(0x8a, 0x5c, 0x00)),
        "d" => (RGBColor(0xd5, 0x5e, 0x00), RGBColor(0x8f, 0x3f, 0x00)),
        "e" => (RGBColor(0xbb, 0xbb, 0xbb), RGBColor(0x5c, 0x5c, 0x5c)),
        "none" => (PAPER, MUTED),
        // Other scales (S, ◎ …): the rest of the Okabe–Ito palette, by position.
        _ => [
            (RGBColor(0x56, 0xb4, 0xe9), RGBColor(0x1f, 0x6f, 0x9e)),
            (RGBColor(0xf0, 0xe4, 0x42), RGBColor(0x7a, 0x72, 0x00)),
            (RGBColor(0xcc, 0x79, 0xa7), RGBColor(0x7d, 0x3a, 0x61)),
            (RGBColor(0x00, 0x9e, 0x73), RGBColor(0x00, 0x6a, 0x4d)),
            (RGBColor(0xe6, 0x9f, 0x00), RGBColor(0x8a, 0x5c, 0x00)),
            (RGBColor(0xd5, 0x5e, 0x00), RGBColor(0x8f, 0x3f, 0x00)),
        ][index % 6],
    }
}

pub(super) fn luminance(c: RGBColor) -> f64 {
    let lin = |u: u8| {
        let s = u as f64 / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG contrast ratio of two colours.
pub(super) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Black-ish or white text, whichever contrasts more with `fill`.
pub(super) fn ink_on(fill: RGBColor) -> RGBColor {
    if contrast(INK, fill) >= contrast(PAPER, fill) {
        INK
    } else {
        PAPER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_text_meets_wcag_aa() {
        for (i, class) in ["a", "b", "c", "d", "e", "none", "s", "u25ce", "x"]
            .iter()
            .enumerate()
        {
            let (fill, _) = grade_colors(class, i);
            let c = contrast(ink_on(fill), fill);
            assert!(c >= 4.5, "{class}: contrast {c:.2}");
        }
        assert!(contrast(MUTED, PAPER) >= 4.5);
        // Bars against the page: graphical objects need 3:1.
        assert!(contrast(BAR, PAPER) >= 3.0);
    }
}
