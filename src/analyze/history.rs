//! Continuity across fiscal years: the same goal `id` (or indicator `id`) in one
//! department's reports is one series. This module holds the rule of which report a report
//! is compared with ([`Department::previous`]: the department's latest earlier report, which is its
//! 前年度 even when years are missing in between) and the comparison itself.

use crate::analyze::metrics::{self, GoalGrade, goal_grade};
use crate::model::fiscal::FiscalYear;
use crate::model::{Better, Department, Goal, GradeScales, Indicator, Report};
use std::collections::{HashMap, HashSet};

/// Which way something moved between two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// Better than last year.
    Up,
    /// Worse than last year.
    Down,
    /// The same.
    Same,
    /// Cannot be compared (one side not evaluated or not measured).
    Unknown,
}

impl Trend {
    /// ↑ ↓ → or empty.
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Up => "↑",
            Trend::Down => "↓",
            Trend::Same => "→",
            Trend::Unknown => "",
        }
    }

    /// 上昇 / 低下 / 変わらず, in words (never colour or arrow alone).
    pub fn word(self) -> &'static str {
        match self {
            Trend::Up => "上がった",
            Trend::Down => "下がった",
            Trend::Same => "変わらず",
            Trend::Unknown => "比較できません",
        }
    }
}

/// One goal of this year compared with last year.
#[derive(Debug, Clone)]
pub struct GoalChange<'a> {
    /// The goal this year.
    pub goal: &'a Goal,
    /// Index in the report.
    pub index: usize,
    /// The same goal last year, if it was there.
    pub prev: Option<&'a Goal>,
    /// Grade this year.
    pub now: GoalGrade<'a>,
    /// Grade last year.
    pub before: Option<GoalGrade<'a>>,
    /// Direction of the grade.
    pub trend: Trend,
}

/// One indicator compared with last year's value of the same series.
#[derive(Debug, Clone)]
pub struct IndicatorChange<'a> {
    /// The goal it belongs to.
    pub goal: &'a Goal,
    /// This year's indicator.
    pub now: &'a Indicator,
    /// Last year's.
    pub prev: &'a Indicator,
    /// actual − previous actual.
    pub delta: Option<f64>,
    /// The change in percent of the previous actual.
    pub delta_pct: Option<f64>,
    /// Improvement or not, taking `better` into account.
    pub trend: Trend,
}

/// A report compared with the same department's [`Department::previous`] report.
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    /// The fiscal year of the report compared.
    pub year: FiscalYear,
    /// The report it is compared with ([`Department::previous`]), when there is one.
    pub prev: Option<&'a Report>,
    /// Every goal of this year.
    pub goals: Vec<GoalChange<'a>>,
    /// Goals of last year that are gone this year (終了・統合).
    pub ended: Vec<(&'a Goal, GoalGrade<'a>)>,
    /// Indicators continued from last year.
    pub indicators: Vec<IndicatorChange<'a>>,
}

impl Comparison<'_> {
    /// Goals that got a worse grade.
    pub fn worse(&self) -> impl Iterator<Item = &GoalChange<'_>> {
        self.goals.iter().filter(|g| g.trend == Trend::Down)
    }
}

/// Direction between two grades. The same symbol is no change even when the year's scale
/// moved its band; different symbols compare by the nominal rate each stands for.
pub fn grade_trend(now: &GoalGrade, before: &GoalGrade) -> Trend {
    match (now.level(), before.level()) {
        (Some(a), Some(b)) if a.counted && b.counted => {
            if crate::model::fold::fold_eq(&a.symbol, &b.symbol) {
                Trend::Same
            } else if a.rate > b.rate {
                Trend::Up
            } else if a.rate < b.rate {
                Trend::Down
            } else {
                Trend::Same
            }
        }
        _ => Trend::Unknown,
    }
}

/// Key of an indicator within a report: its id, else its name.
fn indicator_key(i: &Indicator) -> &str {
    i.id.as_ref()
        .map(|x| x.v.as_str())
        .unwrap_or(i.name.as_str())
}

/// The fiscal years without a report between a report of `now` and the report of `before`
/// it is compared with, as the first and last of them; `None` when `before` is the
/// previous fiscal year (or not earlier at all).
pub fn missing_years(now: FiscalYear, before: FiscalYear) -> Option<(FiscalYear, FiscalYear)> {
    (before < now.prev()).then(|| (FiscalYear(before.year() + 1), now.prev()))
}

