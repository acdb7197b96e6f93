//! The view types several pages share (links, grades, rates, scales, plan references,
//! rows by department, plan items served) and the context every view is built with.
//! Every number is formatted and every prose field turned into HTML in the view-models,
//! so templates only place things; each page's own view-model is in its file under
//! `render/pages/`.

use crate::analyze::index::{Indexes, RefKind};
use crate::analyze::metrics::{self, GoalGrade, Tally};
use crate::model::fiscal::{FiscalYear, YearStyle};
use crate::model::*;
use crate::render::markdown::{self, MdOptions};
use crate::render::urls::PageRef;
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
    /// What the page puts beside a derived grade: 参考：指標から算出 (and the mean rate);
    /// empty for a written grade.
    pub note: String,
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
        let note = match (derived, &from) {
            (false, _) => String::new(),
            (true, Some(mean)) => [crate::model::DERIVED_LABEL, "・指標の平均", mean].concat(),
            (true, None) => crate::model::DERIVED_LABEL.into(),
        };
        GradeView {
            note,
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
            note: String::new(),
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
    /// Whether anything behind it is graded: false for an ungraded report (a plan, a
    /// profile) or a set of only such reports, which show no 達成率 and no 未評価.
    pub graded: bool,
    /// Ungraded reports left out of the counts.
    pub ungraded: usize,
    /// Counted goals whose grade is derived from indicators.
    pub derived: usize,
    /// The sentence saying how many counted grades are derived (「評価済みのうち1件は
    /// 「参考：指標から算出」の評価です（…）。」), empty when none is.
    pub derived_note: String,
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
            graded: t.is_graded(),
            ungraded: t.ungraded,
            derived: t.derived,
            derived_note: derived_note(t),
        }
    }
}

/// 「評価済みのうち1件は「参考：指標から算出」の評価です（…）。」, or empty when no counted
/// grade is derived. It follows the counts (評価済み3件のうち…), so it does not repeat them.
fn derived_note(t: &Tally) -> String {
    if t.derived == 0 {
        return String::new();
    }
    let mut n = itoa::Buffer::new();
    let which = if t.derived == t.counted {
        ["評価済みの", n.format(t.counted), "件はすべて"].concat()
    } else {
        ["評価済みのうち", n.format(t.derived), "件は"].concat()
    };
    [
        &which,
        "「",
        crate::model::DERIVED_LABEL,
        "」の評価です（評価が書かれていないため、指標の達成率の平均から求めたもの）。",
    ]
    .concat()
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
    /// How many of them have a grade derived from indicators.
    pub derived: usize,
}

