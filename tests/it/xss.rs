//! Content safety: report text is written by many hands and published on the city's own
//! domain, so no field may run script there. Every field of a site — prose, titles, names,
//! units, plan titles, grade symbols, department names, the site title and city — holds the
//! classic XSS payloads, and the built pages (inline SVG charts included), the search index
//! and the open data are checked as parsed output: no `<script>` but hyoka's own local
//! ones, no `on*` attribute, no `javascript:`/`data:` URL, no frame or plug-in element; the
//! same with `allow_html = true` (ammonia sanitises).

use crate::common::*;
use scraper::Html;
use std::fs;
use std::path::Path;

/// The classic payloads, markup and Markdown, plain and entity-encoded.
const PAYLOADS: &[&str] = &[
    // Harmless markup first (later payloads may swallow what follows them when
    // sanitised): with allow_html it must pass, which shows the option is in force.
    "<b>太字</b>",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<a href=\"JaVaScRiPt:alert(1)\">a</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">b</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">c</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">d</a>",
    "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
    "[e](javascript:alert(1))",
    "[f](JaVaScRiPt:alert(1))",
    "[g](&#106;avascript:alert(1))",
    "[h](java%73cript:alert(1))",
    "[i](data:text/html,<script>alert(1)</script>)",
    "![j](javascript:alert(1))",
    "[k][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</script>",
    "<details open ontoggle=alert(1)>x</details>",
    "<body onload=alert(1)>",
    "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">x</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<div style=\"background:url(javascript:alert(1))\">s</div>",
    "<!--<script>alert(1)</script>-->",
    "\u{2028}\u{2029}",
];

/// All payloads for a prose field (blocks apart, so HTML blocks are recognised).
fn prose() -> String {
    PAYLOADS.join("\n\n")
}

