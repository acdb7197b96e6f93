//! `hyoka check` lints: warnings (never errors: the site still builds) for what city staff
//! commonly get wrong, each pointing at the file and line with a suggestion.
//!
//! - a 和暦 and a 西暦 year written together that disagree: 令和2年度(2019年度);
//! - a 所管課/担当課 that is not among the department's `units`;
//! - a plan reference whose written title differs from the plan's title for that code;
//! - a report year outside the period of a plan it refers to;
//! - a goal id whose title differs from the previous year's (a likely renumbering slip);
//! - a staff row whose written 合計 is not the sum of its cells;
//! - a 関連する課題 written as a title that matches no challenge of the report;
//! - last year's text carried into this year's report (`carried`) and what Excel and Word
//!   leave in pasted prose (`pastes`);
//! - lines of a list whose marks the page does not keep apart (`run_together`).

use super::carried;
use crate::diag::{Diagnostic, Diagnostics, Loc, SourceMap, nearest};
use crate::model::fiscal::{FiscalYear, era_names};
use crate::model::fold::fold;
use crate::model::plans::{PlanTree, PlanTrees};
use crate::model::{At, Department, PlanRef, Report, Site};
use rayon::prelude::*;
use std::collections::HashMap;

/// Adds lint warnings for `site` to `diags`.
pub fn lint(site: &Site, sources: &SourceMap, diags: &mut Diagnostics) {
    let plans = PlanTrees::build(&site.plans);
    lint_with(
        site,
        Plans::new(&plans.trees, &plans.by_slug),
        sources,
        diags,
    );
}

/// The plan trees the lints resolve references with (the build's indexes hold them: it
/// computes them once and shares them with rendering).
#[derive(Clone, Copy)]
pub struct Plans<'a> {
    trees: &'a [PlanTree],
    by_slug: &'a HashMap<String, usize>,
}

impl<'a> Plans<'a> {
    /// Plans for the lints from trees built elsewhere.
    pub fn new(trees: &'a [PlanTree], by_slug: &'a HashMap<String, usize>) -> Self {
        Plans { trees, by_slug }
    }
}

/// [`lint`] with the plan trees already built.
pub fn lint_with(site: &Site, trees: Plans, sources: &SourceMap, diags: &mut Diagnostics) {
    let found: Vec<Vec<Diagnostic>> = site
        .departments
        .par_iter()
        .map(|dept| lint_department(site, trees, dept, sources))
        .collect();
    for f in found {
        diags.items.extend(f);
    }
}

/// The lint warnings of one department's reports (every lint looks at one department:
/// `hyoka serve` checks again only the department whose report changed).
pub fn lint_department(
    site: &Site,
    trees: Plans,
    dept: &Department,
    sources: &SourceMap,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, report) in dept.reports.iter().enumerate() {
        lint_report(site, trees, dept, report, sources, &mut out);
        let prev = dept.previous(i).map(|p| &dept.reports[p]);
        let markers = carried::draft_markers(report, sources);
        if let Some(first) = markers.first() {
            out.push(carried::markers_left(report, sources, first.0, &markers));
        }
        if let Some(prev) = prev {
            renumbered_goals(prev, report, sources, &mut out);
            carried::copied_from(prev, report, sources, !markers.is_empty(), &mut out);
        }
    }
    out
}

/// Every prose field of a report, with its location.
pub(super) fn prose_fields(r: &Report) -> Vec<&At<String>> {
    let mut v: Vec<&At<String>> = Vec::new();
    for x in [&r.mission, &r.policy, &r.review, &r.message]
        .into_iter()
        .flatten()
    {
        v.push(x);
    }
    v.extend(r.duties.iter());
    for g in &r.goals {
        v.push(&g.title);
        for x in [
            &g.aim,
            &g.target_text,
            &g.actions,
            &g.results,
            &g.status,
            &g.evaluation,
            &g.next,
        ]
        .into_iter()
        .flatten()
        {
            v.push(x);
        }
        for i in &g.initiatives {
            for x in [&i.aim, &i.actions, &i.results, &i.status]
                .into_iter()
                .flatten()
            {
                v.push(x);
            }
        }
    }
    for c in &r.challenges {
        for x in [&c.description, &c.response].into_iter().flatten() {
            v.push(x);
        }
    }
    for p in &r.projects {
        for x in [&p.description, &p.target].into_iter().flatten() {
            v.push(x);
        }
    }
    for m in &r.midterm {
        for x in [&m.body, &m.schedule].into_iter().flatten() {
            v.push(x);
        }
    }
    v
}

