//! View-models: what templates see. Built once per report, department, year and plan item
//! from the model and the indexes; every number is formatted and every prose field turned
//! into HTML here, so templates only place things.

use crate::analyze::index::{Indexes, RefKind};
use crate::analyze::metrics::{self, GoalGrade, Tally};
use crate::model::fiscal::{FiscalYear, YearStyle};
use crate::model::*;
use crate::render::markdown::{self, MdOptions};
use serde::Serialize;

/// A link: label and root-relative URL.
#[derive(Serialize, Clone, Debug)]
pub struct Link {
    /// Text.
    pub label: String,
    /// Root-relative URL (templates prefix `root`).
    pub url: String,
}

/// A grade as shown: symbol, label, CSS class, whether derived.
#[derive(Serialize, Clone, Debug, Default)]
pub struct GradeView {
    /// A, B … or empty for 未評価.
    pub symbol: String,
    /// 達成 … or 未評価.
    pub label: String,
    /// CSS class suffix (a, b, …, none).
    pub class: String,
    /// Derived from indicators.
    pub derived: bool,
    /// Mean indicator rate when derived.
    pub derived_from: Option<String>,
    /// Excluded from rates (E).
    pub excluded: bool,
}

impl GradeView {
    /// From a computed goal grade.
    pub fn from_goal(g: &GoalGrade) -> GradeView {
        match g {
            GoalGrade::Written(l) => GradeView::level(l, false, None),
            GoalGrade::Derived(l, mean) => {
                GradeView::level(l, true, Some(metrics::format_pct(*mean)))
            }
            GoalGrade::Unevaluated => GradeView::none(),
        }
    }

    /// A written grade of an initiative row.
    pub fn written(symbol: Option<&At<String>>, scale: &GradeScale) -> Option<GradeView> {
        let s = symbol?;
        Some(match scale.level(&s.v) {
            Some(l) => GradeView::level(l, false, None),
            None => GradeView::none(),
        })
    }

    fn level(l: &GradeLevel, derived: bool, from: Option<String>) -> GradeView {
        GradeView {
            symbol: l.symbol.clone(),
            label: l.label.clone(),
            class: grade_class(&l.symbol),
            derived,
            derived_from: from,
            excluded: !l.counted,
        }
    }

    /// 未評価.
    pub fn none() -> GradeView {
        GradeView {
            symbol: String::new(),
            label: "未評価".into(),
            class: "none".into(),
            derived: false,
            derived_from: None,
            excluded: false,
        }
    }
}

/// CSS class for a grade symbol: ascii letters lowercased, others by code point.
pub fn grade_class(symbol: &str) -> String {
    // ASCII letters and digits fold to themselves.
    if !symbol.is_empty() && symbol.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return symbol.to_ascii_lowercase();
    }
    let f = crate::model::fold::fold(symbol);
    if !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric()) {
        f.to_ascii_lowercase()
    } else {
        f.chars().map(|c| format!("u{:x}", c as u32)).collect()
    }
}

/// A 達成率 with its counts.
#[derive(Serialize, Clone, Debug, Default)]
pub struct RateView {
    /// 66.7% or 未評価.
    pub text: String,
    /// Numeric value for charts and sorting.
    pub value: Option<f64>,
    /// Achieved goals.
    pub achieved: usize,
    /// Goals counted.
    pub counted: usize,
    /// Unevaluated goals.
    pub unevaluated: usize,
    /// Excluded goals (E).
    pub excluded: usize,
    /// All goals.
    pub total: usize,
}

impl RateView {
    /// From a tally.
    pub fn from(t: &Tally) -> RateView {
        RateView {
            text: metrics::format_rate(t.rate()),
            value: t.rate(),
            achieved: t.achieved,
            counted: t.counted,
            unevaluated: t.unevaluated,
            excluded: t.excluded,
            total: t.total(),
        }
    }
}

