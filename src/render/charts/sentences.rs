//! The Japanese words the charts share: counts, grade names, changes between years, and
//! the sentence that stands in for a chart when there is nothing to draw.

use super::GradeCount;
use crate::analyze::metrics;

// Counts and grade names are joined from their pieces rather than with `format!`: every
// report page words its grade distribution, bar by bar and row by row.

/// 「7件」.
pub(super) fn count(n: usize) -> String {
    let mut digits = itoa::Buffer::new();
    [digits.format(n), "件"].concat()
}

/// 「A 達成」: a grade's symbol and label, or its label alone (未評価).
pub(super) fn grade_name(c: &GradeCount) -> String {
    if c.symbol.is_empty() {
        c.label.clone()
    } else {
        [c.symbol.as_str(), " ", &c.label].concat()
    }
}

pub(super) fn counts_phrase(counts: &[GradeCount]) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| {
            if c.symbol.is_empty() {
                [c.label.as_str(), &count(c.count)].concat()
            } else {
                [c.symbol.as_str(), "（", &c.label, "）", &count_text(c)].concat()
            }
        })
        .collect();
    parts.join("、")
}

/// 「7件」, or 「7件（うち参考：指標から算出2件）」 when some grades are derived.
pub(super) fn count_text(c: &GradeCount) -> String {
    count_derived(c.count, c.derived)
}

/// 「7件」, or 「7件（うち参考：指標から算出2件）」 when `derived` of the `n` are derived.
pub(super) fn count_derived(n: usize, derived: usize) -> String {
    if derived > 0 {
        let (mut a, mut d) = (itoa::Buffer::new(), itoa::Buffer::new());
        [
            a.format(n),
            "件（うち",
            crate::model::DERIVED_LABEL,
            d.format(derived),
            "件）",
        ]
        .concat()
    } else {
        count(n)
    }
}

/// 「前年度から16.7ポイント上昇しました」, from two unrounded rates, rounded as
/// [`metrics::format_points`] rounds the change in the tables.
pub(super) fn change_phrase(now: f64, before: f64) -> String {
    change_phrase_from(now, before, "前年度")
}

/// [`change_phrase`] from a year named `from` (前年度, or 令和元年度 after a gap).
pub(super) fn change_phrase_from(now: f64, before: f64, from: &str) -> String {
    let d = metrics::round1(now - before);
    if d > 0.0 {
        format!("{from}から{:.1}ポイント上昇しました", d)
    } else if d < 0.0 {
        format!("{from}から{:.1}ポイント低下しました", -d)
    } else {
        format!("{from}と同じでした")
    }
}

/// The sentence shown instead of a chart when no goal has been evaluated.
pub(super) const NO_EVALUATED_GOALS: &str = "評価済みの目標がないため、グラフはありません。";

/// The sentence shown instead of a chart when there is no goal at all.
pub(super) const NO_GOALS: &str = "目標がないため、グラフはありません。";

/// Why there is no chart: no goal at all, or none evaluated.
pub(super) fn nothing_to_draw(any_goal: bool) -> String {
    if any_goal {
        NO_EVALUATED_GOALS
    } else {
        NO_GOALS
    }
    .to_string()
}
