//! The grade distribution of one set of goals (a report, a department, a year): a bar per
//! level of the scale, with its summary and table.

use super::axes::{Scale, ticks, y_axis};
use super::colours::{INK, MUTED, grade_colors};
use super::measure::{fit_lines, number};
use super::pen::{Align, render};
use super::sentences::{NO_EVALUATED_GOALS, count, count_text, counts_phrase, grade_name};
use super::{BASE, Cell, ChartView, DataRow, DataTable, GradeCount, SMALL, WIDTH, col};
use crate::analyze::metrics::{self, Tally};

/// Grade distribution of a set of goals: one bar per level of the scale (and 未評価 when
/// there are such goals), the count on each bar, the letter and label under it. A single
/// goal has no chart: the sentence says its grade.
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
            // One goal's grade is one sentence, not a chart.
            (total > 1)
                .then(|| draw_grade_bars(id, title, &shown))
                .flatten(),
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
        table: Some(table.labelled()),
    }
}

pub(super) fn draw_grade_bars(id: &str, title: &str, cats: &[&GradeCount]) -> Option<String> {
    let (x0, x1) = (44, WIDTH as i32 - 8);
    let slot = (x1 - x0) as f64 / cats.len() as f64;
    // Each level's label under its letter, on two lines where one is too wide for the slot.
    let labels: Vec<Vec<String>> = cats
        .iter()
        .map(|c| fit_lines(&c.label, slot - 8.0, SMALL))
        .collect();
    let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let (top, bottom) = (30, 180);
    let height = (bottom + 34 + 16 * lines) as u32;
    let max = cats.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    let ts = ticks(0.0, max as f64, 4, true);
    let sy = Scale {
        d0: 0.0,
        d1: *ts.last().unwrap_or(&1.0),
        p0: bottom as f64,
        p1: top as f64,
    };
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
        for (i, _) in cats
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.symbol.is_empty())
        {
            let cx = center(i).round() as i32;
            for (k, line) in labels[i].iter().enumerate() {
                let y = bottom + 35 + 16 * k as i32;
                pen.text(line, cx, y, SMALL, Align::Middle, MUTED, false)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{grades, parse, tally, texts};
    use super::*;

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
        assert_eq!(root.attribute("viewBox"), Some("0 0 320 246"));
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
        for want in ["A", "概ね", "一部", "達成", "未評価", "1件", "0件"] {
            assert!(ts.iter().any(|t| t == want), "{want} in {ts:?}");
        }
        assert!(!svg.contains("hyoka-chart-font"));
        assert!(svg.contains("font-size=\"16\"") && svg.contains("font-size=\"14\""));
        assert_eq!(
            c.summary,
            "重点目標4件の評価はA（達成）1件、B（概ね達成）1件、C（一部達成）1件、未評価1件で、達成率は66.7%です。"
        );
        let table = c.table.unwrap();
        assert_eq!(table.foot[1].cells[0].text, "66.7%");
        assert_eq!(table.rows.len(), 6);
    }
}
