//! Open data: `data/goals.csv`, `data/goal_plans.csv`, `data/indicators.csv`,
//! `data/reports.json` and the catalog that describes them (`data/catalog.csv`), and each
//! report's own rows (`data/reports/<部局ID>/<年度>/goals.csv`, `indicators.csv`), which the
//! report's page links to; all written beside the pages.
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
//! `data/index.html`.

use crate::analyze::index::Indexes;
use crate::analyze::metrics::{self, GoalGrade};
use crate::model::fiscal::FiscalYear;
use crate::model::{Better, Site};
use crate::output::OutFile;
use crate::render::markdown;
use crate::render::urls::{PageRef, anchor};
use crate::render::views::grade_class;
use serde::Serialize;
use std::borrow::Cow;

use crate::diag::Diagnostic;
use crate::model::opendata::{
    CATALOG, Column, FILES, GOAL_PLANS, GOALS, INDICATORS, report_files_dir,
};
use crate::output::Sink;

/// Writes rows as CSV for Excel: BOM, CRLF, RFC 4180 quoting.
pub fn csv(header: &[Column], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let head: Vec<String> = header.iter().map(|c| c.name.to_string()).collect();
    for row in std::iter::once(&head).chain(rows) {
        let cells: Vec<Cow<str>> = row.iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// One CSV field: quoted when it holds a comma, a double quote or a line break; line
/// breaks inside become CRLF.
///
/// **Formula injection** (OWASP, "CSV Injection"): Excel runs a cell that begins with
/// `=`, `+`, `-` or `@` as a formula (and a leading tab or CR can hide one), so a goal
/// titled `=HYPERLINK("https://…","詳細")` would become a live link — or worse — on a city
/// employee's computer. Such a cell gets a single quote in front (`'=HYPERLINK(…)`), which
/// spreadsheets take as "this is text"; programs that read the file as plain text (and
/// some spreadsheets) show the quote, a small price for text that begins like that.
///
/// A cell that is only a number keeps its sign and stays a number: an optional `+` or
/// `-`, digits (or groups of three separated by commas, as in `-1,234,567`) and an
/// optional decimal part (`-3.5`). Excel reads exactly these as numbers, not formulas, and
/// the indicator columns (基準値, 目標値, 実績, 達成率) may be negative. Anything more — an
/// exponent, a second sign, an operator, a space, a percent sign — is treated as text and
/// gets the quote. A lone `-` or `+` (「なし」 in many tables) holds nothing to run and is
/// left as it is.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    if !needs_care(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    push_field(&mut out, s);
    Cow::Owned(out)
}

/// Whether [`csv_field`] changes `s` at all: whether it begins like a formula or holds a
/// comma, a double quote or a line break.
fn needs_care(s: &str) -> bool {
    begins_like_formula(s) || needs_quotes(s)
}

/// Whether a cell would be run as a formula (see [`csv_field`]).
fn begins_like_formula(s: &str) -> bool {
    fn is_number(s: &str) -> bool {
        let s = s.strip_prefix(['+', '-']).unwrap_or(s);
        let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        let grouped = int.contains(',');
        digits(frac)
            && digits(first)
            && (!grouped || first.len() <= 3)
            && groups.all(|g| g.len() == 3 && digits(g))
    }
    s.starts_with(['=', '@', '\t', '\r', '\n'])
        || (s.starts_with(['+', '-']) && s.len() > 1 && !is_number(s))
}

/// Whether a cell must be quoted. A byte search: the four are ASCII, so they never occur
/// inside a multi-byte character. Every cell of the open data passes through here, most of
/// them short (numbers, ids, names), where memchr's set-up costs more than looking at each
/// byte; long texts get memchr's vectorised search.
fn needs_quotes(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 32 {
        return b.iter().any(|&c| matches!(c, b'"' | b'\r' | b'\n' | b','));
    }
    memchr::memchr3(b'"', b'\r', b'\n', b).is_some() || memchr::memchr(b',', b).is_some()
}

/// Appends [`csv_field`] of `s` to `out`, in one pass over `s`.
fn push_field(out: &mut String, s: &str) {
    let formula = begins_like_formula(s);
    let quote = needs_quotes(s);
    if !formula && !quote {
        out.push_str(s);
        return;
    }
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    // Every line break (CRLF, lone CR, lone LF) becomes CRLF; a double quote is doubled.
    let bytes = s.as_bytes();
    let mut start = 0;
    for i in memchr::memchr3_iter(b'"', b'\r', b'\n', bytes) {
        if i < start {
            continue; // the LF of a CRLF already written
        }
        let (skip, with) = match bytes[i] {
            b'"' => (1, "\"\""),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => (2, "\r\n"),
            _ => (1, "\r\n"),
        };
        out.push_str(&s[start..i]);
        out.push_str(with);
        start = i + skip;
    }
    out.push_str(&s[start..]);
    if quote {
        out.push('"');
    }
}

/// A number as one CSV value: no thousands separators, no unit, no trailing `.0`.
pub fn number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

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
    approximate: bool,
    better: &'static str,
    rate: Option<f64>,
}

