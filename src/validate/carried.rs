//! Last year's report carried into this year's file: a `hyoka new report` draft whose
//! 要記入/要確認 marks are still there, prose copied to be rewritten and left as it was,
//! or a whole report identical to the previous year's. Warnings only (a city may publish
//! the same text deliberately), for the worst outcome of an accountability site:
//! last year's results published as this year's.

use super::lint::prose_fields;
use crate::diag::{Diagnostic, Loc, SourceMap};
use crate::model::{At, Report};

/// The 要記入/要確認 marks that `hyoka new report` leaves in a draft, still in the report's
/// TOML file: (byte offset of the mark, the field it marks). Commented-out placeholders
/// (`# results = …（要記入）`) and the draft's opening instruction are not counted: they
/// publish nothing.
pub(super) fn draft_markers(r: &Report, sources: &SourceMap) -> Vec<(usize, String)> {
    let text = &sources.get(r.loc.file).text;
    if !text.contains("要記入") && !text.contains("要確認") {
        return Vec::new();
    }
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        text.split_inclusive('\n')
            .map(|l| {
                let start = at;
                at += l.len();
                (start, l.trim_end())
            })
            .collect()
    };
    let key_of = |l: &str| -> Option<String> {
        let t = l.trim_start();
        if t.starts_with('[') {
            let end = t.find('#').unwrap_or(t.len());
            return Some(t[..end].trim().to_string());
        }
        let (k, _) = t.split_once('=')?;
        let k = k.trim();
        (!k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .then(|| k.to_string())
    };
    let mut table = String::new();
    let mut out = Vec::new();
    for (n, &(start, line)) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.starts_with('[') {
            table = key_of(t).unwrap_or_default();
        }
        let Some(mark) = line.find("要記入").or_else(|| line.find("要確認")) else {
            continue;
        };
        let field = if t.starts_with('#') {
            let after = t.trim_start_matches('#');
            if key_of(after).is_some() || t.contains("「要記入」") {
                continue;
            }
            // A note on its own line marks what follows it.
            lines[n + 1..].iter().find_map(|(_, l)| {
                (!l.trim_start().starts_with('#'))
                    .then(|| key_of(l))
                    .flatten()
            })
        } else if t.starts_with('[') {
            Some(table.clone())
        } else {
            // The key on this line, or the one whose multi-line value ends here.
            lines[..=n].iter().rev().find_map(|(_, l)| key_of(l))
        };
        let Some(field) = field else { continue };
        let field = if field.starts_with('[') || table.is_empty() {
            field
        } else {
            format!("{table} の {field}")
        };
        out.push((start + mark, field));
    }
    out
}

/// One warning for a draft's marks that are still there, naming the fields.
pub(super) fn markers_left(
    r: &Report,
    sources: &SourceMap,
    first: usize,
    markers: &[(usize, String)],
) -> Diagnostic {
    let mut fields: Vec<&str> = Vec::new();
    for (_, f) in markers {
        if !fields.contains(&f.as_str()) {
            fields.push(f);
        }
    }
    let loc = Loc::new(r.loc.file, first..first + "要記入".len());
    let file = &sources.get(r.loc.file).display;
    Diagnostic::warning(
        loc,
        format!(
            "{file} に「要記入」「要確認」の印が {} か所残っています（{}）。",
            markers.len(),
            fields.join("、")
        ),
    )
    .hint("`hyoka new report` が作った下書きの印です。内容を今年度のものに書き直したら、その行の # 要記入・# 要確認 のコメントを消してください。")
}

/// Warns when a report repeats the previous year's: all its grades, actuals and prose the
/// same (a copy under this year's name), or else, for a draft or when the policy is
/// unchanged, the fields `hyoka new report` copied to be rewritten that were left as
/// they were.
pub(super) fn copied_from(
    prev: &Report,
    r: &Report,
    sources: &SourceMap,
    draft: bool,
    out: &mut Vec<Diagnostic>,
) {
    let prev_file = &sources.get(prev.loc.file).display;
    let grades = |r: &Report| -> Vec<Option<String>> {
        r.goals
            .iter()
            .flat_map(|g| {
                std::iter::once(g.grade.as_ref().map(|x| x.v.clone())).chain(
                    g.initiatives
                        .iter()
                        .map(|i| i.grade.as_ref().map(|x| x.v.clone())),
                )
            })
            .collect()
    };
    let actuals = |r: &Report| -> Vec<Option<f64>> {
        r.goals
            .iter()
            .flat_map(|g| g.indicators.iter().map(|i| i.actual))
            .collect()
    };
    let prose =
        |r: &Report| -> Vec<String> { prose_fields(r).iter().map(|a| a.v.clone()).collect() };
    let (p_prose, r_prose) = (prose(prev), prose(r));
    // A draft's own warning says it is one; its copied fields are named below.
    if !draft
        && !r_prose.is_empty()
        && r_prose == p_prose
        && grades(prev) == grades(r)
        && actuals(prev) == actuals(r)
    {
        out.push(
            Diagnostic::warning(
                r.loc,
                format!(
                    "この報告（{}）の評価・実績・文章が、前年度の {prev_file} とすべて同じです。",
                    r.year.wareki()
                ),
            )
            .hint(format!(
                "前年度の報告をコピーしたままではありませんか。{}の内容に書き直してください（新しい年度の下書きは `hyoka new report` で作れます）。",
                r.year.wareki()
            )),
        );
        return;
    }
    let same = |a: &Option<At<String>>, b: &Option<At<String>>| match (a, b) {
        (Some(a), Some(b)) => !a.v.trim().is_empty() && a.v.trim() == b.v.trim(),
        _ => false,
    };
    let mut fields: Vec<String> = Vec::new();
    let mut first: Option<Loc> = None;
    let mut note = |name: String, at: &Option<At<String>>| {
        if first.is_none() {
            first = at.as_ref().map(|a| a.loc);
        }
        fields.push(name);
    };
    let policy_same = same(&r.policy, &prev.policy);
    if policy_same {
        note("policy".into(), &r.policy);
    }
    if !(draft || policy_same) {
        return;
    }
    for g in &r.goals {
        let Some(pg) = prev.goals.iter().find(|p| p.id.v == g.id.v) else {
            continue;
        };
        for (key, a, b) in [
            ("aim", &g.aim, &pg.aim),
            ("target_text", &g.target_text, &pg.target_text),
            ("actions", &g.actions, &pg.actions),
        ] {
            if same(a, b) {
                note(format!("目標「{}」の {key}", g.id.v), a);
            }
        }
    }
    for m in &r.midterm {
        if let Some(pm) = prev.midterm.iter().find(|p| p.id.v == m.id.v)
            && same(&m.schedule, &pm.schedule)
        {
            note(format!("中期目標「{}」の schedule", m.id.v), &m.schedule);
        }
    }
    if let Some(loc) = first {
        out.push(
            Diagnostic::warning(
                loc,
                format!(
                    "前年度の {prev_file} から写した文章が変わっていません: {}。",
                    fields.join("、")
                ),
            )
            .hint(format!(
                "{}の方針・目標・取組に書き直してください。前年度と同じでよいなら、そのままで構いません。",
                r.year.wareki()
            )),
        );
    }
}
