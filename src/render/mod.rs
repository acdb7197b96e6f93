//! Rendering: the built-in theme's tera templates (embedded in the binary, overridable by
//! `themes/<name>/templates/`), view-models built once, and every page rendered in
//! parallel.

pub mod compare;
pub mod figures;
pub mod meta;
mod publish;
pub mod views;

use crate::diag::Diagnostic;
use crate::fiscal::FiscalYear;
use crate::index::{Indexes, RefKind};
use crate::markdown::MdOptions;
use crate::metrics::{self, Tally};
use crate::model::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use tera::{Context, Tera};
use views::*;

/// The built-in theme: (template name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("year.html", include_str!("../templates/year.html")),
    (
        "departments.html",
        include_str!("../templates/departments.html"),
    ),
    (
        "department.html",
        include_str!("../templates/department.html"),
    ),
    ("report.html", include_str!("../templates/report.html")),
    ("plans.html", include_str!("../templates/plans.html")),
    ("plan.html", include_str!("../templates/plan.html")),
    (
        "plan_item.html",
        include_str!("../templates/plan_item.html"),
    ),
    ("404.html", include_str!("../templates/404.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("data.html", include_str!("../templates/data.html")),
];

/// Static files of the built-in theme: (output path, bytes).
pub const ASSETS: &[(&str, &str)] = &[
    ("assets/style.css", include_str!("../templates/style.css")),
    ("assets/search.js", include_str!("../templates/search.js")),
    ("assets/print.js", include_str!("../templates/print.js")),
];

/// One output file.
pub struct OutFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Loads the templates: built-in first, then the site theme's overrides.
pub fn load_templates(overrides: &[(String, String)]) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    let mut all: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    for (name, src) in overrides {
        match all.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = src.clone(),
            None => all.push((name.clone(), src.clone())),
        }
    }
    tera.add_raw_templates(all).map_err(|e| {
        Diagnostic::path_error("themes/", format!("テンプレートを読み込めません: {}", tera_error_text(&e)))
            .hint("テーマのテンプレートの {{ }} や {% %} の閉じ忘れ、存在しない変数名がないか確認してください。")
    })?;
    tera.autoescape_on(vec![".html", ".xml"]);
    Ok(tera)
}

