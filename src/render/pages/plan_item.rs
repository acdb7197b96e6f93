//! A plan item's page (`plans/<slug>/<id>/index.html`): the item, its children, the
//! goals, challenges, projects and 中期目標 that refer to it, year by year, and the items
//! it continues or is continued by.

use super::plan::PlanInfo;
use super::{Body, Page, crumbs, head};
use crate::analyze::index::RefKind;
use crate::analyze::metrics;
use crate::model::fiscal::FiscalYear;
use crate::render::urls::{PageRef, anchor};
use crate::render::views::{self, ContactView, GradeView, Link, RateView};
use crate::render::{charts, figures};
use serde::Serialize;
use std::collections::BTreeMap;

/// A reference to the item from a report.
#[derive(Serialize)]
pub(crate) struct RefEntry {
    pub(crate) kind: &'static str,
    pub(crate) dept: String,
    pub(crate) number: String,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) grade: Option<GradeView>,
}

/// The references of one fiscal year, with their goals' 達成率.
#[derive(Serialize)]
pub(crate) struct RefYear {
    pub(crate) label: String,
    pub(crate) year_url: String,
    pub(crate) rate: RateView,
    pub(crate) entries: Vec<RefEntry>,
}

/// What an item's page shows.
#[derive(Serialize)]
pub(crate) struct ItemData {
    pub(crate) plan: PlanInfo,
    pub(crate) code: String,
    pub(crate) item_title: String,
    pub(crate) level: String,
    pub(crate) implied: bool,
    pub(crate) body: Option<String>,
    pub(crate) children: Vec<Link>,
    pub(crate) ref_years: Vec<RefYear>,
    pub(crate) continues: Option<Link>,
    pub(crate) continued_by: Vec<Link>,
    pub(crate) subtree_refs: usize,
    pub(crate) chart: Option<charts::ChartView>,
    pub(crate) scales: Vec<figures::ScaleGroup>,
    /// 問い合わせ先 of the departments whose entries are listed, in the departments' tree
    /// order.
    pub(crate) contacts: Vec<ContactView>,
}

