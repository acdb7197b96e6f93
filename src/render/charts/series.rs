//! One indicator across the fiscal years: its 実績 as a line with honest gaps and its
//! 目標値 as a mark at each year, with the sentence that states the change; the page's
//! table of the series holds the numbers.

use super::axes::{Scale, ticks, y_axis, year_axis_labels};
use super::colours::{BAR, INK, MUTED, PAPER};
use super::measure::{amount, axis_number};
use super::pen::{Align, render};
use super::{ChartView, RatePoint, SMALL, WIDTH};

/// An indicator in one fiscal year.
#[derive(Clone, Debug)]
pub struct SeriesValue {
    /// Year label in the site's style.
    pub label: String,
    /// Short label for a crowded axis ([`super::short_year`]).
    pub short: String,
    /// 実績, when measured that year.
    pub actual: Option<f64>,
    /// 目標値, when set that year.
    pub target: Option<f64>,
}

/// An indicator's 実績 by fiscal year as a line (a year without one is a gap, never a
/// zero), each year's 目標値 as a short black bar at its height, and a sentence stating
/// the first and the latest actual. With fewer than two measured years there is no
/// chart: the table beside it says the one value. No data table: the page's own table of
/// the series, beside the chart, holds the numbers.
pub fn indicator_trend(
    id: &str,
    name: &str,
    unit: &str,
    lower: bool,
    points: &[SeriesValue],
) -> ChartView {
    let title = [name, "の実績の推移"].concat();
    let measured: Vec<usize> = (0..points.len())
        .filter(|&i| points[i].actual.is_some())
        .collect();
    let amount = |v: f64| amount(v, unit);
    let (svg, summary) = match (measured.first(), measured.last()) {
        (Some(&a), Some(&b)) if a != b => {
            let (first, last) = (&points[a], &points[b]);
            let (v0, v1) = (first.actual.unwrap_or(0.0), last.actual.unwrap_or(0.0));
            let target = match last.target {
                Some(t) => ["（", &last.label, "の目標値は", &amount(t), "）"].concat(),
                None => String::new(),
            };
            let note = if lower {
                "小さいほど良い指標です。"
            } else {
                ""
            };
            let summary = [
                name,
                "の実績は",
                &first.label,
                "の",
                &amount(v0),
                "から",
                &last.label,
                "の",
                &amount(v1),
                if v1 == v0 {
                    "で、変わっていません"
                } else {
                    "になりました"
                },
                &target,
                "。",
                note,
            ]
            .concat();
            (draw_series(id, &title, unit, lower, points), summary)
        }
        _ => (None, String::new()),
    };
    ChartView {
        id: id.to_string(),
        title,
        svg,
        summary,
        table: None,
    }
}

