//! One year's report: its TOML file and its Markdown (front matter over the TOML, the body
//! as the message), read into a [`Report`]. The repeated entries (goals, challenges,
//! projects, 中期目標) are read in [`super::entries`].

use super::entries::{read_challenge, read_goal, read_midterm, read_project};
use super::lint::{locate, years_named};
use super::reader::{Ctx, Tbl};
use super::syntax::{parse_toml, refuse_blank};
use crate::diag::{Diagnostic, Loc, SourceMap};
use crate::model::fiscal::FiscalYear;
use crate::model::*;
use crate::source::{RawReport, file_start};

/// Fields of a report read from one table (the TOML file or the front matter).
#[derive(Default)]
struct ReportFields {
    kind: Option<String>,
    title: Option<At<String>>,
    published: Option<At<Date>>,
    updated: Option<At<Date>>,
    head: Option<Person>,
    officers: Option<Vec<Person>>,
    mission: Option<At<String>>,
    policy: Option<At<String>>,
    review: Option<At<String>>,
    duties: Option<Vec<At<String>>>,
    goals_heading: Option<At<String>>,
    resources_as_of: Option<Date>,
    budget: Option<Budget>,
    staff: Option<Vec<StaffRow>>,
    challenges: Option<Vec<Challenge>>,
    goals: Option<Vec<Goal>>,
    projects: Option<Vec<Project>>,
    midterm: Option<Vec<Midterm>>,
    staff_totals: Option<Vec<(String, i64)>>,
    headings: Option<Vec<(String, String)>>,
    source: Option<SourceRef>,
    /// `[source] page_title` with its place, for the year it names.
    page_title: Option<At<String>>,
    graded: Option<bool>,
    revisions: Option<Vec<Revision>>,
    extra_sections: Option<Vec<ExtraSection>>,
}

impl ReportFields {
    /// Front matter fields win over the TOML file's.
    fn overlay(self, over: ReportFields) -> ReportFields {
        ReportFields {
            kind: over.kind.or(self.kind),
            title: over.title.or(self.title),
            published: over.published.or(self.published),
            updated: over.updated.or(self.updated),
            head: over.head.or(self.head),
            officers: over.officers.or(self.officers),
            mission: over.mission.or(self.mission),
            policy: over.policy.or(self.policy),
            review: over.review.or(self.review),
            duties: over.duties.or(self.duties),
            goals_heading: over.goals_heading.or(self.goals_heading),
            resources_as_of: over.resources_as_of.or(self.resources_as_of),
            budget: over.budget.or(self.budget),
            staff: over.staff.or(self.staff),
            challenges: over.challenges.or(self.challenges),
            goals: over.goals.or(self.goals),
            projects: over.projects.or(self.projects),
            midterm: over.midterm.or(self.midterm),
            staff_totals: over.staff_totals.or(self.staff_totals),
            headings: over.headings.or(self.headings),
            source: over.source.or(self.source),
            page_title: over.page_title.or(self.page_title),
            graded: over.graded.or(self.graded),
            revisions: over.revisions.or(self.revisions),
            extra_sections: over.extra_sections.or(self.extra_sections),
        }
    }
}

