//! `hyoka diff` on a real git repository made in a temporary folder: the exact lines it
//! prints between commits, against the working tree and against the index, and its
//! refusals (outside a repository, an unknown revision, a version with errors).

use crate::common::*;
use std::path::Path;
use std::process::Command;

const SITE: &str = "title = \"差分市 部局運営方針\"\ncity = \"差分市\"\nyear_style = \"wareki\"\nprimary_plan = \"sogo\"\n";

const PLAN: &str = r#"name = "差分市総合計画"
short = "総合計画"
levels = ["基本目標", "施策"]
separator = "-"

[[items]]
code = "1"
title = "暮らしやすいまち"

[[items]]
code = "1-1"
title = "便利な窓口"
"#;

const KIKAKU: &str = r#"kind = "目標宣言"

[[goals]]
id = "renkei"
title = "大学との連携"
grade = "A"
"#;

const SHIMIN_BEFORE: &str = r#"kind = "目標宣言"
policy = "市民の声を聞きます。"

[[goals]]
id = "madoguchi"
title = "窓口の改善"
grade = "B"
results = "待ち時間を5分短くしました。"
plan = ["1-1"]

  [[goals.indicators]]
  id = "machi"
  name = "平均待ち時間"
  unit = "分"
  target = 15
  actual = 20
  better = "lower"

[[goals]]
id = "kouhou"
title = "広報の充実"
grade = "C"

[[goals]]
id = "haishi"
title = "やめる目標"
grade = "D"
"#;

const SHIMIN_AFTER: &str = r#"kind = "目標宣言"
policy = "市民の声を聞きます。"

[[goals]]
id = "madoguchi"
title = "窓口の改善"
grade = "A"
results = "待ち時間を8分短くしました。"
plan = ["1"]

  [[goals.indicators]]
  id = "machi"
  name = "平均待ち時間"
  unit = "分"
  target = 15
  actual = 12
  better = "lower"

[[goals]]
id = "kouhou"
title = "広報とSNSの充実"
grade = "C"

[[goals]]
id = "dejitaru"
title = "手続のデジタル化"
grade = "B"
"#;

/// git in `dir`, with a fixed identity and none of the user's settings; panics on failure.
fn git(dir: &Path, args: &[&str]) {
    git_at(dir, None, args);
}

fn has_git() -> bool {
    Command::new("git").arg("--version").output().is_ok()
}

/// A repository whose `site/` folder holds the site; two commits: the first version,
/// then a grade, an actual, a title, a prose field and a plan link changed, a goal
/// added and one removed.
fn repo() -> Fixture {
    let fx = Fixture::new(&[
        ("site.toml", SITE),
        ("content/plans/sogo.toml", PLAN),
        (
            "content/departments/kikaku/department.toml",
            "name = \"企画部\"\norder = 10\n",
        ),
        ("content/departments/kikaku/2024.toml", KIKAKU),
        (
            "content/departments/shimin/department.toml",
            "name = \"市民部\"\norder = 20\n",
        ),
        ("content/departments/shimin/2024.toml", SHIMIN_BEFORE),
    ]);
    let root = fx.tmp.path();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "最初の版"]);
    fx.write(&[("content/departments/shimin/2024.toml", SHIMIN_AFTER)]);
    git(root, &["commit", "-q", "-a", "-m", "実績を更新"]);
    fx
}

fn diff(fx: &Fixture, args: &[&str]) -> Run {
    let mut all = vec!["--site", fx.site.to_str().unwrap(), "diff"];
    all.extend(args);
    hyoka(all)
}

const SHIMIN_CHANGES: &str = "市民部　令和6年度
  ・目標「窓口の改善」の評価 B → A
  ・目標「窓口の改善」の指標「平均待ち時間」の実績 20分 → 12分（達成率 75.0% → 125.0%）
  ・目標「窓口の改善」の「取組実績」を変更: 「待ち時間を5分短くしました。」 → 「待ち時間を8分短くしました。」
  ・目標「窓口の改善」の関連する計画に「総合計画 1 暮らしやすいまち」を追加
  ・目標「窓口の改善」の関連する計画から「総合計画 1-1 便利な窓口」を削除
  ・目標「広報の充実」の名前を「広報とSNSの充実」に変更
  ・目標「手続のデジタル化」を追加（評価 B）
  ・目標「やめる目標」を削除（評価 D）
  ・部局の達成率: 33.3% → 66.7%

市全体の達成率
  ・令和6年度: 50.0% → 75.0%
";