/// A tera error with its causes, on one line.
pub fn tera_error_text(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(c) = src {
        s.push_str(" / ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}

/// Values every page gets.
#[derive(Serialize, Clone)]
struct SiteInfo {
    title: String,
    city: String,
    lang: String,
    year_style: &'static str,
    base_url: String,
    description: Option<String>,
    plans: Vec<Link>,
    latest_year: Option<Link>,
}

struct Page {
    path: String,
    template: &'static str,
    ctx: Context,
}

fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders every page of the site.
pub fn render_site(site: &Site, ix: &Indexes, tera: &Tera) -> Result<Vec<OutFile>, Diagnostic> {
    let cx = views::Ctx {
        site,
        ix,
        md: MdOptions {
            allow_html: site.config.allow_html,
            top_heading: 3,
        },
    };
    let info = SiteInfo {
        title: site.config.title.clone(),
        city: site.config.city.clone(),
        lang: site.config.language.clone(),
        year_style: style_name(site.config.year_style),
        base_url: site.config.base_url.clone().unwrap_or_default(),
        // Directly under the page's h1: prose headings start at h2.
        description: site.config.description.as_ref().map(|d| cx.md_at(d, 2)),
        plans: site
            .plans
            .iter()
            .map(|p| Link {
                label: p.short.clone().unwrap_or_else(|| p.name.clone()),
                url: plan_url(&p.slug),
            })
            .collect(),
        latest_year: ix.years.last().map(|&y| Link {
            label: cx.fy(y),
            url: year_url(y),
        }),
    };

    // Report views, once each, in parallel.
    let flat: Vec<(usize, usize)> = site
        .departments
        .iter()
        .enumerate()
        .flat_map(|(di, d)| (0..d.reports.len()).map(move |ri| (di, ri)))
        .collect();
    let report_views: Vec<ReportView> = flat
        .par_iter()
        .map(|&(di, ri)| report_view(&cx, di, ri))
        .collect();
    let mut rv_index: Vec<Vec<usize>> = site
        .departments
        .iter()
        .map(|d| vec![0; d.reports.len()])
        .collect();
    for (k, &(di, ri)) in flat.iter().enumerate() {
        rv_index[di][ri] = k;
    }

    let mut pages: Vec<Page> = Vec::new();
    pages.push(index_page(&cx));
    for &fy in &ix.years {
        pages.push(year_page(&cx, fy));
    }
    pages.push(departments_page(&cx));
    for (di, _) in site.departments.iter().enumerate() {
        pages.push(department_page(&cx, di, &report_views, &rv_index[di]));
    }
    for (k, &(di, ri)) in flat.iter().enumerate() {
        pages.push(report_page(&cx, di, ri, &report_views[k]));
    }
    if !site.plans.is_empty() {
        pages.push(plans_page(&cx));
    }
    for p in 0..site.plans.len() {
        pages.push(plan_page(&cx, p));
        for n in 0..ix.trees[p].nodes.len() {
            pages.push(item_page(&cx, p, n, &report_views, &rv_index));
        }
    }
    pages.push(publish::search_page());
    pages.push(publish::data_page());
    pages.push(Page {
        path: "404.html".into(),
        template: "404.html",
        ctx: Context::new(),
    });

    let rendered: Vec<Result<OutFile, Diagnostic>> = pages
        .into_par_iter()
        .map(|mut page| {
            let root = root_for(&page.path);
            page.ctx.insert("root", &root);
            page.ctx.insert("site", &info);
            page.ctx.insert("page_path", &page.path);
            page.ctx
                .insert("meta", &meta::page_meta(site, ix, &page.path));
            tera.render(page.template, &page.ctx)
                .map(|html| OutFile {
                    path: page.path.clone(),
                    bytes: html.into_bytes(),
                })
                .map_err(|e| {
                    Diagnostic::path_error(
                        format!("templates/{}", page.template),
                        format!("{} を作れません: {}", page.path, tera_error_text(&e)),
                    )
                    .hint("テーマのテンプレートを変更した場合は、変数名や構文を確認してください。")
                })
        })
        .collect();
    let mut out = Vec::with_capacity(rendered.len() + ASSETS.len());
    for r in rendered {
        out.push(r?);
    }
    for (path, src) in ASSETS {
        out.push(OutFile {
            path: path.to_string(),
            bytes: src.as_bytes().to_vec(),
        });
    }
    Ok(out)
}

fn crumbs(items: &[(&str, &str)]) -> Vec<Link> {
    let mut v = vec![Link {
        label: "トップ".into(),
        url: "index.html".into(),
    }];
    v.extend(items.iter().map(|(l, u)| Link {
        label: l.to_string(),
        url: u.to_string(),
    }));
    v
}

fn base_ctx(title: &str, breadcrumbs: Vec<Link>, section: &str) -> Context {
    let mut c = Context::new();
    c.insert("title", title);
    c.insert("breadcrumbs", &breadcrumbs);
    c.insert("section", section);
    c
}

#[derive(Serialize)]
struct YearRow {
    year: i32,
    label: String,
    url: String,
    rate: RateView,
    reports: usize,
}

#[derive(Serialize)]
struct DeptRow {
    name: String,
    url: String,
    former: Vec<String>,
    years: Vec<Link>,
    latest: Option<DeptLatest>,
}

#[derive(Serialize)]
struct DeptLatest {
    label: String,
    url: String,
    rate: RateView,
}

fn year_rows(cx: &views::Ctx) -> Vec<YearRow> {
    cx.ix
        .years
        .iter()
        .rev()
        .map(|&fy| YearRow {
            year: fy.year(),
            label: cx.fy(fy),
            url: year_url(fy),
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

fn dept_rows(cx: &views::Ctx) -> Vec<DeptRow> {
    cx.site
        .departments
        .iter()
        .enumerate()
        .map(|(di, d)| DeptRow {
            name: d.name.clone(),
            url: dept_url(&d.slug),
            former: d
                .former_names
                .iter()
                .map(|f| format!("{}（{}まで）", f.name, cx.fy(f.until)))
                .collect(),
            years: d
                .reports
                .iter()
                .map(|r| Link {
                    label: cx.fy(r.year),
                    url: report_url(&d.slug, r.year),
                })
                .collect(),
            latest: d.reports.last().map(|r| DeptLatest {
                label: cx.fy(r.year),
                url: report_url(&d.slug, r.year),
                rate: RateView::from(&cx.ix.report_tally[di][d.reports.len() - 1]),
            }),
        })
        .collect()
}

fn index_page(cx: &views::Ctx) -> Page {
    let mut c = base_ctx(&cx.site.config.title, Vec::new(), "home");
    if let Some(&fy) = cx.ix.years.last() {
        c.insert("latest", &year_summary(cx, fy));
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
            c.insert("evaluated", &year_summary(cx, done));
        }
    }
    c.insert("years", &year_rows(cx));
    c.insert("departments", &dept_rows(cx));
    c.insert("plans", &plan_rows(cx));
    Page {
        path: "index.html".into(),
        template: "index.html",
        ctx: c,
    }
}

#[derive(Serialize)]
struct YearSummary {
    year: i32,
    label: String,
    url: String,
    rate: RateView,
    prev: Option<Link>,
    prev_rate: Option<RateView>,
    change: String,
    arrow: String,
    next: Option<Link>,
    distribution: Vec<DistView>,
    scale: Vec<LevelView>,
    rows: Vec<DeptRateRow>,
    missing: Vec<Link>,
}

fn year_summary(cx: &views::Ctx, fy: FiscalYear) -> YearSummary {
    let site = cx.site;
    let scale = site.config.grades.for_year(fy);
    let pos = cx.ix.years.iter().position(|&y| y == fy).unwrap_or(0);
    let prev = pos.checked_sub(1).map(|i| cx.ix.years[i]);
    let next = cx.ix.years.get(pos + 1).copied();
    let tally = cx.ix.year_tally[&fy];
    let prev_tally = prev.map(|p| cx.ix.year_tally[&p]);
    let (chg, arrow) = change(tally.rate(), prev_tally.and_then(|t| t.rate()));
    let mut grades = Vec::new();
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for (di, d) in site.departments.iter().enumerate() {
        let this = d.reports.iter().position(|r| r.year == fy);
        let before = prev.and_then(|p| d.reports.iter().position(|r| r.year == p));
        match this {
            Some(ri) => {
                let r = &d.reports[ri];
                grades.extend(r.goals.iter().map(|g| metrics::goal_grade(g, scale)));
                let t = cx.ix.report_tally[di][ri];
                let pt: Option<Tally> = before.map(|bi| cx.ix.report_tally[di][bi]);
                let (chg, arrow) = change(t.rate(), pt.and_then(|p| p.rate()));
                rows.push(DeptRateRow {
                    name: d.name_in(fy).to_string(),
                    url: dept_url(&d.slug),
                    report_url: Some(report_url(&d.slug, fy)),
                    rate: RateView::from(&t),
                    prev: pt.map(|p| RateView::from(&p)),
                    change: chg,
                    arrow,
                });
            }
            None => {
                // Departments that existed around this year but have no report for it.
                let spans = d.reports.first().is_some_and(|f| f.year < fy)
                    && d.reports.last().is_some_and(|l| l.year > fy);
                if spans {
                    missing.push(Link {
                        label: d.name_in(fy).to_string(),
                        url: dept_url(&d.slug),
                    });
                }
            }
        }
    }
    YearSummary {
        year: fy.year(),
        label: cx.fy(fy),
        url: year_url(fy),
        rate: RateView::from(&tally),
        prev: prev.map(|p| Link {
            label: cx.fy(p),
            url: year_url(p),
        }),
        prev_rate: prev_tally.map(|t| RateView::from(&t)),
        change: chg,
        arrow,
        next: next.map(|n| Link {
            label: cx.fy(n),
            url: year_url(n),
        }),
        distribution: distribution(grades, scale),
        scale: scale_view(scale),
        rows,
        missing,
    }
}

/// A plan item a department or a year serves.
#[derive(Serialize)]
struct ServedItem {
    plan: String,
    code: String,
    title: String,
    url: String,
    /// Years (department page) or departments (year page).
    by: Vec<Link>,
}

fn served_item(cx: &views::Ctx, p: usize, n: usize, by: Vec<Link>) -> ServedItem {
    let plan = &cx.site.plans[p];
    let node = &cx.ix.trees[p].nodes[n];
    ServedItem {
        plan: plan.short.clone().unwrap_or_else(|| plan.name.clone()),
        code: node.code.clone(),
        title: node.title.clone(),
        url: item_url(&plan.slug, &node.id),
        by,
    }
}

/// Items in plan order (plan, then tree order), not in index order.
fn in_tree_order<T>(cx: &views::Ctx, items: Vec<((usize, usize), T)>) -> Vec<((usize, usize), T)> {
    let mut keyed: Vec<((usize, usize), usize, T)> = items
        .into_iter()
        .map(|(k, v)| {
            let pos = cx.ix.tree_pos[k.0][k.1];
            (k, pos, v)
        })
        .collect();
    keyed.sort_by_key(|(k, pos, _)| (k.0, *pos));
    keyed.into_iter().map(|(k, _, v)| (k, v)).collect()
}

fn year_page(cx: &views::Ctx, fy: FiscalYear) -> Page {
    let label = cx.fy(fy);
    let path = year_url(fy);
    let mut c = base_ctx(
        &format!("{label}の達成状況"),
        crumbs(&[(&label, "")]),
        "years",
    );
    let summary = year_summary(cx, fy);
    c.insert("charts", &figures::year(cx, fy, &summary.distribution));
    c.insert("y", &summary);
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
                        url: report_url(&dept.slug, fy),
                    }
                })
                .collect();
            served_item(cx, p, n, by)
        })
        .collect();
    c.insert("served", &served);
    Page {
        path,
        template: "year.html",
        ctx: c,
    }
}

