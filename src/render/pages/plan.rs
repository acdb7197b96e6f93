//! A plan's page (`plans/<slug>/index.html`): its tree of items with, for each year, the
//! references to each item and the 達成率 of the goals citing it.

use super::plans::plan_period;
use super::{Body, Page, crumbs, head};
use crate::analyze::index::RefKind;
use crate::analyze::metrics::{self, Tally};
use crate::model::fiscal::FiscalYear;
use crate::render::urls::PageRef;
use crate::render::views::{self, RateView, RefCounts};
use serde::Serialize;

/// An item of the plan's tree.
#[derive(Serialize)]
pub(crate) struct TreeRow {
    pub(crate) code: String,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) depth: usize,
    pub(crate) level: String,
    pub(crate) implied: bool,
    pub(crate) own_refs: usize,
    pub(crate) subtree_refs: usize,
    pub(crate) cells: Vec<TreeCell>,
}

/// An item's references in one year.
#[derive(Serialize)]
pub(crate) struct TreeCell {
    pub(crate) counts: RefCounts,
    pub(crate) total: usize,
    pub(crate) rate: RateView,
    /// The year's label, for the cell's label when the table is stacked on a phone.
    pub(crate) label: String,
}

fn plan_years(cx: &views::Ctx, p: usize) -> Vec<FiscalYear> {
    let mut years: Vec<FiscalYear> = cx.ix.item_refs[p]
        .iter()
        .flatten()
        .map(|r| r.year)
        .collect();
    years.sort();
    years.dedup();
    years
}

/// What a plan's page shows.
#[derive(Serialize)]
pub(crate) struct PlanData {
    pub(crate) plan: PlanInfo,
    pub(crate) years: Vec<String>,
    pub(crate) rows: Vec<TreeRow>,
}

pub(crate) fn plan_page<'a>(cx: &views::Ctx<'a>, p: usize) -> Page<'a> {
    let plan = &cx.site.plans[p];
    let tree = &cx.ix.trees[p];
    let years = plan_years(cx, p);
    let rows: Vec<TreeRow> = tree
        .preorder()
        .into_iter()
        .map(|n| {
            let node = &tree.nodes[n];
            // Every reference of the subtree, by year: counts and the goals' tally per
            // year in one pass (a goal citing an item and its sub-item counts once in
            // the tally, as in `Indexes::item_tally`).
            let mut refs: Vec<&crate::analyze::index::ItemRef> = Vec::new();
            let mut stack = vec![n];
            while let Some(x) = stack.pop() {
                refs.extend(&cx.ix.item_refs[p][x]);
                stack.extend(tree.nodes[x].children.iter().copied());
            }
            refs.sort_by_key(|r| r.year);
            let cells = years
                .iter()
                .map(|&fy| {
                    let scale = cx.site.config.grades.for_year(fy);
                    let start = refs.partition_point(|r| r.year < fy);
                    let end = refs.partition_point(|r| r.year <= fy);
                    let mut counts = RefCounts::default();
                    let mut tally = Tally::default();
                    let mut seen = std::collections::HashSet::new();
                    for r in &refs[start..end] {
                        counts.add(r.kind);
                        let report = &cx.site.departments[r.dept].reports[r.report];
                        // Goals of an ungraded report (a plan, a profile) are not rated.
                        if r.kind == RefKind::Goal
                            && report.is_graded(&cx.site.config)
                            && seen.insert((r.dept, r.report, r.entry))
                        {
                            tally.add(&metrics::goal_grade(&report.goals[r.entry], scale), scale);
                        }
                    }
                    TreeCell {
                        total: counts.total(),
                        counts,
                        rate: RateView::from(&tally),
                        label: cx.fy(fy),
                    }
                })
                .collect();
            TreeRow {
                code: node.code.clone(),
                title: node.title.clone(),
                url: PageRef::Item {
                    plan: &plan.slug,
                    id: &node.id,
                }
                .path(),
                depth: node.depth,
                level: plan.levels.get(node.depth).cloned().unwrap_or_default(),
                implied: node.item.is_none(),
                own_refs: cx.ix.item_refs[p][n].len(),
                subtree_refs: cx.ix.subtree_refs[p][n],
                cells,
            }
        })
        .collect();
    Page::new(
        PageRef::Plan(&plan.slug),
        head(
            &plan.name,
            crumbs(&[("計画一覧", &PageRef::Plans.path()), (&plan.name, "")]),
            "plans",
        ),
        Body::Plan(Box::new(PlanData {
            plan: PlanInfo::of(cx, p),
            years: years.iter().map(|&y| cx.fy(y)).collect(),
            rows,
        })),
    )
}

/// A plan as its page and its items' pages head it.
#[derive(Serialize)]
pub(crate) struct PlanInfo {
    pub(crate) name: String,
    pub(crate) short: String,
    pub(crate) url: String,
    pub(crate) period: String,
    pub(crate) levels: Vec<String>,
    pub(crate) body: Option<String>,
    pub(crate) revision_notes: Vec<String>,
}

impl PlanInfo {
    pub(crate) fn of(cx: &views::Ctx, p: usize) -> PlanInfo {
        let plan = &cx.site.plans[p];
        PlanInfo {
            name: plan.name.clone(),
            short: plan.short.clone().unwrap_or_default(),
            url: PageRef::Plan(&plan.slug).path(),
            period: plan_period(cx, plan),
            levels: plan.levels.clone(),
            body: plan.body.as_ref().map(|b| cx.md_at(b, 2)),
            revision_notes: plan.revision_notes.clone(),
        }
    }
}
