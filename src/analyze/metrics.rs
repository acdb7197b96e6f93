//! Achievement rates: the rules of "Achievement rates" in content-format.md, as pure
//! functions. Everything that shows a percentage on a page comes through here.

use crate::model::{Better, Goal, GradeLevel, GradeScale, Indicator};

/// An indicator's rate in percent, or `None` when it cannot be computed (not measured,
/// no target, or signed values without a usable baseline). Above 100 is returned as is.
pub fn indicator_rate(ind: &Indicator) -> Option<f64> {
    let (target, actual) = (ind.target?, ind.actual?);
    if is_signed(target, Some(actual), ind.baseline) {
        return progress_rate(target, actual, ind.baseline?, ind.better);
    }
    rate(target, actual, ind.better)
}

/// Whether a ratio of the values would mislead: the target, the actual or the baseline is
/// below zero (人口の社会増減 −500 → −100), so `actual / target` can call a met target
/// 未達成. Such an indicator is rated by [`progress_rate`] from its baseline, or not at all.
pub fn is_signed(target: f64, actual: Option<f64>, baseline: Option<f64>) -> bool {
    target < 0.0 || actual.is_some_and(|a| a < 0.0) || baseline.is_some_and(|b| b < 0.0)
}

/// The share of the way from `baseline` to `target` that `actual` has come, in percent:
/// `(actual − baseline) / (target − baseline)`. It reads the same whatever the signs, and
/// meeting the target is 100% or more in either direction. `None` when the target is not
/// on the better side of the baseline (nothing to progress towards) or a value is not finite.
pub fn progress_rate(target: f64, actual: f64, baseline: f64, better: Better) -> Option<f64> {
    if !(target.is_finite() && actual.is_finite() && baseline.is_finite()) {
        return None;
    }
    let span = target - baseline;
    let towards = match better {
        Better::Higher => span > 0.0,
        Better::Lower => span < 0.0,
    };
    if !towards {
        return None;
    }
    Some((actual - baseline) / span * 100.0).filter(|r| r.is_finite())
}

