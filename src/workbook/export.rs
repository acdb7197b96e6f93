//! `hyoka export <部局> <年度>`: one report as an Excel workbook staff fill in — the 報告
//! sheet (the report's own fields, one a row), one sheet per array of entries (重点目標,
//! 指標, 取組 …, one entry a row), dropdowns for grades, 課 and plan codes, year-end cells
//! in light yellow, everything but the cells to fill protected, and the 説明 and 情報
//! sheets. The report's TOML is read as values, so every field of the catalogue is carried
//! whether or not the model uses it yet.

use super::cells::{Shown, show};
use super::layout::{self, Col, FIRST_ROW, KEY_ROW, Kind, LABEL_ROW, Sheet};
use super::{Info, help};
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::model::fiscal::FiscalYear;
use crate::scaffold::new_report;
use crate::source::layout::SiteFile;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};
use toml::Value;

/// Empty rows left open under the entries of a sheet, for new entries.
const SPARE_ROWS: u32 = 20;
/// Light yellow of the cells written at year end.
const YEAR_END_FILL: u32 = 0xFFF2CC;
/// The fill of the headings.
const HEAD_FILL: u32 = 0xD9E1F2;

/// Runs `hyoka export`: writes the workbook and returns the message to print.
pub fn export(
    site_dir: &Path,
    dept: &str,
    year: &str,
    output: Option<&Path>,
) -> Result<String, Diagnostic> {
    let fy = new_report::parse_year(year)?;
    let c = new_report::valid_site(site_dir, "Excel に書き出せません")?;
    let site = c.site.as_ref().expect("valid_site returns a site");
    let department = new_report::find_department(site, dept)?;
    let rel = SiteFile::Report {
        dept: &department.slug,
        year: fy,
        markdown: false,
    }
    .path();
    let path = site_dir.join(&rel);
    let (text, from) = if path.is_file() {
        (
            crate::source::read_text(&path, &rel)?,
            format!("{}の報告（{rel}）", fy.wareki()),
        )
    } else if let Some(prev) = department.reports.iter().rev().find(|r| r.year < fy) {
        (
            new_report::draft(prev, fy, department.name_in(fy)),
            format!(
                "{}の報告がまだないため、{}の報告から目標と指標を引き継いだひな形（hyoka new report と同じ）",
                fy.wareki(),
                prev.year.wareki()
            ),
        )
    } else {
        (String::new(), "空の報告".to_string())
    };
    let report: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        Diagnostic::path_error(
            rel.clone(),
            format!("報告を読み取れません（{}）。", e.message()),
        )
    })?;
    let info = Info {
        site: site.config.title.clone(),
        dept: department.slug.clone(),
        dept_name: department.name_in(fy).to_string(),
        year: fy,
        from,
    };
    let bytes = workbook(site, &department.units_text(), &info, &report)
        .map_err(|e| Diagnostic::message(format!("Excel のファイルを作れません（{e}）。")))?;
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("{}-{}.xlsx", department.slug, fy.year())));
    std::fs::write(&out, bytes).map_err(|e| {
        Diagnostic::message(format!("「{}」を書き込めません（{e}）。", out.display()))
            .hint("Excel で開いたままなら閉じてから、もう一度実行してください。")
    })?;
    Ok(format!(
        "{}を書き出しました（{}、{}）。\nもとにしたもの: {}\n黄色の欄は年度末に書く欄です。書き終えたら hyoka import {} で取り込みます。",
        out.display(),
        info.dept_name,
        fy.wareki(),
        info.from,
        out.display()
    ))
}

trait UnitsText {
    fn units_text(&self) -> Vec<String>;
}

impl UnitsText for crate::model::Department {
    fn units_text(&self) -> Vec<String> {
        self.units.iter().map(|u| u.v.clone()).collect()
    }
}

