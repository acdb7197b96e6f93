//! Rendering: the built-in theme's tera templates (embedded in the binary, overridable by
//! `themes/<name>/templates/`), view-models built once, and every page rendered in
//! parallel. Templates a theme leaves alone are drawn by their compiled form (`build.rs`
//! turns them into Rust, [`html`]); overridden ones by tera.

pub mod charts;
pub mod compare;
pub mod escape;
pub mod figures;
mod html;
pub mod markdown;
pub mod meta;
mod publish;
pub mod theme;
pub mod urls;
pub mod views;

use crate::analyze::index::{Indexes, RefKind};
use crate::analyze::metrics::{self, Tally};
use crate::diag::Diagnostic;
use crate::model::fiscal::FiscalYear;
use crate::model::{Date, Site};
use crate::output::{Collect, OutFile, Sink};
use crate::render::markdown::MdOptions;
use crate::render::theme::{ASSETS, tera_error_text};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;
use tera::{Context, Tera};
use views::*;

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

/// One page: where it goes, which template draws it and what it shows.
struct Page {
    path: String,
    template: &'static str,
    head: Option<Head>,
    body: Body,
}

/// What every page built on `base.html` sets.
#[derive(Serialize)]
struct Head {
    title: String,
    breadcrumbs: Vec<Link>,
    section: &'static str,
}

/// The data of each kind of page. Serialised (field names are the template variables)
/// when tera draws the page, read directly when [`html`] does.
enum Body {
    Index(Box<IndexData>),
    Year(Box<YearData>),
    Departments(DepartmentsData),
    Department(Box<DepartmentData>),
    Report(Box<ReportData>),
    Plans(PlansData),
    Plan(PlanData),
    Item(Box<ItemData>),
    Search,
    Data(publish::DataData),
    NotFound,
}

impl Page {
    /// The tera context of the page.
    fn context(&self, root: &str, info: &SiteInfo, meta: &meta::PageMeta) -> tera::Result<Context> {
        let mut c = match &self.body {
            Body::Index(d) => Context::from_serialize(d)?,
            Body::Year(d) => Context::from_serialize(d)?,
            Body::Departments(d) => Context::from_serialize(d)?,
            Body::Department(d) => Context::from_serialize(d)?,
            Body::Report(d) => Context::from_serialize(d)?,
            Body::Plans(d) => Context::from_serialize(d)?,
            Body::Plan(d) => Context::from_serialize(d)?,
            Body::Item(d) => Context::from_serialize(d)?,
            Body::Data(d) => Context::from_serialize(d)?,
            Body::Search | Body::NotFound => Context::new(),
        };
        if let Some(h) = &self.head {
            c.insert("title", &h.title);
            c.insert("breadcrumbs", &h.breadcrumbs);
            c.insert("section", h.section);
        }
        c.insert("root", root);
        c.insert("site", info);
        c.insert("page_path", &self.path);
        c.insert("meta", meta);
        Ok(c)
    }
}

/// A page to make: built, drawn and handed to the sink by one task, so only the pages
/// being drawn are in memory.
#[derive(Clone, Copy)]
enum Job {
    Index,
    Year(FiscalYear),
    Departments,
    Department(usize),
    /// A department's page and the pages of all its reports.
    DepartmentWithReports(usize),
    Report(usize, usize),
    Plans,
    Plan(usize),
    Item(usize, usize),
    Search,
    Data,
    NotFound,
}

impl Job {
    /// The kind of page, as the timings name it.
    fn kind(&self) -> &'static str {
        match self {
            Job::Index => "job index",
            Job::Year(_) => "job year",
            Job::Departments => "job departments",
            Job::Department(_) | Job::DepartmentWithReports(_) => "job department",
            Job::Report(..) => "job report",
            Job::Plans => "job plans",
            Job::Plan(_) => "job plan",
            Job::Item(..) => "job item",
            Job::Search | Job::Data | Job::NotFound => "job other",
        }
    }
}

fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders every page of the site with tera only (whatever the templates), in memory,
/// sorted by path: pages and the theme's assets, without the search index and open data.
pub fn render_site(site: &Site, ix: &Indexes, tera: &Tera) -> Result<Vec<OutFile>, Diagnostic> {
    let sink = Collect::default();
    render_site_to(site, ix, tera, &[], &sink)?;
    Ok(sink.into_sorted())
}

