//! A department's page (`departments/<slug>/index.html`): its 達成率 year by year, what
//! changed from each year to the next, a goal × year matrix, its indicators' series and
//! the plan items it serves. Built from each report's [`ReportCore`], which the report
//! pages reuse.

use super::departments::{DeptRow, dept_with_children};
use super::report_view::{ReportCore, report_core};
use super::{Body, Page, crumbs, head};
use crate::analyze::metrics;
use crate::model::fiscal::FiscalYear;
use crate::render::charts::{self, ChartView, SeriesValue};
use crate::render::urls::PageRef;
use crate::render::views::{
    self, ContactView, GradeView, Link, RateView, ServedItem, change, in_tree_order, served_item,
};
use crate::render::{compare, figures};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A goal across the department's years.
#[derive(Serialize)]
pub(crate) struct MatrixRow {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) cells: Vec<MatrixCell>,
}

/// A goal in one year.
#[derive(Serialize, Clone)]
pub(crate) struct MatrixCell {
    /// Whether the department has a report that year.
    pub(crate) report: bool,
    /// Whether the goal is in that report.
    pub(crate) present: bool,
    pub(crate) grade: Option<GradeView>,
    pub(crate) url: String,
    /// The year's label, repeated in the cell for phones, where the table is drawn as one
    /// box per goal and the column headers are not in view.
    pub(crate) label: String,
}

/// An indicator across the department's years.
#[derive(Serialize)]
pub(crate) struct SeriesView {
    pub(crate) name: String,
    pub(crate) unit: String,
    pub(crate) lower: bool,
    pub(crate) points: Vec<SeriesPoint>,
    /// Its 実績 and 目標値 by year, beside the table; no SVG with fewer than two measured
    /// years.
    pub(crate) chart: ChartView,
}

/// An indicator in one year.
#[derive(Serialize)]
pub(crate) struct SeriesPoint {
    pub(crate) label: String,
    pub(crate) report: bool,
    pub(crate) target: String,
    pub(crate) actual: String,
    pub(crate) rate: String,
}

/// The department's 達成率 in one year.
#[derive(Serialize)]
pub(crate) struct TrendRow {
    pub(crate) label: String,
    pub(crate) url: Option<String>,
    /// `None` without a report; an ungraded report's rate says so (評価なし).
    pub(crate) rate: Option<RateView>,
    pub(crate) name: String,
    pub(crate) change: String,
    pub(crate) arrow: String,
    /// The change is from an older report than the year before's: the sentence saying so.
    pub(crate) gap_note: String,
}

/// A column of the goal × year matrix.
#[derive(Serialize)]
pub(crate) struct YearHead {
    pub(crate) label: String,
    pub(crate) url: Option<String>,
}

/// Per year: goals that got worse, ended and began (newest first), from the reports'
/// comparisons, so the department page alone answers "what got worse, what vanished".
#[derive(Serialize)]
pub(crate) struct YearChanges {
    /// Whether both reports are graded: otherwise no goal got worse, and no grade is shown.
    pub(crate) graded: bool,
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) prev_label: String,
    /// What the compared report is called: 前年度, or its year after a gap.
    pub(crate) before_label: String,
    /// The sentence naming the years without a report, after a gap.
    pub(crate) gap_note: String,
    pub(crate) worse: Vec<compare::GoalCompareRow>,
    pub(crate) ended: Vec<compare::EndedRow>,
    pub(crate) new: Vec<compare::GoalCompareRow>,
}

/// What a department's page shows.
#[derive(Serialize)]
pub(crate) struct DepartmentData {
    /// The latest report, linked first on the page.
    pub(crate) latest: Option<Link>,
    /// Whether any of the department's reports is graded: otherwise the page has no
    /// 達成率, no grades and no scale.
    pub(crate) graded: bool,
    pub(crate) changes: Vec<YearChanges>,
    pub(crate) served: Vec<ServedItem>,
    /// The department, with the departments under it as `children` and its `parent`.
    pub(crate) dept: Option<DeptRow>,
    /// 問い合わせ先.
    pub(crate) contact: Option<ContactView>,
    pub(crate) units: Vec<String>,
    pub(crate) trend: Vec<TrendRow>,
    pub(crate) charts: figures::DepartmentCharts,
    pub(crate) scales: Vec<figures::ScaleGroup>,
    pub(crate) years: Vec<YearHead>,
    pub(crate) matrix: Vec<MatrixRow>,
    pub(crate) series: Vec<SeriesView>,
}

