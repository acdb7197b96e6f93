//! The list of departments (`departments/index.html`), and its row of a department,
//! which the top page and each department's page show too.

use super::{Body, Page, crumbs, head};
use crate::render::urls::PageRef;
use crate::render::views::{self, Link, RateView};
use serde::Serialize;

/// A department as the lists show it: its names and its reports.
#[derive(Serialize)]
pub(crate) struct DeptRow {
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) former: Vec<String>,
    pub(crate) years: Vec<Link>,
    pub(crate) latest: Option<DeptLatest>,
}

/// A department's latest report and its 達成率.
#[derive(Serialize)]
pub(crate) struct DeptLatest {
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) rate: RateView,
}

pub(crate) fn dept_rows(cx: &views::Ctx) -> Vec<DeptRow> {
    (0..cx.site.departments.len())
        .map(|di| dept_row(cx, di))
        .collect()
}

pub(crate) fn dept_row(cx: &views::Ctx, di: usize) -> DeptRow {
    let d = &cx.site.departments[di];
    DeptRow {
        name: d.name.clone(),
        url: PageRef::Department(&d.slug).path(),
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
                url: PageRef::Report {
                    dept: &d.slug,
                    year: r.year,
                }
                .path(),
            })
            .collect(),
        latest: d.reports.last().map(|r| DeptLatest {
            label: cx.fy(r.year),
            url: PageRef::Report {
                dept: &d.slug,
                year: r.year,
            }
            .path(),
            rate: RateView::from(&cx.ix.report_tally[di][d.reports.len() - 1]),
        }),
    }
}

/// What `departments/index.html` shows.
#[derive(Serialize)]
pub(crate) struct DepartmentsData {
    pub(crate) departments: Vec<DeptRow>,
}

pub(crate) fn departments_page<'a>(cx: &views::Ctx<'a>) -> Page<'a> {
    Page::new(
        PageRef::Departments,
        head("部局一覧", crumbs(&[("部局一覧", "")]), "departments"),
        Body::Departments(Box::new(DepartmentsData {
            departments: dept_rows(cx),
        })),
    )
}
