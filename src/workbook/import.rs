//! `hyoka import FILE.xlsx [--dry-run]`: reads a workbook `export` wrote (as Excel or
//! LibreOffice saved it), turns its cells into the report's TOML, validates the site with
//! that text in place of the report (the same rules and messages as `build`, each problem
//! named by sheet and cell), and writes `content/departments/<部局>/<年度>.toml` only when no
//! error remains. Prints what changed in the words of `hyoka diff`.

use super::cells::{self, Cell};
use super::layout::{self, Col, FIRST_ROW, KEY_ROW, Kind, Sheet};
use super::toml_out::{self, CellAt, Entry, Item, Written};
use super::{Info, help};
use crate::diag::{Diagnostic, Diagnostics, FileId, Place, Severity, SourceFile};
use crate::pipeline;
use crate::source::layout::SiteFile;
use crate::source::{self, RawReport, RawSite};
use crate::validate::catalogue::{self, Table, Ty};
use calamine::{Data, Range, Reader, Xlsx};
use std::path::Path;

/// The report schema line a new report starts with when the site holds the schemas.
const SCHEMA: &str = "schema/report.schema.json";

/// Runs `hyoka import`: the message to print, or every problem found (nothing written).
pub fn import(site_dir: &Path, file: &Path, dry_run: bool) -> Result<String, String> {
    let mut wb: Xlsx<_> = calamine::open_workbook(file).map_err(|e| {
        render_one(
            Diagnostic::path_error(
                file.display().to_string(),
                format!("Excel のファイルとして読めません（{e}）。"),
            )
            .hint("hyoka export で書き出し、Excel か LibreOffice で .xlsx 形式のまま保存したファイルを指定してください。"),
        )
    })?;
    let info = read_info(&mut wb).ok_or_else(|| {
        render_one(
            Diagnostic::path_error(
                file.display().to_string(),
                "hyoka export で書き出した Excel ではありません（「情報」シートがありません）。",
            )
            .hint("hyoka export <部局> <年度> で書き出したファイルに書き込んでください。"),
        )
    })?;
    let (top, mut problems, columns) = read_sheets(&mut wb);
    let rel = SiteFile::Report {
        dept: &info.dept,
        year: info.year,
        markdown: false,
    }
    .path();
    let path = site_dir.join(&rel);
    let old = std::fs::read(&path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    let preamble = match &old {
        Some(t) => t
            .lines()
            .next()
            .filter(|l| l.starts_with("#:schema"))
            .map(|l| format!("{l}\n"))
            .unwrap_or_default(),
        None if site_dir.join(SCHEMA).is_file() => format!("#:schema ../../../{SCHEMA}\n"),
        None => String::new(),
    };
    let written = toml_out::write(&top, &preamble);

    let (raw, diags, id) = load_with(site_dir, &info, &rel, Some(&written.text));
    let Some(id) = id else {
        return Err(render_one(Diagnostic::message(format!(
            "このサイトに部局「{}」（{}）のフォルダーがありません。",
            info.dept_name, info.dept
        ))
        .hint("Excel を書き出したサイトのフォルダーで実行してください（--site でも指定できます）。")));
    };
    let (compiled, _) = pipeline::compile_loaded(raw, diags);
    if let Some(site) = &compiled.site
        && site.config.title != info.site
    {
        problems.push(Diagnostic::message(format!(
            "この Excel はサイト「{}」のものです（このサイトは「{}」）。",
            info.site, site.config.title
        )));
    }
    let taken: Vec<Place> = problems.iter().map(|d| d.place.clone()).collect();
    for d in compiled.diags.items {
        let d = at_cell(d, id, &written, &columns);
        if !taken.contains(&d.place) || d.severity == Severity::Warning {
            problems.push(d);
        }
    }
    let errors = problems
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out = String::new();
    for sev in [Severity::Error, Severity::Warning] {
        for d in problems.iter().filter(|d| d.severity == sev) {
            out.push_str(&d.render(&compiled.sources));
        }
    }
    if errors > 0 {
        out.push_str(&format!(
            "\nエラーが {errors} 件あるため、{rel} には何も書き込んでいません。Excel を直して、もう一度取り込んでください。\n"
        ));
        return Err(out);
    }

    let text = match &old {
        Some(o) if o.contains("\r\n") => written.text.replace('\n', "\r\n"),
        _ => written.text.clone(),
    };
    let parsed = |t: &str| {
        t.parse::<toml::Table>()
            .ok()
            .map(|t| whole(toml::Value::Table(t)))
    };
    let same = old.as_deref().and_then(parsed) == parsed(&text);
    let changes = if same {
        vec!["内容の変更はありません".to_string()]
    } else {
        changes(site_dir, &info, &rel, &written.text)
    };
    if !dry_run {
        std::fs::write(&path, &text)
            .map_err(|e| format!("エラー: {rel} を書き込めません（{e}）。\n"))?;
    }
    out.push_str(&format!(
        "{}{}（{}、{}）\n",
        rel,
        if dry_run {
            " には書き込んでいません（--dry-run）。書き込むと次のように変わります"
        } else if old.is_some() {
            " を書き直しました"
        } else {
            " を作りました"
        },
        info.dept_name,
        info.year.wareki()
    ));
    for l in changes {
        out.push_str(&format!("  ・{l}\n"));
    }
    Ok(out)
}

/// `v` with every whole float as an integer: `70.0` and `70` are the same 目標値 (a cell
/// holds a number, not how it was written).
fn whole(v: toml::Value) -> toml::Value {
    match v {
        toml::Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
            toml::Value::Integer(f as i64)
        }
        toml::Value::Array(a) => toml::Value::Array(a.into_iter().map(whole).collect()),
        toml::Value::Table(t) => {
            toml::Value::Table(t.into_iter().map(|(k, v)| (k, whole(v))).collect())
        }
        v => v,
    }
}

