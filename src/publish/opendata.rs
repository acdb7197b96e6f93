//! Open data: `data/goals.csv`, `data/goal_plans.csv`, `data/indicators.csv`,
//! `data/extra.csv`, `data/reports.json` and the catalog that describes them
//! (`data/catalog.csv`), and each report's own rows (`data/reports/<部局ID>/<年度>/goals.csv`,
//! `indicators.csv`, and `extra.csv` when it has extra values), which the report's page
//! links to; all written beside the pages.
//!
//! The CSV files are what a citizen opens in Excel, so they are UTF-8 **with a BOM** (Excel
//! reads BOM-less UTF-8 as Shift_JIS) and **CRLF** line ends, quoted per RFC 4180 (fields
//! holding a comma, a double quote or a line break are quoted, quotes doubled, line breaks
//! inside a field written as CRLF). Every cell holds one value: numbers without separators
//! or units, the fiscal year as a number and, in its own column, as 和暦; every code or
//! symbol has a normalised id column beside the label as written. Every CSV begins with
//! `全国地方公共団体コード` and `地方公共団体名`, as デジタル庁's 自治体標準オープンデータセット
//! do, so catalogs can put many cities' files side by side. The columns are defined once
//! in [`crate::model::opendata`] and the same definitions describe them on
//! `data/index.html`; [`crate::publish::csv`] writes the cells.

use crate::analyze::index::Indexes;
use crate::analyze::metrics::{self, GoalGrade};
use crate::model::fiscal::FiscalYear;
use crate::model::{Better, Site};
use crate::output::OutFile;
use crate::render::markdown;
use crate::render::urls::{PageRef, anchor};
use crate::render::views::grade_class;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::opendata::{CATALOG, FILES, GOAL_PLANS, GOALS, INDICATORS, report_files_dir};
use crate::output::Sink;
pub use crate::publish::csv::{csv, csv_field, number};
use crate::publish::csv::{head_row, push_field, push_row};
use crate::publish::opendata_extra::{self as more, JsonExtra, JsonInitiative, JsonReportExtra};

/// The address of `path` (a page, or a page and `#anchor`): under `base_url` when the site
/// has one (as in the sitemap), else the path in the output folder.
fn url_of(site: &Site, path: &str) -> String {
    let Some(b) = &site.config.base_url else {
        return path.to_string();
    };
    match path.split_once('#') {
        // The fragment is not part of the path: `#` kept, not encoded as `%23`.
        Some((page, anchor)) => {
            let mut url = crate::render::urls::page_url(b, page);
            url.push('#');
            crate::render::urls::push_encoded(&mut url, anchor);
            url
        }
        None => crate::render::urls::page_url(b, path),
    }
}

fn rate1(x: Option<f64>) -> Option<f64> {
    x.map(metrics::round1)
}

#[derive(Serialize)]
struct JsonSite {
    title: String,
    city: String,
    city_code: Option<String>,
    base_url: Option<String>,
}

#[derive(Serialize)]
struct JsonPlanRef<'a> {
    plan: &'a str,
    code: &'a str,
    id: Option<&'a str>,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonIndicator<'a> {
    id: Option<&'a str>,
    name: &'a str,
    unit: Option<&'a str>,
    baseline: Option<f64>,
    target: Option<f64>,
    actual: Option<f64>,
    baseline_text: Option<&'a str>,
    target_text: Option<&'a str>,
    actual_text: Option<&'a str>,
    approximate: bool,
    better: &'static str,
    rate: Option<f64>,
    extra: Vec<JsonExtra<'a>>,
}