#[derive(Serialize)]
struct JsonGoal<'a> {
    id: &'a str,
    number: &'a str,
    title: &'a str,
    field: Option<&'a str>,
    sections: Vec<&'a str>,
    grade: Option<&'a str>,
    grade_id: Option<String>,
    grade_label: Option<&'a str>,
    grade_source: Option<&'static str>,
    plan: Vec<JsonPlanRef<'a>>,
    indicators: Vec<JsonIndicator<'a>>,
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
    goals: Vec<JsonGoal<'a>>,
}

#[derive(Serialize)]
struct JsonRoot<'a> {
    site: JsonSite,
    license: String,
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
}

/// The BOM and the header row of a CSV file.
fn head_row(header: &[Column]) -> String {
    let mut out = String::from("\u{FEFF}");
    let names: Vec<&str> = header.iter().map(|c| c.name).collect();
    push_row(&mut out, "", &names);
    out
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
    };
    sink.put(OutFile {
        path: "data/catalog.csv".into(),
        bytes: catalog(site, ix).into_bytes(),
    })?;
    sink.put_streamed("data/goal_plans.csv", &mut |links| {
        sink.put_streamed_io("data/goals.csv", &mut |goals| {
            sink.put_streamed_io("data/indicators.csv", &mut |inds| {
                sink.put_streamed_io("data/reports.json", &mut |json| {
                    links.write_all(head_row(GOAL_PLANS).as_bytes())?;
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
    links: String,
    inds: String,
    reports: Vec<String>,
}

/// Appends one CSV row (with its CRLF): `prefix` (cells already written as CSV, each
/// followed by its comma), then `cells`.
fn push_row(out: &mut String, prefix: &str, cells: &[&str]) {
    out.push_str(prefix);
    for (k, c) in cells.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_field(out, c);
    }
    out.push_str("\r\n");
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
            let (goals_from, inds_from) = (goals.len(), inds.len());
            let mut jgoals = Vec::new();
            for g in &r.goals {
                let grade = metrics::goal_grade(g, scale);
                let level = grade.level().filter(|_| graded);
                let source = match grade {
                    _ if !graded => "",
                    GoalGrade::Written(_) => "記入",
                    GoalGrade::Derived(..) => "指標から算出",
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
                        approximate: i.approximate,
                        better: better_id(i.better),
                        rate,
                    });
                }
                jgoals.push(JsonGoal {
                    id: &g.id.v,
                    number: &g.number,
                    title: &g.title.v,
                    field: g.field.as_deref(),
                    sections,
                    grade: level.map(|l| l.symbol.as_str()),
                    grade_id: level.map(|l| grade_class(&l.symbol)),
                    grade_label: graded.then_some(label),
                    grade_source: graded.then_some(source),
                    plan: jplan,
                    indicators: jinds,
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
                updated: r.updated.map(|x| x.iso()),
                graded,
                achievement_rate: rate1(t.rate()),
                goals_achieved: t.achieved,
                goals_counted: t.counted,
                goals_unevaluated: t.unevaluated,
                goals_excluded: t.excluded,
                goals: jgoals,
            };
            // One line of `reports.json` (serde_json writes no line break inside a value).
            reports.push(serde_json::to_string(&report).unwrap_or_else(|_| "{}".into()));
        }
    }
    Ok(Part {
        goals,
        links,
        inds,
        reports,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_per_rfc4180() {
        assert_eq!(csv_field("避難所"), "避難所");
        assert_eq!(csv_field("発電機,投光器"), "\"発電機,投光器\"");
        assert_eq!(csv_field("「\"見込\"」"), "\"「\"\"見込\"\"」\"");
        assert_eq!(csv_field("一行目\n二行目"), "\"一行目\r\n二行目\"");
        assert_eq!(csv_field("、。"), "、。");
    }

    /// `csv_field` as first written (three replaces and a format): the one-pass writer
    /// must give the same bytes.
    fn csv_field_reference(s: &str) -> String {
        let formula = begins_like_formula(s);
        let quote = s.contains([',', '"', '\r', '\n']);
        if !formula && !quote {
            return s.to_string();
        }
        let mut s = s
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\n', "\r\n");
        if formula {
            s.insert(0, '\'');
        }
        if quote {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    }

    #[test]
    fn one_pass_fields_match_the_reference() {
        const PIECES: [&str; 18] = [
            "a",
            "日本語",
            ",",
            "\"",
            "\r",
            "\n",
            "\r\n",
            "=",
            "+",
            "-",
            "@",
            "\t",
            "1",
            "1,234",
            ".5",
            " ",
            "\n\r",
            "\"\"",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut s = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = (seed >> 60) as usize;
            for _ in 0..n {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            assert_eq!(csv_field(&s), csv_field_reference(&s), "{s:?}");
            let mut row = String::new();
            push_row(&mut row, "", &[&s, "x"]);
            assert_eq!(row, format!("{},x\r\n", csv_field_reference(&s)), "{s:?}");
        }
    }

    #[test]
    fn formulas_are_defused_but_numbers_stay_numbers() {
        // OWASP's list: = + - @ tab CR (and LF, which becomes CR LF).
        assert_eq!(
            csv_field("=HYPERLINK(\"https://evil.example/\",\"詳細\")"),
            "\"'=HYPERLINK(\"\"https://evil.example/\"\",\"\"詳細\"\")\""
        );
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("@SUM(A1:A9)"), "'@SUM(A1:A9)");
        assert_eq!(csv_field("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(
            csv_field("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(csv_field("-から始まる目標"), "'-から始まる目標");
        assert_eq!(csv_field("\t=1+1"), "'\t=1+1");
        assert_eq!(csv_field("\r=1+1"), "\"'\r\n=1+1\"");
        assert_eq!(csv_field("\n=1+1"), "\"'\r\n=1+1\"");
        // Numbers, signed or not, are left alone.
        for n in ["-3.5", "-3", "+5", "0", "4500000", "94.25", "-0.1"] {
            assert_eq!(csv_field(n), n);
        }
        // Quoted for the commas (RFC 4180) but without the single quote.
        assert_eq!(csv_field("-1,234,567"), "\"-1,234,567\"");
        assert_eq!(csv_field("+1,234.5"), "\"+1,234.5\"");
        assert_eq!(csv_field("-"), "-");
        assert_eq!(csv_field("+"), "+");
        // Almost numbers are text.
        for t in [
            "-1e5", "-3.5%", "--3", "-3.", "-.5", "-1,23", "-12,3456", "-1 234", "-3-1",
        ] {
            let want = match t.contains(',') {
                true => format!("\"'{t}\""),
                false => format!("'{t}"),
            };
            assert_eq!(csv_field(t), want, "{t}");
        }
        // Text that only contains the characters later is untouched.
        assert_eq!(csv_field("A=B"), "A=B");
        assert_eq!(csv_field("メール@市役所"), "メール@市役所");
        assert_eq!(csv_field("５-２-１"), "５-２-１");
        assert_eq!(csv_field(" =1"), " =1");
    }

    #[test]
    fn csv_has_bom_and_crlf() {
        let b = csv(
            &[
                crate::model::opendata::col("a", ""),
                crate::model::opendata::col("b", ""),
            ],
            &[vec!["1".into(), "x\ny".into()]],
        );
        assert!(b.starts_with(&[0xEF, 0xBB, 0xBF]));
        let s = String::from_utf8(b).unwrap();
        assert_eq!(s, "\u{FEFF}a,b\r\n1,\"x\r\ny\"\r\n");
    }

    #[test]
    fn numbers_have_no_separators() {
        assert_eq!(number(4_500_000.0), "4500000");
        assert_eq!(number(94.25), "94.25");
        assert_eq!(number(-3.0), "-3");
        // A negative number stays a number in the CSV (no formula guard).
        assert_eq!(csv_field(&number(-3.5)), "-3.5");
    }
}
