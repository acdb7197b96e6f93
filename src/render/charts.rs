//! Charts: SVG strings that pages embed inline, each with the one-sentence Japanese summary
//! and the data table that say the same numbers in words.
//!
//! Every number comes from [`crate::analyze::metrics`] (rates, rounding, formatting); this module
//! only draws and words them. The rules every chart follows:
//!
//! - accessible: `role="img"`, an SVG `<title>` referenced by `aria-labelledby`, a summary
//!   sentence and a data table (`caption`, `th scope`) next to it in the page;
//! - honest: value axes start at zero, a year without a report or without an evaluated goal
//!   is a gap (never a 0% point, never a line across it), and when there is nothing to draw
//!   there is no chart, only a sentence saying why;
//! - readable without colour: every grade carries its letter, bars carry their labels, and
//!   the Okabe–Ito colours of the theme are only a second cue, with text contrast of WCAG AA
//!   or better (black or white, whichever contrasts more with the fill);
//! - fluid: a `viewBox` and no fixed size, so the chart takes the width of a phone; text is
//!   real `<text>` in the fonts the reader's system has;
//! - deterministic: integer coordinates, fixed ids built from the page, no randomness, so
//!   the same input gives byte-identical SVG.
//!
//! # How charts are drawn
//!
//! With plotters: each chart is one plotters drawing area, and the bars, lines, dashes,
//! dots and labels are plotters elements ([`Rectangle`], [`DashedPathElement`], [`Circle`],
//! and this module's [`Polyline`] and [`Label`], plotters' `PathElement` and `Text` without
//! their allocations). The area draws into [`SvgText`], a
//! plotters backend of this module that writes each element as compact SVG straight into
//! the chart's string (marks of one style drawn in a row share a `<g>` with that style).
//! plotters' own SVG backend was the first choice; it is not used because of its text
//! (see [`SvgText`]), and because rewriting its output cost more than everything else on
//! a report page, where a 1,000-report site has 20,000 charts.
//!
//! # How text is measured
//!
//! No font is loaded: plotters is built without its `ttf` feature, so it never reads
//! fonts from the machine. A machine without Japanese fonts would measure tofu, different
//! machines would lay out the same site differently, and the reader's browser draws the
//! text with its own fonts anyway. Text is written with `text-anchor` and the browser
//! aligns the real glyphs. Where a width is needed (splitting a year label, fitting a
//! letter into a bar, and plotters' own `estimate_text_size`), it is [`text_width`], a
//! deliberately generous estimate that counts Japanese characters as one em and ASCII as
//! a little over half, so labels fit whichever system font is used.

use crate::analyze::metrics::{self, Tally};
use crate::model::{Better, Indicator};
use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, Drawable, PointCollection, Rectangle};
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters::style::{Color, FontFamily, FontStyle, RGBColor, ShapeStyle};
use plotters_backend::FontTransform;
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use serde::Serialize;

/// Width of every chart in SVG user units. Pages scale it to the column (`width: 100%`),
/// so this only sets the proportion between text and drawing: 400 keeps 14-unit text at
/// about 12 px on a 375 px phone.
pub const WIDTH: u32 = 400;

/// Font families for the text in charts: system Japanese fonts, then a generic family, as
/// the theme's CSS. Written once on the root `<svg>`; every `<text>` inherits it. The names
/// are written unquoted and without spaces after the commas, which CSS reads as the same
/// list in fewer bytes (every chart carries it).
pub const FONT_FAMILY: &str = "Hiragino Sans,Hiragino Kaku Gothic ProN,Yu Gothic UI,Yu Gothic,Meiryo,Noto Sans CJK JP,Noto Sans JP,system-ui,sans-serif";

/// Text sizes in user units: at 400 units across a 375 px phone's column they are about
/// 11 and 13 px.
const SMALL: u32 = 13;
const BASE: u32 = 15;

const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const MUTED: RGBColor = RGBColor(0x54, 0x54, 0x54);
const GRID: RGBColor = RGBColor(0xd0, 0xd0, 0xd0);
const BAR: RGBColor = RGBColor(0x00, 0x72, 0xb2);
const BAR_EDGE: RGBColor = RGBColor(0x00, 0x4c, 0x78);
const BASELINE_FILL: RGBColor = RGBColor(0xe0, 0xe0, 0xe0);
const PAPER: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// What a page shows for one chart: the SVG (when there is something to draw), the summary
/// sentence and, unless the page already has a table with the same numbers beside it, the
/// data table.
#[derive(Serialize, Clone, Debug, Default)]
pub struct ChartView {
    /// HTML id of the figure, unique in its page; the SVG's ids derive from it.
    pub id: String,
    /// Title: the figure caption and the SVG `<title>`.
    pub title: String,
    /// Inline SVG, or `None` when there is nothing to draw (the summary says why).
    pub svg: Option<String>,
    /// One Japanese sentence stating what the chart shows.
    pub summary: String,
    /// The numbers of the chart as a table.
    pub table: Option<DataTable>,
}

/// A data table: the chart's numbers for screen readers, print and copying.
#[derive(Serialize, Clone, Debug, Default)]
pub struct DataTable {
    /// Caption.
    pub caption: String,
    /// Column headers, the row-header column first.
    pub columns: Vec<Column>,
    /// Body rows.
    pub rows: Vec<DataRow>,
    /// Footer rows (totals, the rate).
    pub foot: Vec<DataRow>,
}

/// A column header.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Column {
    /// Text.
    pub label: String,
    /// Numeric (right-aligned).
    pub num: bool,
}

/// A row: its header and cells.
#[derive(Serialize, Clone, Debug, Default)]
pub struct DataRow {
    /// Row header text.
    pub head: String,
    /// Grade symbol when the row is a grade (shown as the theme's grade badge).
    pub symbol: String,
    /// Grade label (達成, 未評価) when the row is a grade.
    pub label: String,
    /// CSS class suffix of that grade (`a`, `none`), empty when the row is not a grade.
    pub class: String,
    /// Cells after the header.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Cell {
    /// Text as shown.
    pub text: String,
    /// Numeric (right-aligned).
    pub num: bool,
}

impl Cell {
    fn num(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            num: true,
        }
    }
}

fn col(label: &str, num: bool) -> Column {
    Column {
        label: label.into(),
        num,
    }
}

/// One category of a grade distribution: a level of the scale, or 未評価 (empty symbol).
#[derive(Clone, Debug, Default)]
pub struct GradeCount {
    /// A, B … as written; empty for 未評価.
    pub symbol: String,
    /// 達成 … or 未評価.
    pub label: String,
    /// CSS class suffix of the grade (`a` … `e`, `none`, or a code-point class).
    pub class: String,
    /// Number of goals.
    pub count: usize,
    /// How many of them have a grade derived from their indicators (none written).
    pub derived: usize,
}

/// A point of a 達成率 series: a fiscal year and its tally, or why it has none.
#[derive(Clone, Debug)]
pub struct RatePoint {
    /// Year label in the site's style.
    pub label: String,
    /// Short label for a crowded axis ([`short_year`]: R3, 2021).
    pub short: String,
    /// Tally of the goals that year; `None` when there is nothing that year.
    pub tally: Option<Tally>,
    /// What to call a year without a tally (報告なし, 該当なし).
    pub missing: String,
}

/// A named 達成率 (one department in a year).
#[derive(Clone, Debug)]
pub struct NamedRate {
    /// Name.
    pub name: String,
    /// Tally.
    pub tally: Tally,
}

/// A fiscal year's grade counts for a distribution over years.
#[derive(Clone, Debug)]
pub struct YearCounts {
    /// Year label.
    pub label: String,
    /// Counts per category (same order as the categories), `None` without a report.
    pub counts: Option<Vec<usize>>,
}

// ---------------------------------------------------------------------------------------
// Text measurement and formatting

/// Estimated advance width of `s` in ems: Japanese (and any other wide) characters count
/// one em, ASCII a little over half. Generous on purpose; see the module documentation.
pub fn text_width(s: &str) -> f64 {
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

fn width_at(s: &str, size: u32) -> f64 {
    text_width(s) * size as f64
}

/// Appends `x` as [`metrics::format_number`] writes it. Whole numbers (every tick and
/// count, most indicator values) are written here without `core::fmt`, which a large site
/// would otherwise go through some hundred thousand times; fractions go to `metrics`.
fn push_number(out: &mut String, x: f64) {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        metrics::push_int_grouped(out, x as i64);
    } else {
        out.push_str(&metrics::format_number(x));
    }
}

/// `x` as [`metrics::format_number`] writes it (see [`push_number`]).
fn number(x: f64) -> String {
    let mut s = String::with_capacity(24);
    push_number(&mut s, x);
    s
}

/// An axis number in the way Japanese tables abbreviate large amounts: 450万, 2.5億.
pub fn axis_number(v: f64) -> String {
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

/// Ticks for a value axis from `lo` to `hi` (both included in the range): a step of 1, 2,
/// 2.5 or 5 times a power of ten, at most `max` intervals. Ticks are exact multiples of the
/// step, so the labels never show float noise. `integer` keeps the step at 1 or more.
fn ticks(lo: f64, hi: f64, max: usize, integer: bool) -> Vec<f64> {
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let raw = span / max.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag);
    if integer {
        step = step.max(1.0).round();
    }
    let first = (lo / step).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    (first..=last.max(first + 1))
        .map(|k| k as f64 * step)
        .collect()
}

/// Linear map from values to user units.
#[derive(Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    fn at(&self, v: f64) -> i32 {
        let t = if self.d1 == self.d0 {
            0.0
        } else {
            (v - self.d0) / (self.d1 - self.d0)
        };
        (self.p0 + t * (self.p1 - self.p0)).round() as i32
    }
}

// ---------------------------------------------------------------------------------------
// Colours

