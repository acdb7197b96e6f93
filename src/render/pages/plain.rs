//! The pages with no data of their own: the search page, whose results the script fills
//! in, and the 404 page.

use super::{Body, NoData, Page, crumbs, head};
use crate::render::urls::PageRef;
use crate::render::views::Ctx;
use serde::Serialize;

/// The choices of the search page's filters (the kinds are fixed in its template).
#[derive(Serialize)]
pub(crate) struct SearchData {
    /// Fiscal years with reports, newest first.
    pub(crate) years: Vec<Choice>,
    /// Departments, in the site's order.
    pub(crate) departments: Vec<Choice>,
}

/// One option of a filter: the value in the URL and the label shown.
#[derive(Serialize)]
pub(crate) struct Choice {
    pub(crate) value: String,
    pub(crate) label: String,
}

/// `search/index.html`: the search form, its filters and results (script only adds;
/// without it the page says so and links to the lists).
pub(crate) fn search_page(cx: &Ctx) -> Page<'static> {
    let years = cx
        .ix
        .years
        .iter()
        .rev()
        .map(|&y| Choice {
            value: y.year().to_string(),
            label: cx.fy(y),
        })
        .collect();
    let departments = cx
        .site
        .departments
        .iter()
        .map(|d| Choice {
            value: d.slug.clone(),
            label: d.name.clone(),
        })
        .collect();
    Page::new(
        PageRef::Search,
        head("サイト内検索", crumbs(&[("サイト内検索", "")]), "search"),
        Body::Search(Box::new(SearchData { years, departments })),
    )
}

/// `404.html`: shown by the server for a missing URL (no breadcrumbs, no title).
pub(crate) fn not_found_page() -> Page<'static> {
    Page::new(PageRef::NotFound, None, Body::NotFound(Box::new(NoData {})))
}
