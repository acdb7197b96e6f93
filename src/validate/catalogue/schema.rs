//! JSON Schemas made from the catalogue, one per kind of file, for editors (VS Code with
//! Even Better TOML, which is Taplo) to complete keys and show the Japanese labels and
//! explanations on hover, and for CI to check every site's TOML with Taplo. The schemas
//! accept what the validator accepts (a number pasted as text, one string for a list), so
//! they flag only what a build would refuse: mostly a misspelt or misplaced key.

use super::{Field, FileKind, Table, Ty, child, table};
use crate::model::fiscal::{FIRST_YEAR, LAST_YEAR};
use serde_json::{Map, Value, json};

/// The JSON Schema (draft-07) of one kind of file, as the text committed under `schema/`.
pub fn json_schema(file: FileKind) -> String {
    let top = table(file, "").expect("every kind of file has a top table");
    let mut schema = object(top);
    let s = schema.as_object_mut().expect("an object");
    s.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    s.insert(
        "title".into(),
        json!(format!("hyoka: {}（{}）", file.label(), file.path())),
    );
    s.insert(
        "description".into(),
        json!("項目の説明は docs/fields.md（原稿の書き方）にもあります。このファイルは hyoka の項目カタログから作られています。"),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("JSON values always print");
    text.push('\n');
    text
}

/// The schema of a table: its keys, those it requires, and no others.
fn object(t: &Table) -> Value {
    let mut props = Map::new();
    for f in t.fields {
        props.insert(f.key.into(), field(t, f));
    }
    let required: Vec<&str> = t
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let mut o = json!({
        "type": "object",
        "properties": props,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        o["required"] = json!(required);
    }
    o
}

/// The schema of one key, with its label as title and its explanation and example as
/// description.
fn field(parent: &Table, f: &Field) -> Value {
    let mut v = match f.ty {
        Ty::Line | Ty::Prose | Ty::Date => json!({ "type": "string" }),
        Ty::Code => json!({ "type": ["string", "integer"] }),
        Ty::Int => json!({ "type": ["integer", "string"] }),
        Ty::Num => json!({ "type": ["number", "string"] }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Year => json!({
            "type": ["integer", "string"],
            "minimum": FIRST_YEAR,
            "maximum": LAST_YEAR,
        }),
        Ty::List => json!({
            "type": ["array", "string"],
            "items": { "type": ["string", "integer"] },
        }),
        Ty::Choice(words) => json!({ "type": "string", "enum": words }),
        Ty::Table => object(child(parent, f.key).expect("a table field has its table")),
        Ty::Tables => json!({
            "type": "array",
            "items": object(child(parent, f.key).expect("a table field has its table")),
        }),
        Ty::Counts => json!({
            "type": "object",
            "additionalProperties": { "type": ["integer", "string"] },
        }),
        Ty::Extra => json!({
            "type": "object",
            "additionalProperties": { "type": ["string", "number"] },
        }),
    };
    let required = if f.required { "（必須）" } else { "" };
    v["title"] = json!(format!("{}{required}", f.label));
    v["description"] = json!(format!("{}\n\n例: {} = {}", f.about, f.key, f.example));
    v
}
