//! Achievement rates: the rules of "Achievement rates" in content-format.md, as pure
//! functions. Everything that shows a percentage on a page comes through here.

use crate::model::{Better, Goal, GradeLevel, GradeScale, Indicator};

/// An indicator's rate in percent, or `None` when it cannot be computed (not measured,
/// no target). Above 100 is returned as is.
pub fn indicator_rate(ind: &Indicator) -> Option<f64> {
    let (target, actual) = (ind.target?, ind.actual?);
    rate(target, actual, ind.better)
}

/// `actual / target` (higher is better) or `target / actual` (lower is better), in percent.
/// A lower-is-better target of 0 is 100% when the actual is 0 and 0% otherwise.
pub fn rate(target: f64, actual: f64, better: Better) -> Option<f64> {
    if !target.is_finite() || !actual.is_finite() {
        return None;
    }
    match better {
        Better::Higher => {
            if target == 0.0 {
                None
            } else {
                Some(actual / target * 100.0)
            }
        }
        Better::Lower => {
            if target == 0.0 {
                Some(if actual == 0.0 { 100.0 } else { 0.0 })
            } else if actual == 0.0 {
                // Better than any positive target: the ratio is unbounded, so show the
                // target as fully met.
                Some(100.0)
            } else {
                Some(target / actual * 100.0)
            }
        }
    }
}

/// How a goal's grade was arrived at.
#[derive(Debug, Clone, PartialEq)]
pub enum GoalGrade<'a> {
    /// The report writes it.
    Written(&'a GradeLevel),
    /// Derived from the mean rate of its indicators.
    Derived(&'a GradeLevel, f64),
    /// Not evaluated (未評価).
    Unevaluated,
}

impl<'a> GoalGrade<'a> {
    /// The level, if any.
    pub fn level(&self) -> Option<&'a GradeLevel> {
        match self {
            GoalGrade::Written(l) | GoalGrade::Derived(l, _) => Some(l),
            GoalGrade::Unevaluated => None,
        }
    }
}

/// The grade of a goal under `scale`: the written grade; else, when every indicator is
/// measured, the highest level whose `min_rate` the mean indicator rate reaches.
/// A written grade not on the scale is treated as unevaluated (validation reports it).
pub fn goal_grade<'a>(goal: &Goal, scale: &'a GradeScale) -> GoalGrade<'a> {
    if let Some(g) = &goal.grade {
        return match scale.level(&g.v) {
            Some(l) => GoalGrade::Written(l),
            None => GoalGrade::Unevaluated,
        };
    }
    match mean_indicator_rate(&goal.indicators) {
        Some(mean) => match derive_level(mean, scale) {
            Some(l) => GoalGrade::Derived(l, mean),
            None => GoalGrade::Unevaluated,
        },
        None => GoalGrade::Unevaluated,
    }
}

/// The mean rate of indicators when there is at least one and all are computable.
pub fn mean_indicator_rate(inds: &[Indicator]) -> Option<f64> {
    if inds.is_empty() {
        return None;
    }
    let mut sum = 0.0;
    for i in inds {
        sum += indicator_rate(i)?;
    }
    Some(sum / inds.len() as f64)
}

/// The highest counted level whose `min_rate` `mean` reaches, compared before rounding.
pub fn derive_level(mean: f64, scale: &GradeScale) -> Option<&GradeLevel> {
    scale
        .levels
        .iter()
        .filter(|l| l.counted)
        .filter_map(|l| l.min_rate.map(|m| (l, m)))
        .filter(|(_, m)| mean >= *m)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(l, _)| l)
}

/// Counts behind a 達成率: goals achieved over goals with a counted grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Goals whose grade is in `achieved`.
    pub achieved: usize,
    /// Goals with a counted grade (the denominator).
    pub counted: usize,
    /// Goals without a grade (未評価).
    pub unevaluated: usize,
    /// Goals with a grade that is not counted (E: 未実施).
    pub excluded: usize,
}