/// A lone problem (the workbook cannot be read), printed.
fn render_one(d: Diagnostic) -> String {
    d.render(&crate::diag::SourceMap::default())
}

/// The site's files, with the report's text replaced by `text` (added when the year has
/// none yet); also the report file's id, `None` when the department does not exist.
fn load_with(
    site_dir: &Path,
    info: &Info,
    rel: &str,
    text: Option<&str>,
) -> (RawSite, Diagnostics, Option<FileId>) {
    let mut diags = Diagnostics::default();
    let mut raw = source::load_site(site_dir, &mut diags);
    let Some(text) = text else {
        return (raw, diags, None);
    };
    let Some(dept) = raw.departments.iter().position(|d| d.slug == info.dept) else {
        return (raw, diags, None);
    };
    let file = SourceFile::new(rel.to_string(), site_dir.join(rel), text.to_string());
    let reports = &mut raw.departments[dept].reports;
    let id = match reports.iter().position(|r| r.year == info.year) {
        Some(i) => match reports[i].toml {
            Some(id) => {
                raw.sources.replace(id, file);
                id
            }
            None => {
                let id = raw.sources.add(file);
                raw.departments[dept].reports[i].toml = Some(id);
                id
            }
        },
        None => {
            let id = raw.sources.add(file);
            let reports = &mut raw.departments[dept].reports;
            reports.push(RawReport {
                year: info.year,
                toml: Some(id),
                md: None,
            });
            reports.sort_by_key(|r| r.year);
            id
        }
    };
    (raw, diags, Some(id))
}

/// The changes from the site as it is to the site with the new report, in words.
fn changes(site_dir: &Path, info: &Info, rel: &str, text: &str) -> Vec<String> {
    let (old, old_diags, _) = load_with(site_dir, info, rel, None);
    let (new, new_diags, _) = load_with(site_dir, info, rel, Some(text));
    match pipeline::diff::describe(
        ("今".to_string(), old, old_diags),
        ("取り込み後".to_string(), new, new_diags),
    ) {
        Ok(lines) if lines.is_empty() => vec!["ページに表れる変更はありません".to_string()],
        Ok(lines) => lines,
        // The site on disk has errors of its own (the new one has none): nothing to compare.
        Err(_) => vec![
            "報告を書き込みました（今のファイルにエラーがあるため、変更点は比べていません）"
                .to_string(),
        ],
    }
}

/// Where each key of an entries sheet is: (sheet, key, column).
type Columns = Vec<(String, String, u16)>;

/// A diagnostic about the report's text, pointed at the cell the text came from; a message
/// about a whole entry that names one of its keys (a required 「title」 missing) points at
/// that key's column of the entry's row.
fn at_cell(mut d: Diagnostic, id: FileId, w: &Written, columns: &Columns) -> Diagnostic {
    if let Place::Span(loc) = d.place
        && loc.file == id
    {
        d.place = match w.cell_of(loc.start as usize) {
            Some(c) => {
                let col = columns
                    .iter()
                    .filter(|(sheet, _, _)| *sheet == c.sheet)
                    .find(|(_, key, _)| d.message.contains(&format!("「{key}」")))
                    .map_or(c.col, |(_, _, col)| *col);
                Place::Path(layout::cell_ref(&c.sheet, c.row, col))
            }
            None => Place::Path(layout::REPORT_SHEET.to_string()),
        };
    }
    d
}

