//! What a report is as shown: the [`ReportView`] its own page draws and the small
//! [`ReportCore`] the department, plan item and figure code read of every report.

use crate::analyze::metrics::{self, GoalGrade};
use crate::model::Person;
use crate::render::urls::{PageRef, anchor};
use crate::render::views::{
    Ctx, DistView, GradeView, LevelView, Link, RateView, RefView, distribution,
};
use serde::Serialize;

/// A person.
#[derive(Serialize, Clone, Debug)]
pub struct PersonView {
    /// Title.
    pub title: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
}

impl PersonView {
    pub(crate) fn from(p: &Person) -> PersonView {
        PersonView {
            title: p.title.clone().unwrap_or_default(),
            name: p.name.clone().unwrap_or_default(),
            role: p.role.clone().unwrap_or_default(),
        }
    }
}

/// One column of the source that the format has no field for, as shown with its entry.
#[derive(Serialize, Clone, Debug)]
pub struct ExtraView {
    /// The source's label (協働関係先).
    pub label: String,
    /// HTML of its text.
    pub html: String,
}

/// A section the source has and the format does not, placed after a standard section.
#[derive(Serialize, Clone, Debug)]
pub struct ExtraSectionView {
    /// Heading.
    pub title: String,
    /// HTML.
    pub body: Option<String>,
    /// In-page id.
    pub anchor: String,
}

/// The extra sections of a report by place: `top`, after a standard section (its key), or
/// `goals_before` when the report gives no place.
#[derive(Serialize, Clone, Debug, Default)]
pub struct PlacedSections {
    /// Before everything.
    pub top: Vec<ExtraSectionView>,
    /// After the message.
    pub message: Vec<ExtraSectionView>,
    /// After the head and officers.
    pub officers: Vec<ExtraSectionView>,
    /// After the mission.
    pub mission: Vec<ExtraSectionView>,
    /// After the policy.
    pub policy: Vec<ExtraSectionView>,
    /// After the review.
    pub review: Vec<ExtraSectionView>,
    /// After the duties.
    pub duties: Vec<ExtraSectionView>,
    /// After budget and staff.
    pub resources: Vec<ExtraSectionView>,
    /// After the challenges.
    pub challenges: Vec<ExtraSectionView>,
    /// Just before the goals (the default).
    pub goals_before: Vec<ExtraSectionView>,
    /// After the goals.
    pub goals: Vec<ExtraSectionView>,
    /// After the projects.
    pub projects: Vec<ExtraSectionView>,
    /// After the mid-term goals.
    pub midterm: Vec<ExtraSectionView>,
}

impl PlacedSections {
    /// The list for `after` (a key of [`crate::model::SECTION_KEYS`]; `None`: before
    /// the goals).
    pub fn at(&mut self, after: Option<&str>) -> &mut Vec<ExtraSectionView> {
        match after {
            Some("top") => &mut self.top,
            Some("message") => &mut self.message,
            Some("officers") => &mut self.officers,
            Some("mission") => &mut self.mission,
            Some("policy") => &mut self.policy,
            Some("review") => &mut self.review,
            Some("duties") => &mut self.duties,
            Some("resources") => &mut self.resources,
            Some("challenges") => &mut self.challenges,
            Some("goals") => &mut self.goals,
            Some("projects") => &mut self.projects,
            Some("midterm") => &mut self.midterm,
            _ => &mut self.goals_before,
        }
    }
}

/// One goal in 「この報告のまとめ」: its grade, the grade it had the year compared with,
/// and its first indicator.
#[derive(Serialize, Clone, Debug)]
pub struct SummaryRow {
    /// Number as shown (may be empty).
    pub number: String,
    /// Title.
    pub title: String,
    /// Anchor of the goal on the page.
    pub anchor: String,
    /// This year's grade.
    pub grade: GradeView,
    /// The grade of the report compared with, when the goal was in it.
    pub before: Option<GradeView>,
    /// New this year (not in the report compared with).
    pub new: bool,
    /// The change in words: 上昇, 低下, 変わらず …
    pub change: String,
    /// ↑ ↓ → (hidden from screen readers; `change` says it).
    pub arrow: String,
    /// The goal's first indicator: name, actual, target and rate as its table shows them.
    pub indicator: Option<SummaryIndicator>,
}

