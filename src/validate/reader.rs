//! Typed reading of a spanned TOML tree: each getter checks the value's type and records a
//! diagnostic pointing at the value when it is wrong; `finish` reports keys nobody asked
//! for (typos such as `grdae`) with the nearest known name.

use crate::diag::{Diagnostic, FileId, Loc, nearest};
use crate::model::fiscal::{FIRST_YEAR, FiscalYear, LAST_YEAR};
use crate::model::fold::nfc;
use crate::model::{At, Date, Extra};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Where the tree came from and where problems go.
pub struct Ctx {
    /// The file.
    pub file: FileId,
    /// Offset of the TOML text inside the file (front matter starts after `+++`).
    pub base: usize,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

impl Ctx {
    /// A context for TOML starting at `base` in `file`.
    pub fn new(file: FileId, base: usize) -> Ctx {
        Ctx {
            file,
            base,
            diags: Vec::new(),
        }
    }

    /// A location for a span of the parsed text.
    pub fn loc(&self, span: Range<usize>) -> Loc {
        Loc::new(self.file, span.start + self.base..span.end + self.base)
    }

    /// Records an error at `span`.
    pub fn error(&mut self, span: Range<usize>, msg: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::error(self.loc(span), msg).hint(hint);
        self.diags.push(d);
    }
}

/// The largest number (either sign) a report may hold: 1,000兆, beyond any city's budget
/// in yen. Bounding every number keeps sums of budgets and staff counts far from
/// overflowing, and every figure printable.
pub const MAX_ABS: i64 = 1_000_000_000_000_000;

/// Japanese name of a TOML value type, for messages.
pub fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "文字列",
        DeValue::Integer(_) => "整数",
        DeValue::Float(_) => "小数",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(d) if d.date.is_none() => "時刻",
        DeValue::Datetime(_) => "日付",
        DeValue::Array(_) => "配列 [ ]",
        DeValue::Table(_) => "表 { }",
    }
}

/// A table being read.
pub struct Tbl<'t, 'i> {
    entries: Vec<(&'t str, Range<usize>, &'t Spanned<DeValue<'i>>)>,
    used: Vec<bool>,
    known: Vec<&'static str>,
    /// Span of the whole table (or of its header), for "missing key" messages.
    pub span: Range<usize>,
    /// How the table is named in messages: `[[goals]] の 2 番目`.
    pub what: String,
}

impl<'t, 'i> Tbl<'t, 'i> {
    /// Wraps a parsed table.
    pub fn new(t: &'t DeTable<'i>, span: Range<usize>, what: impl Into<String>) -> Tbl<'t, 'i> {
        let entries: Vec<_> = t
            .iter()
            .map(|(k, v)| (k.get_ref().as_ref(), k.span(), v))
            .collect();
        let used = vec![false; entries.len()];
        Tbl {
            entries,
            used,
            known: Vec::new(),
            span,
            what: what.into(),
        }
    }

    /// The raw value of `key`, marking the key as known.
    pub fn raw(&mut self, key: &'static str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.known.push(key);
        let i = self.entries.iter().position(|(k, _, _)| *k == key)?;
        self.used[i] = true;
        Some(self.entries[i].2)
    }

