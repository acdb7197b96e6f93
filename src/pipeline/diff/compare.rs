//! The changes between two versions of the site, as sentences a reviewer reads: report by
//! report (goals, grades, indicators, prose, plan links, the department's 達成率), then
//! the city's 達成率 in the years that changed, then the other files.
//!
//! Goals are matched by id and indicators by id (else name), so a goal whose title
//! changed is a rename, not a removal and an addition.

use super::{Side, excerpt, report_paths};
use crate::analyze::metrics::{self, Tally};
use crate::model::fiscal::FiscalYear;
use crate::model::{At, Goal, Indicator, PlanRef, Report, Site};
use crate::render::pages::report::rate_word;
use crate::source::layout::SiteFile;
use std::collections::{BTreeMap, BTreeSet};

/// Everything that changed.
#[derive(Debug, Default)]
pub struct Changes {
    /// Reports with changes, by department (in the site's order) then year.
    pub reports: Vec<ReportChanges>,
    /// The city's 達成率 in each year with a changed report: (year, `before → after`).
    pub city: Vec<(String, String)>,
    /// Other content files added, removed or changed (site.toml, plans, departments).
    pub files: Vec<String>,
}

/// The changes of one report.
#[derive(Debug)]
pub struct ReportChanges {
    /// The department's folder name (to group reports by department).
    pub slug: String,
    /// The department's name.
    pub dept: String,
    /// The fiscal year, in the site's style.
    pub year: String,
    /// One sentence per change.
    pub lines: Vec<String>,
}

/// A report of one side: the department and report indexes.
type At2 = (usize, usize);

/// Lists what changed from `old` to `new`.
pub fn compare(old: &Side, new: &Side) -> Changes {
    let index = |s: &Side| -> BTreeMap<(String, FiscalYear), At2> {
        let mut m = BTreeMap::new();
        for (di, d) in s.site.departments.iter().enumerate() {
            for (ri, r) in d.reports.iter().enumerate() {
                m.insert((d.slug.clone(), r.year), (di, ri));
            }
        }
        m
    };
    let (a, b) = (index(old), index(new));
    let keys: BTreeSet<&(String, FiscalYear)> = a.keys().chain(b.keys()).collect();
    let mut sorted: Vec<(i64, ReportChanges)> = Vec::new();
    let mut years = BTreeSet::new();
    for key in keys {
        let (slug, year) = key;
        let (o, n) = (a.get(key).copied(), b.get(key).copied());
        let (side, (di, _)) = match n {
            Some(at) => (new, at),
            None => (old, o.expect("a key of one side")),
        };
        let dept = &side.site.departments[di];
        let mut lines = Vec::new();
        let tally = |s: &Side, at: Option<At2>| at.map(|(d, r)| s.ix.report_tally[d][r]);
        match (o, n) {
            (None, Some((d, r))) => {
                let report = &new.site.departments[d].reports[r];
                lines.push(format!(
                    "報告を追加しました（目標 {} 件）",
                    report.goals.len()
                ));
            }
            (Some((d, r)), None) => {
                let report = &old.site.departments[d].reports[r];
                lines.push(format!(
                    "報告を削除しました（目標 {} 件）",
                    report.goals.len()
                ));
            }
            (Some(oa), Some(na)) => {
                let cx = Pair { old, new };
                cx.report(oa, na, &mut lines);
                if lines.is_empty()
                    && report_paths(slug, *year)
                        .iter()
                        .any(|p| old.texts.get(p) != new.texts.get(p))
                {
                    lines.push(
                        "目標・指標・記述のほかの箇所（主な事業、予算、職員など）が変わりました"
                            .into(),
                    );
                }
            }
            (None, None) => {}
        }
        if lines.is_empty() {
            continue;
        }
        // An ungraded report (graded = false) has no 達成率 to report, on either side.
        if let Some(rates) = before_after(tally(old, o), tally(new, n)) {
            lines.push(format!("部局の達成率: {rates}"));
        }
        years.insert(*year);
        sorted.push((
            dept.order,
            ReportChanges {
                slug: slug.clone(),
                dept: dept.name.clone(),
                year: year.label(side.site.config.year_style),
                lines,
            },
        ));
    }
    // The site's order of departments (order, then folder name), then the years.
    sorted.sort_by(|(oa, a), (ob, b)| oa.cmp(ob).then_with(|| a.slug.cmp(&b.slug)));
    let style = new.site.config.year_style;
    let city = years
        .into_iter()
        .filter_map(|y| {
            let t = |s: &Side| s.ix.year_tally.get(&y).copied();
            Some((y.label(style), before_after(t(old), t(new))?))
        })
        .collect();
    Changes {
        reports: sorted.into_iter().map(|(_, r)| r).collect(),
        city,
        files: other_files(old, new),
    }
}

