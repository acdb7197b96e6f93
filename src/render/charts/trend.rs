//! 達成率 over the fiscal years: a line with honest gaps, with its summary and table.

use super::axes::{Scale, ticks, y_axis, year_axis_labels};
use super::colours::{BAR, INK, MUTED};
use super::measure::{number, width_at};
use super::pen::{Align, render};
use super::sentences::{change_phrase, change_phrase_from, count, nothing_to_draw};
use super::{Cell, ChartView, DataRow, DataTable, RatePoint, SMALL, WIDTH, col};
use crate::analyze::metrics;
use crate::render::compare::gap_sentence;

/// 達成率 by fiscal year as a line: one point per year with a rate, lines only between
/// consecutive years that both have one; a year without a report or without an evaluated
/// goal is a gap marked under the axis, never a 0% point. With fewer than two rated years
/// there is no chart: the sentence says the one rate.
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
            // After years without a report, the latest earlier report is the 前年度, as
            // on every page (`Department::previous`); the sentence names its year.
            let earlier = points[..i].iter().rposition(|p| p.tally.is_some());
            let tail = match (i.checked_sub(1), earlier) {
                (Some(j), Some(k)) if k < j && points[j].missing == super::NO_REPORT => {
                    let last = (k + 1 != j).then_some(points[j].label.as_str());
                    let gap = gap_sentence(&points[k + 1].label, last, &points[k].label);
                    match rates[k] {
                        Some(before) => format!(
                            "で、{}（{gap}）",
                            change_phrase_from(now, before, &points[k].label) + "。"
                        ),
                        None => format!("です（{}は未評価。{gap}）", points[k].label),
                    }
                }
                (Some(j), _) => match (rates[j], points[j].tally) {
                    (Some(before), _) => format!("で、{}。", change_phrase(now, before)),
                    (None, Some(_)) => "です（前年度は未評価）。".to_string(),
                    (None, None) => format!("です（前年度は{}）。", points[j].missing),
                },
                (None, _) => "です。".to_string(),
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
    // One rated year is a point, not a trend: the sentence says it.
    let svg = (rates.iter().flatten().count() >= 2)
        .then(|| draw_trend(id, title, points, &rates))
        .flatten();
    ChartView {
        id: id.to_string(),
        title: title.to_string(),
        svg,
        summary,
        table: Some(table.labelled()),
    }
}

pub(super) fn draw_trend(
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

#[cfg(test)]
mod tests {
    use super::super::short_year;
    use super::super::testing::{inherited, parse, tally, texts};
    use super::*;

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
        // After a year without a report, the change from the latest earlier report, and
        // the sentence every page gives.
        let c = rate_trend("t", "t", "", &pts[..3]);
        assert_eq!(
            c.summary,
            "令和4年度の達成率は50.0%で、令和2年度と同じでした。（令和3年度の報告がないため、令和2年度と比べています。）"
        );
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
