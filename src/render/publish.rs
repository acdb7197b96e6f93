//! The pages about publishing: the search page and the open-data page.

use super::{Body, Page, crumbs, head};
use crate::model::opendata::{self, Column};
use serde::Serialize;

/// `search/index.html`: the search form and results (script only adds; without it the
/// page says so and links to the lists).
pub(super) fn search_page() -> Page {
    Page {
        path: "search/index.html".into(),
        template: "search.html",
        head: head("サイト内検索", crumbs(&[("サイト内検索", "")]), "search"),
        body: Body::Search,
    }
}

#[derive(Serialize)]
pub(super) struct DataFile {
    pub(super) name: &'static str,
    pub(super) title: &'static str,
    pub(super) about: &'static str,
    pub(super) columns: &'static [Column],
}

/// What `data/index.html` shows.
#[derive(Serialize)]
pub(super) struct DataData {
    pub(super) files: [DataFile; 4],
}

/// `data/index.html`: what each open-data file holds, column by column.
pub(super) fn data_page() -> Page {
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
    Page {
        path: "data/index.html".into(),
        template: "data.html",
        head: head("オープンデータ", crumbs(&[("オープンデータ", "")]), "data"),
        body: Body::Data(DataData { files }),
    }
}