/// `actual / target` (higher is better) or `target / actual` (lower is better), in percent.
/// A lower-is-better target of 0 is 100% when the actual is 0 and 0% otherwise.
pub fn rate(target: f64, actual: f64, better: Better) -> Option<f64> {
    if !target.is_finite() || !actual.is_finite() {
        return None;
    }
    // A tiny divisor can overflow to infinity: no rate rather than a page showing "inf%".
    let r = match better {
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
    };
    r.filter(|r| r.is_finite())
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

/// The grade of a goal under `scale`: the written grade; else, when the site derives
/// grades ([`GradeScale::derive`]) and every indicator is measured, the highest level whose
/// `min_rate` the mean indicator rate reaches. A written grade not on the scale is treated
/// as unevaluated (validation reports it).
pub fn goal_grade<'a>(goal: &Goal, scale: &'a GradeScale) -> GoalGrade<'a> {
    if let Some(g) = &goal.grade {
        return match scale.level(&g.v) {
            Some(l) => GoalGrade::Written(l),
            None => GoalGrade::Unevaluated,
        };
    }
    if !scale.derive {
        return GoalGrade::Unevaluated;
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

/// How far below a `min_rate` a mean may fall, in percentage points, and still reach it:
/// only binary floating-point noise (8.1 / 9 × 100 is 89.99999999999999, not 90), far
/// below anything a report can write, so a mean of 69.96% still does not reach 70%.
pub const RATE_TOLERANCE: f64 = 1e-9;

/// The highest counted level whose `min_rate` `mean` reaches, compared before rounding
/// (up to [`RATE_TOLERANCE`]). Levels not counted (E: 未実施) are never derived.
pub fn derive_level(mean: f64, scale: &GradeScale) -> Option<&GradeLevel> {
    scale
        .levels
        .iter()
        .filter(|l| l.counted)
        .filter_map(|l| l.min_rate.map(|m| (l, m)))
        .filter(|(_, m)| mean + RATE_TOLERANCE >= *m)
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
    /// Of `counted`, goals whose grade is derived from indicators (参考：指標から算出).
    pub derived: usize,
    /// Goals without a grade (未評価).
    pub unevaluated: usize,
    /// Goals with a grade that is not counted (E: 未実施).
    pub excluded: usize,
    /// Reports left out because they are not graded (`graded = false`: a plan or a
    /// profile). Their goals are in none of the counts above, not even as 未評価.
    pub ungraded: usize,
}

impl Tally {
    /// Adds one goal's grade.
    pub fn add(&mut self, grade: &GoalGrade, scale: &GradeScale) {
        match grade.level() {
            None => self.unevaluated += 1,
            Some(l) if !l.counted => self.excluded += 1,
            Some(l) => {
                self.counted += 1;
                if matches!(grade, GoalGrade::Derived(..)) {
                    self.derived += 1;
                }
                if scale
                    .achieved
                    .iter()
                    .any(|a| crate::model::fold::fold_eq(a, &l.symbol))
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
        self.derived += other.derived;
        self.unevaluated += other.unevaluated;
        self.excluded += other.excluded;
        self.ungraded += other.ungraded;
    }

    /// The tally of a report that is not graded: left out of every count.
    pub fn ungraded_report() -> Tally {
        Tally {
            ungraded: 1,
            ..Tally::default()
        }
    }

    /// Whether there is anything graded behind this tally: false when every report it
    /// covers is ungraded, and then it has no 達成率 at all, not even 未評価.
    pub fn is_graded(&self) -> bool {
        self.total() > 0 || self.ungraded == 0
    }

    /// 達成率 in percent, `None` (未評価, or no rate at all when not
    /// [`is_graded`](Tally::is_graded)) when nothing is counted — never 0%.
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
    let mut s = String::with_capacity(8);
    push_tenths(&mut s, round1(p));
    s.push('%');
    s
}

/// Appends `r`, a value already rounded to tenths, with one decimal: what `{r:.1}` writes,
/// but from its whole number of tenths instead of through float formatting (about a
/// thousand instructions a number; a big site shows hundreds of thousands of rates).
///
/// The two agree: `r` is the double nearest some k/10, off by far less than the 0.05 that
/// would change its first decimal while `r` is below 1e14; otherwise `{r:.1}` writes it.
pub fn push_tenths(s: &mut String, r: f64) {
    if !(0.0..1e14).contains(&r) {
        use std::fmt::Write as _;
        let _ = write!(s, "{r:.1}");
        return;
    }
    let k = (r * 10.0).round() as u64;
    s.push_str(itoa::Buffer::new().format(k / 10));
    s.push('.');
    s.push(char::from(b'0' + (k % 10) as u8));
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
    let mut out = String::with_capacity(28);
    push_int_grouped(&mut out, n);
    out
}

/// Appends [`format_int`]`(n)` to `out` (charts write thousands of numbers this way
/// without a string each).
pub fn push_int_grouped(out: &mut String, n: i64) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n.unsigned_abs());
    if n < 0 {
        out.push('-');
    }
    let mut i = (digits.len() - 1) % 3 + 1;
    out.push_str(&digits[..i]);
    while i < digits.len() {
        out.push(',');
        out.push_str(&digits[i..i + 3]);
        i += 3;
    }
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

    #[test]
    fn rates_and_integers_are_written_as_format_would() {
        // The fast paths of format_pct and format_int against the plain format! ones.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut values = vec![
            0.0,
            -0.0,
            0.04,
            0.05,
            0.05000001,
            94.25,
            99.95,
            100.0,
            62.5,
            1e13,
            99_999_999_999_999.9,
            1e14,
            1e300,
            -0.04,
            -0.05,
            -3.25,
            -1e20,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for k in 0..200_000u64 {
            values.push(k as f64 / 1000.0);
            values.push((next() % 2_000_000) as f64 / 7.0 - 100_000.0);
            values.push(f64::from_bits(next()));
        }
        for p in values {
            assert_eq!(format_pct(p), format!("{:.1}%", round1(p)), "{p:?}");
        }
        for n in [
            0,
            7,
            -7,
            999,
            1000,
            -1000,
            1_273_190_000,
            i64::MAX,
            i64::MIN,
        ] {
            let digits = n.unsigned_abs().to_string();
            let mut expect = if n < 0 {
                "-".to_string()
            } else {
                String::new()
            };
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    expect.push(',');
                }
                expect.push(c);
            }
            assert_eq!(format_int(n), expect);
        }
        assert_eq!(format_int(-1_234_567), "-1,234,567");
    }

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
            baseline_text: None,
            target_text: None,
            actual_text: None,
            extra: vec![],
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
            challenge: None,
            extra: vec![],
        }
    }

    fn with_baseline(target: f64, actual: f64, baseline: f64, better: Better) -> Indicator {
        Indicator {
            baseline: Some(baseline),
            ..ind(target, Some(actual), better)
        }
    }

    #[test]
    fn negative_values_are_rated_by_progress_from_the_baseline() {
        // 人口の社会増減 −500 → −100 (higher is better): −100 met is 100%, −50 beyond it is
        // more, −300 half way is 50%, −600 worse than the start is below 0. A plain ratio
        // would call −50 (met) 50% and −600 (worse) 600%.
        let social = |a| indicator_rate(&with_baseline(-100.0, a, -500.0, Better::Higher));
        assert_eq!(social(-100.0), Some(100.0));
        assert_eq!(social(-50.0), Some(112.5));
        assert_eq!(social(-300.0), Some(50.0));
        assert!(social(-600.0).unwrap() < 0.0);
        // A range that crosses zero: −200 → +100, actual +40 is 80% of the way.
        let r = indicator_rate(&with_baseline(100.0, 40.0, -200.0, Better::Higher)).unwrap();
        assert_eq!(format_pct(r), "80.0%");
        // Lower is better with negative values: 収支 −10 → −50 (a deficit to deepen is
        // never a target, but a net outflow to reduce is): met at −60.
        let r = indicator_rate(&with_baseline(-50.0, -60.0, -10.0, Better::Lower)).unwrap();
        assert_eq!(format_pct(r), "125.0%");
        let r = indicator_rate(&with_baseline(-50.0, -30.0, -10.0, Better::Lower)).unwrap();
        assert_eq!(format_pct(r), "50.0%");
        // A positive actual of a lower-is-better indicator whose target is negative.
        assert!(indicator_rate(&with_baseline(-5.0, 3.0, 10.0, Better::Lower)).unwrap() < 100.0);
        // Signed values without a baseline, or a target on the wrong side of it: no rate
        // (validation warns), never a ratio that calls a met target 未達成.
        assert_eq!(
            indicator_rate(&ind(-100.0, Some(-50.0), Better::Higher)),
            None
        );
        assert_eq!(indicator_rate(&ind(100.0, Some(-5.0), Better::Lower)), None);
        assert_eq!(
            indicator_rate(&ind(100.0, Some(-5.0), Better::Higher)),
            None
        );
        assert_eq!(
            indicator_rate(&with_baseline(-500.0, -50.0, -100.0, Better::Higher)),
            None
        );
        assert_eq!(
            indicator_rate(&with_baseline(-100.0, -50.0, -100.0, Better::Higher)),
            None
        );
        assert_eq!(
            progress_rate(-100.0, f64::NAN, -500.0, Better::Higher),
            None
        );
        // Non-negative values keep the plain ratio, baseline or not.
        let r = indicator_rate(&with_baseline(200.0, 150.0, 100.0, Better::Higher)).unwrap();
        assert_eq!(format_pct(r), "75.0%");
        assert!(!is_signed(0.0, Some(0.0), Some(0.0)));
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
        // A tiny divisor overflows to infinity: no rate rather than "inf%".
        assert_eq!(rate(1e-300, 1e15, Better::Higher), None);
        assert_eq!(rate(1e15, 1e-300, Better::Lower), None);
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
    fn derive_grades_off_leaves_unwritten_grades_unevaluated() {
        let on = GradeScale::default_scale();
        let off = GradeScale {
            derive: false,
            ..GradeScale::default_scale()
        };
        let measured = goal(None, vec![ind(100.0, Some(100.0), Better::Higher)]);
        let written = goal(Some("B"), vec![ind(100.0, Some(100.0), Better::Higher)]);
        assert!(matches!(goal_grade(&measured, &on), GoalGrade::Derived(l, _) if l.symbol == "A"));
        assert_eq!(goal_grade(&measured, &off), GoalGrade::Unevaluated);
        // A written grade is the report's own: the switch leaves it alone.
        assert!(matches!(goal_grade(&written, &off), GoalGrade::Written(l) if l.symbol == "B"));
        // The tally counts what is derived, and nothing when derivation is off.
        let both = [measured.clone(), written.clone()];
        let t = tally_goals(&both, &on);
        assert_eq!(
            (t.counted, t.derived, t.achieved, t.unevaluated),
            (2, 1, 2, 0)
        );
        let t = tally_goals(&both, &off);
        assert_eq!(
            (t.counted, t.derived, t.achieved, t.unevaluated),
            (1, 0, 1, 1)
        );
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

    fn level(symbol: &str, min: Option<f64>, counted: bool) -> GradeLevel {
        GradeLevel {
            symbol: symbol.into(),
            label: symbol.into(),
            description: None,
            rate: min.unwrap_or(0.0),
            min_rate: min,
            counted,
            rate_text: None,
        }
    }

    /// The library scale of content-format.md: bands at 110, 90 and 60.
    fn library_scale() -> GradeScale {
        GradeScale {
            derive: true,
            achieved: vec!["A".into(), "B".into()],
            levels: vec![
                level("A", Some(110.0), true),
                level("B", Some(90.0), true),
                level("C", Some(60.0), true),
                level("D", Some(0.0), true),
                level("E", None, false),
            ],
        }
    }

    fn derived(mean: f64, scale: &GradeScale) -> Option<&str> {
        derive_level(mean, scale).map(|l| l.symbol.as_str())
    }

    #[test]
    fn every_band_edge_of_the_default_scale() {
        let s = GradeScale::default_scale();
        // Each edge exactly, and just under it (compared before rounding).
        for (edge, at, below) in [(100.0, "A", "B"), (70.0, "B", "C"), (50.0, "C", "D")] {
            assert_eq!(derived(edge, &s), Some(at), "at {edge}");
            assert_eq!(derived(edge - 0.001, &s), Some(below), "under {edge}");
            // Rounds to the edge on the page (69.96 → 70.0%) but does not reach it.
            assert_eq!(derived(edge - 0.04, &s), Some(below), "{edge} - 0.04");
        }
        assert_eq!(derived(0.0, &s), Some("D"));
        assert_eq!(derived(250.0, &s), Some("A"), "above 100% is still A");
        // Below every band (an actual worse than its baseline): no grade rather than a made-up one.
        assert_eq!(derived(-5.0, &s), None);
    }

    #[test]
    fn every_band_edge_of_a_library_scale() {
        let s = library_scale();
        assert_eq!(derived(110.0, &s), Some("A"));
        assert_eq!(derived(109.99, &s), Some("B"));
        assert_eq!(derived(90.0, &s), Some("B"));
        assert_eq!(derived(89.99, &s), Some("C"));
        assert_eq!(derived(60.0, &s), Some("C"));
        assert_eq!(derived(59.99, &s), Some("D"));
        assert_eq!(derived(0.0, &s), Some("D"));
    }

    #[test]
    fn float_noise_does_not_move_a_goal_below_its_band() {
        let s = library_scale();
        // 8.1 of 9 is exactly 90%, though 8.1 / 9 × 100 is 89.99999999999999 in binary.
        let r = rate(9.0, 8.1, Better::Higher).unwrap();
        assert!(r < 90.0, "the float really is below: {r}");
        assert_eq!(derived(r, &s), Some("B"));
        // 3.3 of 3 is exactly 110%.
        assert_eq!(
            derived(rate(3.0, 3.3, Better::Higher).unwrap(), &s),
            Some("A")
        );
        // 10.2 of 17 is exactly 60%.
        assert_eq!(
            derived(rate(17.0, 10.2, Better::Higher).unwrap(), &s),
            Some("C")
        );
    }

    #[test]
    fn e_is_never_derived_and_never_counted() {
        // Even a scale that gives E a min_rate never derives it, because it is not counted.
        let mut s = GradeScale::default_scale();
        s.levels[4].min_rate = Some(0.0);
        s.levels[3].min_rate = Some(10.0);
        assert_eq!(derived(5.0, &s), None);
        assert_eq!(derived(10.0, &s), Some("D"));
        // Written E: in the total, out of the denominator.
        let scale = GradeScale::default_scale();
        let goals = [
            goal(Some("A"), vec![]),
            goal(Some("E"), vec![]),
            goal(Some("E"), vec![]),
        ];
        let t = tally_goals(&goals, &scale);
        assert_eq!((t.achieved, t.counted, t.excluded, t.total()), (1, 1, 2, 3));
        assert_eq!(format_rate(t.rate()), "100.0%");
    }

    #[test]
    fn a_year_of_only_unevaluated_goals_is_unevaluated() {
        let scale = GradeScale::default_scale();
        // Two departments, neither with a grade: the year is 未評価, never 0.0%.
        let a = tally_goals(&[goal(None, vec![]), goal(None, vec![])], &scale);
        let b = tally_goals(&[goal(None, vec![ind(10.0, None, Better::Higher)])], &scale);
        let mut year = Tally::default();
        year.merge(a);
        year.merge(b);
        assert_eq!(year.unevaluated, 3);
        assert_eq!(year.rate(), None);
        assert_eq!(format_rate(year.rate()), "未評価");
        // One evaluated department next to an unevaluated one: only the evaluated count.
        let c = tally_goals(&[goal(Some("A"), vec![]), goal(Some("C"), vec![])], &scale);
        year.merge(c);
        assert_eq!(format_rate(year.rate()), "50.0%");
        // No goals at all is also 未評価.
        assert_eq!(format_rate(Tally::default().rate()), "未評価");
    }

    #[test]
    fn lower_is_better() {
        // 事故ゼロ: target 0 is met only by 0.
        assert_eq!(rate(0.0, 0.0, Better::Lower), Some(100.0));
        assert_eq!(rate(0.0, 1.0, Better::Lower), Some(0.0));
        let scale = GradeScale::default_scale();
        let zero = |actual: f64| goal(None, vec![ind(0.0, Some(actual), Better::Lower)]);
        assert!(
            matches!(goal_grade(&zero(0.0), &scale), GoalGrade::Derived(l, m) if l.symbol == "A" && m == 100.0)
        );
        assert!(
            matches!(goal_grade(&zero(2.0), &scale), GoalGrade::Derived(l, m) if l.symbol == "D" && m == 0.0)
        );
        // A positive target met with 0: fully met (the ratio has no bound).
        assert_eq!(rate(5.0, 0.0, Better::Lower), Some(100.0));
        // 市債残高: target 26,910,000,000, actual 26,362,000,000 → 102.1% (Isehara).
        let r = rate(26_910_000_000.0, 26_362_000_000.0, Better::Lower).unwrap();
        assert_eq!(format_pct(r), "102.1%");
        // Over the target: under 100%.
        assert_eq!(
            format_pct(rate(100.0, 125.0, Better::Lower).unwrap()),
            "80.0%"
        );
    }

    #[test]
    fn inputs_that_are_errors_give_no_rate() {
        assert_eq!(rate(0.0, 5.0, Better::Higher), None);
        assert_eq!(rate(10.0, f64::INFINITY, Better::Higher), None);
        assert_eq!(rate(f64::NEG_INFINITY, 1.0, Better::Lower), None);
        assert_eq!(rate(10.0, f64::NAN, Better::Lower), None);
        // A goal with such an indicator gets no derived grade.
        let scale = GradeScale::default_scale();
        let g = goal(None, vec![ind(0.0, Some(5.0), Better::Higher)]);
        assert_eq!(goal_grade(&g, &scale), GoalGrade::Unevaluated);
        // Without indicators and without a grade: 未評価.
        assert_eq!(
            goal_grade(&goal(None, vec![]), &scale),
            GoalGrade::Unevaluated
        );
    }

    #[test]
    fn mean_of_indicators_by_hand() {
        // (94.19364… + 125) / 2 = 109.596…: A under the default scale, B under 110/90/60.
        let inds = vec![
            ind(4_500_000.0, Some(4_238_714.0), Better::Higher),
            ind(100.0, Some(80.0), Better::Lower),
        ];
        let mean = mean_indicator_rate(&inds).unwrap();
        assert_eq!(format_pct(mean), "109.6%");
        assert_eq!(derived(mean, &GradeScale::default_scale()), Some("A"));
        assert_eq!(derived(mean, &library_scale()), Some("B"));
        assert_eq!(mean_indicator_rate(&[]), None);
    }

    #[test]
    fn scales_change_by_fiscal_year() {
        use crate::model::fiscal::FiscalYear;
        use crate::model::{GradeScaleFor, GradeScales};
        let scales = GradeScales {
            default: GradeScale::default_scale(),
            history: vec![GradeScaleFor {
                from: FiscalYear(2013),
                to: FiscalYear(2015),
                scale: library_scale(),
            }],
        };
        assert_eq!(
            scales.for_year(FiscalYear(2012)),
            &GradeScale::default_scale()
        );
        assert_eq!(scales.for_year(FiscalYear(2013)), &library_scale());
        assert_eq!(scales.for_year(FiscalYear(2015)), &library_scale());
        assert_eq!(
            scales.for_year(FiscalYear(2016)),
            &GradeScale::default_scale()
        );
        // The same indicator, 100 of 100, is A in 2016 and B in 2014.
        let g = goal(None, vec![ind(100.0, Some(100.0), Better::Higher)]);
        let sym = |fy: i32| {
            goal_grade(&g, scales.for_year(FiscalYear(fy)))
                .level()
                .map(|l| l.symbol.clone())
        };
        assert_eq!(sym(2016).as_deref(), Some("A"));
        assert_eq!(sym(2014).as_deref(), Some("B"));
    }

    #[test]
    fn achieved_symbols_fold_full_width() {
        let mut scale = GradeScale::default_scale();
        scale.achieved = vec!["Ａ".into()];
        let t = tally_goals(&[goal(Some("A"), vec![]), goal(Some("B"), vec![])], &scale);
        assert_eq!((t.achieved, t.counted), (1, 2));
        assert_eq!(format_rate(t.rate()), "50.0%");
    }

    #[test]
    fn percentages_round_half_away_from_zero_to_one_decimal() {
        assert_eq!(format_pct(2.0 / 3.0 * 100.0), "66.7%");
        assert_eq!(format_pct(1.0 / 3.0 * 100.0), "33.3%");
        assert_eq!(format_pct(94.25), "94.3%");
        assert_eq!(format_pct(99.95), "100.0%");
        assert_eq!(format_pct(-0.04), "0.0%", "never −0.0%");
        assert_eq!(format_points(2.0 / 3.0 * 100.0 - 50.0), "+16.7ポイント");
        assert_eq!(format_points(0.04), "±0.0ポイント");
    }
}