/// A 達成率 before and after: `50.0% → 66.7%`, or that it stayed the same; `None` when
/// neither side has one (only ungraded reports: no rate, not even 未評価).
fn before_after(old: Option<Tally>, new: Option<Tally>) -> Option<String> {
    if !old.into_iter().chain(new).any(|t| t.is_graded()) {
        return None;
    }
    let show = |t: Option<Tally>| match t {
        None => "報告なし".to_string(),
        Some(t) if !t.is_graded() => UNGRADED.to_string(),
        Some(t) => metrics::format_rate(t.rate()),
    };
    let (a, b) = (show(old), show(new));
    Some(if a == b {
        format!("{b}（変わりません）")
    } else {
        format!("{a} → {b}")
    })
}

/// What a grade or rate of an ungraded report is said as, when the other side has one
/// (the pages' word for an ungraded report in a list).
const UNGRADED: &str = "評価なし";

/// Site settings, plans and department files added, removed or changed.
fn other_files(old: &Side, new: &Side) -> Vec<String> {
    let paths: BTreeSet<&String> = old.texts.keys().chain(new.texts.keys()).collect();
    paths
        .into_iter()
        .filter(|p| !matches!(SiteFile::parse(p), Some(SiteFile::Report { .. })))
        .filter_map(|p| match (old.texts.get(p), new.texts.get(p)) {
            (None, Some(_)) => Some(format!("{p} を追加")),
            (Some(_), None) => Some(format!("{p} を削除")),
            (Some(a), Some(b)) if a != b => Some(format!("{p} を変更")),
            _ => None,
        })
        .collect()
}

/// The two versions, for comparing one report.
struct Pair<'a> {
    old: &'a Side,
    new: &'a Side,
}

impl Pair<'_> {
    fn report(&self, (od, or): At2, (nd, nr): At2, lines: &mut Vec<String>) {
        let o = &self.old.site.departments[od].reports[or];
        let n = &self.new.site.departments[nd].reports[nr];
        for (key, a, b) in [
            ("mission", &o.mission, &n.mission),
            ("policy", &o.policy, &n.policy),
            ("review", &o.review, &n.review),
            ("message", &o.message, &n.message),
        ] {
            prose(&heading(n, key), a, b, "", lines);
        }
        let old_goals: BTreeMap<&str, &Goal> =
            o.goals.iter().map(|g| (g.id.v.as_str(), g)).collect();
        let new_ids: BTreeSet<&str> = n.goals.iter().map(|g| g.id.v.as_str()).collect();
        for g in &n.goals {
            match old_goals.get(g.id.v.as_str()) {
                None => lines.push(format!(
                    "目標「{}」を追加{}",
                    g.title.v,
                    graded_note(grade(&self.new.site, n, g))
                )),
                Some(og) => self.goal(o, og, n, g, lines),
            }
        }
        for g in o
            .goals
            .iter()
            .filter(|g| !new_ids.contains(g.id.v.as_str()))
        {
            lines.push(format!(
                "目標「{}」を削除{}",
                g.title.v,
                graded_note(grade(&self.old.site, o, g))
            ));
        }
    }

    fn goal(&self, or: &Report, o: &Goal, nr: &Report, n: &Goal, lines: &mut Vec<String>) {
        let name = &n.title.v;
        if o.title.v != n.title.v {
            lines.push(format!("目標「{}」の名前を「{name}」に変更", o.title.v));
        }
        let (ga, gb) = (grade(&self.old.site, or, o), grade(&self.new.site, nr, n));
        if ga != gb {
            let show = |g: Option<String>| g.unwrap_or_else(|| UNGRADED.into());
            lines.push(format!("目標「{name}」の評価 {} → {}", show(ga), show(gb)));
        }
        let key = |i: &Indicator| i.id.as_ref().map_or(i.name.clone(), |id| id.v.clone());
        let old_inds: BTreeMap<String, &Indicator> =
            o.indicators.iter().map(|i| (key(i), i)).collect();
        let new_keys: BTreeSet<String> = n.indicators.iter().map(key).collect();
        for i in &n.indicators {
            match old_inds.get(&key(i)) {
                None => lines.push(format!(
                    "目標「{name}」に指標「{}」を追加（{}）",
                    i.name,
                    values(i, nr.is_graded(&self.new.site.config))
                )),
                Some(oi) => indicator(name, oi, i, nr.is_graded(&self.new.site.config), lines),
            }
        }
        for i in o.indicators.iter().filter(|i| !new_keys.contains(&key(i))) {
            lines.push(format!("目標「{name}」の指標「{}」を削除", i.name));
        }
        let of = format!("目標「{name}」の");
        for (k, a, b) in [
            ("goal_aim", &o.aim, &n.aim),
            ("goal_target", &o.target_text, &n.target_text),
            ("goal_actions", &o.actions, &n.actions),
            ("goal_results", &o.results, &n.results),
            ("goal_status", &o.status, &n.status),
            ("goal_evaluation", &o.evaluation, &n.evaluation),
            ("goal_next", &o.next, &n.next),
        ] {
            prose(&heading(nr, k), a, b, &of, lines);
        }
        let (pa, pb) = (
            self.links(&self.old.site, self.old, &o.plan),
            self.links(&self.new.site, self.new, &n.plan),
        );
        for l in pb.difference(&pa) {
            lines.push(format!("目標「{name}」の関連する計画に{l}を追加"));
        }
        for l in pa.difference(&pb) {
            lines.push(format!("目標「{name}」の関連する計画から{l}を削除"));
        }
    }

    /// The plan items a list of references points at, as shown: the plan's short name,
    /// the item's code and title (or the reference as written when it resolves to none).
    fn links(&self, site: &Site, side: &Side, refs: &[PlanRef]) -> BTreeSet<String> {
        refs.iter()
            .filter(|r| !r.none)
            .map(|r| match side.ix.resolve(r, site) {
                Some((p, node)) => {
                    let plan = &site.plans[p];
                    let item = &side.ix.trees[p].nodes[node];
                    let pname = plan.short.as_deref().unwrap_or(&plan.name);
                    if item.title.is_empty() {
                        format!("「{pname} {}」", item.code)
                    } else {
                        format!("「{pname} {} {}」", item.code, item.title)
                    }
                }
                None => format!("「{}」", r.raw),
            })
            .collect()
    }
}

