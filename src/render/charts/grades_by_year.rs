//! How the grades of a set of goals changed over the fiscal years: a stacked bar per year,
//! with its summary and table.

use super::axes::{Scale, ticks, x_axis};
use super::colours::{INK, MUTED, grade_colors, ink_on};
use super::measure::{number, width_at};
use super::pen::{Align, render};
use super::sentences::{count, count_derived, counts_phrase, grade_name, nothing_to_draw};
use super::{BASE, Cell, ChartView, DataRow, DataTable, GradeCount, SMALL, WIDTH, YearCounts, col};

/// Grade distribution of each fiscal year: a bar per year, stacked by grade with each
/// segment's letter inside, the year's total on the right. A year without counts shows
/// its `missing` (報告なし, 評価なし) and no bar. With fewer than two years with a grade
/// there is no chart: the sentence says that year's grades.
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
                    .enumerate()
                    .map(|(i, &n)| Cell::num(count_derived(n, derived_at(y, i))))
                    .chain(std::iter::once(Cell::num(count_derived(
                        cs.iter().sum(),
                        y.derived.iter().sum(),
                    ))))
                    .collect(),
                None => (0..=categories.len())
                    .map(|_| Cell::num(y.missing.clone()))
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
            .enumerate()
            .map(|(i, (c, &n))| GradeCount {
                count: n,
                derived: derived_at(y, i),
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
            // One graded year is the sentence's, not a chart's.
            let graded_years = years
                .iter()
                .filter_map(|y| y.counts.as_ref())
                .filter(|cs| graded(cs) > 0)
                .count();
            let svg = (graded_years >= 2)
                .then(|| draw_year_stacks(id, title, categories, years))
                .flatten();
            (svg, summary)
        }
        _ => (None, nothing_to_draw(latest.is_some())),
    };
    ChartView {
        id: id.to_string(),
        title: title.to_string(),
        svg,
        summary,
        table: Some(table.labelled()),
    }
}

pub(super) fn draw_year_stacks(
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
                None => y.missing.clone(),
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

/// How many of year `y`'s grades in category `i` are derived from indicators.
fn derived_at(y: &YearCounts, i: usize) -> usize {
    y.derived.get(i).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{grades, texts};
    use super::*;

    #[test]
    fn stacked_years_show_letters_and_gaps() {
        let cats = grades([0; 6]);
        let years = [
            YearCounts {
                label: "令和3年度".into(),
                counts: Some(vec![2, 1, 0, 1, 0, 0]),
                missing: "報告なし".into(),
                derived: Vec::new(),
            },
            YearCounts {
                label: "令和4年度".into(),
                counts: None,
                missing: "報告なし".into(),
                derived: Vec::new(),
            },
            YearCounts {
                label: "令和5年度".into(),
                counts: Some(vec![1, 1, 1, 0, 0, 1]),
                missing: "報告なし".into(),
                derived: Vec::new(),
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
}
