//! The open-data files' columns: the contract with data users, as `content-format.md` is
//! the contract with staff. `publish::opendata` writes the files with these headers and
//! `data/index.html` documents them from the same lists.

use crate::model::fiscal::FiscalYear;
use serde::Serialize;

/// The licence when site.toml names none: デジタル庁's 公共データ利用規約, which the
/// national guidelines ask cities to use for open data.
pub const DEFAULT_LICENSE: &str = "公共データ利用規約（第1.0版）";

/// Where [`DEFAULT_LICENSE`]'s text is published.
pub const DEFAULT_LICENSE_URL: &str =
    "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0";

/// The first column of every CSV: catalogs join datasets of many cities on it.
const CITY_CODE: Column = col(
    "全国地方公共団体コード",
    "市の全国地方公共団体コード（検査数字を含む 6 桁）。設定されていなければ空欄",
);

/// The second column of every CSV.
const CITY_NAME: Column = col("地方公共団体名", "市の名称");

/// One column of an open-data file: name and what it holds, in Japanese.
#[derive(Serialize, Clone, Copy, Debug)]
pub struct Column {
    /// Column name (the CSV header or the JSON key).
    pub name: &'static str,
    /// What it holds.
    pub description: &'static str,
}

/// A column: its name and what it holds.
pub const fn col(name: &'static str, description: &'static str) -> Column {
    Column { name, description }
}

/// Columns of `data/goals.csv`: one row per goal of every report.
pub const GOALS: &[Column] = &[
    CITY_CODE,
    CITY_NAME,
    col("年度", "年度（西暦の数字。2021 は令和3年度）"),
    col("年度_和暦", "年度の和暦表記（令和3年度）"),
    col("部局ID", "部局の ID（URL に使う英数字）"),
    col("部局名", "その年度の部局名"),
    col("報告の種類", "運営方針、目標宣言など"),
    col("目標ID", "目標の ID。同じ ID は年度をまたいで同じ目標です"),
    col("目標番号", "報告での目標の番号"),
    col("目標名", "目標の名称"),
    col("分野", "目標の分野"),
    col("所管課", "所管課（複数のときは「、」で区切ります）"),
    col("評価", "達成度の評価（原文の記号）。未評価のときは空欄"),
    col("評価ID", "評価の記号を半角英数字にそろえたもの"),
    col("評価の意味", "達成、概ね達成、未評価など"),
    col(
        "評価の出し方",
        concat!(
            "記入（報告に書かれた評価）、",
            derived_label!(),
            "（評価が書かれていない目標に、指標の達成率の平均から求めた参考の評価）、未評価"
        ),
    ),
    col(
        "達成に数える",
        "達成率の「達成」に数える評価なら 1、数えないなら 0、対象外・未評価は空欄",
    ),
    col("指標の数", "この目標の指標の数（indicators.csv の行数）"),
    col(
        "達成目標",
        "今年度の達成目標・取組内容（改行を含むことがあります）",
    ),
    col("達成状況", "達成状況の記述"),
    col(
        "ページ",
        "目標を載せているページの URL（公開先が設定されていれば https:// から始まる URL）",
    ),
];

/// Columns of `data/goal_plans.csv`: one row per reference from a goal to a plan item.
pub const GOAL_PLANS: &[Column] = &[
    CITY_CODE,
    CITY_NAME,
    col("年度", "年度（西暦の数字）"),
    col("年度_和暦", "年度の和暦表記"),
    col("部局ID", "部局の ID"),
    col("目標ID", "目標の ID（goals.csv と同じ）"),
    col("計画ID", "計画の ID（URL に使う英数字）"),
    col("計画名", "計画の名称"),
    col("項目コード", "報告に書かれた項目のコード（原文のまま）"),
    col(
        "項目ID",
        "項目コードをそろえた ID（5-2-① → 5-2-1）。計画にない項目は空欄",
    ),
    col("項目名", "計画の項目の名称"),
];

