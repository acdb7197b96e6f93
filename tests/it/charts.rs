//! Charts on built pages: every chart's SVG is well-formed XML, names itself (`role="img"`,
//! `<title>`, `aria-labelledby`), keeps its labels as Japanese `<text>`, scales to its
//! column, and its one-sentence summary states only numbers that the table beside it
//! holds. Built with the real binary from `examples/isehara` (figures checked against the
//! source), `examples/kashiwara` (nothing evaluated: no chart, never 0%) and the
//! repository's sample site (gaps, several scales, every kind of chart).

use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// Builds the site at `site` (relative to the repository) into a new temporary folder.
fn build(site: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().expect("temp dir");
    let out = tmp.path().join("out");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .arg("--site")
        .arg(root.join(site))
        .arg("build")
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run hyoka");
    assert!(
        run.status.success(),
        "build {site}: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (tmp, out)
}

/// A built page: its source text and the parsed document.
struct Page {
    path: String,
    raw: String,
    doc: Html,
}

fn page(out: &Path, rel: &str) -> Page {
    let raw = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Page {
        path: rel.to_string(),
        doc: Html::parse_document(&raw),
        raw,
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The text of an element, its text nodes joined by spaces (so cells stay apart).
fn text(el: ElementRef) -> String {
    el.text()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Page {
    fn figure(&self, id: &str) -> ElementRef<'_> {
        self.doc
            .select(&sel(&format!("figure.chart[id=\"{id}\"]")))
            .next()
            .unwrap_or_else(|| panic!("{}: no figure #{id}", self.path))
    }

    fn summary(&self, id: &str) -> String {
        let f = self.figure(id);
        text(f.select(&sel(".chart-summary")).next().expect("summary"))
    }

    fn table_text(&self, id: &str) -> String {
        let f = self.figure(id);
        text(
            f.select(&sel("table.chart-data"))
                .next()
                .expect("data table"),
        )
    }

    /// The chart's SVG exactly as written in the page, when there is one.
    fn svg(&self, id: &str) -> Option<&str> {
        let start = self
            .raw
            .find(&format!("<figure class=\"chart\" id=\"{id}\">"))?;
        let end = start + self.raw[start..].find("</figure>")?;
        let fig = &self.raw[start..end];
        let s = fig.find("<svg")?;
        let e = fig.find("</svg>")? + "</svg>".len();
        Some(&self.raw[start + s..start + e])
    }

    fn ids(&self) -> Vec<String> {
        self.doc
            .select(&sel("figure.chart"))
            .filter_map(|f| f.value().attr("id").map(String::from))
            .collect()
    }
}

/// Checks what every drawn chart must be; returns the texts of its `<text>` elements.
fn check_svg(p: &Page, id: &str) -> Vec<String> {
    let svg = p
        .svg(id)
        .unwrap_or_else(|| panic!("{}: #{id} has no SVG", p.path));
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{}: #{id}: SVG is not well-formed: {e}", p.path));
    let root = doc.root_element();
    assert!(root.has_tag_name("svg"));
    assert_eq!(root.attribute("role"), Some("img"), "{id}");
    let title_id = root.attribute("aria-labelledby").expect("aria-labelledby");
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .expect("<title>");
    assert_eq!(title.attribute("id"), Some(title_id));
    let caption = text(
        p.figure(id)
            .select(&sel("figcaption"))
            .next()
            .expect("figcaption"),
    );
    assert_eq!(
        title.text(),
        Some(caption.as_str()),
        "{id}: title = caption"
    );
    // Fluid: a viewBox and no fixed size.
    assert!(root.attribute("viewBox").is_some());
    assert_eq!(root.attribute("width"), None);
    assert_eq!(root.attribute("height"), None);
    // System Japanese fonts, then a generic family, once on the root.
    let fonts = root.attribute("font-family").expect("font-family");
    assert!(fonts.contains("Noto Sans CJK JP") && fonts.ends_with("sans-serif"));
    // No random ids: every id derives from the figure's.
    for n in doc.descendants().filter(|n| n.attribute("id").is_some()) {
        assert!(n.attribute("id").unwrap().starts_with(id), "{id}");
    }
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c))),
        "{id}: Japanese labels as text: {texts:?}"
    );
    // Text stays text: no glyph outlines. The only paths are strokes (lines, outlines),
    // never filled shapes, which is what a label drawn as glyphs would be.
    for n in doc.descendants().filter(|n| n.has_tag_name("path")) {
        assert_eq!(
            inherited(n, "fill"),
            Some("none"),
            "{id}: a filled path, as a glyph outline would be: {svg}"
        );
        assert!(inherited(n, "stroke").is_some(), "{id}: a path is a stroke");
    }
    texts
}