/// Fill and edge of a grade: the theme's Okabe–Ito based hues (`--g-*` in style.css).
fn grade_colors(class: &str, index: usize) -> (RGBColor, RGBColor) {
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

fn luminance(c: RGBColor) -> f64 {
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
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Black-ish or white text, whichever contrasts more with `fill`.
fn ink_on(fill: RGBColor) -> RGBColor {
    if contrast(INK, fill) >= contrast(PAPER, fill) {
        INK
    } else {
        PAPER
    }
}

// ---------------------------------------------------------------------------------------
// Drawing: one set-up for every chart

/// The SVG that plotters draws into: a plotters [`DrawingBackend`] that writes what it is
/// given as compact SVG straight into the chart's string.
///
/// plotters' own `SVGBackend` would do for the shapes, but not for the text: it writes a
/// `font-family` on every `<text>`, the font size divided by plotters' bitmap factor
/// (`13.000000000000002`), and line breaks inside `<text>` that become part of the
/// label; it also measures text with plotters' font estimate, which counts UTF-8 bytes
/// (a Japanese character as 2.1 em). This backend writes the family once on the root
/// element, whole sizes, and the label exactly, and measures with [`text_width`] (see
/// "How text is measured" above).
///
/// Marks drawn one after another in the same style share their style, which takes some
/// 40% off a chart (a 1,000-report site has about 10,000) and leaves every pixel as it
/// was:
///
/// - strokes (lines, outlines, dashes) of one colour and width in a row are one `<g>`
///   with that style, each stroke a `<path d="M104 25V50">` in it (a lone stroke carries
///   its style). Each stays an element of its own: one path of many subpaths would be
///   shorter, but Chromium rasterises it a shade differently at the edges;
/// - texts of one look (anchor, size, colour, weight) in a row are one `<g>` with that
///   look, each `<text>` carrying only its position (a lone text carries its look);
/// - a filled circle and then a ring of the same centre and radius, both opaque, are one
///   `<circle>` with a fill and a stroke, which SVG paints in that order;
/// - SVG's initial values are not written (`stroke-width="1"`, `text-anchor="start"`,
///   no stroke on a fill, full opacity).
///
/// The charts draw each kind of mark together (all the gridlines, then all the labels) so
/// the runs are long; they change the order only between marks that do not touch.
///
/// Every element is written with constant pieces of text and table look-ups, never with
/// `core::fmt`: a 1,000-report site draws some 300,000 marks.
struct SvgText<'s> {
    out: &'s mut String,
    size: (u32, u32),
    /// The element (or group) left open at the end of `out` for the next mark to join.
    open: Open,
    /// The rest of the first element of a run, until the next mark shows whether it is
    /// alone or the first of a group (see [`Open::Run`]).
    first: String,
}

/// Drawing into a string cannot fail.
#[derive(Debug)]
struct NoError;

impl std::fmt::Display for NoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SVG の書き出しに失敗しました")
    }
}

impl std::error::Error for NoError {}

type BackendResult = Result<(), DrawingErrorKind<NoError>>;

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
fn push_color(out: &mut String, (r, g, b): (u8, u8, u8)) {
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
fn push_int(out: &mut String, v: i64) {
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
fn push_num(out: &mut String, v: f64) {
    use std::fmt::Write as _;
    if v.fract() == 0.0 && v.abs() < 1e15 {
        push_int(out, v as i64);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// `c`, or `None` when it is fully transparent (nothing to draw).
fn visible(c: BackendColor) -> Option<BackendColor> {
    (c.alpha != 0.0).then_some(c)
}

/// Room for one element without its text: the backend reserves it before writing an
/// element, so the attributes are appended without growing the string in between.
const ELEMENT_ROOM: usize = 192;

/// ` opacity=".."` unless the colour is opaque (SVG's default, and almost every element
/// the charts draw: leaving it out takes 4% off a report page).
fn push_opacity(out: &mut String, alpha: f64) {
    if alpha != 1.0 {
        out.push_str(" opacity=\"");
        push_num(out, alpha);
        out.push('"');
    }
}

/// The style of a stroke: what strokes share to be in one group.
#[derive(Clone, Copy, PartialEq)]
struct Stroke {
    rgb: (u8, u8, u8),
    width: u32,
}

/// The look of a text: what texts share to be in one group.
#[derive(Clone, Copy, PartialEq)]
struct Look {
    anchor: HAnchor,
    /// `f64::to_bits` of the font size, so that looks compare exactly.
    size: u64,
    rgb: (u8, u8, u8),
    bold: bool,
}

/// `text-anchor` (plotters' [`HPos`] cannot be compared).
#[derive(Clone, Copy, PartialEq)]
enum HAnchor {
    Start,
    Middle,
    End,
}

/// What elements in a row share to be one group. Only opaque ones are grouped: an
/// `opacity` on a `<g>` would apply to the group as a whole.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Stroke(Stroke),
    Text(Look),
}

impl Style {
    /// The opening of the element, up to where its attributes start.
    fn tag(self) -> &'static str {
        match self {
            Style::Stroke(_) => "<path",
            Style::Text(_) => "<text",
        }
    }
}

/// The style's attributes: ` fill="none" stroke=".." stroke-width=".."` of a stroke,
/// ` text-anchor=".." font-size=".." fill=".." font-weight=".."` of a text, each without
/// the attributes whose value is SVG's initial one (a width of 1, `start`, normal weight).
fn push_style(out: &mut String, style: Style) {
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

/// What is open at the end of the backend's string.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    /// Nothing: the last element is complete.
    Nothing,
    /// Opaque elements (`<path>` or `<text>`) of one style in a row. While `group` is
    /// false there is only one, whose attributes after its style wait in
    /// [`SvgText::first`]: a second one of the style makes a `<g>` of them, anything else
    /// writes it alone with its style.
    Run { style: Style, group: bool },
    /// An opaque filled circle without its `/>`: a ring around it can still join it.
    Disc { center: BackendCoord, radius: u32 },
}

impl Drop for SvgText<'_> {
    /// Whatever is left open is complete SVG when drawing ends, presented or not.
    fn drop(&mut self) {
        self.close();
    }
}

impl SvgText<'_> {
    /// A backend that draws a chart of `size` user units into `out`.
    fn new(out: &mut String, size: (u32, u32)) -> SvgText<'_> {
        SvgText {
            out,
            size,
            open: Open::Nothing,
            first: String::new(),
        }
    }

    /// Ends what is open, so that the next element starts on its own.
    fn close(&mut self) {
        match std::mem::replace(&mut self.open, Open::Nothing) {
            Open::Nothing => {}
            Open::Run {
                style,
                group: false,
            } => {
                let out = &mut *self.out;
                out.reserve(ELEMENT_ROOM + self.first.len());
                out.push_str(style.tag());
                push_style(out, style);
                out.push_str(&self.first);
                self.first.clear();
            }
            Open::Run { group: true, .. } => self.out.push_str("</g>\n"),
            Open::Disc { .. } => self.out.push_str("/>\n"),
        }
    }

    /// Starts an element of `style` (of `alpha` opacity) and returns where to write the
    /// rest of it, its attributes after the style to the end of the element: the chart,
    /// or [`SvgText::first`] while it may still start a group.
    fn open(&mut self, style: Style, alpha: f64) -> &mut String {
        if alpha != 1.0 {
            // Translucent: alone, with its opacity.
            self.close();
            let out = &mut *self.out;
            out.reserve(ELEMENT_ROOM);
            out.push_str(style.tag());
            push_opacity(out, alpha);
            push_style(out, style);
            return out;
        }
        match self.open {
            Open::Run { style: open, group } if open == style => {
                let out = &mut *self.out;
                if !group {
                    // The second of the style: both in a group with it.
                    out.reserve(ELEMENT_ROOM + self.first.len());
                    out.push_str("<g");
                    push_style(out, style);
                    out.push_str(">\n");
                    out.push_str(style.tag());
                    out.push_str(&self.first);
                    self.first.clear();
                    self.open = Open::Run { style, group: true };
                }
                out.reserve(ELEMENT_ROOM);
                out.push_str(style.tag());
                out
            }
            _ => {
                self.close();
                self.open = Open::Run {
                    style,
                    group: false,
                };
                &mut self.first
            }
        }
    }

    /// ` opacity=".." fill="#.."` for a filled shape (no stroke is SVG's initial value).
    fn fill(&mut self, c: BackendColor) {
        push_opacity(self.out, c.alpha);
        self.out.push_str(" fill=\"");
        push_color(self.out, c.rgb);
        self.out.push('"');
    }
}

/// ` fill="none" opacity=".." stroke="#.." stroke-width=".."` of an outline, the width only
/// when it is not 1 (SVG's initial value).
fn push_stroke(out: &mut String, c: BackendColor, width: u32) {
    out.push_str(" fill=\"none\"");
    push_opacity(out, c.alpha);
    push_ring(out, c.rgb, width);
}

