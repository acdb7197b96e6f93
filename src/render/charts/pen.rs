//! What every chart draws with: plotters elements over one drawing area of the
//! [`SvgText`] backend, and the root `<svg>` around them.
//!
//! Each chart is one plotters drawing area, and the bars, lines, dashes, dots and labels
//! are plotters elements ([`Rectangle`], [`DashedPathElement`], [`Circle`], and this
//! file's [`Polyline`] and [`Label`], plotters' `PathElement` and `Text` without their
//! allocations). plotters' own SVG backend was the first choice; it is not used because of
//! its text (see [`SvgText`]), and because rewriting its output cost more than everything
//! else on a report page (the README's 性能 section has the figures).

use super::attrs::push_int;
use super::colours::PAPER;
use super::measure::text_width;
use super::svg::{NoError, SvgText};
use super::{FONT_FAMILY, WIDTH};
use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, Drawable, PointCollection, Rectangle};
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters::style::{Color, FontFamily, FontStyle, RGBColor, ShapeStyle};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// The plotters drawing area of one chart.
type Area<'s, 'o> = DrawingArea<SvgText<'o>, Shift>;

/// Drawing never fails (the SVG is written into a string), but plotters' API says it may.
pub(super) type DrawResult = Result<(), DrawingAreaErrorKind<NoError>>;

#[derive(Clone, Copy)]
pub(super) enum Align {
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
pub(super) struct Pen<'p, 'o> {
    pub(super) area: &'p Area<'p, 'o>,
}

impl Pen<'_, '_> {
    /// Text whose vertical middle is at `y`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn text(
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

    pub(super) fn fill(&self, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor) -> DrawResult {
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
    pub(super) fn bar(
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

    pub(super) fn line(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> DrawResult {
        self.area.draw(&Polyline {
            points,
            style: Color::stroke_width(&color, width),
        })
    }

    /// Dashes of 5 units with gaps of 4 along `points`.
    pub(super) fn dashed(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> DrawResult {
        self.area.draw(&DashedPathElement::new(
            points.iter().copied(),
            5,
            4,
            Color::stroke_width(&color, width),
        ))
    }

    /// A dot with a paper-coloured ring, so overlapping dots stay apart.
    pub(super) fn dot(&self, x: i32, y: i32, r: u32, color: RGBColor) -> DrawResult {
        self.area.draw(&Circle::new((x, y), r, color.filled()))?;
        self.area
            .draw(&Circle::new((x, y), r, Color::stroke_width(&PAPER, 2)))
    }
}

/// Draws a chart of `height` user units and returns the SVG: a root element that scales
/// to its container and names the chart, its `<title>`, then what `draw` drew with
/// plotters.
#[inline]
pub(super) fn render(
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
