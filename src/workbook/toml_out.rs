//! The report TOML `import` writes: keys in the catalogue's order, prose as `"""` strings,
//! small tables inline, nested arrays indented, so the same workbook always gives the same
//! bytes and a git diff shows only what staff changed. Each value remembers the cell it
//! came from, so a validation message about the text can name the cell instead.

use crate::scaffold::new_report::q as quote;
use std::fmt::Write as _;
use std::ops::Range;
use toml::Value;

/// Where a value came from: a sheet and a 0-based row and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellAt {
    /// The sheet's name.
    pub sheet: String,
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u16,
}

/// One value or table of an entry, as it will be written.
#[derive(Debug)]
pub enum Item {
    /// A value (strings, numbers, dates, lists, a table of counts).
    Val(Value, CellAt),
    /// A table (`[budget]`, `period = { … }`, `[goals.extra]`).
    Table(Entry),
    /// An array of tables (`[[goals]]`).
    Array(Vec<Entry>),
}

/// A table's keys in order, and the row it came from.
#[derive(Debug, Default)]
pub struct Entry {
    /// The keys, in the order they are written.
    pub items: Vec<(String, Item)>,
    /// The first cell of the entry's row (where a message about the whole entry points).
    pub at: Option<CellAt>,
}

impl Entry {
    /// Whether nothing would be written for it.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The TOML text of a report, and which byte ranges of it came from which cell.
pub struct Written {
    /// The text.
    pub text: String,
    /// Byte ranges (a line, or an entry's header) and their cells.
    pub spans: Vec<(Range<usize>, CellAt)>,
}

impl Written {
    /// The cell a byte offset of the text came from: the narrowest span holding it, else the
    /// last one before it (a message about a table points at its header or its last line).
    pub fn cell_of(&self, offset: usize) -> Option<&CellAt> {
        self.spans
            .iter()
            .filter(|(r, _)| r.contains(&offset))
            .min_by_key(|(r, _)| r.len())
            .or_else(|| {
                self.spans
                    .iter()
                    .filter(|(r, _)| r.start <= offset)
                    .max_by_key(|(r, _)| r.start)
            })
            .map(|(_, c)| c)
    }
}

/// Writes a report whose top is `top`, after `preamble` (a `#:schema` line or nothing).
pub fn write(top: &Entry, preamble: &str) -> Written {
    let mut w = Written {
        text: preamble.to_string(),
        spans: Vec::new(),
    };
    body(&mut w, top, "");
    if !w.text.ends_with('\n') && !w.text.is_empty() {
        w.text.push('\n');
    }
    w
}

/// The longest inline table written on one line.
const INLINE_MAX: usize = 100;

fn body(w: &mut Written, e: &Entry, path: &str) {
    let indent = if path.contains('.') { "  " } else { "" };
    let mut sections: Vec<(&str, &Entry)> = Vec::new();
    let mut arrays: Vec<(&str, &Vec<Entry>)> = Vec::new();
    for (key, item) in &e.items {
        match item {
            Item::Val(v, at) => {
                let start = w.text.len();
                let mut text = value(v);
                // A long list, one item a line.
                if let Value::Array(items) = v
                    && text.len() + key.len() + indent.len() > INLINE_MAX
                {
                    text = String::from("[\n");
                    for i in items {
                        let _ = writeln!(text, "{indent}  {},", value(i));
                    }
                    text.push_str(indent);
                    text.push(']');
                }
                let _ = writeln!(w.text, "{indent}{} = {text}", bare(key));
                w.spans.push((start..w.text.len(), at.clone()));
            }
            Item::Table(t) => match inline(t) {
                Some(text) if text.len() + key.len() + indent.len() <= INLINE_MAX => {
                    let start = w.text.len();
                    let _ = writeln!(w.text, "{indent}{} = {text}", bare(key));
                    if let Some(at) = first_cell(t) {
                        w.spans.push((start..w.text.len(), at));
                    }
                }
                _ => sections.push((key, t)),
            },
            Item::Array(a) => arrays.push((key, a)),
        }
    }
    for (key, t) in sections {
        let p = join(path, key);
        let _ = write!(w.text, "\n{indent}[{p}]\n");
        body(w, t, &p);
    }
    for (key, entries) in arrays {
        let p = join(path, key);
        let indent = if p.contains('.') { "  " } else { "" };
        for entry in entries {
            let start = w.text.len() + 1;
            let _ = write!(w.text, "\n{indent}[[{p}]]\n");
            if let Some(at) = &entry.at {
                w.spans.push((start..w.text.len(), at.clone()));
            }
            body(w, entry, &p);
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        bare(key)
    } else {
        format!("{path}.{}", bare(key))
    }
}

fn first_cell(e: &Entry) -> Option<CellAt> {
    e.items.iter().find_map(|(_, i)| match i {
        Item::Val(_, at) => Some(at.clone()),
        Item::Table(t) => first_cell(t),
        Item::Array(_) => None,
    })
}

/// `{ a = 1, b = "x" }` when every value of the table fits on one line.
fn inline(e: &Entry) -> Option<String> {
    let mut parts = Vec::new();
    for (k, i) in &e.items {
        match i {
            Item::Val(v, _) => {
                let s = value(v);
                if s.contains('\n') {
                    return None;
                }
                parts.push(format!("{} = {s}", bare(k)));
            }
            Item::Table(t) => parts.push(format!("{} = {}", bare(k), inline(t)?)),
            Item::Array(_) => return None,
        }
    }
    Some(format!("{{ {} }}", parts.join(", ")))
}

/// A key, quoted unless it is a bare TOML key.
pub fn bare(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        quote(key)
    }
}

/// A value as TOML: multi-line strings as `"""`, whole numbers with `_` every three digits.
pub fn value(v: &Value) -> String {
    match v {
        Value::String(s) if s.contains('\n') => multi_line(s),
        Value::String(s) => quote(s),
        Value::Integer(i) => grouped(*i),
        Value::Float(f) => {
            let s = f.to_string();
            if s.contains(['.', 'e', 'E', 'i', 'n']) {
                s
            } else {
                format!("{s}.0")
            }
        }
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(items) => {
            let v: Vec<String> = items.iter().map(value).collect();
            format!("[{}]", v.join(", "))
        }
        Value::Table(t) => {
            let v: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", bare(k), value(v)))
                .collect();
            if v.is_empty() {
                "{}".to_string()
            } else {
                format!("{{ {} }}", v.join(", "))
            }
        }
    }
}

/// `1_273_190_000`, like the format's examples.
fn grouped(i: i64) -> String {
    let s = i.unsigned_abs().to_string();
    let mut out = String::from(if i < 0 { "-" } else { "" });
    for (n, c) in s.chars().enumerate() {
        if n > 0 && (s.len() - n).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

/// A TOML multi-line basic string holding exactly `s` (the newline after the opening
/// `"""` is not part of the value; a `"` next to another or at the end is escaped so no
/// `"""` appears inside).
fn multi_line(s: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' if chars.get(i + 1).is_none_or(|n| *n == '"') => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' => out.push_str("\\r"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(row: u32) -> CellAt {
        CellAt {
            sheet: "重点目標".into(),
            row,
            col: 2,
        }
    }

    #[test]
    fn strings_read_back_exactly() {
        for s in [
            "一行",
            "二行\n目",
            "末尾に改行\n",
            "\"引用\"と\\と\"\"\"",
            "タブ\tと\r\n",
            "末尾が\"",
        ] {
            let doc = format!("a = {}\n", value(&Value::String(s.into())));
            let t: toml::Table = doc.parse().unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(t["a"].as_str(), Some(s), "{doc}");
        }
        assert_eq!(value(&Value::Integer(1_273_190_000)), "1_273_190_000");
        assert_eq!(value(&Value::Integer(-1000)), "-1_000");
        assert_eq!(value(&Value::Float(1e21)), "1000000000000000000000.0");
        assert_eq!(bare("協働関係先"), "\"協働関係先\"");
    }

    #[test]
    fn entries_nest_and_point_at_their_cells() {
        let goal = Entry {
            items: vec![
                ("id".into(), Item::Val(Value::String("g1".into()), at(2))),
                (
                    "indicators".into(),
                    Item::Array(vec![Entry {
                        items: vec![("target".into(), Item::Val(Value::Integer(5), at(3)))],
                        at: Some(at(3)),
                    }]),
                ),
            ],
            at: Some(at(2)),
        };
        let top = Entry {
            items: vec![
                (
                    "kind".into(),
                    Item::Val(Value::String("運営方針".into()), at(0)),
                ),
                ("goals".into(), Item::Array(vec![goal])),
            ],
            at: None,
        };
        let w = write(&top, "");
        assert_eq!(
            w.text,
            "kind = \"運営方針\"\n\n[[goals]]\nid = \"g1\"\n\n  [[goals.indicators]]\n  target = 5\n"
        );
        let t: toml::Table = w.text.parse().unwrap();
        assert_eq!(
            t["goals"][0]["indicators"][0]["target"].as_integer(),
            Some(5)
        );
        let off = w.text.find("target").unwrap();
        assert_eq!(w.cell_of(off), Some(&at(3)));
    }
}
