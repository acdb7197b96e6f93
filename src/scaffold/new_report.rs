//! `hyoka new report <dept> <FY>`: starts next year's report from the latest earlier one.
//!
//! Goals keep their ids, titles, plan links and sections; indicators keep their targets and
//! take last year's actual as the new baseline; results, grades and evaluations are left
//! empty with comments marking what to fill in. Annual figures (budget, staff) are carried
//! over as comments so stale numbers are never published by accident. What the source
//! adds to the format comes along where it describes the report rather than the year's
//! results: `graded`, extra sections, `extra` columns, goals' `challenge`, initiatives'
//! number and title, indicators' `baseline_text` and `target_text` (not `actual_text`,
//! a result, and not the 更新履歴, which is the old report's).

use crate::analyze::metrics;
use crate::diag::Diagnostic;
use crate::model::fiscal::FiscalYear;
use crate::model::{At, Better, Department, Extra, Person, PlanRef, Report, Site};
use crate::pipeline;
use std::fmt::Write as _;
use std::path::Path;

/// The report schema inside a site, relative to the site's folder; a report three folders
/// down (`content/departments/<部局>/`) reaches it by `../../../`.
const REPORT_SCHEMA: &str = "schema/report.schema.json";

/// A TOML basic string (one line), escaped so it reads back exactly.
pub fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string for prose.
fn ml(s: &str) -> String {
    if !s.contains('\n') {
        return q(s);
    }
    let mut out = String::from("\"\"\"\n");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' => {}
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("\"\"\"");
    out
}

fn list(items: &[At<String>]) -> String {
    let v: Vec<String> = items.iter().map(|s| q(&s.v)).collect();
    format!("[{}]", v.join(", "))
}

fn refs(items: &[PlanRef]) -> String {
    let v: Vec<String> = items.iter().map(|r| q(&r.raw)).collect();
    format!("[{}]", v.join(", "))
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        let s = (x as i64).to_string();
        // 1_273_190_000 like the format's examples.
        let (sign, digits) = s
            .strip_prefix('-')
            .map(|d| ("-", d))
            .unwrap_or(("", s.as_str()));
        let mut out = String::from(sign);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('_');
            }
            out.push(c);
        }
        out
    } else {
        format!("{x}")
    }
}

fn person(p: &Person) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &p.title {
        parts.push(format!("title = {}", q(t)));
    }
    if let Some(n) = &p.name {
        parts.push(format!("name = {}", q(n)));
    }
    if let Some(r) = &p.role {
        parts.push(format!("role = {}", q(r)));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn prose(out: &mut String, indent: &str, key: &str, v: &Option<At<String>>, note: &str) {
    if let Some(v) = v {
        let _ = writeln!(out, "{indent}{key} = {}{}", ml(&v.v), note);
    }
}

/// An `extra` table (`[goals.extra]` …) of an entry, after its keys: labels and values as
/// last year's report writes them. Not marked 要確認: such columns (協働関係先, 難易度)
/// mostly stay from year to year, and each mark is a warning until it is removed.
fn extra(out: &mut String, indent: &str, table: &str, e: &Extra) {
    if e.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{indent}[{table}.extra]   # 前年度から引き継いだ独自の列"
    );
    for (label, v) in e {
        let _ = writeln!(out, "{indent}{} = {}", q(label), ml(&v.v));
    }
}

