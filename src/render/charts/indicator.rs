//! One indicator's 基準値, 目標値 and 実績 on one axis, with the sentence that states
//! them; the goal's indicator table holds the numbers.

use super::axes::{Scale, ticks, x_axis};
use super::colours::{BAR, BAR_EDGE, BASELINE_FILL, INK, MUTED, PAPER};
use super::measure::{axis_number, push_number};
use super::pen::{Align, render};
use super::{BASE, ChartView, SMALL, WIDTH};
use crate::analyze::metrics;
use crate::model::{Better, Indicator};

/// An indicator's 基準値, 目標値 and 実績 as bars on one axis from zero, each with its
/// value written above it. Drawn when there is an actual and something to hold it against;
/// the goal's indicator table beside it holds the numbers, so there is no extra table.
pub fn indicator(id: &str, ind: &Indicator, rate_word: &str) -> ChartView {
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

pub(super) fn draw_indicator(
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
    use super::super::testing::texts;
    use super::*;
    use crate::diag::Loc;

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
            baseline_text: None,
            target_text: None,
            actual_text: None,
            extra: vec![],
            loc: Loc::default(),
        }
    }

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

    #[test]
    fn same_input_same_bytes() {
        let a = indicator("i", &ind(Some(3.0), Some(2.5), None), "達成率").svg;
        let b = indicator("i", &ind(Some(3.0), Some(2.5), None), "達成率").svg;
        assert!(a.is_some());
        assert_eq!(a, b);
    }
}
