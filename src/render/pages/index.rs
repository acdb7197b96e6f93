//! The top page (`index.html`): the latest year's summary, and the lists of years,
//! departments and plans.

use super::departments::{DeptRow, dept_rows};
use super::plans::{PlanRow, plan_rows};
use super::year::{YearSummary, year_summary};
use super::{Body, Page, head};
use crate::render::urls::PageRef;
use crate::render::views::{self, RateView};
use serde::Serialize;

/// A year in the list of years.
#[derive(Serialize)]
pub(crate) struct YearRow {
    pub(crate) year: i32,
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) rate: RateView,
    pub(crate) reports: usize,
}

fn year_rows(cx: &views::Ctx) -> Vec<YearRow> {
    cx.ix
        .years
        .iter()
        .rev()
        .map(|&fy| YearRow {
            year: fy.year(),
            label: cx.fy(fy),
            url: PageRef::Year(fy).path(),
            rate: RateView::from(&cx.ix.year_tally[&fy]),
            reports: cx
                .site
                .departments
                .iter()
                .filter(|d| d.reports.iter().any(|r| r.year == fy))
                .count(),
        })
        .collect()
}

/// What `index.html` shows.
#[derive(Serialize)]
pub(crate) struct IndexData {
    pub(crate) latest: Option<YearSummary>,
    pub(crate) evaluated: Option<YearSummary>,
    pub(crate) years: Vec<YearRow>,
    pub(crate) departments: Vec<DeptRow>,
    pub(crate) plans: Vec<PlanRow>,
}

pub(crate) fn index_page<'a>(cx: &views::Ctx<'a>) -> Page<'a> {
    let mut latest = None;
    let mut evaluated = None;
    if let Some(&fy) = cx.ix.years.last() {
        latest = Some(year_summary(cx, fy));
        // Early in a fiscal year nothing is evaluated yet: also show the latest year that
        // has results, which is what a reader comes for.
        if cx.ix.year_tally[&fy].counted == 0
            && let Some(&done) = cx
                .ix
                .years
                .iter()
                .rev()
                .find(|y| cx.ix.year_tally[y].counted > 0)
        {
            evaluated = Some(year_summary(cx, done));
        }
    }
    Page::new(
        PageRef::Index,
        head(&cx.site.config.title, Vec::new(), "home"),
        Body::Index(Box::new(IndexData {
            latest,
            evaluated,
            years: year_rows(cx),
            departments: dept_rows(cx),
            plans: plan_rows(cx),
        })),
    )
}
