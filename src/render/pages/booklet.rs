//! A fiscal year's booklet (`years/<FY>/booklet/index.html`): every department's report
//! of the year on one page, with a table of contents, to print as the one document a
//! city publishes. Each part is the report's own view ([`report_view`]), placed so its
//! ids carry the department's slug and its headings sit under the part's h2: the booklet
//! draws the same sections as the report pages, from the same templates.

use super::report::{Placement, report_view};
use super::report_view::ReportView;
use super::{Body, Page, crumbs, head};
use crate::model::departments::TreePos;
use crate::model::fiscal::FiscalYear;
use crate::render::urls::PageRef;
use crate::render::views::Ctx;
use rayon::prelude::*;
use serde::Serialize;

/// What a year's booklet shows.
#[derive(Serialize)]
pub(crate) struct BookletData {
    pub(crate) year_label: String,
    pub(crate) year_url: String,
    /// The year's reports, one per department, each 課 after its 部 as on the year page.
    pub(crate) parts: Vec<BookletPart>,
}

/// One department's report in the booklet.
#[derive(Serialize)]
pub(crate) struct BookletPart {
    /// The part's id, which the table of contents links to.
    pub(crate) id: String,
    /// What comes before every other id of the part (its entries' anchors carry it already).
    pub(crate) ids: String,
    pub(crate) r: ReportView,
    /// The folder of the report's own CSV files, which its tables link to.
    pub(crate) data_dir: String,
    /// How far under a 部 the department is (0: none; 1: a 課 with `parent`), for the
    /// table of contents' indent.
    pub(crate) depth: usize,
    /// The name of the department it is under, which its contents entry names.
    pub(crate) parent: Option<String>,
}

/// The booklet of fiscal year `fy`. Its reports' views are built in parallel: a large
/// city's booklet holds dozens of reports.
pub(crate) fn booklet_page<'a>(cx: &Ctx<'a>, fy: FiscalYear) -> Page<'a> {
    let label = cx.fy(fy);
    // A 課 follows its 部, as on the year page (site.department_tree).
    let reports: Vec<(usize, usize, TreePos)> = cx
        .site
        .department_tree()
        .into_iter()
        .filter_map(|pos| {
            let di = pos.index;
            cx.site.departments[di]
                .reports
                .iter()
                .position(|r| r.year == fy)
                .map(|ri| (di, ri, pos))
        })
        .collect();
    let parts = reports
        .into_par_iter()
        .with_max_len(1)
        .map(|(di, ri, pos)| {
            let d = &cx.site.departments[di];
            let ids = [d.slug.as_str(), "-"].concat();
            // From years/<FY>/booklet/ to departments/<slug>/<FY>/.
            let to_report = format!("../../../departments/{}/{}/", d.slug, fy.0);
            let r = report_view(
                cx,
                di,
                ri,
                &Placement {
                    ids: &ids,
                    level: 3,
                    to_report: &to_report,
                },
            );
            BookletPart {
                id: [&ids, "part"].concat(),
                r,
                data_dir: crate::model::opendata::report_files_dir(&d.slug, fy),
                ids,
                depth: pos.depth,
                parent: pos
                    .parent
                    .map(|p| cx.site.departments[p].name_in(fy).to_string()),
            }
        })
        .collect();
    let year_url = PageRef::Year(fy).path();
    Page::new(
        PageRef::Booklet(fy),
        head(
            &[&label, " 全部局の報告"].concat(),
            crumbs(&[(&label, &year_url), ("全部局の報告（冊子）", "")]),
            "years",
        ),
        Body::Booklet(Box::new(BookletData {
            year_label: label,
            year_url,
            parts,
        })),
    )
}