/// Renders every page of the site and the theme's assets into `sink`, in parallel; pages
/// whose template is in `native` are drawn by [`html`], the others by `tera`. Returns the
/// path and 更新日 of every page.
pub fn render_site_to(
    site: &Site,
    ix: &Indexes,
    tera: &Tera,
    native: &[&'static str],
    sink: &dyn Sink,
) -> Result<Vec<(String, Option<Date>)>, Diagnostic> {
    let r = Renderer::new(site, ix, tera, native);
    // The longest jobs first, the many short pages last: whichever thread is free takes
    // the next job, so the threads end together rather than one drawing a plan page (the
    // longest, ~10 ms on a 1,000-report site) while the other waits. A department's job
    // hands its report pages out again, one by one.
    let mut jobs: Vec<Job> = Vec::new();
    jobs.extend((0..site.plans.len()).map(Job::Plan));
    jobs.extend((0..site.departments.len()).map(Job::DepartmentWithReports));
    jobs.extend(ix.years.iter().map(|&fy| Job::Year(fy)));
    for p in 0..site.plans.len() {
        jobs.extend((0..ix.trees[p].nodes.len()).map(|n| Job::Item(p, n)));
    }
    jobs.extend([Job::Index, Job::Departments]);
    if !site.plans.is_empty() {
        jobs.push(Job::Plans);
    }
    jobs.extend([Job::Search, Job::Data, Job::NotFound]);

    let render_start = Instant::now();
    let pages = r.run(jobs, sink)?;
    crate::timings::record("render pages", render_start.elapsed().as_secs_f64());
    for (path, src) in ASSETS {
        sink.put(OutFile {
            path: path.to_string(),
            bytes: src.as_bytes().to_vec(),
        })?;
    }
    Ok(pages)
}

/// The pages that can change when one report's text changes (its department, year and
/// plan references staying what they are): see [`render_affected_to`].
#[derive(Debug, Default)]
pub struct Affected {
    /// The report's department (its page, and the department's report pages listed in
    /// `reports`).
    pub department: usize,
    /// The report and the next one of its department, whose comparison reads it.
    pub reports: Vec<usize>,
    /// Its fiscal year and the next, whose year page compares with it.
    pub years: Vec<FiscalYear>,
    /// Plan items it refers to, before and after the change, with their ancestors (whose
    /// counts and rates roll up).
    pub items: Vec<(usize, usize)>,
}

/// Draws again the pages `a` names, and the pages about the whole site (top page, lists,
/// plan pages, search and data pages, 404: their numbers or 更新日 may include the report),
/// into `sink`. Returns the path and 更新日 of each page drawn.
pub fn render_affected_to(
    site: &Site,
    ix: &Indexes,
    tera: &Tera,
    native: &[&'static str],
    sink: &dyn Sink,
    a: &Affected,
) -> Result<Vec<(String, Option<Date>)>, Diagnostic> {
    let r = Renderer::new(site, ix, tera, native);
    let mut jobs: Vec<Job> = a
        .reports
        .iter()
        .map(|&ri| Job::Report(a.department, ri))
        .collect();
    jobs.push(Job::Department(a.department));
    jobs.extend(a.years.iter().map(|&fy| Job::Year(fy)));
    jobs.extend(a.items.iter().map(|&(p, n)| Job::Item(p, n)));
    jobs.extend([Job::Index, Job::Departments]);
    if !site.plans.is_empty() {
        jobs.push(Job::Plans);
    }
    jobs.extend((0..site.plans.len()).map(Job::Plan));
    jobs.extend([Job::Search, Job::Data, Job::NotFound]);
    r.run(jobs, sink)
}

/// What drawing any page needs.
struct Renderer<'a> {
    cx: views::Ctx<'a>,
    info: SiteInfo,
    tera: &'a Tera,
    native: &'a [&'static str],
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, ix: &'a Indexes, tera: &'a Tera, native: &'a [&'static str]) -> Self {
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
        Renderer {
            cx,
            info,
            tera,
            native,
        }
    }

    /// Builds, draws and hands to `sink` every page of `jobs`, in parallel.
    fn run(
        &self,
        jobs: Vec<Job>,
        sink: &dyn Sink,
    ) -> Result<Vec<(String, Option<Date>)>, Diagnostic> {
        // One job is the smallest piece of work handed out: rayon would otherwise run a
        // run of jobs on one thread while the other, done with the search index and open
        // data, has nothing left to take.
        let done: Vec<Vec<(String, Option<Date>)>> = jobs
            .into_par_iter()
            .with_max_len(1)
            .map(|job| self.job(job, sink))
            .collect::<Result<_, _>>()?;
        Ok(done.into_iter().flatten().collect())
    }

    /// The pages of `job`, drawn and handed to `sink`.
    fn job(&self, job: Job, sink: &dyn Sink) -> Result<Vec<(String, Option<Date>)>, Diagnostic> {
        let cx = &self.cx;
        let t0 = crate::timings::enabled().then(Instant::now);
        let page = match job {
            Job::Index => index_page(cx),
            Job::Year(fy) => year_page(cx, fy),
            Job::Departments => departments_page(cx),
            Job::Department(di) => {
                let (cores, idx) = department_cores(cx, di);
                department_page(cx, di, &cores, &idx)
            }
            Job::DepartmentWithReports(di) => {
                // The department page shows each report's comparison with the year before,
                // as the report's own page does: built once, for both.
                let (cores, idx) = department_cores(cx, di);
                let first = self.emit(
                    department_page(cx, di, &cores, &idx),
                    "job department",
                    t0,
                    sink,
                )?;
                let mut done = vec![first];
                let reports: Vec<_> = cores
                    .into_par_iter()
                    .enumerate()
                    .with_max_len(1)
                    .map(|(ri, core)| {
                        let t0 = crate::timings::enabled().then(Instant::now);
                        let page = report_page(cx, di, ri, Some(core.compare));
                        self.emit(page, "job report", t0, sink)
                    })
                    .collect::<Result<_, _>>()?;
                done.extend::<Vec<_>>(reports);
                return Ok(done);
            }
            Job::Report(di, ri) => report_page(cx, di, ri, None),
            Job::Plans => plans_page(cx),
            Job::Plan(p) => plan_page(cx, p),
            Job::Item(p, n) => item_page(cx, p, n),
            Job::Search => publish::search_page(),
            Job::Data => publish::data_page(),
            Job::NotFound => Page {
                path: "404.html".into(),
                template: "404.html",
                head: None,
                body: Body::NotFound,
            },
        };
        Ok(vec![self.emit(page, job.kind(), t0, sink)?])
    }

    /// Draws `page` (built since `t0`, when timing) and hands it to `sink`.
    fn emit(
        &self,
        page: Page,
        kind: &'static str,
        t0: Option<Instant>,
        sink: &dyn Sink,
    ) -> Result<(String, Option<Date>), Diagnostic> {
        let (site, ix) = (self.cx.site, self.cx.ix);
        let t1 = t0.is_some().then(Instant::now);
        let root = root_for(&page.path);
        let meta = meta::page_meta(site, ix, &page.path);
        let html = if self.native.contains(&page.template) {
            html::render(&page, &root, &self.info, &meta)
        } else {
            page.context(&root, &self.info, &meta)
                .and_then(|c| self.tera.render(page.template, &c))
                .map_err(|e| {
                    Diagnostic::path_error(
                        format!("templates/{}", page.template),
                        format!("{} を作れません: {}", page.path, tera_error_text(&e)),
                    )
                    .hint("テーマのテンプレートを変更した場合は、変数名や構文を確認してください。")
                })?
        };
        let t2 = t0.is_some().then(Instant::now);
        let Page { path, .. } = page;
        sink.put(OutFile {
            path: path.clone(),
            bytes: html.into_bytes(),
        })?;
        if let (Some(t0), Some(t1), Some(t2)) = (t0, t1, t2) {
            crate::timings::busy("page data", (t1 - t0).as_secs_f64());
            crate::timings::busy("draw html", (t2 - t1).as_secs_f64());
            crate::timings::busy("hand to sink", t2.elapsed().as_secs_f64());
            crate::timings::busy(kind, t0.elapsed().as_secs_f64());
        }
        Ok((path, meta.updated))
    }
}

