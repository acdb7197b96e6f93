//! What staff write cannot break out: raw HTML, plan codes as folder names, theme overrides.

use super::*;

#[test]
fn raw_html_in_markdown_is_escaped_by_default() {
    let fx = Fixture::minimal_with(&[("content/departments/kikaku/2021.md", HOSTILE_MD)]);
    let out = fx.built();
    let doc = page(&out, "departments/kikaku/2021/index.html");
    assert_no_script(&doc);
    let msg = section(&doc, "部長メッセージ");
    assert_eq!(
        msg.select(&sel("b, img")).count(),
        0,
        "raw HTML passed: {}",
        msg.html()
    );
    // Shown as the text the author typed.
    assert!(
        text(msg).contains("<script>alert(1)</script>"),
        "{}",
        text(msg)
    );
    assert!(text(msg).contains("<b>太字</b>"), "{}", text(msg));
}

#[test]
fn allow_html_lets_safe_tags_through_and_strips_script() {
    let site = format!("{}allow_html = true\n", MINIMAL[0].1);
    let fx = Fixture::minimal_with(&[
        ("site.toml", site.as_str()),
        ("content/departments/kikaku/2021.md", HOSTILE_MD),
    ]);
    let out = fx.built();
    let doc = page(&out, "departments/kikaku/2021/index.html");
    assert_no_script(&doc);
    let msg = section(&doc, "部長メッセージ");
    let b: Vec<String> = msg.select(&sel("b")).map(text).collect();
    assert_eq!(b, ["太字"]);
    assert!(
        !text(msg).contains("alert(1)"),
        "script content leaked as text: {}",
        text(msg)
    );
}

#[test]
fn plan_item_codes_cannot_escape_their_plan_folder() {
    let plan = format!(
        "{}\n[[items]]\ncode = \"..\"\ntitle = \"ドット\"\n",
        MINIMAL[1].1
    );
    let fx = Fixture::minimal_with(&[("content/plans/sogo.toml", plan.as_str())]);
    let run = fx.build();
    if run.code == 0 {
        let out = fx.out();
        assert_eq!(one_text(&page(&out, "plans/index.html"), "h1"), "計画一覧");
        assert_eq!(
            one_text(&page(&out, "plans/sogo/index.html"), "h1"),
            "第1次テスト市総合計画"
        );
    } else {
        // Refusing the code with a message is fine too.
        run.expect_code(1);
        assert!(
            run.stderr.contains("content/plans/sogo.toml:"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn theme_overrides_templates_and_copies_static_files() {
    let fx = Fixture::minimal_with(&[
        (
            "themes/hyoka/templates/404.html",
            "<!DOCTYPE html><html lang=\"ja\"><head><title>x</title></head><body><h1>独自の404ページ</h1></body></html>",
        ),
        (
            "themes/hyoka/static/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("themes/hyoka/static/.secret", "do not publish"),
    ]);
    let out = fx.built();
    assert_eq!(one_text(&page(&out, "404.html"), "h1"), "独自の404ページ");
    assert!(out.join("img/logo.svg").is_file());
    assert!(
        !out.join(".secret").exists(),
        "hidden files are not published"
    );
    // The built-in templates still serve the other pages.
    assert_eq!(
        one_text(&page(&out, "departments/index.html"), "h1"),
        "部局一覧"
    );
}
