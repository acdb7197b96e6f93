//! Indexes computed once from the validated model, in linear time: fiscal years, each
//! report's tally, each year's tally, plan trees and every reference to every plan item.
//! Rendering reads these and never recomputes them per page.

use crate::analyze::metrics::{GoalGrade, Tally, goal_grade};
use crate::model::fiscal::FiscalYear;
use crate::model::plans::{PlanTree, PlanTrees, resolve};
use crate::model::{PlanRef, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What kind of report entry refers to a plan item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefKind {
    /// A goal.
    Goal,
    /// A challenge.
    Challenge,
    /// A project.
    Project,
    /// A mid-term goal.
    Midterm,
}

impl RefKind {
    /// Japanese name.
    pub fn label(self) -> &'static str {
        match self {
            RefKind::Goal => "目標",
            RefKind::Challenge => "課題",
            RefKind::Project => "事業",
            RefKind::Midterm => "中期目標",
        }
    }
}

/// One reference from a report entry to a plan item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemRef {
    /// Fiscal year of the report.
    pub year: FiscalYear,
    /// Department index in `Site::departments`.
    pub dept: usize,
    /// Report index in the department.
    pub report: usize,
    /// What refers.
    pub kind: RefKind,
    /// Index of the entry in its list.
    pub entry: usize,
}

/// Everything computed once per build.
pub struct Indexes {
    /// Every fiscal year with at least one report, ascending.
    pub years: Vec<FiscalYear>,
    /// Tally of each report: `[dept][report]` (an ungraded report's is
    /// [`Tally::ungraded_report`]).
    pub report_tally: Vec<Vec<Tally>>,
    /// Tally of each fiscal year across departments.
    pub year_tally: BTreeMap<FiscalYear, Tally>,
    /// Plan trees by plan index.
    pub trees: Vec<PlanTree>,
    /// Last git commit date of each content file (path relative to the site folder), for
    /// 更新日. Empty from [`Indexes::build`]; `pipeline::render_files` fills it from one
    /// `git log` ([`crate::source::gitdates`]).
    pub file_dates: crate::source::gitdates::FileDates,
    /// Position of each node in its tree's printed (preorder) order: `[plan][node]`.
    pub tree_pos: Vec<Vec<usize>>,
    /// Plan index by slug.
    pub plan_by_slug: HashMap<String, usize>,
    /// References to each node: `[plan][node]`, sorted by year, department, report.
    pub item_refs: Vec<Vec<Vec<ItemRef>>>,
    /// Plan items each department serves, with the fiscal years: `[dept]`.
    pub dept_items: Vec<BTreeMap<(usize, usize), BTreeSet<FiscalYear>>>,
    /// Plan items served in each fiscal year, with the departments serving them.
    pub year_items: BTreeMap<FiscalYear, BTreeMap<(usize, usize), BTreeSet<usize>>>,
    /// References to each plan node and its descendants, by plan then node.
    pub subtree_refs: Vec<Vec<usize>>,
    /// The items (plan, item index) whose `continues` names each plan node (後期 → 前期),
    /// in plan and item order.
    pub continued_by: Vec<Vec<Vec<(usize, usize)>>>,
}

