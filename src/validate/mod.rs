//! Validation: turns the loaded files into the [`Site`] model, checking every rule of the
//! content format and collecting every problem (with file, line, column and a hint) so a
//! build reports them all at once.

pub mod lint;
pub mod reader;
mod theme_name;

use crate::analyze::plans::{PlanTree, is_none_code, normalise_id, split_ref};
use crate::diag::{Diagnostic, Diagnostics, FileId, Loc, SourceMap, nearest};
use crate::model::fiscal::YearStyle;
use crate::model::fold::fold;
use crate::model::*;
use crate::source::{RawReport, RawSite, file_start};
use rayon::prelude::*;
use reader::{Ctx, Tbl};
use std::collections::{BTreeMap, HashMap, HashSet};
use toml::de::DeTable;

/// Parses TOML text, reporting a syntax error in Japanese at its position. When the text
/// has several errors, the first in the text is reported: later ones are usually its
/// consequences (an unclosed string swallows the next line).
fn parse_toml<'i>(text: &'i str, cx: &mut Ctx) -> Option<toml::Spanned<DeTable<'i>>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    let first = errors
        .iter()
        .min_by_key(|e| e.span().map(|s| s.start).unwrap_or(usize::MAX));
    match first {
        None => Some(doc),
        Some(e) => {
            let mut span = e.span().unwrap_or(0..0);
            let (msg, hint) = explain_toml_error(e.message(), text, span.start);
            // An unclosed """ runs to the end of the file: point at where it opened.
            if e.message().contains("multi-line")
                && let Some(open) = text
                    .get(..span.start)
                    .and_then(|t| t.rfind("\"\"\"").or_else(|| t.rfind("'''")))
            {
                span = open..open + 3;
            }
            cx.error(span, msg, hint);
            None
        }
    }
}

/// A text that holds nothing: empty, only blanks (a file of only a BOM is empty once the
/// BOM is dropped).
fn is_blank(text: &str) -> bool {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .is_empty()
}

/// Refuses an empty TOML file: usually a save that failed or a file created and never
/// written, which must not publish an empty page or silently lose a department.
fn refuse_blank(text: &str, cx: &mut Ctx) -> bool {
    if is_blank(text) {
        cx.error(
            0..0,
            "ファイルが空です（何も書かれていません）。",
            "保存に失敗して中身が消えた可能性があります。git などで前の版に戻すか、不要ならファイルを削除してください。",
        );
        return true;
    }
    false
}