/// All payloads on one line, for names and titles.
fn line() -> String {
    PAYLOADS
        .iter()
        .map(|p| p.replace('\n', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A site with a payload in every field.
fn hostile_site(allow_html: bool) -> Vec<(String, String)> {
    let (p, l) = (q(&prose()), q(&line()));
    let sym = |letter: &str, payload: &str| q(&format!("{letter}{payload}"));
    let (a, b, c, d) = (
        sym("A", "\"><script>alert(1)</script>"),
        sym("B", "<img src=x onerror=alert(1)>"),
        sym("C", "<svg onload=alert(1)>"),
        sym("D", "</script><script>alert(1)</script>"),
    );
    let site = format!(
        r#"title = {l}
city = {l}
description = {p}
primary_plan = "sogo"
allow_html = {allow_html}

[grades]
achieved = [{a}, {b}]
levels = [
  {{ symbol = {a}, label = {l}, description = {l}, rate = 100, min_rate = 100, rate_text = {l} }},
  {{ symbol = {b}, label = {l}, description = {l}, rate = 85, min_rate = 70 }},
  {{ symbol = {c}, label = {l}, description = {l}, rate = 60, min_rate = 50 }},
  {{ symbol = {d}, label = {l}, description = {l}, rate = 25, min_rate = 0 }},
]
"#
    );
    let plan = format!(
        r#"name = {l}
short = {l}
period = {{ from = 2020, to = 2024 }}
levels = [{l}, {l}, {l}]
body = {p}
revision_notes = [{l}]

[[items]]
code = "1"
title = {l}
body = {p}

[[items]]
code = "1-1"
title = {l}
body = {p}

[[items]]
code = "2<script>alert(1)</script>"
title = {l}
"#
    );
    let dept = format!(
        "name = {l}\norder = 10\nunits = [{l}]\nformer_names = [{{ name = {l}, until = 2019 }}]\n"
    );
    let report = |year: i32, grade: &str, actual: i32| {
        format!(
            r#"kind = {l}
title = {l}
published = {year}-05-01
head = {{ title = {l}, name = {l} }}
officers = [{{ title = {l}, name = {l}, role = {l} }}]
mission = {p}
policy = {p}
review = {p}
duties = [{l}, {p}]
goals_heading = {l}
resources_as_of = {year}-04-01
staff_totals = {{ {l} = 3 }}
headings = {{ mission = {l}, goals = {l}, goal_aim = {l}, challenges = {l} }}
source = {{ page_title = {l}, page_id = {l}, url = "javascript:alert(1)" }}

[budget]
general = 1_000_000
special = 10
general_city_total = 100_000_000
basis = {l}

[[staff]]
unit = {l}
counts = {{ {l} = 3 }}

[[challenges]]
id = "c1"
title = {l}
description = {p}
response = {p}
plan = ["1-1 <script>alert(1)</script>"]

[[goals]]
id = "g1"
number = {l}
title = {l}
field = {l}
sections = [{l}]
plan = ["1-1"]
aim = {p}
target_text = {p}
actions = {p}
results = {p}
status = {p}
grade = {grade}
evaluation = {p}
next = {p}

  [[goals.initiatives]]
  aim = {p}
  actions = {p}
  results = {p}
  status = {p}
  grade = {grade}
  sections = [{l}]

  [[goals.indicators]]
  id = "i1"
  name = {l}
  unit = {l}
  target = 100
  actual = {actual}
  baseline = 50
  baseline_label = {l}
  actual_label = {l}

[[goals]]
id = "g2\"><script>alert(1)</script><img src=x onerror=alert(1)>"
title = {l}
aim = {p}
plan = ["2<script>alert(1)</script>"]

  [[goals.indicators]]
  id = "i2\"><svg onload=alert(1)>"
  name = {l}
  unit = {l}
  target = 10
  actual = 12

[[projects]]
id = "p1"
name = {l}
description = {p}
target = {p}
challenges = ["c1"]
challenge_titles = [{l}]
budget = 1_000
sections = [{l}]
plan = ["1-1"]

[[midterm]]
id = "m1"
title = {l}
body = {p}
schedule = {p}
period = {{ from = 2020, to = 2023 }}
plan = ["1"]
"#
        )
    };
    vec![
        ("site.toml".into(), site),
        ("content/plans/sogo.toml".into(), plan),
        ("content/departments/kikaku/department.toml".into(), dept),
        (
            "content/departments/kikaku/2020.toml".into(),
            report(2020, &a, 80),
        ),
        (
            "content/departments/kikaku/2021.toml".into(),
            report(2021, &c, 95),
        ),
        (
            "content/departments/kikaku/2021.md".into(),
            format!("+++\nupdated = 2022-06-30\n+++\n{}\n", prose()),
        ),
    ]
}

/// Builds the hostile site and returns the fixture (output in `fx.out()`).
fn build(allow_html: bool) -> Fixture {
    let files = hostile_site(allow_html);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let fx = Fixture::new(&refs);
    let run = fx.build();
    run.ok();
    fx
}

/// hyoka's own scripts, relative to the output root.
const OWN_SCRIPTS: &[&str] = &["assets/print.js", "assets/search.js"];

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
    "poster",
    "data",
    "background",
    "cite",
];

const FORBIDDEN: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "foreignobject",
    "style",
];

/// A URL with whitespace and control characters removed, lower-cased: what a browser
/// would take the scheme from.
fn squeezed(url: &str) -> String {
    url.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Every problem of one parsed page (`rel` relative to the output root).
fn page_problems(rel: &str, html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name().to_ascii_lowercase();
        // hyoka's own fixed style sheet of 404.html (which can link nothing relative) is
        // the only <style> allowed: in the head, with nothing a payload could bring.
        let own_style = name == "style"
            && node
                .parent()
                .and_then(|p| p.value().as_element().map(|e| e.name() == "head"))
                .unwrap_or(false)
            && {
                let css: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                !["alert", "javascript", "expression", "url(", "@import", "<"]
                    .iter()
                    .any(|b| css.to_ascii_lowercase().contains(b))
            };
        if FORBIDDEN.contains(&name.as_str()) && !own_style {
            out.push(format!("{rel}: <{name}> element"));
        }
        if name == "script" {
            let text: String = node
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            match el.attr("src") {
                Some(src)
                    if !src.contains(':')
                        && !src.starts_with('/')
                        && resolve(rel, src).is_some_and(|t| OWN_SCRIPTS.contains(&t.as_str()))
                        && text.trim().is_empty() => {}
                _ => out.push(format!(
                    "{rel}: a script that is not hyoka's own: src={:?} text={text:?}",
                    el.attr("src")
                )),
            }
        }
        if name == "meta" && el.attr("http-equiv").is_some() {
            out.push(format!("{rel}: <meta http-equiv>"));
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                out.push(format!("{rel}: <{name} {attr}={value:?}>"));
            }
            let v = squeezed(value);
            if URL_ATTRS.contains(&attr.as_str())
                && ["javascript:", "data:", "vbscript:"]
                    .iter()
                    .any(|s| v.starts_with(s) || v.contains(&format!(",{s}")))
            {
                out.push(format!("{rel}: <{name} {attr}={value:?}>"));
            }
            if attr == "style" && (v.contains("javascript:") || v.contains("expression(")) {
                out.push(format!("{rel}: <{name} style={value:?}>"));
            }
        }
    }
    out
}