/// The text of the new report for fiscal year `fy`, drafted from `prev`.
pub fn draft(prev: &Report, fy: FiscalYear, dept_name: &str) -> String {
    let mut o = String::new();
    let was = prev.year.wareki();
    let _ = writeln!(
        o,
        "# {} {}の報告（{}の報告をもとに hyoka new report で作成）",
        fy.wareki(),
        dept_name,
        was
    );
    let _ = writeln!(
        o,
        "# 「要記入」「要確認」とある項目を書き直してください。# で始まる行は読み込まれません。"
    );
    let _ = writeln!(o);
    if let Some(k) = &prev.kind {
        let _ = writeln!(o, "kind = {}", q(k));
    }
    if let Some(g) = prev.graded {
        let _ = writeln!(o, "graded = {g}");
    }
    let _ = writeln!(
        o,
        "# published = {}-05-01        # 要記入: 公表日",
        fy.year()
    );
    if let Some(h) = &prev.head {
        let _ = writeln!(
            o,
            "head = {}   # 要確認: 人事異動があれば直してください",
            person(h)
        );
    }
    if !prev.officers.is_empty() {
        let v: Vec<String> = prev.officers.iter().map(person).collect();
        let _ = writeln!(o, "officers = [{}]   # 要確認", v.join(", "));
    }
    prose(&mut o, "", "mission", &prev.mission, "");
    prose(
        &mut o,
        "",
        "policy",
        &prev.policy,
        "   # 要確認: 今年度の方針に書き直してください",
    );
    let _ = writeln!(
        o,
        "# review = \"\"\"（要記入: 年度末に、取り組みの総括を書きます）\"\"\""
    );
    if !prev.duties.is_empty() {
        let _ = writeln!(o, "duties = {}", list(&prev.duties));
    }
    if let Some(h) = &prev.goals_heading {
        let _ = writeln!(o, "goals_heading = {}", q(h));
    }
    if !prev.headings.is_empty() {
        let v: Vec<String> = prev
            .headings
            .iter()
            .map(|(k, v)| format!("{k} = {}", q(v)))
            .collect();
        let _ = writeln!(o, "headings = {{ {} }}", v.join(", "));
    }
    if prev.budget.is_some() || !prev.staff.is_empty() {
        let _ = writeln!(
            o,
            "\n# 要記入: 予算と職員数は今年度の数字にしてください（前年度の値をコメントで残しています）。"
        );
        let _ = writeln!(o, "# resources_as_of = {}-04-01", fy.year());
    }
    if let Some(b) = &prev.budget {
        let _ = writeln!(o, "# [budget]");
        for (k, v) in [
            ("general", b.general),
            ("special", b.special),
            ("general_city_total", b.general_city_total),
            ("special_city_total", b.special_city_total),
        ] {
            if let Some(v) = v {
                let _ = writeln!(
                    o,
                    "# {k} = {}   # 前年度: {}円",
                    num(v as f64),
                    metrics::format_int(v)
                );
            }
        }
        if let Some(basis) = &b.basis {
            let _ = writeln!(o, "# basis = {}", q(basis));
        }
    }
    for s in &prev.staff {
        let counts: Vec<String> = s
            .counts
            .iter()
            .map(|(k, v)| format!("{} = {v}", q(k)))
            .collect();
        let _ = writeln!(
            o,
            "# [[staff]]\n# unit = {}\n# counts = {{ {} }}",
            q(&s.unit.v),
            counts.join(", ")
        );
    }
    for x in &prev.extra_sections {
        let _ = writeln!(o, "\n[[extra_sections]]");
        let _ = writeln!(o, "title = {}", q(&x.title));
        prose(
            &mut o,
            "",
            "body",
            &x.body,
            "   # 要確認: 今年度の内容に書き直してください",
        );
        if let Some(a) = &x.after {
            let _ = writeln!(o, "after = {}", q(a));
        }
    }
    for c in &prev.challenges {
        let _ = writeln!(
            o,
            "\n[[challenges]]   # 要確認: 前年度から引き継いだ課題です"
        );
        let _ = writeln!(o, "id = {}", q(&c.id.v));
        let _ = writeln!(o, "title = {}", q(&c.title));
        prose(&mut o, "", "description", &c.description, "");
        prose(&mut o, "", "response", &c.response, "");
        if !c.plan.is_empty() {
            let _ = writeln!(o, "plan = {}", refs(&c.plan));
        }
        if !c.sections.is_empty() {
            let _ = writeln!(o, "sections = {}", list(&c.sections));
        }
        extra(&mut o, "", "challenges", &c.extra);
    }
    for g in &prev.goals {
        let _ = writeln!(o, "\n[[goals]]");
        let _ = writeln!(
            o,
            "id = {}   # 前年度と同じ id なので、年度をまたいで比較されます",
            q(&g.id.v)
        );
        let _ = writeln!(o, "number = {}", q(&g.number));
        let _ = writeln!(o, "title = {}", q(&g.title.v));
        if let Some(f) = &g.field {
            let _ = writeln!(o, "field = {}", q(f));
        }
        if !g.sections.is_empty() {
            let _ = writeln!(o, "sections = {}", list(&g.sections));
        }
        if !g.plan.is_empty() {
            let _ = writeln!(o, "plan = {}", refs(&g.plan));
        }
        if let Some(c) = &g.challenge {
            let _ = writeln!(o, "challenge = {}", q(&c.v));
        }
        prose(&mut o, "", "aim", &g.aim, "   # 要確認: 今年度の達成目標");
        prose(&mut o, "", "target_text", &g.target_text, "   # 要確認");
        prose(
            &mut o,
            "",
            "actions",
            &g.actions,
            "   # 要確認: 今年度の取組",
        );
        let _ = writeln!(o, "# results = \"\"\"（要記入: 取組実績）\"\"\"");
        let _ = writeln!(o, "# status = \"\"\"（要記入: 達成状況）\"\"\"");
        let _ = writeln!(
            o,
            "# grade = \"B\"   # 要記入: 評価が決まったら書きます。書かなければ「未評価」です"
        );
        let _ = writeln!(o, "# evaluation = \"\"\"（要記入: 総合評価・総括）\"\"\"");
        let _ = writeln!(o, "# next = \"\"\"（要記入: 次年度以降に向けて）\"\"\"");
        extra(&mut o, "", "goals", &g.extra);
        for i in &g.initiatives {
            let _ = writeln!(o, "\n  [[goals.initiatives]]");
            if let Some(n) = &i.number {
                let _ = writeln!(o, "  number = {}", q(n));
            }
            if let Some(t) = &i.title {
                let _ = writeln!(o, "  title = {}", q(t));
            }
            prose(&mut o, "  ", "aim", &i.aim, "");
            prose(&mut o, "  ", "actions", &i.actions, "");
            if !i.sections.is_empty() {
                let _ = writeln!(o, "  sections = {}", list(&i.sections));
            }
            let _ = writeln!(o, "  # results = \"\"\"（要記入）\"\"\"");
            let _ = writeln!(o, "  # grade = \"B\"   # 要記入");
            extra(&mut o, "  ", "goals.initiatives", &i.extra);
        }
        for ind in &g.indicators {
            let _ = writeln!(o, "\n  [[goals.indicators]]");
            if let Some(id) = &ind.id {
                let _ = writeln!(o, "  id = {}", q(&id.v));
            }
            let _ = writeln!(o, "  name = {}", q(&ind.name));
            if let Some(u) = &ind.unit {
                let _ = writeln!(o, "  unit = {}", q(u));
            }
            if let Some(t) = ind.target {
                let _ = writeln!(o, "  target = {}   # 要確認: 今年度の目標値", num(t));
            }
            if let Some(t) = &ind.target_text {
                let _ = writeln!(o, "  target_text = {}   # 要確認: 今年度の目標", q(t));
            }
            match (ind.actual, ind.baseline) {
                (Some(a), _) => {
                    let _ = writeln!(o, "  baseline = {}   # {}の実績", num(a), was);
                    let _ = writeln!(o, "  baseline_label = {}", q(&format!("{was}実績")));
                }
                (None, Some(b)) => {
                    let _ = writeln!(o, "  baseline = {}", num(b));
                    if let Some(l) = &ind.baseline_label {
                        let _ = writeln!(o, "  baseline_label = {}", q(l));
                    }
                }
                (None, None) => {}
            }
            // Last year's actual, when there is one, is the new baseline: the old text
            // for the baseline (「新規（実績なし）」) no longer holds.
            if let (None, Some(t)) = (ind.actual, &ind.baseline_text) {
                let _ = writeln!(o, "  baseline_text = {}", q(t));
            }
            if ind.better == Better::Lower {
                let _ = writeln!(o, "  better = \"lower\"");
            }
            let _ = writeln!(o, "  # actual =    # 要記入: 実績が出たら書きます");
            extra(&mut o, "  ", "goals.indicators", &ind.extra);
        }
    }
    for p in &prev.projects {
        let _ = writeln!(o, "\n[[projects]]   # 要確認: 前年度から引き継いだ事業です");
        let _ = writeln!(o, "id = {}", q(&p.id.v));
        let _ = writeln!(o, "name = {}", q(&p.name));
        prose(&mut o, "", "description", &p.description, "");
        prose(&mut o, "", "target", &p.target, "");
        if !p.challenges.is_empty() {
            let _ = writeln!(o, "challenges = {}", list(&p.challenges));
        }
        if let Some(b) = p.budget {
            let _ = writeln!(
                o,
                "# budget = {}   # 要記入: 前年度は{}円",
                num(b as f64),
                metrics::format_int(b)
            );
        }
        if !p.sections.is_empty() {
            let _ = writeln!(o, "sections = {}", list(&p.sections));
        }
        if !p.plan.is_empty() {
            let _ = writeln!(o, "plan = {}", refs(&p.plan));
        }
        extra(&mut o, "", "projects", &p.extra);
    }
    for m in &prev.midterm {
        let _ = writeln!(o, "\n[[midterm]]");
        let _ = writeln!(o, "id = {}", q(&m.id.v));
        let _ = writeln!(o, "title = {}", q(&m.title));
        prose(&mut o, "", "body", &m.body, "");
        prose(
            &mut o,
            "",
            "schedule",
            &m.schedule,
            "   # 要確認: 進み具合を反映してください",
        );
        if let Some((a, b)) = m.period {
            let _ = writeln!(o, "period = {{ from = {a}, to = {b} }}");
        }
        if !m.plan.is_empty() {
            let _ = writeln!(o, "plan = {}", refs(&m.plan));
        }
        extra(&mut o, "", "midterm", &m.extra);
    }
    o
}

