//! `site.toml`: the site's settings and its grade scales (the default one and those of
//! earlier years).

use super::reader::{Ctx, Tbl};
use super::syntax::parse_file;
use crate::diag::{Diagnostic, FileId, SourceMap};
use crate::model::fiscal::YearStyle;
use crate::model::fold::fold;
use crate::model::*;
use crate::source::file_start;
use std::collections::HashSet;

/// Reads `site.toml`; `None` (with the reasons) when it cannot be read or lacks `title` or
/// `city`.
pub(super) fn read_site_config(
    map: &SourceMap,
    file: FileId,
) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let mut cx = Ctx::new(file, 0);
    let Some(doc) = parse_file(&map.get(file).text, &mut cx) else {
        return (None, cx.diags);
    };
    let mut t = Tbl::new(doc.get_ref(), 0..0, "");
    let title = t.req_str(&mut cx, "title");
    let city = t.req_str(&mut cx, "city");
    let description = t.str(&mut cx, "description").map(|s| s.v);
    let base_url = t.str(&mut cx, "base_url").and_then(|u| {
        let rest = u
            .v
            .strip_prefix("https://")
            .or_else(|| u.v.strip_prefix("http://"));
        let host = rest.map(|r| r.split('/').next().unwrap_or_default());
        let problem = match (rest, host) {
            (None, _) => "は http:// か https:// で始まる URL にしてください",
            (_, Some("")) => "にホスト名（www.city.example.lg.jp など）がありません",
            _ if u.v.contains(['?', '#']) => {
                "に ? や # が入っています（ページの URL はこのあとに続けるため、? 以降や # 以降は書けません）"
            }
            _ if u.v.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                "に空白や改行が入っています"
            }
            _ => {
                let mut s = u.v.clone();
                if !s.ends_with('/') {
                    s.push('/');
                }
                return Some(s);
            }
        };
        cx.diags.push(
            Diagnostic::error(u.loc, format!("base_url「{}」{problem}。", u.v))
                .hint("公開する場所の絶対 URL を書いてください。例: base_url = \"https://www.city.example.lg.jp/hyoka/\""),
        );
        None
    });
    let language = t
        .str(&mut cx, "language")
        .map(|s| s.v)
        .unwrap_or_else(|| "ja".into());
    let theme = t
        .str(&mut cx, "theme")
        .and_then(|s| super::theme_name::check(s, &mut cx.diags))
        .unwrap_or_else(|| "hyoka".into());
    let year_style = match t.str(&mut cx, "year_style") {
        Some(s) => match YearStyle::parse(&s.v) {
            Some(y) => y,
            None => {
                cx.diags.push(
                    Diagnostic::error(s.loc, format!("year_style「{}」は使えません。", s.v))
                        .hint("\"wareki\"（令和3年度）、\"western\"（2021年度）、\"both\"（令和3年度（2021年度））のどれかにしてください。"),
                );
                YearStyle::Wareki
            }
        },
        None => YearStyle::Wareki,
    };
    let primary_plan = t.str(&mut cx, "primary_plan");
    let allow_html = t.bool(&mut cx, "allow_html").unwrap_or(false);
    let grades = match t.table(&mut cx, "grades") {
        Some(mut g) => {
            let scales = read_grades(&mut g, &mut cx);
            g.finish(&mut cx);
            scales
        }
        None => GradeScales {
            default: GradeScale::default_scale(),
            history: Vec::new(),
        },
    };
    let city_code = t
        .code(&mut cx, "city_code")
        .and_then(|c| read_city_code(c, &mut cx));
    let license = t
        .str(&mut cx, "license")
        .map(|s| s.v)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| crate::model::opendata::DEFAULT_LICENSE.into());
    let graded = t.bool(&mut cx, "graded").unwrap_or(true);
    let derive_grades = t.bool(&mut cx, "derive_grades").unwrap_or(true);
    let mut grades = grades;
    for s in
        std::iter::once(&mut grades.default).chain(grades.history.iter_mut().map(|h| &mut h.scale))
    {
        s.derive = derive_grades;
    }
    t.finish(&mut cx);
    let (Some(title), Some(city)) = (title, city) else {
        return (None, cx.diags);
    };
    (
        Some(SiteConfig {
            title: title.v,
            city: city.v,
            description,
            base_url,
            language,
            theme,
            year_style,
            primary_plan,
            allow_html,
            grades,
            city_code,
            license,
            graded,
            derive_grades,
            loc: file_start(file),
        }),
        cx.diags,
    )
}

/// Checks `city_code` (全国地方公共団体コード): six digits whose last is the check digit.
fn read_city_code(c: At<String>, cx: &mut Ctx) -> Option<String> {
    use crate::model::city_code::{CodeError, parse};
    let (message, hint) = match parse(&c.v) {
        Ok(code) => return Some(code),
        Err(CodeError::MissingCheckDigit(d)) => (
            format!("city_code「{}」は 5 桁です。全国地方公共団体コードは検査数字を付けた 6 桁です。", c.v),
            format!("検査数字を付けると「{}{d}」です。", c.v.trim()),
        ),
        Err(CodeError::WrongCheckDigit(d)) => (
            format!("city_code「{}」の検査数字（6 桁目）が合いません。", c.v),
            format!(
                "前の 5 桁の検査数字は {d} です。総務省の全国地方公共団体コードの一覧で市のコードを確かめてください。"
            ),
        ),
        Err(CodeError::NotSixDigits) => (
            format!("city_code「{}」は全国地方公共団体コード（6 桁の数字）ではありません。", c.v),
            "例: city_code = \"131016\"（千代田区）。先頭の 0 が消えないよう \"…\" で囲んでください。".to_string(),
        ),
    };
    cx.diags.push(Diagnostic::error(c.loc, message).hint(hint));
    None
}

