//! One cell's value to and from TOML: what `export` writes in a cell for a value, and what
//! `import` makes of a cell as staff leave it (全角 digits, numbers with commas, Alt+Enter
//! line breaks, a date typed with slashes, a number where text was expected).

use super::layout::Kind;
use crate::model::fold::fold;
use toml::Value;

/// A cell as read back: what the spreadsheet stored.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing, or only spaces.
    Empty,
    /// Text.
    Text(String),
    /// A number (also a whole number).
    Number(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// A date as a spreadsheet serial number (days since 1899-12-30).
    Date(f64),
}

/// What is wrong with a cell: the message and a hint, in Japanese.
#[derive(Clone, Debug, PartialEq)]
pub struct Bad {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

fn bad(message: impl Into<String>, hint: impl Into<String>) -> Bad {
    Bad {
        message: message.into(),
        hint: hint.into(),
    }
}

/// What a cell shows for a value: text, or a number.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    /// Text (several lines for prose and lists).
    Text(String),
    /// A number.
    Number(f64),
}

/// The largest whole number a spreadsheet holds exactly (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

/// What `export` writes in a cell for `v`.
pub fn show(v: &Value) -> Shown {
    match v {
        Value::String(s) => Shown::Text(s.clone()),
        Value::Integer(i) => Shown::Number(*i as f64),
        Value::Float(f) => Shown::Number(*f),
        Value::Boolean(b) => Shown::Text(b.to_string()),
        Value::Datetime(d) => Shown::Text(d.to_string()),
        Value::Array(items) => Shown::Text(
            items
                .iter()
                .map(|i| match show(i) {
                    Shown::Text(t) => t,
                    Shown::Number(n) => number_text(n),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Value::Table(t) => Shown::Text(
            t.iter()
                .map(|(k, v)| {
                    let v = match show(v) {
                        Shown::Text(t) => t,
                        Shown::Number(n) => number_text(n),
                    };
                    format!("{k} = {v}")
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    }
}

/// A number as text: whole numbers without a decimal point.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < EXACT {
        (n as i64).to_string()
    } else {
        n.to_string()
    }
}

/// Line breaks as TOML keeps them: Alt+Enter gives `\n`, a paste from Windows `\r\n`.
pub fn lines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// The TOML value of a cell of kind `kind`; `None` for an empty cell.
pub fn parse(kind: Kind, cell: &Cell) -> Result<Option<Value>, Bad> {
    if let Cell::Text(t) = cell
        && t.trim().is_empty()
    {
        return Ok(None);
    }
    let text = |c: &Cell| -> String {
        match c {
            Cell::Text(t) => lines(t),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => date_of_serial(*d).unwrap_or_else(|| number_text(*d)),
            Cell::Empty => String::new(),
        }
    };
    Ok(Some(match (kind, cell) {
        (_, Cell::Empty) => return Ok(None),
        (Kind::Line | Kind::Prose | Kind::Labels, c) => Value::String(text(c)),
        (Kind::Code, Cell::Number(n)) if n.fract() == 0.0 && n.abs() < EXACT => {
            Value::Integer(*n as i64)
        }
        (Kind::Code, c) => Value::String(text(c)),
        (Kind::Int | Kind::Year, c) => {
            let n = number(c)?;
            if n.fract() != 0.0 || n.abs() >= EXACT {
                return Err(bad(
                    format!("「{}」は整数ではありません。", text(c)),
                    "小数点のない整数で書いてください（例: 1,273,190,000）。",
                ));
            }
            Value::Integer(n as i64)
        }
        (Kind::Num, c) => {
            let n = number(c)?;
            if n.fract() == 0.0 && n.abs() < EXACT {
                Value::Integer(n as i64)
            } else {
                Value::Float(n)
            }
        }
        (Kind::Bool, Cell::Bool(b)) => Value::Boolean(*b),
        (Kind::Bool, c) => match fold(text(c).trim()).to_lowercase().as_str() {
            "true" | "はい" | "○" | "1" => Value::Boolean(true),
            "false" | "いいえ" | "×" | "0" => Value::Boolean(false),
            t => {
                return Err(bad(
                    format!("「{t}」は true か false ではありません。"),
                    "一覧から true（はい）か false（いいえ）を選んでください。",
                ));
            }
        },
        (Kind::Date, Cell::Date(d) | Cell::Number(d)) => {
            date_value(&date_of_serial(*d).ok_or_else(|| {
                bad(
                    format!("「{d}」は日付として読めません。"),
                    "2021-05-01 のように年-月-日で書いてください。",
                )
            })?)?
        }
        (Kind::Date, c) => date_value(&text(c))?,
        (Kind::List, c) => Value::Array(
            text(c)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| Value::String(l.to_string()))
                .collect(),
        ),
        (Kind::Choice(words), c) => {
            let t = text(c).trim().to_string();
            if !words.contains(&t.as_str()) {
                return Err(bad(
                    format!("「{t}」は選べる語ではありません。"),
                    format!("一覧から選んでください: {}", words.join("、")),
                ));
            }
            Value::String(t)
        }
        (Kind::Counts, c) => Value::Table(counts(&text(c))?),
    }))
}

/// A number from a number cell, or from text as staff type it: 全角 digits, commas.
fn number(c: &Cell) -> Result<f64, Bad> {
    match c {
        Cell::Number(n) | Cell::Date(n) => Ok(*n),
        Cell::Text(t) => crate::validate::reader::lenient_number(t)
            .filter(|n| n.is_finite())
            .ok_or_else(|| {
                bad(
                    format!("「{}」は数として読めません。", t.trim()),
                    "数字だけを書いてください（例: 4,500,000、12.5）。単位は「単位」の欄に書きます。",
                )
            }),
        Cell::Bool(_) | Cell::Empty => Err(bad(
            "数が書かれていません。",
            "数字だけを書いてください（例: 4,500,000）。",
        )),
    }
}

/// `常勤 = 12` lines, as `export` writes a table of counts.
fn counts(text: &str) -> Result<toml::Table, Bad> {
    let mut out = toml::Table::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let folded = fold(line);
        let Some((name, n)) = folded.split_once(['=', ':']) else {
            return Err(bad(
                format!("「{line}」に = がありません。"),
                "1 行に 1 つずつ「常勤 = 12」のように名前 = 人数 で書いてください。",
            ));
        };
        // The name as typed (only the separator line was folded to find it).
        let name = line.chars().take(name.chars().count()).collect::<String>();
        let n = number(&Cell::Text(n.to_string()))?;
        if n.fract() != 0.0 {
            return Err(bad(
                format!("「{line}」の人数が整数ではありません。"),
                "人数は整数で書いてください。",
            ));
        }
        out.insert(
            name.trim().trim_matches('"').to_string(),
            Value::Integer(n as i64),
        );
    }
    Ok(out)
}

/// A TOML date from `2021-05-01`, `2021/5/1`, `2021年5月1日` (全角 too).
fn date_value(text: &str) -> Result<Value, Bad> {
    let t = fold(text.trim());
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.trim().parse().ok()).collect();
    let iso = match nums.as_deref() {
        Some([y, m, d]) if *y >= 1000 => format!("{y:04}-{m:02}-{d:02}"),
        _ => t.clone(),
    };
    iso.parse::<toml::value::Datetime>()
        .ok()
        .filter(|d| d.date.is_some() && d.time.is_none())
        .map(Value::Datetime)
        .ok_or_else(|| {
            bad(
                format!("「{}」は日付として読めません。", text.trim()),
                "2021-05-01 のように年-月-日で書いてください。",
            )
        })
}

/// `YYYY-MM-DD` of a spreadsheet date serial (1900 date system, as Excel and LibreOffice
/// write .xlsx).
fn date_of_serial(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days from 1970-01-01 (serial 25569), then the civil date (Howard Hinnant's method).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(kind: Kind, c: Cell) -> Value {
        parse(kind, &c).unwrap().unwrap()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn numbers_as_staff_type_them() {
        assert_eq!(p(Kind::Num, text("1,234")), Value::Integer(1234));
        assert_eq!(p(Kind::Num, text("１２３４")), Value::Integer(1234));
        assert_eq!(
            p(Kind::Num, text("４，５００，０００")),
            Value::Integer(4_500_000)
        );
        assert_eq!(p(Kind::Num, text(" 12.5 ")), Value::Float(12.5));
        assert_eq!(p(Kind::Num, Cell::Number(94.2)), Value::Float(94.2));
        assert_eq!(
            p(Kind::Int, Cell::Number(1.27319e9)),
            Value::Integer(1_273_190_000)
        );
        assert_eq!(p(Kind::Code, Cell::Number(1.0)), Value::Integer(1));
        assert_eq!(p(Kind::Code, text("4-1-2")), Value::String("4-1-2".into()));
        let e = parse(Kind::Int, &text("12.5")).unwrap_err();
        assert!(e.message.contains("整数"), "{e:?}");
        let e = parse(Kind::Num, &text("約100件")).unwrap_err();
        assert!(e.message.contains("数として読めません"), "{e:?}");
        assert_eq!(parse(Kind::Num, &text("  ")).unwrap(), None);
    }

    #[test]
    fn line_breaks_become_newlines() {
        assert_eq!(
            p(Kind::Prose, text("一行目\r\n二行目\r三行目\n")),
            Value::String("一行目\n二行目\n三行目\n".into())
        );
        assert_eq!(
            p(Kind::List, text("企画課\r\n\n 広報課 \n")),
            Value::Array(vec!["企画課".into(), "広報課".into()])
        );
    }

    #[test]
    fn dates_counts_and_choices() {
        let d = |s: &str| p(Kind::Date, text(s)).to_string();
        assert_eq!(d("2021-05-01"), "2021-05-01");
        assert_eq!(d("2021/5/1"), "2021-05-01");
        assert_eq!(d("２０２１年５月１日"), "2021-05-01");
        assert_eq!(p(Kind::Date, Cell::Date(44317.0)).to_string(), "2021-05-01");
        assert!(parse(Kind::Date, &text("5月")).is_err());
        let c = p(Kind::Counts, text("常勤 = 12\r\n再任用＝４"));
        assert_eq!(
            super::super::toml_out::value(&c),
            "{ \"常勤\" = 12, \"再任用\" = 4 }"
        );
        let words: &'static [&'static str] = &["higher", "lower"];
        assert!(parse(Kind::Choice(words), &text("高い")).is_err());
        assert_eq!(p(Kind::Bool, text("TRUE")), Value::Boolean(true));
    }

    #[test]
    fn shown_values_read_back_the_same() {
        for v in [
            Value::String("a\nb".into()),
            Value::Integer(1_273_190_000),
            Value::Float(94.2),
            Value::Array(vec!["x".into(), "y".into()]),
        ] {
            let kind = match &v {
                Value::String(_) => Kind::Prose,
                Value::Integer(_) => Kind::Int,
                Value::Float(_) => Kind::Num,
                _ => Kind::List,
            };
            let cell = match show(&v) {
                Shown::Text(t) => Cell::Text(t),
                Shown::Number(n) => Cell::Number(n),
            };
            assert_eq!(parse(kind, &cell).unwrap(), Some(v));
        }
    }
}