/// One level of the scale, for the legend.
#[derive(Serialize, Clone, Debug)]
pub struct LevelView {
    /// Symbol.
    pub symbol: String,
    /// Label.
    pub label: String,
    /// Description.
    pub description: String,
    /// The percentage as the source words it, or built from min_rate.
    pub rate_text: String,
    /// CSS class.
    pub class: String,
    /// Counted in rates.
    pub counted: bool,
    /// Counts as achieved.
    pub achieved: bool,
}

/// The legend of a year's scale.
pub fn scale_view(scale: &GradeScale) -> Vec<LevelView> {
    let mut out = Vec::with_capacity(scale.levels.len());
    // Upper bound of a band is the next better level's min_rate.
    let mut upper: Option<f64> = None;
    for l in &scale.levels {
        let rate_text = match (&l.rate_text, l.min_rate) {
            (Some(t), _) => t.clone(),
            (None, _) if !l.counted => "達成率の計算から除外".into(),
            (None, Some(m)) => match upper {
                Some(u) if m <= 0.0 => [&metrics::format_pct(u), "未満"].concat(),
                Some(u) => [
                    &metrics::format_pct(m),
                    "以上",
                    &metrics::format_pct(u),
                    "未満",
                ]
                .concat(),
                None => [&metrics::format_pct(m), "以上"].concat(),
            },
            (None, None) => String::new(),
        };
        if l.counted && l.min_rate.is_some() {
            upper = l.min_rate;
        }
        out.push(LevelView {
            symbol: l.symbol.clone(),
            label: l.label.clone(),
            description: l.description.clone().unwrap_or_default(),
            rate_text,
            class: grade_class(&l.symbol),
            counted: l.counted,
            achieved: scale
                .achieved
                .iter()
                .any(|a| crate::model::fold::fold_eq(a, &l.symbol)),
        });
    }
    out
}

/// Grade distribution: count per level plus 未評価.
#[derive(Serialize, Clone, Debug)]
pub struct DistView {
    /// Symbol (empty for 未評価).
    pub symbol: String,
    /// Label.
    pub label: String,
    /// CSS class.
    pub class: String,
    /// Number of goals.
    pub count: usize,
}

/// Counts goals by level under `scale`, levels in scale order, 未評価 last.
pub fn distribution<'a>(
    grades: impl IntoIterator<Item = GoalGrade<'a>>,
    scale: &GradeScale,
) -> Vec<DistView> {
    let mut counts = vec![0usize; scale.levels.len() + 1];
    for g in grades {
        match g.level() {
            Some(l) => {
                if let Some(i) = scale.levels.iter().position(|x| x.symbol == l.symbol) {
                    counts[i] += 1;
                }
            }
            None => counts[scale.levels.len()] += 1,
        }
    }
    let mut out: Vec<DistView> = scale
        .levels
        .iter()
        .zip(&counts)
        .map(|(l, &c)| DistView {
            symbol: l.symbol.clone(),
            label: l.label.clone(),
            class: grade_class(&l.symbol),
            count: c,
        })
        .collect();
    out.push(DistView {
        symbol: String::new(),
        label: "未評価".into(),
        class: "none".into(),
        count: counts[scale.levels.len()],
    });
    out
}

/// A plan reference as shown.
#[derive(Serialize, Clone, Debug)]
pub struct RefView {
    /// Code as written in the report.
    pub code: String,
    /// Title: as written in the report, else the plan's.
    pub title: String,
    /// Short name of the plan.
    pub plan: String,
    /// Root-relative URL of the item page (none for 0-0-0 style "none" codes).
    pub url: Option<String>,
}

/// Context shared by every view built for one site.
pub struct Ctx<'a> {
    /// The site.
    pub site: &'a Site,
    /// Indexes.
    pub ix: &'a Indexes,
    /// Markdown options for prose in sections (headings from h3).
    pub md: MdOptions,
}

impl<'a> Ctx<'a> {
    /// Year label in the site's style.
    pub fn fy(&self, fy: FiscalYear) -> String {
        fy.label(self.site.config.year_style)
    }

    /// Markdown block.
    pub fn md(&self, s: &str) -> String {
        markdown::render(s, self.md)
    }

