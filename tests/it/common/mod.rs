//! Shared helpers for the integration tests: small fixture sites written from string
//! literals into temporary folders, running the `hyoka` binary, reading output back as
//! parsed HTML, snapshots of folders and a link checker.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use scraper::{ElementRef, Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// A minimal site written only from content-format.md: site.toml, one plan with three
/// levels, two departments, reports for 2020 and 2021, and a `2021.md` with front matter.
///
/// `kikaku/2021.toml` exercises every report field; `shimin/2021.toml` has one goal and no
/// grade at all (its 達成率 must be 未評価).
pub const MINIMAL: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "テスト市 部局運営方針"
city = "テスト市"
description = "テスト市の**部局運営方針**です。"
year_style = "wareki"
primary_plan = "sogo"
"#,
    ),
    (
        "content/plans/sogo.toml",
        r#"name = "第1次テスト市総合計画"
short = "総合計画"
period = { from = 2018, to = 2022 }
levels = ["基本目標", "政策", "施策"]
separator = "-"
body = "市の**将来像**を定める計画です。"

[[items]]
code = "4"
title = "市民が活躍するまち"

[[items]]
code = "4-1"
title = "市民活動の推進"

[[items]]
code = "4-1-2"
title = "多様な市民活動の支援"
body = "市民公益活動を支えます。"
"#,
    ),
    (
        "content/departments/kikaku/department.toml",
        r#"name = "企画部"
order = 10
units = ["企画課", "広報課"]
former_names = [{ name = "政策推進部", until = 2019 }]
"#,
    ),
    (
        "content/departments/kikaku/2020.toml",
        r#"kind = "運営方針"
head = { title = "部長", name = "山田 太郎" }

[[goals]]
id = "renkei"
title = "民間企業や大学とのさらなる連携"
grade = "A"
plan = ["4-1-2"]

[[goals]]
id = "koho"
title = "広報の充実"
grade = "C"
"#,
    ),
    (
        "content/departments/kikaku/2021.toml",
        r#"kind = "運営方針"
published = 2021-05-01
head = { title = "部長", name = "市川 信行" }
officers = [{ title = "理事", name = "小林 一裕", role = "行財政健全化担当" }]
mission = "市の将来像を描く部です。"
policy = "データに基づいて進めます。"
review = "一年を振り返りました。"
duties = ["総合計画に関すること。", "広報に関すること。"]
goals_heading = "重点目標"
resources_as_of = 2021-04-01

[budget]
general = 1_273_190_000
special = 0
general_city_total = 122_730_000_000
basis = "当初予算"

[[staff]]
unit = "企画課"
counts = { "常勤" = 12, "再任用" = 4, "臨時" = 5 }

[[staff]]
unit = "広報課"
counts = { "常勤" = 6 }

[[challenges]]
id = "c1"
title = "市民公益活動の支援拡充"
description = "担い手が不足しています。"
response = "講座を開きます。"
plan = ["4-1-2 多様な市民活動の支援"]

[[goals]]
id = "renkei"
number = 1
title = "民間企業や大学とのさらなる連携"
field = "行財政運営"
sections = ["企画課"]
plan = ["4-1-2"]
aim = "連携協定を結びます。"
actions = "年間を通じて協議します。"
results = "協定を2件結びました。"
status = "概ね順調です。"
grade = "B"
evaluation = "概ね達成しました。"
next = "さらに広げます。"

  [[goals.initiatives]]
  aim = "協定の締結"
  actions = "大学と協議する"
  results = "2件締結した"
  status = "完了"
  grade = "A"
  sections = ["企画課"]

  [[goals.indicators]]
  id = "pageviews"
  name = "公式ホームページ総ページビュー数"
  unit = "件"
  target = 4_500_000
  actual = 4_238_714
  baseline = 4_100_000
  better = "higher"

[[goals]]
id = "mihyoka"
title = "評価前の目標"
aim = "これから取り組みます。"

[[projects]]
id = "kikin"
name = "市民公益活動促進基金"
description = "基金を運営します。"
target = "登録団体数と寄附金の増加を目指します。"
challenges = ["c1"]
budget = 6_720_000
sections = ["企画課"]
plan = ["4-1-2"]

[[midterm]]
id = "kihon-seisaku"
title = "基本政策の推進"
body = "四年間で進めます。"
schedule = "毎年見直します。"
period = { from = 2018, to = 2021 }
plan = ["4-1"]
"#,
    ),
    (
        "content/departments/kikaku/2021.md",
        "+++\nupdated = 2022-06-30\n+++\n# ごあいさつ\n\n部長の**メッセージ**です。\n",
    ),
    (
        "content/departments/shimin/department.toml",
        "name = \"市民部\"\norder = 20\nunits = [\"市民課\"]\n",
    ),
    (
        "content/departments/shimin/2021.toml",
        r#"kind = "目標宣言"

[[goals]]
id = "madoguchi"
title = "窓口の改善"
aim = "待ち時間を短くします。"
"#,
    ),
];

