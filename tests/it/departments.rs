//! Departments under a department (`parent`: a 課 under its 部) and each department's
//! `[contact]`, as the pages show them: nested under the parent on the departments page
//! and the parent's page, linked up from the child, indented in the top page's and the
//! year's tables; the 問い合わせ先 on the department's page and on plan items' pages.

use crate::common::*;

/// The minimal site with 広報課 (order 5, before 企画部 in site order) under 企画部, its
/// own 広報係 under it, and contacts for 広報課 and 企画部.
fn nested() -> Fixture {
    Fixture::minimal_with(&[
        (
            "content/departments/kikaku/department.toml",
            r#"name = "企画部"
order = 10
units = ["企画課", "広報課"]
former_names = [{ name = "政策推進部", until = 2019 }]

[contact]
phone = "0465-74-2111"
fax = "0465-74-0000"
"#,
        ),
        (
            "content/departments/kouhou/department.toml",
            r#"name = "広報課"
order = 5
parent = "kikaku"

[contact]
phone = "０４６５－７４－２２１１（直通）"
email = "kouhou@city.example.lg.jp"
form = "https://www.city.example.lg.jp/form/kouhou"
note = "平日 8:30〜17:15"
"#,
        ),
        (
            "content/departments/kouhou/2021.toml",
            "kind = \"組織目標\"\n\n[[goals]]\nid = \"sns\"\ntitle = \"SNS の活用\"\nplan = [\"4-1-2\"]\n",
        ),
        (
            "content/departments/kakari/department.toml",
            "name = \"広報係\"\norder = 1\nparent = \"kouhou\"\n",
        ),
    ])
}

#[test]
fn children_are_listed_under_their_parent() {
    let f = nested();
    let out = f.built();
    // Departments page: 企画部's card holds 広報課, then 広報係 (naming its parent); 市民部
    // follows; 広報課 is not a card of its own.
    let doc = page(&out, "departments/index.html");
    assert_eq!(texts(&doc, ".cards > li > h2"), ["企画部", "市民部"]);
    assert_eq!(
        texts(&doc, ".cards > li:first-child .sub-depts > li > h3"),
        ["広報課", "広報係 （広報課）"]
    );
    // The parent's page lists them with links; the child's links up.
    let doc = page(&out, "departments/kikaku/index.html");
    assert_eq!(texts(&doc, "#children-h"), ["企画部に属する課・室のページ"]);
    let links: Vec<String> = doc
        .select(&sel(".sub-depts a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        [
            "../../departments/kouhou/index.html",
            "../../departments/kouhou/2021/index.html",
            "../../departments/kakari/index.html"
        ]
    );
    let doc = page(&out, "departments/kakari/index.html");
    assert_eq!(one_text(&doc, ".parent-dept"), "広報課に属する課・室です。");
    assert_eq!(
        texts(&doc, ".breadcrumbs li"),
        ["トップ", "部局一覧", "企画部", "広報課", "広報係"]
    );
    // Top page and the year's table: the 課 right after its 部, indented and named.
    let doc = page(&out, "index.html");
    assert_eq!(
        texts(&doc, "#depts-h + .table-scroll tbody th"),
        ["企画部", "広報課 （企画部）", "広報係 （広報課）", "市民部"]
    );
    let doc = page(&out, "years/2021/index.html");
    assert_eq!(
        texts(&doc, "#dept-h ~ .table-scroll tbody th"),
        ["企画部", "広報課 （企画部）", "市民部"]
    );
    assert_eq!(doc.select(&sel("th.sub-dept")).count(), 1);
}

#[test]
fn contacts_show_on_the_department_and_plan_item_pages() {
    let f = nested();
    let out = f.built();
    let doc = page(&out, "departments/kouhou/index.html");
    let contact = doc
        .select(&sel("#contact-h + dl.contact"))
        .next()
        .expect("the contact under its heading");
    assert_eq!(
        text(contact),
        "担当広報課電話０４６５－７４－２２１１（直通）メールkouhou@city.example.lg.jpフォーム問い合わせフォーム備考平日 8:30〜17:15"
    );
    let hrefs: Vec<&str> = contact
        .select(&sel("a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [
            "tel:0465742211",
            "mailto:kouhou@city.example.lg.jp",
            "https://www.city.example.lg.jp/form/kouhou"
        ]
    );
    // 市民部 gives none: no section.
    let doc = page(&out, "departments/shimin/index.html");
    assert!(doc.select(&sel("#contact-h")).next().is_none());
    // The plan item both report on: 企画部 (today's name, not 政策推進部) then 広報課.
    let doc = page(&out, "plans/sogo/4-1-2/index.html");
    assert_eq!(
        texts(&doc, ".contacts dl.contact div:first-child dd"),
        ["企画部", "広報課"]
    );
    assert_eq!(
        texts(&doc, ".contacts li:first-child dd"),
        ["企画部", "0465-74-2111", "0465-74-0000"]
    );
}

#[test]
fn a_form_that_is_not_a_web_address_is_not_a_link() {
    let f = nested();
    f.write(&[(
        "content/departments/shimin/department.toml",
        "name = \"市民部\"\norder = 20\n\n[contact]\nform = \"javascript:alert(1)\"\nphone = \"代表へ\"\n",
    )]);
    let out = f.built();
    let doc = page(&out, "departments/shimin/index.html");
    assert_eq!(doc.select(&sel("dl.contact a")).count(), 0);
    assert!(main_text(&doc).contains("javascript:alert(1)"));
    // `check` says so, at the value, in Japanese; a web address is not warned about.
    let run = f.check();
    run.expect_code(0);
    assert!(
        run.stderr.contains("content/departments/shimin/department.toml:5:8:")
            && run.stderr.contains(
                "[contact] の form「javascript:alert(1)」は http:// か https:// で始まる URL ではありません"
            ),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("[contact] の form").count(),
        1,
        "{}",
        run.stderr
    );
}