/// Japanese wording for the TOML parser's messages (`raw`), by what the parser says and
/// what it expected: (message, hint).
fn explain_toml_error(raw: &str, text: &str, at: usize) -> (String, String) {
    let m = raw.trim();
    let lower = m.to_ascii_lowercase();
    let near = text.get(at..).and_then(|s| s.chars().next());
    let has = |p: &str| lower.contains(p);
    // "day between 01 and 28" → the last day of that month.
    let last_day = lower
        .split("day between 01 and ")
        .nth(1)
        .and_then(|s| s.get(..2))
        .map(str::to_string);
    let (what, hint): (String, String) = if has("duplicate key") {
        (
            "同じ項目（または同じ [表] の見出し）が二度書かれています".into(),
            "どちらか一方を削除してください。表を繰り返すときは [[goals]] のように角かっこを二重にします。".into(),
        )
    } else if has("visible characters") || has("printable") {
        (
            "目に見えない制御文字が入っています".into(),
            "ほかの文書やウェブページから貼り付けたときに入ることがあります。この位置の文字を消して打ち直してください。".into(),
        )
    } else if has("invalid multi-line") {
        (
            "複数行の文字列の終わりの \"\"\"（または '''）がありません".into(),
            "\"\"\" で始めた文章は、最後にもう一度 \"\"\" を書いて閉じます。".into(),
        )
    } else if has("invalid basic string") || has("invalid literal string") || has("carriage return")
    {
        (
            "文字列の終わりの引用符（\" または '）がありません".into(),
            "1 行の文字列は同じ行の中で \"…\" と閉じます。複数行にわたる文章は \"\"\"…\"\"\"（ダブルクォート三つ）で囲んでください。".into(),
        )
    } else if has("missing escaped value") || has("unicode hexadecimal") || has("too few unicode") {
        (
            "文字列の中の \\（円記号・バックスラッシュ）の使い方が正しくありません".into(),
            "\\ を文字として書くときは \\\\ と二つ重ねるか、'…'（シングルクォート）で囲んでください。".into(),
        )
    } else if has("unclosed array table") || has("unclosed table") {
        (
            "表の見出しの閉じかっこ ] がありません".into(),
            "見出しは [budget] や [[goals]] のように、開いたかっこと同じ数だけ閉じます。".into(),
        )
    } else if has("unclosed array") {
        (
            "配列の閉じかっこ ] がありません".into(),
            "配列は [\"…\", \"…\"] のように ] で閉じます。".into(),
        )
    } else if has("unclosed inline table") {
        (
            "{ } の閉じかっこ } がありません".into(),
            "{ title = \"部長\", name = \"…\" } のように 1 行の中で } で閉じます。".into(),
        )
    } else if has("unquoted keys cannot be empty") || has("missing key") {
        (
            "項目名がありません".into(),
            "`項目名 = 値` の形で書きます。見出しなら [budget] のように、かっこの中に名前を書いてください。".into(),
        )
    } else if has("invalid unquoted key") || has("invalid key") {
        (
            "項目名に使えない文字があります".into(),
            "項目名は半角英数字・ハイフン・下線で書きます。日本語の名前は \"常勤\" = 12 のように \"…\" で囲んでください。".into(),
        )
    } else if has("key with no value") || has("missing assignment") {
        (
            "項目名のあとに = がありません".into(),
            "`項目名 = 値` の形で書いてください（例: grade = \"B\"）。".into(),
        )
    } else if has("extra `=`") || has("extra assignment") || has("unexpected `=`") {
        (
            "= が多すぎます".into(),
            "1 行に書けるのは `項目名 = 値` ひとつだけです。".into(),
        )
    } else if has("missing value") {
        (
            "= のあとに値がありません".into(),
            "文字列は \"…\"、数値はそのまま、日付は 2021-05-01 のように書きます。".into(),
        )
    } else if has("string values must be quoted") || has("invalid string") {
        (
            "文字列が \"…\" で囲まれていません".into(),
            "文字列は \"…\" で、数値はそのまま、日付は 2021-05-01 のように半角で書きます。".into(),
        )
    } else if has("missing comma between array") {
        (
            "配列の要素の間に , がありません".into(),
            "[\"…\", \"…\"] のように要素の間をカンマで区切ります。".into(),
        )
    } else if has("missing comma") || has("invalid inline table") {
        (
            "{ } の中の項目の間に , がありません".into(),
            "{ title = \"部長\", name = \"…\" } のように項目の間をカンマで区切ります。".into(),
        )
    } else if has("extra comma") {
        (
            "カンマ , が余分です".into(),
            "要素と要素の間にだけカンマを書いてください。".into(),
        )
    } else if (has("unexpected key or value") || has("unexpected content"))
        && near == Some(',')
        && text
            .get(..at)
            .is_some_and(|t| t.ends_with(|c: char| c.is_ascii_digit()))
    {
        (
            "数値に桁区切りのカンマ , は使えません".into(),
            "1,000 ではなく 1000 か 1_000 と書いてください。".into(),
        )
    } else if has("unexpected key or value") || has("unexpected content") {
        (
            "値や見出しのあとに余分な文字があります".into(),
            "1 行に書けるのは `項目名 = 値` か [見出し] ひとつだけです。続きは次の行に書き、文章は \"…\" の中に入れてください。".into(),
        )
    } else if let Some(d) = last_day {
        (
            format!("存在しない日付です（この月は {d} 日までです）"),
            "カレンダーにある日付を書いてください（例: 2021-02-28）。".into(),
        )
    } else if has("month between") {
        (
            "存在しない日付です（月は 01〜12 です）".into(),
            "日付は 2021-05-01 のように 年-月-日 で書きます。".into(),
        )
    } else if has("date") || has("time") {
        (
            "日付の書き方が正しくありません".into(),
            "日付は 2021-05-01 のように、月と日を 2 けたにして半角で書きます。".into(),
        )
    } else if has("leading zero") {
        (
            "数値の先頭に 0 は付けられません".into(),
            "01 ではなく 1 と書いてください。".into(),
        )
    } else if has("`_`")
        || has("invalid integer")
        || has("invalid float")
        || has("number")
        || has("exponent")
        || has("fraction")
        || has("mantissa")
        || has("sign")
        || has("radix")
    {
        (
            "数値の書き方が正しくありません".into(),
            "数値は 1_273_190_000 や 12.5 のように半角で書きます（桁区切りのカンマは使えません）。"
                .into(),
        )
    } else if has("invalid boolean") {
        (
            "true / false の書き方が正しくありません".into(),
            "true か false を小文字で書きます。文字列なら \"…\" で囲んでください。".into(),
        )
    } else if has("comment") {
        (
            "コメントの書き方が正しくありません".into(),
            "コメントは # のあとに書きます。制御文字が入っていないか確認してください。".into(),
        )
    } else if has("recursion") || has("max recursion") {
        (
            "入れ子（[ ] や { } の中の [ ] や { }）が深すぎます".into(),
            "かっこの閉じ忘れがないか確認してください。".into(),
        )
    } else if has("cannot extend") || has("invalid table") {
        (
            "同じ名前の項目を、値と表の両方に使っています".into(),
            "[表] の見出しと `項目名 = 値` で同じ名前を使わないでください。".into(),
        )
    } else {
        (
            "TOML の書き方に誤りがあります".into(),
            "かっこや引用符（\"）の閉じ忘れ、全角の記号（＝ ［ ］ ＂）がないか確認してください。"
                .into(),
        )
    };
    let mut hint = hint;
    let line_end = text
        .get(at..)
        .and_then(|s| s.find('\n'))
        .map(|i| at + i)
        .unwrap_or(text.len());
    let line_start = text
        .get(..at)
        .and_then(|s| s.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let full_width = |c: char| {
        matches!(
            c,
            '＝' | '［' | '］' | '＂' | '”' | '“' | '｛' | '｝' | '，' | '＃' | '’' | '‘'
        )
    };
    let on_line = text
        .get(line_start..line_end)
        .and_then(|l| l.chars().find(|&c| full_width(c)));
    if let Some(c) = near.filter(|&c| full_width(c)).or(on_line) {
        hint = format!("全角の「{c}」が使われています。半角の記号に直してください。{hint}");
    }
    (
        format!("{what}（TOML の解析: {}）。", m.lines().next().unwrap_or(m)),
        hint,
    )
}

/// The result of validation: the model (when there were no errors) and every diagnostic.
pub struct Validated {
    /// The site, if no error was found.
    pub site: Option<Site>,
    /// Errors and warnings.
    pub diags: Diagnostics,
}

/// Validates a loaded site.
pub fn validate(raw: &RawSite, mut diags: Diagnostics) -> Validated {
    let map = &raw.sources;
    let Some(site_file) = raw.site else {
        return Validated { site: None, diags };
    };
    let (config, site_diags) = read_site_config(map, site_file);
    diags.items.extend(site_diags);

    // Plans, then departments, each file independently and in parallel.
    let plan_results: Vec<(Option<Plan>, Vec<Diagnostic>)> = raw
        .plans
        .par_iter()
        .map(|(slug, file)| read_plan(map, slug, *file))
        .collect();
    let mut plans = Vec::new();
    for (p, d) in plan_results {
        diags.items.extend(d);
        plans.extend(p);
    }

    let scales = config.as_ref().map(|c| c.grades.clone());
    let dept_results: Vec<(Option<Department>, Vec<Diagnostic>)> = raw
        .departments
        .par_iter()
        .map(|d| read_department(map, d))
        .collect();
    let mut departments = Vec::new();
    for (d, ds) in dept_results {
        diags.items.extend(ds);
        departments.extend(d);
    }

    let Some(config) = config else {
        return Validated { site: None, diags };
    };
    let _ = scales;
    departments.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.slug.cmp(&b.slug)));
    let site = Site {
        config,
        plans,
        departments,
    };
    check_site(&site, map, &mut diags);
    if diags.has_errors() {
        Validated { site: None, diags }
    } else {
        Validated {
            site: Some(site),
            diags,
        }
    }
}