/// The pages of site.md (except search/ and data/) that [`MINIMAL`] must produce.
pub const MINIMAL_PAGES: &[&str] = &[
    "index.html",
    "years/2020/index.html",
    "years/2021/index.html",
    "departments/index.html",
    "departments/kikaku/index.html",
    "departments/shimin/index.html",
    "departments/kikaku/2020/index.html",
    "departments/kikaku/2021/index.html",
    "departments/shimin/2021/index.html",
    "plans/sogo/index.html",
    "plans/sogo/4/index.html",
    "plans/sogo/4-1/index.html",
    "plans/sogo/4-1-2/index.html",
    "404.html",
    "assets/style.css",
];

/// Result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Panics with both streams unless the exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Panics unless the run succeeded.
    pub fn ok(&self) -> &Run {
        self.expect_code(0)
    }
}

/// Runs `hyoka` with `args` (in `cwd` when given).
pub fn hyoka_in<I, S>(cwd: Option<&Path>, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    cmd.args(args);
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    let out = cmd.output().expect("run the hyoka binary");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `hyoka` with `args`.
pub fn hyoka<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    hyoka_in(None, args)
}

/// Writes `files` (relative path, text) under `root`, creating folders.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        write_bytes(root, rel, text.as_bytes());
    }
}

/// Writes one file of raw bytes under `root`, creating folders.
pub fn write_bytes(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
}

/// A fixture site in a temporary folder: `<tmp>/site/…`, with room beside it for other
/// output folders.
pub struct Fixture {
    /// The temporary folder (removed on drop).
    pub tmp: TempDir,
    /// `<tmp>/site`.
    pub site: PathBuf,
}

impl Fixture {
    /// A site made of `files`.
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        fs::create_dir_all(&site).unwrap();
        write_files(&site, files);
        Fixture { tmp, site }
    }

    /// The minimal site.
    pub fn minimal() -> Fixture {
        Fixture::new(MINIMAL)
    }

    /// The minimal site with some files replaced or added.
    pub fn minimal_with(changes: &[(&str, &str)]) -> Fixture {
        let f = Fixture::minimal();
        f.write(changes);
        f
    }

    /// Writes (or overwrites) files of the site.
    pub fn write(&self, files: &[(&str, &str)]) {
        write_files(&self.site, files);
    }

    /// Writes raw bytes to a file of the site.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        write_bytes(&self.site, rel, bytes);
    }

    /// Removes a file of the site.
    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.site.join(rel)).unwrap();
    }

    /// A path beside the site, inside the temporary folder.
    pub fn beside(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// The default output folder, `<site>/output`.
    pub fn out(&self) -> PathBuf {
        self.site.join("output")
    }

    /// `hyoka --site <site> build` (default output folder).
    pub fn build(&self) -> Run {
        hyoka([
            OsStr::new("--site"),
            self.site.as_os_str(),
            OsStr::new("build"),
        ])
    }

    /// `hyoka --site <site> build --output <out>`.
    pub fn build_to(&self, out: &Path) -> Run {
        hyoka([
            OsStr::new("--site"),
            self.site.as_os_str(),
            OsStr::new("build"),
            OsStr::new("--output"),
            out.as_os_str(),
        ])
    }

    /// `hyoka --site <site> check`.
    pub fn check(&self) -> Run {
        hyoka([
            OsStr::new("--site"),
            self.site.as_os_str(),
            OsStr::new("check"),
        ])
    }

    /// Builds into the default output folder, asserting success, and returns it.
    pub fn built(&self) -> PathBuf {
        self.build().ok();
        self.out()
    }
}