/// What the department page shows of each of department `di`'s reports, and their
/// positions.
fn department_cores(cx: &views::Ctx, di: usize) -> (Vec<ReportCore>, Vec<usize>) {
    let n = cx.site.departments[di].reports.len();
    let cores = (0..n).map(|ri| report_core(cx, di, ri)).collect();
    (cores, (0..n).collect())
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

fn head(title: &str, breadcrumbs: Vec<Link>, section: &'static str) -> Option<Head> {
    Some(Head {
        title: title.to_string(),
        breadcrumbs,
        section,
    })
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
    (0..cx.site.departments.len())
        .map(|di| dept_row(cx, di))
        .collect()
}

fn dept_row(cx: &views::Ctx, di: usize) -> DeptRow {
    let d = &cx.site.departments[di];
    DeptRow {
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
    }
}

#[derive(Serialize)]
struct IndexData {
    latest: Option<YearSummary>,
    evaluated: Option<YearSummary>,
    years: Vec<YearRow>,
    departments: Vec<DeptRow>,
    plans: Vec<PlanRow>,
}

fn index_page(cx: &views::Ctx) -> Page {
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
    Page {
        path: "index.html".into(),
        template: "index.html",
        head: head(&cx.site.config.title, Vec::new(), "home"),
        body: Body::Index(Box::new(IndexData {
            latest,
            evaluated,
            years: year_rows(cx),
            departments: dept_rows(cx),
            plans: plan_rows(cx),
        })),
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

#[derive(Serialize)]
struct YearData {
    y: YearSummary,
    charts: figures::YearCharts,
    served: Vec<ServedItem>,
}

fn year_page(cx: &views::Ctx, fy: FiscalYear) -> Page {
    let label = cx.fy(fy);
    let path = year_url(fy);
    let summary = year_summary(cx, fy);
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
                        url: report_url(&dept.slug, fy),
                    }
                })
                .collect();
            served_item(cx, p, n, by)
        })
        .collect();
    Page {
        path,
        template: "year.html",
        head: head(
            &format!("{label}の達成状況"),
            crumbs(&[(&label, "")]),
            "years",
        ),
        body: Body::Year(Box::new(YearData {
            y: summary,
            charts,
            served,
        })),
    }
}

