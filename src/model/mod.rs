//! The content model: plain data validated from the site's files. No I/O here.
//!
//! Field names follow the content format (`content-format.md`), the contract city staff
//! write against. Prose fields hold Markdown source; rendering turns them into HTML once.

/// The words beside a grade derived from indicators ([`DERIVED_LABEL`]): a macro so that
/// constant texts (the open-data column descriptions) can `concat!` them.
macro_rules! derived_label {
    () => {
        "参考：指標から算出"
    };
}

/// The label every page, chart and CSV puts beside a grade derived from indicators: the
/// report did not write it, so it is for reference only.
pub const DERIVED_LABEL: &str = derived_label!();

pub mod city_code;
pub mod departments;
pub mod fiscal;
pub mod fold;
pub mod lines;
pub mod opendata;
pub mod plans;

use crate::diag::Loc;
use crate::model::fiscal::{FiscalYear, YearStyle};

/// A value with the place in a file it came from, for messages and lints.
#[derive(Clone, Debug, PartialEq)]
pub struct At<T> {
    /// The value.
    pub v: T,
    /// Where it was written.
    pub loc: Loc,
}

impl<T> At<T> {
    /// Wraps a value.
    pub fn new(v: T, loc: Loc) -> At<T> {
        At { v, loc }
    }
}

/// A whole site: settings, plans and departments with their reports.
#[derive(Debug)]
pub struct Site {
    /// site.toml
    pub config: SiteConfig,
    /// content/plans/*.toml, sorted by slug.
    pub plans: Vec<Plan>,
    /// content/departments/*, sorted by `order` then slug.
    pub departments: Vec<Department>,
}

/// site.toml
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// City name.
    pub city: String,
    /// Markdown shown on the top page.
    pub description: Option<String>,
    /// Absolute URL the site is published under, ending in `/`.
    pub base_url: Option<String>,
    /// Language code, `ja` by default.
    pub language: String,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// How fiscal years are written.
    pub year_style: YearStyle,
    /// Plan that bare codes refer to.
    pub primary_plan: Option<At<String>>,
    /// Let sanitised raw HTML in Markdown through.
    pub allow_html: bool,
    /// The achievement scale.
    pub grades: GradeScales,
    /// 全国地方公共団体コード (six digits, check digit verified), the first column of every
    /// open-data CSV; `None` when site.toml gives none.
    pub city_code: Option<String>,
    /// Licence of the site's text and data, as stated on the data page and in the open
    /// data ([`opendata::DEFAULT_LICENSE`] unless site.toml says otherwise).
    pub license: String,
    /// Whether the city grades its goals (`graded = false`: no scale, no 達成率, no 未評価
    /// anywhere; a report may say otherwise for itself).
    pub graded: bool,
    /// Whether grades are derived from indicators (`derive_grades = false`: a goal without
    /// a written grade is 未評価). Every scale in `grades` carries it as
    /// [`GradeScale::derive`], which is what the rule reads.
    pub derive_grades: bool,
    /// Where site.toml is.
    pub loc: Loc,
}

/// The default scale and the scales for some fiscal years only.
#[derive(Debug, Clone)]
pub struct GradeScales {
    /// The scale for years no history entry covers.
    pub default: GradeScale,
    /// Scales for a range of fiscal years.
    pub history: Vec<GradeScaleFor>,
}

impl GradeScales {
    /// The scale in force for fiscal year `fy`.
    pub fn for_year(&self, fy: FiscalYear) -> &GradeScale {
        self.history
            .iter()
            .find(|h| h.from <= fy && fy <= h.to)
            .map(|h| &h.scale)
            .unwrap_or(&self.default)
    }
}

/// A scale used for a range of fiscal years.
#[derive(Debug, Clone)]
pub struct GradeScaleFor {
    /// First fiscal year.
    pub from: FiscalYear,
    /// Last fiscal year.
    pub to: FiscalYear,
    /// The scale.
    pub scale: GradeScale,
}

