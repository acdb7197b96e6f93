//! A plan file (`content/plans/*.toml`): its items, their codes and the parent links
//! between them, each checked within the one plan.

use super::reader::{Ctx, Tbl};
use super::syntax::parse_file;
use crate::diag::{Diagnostic, FileId, Loc, SourceMap, nearest};
use crate::model::fold::fold;
use crate::model::plans::normalise_id;
use crate::model::*;
use crate::source::file_start;
use std::collections::{HashMap, HashSet};

/// The longest a plan item's URL segment may be, in UTF-8 bytes: it is a folder name in
/// the output (`plans/<plan>/<id>/index.html`). Windows allows 255 UTF-16 units in a name
/// and, unless long paths are enabled, 260 in a whole path (MAX_PATH); Linux allows 255
/// bytes in a name. 100 bytes (33 kanji) keeps the name within every one of these and
/// leaves room in MAX_PATH for the output folder's own path.
const MAX_ID_BYTES: usize = 100;

/// Reads the plan file `slug`: its items, with codes unique within the plan (also once
/// made into URLs) and parent links that resolve without a loop.
pub(super) fn read_plan(
    map: &SourceMap,
    slug: &str,
    file: FileId,
) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut cx = Ctx::new(file, 0);
    let Some(doc) = parse_file(&map.get(file).text, &mut cx) else {
        return (None, cx.diags);
    };
    let mut t = Tbl::new(doc.get_ref(), 0..0, "");
    let name = t.req_str(&mut cx, "name");
    let short = t.str(&mut cx, "short").map(|s| s.v);
    let period = t.period(&mut cx, "period");
    let levels = t
        .str_list(&mut cx, "levels")
        .into_iter()
        .map(|s| s.v)
        .collect();
    let separator = t
        .str(&mut cx, "separator")
        .map(|s| s.v)
        .unwrap_or_else(|| "-".into());
    let body = t.str(&mut cx, "body").map(|s| s.v);
    let revision_notes = t
        .str_list(&mut cx, "revision_notes")
        .into_iter()
        .map(|s| s.v)
        .collect();
    let mut items = Vec::new();
    let mut seen: HashMap<String, Loc> = HashMap::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    for mut it in t.tables(&mut cx, "items") {
        let code = it.req_code(&mut cx, "code");
        let title = it.req_str(&mut cx, "title");
        let body = it.str(&mut cx, "body").map(|s| s.v);
        let parent = it.code(&mut cx, "parent");
        let continues = it.str(&mut cx, "continues");
        it.finish(&mut cx);
        let Some(code) = code else { continue };
        let key = fold(&code.v);
        if let Some(prev) = seen.get(&key) {
            let (line, _) = map.get(file).line_col(prev.start as usize);
            cx.diags.push(
                Diagnostic::error(
                    code.loc,
                    format!("計画の項目コード「{}」が二度使われています。", code.v),
                )
                .hint(format!(
                    "{line}行目と同じコードです。コードは計画の中で一意にしてください。"
                )),
            );
            continue;
        }
        seen.insert(key, code.loc);
        let mut id = normalise_id(&code.v);
        if id.is_empty() {
            id = format!("item-{}", items.len() + 1);
        }
        if id.len() > MAX_ID_BYTES {
            cx.diags.push(
                Diagnostic::error(
                    code.loc,
                    format!(
                        "項目コード「{}」が長すぎます（ページのフォルダー名になる部分が {} バイト。{MAX_ID_BYTES} バイトまでです）。",
                        code.v,
                        id.len()
                    ),
                )
                .hint("コードは項目の番号（\"4-1-2\" など）にして、長い名前は title に書いてください。Windows では長いフォルダー名のページを書き出せず、開けません。"),
            );
            continue;
        }
        if let Some(other) = ids.get(&id) {
            cx.diags.push(
                Diagnostic::error(
                    code.loc,
                    format!(
                        "項目コード「{}」は「{other}」と同じ URL（{id}）になってしまいます。",
                        code.v
                    ),
                )
                .hint("丸数字と数字など、見分けのつかないコードを使い分けないでください。"),
            );
            continue;
        }
        ids.insert(id.clone(), code.v.clone());
        items.push(PlanItem {
            code,
            id,
            title: title.map(|t| t.v).unwrap_or_default(),
            body,
            parent,
            continues,
        });
    }
    t.finish(&mut cx);
    let Some(name) = name else {
        return (None, cx.diags);
    };
    let plan = Plan {
        slug: slug.to_string(),
        name: name.v,
        short,
        period,
        levels,
        separator,
        body,
        revision_notes,
        items,
        loc: file_start(file),
    };
    check_plan_parents(&plan, &mut cx.diags);
    (Some(plan), cx.diags)
}