#[derive(Serialize)]
struct DepartmentsData {
    departments: Vec<DeptRow>,
}

fn departments_page(cx: &views::Ctx) -> Page {
    Page {
        path: "departments/index.html".into(),
        template: "departments.html",
        head: head("部局一覧", crumbs(&[("部局一覧", "")]), "departments"),
        body: Body::Departments(DepartmentsData {
            departments: dept_rows(cx),
        }),
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

#[derive(Serialize)]
struct TrendRow {
    label: String,
    url: Option<String>,
    rate: Option<RateView>,
    name: String,
    change: String,
    arrow: String,
}

#[derive(Serialize)]
struct YearHead {
    label: String,
    url: Option<String>,
}

/// Per year: goals that got worse, ended and began (newest first), from the reports'
/// comparisons, so the department page alone answers "what got worse, what vanished".
#[derive(Serialize)]
struct YearChanges {
    label: String,
    url: String,
    prev_label: String,
    worse: Vec<compare::GoalCompareRow>,
    ended: Vec<compare::EndedRow>,
    new: Vec<compare::GoalCompareRow>,
}

#[derive(Serialize)]
struct DepartmentData {
    changes: Vec<YearChanges>,
    served: Vec<ServedItem>,
    dept: Option<DeptRow>,
    units: Vec<String>,
    trend: Vec<TrendRow>,
    charts: figures::DepartmentCharts,
    scales: Vec<figures::ScaleGroup>,
    years: Vec<YearHead>,
    matrix: Vec<MatrixRow>,
    series: Vec<SeriesView>,
}

fn department_page(cx: &views::Ctx, di: usize, rvs: &[ReportCore], idx: &[usize]) -> Page {
    let d = &cx.site.departments[di];
    // Every fiscal year from the first report to the last, gaps included.
    let years: Vec<FiscalYear> = match (d.reports.first(), d.reports.last()) {
        (Some(a), Some(b)) => (a.year.year()..=b.year.year()).map(FiscalYear).collect(),
        _ => Vec::new(),
    };
    let report_at = |fy: FiscalYear| d.reports.iter().position(|r| r.year == fy);
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
    // Each report's goals by id, for the matrix (a report may hold thousands of goals).
    let goal_at: Vec<HashMap<&str, usize>> = (0..d.reports.len())
        .map(|ri| {
            let mut m = HashMap::new();
            for (k, g) in rvs[idx[ri]].goals.iter().enumerate() {
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
                        let rv = &rvs[idx[ri]];
                        match goal_at[ri].get(id.as_str()).map(|&k| &rv.goals[k]) {
                            Some(g) => MatrixCell {
                                report: true,
                                present: true,
                                grade: g.grade.clone(),
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
        .filter_map(|key| {
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
    let heads: Vec<YearHead> = years
        .iter()
        .map(|&fy| YearHead {
            label: cx.fy(fy),
            url: report_at(fy).map(|_| report_url(&d.slug, fy)),
        })
        .collect();
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
    let report_years: Vec<FiscalYear> = d.reports.iter().map(|r| r.year).collect();
    Page {
        path: dept_url(&d.slug),
        template: "department.html",
        head: head(
            &d.name,
            crumbs(&[("部局一覧", "departments/index.html"), (&d.name, "")]),
            "departments",
        ),
        body: Body::Department(Box::new(DepartmentData {
            changes,
            served,
            dept: Some(dept_row(cx, di)),
            units: d.units.iter().map(|u| u.v.clone()).collect(),
            trend,
            charts: figures::department(cx, di, rvs, idx),
            scales: figures::scale_groups(cx, &report_years),
            years: heads,
            matrix,
            series,
        })),
    }
}

#[derive(Serialize)]
struct ReportData {
    r: ReportView,
    prev: Option<Link>,
    next: Option<Link>,
    year_url: String,
}

/// The page of report `ri` of department `di`, with its comparison with the year before
/// when it is built already.
fn report_page(
    cx: &views::Ctx,
    di: usize,
    ri: usize,
    compare: Option<compare::CompareView>,
) -> Page {
    let d = &cx.site.departments[di];
    let rv = match compare {
        Some(c) => views::report_view_with(cx, di, ri, c),
        None => report_view(cx, di, ri),
    };
    let head = head(
        &rv.title,
        crumbs(&[
            ("部局一覧", "departments/index.html"),
            (&d.name, &dept_url(&d.slug)),
            (&rv.year_label, ""),
        ]),
        "departments",
    );
    let prev = ri.checked_sub(1).map(|p| Link {
        label: cx.fy(d.reports[p].year),
        url: report_url(&d.slug, d.reports[p].year),
    });
    let next = d.reports.get(ri + 1).map(|n| Link {
        label: cx.fy(n.year),
        url: report_url(&d.slug, n.year),
    });
    Page {
        path: rv.url.clone(),
        template: "report.html",
        head,
        body: Body::Report(Box::new(ReportData {
            r: rv,
            prev,
            next,
            year_url: year_url(d.reports[ri].year),
        })),
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

#[derive(Serialize)]
struct PlansData {
    plans: Vec<PlanRow>,
}

fn plans_page(cx: &views::Ctx) -> Page {
    Page {
        path: "plans/index.html".into(),
        template: "plans.html",
        head: head("計画一覧", crumbs(&[("計画一覧", "")]), "plans"),
        body: Body::Plans(PlansData {
            plans: plan_rows(cx),
        }),
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

#[derive(Serialize)]
struct PlanData {
    plan: PlanInfo,
    years: Vec<String>,
    rows: Vec<TreeRow>,
}

fn plan_page(cx: &views::Ctx, p: usize) -> Page {
    let plan = &cx.site.plans[p];
    let tree = &cx.ix.trees[p];
    let years = plan_years(cx, p);
    let rows: Vec<TreeRow> = tree
        .preorder()
        .into_iter()
        .map(|n| {
            let node = &tree.nodes[n];
            // Every reference of the subtree, by year: counts and the goals' tally per
            // year in one pass (a goal citing an item and its sub-item counts once in
            // the tally, as in `Indexes::item_tally`).
            let mut refs: Vec<&crate::analyze::index::ItemRef> = Vec::new();
            let mut stack = vec![n];
            while let Some(x) = stack.pop() {
                refs.extend(&cx.ix.item_refs[p][x]);
                stack.extend(tree.nodes[x].children.iter().copied());
            }
            refs.sort_by_key(|r| r.year);
            let cells = years
                .iter()
                .map(|&fy| {
                    let scale = cx.site.config.grades.for_year(fy);
                    let start = refs.partition_point(|r| r.year < fy);
                    let end = refs.partition_point(|r| r.year <= fy);
                    let mut counts = RefCounts::default();
                    let mut tally = Tally::default();
                    let mut seen = std::collections::HashSet::new();
                    for r in &refs[start..end] {
                        counts.add(r.kind);
                        if r.kind == RefKind::Goal && seen.insert((r.dept, r.report, r.entry)) {
                            let g = &cx.site.departments[r.dept].reports[r.report].goals[r.entry];
                            tally.add(&metrics::goal_grade(g, scale), scale);
                        }
                    }
                    TreeCell {
                        total: counts.total(),
                        counts,
                        rate: RateView::from(&tally),
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
    Page {
        path: plan_url(&plan.slug),
        template: "plan.html",
        head: head(
            &plan.name,
            crumbs(&[("計画一覧", "plans/index.html"), (&plan.name, "")]),
            "plans",
        ),
        body: Body::Plan(PlanData {
            plan: PlanInfo::of(cx, p),
            years: years.iter().map(|&y| cx.fy(y)).collect(),
            rows,
        }),
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

#[derive(Serialize)]
struct ItemData {
    plan: PlanInfo,
    code: String,
    item_title: String,
    level: String,
    implied: bool,
    body: Option<String>,
    children: Vec<Link>,
    ref_years: Vec<RefYear>,
    continues: Option<Link>,
    continued_by: Vec<Link>,
    subtree_refs: usize,
    chart: Option<charts::ChartView>,
    scales: Vec<figures::ScaleGroup>,
}

fn item_page(cx: &views::Ctx, p: usize, n: usize) -> Page {
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
    // A plan nested hundreds deep would put every ancestor on every page (output growing
    // with the square of the depth): beyond 8 levels, keep the top 3 and the nearest 4
    // and link the rest to the plan's whole tree.
    let ancestors = tree.ancestors(n);
    let (top, near) = (3, 4);
    let elided = ancestors.len().saturating_sub(top + near);
    for (i, &a) in ancestors.iter().enumerate() {
        if elided > 1 && (top..top + elided).contains(&i) {
            if i == top {
                trail.push((format!("…（{elided}階層）"), plan_url(&plan.slug)));
            }
            continue;
        }
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
    let head = head(&label, crumbs(&trail_refs), "plans");
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
        let rep = &d.reports[r.report];
        let dept = d.name_in(rep.year).to_string();
        let url = report_url(&d.slug, rep.year);
        // As the report's page shows them (see `views::report_core`).
        let entry = match r.kind {
            RefKind::Goal => {
                let g = &rep.goals[r.entry];
                let scale = cx.site.config.grades.for_year(rep.year);
                RefEntry {
                    kind: RefKind::Goal.label(),
                    dept,
                    number: g.number.clone(),
                    title: g.title.v.clone(),
                    url: format!("{url}#{}", anchor("goal", &g.id.v)),
                    grade: Some(GradeView::from_goal(&metrics::goal_grade(g, scale))),
                }
            }
            RefKind::Challenge => {
                let x = &rep.challenges[r.entry];
                RefEntry {
                    kind: RefKind::Challenge.label(),
                    dept,
                    number: String::new(),
                    title: x.title.clone(),
                    url: format!("{url}#{}", anchor("challenge", &x.id.v)),
                    grade: None,
                }
            }
            RefKind::Project => {
                let x = &rep.projects[r.entry];
                RefEntry {
                    kind: RefKind::Project.label(),
                    dept,
                    number: String::new(),
                    title: x.name.clone(),
                    url: format!("{url}#{}", anchor("project", &x.id.v)),
                    grade: None,
                }
            }
            RefKind::Midterm => {
                let x = &rep.midterm[r.entry];
                RefEntry {
                    kind: RefKind::Midterm.label(),
                    dept,
                    number: String::new(),
                    title: x.title.clone(),
                    url: format!("{url}#{}", anchor("midterm", &x.id.v)),
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
        let parts = crate::model::plans::split_ref(&c.v);
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
                let parts = crate::model::plans::split_ref(&cn.v);
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
    Page {
        path: item_url(&plan.slug, &node.id),
        template: "plan_item.html",
        head,
        body: Body::Item(Box::new(ItemData {
            plan: PlanInfo::of(cx, p),
            code: node.code.clone(),
            item_title: node.title.clone(),
            level: plan.levels.get(node.depth).cloned().unwrap_or_default(),
            implied: node.item.is_none(),
            body: item.and_then(|i| i.body.as_ref()).map(|b| cx.md_at(b, 2)),
            children,
            ref_years: years,
            continues,
            continued_by,
            subtree_refs: subtree_refs(cx.ix, p, n),
            chart: figures::item(cx, p, n, &label),
            scales: figures::scale_groups(cx, &figures::item_years(cx, p, n)),
        })),
    }
}