/// Every file under `dir` (recursively, hidden files included): relative path with `/`
/// to bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            let ft = fs::symlink_metadata(&p).unwrap().file_type();
            if ft.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(rel_string(root, &p), fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// Asserts two snapshots are equal, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let ka: BTreeSet<&String> = a.keys().collect();
    let kb: BTreeSet<&String> = b.keys().collect();
    assert_eq!(ka, kb, "{what}: the file lists differ");
    for (k, v) in a {
        assert!(v == &b[k], "{what}: {k} differs");
    }
}

fn rel_string(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every `.html` file under `dir`, as paths relative to `dir` with `/`.
pub fn html_files(dir: &Path) -> Vec<String> {
    snapshot(dir)
        .into_keys()
        .filter(|k| k.ends_with(".html"))
        .collect()
}

/// Reads and parses an output page.
pub fn page(out: &Path, rel: &str) -> Html {
    let p = out.join(rel);
    let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    Html::parse_document(&text)
}

/// A CSS selector (panics on a typo in the test).
pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

/// Text of an element with runs of whitespace collapsed to one space.
pub fn text(el: ElementRef) -> String {
    squash(&el.text().collect::<String>())
}

/// Collapses whitespace.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Texts of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(text).collect()
}

/// Text of the single element matching `selector` (panics unless exactly one).
pub fn one_text(doc: &Html, selector: &str) -> String {
    let all = texts(doc, selector);
    assert_eq!(all.len(), 1, "expected one {selector}, found {all:?}");
    all.into_iter().next().unwrap()
}

/// The element with `id`.
pub fn by_id<'a>(doc: &'a Html, id: &str) -> ElementRef<'a> {
    doc.select(&sel(&format!("[id=\"{id}\"]")))
        .next()
        .unwrap_or_else(|| panic!("no element with id {id}"))
}

/// The whole visible text of `<main>` (or of the body when there is no main).
pub fn main_text(doc: &Html) -> String {
    doc.select(&sel("main"))
        .next()
        .or_else(|| doc.select(&sel("body")).next())
        .map(text)
        .unwrap_or_default()
}

/// Whether `s` contains Japanese (kana or kanji).
pub fn has_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

