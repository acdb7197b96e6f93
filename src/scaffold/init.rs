//! `hyoka init`: a new site with one department and one fiscal year, ready to edit.

use crate::diag::Diagnostic;
use crate::model::fiscal::FiscalYear;
use chrono::Datelike;
use std::fs;
use std::path::Path;

const SITE: &str = include_str!("init_site/site.toml");
const PLAN: &str = include_str!("init_site/sogo.toml");
const DEPT: &str = include_str!("init_site/department.toml");
const REPORT: &str = include_str!("init_site/report.toml");

/// The JSON Schemas of `schema/` (made from the field catalogue), written into every new
/// site so an editor completes keys and explains them in Japanese without a network: each
/// file's `#:schema` first line points at them by a relative path.
const SCHEMAS: [(&str, &str); 4] = [
    (
        "site.schema.json",
        include_str!("../../schema/site.schema.json"),
    ),
    (
        "department.schema.json",
        include_str!("../../schema/department.schema.json"),
    ),
    (
        "report.schema.json",
        include_str!("../../schema/report.schema.json"),
    ),
    (
        "plan.schema.json",
        include_str!("../../schema/plan.schema.json"),
    ),
];

/// The fiscal year containing today (April to March).
pub fn current_fiscal_year() -> FiscalYear {
    let today = chrono::Local::now().date_naive();
    FiscalYear(if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    })
}

/// Creates a new site in `dir` whose first report is for `year` as typed (`2025`, `令和7`;
/// default: the current fiscal year), and its plan's period starts then. Returns the
/// message to print, or a Japanese error.
pub fn init(dir: &Path, year: Option<&str>) -> Result<String, Diagnostic> {
    let fy = match year {
        None => current_fiscal_year(),
        Some(y) => FiscalYear::parse_typed(y).ok_or_else(|| {
            Diagnostic::message(format!("年度「{y}」が読み取れません。"))
                .hint("西暦（2025）か和暦（令和7、R7）で指定してください。")
        })?,
    };
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(Diagnostic::message(format!(
                "「{}」はすでにあり、空ではありません。既存のファイルを守るため、ひな形は作りませんでした。",
                dir.display()
            ))
            .hint("まだ存在しないフォルダー名を指定してください。"));
        }
    }
    let city = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_ascii())
        .unwrap_or_else(|| "サンプル市".into());
    // The name goes inside TOML "…" strings: a folder named with quotes, backslashes or
    // control characters must still give valid TOML.
    let city: String = city
        .chars()
        .map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            c if c.is_control() => format!("\\u{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect();
    let fill = |s: &str| {
        s.replace("{{CITY}}", &city)
            .replace("{{FY}}", &fy.to_string())
            .replace("{{FY_END}}", &(fy.year() + 9).to_string())
            .replace("{{FY_LABEL}}", &fy.wareki())
    };
    let dept_dir = dir.join("content").join("departments").join("kikaku");
    let plans_dir = dir.join("content").join("plans");
    let write = |p: &Path, s: &str| -> Result<(), Diagnostic> {
        fs::write(p, s).map_err(|e| {
            Diagnostic::message(format!("「{}」を書き込めません（{e}）。", p.display()))
        })
    };
    fs::create_dir_all(&dept_dir).map_err(|e| {
        Diagnostic::message(format!("「{}」を作れません（{e}）。", dept_dir.display()))
    })?;
    fs::create_dir_all(&plans_dir).map_err(|e| {
        Diagnostic::message(format!("「{}」を作れません（{e}）。", plans_dir.display()))
    })?;
    let schema_dir = dir.join("schema");
    fs::create_dir_all(&schema_dir).map_err(|e| {
        Diagnostic::message(format!("「{}」を作れません（{e}）。", schema_dir.display()))
    })?;
    for (name, text) in SCHEMAS {
        write(&schema_dir.join(name), text)?;
    }
    write(&dir.join("site.toml"), &fill(SITE))?;
    write(&plans_dir.join("sogo.toml"), &fill(PLAN))?;
    write(&dept_dir.join("department.toml"), &fill(DEPT))?;
    write(&dept_dir.join(format!("{fy}.toml")), &fill(REPORT))?;
    write(&dir.join(".gitignore"), "output/\n")?;
    Ok(format!(
        "新しいサイトを「{}」に作りました（{}の報告がひとつあります）。\n次は:\n  cd {}\n  hyoka build\nで output/ にサイトが書き出されます。",
        dir.display(),
        fy.wareki(),
        dir.display()
    ))
}