/// ` stroke="#.." stroke-width=".."`, the width only when it is not 1.
#[inline(always)]
fn push_ring(out: &mut String, rgb: (u8, u8, u8), width: u32) {
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

impl DrawingBackend for SvgText<'_> {
    type ErrorType = NoError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> BackendResult {
        Ok(())
    }

    fn present(&mut self) -> BackendResult {
        self.close();
        Ok(())
    }

    /// Charts never draw single pixels; a 1×1 rectangle keeps the method honest.
    fn draw_pixel(&mut self, p: BackendCoord, color: BackendColor) -> BackendResult {
        self.draw_rect(p, (p.0 + 1, p.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> BackendResult {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        let Some(c) = visible(style.color()) else {
            return Ok(());
        };
        self.close();
        let out = &mut *self.out;
        out.reserve(ELEMENT_ROOM);
        out.push_str("<rect x=\"");
        push_int(out, ul.0.into());
        out.push_str("\" y=\"");
        push_int(out, ul.1.into());
        out.push_str("\" width=\"");
        push_int(out, i64::from(br.0) - i64::from(ul.0));
        out.push_str("\" height=\"");
        push_int(out, i64::from(br.1) - i64::from(ul.1));
        out.push('"');
        if fill {
            self.fill(c);
        } else {
            push_stroke(self.out, c, style.stroke_width());
        }
        self.out.push_str("/>\n");
        Ok(())
    }

    /// A polyline as a `<path>` (`M x y`, then `H`, `V` or `L` to each next point), in
    /// the group of the strokes of its style before it.
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> BackendResult {
        let Some(c) = visible(style.color()) else {
            return Ok(());
        };
        let mut points = path.into_iter();
        let Some(first) = points.next() else {
            return Ok(());
        };
        let stroke = Stroke {
            rgb: c.rgb,
            width: style.stroke_width(),
        };
        let out = self.open(Style::Stroke(stroke), c.alpha);
        // Room for every point at once (at most 12 bytes each, `L-1234 -1234`).
        out.reserve(16 + 12 * points.size_hint().0);
        out.push_str(" d=\"M");
        push_int(out, first.0.into());
        out.push(' ');
        push_int(out, first.1.into());
        let mut at = first;
        for p in points {
            if p.0 == at.0 {
                out.push('V');
                push_int(out, p.1.into());
            } else if p.1 == at.1 {
                out.push('H');
                push_int(out, p.0.into());
            } else {
                out.push('L');
                push_int(out, p.0.into());
                out.push(' ');
                push_int(out, p.1.into());
            }
            at = p;
        }
        out.push_str("\"/>\n");
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        let Some(c) = visible(style.color()) else {
            return Ok(());
        };
        // A ring around the disc just drawn: its stroke on the same element.
        if !fill && c.alpha == 1.0 && self.open == (Open::Disc { center, radius }) {
            self.open = Open::Nothing;
            push_ring(self.out, c.rgb, style.stroke_width());
            self.out.push_str("/>\n");
            return Ok(());
        }
        self.close();
        let out = &mut *self.out;
        out.reserve(ELEMENT_ROOM);
        out.push_str("<circle cx=\"");
        push_int(out, center.0.into());
        out.push_str("\" cy=\"");
        push_int(out, center.1.into());
        out.push_str("\" r=\"");
        push_int(out, radius.into());
        out.push('"');
        if !fill {
            push_stroke(self.out, c, style.stroke_width());
            self.out.push_str("/>\n");
        } else {
            self.fill(c);
            if c.alpha == 1.0 {
                self.open = Open::Disc { center, radius };
            } else {
                self.out.push_str("/>\n");
            }
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> BackendResult {
        let Some(c) = visible(style.color()) else {
            return Ok(());
        };
        self.close();
        let out = &mut *self.out;
        out.reserve(ELEMENT_ROOM);
        out.push_str("<polygon points=\"");
        for (x, y) in vert {
            out.reserve(24);
            push_int(out, x.into());
            out.push(',');
            push_int(out, y.into());
            out.push(' ');
        }
        out.push('"');
        self.fill(c);
        self.out.push_str("/>\n");
        Ok(())
    }

    /// Real `<text>`: the browser draws it with the reader's fonts and aligns it by
    /// `text-anchor`, so nothing here depends on a font being installed.
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> BackendResult {
        let Some(c) = visible(style.color()) else {
            return Ok(());
        };
        let anchor = style.anchor();
        let (x, y) = match style.transform() {
            FontTransform::None => pos,
            _ => return Err(DrawingErrorKind::FontError(Box::new(NoError))),
        };
        let look = Look {
            anchor: match anchor.h_pos {
                HPos::Left => HAnchor::Start,
                HPos::Center => HAnchor::Middle,
                HPos::Right => HAnchor::End,
            },
            size: style.size().to_bits(),
            rgb: c.rgb,
            bold: matches!(style.style(), FontStyle::Bold),
        };
        let out = self.open(Style::Text(look), c.alpha);
        out.reserve(64 + text.len());
        out.push_str(" x=\"");
        push_int(out, x.into());
        out.push_str("\" y=\"");
        push_int(out, y.into());
        // The vertical alignment, relative to the font actually used.
        out.push_str(match anchor.v_pos {
            VPos::Top => "\" dy=\".76em\">",
            VPos::Center => "\" dy=\".5ex\">",
            VPos::Bottom => "\" dy=\"-.5ex\">",
        });
        crate::render::escape::push(out, text, crate::render::escape::xml);
        out.push_str("</text>\n");
        Ok(())
    }

    /// The same generous estimate the chart layout uses ([`text_width`]), instead of
    /// plotters' byte-counting one.
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<NoError>> {
        let size = style.size();
        Ok(((text_width(text) * size).ceil() as u32, size.ceil() as u32))
    }
}

/// The plotters drawing area of one chart.
type Area<'s, 'o> = DrawingArea<SvgText<'o>, Shift>;

/// Drawing never fails (the SVG is written into a string), but plotters' API says it may.
type DrawResult = Result<(), DrawingAreaErrorKind<NoError>>;

#[derive(Clone, Copy)]
enum Align {
    Start,
    Middle,
    End,
}

/// A polyline over points the chart already holds: plotters' `PathElement` without its
/// copy of the points into a vector of its own (a chart draws some twenty lines).
struct Polyline<'p> {
    points: &'p [(i32, i32)],
    style: ShapeStyle,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Polyline<'_> {
    type Point = &'a (i32, i32);
    type IntoIter = &'a [(i32, i32)];

    fn point_iter(self) -> Self::IntoIter {
        self.points
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Polyline<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        backend.draw_path(points, &self.style)
    }
}

/// The style of a [`Label`]: what [`SvgText`] writes of a text, without plotters'
/// `FontDesc`, which makes a string of the font's style for every label.
#[derive(Clone, Copy)]
struct LabelStyle {
    size: f64,
    color: BackendColor,
    bold: bool,
    anchor: Pos,
}

impl BackendTextStyle for LabelStyle {
    type FontError = NoError;

    fn color(&self) -> BackendColor {
        self.color
    }

    fn size(&self) -> f64 {
        self.size
    }

    fn style(&self) -> FontStyle {
        if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        }
    }

    fn anchor(&self) -> Pos {
        self.anchor
    }

    /// None: the family is the root `<svg>`'s ([`FONT_FAMILY`]).
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name("")
    }

    /// The box of [`text_width`], from the baseline.
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), NoError> {
        let w = (text_width(text) * self.size).ceil() as i32;
        Ok(((0, -(self.size.ceil() as i32)), (w, 0)))
    }

    /// Never: no glyph is drawn here, the reader's browser draws the text.
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _: &str,
        _: BackendCoord,
        _: F,
    ) -> Result<Result<(), E>, NoError> {
        Err(NoError)
    }
}

/// A text: plotters' `Text` with a [`LabelStyle`].
struct Label<'s> {
    text: &'s str,
    at: (i32, i32),
    style: LabelStyle,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Label<'_> {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Label<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.draw_text(self.text, &self.style, at),
            None => Ok(()),
        }
    }
}

/// The primitives every chart draws with, over one plotters drawing area.
struct Pen<'p, 'o> {
    area: &'p Area<'p, 'o>,
}