/// The figures of a goal's first indicator in the summary.
#[derive(Serialize, Clone, Debug)]
pub struct SummaryIndicator {
    /// Name with unit.
    pub name: String,
    /// 実績 as shown (number, the source's text, or 未測定).
    pub actual: String,
    /// 目標値 as shown (number or the source's text; empty when none).
    pub target: String,
    /// 達成率 (empty when none).
    pub rate: String,
}

/// One entry of the source's 更新履歴.
#[derive(Serialize, Clone, Debug)]
pub struct RevisionView {
    /// 2024年6月10日.
    pub date: String,
    /// `2024-06-10`.
    pub iso: String,
    /// HTML (inline).
    pub note: String,
}

/// The challenge whose goals start at a goal: the goals section lists the goals under the
/// challenges they serve (経営課題 → 戦略 → 具体的取組).
#[derive(Serialize, Clone, Debug)]
pub struct GoalGroup {
    /// The challenge's number as shown (課題1).
    pub number: String,
    /// Title of the challenge.
    pub title: String,
    /// Anchor of the challenge's own entry in the page.
    pub anchor: String,
}

/// An indicator as shown.
#[derive(Serialize, Clone, Debug)]
pub struct IndicatorView {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// 目標値 formatted.
    pub target: String,
    /// 実績 formatted (empty = 未測定).
    pub actual: String,
    /// 基準値 formatted.
    pub baseline: String,
    /// Labels from the source.
    pub baseline_label: String,
    /// Label of the actual.
    pub actual_label: String,
    /// What the source writes where the baseline number would be.
    pub baseline_text: String,
    /// What the source writes where the target number would be.
    pub target_text: String,
    /// What the source writes where the actual number would be.
    pub actual_text: String,
    /// Cells under the goal's [`GoalView::indicator_extra`] labels.
    pub extra: Vec<ExtraView>,
    /// 達成率 of the indicator.
    pub rate: String,
    /// Lower is better.
    pub lower: bool,
    /// 約
    pub approximate: bool,
    /// 基準値・目標値・実績 as a chart, or the sentence saying why there is none.
    pub chart: crate::render::charts::ChartView,
}

/// An initiative row as shown.
#[derive(Serialize, Clone, Debug)]
pub struct InitiativeView {
    /// Number as the source writes it.
    pub number: String,
    /// Heading of the row.
    pub title: String,
    /// HTML.
    pub aim: Option<String>,
    /// No 達成目標 of its own while a row above has one: the source's merged cell.
    pub aim_above: bool,
    /// HTML.
    pub actions: Option<String>,
    /// HTML.
    pub results: Option<String>,
    /// HTML.
    pub status: Option<String>,
    /// Grade.
    pub grade: Option<GradeView>,
    /// 所管課.
    pub sections: Vec<String>,
    /// Cells under the goal's [`GoalView::initiative_extra`] labels.
    pub extra: Vec<ExtraView>,
}

/// A goal as shown.
#[derive(Serialize, Clone, Debug)]
pub struct GoalView {
    /// id.
    pub id: String,
    /// HTML anchor.
    pub anchor: String,
    /// Number as shown.
    pub number: String,
    /// Title.
    pub title: String,
    /// 分野.
    pub field: String,
    /// 所管課.
    pub sections: Vec<String>,
    /// Plan refs.
    pub plan: Vec<RefView>,
    /// HTML fields.
    pub aim: Option<String>,
    /// HTML.
    pub target_text: Option<String>,
    /// HTML.
    pub actions: Option<String>,
    /// HTML.
    pub results: Option<String>,
    /// HTML.
    pub status: Option<String>,
    /// HTML.
    pub evaluation: Option<String>,
    /// HTML.
    pub next: Option<String>,
    /// Grade.
    pub grade: GradeView,
    /// Rows.
    pub initiatives: Vec<InitiativeView>,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
    /// Whether any row has a number or a title (the table gets a column for them).
    pub initiative_heads: bool,
    /// Extra columns of the initiatives table.
    pub initiative_extra: Vec<String>,
    /// Extra columns of the indicators table.
    pub indicator_extra: Vec<String>,
    /// The source's own columns of the goal.
    pub extra: Vec<ExtraView>,
    /// Set on the first goal under a challenge: the challenge's heading goes above it.
    pub group: Option<GoalGroup>,
    /// The last goal under its challenge.
    pub group_end: bool,
}

