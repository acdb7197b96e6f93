//! The charts of each page, built once per page from the model, the indexes and the views
//! already computed: this module chooses what each page charts and in which words; the
//! drawing and the sentences live in [`crate::render::charts`], the numbers in [`crate::analyze::metrics`].

use super::pages::report_view::ReportCore;
use super::views::{Ctx, DistView, LevelView, scale_view};
use crate::analyze::index::{ItemRef, RefKind};
use crate::analyze::metrics;
use crate::model::Indicator;
use crate::model::fiscal::FiscalYear;
use crate::render::charts::{self, ChartView, GradeCount, NamedRate, RatePoint, YearCounts};
use serde::Serialize;

fn grade_count(d: &DistView) -> GradeCount {
    GradeCount {
        symbol: d.symbol.clone(),
        label: d.label.clone(),
        class: d.class.clone(),
        count: d.count,
        derived: d.derived,
    }
}

/// A report's grade distribution, with chart id `id`. `noun` is what the report calls its
/// goals (重点目標, 取組).
pub fn report_grades(id: &str, noun: &str, dist: &[DistView], tally: &metrics::Tally) -> ChartView {
    let counts: Vec<GradeCount> = dist.iter().map(grade_count).collect();
    charts::grade_distribution(id, &[noun, "の評価の内訳"].concat(), noun, &counts, tally)
}

/// An indicator's 基準値, 目標値 and 実績; `goal_anchor` and the position `k` make the id,
/// after `ids` (what comes before every id of the report: nothing on its own page).
/// `rate_word` names the actual over the target: 達成率, or 目標比 in an ungraded report.
pub fn indicator(
    ids: &str,
    goal_anchor: &str,
    k: usize,
    ind: &Indicator,
    rate_word: &str,
) -> ChartView {
    let mut n = itoa::Buffer::new();
    charts::indicator(
        &[ids, "chart-", goal_anchor, "-", n.format(k + 1)].concat(),
        ind,
        rate_word,
    )
}

/// The charts of a fiscal year page.
#[derive(Serialize, Clone, Debug)]
pub struct YearCharts {
    /// Grade distribution across the city.
    pub grades: ChartView,
    /// 達成率 by department.
    pub departments: ChartView,
}

/// The charts of the page of fiscal year `fy`; `dist` is the year's distribution as the
/// page already counts it.
pub fn year(cx: &Ctx, fy: FiscalYear, dist: &[DistView]) -> YearCharts {
    let label = cx.fy(fy);
    let tally = cx.ix.year_tally.get(&fy).copied().unwrap_or_default();
    let counts: Vec<GradeCount> = dist.iter().map(grade_count).collect();
    let rows: Vec<NamedRate> = cx
        .site
        .departments
        .iter()
        .enumerate()
        .filter_map(|(di, d)| {
            let ri = d.reports.iter().position(|r| r.year == fy)?;
            // An ungraded report has no bar (the year page says it is not counted).
            if !cx.ix.report_tally[di][ri].is_graded() {
                return None;
            }
            Some(NamedRate {
                name: d.name_in(fy).to_string(),
                tally: cx.ix.report_tally[di][ri],
            })
        })
        .collect();
    YearCharts {
        grades: charts::grade_distribution(
            "chart-grades",
            &format!("{label}の評価の内訳（全部局）"),
            "全部局の目標",
            &counts,
            &tally,
        ),
        departments: charts::rates_by_department(
            "chart-departments",
            &format!("{label}の部局別の達成率"),
            &label,
            &rows,
            &tally,
        ),
    }
}

/// The charts of a department page.
#[derive(Serialize, Clone, Debug)]
pub struct DepartmentCharts {
    /// 達成率 by fiscal year (the page's trend table holds its numbers).
    pub trend: ChartView,
    /// Grade distribution by fiscal year.
    pub grades: ChartView,
}

