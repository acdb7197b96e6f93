//! The list of departments (`departments/index.html`), and its row of a department,
//! which the top page and each department's page show too. A department with `parent`
//! (a 課 under its 部) is listed under that department.

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
    /// How many departments are above it (0: none; 1: a 課 under its 部 …).
    /// In `children`, counted from the department they are listed under (1: directly
    /// under it).
    pub(crate) depth: usize,
    /// The department it belongs to (`parent`), by its current name.
    pub(crate) parent: Option<Link>,
    /// The departments under it, each followed by its own (only where a page lists them
    /// under it: the list of departments and the department's page).
    pub(crate) children: Vec<DeptRow>,
}

/// A department's latest report and its 達成率.
#[derive(Serialize)]
pub(crate) struct DeptLatest {
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) rate: RateView,
}

/// Every department, each followed by the departments under it (see
/// [`crate::model::Site::department_tree`]); `depth` says how far in each one is.
pub(crate) fn dept_rows(cx: &views::Ctx) -> Vec<DeptRow> {
    cx.site
        .department_tree()
        .into_iter()
        .map(|t| dept_row(cx, t.index))
        .collect()
}

/// The departments without `parent`, each with the departments under it as `children`
/// (a 課's own 室 follow it there, each naming its `parent`).
pub(crate) fn dept_cards(cx: &views::Ctx) -> Vec<DeptRow> {
    let tree = cx.site.department_tree();
    let mut cards: Vec<DeptRow> = Vec::new();
    for t in tree {
        let row = dept_row(cx, t.index);
        match cards.last_mut() {
            // Under a top-level card, a row's depth already counts from that card.
            Some(card) if t.depth > 0 => card.children.push(row),
            _ => cards.push(row),
        }
    }
    cards
}

/// Department `di`'s row with `children`: every department under it, in tree order.
pub(crate) fn dept_with_children(cx: &views::Ctx, di: usize) -> DeptRow {
    let mut row = dept_row(cx, di);
    let tree = cx.site.department_tree();
    if let Some(at) = tree.iter().position(|t| t.index == di) {
        let depth = tree[at].depth;
        row.children = tree[at + 1..]
            .iter()
            .take_while(|t| t.depth > depth)
            .map(|t| DeptRow {
                depth: t.depth - depth,
                ..dept_row(cx, t.index)
            })
            .collect();
    }
    row
}

/// Department `di`'s row, without `children`.
pub(crate) fn dept_row(cx: &views::Ctx, di: usize) -> DeptRow {
    let d = &cx.site.departments[di];
    let ancestors = cx.site.department_ancestors(di);
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
        depth: ancestors.len(),
        parent: ancestors.last().map(|&p| {
            let pd = &cx.site.departments[p];
            Link {
                label: pd.name.clone(),
                url: PageRef::Department(&pd.slug).path(),
            }
        }),
        children: Vec::new(),
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
            departments: dept_cards(cx),
        })),
    )
}