impl Tally {
    /// Adds one goal's grade.
    pub fn add(&mut self, grade: &GoalGrade, scale: &GradeScale) {
        match grade.level() {
            None => self.unevaluated += 1,
            Some(l) if !l.counted => self.excluded += 1,
            Some(l) => {
                self.counted += 1;
                if scale
                    .achieved
                    .iter()
                    .any(|a| crate::plans::fold(a) == crate::plans::fold(&l.symbol))
                {
                    self.achieved += 1;
                }
            }
        }
    }

    /// Adds another tally.
    pub fn merge(&mut self, other: Tally) {
        self.achieved += other.achieved;
        self.counted += other.counted;
        self.unevaluated += other.unevaluated;
        self.excluded += other.excluded;
    }

    /// 達成率 in percent, `None` (未評価) when nothing is counted — never 0%.
    pub fn rate(&self) -> Option<f64> {
        (self.counted > 0).then(|| self.achieved as f64 / self.counted as f64 * 100.0)
    }

    /// All goals seen.
    pub fn total(&self) -> usize {
        self.counted + self.unevaluated + self.excluded
    }
}

/// Tally of a list of goals under one scale.
pub fn tally_goals<'g>(goals: impl IntoIterator<Item = &'g Goal>, scale: &GradeScale) -> Tally {
    let mut t = Tally::default();
    for g in goals {
        t.add(&goal_grade(g, scale), scale);
    }
    t
}

/// One decimal with a percent sign: 66.7%, 100.0%, 0.0%.
pub fn format_pct(p: f64) -> String {
    format!("{:.1}%", round1(p))
}

/// A rate as shown, or 未評価.
pub fn format_rate(r: Option<f64>) -> String {
    r.map(format_pct).unwrap_or_else(|| "未評価".into())
}

/// Rounds half away from zero to one decimal, so 94.25 shows as 94.3 whatever the float.
pub fn round1(p: f64) -> f64 {
    let r = (p * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// An integer with thousands separators: 1,273,190,000.
pub fn format_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number as written in a report: integers with separators, fractions as given
/// (up to 2 decimals, trailing zeros dropped).
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        format_int(x as i64)
    } else {
        let s = format!("{:.2}", x);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let i: i64 = int.parse().unwrap_or(0);
        let sign = if x < 0.0 && i == 0 { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{}", format_int(i))
        } else {
            format!("{sign}{}.{frac}", format_int(i))
        }
    }
}

