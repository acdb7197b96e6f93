//! Names, ids and numbers that look right to staff but would mislead readers (issue #22):
//! negative indicators (人口の社会増減) rated for their direction, one plan item referenced in
//! two spellings, invisible characters and other Unicode compositions in 課 names, images
//! from another host in Markdown, an `init` folder name with line breaks, and the excerpt
//! of a very long line. Each warning is asserted with its message, file and line from
//! `check`; the errors of the same issue are cases of the bad-input corpus
//! (`tests/corpus/`).

use crate::common::*;
use std::ffi::OsStr;
use std::path::Path;

const KIKAKU: &str = "content/departments/kikaku/2021.toml";
const KIKAKU_DEPT: &str = "content/departments/kikaku/department.toml";

/// The baseline's text of `rel` with `from` replaced by `to` (which must be there).
fn baseline_text(rel: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/_baseline")
            .join(rel),
    )
    .unwrap();
    assert!(text.contains(from), "{from:?} not in {rel}");
    text.replacen(from, to, 1)
}

/// `hyoka check` on the site: it must succeed (warnings never stop it); both streams.
fn check(f: &Fixture) -> String {
    let run = f.check();
    run.ok();
    format!("{}{}", run.stdout, run.stderr)
}

/// The warning at `file:line:` whose first line holds every word of `says`, with its
/// source excerpt and hint; panics with the whole output when there is none.
fn warning(out: &str, file: &str, line: usize, says: &[&str]) -> String {
    let head = format!("警告: {file}:{line}:");
    let lines: Vec<&str> = out.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with(&head) && says.iter().all(|w| l.contains(w)) {
            let mut text = l.to_string();
            for more in &lines[i + 1..] {
                if more.starts_with("警告:") || more.starts_with("エラー") {
                    break;
                }
                text.push('\n');
                text.push_str(more);
            }
            return text;
        }
    }
    panic!("no warning at {head} saying {says:?} in:\n{out}");
}

/// The report page of 企画部 for 2021, as built.
fn kikaku_page(out: &Path) -> String {
    std::fs::read_to_string(out.join("departments/kikaku/2021/index.html")).unwrap()
}

/// The row of 防災訓練の参加者数 in the indicator table of `html`: its cells' text.
fn indicator_row(html: &str) -> String {
    let start = html
        .find("防災訓練の参加者数（人）</th>")
        .expect("no indicator row");
    let end = start + html[start..].find("</tr>").unwrap();
    html[start..end].to_string()
}

/// The indicator 防災訓練の参加者数 of the baseline (lines 26–27) as 人口の社会増減.
fn social_change(extra: &str) -> String {
    baseline_text(
        KIKAKU,
        "  target = 1_000\n  actual = 950\n",
        &format!("  target = -100\n  actual = -50\n{extra}"),
    )
}

#[test]
fn a_negative_indicator_without_a_baseline_has_no_rate_and_a_warning() {
    // 人口の社会増減: target −100, actual −50 is met; a ratio would say 50%.
    let f = baseline_with(&[(KIKAKU, &social_change(""))]);
    let out = check(&f);
    let w = warning(&out, KIKAKU, 26, &["負の数", "達成率は出しません"]);
    assert!(w.contains("baseline"), "{w}");
    let row = indicator_row(&kikaku_page(&f.built()));
    assert!(
        !row.contains('%'),
        "a ratio of signed values is shown: {row}"
    );

    // A target on the wrong side of the baseline: no rate either, and a warning.
    f.write(&[(KIKAKU, &social_change("  baseline = 0\n"))]);
    let out = check(&f);
    let w = warning(&out, KIKAKU, 26, &["負の数"]);
    assert!(w.contains("基準値（baseline）以下"), "{w}");
}

#[test]
fn a_negative_indicator_with_a_baseline_is_rated_by_progress() {
    // −500 → −100, actual −50: beyond the target, 112.5% (not 50%, not 未達成).
    let f = baseline_with(&[(KIKAKU, &social_change("  baseline = -500\n"))]);
    let out = check(&f);
    assert!(!out.contains("負の数"), "{out}");
    let html = kikaku_page(&f.built());
    let row = indicator_row(&html);
    assert!(row.contains(">112.5%<"), "no progress rate: {row}");
    assert!(html.contains("目標値-100人に対する達成率は112.5%です"));
}