/// An achievement scale: its levels and which of them count as achieved.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeScale {
    /// Symbols counted as 達成・概ね達成.
    pub achieved: Vec<String>,
    /// Levels from best to worst, as written.
    pub levels: Vec<GradeLevel>,
    /// Whether a goal without a written grade gets one derived from its indicators
    /// (site.toml `derive_grades`, the same in every scale of a site; true by default).
    pub derive: bool,
}

impl GradeScale {
    /// The level with symbol `symbol` (after folding full-width letters).
    pub fn level(&self, symbol: &str) -> Option<&GradeLevel> {
        self.levels
            .iter()
            .find(|l| crate::model::fold::fold_eq(&l.symbol, symbol))
    }

    /// The A–E scale of the Kashiwara document, the default of the content format.
    pub fn default_scale() -> GradeScale {
        let l = |s: &str, label: &str, d: &str, rate: f64, min: Option<f64>, counted: bool| {
            GradeLevel {
                symbol: s.into(),
                label: label.into(),
                description: Some(d.into()),
                rate,
                min_rate: min,
                counted,
                rate_text: None,
            }
        };
        GradeScale {
            derive: true,
            achieved: vec!["A".into(), "B".into()],
            levels: vec![
                l(
                    "A",
                    "達成",
                    "設定した目標を達成することができた",
                    100.0,
                    Some(100.0),
                    true,
                ),
                l(
                    "B",
                    "概ね達成",
                    "概ね目標どおり達成することができた",
                    85.0,
                    Some(70.0),
                    true,
                ),
                l(
                    "C",
                    "一部達成",
                    "目標の一部を達成できた",
                    60.0,
                    Some(50.0),
                    true,
                ),
                l(
                    "D",
                    "未達成",
                    "目標達成にはいたらなかった",
                    25.0,
                    Some(0.0),
                    true,
                ),
                l(
                    "E",
                    "未実施",
                    "事業の取りやめなどにより評価不能又は困難",
                    0.0,
                    None,
                    false,
                ),
            ],
        }
    }
}

/// One level of a scale.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeLevel {
    /// A, B, … as written.
    pub symbol: String,
    /// 達成, 概ね達成, …
    pub label: String,
    /// What it means.
    pub description: Option<String>,
    /// Nominal percentage for charts.
    pub rate: f64,
    /// Lowest indicator rate from which this grade is derived.
    pub min_rate: Option<f64>,
    /// Whether it counts in rates.
    pub counted: bool,
    /// The percentage as the source words it (「70%以上100%未満」).
    pub rate_text: Option<String>,
}

/// content/plans/<slug>.toml
#[derive(Debug, Clone)]
pub struct Plan {
    /// File stem.
    pub slug: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short: Option<String>,
    /// Fiscal years covered.
    pub period: Option<(FiscalYear, FiscalYear)>,
    /// Level names by depth.
    pub levels: Vec<String>,
    /// Separator between code segments.
    pub separator: String,
    /// Markdown.
    pub body: Option<String>,
    /// Corrections written over this text in the source, as written.
    pub revision_notes: Vec<String>,
    /// Items in file order.
    pub items: Vec<PlanItem>,
    /// Where the file is.
    pub loc: Loc,
}