/// Counts goals by level under `scale`, levels in scale order, 未評価 last.
pub fn distribution<'a>(
    grades: impl IntoIterator<Item = GoalGrade<'a>>,
    scale: &GradeScale,
) -> Vec<DistView> {
    let mut counts = vec![0usize; scale.levels.len() + 1];
    let mut derived = vec![0usize; scale.levels.len()];
    for g in grades {
        match g.level() {
            Some(l) => {
                if let Some(i) = scale.levels.iter().position(|x| x.symbol == l.symbol) {
                    counts[i] += 1;
                    if matches!(g, GoalGrade::Derived(..)) {
                        derived[i] += 1;
                    }
                }
            }
            None => counts[scale.levels.len()] += 1,
        }
    }
    let mut out: Vec<DistView> = scale
        .levels
        .iter()
        .zip(counts.iter().zip(&derived))
        .map(|(l, (&c, &d))| DistView {
            symbol: l.symbol.clone(),
            label: l.label.clone(),
            class: grade_class(&l.symbol),
            count: c,
            derived: d,
        })
        .collect();
    out.push(DistView {
        symbol: String::new(),
        label: "未評価".into(),
        class: "none".into(),
        count: counts[scale.levels.len()],
        derived: 0,
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

    /// A date as the site writes years (`令和3年5月1日` when it writes 和暦).
    pub fn date(&self, d: crate::model::Date) -> String {
        d.label(self.site.config.year_style)
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
                            plan.label().to_string(),
                            // As the plan writes it (a report may type ４－１－２).
                            node.code.clone(),
                            r.title.clone().unwrap_or_else(|| node.title.clone()),
                            Some(
                                PageRef::Item {
                                    plan: &plan.slug,
                                    id: &node.id,
                                }
                                .path(),
                            ),
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

/// A plan item a department or a year serves.
#[derive(Serialize)]
pub struct ServedItem {
    /// The plan's short name.
    pub plan: String,
    /// The item's code.
    pub code: String,
    /// The item's title.
    pub title: String,
    /// The item's page.
    pub url: String,
    /// Years (department page) or departments (year page).
    pub by: Vec<Link>,
}

/// The [`ServedItem`] of item `n` of plan `p`, served by `by`.
pub fn served_item(cx: &Ctx, p: usize, n: usize, by: Vec<Link>) -> ServedItem {
    let plan = &cx.site.plans[p];
    let node = &cx.ix.trees[p].nodes[n];
    ServedItem {
        plan: plan.label().to_string(),
        code: node.code.clone(),
        title: node.title.clone(),
        url: PageRef::Item {
            plan: &plan.slug,
            id: &node.id,
        }
        .path(),
        by,
    }
}

/// Items in plan order (plan, then tree order), not in index order.
pub fn in_tree_order<T>(cx: &Ctx, items: Vec<((usize, usize), T)>) -> Vec<((usize, usize), T)> {
    let mut keyed: Vec<((usize, usize), usize, T)> = items
        .into_iter()
        .map(|(k, v)| {
            let pos = cx.ix.tree_pos[k.0][k.1];
            (k, pos, v)
        })
        .collect();
    keyed.sort_by_key(|(k, pos, _)| (k.0, *pos));
    keyed.into_iter().map(|(k, _, v)| (k, v)).collect()
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
    /// Rate of the department's previous report ([`crate::model::Department::previous`]).
    pub prev: Option<RateView>,
    /// Change in points.
    pub change: String,
    /// ↑ ↓ →
    pub arrow: String,
    /// When the previous report is older than the year before: the sentence naming the
    /// years without a report ([`crate::render::compare::gap_note`]).
    pub gap_note: String,
    /// How many departments are above it (a 課 under its 部: 1), for indenting.
    pub depth: usize,
    /// The name of the department it belongs to (`parent`), in that year.
    pub parent: Option<String>,
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

/// A department's 問い合わせ先 as every page shows it, under the department's current
/// name (a report of a year when it was named otherwise still gives today's contact).
#[derive(Serialize, Clone, Debug)]
pub struct ContactView {
    /// The department's current name.
    pub name: String,
    /// 電話: as written, and a `tel:` link when it holds a number.
    pub phone: Option<PhoneView>,
    /// ファクス, as written (a fax number is not a link).
    pub fax: Option<String>,
    /// メールアドレス, as written; the link is `mailto:` it.
    pub email: Option<String>,
    /// The 問い合わせフォーム's address as written.
    pub form: Option<String>,
    /// The form's link: its address when it is an `http(s)://` URL, else empty (the
    /// address is then shown as text; a `javascript:` address never becomes a link).
    pub form_href: String,
    /// 内線, office hours …, as written.
    pub note: Option<String>,
}

/// A telephone number: as written, and the `tel:` link to it.
#[derive(Serialize, Clone, Debug)]
pub struct PhoneView {
    /// As written (`0465-74-2111（代表）`).
    pub text: String,
    /// `tel:0465742111`, or empty when the text holds no number to call.
    pub href: String,
}

impl ContactView {
    /// Department `d`'s contact, if department.toml gives one.
    pub fn of(d: &Department) -> Option<ContactView> {
        let c = d.contact.as_ref()?;
        Some(ContactView {
            name: d.name.clone(),
            phone: c.phone.as_ref().map(|p| PhoneView {
                text: p.clone(),
                href: tel_href(p),
            }),
            fax: c.fax.clone(),
            email: c.email.clone(),
            form: c.form.clone(),
            form_href: c
                .form
                .as_deref()
                .and_then(web_url)
                .unwrap_or_default()
                .to_string(),
            note: c.note.clone(),
        })
    }
}

/// The `tel:` link of a number as staff write it: full-width digits folded, the number
/// read up to the first character that is not part of it (`（代表）`, `内線…`), and kept
/// as digits only (a leading `+` too). Empty when fewer than three digits are found.
pub fn tel_href(written: &str) -> String {
    let mut digits = String::new();
    for c in crate::model::fold::fold_chars(written.trim()) {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() => digits.push(c),
            '-' | ' ' | '(' | ')' | '.' => {}
            _ => break,
        }
    }
    if digits.trim_start_matches('+').len() < 3 {
        return String::new();
    }
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    use super::tel_href;

    #[test]
    fn tel_links_hold_digits_only() {
        assert_eq!(tel_href("0465-74-2111"), "tel:0465742111");
        assert_eq!(
            tel_href("０４６５－７４－２１１１（代表）"),
            "tel:0465742111"
        );
        assert_eq!(tel_href("0465(74)2111 内線 2211"), "tel:0465742111");
        assert_eq!(tel_href("+81 465 74 2111"), "tel:+81465742111");
        assert_eq!(tel_href("代表電話へ"), "");
        assert_eq!(tel_href("12"), "");
    }
}