/// Percentage points between two rates, signed: +16.7ポイント.
pub fn format_points(delta: f64) -> String {
    let d = round1(delta);
    if d > 0.0 {
        format!("+{:.1}ポイント", d)
    } else if d < 0.0 {
        format!("−{:.1}ポイント", -d)
    } else {
        "±0.0ポイント".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Loc;
    use crate::model::At;

    fn ind(target: f64, actual: Option<f64>, better: Better) -> Indicator {
        Indicator {
            id: None,
            name: "x".into(),
            unit: None,
            target: Some(target),
            actual,
            baseline: None,
            better,
            baseline_label: None,
            actual_label: None,
            approximate: false,
            loc: Loc::default(),
        }
    }

    fn goal(grade: Option<&str>, inds: Vec<Indicator>) -> Goal {
        Goal {
            id: At::new("g".into(), Loc::default()),
            number: "1".into(),
            title: At::new("t".into(), Loc::default()),
            field: None,
            sections: vec![],
            plan: vec![],
            aim: None,
            target_text: None,
            actions: None,
            results: None,
            status: None,
            grade: grade.map(|g| At::new(g.to_string(), Loc::default())),
            evaluation: None,
            next: None,
            initiatives: vec![],
            indicators: inds,
        }
    }

    #[test]
    fn indicator_rates() {
        // Isehara: page views 4,238,714 of 4,500,000 → 94.2%.
        let r = indicator_rate(&ind(4_500_000.0, Some(4_238_714.0), Better::Higher)).unwrap();
        assert_eq!(format_pct(r), "94.2%");
        // Lower is better: target 100, actual 80 → 125.0%.
        let r = indicator_rate(&ind(100.0, Some(80.0), Better::Lower)).unwrap();
        assert_eq!(format_pct(r), "125.0%");
        // Lower is better with target 0.
        assert_eq!(rate(0.0, 0.0, Better::Lower), Some(100.0));
        assert_eq!(rate(0.0, 3.0, Better::Lower), Some(0.0));
        // Not measured.
        assert_eq!(indicator_rate(&ind(10.0, None, Better::Higher)), None);
        assert_eq!(rate(0.0, 5.0, Better::Higher), None);
        assert_eq!(rate(f64::NAN, 5.0, Better::Higher), None);
    }

    #[test]
    fn derived_grade_at_band_edges() {
        let scale = GradeScale::default_scale();
        let g = |actual: f64| goal(None, vec![ind(100.0, Some(actual), Better::Higher)]);
        let sym = |goal: &Goal| goal_grade(goal, &scale).level().map(|l| l.symbol.clone());
        assert_eq!(sym(&g(100.0)).as_deref(), Some("A"));
        assert_eq!(sym(&g(99.99)).as_deref(), Some("B"));
        assert_eq!(sym(&g(70.0)).as_deref(), Some("B"));
        // 69.96 rounds to 70.0 on the page but is compared before rounding.
        assert_eq!(sym(&g(69.96)).as_deref(), Some("C"));
        assert_eq!(sym(&g(50.0)).as_deref(), Some("C"));
        assert_eq!(sym(&g(49.9)).as_deref(), Some("D"));
        assert_eq!(sym(&g(0.0)).as_deref(), Some("D"));
        assert!(matches!(
            goal_grade(&g(100.0), &scale),
            GoalGrade::Derived(_, _)
        ));
        // One unmeasured indicator: no derived grade.
        let partial = goal(
            None,
            vec![
                ind(100.0, Some(100.0), Better::Higher),
                ind(100.0, None, Better::Higher),
            ],
        );
        assert_eq!(goal_grade(&partial, &scale), GoalGrade::Unevaluated);
        // A written grade wins over indicators.
        let written = goal(Some("C"), vec![ind(100.0, Some(100.0), Better::Higher)]);
        assert!(matches!(goal_grade(&written, &scale), GoalGrade::Written(l) if l.symbol == "C"));
        // Full-width grade letters are tolerated.
        let fw = goal(Some("Ａ"), vec![]);
        assert!(matches!(goal_grade(&fw, &scale), GoalGrade::Written(l) if l.symbol == "A"));
    }

    #[test]
    fn report_rates() {
        let scale = GradeScale::default_scale();
        let goals = [
            goal(Some("A"), vec![]),
            goal(Some("B"), vec![]),
            goal(Some("C"), vec![]),
            goal(Some("E"), vec![]),
            goal(None, vec![]),
        ];
        let t = tally_goals(&goals, &scale);
        assert_eq!(t.achieved, 2);
        assert_eq!(t.counted, 3);
        assert_eq!(t.excluded, 1);
        assert_eq!(t.unevaluated, 1);
        assert_eq!(format_rate(t.rate()), "66.7%");
        // A year with only unevaluated goals is 未評価, never 0.0%.
        let none = [goal(None, vec![]), goal(None, vec![])];
        assert_eq!(format_rate(tally_goals(&none, &scale).rate()), "未評価");
        // Only E: nothing counted.
        let only_e = [goal(Some("E"), vec![])];
        assert_eq!(format_rate(tally_goals(&only_e, &scale).rate()), "未評価");
        let zero = [goal(Some("D"), vec![])];
        assert_eq!(format_rate(tally_goals(&zero, &scale).rate()), "0.0%");
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_int(1_273_190_000), "1,273,190,000");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(-1000), "-1,000");
        assert_eq!(format_int(0), "0");
        assert_eq!(format_number(4238714.0), "4,238,714");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(1234.25), "1,234.25");
        assert_eq!(format_pct(100.0), "100.0%");
        assert_eq!(format_pct(0.0), "0.0%");
        assert_eq!(format_points(16.66), "+16.7ポイント");
        assert_eq!(format_points(-3.0), "−3.0ポイント");
    }
}
