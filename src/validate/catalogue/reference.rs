//! The Japanese field reference for staff (`docs/fields.md`, 「原稿の書き方」), made from the
//! catalogue so every key the validator accepts is explained, with its example, once.

use super::{FileKind, Table, Ty, tables};
use std::fmt::Write as _;

/// The text of `docs/fields.md`.
pub fn field_reference() -> String {
    let mut o = String::new();
    o.push_str(INTRO);
    for file in FileKind::ALL {
        let _ = write!(o, "\n## {}（`{}`）\n", file.label(), file.path());
        if file == FileKind::Report {
            o.push_str("\n同じ年度の `<年度>.md` の先頭に `+++` の行ではさんで、ここにある項目を書くこともできます（front matter）。両方にあるときは `.md` のほうが使われます。`+++` の下の本文は部長メッセージになります。\n");
        }
        for t in tables().iter().filter(|t| t.file == file) {
            table(&mut o, t);
        }
    }
    o.push_str(RATES);
    o
}

fn table(o: &mut String, t: &Table) {
    let _ = write!(o, "\n### {} — {}\n\n", t.header(), t.label);
    let _ = writeln!(o, "サイトでの表示: {}", t.shown);
    if let Some(same) = tables()
        .iter()
        .take_while(|u| !std::ptr::eq(*u, t))
        .find(|u| std::ptr::eq(u.fields, t.fields))
    {
        let _ = writeln!(
            o,
            "\n項目は {}（{}）と同じです。",
            same.header(),
            same.label
        );
        return;
    }
    o.push_str("\n| 項目 | 呼び名 | 種類 | 必須 | 説明 | 例 |\n|---|---|---|---|---|---|\n");
    for f in t.fields {
        let mut about = f.about.to_string();
        if let Ty::Choice(words) = f.ty {
            let _ = write!(about, "（{}）", words.join(" / "));
        }
        if !f.shown.is_empty() {
            let _ = write!(about, " 表示: {}。", f.shown);
        }
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} | {} | `{}` |",
            f.key,
            f.label,
            f.ty.japanese(),
            if f.required { "必須" } else { "" },
            cell(&about),
            cell(f.example)
        );
    }
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

const INTRO: &str = "# 原稿の書き方（項目の一覧）

市の職員が書く原稿（`site.toml`・`department.toml`・年度ごとの報告・計画）に書ける項目を、すべて日本語で説明します。
この文書は hyoka の項目カタログ（`src/validate/catalogue/`）から作られています。手で直さず、カタログを直して
`HYOKA_UPDATE_SCHEMA=1 cargo test --test it catalogue` で作り直してください（エディター用の `schema/` も同時に作り直されます）。
開発者向けの英語の仕様は [content-format.md](content-format.md) です。

## 書き方の基本

- 1 行に `項目 = 値` と書きます。文字列は `\"…\"` で囲み、何行にもわたる文章は `\"\"\"` と `\"\"\"` ではさみます。文章（Markdown）の欄では段落・箇条書き「- 」・表が使えます。
- 数は `4_500_000` のように `_` で区切れます（`4,500,000` とは書けません）。日付は `2021-05-01`、年度は始まる年の西暦（令和3年度なら `2021`）です。
- `[[goals]]` のように角かっこ二重の見出しは、同じ見出しを何度でも並べられる表です（目標をひとつずつ）。`[[goals.indicators]]` はその直前の目標に属します。
- `#` から行末まではコメントで、読み込まれません。
- 必須の項目がないとき、項目名を書き間違えたとき、`hyoka check` がファイル名・行と直し方を示します。

## エディターで補完する

VS Code に拡張機能「Even Better TOML」を入れると、項目名の補完と、項目にカーソルを当てたときの日本語の説明が使えます。
`hyoka init` で作ったサイトには `schema/` フォルダーがあり、各ファイルの 1 行目の `#:schema ../../../schema/report.schema.json`
のような行がそこを指します（サイトの中のファイルを指すので、インターネットにつながらない庁内のパソコンでも使えます）。
`hyoka new report` は、サイトに `schema/` があるときだけこの行を書きます。以前からあるサイトでは、hyoka のリポジトリーの
`schema/` フォルダーをサイトに写してから、ファイルの 1 行目に同じ行を書いてください（行がなくても hyoka は読めます）。
";

const RATES: &str = "
## 達成率の決まり

- **指標の達成率**: 大きいほど良い指標は「実績 ÷ 目標値」、小さいほど良い指標（`better = \"lower\"`）は「目標値 ÷ 実績」を百分率にします。小数第1位まで示し（94.2%）、100% を超えてもそのまま示します。
- 小さいほど良い指標で目標値が 0（事故ゼロなど）のときは、実績が 0 なら 100.0%、そうでなければ 0.0% です。目標値が正で実績が 0 なら 100.0% です。大きいほど良い指標の目標値が 0 のときは計算できないので、エラーになります。
- **目標の評価**: 書いた `grade` を使います。書いていないときは、指標がすべて測定済みなら、指標の達成率の平均が `min_rate` 以上になる一番上の評価とします（「参考：指標から算出」と添えて示し、報告に書かれた評価と区別します）。site.toml に `derive_grades = false` と書くと、この算出をせず、評価を書いていない目標は「未評価」になります。
- **報告の達成率**: 評価のある目標のうち、`achieved` に入っている評価（標準では A と B）の目標の割合です。`counted = false` の評価（標準では E 未実施）は数えません。評価のない目標は「未評価」で、分母に入れません。分母が 0 のときは 0.0% ではなく「未評価」と示します。
- 平均が 69.96% なら 70% とはみなしません（四捨五入する前の値で比べます）。
- 計画の項目ごと（その年度にその項目に結び付いた目標すべて）と、年度ごと（すべての部局）も同じ決まりで計算します。
- 率はすべて小数第1位まで（66.7%、100.0%）、金額と人数は 3 桁ごとの区切り付き（1,273,190,000円）で示します。グラフは同じ数を描き、同じ数を文と表でも示します。報告のない年度や、目標がすべて未評価の年度は、グラフでは 0% ではなく空白になります。
";
