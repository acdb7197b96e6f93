//! The pieces of text an SVG element is made of (numbers, colours, style attributes),
//! written with constant strings and table look-ups instead of `core::fmt`, which would
//! otherwise be most of the cost of a chart.

use plotters_backend::BackendColor;

/// `000` to `999` in a row: the text of every number below 1,000 (nearly every
/// coordinate of a chart), so that writing one is a single copy (see [`push_int`]).
const DIGITS: &str = {
    const BYTES: [u8; 3000] = {
        let mut b = [0u8; 3000];
        let mut i = 0;
        while i < 1000 {
            b[3 * i] = b'0' + (i / 100) as u8;
            b[3 * i + 1] = b'0' + (i / 10 % 10) as u8;
            b[3 * i + 2] = b'0' + (i % 10) as u8;
            i += 1;
        }
        b
    };
    match std::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("digits are ASCII"),
    }
};

/// `00` to `FF` in a row: each byte in upper-case hexadecimal, for colours.
const HEX_PAIRS: &str = {
    const BYTES: [u8; 512] = {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut b = [0u8; 512];
        let mut i = 0;
        while i < 256 {
            b[2 * i] = HEX[i >> 4];
            b[2 * i + 1] = HEX[i & 15];
            i += 1;
        }
        b
    };
    match std::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("hexadecimal digits are ASCII"),
    }
};

// `push_color` and `push_int` are inlined into every element writer: as calls they cost
// about a third of writing an element (measured with callgrind).

/// `#RRGGBB`, upper-case as plotters' SVG backend writes it.
#[inline(always)]
pub(super) fn push_color(out: &mut String, (r, g, b): (u8, u8, u8)) {
    out.push('#');
    for v in [r, g, b] {
        let i = 2 * v as usize;
        out.push_str(&HEX_PAIRS[i..i + 2]);
    }
}

/// A whole number in decimal, without `core::fmt` (charts write about a hundred per
/// chart, and a large site has tens of thousands of charts): below 1,000 the end of its
/// entry in [`DIGITS`], a copy of constant length; itoa writes the rest.
#[inline(always)]
pub(super) fn push_int(out: &mut String, v: i64) {
    if (0..1000).contains(&v) {
        let i = 3 * v as usize;
        if v < 10 {
            out.push_str(&DIGITS[i + 2..i + 3]);
        } else if v < 100 {
            out.push_str(&DIGITS[i + 1..i + 3]);
        } else {
            out.push_str(&DIGITS[i..i + 3]);
        }
    } else {
        push_large_int(out, v);
    }
}

/// [`push_int`] for the few numbers outside 0..1000, kept out of the inlined part.
#[cold]
#[inline(never)]
fn push_large_int(out: &mut String, v: i64) {
    out.push_str(itoa::Buffer::new().format(v));
}

/// A number as the SVG writes it: whole numbers (every coordinate and size of the charts)
/// without float formatting, which would be most of the cost of a chart; anything else
/// (a translucent opacity) as Rust displays it.
pub(super) fn push_num(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    if v.fract() == 0.0 && v.abs() < 1e15 {
        push_int(out, v as i64);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// ` opacity=".."` unless the colour is opaque (SVG's default, and almost every element
/// the charts draw: leaving it out takes 4% off a report page).
pub(super) fn push_opacity(out: &mut String, alpha: f64) {
    if alpha != 1.0 {
        out.push_str(" opacity=\"");
        push_num(out, alpha);
        out.push('"');
    }
}

/// The style of a stroke: what strokes share to be in one group.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct Stroke {
    pub(super) rgb: (u8, u8, u8),
    pub(super) width: u32,
}

/// The look of a text: what texts share to be in one group.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct Look {
    pub(super) anchor: HAnchor,
    /// `f64::to_bits` of the font size, so that looks compare exactly.
    pub(super) size: u64,
    pub(super) rgb: (u8, u8, u8),
    pub(super) bold: bool,
}

/// `text-anchor` (plotters' [`HPos`](plotters_backend::text_anchor::HPos) cannot be compared).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum HAnchor {
    Start,
    Middle,
    End,
}

/// What elements in a row share to be one group. Only opaque ones are grouped: an
/// `opacity` on a `<g>` would apply to the group as a whole.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Style {
    Stroke(Stroke),
    Text(Look),
}

impl Style {
    /// The opening of the element, up to where its attributes start.
    pub(super) fn tag(self) -> &'static str {
        match self {
            Style::Stroke(_) => "<path",
            Style::Text(_) => "<text",
        }
    }
}

/// The style's attributes: ` fill="none" stroke=".." stroke-width=".."` of a stroke,
/// ` text-anchor=".." font-size=".." fill=".." font-weight=".."` of a text, each without
/// the attributes whose value is SVG's initial one (a width of 1, `start`, normal weight).
pub(super) fn push_style(out: &mut String, style: Style) {
    match style {
        Style::Stroke(s) => {
            out.push_str(" fill=\"none\"");
            push_ring(out, s.rgb, s.width);
        }
        Style::Text(l) => {
            out.push_str(match l.anchor {
                HAnchor::Start => " font-size=\"",
                HAnchor::Middle => " text-anchor=\"middle\" font-size=\"",
                HAnchor::End => " text-anchor=\"end\" font-size=\"",
            });
            // The size rounded to a whole number. Sizes are whole already, and checking
            // that with a conversion spares two calls into libm (`round`, `trunc`) per
            // label.
            let size = f64::from_bits(l.size);
            let whole = size as i64;
            if whole as f64 == size && (0..1000).contains(&whole) {
                push_int(out, whole);
            } else {
                push_num(out, size.round());
            }
            out.push_str("\" fill=\"");
            push_color(out, l.rgb);
            out.push_str(if l.bold {
                "\" font-weight=\"bold\""
            } else {
                "\""
            });
        }
    }
}

/// ` fill="none" opacity=".." stroke="#.." stroke-width=".."` of an outline, the width only
/// when it is not 1 (SVG's initial value).
pub(super) fn push_stroke(out: &mut String, c: BackendColor, width: u32) {
    out.push_str(" fill=\"none\"");
    push_opacity(out, c.alpha);
    push_ring(out, c.rgb, width);
}

/// ` stroke="#.." stroke-width=".."`, the width only when it is not 1.
#[inline(always)]
pub(super) fn push_ring(out: &mut String, rgb: (u8, u8, u8), width: u32) {
    out.push_str(" stroke=\"");
    push_color(out, rgb);
    if width == 1 {
        out.push('"');
    } else {
        out.push_str("\" stroke-width=\"");
        push_int(out, width.into());
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_and_colours_in_svg() {
        for v in (-2000..2000).chain([i64::MIN, i64::MAX, 123_456_789]) {
            let mut s = String::new();
            push_int(&mut s, v);
            assert_eq!(s, v.to_string());
        }
        for v in [1.0, 0.5, 13.0, 2.25, 1e20] {
            let mut s = String::new();
            push_num(&mut s, v);
            assert_eq!(s, format!("{v}"));
        }
        let mut s = String::new();
        push_color(&mut s, (0x1a, 0x0b, 0xff));
        assert_eq!(s, "#1A0BFF");
    }
}