fn lint_report(
    site: &Site,
    trees: Plans,
    dept: &Department,
    r: &Report,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    for field in prose_fields(r) {
        super::pastes::pastes(field, sources, out);
        super::run_together::run_together(field, sources, out);
    }
    // 和暦 and 西暦 side by side.
    for field in prose_fields(r) {
        for m in era_pairs(&field.v) {
            if m.wareki != m.western {
                let loc = locate(sources, field, &m.text);
                out.push(
                    Diagnostic::warning(
                        loc,
                        format!(
                            "「{}」の和暦と西暦が合っていません（{}は{}年度、{}年度は{}です）。",
                            m.text,
                            m.era_text,
                            m.wareki.year(),
                            m.western.year(),
                            m.western.wareki()
                        ),
                    )
                    .hint("どちらが正しいか確かめて、和暦か西暦を直してください。"),
                );
            }
        }
    }
    // 所管課 among units.
    if !dept.units.is_empty() {
        let units: Vec<&str> = dept.units.iter().map(|u| u.v.as_str()).collect();
        let mut check = |s: &At<String>| {
            if units.contains(&s.v.as_str()) {
                return;
            }
            let hint = match nearest(&s.v, units.iter().copied()) {
                Some(n) => format!(
                    "「{n}」の書き間違いではありませんか。新しい課なら department.toml の units に加えてください。"
                ),
                None => format!(
                    "department.toml の units（{}）に加えるか、課の名前を確認してください。",
                    units.join("、")
                ),
            };
            out.push(
                Diagnostic::warning(
                    s.loc,
                    format!("「{}」は{}の課・室（units）にありません。", s.v, dept.name),
                )
                .hint(hint),
            );
        };
        for g in &r.goals {
            g.sections.iter().for_each(&mut check);
            for i in &g.initiatives {
                i.sections.iter().for_each(&mut check);
            }
        }
        for c in &r.challenges {
            c.sections.iter().for_each(&mut check);
        }
        for p in &r.projects {
            p.sections.iter().for_each(&mut check);
        }
    }
    // Plan references: title as written, and the plan's period.
    let mut refs: Vec<&PlanRef> = Vec::new();
    for g in &r.goals {
        refs.extend(&g.plan);
    }
    for c in &r.challenges {
        refs.extend(&c.plan);
    }
    for p in &r.projects {
        refs.extend(&p.plan);
    }
    for m in &r.midterm {
        refs.extend(&m.plan);
    }
    let mut period_warned: Vec<usize> = Vec::new();
    for pr in refs {
        let primary = site.config.primary_plan.as_ref().map(|p| p.v.as_str());
        let Some((p, n)) = crate::model::plans::resolve(pr, primary, trees.by_slug, trees.trees)
        else {
            continue;
        };
        let plan = &site.plans[p];
        let node = &trees.trees[p].nodes[n];
        if let Some(written) = &pr.title
            && !node.title.is_empty()
            && squash(written) != squash(&node.title)
        {
            out.push(
                Diagnostic::warning(
                    pr.loc,
                    format!(
                        "「{}」の名称が計画と違います（{}では「{}」）。",
                        pr.raw,
                        plan.label(),
                        node.title
                    ),
                )
                .hint(format!(
                    "コードが正しければ名称を「{}」に、名称が正しければコードを直してください。",
                    node.title
                )),
            );
        }
        if let Some((from, to)) = plan.period
            && (r.year < from || r.year > to)
            && !period_warned.contains(&p)
        {
            period_warned.push(p);
            out.push(
                Diagnostic::warning(
                    pr.loc,
                    format!(
                        "{}の報告が、計画期間外の「{}」（{}〜{}）を参照しています。",
                        r.year.wareki(),
                        plan.name,
                        from.wareki(),
                        to.wareki()
                    ),
                )
                .hint("その年度に有効な計画（後期基本計画など）の項目を参照しているか確認してください。"),
            );
        }
    }
    // Staff totals.
    for row in &r.staff {
        let sum: i64 = row.counts.iter().map(|(_, n)| n).sum();
        if let Some(t) = row.total
            && t != sum
        {
            out.push(
                Diagnostic::warning(
                    row.unit.loc,
                    format!(
                        "{}の職員数の合計 {t} が内訳の和 {sum} と合いません。",
                        row.unit.v
                    ),
                )
                .hint("合計か内訳のどちらかを確認してください。"),
            );
        }
    }
    // 関連する課題 written as titles.
    for p in &r.projects {
        for t in &p.challenge_titles {
            if !r
                .challenges
                .iter()
                .any(|c| squash(&c.title) == squash(&t.v))
            {
                let sugg = nearest(&t.v, r.challenges.iter().map(|c| c.title.as_str()));
                out.push(
                    Diagnostic::warning(
                        t.loc,
                        format!(
                            "事業「{}」の関連する課題「{}」に当たる課題がこの報告にありません。",
                            p.name, t.v
                        ),
                    )
                    .hint(match sugg {
                        Some(s) => format!("「{s}」のことではありませんか。"),
                        None => "課題の名称を確認してください。".into(),
                    }),
                );
            }
        }
    }
}