impl Plan {
    /// How pages and messages name the plan in passing: its short name, else its name.
    pub fn label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

/// One item (基本目標, 政策, 施策 …) of a plan.
#[derive(Debug, Clone)]
pub struct PlanItem {
    /// Code as written.
    pub code: At<String>,
    /// Normalised id for URLs and open data.
    pub id: String,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: Option<String>,
    /// Explicit parent code.
    pub parent: Option<At<String>>,
    /// Code of an item of another plan this one continues (前期 → 後期).
    pub continues: Option<At<String>>,
}

/// department.toml plus the department's reports.
#[derive(Debug, Clone)]
pub struct Department {
    /// Folder name.
    pub slug: String,
    /// Current name.
    pub name: String,
    /// Position in lists.
    pub order: i64,
    /// Its 課/室.
    pub units: Vec<At<String>>,
    /// Former names with the last fiscal year each was used.
    pub former_names: Vec<FormerName>,
    /// The department (folder name) this 課 or 室 belongs to, listed under it.
    pub parent: Option<At<String>>,
    /// 問い合わせ先, shown on every page about the department.
    pub contact: Option<Contact>,
    /// Reports by fiscal year, ascending.
    pub reports: Vec<Report>,
    /// Where department.toml is.
    pub loc: Loc,
}

impl Department {
    /// The report that report `ri` is compared with, its 前年度: the department's report
    /// with the latest fiscal year before `ri`'s, however many years lie between (a year
    /// without a report is skipped, never compared with nothing). `None` for the first
    /// report. Every page, figure and check that compares with "the year before" asks here.
    ///
    /// Does not rely on the reports being sorted by year.
    pub fn previous(&self, ri: usize) -> Option<usize> {
        let year = self.reports.get(ri)?.year;
        self.reports
            .iter()
            .enumerate()
            .filter(|(_, r)| r.year < year)
            .max_by_key(|(_, r)| r.year)
            .map(|(i, _)| i)
    }

    /// The report that follows report `ri`: the one whose [`Department::previous`] it is,
    /// the department's report with the earliest fiscal year after `ri`'s.
    pub fn next(&self, ri: usize) -> Option<usize> {
        let year = self.reports.get(ri)?.year;
        self.reports
            .iter()
            .enumerate()
            .filter(|(_, r)| r.year > year)
            .min_by_key(|(_, r)| r.year)
            .map(|(i, _)| i)
    }

    /// The name the department had in fiscal year `fy`.
    pub fn name_in(&self, fy: FiscalYear) -> &str {
        let mut names: Vec<&FormerName> = self.former_names.iter().collect();
        names.sort_by_key(|f| f.until);
        names
            .into_iter()
            .find(|f| fy <= f.until)
            .map(|f| f.name.as_str())
            .unwrap_or(&self.name)
    }
}

/// 問い合わせ先 of a department: every part optional, shown as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    /// 電話
    pub phone: Option<String>,
    /// ファクス
    pub fax: Option<String>,
    /// メールアドレス
    pub email: Option<String>,
    /// URL of the 問い合わせフォーム.
    pub form: Option<String>,
    /// 内線 or office hours, as written.
    pub note: Option<String>,
}

/// `s` trimmed when it is an http(s) URL, the only kind of address a page links to
/// (a 問い合わせフォーム written otherwise is shown as text, and `check` warns).
pub fn web_url(s: &str) -> Option<&str> {
    let s = s.trim();
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(s)
}

/// Columns the source has and the format does not (`extra` tables): label and Markdown
/// text, in the order the file writes them.
pub type Extra = Vec<(String, At<String>)>;

/// A name a department used until a fiscal year.
#[derive(Debug, Clone)]
pub struct FormerName {
    /// The name.
    pub name: String,
    /// Last fiscal year it was used.
    pub until: FiscalYear,
}

/// A person: 部長, 理事 …
#[derive(Debug, Clone, Default)]
pub struct Person {
    /// 部長, 理事, …
    pub title: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// 担当
    pub role: Option<String>,
}

/// Budget figures in yen.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    /// 一般会計
    pub general: Option<i64>,
    /// 特別会計
    pub special: Option<i64>,
    /// 一般会計 of the whole city.
    pub general_city_total: Option<i64>,
    /// 特別会計 of the whole city.
    pub special_city_total: Option<i64>,
    /// 当初予算, 予算現額, 決算 …
    pub basis: Option<String>,
}

/// Staff of one unit.
#[derive(Debug, Clone)]
pub struct StaffRow {
    /// The 課.
    pub unit: At<String>,
    /// Counts by employment type, in file order.
    pub counts: Vec<(String, i64)>,
    /// 合計 as written (may differ from the sum of `counts` in a source).
    pub total: Option<i64>,
}