/// Reads one year's report from its TOML file and/or its Markdown file; `None` (with the
/// reasons) when either cannot be read.
pub(super) fn read_report(map: &SourceMap, raw: &RawReport) -> (Option<Report>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut fields = ReportFields::default();
    let mut ok = true;
    let mut loc = None;
    if let Some(file) = raw.toml {
        let mut cx = Ctx::new(file, 0);
        let text = &map.get(file).text;
        if refuse_blank(text, &mut cx) {
            ok = false;
        } else {
            match parse_toml(text, &mut cx) {
                Some(doc) => {
                    let mut t = Tbl::new(doc.get_ref(), 0..0, "");
                    // Only comments, and no Markdown beside it: nothing to publish.
                    if doc.get_ref().is_empty() && raw.md.is_none() {
                        cx.error(
                            0..0,
                            "報告に項目がひとつも書かれていません（コメントだけです）。",
                            "書きかけなら、できるまで content/ の外に置いてください。公表するなら kind や [[goals]] などを書いてください。",
                        );
                        ok = false;
                    }
                    fields = read_report_fields(&mut t, &mut cx);
                    t.finish(&mut cx);
                }
                None => ok = false,
            }
        }
        loc = Some(file_start(file));
        diags.extend(cx.diags);
    }
    let mut message = None;
    if let (None, Some(md)) = (raw.toml, raw.md) {
        // Without its TOML a Markdown file is no report: the goals, grades and dates live
        // in the TOML, and a page of only the message is not what staff meant to publish.
        let path = &map.get(md.file).display;
        let toml = path
            .strip_suffix(".md")
            .or_else(|| path.get(..path.len().saturating_sub(3)))
            .map(|stem| format!("{stem}.toml"))
            .unwrap_or_else(|| format!("{}.toml", raw.year.year()));
        diags.push(
            Diagnostic::error(
                file_start(md.file),
                format!(
                    "{} の報告の本体（{toml}）がありません。.md のファイルだけでは報告になりません。",
                    raw.year.wareki()
                ),
            )
            .hint(format!(
                "{toml} を作って kind や [[goals]] などを書いてください（`hyoka new report` で前年度から作れます）。.md は部長のメッセージなどの本文です。不要な .md なら削除してください。"
            )),
        );
        return (None, diags);
    }
    if let Some(md) = raw.md {
        let text = &map.get(md.file).text;
        if let Some((_, b)) = md.front
            && b == text.len()
        {
            // `split_front_matter` found no closing line: the body would be read as TOML.
            diags.push(
                Diagnostic::error(
                    Loc::new(md.file, 0..3),
                    "先頭の +++ に対応する、終わりの +++ の行がありません。",
                )
                .hint("TOML の項目のあとに +++ だけの行を書き、その下に本文を書いてください。front matter を使わないなら、1 行目の +++ を削除してください。"),
            );
            ok = false;
        } else if let Some((a, b)) = md.front {
            let mut cx = Ctx::new(md.file, a);
            match parse_toml(&text[a..b], &mut cx) {
                Some(doc) => {
                    let mut t = Tbl::new(doc.get_ref(), 0..0, "");
                    let front = read_report_fields(&mut t, &mut cx);
                    t.finish(&mut cx);
                    fields = fields.overlay(front);
                }
                None => ok = false,
            }
            diags.extend(cx.diags);
        }
        let body = &text[md.body_start..];
        if !body.trim().is_empty() {
            message = Some(At::new(
                body.to_string(),
                Loc::new(md.file, md.body_start..text.len()),
            ));
        }
        if loc.is_none() {
            loc = Some(file_start(md.file));
        }
    }
    if !ok {
        return (None, diags);
    }
    let loc = loc.unwrap_or_default();
    let f = fields;
    wrong_year(map, raw.year, &f, message.as_ref(), &mut diags);
    far_dates(raw.year, &f, &mut diags);
    (
        Some(Report {
            year: raw.year,
            kind: f.kind,
            title: f.title.map(|t| t.v),
            published: f.published.map(|d| d.v),
            updated: f.updated.map(|d| d.v),
            head: f.head,
            officers: f.officers.unwrap_or_default(),
            mission: f.mission,
            policy: f.policy,
            review: f.review,
            duties: f.duties.unwrap_or_default(),
            goals_heading: f.goals_heading.map(|t| t.v),
            resources_as_of: f.resources_as_of,
            budget: f.budget,
            staff: f.staff.unwrap_or_default(),
            challenges: f.challenges.unwrap_or_default(),
            goals: f.goals.unwrap_or_default(),
            projects: f.projects.unwrap_or_default(),
            midterm: f.midterm.unwrap_or_default(),
            staff_totals: f.staff_totals.unwrap_or_default(),
            headings: f.headings.unwrap_or_default(),
            source: f.source,
            message,
            graded: f.graded,
            revisions: f.revisions.unwrap_or_default(),
            extra_sections: f.extra_sections.unwrap_or_default(),
            loc,
        }),
        diags,
    )
}

/// Warns when a title, heading or the first paragraph of the message or policy names a
/// fiscal year and none of the years it names is the report's: the title of last year's
/// report left in a copy (「令和7年度」 in 2026.toml).
fn wrong_year(
    map: &SourceMap,
    year: FiscalYear,
    f: &ReportFields,
    message: Option<&At<String>>,
    diags: &mut Vec<Diagnostic>,
) {
    let first_paragraph = |a: &At<String>| {
        let t = a.v.trim_start();
        let end = t
            .find("\n\n")
            .or_else(|| t.find("\r\n\r\n"))
            .unwrap_or(t.len());
        At::new(t[..end].to_string(), a.loc)
    };
    let mut fields: Vec<(&str, At<String>)> = Vec::new();
    for (what, a) in [
        ("「title」", &f.title),
        ("「goals_heading」", &f.goals_heading),
        ("[source] の「page_title」", &f.page_title),
    ] {
        if let Some(a) = a {
            fields.push((what, a.clone()));
        }
    }
    if let Some(m) = message {
        fields.push(("本文（メッセージ）の最初の段落", first_paragraph(m)));
    }
    if let Some(p) = &f.policy {
        fields.push(("「policy」の最初の段落", first_paragraph(p)));
    }
    for (what, field) in fields {
        let named = years_named(&field.v);
        if named.is_empty() || named.iter().any(|(_, y)| *y == year) {
            continue;
        }
        let (text, other) = &named[0];
        let file = &map.get(field.loc.file).display;
        diags.push(
            Diagnostic::warning(
                locate(map, &field, text),
                format!(
                    "{what}の「{text}」は{}ですが、このファイル（{file}）は{}（{}年度）の報告です。",
                    other.wareki(),
                    year.wareki(),
                    year.year()
                ),
            )
            .hint("前年度の報告を写したときの直し忘れではありませんか。年度を直すか、ファイル名の年度が正しいか確かめてください。"),
        );
    }
}

