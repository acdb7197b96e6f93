//! The repeated entries of a report: goals with their initiatives and indicators,
//! challenges, projects and 中期目標, and the plan references each may carry.

use super::reader::{Ctx, Tbl};
use crate::diag::{Diagnostic, Loc};
use crate::model::fold::{fold, fold_eq};
use crate::model::plans::{is_none_code, split_ref};
use crate::model::*;

fn read_refs(t: &mut Tbl, cx: &mut Ctx) -> Vec<PlanRef> {
    let written = t.str_list(cx, "plan");
    // Sized to what is written: a collected filter would start at room for four, and
    // the model of a large site holds tens of thousands of these lists.
    let mut refs = Vec::with_capacity(written.len());
    for s in written {
        if s.v.trim().is_empty() {
            continue;
        }
        let parts = split_ref(&s.v);
        let (plan, code) = (parts.plan.unwrap_or_default(), parts.code.to_string());
        let (title, none) = (parts.title.map(str::to_string), is_none_code(parts.code));
        // The same item in two spellings (4-1-2 and ４－１－２) is one reference: counted
        // twice it would list the entry twice on the item's page and in its tally.
        if let Some(first) = refs
            .iter()
            .find(|r: &&PlanRef| r.plan == plan && fold_eq(&r.code, &code))
        {
            cx.diags.push(
                Diagnostic::warning(
                    s.loc,
                    format!(
                        "計画の参照「{}」は、同じ plan の「{}」と同じ項目です。一つの参照として扱います。",
                        s.v, first.raw
                    ),
                )
                .hint("重複している方を plan から消してください。"),
            );
            continue;
        }
        refs.push(PlanRef {
            plan,
            code,
            title,
            none,
            raw: s.v,
            loc: s.loc,
        });
    }
    refs
}

/// One `[[goals]]` entry, numbered by `position` unless it gives its own `number`; `None`
/// without its `id` or `title`.
pub(super) fn read_goal(g: &mut Tbl, cx: &mut Ctx, position: usize) -> Option<Goal> {
    let id = g.req_str(cx, "id");
    let number = g
        .code(cx, "number")
        .map(|n| fold(n.v.trim()))
        .unwrap_or_else(|| position.to_string());
    let title = g.req_str(cx, "title");
    let field = g.str(cx, "field").map(|s| s.v);
    let sections = g.str_list(cx, "sections");
    let plan = read_refs(g, cx);
    let aim = g.str(cx, "aim");
    let target_text = g.str(cx, "target_text");
    let actions = g.str(cx, "actions");
    let results = g.str(cx, "results");
    let status = g.str(cx, "status");
    let grade = g.str(cx, "grade").filter(|s| !s.v.trim().is_empty());
    let evaluation = g.str(cx, "evaluation");
    let next = g.str(cx, "next");
    let challenge = g.str(cx, "challenge").filter(|c| !c.v.trim().is_empty());
    let extra = g.extra(cx);
    let tables = g.tables(cx, "initiatives");
    let mut initiatives = Vec::with_capacity(tables.len());
    for mut i in tables {
        initiatives.push(Initiative {
            number: i
                .code(cx, "number")
                .map(|n| n.v)
                .filter(|n| !n.trim().is_empty()),
            title: i.str(cx, "title").map(|t| t.v),
            aim: i.str(cx, "aim"),
            actions: i.str(cx, "actions"),
            results: i.str(cx, "results"),
            status: i.str(cx, "status"),
            grade: i.str(cx, "grade").filter(|s| !s.v.trim().is_empty()),
            sections: i.str_list(cx, "sections"),
            extra: i.extra(cx),
        });
        i.finish(cx);
    }
    let tables = g.tables(cx, "indicators");
    let mut indicators = Vec::with_capacity(tables.len());
    for mut i in tables {
        if let Some(ind) = read_indicator(&mut i, cx) {
            indicators.push(ind);
        }
        i.finish(cx);
    }
    Some(Goal {
        id: id?,
        number,
        title: title?,
        field,
        sections,
        plan,
        aim,
        target_text,
        actions,
        results,
        status,
        grade,
        evaluation,
        next,
        initiatives,
        indicators,
        challenge,
        extra,
    })
}