/// A challenge as shown.
#[derive(Serialize, Clone, Debug)]
pub struct ChallengeView {
    /// id.
    pub id: String,
    /// Anchor.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// HTML.
    pub description: Option<String>,
    /// HTML.
    pub response: Option<String>,
    /// Plan refs.
    pub plan: Vec<RefView>,
    /// 担当課.
    pub sections: Vec<String>,
    /// The source's own columns.
    pub extra: Vec<ExtraView>,
}

/// A project as shown.
#[derive(Serialize, Clone, Debug)]
pub struct ProjectView {
    /// id.
    pub id: String,
    /// Anchor.
    pub anchor: String,
    /// Name.
    pub name: String,
    /// HTML.
    pub description: Option<String>,
    /// HTML.
    pub target: Option<String>,
    /// Related challenges (linked within the page).
    pub challenges: Vec<Link>,
    /// 関連する課題 as written when it names no challenge id.
    pub challenge_titles: Vec<String>,
    /// Budget formatted.
    pub budget: String,
    /// 担当課.
    pub sections: Vec<String>,
    /// Plan refs.
    pub plan: Vec<RefView>,
    /// The source's own columns.
    pub extra: Vec<ExtraView>,
}

/// A mid-term goal as shown.
#[derive(Serialize, Clone, Debug)]
pub struct MidtermView {
    /// id.
    pub id: String,
    /// Anchor.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// HTML.
    pub body: Option<String>,
    /// HTML.
    pub schedule: Option<String>,
    /// 令和2年度〜令和5年度.
    pub period: String,
    /// Plan refs.
    pub plan: Vec<RefView>,
    /// The source's own columns.
    pub extra: Vec<ExtraView>,
}

/// Budget as shown.
#[derive(Serialize, Clone, Debug, Default)]
pub struct BudgetView {
    /// 一般会計.
    pub general: String,
    /// 特別会計.
    pub special: String,
    /// Sum when both.
    pub total: String,
    /// City 一般会計.
    pub general_city_total: String,
    /// Share of the city's 一般会計.
    pub general_share: String,
    /// City 特別会計.
    pub special_city_total: String,
    /// Share of the city's 特別会計.
    pub special_share: String,
    /// 当初予算 …
    pub basis: String,
}

/// Staff table.
#[derive(Serialize, Clone, Debug, Default)]
pub struct StaffView {
    /// Employment types, in first-seen order.
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<StaffRowView>,
    /// Column sums.
    pub sums: Vec<String>,
    /// Sum of all.
    pub total: String,
    /// Totals stated under the table.
    pub stated: Vec<(String, String)>,
}

/// A staff row.
#[derive(Serialize, Clone, Debug)]
pub struct StaffRowView {
    /// 課.
    pub unit: String,
    /// Counts per column (empty when not written).
    pub cells: Vec<String>,
    /// Row total: as written, else the sum.
    pub total: String,
    /// The written total differs from the sum of the cells.
    pub total_differs: bool,
    /// The computed sum, shown when different.
    pub sum: String,
}