/// A plan reference as written: `"4-1-2 多様な市民活動の支援"` or `"kihon:51"`.
#[derive(Debug, Clone)]
pub struct PlanRef {
    /// The whole string as written.
    pub raw: String,
    /// Plan slug (explicit or the primary plan).
    pub plan: String,
    /// Code as written (without slug and title).
    pub code: String,
    /// Title written after the code, if any.
    pub title: Option<String>,
    /// True for codes such as `0-0-0` that mean "none": shown, never linked.
    pub none: bool,
    /// Where it is written.
    pub loc: Loc,
}

/// 主な課題と対応
#[derive(Debug, Clone)]
pub struct Challenge {
    /// Unique in the report.
    pub id: At<String>,
    /// Title.
    pub title: String,
    /// 課題内容
    pub description: Option<At<String>>,
    /// 対応・取り組み方針
    pub response: Option<At<String>>,
    /// Plan references.
    pub plan: Vec<PlanRef>,
    /// 担当課
    pub sections: Vec<At<String>>,
    /// Columns of the source the format has no field for.
    pub extra: Extra,
}

/// A row inside a goal: 達成目標 → 具体的取組 → 実績.
#[derive(Debug, Clone, Default)]
pub struct Initiative {
    /// Number as the source writes it (`1-1-1`).
    pub number: Option<String>,
    /// Heading of the row.
    pub title: Option<String>,
    /// 達成目標
    pub aim: Option<At<String>>,
    /// 具体的取組
    pub actions: Option<At<String>>,
    /// 実績
    pub results: Option<At<String>>,
    /// 達成状況
    pub status: Option<At<String>>,
    /// Grade as written.
    pub grade: Option<At<String>>,
    /// 所管課
    pub sections: Vec<At<String>>,
    /// Columns of the source the format has no field for.
    pub extra: Extra,
}

/// Which direction of an indicator is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Better {
    /// More is better (default).
    #[default]
    Higher,
    /// Less is better (市債残高, 事故件数).
    Lower,
}

/// 目標値 and 実績.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Series id across years.
    pub id: Option<At<String>>,
    /// Name.
    pub name: String,
    /// Unit: 件, 円, %.
    pub unit: Option<String>,
    /// 目標値
    pub target: Option<f64>,
    /// 実績 (absent = not yet measured)
    pub actual: Option<f64>,
    /// Starting value.
    pub baseline: Option<f64>,
    /// Direction.
    pub better: Better,
    /// How the source labels the baseline (「H27年度」).
    pub baseline_label: Option<String>,
    /// How the source labels the actual: its period, or that it is an estimate (見込).
    pub actual_label: Option<String>,
    /// The source writes the actual with 約 (about).
    pub approximate: bool,
    /// What the source writes where the baseline number would be (「新規（実績なし）」).
    pub baseline_text: Option<String>,
    /// What the source writes where the target number would be (「増加」).
    pub target_text: Option<String>,
    /// What the source writes where the actual number would be (「調査中」).
    pub actual_text: Option<String>,
    /// Columns of the source the format has no field for.
    pub extra: Extra,
    /// Where the indicator table is.
    pub loc: Loc,
}

/// The character `c` of an entry's id becomes in the entry's page anchor (`goal-a-b`):
/// white space and quotes as `-`, anything else as is. Ids whose anchors would be equal
/// (`a b`, `a-b`, `a"b`) are refused by validation, so every anchor on a page is unique.
pub fn anchor_char(c: char) -> char {
    if c.is_whitespace() || c == '"' || c == '\'' {
        '-'
    } else {
        c
    }
}

