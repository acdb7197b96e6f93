//! The open data of what any city's report may add to the format: `data/extra.csv` (one
//! row per value of the `extra` tables) and the parts of `reports.json` that carry the
//! extra tables, 更新履歴, extra sections, departments' `parent` and `[contact]`.
//! [`crate::publish::opendata`] calls these as it writes each report.

use crate::model::opendata::EXTRA;
use crate::model::{Department, Extra, Report, Site};
use crate::publish::csv::{head_row, push_row};
use crate::render::markdown;
use crate::render::urls::anchor;
use serde::Serialize;

/// BOM and header row of `extra.csv`.
pub fn extra_head() -> String {
    head_row(EXTRA)
}

/// What every row of one report shares: its year, department and page.
pub struct ReportCols<'a> {
    /// `全国地方公共団体コード,地方公共団体名,` as CSV.
    pub city: &'a str,
    /// 年度 (西暦).
    pub year: &'a str,
    /// 年度_和暦.
    pub wareki: &'a str,
    /// 部局ID.
    pub dept: &'a str,
    /// 部局名 in that year.
    pub dept_name: &'a str,
}

/// Appends `r`'s rows of `extra.csv` to `out`: challenges, goals (each followed by its
/// initiatives and indicators), projects, 中期目標, each item's values in file order.
/// `url_of` turns a page path with its anchor into the address the files use.
pub fn extra_rows(
    out: &mut String,
    cols: &ReportCols,
    r: &Report,
    page: &str,
    url_of: &dyn Fn(&str) -> String,
) {
    let mut item = |kind: &str, id: &str, name: &str, at: &str, extra: &Extra| {
        if extra.is_empty() {
            return;
        }
        let url = url_of(&format!("{page}#{at}"));
        for (label, text) in extra {
            push_row(
                out,
                cols.city,
                &[
                    cols.year,
                    cols.wareki,
                    cols.dept,
                    cols.dept_name,
                    kind,
                    id,
                    name,
                    label,
                    &markdown::plain_text(&text.v),
                    &url,
                ],
            );
        }
    };
    for c in &r.challenges {
        item(
            "課題",
            &c.id.v,
            &c.title,
            &anchor("challenge", &c.id.v),
            &c.extra,
        );
    }
    for g in &r.goals {
        let at = anchor("goal", &g.id.v);
        item("目標", &g.id.v, &g.title.v, &at, &g.extra);
        for (k, i) in g.initiatives.iter().enumerate() {
            let name = i.title.as_deref().or(i.number.as_deref()).unwrap_or("");
            let id = format!("{}/{}", g.id.v, k + 1);
            item("取組", &id, name, &at, &i.extra);
        }
        for (k, i) in g.indicators.iter().enumerate() {
            let id = match &i.id {
                Some(x) => format!("{}/{}", g.id.v, x.v),
                None => format!("{}/{}", g.id.v, k + 1),
            };
            item("指標", &id, &i.name, &at, &i.extra);
        }
    }
    for p in &r.projects {
        item(
            "事業",
            &p.id.v,
            &p.name,
            &anchor("project", &p.id.v),
            &p.extra,
        );
    }
    for m in &r.midterm {
        item(
            "中期目標",
            &m.id.v,
            &m.title,
            &anchor("midterm", &m.id.v),
            &m.extra,
        );
    }
}

/// One value of an `extra` table in `reports.json`: a list keeps the file's order.
#[derive(Serialize)]
pub struct JsonExtra<'a> {
    label: &'a str,
    /// As written (Markdown).
    text: &'a str,
}

/// An `extra` table as `reports.json` writes it.
pub fn extra_json(e: &Extra) -> Vec<JsonExtra<'_>> {
    e.iter()
        .map(|(label, text)| JsonExtra {
            label,
            text: &text.v,
        })
        .collect()
}

/// An initiative row of a goal.
#[derive(Serialize)]
pub struct JsonInitiative<'a> {
    number: Option<&'a str>,
    title: Option<&'a str>,
    aim: Option<&'a str>,
    extra: Vec<JsonExtra<'a>>,
}