    /// Markdown block at a deeper heading level.
    pub fn md_at(&self, s: &str, top: u8) -> String {
        markdown::render(
            s,
            MdOptions {
                top_heading: top,
                ..self.md
            },
        )
    }

    /// Optional prose field.
    pub fn md_opt(&self, s: &Option<At<String>>) -> Option<String> {
        s.as_ref()
            .filter(|s| !s.v.trim().is_empty())
            .map(|s| self.md_at(&s.v, 4))
    }

    /// Plan references as shown.
    pub fn refs(&self, refs: &[PlanRef]) -> Vec<RefView> {
        refs.iter()
            .map(|r| {
                let resolved = self.ix.resolve(r, self.site);
                let (plan_name, code, title, url) = match resolved {
                    Some((p, n)) => {
                        let plan = &self.site.plans[p];
                        let node = &self.ix.trees[p].nodes[n];
                        (
                            plan.short.clone().unwrap_or_else(|| plan.name.clone()),
                            // As the plan writes it (a report may type ４－１－２).
                            node.code.clone(),
                            r.title.clone().unwrap_or_else(|| node.title.clone()),
                            Some(item_url(&plan.slug, &node.id)),
                        )
                    }
                    None => (
                        String::new(),
                        r.code.clone(),
                        r.title.clone().unwrap_or_default(),
                        None,
                    ),
                };
                RefView {
                    code,
                    title,
                    plan: plan_name,
                    url,
                }
            })
            .collect()
    }
}

// URLs and anchors are joined with `concat` rather than `format!`: every report page
// asks for dozens of them (each plan reference has its item's URL), and `format!` costs
// several times as much for the same bytes.

/// Root-relative URL of a report.
pub fn report_url(dept: &str, fy: FiscalYear) -> String {
    let mut year = itoa::Buffer::new();
    [
        "departments/",
        dept,
        "/",
        year.format(fy.year()),
        "/index.html",
    ]
    .concat()
}

/// Root-relative URL of a department.
pub fn dept_url(dept: &str) -> String {
    ["departments/", dept, "/index.html"].concat()
}

/// Root-relative URL of a year.
pub fn year_url(fy: FiscalYear) -> String {
    let mut year = itoa::Buffer::new();
    ["years/", year.format(fy.year()), "/index.html"].concat()
}

/// Root-relative URL of a plan.
pub fn plan_url(slug: &str) -> String {
    ["plans/", slug, "/index.html"].concat()
}

/// Root-relative URL of a plan item.
pub fn item_url(slug: &str, id: &str) -> String {
    ["plans/", slug, "/", id, "/index.html"].concat()
}

/// HTML id for an entry of a report.
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 1 + id.len());
    push_anchor(&mut s, prefix, id);
    s
}

/// Appends [`anchor`]`(prefix, id)` to `s`: the id with white space and quotes as `-`.
fn push_anchor(s: &mut String, prefix: &str, id: &str) {
    s.push_str(prefix);
    s.push('-');
    // Most ids are ASCII words and need no change (any other byte takes the slow path,
    // which alone decides what is white space).
    if id
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\'')
    {
        s.push_str(id);
    } else {
        s.extend(id.chars().map(|c| {
            if c.is_whitespace() || c == '"' || c == '\'' {
                '-'
            } else {
                c
            }
        }));
    }
}

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
    fn from(p: &Person) -> PersonView {
        PersonView {
            title: p.title.clone().unwrap_or_default(),
            name: p.name.clone().unwrap_or_default(),
            role: p.role.clone().unwrap_or_default(),
        }
    }
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
    /// 達成率 of the indicator.
    pub rate: String,
    /// Lower is better.
    pub lower: bool,
    /// 約
    pub approximate: bool,
    /// 基準値・目標値・実績 as a chart, or the sentence saying why there is none.
    pub chart: crate::render::charts::ChartView,
}

fn num_unit(x: Option<f64>) -> String {
    x.map(metrics::format_number).unwrap_or_default()
}