/// The value of a presentation attribute where `n` is: its own, or inherited from the
/// nearest group that has it (the charts give a run of marks of one style one `<g>`).
fn inherited<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.ancestors().find_map(|a| a.attribute(name))
}

/// How many lines of a 達成率 series the chart draws: strokes 3 wide in the bar colour.
fn series_lines(svg: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter(|n| {
            inherited(*n, "stroke-width") == Some("3") && inherited(*n, "stroke") == Some("#0072B2")
        })
        .count()
}

/// Numbers a sentence states with a unit: 66.7%, 4件, 16.7ポイント.
fn stated_numbers(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || chars[j] == ',' || chars[j] == '.')
            {
                j += 1;
            }
            let num: String = chars[i..j].iter().collect();
            let rest: String = chars[j..].iter().take(4).collect();
            for unit in ["%", "件", "ポイント"] {
                if rest.starts_with(unit) {
                    out.push(format!("{num}{unit}"));
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn assert_stated_in(summary: &str, table: &str, what: &str) {
    let nums = stated_numbers(summary);
    assert!(
        !nums.is_empty(),
        "{what}: the summary states numbers: {summary}"
    );
    for n in nums {
        assert!(
            table.contains(&n),
            "{what}: {n} of 「{summary}」 is not in the table: {table}"
        );
    }
}

#[test]
fn isehara_indicators_and_grades_match_the_source() {
    let (_tmp, out) = build("examples/isehara");
    let p = page(&out, "departments/kikaku/2016/index.html");

    // Page views 4,238,714 of 4,500,000 → 94.2%, in the chart, its sentence and the table.
    let ids = p.ids();
    let pv = ids
        .iter()
        .find(|id| {
            p.summary(id)
                .starts_with("公式ホームページサイトの総ページビュー数")
        })
        .expect("page-view chart");
    assert_eq!(
        p.summary(pv),
        "公式ホームページサイトの総ページビュー数の実績は4,238,714件で、目標値4,500,000件に対する達成率は94.2%です。"
    );
    let texts = check_svg(&p, pv);
    for want in ["目標値", "実績", "4,500,000件", "4,238,714件", "0"] {
        assert!(texts.iter().any(|t| t == want), "{want} in {texts:?}");
    }
    // The goal's indicator table right before the chart holds the same figures.
    let row = p
        .doc
        .select(&sel("table.indicators tr"))
        .map(text)
        .find(|r| r.contains("公式ホームページサイトの総ページビュー数"))
        .expect("indicator row");
    for n in ["4,500,000", "4,238,714", "94.2%"] {
        assert!(row.contains(n), "{n} in {row}");
    }

    // 市債残高 is lower-is-better: 26,910,000,000 / 26,362,000,000 → 102.1%.
    let debt = ids
        .iter()
        .find(|id| p.summary(id).starts_with("一般会計市債残高"))
        .expect("debt chart");
    assert!(p.summary(debt).contains("102.1%"), "{}", p.summary(debt));
    assert!(p.summary(debt).contains("小さいほど良い"));
    assert!(
        check_svg(&p, debt)
            .iter()
            .any(|t| t == "小さいほど良い指標")
    );

    // An indicator with only an actual has no chart, and says why.
    let lone = ids
        .iter()
        .find(|id| p.summary(id).starts_with("見直し事業数"))
        .expect("見直し事業数");
    assert!(p.svg(lone).is_none());
    assert!(p.summary(lone).contains("グラフはありません"));

    // Grade distribution: no grade is written in the source; those derived from
    // indicators say so, and the unevaluated ones are not in the rate.
    let s = p.summary("chart-grades");
    assert_eq!(
        s,
        "取組10件の評価はA（達成）7件（うち参考：指標から算出7件）、未評価3件で、達成率は100.0%です。"
    );
    assert_stated_in(&s, &p.table_text("chart-grades"), "isehara grades");
    let texts = check_svg(&p, "chart-grades");
    // A label too wide for its slot on a phone goes on two lines (概ね / 達成).
    for want in ["A", "達成", "概ね", "未評価", "7件", "3件"] {
        assert!(texts.iter().any(|t| t == want), "{want} in {texts:?}");
    }
}

#[test]
fn nothing_evaluated_means_no_chart_and_never_zero() {
    let (_tmp, out) = build("examples/kashiwara");
    for rel in [
        "departments/seisaku-suishin/2021/index.html",
        "departments/seisaku-suishin/index.html",
        "years/2021/index.html",
    ] {
        let p = page(&out, rel);
        let ids = p.ids();
        assert!(!ids.is_empty(), "{rel} has its charts' figures");
        for id in &ids {
            assert!(
                p.svg(id).is_none(),
                "{rel} #{id}: nothing evaluated, nothing drawn"
            );
            assert!(
                p.summary(id)
                    .contains("評価済みの目標がないため、グラフはありません。"),
                "{rel} #{id}: {}",
                p.summary(id)
            );
            assert!(!p.summary(id).contains("0.0%"), "{rel} #{id}");
        }
    }
    let p = page(&out, "departments/seisaku-suishin/2021/index.html");
    let table = p.table_text("chart-grades");
    assert!(table.contains("達成率 未評価"), "{table}");
    assert!(!table.contains("0.0%"));
}

#[test]
fn sample_site_charts_state_what_their_tables_hold() {
    let (_tmp, out) = build(".");

    // Report page: grade distribution with its table.
    let p = page(&out, "departments/seisaku/2023/index.html");
    check_svg(&p, "chart-grades");
    assert_stated_in(
        &p.summary("chart-grades"),
        &p.table_text("chart-grades"),
        "report",
    );

    // Department page: 市民生活部 has no report for 令和4年度 and an unevaluated 令和6年度.
    let p = page(&out, "departments/shimin/index.html");
    let texts = check_svg(&p, "chart-trend");
    assert!(texts.iter().any(|t| t == "報告なし"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "未評価"), "{texts:?}");
    // 令和3年度: B 2, C 1, E 1 → 2 of 3 counted = 66.7%; E is out of the denominator.
    assert!(texts.iter().any(|t| t == "66.7%"), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t == "0.0%"),
        "未評価 is never drawn as 0%"
    );
    // A gap is a gap: no line joins 令和3年度 to 令和5年度 across the missing year.
    let svg = p.svg("chart-trend").unwrap();
    assert_eq!(series_lines(svg), 0, "no line across the gap: {svg}");
    assert_eq!(
        p.summary("chart-trend"),
        "令和5年度の達成率は100.0%で、令和3年度から33.3ポイント上昇しました。（令和4年度の報告がないため、令和3年度と比べています。）令和6年度は未評価です。"
    );
    // The page's trend table beside the chart holds the numbers.
    let trend_table = text(
        p.doc
            .select(&sel(
                "section[aria-labelledby=\"trend-h\"] .table-scroll table",
            ))
            .next()
            .expect("trend table"),
    );
    assert_stated_in(&p.summary("chart-trend"), &trend_table, "shimin trend");
    assert!(trend_table.contains("66.7%"));
    let texts = check_svg(&p, "chart-grades-by-year");
    assert!(texts.iter().any(|t| t == "報告なし"));
    assert_stated_in(
        &p.summary("chart-grades-by-year"),
        &p.table_text("chart-grades-by-year"),
        "shimin grades by year",
    );

    // 政策推進部 spans the 令和3年度 scale and the current one: both are explained.
    let p = page(&out, "departments/seisaku/index.html");
    let captions: Vec<String> = p
        .doc
        .select(&sel(
            "section[aria-labelledby=\"scale-h\"] table.legend caption",
        ))
        .map(text)
        .collect();
    assert_eq!(
        captions,
        ["令和3年度の評価の基準", "令和4年度〜令和6年度の評価の基準"]
    );
    check_svg(&p, "chart-trend");
    assert_eq!(
        p.summary("chart-trend"),
        "令和5年度の達成率は80.0%で、前年度から20.0ポイント低下しました。令和6年度は未評価です。"
    );
    // Years in a row with a rate are joined: one line through 令和3年度 to 令和5年度.
    assert_eq!(series_lines(p.svg("chart-trend").unwrap()), 1);

    // Year page: both charts; the departments' rates are in the table beside the chart,
    // the rate across departments in the big figure above.
    let p = page(&out, "years/2022/index.html");
    check_svg(&p, "chart-grades");
    assert_stated_in(
        &p.summary("chart-grades"),
        &p.table_text("chart-grades"),
        "year grades",
    );
    let texts = check_svg(&p, "chart-departments");
    assert!(texts.iter().any(|t| t.starts_with("全部局 ")), "{texts:?}");
    let section = p
        .doc
        .select(&sel("section[aria-labelledby=\"dept-h\"]"))
        .next()
        .unwrap();
    let tables: String = section
        .select(&sel(".table-scroll table"))
        .map(text)
        .collect();
    let big = text(p.doc.select(&sel(".big-figure")).next().unwrap());
    assert_stated_in(
        &p.summary("chart-departments"),
        &format!("{tables} {big}"),
        "year departments",
    );

    // Plan item page: 達成率 of the goals serving the item, with its own table and the
    // scales of the years it covers.
    let p = page(&out, "plans/sogo/1-1-1/index.html");
    check_svg(&p, "chart-item-trend");
    assert_stated_in(
        &p.summary("chart-item-trend"),
        &p.table_text("chart-item-trend"),
        "plan item",
    );
    assert!(
        p.doc
            .select(&sel("section[aria-labelledby=\"scale-h\"] table.legend"))
            .count()
            >= 1
    );
    // Every table of a chart has a caption and scoped headers.
    for rel in [
        "departments/seisaku/2023/index.html",
        "departments/shimin/index.html",
        "years/2022/index.html",
        "plans/sogo/1-1-1/index.html",
    ] {
        let p = page(&out, rel);
        for t in p.doc.select(&sel("table.chart-data")) {
            assert!(t.select(&sel("caption")).next().is_some(), "{rel}");
            assert!(t.select(&sel("th[scope=col]")).next().is_some(), "{rel}");
            assert!(t.select(&sel("th[scope=row]")).next().is_some(), "{rel}");
        }
    }
}

#[test]
fn same_input_gives_byte_identical_charts() {
    let (_a, out_a) = build("examples/isehara");
    let (_b, out_b) = build("examples/isehara");
    for rel in [
        "departments/kikaku/2016/index.html",
        "departments/kikaku/index.html",
        "years/2016/index.html",
    ] {
        let (a, b) = (page(&out_a, rel), page(&out_b, rel));
        let ids = a.ids();
        assert!(!ids.is_empty());
        for id in ids {
            assert_eq!(a.svg(&id), b.svg(&id), "{rel} #{id}");
        }
    }
}

#[test]
fn summaries_name_their_numbers() {
    assert_eq!(
        stated_numbers("令和3年度の達成率は66.7%で、前年度から16.7ポイント上昇、目標4件"),
        ["66.7%", "16.7ポイント", "4件"]
    );
}

/// The department page: the latest report is its first link, and each indicator series
/// with two measured years or more has a small trend chart (実績 and 目標値) beside its
/// table; a series with one measured year has the table alone.
#[test]
fn department_page_links_the_latest_report_first_and_charts_each_series() {
    let (_tmp, out) = build(".");
    let p = page(&out, "departments/seisaku/index.html");
    let first = p.doc.select(&sel("main a")).next().expect("a link in main");
    let href = first.value().attr("href").unwrap_or_default();
    assert_eq!(href, "../../departments/seisaku/2024/index.html");
    let para = text(
        p.doc
            .select(&sel("main .latest-report"))
            .next()
            .expect("latest report"),
    );
    assert!(para.starts_with("最新の報告: 令和6年度"), "{para}");
    let series: Vec<ElementRef> = p.doc.select(&sel("#series-h ~ .series")).collect();
    assert!(series.len() >= 3, "{}", series.len());
    let mut charted = 0;
    for s in &series {
        // Years with an actual in the series' table.
        let measured = s
            .select(&sel("td[data-label=\"実績\"]"))
            .filter(|td| text(*td) != "未測定")
            .count();
        let fig = s.select(&sel("figure.chart")).next();
        if measured >= 2 {
            let id = fig
                .expect("a chart beside the table")
                .value()
                .attr("id")
                .unwrap();
            let texts = check_svg(&p, id);
            assert!(texts.iter().any(|t| t == "目標値"), "{texts:?}");
            assert!(p.summary(id).contains("の実績は"), "{}", p.summary(id));
            charted += 1;
        } else {
            assert!(fig.is_none(), "one measured year: no chart");
        }
    }
    assert!(charted >= 3, "{charted}");
}
