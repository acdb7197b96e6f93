//! The open-data page (`data/index.html`): the licence, what each file of `data/` holds,
//! column by column, from the same column lists that write the files, and where each
//! report's own rows are.

use super::{Body, Page, crumbs, head};
use crate::model::opendata::{self, DataFile};
use crate::render::urls::PageRef;
use crate::render::views::Ctx;
use serde::Serialize;

/// What `data/index.html` shows.
#[derive(Serialize)]
pub(crate) struct DataData {
    /// The site-wide files, then `catalog.csv`.
    pub(crate) files: Vec<DataFile>,
    /// The licence as site.toml names it.
    pub(crate) license: String,
    /// The text of the licence, when it is the default one.
    pub(crate) license_url: Option<&'static str>,
    /// The city's name.
    pub(crate) city: String,
    /// 全国地方公共団体コード, or empty.
    pub(crate) city_code: String,
}

/// `data/index.html`: the licence and what each open-data file holds, column by column.
pub(crate) fn data_page<'a>(cx: &Ctx<'a>) -> Page<'a> {
    let config = &cx.site.config;
    let mut files = opendata::FILES.to_vec();
    files.push(opendata::CATALOG_FILE);
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