/// Warns when `published` or `updated` is more than two years before the report's fiscal
/// year begins or after it ends (9999-12-31, a year typed wrong).
fn far_dates(year: FiscalYear, f: &ReportFields, diags: &mut Vec<Diagnostic>) {
    let y = year.year();
    let earliest = (y - 2, 4, 1);
    let latest = (y + 3, 3, 31);
    for (key, d) in [("published", &f.published), ("updated", &f.updated)] {
        let Some(d) = d else { continue };
        let at = (d.v.year, d.v.month, d.v.day);
        if at < earliest || at > latest {
            diags.push(
                Diagnostic::warning(
                    d.loc,
                    format!(
                        "「{key}」の日付 {:04}-{:02}-{:02} が、この報告の年度（{}: {y}-04-01〜{}-03-31）から大きく離れています。",
                        d.v.year,
                        d.v.month,
                        d.v.day,
                        year.wareki(),
                        y + 1
                    ),
                )
                .hint("年の打ち間違いではありませんか。公表日・更新日は、その年度の前後に収まるのがふつうです。"),
            );
        }
    }
}

/// A `head` or `officers` entry.
fn read_person(t: &mut Tbl, cx: &mut Ctx) -> Person {
    Person {
        title: t.str(cx, "title").map(|s| s.v),
        name: t.str(cx, "name").map(|s| s.v),
        role: t.str(cx, "role").map(|s| s.v),
    }
}