/// A whole report as shown.
#[derive(Serialize, Clone, Debug)]
pub struct ReportView {
    /// Department slug.
    pub dept_slug: String,
    /// The department's name in that year.
    pub dept_name: String,
    /// The department's current name.
    pub dept_current_name: String,
    /// Fiscal year number.
    pub year: i32,
    /// Year label.
    pub year_label: String,
    /// 和暦 label.
    pub year_wareki: String,
    /// Title.
    pub title: String,
    /// Kind label.
    pub kind: String,
    /// Root-relative URL.
    pub url: String,
    /// 公表日.
    pub published: String,
    /// ISO of published.
    pub published_iso: String,
    /// 更新日.
    pub updated: String,
    /// ISO of updated.
    pub updated_iso: String,
    /// 更新履歴: the dates the report's files changed in commits, newest first (empty
    /// when there is one date or none, or when the report lists its own revisions).
    pub history: Vec<String>,
    /// 更新履歴 as the source lists it, oldest first.
    pub revisions: Vec<RevisionView>,
    /// Whether the report's goals are graded (no 評価, 達成率 or scale when not).
    pub graded: bool,
    /// Sections the source has and the format does not, by where they go.
    pub extra_sections: PlacedSections,
    /// Whether goals are listed under challenges (their headings one level lower).
    pub nested: bool,
    /// 「この報告のまとめ」: one row a goal, in the page's order.
    pub summary: Vec<SummaryRow>,
    /// Whether any goal of the summary has an indicator (else no 主な指標 column).
    pub summary_indicators: bool,
    /// What an indicator's actual over its target is called: 達成率, or 目標比 in a report
    /// that is not graded (it has no 達成率).
    pub rate_word: String,
    /// 部長.
    pub head: Option<PersonView>,
    /// 理事.
    pub officers: Vec<PersonView>,
    /// HTML.
    pub message: Option<String>,
    /// HTML.
    pub mission: Option<String>,
    /// HTML.
    pub policy: Option<String>,
    /// HTML.
    pub review: Option<String>,
    /// HTML list items.
    pub duties: Vec<String>,
    /// Heading names by section.
    pub headings: std::collections::BTreeMap<String, String>,
    /// Date budget/staff are as of.
    pub resources_as_of: String,
    /// Budget.
    pub budget: Option<BudgetView>,
    /// Staff.
    pub staff: Option<StaffView>,
    /// Challenges.
    pub challenges: Vec<ChallengeView>,
    /// Goals.
    pub goals: Vec<GoalView>,
    /// Projects.
    pub projects: Vec<ProjectView>,
    /// Midterm.
    pub midterm: Vec<MidtermView>,
    /// 達成率.
    pub rate: RateView,
    /// Distribution.
    pub distribution: Vec<DistView>,
    /// Scale legend.
    pub scale: Vec<LevelView>,
    /// What 参考：指標から算出 means, under the scale; empty when no grade is derived.
    pub derived_explained: String,
    /// Plan items served.
    pub serves: Vec<RefView>,
    /// Source page.
    pub source_title: String,
    /// Source page id.
    pub source_page_id: String,
    /// Source URL.
    pub source_url: String,
    /// 所管課 list for contact.
    pub units: Vec<String>,
    /// The department's 問い合わせ先 (`[contact]`), under its current name.
    pub contact: Option<crate::render::views::ContactView>,
    /// 前年度との比較.
    pub compare: crate::render::compare::CompareView,
    /// Grade distribution of the goals as a chart with its table.
    pub grade_chart: crate::render::charts::ChartView,
}

/// Default section headings; `[headings]` and `goals_heading` override them.
///
/// Sorted by key, so that the map of a report's headings is built without sorting (every
/// report page builds one; the test below keeps the order).
pub fn default_headings() -> Vec<(&'static str, &'static str)> {
    vec![
        ("challenge", "課題"),
        ("challenge_description", "課題の内容"),
        ("challenge_response", "対応・取り組み方針"),
        ("challenges", "主な課題と対応"),
        ("duties", "主な仕事"),
        ("goal_actions", "具体的取組・スケジュール"),
        ("goal_aim", "達成目標・取組内容"),
        ("goal_evaluation", "総合評価・総括"),
        ("goal_next", "次年度以降に向けて"),
        ("goal_results", "取組実績"),
        ("goal_sections", "所管課"),
        ("goal_status", "達成状況"),
        ("goal_target", "目標値"),
        ("goals", "重点目標"),
        ("message", "部長メッセージ"),
        ("midterm", "中期目標"),
        ("midterm_body", "内容"),
        ("midterm_schedule", "スケジュール"),
        ("mission", "部局の使命"),
        ("officers", "部局長"),
        ("plan_refs", "関連する計画"),
        ("policy", "基本方針"),
        ("project_budget", "予算"),
        ("project_challenges", "関連する課題"),
        ("project_sections", "担当課"),
        ("project_target", "目標"),
        ("projects", "主な事業"),
        ("resources", "予算と職員"),
        ("review", "取り組みの総括"),
        ("staff", "組織構成"),
    ]
}

