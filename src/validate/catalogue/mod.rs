//! The field catalogue: every key staff may write in `site.toml`, `department.toml`, a
//! report (`<FY>.toml` and the `+++` front matter of `<FY>.md`) and a plan file, described
//! once in Japanese. The validator's unknown-key hints, the JSON Schemas in `schema/`
//! (editor completion) and the field reference `docs/fields.md` are all made from it, and
//! `tests/it/catalogue.rs` holds it to the keys the validator accepts, so they cannot
//! drift apart.

mod entry_fields;
mod fields;
mod reference;
mod report_fields;
mod schema;

pub use reference::field_reference;
pub use schema::json_schema;

/// The kind of file a table is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `site.toml`.
    Site,
    /// `content/departments/<部局>/department.toml`.
    Department,
    /// `content/departments/<部局>/<FY>.toml` (and the front matter of `<FY>.md`).
    Report,
    /// `content/plans/<計画>.toml`.
    Plan,
}

impl FileKind {
    /// Every kind, in the order the reference lists them.
    pub const ALL: [FileKind; 4] = [
        FileKind::Site,
        FileKind::Department,
        FileKind::Report,
        FileKind::Plan,
    ];

    /// The stem of its schema file: `schema/<stem>.schema.json`.
    pub fn stem(self) -> &'static str {
        match self {
            FileKind::Site => "site",
            FileKind::Department => "department",
            FileKind::Report => "report",
            FileKind::Plan => "plan",
        }
    }

    /// Where the file lives, as staff see it.
    pub fn path(self) -> &'static str {
        match self {
            FileKind::Site => "site.toml",
            FileKind::Department => "content/departments/<部局>/department.toml",
            FileKind::Report => "content/departments/<部局>/<年度>.toml",
            FileKind::Plan => "content/plans/<計画>.toml",
        }
    }

    /// What the file is, in a few Japanese words.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Site => "サイトの設定",
            FileKind::Department => "部局の基本情報",
            FileKind::Report => "年度ごとの報告",
            FileKind::Plan => "計画（総合計画など）",
        }
    }
}

/// What a value is written as. The validator is lenient where staff are (a number pasted
/// as text, a single string for a list); the schema accepts the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// One line of text: `"…"`.
    Line,
    /// Markdown prose, usually a `"""…"""` string.
    Prose,
    /// A code or number, as a string or an integer: `"4-1-2"`, `1`.
    Code,
    /// A whole number (yen, people, order).
    Int,
    /// A number, whole or not (目標値, 実績).
    Num,
    /// `true` or `false`.
    Bool,
    /// A date: `2021-05-01`.
    Date,
    /// A fiscal year as the Western year it starts in: `2021`.
    Year,
    /// A list of strings: `["…", "…"]`.
    List,
    /// One of a few fixed words.
    Choice(&'static [&'static str]),
    /// A table whose keys are listed under the path `<table>.<key>`.
    Table,
    /// An array of tables (`[[key]]`), each with the keys listed under `<table>.<key>`.
    Tables,
    /// A table of names the file chooses, each with a whole number (`{ "常勤" = 12 }`).
    Counts,
    /// Columns of the source with no field of their own: a table of labels the file
    /// chooses, each with its text (`[goals.extra]` `"難易度" = "高"`).
    Extra,
}

impl Ty {
    /// The type as the reference names it.
    pub fn japanese(self) -> &'static str {
        match self {
            Ty::Line => "文字列",
            Ty::Prose => "文章（Markdown）",
            Ty::Code => "コード（文字列か整数）",
            Ty::Int => "整数",
            Ty::Num => "数値",
            Ty::Bool => "true / false",
            Ty::Date => "日付",
            Ty::Year => "年度（西暦4桁）",
            Ty::List => "文字列の配列",
            Ty::Choice(_) => "決まった語",
            Ty::Table => "表",
            Ty::Tables => "表の並び [[ ]]",
            Ty::Counts => "名前 = 整数 の表",
            Ty::Extra => "見出し = 文章 の表",
        }
    }
}