/// 重点目標 / 当年度目標 / 取組
#[derive(Debug, Clone)]
pub struct Goal {
    /// Stable across years.
    pub id: At<String>,
    /// Shown number (default: position).
    pub number: String,
    /// Title.
    pub title: At<String>,
    /// 分野
    pub field: Option<String>,
    /// 所管課
    pub sections: Vec<At<String>>,
    /// Plan references.
    pub plan: Vec<PlanRef>,
    /// 達成目標 / 取組内容
    pub aim: Option<At<String>>,
    /// 達成目標 [目標値] as the source words it, when it is not only numbers.
    pub target_text: Option<At<String>>,
    /// 具体的取組 / スケジュール
    pub actions: Option<At<String>>,
    /// 取組実績
    pub results: Option<At<String>>,
    /// 達成状況
    pub status: Option<At<String>>,
    /// Written grade.
    pub grade: Option<At<String>>,
    /// 総合評価
    pub evaluation: Option<At<String>>,
    /// 次年度以降に向けて
    pub next: Option<At<String>>,
    /// Rows.
    pub initiatives: Vec<Initiative>,
    /// Indicators.
    pub indicators: Vec<Indicator>,
    /// The id of the `[[challenges]]` entry this goal serves.
    pub challenge: Option<At<String>>,
    /// Columns of the source the format has no field for.
    pub extra: Extra,
}

/// 主な事業
#[derive(Debug, Clone)]
pub struct Project {
    /// Unique in the report.
    pub id: At<String>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<At<String>>,
    /// 目標
    pub target: Option<At<String>>,
    /// Related challenge ids.
    pub challenges: Vec<At<String>>,
    /// Budget in yen.
    pub budget: Option<i64>,
    /// 担当課
    pub sections: Vec<At<String>>,
    /// Plan references.
    pub plan: Vec<PlanRef>,
    /// 関連する課題 as written, when it names a title rather than an id.
    pub challenge_titles: Vec<At<String>>,
    /// Columns of the source the format has no field for.
    pub extra: Extra,
}

/// 中期目標
#[derive(Debug, Clone)]
pub struct Midterm {
    /// Unique in the report.
    pub id: At<String>,
    /// Title.
    pub title: String,
    /// Body.
    pub body: Option<At<String>>,
    /// Schedule.
    pub schedule: Option<At<String>>,
    /// Years covered.
    pub period: Option<(FiscalYear, FiscalYear)>,
    /// Plan references.
    pub plan: Vec<PlanRef>,
    /// Columns of the source the format has no field for.
    pub extra: Extra,
}

/// One department's report for one fiscal year: `<FY>.toml` and optional `<FY>.md`.
#[derive(Debug, Clone)]
pub struct Report {
    /// The fiscal year.
    pub year: FiscalYear,
    /// 運営方針, 目標宣言, …
    pub kind: Option<String>,
    /// Title as written.
    pub title: Option<String>,
    /// 公表日
    pub published: Option<Date>,
    /// 最終更新日
    pub updated: Option<Date>,
    /// 部長
    pub head: Option<Person>,
    /// 理事 …
    pub officers: Vec<Person>,
    /// 部局の使命
    pub mission: Option<At<String>>,
    /// 基本方針
    pub policy: Option<At<String>>,
    /// 取り組みの総括
    pub review: Option<At<String>>,
    /// 分掌事務
    pub duties: Vec<At<String>>,
    /// What the source calls its goals.
    pub goals_heading: Option<String>,
    /// Date budget and staff are as of.
    pub resources_as_of: Option<Date>,
    /// Budget.
    pub budget: Option<Budget>,
    /// 組織構成.
    pub staff: Vec<StaffRow>,
    /// 主な課題と対応.
    pub challenges: Vec<Challenge>,
    /// Goals.
    pub goals: Vec<Goal>,
    /// 主な事業.
    pub projects: Vec<Project>,
    /// 中期目標.
    pub midterm: Vec<Midterm>,
    /// Totals stated under the staff table (部職員合計 …), in file order.
    pub staff_totals: Vec<(String, i64)>,
    /// Section headings as the source words them, by section key.
    pub headings: Vec<(String, String)>,
    /// The published page this report transcribes: title and page id.
    pub source: Option<SourceRef>,
    /// Markdown of `<FY>.md` after its front matter.
    pub message: Option<At<String>>,
    /// `graded` as the report writes it (it overrides the site's).
    pub graded: Option<bool>,
    /// 更新履歴 as the source lists it, oldest first.
    pub revisions: Vec<Revision>,
    /// Sections the source has and the format does not.
    pub extra_sections: Vec<ExtraSection>,
    /// The report's TOML file.
    pub loc: Loc,
}