/// One `[[goals.indicators]]` entry; `None` without its `name`.
fn read_indicator(i: &mut Tbl, cx: &mut Ctx) -> Option<Indicator> {
    let id = i.str(cx, "id");
    let name = i.req_str(cx, "name");
    let unit = i.str(cx, "unit").map(|s| s.v);
    let target = i.num(cx, "target");
    let actual = i.num(cx, "actual").map(|a| a.v);
    let baseline = i.num(cx, "baseline").map(|a| a.v);
    let better = match i.str(cx, "better") {
        Some(b) => match fold(b.v.trim()).to_ascii_lowercase().as_str() {
            "higher" => Better::Higher,
            "lower" => Better::Lower,
            _ => {
                cx.diags.push(
                    Diagnostic::error(b.loc, format!("better「{}」は使えません。", b.v))
                        .hint("大きいほど良い指標は \"higher\"、小さいほど良い指標（市債残高、事故件数など）は \"lower\" と書いてください。"),
                );
                Better::Higher
            }
        },
        None => Better::Higher,
    };
    let baseline_label = i.str(cx, "baseline_label").map(|s| s.v);
    let actual_label = i.str(cx, "actual_label").map(|s| s.v);
    let approximate = i.bool(cx, "approximate").unwrap_or(false);
    let text = |i: &mut Tbl, cx: &mut Ctx, key| {
        i.str(cx, key).map(|s| s.v).filter(|s| !s.trim().is_empty())
    };
    let baseline_text = text(i, cx, "baseline_text");
    let target_text = text(i, cx, "target_text");
    let actual_text = text(i, cx, "actual_text");
    let extra = i.extra(cx);
    if let Some(t) = &target
        && t.v == 0.0
        && better == Better::Higher
    {
        cx.diags.push(
            Diagnostic::error(t.loc, "大きいほど良い指標の目標値が 0 です。達成率を計算できません。")
                .hint("目標値を確認してください。「事故ゼロ」のように小さいほど良い指標なら better = \"lower\" を書き加えてください。"),
        );
    }
    if let Some(t) = &target {
        warn_unrated_signed(cx, t, actual, baseline, better);
    }
    Some(Indicator {
        id,
        name: name?.v,
        unit,
        target: target.map(|t| t.v),
        actual,
        baseline,
        better,
        baseline_label,
        actual_label,
        approximate,
        baseline_text,
        target_text,
        actual_text,
        extra,
        loc: cx.loc(i.span.clone()),
    })
}

/// Warns when a target, actual or baseline below zero leaves an indicator without a rate:
/// such values are rated only by progress from a baseline towards a target on its better
/// side (the rule of `analyze::metrics::indicator_rate` and "Achievement rates" in
/// content-format.md), never by a ratio that could call a met target 未達成.
fn warn_unrated_signed(
    cx: &mut Ctx,
    target: &At<f64>,
    actual: Option<f64>,
    baseline: Option<f64>,
    better: Better,
) {
    let negative =
        target.v < 0.0 || actual.is_some_and(|a| a < 0.0) || baseline.is_some_and(|b| b < 0.0);
    if !negative {
        return;
    }
    let hint = match baseline {
        None => {
            "人口の社会増減のように負の数になりうる指標は、baseline（基準値）を書けば、基準値から目標値までの進み具合（（実績 − 基準値） ÷ （目標値 − 基準値））を達成率にします。"
        }
        Some(b) => {
            let towards = match better {
                Better::Higher => target.v > b,
                Better::Lower => target.v < b,
            };
            if towards {
                return;
            }
            match better {
                Better::Higher => {
                    "大きいほど良い指標の目標値が基準値（baseline）以下です。目標値・基準値を確かめ、小さいほど良い指標なら better = \"lower\" を書き加えてください。"
                }
                Better::Lower => {
                    "小さいほど良い指標の目標値が基準値（baseline）以上です。目標値・基準値を確かめ、大きいほど良い指標なら better = \"lower\" を消してください。"
                }
            }
        }
    };
    cx.diags.push(
        Diagnostic::warning(
            target.loc,
            "目標値・実績・基準値に負の数がある指標です。割り算では達成・未達成を取り違えるため、この指標の達成率は出しません。",
        )
        .hint(hint),
    );
}

/// One `[[challenges]]` entry; `None` without its `id`.
pub(super) fn read_challenge(c: &mut Tbl, cx: &mut Ctx) -> Option<Challenge> {
    let id = c.req_str(cx, "id");
    let title = c.req_str(cx, "title");
    let ch = Challenge {
        id: id
            .clone()
            .unwrap_or_else(|| At::new(String::new(), Loc::default())),
        title: title.map(|t| t.v).unwrap_or_default(),
        description: c.str(cx, "description"),
        response: c.str(cx, "response"),
        plan: read_refs(c, cx),
        sections: c.str_list(cx, "sections"),
        extra: c.extra(cx),
    };
    id.is_some().then_some(ch)
}

/// One `[[projects]]` entry; `None` without its `id`.
pub(super) fn read_project(p: &mut Tbl, cx: &mut Ctx) -> Option<Project> {
    let id = p.req_str(cx, "id");
    let name = p.req_str(cx, "name");
    let pr = Project {
        id: id
            .clone()
            .unwrap_or_else(|| At::new(String::new(), Loc::default())),
        name: name.map(|n| n.v).unwrap_or_default(),
        description: p.str(cx, "description"),
        target: p.str(cx, "target"),
        challenges: p.str_list(cx, "challenges"),
        budget: p.int(cx, "budget").map(|b| b.v),
        sections: p.str_list(cx, "sections"),
        plan: read_refs(p, cx),
        challenge_titles: p.str_list(cx, "challenge_titles"),
        extra: p.extra(cx),
    };
    id.is_some().then_some(pr)
}

/// One `[[midterm]]` entry; `None` without its `id`.
pub(super) fn read_midterm(m: &mut Tbl, cx: &mut Ctx) -> Option<Midterm> {
    let id = m.req_str(cx, "id");
    let title = m.req_str(cx, "title");
    let mt = Midterm {
        id: id
            .clone()
            .unwrap_or_else(|| At::new(String::new(), Loc::default())),
        title: title.map(|t| t.v).unwrap_or_default(),
        body: m.str(cx, "body"),
        schedule: m.str(cx, "schedule"),
        period: m.period(cx, "period"),
        plan: read_refs(m, cx),
        extra: m.extra(cx),
    };
    id.is_some().then_some(mt)
}
