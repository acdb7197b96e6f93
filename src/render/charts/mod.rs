//! Charts: SVG strings that pages embed inline, each with the one-sentence Japanese summary
//! and the data table that say the same numbers in words.
//!
//! Every number comes from [`crate::analyze::metrics`] (rates, rounding, formatting); this module
//! only draws and words them. The rules every chart follows:
//!
//! - accessible: `role="img"`, an SVG `<title>` referenced by `aria-labelledby`, a summary
//!   sentence and a data table (`caption`, `th scope`) next to it in the page;
//! - honest: value axes start at zero, a year without a report or without an evaluated goal
//!   is a gap (never a 0% point, never a line across it), and when there is nothing to draw
//!   there is no chart, only a sentence saying why;
//! - readable without colour: every grade carries its letter, bars carry their labels, and
//!   the Okabe–Ito colours of the theme are only a second cue, with text contrast of WCAG AA
//!   or better (black or white, whichever contrasts more with the fill);
//! - fluid: a `viewBox` and no fixed size, so the chart takes the width of a phone; text is
//!   real `<text>` in the fonts the reader's system has;
//! - deterministic: integer coordinates, fixed ids built from the page, no randomness, so
//!   the same input gives byte-identical SVG.
//!
//! # Where each part is
//!
//! A chart goes from numbers to SVG in this order, a file a step:
//!
//! - one file per chart kind holds its public entry point, which words the numbers
//!   ([`sentences`]), builds the data table and lays the chart out: [`grades`],
//!   [`grades_by_year`], [`trend`], [`departments`], [`indicator`](mod@indicator),
//!   [`series`];
//! - [`axes`] turns a value range into ticks and scales and draws the axes; [`measure`]
//!   estimates text widths and writes numbers; [`colours`] picks the fills and the ink;
//! - [`pen`] is what every chart draws with, plotters elements over one drawing area,
//!   and [`render`](pen::render) wraps them in the root `<svg>`;
//! - [`svg`] is the plotters backend that writes the marks as SVG text, with the
//!   attribute writers of [`attrs`].
//!
//! This file holds what callers hand in and get back: the input types, [`ChartView`] and
//! its [`DataTable`], and the constants every chart shares.

mod attrs;
mod axes;
mod colours;
mod departments;
mod grades;
mod grades_by_year;
mod indicator;
mod measure;
mod pen;
mod sentences;
mod series;
mod svg;
#[cfg(test)]
mod testing;
mod trend;

pub use departments::rates_by_department;
pub use grades::grade_distribution;
pub use grades_by_year::grade_distribution_by_year;
pub use indicator::indicator;
pub use series::{SeriesValue, indicator_trend};
pub use trend::rate_trend;

use crate::analyze::metrics::Tally;
use serde::Serialize;

/// Width of every chart in SVG user units. Pages scale the `viewBox` to the column
/// (`width: 100%`), so a user unit is `column / WIDTH` pixels and text shrinks with the
/// column. The charts are drawn at phone size: 320 units is about the column of a 320 px
/// phone ([`PHONE_COLUMN_PX`]), so what fits the drawing (labels, values) fits the phone,
/// and the theme caps the chart at 24rem on a wide screen (`.chart-image`), where the
/// same text is about 17 px.
pub const WIDTH: u32 = 320;

/// The narrowest column a chart is shown in: a 320 px phone less the page's 1rem margins
/// on both sides (`.wrap` in the theme's style.css).
pub const PHONE_COLUMN_PX: u32 = 288;

/// The smallest text a chart may show on that phone, in CSS pixels.
pub const MIN_TEXT_PX: u32 = 12;

/// Font families for the text in charts: system Japanese fonts, then a generic family, as
/// the theme's CSS. Written once on the root `<svg>`; every `<text>` inherits it. The names
/// are written unquoted and without spaces after the commas, which CSS reads as the same
/// list in fewer bytes (every chart carries it).
pub const FONT_FAMILY: &str = "Hiragino Sans,Hiragino Kaku Gothic ProN,Yu Gothic UI,Yu Gothic,Meiryo,Noto Sans CJK JP,Noto Sans JP,system-ui,sans-serif";

/// Text sizes in user units, the only two the charts use: on a 320 px phone
/// ([`PHONE_COLUMN_PX`] wide) they are 12.6 and 14.4 px, on a 375 px phone 15 and 17 px.
/// A label that does not fit at [`SMALL`] is split or left to the table, never made
/// smaller.
const SMALL: u32 = 14;
const BASE: u32 = 16;

