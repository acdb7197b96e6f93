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
//!   [`grades_by_year`], [`trend`], [`departments`], [`indicator`](mod@indicator);
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
mod svg;
#[cfg(test)]
mod testing;
mod trend;

pub use departments::rates_by_department;
pub use grades::grade_distribution;
pub use grades_by_year::grade_distribution_by_year;
pub use indicator::indicator;
pub use trend::rate_trend;

use crate::analyze::metrics::Tally;
use serde::Serialize;

/// Width of every chart in SVG user units. Pages scale it to the column (`width: 100%`),
/// so this only sets the proportion between text and drawing: 400 keeps 14-unit text at
/// about 12 px on a 375 px phone.
pub const WIDTH: u32 = 400;

/// Font families for the text in charts: system Japanese fonts, then a generic family, as
/// the theme's CSS. Written once on the root `<svg>`; every `<text>` inherits it. The names
/// are written unquoted and without spaces after the commas, which CSS reads as the same
/// list in fewer bytes (every chart carries it).
pub const FONT_FAMILY: &str = "Hiragino Sans,Hiragino Kaku Gothic ProN,Yu Gothic UI,Yu Gothic,Meiryo,Noto Sans CJK JP,Noto Sans JP,system-ui,sans-serif";

/// Text sizes in user units: at 400 units across a 375 px phone's column they are about
/// 11 and 13 px.
const SMALL: u32 = 13;
const BASE: u32 = 15;

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
    use super::testing::{grades, tally};
    use super::*;

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
