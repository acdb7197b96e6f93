//! The open-data page (`data/index.html`): the licence, what each file of `data/` holds,
//! column by column, from the same column lists that write the files, and where each
//! report's own rows are.

use super::{Body, Page, crumbs, head};
use crate::model::opendata::{self, Column, DataFile};
use crate::render::urls::PageRef;
use crate::render::views::Ctx;
use serde::Serialize;

/// What `data/index.html` shows.
#[derive(Serialize)]
pub(crate) struct DataData {
    /// The site-wide files, then `catalog.csv`.
    pub(crate) files: Vec<FileView>,
    /// The licence as site.toml names it.
    pub(crate) license: String,
    /// The text of the licence, when it is the default one.
    pub(crate) license_url: Option<&'static str>,
    /// The city's name.
    pub(crate) city: String,
    /// 全国地方公共団体コード, or empty.
    pub(crate) city_code: String,
}

/// A file as the data page describes it.
#[derive(Serialize)]
pub(crate) struct FileView {
    pub(crate) name: &'static str,
    pub(crate) title: &'static str,
    pub(crate) about: &'static str,
    pub(crate) columns: Vec<Column>,
}

impl FileView {
    /// `f` as a site describes it: a site without grades says its grade columns are empty.
    fn of(f: &DataFile, graded: bool) -> FileView {
        FileView {
            name: f.name,
            title: f.title,
            about: if graded {
                f.about
            } else {
                opendata::ungraded_about(f)
            },
            columns: if graded {
                f.columns.to_vec()
            } else {
                f.columns.iter().map(opendata::ungraded_column).collect()
            },
        }
    }
}

/// `data/index.html`: the licence and what each open-data file holds, column by column.
pub(crate) fn data_page<'a>(cx: &Ctx<'a>) -> Page<'a> {
    let config = &cx.site.config;
    let graded = cx.ix.any_graded(cx.site);
    let files = opendata::FILES
        .iter()
        .chain([&opendata::CATALOG_FILE])
        .map(|f| FileView::of(f, graded))
        .collect();
    Page::new(
        PageRef::Data,
        head("オープンデータ", crumbs(&[("オープンデータ", "")]), "data"),
        Body::Data(Box::new(DataData {
            files,
            license: config.license.clone(),
            license_url: (config.license == opendata::DEFAULT_LICENSE)
                .then_some(opendata::DEFAULT_LICENSE_URL),
            city: config.city.clone(),
            city_code: config.city_code.clone().unwrap_or_default(),
        })),
    )
}