#[test]
fn between_two_commits_every_kind_of_change_is_said_in_words() {
    if !has_git() {
        eprintln!("git がないため省略します");
        return;
    }
    let fx = repo();
    let run = diff(&fx, &["HEAD~1"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!("比べた版: HEAD~1 → 作業中のファイル\n\n{SHIMIN_CHANGES}")
    );
    let run = diff(&fx, &["HEAD~1", "HEAD"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!("比べた版: HEAD~1 → HEAD\n\n{SHIMIN_CHANGES}")
    );
    // The working tree is the last commit: nothing changed.
    let run = diff(&fx, &[]);
    run.ok();
    assert_eq!(
        run.stdout,
        "比べた版: HEAD → 作業中のファイル\n\n変更はありません。\n"
    );
}

#[test]
fn markdown_has_headings_per_department_and_report() {
    if !has_git() {
        return;
    }
    let fx = repo();
    let run = diff(&fx, &["HEAD~1", "HEAD", "--format", "markdown"]);
    run.ok();
    assert_eq!(
        run.stdout,
        "# 報告の変更（HEAD\\~1 → HEAD）

## 市民部

### 令和6年度

- 目標「窓口の改善」の評価 B → A
- 目標「窓口の改善」の指標「平均待ち時間」の実績 20分 → 12分（達成率 75.0% → 125.0%）
- 目標「窓口の改善」の「取組実績」を変更: 「待ち時間を5分短くしました。」 → 「待ち時間を8分短くしました。」
- 目標「窓口の改善」の関連する計画に「総合計画 1 暮らしやすいまち」を追加
- 目標「窓口の改善」の関連する計画から「総合計画 1-1 便利な窓口」を削除
- 目標「広報の充実」の名前を「広報とSNSの充実」に変更
- 目標「手続のデジタル化」を追加（評価 B）
- 目標「やめる目標」を削除（評価 D）
- 部局の達成率: 33.3% → 66.7%

## 市全体の達成率

- 令和6年度: 50.0% → 75.0%
"
    );
}

#[test]
fn an_ungraded_report_has_no_rates_or_grades_not_even_unevaluated() {
    if !has_git() {
        return;
    }
    // The same change on a site that does not grade (site.toml graded = false).
    let fx = repo();
    fx.write(&[
        ("site.toml", &format!("{SITE}graded = false\n")),
        ("content/departments/shimin/2024.toml", SHIMIN_BEFORE),
    ]);
    git(fx.tmp.path(), &["commit", "-q", "-a", "-m", "評価しない"]);
    fx.write(&[("content/departments/shimin/2024.toml", SHIMIN_AFTER)]);
    let run = diff(&fx, &[]);
    run.ok();
    assert_eq!(
        run.stdout,
        "比べた版: HEAD → 作業中のファイル

市民部　令和6年度
  ・目標「窓口の改善」の指標「平均待ち時間」の実績 20分 → 12分（目標比 75.0% → 125.0%）
  ・目標「窓口の改善」の「取組実績」を変更: 「待ち時間を5分短くしました。」 → 「待ち時間を8分短くしました。」
  ・目標「窓口の改善」の関連する計画に「総合計画 1 暮らしやすいまち」を追加
  ・目標「窓口の改善」の関連する計画から「総合計画 1-1 便利な窓口」を削除
  ・目標「広報の充実」の名前を「広報とSNSの充実」に変更
  ・目標「手続のデジタル化」を追加
  ・目標「やめる目標」を削除
"
    );
    // One report graded again (its own graded = true): its grades and rate come back,
    // and the side that had none says 評価なし.
    fx.write(&[(
        "content/departments/shimin/2024.toml",
        &SHIMIN_AFTER.replace(
            "kind = \"目標宣言\"\n",
            "kind = \"目標宣言\"\ngraded = true\n",
        ),
    )]);
    let run = diff(&fx, &[]);
    run.ok();
    assert!(
        run.stdout
            .contains("目標「窓口の改善」の評価 評価なし → A\n")
            && run.stdout.contains("（達成率 75.0% → 125.0%）")
            && run
                .stdout
                .contains("目標「手続のデジタル化」を追加（評価 B）\n")
            && run.stdout.contains("部局の達成率: 評価なし → 66.7%\n")
            && run
                .stdout
                .contains("市全体の達成率\n  ・令和6年度: 評価なし → 66.7%\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("未評価"), "{}", run.stdout);
}

#[test]
fn working_tree_and_staged_changes_are_told_apart() {
    if !has_git() {
        return;
    }
    let fx = repo();
    let root = fx.tmp.path();
    // Staged: 企画部's grade. Not staged: 市民部's policy, and a new plan file.
    fx.write(&[(
        "content/departments/kikaku/2024.toml",
        &KIKAKU.replace("grade = \"A\"", "grade = \"C\""),
    )]);
    git(root, &["add", "site/content/departments/kikaku/2024.toml"]);
    fx.write(&[
        (
            "content/departments/shimin/2024.toml",
            &SHIMIN_AFTER.replace("市民の声を聞きます。", "市民の声を丁寧に聞きます。"),
        ),
        (
            "content/plans/gyokaku.toml",
            "name = \"行財政改革プラン\"\n",
        ),
    ]);
    let index_before = std::fs::read(root.join(".git/index")).unwrap();

    let kikaku = "企画部　令和6年度
  ・目標「大学との連携」の評価 A → C
  ・部局の達成率: 100.0% → 0.0%
";
    let run = diff(&fx, &[]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!(
            "比べた版: HEAD → 作業中のファイル

{kikaku}
市民部　令和6年度
  ・「基本方針」を変更: 「市民の声を聞きます。」 → 「市民の声を丁寧に聞きます。」
  ・部局の達成率: 66.7%（変わりません）

市全体の達成率
  ・令和6年度: 75.0% → 50.0%

報告のほかのファイル
  ・content/plans/gyokaku.toml を追加
"
        )
    );
    let run = diff(&fx, &["--staged"]);
    run.ok();
    assert_eq!(
        run.stdout,
        format!(
            "比べた版: HEAD → ステージした内容（git add 済み）

{kikaku}
市全体の達成率
  ・令和6年度: 75.0% → 50.0%
"
        )
    );
    // Neither run touched the index.
    assert_eq!(
        std::fs::read(root.join(".git/index")).unwrap(),
        index_before
    );
}

#[test]
fn refusals_are_in_japanese() {
    if !has_git() {
        return;
    }
    // Outside a repository.
    let plain = Fixture::new(&[("site.toml", SITE)]);
    let run = diff(&plain, &[]);
    run.expect_code(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        format!(
            "エラー: {} は git のリポジトリの中にありません。hyoka diff は git で管理しているサイトの版どうしを比べます。\n",
            plain.site.display()
        )
    );

    let fx = repo();
    let run = diff(&fx, &["no-such-branch"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "エラー: 「no-such-branch」という版（コミット）が見つかりません。`git log --oneline` で版の名前を確かめてください。\n"
    );
    let run = diff(&fx, &["HEAD~1", "HEAD", "--staged"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--staged と 2 つめの版"),
        "{}",
        run.stderr
    );

    // A version with errors is not compared: which version, and the messages.
    fx.write(&[("content/departments/shimin/2024.toml", "kind = \n")]);
    let run = diff(&fx, &[]);
    run.expect_code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with("作業中のファイル の版にエラーが 1 件あるため、比べられません。"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/departments/shimin/2024.toml"),
        "{}",
        run.stderr
    );
}

/// [`git`], with the author and committer date set to `date` when given.
fn git_at(dir: &Path, date: Option<&str>, args: &[&str]) {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "hyoka")
        .env("GIT_AUTHOR_EMAIL", "hyoka@example.jp")
        .env("GIT_COMMITTER_NAME", "hyoka")
        .env("GIT_COMMITTER_EMAIL", "hyoka@example.jp");
    if let Some(date) = date {
        cmd.env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = cmd.output().expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn report_pages_list_the_dates_their_files_changed() {
    if !has_git() {
        return;
    }
    let fx = Fixture::minimal();
    let root = fx.site.as_path();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git_at(
        root,
        Some("2024-05-01T10:00:00+09:00"),
        &["commit", "-q", "-m", "公表"],
    );
    let report = root.join("content/departments/kikaku/2021.toml");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "一年を振り返りました。",
            "一年を振り返り、実績を書き加えました。",
        ),
    )
    .unwrap();
    git(root, &["add", "-A"]);
    git_at(
        root,
        Some("2024-06-21T10:00:00+09:00"),
        &["commit", "-q", "-m", "実績"],
    );
    let out = fx.built();
    let doc = page(&out, "departments/kikaku/2021/index.html");
    let meta = one_text(&doc, ".meta");
    assert!(
        meta.contains("更新履歴") && meta.contains("令和6年6月21日、令和6年5月1日"),
        "{meta}"
    );
    // A report changed once has no list: its one date is the 更新日.
    let shimin = page(&out, "departments/shimin/2021/index.html");
    assert!(!one_text(&shimin, ".meta").contains("更新履歴"));
}