/// The `site.toml` that [`validate_report_text`] puts around a report: the default grade
/// scale, no plans.
const LONE_SITE: &str = "title = \"点検\"\ncity = \"点検市\"\n";

/// Validates one report's TOML text as `content/departments/check/2021.toml` of a site
/// with the default `site.toml` and no plans: every error and warning, sorted. Never
/// panics, whatever the text (the fuzz target `report_toml` holds it to that). References
/// to plans are errors here, since the lone site has none.
pub fn validate_report_text(text: &str) -> Vec<Diagnostic> {
    let raw = crate::source::load_texts(&[
        ("site.toml", LONE_SITE),
        (
            "content/departments/check/department.toml",
            "name = \"点検部\"\n",
        ),
        ("content/departments/check/2021.toml", text),
    ]);
    let v = validate(&raw, Diagnostics::default());
    let mut diags = v.diags;
    if let Some(site) = &v.site {
        crate::validate::lint::lint(site, &raw.sources, &mut diags);
    }
    diags.sort(&raw.sources);
    diags.items
}

fn read_site_config(map: &SourceMap, file: FileId) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let mut cx = Ctx::new(file, 0);
    let text = &map.get(file).text;
    if refuse_blank(text, &mut cx) {
        return (None, cx.diags);
    }
    let Some(doc) = parse_toml(text, &mut cx) else {
        return (None, cx.diags);
    };
    let mut t = Tbl::new(doc.get_ref(), 0..0, "");
    let title = t.req_str(&mut cx, "title");
    let city = t.req_str(&mut cx, "city");
    let description = t.str(&mut cx, "description").map(|s| s.v);
    let base_url = t.str(&mut cx, "base_url").and_then(|u| {
        if u.v.starts_with("https://") || u.v.starts_with("http://") {
            let mut s = u.v.clone();
            if !s.ends_with('/') {
                s.push('/');
            }
            Some(s)
        } else {
            cx.diags.push(
                Diagnostic::error(
                    u.loc,
                    format!(
                        "base_url「{}」は http:// か https:// で始まる URL にしてください。",
                        u.v
                    ),
                )
                .hint("例: base_url = \"https://www.city.example.lg.jp/hyoka/\""),
            );
            None
        }
    });
    let language = t
        .str(&mut cx, "language")
        .map(|s| s.v)
        .unwrap_or_else(|| "ja".into());
    let theme = t
        .str(&mut cx, "theme")
        .and_then(|s| theme_name::check(s, &mut cx.diags))
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
        Some(mut g) => read_grades(&mut g, &mut cx),
        None => GradeScales {
            default: GradeScale::default_scale(),
            history: Vec::new(),
        },
    };
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
            loc: file_start(file),
        }),
        cx.diags,
    )
}

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

