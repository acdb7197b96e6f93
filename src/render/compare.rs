//! View of 「前年度との比較」: each goal's previous grade and change, new and ended goals,
//! and each continued indicator's previous actual with the change; and the words every page
//! uses to say which year a report is compared with ([`before_label`], [`gap_note`]).

use super::urls::{PageRef, anchor};
use super::views::{Ctx, GradeView};
use crate::analyze::history::{self, Trend};
use crate::analyze::metrics;
use crate::model::Better;
use crate::model::fiscal::FiscalYear;
use serde::Serialize;

/// What a column or heading calls the report compared with: 「前年度」 when it is the
/// previous fiscal year's, else that year's label (「令和元年度」), never a bare 前年度 for
/// a report two or more years older.
pub fn before_label(cx: &Ctx, now: FiscalYear, before: FiscalYear) -> String {
    if history::missing_years(now, before).is_none() {
        "前年度".into()
    } else {
        cx.fy(before)
    }
}

/// The sentence that says a report of `now` is compared with one of `before` because the
/// years between have none: 「令和2年度の報告がないため、令和元年度と比べています。」
/// (「令和2年度から令和3年度の…」 for several years). Empty when `before` is the previous
/// fiscal year. Every page prints this, so the words live here alone.
pub fn gap_note(cx: &Ctx, now: FiscalYear, before: FiscalYear) -> String {
    match history::missing_years(now, before) {
        None => String::new(),
        Some((first, last)) => {
            let last = (first != last).then(|| cx.fy(last));
            gap_sentence(&cx.fy(first), last.as_deref(), &cx.fy(before))
        }
    }
}

/// 「令和2年度の報告がないため、令和元年度と比べています。」: the years without a report
/// (the first, and the last when more than one) and the year compared with, as labels.
pub fn gap_sentence(first: &str, last: Option<&str>, before: &str) -> String {
    let mut s = String::with_capacity(128);
    s.push_str(first);
    if let Some(last) = last {
        s.push_str("から");
        s.push_str(last);
    }
    s.push_str("の報告がないため、");
    s.push_str(before);
    s.push_str("と比べています。");
    s
}

/// The comparison as shown.
#[derive(Serialize, Clone, Debug)]
pub struct CompareView {
    /// The label of the compared report's year (「令和元年度」); when there is none, of the
    /// year before this report's.
    pub prev_label: String,
    /// What headings and columns call the compared report: see [`before_label`].
    pub before_label: String,
    /// The sentence naming the years without a report, when the compared report is not the
    /// previous fiscal year's: see [`gap_note`].
    pub gap_note: String,
    /// Link to the compared report, when there is one.
    pub prev_url: Option<String>,
    /// Goals of this year.
    pub goals: Vec<GoalCompareRow>,
    /// Goals of last year that are gone.
    pub ended: Vec<EndedRow>,
    /// Indicators continued from last year.
    pub indicators: Vec<IndicatorCompareRow>,
    /// Counts for the summary sentence.
    pub worse: usize,
    /// Goals that improved.
    pub better: usize,
    /// New goals.
    pub new: usize,
}

/// A goal row.
#[derive(Serialize, Clone, Debug)]
pub struct GoalCompareRow {
    /// Number and title.
    pub number: String,
    /// Title.
    pub title: String,
    /// In-page anchor.
    pub anchor: String,
    /// New this year.
    pub new: bool,
    /// Last year's grade.
    pub before: Option<GradeView>,
    /// This year's grade.
    pub now: GradeView,
    /// ↑ ↓ →
    pub arrow: String,
    /// In words.
    pub word: String,
    /// Trend class: up, down, same, unknown.
    pub trend: String,
}

/// A goal that ended.
#[derive(Serialize, Clone, Debug)]
pub struct EndedRow {
    /// Title.
    pub title: String,
    /// Last year's grade.
    pub before: GradeView,
    /// Link to it in last year's report.
    pub url: String,
}

/// An indicator row.
#[derive(Serialize, Clone, Debug)]
pub struct IndicatorCompareRow {
    /// Goal title.
    pub goal: String,
    /// Indicator name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Previous actual.
    pub before: String,
    /// This year's actual.
    pub now: String,
    /// Change in value, signed.
    pub delta: String,
    /// Change in percent, signed.
    pub delta_pct: String,
    /// ↑ ↓ →
    pub arrow: String,
    /// 改善 / 悪化 / 変わらず.
    pub word: String,
    /// Lower is better.
    pub lower: bool,
}

fn trend_class(t: Trend) -> &'static str {
    match t {
        Trend::Up => "up",
        Trend::Down => "down",
        Trend::Same => "same",
        Trend::Unknown => "unknown",
    }
}