/// An initiative row as shown.
#[derive(Serialize, Clone, Debug)]
pub struct InitiativeView {
    /// HTML.
    pub aim: Option<String>,
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
    /// Whether any grade was derived.
    pub any_derived: bool,
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
    /// 前年度との比較.
    pub compare: super::compare::CompareView,
    /// Grade distribution of the goals as a chart with its table.
    pub grade_chart: crate::render::charts::ChartView,
}

fn strs(v: &[At<String>]) -> Vec<String> {
    v.iter().map(|s| s.v.clone()).collect()
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
    pub compare: super::compare::CompareView,
}

/// Builds the [`ReportCore`] of report `ri` of department `di`: the same values as the
/// corresponding fields of [`report_view`].
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
        url: report_url(&dept.slug, r.year),
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
        compare: super::compare::compare_view(cx, di, ri),
    }
}

/// Builds the view of report `ri` of department `di`.
pub fn report_view(cx: &Ctx, di: usize, ri: usize) -> ReportView {
    report_view_with(cx, di, ri, super::compare::compare_view(cx, di, ri))
}

/// [`report_view`] with its comparison already built (as in the report's [`ReportCore`]).
pub fn report_view_with(
    cx: &Ctx,
    di: usize,
    ri: usize,
    compare: super::compare::CompareView,
) -> ReportView {
    let dept = &cx.site.departments[di];
    let r = &dept.reports[ri];
    let scale = cx.site.config.grades.for_year(r.year);
    let dept_name = dept.name_in(r.year).to_string();
    let kind = r.kind.clone().unwrap_or_else(|| "運営方針".into());
    let title = r
        .title
        .clone()
        .unwrap_or_else(|| [&cx.fy(r.year), " ", &dept_name, "の", &kind].concat());
    let mut headings: std::collections::BTreeMap<String, String> = default_headings()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if let Some(g) = &r.goals_heading {
        headings.insert("goals".into(), g.clone());
    }
    for (k, v) in &r.headings {
        headings.insert(k.clone(), v.clone());
    }
    let grades: Vec<GoalGrade> = r
        .goals
        .iter()
        .map(|g| metrics::goal_grade(g, scale))
        .collect();
    let goals: Vec<GoalView> = r
        .goals
        .iter()
        .zip(&grades)
        .map(|(g, grade)| {
            // Once per goal: its indicators' chart ids start with it.
            let goal_anchor = anchor("goal", &g.id.v);
            let indicators = g
                .indicators
                .iter()
                .enumerate()
                .map(|(k, i)| IndicatorView {
                    name: i.name.clone(),
                    unit: i.unit.clone().unwrap_or_default(),
                    target: num_unit(i.target),
                    actual: num_unit(i.actual),
                    baseline: num_unit(i.baseline),
                    baseline_label: i.baseline_label.clone().unwrap_or_default(),
                    actual_label: i.actual_label.clone().unwrap_or_default(),
                    rate: metrics::indicator_rate(i)
                        .map(metrics::format_pct)
                        .unwrap_or_default(),
                    lower: i.better == Better::Lower,
                    approximate: i.approximate,
                    chart: super::figures::indicator(&goal_anchor, k, i),
                })
                .collect();
            GoalView {
                id: g.id.v.clone(),
                anchor: goal_anchor,
                number: g.number.clone(),
                title: g.title.v.clone(),
                field: g.field.clone().unwrap_or_default(),
                sections: strs(&g.sections),
                plan: cx.refs(&g.plan),
                aim: cx.md_opt(&g.aim),
                target_text: cx.md_opt(&g.target_text),
                actions: cx.md_opt(&g.actions),
                results: cx.md_opt(&g.results),
                status: cx.md_opt(&g.status),
                evaluation: cx.md_opt(&g.evaluation),
                next: cx.md_opt(&g.next),
                grade: GradeView::from_goal(grade),
                initiatives: g
                    .initiatives
                    .iter()
                    .map(|i| InitiativeView {
                        aim: cx.md_opt(&i.aim),
                        actions: cx.md_opt(&i.actions),
                        results: cx.md_opt(&i.results),
                        status: cx.md_opt(&i.status),
                        grade: GradeView::written(i.grade.as_ref(), scale),
                        sections: strs(&i.sections),
                    })
                    .collect(),
                indicators,
            }
        })
        .collect();
    let challenges: Vec<ChallengeView> = r
        .challenges
        .iter()
        .map(|c| ChallengeView {
            id: c.id.v.clone(),
            anchor: anchor("challenge", &c.id.v),
            title: c.title.clone(),
            description: cx.md_opt(&c.description),
            response: cx.md_opt(&c.response),
            plan: cx.refs(&c.plan),
            sections: strs(&c.sections),
        })
        .collect();
    let projects = r
        .projects
        .iter()
        .map(|p| ProjectView {
            id: p.id.v.clone(),
            anchor: anchor("project", &p.id.v),
            name: p.name.clone(),
            description: cx.md_opt(&p.description),
            target: cx.md_opt(&p.target),
            challenges: p
                .challenges
                .iter()
                .map(|c| {
                    let title = r
                        .challenges
                        .iter()
                        .find(|x| x.id.v == c.v)
                        .map(|x| x.title.clone())
                        .unwrap_or_else(|| c.v.clone());
                    Link {
                        label: title,
                        url: {
                            let mut url = String::with_capacity(11 + c.v.len());
                            url.push('#');
                            push_anchor(&mut url, "challenge", &c.v);
                            url
                        },
                    }
                })
                .collect(),
            challenge_titles: p
                .challenge_titles
                .iter()
                .filter(|t| {
                    // Shown only when it names no linked challenge.
                    !p.challenges
                        .iter()
                        .any(|c| r.challenges.iter().any(|x| x.id.v == c.v && x.title == t.v))
                })
                .map(|t| t.v.clone())
                .collect(),
            budget: p
                .budget
                .map(|b| [&metrics::format_int(b), "円"].concat())
                .unwrap_or_default(),
            sections: strs(&p.sections),
            plan: cx.refs(&p.plan),
        })
        .collect();
    let midterm = r
        .midterm
        .iter()
        .map(|m| MidtermView {
            id: m.id.v.clone(),
            anchor: anchor("midterm", &m.id.v),
            title: m.title.clone(),
            body: cx.md_opt(&m.body),
            schedule: cx.md_opt(&m.schedule),
            period: m
                .period
                .map(|(a, b)| [&cx.fy(a), "〜", &cx.fy(b)].concat())
                .unwrap_or_default(),
            plan: cx.refs(&m.plan),
        })
        .collect();
    let budget = r.budget.as_ref().map(|b| {
        let yen = |x: Option<i64>| {
            x.map(|v| [&metrics::format_int(v), "円"].concat())
                .unwrap_or_default()
        };
        let share = |a: Option<i64>, t: Option<i64>| match (a, t) {
            (Some(a), Some(t)) if t > 0 => metrics::format_pct(a as f64 / t as f64 * 100.0),
            _ => String::new(),
        };
        BudgetView {
            general: yen(b.general),
            special: yen(b.special),
            total: match (b.general, b.special) {
                (Some(g), Some(s)) if s > 0 => yen(Some(g + s)),
                _ => String::new(),
            },
            general_city_total: yen(b.general_city_total),
            general_share: share(b.general, b.general_city_total),
            special_city_total: yen(b.special_city_total),
            special_share: share(b.special, b.special_city_total),
            basis: b.basis.clone().unwrap_or_default(),
        }
    });
    let staff = (!r.staff.is_empty() || !r.staff_totals.is_empty()).then(|| staff_view(r));
    // Plan items the report serves, each once, in first-reference order.
    let mut serves: Vec<RefView> = Vec::new();
    let all_refs = r
        .goals
        .iter()
        .flat_map(|g| g.plan.iter())
        .chain(r.challenges.iter().flat_map(|c| c.plan.iter()))
        .chain(r.projects.iter().flat_map(|p| p.plan.iter()))
        .chain(r.midterm.iter().flat_map(|m| m.plan.iter()));
    for rv in all_refs {
        if let Some((p, n)) = cx.ix.resolve(rv, cx.site) {
            let plan = &cx.site.plans[p];
            let node = &cx.ix.trees[p].nodes[n];
            let url = item_url(&plan.slug, &node.id);
            if !serves.iter().any(|s| s.url.as_deref() == Some(&url)) {
                serves.push(RefView {
                    code: node.code.clone(),
                    title: node.title.clone(),
                    plan: plan.short.clone().unwrap_or_else(|| plan.name.clone()),
                    url: Some(url),
                });
            }
        }
    }
    let mut units: Vec<String> = Vec::new();
    for s in r
        .goals
        .iter()
        .flat_map(|g| {
            g.sections
                .iter()
                .chain(g.initiatives.iter().flat_map(|i| i.sections.iter()))
        })
        .chain(r.challenges.iter().flat_map(|c| c.sections.iter()))
        .chain(r.projects.iter().flat_map(|p| p.sections.iter()))
    {
        if !units.contains(&s.v) {
            units.push(s.v.clone());
        }
    }
    if units.is_empty() {
        units = strs(&dept.units);
    }
    let tally = cx.ix.report_tally[di][ri];
    let dist = distribution(grades, scale);
    let grade_chart = super::figures::report_grades(&headings["goals"], &dist, &goals, &tally);
    ReportView {
        dept_slug: dept.slug.clone(),
        dept_name,
        dept_current_name: dept.name.clone(),
        year: r.year.year(),
        year_label: cx.fy(r.year),
        year_wareki: r.year.wareki(),
        title,
        kind,
        url: report_url(&dept.slug, r.year),
        published: r.published.map(|d| d.japanese()).unwrap_or_default(),
        published_iso: r.published.map(|d| d.iso()).unwrap_or_default(),
        updated: r.updated.map(|d| d.japanese()).unwrap_or_default(),
        updated_iso: r.updated.map(|d| d.iso()).unwrap_or_default(),
        head: r.head.as_ref().map(PersonView::from),
        officers: r.officers.iter().map(PersonView::from).collect(),
        message: r.message.as_ref().map(|m| cx.md_at(&m.v, 3)),
        mission: cx
            .md_opt(&r.mission)
            .map(|_| cx.md_at(&r.mission.as_ref().unwrap().v, 3)),
        policy: r.policy.as_ref().map(|m| cx.md_at(&m.v, 3)),
        review: r.review.as_ref().map(|m| cx.md_at(&m.v, 3)),
        duties: r
            .duties
            .iter()
            .map(|d| markdown::render_inline(&d.v, cx.md))
            .collect(),
        headings,
        resources_as_of: r.resources_as_of.map(|d| d.japanese()).unwrap_or_default(),
        budget,
        staff,
        challenges,
        any_derived: goals.iter().any(|g| g.grade.derived),
        goals,
        projects,
        midterm,
        rate: RateView::from(&tally),
        distribution: dist,
        scale: scale_view(scale),
        serves,
        source_title: r
            .source
            .as_ref()
            .and_then(|s| s.page_title.clone())
            .unwrap_or_default(),
        source_page_id: r
            .source
            .as_ref()
            .and_then(|s| s.page_id.clone())
            .unwrap_or_default(),
        source_url: r
            .source
            .as_ref()
            .and_then(|s| s.url.clone())
            .filter(|u| markdown::url_is_safe(u))
            .unwrap_or_default(),
        units,
        compare,
        grade_chart,
    }
}