#[derive(Serialize)]
struct JsonGoal<'a> {
    id: &'a str,
    number: &'a str,
    title: &'a str,
    field: Option<&'a str>,
    sections: Vec<&'a str>,
    challenge: Option<&'a str>,
    grade: Option<&'a str>,
    grade_id: Option<String>,
    grade_label: Option<&'a str>,
    grade_source: Option<&'static str>,
    plan: Vec<JsonPlanRef<'a>>,
    initiatives: Vec<JsonInitiative<'a>>,
    indicators: Vec<JsonIndicator<'a>>,
    extra: Vec<JsonExtra<'a>>,
    url: String,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    department_id: &'a str,
    department: &'a str,
    fiscal_year: i32,
    fiscal_year_wareki: String,
    kind: &'a str,
    title: String,
    url: String,
    published: Option<String>,
    updated: Option<String>,
    /// Whether the report is graded (false: a plan or a profile, every grade null).
    graded: bool,
    achievement_rate: Option<f64>,
    goals_achieved: usize,
    goals_counted: usize,
    goals_unevaluated: usize,
    goals_excluded: usize,
    /// Parent, graded, 更新履歴, extra sections, challenges, projects, 中期目標.
    #[serde(flatten)]
    more: JsonReportExtra<'a>,
    goals: Vec<JsonGoal<'a>>,
}

#[derive(Serialize)]
struct JsonRoot<'a> {
    site: JsonSite,
    license: String,
    /// Every department, with its `parent` and `[contact]`.
    departments: Vec<more::JsonDepartment>,
    /// Last: the reports are streamed in after the rest is written.
    reports: Vec<JsonReport<'a>>,
}

fn better_id(b: Better) -> &'static str {
    match b {
        Better::Higher => "higher",
        Better::Lower => "lower",
    }
}

fn wareki(y: FiscalYear) -> String {
    y.wareki()
}

/// The open-data files of the site, in a stable order.
pub fn files(site: &Site, ix: &Indexes) -> Vec<OutFile> {
    let sink = crate::output::Collect::default();
    // Collecting into memory cannot fail.
    let _ = put(site, ix, &sink);
    let mut files = sink.into_sorted();
    // Sorted by path, so the order does not depend on which report was done first.
    files.retain(|f| f.path.starts_with("data/"));
    files
}

/// What every CSV row and file shares: the two city columns (as CSV, with the comma
/// after them) and the header rows of the per-report files.
struct Shared {
    /// `全国地方公共団体コード,地方公共団体名,` of this site, quoted as CSV.
    city: String,
    /// BOM and header row of `goals.csv`.
    goals_head: String,
    /// BOM and header row of `indicators.csv`.
    inds_head: String,
    /// BOM and header row of `extra.csv`.
    extra_head: String,
}