impl Report {
    /// Whether the report's goals are graded: its own `graded`, else the site's.
    pub fn is_graded(&self, site: &SiteConfig) -> bool {
        self.graded.unwrap_or(site.graded)
    }

    /// 最終更新日 as the report states it: `updated`, else the latest date of its
    /// 更新履歴.
    pub fn stated_update(&self) -> Option<Date> {
        self.updated
            .or_else(|| self.revisions.iter().map(|r| r.date).max())
    }
}

/// One entry of a report's 更新履歴.
#[derive(Debug, Clone)]
pub struct Revision {
    /// The day of the change.
    pub date: Date,
    /// What changed (Markdown).
    pub note: Option<At<String>>,
}

/// Where an extra section goes: at the top, or after one of the standard sections.
pub const SECTION_KEYS: [&str; 12] = [
    "top",
    "message",
    "officers",
    "mission",
    "policy",
    "review",
    "duties",
    "resources",
    "challenges",
    "goals",
    "projects",
    "midterm",
];

/// A section of the source that the format has no field for (目標（何をめざすのか）, ※注記).
#[derive(Debug, Clone)]
pub struct ExtraSection {
    /// Heading.
    pub title: String,
    /// Markdown.
    pub body: Option<At<String>>,
    /// `top` or the key of the standard section it follows; `None`: just before the goals.
    pub after: Option<String>,
}

/// The page a report was transcribed from.
#[derive(Debug, Clone, Default)]
pub struct SourceRef {
    /// The page's own heading.
    pub page_title: Option<String>,
    /// The city's page id (ページID).
    pub page_id: Option<String>,
    /// URL of the original.
    pub url: Option<String>,
}

/// A calendar date as written in TOML (`2021-05-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

impl Date {
    /// `2021年5月1日`
    pub fn japanese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// The date as the site writes years: `令和3年5月1日` (和暦, the era of the day itself:
    /// 2019-04-30 is 平成31年, 2019-05-01 令和元年), `2021年5月1日`, or both
    /// (`令和3年（2021年）5月1日`).
    pub fn label(&self, style: YearStyle) -> String {
        let western = || format!("{}年", self.year);
        let wareki = || {
            let day = (self.year, self.month, self.day);
            // First days of the eras a report's dates can fall in.
            let era = [
                ("令和", (2019, 5, 1)),
                ("平成", (1989, 1, 8)),
                ("昭和", (1926, 12, 25)),
            ]
            .into_iter()
            .find(|(_, start)| day >= *start);
            match era {
                Some((name, start)) => match self.year - start.0 + 1 {
                    1 => format!("{name}元年"),
                    n => format!("{name}{n}年"),
                },
                None => western(),
            }
        };
        let year = match style {
            YearStyle::Western => western(),
            YearStyle::Wareki => wareki(),
            YearStyle::Both => format!("{}（{}）", wareki(), western()),
        };
        format!("{year}{}月{}日", self.month, self.day)
    }

    /// `2021-05-01`
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_sites_year_style_and_the_era_of_the_day() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(d(2021, 5, 1).label(YearStyle::Wareki), "令和3年5月1日");
        assert_eq!(d(2019, 4, 30).label(YearStyle::Wareki), "平成31年4月30日");
        assert_eq!(d(2019, 5, 1).label(YearStyle::Wareki), "令和元年5月1日");
        assert_eq!(d(1989, 1, 7).label(YearStyle::Wareki), "昭和64年1月7日");
        assert_eq!(d(1989, 1, 8).label(YearStyle::Wareki), "平成元年1月8日");
        assert_eq!(d(2021, 5, 1).label(YearStyle::Western), "2021年5月1日");
        assert_eq!(
            d(2024, 6, 10).label(YearStyle::Both),
            "令和6年（2024年）6月10日"
        );
    }
}