fn staff_view(r: &Report) -> StaffView {
    let mut columns: Vec<String> = Vec::new();
    for row in &r.staff {
        for (k, _) in &row.counts {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let mut sums = vec![0i64; columns.len()];
    let mut grand = 0i64;
    let rows = r
        .staff
        .iter()
        .map(|row| {
            let mut cells = vec![String::new(); columns.len()];
            let mut sum = 0;
            for (k, v) in &row.counts {
                let i = columns.iter().position(|c| c == k).unwrap_or(0);
                cells[i] = metrics::format_int(*v);
                sums[i] += v;
                sum += v;
            }
            grand += sum;
            let total = row.total.unwrap_or(sum);
            StaffRowView {
                unit: row.unit.v.clone(),
                cells,
                total: metrics::format_int(total),
                total_differs: row.total.is_some_and(|t| t != sum),
                sum: metrics::format_int(sum),
            }
        })
        .collect();
    StaffView {
        columns,
        rows,
        sums: sums.iter().map(|&s| metrics::format_int(s)).collect(),
        total: metrics::format_int(grand),
        stated: r
            .staff_totals
            .iter()
            .map(|(k, v)| (k.clone(), format!("{}人", metrics::format_int(*v))))
            .collect(),
    }
}

/// A row of a "by department" table.
#[derive(Serialize, Clone, Debug)]
pub struct DeptRateRow {
    /// Department name in that year.
    pub name: String,
    /// Department page.
    pub url: String,
    /// Report page (when there is a report).
    pub report_url: Option<String>,
    /// Rate this year.
    pub rate: RateView,
    /// Rate the year before.
    pub prev: Option<RateView>,
    /// Change in points.
    pub change: String,
    /// ↑ ↓ →
    pub arrow: String,
}

/// Change between two rates: text and arrow (never colour alone).
pub fn change(now: Option<f64>, before: Option<f64>) -> (String, String) {
    match (now, before) {
        (Some(a), Some(b)) => {
            let d = metrics::round1(a - b);
            let arrow = if d > 0.0 {
                "↑"
            } else if d < 0.0 {
                "↓"
            } else {
                "→"
            };
            (metrics::format_points(a - b), arrow.into())
        }
        _ => (String::new(), String::new()),
    }
}

/// Counts of references of each kind.
#[derive(Serialize, Clone, Debug, Default)]
pub struct RefCounts {
    /// Goals.
    pub goals: usize,
    /// Challenges.
    pub challenges: usize,
    /// Projects.
    pub projects: usize,
    /// Mid-term goals.
    pub midterm: usize,
}

impl RefCounts {
    /// Adds one reference.
    pub fn add(&mut self, k: RefKind) {
        match k {
            RefKind::Goal => self.goals += 1,
            RefKind::Challenge => self.challenges += 1,
            RefKind::Project => self.projects += 1,
            RefKind::Midterm => self.midterm += 1,
        }
    }

    /// Total.
    pub fn total(&self) -> usize {
        self.goals + self.challenges + self.projects + self.midterm
    }
}

/// Year style name for templates.
pub fn style_name(s: YearStyle) -> &'static str {
    match s {
        YearStyle::Wareki => "wareki",
        YearStyle::Western => "western",
        YearStyle::Both => "both",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_replace_white_space_and_quotes() {
        // As written before the fast path: every character mapped.
        let slow = |prefix: &str, id: &str| {
            let clean: String = id
                .chars()
                .map(|c| {
                    if c.is_whitespace() || c == '"' || c == '\'' {
                        '-'
                    } else {
                        c
                    }
                })
                .collect();
            format!("{prefix}-{clean}")
        };
        for id in [
            "g1",
            "1-2-3",
            "a b",
            "a\tb\u{b}c",
            "say \"hi\" 'x'",
            "全角\u{3000}空白",
            "目標１",
            "nbsp\u{a0}x",
            "ctrl\u{1}x",
            "",
        ] {
            assert_eq!(anchor("goal", id), slow("goal", id), "{id:?}");
        }
    }

    #[test]
    fn default_headings_are_sorted_by_key() {
        let h = default_headings();
        assert!(h.windows(2).all(|w| w[0].0 < w[1].0), "{h:?}");
    }

    #[test]
    fn urls() {
        assert_eq!(
            report_url("kikaku", FiscalYear(2021)),
            "departments/kikaku/2021/index.html"
        );
        assert_eq!(dept_url("kikaku"), "departments/kikaku/index.html");
        assert_eq!(year_url(FiscalYear(2021)), "years/2021/index.html");
        assert_eq!(plan_url("sogo"), "plans/sogo/index.html");
        assert_eq!(item_url("sogo", "1-2"), "plans/sogo/1-2/index.html");
    }
}
