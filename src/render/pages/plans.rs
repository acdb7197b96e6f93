//! The list of plans (`plans/index.html`), whose rows the top page shows too.

use super::{Body, Page, crumbs, head};
use crate::render::urls::PageRef;
use crate::render::views;
use serde::Serialize;

/// A plan in the lists: its period, its items and how many no report refers to.
#[derive(Serialize)]
pub(crate) struct PlanRow {
    pub(crate) name: String,
    pub(crate) short: String,
    pub(crate) url: String,
    pub(crate) period: String,
    pub(crate) items: usize,
    pub(crate) unreferenced: usize,
}

pub(crate) fn plan_period(cx: &views::Ctx, p: &crate::model::Plan) -> String {
    p.period
        .map(|(a, b)| format!("{}〜{}", cx.fy(a), cx.fy(b)))
        .unwrap_or_default()
}

pub(crate) fn plan_rows(cx: &views::Ctx) -> Vec<PlanRow> {
    cx.site
        .plans
        .iter()
        .enumerate()
        .map(|(pi, p)| PlanRow {
            name: p.name.clone(),
            short: p.short.clone().unwrap_or_default(),
            url: PageRef::Plan(&p.slug).path(),
            period: plan_period(cx, p),
            items: cx.ix.trees[pi].nodes.len(),
            unreferenced: (0..cx.ix.trees[pi].nodes.len())
                .filter(|&n| cx.ix.subtree_refs[pi][n] == 0)
                .count(),
        })
        .collect()
}

/// What `plans/index.html` shows.
#[derive(Serialize)]
pub(crate) struct PlansData {
    pub(crate) plans: Vec<PlanRow>,
}

pub(crate) fn plans_page<'a>(cx: &views::Ctx<'a>) -> Page<'a> {
    Page::new(
        PageRef::Plans,
        head("計画一覧", crumbs(&[("計画一覧", "")]), "plans"),
        Body::Plans(Box::new(PlansData {
            plans: plan_rows(cx),
        })),
    )
}