/// A fiscal year as staff type it on the command line (2025, 令和7, R7).
pub fn parse_year(year: &str) -> Result<FiscalYear, Diagnostic> {
    FiscalYear::parse_typed(year).ok_or_else(|| {
        Diagnostic::message(format!("年度「{year}」が読み取れません。"))
            .hint("西暦（2025）か和暦（令和7、R7）で指定してください。")
    })
}

/// The site in `site_dir`, read and validated; its errors as one message when it has any
/// (`what` says what cannot be done: 「報告のひな形を作れません」).
pub fn valid_site(site_dir: &Path, what: &str) -> Result<pipeline::Compiled, Diagnostic> {
    let c = pipeline::compile(site_dir);
    if c.site.is_some() {
        return Ok(c);
    }
    let mut msg = format!("サイトにエラーがあるため、{what}。先にエラーを直してください。\n");
    for d in c
        .diags
        .items
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
    {
        msg.push_str(&d.render(&c.sources));
    }
    Err(Diagnostic::message(msg.trim_end()))
}

/// The department named `dept` on the command line: its folder name, or its name as staff
/// say it (「市民生活部」), now or formerly, however it is typed (全角/半角, spaces).
pub fn find_department<'a>(site: &'a Site, dept: &str) -> Result<&'a Department, Diagnostic> {
    let typed = crate::model::fold::fold(dept.trim());
    let department = site
        .departments
        .iter()
        .find(|d| d.slug == dept)
        .or_else(|| {
            site.departments.iter().find(|d| {
                std::iter::once(d.name.as_str())
                    .chain(d.former_names.iter().map(|f| f.name.as_str()))
                    .any(|n| crate::model::fold::fold(n) == typed)
            })
        });
    department.ok_or_else(|| {
        let names: Vec<&str> = site
            .departments
            .iter()
            .flat_map(|d| [d.slug.as_str(), d.name.as_str()])
            .collect();
        let hint = crate::diag::nearest(dept, names.iter().copied())
            .map(|n| format!("「{n}」のことではありませんか。"))
            .unwrap_or_else(|| {
                let list: Vec<String> = site
                    .departments
                    .iter()
                    .map(|d| format!("{}（{}）", d.name, d.slug))
                    .collect();
                format!("ある部局: {}", list.join("、"))
            });
        Diagnostic::message(format!(
            "部局「{dept}」が見つかりません（部局のフォルダー名か、部局の名前で指定します）。"
        ))
        .hint(hint)
    })
}