/// Columns of `data/indicators.csv`: one row per indicator of every goal.
pub const INDICATORS: &[Column] = &[
    CITY_CODE,
    CITY_NAME,
    col("年度", "年度（西暦の数字）"),
    col("年度_和暦", "年度の和暦表記"),
    col("部局ID", "部局の ID"),
    col("部局名", "その年度の部局名"),
    col("目標ID", "目標の ID（goals.csv と同じ）"),
    col("目標名", "目標の名称"),
    col(
        "指標ID",
        "指標の ID。同じ ID は年度をまたいで同じ指標です（ないときは空欄）",
    ),
    col("指標名", "指標の名称"),
    col("単位", "数値の単位（件、円、% など）"),
    col("基準値", "基準値（数値）"),
    col("基準値の時点", "基準値の時点などの注記"),
    col("目標値", "目標値（数値）"),
    col("実績", "実績（数値）。未測定のときは空欄"),
    col("実績の注記", "実績の時点や「見込」などの注記"),
    col(
        "実績は概数",
        "実績が「約」のついた数なら 1、そうでなければ 0",
    ),
    col(
        "良い方向",
        "higher（大きいほど良い）または lower（小さいほど良い）",
    ),
    col(
        "達成率",
        "指標の達成率（%、小数第1位まで）。計算できないときは空欄",
    ),
    col(
        "ページ",
        "指標を載せているページの URL（公開先が設定されていれば https:// から始まる URL）",
    ),
];

/// Columns of `data/extra.csv`: one row per value of the `extra` tables (the columns the
/// source has and the format does not), in the report's order: challenges, goals (each
/// followed by its initiatives and indicators), projects, 中期目標; within an item, in the
/// order the file writes them.
pub const EXTRA: &[Column] = &[
    CITY_CODE,
    CITY_NAME,
    col("年度", "年度（西暦の数字）"),
    col("年度_和暦", "年度の和暦表記"),
    col("部局ID", "部局の ID"),
    col("部局名", "その年度の部局名"),
    col(
        "種類",
        "値が属するもの: 課題、目標、取組、指標、事業、中期目標のどれか",
    ),
    col(
        "ID",
        "値が属するものの ID。課題・目標・事業・中期目標はその ID（goals.csv の目標ID と同じ）。取組は「目標ID/目標の中での順番」（例: bosai/1）。指標は「目標ID/指標ID」、指標に ID がないときは「目標ID/目標の中での順番」（例: bosai/2）。順番は 1 から数えます",
    ),
    col(
        "名称",
        "値が属するものの名称（課題・目標・中期目標の題名、事業名、指標名、取組の見出しか番号）",
    ),
    col(
        "見出し",
        "列の見出し（原典の表の見出し。協働関係先、難易度など）",
    ),
    col("内容", "その列に書かれた内容（改行を含むことがあります）"),
    col(
        "ページ",
        "値を載せているページの URL（取組と指標は、属する目標の場所）",
    ),
];