fn departments_page(cx: &views::Ctx) -> Page {
    let mut c = base_ctx("部局一覧", crumbs(&[("部局一覧", "")]), "departments");
    c.insert("departments", &dept_rows(cx));
    Page {
        path: "departments/index.html".into(),
        template: "departments.html",
        ctx: c,
    }
}

#[derive(Serialize)]
struct MatrixRow {
    id: String,
    title: String,
    cells: Vec<MatrixCell>,
}

#[derive(Serialize, Clone)]
struct MatrixCell {
    /// Whether the department has a report that year.
    report: bool,
    /// Whether the goal is in that report.
    present: bool,
    grade: Option<GradeView>,
    url: String,
}

#[derive(Serialize)]
struct SeriesView {
    name: String,
    unit: String,
    lower: bool,
    points: Vec<SeriesPoint>,
}

#[derive(Serialize)]
struct SeriesPoint {
    label: String,
    report: bool,
    target: String,
    actual: String,
    rate: String,
}

fn department_page(cx: &views::Ctx, di: usize, rvs: &[ReportView], idx: &[usize]) -> Page {
    let d = &cx.site.departments[di];
    let mut c = base_ctx(
        &d.name,
        crumbs(&[("部局一覧", "departments/index.html"), (&d.name, "")]),
        "departments",
    );
    // Every fiscal year from the first report to the last, gaps included.
    let years: Vec<FiscalYear> = match (d.reports.first(), d.reports.last()) {
        (Some(a), Some(b)) => (a.year.year()..=b.year.year()).map(FiscalYear).collect(),
        _ => Vec::new(),
    };
    let report_at = |fy: FiscalYear| d.reports.iter().position(|r| r.year == fy);
    #[derive(Serialize)]
    struct TrendRow {
        label: String,
        url: Option<String>,
        rate: Option<RateView>,
        name: String,
        change: String,
        arrow: String,
    }
    let mut trend = Vec::new();
    let mut prev_rate: Option<f64> = None;
    for &fy in &years {
        match report_at(fy) {
            Some(ri) => {
                let t = cx.ix.report_tally[di][ri];
                let (chg, arrow) = change(t.rate(), prev_rate);
                prev_rate = t.rate();
                trend.push(TrendRow {
                    label: cx.fy(fy),
                    url: Some(report_url(&d.slug, fy)),
                    rate: Some(RateView::from(&t)),
                    name: d.name_in(fy).to_string(),
                    change: chg,
                    arrow,
                });
            }
            None => {
                prev_rate = None;
                trend.push(TrendRow {
                    label: cx.fy(fy),
                    url: None,
                    rate: None,
                    name: d.name_in(fy).to_string(),
                    change: String::new(),
                    arrow: String::new(),
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
    let matrix: Vec<MatrixRow> = order
        .iter()
        .map(|id| MatrixRow {
            id: id.clone(),
            title: titles[id].clone(),
            cells: years
                .iter()
                .map(|&fy| match report_at(fy) {
                    Some(ri) => {
                        let rv = &rvs[idx[ri]];
                        match rv.goals.iter().find(|g| &g.id == id) {
                            Some(g) => MatrixCell {
                                report: true,
                                present: true,
                                grade: Some(g.grade.clone()),
                                url: format!("{}#{}", rv.url, g.anchor),
                            },
                            None => MatrixCell {
                                report: true,
                                present: false,
                                grade: None,
                                url: String::new(),
                            },
                        }
                    }
                    None => MatrixCell {
                        report: false,
                        present: false,
                        grade: None,
                        url: String::new(),
                    },
                })
                .collect(),
        })
        .collect();
    // Indicator series by id (or by name when no id).
    let mut series_order: Vec<String> = Vec::new();
    let mut series_meta: BTreeMap<String, (String, String, bool)> = BTreeMap::new();
    for r in &d.reports {
        for g in &r.goals {
            for i in &g.indicators {
                let key =
                    i.id.as_ref()
                        .map(|x| format!("{}/{}", g.id.v, x.v))
                        .unwrap_or_else(|| format!("{}/{}", g.id.v, i.name));
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
    }
    let series: Vec<SeriesView> = series_order
        .iter()
        .filter_map(|key| {
            let (name, unit, lower) = series_meta[key].clone();
            let points: Vec<SeriesPoint> = years
                .iter()
                .map(|&fy| {
                    let found = report_at(fy).and_then(|ri| {
                        d.reports[ri]
                            .goals
                            .iter()
                            .flat_map(|g| g.indicators.iter().map(move |i| (g, i)))
                            .find(|(g, i)| {
                                let k =
                                    i.id.as_ref()
                                        .map(|x| format!("{}/{}", g.id.v, x.v))
                                        .unwrap_or_else(|| format!("{}/{}", g.id.v, i.name));
                                &k == key
                            })
                    });
                    SeriesPoint {
                        label: cx.fy(fy),
                        report: report_at(fy).is_some(),
                        target: found
                            .and_then(|(_, i)| i.target)
                            .map(metrics::format_number)
                            .unwrap_or_default(),
                        actual: found
                            .and_then(|(_, i)| i.actual)
                            .map(metrics::format_number)
                            .unwrap_or_default(),
                        rate: found
                            .and_then(|(_, i)| metrics::indicator_rate(i))
                            .map(metrics::format_pct)
                            .unwrap_or_default(),
                    }
                })
                .collect();
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
                })
        })
        .collect();
    #[derive(Serialize)]
    struct YearHead {
        label: String,
        url: Option<String>,
    }
    let heads: Vec<YearHead> = years
        .iter()
        .map(|&fy| YearHead {
            label: cx.fy(fy),
            url: report_at(fy).map(|_| report_url(&d.slug, fy)),
        })
        .collect();
    // Per year: goals that got worse, ended and began (newest first), from the reports'
    // comparisons, so the department page alone answers "what got worse, what vanished".
    #[derive(Serialize)]
    struct YearChanges {
        label: String,
        url: String,
        prev_label: String,
        worse: Vec<compare::GoalCompareRow>,
        ended: Vec<compare::EndedRow>,
        new: Vec<compare::GoalCompareRow>,
    }
    let changes: Vec<YearChanges> = idx
        .iter()
        .rev()
        .map(|&k| &rvs[k])
        .filter(|rv| rv.compare.prev_url.is_some())
        .map(|rv| YearChanges {
            label: rv.year_label.clone(),
            url: rv.url.clone(),
            prev_label: rv.compare.prev_label.clone(),
            worse: rv
                .compare
                .goals
                .iter()
                .filter(|g| g.trend == "down")
                .cloned()
                .collect(),
            ended: rv.compare.ended.clone(),
            new: rv.compare.goals.iter().filter(|g| g.new).cloned().collect(),
        })
        .collect();
    c.insert("changes", &changes);
    let served: Vec<ServedItem> =
        in_tree_order(cx, cx.ix.dept_items[di].clone().into_iter().collect())
            .into_iter()
            .map(|((p, n), years)| {
                let by = years
                    .into_iter()
                    .map(|fy| Link {
                        label: cx.fy(fy),
                        url: report_url(&d.slug, fy),
                    })
                    .collect();
                served_item(cx, p, n, by)
            })
            .collect();
    c.insert("served", &served);
    c.insert("dept", &dept_rows(cx).into_iter().nth(di));
    c.insert(
        "units",
        &d.units.iter().map(|u| u.v.clone()).collect::<Vec<_>>(),
    );
    c.insert("trend", &trend);
    c.insert("charts", &figures::department(cx, di, rvs, idx));
    let report_years: Vec<FiscalYear> = d.reports.iter().map(|r| r.year).collect();
    c.insert("scales", &figures::scale_groups(cx, &report_years));
    c.insert("years", &heads);
    c.insert("matrix", &matrix);
    c.insert("series", &series);
    Page {
        path: dept_url(&d.slug),
        template: "department.html",
        ctx: c,
    }
}

fn report_page(cx: &views::Ctx, di: usize, ri: usize, rv: &ReportView) -> Page {
    let d = &cx.site.departments[di];
    let mut c = base_ctx(
        &rv.title,
        crumbs(&[
            ("部局一覧", "departments/index.html"),
            (&d.name, &dept_url(&d.slug)),
            (&rv.year_label, ""),
        ]),
        "departments",
    );
    c.insert("r", rv);
    let prev = ri.checked_sub(1).map(|p| Link {
        label: cx.fy(d.reports[p].year),
        url: report_url(&d.slug, d.reports[p].year),
    });
    let next = d.reports.get(ri + 1).map(|n| Link {
        label: cx.fy(n.year),
        url: report_url(&d.slug, n.year),
    });
    c.insert("prev", &prev);
    c.insert("next", &next);
    c.insert("year_url", &year_url(d.reports[ri].year));
    Page {
        path: rv.url.clone(),
        template: "report.html",
        ctx: c,
    }
}

#[derive(Serialize)]
struct PlanRow {
    name: String,
    short: String,
    url: String,
    period: String,
    items: usize,
    unreferenced: usize,
}

fn plan_period(cx: &views::Ctx, p: &crate::model::Plan) -> String {
    p.period
        .map(|(a, b)| format!("{}〜{}", cx.fy(a), cx.fy(b)))
        .unwrap_or_default()
}

fn plan_rows(cx: &views::Ctx) -> Vec<PlanRow> {
    cx.site
        .plans
        .iter()
        .enumerate()
        .map(|(pi, p)| PlanRow {
            name: p.name.clone(),
            short: p.short.clone().unwrap_or_default(),
            url: plan_url(&p.slug),
            period: plan_period(cx, p),
            items: cx.ix.trees[pi].nodes.len(),
            unreferenced: (0..cx.ix.trees[pi].nodes.len())
                .filter(|&n| subtree_refs(cx.ix, pi, n) == 0)
                .count(),
        })
        .collect()
}

/// References to a node and its descendants.
fn subtree_refs(ix: &Indexes, p: usize, n: usize) -> usize {
    let mut total = 0;
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        total += ix.item_refs[p][x].len();
        stack.extend(ix.trees[p].nodes[x].children.iter().copied());
    }
    total
}

fn plans_page(cx: &views::Ctx) -> Page {
    let mut c = base_ctx("計画一覧", crumbs(&[("計画一覧", "")]), "plans");
    c.insert("plans", &plan_rows(cx));
    Page {
        path: "plans/index.html".into(),
        template: "plans.html",
        ctx: c,
    }
}

#[derive(Serialize)]
struct TreeRow {
    code: String,
    title: String,
    url: String,
    depth: usize,
    level: String,
    implied: bool,
    own_refs: usize,
    subtree_refs: usize,
    cells: Vec<TreeCell>,
}

#[derive(Serialize)]
struct TreeCell {
    counts: RefCounts,
    total: usize,
    rate: RateView,
}

fn plan_years(cx: &views::Ctx, p: usize) -> Vec<FiscalYear> {
    let mut years: Vec<FiscalYear> = cx.ix.item_refs[p]
        .iter()
        .flatten()
        .map(|r| r.year)
        .collect();
    years.sort();
    years.dedup();
    years
}

fn plan_page(cx: &views::Ctx, p: usize) -> Page {
    let plan = &cx.site.plans[p];
    let tree = &cx.ix.trees[p];
    let mut c = base_ctx(
        &plan.name,
        crumbs(&[("計画一覧", "plans/index.html"), (&plan.name, "")]),
        "plans",
    );
    let years = plan_years(cx, p);
    let rows: Vec<TreeRow> = tree
        .preorder()
        .into_iter()
        .map(|n| {
            let node = &tree.nodes[n];
            let cells = years
                .iter()
                .map(|&fy| {
                    let mut counts = RefCounts::default();
                    let mut stack = vec![n];
                    while let Some(x) = stack.pop() {
                        for r in &cx.ix.item_refs[p][x] {
                            if r.year == fy {
                                counts.add(r.kind);
                            }
                        }
                        stack.extend(tree.nodes[x].children.iter().copied());
                    }
                    TreeCell {
                        total: counts.total(),
                        counts,
                        rate: RateView::from(&cx.ix.item_tally(cx.site, p, n, fy, true)),
                    }
                })
                .collect();
            TreeRow {
                code: node.code.clone(),
                title: node.title.clone(),
                url: item_url(&plan.slug, &node.id),
                depth: node.depth,
                level: plan.levels.get(node.depth).cloned().unwrap_or_default(),
                implied: node.item.is_none(),
                own_refs: cx.ix.item_refs[p][n].len(),
                subtree_refs: subtree_refs(cx.ix, p, n),
                cells,
            }
        })
        .collect();
    c.insert("plan", &PlanInfo::of(cx, p));
    c.insert(
        "years",
        &years.iter().map(|&y| cx.fy(y)).collect::<Vec<_>>(),
    );
    c.insert("rows", &rows);
    Page {
        path: plan_url(&plan.slug),
        template: "plan.html",
        ctx: c,
    }
}

#[derive(Serialize)]
struct PlanInfo {
    name: String,
    short: String,
    url: String,
    period: String,
    levels: Vec<String>,
    body: Option<String>,
    revision_notes: Vec<String>,
}

impl PlanInfo {
    fn of(cx: &views::Ctx, p: usize) -> PlanInfo {
        let plan = &cx.site.plans[p];
        PlanInfo {
            name: plan.name.clone(),
            short: plan.short.clone().unwrap_or_default(),
            url: plan_url(&plan.slug),
            period: plan_period(cx, plan),
            levels: plan.levels.clone(),
            body: plan.body.as_ref().map(|b| cx.md_at(b, 2)),
            revision_notes: plan.revision_notes.clone(),
        }
    }
}

#[derive(Serialize)]
struct RefEntry {
    kind: &'static str,
    dept: String,
    number: String,
    title: String,
    url: String,
    grade: Option<GradeView>,
}

#[derive(Serialize)]
struct RefYear {
    label: String,
    year_url: String,
    rate: RateView,
    entries: Vec<RefEntry>,
}

fn item_page(cx: &views::Ctx, p: usize, n: usize, rvs: &[ReportView], idx: &[Vec<usize>]) -> Page {
    let plan = &cx.site.plans[p];
    let tree = &cx.ix.trees[p];
    let node = &tree.nodes[n];
    let label = if node.title.is_empty() {
        node.code.clone()
    } else {
        format!("{} {}", node.code, node.title)
    };
    let mut trail: Vec<(String, String)> = vec![
        ("計画一覧".into(), "plans/index.html".into()),
        (
            plan.short.clone().unwrap_or_else(|| plan.name.clone()),
            plan_url(&plan.slug),
        ),
    ];
    for a in tree.ancestors(n) {
        let an = &tree.nodes[a];
        trail.push((
            if an.title.is_empty() {
                an.code.clone()
            } else {
                format!("{} {}", an.code, an.title)
            },
            item_url(&plan.slug, &an.id),
        ));
    }
    trail.push((label.clone(), String::new()));
    let trail_refs: Vec<(&str, &str)> = trail
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut c = base_ctx(&label, crumbs(&trail_refs), "plans");
    let item = node.item.map(|i| &plan.items[i]);
    let children: Vec<Link> = node
        .children
        .iter()
        .map(|&ch| {
            let cn = &tree.nodes[ch];
            Link {
                label: if cn.title.is_empty() {
                    cn.code.clone()
                } else {
                    format!("{} {}", cn.code, cn.title)
                },
                url: item_url(&plan.slug, &cn.id),
            }
        })
        .collect();
    // References grouped by fiscal year, newest first.
    let mut by_year: BTreeMap<FiscalYear, Vec<RefEntry>> = BTreeMap::new();
    for r in &cx.ix.item_refs[p][n] {
        let d = &cx.site.departments[r.dept];
        let rv = &rvs[idx[r.dept][r.report]];
        let entry = match r.kind {
            RefKind::Goal => {
                let g = &rv.goals[r.entry];
                RefEntry {
                    kind: RefKind::Goal.label(),
                    dept: rv.dept_name.clone(),
                    number: g.number.clone(),
                    title: g.title.clone(),
                    url: format!("{}#{}", rv.url, g.anchor),
                    grade: Some(g.grade.clone()),
                }
            }
            RefKind::Challenge => {
                let x = &rv.challenges[r.entry];
                RefEntry {
                    kind: RefKind::Challenge.label(),
                    dept: rv.dept_name.clone(),
                    number: String::new(),
                    title: x.title.clone(),
                    url: format!("{}#{}", rv.url, x.anchor),
                    grade: None,
                }
            }
            RefKind::Project => {
                let x = &rv.projects[r.entry];
                RefEntry {
                    kind: RefKind::Project.label(),
                    dept: rv.dept_name.clone(),
                    number: String::new(),
                    title: x.name.clone(),
                    url: format!("{}#{}", rv.url, x.anchor),
                    grade: None,
                }
            }
            RefKind::Midterm => {
                let x = &rv.midterm[r.entry];
                RefEntry {
                    kind: RefKind::Midterm.label(),
                    dept: rv.dept_name.clone(),
                    number: String::new(),
                    title: x.title.clone(),
                    url: format!("{}#{}", rv.url, x.anchor),
                    grade: None,
                }
            }
        };
        let _ = d;
        by_year.entry(r.year).or_default().push(entry);
    }
    let years: Vec<RefYear> = by_year
        .into_iter()
        .rev()
        .map(|(fy, entries)| RefYear {
            label: cx.fy(fy),
            year_url: year_url(fy),
            rate: RateView::from(&cx.ix.item_tally(cx.site, p, n, fy, false)),
            entries,
        })
        .collect();
    // 前期 → 後期 links both ways.
    let continues = item.and_then(|it| it.continues.as_ref()).and_then(|c| {
        let parts = crate::plans::split_ref(&c.v);
        let slug = parts.plan.unwrap_or_else(|| plan.slug.clone());
        let pi = *cx.ix.plan_by_slug.get(&slug)?;
        let ni = cx.ix.trees[pi].find(parts.code)?;
        let on = &cx.ix.trees[pi].nodes[ni];
        let op = &cx.site.plans[pi];
        Some(Link {
            label: format!(
                "{} {} {}",
                op.short.clone().unwrap_or_else(|| op.name.clone()),
                on.code,
                on.title
            ),
            url: item_url(&op.slug, &on.id),
        })
    });
    let mut continued_by = Vec::new();
    for (pi, op) in cx.site.plans.iter().enumerate() {
        for it in &op.items {
            if let Some(cn) = &it.continues {
                let parts = crate::plans::split_ref(&cn.v);
                let slug = parts.plan.unwrap_or_else(|| op.slug.clone());
                if slug == plan.slug && cx.ix.trees[p].find(parts.code) == Some(n) {
                    continued_by.push(Link {
                        label: format!(
                            "{} {} {}",
                            op.short.clone().unwrap_or_else(|| op.name.clone()),
                            it.code.v,
                            it.title
                        ),
                        url: item_url(&op.slug, &it.id),
                    });
                }
            }
        }
        let _ = pi;
    }
    c.insert("plan", &PlanInfo::of(cx, p));
    c.insert("code", &node.code);
    c.insert("item_title", &node.title);
    c.insert(
        "level",
        &plan.levels.get(node.depth).cloned().unwrap_or_default(),
    );
    c.insert("implied", &node.item.is_none());
    c.insert(
        "body",
        &item.and_then(|i| i.body.as_ref()).map(|b| cx.md_at(b, 2)),
    );
    c.insert("children", &children);
    c.insert("ref_years", &years);
    c.insert("continues", &continues);
    c.insert("continued_by", &continued_by);
    c.insert("subtree_refs", &subtree_refs(cx.ix, p, n));
    c.insert("chart", &figures::item(cx, p, n, &label));
    c.insert(
        "scales",
        &figures::scale_groups(cx, &figures::item_years(cx, p, n)),
    );
    Page {
        path: item_url(&plan.slug, &node.id),
        template: "plan_item.html",
        ctx: c,
    }
}

/// Reads a theme's template overrides: `themes/<name>/templates/*.html`.
pub fn theme_templates(site_dir: &Path, theme: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let dir = site_dir.join("themes").join(theme).join("templates");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|_| {
            Diagnostic::path_error(
                format!("themes/{theme}/templates"),
                "テーマのフォルダーを読み取れません。",
            )
        })?;
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) == Some("html") {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let display = format!("themes/{theme}/templates/{name}");
            let text = crate::load::read_text(p, &display)?;
            out.push((name, text));
        }
    }
    Ok(out)
}