/// A report's heading for a section (its `[headings]`, else the page's default).
fn heading(r: &Report, key: &str) -> String {
    r.headings
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .or_else(|| {
            crate::render::pages::report_view::default_headings()
                .into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        })
        .unwrap_or_else(|| key.to_string())
}

/// A goal's grade as the page shows it (written, or derived from its indicators);
/// `None` in an ungraded report, which shows no grade, not even 未評価.
fn grade(site: &Site, r: &Report, g: &Goal) -> Option<String> {
    if !r.is_graded(&site.config) {
        return None;
    }
    let scale = site.config.grades.for_year(r.year);
    Some(
        metrics::goal_grade(g, scale)
            .level()
            .map_or_else(|| "未評価".to_string(), |l| l.symbol.clone()),
    )
}

/// `（評価 B）` after a goal added or removed, nothing in an ungraded report.
fn graded_note(grade: Option<String>) -> String {
    grade.map(|g| format!("（評価 {g}）")).unwrap_or_default()
}

/// A prose field added, removed or changed, with an excerpt.
fn prose(
    label: &str,
    a: &Option<At<String>>,
    b: &Option<At<String>>,
    of: &str,
    lines: &mut Vec<String>,
) {
    let norm = |t: &Option<At<String>>| {
        t.as_ref()
            .map(|t| t.v.replace("\r\n", "\n").trim().to_string())
            .filter(|t| !t.is_empty())
    };
    match (norm(a), norm(b)) {
        (None, Some(b)) => lines.push(format!("{of}「{label}」を記入: 「{}」", excerpt::start(&b))),
        (Some(_), None) => lines.push(format!("{of}「{label}」を削除")),
        (Some(a), Some(b)) if a != b => {
            let (x, y) = excerpt::change(&a, &b);
            lines.push(format!("{of}「{label}」を変更: 「{x}」 → 「{y}」"));
        }
        _ => {}
    }
}

/// An indicator's target or actual changed: the values and the rate before and after
/// (目標比 in an ungraded report, as on its page).
fn indicator(goal: &str, o: &Indicator, n: &Indicator, graded: bool, lines: &mut Vec<String>) {
    let mut parts = Vec::new();
    if o.target != n.target {
        parts.push(format!(
            "目標値 {} → {}",
            value(o.target, o),
            value(n.target, n)
        ));
    }
    if o.actual != n.actual {
        parts.push(format!(
            "実績 {} → {}",
            value(o.actual, o),
            value(n.actual, n)
        ));
    }
    if parts.is_empty() {
        return;
    }
    lines.push(format!(
        "目標「{goal}」の指標「{}」の{}（{} {} → {}）",
        n.name,
        parts.join("、"),
        rate_word(graded),
        rate(o),
        rate(n)
    ));
}

/// An indicator's target, actual and rate, for one just added.
fn values(i: &Indicator, graded: bool) -> String {
    format!(
        "目標値 {}、実績 {}、{} {}",
        value(i.target, i),
        value(i.actual, i),
        rate_word(graded),
        rate(i)
    )
}

/// A value with the indicator's unit, or 未記入.
fn value(v: Option<f64>, i: &Indicator) -> String {
    match v {
        Some(v) => format!(
            "{}{}",
            metrics::format_number(v),
            i.unit.as_deref().unwrap_or("")
        ),
        None => "未記入".into(),
    }
}

/// An indicator's rate as shown, or なし when it cannot be computed.
fn rate(i: &Indicator) -> String {
    metrics::indicator_rate(i).map_or_else(|| "なし".into(), metrics::format_pct)
}