/// Reads `achieved` and `levels` of a scale table. A history entry without levels keeps
/// the default levels.
fn read_scale(t: &mut Tbl, cx: &mut Ctx, fallback: Option<&GradeScale>) -> Option<GradeScale> {
    let achieved_at = t.str_list(cx, "achieved");
    let level_tables = t.tables(cx, "levels");
    let mut levels = Vec::new();
    let mut seen: HashMap<String, Loc> = HashMap::new();
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
        if let Some(prev) = seen.get(&key) {
            let _ = prev;
            cx.diags.push(
                Diagnostic::error(
                    symbol.loc,
                    format!("評価記号「{}」が二度定義されています。", symbol.v),
                )
                .hint("記号はひとつずつ定義してください。"),
            );
            continue;
        }
        seen.insert(key, symbol.loc);
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
    Some(GradeScale { achieved, levels })
}

fn read_plan(map: &SourceMap, slug: &str, file: FileId) -> (Option<Plan>, Vec<Diagnostic>) {
    let mut cx = Ctx::new(file, 0);
    let text = &map.get(file).text;
    if refuse_blank(text, &mut cx) {
        return (None, cx.diags);
    }
    let Some(doc) = parse_toml(text, &mut cx) else {
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
    check_plan_parents(&plan, map, &mut cx.diags);
    (Some(plan), cx.diags)
}

/// Explicit parents must exist; parent chains must not loop; ancestors implied by codes
/// but absent from the file are warned about.
fn check_plan_parents(plan: &Plan, map: &SourceMap, diags: &mut Vec<Diagnostic>) {
    let codes: HashSet<String> = plan.items.iter().map(|i| fold(&i.code.v)).collect();
    let parent_of: HashMap<String, String> = plan
        .items
        .iter()
        .filter_map(|i| {
            crate::analyze::plans::parent_code_of(i, &plan.separator)
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
            let mut cur = crate::analyze::plans::derived_parent(&item.code.v, &plan.separator);
            while let Some(p) = cur {
                let k = fold(&p);
                if codes.contains(&k) {
                    break;
                }
                if implied_warned.insert(k) {
                    implied.push((p.clone(), item.code.loc));
                }
                cur = crate::analyze::plans::derived_parent(&p, &plan.separator);
            }
        }
    }
    // One warning per plan: the source may give only the codes it uses.
    if let Some((_, loc)) = implied.first() {
        let _ = map;
        let mut codes: Vec<&str> = implied.iter().map(|(c, _)| c.as_str()).collect();
        codes.sort_by_key(|c| crate::analyze::plans::natural_key(c));
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

fn read_department(
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
    let text = &map.get(file).text;
    if refuse_blank(text, &mut cx) {
        return (None, cx.diags);
    }
    let Some(doc) = parse_toml(text, &mut cx) else {
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
    let dept_name = name.as_ref().map(|n| n.v.clone()).unwrap_or_default();
    let mut reports = Vec::new();
    for r in &raw.reports {
        let (rep, d) = read_report(map, r);
        diags.extend(d);
        reports.extend(rep);
    }
    let Some(name) = name else {
        return (None, diags);
    };
    let _ = dept_name;
    (
        Some(Department {
            slug: raw.slug.clone(),
            name: name.v,
            order,
            units,
            former_names,
            reports,
            loc: file_start(file),
        }),
        diags,
    )
}

/// Fields of a report read from one table (the TOML file or the front matter).
#[derive(Default)]
struct ReportFields {
    kind: Option<String>,
    title: Option<String>,
    published: Option<Date>,
    updated: Option<Date>,
    head: Option<Person>,
    officers: Option<Vec<Person>>,
    mission: Option<At<String>>,
    policy: Option<At<String>>,
    review: Option<At<String>>,
    duties: Option<Vec<At<String>>>,
    goals_heading: Option<String>,
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
        }
    }
}

fn read_report(map: &SourceMap, raw: &RawReport) -> (Option<Report>, Vec<Diagnostic>) {
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
    (
        Some(Report {
            year: raw.year,
            kind: f.kind,
            title: f.title,
            published: f.published,
            updated: f.updated,
            head: f.head,
            officers: f.officers.unwrap_or_default(),
            mission: f.mission,
            policy: f.policy,
            review: f.review,
            duties: f.duties.unwrap_or_default(),
            goals_heading: f.goals_heading,
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
            loc,
        }),
        diags,
    )
}

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
        title: t.str(cx, "title").map(|s| s.v),
        published: t.date(cx, "published").map(|d| d.v),
        updated: t.date(cx, "updated").map(|d| d.v),
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
    f.goals_heading = t.str(cx, "goals_heading").map(|s| s.v);
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
        f.source = Some(SourceRef {
            page_title: s.str(cx, "page_title").map(|v| v.v),
            page_id: s.code(cx, "page_id").map(|v| v.v),
            url: s.str(cx, "url").map(|v| v.v),
        });
        s.finish(cx);
    }
    if t.has("challenges") {
        let tables = t.tables(cx, "challenges");
        let mut out = Vec::with_capacity(tables.len());
        for mut c in tables {
            let id = c.req_str(cx, "id");
            let title = c.req_str(cx, "title");
            let ch = Challenge {
                id: id
                    .clone()
                    .unwrap_or_else(|| At::new(String::new(), Loc::default())),
                title: title.map(|t| t.v).unwrap_or_default(),
                description: c.str(cx, "description"),
                response: c.str(cx, "response"),
                plan: read_refs(&mut c, cx),
                sections: c.str_list(cx, "sections"),
            };
            c.finish(cx);
            if id.is_some() {
                out.push(ch);
            }
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
                plan: read_refs(&mut p, cx),
                challenge_titles: p.str_list(cx, "challenge_titles"),
            };
            p.finish(cx);
            if id.is_some() {
                out.push(pr);
            }
        }
        f.projects = Some(out);
    } else {
        t.allow(&["projects"]);
    }
    if t.has("midterm") {
        let tables = t.tables(cx, "midterm");
        let mut out = Vec::with_capacity(tables.len());
        for mut m in tables {
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
                plan: read_refs(&mut m, cx),
            };
            m.finish(cx);
            if id.is_some() {
                out.push(mt);
            }
        }
        f.midterm = Some(out);
    } else {
        t.allow(&["midterm"]);
    }
    f
}