/// Writes the open-data files into `sink`. Departments are done a batch at a time (in
/// parallel within a batch) and written out in order, so a big site's rows are never all
/// in memory at once; each report's own files are handed to `sink` as its rows are made.
pub fn put(site: &Site, ix: &Indexes, sink: &dyn Sink) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    const BATCH: usize = 8;
    let site_json = JsonRoot {
        site: JsonSite {
            title: site.config.title.clone(),
            city: site.config.city.clone(),
            city_code: site.config.city_code.clone(),
            base_url: site.config.base_url.clone(),
        },
        license: site.config.license.clone(),
        departments: more::departments_json(site),
        reports: Vec::new(),
    };
    // The root as serde_json writes it, with each report on a line of its own (written
    // apart, in parallel): a report edited changes one line in git, and the file is about
    // half the size it is indented (4.5 MB against 8.4 MB for 1,000 reports).
    let empty = serde_json::to_string(&site_json).unwrap_or_else(|_| "{}".into());
    let any_report = site.departments.iter().any(|d| !d.reports.is_empty());
    let mut city = String::new();
    push_field(
        &mut city,
        site.config.city_code.as_deref().unwrap_or_default(),
    );
    city.push(',');
    push_field(&mut city, &site.config.city);
    city.push(',');
    let shared = Shared {
        city,
        goals_head: head_row(GOALS),
        inds_head: head_row(INDICATORS),
        extra_head: more::extra_head(),
    };
    sink.put(OutFile {
        path: "data/catalog.csv".into(),
        bytes: catalog(site, ix).into_bytes(),
    })?;
    sink.put_streamed("data/goal_plans.csv", &mut |links| {
        sink.put_streamed_io("data/goals.csv", &mut |goals| {
            sink.put_streamed_io("data/indicators.csv", &mut |inds| {
                sink.put_streamed_io("data/extra.csv", &mut |extra| {
                    sink.put_streamed_io("data/reports.json", &mut |json| {
                        links.write_all(head_row(GOAL_PLANS).as_bytes())?;
                        extra.write_all(shared.extra_head.as_bytes())?;
                        goals.write_all(shared.goals_head.as_bytes())?;
                        inds.write_all(shared.inds_head.as_bytes())?;
                        let tail = match empty.strip_suffix("[]}") {
                            Some(head) if any_report => {
                                json.write_all(head.as_bytes())?;
                                json.write_all(b"[\n")?;
                                "\n]}\n"
                            }
                            _ => {
                                json.write_all(empty.as_bytes())?;
                                "\n"
                            }
                        };
                        let mut first = true;
                        for (k, chunk) in site.departments.chunks(BATCH).enumerate() {
                            let parts: Vec<Part> = chunk
                                .par_iter()
                                .enumerate()
                                .map(|(j, d)| {
                                    department_part(site, ix, &shared, sink, k * BATCH + j, d)
                                })
                                .collect::<Result<_, _>>()
                                .map_err(|d| std::io::Error::other(d.message))?;
                            for p in parts {
                                links.write_all(p.links.as_bytes())?;
                                goals.write_all(p.goals.as_bytes())?;
                                inds.write_all(p.inds.as_bytes())?;
                                extra.write_all(p.extra.as_bytes())?;
                                for r in &p.reports {
                                    if !first {
                                        json.write_all(b",\n")?;
                                    }
                                    first = false;
                                    json.write_all(r.as_bytes())?;
                                }
                            }
                        }
                        json.write_all(tail.as_bytes())
                    })
                })
            })
        })
    })
}

/// `data/catalog.csv`: one row per site-wide file, in the columns catalogs import. Its
/// 最終更新日 is the newest 更新日 of the site's reports (as their pages show it), so the
/// file is the same for the same sources whenever it is built.
fn catalog(site: &Site, ix: &Indexes) -> String {
    let updated = ix
        .years
        .iter()
        .filter_map(|&fy| {
            let page = PageRef::Year(fy);
            crate::render::meta::page_meta(site, ix, &page, &page.path()).updated
        })
        .max()
        .map(|d| d.iso())
        .unwrap_or_default();
    let code = site.config.city_code.as_deref().unwrap_or_default();
    let mut out = head_row(CATALOG);
    for f in FILES {
        push_row(
            &mut out,
            "",
            &[
                &format!("{} {}", site.config.title, f.title),
                f.about,
                f.keywords,
                &updated,
                "年1回",
                &format!("{}（{}）", f.title, f.name),
                &url_of(site, &format!("data/{}", f.name)),
                f.format(),
                &site.config.license,
                code,
                &site.config.city,
            ],
        );
    }
    out
}

/// One department's share of the open data: CSV rows (CRLF-terminated) and its reports'
/// JSON (each one line of `reports.json`).
struct Part {
    goals: String,
    extra: String,
    links: String,
    inds: String,
    reports: Vec<String>,
}

/// A report's own CSV file: `head` and the rows `rows` (CRLF-terminated).
fn report_file(sink: &dyn Sink, path: String, head: &str, rows: &str) -> Result<(), Diagnostic> {
    let mut bytes = Vec::with_capacity(head.len() + rows.len());
    bytes.extend_from_slice(head.as_bytes());
    bytes.extend_from_slice(rows.as_bytes());
    sink.put(OutFile { path, bytes })
}

