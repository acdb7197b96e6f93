//! A department folder: its `department.toml` (name, order, units, former names) and,
//! through [`read_report`], the reports beside it.

use super::reader::{Ctx, Tbl};
use super::report::read_report;
use super::syntax::parse_file;
use crate::diag::{Diagnostic, SourceMap};
use crate::model::*;
use crate::source::file_start;
use std::collections::HashSet;

/// Reads a department's `department.toml` and its reports; `None` (with the reasons) when
/// the folder has no readable `department.toml` or it lacks its name.
pub(super) fn read_department(
    map: &SourceMap,
    raw: &crate::source::RawDepartment,
) -> (Option<Department>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let Some(file) = raw.file else {
        diags.push(
            Diagnostic::path_error(
                format!("content/departments/{}/department.toml", raw.slug),
                format!("部局フォルダー「{}」に department.toml がありません。", raw.slug),
            )
            .hint("部局名などを書いた department.toml を作ってください（例: name = \"政策推進部\"）。"),
        );
        return (None, diags);
    };
    let mut cx = Ctx::new(file, 0);
    let Some(doc) = parse_file(&map.get(file).text, &mut cx) else {
        return (None, cx.diags);
    };
    let mut t = Tbl::new(doc.get_ref(), 0..0, "");
    let name = t.req_str(&mut cx, "name");
    let order = t.int(&mut cx, "order").map(|o| o.v).unwrap_or(1000);
    let units = t.str_list(&mut cx, "units");
    let mut former_names = Vec::new();
    if let Some(v) = t.raw("former_names") {
        // Accept both an inline array of tables and [[former_names]].
        if let toml::de::DeValue::Array(items) = v.get_ref() {
            for (n, item) in items.iter().enumerate() {
                if let toml::de::DeValue::Table(ft) = item.get_ref() {
                    let mut f = Tbl::new(ft, item.span(), format!("former_names の{}番目", n + 1));
                    let fname = f.req_str(&mut cx, "name");
                    let until = f.fiscal_year(&mut cx, "until");
                    if !f.has("until") {
                        f.missing(&mut cx, "until", "2015");
                    }
                    f.finish(&mut cx);
                    if let (Some(fname), Some(until)) = (fname, until) {
                        former_names.push(FormerName {
                            name: fname.v,
                            until: until.v,
                        });
                    }
                } else {
                    cx.error(item.span(), "former_names の要素は { name = \"…\", until = 年度 } の形で書いてください。", "例: former_names = [{ name = \"市民活力推進部\", until = 2015 }]");
                }
            }
        } else {
            cx.error(
                v.span(),
                "former_names は配列で書いてください。",
                "例: former_names = [{ name = \"市民活力推進部\", until = 2015 }]",
            );
        }
    }
    let parent = t.str(&mut cx, "parent").filter(|p| !p.v.trim().is_empty());
    let contact = t.table(&mut cx, "contact").map(|mut c| {
        let mut line = |key| {
            c.str(&mut cx, key)
                .map(|v| v.v)
                .filter(|v| !v.trim().is_empty())
        };
        let contact = Contact {
            phone: line("phone"),
            fax: line("fax"),
            email: line("email"),
            form: None,
            note: line("note"),
        };
        let form = c.str(&mut cx, "form").filter(|f| !f.v.trim().is_empty());
        if let Some(f) = form.as_ref().filter(|f| web_url(&f.v).is_none()) {
            cx.diags.push(
                Diagnostic::warning(
                    f.loc,
                    format!("[contact] の form「{}」は http:// か https:// で始まる URL ではありません。ページではリンクにせず、文字のまま表示します。", f.v),
                )
                .hint("問い合わせフォームのページの URL を書いてください。例: form = \"https://www.city.example.lg.jp/form/kikaku\"（電話の案内などは note に書けます）"),
            );
        }
        let contact = Contact {
            form: form.map(|f| f.v),
            ..contact
        };
        c.finish(&mut cx);
        contact
    });
    t.finish(&mut cx);
    let mut seen_units: HashSet<&str> = HashSet::new();
    for u in &units {
        if !seen_units.insert(u.v.as_str()) {
            cx.diags.push(
                Diagnostic::warning(u.loc, format!("units に「{}」が二度書かれています。", u.v))
                    .hint("一方を削除してください。"),
            );
        }
    }
    let mut diags = cx.diags;
    let mut reports = Vec::new();
    for r in &raw.reports {
        let (rep, d) = read_report(map, r);
        diags.extend(d);
        reports.extend(rep);
    }
    let Some(name) = name else {
        return (None, diags);
    };
    (
        Some(Department {
            slug: raw.slug.clone(),
            name: name.v,
            order,
            units,
            former_names,
            parent,
            contact,
            reports,
            loc: file_start(file),
        }),
        diags,
    )
}
