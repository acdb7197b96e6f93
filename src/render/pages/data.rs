//! The open-data page (`data/index.html`): what each file of `data/` holds, column by
//! column, from the same column lists that write the files.

use super::{Body, Page, crumbs, head};
use crate::model::opendata::{self, Column};
use crate::render::urls::PageRef;
use serde::Serialize;

/// One open-data file, as the page describes it.
#[derive(Serialize)]
pub(crate) struct DataFile {
    pub(crate) name: &'static str,
    pub(crate) title: &'static str,
    pub(crate) about: &'static str,
    pub(crate) columns: &'static [Column],
}

/// What `data/index.html` shows.
#[derive(Serialize)]
pub(crate) struct DataData {
    pub(crate) files: [DataFile; 4],
}

/// `data/index.html`: what each open-data file holds, column by column.
pub(crate) fn data_page() -> Page<'static> {
    let files = [
        DataFile {
            name: "goals.csv",
            title: "目標の一覧",
            about: "すべての報告の目標を 1 行に 1 つずつ。評価と達成に数えるかどうかを含みます。",
            columns: opendata::GOALS,
        },
        DataFile {
            name: "indicators.csv",
            title: "指標の一覧",
            about: "目標の指標（目標値と実績）を 1 行に 1 つずつ。",
            columns: opendata::INDICATORS,
        },
        DataFile {
            name: "goal_plans.csv",
            title: "目標と計画の項目の対応",
            about: "目標が関わる計画の項目を 1 行に 1 つずつ（1 つの目標が複数の項目に関わることがあります）。",
            columns: opendata::GOAL_PLANS,
        },
        DataFile {
            name: "reports.json",
            title: "報告（JSON）",
            about: "報告ごとに、達成率、目標、指標、計画の項目をまとめた JSON です（報告は 1 行に 1 件）。",
            columns: opendata::REPORTS_JSON,
        },
    ];
    Page::new(
        PageRef::Data,
        head("オープンデータ", crumbs(&[("オープンデータ", "")]), "data"),
        Body::Data(Box::new(DataData { files })),
    )
}