#[test]
fn one_plan_item_in_two_spellings_is_one_reference_and_a_warning() {
    let text = baseline_text(
        KIKAKU,
        "plan = [\"1-1-1\"]",
        "plan = [\"1-1-1\", \"１－１－１\"]",
    );
    let f = baseline_with(&[(KIKAKU, &text)]);
    let out = check(&f);
    let w = warning(&out, KIKAKU, 19, &["「１－１－１」", "「1-1-1」と同じ項目"]);
    assert!(w.contains("消して"), "{w}");
    // The item's page lists the goal once.
    let out = f.built();
    let item = std::fs::read_to_string(out.join("plans/sogo/1-1-1/index.html")).unwrap();
    assert_eq!(item.matches("地域防災力の向上").count(), 1, "{item}");
}

#[test]
fn invisible_characters_in_unit_names_and_ids_are_flagged() {
    let f = baseline_with(&[
        (
            KIKAKU_DEPT,
            "name = \"企画部\"\norder = 10\nunits = [\"企画課\", \"広報\u{200B}課\"]\n",
        ),
        (
            KIKAKU,
            &baseline_text(KIKAKU, "id = \"koho\"", "id = \"koho\u{202E}\""),
        ),
    ]);
    let out = check(&f);
    let w = warning(
        &out,
        KIKAKU_DEPT,
        3,
        &["「units」", "U+200B ゼロ幅スペース"],
    );
    assert!(w.contains("打ち直して"), "{w}");
    warning(
        &out,
        KIKAKU,
        38,
        &["「id」", "U+202E 文字の向きを変える制御文字"],
    );
}

#[test]
fn unit_names_are_compared_after_nfc() {
    // デジタル課 in units; the goal's 所管課 pasted from a PDF as テ + ゛ … (NFD).
    let f = baseline_with(&[
        (
            KIKAKU_DEPT,
            "name = \"企画部\"\norder = 10\nunits = [\"企画課\", \"広報課\", \"デジタル課\"]\n",
        ),
        (
            KIKAKU,
            &baseline_text(
                KIKAKU,
                "sections = [\"広報課\"]",
                "sections = [\"テ\u{3099}シ\u{3099}タル課\"]",
            ),
        ),
    ]);
    let out = check(&f);
    assert!(!out.contains("（units）にありません"), "{out}");
    // Without the NFC comparison the same text is a different 課 (the warning exists).
    f.write(&[(
        KIKAKU,
        &baseline_text(
            KIKAKU,
            "sections = [\"広報課\"]",
            "sections = [\"デジタノレ課\"]",
        ),
    )]);
    let out = check(&f);
    warning(&out, KIKAKU, 40, &["（units）にありません"]);
}

#[test]
fn images_from_another_host_are_links_and_the_sites_own_are_embedded() {
    let f = baseline_with(&[(
        "content/departments/kikaku/2021.md",
        "# ごあいさつ\n\n![利用者数の推移](https://evil.example/graph.png)\n\n![市役所の地図](../../../images/map.png)\n",
    )]);
    let html = kikaku_page(&f.built());
    let doc = scraper::Html::parse_document(&html);
    let imgs: Vec<String> = doc
        .select(&sel("img"))
        .filter_map(|i| i.value().attr("src").map(str::to_string))
        .collect();
    assert!(!imgs.iter().any(|s| s.contains("evil.example")), "{imgs:?}");
    assert!(
        imgs.iter().any(|s| s == "../../../images/map.png"),
        "{imgs:?}"
    );
    let link = doc
        .select(&sel("a[href='https://evil.example/graph.png']"))
        .next()
        .expect("no link to the image");
    assert_eq!(text(link), "利用者数の推移");
}

#[test]
fn init_with_line_breaks_and_quotes_in_the_folder_name_writes_valid_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("みどり\n野\"市\\\r\t\u{7}");
    hyoka([OsStr::new("init"), dir.as_os_str()]).ok();
    let run = hyoka([OsStr::new("--site"), dir.as_os_str(), OsStr::new("check")]);
    run.ok();
    let site = std::fs::read_to_string(dir.join("site.toml")).unwrap();
    assert!(
        site.contains(r#"city = "みどり\u000A野\"市\\\u000D\u0009\u0007""#),
        "{site}"
    );
}

#[test]
fn an_error_on_a_very_long_line_shows_only_the_part_around_it() {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/very-long-line");
    let run = hyoka([OsStr::new("--site"), site.as_os_str(), OsStr::new("check")]);
    run.expect_code(1);
    // The line is 360 KB; the message, its excerpt and its hint a few hundred bytes.
    assert!(run.stderr.len() < 2_000, "{} bytes", run.stderr.len());
    assert!(
        run.stderr
            .contains("content/departments/kikaku/2021.toml:39:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(" 39 | …広報の充実。"), "{}", run.stderr);
}