/// Reads the report fields present in one table.
fn read_report_fields(t: &mut Tbl, cx: &mut Ctx) -> ReportFields {
    let mut f = ReportFields {
        kind: t.str(cx, "kind").map(|s| s.v),
        title: t.str(cx, "title"),
        published: t.date(cx, "published"),
        updated: t.date(cx, "updated"),
        ..Default::default()
    };
    if let Some(mut h) = t.table(cx, "head") {
        h.what = "head".into();
        f.head = Some(read_person(&mut h, cx));
        h.finish(cx);
    }
    if t.has("officers") {
        let tables = t.tables(cx, "officers");
        let mut out = Vec::with_capacity(tables.len());
        for mut o in tables {
            out.push(read_person(&mut o, cx));
            o.finish(cx);
        }
        f.officers = Some(out);
    } else {
        t.allow(&["officers"]);
    }
    f.mission = t.str(cx, "mission");
    f.policy = t.str(cx, "policy");
    f.review = t.str(cx, "review");
    if t.has("duties") {
        f.duties = Some(t.str_list(cx, "duties"));
    } else {
        t.allow(&["duties"]);
    }
    f.goals_heading = t.str(cx, "goals_heading");
    f.resources_as_of = t.date(cx, "resources_as_of").map(|d| d.v);
    if let Some(mut b) = t.table(cx, "budget") {
        let budget = Budget {
            general: b.int(cx, "general").map(|v| v.v),
            special: b.int(cx, "special").map(|v| v.v),
            general_city_total: b.int(cx, "general_city_total").map(|v| v.v),
            special_city_total: b.int(cx, "special_city_total").map(|v| v.v),
            basis: b.str(cx, "basis").map(|v| v.v),
        };
        b.finish(cx);
        f.budget = Some(budget);
    }
    if t.has("staff") {
        let tables = t.tables(cx, "staff");
        let mut rows = Vec::with_capacity(tables.len());
        for mut s in tables {
            let unit = s.req_str(cx, "unit");
            let counts = s.int_map(cx, "counts");
            let total = s.int(cx, "total").map(|t| t.v);
            s.finish(cx);
            if let Some(unit) = unit {
                rows.push(StaffRow {
                    unit,
                    counts,
                    total,
                });
            }
        }
        f.staff = Some(rows);
    } else {
        t.allow(&["staff"]);
    }
    if t.has("staff_totals") {
        f.staff_totals = Some(t.int_map(cx, "staff_totals"));
    } else {
        t.allow(&["staff_totals"]);
    }
    if let Some(mut h) = t.table(cx, "headings") {
        let mut out = Vec::new();
        for key in HEADING_KEYS {
            if let Some(s) = h.str(cx, key) {
                out.push((key.to_string(), s.v));
            }
        }
        h.finish(cx);
        f.headings = Some(out);
    }
    if let Some(mut s) = t.table(cx, "source") {
        f.page_title = s.str(cx, "page_title");
        f.source = Some(SourceRef {
            page_title: f.page_title.as_ref().map(|v| v.v.clone()),
            page_id: s.code(cx, "page_id").map(|v| v.v),
            url: s.str(cx, "url").map(|v| v.v),
        });
        s.finish(cx);
    }
    f.graded = t.bool(cx, "graded");
    if t.has("revisions") {
        let tables = t.tables(cx, "revisions");
        let mut out = Vec::with_capacity(tables.len());
        for mut r in tables {
            let date = r.date(cx, "date");
            if date.is_none() && !r.has("date") {
                r.missing(cx, "date", "2024-06-10");
            }
            let note = r.str(cx, "note").filter(|n| !n.v.trim().is_empty());
            r.finish(cx);
            if let Some(date) = date {
                out.push(Revision { date: date.v, note });
            }
        }
        f.revisions = Some(out);
    } else {
        t.allow(&["revisions"]);
    }
    if t.has("extra_sections") {
        let tables = t.tables(cx, "extra_sections");
        let mut out = Vec::with_capacity(tables.len());
        for mut e in tables {
            let title = e.req_str(cx, "title");
            let body = e.str(cx, "body").filter(|b| !b.v.trim().is_empty());
            let after = e.str(cx, "after").and_then(|a| section_after(a, cx));
            e.finish(cx);
            if let Some(title) = title {
                out.push(ExtraSection {
                    title: title.v,
                    body,
                    after,
                });
            }
        }
        f.extra_sections = Some(out);
    } else {
        t.allow(&["extra_sections"]);
    }
    if t.has("challenges") {
        let tables = t.tables(cx, "challenges");
        let mut out = Vec::with_capacity(tables.len());
        for mut c in tables {
            let entry = read_challenge(&mut c, cx);
            c.finish(cx);
            out.extend(entry);
        }
        f.challenges = Some(out);
    } else {
        t.allow(&["challenges"]);
    }
    if t.has("goals") {
        let tables = t.tables(cx, "goals");
        let mut out = Vec::with_capacity(tables.len());
        for (n, mut g) in tables.into_iter().enumerate() {
            if let Some(goal) = read_goal(&mut g, cx, n + 1) {
                out.push(goal);
            }
            g.finish(cx);
        }
        f.goals = Some(out);
    } else {
        t.allow(&["goals"]);
    }
    if t.has("projects") {
        let tables = t.tables(cx, "projects");
        let mut out = Vec::with_capacity(tables.len());
        for mut p in tables {
            let entry = read_project(&mut p, cx);
            p.finish(cx);
            out.extend(entry);
        }
        f.projects = Some(out);
    } else {
        t.allow(&["projects"]);
    }
    if t.has("midterm") {
        let tables = t.tables(cx, "midterm");
        let mut out = Vec::with_capacity(tables.len());
        for mut m in tables {
            let entry = read_midterm(&mut m, cx);
            m.finish(cx);
            out.extend(entry);
        }
        f.midterm = Some(out);
    } else {
        t.allow(&["midterm"]);
    }
    f
}

/// The `after` of an extra section: `top` or a standard section's key (folded, so
/// `"Goals"` and `"ｇｏａｌｓ"` are `goals`); a key hyoka does not know is an error naming
/// the nearest one.
fn section_after(a: At<String>, cx: &mut Ctx) -> Option<String> {
    let key = crate::model::fold::fold(a.v.trim()).to_ascii_lowercase();
    if SECTION_KEYS.contains(&key.as_str()) {
        return Some(key);
    }
    let hint = match crate::diag::nearest(&key, SECTION_KEYS.iter().copied()) {
        Some(n) => format!("「{n}」の書き間違いではありませんか。"),
        None => String::new(),
    };
    cx.diags.push(
        Diagnostic::error(
            a.loc,
            format!(
                "[[extra_sections]] の after「{}」という欄はありません。",
                a.v
            ),
        )
        .hint(format!(
            "{hint}使えるのは {} です（書かなければ目標の欄の前に置きます）。",
            SECTION_KEYS.join(", ")
        )),
    );
    None
}

/// Sections whose heading a report may word as its source does (`[headings]`).
pub const HEADING_KEYS: [&str; 31] = [
    "message",
    "mission",
    "policy",
    "review",
    "duties",
    "resources",
    "staff",
    "challenges",
    "goals",
    "projects",
    "midterm",
    "officers",
    "challenge_description",
    "challenge_response",
    "goal_aim",
    "goal_target",
    "goal_actions",
    "goal_results",
    "goal_status",
    "goal_evaluation",
    "goal_next",
    "goal_sections",
    "project_target",
    "midterm_schedule",
    "challenge",
    "plan_refs",
    "project_challenges",
    "project_budget",
    "project_sections",
    "midterm_body",
    "goal",
];