fn draw_series(
    id: &str,
    title: &str,
    unit: &str,
    lower: bool,
    points: &[SeriesValue],
) -> Option<String> {
    let values = points.iter().flat_map(|p| [p.actual, p.target]).flatten();
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
    let ts = if hi == lo {
        vec![0.0, 1.0]
    } else {
        ticks(lo, hi, 4, false)
    };
    let widest = ts
        .iter()
        .map(|&t| super::measure::width_at(&axis_number(t), SMALL))
        .fold(0.0, f64::max);
    let (x0, x1) = (widest.ceil() as i32 + 10, WIDTH as i32 - 8);
    let slot = (x1 - x0) as f64 / points.len() as f64;
    // The year axis as the 達成率 trend writes it: whole, split or short labels.
    let years: Vec<RatePoint> = points
        .iter()
        .map(|p| RatePoint {
            label: p.label.clone(),
            short: p.short.clone(),
            tally: None,
            missing: String::new(),
        })
        .collect();
    let labels = year_axis_labels(&years, slot);
    let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let top = if lower { 56 } else { 36 };
    let bottom = top + 120;
    let height = (bottom + 12 + 16 * lines) as u32;
    let sy = Scale {
        d0: ts[0],
        d1: *ts.last().unwrap_or(&1.0),
        p0: bottom as f64,
        p1: top as f64,
    };
    let cx = |i: usize| (x0 as f64 + slot * (i as f64 + 0.5)).round() as i32;
    render(id, title, height, |pen| {
        // The legend in words and shapes: a dot for the 実績, a bar for the 目標値.
        pen.dot(8, 12, 5, BAR)?;
        pen.line(&[(86, 12), (102, 12)], INK, 3)?;
        pen.text("実績", 18, 12, SMALL, Align::Start, INK, false)?;
        pen.text("目標値", 108, 12, SMALL, Align::Start, INK, false)?;
        if !unit.is_empty() {
            let u = ["（単位: ", unit, "）"].concat();
            pen.text(&u, x1, 12, SMALL, Align::End, MUTED, false)?;
        }
        if lower {
            pen.text("小さいほど良い指標", 0, 34, SMALL, Align::Start, INK, true)?;
        }
        y_axis(pen, sy, &ts, x0, x1, axis_number)?;
        // Targets first, the line and dots over them.
        for (i, p) in points.iter().enumerate() {
            if let Some(t) = p.target {
                let (x, y) = (cx(i), sy.at(t));
                pen.line(&[(x - 10, y), (x + 10, y)], PAPER, 5)?;
                pen.line(&[(x - 9, y), (x + 9, y)], INK, 3)?;
            }
        }
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, p) in points.iter().enumerate() {
            match p.actual {
                Some(v) => run.push((cx(i), sy.at(v))),
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
        for (i, p) in points.iter().enumerate() {
            if let Some(v) = p.actual {
                pen.dot(cx(i), sy.at(v), 5, BAR)?;
            }
        }
        for (i, ls) in labels.iter().enumerate() {
            for (k, l) in ls.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
                let y = bottom + 16 + 16 * k as i32;
                pen.text(l, cx(i), y, SMALL, Align::Middle, INK, false)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{parse, smallest_text_px, texts};
    use super::super::{MIN_TEXT_PX, PHONE_COLUMN_PX};
    use super::*;

    fn point(year: u32, actual: Option<f64>, target: Option<f64>) -> SeriesValue {
        SeriesValue {
            label: format!("令和{year}年度"),
            short: format!("R{year}"),
            actual,
            target,
        }
    }

    #[test]
    fn actual_line_and_target_marks() {
        let pts = [
            point(3, Some(120.0), Some(150.0)),
            point(4, None, Some(150.0)),
            point(5, Some(160.0), Some(150.0)),
        ];
        let c = indicator_trend("s", "相談件数", "件", false, &pts);
        assert_eq!(
            c.summary,
            "相談件数の実績は令和3年度の120件から令和5年度の160件になりました（令和5年度の目標値は150件）。"
        );
        let svg = c.svg.unwrap();
        let doc = parse(&svg);
        // Three target marks, two dots, no line across the unmeasured year.
        let strokes = |colour: &str, width: &str| {
            doc.descendants()
                .filter(|n| n.has_tag_name("path"))
                .filter(|n| {
                    super::super::testing::inherited(*n, "stroke") == Some(colour)
                        && super::super::testing::inherited(*n, "stroke-width") == Some(width)
                })
                .count()
        };
        assert_eq!(
            strokes("#1A1A1A", "3"),
            1 + 3,
            "legend and three marks: {svg}"
        );
        assert_eq!(strokes("#0072B2", "3"), 0, "a gap, not a line: {svg}");
        let dots = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle"))
            .count();
        assert_eq!(dots, 1 + 2);
        let ts = texts(&svg);
        for want in ["実績", "目標値", "（単位: 件）", "令和3年度", "令和5年度"] {
            assert!(ts.iter().any(|t| t == want), "{want} in {ts:?}");
        }
        assert!(smallest_text_px(&svg, PHONE_COLUMN_PX as f64) >= MIN_TEXT_PX as f64);
    }

    #[test]
    fn one_measured_year_is_no_chart() {
        let pts = [point(4, Some(10.0), Some(12.0)), point(5, None, Some(12.0))];
        assert!(indicator_trend("s", "x", "", false, &pts).svg.is_none());
        let pts = [point(4, Some(10.0), None), point(5, Some(10.0), None)];
        let c = indicator_trend("s", "x", "%", true, &pts);
        assert!(c.svg.is_some());
        assert_eq!(
            c.summary,
            "xの実績は令和4年度の10%から令和5年度の10%で、変わっていません。小さいほど良い指標です。"
        );
    }
}