/// Reads `[grades]`: the default scale and the `[[grades.history]]` scales of earlier
/// years, whose periods must not overlap.
fn read_grades(g: &mut Tbl, cx: &mut Ctx) -> GradeScales {
    let default = read_scale(g, cx, None).unwrap_or_else(GradeScale::default_scale);
    let tables = g.tables(cx, "history");
    let mut history = Vec::with_capacity(tables.len());
    for mut h in tables {
        let from = h.fiscal_year(cx, "from");
        let to = h.fiscal_year(cx, "to");
        if !h.has("from") {
            h.missing(cx, "from", "2013");
        }
        if !h.has("to") {
            h.missing(cx, "to", "2015");
        }
        let scale = read_scale(&mut h, cx, Some(&default));
        h.finish(cx);
        if let (Some(from), Some(to), Some(scale)) = (from, to, scale) {
            if from.v > to.v {
                cx.diags.push(
                    Diagnostic::error(
                        from.loc,
                        "grades.history の from が to より後になっています。",
                    )
                    .hint("from と to を入れ替えてください。"),
                );
                continue;
            }
            let overlap = history
                .iter()
                .any(|o: &GradeScaleFor| o.from <= to.v && from.v <= o.to);
            if overlap {
                cx.diags.push(
                    Diagnostic::error(from.loc, format!("grades.history の期間 {}〜{} がほかの期間と重なっています。", from.v, to.v))
                        .hint("ひとつの年度に使える評価基準はひとつです。期間が重ならないようにしてください。"),
                );
                continue;
            }
            history.push(GradeScaleFor {
                from: from.v,
                to: to.v,
                scale,
            });
        }
    }
    history.sort_by_key(|h| h.from);
    GradeScales { default, history }
}

/// Reads `achieved` and `levels` of a scale table. `levels = []`, and a history entry
/// (`fallback` given) without levels, are errors: never a silent fallback to the default.
fn read_scale(t: &mut Tbl, cx: &mut Ctx, fallback: Option<&GradeScale>) -> Option<GradeScale> {
    let achieved_at = t.str_list(cx, "achieved");
    let levels_key = t.key_span("levels");
    let level_tables = t.tables(cx, "levels");
    match &levels_key {
        Some(span) if level_tables.is_empty() => {
            cx.error(span.clone(), "評価基準の「levels」が空です（評価記号がひとつもありません）。", "{ symbol = \"A\", label = \"達成\", rate = 100, min_rate = 100 } のように評価記号を書いてください。既定の A〜E の基準を使うなら levels の行を削除してください。");
            return None;
        }
        None if fallback.is_some() => {
            t.missing(
                cx,
                "levels",
                "[ { symbol = \"A\", label = \"達成\", rate = 100, min_rate = 100 }, … ]",
            );
            return None;
        }
        _ => {}
    }
    let mut levels = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for mut l in level_tables {
        let symbol = l.req_code(cx, "symbol");
        let label = l.req_str(cx, "label");
        let description = l.str(cx, "description").map(|s| s.v);
        let rate = l.num(cx, "rate").map(|r| r.v);
        let min_rate = l.num(cx, "min_rate").map(|r| r.v);
        let counted = l.bool(cx, "counted").unwrap_or(true);
        let rate_text = l.str(cx, "rate_text").map(|s| s.v);
        l.finish(cx);
        let Some(symbol) = symbol else { continue };
        let key = fold(&symbol.v);
        if seen.contains(&key) {
            cx.diags.push(
                Diagnostic::error(
                    symbol.loc,
                    format!("評価記号「{}」が二度定義されています。", symbol.v),
                )
                .hint("記号はひとつずつ定義してください。"),
            );
            continue;
        }
        seen.insert(key);
        levels.push(GradeLevel {
            symbol: symbol.v,
            label: label.map(|l| l.v).unwrap_or_default(),
            description,
            rate: rate.or(min_rate).unwrap_or(0.0),
            min_rate,
            counted,
            rate_text,
        });
    }
    if levels.is_empty() {
        match fallback {
            Some(f) => levels = f.levels.clone(),
            None => return None,
        }
    }
    let mut achieved = Vec::new();
    for a in achieved_at {
        if levels.iter().any(|l| fold(&l.symbol) == fold(&a.v)) {
            achieved.push(a.v);
        } else {
            let syms: Vec<&str> = levels.iter().map(|l| l.symbol.as_str()).collect();
            cx.diags.push(
                Diagnostic::error(
                    a.loc,
                    format!("achieved の「{}」は levels に定義されていません。", a.v),
                )
                .hint(format!("定義されている記号: {}", syms.join("、"))),
            );
        }
    }
    if achieved.is_empty() {
        achieved = fallback
            .map(|f| f.achieved.clone())
            .unwrap_or_else(|| levels.iter().take(1).map(|l| l.symbol.clone()).collect());
    }
    Some(GradeScale {
        achieved,
        levels,
        // Set for the whole site once site.toml is read (`derive_grades`).
        derive: true,
    })
}
