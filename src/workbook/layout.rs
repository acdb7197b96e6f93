//! Which sheets and columns a report's workbook has, made from the field catalogue
//! (`FileKind::Report`): the report's own fields as rows of the 報告 sheet, and one sheet
//! per array of tables (`[[goals]]`, `[[goals.indicators]]` …) with a column per field. A
//! field added to the catalogue appears in the workbook without a change here.

use crate::validate::catalogue::{self, Field, FileKind, Table, Ty};

/// The name of the sheet holding the report's own fields.
pub const REPORT_SHEET: &str = "報告";
/// The name of the sheet explaining the workbook.
pub const HELP_SHEET: &str = "説明";
/// The name of the hidden sheet recording the site, department and year.
pub const INFO_SHEET: &str = "情報";
/// The name of the hidden sheet holding the dropdowns' lists.
pub const LISTS_SHEET: &str = "選択肢";
/// Row of the Japanese column headings on an entries sheet (0-based).
pub const LABEL_ROW: u32 = 0;
/// Row of the TOML keys under them, which `import` reads (0-based).
pub const KEY_ROW: u32 = 1;
/// First row of entries (0-based).
pub const FIRST_ROW: u32 = 2;

/// How a value is written in a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Line,
    /// Markdown prose: wrapped, several lines.
    Prose,
    /// A code: text, or a number cell for a whole number.
    Code,
    /// A whole number cell.
    Int,
    /// A number cell.
    Num,
    /// `true` / `false`.
    Bool,
    /// A date, as `2021-05-01`.
    Date,
    /// A fiscal year (a number cell).
    Year,
    /// A list of strings, one a line.
    List,
    /// One of a few words (a dropdown).
    Choice(&'static [&'static str]),
    /// Names the file chooses, each with a whole number: `常勤 = 12`, one a line.
    Counts,
    /// Labels the file chooses, each with Markdown text (`extra`): one column (or, on the
    /// 報告 sheet, one row) per label, headed by the label.
    Labels,
}

/// How a catalogue type is written in cells; `None` for tables, which become columns of
/// their own (a `Table`) or sheets (`Tables`).
pub fn kind(ty: Ty) -> Option<Kind> {
    Some(match ty {
        Ty::Line => Kind::Line,
        Ty::Prose => Kind::Prose,
        Ty::Code => Kind::Code,
        Ty::Int => Kind::Int,
        Ty::Num => Kind::Num,
        Ty::Bool => Kind::Bool,
        Ty::Date => Kind::Date,
        Ty::Year => Kind::Year,
        Ty::List => Kind::List,
        Ty::Choice(c) => Kind::Choice(c),
        Ty::Extra => Kind::Labels,
        Ty::Counts => Kind::Counts,
        Ty::Table | Ty::Tables => return None,
    })
}

/// Keys whose values are written at year end (実績, 評価, 取組実績 …): their cells are light
/// yellow, as cities mark them on their 評価シート. The same fields `hyoka new report` leaves
/// empty in next year's draft.
pub const YEAR_END: &[&str] = &[
    "review",
    "results",
    "status",
    "grade",
    "evaluation",
    "next",
    "actual",
    "actual_text",
    "actual_label",
    "approximate",
];

/// One column of an entries sheet, or one row of the 報告 sheet.
#[derive(Clone, Debug)]
pub struct Col {
    /// The key path inside the entry: `title`, `period.from` (a field of a table field).
    pub key: String,
    /// The heading: the field's label (`期間・開始` for a table's field).
    pub label: String,
    /// How the value is written.
    pub kind: Kind,
    /// The catalogue's field (its explanation is the cell's note).
    pub field: &'static Field,
}

impl Col {
    /// The last key of the path (what decides dropdowns and yellow cells).
    pub fn leaf(&self) -> &str {
        self.key.rsplit('.').next().unwrap_or(&self.key)
    }

    /// Whether the value is written at year end.
    pub fn year_end(&self) -> bool {
        YEAR_END.contains(&self.leaf())
    }
}

/// One sheet of entries: an array of tables of the report.
#[derive(Debug)]
pub struct Sheet {
    /// The sheet's name: the table's label (重点目標, 指標 …).
    pub name: String,
    /// The catalogue table.
    pub table: &'static Table,
    /// The key of the array in its parent entry (`indicators`).
    pub key: &'static str,
    /// The sheet of the parent entries, for a nested array (`goals.indicators` → goals).
    pub parent: Option<usize>,
    /// The columns, in the catalogue's order.
    pub cols: Vec<Col>,
}