/// Decodes `%XX` escapes (UTF-8).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(hex) = std::str::from_utf8(&b[i + 1..i + 3])
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves a relative URL path against the folder of `page` (both relative to the output
/// root). `None` when it climbs above the root.
pub fn resolve(page: &str, url_path: &str) -> Option<String> {
    let mut parts: Vec<String> = Path::new(page)
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    for c in Path::new(url_path).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// Checks every `href` of every page under `out`: links that are not http(s), mailto or a
/// bare `#fragment` must be relative (no leading `/`, no other scheme) and point at a file
/// that exists in `out`; when they carry a `#fragment` into an HTML page, that page must
/// have an element with that id. Every `src` must be a file of the site too (no page loads
/// anything from another host). Returns the number of links checked.
pub fn check_links(out: &Path) -> usize {
    let pages = html_files(out);
    assert!(!pages.is_empty(), "no pages in {}", out.display());
    let any_href = sel("[href]");
    let mut ids_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |rel: &str| -> BTreeSet<String> {
        ids_cache
            .entry(rel.to_string())
            .or_insert_with(|| {
                page(out, rel)
                    .select(&sel("[id]"))
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect()
            })
            .clone()
    };
    let any_src = sel("[src]");
    let mut problems = Vec::new();
    let mut checked = 0;
    for rel in &pages {
        let doc = page(out, rel);
        // site.md: no page loads anything from another host.
        for el in doc.select(&any_src) {
            let src = el.value().attr("src").unwrap_or_default().trim();
            checked += 1;
            let local = !src.is_empty() && !src.starts_with('/') && !src.contains(':');
            let path = src.split(['?', '#']).next().unwrap_or_default();
            match resolve(rel, &percent_decode(path)) {
                Some(t) if local && out.join(&t).is_file() => {}
                _ => problems.push(format!("{rel}: src {src}: not a file of this site")),
            }
        }
        for el in doc.select(&any_href) {
            let href = el.value().attr("href").unwrap_or_default().trim();
            let lower = href.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            if let Some(frag) = href.strip_prefix('#') {
                if !frag.is_empty() && !ids_of(rel).contains(&percent_decode(frag)) {
                    problems.push(format!(
                        "{rel}: {href}: no element with that id on the page"
                    ));
                }
                continue;
            }
            if href.is_empty() {
                problems.push(format!("{rel}: empty href"));
                continue;
            }
            if href.starts_with('/') || href.starts_with('\\') {
                problems.push(format!("{rel}: {href}: not relative"));
                continue;
            }
            if let Some(i) = href.find(':')
                && !href[..i].contains(['/', '?', '#'])
            {
                problems.push(format!("{rel}: {href}: unexpected scheme"));
                continue;
            }
            let (before_frag, frag) = match href.split_once('#') {
                Some((a, f)) => (a, Some(f)),
                None => (href, None),
            };
            let path = before_frag.split('?').next().unwrap_or_default();
            let Some(target) = resolve(rel, &percent_decode(path)) else {
                problems.push(format!("{rel}: {href}: climbs above the output folder"));
                continue;
            };
            let full = out.join(&target);
            if !full.is_file() {
                problems.push(format!("{rel}: {href}: {target} does not exist"));
                continue;
            }
            if let Some(f) = frag
                && !f.is_empty()
                && target.ends_with(".html")
                && !ids_of(&target).contains(&percent_decode(f))
            {
                problems.push(format!("{rel}: {href}: {target} has no id {f}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links in {}:\n{}",
        out.display(),
        problems.join("\n")
    );
    checked
}

/// The checks every page must pass: `<html lang="ja">` and exactly one `h1`.
pub fn check_pages(out: &Path) {
    let mut problems = Vec::new();
    for rel in html_files(out) {
        let doc = page(out, &rel);
        let langs: Vec<_> = doc
            .select(&sel("html"))
            .map(|e| e.value().attr("lang").unwrap_or("").to_string())
            .collect();
        if langs != ["ja"] {
            problems.push(format!("{rel}: html lang is {langs:?}"));
        }
        let h1 = doc.select(&sel("h1")).count();
        if h1 != 1 {
            problems.push(format!("{rel}: {h1} h1 elements"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `<section>` whose own `h2` reads `heading`.
pub fn section<'a>(doc: &'a Html, heading: &str) -> ElementRef<'a> {
    let h2 = sel("h2");
    doc.select(&sel("section"))
        .find(|s| {
            s.child_elements()
                .any(|c| h2.matches(&c) && text(c) == heading)
        })
        .unwrap_or_else(|| panic!("no section headed {heading}"))
}

/// Texts of the cells (th and td) of each row of `table`.
pub fn rows(table: ElementRef) -> Vec<Vec<String>> {
    let cell = sel("th, td");
    table
        .select(&sel("tr"))
        .map(|tr| tr.select(&cell).map(text).collect())
        .collect()
}

/// The table whose caption starts with `caption`, inside `scope`.
pub fn table_with_caption<'a>(scope: ElementRef<'a>, caption: &str) -> ElementRef<'a> {
    let cap = sel("caption");
    scope
        .select(&sel("table"))
        .find(|t| {
            t.select(&cap)
                .next()
                .is_some_and(|c| text(c).starts_with(caption))
        })
        .unwrap_or_else(|| panic!("no table captioned {caption}"))
}

/// The `href`s of the links inside `scope`, resolved against `page` (relative to the output
/// root), fragments kept.
pub fn resolved_links(scope: ElementRef, page: &str) -> Vec<String> {
    scope
        .select(&sel("a[href]"))
        .filter_map(|a| {
            let href = a.value().attr("href")?;
            let (path, frag) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href, None),
            };
            if path.is_empty() {
                return Some(href.to_string());
            }
            let r = resolve(page, path)?;
            Some(match frag {
                Some(f) => format!("{r}#{f}"),
                None => r,
            })
        })
        .collect()
}

/// Whether `text` shows a rate of exactly 0.0% (not 100.0% or 50.0%).
pub fn shows_zero_percent(text: &str) -> bool {
    text.match_indices("0.0%").any(|(i, _)| {
        !text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
    })
}

/// Renders the site at `site_dir` with the compiled built-in theme (`src/render/html.rs`)
/// and with tera only, and fails at the first byte where a file differs.
pub fn assert_compiled_theme_is_tera(site_dir: &Path) {
    let c = hyoka::pipeline::compile(site_dir);
    let site = c
        .site
        .as_ref()
        .unwrap_or_else(|| panic!("{} has errors", site_dir.display()));
    let native = hyoka::pipeline::render_files_cached(
        site,
        site_dir,
        &mut hyoka::render::theme::TemplateCache::default(),
    )
    .expect("native render");
    let tera = hyoka::pipeline::render_files_cached(
        site,
        site_dir,
        &mut hyoka::render::theme::TemplateCache::tera_only(),
    )
    .expect("tera render");
    assert_eq!(
        native.iter().map(|f| &f.path).collect::<Vec<_>>(),
        tera.iter().map(|f| &f.path).collect::<Vec<_>>(),
        "{}: the same files",
        site_dir.display()
    );
    for (a, b) in native.iter().zip(&tera) {
        if a.bytes != b.bytes {
            let (x, y) = (
                String::from_utf8_lossy(&a.bytes),
                String::from_utf8_lossy(&b.bytes),
            );
            let at = x
                .char_indices()
                .zip(y.chars())
                .find(|((_, c), d)| c != d)
                .map(|((i, _), _)| i)
                .unwrap_or(x.len().min(y.len()));
            let from = x.floor_char_boundary(at.saturating_sub(120));
            panic!(
                "{}: {} differs from tera at byte {at}:\ncompiled: {:?}\ntera:     {:?}",
                site_dir.display(),
                a.path,
                &x[from..x.floor_char_boundary((at + 120).min(x.len()))],
                &y[y.floor_char_boundary(from.min(y.len()))
                    ..y.floor_char_boundary((at + 120).min(y.len()))],
            );
        }
    }
}

/// Fails listing every problem found, one per line.
pub fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The corpus's good site (`tests/corpus/_baseline/`) copied to a temporary folder, with
/// `changes` written over it.
pub fn baseline_with(changes: &[(&str, &str)]) -> Fixture {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/_baseline");
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(&root).into_iter().flatten() {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(&root).unwrap();
            let text = std::fs::read_to_string(e.path()).unwrap();
            files.push((rel.to_string_lossy().replace('\\', "/"), text));
        }
    }
    let owned: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let f = Fixture::new(&owned);
    f.write(changes);
    f
}