/// Checks every page, the search index and the open data of a built hostile site.
fn assert_safe(out: &Path) {
    let mut problems = Vec::new();
    let pages = html_files(out);
    assert!(pages.len() > 10, "only {} pages", pages.len());
    let mut svgs = 0;
    for rel in &pages {
        let html = fs::read_to_string(out.join(rel)).unwrap();
        svgs += html.matches("<svg").count();
        problems.extend(page_problems(rel, &html));
    }
    // The charts were drawn (and so checked) with the payloads in their labels.
    assert!(svgs > 0, "no inline SVG chart on any page");

    // The search index is loaded with <script src>: it must be plain data that nothing in
    // it can end or comment out, whatever a field holds.
    let js = fs::read_to_string(out.join("search/index.js")).unwrap();
    let lower = js.to_ascii_lowercase();
    for bad in ["</script", "<!--", "<script", "\u{2028}", "\u{2029}"] {
        if lower.contains(bad) {
            problems.push(format!("search/index.js contains {bad:?}"));
        }
    }
    let json = js
        .split_once('=')
        .map(|(_, j)| j.trim().trim_end_matches(';'))
        .unwrap_or_default();
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(v) => assert!(
            v.to_string().contains("alert(1)"),
            "the payloads are not in the search index: the test would prove nothing"
        ),
        Err(e) => problems.push(format!("search/index.js is not JSON data: {e}")),
    }
    let reports = fs::read_to_string(out.join("data/reports.json")).unwrap();
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&reports) {
        problems.push(format!("data/reports.json is not JSON: {e}"));
    }
    assert_no_problems(&problems);
}

#[test]
fn payloads_in_every_field_never_become_markup() {
    let fx = build(false);
    let out = fx.out();
    assert_safe(&out);
    // The payloads are shown as text (so the fields were rendered at all).
    let report = page(&out, "departments/kikaku/2021/index.html");
    let shown_text = main_text(&report);
    for shown in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
    ] {
        assert!(shown_text.contains(shown), "{shown} is not shown as text");
    }
    assert!(
        report.select(&sel("main b")).next().is_none(),
        "raw HTML let through without allow_html"
    );
    // The report's source link had a javascript: URL: its title is shown without a link.
    let source = report
        .select(&sel("dt"))
        .find(|dt| text(*dt) == "元のページ")
        .and_then(|dt| dt.next_siblings().find_map(scraper::ElementRef::wrap))
        .expect("the source is shown");
    assert!(
        source.select(&sel("a")).next().is_none(),
        "the javascript: source URL became a link"
    );
}

#[test]
fn payloads_in_every_field_are_sanitised_with_allow_html() {
    let fx = build(true);
    let out = fx.out();
    assert_safe(&out);
    // allow_html is in force: harmless markup passes.
    let report = page(&out, "departments/kikaku/2021/index.html");
    assert!(
        report.select(&sel("main b")).next().is_some(),
        "allow_html let no markup through: the test would prove nothing"
    );
}

/// The payloads go through every `{{ }}` of the templates: the compiled theme must escape
/// them exactly as tera does.
#[test]
fn compiled_theme_escapes_what_tera_escapes() {
    for allow_html in [false, true] {
        assert_compiled_theme_is_tera(&build(allow_html).site);
    }
}

#[test]
fn the_checks_catch_what_they_guard() {
    // The page checker itself must see each kind of injection.
    let bad = [
        "<script>alert(1)</script>",
        "<script src=\"https://evil.example/x.js\"></script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" JaVa\tScRiPt:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<iframe></iframe>",
        "<svg><foreignObject></foreignObject></svg>",
        "<svg onload=alert(1)></svg>",
        "<meta http-equiv=refresh content=\"0;url=x\">",
        "<style>body{background:url(javascript:alert(1))}</style>",
    ];
    for b in bad {
        let html = format!("<!doctype html><html><body>{b}</body></html>");
        assert!(
            !page_problems("index.html", &html).is_empty(),
            "not caught: {b}"
        );
    }
    let good = "<!doctype html><html><head><script src=\"assets/search.js\" defer></script></head><body><a href=\"departments/index.html\">x</a><svg><text>t</text></svg></body></html>";
    assert_eq!(page_problems("index.html", good), Vec::<String>::new());
}
