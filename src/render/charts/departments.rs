//! 達成率 of each department in one fiscal year, against the rate across departments;
//! the page's own table holds the numbers.

use super::axes::{Scale, ticks, x_axis};
use super::colours::{BAR, BAR_EDGE, INK, MUTED, PAPER};
use super::measure::{number, width_at};
use super::pen::{Align, render};
use super::sentences::nothing_to_draw;
use super::{BASE, ChartView, NamedRate, SMALL, WIDTH};
use crate::analyze::metrics::{self, Tally};

/// 達成率 of each department in one fiscal year: a bar per department from 0 to 100%, the
/// rate written on the right, 未評価 written (and no bar) for a department without an
/// evaluated goal, and the rate across departments as a dashed line. With fewer than two
/// rated departments there is no chart: the sentence says the one rate.
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
    // One department's rate is the sentence's, not a chart's.
    let svg = if rated.len() < 2 {
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

pub(super) fn draw_department_bars(
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

#[cfg(test)]
mod tests {
    use super::super::testing::{tally, texts};
    use super::*;

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
}