/// The charts of department `di`, over every fiscal year from its first report to its last
/// (a year between without a report is a gap). `cores[ri]` is the core of report `ri`.
pub fn department(cx: &Ctx, di: usize, cores: &[ReportCore]) -> DepartmentCharts {
    let d = &cx.site.departments[di];
    let years: Vec<FiscalYear> = match (d.reports.first(), d.reports.last()) {
        (Some(a), Some(b)) => (a.year.year()..=b.year.year()).map(FiscalYear).collect(),
        _ => Vec::new(),
    };
    let report_at = |fy: FiscalYear| d.reports.iter().position(|r| r.year == fy);
    // A year whose report is not graded is a gap too, named as such.
    let graded_at =
        |fy: FiscalYear| report_at(fy).filter(|&ri| cx.ix.report_tally[di][ri].is_graded());
    let missing = |fy: FiscalYear| match report_at(fy) {
        Some(_) => "評価なし".to_string(),
        None => charts::NO_REPORT.to_string(),
    };
    let points: Vec<RatePoint> = years
        .iter()
        .map(|&fy| RatePoint {
            label: cx.fy(fy),
            short: charts::short_year(fy, cx.site.config.year_style),
            tally: graded_at(fy).map(|ri| cx.ix.report_tally[di][ri]),
            missing: missing(fy),
        })
        .collect();
    let mut trend = charts::rate_trend(
        "chart-trend",
        &format!("{}の達成率の推移", d.name),
        "",
        &points,
    );
    // The page's table of 達成率 by year, right below the chart, holds the same numbers.
    trend.table = None;

    // Categories: the levels of the newest scale first, then any level only older scales
    // have, 未評価 last.
    let mut cats: Vec<GradeCount> = Vec::new();
    let tallies = &cx.ix.report_tally[di];
    for (core, _) in cores
        .iter()
        .zip(tallies)
        .rev()
        .filter(|(_, t)| t.is_graded())
    {
        for dv in &core.distribution {
            if !dv.symbol.is_empty() && !cats.iter().any(|c| c.symbol == dv.symbol) {
                cats.push(GradeCount {
                    count: 0,
                    ..grade_count(dv)
                });
            }
        }
    }
    // 未評価 only when a graded year has such goals (an ungraded report has none).
    let any_unevaluated = cores.iter().zip(tallies).any(|(c, t)| {
        t.is_graded()
            && c.distribution
                .iter()
                .any(|d| d.symbol.is_empty() && d.count > 0)
    });
    if any_unevaluated {
        cats.push(GradeCount {
            symbol: String::new(),
            label: "未評価".into(),
            class: "none".into(),
            count: 0,
            derived: 0,
        });
    }
    // One report's distribution in the order of `cats`: its counts, or its derived counts.
    let per_cat = |ri: usize, of: fn(&DistView) -> usize| {
        let mut v = vec![0; cats.len()];
        for dv in &cores[ri].distribution {
            if let Some(i) = cats.iter().position(|c| c.symbol == dv.symbol) {
                v[i] += of(dv);
            }
        }
        v
    };
    let rows: Vec<YearCounts> = years
        .iter()
        .map(|&fy| YearCounts {
            label: cx.fy(fy),
            missing: missing(fy),
            counts: graded_at(fy).map(|ri| per_cat(ri, |d| d.count)),
            derived: graded_at(fy)
                .map(|ri| per_cat(ri, |d| d.derived))
                .unwrap_or_default(),
        })
        .collect();
    let grades = charts::grade_distribution_by_year(
        "chart-grades-by-year",
        &format!("{}の年度別の評価の内訳", d.name),
        "目標",
        &cats,
        &rows,
    );
    DepartmentCharts { trend, grades }
}

/// Whether the report an item reference comes from is graded.
fn graded(cx: &Ctx, r: &ItemRef) -> bool {
    cx.site.departments[r.dept].reports[r.report].is_graded(&cx.site.config)
}

