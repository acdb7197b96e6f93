//! The Excel round trip of a report (issue #19): `hyoka export` writes one report as a
//! workbook staff fill in with Excel or LibreOffice, `hyoka import` reads it back,
//! validates it with the same rules and messages as `build` (naming the sheet and cell of
//! each problem) and writes the report's TOML. TOML in git stays the source of truth.
//!
//! The sheets and columns are made from the field catalogue ([`layout`]); [`cells`] turns
//! one cell into a TOML value and back; [`toml_out`] writes the TOML in the catalogue's
//! order; [`help`] writes the 説明 and 情報 sheets.

pub mod cells;
mod export;
mod help;
mod import;
pub mod layout;
pub mod toml_out;

pub use export::export;
pub use import::import;

use crate::model::fiscal::FiscalYear;

/// Which report a workbook belongs to, recorded in its hidden 情報 sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Info {
    /// The site's title (site.toml `title`).
    pub site: String,
    /// The department's folder name.
    pub dept: String,
    /// The department's name in that year.
    pub dept_name: String,
    /// The fiscal year.
    pub year: FiscalYear,
    /// What the workbook started from (this year's report, last year's as a draft, nothing).
    pub from: String,
}