/// Sections whose heading a report may word as its source does (`[headings]`).
pub const HEADING_KEYS: [&str; 30] = [
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
];

/// `plan = [...]`, parsed into references (resolved against plans later).
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

fn read_goal(g: &mut Tbl, cx: &mut Ctx, position: usize) -> Option<Goal> {
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
    let tables = g.tables(cx, "initiatives");
    let mut initiatives = Vec::with_capacity(tables.len());
    for mut i in tables {
        initiatives.push(Initiative {
            aim: i.str(cx, "aim"),
            actions: i.str(cx, "actions"),
            results: i.str(cx, "results"),
            status: i.str(cx, "status"),
            grade: i.str(cx, "grade").filter(|s| !s.v.trim().is_empty()),
            sections: i.str_list(cx, "sections"),
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
    })
}

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
    if let Some(t) = &target
        && t.v == 0.0
        && better == Better::Higher
    {
        cx.diags.push(
            Diagnostic::error(t.loc, "大きいほど良い指標の目標値が 0 です。達成率を計算できません。")
                .hint("目標値を確認してください。「事故ゼロ」のように小さいほど良い指標なら better = \"lower\" を書き加えてください。"),
        );
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
        loc: cx.loc(i.span.clone()),
    })
}

/// Cross-file rules: plan references, grades on the scale, unique ids, challenge links,
/// primary plan, department names.
fn check_site(site: &Site, map: &SourceMap, diags: &mut Diagnostics) {
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
                let ok = trees
                    .get(slug.as_str())
                    .is_some_and(|(_, t)| t.find(parts.code).is_some());
                if !ok {
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
                check_report(report, scale, &ref_check, &mut out, map);
            }
            out
        })
        .collect();
    for r in results {
        diags.items.extend(r);
    }
}