fn department_part(
    site: &Site,
    ix: &Indexes,
    shared: &Shared,
    sink: &dyn Sink,
    di: usize,
    d: &crate::model::Department,
) -> Result<Part, Diagnostic> {
    let city = shared.city.as_str();
    let mut goals = String::new();
    let mut links = String::new();
    let mut inds = String::new();
    let mut extra = String::new();
    let mut reports = Vec::new();
    {
        for (ri, r) in d.reports.iter().enumerate() {
            let scale = site.config.grades.for_year(r.year);
            // An ungraded report (a plan, a profile) leaves every grade cell empty; the
            // columns stay, so files stay comparable.
            let graded = r.is_graded(&site.config);
            let year = r.year.year().to_string();
            let wk = wareki(r.year);
            let dept_name = d.name_in(r.year);
            let kind = r.kind.as_deref().unwrap_or("運営方針");
            let page = PageRef::Report {
                dept: &d.slug,
                year: r.year,
            }
            .path();
            let (goals_from, inds_from, extra_from) = (goals.len(), inds.len(), extra.len());
            more::extra_rows(
                &mut extra,
                &more::ReportCols {
                    city,
                    year: &year,
                    wareki: &wk,
                    dept: &d.slug,
                    dept_name,
                },
                r,
                &page,
                &|path| url_of(site, path),
            );
            let mut jgoals = Vec::new();
            for g in &r.goals {
                let grade = metrics::goal_grade(g, scale);
                let level = grade.level().filter(|_| graded);
                let source = match grade {
                    _ if !graded => "",
                    GoalGrade::Written(_) => "記入",
                    GoalGrade::Derived(..) => crate::model::DERIVED_LABEL,
                    GoalGrade::Unevaluated => "未評価",
                };
                let achieved = level.filter(|l| l.counted).map(|l| {
                    scale
                        .achieved
                        .iter()
                        .any(|a| crate::model::fold::fold_eq(a, &l.symbol))
                });
                let goal_url = url_of(site, &format!("{page}#{}", anchor("goal", &g.id.v)));
                let sections: Vec<&str> = g.sections.iter().map(|s| s.v.as_str()).collect();
                let (symbol, class, label) = match level {
                    Some(l) => (l.symbol.as_str(), grade_class(&l.symbol), l.label.as_str()),
                    None if graded => ("", String::new(), "未評価"),
                    None => ("", String::new(), ""),
                };
                let n_indicators = g.indicators.len().to_string();
                push_row(
                    &mut goals,
                    city,
                    &[
                        &year,
                        &wk,
                        &d.slug,
                        dept_name,
                        kind,
                        &g.id.v,
                        &g.number,
                        &g.title.v,
                        g.field.as_deref().unwrap_or_default(),
                        &sections.join("、"),
                        symbol,
                        &class,
                        label,
                        source,
                        match achieved {
                            Some(true) => "1",
                            Some(false) => "0",
                            None => "",
                        },
                        &n_indicators,
                        &markdown::plain_text_of(&g.aim),
                        &markdown::plain_text_of(&g.status),
                        &goal_url,
                    ],
                );
                let mut jplan = Vec::new();
                for pr in &g.plan {
                    let resolved = ix.resolve(pr, site);
                    let (plan_slug, plan_name, id, title) = match resolved {
                        Some((p, n)) => {
                            let node = &ix.trees[p].nodes[n];
                            (
                                site.plans[p].slug.as_str(),
                                site.plans[p].name.as_str(),
                                Some(node.id.as_str()),
                                Some(node.title.as_str()).filter(|t| !t.is_empty()),
                            )
                        }
                        None => (
                            pr.plan.as_str(),
                            site.plans
                                .iter()
                                .find(|p| p.slug == pr.plan)
                                .map(|p| p.name.as_str())
                                .unwrap_or_default(),
                            None,
                            pr.title.as_deref(),
                        ),
                    };
                    push_row(
                        &mut links,
                        city,
                        &[
                            &year,
                            &wk,
                            &d.slug,
                            &g.id.v,
                            plan_slug,
                            plan_name,
                            &pr.code,
                            id.unwrap_or_default(),
                            title.unwrap_or_default(),
                        ],
                    );
                    jplan.push(JsonPlanRef {
                        plan: plan_slug,
                        code: &pr.code,
                        id,
                        title,
                    });
                }
                let mut jinds = Vec::new();
                for i in &g.indicators {
                    let rate = rate1(metrics::indicator_rate(i));
                    let num = |x: Option<f64>| x.map(number).unwrap_or_default();
                    push_row(
                        &mut inds,
                        city,
                        &[
                            &year,
                            &wk,
                            &d.slug,
                            dept_name,
                            &g.id.v,
                            &g.title.v,
                            i.id.as_ref().map(|x| x.v.as_str()).unwrap_or_default(),
                            &i.name,
                            i.unit.as_deref().unwrap_or_default(),
                            &num(i.baseline),
                            i.baseline_label.as_deref().unwrap_or_default(),
                            &num(i.target),
                            &num(i.actual),
                            i.actual_label.as_deref().unwrap_or_default(),
                            if i.approximate { "1" } else { "0" },
                            better_id(i.better),
                            &rate.map(|x| format!("{x:.1}")).unwrap_or_default(),
                            &goal_url,
                        ],
                    );
                    jinds.push(JsonIndicator {
                        id: i.id.as_ref().map(|x| x.v.as_str()),
                        name: &i.name,
                        unit: i.unit.as_deref(),
                        baseline: i.baseline,
                        target: i.target,
                        actual: i.actual,
                        baseline_text: i.baseline_text.as_deref(),
                        target_text: i.target_text.as_deref(),
                        actual_text: i.actual_text.as_deref(),
                        approximate: i.approximate,
                        better: better_id(i.better),
                        rate,
                        extra: more::extra_json(&i.extra),
                    });
                }
                jgoals.push(JsonGoal {
                    id: &g.id.v,
                    number: &g.number,
                    title: &g.title.v,
                    field: g.field.as_deref(),
                    sections,
                    challenge: g.challenge.as_ref().map(|c| c.v.as_str()),
                    grade: level.map(|l| l.symbol.as_str()),
                    grade_id: level.map(|l| grade_class(&l.symbol)),
                    grade_label: graded.then_some(label),
                    grade_source: graded.then_some(source),
                    plan: jplan,
                    initiatives: more::initiatives_json(g),
                    indicators: jinds,
                    extra: more::extra_json(&g.extra),
                    url: goal_url,
                });
            }
            let dir = report_files_dir(&d.slug, r.year);
            let rows = &goals[goals_from..];
            report_file(sink, format!("{dir}goals.csv"), &shared.goals_head, rows)?;
            let rows = &inds[inds_from..];
            report_file(
                sink,
                format!("{dir}indicators.csv"),
                &shared.inds_head,
                rows,
            )?;
            // Only a report with extra values has the file (most reports have none).
            let rows = &extra[extra_from..];
            if !rows.is_empty() {
                report_file(sink, format!("{dir}extra.csv"), &shared.extra_head, rows)?;
            }
            let t = ix.report_tally[di][ri];
            let report = JsonReport {
                department_id: &d.slug,
                department: dept_name,
                fiscal_year: r.year.year(),
                fiscal_year_wareki: wk.clone(),
                kind,
                title: crate::publish::search::documents::report_title(site, di, r),
                url: url_of(site, &page),
                published: r.published.map(|x| x.iso()),
                // As the page states it: `updated`, else the latest 更新履歴 date.
                updated: r.stated_update().map(|x| x.iso()),
                graded,
                achievement_rate: rate1(t.rate()),
                goals_achieved: t.achieved,
                goals_counted: t.counted,
                goals_unevaluated: t.unevaluated,
                goals_excluded: t.excluded,
                more: JsonReportExtra::of(site, d, r),
                goals: jgoals,
            };
            // One line of `reports.json` (serde_json writes no line break inside a value).
            reports.push(serde_json::to_string(&report).unwrap_or_else(|_| "{}".into()));
        }
    }
    Ok(Part {
        goals,
        extra,
        links,
        inds,
        reports,
    })
}