/// Compares report `ri` of `dept` with its [`Department::previous`] report.
pub fn compare<'a>(dept: &'a Department, ri: usize, scales: &'a GradeScales) -> Comparison<'a> {
    let report = &dept.reports[ri];
    let prev = dept.previous(ri).map(|p| &dept.reports[p]);
    let scale = scales.for_year(report.year);
    let prev_scale = scales.for_year(prev.map_or(report.year.prev(), |p| p.year));
    let mut goals = Vec::with_capacity(report.goals.len());
    let mut indicators = Vec::new();
    // Goals matched by id through maps, not by searching: a report may hold thousands.
    let prev_by_id: HashMap<&str, &Goal> = prev
        .map(|p| {
            let mut m = HashMap::with_capacity(p.goals.len());
            for x in &p.goals {
                m.entry(x.id.v.as_str()).or_insert(x);
            }
            m
        })
        .unwrap_or_default();
    let now_ids: HashSet<&str> = report.goals.iter().map(|g| g.id.v.as_str()).collect();
    for (index, g) in report.goals.iter().enumerate() {
        let now = goal_grade(g, scale);
        let pg = prev_by_id.get(g.id.v.as_str()).copied();
        let before = pg.map(|p| goal_grade(p, prev_scale));
        let trend = match &before {
            Some(b) => grade_trend(&now, b),
            None => Trend::Unknown,
        };
        if let Some(pg) = pg {
            for ind in &g.indicators {
                let key = indicator_key(ind);
                if let Some(pi) = pg.indicators.iter().find(|x| indicator_key(x) == key) {
                    indicators.push(indicator_change(g, ind, pi));
                }
            }
        }
        goals.push(GoalChange {
            goal: g,
            index,
            prev: pg,
            now,
            before,
            trend,
        });
    }
    let ended = prev
        .map(|p| {
            p.goals
                .iter()
                .filter(|pg| !now_ids.contains(pg.id.v.as_str()))
                .map(|pg| (pg, goal_grade(pg, prev_scale)))
                .collect()
        })
        .unwrap_or_default();
    Comparison {
        year: report.year,
        prev,
        goals,
        ended,
        indicators,
    }
}