/// What calamine read in a cell.
fn cell(r: &Range<Data>, row: u32, col: u16) -> Cell {
    match r.get_value((row, u32::from(col))) {
        None | Some(Data::Empty) => Cell::Empty,
        Some(Data::String(s)) => Cell::Text(s.clone()),
        Some(Data::Int(i)) => Cell::Number(*i as f64),
        Some(Data::Float(f)) => Cell::Number(*f),
        Some(Data::Bool(b)) => Cell::Bool(*b),
        Some(Data::DateTime(d)) => Cell::Date(d.as_f64()),
        Some(Data::DateTimeIso(s)) => Cell::Text(s.split('T').next().unwrap_or(s).to_string()),
        Some(Data::DurationIso(s)) => Cell::Text(s.clone()),
        Some(Data::Error(e)) => Cell::Text(format!("#{e:?}")),
    }
}

/// A cell's text (for keys and links).
fn cell_text(r: &Range<Data>, row: u32, col: u16) -> String {
    match cell(r, row, col) {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) if n.fract() == 0.0 => (n as i64).to_string(),
        Cell::Number(n) | Cell::Date(n) => n.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Empty => String::new(),
    }
}

fn read_info<R: std::io::Read + std::io::Seek>(wb: &mut Xlsx<R>) -> Option<Info> {
    let r = wb.worksheet_range(layout::INFO_SHEET).ok()?;
    let rows: Vec<(String, String)> = (0..r.end()?.0 + 1)
        .map(|row| (cell_text(&r, row, 0), cell_text(&r, row, 1)))
        .collect();
    help::read_info(&rows)
}

/// One row of an entries sheet, read.
struct Row {
    /// The values, with the key path inside the entry and the cell.
    values: Vec<(String, toml::Value, CellAt)>,
    /// The link to the parent entry, and its cell.
    link: Option<(String, CellAt)>,
    /// The first cell of the row.
    at: CellAt,
}

/// The column of a key written in a key cell: a catalogue column, or a label of a
/// `Labels` column (`extra.協働関係先`).
fn col_for(cols: &[Col], key: &str) -> Option<Col> {
    if let Some(c) = cols.iter().find(|c| c.key == key && c.kind != Kind::Labels) {
        return Some(c.clone());
    }
    cols.iter()
        .filter(|c| c.kind == Kind::Labels)
        .find_map(|c| {
            let label = key.strip_prefix(&format!("{}.", c.key))?;
            Some(Col {
                key: key.to_string(),
                label: label.to_string(),
                kind: Kind::Prose,
                field: c.field,
            })
        })
}

/// A problem with a cell.
fn cell_error(at: &CellAt, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
    Diagnostic::path_error(layout::cell_ref(&at.sheet, at.row, at.col), message).hint(hint)
}

/// Reads one cell of column `col` into `values`, or its problem into `problems`.
fn read_value(
    col: &Col,
    c: &Cell,
    at: CellAt,
    values: &mut Vec<(String, toml::Value, CellAt)>,
    problems: &mut Vec<Diagnostic>,
) {
    match cells::parse(col.kind, c) {
        Ok(Some(v)) => values.push((col.key.clone(), v, at)),
        Ok(None) => {}
        Err(bad) => problems.push(cell_error(
            &at,
            format!("「{}」: {}", col.label, bad.message),
            bad.hint,
        )),
    }
}