/// The 達成率 chart of plan item `n` of plan `p`: the goals of graded reports that refer
/// to it (and, for an item with sub-items, to those too) in every fiscal year from the
/// first such goal to the last. `None` when no such goal refers to it.
pub fn item(cx: &Ctx, p: usize, n: usize, label: &str) -> Option<ChartView> {
    let tree = &cx.ix.trees[p];
    let rollup = !tree.nodes[n].children.is_empty();
    let mut years: Vec<FiscalYear> = Vec::new();
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        years.extend(
            cx.ix.item_refs[p][x]
                .iter()
                .filter(|r| r.kind == RefKind::Goal && graded(cx, r))
                .map(|r| r.year),
        );
        if rollup {
            stack.extend(tree.nodes[x].children.iter().copied());
        }
    }
    let (first, last) = (*years.iter().min()?, *years.iter().max()?);
    let points: Vec<RatePoint> = (first.year()..=last.year())
        .map(FiscalYear)
        .map(|fy| {
            let has = years.contains(&fy);
            RatePoint {
                label: cx.fy(fy),
                short: charts::short_year(fy, cx.site.config.year_style),
                tally: has.then(|| cx.ix.item_tally(cx.site, p, n, fy, rollup)),
                missing: "目標なし".into(),
            }
        })
        .collect();
    let scope = if rollup {
        "この項目（下位の項目を含む）に関わる目標の"
    } else {
        "この項目に関わる目標の"
    };
    Some(charts::rate_trend(
        "chart-item-trend",
        &format!(
            "{label}{}に関わる目標の達成率の推移",
            if rollup {
                "（下位の項目を含む）"
            } else {
                ""
            }
        ),
        scope,
        &points,
    ))
}

/// The scale in force over some of a page's fiscal years, for its legend.
#[derive(Serialize, Clone, Debug)]
pub struct ScaleGroup {
    /// The years, as 令和3年度 or 令和4年度〜令和6年度 (several runs joined by 、).
    pub years: String,
    /// The levels.
    pub levels: Vec<LevelView>,
}

/// The scales a page uses over `years` (ascending): neighbouring years under the same
/// scale share one legend, so a page spanning a change of bands explains both.
pub fn scale_groups(cx: &Ctx, years: &[FiscalYear]) -> Vec<ScaleGroup> {
    let grades = &cx.site.config.grades;
    let mut groups: Vec<(Vec<FiscalYear>, &crate::model::GradeScale)> = Vec::new();
    for &fy in years {
        let s = grades.for_year(fy);
        match groups.last_mut() {
            Some((ys, last)) if *last == s => ys.push(fy),
            _ => groups.push((vec![fy], s)),
        }
    }
    groups
        .into_iter()
        .map(|(ys, s)| {
            // Contiguous runs of years: 令和3年度〜令和5年度、令和7年度.
            let mut runs: Vec<(FiscalYear, FiscalYear)> = Vec::new();
            for y in ys {
                match runs.last_mut() {
                    Some((_, b)) if b.year() + 1 == y.year() => *b = y,
                    _ => runs.push((y, y)),
                }
            }
            let years = runs
                .iter()
                .map(|&(a, b)| {
                    if a == b {
                        cx.fy(a)
                    } else {
                        format!("{}〜{}", cx.fy(a), cx.fy(b))
                    }
                })
                .collect::<Vec<_>>()
                .join("、");
            ScaleGroup {
                years,
                levels: scale_view(s),
            }
        })
        .collect()
}

/// Fiscal years in which a graded report refers to plan item `n` of plan `p` or to an
/// item below it, ascending: the years whose scales the item page explains.
pub fn item_years(cx: &Ctx, p: usize, n: usize) -> Vec<FiscalYear> {
    let tree = &cx.ix.trees[p];
    let mut years: Vec<FiscalYear> = Vec::new();
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        years.extend(
            cx.ix.item_refs[p][x]
                .iter()
                .filter(|r| graded(cx, r))
                .map(|r| r.year),
        );
        stack.extend(tree.nodes[x].children.iter().copied());
    }
    years.sort();
    years.dedup();
    years
}