/// Explicit parents must exist; parent chains must not loop; ancestors implied by codes
/// but absent from the file are warned about.
fn check_plan_parents(plan: &Plan, diags: &mut Vec<Diagnostic>) {
    let codes: HashSet<String> = plan.items.iter().map(|i| fold(&i.code.v)).collect();
    let parent_of: HashMap<String, String> = plan
        .items
        .iter()
        .filter_map(|i| {
            crate::model::plans::parent_code_of(i, &plan.separator)
                .map(|p| (fold(&i.code.v), fold(&p)))
        })
        .collect();
    let mut implied_warned: HashSet<String> = HashSet::new();
    let mut implied: Vec<(String, Loc)> = Vec::new();
    for item in &plan.items {
        if let Some(p) = &item.parent {
            if !codes.contains(&fold(&p.v)) {
                let sugg = nearest(&p.v, plan.items.iter().map(|i| i.code.v.as_str()));
                diags.push(
                    Diagnostic::error(
                        p.loc,
                        format!(
                            "parent に書かれた「{}」という項目はこの計画にありません。",
                            p.v
                        ),
                    )
                    .hint(match sugg {
                        Some(s) => format!("「{s}」のことではありませんか。"),
                        None => "parent には同じ計画の項目の code を書いてください。".into(),
                    }),
                );
                continue;
            }
            // Walk up to find a loop back to this item.
            let me = fold(&item.code.v);
            let mut cur = fold(&p.v);
            let mut steps = 0;
            while steps <= plan.items.len() {
                if cur == me {
                    diags.push(
                        Diagnostic::error(
                            p.loc,
                            format!(
                                "項目「{}」の親をたどると自分自身に戻ってしまいます（循環）。",
                                item.code.v
                            ),
                        )
                        .hint("parent の指定を見直し、親子関係が輪にならないようにしてください。"),
                    );
                    break;
                }
                match parent_of.get(&cur) {
                    Some(next) => cur = next.clone(),
                    None => break,
                }
                steps += 1;
            }
        } else {
            let mut cur = crate::model::plans::derived_parent(&item.code.v, &plan.separator);
            while let Some(p) = cur {
                let k = fold(&p);
                if codes.contains(&k) {
                    break;
                }
                if implied_warned.insert(k) {
                    implied.push((p.clone(), item.code.loc));
                }
                cur = crate::model::plans::derived_parent(&p, &plan.separator);
            }
        }
    }
    // One warning per plan: the source may give only the codes it uses.
    if let Some((_, loc)) = implied.first() {
        let mut codes: Vec<&str> = implied.iter().map(|(c, _)| c.as_str()).collect();
        codes.sort_by_key(|c| crate::model::plans::natural_key(c));
        diags.push(
            Diagnostic::warning(
                *loc,
                format!(
                    "上位の項目 {} がこの計画に書かれていません（コードだけで表示します）。",
                    codes.join("、")
                ),
            )
            .hint("名称が分かれば [[items]] に code と title を加えてください。"),
        );
    }
}