/// A goal's initiative rows.
pub fn initiatives_json(g: &crate::model::Goal) -> Vec<JsonInitiative<'_>> {
    g.initiatives
        .iter()
        .map(|i| JsonInitiative {
            number: i.number.as_deref(),
            title: i.title.as_deref(),
            aim: i.aim.as_ref().map(|a| a.v.as_str()),
            extra: extra_json(&i.extra),
        })
        .collect()
}

/// A challenge, project or 中期目標: what carries its `extra` table.
#[derive(Serialize)]
pub struct JsonItem<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    extra: Vec<JsonExtra<'a>>,
}

/// One entry of 更新履歴.
#[derive(Serialize)]
pub struct JsonRevision<'a> {
    date: String,
    note: Option<&'a str>,
}

/// A section the format has no field for.
#[derive(Serialize)]
pub struct JsonExtraSection<'a> {
    title: &'a str,
    after: Option<&'a str>,
    body: Option<&'a str>,
}

/// What a report adds to its line of `reports.json` besides its goals.
#[derive(Serialize)]
pub struct JsonReportExtra<'a> {
    /// The department's `parent`.
    pub department_parent: Option<&'a str>,
    /// Whether the report is graded (its own `graded`, else the site's).
    pub graded: bool,
    /// 更新履歴, oldest first.
    pub revisions: Vec<JsonRevision<'a>>,
    /// Sections the format has no field for.
    pub extra_sections: Vec<JsonExtraSection<'a>>,
    /// Challenges with their `extra`.
    pub challenges: Vec<JsonItem<'a>>,
    /// Projects with their `extra`.
    pub projects: Vec<JsonItem<'a>>,
    /// 中期目標 with their `extra`.
    pub midterm: Vec<JsonItem<'a>>,
}

impl<'a> JsonReportExtra<'a> {
    /// Report `r` of department `d`.
    pub fn of(site: &Site, d: &'a Department, r: &'a Report) -> JsonReportExtra<'a> {
        JsonReportExtra {
            department_parent: d.parent.as_ref().map(|p| p.v.as_str()),
            graded: r.is_graded(&site.config),
            revisions: r
                .revisions
                .iter()
                .map(|v| JsonRevision {
                    date: v.date.iso(),
                    note: v.note.as_ref().map(|n| n.v.as_str()),
                })
                .collect(),
            extra_sections: r
                .extra_sections
                .iter()
                .map(|x| JsonExtraSection {
                    title: &x.title,
                    after: x.after.as_deref(),
                    body: x.body.as_ref().map(|b| b.v.as_str()),
                })
                .collect(),
            challenges: r
                .challenges
                .iter()
                .map(|c| JsonItem {
                    id: &c.id.v,
                    title: Some(&c.title),
                    name: None,
                    extra: extra_json(&c.extra),
                })
                .collect(),
            projects: r
                .projects
                .iter()
                .map(|p| JsonItem {
                    id: &p.id.v,
                    title: None,
                    name: Some(&p.name),
                    extra: extra_json(&p.extra),
                })
                .collect(),
            midterm: r
                .midterm
                .iter()
                .map(|m| JsonItem {
                    id: &m.id.v,
                    title: Some(&m.title),
                    name: None,
                    extra: extra_json(&m.extra),
                })
                .collect(),
        }
    }
}

/// A department in `reports.json`'s `departments`.
#[derive(Serialize)]
pub struct JsonDepartment {
    id: String,
    name: String,
    parent: Option<String>,
    contact: Option<JsonContact>,
}

/// A department's 問い合わせ先, as written.
#[derive(Serialize)]
pub struct JsonContact {
    phone: Option<String>,
    fax: Option<String>,
    email: Option<String>,
    form: Option<String>,
    note: Option<String>,
}

/// Every department, in the departments page's order (a 課 right after its 部).
pub fn departments_json(site: &Site) -> Vec<JsonDepartment> {
    site.department_tree()
        .into_iter()
        .map(|t| {
            let d = &site.departments[t.index];
            JsonDepartment {
                id: d.slug.clone(),
                name: d.name.clone(),
                parent: d.parent.as_ref().map(|p| p.v.clone()),
                contact: d.contact.as_ref().map(|c| JsonContact {
                    phone: c.phone.clone(),
                    fax: c.fax.clone(),
                    email: c.email.clone(),
                    form: c.form.clone(),
                    note: c.note.clone(),
                }),
            }
        })
        .collect()
}