/// A goal whose id continues from last year but whose title changed: often a renumbering
/// slip (ids shifted after a goal was removed).
fn renumbered_goals(prev: &Report, r: &Report, _sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    for g in &r.goals {
        if let Some(p) = prev.goals.iter().find(|p| p.id.v == g.id.v)
            && squash(&p.title.v) != squash(&g.title.v)
        {
            let other = prev
                .goals
                .iter()
                .find(|x| squash(&x.title.v) == squash(&g.title.v));
            let hint = match other {
                Some(o) => format!(
                    "前年度は id「{}」がこの名称でした。同じ目標なら id を「{}」にそろえてください。",
                    o.id.v, o.id.v
                ),
                None => "同じ目標の名称を見直しただけなら問題ありません。別の目標なら新しい id を付けてください（前年度との比較が正しくなります）。".into(),
            };
            out.push(
                Diagnostic::warning(
                    g.id.loc,
                    format!(
                        "目標 id「{}」の名称が{}（「{}」）と違います。",
                        g.id.v,
                        prev.year.wareki(),
                        p.title.v
                    ),
                )
                .hint(hint),
            );
        }
    }
}

/// Compares titles ignoring width, spaces and bracket style.
fn squash(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

/// A 和暦 year and a 西暦 year written side by side.
#[derive(Debug, PartialEq)]
pub struct EraPair {
    /// The matched text as written.
    pub text: String,
    /// The era part as written (令和2年度).
    pub era_text: String,
    /// The year the era part stands for.
    pub wareki: FiscalYear,
    /// The year the Western part stands for.
    pub western: FiscalYear,
}

/// Finds 「令和2年度(2019年度)」 and 「2019年度（令和2年度）」 in prose (full-width digits
/// and brackets tolerated).
pub fn era_pairs(text: &str) -> Vec<EraPair> {
    // Both forms need 年: most prose has none and is done here.
    if !text.contains('年') {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let folded: Vec<char> = chars.iter().map(|&(_, c)| fold_char(c)).collect();
    let mut out = Vec::new();
    let byte_at = |i: usize| chars.get(i).map(|c| c.0).unwrap_or(text.len());
    let mut i = 0;
    while i < folded.len() {
        // Only an era's first character or a digit can start either form.
        let c = folded[i];
        if !c.is_ascii_digit() && !era_names().any(|e| e.starts_with(c)) {
            i += 1;
            continue;
        }
        // Wareki first.
        if let Some((era_y, after)) = parse_era(&folded, i) {
            if let Some((west, end)) = bracketed(&folded, after, parse_western) {
                out.push(EraPair {
                    text: text[byte_at(i)..byte_at(end)].to_string(),
                    era_text: text[byte_at(i)..byte_at(after)].to_string(),
                    wareki: era_y,
                    western: west,
                });
                i = end;
                continue;
            }
        } else if let Some((west, after)) = parse_western(&folded, i)
            && (i == 0 || !folded[i - 1].is_ascii_digit())
            && let Some((era_y, end)) = bracketed(&folded, after, parse_era)
        {
            let open = skip_open(&folded, after).unwrap_or(after);
            let close_start = (open..end)
                .rev()
                .find(|&k| folded[k] == '年')
                .map(|k| k + 1)
                .unwrap_or(end);
            let era_end = if close_start < folded.len() && folded[close_start] == '度' {
                close_start + 1
            } else {
                close_start
            };
            out.push(EraPair {
                text: text[byte_at(i)..byte_at(end)].to_string(),
                era_text: text[byte_at(open)..byte_at(era_end)].to_string(),
                wareki: era_y,
                western: west,
            });
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

/// The fiscal years a text names as 年度, 和暦 or 西暦 (full-width digits tolerated), each
/// as written: 「令和7年度」, 「２０２５年度」. A 年 without 度 is a calendar year and is left
/// out.
pub fn years_named(text: &str) -> Vec<(String, FiscalYear)> {
    if !text.contains('年') {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let folded: Vec<char> = chars.iter().map(|&(_, c)| fold_char(c)).collect();
    let byte_at = |i: usize| chars.get(i).map(|c| c.0).unwrap_or(text.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let c = folded[i];
        let found = if c.is_ascii_digit() {
            parse_western(&folded, i).filter(|_| i == 0 || !folded[i - 1].is_ascii_digit())
        } else if era_names().any(|e| e.starts_with(c)) {
            parse_era(&folded, i)
        } else {
            None
        };
        match found {
            Some((y, end)) if folded[end - 1] == '度' => {
                out.push((text[byte_at(i)..byte_at(end)].to_string(), y));
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

fn fold_char(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '（' => '(',
        '）' => ')',
        _ => c,
    }
}

/// 令和2年度 / 令和元年 at `i`: (year, index after).
fn parse_era(s: &[char], i: usize) -> Option<(FiscalYear, usize)> {
    let first = *s.get(i)?;
    for era in era_names() {
        // Compared in place: this runs at every character of every prose field.
        if !era.starts_with(first) {
            continue;
        }
        let len = era.chars().count();
        if s.len() >= i + len && era.chars().zip(&s[i..i + len]).all(|(a, &b)| a == b) {
            let mut j = i + len;
            while j < s.len() && s[j] == ' ' {
                j += 1;
            }
            let n = if j < s.len() && s[j] == '元' {
                j += 1;
                1
            } else {
                let start = j;
                while j < s.len() && s[j].is_ascii_digit() {
                    j += 1;
                }
                if j == start || j - start > 3 {
                    return None;
                }
                s[start..j].iter().collect::<String>().parse().ok()?
            };
            while j < s.len() && s[j] == ' ' {
                j += 1;
            }
            if j < s.len() && s[j] == '年' {
                j += 1;
                if j < s.len() && s[j] == '度' {
                    j += 1;
                }
                return FiscalYear::from_era(era, n).map(|f| (f, j));
            }
            return None;
        }
    }
    None
}

/// 2019年度 at `i`.
fn parse_western(s: &[char], i: usize) -> Option<(FiscalYear, usize)> {
    let mut j = i;
    while j < s.len() && s[j].is_ascii_digit() {
        j += 1;
    }
    if j - i != 4 {
        return None;
    }
    let y: i32 = s[i..j].iter().collect::<String>().parse().ok()?;
    while j < s.len() && s[j] == ' ' {
        j += 1;
    }
    if j < s.len() && s[j] == '年' {
        j += 1;
        if j < s.len() && s[j] == '度' {
            j += 1;
        }
        Some((FiscalYear(y), j))
    } else {
        None
    }
}

fn skip_open(s: &[char], mut j: usize) -> Option<usize> {
    while j < s.len() && s[j] == ' ' {
        j += 1;
    }
    (j < s.len() && s[j] == '(').then_some(j + 1)
}

/// Parses a year at an index: (year, index after).
type YearParser = fn(&[char], usize) -> Option<(FiscalYear, usize)>;

/// `(…)` right after `after`, holding what `inner` parses.
fn bracketed(s: &[char], after: usize, inner: YearParser) -> Option<(FiscalYear, usize)> {
    let j = skip_open(s, after)?;
    let (y, mut k) = inner(s, j)?;
    while k < s.len() && s[k] == ' ' {
        k += 1;
    }
    (k < s.len() && s[k] == ')').then_some((y, k + 1))
}

/// The location of `needle` inside a string field: found in the raw file text between the
/// field's span, else the field's start.
pub(super) fn locate(sources: &SourceMap, field: &At<String>, needle: &str) -> Loc {
    let file = sources.get(field.loc.file);
    let (a, b) = (
        field.loc.start as usize,
        (field.loc.end as usize).min(file.text.len()),
    );
    if let Some(slice) = file.text.get(a..b)
        && let Some(off) = slice.find(needle)
    {
        return Loc {
            file: field.loc.file,
            start: (a + off) as u32,
            end: (a + off + needle.len()) as u32,
        };
    }
    field.loc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_pairs_found_both_ways() {
        let p = era_pairs("令和2年度(2019年度)に策定した");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].wareki, FiscalYear(2020));
        assert_eq!(p[0].western, FiscalYear(2019));
        assert_eq!(p[0].text, "令和2年度(2019年度)");
        assert_eq!(p[0].era_text, "令和2年度");
        let p = era_pairs("令和３年度（２０２１年度）の予算");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].wareki, p[0].western);
        let p = era_pairs("2019年度（令和元年度）");
        assert_eq!(p[0].wareki, FiscalYear(2019));
        assert_eq!(p[0].western, FiscalYear(2019));
        let p = era_pairs("2018年度（令和元年度）から");
        assert_ne!(p[0].wareki, p[0].western);
        assert_eq!(p[0].era_text, "令和元年度");
        assert!(era_pairs("令和2年度に 2019年の実績").is_empty());
        assert!(era_pairs("12019年度(令和2年度)").is_empty());
    }

    #[test]
    fn years_named_as_fiscal_years_only() {
        let y = |t: &str| {
            years_named(t)
                .into_iter()
                .map(|(s, f)| (s, f.year()))
                .collect::<Vec<_>>()
        };
        assert_eq!(y("令和7年度 市民部"), [("令和7年度".to_string(), 2025)]);
        assert_eq!(
            y("２０２５年度の方針"),
            [("２０２５年度".to_string(), 2025)]
        );
        assert_eq!(
            y("令和元年度と2019年度"),
            [
                ("令和元年度".to_string(), 2019),
                ("2019年度".to_string(), 2019)
            ]
        );
        // A calendar year, a date, a longer number: no fiscal year.
        assert!(y("令和7年4月1日、12025年度").is_empty());
    }

    #[test]
    fn squash_ignores_width_and_spaces() {
        assert_eq!(
            squash("行財政改革の推進 (公民連携)"),
            squash("行財政改革の推進（公民連携）")
        );
        assert_ne!(
            squash("多様な市民活動の支援"),
            squash("地域コミュニティの活性化")
        );
    }
}