/// The lists the dropdowns choose from, each a column of the hidden 選択肢 sheet.
struct Lists {
    /// (heading, values) in column order.
    cols: Vec<(&'static str, Vec<String>)>,
}

impl Lists {
    fn new(site: &Site, units: &[String], fy: FiscalYear, report: &toml::Table) -> Lists {
        let grades: Vec<String> = site
            .config
            .grades
            .for_year(fy)
            .levels
            .iter()
            .map(|l| l.symbol.clone())
            .collect();
        let primary = site.config.primary_plan.as_ref().map(|p| p.v.as_str());
        let mut plans = Vec::new();
        for p in &site.plans {
            for item in &p.items {
                let code = if Some(p.slug.as_str()) == primary {
                    item.code.v.clone()
                } else {
                    format!("{}:{}", p.slug, item.code.v)
                };
                plans.push(format!("{code} {}", item.title));
            }
        }
        let challenges = report
            .get("challenges")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.get("id").and_then(Value::as_str).map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        Lists {
            cols: vec![
                ("評価", grades),
                ("課", units.to_vec()),
                ("計画", plans),
                ("課題ID", challenges),
            ],
        }
    }

    /// The dropdown of a column, if it has one: the list and whether other values (several
    /// lines, a code not in the list) are allowed after a notice.
    fn for_col(&self, col: &Col) -> Option<(Formula, bool)> {
        let (name, open) = match (col.leaf(), col.kind) {
            ("grade", _) => ("評価", false),
            ("sections", _) => ("課", true),
            ("unit", Kind::Line) if col.field.label == "課" => ("課", true),
            ("plan", _) => ("計画", true),
            ("challenge" | "challenges", _) => ("課題ID", true),
            _ => return None,
        };
        let i = self.cols.iter().position(|(n, _)| *n == name)?;
        let n = self.cols[i].1.len() as u32;
        if n == 0 {
            return None;
        }
        let c = layout::col_name(i as u16);
        Some((
            Formula::new(format!("='{}'!${c}$2:${c}${}", layout::LISTS_SHEET, n + 1)),
            open,
        ))
    }
}

/// The workbook's bytes.
fn workbook(
    site: &Site,
    units: &[String],
    info: &Info,
    report: &toml::Table,
) -> Result<Vec<u8>, XlsxError> {
    let lists = Lists::new(site, units, info.year, report);
    let mut wb = Workbook::new();
    help::write_help(wb.add_worksheet(), info)?;
    report_sheet(wb.add_worksheet(), report, &lists)?;
    let sheets = layout::sheets();
    for (i, sheet) in sheets.iter().enumerate() {
        let rows = entries(&sheets, i, report);
        entries_sheet(wb.add_worksheet(), &sheets, sheet, &rows, &lists)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(layout::LISTS_SHEET)?;
    for (c, (name, values)) in lists.cols.iter().enumerate() {
        ws.write_string(0, c as u16, *name)?;
        for (r, v) in values.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    help::write_info(wb.add_worksheet(), info)?;
    wb.save_to_buffer()
}

/// The protection of every sheet: cells to fill stay editable, rows may be added and
/// resized, columns widened.
fn protect(ws: &mut Worksheet) {
    let opts = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&opts);
}

fn heading() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(HEAD_FILL))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

fn key_format() -> Format {
    Format::new()
        .set_font_color(Color::RGB(0x808080))
        .set_font_size(8)
        .set_align(FormatAlign::Top)
}

/// The format of a cell to fill: unlocked, wrapped, text kept as text, numbers with
/// thousands separators, year-end cells yellow.
fn fill_format(col: &Col, v: Option<&Value>) -> Format {
    let f = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    let f = match col.kind {
        Kind::Int | Kind::Year => {
            f.set_num_format(if col.kind == Kind::Year { "0" } else { "#,##0" })
        }
        Kind::Num => match v {
            Some(Value::Float(x)) if x.fract() != 0.0 => f.set_num_format("General"),
            _ => f.set_num_format("#,##0"),
        },
        Kind::Code if matches!(v, Some(Value::Integer(_))) => f.set_num_format("General"),
        _ => f.set_num_format("@"),
    };
    if col.year_end() {
        f.set_background_color(Color::RGB(YEAR_END_FILL))
    } else {
        f
    }
}

/// The width of a column for a kind of value (in characters of the default font).
fn width(kind: Kind) -> f64 {
    match kind {
        Kind::Prose | Kind::Labels => 44.0,
        Kind::Line => 24.0,
        Kind::List | Kind::Counts => 20.0,
        Kind::Code | Kind::Date => 12.0,
        Kind::Int | Kind::Num => 14.0,
        Kind::Year | Kind::Bool | Kind::Choice(_) => 9.0,
    }
}

/// Writes `v` in a cell.
fn put(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    col: &Col,
    v: Option<&Value>,
) -> Result<(), XlsxError> {
    let f = fill_format(col, v);
    match v.map(show) {
        Some(Shown::Number(n)) => ws.write_number_with_format(row, c, n, &f)?,
        Some(Shown::Text(t)) => ws.write_string_with_format(row, c, t, &f)?,
        None => ws.write_blank(row, c, &f)?,
    };
    Ok(())
}

/// The dropdown or explanation shown when a cell of `col` is selected.
fn validation(col: &Col, lists: &Lists) -> Result<DataValidation, XlsxError> {
    let title: String = col.label.chars().take(30).collect();
    let about: String = col.field.about.chars().take(240).collect();
    let dv = match (lists.for_col(col), col.kind) {
        (Some((list, open)), _) => {
            let dv = DataValidation::new().allow_list_formula(list);
            if open {
                dv.set_error_style(DataValidationErrorStyle::Information)
                    .set_error_message("一覧にない値です。複数のときは Alt+Enter で改行して 1 行に 1 つずつ書きます。")?
            } else {
                dv.set_error_message("一覧から選んでください。空欄なら「未評価」です。")?
            }
        }
        (None, Kind::Choice(words)) => DataValidation::new().allow_list_strings(words)?,
        (None, Kind::Bool) => DataValidation::new().allow_list_strings(&["true", "false"])?,
        _ => DataValidation::new().allow_any_value(),
    };
    dv.set_input_title(title)?.set_input_message(about)
}

/// A row height that shows wrapped texts, given each with its column's width (18 points a line of Japanese, at most 16 lines).
pub(super) fn height(texts: &[(String, f64)]) -> f64 {
    let lines = texts
        .iter()
        .map(|(t, w)| {
            t.lines()
                .map(|l| {
                    let units: f64 = l
                        .chars()
                        .map(|c| if c.is_ascii() { 1.1 } else { 2.3 })
                        .sum();
                    (units / w).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines.min(16.0) * 18.0).max(18.0)
}

/// The value at a dotted key path of a table.
fn get<'a>(t: &'a toml::Table, path: &str) -> Option<&'a Value> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let v = t.get(head)?;
    match rest {
        Some(r) => get(v.as_table()?, r),
        None => Some(v),
    }
}

/// The columns of a sheet with its `Labels` fields spread into one column per label found
/// in `tables` (in the order they first appear), after the other columns.
pub(super) fn spread(cols: &[Col], tables: &[&toml::Table]) -> Vec<Col> {
    let mut out: Vec<Col> = cols
        .iter()
        .filter(|c| c.kind != Kind::Labels)
        .cloned()
        .collect();
    for c in cols.iter().filter(|c| c.kind == Kind::Labels) {
        let mut seen: Vec<String> = Vec::new();
        for t in tables {
            if let Some(Value::Table(labels)) = get(t, &c.key) {
                for k in labels.keys() {
                    if !seen.contains(k) {
                        seen.push(k.clone());
                    }
                }
            }
        }
        out.extend(seen.into_iter().map(|label| Col {
            key: format!("{}.{label}", c.key),
            label,
            kind: Kind::Prose,
            field: c.field,
        }));
    }
    out
}

fn report_sheet(ws: &mut Worksheet, report: &toml::Table, lists: &Lists) -> Result<(), XlsxError> {
    ws.set_name(layout::REPORT_SHEET)?;
    let head = heading();
    for (c, h) in ["項目", "キー", "値", "説明"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 60)?;
    ws.set_column_width(3, 40)?;
    let label = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let about = label.clone().set_font_color(Color::RGB(0x595959));
    for (i, col) in spread(&layout::report_rows(), &[report]).iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, &col.label, &label)?;
        ws.write_string_with_format(row, 1, &col.key, &key_format())?;
        let v = get(report, &col.key);
        put(ws, row, 2, col, v)?;
        ws.write_string_with_format(row, 3, col.field.about, &about)?;
        ws.add_data_validation(row, 2, row, 2, &validation(col, lists)?)?;
        let text = v.map(show).map(|s| match s {
            Shown::Text(t) => t,
            Shown::Number(_) => String::new(),
        });
        let h = height(&[
            (text.unwrap_or_default(), 60.0),
            (col.field.about.to_string(), 40.0),
        ]);
        ws.set_row_height(row, h)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    protect(ws);
    Ok(())
}

/// The entries of sheet `i`, each with the value of its link to its parent entry (the
/// parent's id, or its position from 1 when the parent has no id).
fn entries<'a>(
    sheets: &[Sheet],
    i: usize,
    report: &'a toml::Table,
) -> Vec<(Option<Value>, &'a toml::Table)> {
    let sheet = &sheets[i];
    let of = |t: &'a toml::Table| -> Vec<&'a toml::Table> {
        t.get(sheet.key)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_table).collect())
            .unwrap_or_default()
    };
    match sheet.parent {
        None => of(report).into_iter().map(|t| (None, t)).collect(),
        Some(p) => {
            let parents = entries(sheets, p, report);
            let has_id = sheets[p].table.field("id").is_some();
            parents
                .iter()
                .enumerate()
                .flat_map(|(n, (_, parent))| {
                    let link = if has_id {
                        parent.get("id").cloned()
                    } else {
                        Some(Value::Integer(n as i64 + 1))
                    };
                    of(parent).into_iter().map(move |t| (link.clone(), t))
                })
                .collect()
        }
    }
}