pub(crate) fn item_page<'a>(cx: &views::Ctx<'a>, p: usize, n: usize) -> Page<'a> {
    let plan = &cx.site.plans[p];
    let tree = &cx.ix.trees[p];
    let node = &tree.nodes[n];
    let label = if node.title.is_empty() {
        node.code.clone()
    } else {
        format!("{} {}", node.code, node.title)
    };
    let mut trail: Vec<(String, String)> = vec![
        ("計画一覧".into(), PageRef::Plans.path()),
        (plan.label().to_string(), PageRef::Plan(&plan.slug).path()),
    ];
    // A plan nested hundreds deep would put every ancestor on every page (output growing
    // with the square of the depth): beyond 8 levels, keep the top 3 and the nearest 4
    // and link the rest to the plan's whole tree.
    let ancestors = tree.ancestors(n);
    let (top, near) = (3, 4);
    let elided = ancestors.len().saturating_sub(top + near);
    for (i, &a) in ancestors.iter().enumerate() {
        if elided > 1 && (top..top + elided).contains(&i) {
            if i == top {
                trail.push((
                    format!("…（{elided}階層）"),
                    PageRef::Plan(&plan.slug).path(),
                ));
            }
            continue;
        }
        let an = &tree.nodes[a];
        trail.push((
            if an.title.is_empty() {
                an.code.clone()
            } else {
                format!("{} {}", an.code, an.title)
            },
            PageRef::Item {
                plan: &plan.slug,
                id: &an.id,
            }
            .path(),
        ));
    }
    trail.push((label.clone(), String::new()));
    let trail_refs: Vec<(&str, &str)> = trail
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let head = head(&label, crumbs(&trail_refs), "plans");
    let item = node.item.map(|i| &plan.items[i]);
    let children: Vec<Link> = node
        .children
        .iter()
        .map(|&ch| {
            let cn = &tree.nodes[ch];
            Link {
                label: if cn.title.is_empty() {
                    cn.code.clone()
                } else {
                    format!("{} {}", cn.code, cn.title)
                },
                url: PageRef::Item {
                    plan: &plan.slug,
                    id: &cn.id,
                }
                .path(),
            }
        })
        .collect();
    // References grouped by fiscal year, newest first.
    let mut by_year: BTreeMap<FiscalYear, Vec<RefEntry>> = BTreeMap::new();
    for r in &cx.ix.item_refs[p][n] {
        let d = &cx.site.departments[r.dept];
        let rep = &d.reports[r.report];
        let dept = d.name_in(rep.year).to_string();
        let url = PageRef::Report {
            dept: &d.slug,
            year: rep.year,
        }
        .path();
        // As the report's page shows them (see `report_view::report_core`).
        let entry = match r.kind {
            RefKind::Goal => {
                let g = &rep.goals[r.entry];
                let scale = cx.site.config.grades.for_year(rep.year);
                RefEntry {
                    kind: RefKind::Goal.label(),
                    dept,
                    number: g.number.clone(),
                    title: g.title.v.clone(),
                    url: format!("{url}#{}", anchor("goal", &g.id.v)),
                    grade: rep
                        .is_graded(&cx.site.config)
                        .then(|| GradeView::from_goal(&metrics::goal_grade(g, scale))),
                }
            }
            RefKind::Challenge => {
                let x = &rep.challenges[r.entry];
                RefEntry {
                    kind: RefKind::Challenge.label(),
                    dept,
                    number: String::new(),
                    title: x.title.clone(),
                    url: format!("{url}#{}", anchor("challenge", &x.id.v)),
                    grade: None,
                }
            }
            RefKind::Project => {
                let x = &rep.projects[r.entry];
                RefEntry {
                    kind: RefKind::Project.label(),
                    dept,
                    number: String::new(),
                    title: x.name.clone(),
                    url: format!("{url}#{}", anchor("project", &x.id.v)),
                    grade: None,
                }
            }
            RefKind::Midterm => {
                let x = &rep.midterm[r.entry];
                RefEntry {
                    kind: RefKind::Midterm.label(),
                    dept,
                    number: String::new(),
                    title: x.title.clone(),
                    url: format!("{url}#{}", anchor("midterm", &x.id.v)),
                    grade: None,
                }
            }
        };
        by_year.entry(r.year).or_default().push(entry);
    }
    let years: Vec<RefYear> = by_year
        .into_iter()
        .rev()
        .map(|(fy, entries)| RefYear {
            label: cx.fy(fy),
            year_url: PageRef::Year(fy).path(),
            rate: RateView::from(&cx.ix.item_tally(cx.site, p, n, fy, false)),
            entries,
        })
        .collect();
    // Each department listed once, a 課 after its 部 as on the departments page.
    let listed: std::collections::HashSet<usize> =
        cx.ix.item_refs[p][n].iter().map(|r| r.dept).collect();
    let contacts: Vec<ContactView> = if listed.is_empty() {
        Vec::new()
    } else {
        cx.site
            .department_tree()
            .into_iter()
            .filter(|t| listed.contains(&t.index))
            .filter_map(|t| ContactView::of(&cx.site.departments[t.index]))
            .collect()
    };
    // 前期 → 後期 links both ways.
    let continues = item.and_then(|it| it.continues.as_ref()).and_then(|c| {
        let parts = crate::model::plans::split_ref(&c.v);
        let slug = parts.plan.unwrap_or_else(|| plan.slug.clone());
        let pi = *cx.ix.plan_by_slug.get(&slug)?;
        let ni = cx.ix.trees[pi].find(parts.code)?;
        let on = &cx.ix.trees[pi].nodes[ni];
        let op = &cx.site.plans[pi];
        Some(Link {
            label: format!("{} {} {}", op.label(), on.code, on.title),
            url: PageRef::Item {
                plan: &op.slug,
                id: &on.id,
            }
            .path(),
        })
    });
    let continued_by: Vec<Link> = cx.ix.continued_by[p][n]
        .iter()
        .map(|&(q, i)| {
            let (op, it) = (&cx.site.plans[q], &cx.site.plans[q].items[i]);
            Link {
                label: format!("{} {} {}", op.label(), it.code.v, it.title),
                url: PageRef::Item {
                    plan: &op.slug,
                    id: &it.id,
                }
                .path(),
            }
        })
        .collect();
    Page::new(
        PageRef::Item {
            plan: &plan.slug,
            id: &node.id,
        },
        head,
        Body::Item(Box::new(ItemData {
            plan: PlanInfo::of(cx, p),
            code: node.code.clone(),
            item_title: node.title.clone(),
            level: plan.levels.get(node.depth).cloned().unwrap_or_default(),
            implied: node.item.is_none(),
            body: item.and_then(|i| i.body.as_ref()).map(|b| cx.md_at(b, 2)),
            children,
            ref_years: years,
            continues,
            continued_by,
            subtree_refs: cx.ix.subtree_refs[p][n],
            chart: figures::item(cx, p, n, &label),
            scales: figures::scale_groups(cx, &figures::item_years(cx, p, n)),
            contacts,
        })),
    )
}