/// An entry of a report as other pages list it: a goal, challenge, project or mid-term goal.
#[derive(Clone, Debug)]
pub struct EntryCore {
    /// id.
    pub id: String,
    /// HTML anchor in the report's page.
    pub anchor: String,
    /// Number as shown (goals).
    pub number: String,
    /// Title (name of a project).
    pub title: String,
    /// Grade (goals).
    pub grade: Option<GradeView>,
}

/// What department and plan item pages show of a report: small, built for every report
/// once. The full [`ReportView`] (prose, charts) is built only for the report's own page,
/// so a big site never holds every report's HTML in memory at once.
#[derive(Clone, Debug)]
pub struct ReportCore {
    /// The department's name in that year.
    pub dept_name: String,
    /// Root-relative URL.
    pub url: String,
    /// Year label.
    pub year_label: String,
    /// Goals, as in [`ReportView::goals`].
    pub goals: Vec<EntryCore>,
    /// Challenges.
    pub challenges: Vec<EntryCore>,
    /// Projects.
    pub projects: Vec<EntryCore>,
    /// Mid-term goals.
    pub midterm: Vec<EntryCore>,
    /// Grade distribution, as in [`ReportView::distribution`].
    pub distribution: Vec<DistView>,
    /// 前年度との比較, as in [`ReportView::compare`].
    pub compare: crate::render::compare::CompareView,
}

/// Builds the [`ReportCore`] of report `ri` of department `di`: the same values as the
/// corresponding fields of [`super::report::report_view`].
pub fn report_core(cx: &Ctx, di: usize, ri: usize) -> ReportCore {
    let dept = &cx.site.departments[di];
    let r = &dept.reports[ri];
    let scale = cx.site.config.grades.for_year(r.year);
    let grades: Vec<GoalGrade> = r
        .goals
        .iter()
        .map(|g| metrics::goal_grade(g, scale))
        .collect();
    let entry = |prefix: &str, id: &str, title: &str| EntryCore {
        id: id.to_string(),
        anchor: anchor(prefix, id),
        number: String::new(),
        title: title.to_string(),
        grade: None,
    };
    ReportCore {
        dept_name: dept.name_in(r.year).to_string(),
        url: PageRef::Report {
            dept: &dept.slug,
            year: r.year,
        }
        .path(),
        year_label: cx.fy(r.year),
        goals: r
            .goals
            .iter()
            .zip(&grades)
            .map(|(g, grade)| EntryCore {
                number: g.number.clone(),
                grade: Some(GradeView::from_goal(grade)),
                ..entry("goal", &g.id.v, &g.title.v)
            })
            .collect(),
        challenges: r
            .challenges
            .iter()
            .map(|c| entry("challenge", &c.id.v, &c.title))
            .collect(),
        projects: r
            .projects
            .iter()
            .map(|p| entry("project", &p.id.v, &p.name))
            .collect(),
        midterm: r
            .midterm
            .iter()
            .map(|m| entry("midterm", &m.id.v, &m.title))
            .collect(),
        distribution: distribution(grades, scale),
        compare: crate::render::compare::compare_view(cx, di, ri),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_headings_are_sorted_by_key() {
        let h = default_headings();
        assert!(h.windows(2).all(|w| w[0].0 < w[1].0), "{h:?}");
    }
}