fn entries_sheet(
    ws: &mut Worksheet,
    sheets: &[Sheet],
    sheet: &Sheet,
    rows: &[(Option<Value>, &toml::Table)],
    lists: &Lists,
) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let head = heading();
    let tables: Vec<&toml::Table> = rows.iter().map(|(_, t)| *t).collect();
    let cols = spread(&sheet.cols, &tables);
    let link = sheet.parent.map(|p| layout::link_label(&sheets[p]));
    let first = u16::from(link.is_some());
    if let Some(label) = &link {
        ws.write_string_with_format(LABEL_ROW, 0, label, &head)?;
        ws.write_string_with_format(KEY_ROW, 0, layout::LINK_KEY, &key_format())?;
        ws.set_column_width(0, 14)?;
        let f = Format::new()
            .set_unlocked()
            .set_num_format("@")
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        ws.set_column_format(0, &f)?;
        for (r, (v, _)) in rows.iter().enumerate() {
            let row = FIRST_ROW + r as u32;
            match v.as_ref().map(show) {
                Some(Shown::Number(n)) => ws.write_number_with_format(row, 0, n, &f)?,
                Some(Shown::Text(t)) => ws.write_string_with_format(row, 0, t, &f)?,
                None => ws.write_blank(row, 0, &f)?,
            };
        }
    }
    let last = FIRST_ROW + rows.len() as u32 + SPARE_ROWS - 1;
    for (i, col) in cols.iter().enumerate() {
        let c = first + i as u16;
        ws.write_string_with_format(LABEL_ROW, c, &col.label, &head)?;
        ws.write_string_with_format(KEY_ROW, c, &col.key, &key_format())?;
        ws.set_column_width(c, width(col.kind))?;
        ws.set_column_format(c, &fill_format(col, None))?;
        for (r, (_, t)) in rows.iter().enumerate() {
            put(ws, FIRST_ROW + r as u32, c, col, get(t, &col.key))?;
        }
        ws.add_data_validation(FIRST_ROW, c, last, c, &validation(col, lists)?)?;
    }
    for (r, (_, t)) in rows.iter().enumerate() {
        let texts: Vec<(String, f64)> = cols
            .iter()
            .filter_map(|col| match get(t, &col.key).map(show) {
                Some(Shown::Text(s)) => Some((s, width(col.kind))),
                _ => None,
            })
            .collect();
        ws.set_row_height(FIRST_ROW + r as u32, height(&texts))?;
    }
    ws.set_row_height(LABEL_ROW, 30)?;
    // Printed (or saved as PDF) a sheet is one page wide.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_freeze_panes(FIRST_ROW, first + 1)?;
    protect(ws);
    Ok(())
}