pub(crate) fn department_page<'a>(
    cx: &views::Ctx<'a>,
    di: usize,
    cores: &[ReportCore],
) -> Page<'a> {
    let d = &cx.site.departments[di];
    // Every fiscal year from the first report to the last, gaps included.
    let years: Vec<FiscalYear> = match (d.reports.first(), d.reports.last()) {
        (Some(a), Some(b)) => (a.year.year()..=b.year.year()).map(FiscalYear).collect(),
        _ => Vec::new(),
    };
    let report_at = |fy: FiscalYear| d.reports.iter().position(|r| r.year == fy);
    let graded_report = |ri: usize| cx.ix.report_tally[di][ri].is_graded();
    let graded = (0..d.reports.len()).any(graded_report);
    let mut trend = Vec::new();
    for &fy in &years {
        match report_at(fy) {
            Some(ri) => {
                let t = cx.ix.report_tally[di][ri];
                let before = d.previous(ri);
                let prev_rate = before.and_then(|p| cx.ix.report_tally[di][p].rate());
                let (chg, arrow) = change(t.rate(), prev_rate);
                let gap_note = match before {
                    Some(p) if !chg.is_empty() => compare::gap_note(cx, fy, d.reports[p].year),
                    _ => String::new(),
                };
                trend.push(TrendRow {
                    label: cx.fy(fy),
                    url: Some(
                        PageRef::Report {
                            dept: &d.slug,
                            year: fy,
                        }
                        .path(),
                    ),
                    rate: Some(RateView::from(&t)),
                    name: d.name_in(fy).to_string(),
                    change: chg,
                    arrow,
                    gap_note,
                });
            }
            None => {
                trend.push(TrendRow {
                    label: cx.fy(fy),
                    url: None,
                    rate: None,
                    name: d.name_in(fy).to_string(),
                    change: String::new(),
                    arrow: String::new(),
                    gap_note: String::new(),
                });
            }
        }
    }
    // Goal × year matrix: goals in order of first appearance (latest title shown).
    let mut order: Vec<String> = Vec::new();
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for r in &d.reports {
        for g in &r.goals {
            if !titles.contains_key(&g.id.v) {
                order.push(g.id.v.clone());
            }
            titles.insert(g.id.v.clone(), g.title.v.clone());
        }
    }
    // Each report's goals by id, for the matrix (a report may hold thousands of goals).
    let goal_at: Vec<HashMap<&str, usize>> = (0..d.reports.len())
        .map(|ri| {
            let mut m = HashMap::new();
            for (k, g) in cores[ri].goals.iter().enumerate() {
                m.entry(g.id.as_str()).or_insert(k);
            }
            m
        })
        .collect();
    let matrix: Vec<MatrixRow> = order
        .iter()
        .map(|id| MatrixRow {
            id: id.clone(),
            title: titles[id].clone(),
            cells: years
                .iter()
                .map(|&fy| match report_at(fy) {
                    Some(ri) => {
                        let rv = &cores[ri];
                        match goal_at[ri].get(id.as_str()).map(|&k| &rv.goals[k]) {
                            Some(g) => MatrixCell {
                                report: true,
                                present: true,
                                grade: g.grade.clone().filter(|_| graded_report(ri)),
                                url: format!("{}#{}", rv.url, g.anchor),
                                label: cx.fy(fy),
                            },
                            None => MatrixCell {
                                report: true,
                                present: false,
                                grade: None,
                                url: String::new(),
                                label: cx.fy(fy),
                            },
                        }
                    }
                    None => MatrixCell {
                        report: false,
                        present: false,
                        grade: None,
                        url: String::new(),
                        label: cx.fy(fy),
                    },
                })
                .collect(),
        })
        .collect();
    // Indicator series by id (or by name when no id); each report's indicators by key, so
    // a series finds its point in a year by lookup, not by searching every indicator.
    let mut series_order: Vec<String> = Vec::new();
    let mut series_meta: BTreeMap<String, (String, String, bool)> = BTreeMap::new();
    let mut series_at: Vec<HashMap<String, &crate::model::Indicator>> =
        Vec::with_capacity(d.reports.len());
    for r in &d.reports {
        let mut at = HashMap::new();
        for g in &r.goals {
            for i in &g.indicators {
                let key =
                    i.id.as_ref()
                        .map(|x| format!("{}/{}", g.id.v, x.v))
                        .unwrap_or_else(|| format!("{}/{}", g.id.v, i.name));
                at.entry(key.clone()).or_insert(i);
                if !series_meta.contains_key(&key) {
                    series_order.push(key.clone());
                }
                series_meta.insert(
                    key,
                    (
                        i.name.clone(),
                        i.unit.clone().unwrap_or_default(),
                        i.better == crate::model::Better::Lower,
                    ),
                );
            }
        }
        series_at.push(at);
    }
    let series: Vec<SeriesView> = series_order
        .iter()
        .enumerate()
        .filter_map(|(k, key)| {
            let (name, unit, lower) = series_meta[key].clone();
            let points: Vec<SeriesPoint> = years
                .iter()
                .map(|&fy| {
                    let found =
                        report_at(fy).and_then(|ri| series_at[ri].get(key.as_str()).copied());
                    SeriesPoint {
                        label: cx.fy(fy),
                        report: report_at(fy).is_some(),
                        target: found
                            .and_then(|i| i.target)
                            .map(metrics::format_number)
                            .unwrap_or_default(),
                        actual: found
                            .and_then(|i| i.actual)
                            .map(metrics::format_number)
                            .unwrap_or_default(),
                        rate: found
                            .and_then(metrics::indicator_rate)
                            .map(metrics::format_pct)
                            .unwrap_or_default(),
                    }
                })
                .collect();
            let values: Vec<SeriesValue> = years
                .iter()
                .map(|&fy| {
                    let found =
                        report_at(fy).and_then(|ri| series_at[ri].get(key.as_str()).copied());
                    SeriesValue {
                        label: cx.fy(fy),
                        short: charts::short_year(fy, cx.site.config.year_style),
                        actual: found.and_then(|i| i.actual),
                        target: found.and_then(|i| i.target),
                    }
                })
                .collect();
            let mut n = itoa::Buffer::new();
            let id = ["chart-series-", n.format(k + 1)].concat();
            let chart = charts::indicator_trend(&id, &name, &unit, lower, &values);
            // A series seen in only one year is not a series.
            (points
                .iter()
                .filter(|p| !p.target.is_empty() || !p.actual.is_empty())
                .count()
                >= 2)
                .then_some(SeriesView {
                    name,
                    unit,
                    lower,
                    points,
                    chart,
                })
        })
        .collect();
    let heads: Vec<YearHead> = years
        .iter()
        .map(|&fy| YearHead {
            label: cx.fy(fy),
            url: report_at(fy).map(|_| {
                PageRef::Report {
                    dept: &d.slug,
                    year: fy,
                }
                .path()
            }),
        })
        .collect();
    let changes: Vec<YearChanges> = cores
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, rv)| rv.compare.prev_url.is_some())
        .map(|(ri, rv)| (ri, rv, graded_compare(cx, di, ri)))
        .map(|(_, rv, both)| YearChanges {
            graded: both,
            label: rv.year_label.clone(),
            url: rv.url.clone(),
            prev_label: rv.compare.prev_label.clone(),
            before_label: rv.compare.before_label.clone(),
            gap_note: rv.compare.gap_note.clone(),
            worse: rv
                .compare
                .goals
                .iter()
                .filter(|g| both && g.trend == "down")
                .cloned()
                .collect(),
            ended: rv.compare.ended.clone(),
            new: rv.compare.goals.iter().filter(|g| g.new).cloned().collect(),
        })
        .collect();
    let served: Vec<ServedItem> =
        in_tree_order(cx, cx.ix.dept_items[di].clone().into_iter().collect())
            .into_iter()
            .map(|((p, n), years)| {
                let by = years
                    .into_iter()
                    .map(|fy| Link {
                        label: cx.fy(fy),
                        url: PageRef::Report {
                            dept: &d.slug,
                            year: fy,
                        }
                        .path(),
                    })
                    .collect();
                served_item(cx, p, n, by)
            })
            .collect();
    // The scales of the years whose reports are graded.
    let report_years: Vec<FiscalYear> = d
        .reports
        .iter()
        .enumerate()
        .filter(|&(ri, _)| graded_report(ri))
        .map(|(_, r)| r.year)
        .collect();
    // 部局一覧 › the departments above it (a 課's 部) › the department.
    let mut trail: Vec<(String, String)> = vec![("部局一覧".into(), PageRef::Departments.path())];
    for a in cx.site.department_ancestors(di) {
        let ad = &cx.site.departments[a];
        trail.push((ad.name.clone(), PageRef::Department(&ad.slug).path()));
    }
    trail.push((d.name.clone(), String::new()));
    let trail: Vec<(&str, &str)> = trail
        .iter()
        .map(|(l, u)| (l.as_str(), u.as_str()))
        .collect();
    Page::new(
        PageRef::Department(&d.slug),
        head(&d.name, crumbs(&trail), "departments"),
        Body::Department(Box::new(DepartmentData {
            latest: d.reports.len().checked_sub(1).map(|ri| Link {
                label: super::report::report_title(cx, di, ri),
                url: PageRef::Report {
                    dept: &d.slug,
                    year: d.reports[ri].year,
                }
                .path(),
            }),
            graded,
            changes,
            served,
            dept: Some(dept_with_children(cx, di)),
            contact: ContactView::of(d),
            units: d.units.iter().map(|u| u.v.clone()).collect(),
            trend,
            charts: figures::department(cx, di, cores),
            scales: figures::scale_groups(cx, &report_years),
            years: heads,
            matrix,
            series,
        })),
    )
}

/// Whether report `ri` of department `di` and the report it is compared with are both
/// graded.
fn graded_compare(cx: &views::Ctx, di: usize, ri: usize) -> bool {
    let d = &cx.site.departments[di];
    let this = &d.reports[ri];
    // The report compared with: the latest earlier one of the department.
    let before = d.reports[..ri].last();
    this.is_graded(&cx.site.config) && before.is_none_or(|b| b.is_graded(&cx.site.config))
}

/// What the department page shows of each of department `di`'s reports, in order.
pub(crate) fn department_cores(cx: &views::Ctx, di: usize) -> Vec<ReportCore> {
    let n = cx.site.departments[di].reports.len();
    (0..n).map(|ri| report_core(cx, di, ri)).collect()
}
