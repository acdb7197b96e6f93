//! The workbook's two sheets about itself: 説明 (what to fill in and how to hand it back,
//! in Japanese) and the hidden 情報 (which site, department and year it belongs to, read
//! back by `import`).

use super::Info;
use super::layout::{self, HELP_SHEET, INFO_SHEET};
use crate::model::fiscal::FiscalYear;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// The first cell of the 情報 sheet, which says the workbook is hyoka's.
pub const FORMAT_MARK: &str = "hyoka 報告ブック 1";

/// Writes the 説明 sheet.
pub fn write_help(ws: &mut Worksheet, info: &Info) -> Result<(), XlsxError> {
    ws.set_name(HELP_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let sheets: Vec<String> = layout::sheets().iter().map(|s| s.name.clone()).collect();
    let lines = [
        format!(
            "{}　{}の報告（{}）",
            info.dept_name,
            info.year.wareki(),
            info.site
        ),
        String::new(),
        format!("もとにしたもの: {}", info.from),
        String::new(),
        "書き方".to_string(),
        format!(
            "・「{}」シートに報告全体の項目（種類、題名、部局長、基本方針、予算など）を 1 行に 1 項目ずつ書きます。「値」の列に書きます。",
            layout::REPORT_SHEET
        ),
        format!(
            "・{} の各シートには 1 行に 1 件ずつ書きます。下の空いている行に書き足せます。途中に空の行があっても構いません。",
            sheets.join("・")
        ),
        "・取組・指標のシートの左端の列（目標ID）には、その行が属する目標の目標ID（重点目標シートの目標ID）を書きます。".to_string(),
        "・黄色の欄は年度末に書く欄です（取組実績、達成状況、評価、実績など）。".to_string(),
        "・評価、所管課、関連する計画などは、セルを選ぶと出る一覧から選べます。所管課や計画が複数のときは Alt+Enter で改行して 1 行に 1 つずつ書きます。".to_string(),
        "・数は数字だけを書きます（1,234 や全角の数字も読み取ります）。単位は「単位」の列に書きます。日付は 2021-05-01 のように書きます。".to_string(),
        "・文章の中の改行（Alt+Enter）はそのまま改行として残ります。Markdown（箇条書きの - など）も使えます。".to_string(),
        "・見出しの行、2 行目の灰色のキー、この説明のシートは変えないでください（シートは保護しています。パスワードはありません）。".to_string(),
        String::new(),
        "取り込み方".to_string(),
        "・保存したら、サイトのフォルダーで次のように実行します。".to_string(),
        "　　hyoka import このファイル.xlsx".to_string(),
        "・まず --dry-run を付けると、書き込まずに点検と変更点の表示だけを行います。".to_string(),
        "・誤りがあれば「重点目標!F12」のようにシートとセルを示して、すべての誤りを一度に表示します。そのときは何も書き込みません。".to_string(),
        format!(
            "・取り込むと content/departments/{}/{}.toml を書き直します（コメントは残りません）。{}.md（部長メッセージなど）はそのまま残ります。",
            info.dept,
            info.year.year(),
            info.year.year()
        ),
        "・取り込んだ後は hyoka serve でページを確かめてください。".to_string(),
    ];
    ws.set_column_width(0, 100)?;
    for (r, line) in lines.iter().enumerate() {
        ws.set_row_height(r as u32, super::export::height(&[(line.clone(), 100.0)]))?;
        let f = if r == 0 || line == "書き方" || line == "取り込み方" {
            &title
        } else {
            &wrap
        };
        ws.write_string_with_format(r as u32, 0, line, f)?;
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    ws.protect();
    Ok(())
}

/// Writes the hidden 情報 sheet.
pub fn write_info(ws: &mut Worksheet, info: &Info) -> Result<(), XlsxError> {
    ws.set_name(INFO_SHEET)?;
    let rows = [
        ("形式", FORMAT_MARK.to_string()),
        ("サイト", info.site.clone()),
        ("部局", info.dept.clone()),
        ("部局名", info.dept_name.clone()),
        ("年度", info.year.year().to_string()),
        ("年度（和暦）", info.year.wareki()),
        ("もとにしたもの", info.from.clone()),
    ];
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 60)?;
    for (r, (k, v)) in rows.iter().enumerate() {
        ws.write_string(r as u32, 0, *k)?;
        ws.write_string(r as u32, 1, v)?;
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}

/// The site, department and year recorded in a 情報 sheet, given its rows as
/// (label, value) text; `None` when it is not one `export` wrote.
pub fn read_info(rows: &[(String, String)]) -> Option<Info> {
    let get = |k: &str| {
        rows.iter()
            .find(|(l, _)| l == k)
            .map(|(_, v)| v.trim().to_string())
    };
    if get("形式")? != FORMAT_MARK {
        return None;
    }
    Some(Info {
        site: get("サイト")?,
        dept: get("部局")?,
        dept_name: get("部局名").unwrap_or_default(),
        year: FiscalYear(get("年度")?.parse().ok()?),
        from: get("もとにしたもの").unwrap_or_default(),
    })
}