/// Runs `hyoka new report`: returns the message to print or a Japanese error.
pub fn new_report(site_dir: &Path, dept: &str, year: &str) -> Result<String, Diagnostic> {
    let fy = parse_year(year)?;
    let c = valid_site(site_dir, "報告のひな形を作れません")?;
    let site = c.site.as_ref().expect("valid_site returns a site");
    let department = find_department(site, dept)?;
    let path = site_dir.join(
        crate::source::layout::SiteFile::Report {
            dept: &department.slug,
            year: fy,
            markdown: false,
        }
        .path(),
    );
    if path.exists() {
        return Err(Diagnostic::message(format!(
            "「{}」はすでにあります。上書きはしません。",
            crate::source::display_path(site_dir, &path)
        ))
        .hint("書き直すときはそのファイルを直接編集してください。"));
    }
    let Some(prev) = department.reports.iter().rev().find(|r| r.year < fy) else {
        return Err(Diagnostic::message(format!(
            "{}より前の{}の報告がないため、引き継ぐ内容がありません。",
            fy.wareki(),
            department.name
        ))
        .hint("最初の報告は hyoka init で作ったひな形などをもとに書いてください。"));
    };
    let mut text = draft(prev, fy, department.name_in(fy));
    // The editor's schema line, when the site holds the schemas (`hyoka init` writes them):
    // a line pointing at nothing would only show an error in the editor.
    if site_dir.join(REPORT_SCHEMA).is_file() {
        text.insert_str(0, &format!("#:schema ../../../{REPORT_SCHEMA}\n"));
    }
    // Files saved on Windows keep CRLF line ends: the new file follows last year's, so an
    // editor (and git) sees one style in the folder.
    let prev_path = site_dir.join(
        crate::source::layout::SiteFile::Report {
            dept: &department.slug,
            year: prev.year,
            markdown: false,
        }
        .path(),
    );
    if std::fs::read(&prev_path).is_ok_and(|b| b.windows(2).any(|w| w == b"\r\n")) {
        text = text.replace('\n', "\r\n");
    }
    std::fs::write(&path, text).map_err(|e| {
        Diagnostic::message(format!("「{}」を書き込めません（{e}）。", path.display()))
    })?;
    Ok(format!(
        "{}を作りました（{}の報告から目標と指標を引き継ぎ、実績・評価は空にしています）。\n「要記入」「要確認」のコメントを目印に書き直してください。",
        crate::source::display_path(site_dir, &path),
        prev.year.wareki()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_through_toml() {
        let s = "「引用」\"と\\バックスラッシュ\n二行目\t タブ";
        let doc = format!("a = {}\nb = {}\n", q(s), ml(s));
        let v: toml::Table = doc.parse().unwrap();
        assert_eq!(v["a"].as_str(), Some(s));
        assert_eq!(v["b"].as_str().map(|x| x.trim_end()), Some(s));
        assert_eq!(num(1_273_190_000.0), "1_273_190_000");
        assert_eq!(num(12.5), "12.5");
    }
}