fn indicator_change<'a>(
    goal: &'a Goal,
    now: &'a Indicator,
    prev: &'a Indicator,
) -> IndicatorChange<'a> {
    let delta = match (now.actual, prev.actual) {
        (Some(a), Some(b)) => Some(a - b),
        _ => None,
    };
    let delta_pct = match (delta, prev.actual) {
        (Some(d), Some(b)) if b != 0.0 => Some(d / b.abs() * 100.0),
        _ => None,
    };
    let trend = match delta {
        Some(d) if metrics::round1(d) == 0.0 && d.abs() < 1e-9 => Trend::Same,
        Some(d) => {
            let improved = match now.better {
                Better::Higher => d > 0.0,
                Better::Lower => d < 0.0,
            };
            if d == 0.0 {
                Trend::Same
            } else if improved {
                Trend::Up
            } else {
                Trend::Down
            }
        }
        None => Trend::Unknown,
    };
    IndicatorChange {
        goal,
        now,
        prev,
        delta,
        delta_pct,
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Loc;
    use crate::model::{At, GradeScale};

    fn goal(id: &str, grade: Option<&str>, actual: Option<f64>) -> Goal {
        Goal {
            id: At::new(id.into(), Loc::default()),
            number: "1".into(),
            title: At::new(format!("目標{id}"), Loc::default()),
            field: None,
            sections: vec![],
            plan: vec![],
            aim: None,
            target_text: None,
            actions: None,
            results: None,
            status: None,
            grade: grade.map(|g| At::new(g.into(), Loc::default())),
            evaluation: None,
            next: None,
            initiatives: vec![],
            indicators: vec![Indicator {
                id: Some(At::new("jiko".into(), Loc::default())),
                name: "交通事故件数".into(),
                unit: Some("件".into()),
                target: Some(100.0),
                actual,
                baseline: None,
                better: Better::Lower,
                baseline_label: None,
                actual_label: None,
                approximate: false,
                baseline_text: None,
                target_text: None,
                actual_text: None,
                extra: vec![],
                loc: Loc::default(),
            }],
            challenge: None,
            extra: vec![],
        }
    }

    fn report(year: i32, goals: Vec<Goal>) -> Report {
        Report {
            year: FiscalYear(year),
            kind: None,
            title: None,
            published: None,
            updated: None,
            head: None,
            officers: vec![],
            mission: None,
            policy: None,
            review: None,
            duties: vec![],
            goals_heading: None,
            resources_as_of: None,
            budget: None,
            staff: vec![],
            challenges: vec![],
            goals,
            projects: vec![],
            midterm: vec![],
            staff_totals: vec![],
            headings: vec![],
            source: None,
            message: None,
            graded: None,
            revisions: vec![],
            extra_sections: vec![],
            loc: Loc::default(),
        }
    }

    fn dept(reports: Vec<Report>) -> Department {
        Department {
            slug: "d".into(),
            name: "部".into(),
            order: 0,
            units: vec![],
            former_names: vec![],
            parent: None,
            contact: None,
            reports,
            loc: Loc::default(),
        }
    }

    #[test]
    fn goals_new_ended_and_worse() {
        let scales = GradeScales {
            default: GradeScale::default_scale(),
            history: vec![],
        };
        let d = dept(vec![
            report(
                2021,
                vec![
                    goal("a", Some("A"), Some(120.0)),
                    goal("b", Some("B"), None),
                ],
            ),
            report(
                2022,
                vec![goal("a", Some("C"), Some(90.0)), goal("c", None, None)],
            ),
        ]);
        let c = compare(&d, 1, &scales);
        assert_eq!(c.prev.map(|p| p.year), Some(FiscalYear(2021)));
        assert_eq!(c.goals[0].trend, Trend::Down);
        assert!(c.goals[1].prev.is_none(), "c is new");
        assert_eq!(c.ended.len(), 1);
        assert_eq!(c.ended[0].0.id.v, "b");
        assert_eq!(c.worse().count(), 1);
        // Lower is better: 120 → 90 accidents is an improvement.
        assert_eq!(c.indicators.len(), 1);
        assert_eq!(c.indicators[0].delta, Some(-30.0));
        assert_eq!(c.indicators[0].trend, Trend::Up);
        assert_eq!(
            metrics::format_pct(c.indicators[0].delta_pct.unwrap()),
            "-25.0%"
        );
    }

    #[test]
    fn after_a_gap_year_the_latest_earlier_report_is_compared() {
        let scales = GradeScales {
            default: GradeScale::default_scale(),
            history: vec![],
        };
        let d = dept(vec![
            report(2020, vec![goal("a", Some("A"), None)]),
            report(2022, vec![goal("a", Some("B"), None)]),
        ]);
        let c = compare(&d, 1, &scales);
        assert_eq!(c.prev.map(|p| p.year), Some(FiscalYear(2020)));
        assert_eq!(c.goals[0].trend, Trend::Down);
        assert!(c.ended.is_empty());
    }

    fn years(ys: &[i32]) -> Department {
        dept(ys.iter().map(|&y| report(y, vec![])).collect())
    }

    #[test]
    fn previous_is_the_latest_earlier_report() {
        let d = years(&[2019, 2020, 2021]);
        assert_eq!(d.previous(2), Some(1));
        assert_eq!(d.previous(1), Some(0));
        assert_eq!(d.previous(0), None, "the first report has none");
        // A gap: 2021 is compared with 2019.
        let d = years(&[2019, 2021]);
        assert_eq!(d.previous(1), Some(0));
        // Many missing years do not matter either.
        let d = years(&[2012, 2020]);
        assert_eq!(d.previous(1), Some(0));
        assert_eq!(d.previous(7), None, "no such report");
    }

    #[test]
    fn previous_and_next_do_not_rely_on_order() {
        let d = years(&[2021, 2017, 2023, 2019]);
        assert_eq!(d.previous(2), Some(0), "2023 ← 2021");
        assert_eq!(d.previous(0), Some(3), "2021 ← 2019");
        assert_eq!(d.previous(3), Some(1), "2019 ← 2017");
        assert_eq!(d.previous(1), None);
        assert_eq!(d.next(1), Some(3), "2017 → 2019");
        assert_eq!(d.next(0), Some(2), "2021 → 2023");
        assert_eq!(d.next(2), None);
        // next and previous are each other's inverse.
        for ri in 0..4 {
            if let Some(p) = d.previous(ri) {
                assert_eq!(d.next(p), Some(ri));
            }
        }
    }

    #[test]
    fn missing_years_between_two_reports() {
        let fy = FiscalYear;
        assert_eq!(missing_years(fy(2021), fy(2020)), None);
        assert_eq!(
            missing_years(fy(2021), fy(2019)),
            Some((fy(2020), fy(2020)))
        );
        assert_eq!(
            missing_years(fy(2022), fy(2019)),
            Some((fy(2020), fy(2021)))
        );
    }
}
