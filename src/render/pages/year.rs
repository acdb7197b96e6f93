//! A fiscal year's page (`years/<FY>/index.html`): the year's 達成率 by department, its
//! charts and the plan items its reports serve. The summary is the top page's too.

use super::{Body, Page, crumbs, head};
use crate::analyze::history;
use crate::analyze::metrics::{self, Tally};
use crate::model::fiscal::FiscalYear;
use crate::render::urls::PageRef;
use crate::render::views::{
    self, DeptRateRow, DistView, LevelView, Link, RateView, ServedItem, change, distribution,
    in_tree_order, scale_view, served_item,
};
use crate::render::{compare, figures};
use serde::Serialize;

/// A year's 達成率, its change from the year before and its departments' rates.
#[derive(Serialize)]
pub(crate) struct YearSummary {
    pub(crate) year: i32,
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) rate: RateView,
    /// The latest earlier year with reports: the year compared with.
    pub(crate) prev: Option<Link>,
    /// What the summary calls that year: 「前年度（令和2年度）」, or 「令和元年度」 after a gap.
    pub(crate) prev_named: String,
    /// After a gap, the sentence naming the years without a report.
    pub(crate) gap_note: String,
    pub(crate) prev_rate: Option<RateView>,
    pub(crate) change: String,
    pub(crate) arrow: String,
    pub(crate) next: Option<Link>,
    pub(crate) distribution: Vec<DistView>,
    pub(crate) scale: Vec<LevelView>,
    pub(crate) rows: Vec<DeptRateRow>,
    pub(crate) missing: Vec<Link>,
}

pub(crate) fn year_summary(cx: &views::Ctx, fy: FiscalYear) -> YearSummary {
    let site = cx.site;
    let scale = site.config.grades.for_year(fy);
    let pos = cx.ix.years.iter().position(|&y| y == fy).unwrap_or(0);
    let prev = pos.checked_sub(1).map(|i| cx.ix.years[i]);
    let next = cx.ix.years.get(pos + 1).copied();
    let tally = cx.ix.year_tally[&fy];
    let prev_tally = prev.map(|p| cx.ix.year_tally[&p]).filter(|t| t.is_graded());
    let (chg, arrow) = change(tally.rate(), prev_tally.and_then(|t| t.rate()));
    let mut grades = Vec::new();
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    // A 課 follows its 部 (site.department_tree), in the table as on the departments page.
    for pos in site.department_tree() {
        let (di, d) = (pos.index, &site.departments[pos.index]);
        let this = d.reports.iter().position(|r| r.year == fy);
        match this {
            Some(ri) => {
                let r = &d.reports[ri];
                // An ungraded report's goals are in no distribution, not even as 未評価.
                if r.is_graded(&site.config) {
                    grades.extend(r.goals.iter().map(|g| metrics::goal_grade(g, scale)));
                }
                let t = cx.ix.report_tally[di][ri];
                // Each department is compared with its own previous report, which is not
                // the year before when it skipped years.
                let before = d.previous(ri);
                let pt: Option<Tally> = before.map(|bi| cx.ix.report_tally[di][bi]);
                let (chg, arrow) = change(t.rate(), pt.and_then(|p| p.rate()));
                let gap_note = before
                    .map(|bi| compare::gap_note(cx, fy, d.reports[bi].year))
                    .unwrap_or_default();
                rows.push(DeptRateRow {
                    name: d.name_in(fy).to_string(),
                    url: PageRef::Department(&d.slug).path(),
                    report_url: Some(
                        PageRef::Report {
                            dept: &d.slug,
                            year: fy,
                        }
                        .path(),
                    ),
                    rate: RateView::from(&t),
                    prev: pt.map(|p| RateView::from(&p)),
                    change: chg,
                    arrow,
                    gap_note,
                    depth: pos.depth,
                    parent: pos
                        .parent
                        .map(|p| site.departments[p].name_in(fy).to_string()),
                });
            }
            None => {
                // Departments that existed around this year but have no report for it.
                let spans = d.reports.first().is_some_and(|f| f.year < fy)
                    && d.reports.last().is_some_and(|l| l.year > fy);
                if spans {
                    missing.push(Link {
                        label: d.name_in(fy).to_string(),
                        url: PageRef::Department(&d.slug).path(),
                    });
                }
            }
        }
    }
    YearSummary {
        year: fy.year(),
        label: cx.fy(fy),
        url: PageRef::Year(fy).path(),
        rate: RateView::from(&tally),
        prev: prev.map(|p| Link {
            label: cx.fy(p),
            url: PageRef::Year(p).path(),
        }),
        prev_named: prev
            .map(|p| match history::missing_years(fy, p) {
                None => ["前年度（", &cx.fy(p), "）"].concat(),
                Some(_) => cx.fy(p),
            })
            .unwrap_or_default(),
        gap_note: prev
            .map(|p| compare::gap_note(cx, fy, p))
            .unwrap_or_default(),
        prev_rate: prev_tally.map(|t| RateView::from(&t)),
        change: chg,
        arrow,
        next: next.map(|n| Link {
            label: cx.fy(n),
            url: PageRef::Year(n).path(),
        }),
        distribution: distribution(grades, scale),
        scale: scale_view(scale),
        rows,
        missing,
    }
}

/// What a year's page shows.
#[derive(Serialize)]
pub(crate) struct YearData {
    pub(crate) y: YearSummary,
    pub(crate) charts: figures::YearCharts,
    pub(crate) served: Vec<ServedItem>,
    /// The year's booklet: all its reports on one page, to print.
    pub(crate) booklet_url: String,
}

pub(crate) fn year_page<'a>(cx: &views::Ctx<'a>, fy: FiscalYear) -> Page<'a> {
    let label = cx.fy(fy);
    let summary = year_summary(cx, fy);
    let title = if summary.rate.graded {
        format!("{label}の達成状況")
    } else {
        format!("{label}の報告")
    };
    let charts = figures::year(cx, fy, &summary.distribution);
    let served = cx.ix.year_items.get(&fy).cloned().unwrap_or_default();
    let served: Vec<ServedItem> = in_tree_order(cx, served.into_iter().collect())
        .into_iter()
        .map(|((p, n), depts)| {
            let by = depts
                .into_iter()
                .map(|d| {
                    let dept = &cx.site.departments[d];
                    Link {
                        label: dept.name_in(fy).to_string(),
                        url: PageRef::Report {
                            dept: &dept.slug,
                            year: fy,
                        }
                        .path(),
                    }
                })
                .collect();
            served_item(cx, p, n, by)
        })
        .collect();
    Page::new(
        PageRef::Year(fy),
        head(&title, crumbs(&[(&label, "")]), "years"),
        Body::Year(Box::new(YearData {
            y: summary,
            charts,
            served,
            booklet_url: PageRef::Booklet(fy).path(),
        })),
    )
}