    /// The span of `key` itself (not its value), when it is written.
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, span, _)| span.clone())
    }

    /// Declares keys as known without reading them.
    pub fn allow(&mut self, keys: &[&'static str]) {
        for k in keys {
            let _ = self.raw(k);
        }
    }

    fn wrong_type(&self, cx: &mut Ctx, key: &str, v: &Spanned<DeValue>, want: &str, example: &str) {
        cx.error(
            v.span(),
            format!(
                "{}「{key}」は{want}で書いてください（今は{}です）。",
                self.prefix(),
                type_name(v.get_ref())
            ),
            format!("例: {key} = {example}"),
        );
    }

    fn prefix(&self) -> String {
        if self.what.is_empty() {
            String::new()
        } else {
            format!("{}の", self.what)
        }
    }

    /// Records a missing required key.
    pub fn missing(&self, cx: &mut Ctx, key: &str, example: &str) {
        let span = self.span.start..self.span.start;
        cx.error(
            span,
            format!("{}必須の項目「{key}」がありません。", self.prefix()),
            format!("`{key} = {example}` を書き加えてください。"),
        );
    }

    /// A string value (a name or title holding an invisible character gets a warning).
    pub fn str(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<String>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => {
                if NAME_KEYS.contains(&key) {
                    warn_invisible(cx, &self.prefix(), key, s, v.span());
                }
                Some(At::new(s.to_string(), cx.loc(v.span())))
            }
            _ => {
                self.wrong_type(cx, key, v, "文字列（\"…\" で囲む）", "\"…\"");
                None
            }
        }
    }

    /// A code or number written either as a string or as an integer (`number = 1`,
    /// `code = 51`): both are natural for staff to type.
    pub fn code(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<String>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(At::new(s.to_string(), cx.loc(v.span()))),
            DeValue::Integer(i) => Some(At::new(i.as_str().replace('_', ""), cx.loc(v.span()))),
            _ => {
                self.wrong_type(cx, key, v, "文字列（\"…\" で囲む）か整数", "\"4-1-2\"");
                None
            }
        }
    }

    /// A string value that must be present.
    pub fn req_str(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<String>> {
        let present = self.entries.iter().any(|(k, _, _)| *k == key);
        let r = self.str(cx, key);
        self.required(cx, key, present, r)
    }

    /// A code that must be present (string or integer).
    pub fn req_code(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<String>> {
        let present = self.entries.iter().any(|(k, _, _)| *k == key);
        let r = self.code(cx, key);
        self.required(cx, key, present, r)
    }

    fn required(
        &self,
        cx: &mut Ctx,
        key: &str,
        present: bool,
        r: Option<At<String>>,
    ) -> Option<At<String>> {
        if !present {
            self.missing(cx, key, "\"…\"");
        } else if let Some(s) = &r
            && s.v.trim().is_empty()
        {
            cx.diags.push(
                Diagnostic::error(s.loc, format!("{}「{key}」が空です。", self.prefix()))
                    .hint("内容を書いてください。"),
            );
            return None;
        }
        r
    }

    /// An integer (full-width digits and thousands separators in a string are tolerated),
    /// at most [`MAX_ABS`] either way.
    pub fn int(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<i64>> {
        let n = self.int_unbounded(cx, key)?;
        if n.v.unsigned_abs() > MAX_ABS as u64 {
            self.too_large(cx, key, n.loc);
            return None;
        }
        Some(n)
    }

    fn too_large(&self, cx: &mut Ctx, key: &str, loc: Loc) {
        cx.diags.push(
            Diagnostic::error(
                loc,
                format!(
                    "{}「{key}」の数が大きすぎます（扱えるのは 1,000兆 までです）。",
                    self.prefix()
                ),
            )
            .hint("桁数を確認してください。"),
        );
    }

    fn int_unbounded(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<i64>> {
        let v = self.raw(key)?;
        let loc = cx.loc(v.span());
        match v.get_ref() {
            DeValue::Integer(i) => match parse_int(i.as_str(), i.radix()) {
                Some(n) => Some(At::new(n, loc)),
                None => {
                    self.too_large(cx, key, loc);
                    None
                }
            },
            DeValue::String(s) => match lenient_number(s) {
                Some(x) if x.fract() == 0.0 => Some(At::new(x as i64, loc)),
                _ => {
                    self.wrong_type(cx, key, v, "整数", "1_273_190_000");
                    None
                }
            },
            DeValue::Float(f)
                if f.as_str()
                    .parse::<f64>()
                    .is_ok_and(|x| x.fract() == 0.0 && x.is_finite()) =>
            {
                Some(At::new(
                    f.as_str().replace('_', "").parse::<f64>().unwrap_or(0.0) as i64,
                    loc,
                ))
            }
            _ => {
                self.wrong_type(cx, key, v, "整数", "1_273_190_000");
                None
            }
        }
    }

    /// A finite number (integer or float).
    pub fn num(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<f64>> {
        let v = self.raw(key)?;
        let loc = cx.loc(v.span());
        let x = match v.get_ref() {
            DeValue::Integer(i) => parse_int(i.as_str(), i.radix()).map(|n| n as f64),
            DeValue::Float(f) => parse_float(f.as_str()),
            DeValue::String(s) => lenient_number(s),
            _ => {
                self.wrong_type(cx, key, v, "数値", "4_500_000");
                return None;
            }
        };
        // 1e400 is no nan or inf as written: it is a number too large to hold.
        let written_inf = matches!(v.get_ref(), DeValue::Float(f)
            if f.as_str().trim_start_matches(['+', '-']).starts_with(['i', 'n']));
        match x {
            Some(x) if !x.is_nan() && !written_inf && x.abs() > MAX_ABS as f64 => {
                self.too_large(cx, key, loc);
                None
            }
            Some(x) if x.is_finite() => Some(At::new(x, loc)),
            Some(_) => {
                cx.error(
                    v.span(),
                    format!("{}「{key}」に nan や inf は使えません。", self.prefix()),
                    "実際の数値を書くか、まだ分からないときはこの行を削除してください。",
                );
                None
            }
            None => {
                self.wrong_type(cx, key, v, "数値", "4_500_000");
                None
            }
        }
    }

    /// true / false.
    pub fn bool(&mut self, cx: &mut Ctx, key: &'static str) -> Option<bool> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(cx, key, v, "true か false", "true");
                None
            }
        }
    }

    /// A calendar date (`2021-05-01`), checked to exist.
    pub fn date(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<Date>> {
        let v = self.raw(key)?;
        let loc = cx.loc(v.span());
        let parsed = match v.get_ref() {
            DeValue::Datetime(dt) => dt
                .date
                .map(|d| (d.year as i32, d.month as u32, d.day as u32)),
            DeValue::String(s) => parse_date_text(&crate::model::fold::fold(s)),
            _ => None,
        };
        match parsed {
            Some((y, m, d)) if chrono::NaiveDate::from_ymd_opt(y, m, d).is_some() => Some(At::new(
                Date {
                    year: y,
                    month: m,
                    day: d,
                },
                loc,
            )),
            Some((y, m, d)) => {
                cx.error(
                    v.span(),
                    format!(
                        "{}「{key}」の日付 {y}年{m}月{d}日 は存在しません。",
                        self.prefix()
                    ),
                    "カレンダーにある日付を書いてください（例: 2021-02-28）。",
                );
                None
            }
            None => match v.get_ref() {
                DeValue::Datetime(dt) if dt.date.is_none() => {
                    cx.error(
                        v.span(),
                        format!(
                            "{}「{key}」に時刻（{dt}）が書かれています。ここには日付を書きます。",
                            self.prefix()
                        ),
                        format!("日付は 年-月-日 で書きます。例: {key} = 2021-05-01"),
                    );
                    None
                }
                _ => {
                    self.wrong_type(cx, key, v, "日付（年-月-日）", "2021-05-01");
                    None
                }
            },
        }
    }

    /// A fiscal year as a Western number.
    pub fn fiscal_year(&mut self, cx: &mut Ctx, key: &'static str) -> Option<At<FiscalYear>> {
        let n = self.int(cx, key)?;
        if (FIRST_YEAR as i64..=LAST_YEAR as i64).contains(&n.v) {
            Some(At::new(FiscalYear(n.v as i32), n.loc))
        } else {
            cx.diags.push(
                Diagnostic::error(
                    n.loc,
                    format!("{}「{key}」の年度 {} は範囲外です。", self.prefix(), n.v),
                )
                .hint("年度は始まる年の西暦4桁で書いてください（例: 令和3年度なら 2021）。"),
            );
            None
        }
    }

    /// `{ from = 2016, to = 2020 }`.
    pub fn period(&mut self, cx: &mut Ctx, key: &'static str) -> Option<(FiscalYear, FiscalYear)> {
        let mut t = self.table(cx, key)?;
        let from = t.fiscal_year(cx, "from");
        let to = t.fiscal_year(cx, "to");
        if from.is_none() && !t.has("from") {
            t.missing(cx, "from", "2016");
        }
        if to.is_none() && !t.has("to") {
            t.missing(cx, "to", "2020");
        }
        t.finish(cx);
        let (from, to) = (from?, to?);
        if from.v > to.v {
            cx.diags.push(
                Diagnostic::error(
                    from.loc,
                    format!(
                        "期間の始まり（{}）が終わり（{}）より後になっています。",
                        from.v, to.v
                    ),
                )
                .hint("from と to を入れ替えてください。"),
            );
            return None;
        }
        Some((from.v, to.v))
    }

    /// Whether `key` is written.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _, _)| *k == key)
    }

    /// An array of strings; a single string is taken as a one-element list.
    pub fn str_list(&mut self, cx: &mut Ctx, key: &'static str) -> Vec<At<String>> {
        let Some(v) = self.raw(key) else {
            return Vec::new();
        };
        let names = NAME_LIST_KEYS.contains(&key);
        let prefix = if names { self.prefix() } else { String::new() };
        let name = |cx: &mut Ctx, s: &str, span: Range<usize>| {
            if !names {
                return At::new(s.to_string(), cx.loc(span));
            }
            warn_invisible(cx, &prefix, key, s, span.clone());
            At::new(nfc(s).into_owned(), cx.loc(span))
        };
        match v.get_ref() {
            DeValue::String(s) => vec![name(cx, s, v.span())],
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(name(cx, s, item.span())),
                        DeValue::Integer(i) => {
                            out.push(At::new(i.as_str().replace('_', ""), cx.loc(item.span())))
                        }
                        other => cx.error(
                            item.span(),
                            format!(
                                "{}「{key}」の要素は文字列で書いてください（今は{}です）。",
                                self.prefix(),
                                type_name(other)
                            ),
                            format!("例: {key} = [\"…\", \"…\"]"),
                        ),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(cx, key, v, "文字列の配列", "[\"…\", \"…\"]");
                Vec::new()
            }
        }
    }

    /// A sub-table.
    pub fn table(&mut self, cx: &mut Ctx, key: &'static str) -> Option<Tbl<'t, 'i>> {
        let v = self.raw(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Tbl::new(t, v.span(), format!("[{key}]"))),
            _ => {
                self.wrong_type(cx, key, v, "表", "{ … }");
                None
            }
        }
    }

    /// An array of tables (`[[goals]]`); `what` names one element in messages.
    pub fn tables(&mut self, cx: &mut Ctx, key: &'static str) -> Vec<Tbl<'t, 'i>> {
        let Some(v) = self.raw(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (n, item) in items.iter().enumerate() {
                    match item.get_ref() {
                        DeValue::Table(t) => out.push(Tbl::new(
                            t,
                            item.span(),
                            format!("[[{key}]] の{}番目", n + 1),
                        )),
                        other => cx.error(
                            item.span(),
                            format!(
                                "「{key}」の要素は表で書いてください（今は{}です）。",
                                type_name(other)
                            ),
                            format!("[[{key}]] の見出しの下に項目を書きます。"),
                        ),
                    }
                }
                out
            }
            DeValue::Table(t) => {
                cx.error(
                    v.span(),
                    format!("「{key}」は [[{key}]] （角かっこ二重）で書いてください。"),
                    format!("[{key}] ではなく [[{key}]] にすると、いくつでも並べられます。"),
                );
                vec![Tbl::new(t, v.span(), format!("[[{key}]]"))]
            }
            _ => {
                cx.error(
                    v.span(),
                    format!(
                        "{}「{key}」は [[{key}]] の見出しの下に書く表で書いてください（今は{}です）。",
                        self.prefix(),
                        type_name(v.get_ref())
                    ),
                    format!("`{key} = …` の行を削除し、[[{key}]] の見出しの下に項目を書いてください。"),
                );
                Vec::new()
            }
        }
    }

    /// An `extra` table: columns the source has and the format does not, each a label the
    /// file chooses and its text (a number is taken as the text it is written as), in the
    /// order the file writes them.
    pub fn extra(&mut self, cx: &mut Ctx) -> Extra {
        let Some(mut t) = self.table(cx, "extra") else {
            return Vec::new();
        };
        let prefix = self.prefix();
        let mut out = Vec::with_capacity(t.entries.len());
        for i in 0..t.entries.len() {
            let (k, key_span, v) = t.entries[i].clone();
            t.used[i] = true;
            let text = match v.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                DeValue::Integer(n) => Some(n.as_str().replace('_', "")),
                DeValue::Float(f) => Some(f.as_str().replace('_', "")),
                _ => None,
            };
            if k.trim().is_empty() {
                cx.error(
                    key_span,
                    format!("{prefix}[extra] に見出しが空の項目があります。"),
                    "原典の欄の見出しを \"協働関係先\" = \"…\" のように書いてください。",
                );
                continue;
            }
            match text {
                Some(text) => out.push((nfc(k).into_owned(), At::new(text, cx.loc(v.span())))),
                None => cx.error(
                    v.span(),
                    format!(
                        "{prefix}[extra] の「{k}」は文字列で書いてください（今は{}です）。",
                        type_name(v.get_ref())
                    ),
                    format!("例: \"{k}\" = \"…\""),
                ),
            }
        }
        out
    }

    /// The entries of an inline table of numbers (`counts = { "常勤" = 12 }`), in order.
    pub fn int_map(&mut self, cx: &mut Ctx, key: &'static str) -> Vec<(String, i64)> {
        let Some(mut t) = self.table(cx, key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for i in 0..t.entries.len() {
            let (k, _, v) = t.entries[i];
            t.used[i] = true;
            let n = match v.get_ref() {
                DeValue::Integer(n) => parse_int(n.as_str(), n.radix()),
                DeValue::String(s) => lenient_number(s)
                    .filter(|x| x.fract() == 0.0)
                    .map(|x| x as i64),
                _ => None,
            };
            let written_int = matches!(v.get_ref(), DeValue::Integer(_));
            match n {
                Some(n) if (0..=MAX_ABS).contains(&n) => out.push((k.to_string(), n)),
                Some(n) if n > MAX_ABS => t.too_large(cx, k, cx.loc(v.span())),
                None if written_int => t.too_large(cx, k, cx.loc(v.span())),
                _ => cx.error(
                    v.span(),
                    format!("「{key}」の「{k}」は 0 以上の整数（1,000兆 まで）で書いてください。"),
                    format!("例: {key} = {{ \"常勤\" = 12, \"再任用\" = 4 }}"),
                ),
            }
        }
        out
    }

    /// Reports every key that no getter asked for, with the nearest known name and its
    /// Japanese label from the catalogue.
    pub fn finish(self, cx: &mut Ctx) {
        for (i, (k, span, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let hint = match nearest(k, self.known.iter().copied()) {
                Some(n) => match super::catalogue::label_for(&self.known, n) {
                    Some(label) => format!("「{n}」（{label}）の書き間違いではありませんか。"),
                    None => format!("「{n}」の書き間違いではありませんか。"),
                },
                None => {
                    let mut names = self.known.clone();
                    names.sort_unstable();
                    names.dedup();
                    format!("ここで使える項目: {}", names.join(", "))
                }
            };
            cx.error(
                span.clone(),
                format!("{}「{k}」という項目はありません。", self.prefix()),
                hint,
            );
        }
    }
}

/// Keys holding a name or a title: what readers see in headings, menus and links, where an
/// invisible character pasted from Word or a web page breaks search and sorting unseen.
const NAME_KEYS: [&str; 8] = [
    "id",
    "title",
    "name",
    "short",
    "page_title",
    "unit",
    "goals_heading",
    "city",
];

/// Lists of names compared across entries and files (所管課 against the department's
/// units): read in Unicode NFC, so a 課 pasted from a PDF in another composition is the
/// same 課 everywhere (lint, the footer's list of units, search), and checked for
/// invisible characters like [`NAME_KEYS`].
const NAME_LIST_KEYS: [&str; 2] = ["sections", "units"];

/// The name of an invisible character that Word, Excel or a web page leaves in pasted
/// text: zero-width characters, a BOM in the middle of text, bidi controls (which can
/// even reverse how the rest reads).
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "ゼロ幅スペース",
        '\u{200C}' | '\u{200D}' | '\u{2060}' => "ゼロ幅の結合制御文字",
        '\u{FEFF}' => "BOM（ゼロ幅の改行なしスペース）",
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => "文字の向きを変える制御文字",
        _ => return None,
    })
}

