//! Rules that need more than one file or entry at once: plan references resolved against
//! the plans, grades against the year's scale, ids unique within a report, projects'
//! challenges present, the primary plan and `continues` links existing.

use crate::diag::{Diagnostic, Diagnostics, SourceMap, nearest};
use crate::model::fold::fold;
use crate::model::plans::{PlanTree, normalise_id, split_ref};
use crate::model::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Cross-file rules: plan references, grades on the scale, unique ids, challenge links,
/// the primary plan and `continues` links.
pub(super) fn check_site(site: &Site, map: &SourceMap, diags: &mut Diagnostics) {
    let trees: BTreeMap<&str, (&Plan, PlanTree)> = site
        .plans
        .iter()
        .map(|p| (p.slug.as_str(), (p, PlanTree::build(p))))
        .collect();
    let plan_slugs: Vec<&str> = site.plans.iter().map(|p| p.slug.as_str()).collect();
    if let Some(pp) = &site.config.primary_plan
        && !trees.contains_key(pp.v.as_str())
    {
        diags.push(
            Diagnostic::error(pp.loc, format!("primary_plan の「{}」という計画がありません。", pp.v))
                .hint(match nearest(&pp.v, plan_slugs.iter().copied()) {
                    Some(s) => format!("「{s}」のことではありませんか（content/plans/{s}.toml）。"),
                    None if plan_slugs.is_empty() => "content/plans/ に計画のファイルがありません。計画を作るか、primary_plan を削除してください。".into(),
                    None => format!("ある計画: {}", plan_slugs.join(", ")),
                }),
        );
    }
    // `continues` must point at an item of another plan ("slug:code").
    for plan in &site.plans {
        for item in &plan.items {
            if let Some(c) = &item.continues {
                let parts = split_ref(&c.v);
                let slug = parts.plan.clone().unwrap_or_else(|| plan.slug.clone());
                let found = trees
                    .get(slug.as_str())
                    .and_then(|(_, t)| t.find(parts.code).map(|n| &t.nodes[n]));
                if let Some(n) = found
                    && slug == plan.slug
                    && n.id == item.id
                {
                    diags.push(
                        Diagnostic::error(
                            c.loc,
                            format!(
                                "計画の項目「{}」の continues が自分自身（「{}」）を指しています。",
                                item.code.v, c.v
                            ),
                        )
                        .hint("continues には、この項目が引き継ぐ前の計画の項目を \"計画のファイル名:コード\" の形で書いてください（例: \"zenki:4-1-2\"）。引き継ぐものがなければ continues の行を削除してください。"),
                    );
                    continue;
                }
                if found.is_none() {
                    diags.push(
                        Diagnostic::error(c.loc, format!("continues の「{}」が見つかりません。", c.v))
                            .hint("前の計画の項目を \"計画のファイル名:コード\" の形で書いてください（例: \"zenki:4-1-2\"）。"),
                    );
                }
            }
        }
    }
    let primary = site.config.primary_plan.as_ref().map(|p| p.v.as_str());
    let ref_check = |r: &PlanRef, out: &mut Vec<Diagnostic>| {
        if r.none {
            return;
        }
        let slug = if r.plan.is_empty() {
            primary
        } else {
            Some(r.plan.as_str())
        };
        let Some(slug) = slug else {
            out.push(
                Diagnostic::error(r.loc, format!("計画の参照「{}」がどの計画を指すか分かりません。", r.raw))
                    .hint("site.toml に primary_plan = \"sogo\" のように主な計画を書くか、\"sogo:4-1-2\" のように計画名を付けてください。"),
            );
            return;
        };
        let Some((plan, tree)) = trees.get(slug) else {
            out.push(
                Diagnostic::error(
                    r.loc,
                    format!("計画の参照「{}」の計画「{slug}」がありません。", r.raw),
                )
                .hint(match nearest(slug, plan_slugs.iter().copied()) {
                    Some(s) => format!("「{s}」のことではありませんか。"),
                    None => format!("content/plans/{slug}.toml を作るか、参照を直してください。"),
                }),
            );
            return;
        };
        if tree.find(&r.code).is_none() {
            let folded = fold(&r.code);
            let sugg = nearest(&folded, tree.nodes.iter().map(|n| n.code.as_str())).or_else(|| {
                // Circled numbers written as plain digits: 5-2-1 for 5-2-①.
                let id = normalise_id(&r.code);
                tree.nodes
                    .iter()
                    .find(|n| n.id == id)
                    .map(|n| n.code.as_str())
            });
            out.push(
                Diagnostic::error(
                    r.loc,
                    format!(
                        "計画「{}」に「{}」というコードはありません。",
                        plan.name, r.code
                    ),
                )
                .hint(match sugg {
                    Some(s) => format!("「{s}」のことではありませんか。"),
                    None => format!(
                        "content/plans/{slug}.toml の [[items]] にあるコードを書いてください。"
                    ),
                }),
            );
        }
    };
    let results: Vec<Vec<Diagnostic>> = site
        .departments
        .par_iter()
        .map(|dept| {
            let mut out = Vec::new();
            for report in &dept.reports {
                let scale = site.config.grades.for_year(report.year);
                let scale = report.is_graded(&site.config).then_some(scale);
                check_report(report, scale, &ref_check, &mut out, map);
            }
            out
        })
        .collect();
    for r in results {
        diags.items.extend(r);
    }
    check_parents(site, diags);
}