/// The report as entries from every sheet, and the problems of single cells.
fn read_sheets<R: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<R>,
) -> (Entry, Vec<Diagnostic>, Columns) {
    let mut problems = Vec::new();
    let mut columns = Columns::new();
    let sheets = layout::sheets();
    // The 報告 sheet: key in column B, value in column C.
    let mut top_values = Vec::new();
    match wb.worksheet_range(layout::REPORT_SHEET) {
        Ok(r) => {
            let cols = layout::report_rows();
            for row in 1..r.end().map_or(0, |e| e.0 + 1) {
                let key = cell_text(&r, row, 1);
                if key.is_empty() {
                    continue;
                }
                let at = CellAt {
                    sheet: layout::REPORT_SHEET.to_string(),
                    row,
                    col: 2,
                };
                match col_for(&cols, &key) {
                    Some(col) => read_value(&col, &cell(&r, row, 2), at, &mut top_values, &mut problems),
                    None => problems.push(cell_error(
                        &CellAt { col: 1, ..at },
                        format!("キー「{key}」は報告の項目ではありません。"),
                        "「キー」の列は書き換えないでください。hyoka export で書き出し直すと元に戻ります。",
                    )),
                }
            }
        }
        Err(_) => problems.push(missing_sheet(layout::REPORT_SHEET)),
    }
    // The entries sheets, then each row linked to its parent's row.
    let mut rows: Vec<Vec<Row>> = sheets
        .iter()
        .map(|s| read_entries(wb, s, &mut problems, &mut columns))
        .collect();
    let mut parent_of: Vec<Vec<Option<usize>>> = vec![Vec::new(); sheets.len()];
    for (i, s) in sheets.iter().enumerate() {
        let Some(p) = s.parent else { continue };
        let ids: Vec<String> = rows[p]
            .iter()
            .enumerate()
            .map(|(n, r)| link_value(&sheets[p], r, n))
            .collect();
        for r in &rows[i] {
            let found = match &r.link {
                Some((v, at)) => {
                    let found = ids.iter().position(|id| id == v);
                    if found.is_none() {
                        problems.push(cell_error(
                            at,
                            format!(
                                "{}「{v}」の行が「{}」シートにありません。",
                                layout::link_label(&sheets[p]),
                                sheets[p].name
                            ),
                            format!("ある{}: {}", layout::link_label(&sheets[p]), ids.join("、")),
                        ));
                    }
                    found
                }
                None => {
                    problems.push(cell_error(
                        &CellAt {
                            col: 0,
                            ..r.at.clone()
                        },
                        format!("この行の{}が空です。", layout::link_label(&sheets[p])),
                        format!(
                            "どの行に属するか、「{}」シートの{}を書いてください。",
                            sheets[p].name,
                            layout::link_label(&sheets[p])
                        ),
                    ));
                    None
                }
            };
            parent_of[i].push(found);
        }
    }
    // Entries from the deepest sheets up, each child under its parent's row.
    let mut built: Vec<Vec<Option<Entry>>> = sheets.iter().map(|_| Vec::new()).collect();
    for i in (0..sheets.len()).rev() {
        let taken = std::mem::take(&mut rows[i]);
        let mut entries = Vec::new();
        for (n, row) in taken.into_iter().enumerate() {
            let arrays = children(&sheets, i, n, &parent_of, &mut built);
            let mut e = entry(sheets[i].table, &row.values, arrays);
            e.at = Some(row.at);
            entries.push(Some(e));
        }
        built[i] = entries;
    }
    let mut arrays = Vec::new();
    for (i, s) in sheets.iter().enumerate() {
        if s.parent.is_none() {
            arrays.push((s.key, built[i].drain(..).flatten().collect()));
        }
    }
    (
        entry(layout::report_table(), &top_values, arrays),
        problems,
        columns,
    )
}

/// The arrays of child entries of row `n` of sheet `i`, by key.
fn children(
    sheets: &[Sheet],
    i: usize,
    n: usize,
    parent_of: &[Vec<Option<usize>>],
    built: &mut [Vec<Option<Entry>>],
) -> Vec<(&'static str, Vec<Entry>)> {
    let mut out = Vec::new();
    for (j, s) in sheets.iter().enumerate() {
        if s.parent != Some(i) {
            continue;
        }
        let mine: Vec<Entry> = parent_of[j]
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == Some(n))
            .filter_map(|(k, _)| built[j][k].take())
            .collect();
        out.push((s.key, mine));
    }
    out
}

/// What a child row's link must equal to belong to row `n` of `parent`: its id, or its
/// position from 1.
fn link_value(parent: &Sheet, r: &Row, n: usize) -> String {
    if parent.table.field("id").is_none() {
        return (n + 1).to_string();
    }
    r.values
        .iter()
        .find(|(k, _, _)| k == "id")
        .map(|(_, v, _)| match v {
            toml::Value::String(s) => s.trim().to_string(),
            v => v.to_string(),
        })
        .unwrap_or_default()
}