/// `s` with each invisible character shown as ［U+200B ゼロ幅スペース］.
pub fn show_invisible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match invisible_name(c) {
            Some(n) => out.push_str(&format!("［U+{:04X} {n}］", c as u32)),
            None => out.push(c),
        }
    }
    out
}

/// Warns at the first invisible character of the value `s` of `key` (spanned `span`),
/// showing the whole value with every such character made visible.
fn warn_invisible(cx: &mut Ctx, prefix: &str, key: &str, s: &str, span: Range<usize>) {
    let Some((at, c)) = s.char_indices().find(|&(_, c)| invisible_name(c).is_some()) else {
        return;
    };
    let count = s.chars().filter(|&c| invisible_name(c).is_some()).count();
    // The character's place in the file when written as is after the opening quote.
    let start = (span.start + 1 + at).min(span.end.saturating_sub(1));
    let loc = cx.loc(start..start + c.len_utf8());
    cx.diags.push(
        Diagnostic::warning(
            loc,
            format!(
                "{prefix}「{key}」に目に見えない文字が{count}個入っています: 「{}」。",
                show_invisible(s)
            ),
        )
        .hint("ほかの文書やウェブページから貼り付けたときに入ります。この位置の前後の文字を消して打ち直してください（検索や並べ替えが正しく働きません）。"),
    );
}