/// `parent` of a department names another department's folder, and following parents
/// never comes back to where it started.
fn check_parents(site: &Site, diags: &mut Diagnostics) {
    let slugs: Vec<&str> = site.departments.iter().map(|d| d.slug.as_str()).collect();
    let parent_of = |slug: &str| {
        site.departments
            .iter()
            .find(|d| d.slug == slug)
            .and_then(|d| d.parent.as_ref())
    };
    for d in &site.departments {
        let Some(p) = &d.parent else { continue };
        if p.v == d.slug {
            diags.push(
                Diagnostic::error(p.loc, format!("parent が自分自身（「{}」）を指しています。", p.v))
                    .hint("parent には、この課・室が属する部のフォルダー名を書いてください。部そのものなら parent の行を削除してください。"),
            );
            continue;
        }
        if !slugs.contains(&p.v.as_str()) {
            let by_name = site.departments.iter().find(|o| o.name == p.v.trim());
            let hint = match (by_name, nearest(&p.v, slugs.iter().copied())) {
                (Some(o), _) => format!(
                    "parent には部局の名前ではなくフォルダー名を書きます。「{}」のことなら parent = \"{}\" と書いてください。",
                    o.name, o.slug
                ),
                (None, Some(n)) => format!("「{n}」の書き間違いではありませんか。"),
                (None, None) => {
                    "content/departments/ にある部局のフォルダー名を書いてください。".into()
                }
            };
            diags.push(
                Diagnostic::error(
                    p.loc,
                    format!("parent の「{}」という部局（フォルダー）がありません。", p.v),
                )
                .hint(hint),
            );
            continue;
        }
        // A loop (a → b → a) would list each under the other and neither at the top.
        let mut seen = vec![d.slug.as_str()];
        let mut at = p.v.as_str();
        while let Some(next) = parent_of(at) {
            if seen.contains(&at) {
                break;
            }
            seen.push(at);
            at = next.v.as_str();
        }
        if at == d.slug {
            diags.push(
                Diagnostic::error(
                    p.loc,
                    format!(
                        "parent がたどると元に戻ります（{}）。",
                        seen.join(" → ") + " → " + &d.slug
                    ),
                )
                .hint("どれか一つの parent を削除し、部を一番上にしてください。"),
            );
        }
    }
}