/// Keys of `data/reports.json`.
pub const REPORTS_JSON: &[Column] = &[
    col(
        "site",
        "サイトの名称（title）、市（city）、全国地方公共団体コード（city_code、設定されていなければ null）、公開先（base_url）",
    ),
    col("license", "データのライセンス（利用条件）"),
    col("reports", "報告の一覧。部局ごと、年度の順"),
    col(
        "reports[].department_id / department",
        "部局の ID と、その年度の部局名",
    ),
    col(
        "reports[].fiscal_year / fiscal_year_wareki",
        "年度（西暦の数字）と和暦表記",
    ),
    col(
        "reports[].kind / title / url",
        "報告の種類、題名、ページの URL",
    ),
    col(
        "reports[].published / updated",
        "公表日と更新日（YYYY-MM-DD、書かれていなければ null）",
    ),
    col(
        "reports[].graded",
        "評価をする報告なら true。計画やプロフィールのように評価のない報告は false で、評価と達成率は null",
    ),
    col(
        "reports[].achievement_rate",
        "達成率（%、小数第1位まで）。評価済みの目標がなければ null（0 ではありません）",
    ),
    col(
        "reports[].goals_achieved / goals_counted / goals_unevaluated / goals_excluded",
        "達成率の分子・分母、未評価・対象外の目標の数",
    ),
    col(
        "departments[]",
        "部局の一覧（部局一覧の順。課・室は属する部局のすぐ後）: id, name（現在の名称）, parent（属する部局の id。なければ null）, contact（問い合わせ先: phone, fax, email, form, note。なければ null）",
    ),
    col(
        "reports[].department_parent",
        "部局が属する部局の id（department.toml の parent）。なければ null",
    ),
    col(
        "reports[].graded",
        "評価のある報告なら true。評価の基準を持たない計画・概要（graded = false）なら false",
    ),
    col(
        "reports[].revisions[]",
        "更新履歴（古い順）: date（YYYY-MM-DD）, note（書かれたとおりの文）",
    ),
    col(
        "reports[].extra_sections[]",
        "原典にあって決まった欄にない節: title, after（どの欄の後に置くか。top は先頭、null は目標の前）, body（書かれたとおりの文）",
    ),
    col(
        "reports[].goals[]",
        "目標: id, number, title, field, sections, challenge（この目標が属する課題の id。なければ null）, grade, grade_id, grade_label, grade_source, plan（計画の項目）, initiatives（取組）, indicators（指標）, extra（独自の列）, url",
    ),
    col(
        "reports[].goals[].initiatives[]",
        "取組: number（原典の番号。なければ null）, title（見出し。なければ null）, aim（達成目標）, extra",
    ),
    col(
        "reports[].goals[].indicators[]",
        "指標: id, name, unit, baseline, target, actual（数値）, baseline_text, target_text, actual_text（数値の代わりに原典に書かれた文。なければ null。率の計算には使いません）, approximate, better, rate, extra",
    ),
    col(
        "reports[].challenges[] / projects[] / midterm[]",
        "課題・事業・中期目標: id, title（事業は name）, extra",
    ),
    col(
        "…extra[]",
        "独自の列（extra.csv と同じ内容）を書かれた順に: label（見出し）, text（書かれたとおりの内容）",
    ),
];

/// Columns of `data/catalog.csv`: one row per file of the site-wide open data, in the
/// columns municipal CMS and prefectural catalogs import.
pub const CATALOG: &[Column] = &[
    col(
        "データセット_タイトル",
        "データセットの名称（サイト名とファイルの内容）",
    ),
    col("データセット_概要", "データセットの説明"),
    col(
        "データセット_キーワード",
        "キーワード（複数のときは「,」で区切ります）",
    ),
    col(
        "データセット_最終更新日",
        "報告の更新日のうち最も新しい日（YYYY-MM-DD）。わからなければ空欄",
    ),
    col("データセット_更新頻度", "更新の頻度（年1回）"),
    col("ファイル_タイトル", "ファイルの名称"),
    col(
        "ファイル_ダウンロードURL",
        "ファイルの URL（公開先が設定されていれば https:// から始まる URL、なければサイトの中の場所）",
    ),
    col("ファイル_形式", "CSV または JSON"),
    col("ファイル_ライセンス", "ファイルのライセンス（利用条件）"),
    CITY_CODE,
    CITY_NAME,
];

/// One file of the site-wide open data, as the data page and `data/catalog.csv`
/// describe it.
#[derive(Serialize, Clone, Copy, Debug)]
pub struct DataFile {
    /// File name under `data/`.
    pub name: &'static str,
    /// What the file is, as a title.
    pub title: &'static str,
    /// What it holds, in a sentence or two.
    pub about: &'static str,
    /// Catalog keywords, separated by `,`.
    pub keywords: &'static str,
    /// Its columns (or JSON keys).
    pub columns: &'static [Column],
}

impl DataFile {
    /// `CSV` or `JSON`, as catalogs name formats.
    pub fn format(&self) -> &'static str {
        if self.name.ends_with(".json") {
            "JSON"
        } else {
            "CSV"
        }
    }
}

