//! One indicator's 実績 against its 目標値 (and 基準値) as a bullet chart, with the
//! sentence that states them; the goal's indicator table holds the numbers.

use super::axes::{Scale, ticks, x_axis};
use super::colours::{BAR, BAR_EDGE, INK, MUTED, PAPER};
use super::measure::{amount, axis_number};
use super::pen::{Align, render};
use super::{BASE, ChartView, SMALL, WIDTH};
use crate::analyze::metrics;
use crate::model::{Better, Indicator};

/// An indicator as a bullet chart: one bar from zero to the 実績, the 目標値 as a black
/// mark across it and the 基準値 as a dashed grey one, each named with its value in a
/// legend above (a shape and a word for each, so colour is never the only cue). Drawn
/// when there is an actual and something to hold it against; the goal's indicator table
/// beside it holds the numbers, so there is no extra table.
pub fn indicator(id: &str, ind: &Indicator, rate_word: &str) -> ChartView {
    let name = ind.name.as_str();
    let unit = ind.unit.as_deref().unwrap_or("");
    // Each value is worded once, for both the summary and the chart.
    let amount = |v: f64| amount(v, unit);
    let actual_text = |v: f64| {
        if ind.approximate {
            ["約", &amount(v)].concat()
        } else {
            amount(v)
        }
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
            summary = match ind.actual_text.as_deref() {
                // What the source writes instead of a number (調査中), as written.
                Some(t) => [name, "の実績は「", t, "」のため、グラフはありません。"].concat(),
                None => [name, "の実績は未測定のため、グラフはありません。"].concat(),
            };
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
                            "に対する",
                            rate_word,
                            "は",
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
            let mut rows: Vec<(&str, String, f64, Mark)> = Vec::with_capacity(3);
            rows.push(("実績", actual, a, Mark::Actual));
            if let (Some(t), Some(text)) = (ind.target, target) {
                rows.push(("目標値", text, t, Mark::Target));
            }
            if let (Some(b), Some(text)) = (ind.baseline, baseline) {
                rows.push(("基準値", text, b, Mark::Baseline));
            }
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

/// What a row of the bullet chart's legend names: the bar, the target mark or the
/// baseline mark.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Mark {
    Baseline,
    Target,
    Actual,
}

/// Draws the bullet chart of `rows` (name, value as written, value, what it is), the
/// actual first. `lower` writes that smaller is better above it.
pub(super) fn draw_indicator(
    id: &str,
    title: &str,
    rows: &[(&str, String, f64, Mark)],
    unit: &str,
    lower: bool,
) -> Option<String> {
    let (x0, x1) = (14, WIDTH as i32 - 20);
    let top = if lower { 30 } else { 8 };
    let line_h = 24;
    // The bar, with the marks reaching 8 units beyond it on both sides.
    let bar_top = top + line_h * rows.len() as i32 + 12;
    let bar_bottom = bar_top + 22;
    let axis_y = bar_bottom + 12;
    let height = (axis_y + 44) as u32;
    let lo = rows.iter().map(|r| r.2).fold(0.0, f64::min);
    let hi = rows.iter().map(|r| r.2).fold(0.0, f64::max);
    let ts = if hi == lo {
        vec![0.0, 1.0]
    } else {
        ticks(lo, hi, 4, false)
    };
    let sx = Scale {
        d0: ts[0],
        d1: *ts.last().unwrap_or(&1.0),
        p0: x0 as f64,
        p1: x1 as f64,
    };
    render(id, title, height, |pen| {
        if lower {
            pen.text("小さいほど良い指標", x0, 12, SMALL, Align::Start, INK, true)?;
        }
        x_axis(pen, sx, &ts, axis_y, &[(bar_top - 10, axis_y)], axis_number)?;
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
        // The legend: a line per value, its symbol, its name and its value, each kind
        // together (see [`SvgText`]).
        let ly = |k: usize| top + 10 + line_h * k as i32;
        for (k, (label, ..)) in rows.iter().enumerate() {
            pen.text(label, x0 + 22, ly(k), BASE, Align::Start, INK, true)?;
        }
        for (k, (_, value, ..)) in rows.iter().enumerate() {
            pen.text(value, x1, ly(k), BASE, Align::End, INK, false)?;
        }
        for (k, (.., kind)) in rows.iter().enumerate() {
            let (x, y) = (x0 + 7, ly(k));
            match kind {
                Mark::Actual => pen.bar(x0, y - 6, x0 + 14, y + 6, BAR, BAR_EDGE, 1)?,
                Mark::Target => pen.line(&[(x, y - 9), (x, y + 9)], INK, 3)?,
                Mark::Baseline => pen.dashed(&[(x, y - 9), (x, y + 9)], MUTED, 2)?,
            }
        }
        // The bar of the actual, then the marks over it, each on a white edge so that it
        // stays visible on the bar, in print too.
        for (.., v, kind) in rows {
            if *kind == Mark::Actual {
                pen.bar(sx.at(0.0), bar_top, sx.at(*v), bar_bottom, BAR, BAR_EDGE, 1)?;
            }
        }
        let (mt, mb) = (bar_top - 8, bar_bottom + 8);
        for (.., v, kind) in rows {
            let x = sx.at(*v);
            match kind {
                Mark::Baseline => {
                    pen.line(&[(x, mt), (x, mb)], PAPER, 4)?;
                    pen.dashed(&[(x, mt), (x, mb)], MUTED, 2)?;
                }
                Mark::Target => {
                    pen.line(&[(x, mt), (x, mb)], PAPER, 5)?;
                    pen.line(&[(x, mt), (x, mb)], INK, 3)?;
                }
                Mark::Actual => {}
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ind, inherited, parse, texts};
    use super::*;

    #[test]
    fn isehara_page_views() {
        let c = indicator(
            "chart-pv",
            &ind(Some(4_500_000.0), Some(4_238_714.0), Some(4_100_000.0)),
            "達成率",
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
        let c = indicator("x", &ind(None, Some(21.0), None), "達成率");
        assert!(c.svg.is_none());
        let c = indicator("x", &ind(Some(10.0), None, None), "達成率");
        assert!(c.svg.is_none());
        assert!(c.summary.contains("未測定"));
    }

    /// The vertical strokes drawn `width` wide in `colour` and longer than `min` units, as
    /// (x, top, bottom).
    fn marks(svg: &str, colour: &str, width: &str, min: i32) -> Vec<(i32, i32, i32)> {
        let doc = parse(svg);
        doc.descendants()
            .filter(|n| n.has_tag_name("path"))
            .filter(|n| {
                inherited(*n, "stroke") == Some(colour)
                    && inherited(*n, "stroke-width") == Some(width)
            })
            .filter_map(|n| {
                // `M x y V y2`: a vertical stroke.
                let d = n.attribute("d")?.strip_prefix('M')?;
                let (xy, y2) = d.split_once('V')?;
                let (x, y) = xy.split_once(' ')?;
                let (x, y, y2): (i32, i32, i32) =
                    (x.parse().ok()?, y.parse().ok()?, y2.parse().ok()?);
                (y2 - y > min).then_some((x, y, y2))
            })
            .collect()
    }

    /// (x, y, width, height) of every filled rectangle.
    fn rects(svg: &str) -> Vec<(i32, i32, i32, i32)> {
        let doc = parse(svg);
        let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<i32>().unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("rect"))
            .map(|n| (num(n, "x"), num(n, "y"), num(n, "width"), num(n, "height")))
            .collect()
    }

    /// A bullet chart: one bar for the actual, the target as a black mark across it (and
    /// the baseline as a dashed grey one), not a bar for each value.
    #[test]
    fn a_bar_and_a_target_mark() {
        let svg = indicator(
            "b",
            &ind(Some(4_500_000.0), Some(4_238_714.0), Some(4_100_000.0)),
            "達成率",
        )
        .svg
        .unwrap();
        // The bar and the legend's swatch: one bar as tall as the bar zone.
        let bars: Vec<_> = rects(&svg).into_iter().filter(|r| r.3 > 16).collect();
        assert_eq!(bars.len(), 1, "one bar: {svg}");
        let (bx, by, bw, bh) = bars[0];
        // The target mark: a 3-unit black stroke across the bar, beyond its end (the
        // actual is under the target), reaching over and under it.
        let target = marks(&svg, "#1A1A1A", "3", 20);
        assert_eq!(target.len(), 1, "{svg}");
        let (tx, ty, ty2) = target[0];
        assert!(tx > bx + bw, "target {tx} after the bar's end {}", bx + bw);
        assert!(ty < by && ty2 > by + bh);
        // The baseline, dashed (several short strokes) left of the bar's end.
        let doc = parse(&svg);
        let dashed = doc
            .descendants()
            .filter(|n| n.has_tag_name("path") && inherited(*n, "stroke") == Some("#545454"))
            .filter(|n| inherited(*n, "stroke-width") == Some("2"))
            .count();
        assert!(dashed >= 2, "{svg}");
        // Each value named in words, not by colour alone.
        let ts = texts(&svg);
        for want in [
            "実績",
            "目標値",
            "基準値",
            "4,238,714件",
            "4,500,000件",
            "4,100,000件",
        ] {
            assert!(ts.iter().any(|t| t == want), "{want} in {ts:?}");
        }

        // Lower is better and the actual beats the target: the mark inside the bar, and
        // the chart says which way is good.
        let mut lower = ind(Some(30.0), Some(25.0), None);
        lower.better = Better::Lower;
        let c = indicator("l", &lower, "達成率");
        let svg = c.svg.unwrap();
        let (bx, _, bw, _) = rects(&svg).into_iter().find(|r| r.3 > 16).unwrap();
        let (tx, ..) = marks(&svg, "#1A1A1A", "3", 20)[0];
        assert!(tx > bx + bw, "25 is short of the 30 mark");
        assert!(texts(&svg).iter().any(|t| t == "小さいほど良い指標"));
        assert!(c.summary.contains("小さいほど良い指標"), "{}", c.summary);
    }

    #[test]
    fn same_input_same_bytes() {
        let a = indicator("i", &ind(Some(3.0), Some(2.5), None), "達成率").svg;
        let b = indicator("i", &ind(Some(3.0), Some(2.5), None), "達成率").svg;
        assert!(a.is_some());
        assert_eq!(a, b);
    }
}