/// One key of one table.
#[derive(Debug)]
pub struct Field {
    /// The TOML key.
    pub key: &'static str,
    /// The name staff use for it (目標値, 実績, 所管課 …).
    pub label: &'static str,
    /// What it is written as.
    pub ty: Ty,
    /// Whether the table is refused without it.
    pub required: bool,
    /// One line of Japanese saying what to write.
    pub about: &'static str,
    /// An example value, as written in TOML.
    pub example: &'static str,
    /// Where it appears on the site (empty: where its table appears).
    pub shown: &'static str,
}

/// One table of one kind of file.
#[derive(Debug)]
pub struct Table {
    /// The file it is written in.
    pub file: FileKind,
    /// Its dotted path from the file's top (`""` for the top, `goals.indicators`).
    pub path: &'static str,
    /// Its name as staff say it.
    pub label: &'static str,
    /// Where it appears on the site.
    pub shown: &'static str,
    /// Its keys, in the order a file usually writes them.
    pub fields: &'static [Field],
}

impl Table {
    /// The heading a TOML file writes for it: `[[goals.indicators]]`, `[budget]`, or the
    /// file's top.
    pub fn header(&self) -> String {
        if self.path.is_empty() {
            "（ファイルの先頭）".to_string()
        } else if self.repeated() {
            format!("[[{}]]", self.path)
        } else {
            format!("[{}]", self.path)
        }
    }

    /// Whether the table is one of an array (`[[…]]`).
    pub fn repeated(&self) -> bool {
        self.parent_field().is_some_and(|f| f.ty == Ty::Tables)
    }

    /// The field of the parent table that holds this table.
    pub fn parent_field(&self) -> Option<&'static Field> {
        let (parent, key) = match self.path.rsplit_once('.') {
            Some((p, k)) => (p, k),
            None if self.path.is_empty() => return None,
            None => ("", self.path),
        };
        table(self.file, parent)?
            .fields
            .iter()
            .find(|f| f.key == key)
    }

    /// The field `key`.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Every table of every kind of file.
pub fn tables() -> &'static [Table] {
    fields::TABLES
}

/// The table at `path` of a kind of file.
pub fn table(file: FileKind, path: &str) -> Option<&'static Table> {
    fields::TABLES
        .iter()
        .find(|t| t.file == file && t.path == path)
}

/// The table holding the field `key` of `parent` (`goals` + `indicators`).
pub fn child(parent: &Table, key: &str) -> Option<&'static Table> {
    if parent.path.is_empty() {
        table(parent.file, key)
    } else {
        table(parent.file, &format!("{}.{key}", parent.path))
    }
}

/// The label of `key` in the table whose keys include every one of `known` (the keys a
/// reader asked for): how an unknown-key hint names the key it suggests.
pub fn label_for(known: &[&str], key: &str) -> Option<&'static str> {
    fields::TABLES
        .iter()
        .filter(|t| known.iter().all(|k| t.field(k).is_some()))
        .find_map(|t| t.field(key))
        .map(|f| f.label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nested_table_hangs_from_a_field() {
        for t in tables() {
            if !t.path.is_empty() {
                let f = t.parent_field().unwrap_or_else(|| panic!("{}", t.path));
                assert!(matches!(f.ty, Ty::Table | Ty::Tables), "{}", t.path);
            }
            for f in t.fields {
                if matches!(f.ty, Ty::Table | Ty::Tables) {
                    assert!(child(t, f.key).is_some(), "{} {}", t.path, f.key);
                }
                assert!(!f.label.is_empty() && !f.about.is_empty() && !f.example.is_empty());
            }
        }
    }

    #[test]
    fn labels_follow_the_asked_keys() {
        assert_eq!(
            label_for(&["id", "grade", "indicators"], "grade"),
            Some("評価")
        );
        assert_eq!(
            label_for(&["name", "target", "actual"], "actual"),
            Some("実績")
        );
        assert_eq!(label_for(&["zz-not-a-key"], "grade"), None);
    }
}