/// The site-wide open-data files, in the order the data page and the catalog list them.
pub const FILES: &[DataFile] = &[
    DataFile {
        name: "goals.csv",
        title: "目標の一覧",
        about: "すべての報告の目標を 1 行に 1 つずつ。評価と達成に数えるかどうかを含みます。",
        keywords: "行政評価,目標,評価,達成率",
        columns: GOALS,
    },
    DataFile {
        name: "indicators.csv",
        title: "指標の一覧",
        about: "目標の指標（目標値と実績）を 1 行に 1 つずつ。",
        keywords: "行政評価,指標,目標値,実績",
        columns: INDICATORS,
    },
    DataFile {
        name: "goal_plans.csv",
        title: "目標と計画の項目の対応",
        about: "目標が関わる計画の項目を 1 行に 1 つずつ（1 つの目標が複数の項目に関わることがあります）。",
        keywords: "行政評価,総合計画,目標",
        columns: GOAL_PLANS,
    },
    DataFile {
        name: "extra.csv",
        title: "独自の列の一覧",
        about: "原典の表にあって決まった項目にない列（協働関係先、難易度、目標達成時期など）の値を 1 行に 1 つずつ。課題・目標・取組・指標・事業・中期目標のどれの値かと、その ID を含みます。",
        keywords: "行政評価,目標,独自の列",
        columns: EXTRA,
    },
    DataFile {
        name: "reports.json",
        title: "報告（JSON）",
        about: "報告ごとに、達成率、目標、指標、計画の項目をまとめた JSON です（報告は 1 行に 1 件）。",
        keywords: "行政評価,目標,指標,達成率",
        columns: REPORTS_JSON,
    },
];

/// `data/catalog.csv`, described like the files it lists (it does not list itself).
pub const CATALOG_FILE: DataFile = DataFile {
    name: "catalog.csv",
    title: "カタログ情報",
    about: "上の各ファイルを、都道府県や国のオープンデータカタログ、自治体の CMS にそのまま登録できる形で説明した CSV です（1 行に 1 ファイル）。",
    keywords: "",
    columns: CATALOG,
};

/// The folder of one report's own CSV files (`goals.csv`, `indicators.csv` and, when the
/// report has `extra` values, `extra.csv`: the rows of that report only), relative to the output folder: `data/reports/<部局ID>/<年度>/`.
pub fn report_files_dir(dept: &str, year: FiscalYear) -> String {
    let mut y = itoa::Buffer::new();
    ["data/reports/", dept, "/", y.format(year.year()), "/"].concat()
}

/// What a grade column holds on a site whose reports are not graded (`graded = false`).
const UNGRADED_COLUMN: &str = "このサイトの報告には評価がないため空欄です（ほかの自治体のデータと列をそろえるために残しています）";

/// How the data page describes column `c` on a site whose reports are not graded: the
/// same columns (files of every city stay comparable), the grade columns said to be empty,
/// and no word of a grade scale.
pub fn ungraded_column(c: &Column) -> Column {
    match c.name {
        "評価" | "評価ID" | "評価の意味" | "評価の出し方" | "達成に数える" => {
            col(c.name, UNGRADED_COLUMN)
        }
        "reports[].achievement_rate" => col(c.name, "評価がないため null"),
        "reports[].graded" => col(c.name, "評価がないため false"),
        "reports[].goals_achieved / goals_counted / goals_unevaluated / goals_excluded" => {
            col(c.name, "評価がないため 0")
        }
        "達成率" => col(
            c.name,
            "指標の実績の目標値に対する割合（%、小数第1位まで）。計算できないときは空欄",
        ),
        _ => *c,
    }
}

/// What file `f` holds, as [`DataFile::about`] says it, on a site whose reports are not
/// graded.
pub fn ungraded_about(f: &DataFile) -> &'static str {
    match f.name {
        "goals.csv" => "すべての報告の目標を 1 行に 1 つずつ。",
        "reports.json" => {
            "報告ごとに、目標、指標、計画の項目をまとめた JSON です（報告は 1 行に 1 件）。"
        }
        _ => f.about,
    }
}