fn parse_int(s: &str, radix: u32) -> Option<i64> {
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, digits) = match clean.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let digits = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0o"))
        .or_else(|| digits.strip_prefix("0b"))
        .unwrap_or(digits);
    let n = i64::from_str_radix(digits, radix).ok()?;
    Some(if neg { -n } else { n })
}

fn parse_float(s: &str) -> Option<f64> {
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    match clean.as_str() {
        "nan" | "+nan" | "-nan" => Some(f64::NAN),
        "inf" | "+inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        c => c.parse().ok(),
    }
}

/// A number written as text, as staff paste it from Excel: full-width digits, thousands
/// separators (, ，), a trailing unit-less sign. `"４，５００，０００"` → 4500000.
pub fn lenient_number(s: &str) -> Option<f64> {
    let f = crate::model::fold::fold(s);
    let clean: String = f.trim().chars().filter(|&c| c != ',' && c != '_').collect();
    if clean.is_empty() {
        return None;
    }
    clean.parse::<f64>().ok()
}

/// `2021-05-01`, `2021/5/1` in a string.
fn parse_date_text(s: &str) -> Option<(i32, u32, u32)> {
    let parts: Vec<&str> = s.trim().split(['-', '/']).collect();
    if parts.len() != 3 {
        return None;
    }
    Some((
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_numbers() {
        assert_eq!(lenient_number("４，５００，０００"), Some(4_500_000.0));
        assert_eq!(lenient_number("12.5"), Some(12.5));
        assert_eq!(lenient_number("abc"), None);
        assert_eq!(parse_int("1_273_190_000", 10), Some(1_273_190_000));
        assert_eq!(parse_int("-5", 10), Some(-5));
        assert_eq!(parse_int("0xff", 16), Some(255));
    }
}