impl Pen<'_, '_> {
    /// Text whose vertical middle is at `y`.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        s: &str,
        x: i32,
        y: i32,
        size: u32,
        align: Align,
        color: RGBColor,
        bold: bool,
    ) -> DrawResult {
        let h = match align {
            Align::Start => HPos::Left,
            Align::Middle => HPos::Center,
            Align::End => HPos::Right,
        };
        self.area.draw(&Label {
            text: s,
            at: (x, y),
            style: LabelStyle {
                size: size as f64,
                color: color.to_backend_color(),
                bold,
                anchor: Pos::new(h, VPos::Center),
            },
        })
    }

    fn fill(&self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor) -> DrawResult {
        let (l, r) = (x0.min(x1), x0.max(x1));
        let (t, b) = (y0.min(y1), y0.max(y1));
        if r == l || b == t {
            return Ok(());
        }
        self.area
            .draw(&Rectangle::new([(l, t), (r, b)], color.filled()))
    }

    /// A filled box with an edge, drawn as one outline so the edge is crisp.
    #[allow(clippy::too_many_arguments)]
    fn bar(
        &self,
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        fill: RGBColor,
        edge: RGBColor,
        edge_width: u32,
    ) -> DrawResult {
        let (l, r) = (x0.min(x1), x0.max(x1));
        let (t, b) = (y0.min(y1), y0.max(y1));
        if fill != PAPER {
            self.fill(l, t, r, b, fill)?;
        }
        self.line(&[(l, t), (r, t), (r, b), (l, b), (l, t)], edge, edge_width)
    }

    fn line(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> DrawResult {
        self.area.draw(&Polyline {
            points,
            style: Color::stroke_width(&color, width),
        })
    }

    /// Dashes of 5 units with gaps of 4 along `points`.
    fn dashed(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> DrawResult {
        self.area.draw(&DashedPathElement::new(
            points.iter().copied(),
            5,
            4,
            Color::stroke_width(&color, width),
        ))
    }

    /// A dot with a paper-coloured ring, so overlapping dots stay apart.
    fn dot(&self, x: i32, y: i32, r: u32, color: RGBColor) -> DrawResult {
        self.area.draw(&Circle::new((x, y), r, color.filled()))?;
        self.area
            .draw(&Circle::new((x, y), r, Color::stroke_width(&PAPER, 2)))
    }
}

/// Draws a chart of `height` user units and returns the SVG: a root element that scales
/// to its container and names the chart, its `<title>`, then what `draw` drew with
/// plotters.
fn render(
    id: &str,
    title: &str,
    height: u32,
    draw: impl FnOnce(&Pen) -> DrawResult,
) -> Option<String> {
    use crate::render::escape::{push, xml};
    // The whole chart in one allocation: the root element, then room for what is drawn
    // (a few kilobytes at most: an indicator chart is about 1,400 bytes).
    let mut svg = String::with_capacity(512 + 2 * id.len() + title.len() + 4096);
    // No `xmlns`: the chart is only ever inline in HTML, whose parser puts `<svg>` and
    // everything in it in the SVG namespace by itself.
    svg.push_str("<svg viewBox=\"0 0 ");
    push_int(&mut svg, WIDTH.into());
    svg.push(' ');
    push_int(&mut svg, height.into());
    svg.push_str("\" class=\"chart-svg\" role=\"img\" aria-labelledby=\"");
    push(&mut svg, id, xml);
    svg.push_str("-title\" focusable=\"false\" font-family=\"");
    svg.push_str(FONT_FAMILY);
    svg.push_str("\">\n<title id=\"");
    push(&mut svg, id, xml);
    svg.push_str("-title\">");
    push(&mut svg, title, xml);
    svg.push_str("</title>\n");
    {
        let area = SvgText::new(&mut svg, (WIDTH, height)).into_drawing_area();
        draw(&Pen { area: &area }).ok()?;
        area.present().ok()?;
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// Draws a horizontal value axis at `y`: gridlines up to `top`, tick marks and labels.
///
/// Gridlines and the zero line are drawn only over `spans` (the rows' bar zones, top to
/// bottom), so they never cross the names and values written above the bars.
fn x_axis(
    pen: &Pen,
    sx: Scale,
    ticks: &[f64],
    y: i32,
    spans: &[(i32, i32)],
    label: impl Fn(f64) -> String,
) -> DrawResult {
    // Each kind of mark together, so that each kind is one group (see [`SvgText`]): all
    // the gridlines, all the ticks, the zero line and the axis line, in the order they
    // always had where they meet, then the labels below, which touch none of them.
    for &t in ticks.iter().filter(|&&t| t != 0.0) {
        let x = sx.at(t);
        for &(a, b) in spans {
            pen.line(&[(x, a), (x, b)], GRID, 1)?;
        }
    }
    for &t in ticks {
        let x = sx.at(t);
        pen.line(&[(x, y), (x, y + 4)], MUTED, 1)?;
    }
    // The zero line is the reference every bar starts from.
    let z = sx.at(0.0);
    for &(a, b) in spans {
        pen.line(&[(z, a), (z, b)], INK, 1)?;
    }
    pen.line(
        &[
            (sx.at(ticks[0]), y),
            (sx.at(*ticks.last().unwrap_or(&0.0)), y),
        ],
        MUTED,
        1,
    )?;
    for &t in ticks {
        pen.text(
            &label(t),
            sx.at(t),
            y + 14,
            SMALL,
            Align::Middle,
            MUTED,
            false,
        )?;
    }
    Ok(())
}

/// Draws a vertical value axis at `x`: gridlines across to `right`, labels on the left.
fn y_axis(
    pen: &Pen,
    sy: Scale,
    ticks: &[f64],
    x: i32,
    right: i32,
    label: impl Fn(f64) -> String,
) -> DrawResult {
    // The labels first, left of the axis and touching no line, so that they join the
    // chart's unit before them (see [`SvgText`]); then the gridlines together.
    for &t in ticks {
        pen.text(&label(t), x - 6, sy.at(t), SMALL, Align::End, MUTED, false)?;
    }
    for &t in ticks.iter().filter(|&&t| t != 0.0) {
        let y = sy.at(t);
        pen.line(&[(x, y), (right, y)], GRID, 1)?;
    }
    let z = sy.at(0.0);
    pen.line(&[(x, z), (right, z)], INK, 1)?;
    pen.line(
        &[(x, sy.at(*ticks.last().unwrap_or(&0.0))), (x, z)],
        MUTED,
        1,
    )
}

/// Splits a fiscal-year label to fit `width` at `size`: whole, else on two lines (before
/// 年度 or an opening parenthesis), else the first line only.
fn fit_year_label(label: &str, width: f64, size: u32) -> Vec<String> {
    if width_at(label, size) <= width {
        return vec![label.to_string()];
    }
    let cut = label
        .find('（')
        .or_else(|| label.strip_suffix("年度").map(|s| s.len()));
    match cut {
        Some(i) if i > 0 => {
            let (a, b) = label.split_at(i);
            vec![a.to_string(), b.to_string()]
        }
        _ => vec![label.to_string()],
    }
}

/// A fiscal year as short as an axis with many years needs: the era's initial and the year
/// in it (R3, R元, H28) for 和暦, the Western number otherwise.
pub fn short_year(
    fy: crate::model::fiscal::FiscalYear,
    style: crate::model::fiscal::YearStyle,
) -> String {
    use crate::model::fiscal::YearStyle;
    match (style, fy.era()) {
        (YearStyle::Wareki, Some((era, n))) => {
            let initial = match era {
                "令和" => "R",
                "平成" => "H",
                "昭和" => "S",
                "大正" => "T",
                _ => "M",
            };
            let mut digits = itoa::Buffer::new();
            [initial, if n == 1 { "元" } else { digits.format(n) }].concat()
        }
        _ => itoa::Buffer::new().format(fy.year()).to_owned(),
    }
}

/// The labels of a year axis with `slot` units per year: whole labels, else split on two
/// lines, else short labels, else short labels on every few years only (the table beside
/// the chart names every year). An empty label is not drawn.
fn year_axis_labels(points: &[RatePoint], slot: f64) -> Vec<Vec<String>> {
    let room = slot - 4.0;
    let fits = |ls: &[Vec<String>]| {
        ls.iter()
            .all(|l| l.iter().all(|x| width_at(x, SMALL) <= room))
    };
    let split: Vec<Vec<String>> = points
        .iter()
        .map(|p| fit_year_label(&p.label, room, SMALL))
        .collect();
    if fits(&split) {
        return split;
    }
    let widest = points
        .iter()
        .map(|p| width_at(&p.short, SMALL))
        .fold(0.0, f64::max);
    let every = ((widest + 6.0) / slot).ceil().max(1.0) as usize;
    let last = points.len() - 1;
    points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // Every `every`-th year counted back from the newest, which is always named.
            if (last - i).is_multiple_of(every) {
                vec![p.short.clone()]
            } else {
                vec![String::new()]
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Sentences

// Counts and grade names are joined from their pieces rather than with `format!`: every
// report page words its grade distribution, bar by bar and row by row.

/// 「7件」.
fn count(n: usize) -> String {
    let mut digits = itoa::Buffer::new();
    [digits.format(n), "件"].concat()
}

/// 「A 達成」: a grade's symbol and label, or its label alone (未評価).
fn grade_name(c: &GradeCount) -> String {
    if c.symbol.is_empty() {
        c.label.clone()
    } else {
        [c.symbol.as_str(), " ", &c.label].concat()
    }
}

fn counts_phrase(counts: &[GradeCount]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| {
            if c.symbol.is_empty() {
                [c.label.as_str(), &count(c.count)].concat()
            } else {
                [c.symbol.as_str(), "（", &c.label, "）", &count_text(c)].concat()
            }
        })
        .collect();
    parts.join("、")
}

/// 「7件」, or 「7件（うち指標から算出7件）」 when some grades are derived.
fn count_text(c: &GradeCount) -> String {
    if c.derived > 0 {
        let (mut n, mut d) = (itoa::Buffer::new(), itoa::Buffer::new());
        [
            n.format(c.count),
            "件（うち指標から算出",
            d.format(c.derived),
            "件）",
        ]
        .concat()
    } else {
        count(c.count)
    }
}

/// 「前年度から16.7ポイント上昇しました」, from two unrounded rates, rounded as
/// [`metrics::format_points`] rounds the change in the tables.
fn change_phrase(now: f64, before: f64) -> String {
    let d = metrics::round1(now - before);
    if d > 0.0 {
        format!("前年度から{:.1}ポイント上昇しました", d)
    } else if d < 0.0 {
        format!("前年度から{:.1}ポイント低下しました", -d)
    } else {
        "前年度と同じでした".into()
    }
}

/// The sentence shown instead of a chart when no goal has been evaluated.
pub const NO_EVALUATED_GOALS: &str = "評価済みの目標がないため、グラフはありません。";

/// The sentence shown instead of a chart when there is no goal at all.
pub const NO_GOALS: &str = "目標がないため、グラフはありません。";

/// Why there is no chart: no goal at all, or none evaluated.
fn nothing_to_draw(any_goal: bool) -> String {
    if any_goal {
        NO_EVALUATED_GOALS
    } else {
        NO_GOALS
    }
    .to_string()
}

// ---------------------------------------------------------------------------------------
// Grade distribution: one bar per level

/// Grade distribution of a set of goals: one bar per level of the scale (and 未評価 when
/// there are such goals), the count on each bar, the letter and label under it.
///
/// `noun` names the goals in the summary (重点目標, 取組, 目標); `tally` gives the 達成率
/// stated in the summary and the table.
pub fn grade_distribution(
    id: &str,
    title: &str,
    noun: &str,
    counts: &[GradeCount],
    tally: &Tally,
) -> ChartView {
    let total: usize = counts.iter().map(|c| c.count).sum();
    let graded: usize = counts
        .iter()
        .filter(|c| !c.symbol.is_empty())
        .map(|c| c.count)
        .sum();
    let rate = metrics::format_rate(tally.rate());
    let mut rows: Vec<DataRow> = counts
        .iter()
        .filter(|c| !c.symbol.is_empty() || c.count > 0)
        .map(|c| DataRow {
            head: grade_name(c),
            symbol: c.symbol.clone(),
            label: c.label.clone(),
            class: c.class.clone(),
            cells: vec![Cell::num(count_text(c))],
        })
        .collect();
    if rows.is_empty() {
        rows.push(DataRow {
            head: "目標".into(),
            cells: vec![Cell::num("0件")],
            ..DataRow::default()
        });
    }
    let table = DataTable {
        caption: title.to_string(),
        columns: vec![col("評価", false), col("件数", true)],
        rows,
        foot: vec![
            DataRow {
                head: "合計".into(),
                cells: vec![Cell::num(count(total))],
                ..DataRow::default()
            },
            DataRow {
                head: "達成率".into(),
                cells: vec![Cell::num(rate.clone())],
                ..DataRow::default()
            },
        ],
    };
    let (svg, summary) = if total == 0 {
        (None, format!("{noun}がないため、グラフはありません。"))
    } else if graded == 0 {
        (
            None,
            format!("{noun}{total}件はすべて未評価です。{NO_EVALUATED_GOALS}"),
        )
    } else {
        let shown: Vec<&GradeCount> = counts
            .iter()
            .filter(|c| !c.symbol.is_empty() || c.count > 0)
            .collect();
        (
            draw_grade_bars(id, title, &shown),
            [
                noun,
                &count(total),
                "の評価は",
                &counts_phrase(counts),
                "で、達成率は",
                &rate,
                "です。",
            ]
            .concat(),
        )
    };
    ChartView {
        id: id.to_string(),
        title: title.to_string(),
        svg,
        summary,
        table: Some(table),
    }
}

fn draw_grade_bars(id: &str, title: &str, cats: &[&GradeCount]) -> Option<String> {
    let height = 230;
    let (x0, x1) = (44, WIDTH as i32 - 8);
    let (top, bottom) = (30, height as i32 - 50);
    let max = cats.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let ts = ticks(0.0, max as f64, 4, true);
    let sy = Scale {
        d0: 0.0,
        d1: *ts.last().unwrap_or(&1.0),
        p0: bottom as f64,
        p1: top as f64,
    };
    let slot = (x1 - x0) as f64 / cats.len() as f64;
    let bar_w = (slot * 0.6).min(56.0);
    let center = |i: usize| x0 as f64 + slot * (i as f64 + 0.5);
    render(id, title, height, |pen| {
        pen.text("（件）", x0 - 6, 12, SMALL, Align::End, MUTED, false)?;
        y_axis(pen, sy, &ts, x0, x1, number)?;
        // The bars, then each kind of text together: counts above the bars, letters and
        // names below, none touching a bar (see [`SvgText`]).
        for (i, c) in cats.iter().enumerate().filter(|(_, c)| c.count > 0) {
            let cx = center(i);
            let (l, r) = (
                (cx - bar_w / 2.0).round() as i32,
                (cx + bar_w / 2.0).round() as i32,
            );
            let (fill, edge) = grade_colors(&c.class, i);
            pen.bar(l, sy.at(c.count as f64), r, bottom, fill, edge, 1)?;
        }
        for (i, c) in cats.iter().enumerate() {
            let (cx, y) = (center(i).round() as i32, sy.at(c.count as f64));
            pen.text(&count(c.count), cx, y - 10, SMALL, Align::Middle, INK, true)?;
        }
        for (i, c) in cats.iter().enumerate() {
            let cx = center(i).round() as i32;
            if c.symbol.is_empty() {
                pen.text(&c.label, cx, bottom + 16, SMALL, Align::Middle, INK, false)?;
            } else {
                pen.text(&c.symbol, cx, bottom + 16, BASE, Align::Middle, INK, true)?;
            }
        }
        for (i, c) in cats
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.symbol.is_empty())
        {
            let cx = center(i).round() as i32;
            let size = if width_at(&c.label, SMALL) <= slot - 8.0 {
                SMALL
            } else {
                11
            };
            pen.text(&c.label, cx, bottom + 35, size, Align::Middle, MUTED, false)?;
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------
// Grade distribution over fiscal years: one stacked bar per year

/// Grade distribution of each fiscal year: a bar per year, stacked by grade with each
/// segment's letter inside, the year's total on the right. A year without a report shows
/// 報告なし and no bar.
///
/// `categories` are the levels in scale order with 未評価 (empty symbol) last; each year's
/// counts follow that order.
pub fn grade_distribution_by_year(
    id: &str,
    title: &str,
    noun: &str,
    categories: &[GradeCount],
    years: &[YearCounts],
) -> ChartView {
    let mut columns = vec![col("年度", false)];
    for c in categories {
        columns.push(col(&grade_name(c), true));
    }
    columns.push(col("合計", true));
    let rows = years
        .iter()
        .map(|y| DataRow {
            head: y.label.clone(),
            cells: match &y.counts {
                Some(cs) => cs
                    .iter()
                    .map(|&n| Cell::num(count(n)))
                    .chain(std::iter::once(Cell::num(count(cs.iter().sum()))))
                    .collect(),
                None => (0..=categories.len())
                    .map(|_| Cell::num("報告なし"))
                    .collect(),
            },
            ..DataRow::default()
        })
        .collect();
    let table = DataTable {
        caption: title.to_string(),
        columns,
        rows,
        foot: Vec::new(),
    };
    let unevaluated = categories.iter().position(|c| c.symbol.is_empty());
    let graded = |cs: &Vec<usize>| {
        cs.iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != unevaluated)
            .map(|(_, n)| n)
            .sum::<usize>()
    };
    let any_graded = years
        .iter()
        .filter_map(|y| y.counts.as_ref())
        .any(|cs| graded(cs) > 0);
    let sentence = |y: &YearCounts, cs: &Vec<usize>| {
        let named: Vec<GradeCount> = categories
            .iter()
            .zip(cs)
            .map(|(c, &n)| GradeCount {
                count: n,
                ..c.clone()
            })
            .collect();
        format!(
            "{}の{noun}{}件の評価は{}です。",
            y.label,
            cs.iter().sum::<usize>(),
            counts_phrase(&named)
        )
    };
    // The newest year with goals, and the newest with an evaluated goal (the same year
    // unless the newest is still unevaluated).
    let latest = years.iter().rev().find_map(|y| {
        y.counts
            .as_ref()
            .filter(|cs| cs.iter().sum::<usize>() > 0)
            .map(|cs| (y, cs))
    });
    let latest_graded = years.iter().rev().find_map(|y| {
        y.counts
            .as_ref()
            .filter(|cs| graded(cs) > 0)
            .map(|cs| (y, cs))
    });
    let (svg, summary) = match (latest, latest_graded) {
        (Some((y, cs)), Some((g, gcs))) if any_graded => {
            let summary = if std::ptr::eq(y, g) {
                sentence(y, cs)
            } else {
                format!(
                    "{}の{noun}{}件はすべて未評価です。{}",
                    y.label,
                    cs.iter().sum::<usize>(),
                    sentence(g, gcs)
                )
            };
            (draw_year_stacks(id, title, categories, years), summary)
        }
        _ => (None, nothing_to_draw(latest.is_some())),
    };
    ChartView {
        id: id.to_string(),
        title: title.to_string(),
        svg,
        summary,
        table: Some(table),
    }
}

fn draw_year_stacks(
    id: &str,
    title: &str,
    cats: &[GradeCount],
    years: &[YearCounts],
) -> Option<String> {
    let (x0, x1) = (12, WIDTH as i32 - 12);
    // Legend: swatch, letter and label of each category, flowing onto as many lines as needed.
    let mut legend: Vec<(i32, i32, usize)> = Vec::new();
    let (mut lx, mut ly) = (x0, 14);
    for (i, c) in cats.iter().enumerate() {
        let text = grade_name(c);
        let w = 18 + width_at(&text, SMALL).ceil() as i32 + 14;
        if lx + w > x1 && lx > x0 {
            lx = x0;
            ly += 22;
        }
        legend.push((lx, ly, i));
        lx += w;
    }
    let top = ly + 22;
    let row_h = 52;
    let max = years
        .iter()
        .filter_map(|y| y.counts.as_ref())
        .map(|cs| cs.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let ts = ticks(0.0, max as f64, 5, true);
    let sx = Scale {
        d0: 0.0,
        d1: *ts.last().unwrap_or(&1.0),
        p0: x0 as f64,
        p1: x1 as f64,
    };
    let axis_y = top + row_h * years.len() as i32;
    let height = (axis_y + 30) as u32;
    render(id, title, height, |pen| {
        // The swatches, then the names right of them, touching none (see [`SvgText`]).
        for &(lx, ly, i) in &legend {
            let (fill, edge) = grade_colors(&cats[i].class, i);
            pen.bar(lx, ly - 7, lx + 14, ly + 7, fill, edge, 1)?;
        }
        for &(lx, ly, i) in &legend {
            pen.text(
                &grade_name(&cats[i]),
                lx + 18,
                ly,
                SMALL,
                Align::Start,
                INK,
                false,
            )?;
        }
        // Grid only behind years with a bar: a year without a report stays blank.
        let spans: Vec<(i32, i32)> = (0..years.len() as i32)
            .filter(|&k| years[k as usize].counts.is_some())
            .map(|k| (top + row_h * k + 18, (top + row_h * (k + 1)).min(axis_y)))
            .map(|(a, b)| (a, if b == axis_y { b } else { b - 6 }))
            .collect();
        x_axis(pen, sx, &ts, axis_y, &spans, number)?;
        // Years and totals above the bars, each kind together (see [`SvgText`]).
        for (k, y) in years.iter().enumerate() {
            let ry = top + row_h * k as i32;
            pen.text(&y.label, x0, ry + 10, BASE, Align::Start, INK, true)?;
        }
        for (k, y) in years.iter().enumerate() {
            let ry = top + row_h * k as i32;
            let total = match &y.counts {
                Some(cs) => count(cs.iter().sum()),
                None => "報告なし".to_string(),
            };
            pen.text(&total, x1, ry + 10, SMALL, Align::End, MUTED, false)?;
        }
        for (k, y) in years.iter().enumerate() {
            let ry = top + row_h * k as i32;
            let Some(cs) = &y.counts else {
                continue;
            };
            let (bt, bb) = (ry + 20, ry + 42);
            let mut acc = 0usize;
            for (i, &n) in cs.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let (l, r) = (sx.at(acc as f64), sx.at((acc + n) as f64));
                acc += n;
                let c = &cats[i];
                let (fill, edge) = grade_colors(&c.class, i);
                pen.bar(l, bt, r, bb, fill, edge, 1)?;
                let room = (r - l) as f64 - 4.0;
                let candidates = if c.symbol.is_empty() {
                    vec![
                        format!("{} {n}", c.label),
                        format!("未 {n}"),
                        "未".to_string(),
                    ]
                } else {
                    vec![format!("{} {n}", c.symbol), c.symbol.clone()]
                };
                let label = candidates.iter().find(|t| width_at(t, SMALL) <= room);
                if let Some(t) = label {
                    pen.text(
                        t,
                        (l + r) / 2,
                        (bt + bb) / 2,
                        SMALL,
                        Align::Middle,
                        ink_on(fill),
                        true,
                    )?;
                }
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------
// 達成率 over fiscal years

/// 達成率 by fiscal year as a line: one point per year with a rate, lines only between
/// consecutive years that both have one; a year without a report or without an evaluated
/// goal is a gap marked under the axis, never a 0% point.
///
/// `subject` starts the summary (「令和6年度の達成率は…」 is preceded by nothing, or by
/// 「この項目に関わる目標の」).
pub fn rate_trend(id: &str, title: &str, subject: &str, points: &[RatePoint]) -> ChartView {
    let rates: Vec<Option<f64>> = points
        .iter()
        .map(|p| p.tally.and_then(|t| t.rate()))
        .collect();
    let table = DataTable {
        caption: title.to_string(),
        columns: vec![
            col("年度", false),
            col("達成率", true),
            col("達成", true),
            col("評価済み", true),
            col("未評価", true),
        ],
        rows: points
            .iter()
            .map(|p| DataRow {
                head: p.label.clone(),
                cells: match p.tally {
                    Some(t) => vec![
                        Cell::num(metrics::format_rate(t.rate())),
                        Cell::num(count(t.achieved)),
                        Cell::num(count(t.counted)),
                        Cell::num(count(t.unevaluated)),
                    ],
                    None => vec![
                        Cell::num(p.missing.clone()),
                        Cell::num("—"),
                        Cell::num("—"),
                        Cell::num("—"),
                    ],
                },
                ..DataRow::default()
            })
            .collect(),
        foot: Vec::new(),
    };
    let last = rates.iter().rposition(|r| r.is_some());
    let summary = match last {
        None => nothing_to_draw(
            points
                .iter()
                .any(|p| p.tally.is_some_and(|t| t.total() > 0)),
        ),
        Some(i) => {
            let now = rates[i].unwrap_or_default();
            let head = format!(
                "{}の{subject}達成率は{}",
                points[i].label,
                metrics::format_pct(now)
            );
            let tail = match i.checked_sub(1) {
                Some(j) => match (rates[j], points[j].tally) {
                    (Some(before), _) => format!("で、{}。", change_phrase(now, before)),
                    (None, Some(_)) => "です（前年度は未評価）。".to_string(),
                    (None, None) => format!("です（前年度は{}）。", points[j].missing),
                },
                None => "です。".to_string(),
            };
            let latest = points.len() - 1;
            let note = if i < latest {
                format!(
                    "{}は{}です。",
                    points[latest].label,
                    match points[latest].tally {
                        Some(_) => "未評価".to_string(),
                        None => points[latest].missing.clone(),
                    }
                )
            } else {
                String::new()
            };
            format!("{head}{tail}{note}")
        }
    };
    let svg = last.and_then(|_| draw_trend(id, title, points, &rates));
    ChartView {
        id: id.to_string(),
        title: title.to_string(),
        svg,
        summary,
        table: Some(table),
    }
}

fn draw_trend(
    id: &str,
    title: &str,
    points: &[RatePoint],
    rates: &[Option<f64>],
) -> Option<String> {
    let (x0, x1) = (40, WIDTH as i32 - 10);
    let slot = (x1 - x0) as f64 / points.len() as f64;
    let labels = year_axis_labels(points, slot);
    // With many years, values are written only where they fit: at the newest rated year
    // and wherever the neighbours leave room (the table has them all).
    let value_room = width_at("100.0%", SMALL) + 4.0;
    let dense = slot < value_room;
    let last_rated = rates.iter().rposition(|r| r.is_some());
    let lines = labels.iter().map(|l| l.len()).max().unwrap_or(1) as i32;
    let top = 34;
    let bottom = top + 160;
    let height = (bottom + 12 + 16 * lines) as u32;
    let sy = Scale {
        d0: 0.0,
        d1: 100.0,
        p0: bottom as f64,
        p1: top as f64,
    };
    let ts = ticks(0.0, 100.0, 4, true);
    let cx = |i: usize| (x0 as f64 + slot * (i as f64 + 0.5)).round() as i32;
    render(id, title, height, |pen| {
        pen.text("（%）", x0 - 4, 14, SMALL, Align::End, MUTED, false)?;
        y_axis(pen, sy, &ts, x0, x1, number)?;
        // Lines only between neighbouring years that both have a rate.
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, r) in rates.iter().enumerate() {
            match r {
                Some(v) => run.push((cx(i), sy.at(*v))),
                None => {
                    if run.len() > 1 {
                        pen.line(&run, BAR, 3)?;
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            pen.line(&run, BAR, 3)?;
        }
        for (i, (p, r)) in points.iter().zip(rates).enumerate() {
            let x = cx(i);
            match r {
                Some(v) => {
                    let y = sy.at(*v);
                    pen.dot(x, y, 5, BAR)?;
                    let alone =
                        |j: Option<usize>| j.and_then(|j| rates.get(j)).is_none_or(|r| r.is_none());
                    if !dense
                        || Some(i) == last_rated
                        || (alone(i.checked_sub(1)) && alone(Some(i + 1)))
                    {
                        pen.text(
                            &metrics::format_pct(*v),
                            x,
                            y - 14,
                            SMALL,
                            Align::Middle,
                            INK,
                            true,
                        )?;
                    }
                }
                None => {
                    // Why there is no point, where it fits; else a dash marks the gap.
                    let why = if p.tally.is_some() {
                        "未評価".to_string()
                    } else {
                        p.missing.clone()
                    };
                    let why = if width_at(&why, SMALL) <= slot - 2.0 {
                        why
                    } else {
                        "—".to_string()
                    };
                    pen.text(&why, x, bottom - 12, SMALL, Align::Middle, MUTED, false)?;
                }
            }
        }
        // The years under the axis together (see [`SvgText`]); no dot reaches them.
        for (i, ls) in labels.iter().enumerate() {
            for (k, l) in ls.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
                pen.text(
                    l,
                    cx(i),
                    bottom + 16 + 16 * k as i32,
                    SMALL,
                    Align::Middle,
                    INK,
                    false,
                )?;
            }
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------
// 達成率 by department

/// 達成率 of each department in one fiscal year: a bar per department from 0 to 100%, the
/// rate written on the right, 未評価 written (and no bar) for a department without an
/// evaluated goal, and the rate across departments as a dashed line.
///
/// The page's own table of departments holds the same numbers, so there is no extra table.
pub fn rates_by_department(
    id: &str,
    title: &str,
    year_label: &str,
    rows: &[NamedRate],
    overall: &Tally,
) -> ChartView {
    let rated: Vec<(&NamedRate, f64)> = rows
        .iter()
        .filter_map(|r| r.tally.rate().map(|v| (r, v)))
        .collect();
    let summary = if rated.is_empty() {
        nothing_to_draw(rows.iter().any(|r| r.tally.total() > 0))
    } else if rated.len() == 1 {
        format!(
            "{year_label}の{}の達成率は{}です。",
            rated[0].0.name,
            metrics::format_pct(rated[0].1)
        )
    } else {
        // Compared as shown (one decimal), so ties are what the reader sees as ties.
        let shown = |v: f64| metrics::round1(v);
        let hi = rated.iter().map(|r| shown(r.1)).fold(f64::MIN, f64::max);
        let lo = rated.iter().map(|r| shown(r.1)).fold(f64::MAX, f64::min);
        let names = |v: f64| {
            rated
                .iter()
                .filter(|r| shown(r.1) == v)
                .map(|r| r.0.name.as_str())
                .collect::<Vec<_>>()
                .join("・")
        };
        let all = format!("全部局では{}", metrics::format_rate(overall.rate()));
        if hi == lo {
            format!(
                "{year_label}の達成率は、評価済みのすべての部局で{}です（{all}）。",
                metrics::format_pct(hi)
            )
        } else {
            format!(
                "{year_label}の達成率は{}の{}が最も高く、{}の{}が最も低くなっています（{all}）。",
                names(hi),
                metrics::format_pct(hi),
                names(lo),
                metrics::format_pct(lo)
            )
        }
    };
    let svg = if rated.is_empty() {
        None
    } else {
        draw_department_bars(id, title, rows, overall)
    };
    ChartView {
        id: id.to_string(),
        title: title.to_string(),
        svg,
        summary,
        table: None,
    }
}

fn draw_department_bars(
    id: &str,
    title: &str,
    rows: &[NamedRate],
    overall: &Tally,
) -> Option<String> {
    let (x0, x1) = (12, WIDTH as i32 - 14);
    let top = 30;
    let row_h = 52;
    let axis_y = top + row_h * rows.len() as i32;
    let height = (axis_y + 44) as u32;
    let sx = Scale {
        d0: 0.0,
        d1: 100.0,
        p0: x0 as f64,
        p1: x1 as f64,
    };
    let ts = ticks(0.0, 100.0, 4, true);
    render(id, title, height, |pen| {
        let spans: Vec<(i32, i32)> = (0..rows.len() as i32)
            .map(|k| (top + row_h * k + 18, (top + row_h * (k + 1)).min(axis_y)))
            .map(|(a, b)| (a, if b == axis_y { b } else { b - 4 }))
            .collect();
        x_axis(pen, sx, &ts, axis_y, &spans, number)?;
        pen.text(
            "達成率（%）",
            (x0 + x1) / 2,
            axis_y + 32,
            SMALL,
            Align::Middle,
            MUTED,
            false,
        )?;
        // Names, values, then bars, each kind together (see [`SvgText`]): the texts are
        // above the bars and touch none.
        let values: Vec<String> = rows
            .iter()
            .map(|r| metrics::format_rate(r.tally.rate()))
            .collect();
        for (k, (r, value)) in rows.iter().zip(&values).enumerate() {
            let ry = top + row_h * k as i32;
            let vw = width_at(value, BASE);
            let size = if width_at(&r.name, BASE) + vw + 12.0 <= (x1 - x0) as f64 {
                BASE
            } else {
                SMALL
            };
            pen.text(&r.name, x0, ry + 10, size, Align::Start, INK, false)?;
        }
        for (k, (r, value)) in rows.iter().zip(&values).enumerate() {
            let ry = top + row_h * k as i32;
            match r.tally.rate() {
                Some(_) => pen.text(value, x1, ry + 10, BASE, Align::End, INK, true)?,
                None => pen.text(value, x1, ry + 10, BASE, Align::End, MUTED, false)?,
            }
        }
        for (k, r) in rows.iter().enumerate() {
            let ry = top + row_h * k as i32;
            if let Some(v) = r.tally.rate() {
                pen.bar(sx.at(0.0), ry + 22, sx.at(v), ry + 42, BAR, BAR_EDGE, 1)?;
            }
        }
        if let Some(v) = overall.rate() {
            let x = sx.at(v);
            // Only across the bars, never through a name or a value: a piece per row.
            let pieces: Vec<(i32, i32)> = (0..rows.len() as i32)
                .map(|k| {
                    let ry = top + row_h * k;
                    let end = if k + 1 == rows.len() as i32 {
                        axis_y
                    } else {
                        ry + 48
                    };
                    (ry + 18, end)
                })
                .collect();
            // A white edge keeps the dashes visible on the bars, in print too. The pieces
            // are apart, so all the edges can go before all the dashes.
            for &(a, b) in &pieces {
                pen.line(&[(x, a), (x, b)], PAPER, 4)?;
            }
            for &(a, b) in &pieces {
                pen.dashed(&[(x, a), (x, b)], INK, 2)?;
            }
            let text = format!("全部局 {}", metrics::format_pct(v));
            let w = width_at(&text, SMALL) as i32;
            let (tx, align) = if x + w + 4 > x1 {
                (x - 4, Align::End)
            } else {
                (x + 4, Align::Start)
            };
            pen.text(&text, tx, top - 14, SMALL, align, INK, true)?;
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------
// An indicator: baseline, target and actual

/// An indicator's 基準値, 目標値 and 実績 as bars on one axis from zero, each with its
/// value written above it. Drawn when there is an actual and something to hold it against;
/// the goal's indicator table beside it holds the numbers, so there is no extra table.
pub fn indicator(id: &str, ind: &Indicator) -> ChartView {
    let name = ind.name.as_str();
    let unit = ind.unit.as_deref().unwrap_or("");
    // Each value is worded once, for both the summary and the chart.
    let amount = |v: f64| {
        let mut s = String::with_capacity(24 + unit.len());
        push_number(&mut s, v);
        s.push_str(unit);
        s
    };
    let actual_text = |v: f64| {
        let mut s = String::with_capacity(27 + unit.len());
        if ind.approximate {
            s.push('約');
        }
        push_number(&mut s, v);
        s.push_str(unit);
        s
    };
    let title = [name, "の目標値と実績"].concat();
    let lower = ind.better == Better::Lower;
    let lower_note = if lower {
        "（小さいほど良い指標）"
    } else {
        ""
    };
    let summary;
    let mut svg = None;
    match ind.actual {
        None => {
            summary = [name, "の実績は未測定のため、グラフはありません。"].concat();
        }
        Some(a) if ind.target.is_none() && ind.baseline.is_none() => {
            summary = [
                name,
                "の実績は",
                &actual_text(a),
                "です。目標値も基準値もないため、グラフはありません。",
            ]
            .concat();
        }
        Some(a) => {
            let actual = actual_text(a);
            let target = ind.target.map(amount);
            let baseline = ind.baseline.map(amount);
            summary = match (&target, &baseline) {
                (Some(t), b) => {
                    let base = b
                        .as_deref()
                        .map(|b| ["（基準値", b, "）"].concat())
                        .unwrap_or_default();
                    match metrics::indicator_rate(ind) {
                        Some(r) => [
                            name,
                            "の実績は",
                            &actual,
                            &base,
                            "で、目標値",
                            t,
                            "に対する達成率は",
                            &metrics::format_pct(r),
                            "です",
                            lower_note,
                            "。",
                        ]
                        .concat(),
                        None => [
                            name,
                            "の実績は",
                            &actual,
                            &base,
                            "、目標値は",
                            t,
                            "です",
                            lower_note,
                            "。",
                        ]
                        .concat(),
                    }
                }
                (None, Some(b)) => [
                    name,
                    "の実績は",
                    &actual,
                    "で、基準値は",
                    b,
                    "です（目標値の記載はありません）",
                    lower_note,
                    "。",
                ]
                .concat(),
                (None, None) => unreachable!("handled above"),
            };
            let mut rows: Vec<(&str, String, f64, u8)> = Vec::with_capacity(3);
            if let (Some(b), Some(text)) = (ind.baseline, baseline) {
                rows.push(("基準値", text, b, 0));
            }
            if let (Some(t), Some(text)) = (ind.target, target) {
                rows.push(("目標値", text, t, 1));
            }
            rows.push(("実績", actual, a, 2));
            svg = draw_indicator(id, &title, &rows, unit, lower);
        }
    }
    ChartView {
        id: id.to_string(),
        title,
        svg,
        summary,
        table: None,
    }
}

fn draw_indicator(
    id: &str,
    title: &str,
    rows: &[(&str, String, f64, u8)],
    unit: &str,
    lower: bool,
) -> Option<String> {
    let (x0, x1) = (14, WIDTH as i32 - 26);
    let top = if lower { 30 } else { 8 };
    let row_h = 48;
    let axis_y = top + row_h * rows.len() as i32;
    let height = (axis_y + 44) as u32;
    let lo = rows.iter().map(|r| r.2).fold(0.0, f64::min);
    let hi = rows.iter().map(|r| r.2).fold(0.0, f64::max);
    let ts = if hi == lo {
        vec![0.0, 1.0]
    } else {
        ticks(lo, hi, 5, false)
    };
    let sx = Scale {
        d0: ts[0],
        d1: *ts.last().unwrap_or(&1.0),
        p0: x0 as f64,
        p1: x1 as f64,
    };
    render(id, title, height, |pen| {
        if lower {
            pen.text("小さいほど良い指標", x1, 12, SMALL, Align::End, INK, true)?;
        }
        let spans: Vec<(i32, i32)> = (0..rows.len() as i32)
            .map(|k| (top + row_h * k + 17, (top + row_h * (k + 1)).min(axis_y)))
            .map(|(a, b)| (a, if b == axis_y { b } else { b - 6 }))
            .collect();
        x_axis(pen, sx, &ts, axis_y, &spans, axis_number)?;
        if !unit.is_empty() {
            pen.text(
                &["（単位: ", unit, "）"].concat(),
                x1,
                axis_y + 32,
                SMALL,
                Align::End,
                MUTED,
                false,
            )?;
        }
        // Names, values, then bars, each kind together (see [`SvgText`]): the texts are
        // above the bars and touch none.
        for (k, (label, ..)) in rows.iter().enumerate() {
            let ry = top + row_h * k as i32;
            pen.text(label, x0, ry + 10, BASE, Align::Start, INK, true)?;
        }
        for (k, (_, value, ..)) in rows.iter().enumerate() {
            let ry = top + row_h * k as i32;
            pen.text(value, x1, ry + 10, BASE, Align::End, INK, false)?;
        }
        for (k, (_, _, v, kind)) in rows.iter().enumerate() {
            let ry = top + row_h * k as i32;
            let (l, r) = (sx.at(0.0), sx.at(*v));
            match kind {
                // 基準値: light grey with a dark edge; 目標値: an outline; 実績: solid.
                0 => pen.bar(l, ry + 20, r, ry + 38, BASELINE_FILL, MUTED, 1)?,
                1 => pen.bar(l, ry + 20, r, ry + 38, PAPER, INK, 2)?,
                _ => pen.bar(l, ry + 20, r, ry + 38, BAR, BAR_EDGE, 1)?,
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Loc;
    use plotters::style::{FontDesc, TextStyle};

    fn tally(achieved: usize, counted: usize, unevaluated: usize) -> Tally {
        Tally {
            achieved,
            counted,
            unevaluated,
            excluded: 0,
        }
    }

    fn ind(target: Option<f64>, actual: Option<f64>, baseline: Option<f64>) -> Indicator {
        Indicator {
            id: None,
            name: "公式ホームページ総ページビュー数".into(),
            unit: Some("件".into()),
            target,
            actual,
            baseline,
            better: Better::Higher,
            baseline_label: None,
            actual_label: None,
            approximate: false,
            loc: Loc::default(),
        }
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).expect("chart SVG is well-formed XML")
    }

    fn texts(svg: &str) -> Vec<String> {
        let doc = parse(svg);
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or_default().to_string())
            .collect()
    }

    /// The `d` of each line of a 達成率 series: the strokes drawn 3 wide in the bar
    /// colour, whether the style is the path's own or its group's.
    fn series(svg: &str) -> Vec<String> {
        let doc = parse(svg);
        doc.descendants()
            .filter(|n| n.has_tag_name("path"))
            .filter(|n| {
                inherited(*n, "stroke-width") == Some("3")
                    && inherited(*n, "stroke") == Some("#0072B2")
            })
            .map(|n| n.attribute("d").unwrap_or_default().to_string())
            .collect()
    }

    /// How many points a path's `d` visits: its commands, a letter each.
    fn points(d: &str) -> usize {
        d.chars().filter(|c| c.is_ascii_alphabetic()).count()
    }

    fn grades(counts: [usize; 6]) -> Vec<GradeCount> {
        let names = [
            ("A", "達成", "a"),
            ("B", "概ね達成", "b"),
            ("C", "一部達成", "c"),
            ("D", "未達成", "d"),
            ("E", "未実施", "e"),
            ("", "未評価", "none"),
        ];
        names
            .iter()
            .zip(counts)
            .map(|((s, l, c), n)| GradeCount {
                symbol: s.to_string(),
                label: l.to_string(),
                class: c.to_string(),
                count: n,
                derived: 0,
            })
            .collect()
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            ticks(0.0, 100.0, 4, true),
            vec![0.0, 25.0, 50.0, 75.0, 100.0]
        );
        assert_eq!(ticks(0.0, 3.0, 4, true), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(ticks(0.0, 1.0, 4, true), vec![0.0, 1.0]);
        assert_eq!(
            ticks(0.0, 4_500_000.0, 4, false),
            vec![0.0, 2_000_000.0, 4_000_000.0, 6_000_000.0]
        );
        let t = ticks(-30.0, 80.0, 4, false);
        assert!(t[0] <= -30.0 && *t.last().unwrap() >= 80.0 && t.contains(&0.0));
    }

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

    /// The plotters backend: elements drawn through a plotters area come out as SVG
    /// elements, text as text with a whole font size and no per-element family, and
    /// plotters measures text with our estimate, not its byte count.
    #[test]
    fn plotters_draws_text_as_text_through_our_backend() {
        let mut out = String::new();
        {
            let area = SvgText::new(&mut out, (WIDTH, 100)).into_drawing_area();
            let pen = Pen { area: &area };
            pen.text("達成率<100%>", 10, 20, SMALL, Align::Middle, INK, true)
                .unwrap();
            pen.fill(0, 0, 30, 10, BAR).unwrap();
            pen.dashed(&[(0, 50), (20, 50)], MUTED, 1).unwrap();
            // A translucent colour keeps its opacity; opaque ones leave SVG's default.
            area.draw(&Rectangle::new([(40, 0), (50, 10)], BAR.mix(0.5).filled()))
                .unwrap();
            let style = TextStyle::from(FontDesc::new(
                FontFamily::SansSerif,
                10.0,
                FontStyle::Normal,
            ));
            // Five Japanese characters at 10 units: 50 wide (plotters' own estimate of
            // these 15 bytes would be about 68).
            assert_eq!(
                area.estimate_text_size("令和三年度", &style).unwrap(),
                (50, 10)
            );
        }
        assert!(out.starts_with(
            "<text text-anchor=\"middle\" font-size=\"13\" fill=\"#1A1A1A\" font-weight=\"bold\" x=\"10\" y=\"20\" dy=\".5ex\">達成率&lt;100%&gt;</text>\n"
        ), "{out}");
        assert!(!out.contains("font-family"));
        assert!(
            out.contains("<rect x=\"0\" y=\"0\" width=\"30\" height=\"10\" fill=\"#0072B2\"/>"),
            "{out}"
        );
        // 20 units of dashes 5 on, 4 off: three dashes, each its own path in one group.
        assert!(
            out.contains(
                "<g fill=\"none\" stroke=\"#545454\">\n<path d=\"M0 50H5\"/>\n<path d=\"M9 50H14\"/>\n<path d=\"M18 50H20\"/>\n</g>\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("width=\"10\" height=\"10\" opacity=\"0.5\" fill=\"#0072B2\""),
            "{out}"
        );
        assert_eq!(out.matches("opacity=").count(), 1, "{out}");
    }

    /// The value of a presentation attribute where `n` is: its own or inherited from the
    /// nearest group that has it.
    fn inherited<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
        n.ancestors().find_map(|a| a.attribute(name))
    }

    /// Marks in a row that share a style share one group with it, and every mark still
    /// ends up with exactly the style it was drawn with, as its own or inherited.
    #[test]
    fn runs_of_one_style_share_it_and_keep_their_own() {
        let mut out = String::from("<svg>");
        {
            let area = SvgText::new(&mut out, (WIDTH, 100)).into_drawing_area();
            let pen = Pen { area: &area };
            pen.text("0", 10, 90, SMALL, Align::Middle, MUTED, false)
                .unwrap();
            pen.text("50", 50, 90, SMALL, Align::Middle, MUTED, false)
                .unwrap();
            pen.text("（件）", 90, 90, SMALL, Align::End, MUTED, false)
                .unwrap();
            pen.text("目標値", 10, 10, BASE, Align::Start, INK, true)
                .unwrap();
            pen.text("実績", 10, 30, BASE, Align::Start, INK, true)
                .unwrap();
            pen.text("3件", 90, 30, BASE, Align::End, INK, false)
                .unwrap();
            pen.line(&[(10, 0), (10, 80)], GRID, 1).unwrap();
            pen.line(&[(50, 0), (50, 80)], GRID, 1).unwrap();
            pen.line(&[(10, 80), (90, 80)], MUTED, 1).unwrap();
            pen.line(&[(60, 0), (60, 20), (70, 30)], GRID, 2).unwrap();
            pen.bar(10, 40, 60, 50, BAR, BAR_EDGE, 1).unwrap();
            pen.bar(10, 60, 70, 70, PAPER, INK, 2).unwrap();
            pen.dot(30, 30, 5, BAR).unwrap();
            pen.dot(40, 30, 5, BAR).unwrap();
            // A ring around another centre is a circle of its own.
            area.draw(&Circle::new((50, 30), 5, BAR.filled())).unwrap();
            area.draw(&Circle::new((60, 30), 5, Color::stroke_width(&PAPER, 2)))
                .unwrap();
        }
        out.push_str("</svg>");
        let doc = parse(&out);
        let texts: Vec<[&str; 5]> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| {
                [
                    n.text().unwrap_or_default(),
                    inherited(n, "text-anchor").unwrap_or("start"),
                    inherited(n, "font-size").unwrap_or_default(),
                    inherited(n, "fill").unwrap_or_default(),
                    inherited(n, "font-weight").unwrap_or("normal"),
                ]
            })
            .collect();
        assert_eq!(
            texts,
            [
                ["0", "middle", "13", "#545454", "normal"],
                ["50", "middle", "13", "#545454", "normal"],
                ["（件）", "end", "13", "#545454", "normal"],
                ["目標値", "start", "15", "#1A1A1A", "bold"],
                ["実績", "start", "15", "#1A1A1A", "bold"],
                ["3件", "end", "15", "#1A1A1A", "normal"],
            ],
            "{out}"
        );
        let strokes: Vec<[&str; 4]> = doc
            .descendants()
            .filter(|n| n.has_tag_name("path"))
            .map(|n| {
                [
                    n.attribute("d").unwrap_or_default(),
                    inherited(n, "stroke").unwrap_or_default(),
                    inherited(n, "stroke-width").unwrap_or("1"),
                    inherited(n, "fill").unwrap_or_default(),
                ]
            })
            .collect();
        assert_eq!(
            strokes,
            [
                ["M10 0V80", "#D0D0D0", "1", "none"],
                ["M50 0V80", "#D0D0D0", "1", "none"],
                ["M10 80H90", "#545454", "1", "none"],
                ["M60 0V20L70 30", "#D0D0D0", "2", "none"],
                // A bar's edge as one path from corner to corner, unclosed as drawn.
                ["M10 40H60V50H10V40", "#004C78", "1", "none"],
                ["M10 60H70V70H10V60", "#1A1A1A", "2", "none"],
            ],
            "{out}"
        );
        // Each group is a run of two or more; a lone mark carries its own style.
        let groups: Vec<usize> = doc
            .descendants()
            .filter(|n| n.has_tag_name("g"))
            .map(|g| g.children().filter(|c| c.is_element()).count())
            .collect();
        assert_eq!(groups, [2, 2, 2], "{out}");
        // A dot is a disc and its paper ring on one element, each dot its own.
        let dots: Vec<[&str; 4]> = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .map(|n| {
                ["cx", "fill", "stroke", "stroke-width"].map(|a| n.attribute(a).unwrap_or_default())
            })
            .collect();
        assert_eq!(
            dots,
            [
                ["30", "#0072B2", "#FFFFFF", "2"],
                ["40", "#0072B2", "#FFFFFF", "2"],
                ["50", "#0072B2", "", ""],
                ["60", "none", "#FFFFFF", "2"],
            ],
            "{out}"
        );
        assert_eq!(
            doc.descendants().filter(|n| n.has_tag_name("rect")).count(),
            1
        );
    }

    #[test]
    fn text_width_counts_japanese_as_one_em() {
        assert!((text_width("令和3年度") - 4.6).abs() < 1e-9);
        assert!(text_width("2021") < 3.0);
    }

    #[test]
    fn year_labels_split_to_fit() {
        assert_eq!(fit_year_label("令和3年度", 100.0, 12), vec!["令和3年度"]);
        assert_eq!(fit_year_label("令和3年度", 40.0, 12), vec!["令和3", "年度"]);
        assert_eq!(
            fit_year_label("令和3年度（2021年度）", 60.0, 12),
            vec!["令和3年度", "（2021年度）"]
        );
    }

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
        assert!(contrast(INK, BASELINE_FILL) >= 4.5);
        // Bars against the page: graphical objects need 3:1.
        assert!(contrast(BAR, PAPER) >= 3.0);
    }

    #[test]
    fn distribution_chart_is_accessible_svg() {
        let t = tally(2, 3, 1);
        let c = grade_distribution(
            "chart-grades",
            "重点目標の評価の内訳",
            "重点目標",
            &grades([1, 1, 1, 0, 0, 1]),
            &t,
        );
        let svg = c.svg.as_deref().expect("drawn");
        let doc = parse(svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("chart-grades-title")
        );
        assert_eq!(root.attribute("viewBox"), Some("0 0 400 230"));
        assert_eq!(root.attribute("width"), None, "no fixed width");
        assert!(
            root.attribute("font-family")
                .unwrap()
                .ends_with("sans-serif")
        );
        let title = root.first_element_child().unwrap();
        assert!(title.has_tag_name("title"));
        assert_eq!(title.attribute("id"), Some("chart-grades-title"));
        assert_eq!(title.text(), Some("重点目標の評価の内訳"));
        let ts = texts(svg);
        for want in ["A", "概ね達成", "一部達成", "未評価", "1件", "0件"] {
            assert!(ts.iter().any(|t| t == want), "{want} in {ts:?}");
        }
        assert!(!svg.contains("hyoka-chart-font"));
        assert!(svg.contains("font-size=\"15\"") && svg.contains("font-size=\"13\""));
        assert_eq!(
            c.summary,
            "重点目標4件の評価はA（達成）1件、B（概ね達成）1件、C（一部達成）1件、未評価1件で、達成率は66.7%です。"
        );
        let table = c.table.unwrap();
        assert_eq!(table.foot[1].cells[0].text, "66.7%");
        assert_eq!(table.rows.len(), 6);
    }

    #[test]
    fn nothing_evaluated_means_no_chart_and_no_zero() {
        let c = grade_distribution(
            "x",
            "t",
            "目標",
            &grades([0, 0, 0, 0, 0, 3]),
            &tally(0, 0, 3),
        );
        assert!(c.svg.is_none());
        assert!(c.summary.contains(NO_EVALUATED_GOALS), "{}", c.summary);
        assert_eq!(c.table.unwrap().foot[1].cells[0].text, "未評価");
        let trend = rate_trend(
            "t",
            "達成率の推移",
            "",
            &[RatePoint {
                label: "令和3年度".into(),
                short: String::new(),
                tally: Some(tally(0, 0, 4)),
                missing: "報告なし".into(),
            }],
        );
        assert!(trend.svg.is_none());
        assert_eq!(trend.summary, NO_EVALUATED_GOALS);
        assert!(!trend.table.unwrap().rows[0].cells[0].text.contains('0'));
        let by_dept = rates_by_department(
            "d",
            "t",
            "令和3年度",
            &[NamedRate {
                name: "企画部".into(),
                tally: tally(0, 0, 2),
            }],
            &tally(0, 0, 2),
        );
        assert!(by_dept.svg.is_none());
    }

    #[test]
    fn trend_leaves_gaps_and_states_the_change() {
        let pts = [
            RatePoint {
                label: "令和2年度".into(),
                short: String::new(),
                tally: Some(tally(1, 2, 0)),
                missing: "報告なし".into(),
            },
            RatePoint {
                label: "令和3年度".into(),
                short: String::new(),
                tally: None,
                missing: "報告なし".into(),
            },
            RatePoint {
                label: "令和4年度".into(),
                short: String::new(),
                tally: Some(tally(1, 2, 0)),
                missing: "報告なし".into(),
            },
            RatePoint {
                label: "令和5年度".into(),
                short: String::new(),
                tally: Some(tally(2, 3, 1)),
                missing: "報告なし".into(),
            },
        ];
        let c = rate_trend("trend", "達成率の推移", "", &pts);
        assert_eq!(
            c.summary,
            "令和5年度の達成率は66.7%で、前年度から16.7ポイント上昇しました。"
        );
        let svg = c.svg.unwrap();
        // Two runs: 令和2 alone (no line) and 令和4–5 (one line of two points).
        let lines = series(&svg);
        assert_eq!(lines.len(), 1, "{svg}");
        assert_eq!(points(&lines[0]), 2, "{}", lines[0]);
        let ts = texts(&svg);
        assert!(ts.iter().any(|t| t == "報告なし"));
        assert!(ts.iter().any(|t| t == "66.7%"));
        assert!(!ts.iter().any(|t| t == "0.0%"));
        // After a year without a report, the summary says so instead of a change.
        let c = rate_trend("t", "t", "", &pts[..3]);
        assert_eq!(
            c.summary,
            "令和4年度の達成率は50.0%です（前年度は報告なし）。"
        );
    }

    #[test]
    fn isehara_page_views() {
        let c = indicator(
            "chart-pv",
            &ind(Some(4_500_000.0), Some(4_238_714.0), Some(4_100_000.0)),
        );
        assert_eq!(
            c.summary,
            "公式ホームページ総ページビュー数の実績は4,238,714件（基準値4,100,000件）で、目標値4,500,000件に対する達成率は94.2%です。"
        );
        let svg = c.svg.unwrap();
        let ts = texts(&svg);
        for want in [
            "基準値",
            "目標値",
            "実績",
            "4,238,714件",
            "4,500,000件",
            "0",
            "400万",
        ] {
            assert!(ts.iter().any(|t| t == want), "{want} in {ts:?}");
        }
        // Only an actual: nothing to hold it against.
        let c = indicator("x", &ind(None, Some(21.0), None));
        assert!(c.svg.is_none());
        let c = indicator("x", &ind(Some(10.0), None, None));
        assert!(c.svg.is_none());
        assert!(c.summary.contains("未測定"));
    }

    #[test]
    fn same_input_same_bytes() {
        let a = indicator("i", &ind(Some(3.0), Some(2.5), None)).svg;
        let b = indicator("i", &ind(Some(3.0), Some(2.5), None)).svg;
        assert!(a.is_some());
        assert_eq!(a, b);
    }

    #[test]
    fn department_summary_names_highest_and_lowest() {
        let rows = [
            NamedRate {
                name: "企画部".into(),
                tally: tally(2, 2, 0),
            },
            NamedRate {
                name: "市民部".into(),
                tally: tally(1, 3, 0),
            },
            NamedRate {
                name: "都市部".into(),
                tally: tally(0, 0, 3),
            },
        ];
        let c = rates_by_department("d", "部局別の達成率", "令和3年度", &rows, &tally(3, 5, 3));
        assert_eq!(
            c.summary,
            "令和3年度の達成率は企画部の100.0%が最も高く、市民部の33.3%が最も低くなっています（全部局では60.0%）。"
        );
        let ts = texts(c.svg.as_deref().unwrap());
        assert!(ts.iter().any(|t| t == "未評価"));
        assert!(ts.iter().any(|t| t == "全部局 60.0%"));
    }

    #[test]
    fn stacked_years_show_letters_and_gaps() {
        let cats = grades([0; 6]);
        let years = [
            YearCounts {
                label: "令和3年度".into(),
                counts: Some(vec![2, 1, 0, 1, 0, 0]),
            },
            YearCounts {
                label: "令和4年度".into(),
                counts: None,
            },
            YearCounts {
                label: "令和5年度".into(),
                counts: Some(vec![1, 1, 1, 0, 0, 1]),
            },
        ];
        let c = grade_distribution_by_year("g", "評価の内訳の推移", "目標", &cats, &years);
        assert_eq!(
            c.summary,
            "令和5年度の目標4件の評価はA（達成）1件、B（概ね達成）1件、C（一部達成）1件、未評価1件です。"
        );
        let ts = texts(c.svg.as_deref().unwrap());
        for want in ["A 2", "報告なし", "令和4年度", "未評価 1", "B 概ね達成"] {
            assert!(ts.iter().any(|t| t == want), "{want} in {ts:?}");
        }
        let t = c.table.unwrap();
        assert_eq!(t.rows[0].cells.last().unwrap().text, "4件");
        assert_eq!(t.rows[1].cells[0].text, "報告なし");
    }

    #[test]
    fn short_years_and_crowded_axes() {
        use crate::model::fiscal::{FiscalYear, YearStyle};
        assert_eq!(short_year(FiscalYear(2019), YearStyle::Wareki), "R元");
        assert_eq!(short_year(FiscalYear(2021), YearStyle::Wareki), "R3");
        assert_eq!(short_year(FiscalYear(2016), YearStyle::Wareki), "H28");
        assert_eq!(short_year(FiscalYear(2021), YearStyle::Both), "2021");
        let pts: Vec<RatePoint> = (2013..2025)
            .map(|y| RatePoint {
                label: FiscalYear(y).label(YearStyle::Wareki),
                short: short_year(FiscalYear(y), YearStyle::Wareki),
                tally: None,
                missing: "報告なし".into(),
            })
            .collect();
        // Four years fit whole; twelve get short labels, the newest always named.
        assert_eq!(year_axis_labels(&pts[..4], 90.0)[0], ["平成25年度"]);
        let dense = year_axis_labels(&pts, 30.0);
        assert_eq!(dense[11], ["R6"]);
        assert!(dense.iter().any(|l| l[0].is_empty()));
        for l in dense.iter().filter(|l| !l[0].is_empty()) {
            assert!(width_at(&l[0], SMALL) <= 2.0 * 30.0);
        }
    }

    #[test]
    fn crowded_trend_keeps_gaps_and_the_newest_value() {
        use crate::model::fiscal::{FiscalYear, YearStyle};
        let pts: Vec<RatePoint> = (0..12)
            .map(|i| RatePoint {
                label: FiscalYear(2013 + i).label(YearStyle::Wareki),
                short: short_year(FiscalYear(2013 + i), YearStyle::Wareki),
                tally: (i != 5).then(|| tally(1, 2, 0)),
                missing: "報告なし".into(),
            })
            .collect();
        let c = rate_trend("t", "推移", "", &pts);
        let svg = c.svg.unwrap();
        let ts = texts(&svg);
        // The newest value is written; the gap is marked, not drawn as 0.
        assert!(ts.iter().any(|t| t == "50.0%"));
        assert!(ts.iter().any(|t| t == "—" || t == "報告なし"));
        assert!(!ts.iter().any(|t| t == "0.0%"));
        let lines = series(&svg);
        assert_eq!(lines.len(), 2, "one line before the gap, one after: {svg}");
        // Five years before the gap, six after.
        assert_eq!(lines.iter().map(|d| points(d)).collect::<Vec<_>>(), [5, 6]);
    }
}
