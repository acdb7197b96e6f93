//! The open-data files' columns: the contract with data users, as `content-format.md` is
//! the contract with staff. `publish::opendata` writes the files with these headers and
//! `data/index.html` documents them from the same lists.

use serde::Serialize;

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
        "記入（報告に書かれた評価）、指標から算出、未評価",
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
    col("ページ", "目標を載せているページの URL"),
];

/// Columns of `data/goal_plans.csv`: one row per reference from a goal to a plan item.
pub const GOAL_PLANS: &[Column] = &[
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
    col("ページ", "指標を載せているページの URL"),
];

/// Keys of `data/reports.json`.
pub const REPORTS_JSON: &[Column] = &[
    col(
        "site",
        "サイトの名称（title）、市（city）、公開先（base_url）",
    ),
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
        "reports[].achievement_rate",
        "達成率（%、小数第1位まで）。評価済みの目標がなければ null（0 ではありません）",
    ),
    col(
        "reports[].goals_achieved / goals_counted / goals_unevaluated / goals_excluded",
        "達成率の分子・分母、未評価・対象外の目標の数",
    ),
    col(
        "reports[].goals[]",
        "目標: id, number, title, field, sections, grade, grade_id, grade_label, grade_source, plan（計画の項目）, indicators（指標）, url",
    ),
];