fn signed(x: f64) -> String {
    let sign = if x > 0.0 {
        "+"
    } else if x < 0.0 {
        "−"
    } else {
        return "±0".into();
    };
    [sign, &metrics::format_number(x.abs())].concat()
}

/// A change in percent, rounded as [`metrics::round1`] rounds: +12.5%, −3.0%, ±0.0%.
fn signed_pct(x: f64) -> String {
    let r = metrics::round1(x);
    let sign = if r > 0.0 {
        "+"
    } else if r < 0.0 {
        "−"
    } else {
        return "±0.0%".into();
    };
    let mut s = String::with_capacity(16);
    s.push_str(sign);
    crate::analyze::metrics::push_tenths(&mut s, r.abs());
    s.push('%');
    s
}

/// Builds the comparison view of report `ri` of department `di`.
pub fn compare_view(cx: &Ctx, di: usize, ri: usize) -> CompareView {
    let dept = &cx.site.departments[di];
    let c = history::compare(dept, ri, &cx.site.config.grades);
    let goals: Vec<GoalCompareRow> = c
        .goals
        .iter()
        .map(|g| GoalCompareRow {
            number: g.goal.number.clone(),
            title: g.goal.title.v.clone(),
            anchor: anchor("goal", &g.goal.id.v),
            new: g.prev.is_none() && c.prev.is_some(),
            before: g.before.as_ref().map(GradeView::from_goal),
            now: GradeView::from_goal(&g.now),
            arrow: g.trend.arrow().into(),
            word: match g.trend {
                Trend::Unknown if g.prev.is_none() => String::new(),
                Trend::Unknown => "比較できません（未評価など）".into(),
                t => t.word().into(),
            },
            trend: trend_class(g.trend).into(),
        })
        .collect();
    let prev_url = c.prev.map(|p| {
        PageRef::Report {
            dept: &dept.slug,
            year: p.year,
        }
        .path()
    });
    let ended = c
        .ended
        .iter()
        .map(|(g, grade)| EndedRow {
            title: g.title.v.clone(),
            before: GradeView::from_goal(grade),
            url: [
                prev_url.as_deref().unwrap_or_default(),
                "#",
                &anchor("goal", &g.id.v),
            ]
            .concat(),
        })
        .collect();
    let indicators = c
        .indicators
        .iter()
        .map(|i| IndicatorCompareRow {
            goal: i.goal.title.v.clone(),
            name: i.now.name.clone(),
            unit: i.now.unit.clone().unwrap_or_default(),
            before: i
                .prev
                .actual
                .map(metrics::format_number)
                .unwrap_or_else(|| "未測定".into()),
            now: i
                .now
                .actual
                .map(metrics::format_number)
                .unwrap_or_else(|| "未測定".into()),
            delta: i.delta.map(signed).unwrap_or_default(),
            delta_pct: i.delta_pct.map(signed_pct).unwrap_or_default(),
            arrow: i.trend.arrow().into(),
            word: match i.trend {
                Trend::Up => "改善".into(),
                Trend::Down => "悪化".into(),
                Trend::Same => "変わらず".into(),
                Trend::Unknown => String::new(),
            },
            lower: i.now.better == Better::Lower,
        })
        .collect();
    let before = c.prev.map_or(c.year.prev(), |p| p.year);
    CompareView {
        prev_label: cx.fy(before),
        before_label: before_label(cx, c.year, before),
        gap_note: gap_note(cx, c.year, before),
        prev_url,
        worse: c.worse().count(),
        better: c.goals.iter().filter(|g| g.trend == Trend::Up).count(),
        new: goals.iter().filter(|g| g.new).count(),
        goals,
        ended,
        indicators,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `signed_pct` as it was written with `format!`.
    fn with_format(x: f64) -> String {
        let r = metrics::round1(x);
        if r > 0.0 {
            format!("+{:.1}%", r)
        } else if r < 0.0 {
            format!("−{:.1}%", -r)
        } else {
            "±0.0%".into()
        }
    }

    #[test]
    fn percent_changes_as_format_writes_them() {
        let mut xs: Vec<f64> = (-200_000..200_000).map(|i| i as f64 / 97.0).collect();
        xs.extend([
            0.05,
            -0.05,
            0.04999,
            94.25,
            12.35,
            1e13 + 0.25,
            99_999_999_999_999.9,
            1e14,
            -1e15,
            1e300,
            f64::NAN,
            f64::INFINITY,
        ]);
        for x in xs {
            assert_eq!(signed_pct(x), with_format(x), "{x}");
        }
        assert_eq!(signed_pct(16.66), "+16.7%");
        assert_eq!(signed_pct(-3.0), "−3.0%");
    }

    #[test]
    fn signed_amounts() {
        assert_eq!(signed(1234.0), "+1,234");
        assert_eq!(signed(-0.5), "−0.5");
        assert_eq!(signed(0.0), "±0");
    }
}
