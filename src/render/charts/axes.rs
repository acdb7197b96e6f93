//! Value axes and year axes: ticks on round numbers, the linear map from values to user
//! units, the gridlines that stay out of the labels, and year labels that fit their slot.

use super::colours::{GRID, INK, MUTED};
use super::measure::width_at;
use super::pen::{Align, DrawResult, Pen};
use super::{RatePoint, SMALL};

/// Ticks for a value axis from `lo` to `hi` (both included in the range): a step of 1, 2,
/// 2.5 or 5 times a power of ten, at most `max` intervals. Ticks are exact multiples of the
/// step, so the labels never show float noise. `integer` keeps the step at 1 or more.
pub(super) fn ticks(lo: f64, hi: f64, max: usize, integer: bool) -> Vec<f64> {
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
pub(super) struct Scale {
    pub(super) d0: f64,
    pub(super) d1: f64,
    pub(super) p0: f64,
    pub(super) p1: f64,
}

impl Scale {
    pub(super) fn at(&self, v: f64) -> i32 {
        let t = if self.d1 == self.d0 {
            0.0
        } else {
            (v - self.d0) / (self.d1 - self.d0)
        };
        (self.p0 + t * (self.p1 - self.p0)).round() as i32
    }
}

/// Draws a horizontal value axis at `y`: gridlines up to `top`, tick marks and labels.
///
/// Gridlines and the zero line are drawn only over `spans` (the rows' bar zones, top to
/// bottom), so they never cross the names and values written above the bars.
#[inline]
pub(super) fn x_axis(
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
#[inline]
pub(super) fn y_axis(
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

/// The labels of a year axis with `slot` units per year: whole labels, else split on two
/// lines, else short labels, else short labels on every few years only (the table beside
/// the chart names every year). An empty label is not drawn.
pub(super) fn year_axis_labels(points: &[RatePoint], slot: f64) -> Vec<Vec<String>> {
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

#[cfg(test)]
mod tests {
    use super::super::short_year;
    use super::*;

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
    fn year_labels_split_to_fit() {
        assert_eq!(fit_year_label("令和3年度", 100.0, 12), vec!["令和3年度"]);
        assert_eq!(fit_year_label("令和3年度", 40.0, 12), vec!["令和3", "年度"]);
        assert_eq!(
            fit_year_label("令和3年度（2021年度）", 60.0, 12),
            vec!["令和3年度", "（2021年度）"]
        );
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
}
