//! The pages with no data of their own: the search page, whose results the script fills
//! in, and the 404 page.

use super::{Body, NoData, Page, crumbs, head};
use crate::render::urls::PageRef;

/// `search/index.html`: the search form and results (script only adds; without it the
/// page says so and links to the lists).
pub(crate) fn search_page() -> Page<'static> {
    Page::new(
        PageRef::Search,
        head("サイト内検索", crumbs(&[("サイト内検索", "")]), "search"),
        Body::Search(Box::new(NoData {})),
    )
}

/// `404.html`: shown by the server for a missing URL (no breadcrumbs, no title).
pub(crate) fn not_found_page() -> Page<'static> {
    Page::new(PageRef::NotFound, None, Body::NotFound(Box::new(NoData {})))
}