impl Indexes {
    /// Builds every index in one pass over the site.
    pub fn build(site: &Site) -> Indexes {
        let PlanTrees {
            trees,
            by_slug: plan_by_slug,
        } = PlanTrees::build(&site.plans);
        let mut item_refs: Vec<Vec<Vec<ItemRef>>> = trees
            .iter()
            .map(|t| vec![Vec::new(); t.nodes.len()])
            .collect();
        let primary = site.config.primary_plan.as_ref().map(|p| p.v.as_str());
        // Each department's tallies and references, in parallel (the grades of every goal
        // and the resolving of every reference are most of the work), merged in order.
        let parts: Vec<DeptPart> = site
            .departments
            .par_iter()
            .enumerate()
            .map(|(di, dept)| {
                let mut tallies = Vec::with_capacity(dept.reports.len());
                let mut refs = Vec::new();
                for (ri, report) in dept.reports.iter().enumerate() {
                    tallies.push(if report.is_graded(&site.config) {
                        let scale = site.config.grades.for_year(report.year);
                        let mut t = Tally::default();
                        for g in &report.goals {
                            t.add(&goal_grade(g, scale), scale);
                        }
                        t
                    } else {
                        Tally::ungraded_report()
                    });
                    let mut add = |list: &[PlanRef], kind: RefKind, entry: usize| {
                        for r in list {
                            if let Some((p, n)) = resolve(r, primary, &plan_by_slug, &trees) {
                                let ir = ItemRef {
                                    year: report.year,
                                    dept: di,
                                    report: ri,
                                    kind,
                                    entry,
                                };
                                refs.push((p, n, ir));
                            }
                        }
                    };
                    for (i, g) in report.goals.iter().enumerate() {
                        add(&g.plan, RefKind::Goal, i);
                    }
                    for (i, c) in report.challenges.iter().enumerate() {
                        add(&c.plan, RefKind::Challenge, i);
                    }
                    for (i, p) in report.projects.iter().enumerate() {
                        add(&p.plan, RefKind::Project, i);
                    }
                    for (i, m) in report.midterm.iter().enumerate() {
                        add(&m.plan, RefKind::Midterm, i);
                    }
                }
                (tallies, refs)
            })
            .collect();
        let mut years = BTreeSet::new();
        let mut report_tally = Vec::with_capacity(site.departments.len());
        let mut year_tally: BTreeMap<FiscalYear, Tally> = BTreeMap::new();
        for ((tallies, refs), dept) in parts.into_iter().zip(&site.departments) {
            for (report, &t) in dept.reports.iter().zip(&tallies) {
                years.insert(report.year);
                year_tally.entry(report.year).or_default().merge(t);
            }
            report_tally.push(tallies);
            for (p, n, ir) in refs {
                let list = &mut item_refs[p][n];
                // One entry citing the same item twice counts once.
                if list.last() != Some(&ir) {
                    list.push(ir);
                }
            }
        }
        let mut dept_items = vec![BTreeMap::new(); site.departments.len()];
        let mut year_items: BTreeMap<FiscalYear, BTreeMap<(usize, usize), BTreeSet<usize>>> =
            BTreeMap::new();
        for (p, plan) in item_refs.iter_mut().enumerate() {
            for (n, refs) in plan.iter_mut().enumerate() {
                refs.sort();
                for r in refs.iter() {
                    dept_items[r.dept]
                        .entry((p, n))
                        .or_insert_with(BTreeSet::new)
                        .insert(r.year);
                    year_items
                        .entry(r.year)
                        .or_default()
                        .entry((p, n))
                        .or_default()
                        .insert(r.dept);
                }
            }
        }
        // Children come after their parents in pre-order: summed from the end, each node's
        // count is complete before its parent adds it.
        let subtree_refs: Vec<Vec<usize>> = trees
            .iter()
            .enumerate()
            .map(|(p, t)| {
                let mut count: Vec<usize> = item_refs[p].iter().map(Vec::len).collect();
                for &n in t.preorder().iter().rev() {
                    if let Some(parent) = t.nodes[n].parent {
                        count[parent] += count[n];
                    }
                }
                count
            })
            .collect();
        let mut continued_by: Vec<Vec<Vec<(usize, usize)>>> = trees
            .iter()
            .map(|t| vec![Vec::new(); t.nodes.len()])
            .collect();
        for (q, plan) in site.plans.iter().enumerate() {
            for (i, item) in plan.items.iter().enumerate() {
                let Some(c) = &item.continues else { continue };
                let parts = crate::model::plans::split_ref(&c.v);
                let slug = parts.plan.as_deref().unwrap_or(&plan.slug);
                if let Some(&p) = plan_by_slug.get(slug)
                    && let Some(n) = trees[p].find(parts.code)
                {
                    continued_by[p][n].push((q, i));
                }
            }
        }
        let tree_pos = trees
            .iter()
            .map(|t| {
                let mut pos = vec![0; t.nodes.len()];
                for (i, n) in t.preorder().into_iter().enumerate() {
                    pos[n] = i;
                }
                pos
            })
            .collect();
        Indexes {
            file_dates: Default::default(),
            tree_pos,
            years: years.into_iter().collect(),
            report_tally,
            year_tally,
            trees,
            plan_by_slug,
            item_refs,
            dept_items,
            year_items,
            subtree_refs,
            continued_by,
        }
    }

    /// Whether any report of the site is graded (a site without reports: as site.toml
    /// says). When none is, no page shows a 達成率, a grade scale or 未評価.
    pub fn any_graded(&self, site: &Site) -> bool {
        if self.years.is_empty() {
            site.config.graded
        } else {
            self.year_tally.values().any(|t| t.is_graded())
        }
    }

    /// The plan and node a reference points at, if any.
    pub fn resolve(&self, r: &PlanRef, site: &Site) -> Option<(usize, usize)> {
        let primary = site.config.primary_plan.as_ref().map(|p| p.v.as_str());
        resolve(r, primary, &self.plan_by_slug, &self.trees)
    }

    /// Tally of the goals referring to a node (and, with `rollup`, to its descendants)
    /// in fiscal year `fy`; goals of ungraded reports are left out, their reports counted
    /// in `ungraded`.
    pub fn item_tally(
        &self,
        site: &Site,
        plan: usize,
        node: usize,
        fy: FiscalYear,
        rollup: bool,
    ) -> Tally {
        let mut t = Tally::default();
        let scale = site.config.grades.for_year(fy);
        let mut stack = vec![node];
        // A goal serving both a parent and its child counts once in the roll-up: the
        // goals are gathered, sorted and counted once each.
        let mut goals: Vec<(usize, usize, usize)> = Vec::new();
        while let Some(n) = stack.pop() {
            goals.extend(
                self.item_refs[plan][n]
                    .iter()
                    .filter(|r| r.year == fy && r.kind == RefKind::Goal)
                    .map(|r| (r.dept, r.report, r.entry)),
            );
            if rollup {
                stack.extend(self.trees[plan].nodes[n].children.iter().copied());
            }
        }
        goals.sort_unstable();
        goals.dedup();
        let mut last_ungraded = None;
        for (dept, report, entry) in goals {
            let r = &site.departments[dept].reports[report];
            if !r.is_graded(&site.config) {
                // Sorted by report: each ungraded report is counted once.
                if last_ungraded != Some((dept, report)) {
                    t.ungraded += 1;
                    last_ungraded = Some((dept, report));
                }
                continue;
            }
            t.add(&goal_grade(&r.goals[entry], scale), scale);
        }
        t
    }
}

/// One department's share of the index: each report's tally, and each reference to a
/// plan item as (plan, node, the referring entry).
type DeptPart = (Vec<Tally>, Vec<(usize, usize, ItemRef)>);

/// The grade of goal `g` of a report, under the scale of its year.
pub fn grade_of<'s>(site: &'s Site, dept: usize, report: usize, goal: usize) -> GoalGrade<'s> {
    let r = &site.departments[dept].reports[report];
    goal_grade(&r.goals[goal], site.config.grades.for_year(r.year))
}