/// The heading of the column linking a nested entry to its parent: the parent's id label
/// (目標ID), or 「<sheet>の行」 when the parent has no id.
pub fn link_label(parent: &Sheet) -> String {
    match parent.table.field("id") {
        Some(f) => f.label.to_string(),
        None => format!("{}の番号", parent.name),
    }
}

/// The key written above the link column.
pub const LINK_KEY: &str = "^";

/// The columns of `table`: its fields in order, a table field's own fields as
/// `key.sub` (labelled 「期間・開始」), arrays of tables left to their own sheets.
pub fn columns(table: &'static Table) -> Vec<Col> {
    let mut out = Vec::new();
    for f in table.fields {
        match (kind(f.ty), f.ty) {
            (Some(k), _) => out.push(Col {
                key: f.key.to_string(),
                label: f.label.to_string(),
                kind: k,
                field: f,
            }),
            (None, Ty::Table) => {
                let Some(sub) = catalogue::child(table, f.key) else {
                    continue;
                };
                for c in columns(sub) {
                    out.push(Col {
                        key: format!("{}.{}", f.key, c.key),
                        label: format!("{}・{}", f.label, c.label),
                        kind: c.kind,
                        field: c.field,
                    });
                }
            }
            (None, _) => {}
        }
    }
    out
}

/// The rows of the 報告 sheet: the report's own fields (with its tables' fields).
pub fn report_rows() -> Vec<Col> {
    columns(report_table())
}

/// The catalogue's table of a report's top.
pub fn report_table() -> &'static Table {
    catalogue::table(FileKind::Report, "").expect("the catalogue has the report's top")
}

/// Every entries sheet, parents before children, in the catalogue's order.
pub fn sheets() -> Vec<Sheet> {
    let mut out = Vec::new();
    add_sheets(report_table(), None, &mut out);
    out
}

fn add_sheets(table: &'static Table, parent: Option<usize>, out: &mut Vec<Sheet>) {
    for f in table.fields {
        if f.ty != Ty::Tables {
            continue;
        }
        let Some(sub) = catalogue::child(table, f.key) else {
            continue;
        };
        out.push(Sheet {
            name: sheet_name(sub.label, out),
            table: sub,
            key: f.key,
            parent,
            cols: columns(sub),
        });
        let me = out.len() - 1;
        add_sheets(sub, Some(me), out);
    }
}

/// A sheet name Excel accepts (31 characters, none of `[]:*?/\`), unique in the workbook.
fn sheet_name(label: &str, taken: &[Sheet]) -> String {
    let clean: String = label
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    let reserved = [REPORT_SHEET, HELP_SHEET, INFO_SHEET, LISTS_SHEET];
    let mut name = clean.clone();
    let mut n = 2;
    while reserved.contains(&name.as_str()) || taken.iter().any(|s| s.name == name) {
        name = format!("{clean}{n}");
        n += 1;
    }
    name
}

/// The spreadsheet name of a 0-based column: A, B, … Z, AA …
pub fn col_name(mut col: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A cell as staff see it: `重点目標!F12` (row and column 0-based).
pub fn cell_ref(sheet: &str, row: u32, col: u16) -> String {
    format!("{sheet}!{}{}", col_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_follow_the_catalogue() {
        let s = sheets();
        let goals = s.iter().position(|s| s.key == "goals").unwrap();
        let ind = s.iter().find(|s| s.key == "indicators").unwrap();
        assert_eq!(ind.parent, Some(goals));
        assert!(ind.cols.iter().any(|c| c.key == "actual" && c.year_end()));
        let mid = s.iter().find(|s| s.key == "midterm").unwrap();
        assert!(mid.cols.iter().any(|c| c.key == "period.from"));
        assert!(report_rows().iter().any(|c| c.key == "budget.general"));
        assert!(report_rows().iter().any(|c| c.key == "head.name"));
        assert_eq!(link_label(&s[goals]), "目標ID");
    }

    #[test]
    fn cells_are_named_as_spreadsheets_do() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(cell_ref("重点目標", 11, 5), "重点目標!F12");
    }
}