fn missing_sheet(name: &str) -> Diagnostic {
    Diagnostic::message(format!("「{name}」シートがありません。"))
        .hint("シートの名前を変えたり消したりしないでください。hyoka export で書き出し直すと元に戻ります。")
}

/// The non-empty rows of one entries sheet.
fn read_entries<R: std::io::Read + std::io::Seek>(
    wb: &mut Xlsx<R>,
    sheet: &Sheet,
    problems: &mut Vec<Diagnostic>,
    columns: &mut Columns,
) -> Vec<Row> {
    let Ok(r) = wb.worksheet_range(&sheet.name) else {
        problems.push(missing_sheet(&sheet.name));
        return Vec::new();
    };
    let Some((last_row, last_col)) = r.end() else {
        return Vec::new();
    };
    let cols = &sheet.cols;
    let at = |row: u32, col: u16| CellAt {
        sheet: sheet.name.clone(),
        row,
        col,
    };
    // What each column holds, from the key row.
    let mut link = None;
    let mut mapped: Vec<(u16, Col)> = Vec::new();
    for c in 0..=last_col as u16 {
        let key = cell_text(&r, KEY_ROW, c);
        if key.is_empty() {
            continue;
        }
        if key == layout::LINK_KEY {
            link = Some(c);
        } else if let Some(col) = col_for(cols, &key) {
            columns.push((sheet.name.clone(), col.key.clone(), c));
            mapped.push((c, col));
        } else {
            problems.push(cell_error(
                &at(KEY_ROW, c),
                format!("キー「{key}」は「{}」の項目ではありません。", sheet.name),
                "2 行目のキーは書き換えないでください。hyoka export で書き出し直すと元に戻ります。",
            ));
        }
    }
    let mut out = Vec::new();
    for row in FIRST_ROW..=last_row {
        let filled: Vec<&(u16, Col)> = mapped
            .iter()
            .filter(|(c, _)| !matches!(cells::parse(Kind::Line, &cell(&r, row, *c)), Ok(None)))
            .collect();
        // An empty row in the middle (or one with only its link) is skipped.
        if filled.is_empty() {
            continue;
        }
        let mut values = Vec::new();
        for (c, col) in filled {
            read_value(col, &cell(&r, row, *c), at(row, *c), &mut values, problems);
        }
        let link = link
            .map(|c| (cell_text(&r, row, c), at(row, c)))
            .filter(|(v, _)| !v.is_empty());
        let first = mapped.first().map_or(0, |(c, _)| *c);
        out.push(Row {
            values,
            link,
            at: at(row, first),
        });
    }
    out
}

/// An entry of `table` from its values (key paths inside the entry) and its arrays of child
/// entries, keys in the catalogue's order.
fn entry(
    table: &'static Table,
    values: &[(String, toml::Value, CellAt)],
    mut arrays: Vec<(&'static str, Vec<Entry>)>,
) -> Entry {
    let mut e = Entry::default();
    for f in table.fields {
        let prefix = format!("{}.", f.key);
        let under: Vec<(String, toml::Value, CellAt)> = values
            .iter()
            .filter_map(|(k, v, at)| {
                k.strip_prefix(&prefix)
                    .map(|rest| (rest.to_string(), v.clone(), at.clone()))
            })
            .collect();
        match (f.ty, layout::kind(f.ty)) {
            (Ty::Tables, _) => {
                if let Some(i) = arrays.iter().position(|(k, _)| *k == f.key) {
                    let (_, list) = arrays.swap_remove(i);
                    if !list.is_empty() {
                        e.items.push((f.key.to_string(), Item::Array(list)));
                    }
                }
            }
            (Ty::Table, _) => {
                if let Some(sub) = catalogue::child(table, f.key) {
                    let t = entry(sub, &under, Vec::new());
                    if !t.is_empty() {
                        e.items.push((f.key.to_string(), Item::Table(t)));
                    }
                }
            }
            (_, Some(Kind::Labels)) => {
                if !under.is_empty() {
                    let items = under
                        .into_iter()
                        .map(|(k, v, at)| (k, Item::Val(v, at)))
                        .collect();
                    e.items
                        .push((f.key.to_string(), Item::Table(Entry { items, at: None })));
                }
            }
            _ => {
                if let Some((_, v, at)) = values.iter().find(|(k, _, _)| k == f.key) {
                    e.items
                        .push((f.key.to_string(), Item::Val(v.clone(), at.clone())));
                }
            }
        }
    }
    e
}