/// The cross-entry rules of one report: grades on `scale`, unique ids, plan references
/// (through `ref_check`) and projects' challenges present in the report.
fn check_report(
    report: &Report,
    scale: Option<&GradeScale>,
    ref_check: &(dyn Fn(&PlanRef, &mut Vec<Diagnostic>) + Sync),
    out: &mut Vec<Diagnostic>,
    map: &SourceMap,
) {
    let grade_check = |g: &At<String>, out: &mut Vec<Diagnostic>| {
        let Some(scale) = scale else {
            out.push(
                Diagnostic::warning(g.loc, format!("評価「{}」が書かれていますが、この報告は評価をしない報告です（graded = false）。評価は表示しません。", g.v))
                    .hint("評価を載せるなら、報告に graded = true と書いてください。載せないなら grade の行を削除してください。"),
            );
            return;
        };
        if scale.level(&g.v).is_none() {
            let syms: Vec<&str> = scale.levels.iter().map(|l| l.symbol.as_str()).collect();
            out.push(
                Diagnostic::error(g.loc, format!("評価「{}」は{}の評価基準にありません。", g.v, report.year.wareki()))
                    .hint(format!(
                        "使える評価: {}。まだ評価していないときは grade の行を削除してください（未評価と表示されます）。",
                        syms.join("、")
                    )),
            );
        }
    };
    // Keyed by the id's page anchor (white space and quotes as `-`), so that ids whose
    // anchors would collide (`a b`, `a-b`) are caught as well as the same id twice.
    let dup_check = |ids: &mut HashMap<String, At<String>>,
                     id: &At<String>,
                     what: &str,
                     out: &mut Vec<Diagnostic>| {
        let key: String = id.v.chars().map(anchor_char).collect();
        if let Some(prev) = ids.get(&key) {
            let (line, _) = map.file_of(prev.loc).line_col(prev.loc.start as usize);
            // Indicators are unique within their goal; everything else in the report.
            let scope = if what == "指標" { "目標" } else { "報告" };
            let d = if prev.v == id.v {
                Diagnostic::error(
                    id.loc,
                    format!(
                        "{what}の id「{}」が同じ{scope}の中で二度使われています。",
                        id.v
                    ),
                )
                .hint(format!(
                    "{line}行目と重なっています。id は{scope}の中で一意にしてください。"
                ))
            } else {
                Diagnostic::error(
                    id.loc,
                    format!(
                        "{what}の id「{}」は、{line}行目の id「{}」とページ内のリンク先（アンカー）が同じ「{key}」になります。",
                        id.v, prev.v
                    ),
                )
                .hint("id の空白と引用符（\" '）は - になるため、区別できません。英数字とハイフンだけで、ほかと違う id にしてください。")
            };
            out.push(d);
        } else {
            ids.insert(key, id.clone());
        }
    };
    let mut ch_ids = HashMap::new();
    for c in &report.challenges {
        dup_check(&mut ch_ids, &c.id, "課題", out);
        for r in &c.plan {
            ref_check(r, out);
        }
    }
    let challenge_check = |what: String, c: &At<String>, out: &mut Vec<Diagnostic>| {
        let key: String = c.v.chars().map(anchor_char).collect();
        if ch_ids.get(&key).is_none_or(|id| id.v != c.v) {
            let sugg =
                nearest(&c.v, report.challenges.iter().map(|c| c.id.v.as_str())).or_else(|| {
                    // The challenge's title written where its id belongs.
                    report
                        .challenges
                        .iter()
                        .find(|ch| ch.title == c.v.trim())
                        .map(|ch| ch.id.v.as_str())
                });
            out.push(
                Diagnostic::error(
                    c.loc,
                    format!(
                        "{what}の課題「{}」がこの報告の [[challenges]] にありません。",
                        c.v
                    ),
                )
                .hint(match sugg {
                    Some(s) => format!("課題の id「{s}」のことではありませんか。"),
                    None => "この報告の [[challenges]] の id を書いてください。".into(),
                }),
            );
        }
    };
    let mut goal_ids = HashMap::new();
    for goal in &report.goals {
        if let Some(c) = &goal.challenge {
            challenge_check(format!("目標「{}」", goal.title.v), c, out);
        }
        dup_check(&mut goal_ids, &goal.id, "重点目標", out);
        if let Some(g) = &goal.grade {
            grade_check(g, out);
        }
        for i in &goal.initiatives {
            if let Some(g) = &i.grade {
                grade_check(g, out);
            }
        }
        let mut ind_ids = HashMap::new();
        for ind in &goal.indicators {
            if let Some(id) = &ind.id {
                dup_check(&mut ind_ids, id, "指標", out);
            }
        }
        for r in &goal.plan {
            ref_check(r, out);
        }
    }
    let mut pr_ids = HashMap::new();
    for p in &report.projects {
        dup_check(&mut pr_ids, &p.id, "事業", out);
        for r in &p.plan {
            ref_check(r, out);
        }
        for c in &p.challenges {
            challenge_check(format!("事業「{}」の関連する", p.name), c, out);
        }
    }
    let mut mt_ids = HashMap::new();
    for m in &report.midterm {
        dup_check(&mut mt_ids, &m.id, "中期目標", out);
        for r in &m.plan {
            ref_check(r, out);
        }
    }
}