// No text under MIN_TEXT_PX on the narrowest phone.
const _: () = assert!(SMALL * PHONE_COLUMN_PX >= MIN_TEXT_PX * WIDTH && BASE >= SMALL);

/// What a page shows for one chart: the SVG (when there is something to draw), the summary
/// sentence and, unless the page already has a table with the same numbers beside it, the
/// data table.
#[derive(Serialize, Clone, Debug, Default)]
pub struct ChartView {
    /// HTML id of the figure, unique in its page; the SVG's ids derive from it.
    pub id: String,
    /// Title: the figure caption and the SVG `<title>`.
    pub title: String,
    /// Inline SVG, or `None` when there is nothing to draw (the summary says why).
    pub svg: Option<String>,
    /// One Japanese sentence stating what the chart shows.
    pub summary: String,
    /// The numbers of the chart as a table.
    pub table: Option<DataTable>,
}

/// A data table: the chart's numbers for screen readers, print and copying.
#[derive(Serialize, Clone, Debug, Default)]
pub struct DataTable {
    pub caption: String,
    /// Column headers, the row-header column first.
    pub columns: Vec<Column>,
    /// Body rows.
    pub rows: Vec<DataRow>,
    /// Footer rows (totals, the rate).
    pub foot: Vec<DataRow>,
}

/// A column header.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Column {
    /// Text.
    pub label: String,
    /// Numeric (right-aligned).
    pub num: bool,
}

/// A row: its header and cells.
#[derive(Serialize, Clone, Debug, Default)]
pub struct DataRow {
    /// Row header text.
    pub head: String,
    /// Grade symbol when the row is a grade (shown as the theme's grade badge).
    pub symbol: String,
    /// Grade label (達成, 未評価) when the row is a grade.
    pub label: String,
    /// CSS class suffix of that grade (`a`, `none`), empty when the row is not a grade.
    pub class: String,
    /// Cells after the header.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Cell {
    /// Text as shown.
    pub text: String,
    /// Numeric (right-aligned).
    pub num: bool,
    /// Its column's header, shown beside the value when the table is stacked on a phone.
    pub label: String,
}

impl Cell {
    fn num(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            num: true,
            label: String::new(),
        }
    }
}

impl DataTable {
    /// Gives every cell its column's header as its label (the first column is the row
    /// headers', so a row's cells start at the second).
    fn labelled(mut self) -> DataTable {
        for row in self.rows.iter_mut().chain(self.foot.iter_mut()) {
            for (cell, column) in row.cells.iter_mut().zip(self.columns.iter().skip(1)) {
                cell.label.clone_from(&column.label);
            }
        }
        self
    }
}

fn col(label: &str, num: bool) -> Column {
    Column {
        label: label.into(),
        num,
    }
}

/// One category of a grade distribution: a level of the scale, or 未評価 (empty symbol).
#[derive(Clone, Debug, Default)]
pub struct GradeCount {
    /// A, B … as written; empty for 未評価.
    pub symbol: String,
    /// 達成 … or 未評価.
    pub label: String,
    /// CSS class suffix of the grade (`a` … `e`, `none`, or a code-point class).
    pub class: String,
    /// Number of goals.
    pub count: usize,
    /// How many of them have a grade derived from their indicators (none written).
    pub derived: usize,
}

/// A point of a 達成率 series: a fiscal year and its tally, or why it has none.
#[derive(Clone, Debug)]
pub struct RatePoint {
    /// Year label in the site's style.
    pub label: String,
    /// Short label for a crowded axis ([`short_year`]: R3, 2021).
    pub short: String,
    /// Tally of the goals that year; `None` when there is nothing that year.
    pub tally: Option<Tally>,
    /// What to call a year without a tally (報告なし, 該当なし).
    pub missing: String,
}

/// What a department's trend calls a year without a report; after such years the trend
/// compares with the latest earlier report (`Department::previous`), as pages do.
pub const NO_REPORT: &str = "報告なし";

/// A named 達成率 (one department in a year).
#[derive(Clone, Debug)]
pub struct NamedRate {
    pub name: String,
    pub tally: Tally,
}