fn check_report(
    report: &Report,
    scale: &GradeScale,
    ref_check: &(dyn Fn(&PlanRef, &mut Vec<Diagnostic>) + Sync),
    out: &mut Vec<Diagnostic>,
    map: &SourceMap,
) {
    let grade_check = |g: &At<String>, out: &mut Vec<Diagnostic>| {
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
    let dup_check =
        |ids: &mut HashMap<String, Loc>, id: &At<String>, what: &str, out: &mut Vec<Diagnostic>| {
            if let Some(prev) = ids.get(&id.v) {
                let (line, _) = map.file_of(*prev).line_col(prev.start as usize);
                // Indicators are unique within their goal; everything else in the report.
                let scope = if what == "指標" { "目標" } else { "報告" };
                out.push(
                    Diagnostic::error(
                        id.loc,
                        format!(
                            "{what}の id「{}」が同じ{scope}の中で二度使われています。",
                            id.v
                        ),
                    )
                    .hint(format!(
                        "{line}行目と重なっています。id は{scope}の中で一意にしてください。"
                    )),
                );
            } else {
                ids.insert(id.v.clone(), id.loc);
            }
        };
    let mut goal_ids = HashMap::new();
    for goal in &report.goals {
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
    let mut ch_ids = HashMap::new();
    for c in &report.challenges {
        dup_check(&mut ch_ids, &c.id, "課題", out);
        for r in &c.plan {
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
            if !ch_ids.contains_key(&c.v) {
                let sugg = nearest(&c.v, report.challenges.iter().map(|c| c.id.v.as_str()));
                out.push(
                    Diagnostic::error(
                        c.loc,
                        format!(
                            "事業「{}」の関連する課題「{}」がこの報告にありません。",
                            p.name, c.v
                        ),
                    )
                    .hint(match sugg {
                        Some(s) => format!("「{s}」のことではありませんか。"),
                        None => "[[challenges]] の id を書いてください。".into(),
                    }),
                );
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    /// The message (with its hint) and place of the first error `validate_report_text`
    /// gives for `text`.
    fn first_error(text: &str) -> (String, String) {
        let d = validate_report_text(text)
            .into_iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap_or_else(|| panic!("no error for {text:?}"));
        assert!(d.hint.is_some(), "{text:?}: no hint for {}", d.message);
        let message = format!("{} {}", d.message, d.hint.unwrap_or_default());
        let place = match &d.place {
            crate::diag::Place::Span(l) => format!("{}..{}", l.start, l.end),
            other => format!("{other:?}"),
        };
        (message, place)
    }

    #[test]
    fn every_toml_syntax_error_gets_a_specific_japanese_message() {
        // What the TOML parser says in English, for the mistakes staff make: each must be
        // explained specifically (not the catch-all), so a parser upgrade that rewords
        // its messages shows up here.
        let cases = [
            ("title = \"窓口\n", "文字列の終わり"),
            ("title = 'abc\n", "文字列の終わり"),
            ("mission = \"\"\"\nabc\n", "複数行の文字列"),
            ("title = \"a\\qb\"\n", "\\"),
            ("duties = [\"a\", \"b\"\n", "配列の閉じかっこ"),
            ("duties = [\"a\" \"b\"]\n", "配列の要素の間"),
            ("head = { title = \"a\", name = \"b\"\n", "{ } の閉じかっこ"),
            (
                "head = { title = \"a\" name = \"b\" }\n",
                "{ } の中の項目の間",
            ),
            ("[[goals]\nid = \"x\"\n", "表の見出しの閉じかっこ"),
            ("[[goals]]]\n", "余分な文字"),
            ("kind = \"a\" \"b\"\n", "余分な文字"),
            ("[goals.]\n", "項目名がありません"),
            ("= \"x\"\n", "項目名がありません"),
            ("[予算]\n", "項目名に使えない文字"),
            ("title ＝ \"x\"\n", "全角の「＝」"),
            ("kind =\n", "値"),
            ("kind = 目標宣言\n", "\"…\" で囲まれていません"),
            ("kind == \"x\"\n", "= が多すぎます"),
            ("kind = \"x\" = \"y\"\n", "余分な文字"),
            ("kind \"x\"\n", "= がありません"),
            ("kind = \"a\"\nkind = \"b\"\n", "二度"),
            ("[budget]\ngeneral = 1\n[budget]\n", "二度"),
            ("[budget]\ngeneral = 01\n", "先頭に 0"),
            ("[budget]\ngeneral = 1__0\n", "数値の書き方"),
            ("[budget]\ngeneral = 1,000\n", "桁区切り"),
            ("published = 2021-02-30\n", "この月は 28 日まで"),
            ("published = 2021-13-01\n", "月は 01〜12"),
            ("published = 2021-5-1\n", "日付の書き方"),
            ("kind = ture\n", "true / false"),
            ("kind = \"目標\u{1}宣言\"\n", "制御文字"),
            ("kind = \"a\" # x\u{1}y\n", "制御文字"),
            (
                &format!("x = {}1{}\n", "[".repeat(100), "]".repeat(100)),
                "入れ子",
            ),
        ];
        for (text, says) in cases {
            let (msg, _) = first_error(text);
            assert!(
                !msg.starts_with("TOML の書き方に誤りがあります"),
                "{text:?}: only the catch-all message: {msg}"
            );
            assert!(msg.contains(says), "{text:?}: {msg} lacks {says:?}");
        }
    }

    #[test]
    fn the_first_error_in_the_text_is_reported() {
        // An unclosed string on line 1 swallows line 2; the parser's first complaint may be
        // about line 2, but the cause is on line 1.
        let text = "title = \"a\nb\"\n";
        let (msg, place) = first_error(text);
        assert!(msg.contains("文字列の終わり"), "{msg}");
        let start: usize = place.split("..").next().unwrap().parse().unwrap();
        assert!(start <= text.find('\n').unwrap(), "not on line 1: {place}");
        // An unclosed """ points where it opened, not at the end of the file.
        let text = "kind = \"x\"\nmission = \"\"\"\nabc\n\n[[goals]]\nid = \"g\"\n";
        let (_, place) = first_error(text);
        assert_eq!(
            place,
            format!(
                "{}..{}",
                text.find("\"\"\"").unwrap(),
                text.find("\"\"\"").unwrap() + 3
            )
        );
    }

    #[test]
    fn a_report_text_is_checked_alone() {
        assert!(
            validate_report_text("kind = \"目標宣言\"\n\n[[goals]]\nid = \"a\"\ntitle = \"t\"\n")
                .iter()
                .all(|d| d.severity != Severity::Error)
        );
        let (msg, _) = first_error("kind = 3\n");
        assert!(msg.contains("「kind」は文字列"), "{msg}");
        let (msg, _) = first_error("");
        assert!(msg.contains("ファイルが空"), "{msg}");
        let (msg, _) = first_error("# まだ何も書いていない\n");
        assert!(msg.contains("項目がひとつも"), "{msg}");
        let (msg, _) =
            first_error("[[staff]]\nunit = \"a\"\ncounts = { a = 9223372036854775807 }\n");
        assert!(msg.contains("1,000兆"), "{msg}");
    }
}
