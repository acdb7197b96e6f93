//! The renderer: the pages of a site as jobs, drawn in parallel and handed to a sink as
//! each is done. A page's template is drawn by its compiled form ([`super::html`]) when
//! the theme leaves it alone, by tera otherwise.

use super::html;
use super::markdown::MdOptions;
use super::meta;
use super::pages::{
    Page, booklet, data, department, departments, index, plain, plan, plan_item, plans, report,
    year,
};
use super::theme::{ASSETS, tera_error_text};
use super::urls::PageRef;
use super::views::{Ctx, Link, style_name};
use crate::analyze::index::Indexes;
use crate::diag::Diagnostic;
use crate::model::fiscal::FiscalYear;
use crate::model::{Date, Site};
use crate::output::{Collect, OutFile, Sink};
use rayon::prelude::*;
use serde::Serialize;
use std::time::Instant;
use tera::Tera;

/// Values every page gets (the template variable `site`).
#[derive(Serialize, Clone)]
pub(crate) struct SiteInfo {
    pub(crate) title: String,
    pub(crate) city: String,
    pub(crate) lang: String,
    pub(crate) year_style: &'static str,
    pub(crate) base_url: String,
    pub(crate) description: Option<String>,
    pub(crate) plans: Vec<Link>,
    pub(crate) latest_year: Option<Link>,
    /// [`Indexes::any_graded`].
    pub(crate) graded: bool,
}

/// A page to make: built, drawn and handed to the sink by one task, so only the pages
/// being drawn are in memory.
#[derive(Clone, Copy)]
enum Job {
    Index,
    Year(FiscalYear),
    Booklet(FiscalYear),
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
            Job::Booklet(_) => "job booklet",
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
/// whose template is in `native` are drawn by the compiled theme (`html.rs`), the others by `tera`. Returns the
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
    jobs.extend(ix.years.iter().map(|&fy| Job::Booklet(fy)));
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

/// Draws again the pages `a` names, the booklets of its reports' years, and the pages
/// about the whole site (top page, lists, plan pages, search and data pages, 404: their
/// numbers or 更新日 may include the report), into `sink`. Returns the path and 更新日 of each page drawn.
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
    // The booklets holding the reports drawn again.
    let reports = &site.departments[a.department].reports;
    jobs.extend(a.reports.iter().map(|&ri| Job::Booklet(reports[ri].year)));
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
    cx: Ctx<'a>,
    info: SiteInfo,
    tera: &'a Tera,
    native: &'a [&'static str],
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, ix: &'a Indexes, tera: &'a Tera, native: &'a [&'static str]) -> Self {
        let cx = Ctx {
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
                    label: p.label().to_string(),
                    url: PageRef::Plan(&p.slug).path(),
                })
                .collect(),
            latest_year: ix.years.last().map(|&y| Link {
                label: cx.fy(y),
                url: PageRef::Year(y).path(),
            }),
            graded: ix.any_graded(site),
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
            Job::Index => index::index_page(cx),
            Job::Year(fy) => year::year_page(cx, fy),
            Job::Booklet(fy) => booklet::booklet_page(cx, fy),
            Job::Departments => departments::departments_page(cx),
            Job::Department(di) => {
                department::department_page(cx, di, &department::department_cores(cx, di))
            }
            Job::DepartmentWithReports(di) => {
                // The department page shows each report's comparison with the year before,
                // as the report's own page does: built once, for both.
                let cores = department::department_cores(cx, di);
                let first = self.emit(
                    department::department_page(cx, di, &cores),
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
                        let page = report::report_page(cx, di, ri, Some(core.compare));
                        self.emit(page, "job report", t0, sink)
                    })
                    .collect::<Result<_, _>>()?;
                done.extend::<Vec<_>>(reports);
                return Ok(done);
            }
            Job::Report(di, ri) => report::report_page(cx, di, ri, None),
            Job::Plans => plans::plans_page(cx),
            Job::Plan(p) => plan::plan_page(cx, p),
            Job::Item(p, n) => plan_item::item_page(cx, p, n),
            Job::Search => plain::search_page(cx),
            Job::Data => data::data_page(cx),
            Job::NotFound => plain::not_found_page(),
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
        let meta = meta::page_meta(site, ix, &page.at, &page.path);
        let html = if self.native.contains(&page.body.template()) {
            html::render(&page, &root, &self.info, &meta)
        } else {
            page.context(&root, &self.info, &meta)
                .and_then(|c| self.tera.render(page.body.template(), &c))
                .map_err(|e| {
                    Diagnostic::path_error(
                        format!("templates/{}", page.body.template()),
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