/// A fiscal year's grade counts for a distribution over years.
#[derive(Clone, Debug)]
pub struct YearCounts {
    pub label: String,
    /// Counts per category (same order as the categories), `None` without a report or
    /// without grades.
    pub counts: Option<Vec<usize>>,
    /// What to call a year without counts (報告なし, 評価なし).
    pub missing: String,
    /// Of `counts`, how many grades are derived from indicators, in the same order
    /// (empty when none is).
    pub derived: Vec<usize>,
}

/// A fiscal year as short as an axis with many years needs: the era's initial and the year
/// in it (R3, R元, H28) for 和暦, the Western number otherwise.
pub fn short_year(
    fy: crate::model::fiscal::FiscalYear,
    style: crate::model::fiscal::YearStyle,
) -> String {
    use crate::model::fiscal::YearStyle;
    match (style, fy.era()) {
        (YearStyle::Wareki, Some((era, n))) => {
            let initial = match era {
                "令和" => "R",
                "平成" => "H",
                "昭和" => "S",
                "大正" => "T",
                _ => "M",
            };
            let mut digits = itoa::Buffer::new();
            [initial, if n == 1 { "元" } else { digits.format(n) }].concat()
        }
        _ => itoa::Buffer::new().format(fy.year()).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::sentences::NO_EVALUATED_GOALS;
    use super::testing::{grades, ind, smallest_text_px, tally};
    use super::*;
    use crate::model::fiscal::{FiscalYear, YearStyle};

    fn years(n: i32, tallies: impl Fn(i32) -> Option<Tally>) -> Vec<RatePoint> {
        (0..n)
            .map(|i| RatePoint {
                label: FiscalYear(2013 + i).label(YearStyle::Both),
                short: short_year(FiscalYear(2013 + i), YearStyle::Both),
                tally: tallies(i),
                missing: "報告なし".into(),
            })
            .collect()
    }

    /// Every kind of chart, crowded and long-labelled as a real site can make them, keeps
    /// its text at 12 px or more in a 320 px phone's column (288 px) and at 375 px.
    #[test]
    fn text_stays_readable_on_phones() {
        let mut svgs: Vec<String> = Vec::new();
        let scale = [
            ("S", "大きく上回って達成", "s"),
            ("A", "達成", "a"),
            ("B", "概ね達成", "b"),
            ("C", "一部達成", "c"),
            ("D", "未達成", "d"),
            ("E", "未実施", "e"),
            ("", "未評価", "none"),
        ];
        let cats: Vec<GradeCount> = scale
            .iter()
            .map(|(s, l, c)| GradeCount {
                symbol: s.to_string(),
                label: l.to_string(),
                class: c.to_string(),
                count: 2,
                derived: 1,
            })
            .collect();
        svgs.extend(grade_distribution("g", "t", "目標", &cats, &tally(2, 12, 2)).svg);
        svgs.extend(
            grade_distribution(
                "g",
                "t",
                "目標",
                &grades([3, 1, 0, 0, 0, 1]),
                &tally(3, 4, 1),
            )
            .svg,
        );
        for n in [2, 4, 12] {
            svgs.extend(
                rate_trend(
                    "t",
                    "t",
                    "",
                    &years(n, |i| Some(tally(i as usize % 3, 3, 0))),
                )
                .svg,
            );
        }
        let names = [
            "企画部",
            "市民生活部健康福祉局子ども家庭支援課",
            "都市整備部",
        ];
        let rows: Vec<NamedRate> = names
            .iter()
            .map(|n| NamedRate {
                name: n.to_string(),
                tally: tally(1, 3, 0),
            })
            .collect();
        svgs.extend(rates_by_department("d", "t", "令和5年度", &rows, &tally(3, 9, 0)).svg);
        let by_year: Vec<YearCounts> = (0..6)
            .map(|i| YearCounts {
                label: FiscalYear(2018 + i).label(YearStyle::Both),
                counts: (i != 2).then(|| vec![1, 2, 1, 1, 0, 1, 1]),
                missing: "報告なし".into(),
                derived: Vec::new(),
            })
            .collect();
        svgs.extend(grade_distribution_by_year("y", "t", "目標", &cats, &by_year).svg);
        let mut lower = ind(Some(4_500_000.0), Some(4_238_714.0), Some(4_100_000.0));
        lower.better = crate::model::Better::Lower;
        svgs.extend(indicator("i", &lower, "達成率").svg);
        assert_eq!(svgs.len(), 8, "every chart drawn");
        for svg in &svgs {
            let px = smallest_text_px(svg, PHONE_COLUMN_PX as f64);
            assert!(px >= MIN_TEXT_PX as f64, "{px:.1} px at 320: {svg}");
            assert!(smallest_text_px(svg, 343.0) >= 14.0, "{svg}");
        }
    }

    /// A chart of one goal, one year or one department draws nothing the sentence does
    /// not already say: no chart.
    #[test]
    fn one_point_is_a_sentence_not_a_chart() {
        let one_goal = grade_distribution(
            "g",
            "t",
            "目標",
            &grades([1, 0, 0, 0, 0, 0]),
            &tally(1, 1, 0),
        );
        assert!(one_goal.svg.is_none());
        assert_eq!(
            one_goal.summary,
            "目標1件の評価はA（達成）1件で、達成率は100.0%です。"
        );
        let two = grade_distribution(
            "g",
            "t",
            "目標",
            &grades([1, 1, 0, 0, 0, 0]),
            &tally(1, 2, 0),
        );
        assert!(two.svg.is_some());

        let one_year = rate_trend("t", "t", "", &years(1, |_| Some(tally(1, 2, 0))));
        assert!(one_year.svg.is_none());
        assert_eq!(
            one_year.summary,
            "平成25年度（2013年度）の達成率は50.0%です。"
        );
        // Three years, one with a rate: still one point.
        let one_rated = rate_trend(
            "t",
            "t",
            "",
            &years(3, |i| (i == 1).then(|| tally(1, 2, 0))),
        );
        assert!(one_rated.svg.is_none());
        assert!(
            rate_trend("t", "t", "", &years(2, |_| Some(tally(1, 2, 0))))
                .svg
                .is_some()
        );

        let by_year = |n: i32| -> Vec<YearCounts> {
            (0..n)
                .map(|i| YearCounts {
                    label: FiscalYear(2020 + i).label(YearStyle::Wareki),
                    counts: Some(vec![1, 1, 0, 0, 0, 0]),
                    missing: "報告なし".into(),
                    derived: Vec::new(),
                })
                .collect()
        };
        let cats = grades([0; 6]);
        assert!(
            grade_distribution_by_year("y", "t", "目標", &cats, &by_year(1))
                .svg
                .is_none()
        );
        assert!(
            grade_distribution_by_year("y", "t", "目標", &cats, &by_year(2))
                .svg
                .is_some()
        );

        let dept = |n: usize| -> Vec<NamedRate> {
            (0..n)
                .map(|i| NamedRate {
                    name: format!("部{i}"),
                    tally: tally(1, 2, 0),
                })
                .collect()
        };
        let one = rates_by_department("d", "t", "令和5年度", &dept(1), &tally(1, 2, 0));
        assert!(one.svg.is_none());
        assert_eq!(one.summary, "令和5年度の部0の達成率は50.0%です。");
        assert!(
            rates_by_department("d", "t", "令和5年度", &dept(2), &tally(2, 4, 0))
                .svg
                .is_some()
        );
    }

    #[test]
    fn nothing_evaluated_means_no_chart_and_no_zero() {
        let c = grade_distribution(
            "x",
            "t",
            "目標",
            &grades([0, 0, 0, 0, 0, 3]),
            &tally(0, 0, 3),
        );
        assert!(c.svg.is_none());
        assert!(c.summary.contains(NO_EVALUATED_GOALS), "{}", c.summary);
        assert_eq!(c.table.unwrap().foot[1].cells[0].text, "未評価");
        let trend = rate_trend(
            "t",
            "達成率の推移",
            "",
            &[RatePoint {
                label: "令和3年度".into(),
                short: String::new(),
                tally: Some(tally(0, 0, 4)),
                missing: "報告なし".into(),
            }],
        );
        assert!(trend.svg.is_none());
        assert_eq!(trend.summary, NO_EVALUATED_GOALS);
        assert!(!trend.table.unwrap().rows[0].cells[0].text.contains('0'));
        let by_dept = rates_by_department(
            "d",
            "t",
            "令和3年度",
            &[NamedRate {
                name: "企画部".into(),
                tally: tally(0, 0, 2),
            }],
            &tally(0, 0, 2),
        );
        assert!(by_dept.svg.is_none());
    }
}
