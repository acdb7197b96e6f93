//! The plotters backend the charts draw into: it writes each mark as compact SVG straight
//! into the chart's string, grouping marks of one style, instead of plotters' own SVG
//! backend (why, in [`SvgText`]).

use super::attrs::{
    HAnchor, Look, Stroke, Style, push_color, push_int, push_opacity, push_ring, push_stroke,
    push_style,
};
use super::measure::text_width;
use plotters::style::FontStyle;
use plotters_backend::FontTransform;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// The SVG that plotters draws into: a plotters [`DrawingBackend`] that writes what it is
/// given as compact SVG straight into the chart's string.
///
/// plotters' own `SVGBackend` would do for the shapes, but not for the text: it writes a
/// `font-family` on every `<text>`, the font size divided by plotters' bitmap factor
/// (`13.000000000000002`), and line breaks inside `<text>` that become part of the
/// label; it also measures text with plotters' font estimate, which counts UTF-8 bytes
/// (a Japanese character as 2.1 em). This backend writes the family once on the root
/// element, whole sizes, and the label exactly, and measures with [`text_width`] (why, in
/// [`measure`](super::measure)).
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
pub(super) struct SvgText<'s> {
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
pub(super) struct NoError;

impl std::fmt::Display for NoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SVG の書き出しに失敗しました")
    }
}

impl std::error::Error for NoError {}

pub(super) type BackendResult = Result<(), DrawingErrorKind<NoError>>;

/// `c`, or `None` when it is fully transparent (nothing to draw).
pub(super) fn visible(c: BackendColor) -> Option<BackendColor> {
    (c.alpha != 0.0).then_some(c)
}

/// Room for one element without its text: the backend reserves it before writing an
/// element, so the attributes are appended without growing the string in between.
pub(super) const ELEMENT_ROOM: usize = 192;

/// What is open at the end of the backend's string.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Open {
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
    pub(super) fn new(out: &mut String, size: (u32, u32)) -> SvgText<'_> {
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

#[cfg(test)]
mod tests {
    use super::super::colours::{BAR, BAR_EDGE, GRID, INK, MUTED, PAPER};
    use super::super::pen::{Align, Pen};
    use super::super::testing::{inherited, parse};
    use super::super::{BASE, SMALL, WIDTH};
    use super::*;
    use plotters::element::{Circle, Rectangle};
    use plotters::prelude::IntoDrawingArea;
    use plotters::style::{Color, FontDesc, FontFamily, TextStyle};

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
            "<text text-anchor=\"middle\" font-size=\"14\" fill=\"#1A1A1A\" font-weight=\"bold\" x=\"10\" y=\"20\" dy=\".5ex\">達成率&lt;100%&gt;</text>\n"
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
                ["0", "middle", "14", "#545454", "normal"],
                ["50", "middle", "14", "#545454", "normal"],
                ["（件）", "end", "14", "#545454", "normal"],
                ["目標値", "start", "16", "#1A1A1A", "bold"],
                ["実績", "start", "16", "#1A1A1A", "bold"],
                ["3件", "end", "16", "#1A1A1A", "normal"],
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
}
