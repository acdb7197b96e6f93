//! The built-in theme compiled to Rust: each page template of `src/templates/` (with
//! `base.html` and the macros of `macros.html`) written out as code that appends the same
//! bytes tera would produce from the same data, without building a JSON context or
//! interpreting the template per page.
//!
//! The templates stay the reference and what themes override: a page whose template (or
//! `base.html`, `macros.html`) a theme overrides is drawn by tera
//! ([`super::native_templates`]). `tests/native_render.rs` renders every example site both
//! ways and requires identical bytes, so a change to a template must be made here too
//! (the test names the first differing page).
//!
//! Each function below follows its template line by line; tera's rules are kept exactly:
//! `{{ }}` escapes `& < > " ' /` ([`esc`]), `{% if %}` is tera's truthiness (an empty
//! string, list or `None` is false), macros are not escaped.

use super::compare::CompareView;
use super::figures::ScaleGroup;
use super::meta::PageMeta;
use super::views::*;
use super::*;
use crate::charts::ChartView;

/// Appends `s` escaped as tera's `escape_html` does.
fn esc(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            b'/' => "&#x2F;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// The page being written.
struct W<'a> {
    o: String,
    /// `{{ root }}`, escaped.
    root: String,
    site: &'a SiteInfo,
}

impl W<'_> {
    /// Template text.
    fn s(&mut self, t: &str) {
        self.o.push_str(t);
    }
    /// `{{ value }}`.
    fn e(&mut self, t: &str) {
        esc(&mut self.o, t);
    }
    /// `{{ number }}`.
    fn n(&mut self, n: usize) {
        use std::fmt::Write as _;
        let _ = write!(self.o, "{n}");
    }
    /// `{{ root }}`.
    fn root(&mut self) {
        self.o.push_str(&self.root);
    }
    /// `{{ root }}{{ url }}`.
    fn href(&mut self, url: &str) {
        self.o.push_str(&self.root);
        esc(&mut self.o, url);
    }
    /// `{{ list | join(sep="、") }}`.
    fn join(&mut self, list: &[String]) {
        for (k, x) in list.iter().enumerate() {
            if k > 0 {
                self.o.push('、');
            }
            esc(&mut self.o, x);
        }
    }
}

/// tera's truthiness of an optional string.
fn t(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.is_empty())
}

/// Draws `page` as its built-in template would.
pub(super) fn render(page: &Page, root: &str, info: &SiteInfo, meta: &PageMeta) -> String {
    let mut w = W {
        o: String::with_capacity(match page.body {
            Body::Report(_) => 96 * 1024,
            _ => 16 * 1024,
        }),
        root: {
            let mut r = String::with_capacity(root.len() * 2);
            esc(&mut r, root);
            r
        },
        site: info,
    };
    if let Body::NotFound = page.body {
        not_found(&mut w);
        return w.o;
    }
    let head = match &page.head {
        Some(h) => h,
        None => {
            // Every page but 404.html has a head; without one, draw nothing but the body.
            body(&mut w, page);
            return w.o;
        }
    };
    base(&mut w, head, meta, page);
    w.o
}

fn head_block(w: &mut W, page: &Page) {
    match page.body {
        Body::Report(_) => {
            w.s("<script src=\"");
            w.root();
            w.s("assets/print.js\" defer></script>");
        }
        Body::Search => {
            w.s("<script src=\"");
            w.root();
            w.s("assets/search.js\" defer></script>");
        }
        _ => {}
    }
}

fn body(w: &mut W, page: &Page) {
    match &page.body {
        Body::Index(d) => index(w, d),
        Body::Year(d) => year(w, d),
        Body::Departments(d) => departments(w, d),
        Body::Department(d) => department(w, d),
        Body::Report(d) => report(w, d),
        Body::Plans(d) => plans(w, d),
        Body::Plan(d) => plan(w, d),
        Body::Item(d) => item(w, d),
        Body::Search => search(w),
        Body::Data(d) => data(w, d),
        Body::NotFound => not_found(w),
    }
}

// ---------------------------------------------------------------------------------------
// base.html

fn base(w: &mut W, head: &Head, meta: &PageMeta, page: &Page) {
    let site = w.site;
    w.s("<!DOCTYPE html>\n<html lang=\"");
    w.e(&site.lang);
    w.s("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if head.title != site.title {
        w.e(&head.title);
        w.s(" | ");
    }
    w.e(&site.title);
    w.s("</title>\n");
    if !meta.canonical.is_empty() {
        w.s("<link rel=\"canonical\" href=\"");
        w.e(&meta.canonical);
        w.s("\">\n");
    }
    w.s("<link rel=\"stylesheet\" href=\"");
    w.root();
    w.s("assets/style.css\">\n");
    head_block(w, page);
    w.s("\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">本文へ移動</a>\n<header class=\"site-header\">\n  <div class=\"wrap\">\n    <p class=\"site-title\"><a href=\"");
    w.root();
    w.s("index.html\">");
    w.e(&site.title);
    w.s("</a></p>\n    ");
    if head.section != "search" {
        w.s("<form class=\"site-search\" role=\"search\" action=\"");
        w.root();
        w.s("search/index.html\" method=\"get\" aria-label=\"サイト内検索\">\n      <label for=\"site-search-q\">サイト内検索</label>\n      <input type=\"search\" id=\"site-search-q\" name=\"q\" autocomplete=\"off\" placeholder=\"例: 避難所\">\n      <button type=\"submit\">検索</button>\n    </form>");
    }
    w.s("\n    <nav class=\"site-nav\" aria-label=\"サイト内の主なページ\">\n      <ul>\n        <li><a href=\"");
    w.root();
    w.s("index.html\"");
    if head.section == "home" {
        w.s(" aria-current=\"page\"");
    }
    w.s(">トップ</a></li>\n        ");
    if let Some(l) = &site.latest_year {
        w.s("<li><a href=\"");
        w.href(&l.url);
        w.s("\"");
        if head.section == "years" {
            w.s(" aria-current=\"true\"");
        }
        w.s(">年度別</a></li>");
    }
    w.s("\n        <li><a href=\"");
    w.root();
    w.s("departments/index.html\"");
    if head.section == "departments" {
        w.s(" aria-current=\"true\"");
    }
    w.s(">部局一覧</a></li>\n        ");
    if !site.plans.is_empty() {
        w.s("<li><a href=\"");
        w.root();
        w.s("plans/index.html\"");
        if head.section == "plans" {
            w.s(" aria-current=\"true\"");
        }
        w.s(">計画一覧</a></li>");
    }
    w.s("\n      </ul>\n    </nav>\n  </div>\n</header>\n");
    if !head.breadcrumbs.is_empty() {
        w.s("\n<nav class=\"breadcrumbs wrap\" aria-label=\"現在位置\">\n  <ol>\n  ");
        let last = head.breadcrumbs.len() - 1;
        for (k, b) in head.breadcrumbs.iter().enumerate() {
            w.s("\n    ");
            if k == last || b.url.is_empty() {
                w.s("<li><span aria-current=\"page\">");
                w.e(&b.label);
                w.s("</span></li>");
            } else {
                w.s("<li><a href=\"");
                w.href(&b.url);
                w.s("\">");
                w.e(&b.label);
                w.s("</a></li>");
            }
            w.s("\n  ");
        }
        w.s("\n  </ol>\n</nav>\n");
    }
    w.s("\n<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n");
    body(w, page);
    w.s("\n</main>\n<footer class=\"site-footer\">\n  <div class=\"wrap\">\n    <dl class=\"page-info\">\n      ");
    if !meta.updated_text.is_empty() {
        w.s("<div><dt>更新日</dt><dd>");
        w.e(&meta.updated_text);
        w.s("</dd></div>");
    }
    w.s("\n      <div><dt>ページID</dt><dd>");
    w.e(&meta.page_id);
    w.s("</dd></div>\n      ");
    if !meta.contact.is_empty() {
        w.s("<div><dt>問い合わせ先</dt><dd>");
        w.e(&meta.contact);
        if !meta.contact_units.is_empty() {
            w.s("（");
            w.join(&meta.contact_units);
            w.s("）");
        }
        w.s("</dd></div>");
    }
    w.s("\n    </dl>\n    <ul class=\"footer-links\">\n      <li><a href=\"");
    w.root();
    w.s("search/index.html\">サイト内検索</a></li>\n      <li><a href=\"");
    w.root();
    w.s("data/index.html\">オープンデータ（CSV・JSON）</a></li>\n    </ul>\n    <p>");
    w.e(&site.city);
    w.s("　");
    w.e(&site.title);
    w.s("</p>\n    \n    <p class=\"generator\">このサイトは hyoka で作成しています。</p>\n  </div>\n</footer>\n</body>\n</html>\n");
}

// ---------------------------------------------------------------------------------------
// macros.html

fn m_grade(w: &mut W, g: &GradeView) {
    if !g.symbol.is_empty() {
        w.s("<span class=\"grade grade-");
        w.e(&g.class);
        w.s("\"><span class=\"grade-symbol\">");
        w.e(&g.symbol);
        w.s("</span> <span class=\"grade-label\">");
        w.e(&g.label);
        w.s("</span>");
        if g.derived {
            w.s("<span class=\"derived\">（指標から算出");
            if t(&g.derived_from) {
                w.s(": 平均");
                w.e(g.derived_from.as_deref().unwrap_or_default());
            }
            w.s("）</span>");
        }
        w.s("</span>");
    } else {
        w.s("<span class=\"grade grade-none\"><span class=\"grade-label\">未評価</span></span>");
    }
}

fn m_rate(w: &mut W, r: &RateView) {
    // `is number`: serde_json writes a non-finite f64 as null.
    if r.value.is_some_and(f64::is_finite) {
        w.s("<span class=\"rate\">");
        w.e(&r.text);
        w.s("</span>");
    } else {
        w.s("<span class=\"rate rate-none\">未評価</span>");
    }
}

fn m_refs(w: &mut W, list: &[RefView]) {
    if list.is_empty() {
        return;
    }
    w.s("<ul class=\"plan-refs\">");
    for p in list {
        w.s("<li>");
        if t(&p.url) {
            w.s("<a href=\"");
            w.href(p.url.as_deref().unwrap_or_default());
            w.s("\"><span class=\"plan-name\">");
            w.e(&p.plan);
            w.s("</span> <span class=\"code\">");
            w.e(&p.code);
            w.s("</span> ");
            w.e(&p.title);
            w.s("</a>");
        } else {
            w.s("<span class=\"code\">");
            w.e(&p.code);
            w.s("</span> ");
            w.e(&p.title);
        }
        w.s("</li>");
    }
    w.s("</ul>");
}

const SCROLL: &str = "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"表（横にスクロールできます）\">";

/// `legend(scale, caption)`; the caption is written by `caption`.
fn m_legend(w: &mut W, scale: &[LevelView], caption: &[&str]) {
    w.s("\n");
    w.s(SCROLL);
    w.s("\n<table class=\"legend\">\n<caption>");
    for c in caption {
        w.e(c);
    }
    w.s("</caption>\n<thead><tr><th scope=\"col\">評価</th><th scope=\"col\">意味</th><th scope=\"col\">目安</th></tr></thead>\n<tbody>\n");
    for l in scale {
        w.s("<tr><th scope=\"row\"><span class=\"grade grade-");
        w.e(&l.class);
        w.s("\"><span class=\"grade-symbol\">");
        w.e(&l.symbol);
        w.s("</span> <span class=\"grade-label\">");
        w.e(&l.label);
        w.s("</span></span></th><td>");
        w.e(&l.description);
        if l.achieved {
            w.s("（達成率の「達成」に数えます）");
        }
        w.s("</td><td>");
        w.e(&l.rate_text);
        w.s("</td></tr>\n");
    }
    w.s("</tbody>\n</table>\n</div>\n");
}

fn m_rate_note(w: &mut W, r: &RateView) {
    if r.counted > 0 {
        w.s("（評価済み");
        w.n(r.counted);
        w.s("件のうち達成・概ね達成");
        w.n(r.achieved);
        w.s("件");
        if r.excluded > 0 {
            w.s("、対象外");
            w.n(r.excluded);
            w.s("件");
        }
        if r.unevaluated > 0 {
            w.s("、未評価");
            w.n(r.unevaluated);
            w.s("件");
        }
        w.s("）");
    } else if r.total > 0 {
        w.s("（");
        w.n(r.total);
        w.s("件すべて未評価）");
    }
}

fn m_chart(w: &mut W, c: &ChartView) {
    w.s("\n<figure class=\"chart\" id=\"");
    w.e(&c.id);
    w.s("\">\n");
    let svg = t(&c.svg);
    if svg {
        w.s("<figcaption class=\"chart-title\">");
        w.e(&c.title);
        w.s("</figcaption>\n<div class=\"chart-image\">");
        w.s(c.svg.as_deref().unwrap_or_default());
        w.s("</div>");
    }
    w.s("\n<p class=\"chart-summary");
    if !svg {
        w.s(" chart-none");
    }
    w.s("\">");
    w.e(&c.summary);
    w.s("</p>\n");
    if let Some(table) = &c.table {
        w.s(SCROLL);
        w.s("\n<table class=\"chart-data\">\n<caption>");
        w.e(&table.caption);
        w.s("</caption>\n<thead><tr>");
        for h in &table.columns {
            w.s("<th scope=\"col\"");
            if h.num {
                w.s(" class=\"num\"");
            }
            w.s(">");
            w.e(&h.label);
            w.s("</th>");
        }
        w.s("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            w.s("<tr><th scope=\"row\">");
            if !row.class.is_empty() {
                w.s("<span class=\"grade grade-");
                w.e(&row.class);
                w.s("\">");
                if !row.symbol.is_empty() {
                    w.s("<span class=\"grade-symbol\">");
                    w.e(&row.symbol);
                    w.s("</span> ");
                }
                w.s("<span class=\"grade-label\">");
                w.e(&row.label);
                w.s("</span></span>");
            } else {
                w.e(&row.head);
            }
            w.s("</th>");
            cells(w, &row.cells);
            w.s("</tr>\n");
        }
        w.s("</tbody>\n");
        if !table.foot.is_empty() {
            w.s("<tfoot>\n");
            for row in &table.foot {
                w.s("<tr><th scope=\"row\">");
                w.e(&row.head);
                w.s("</th>");
                cells(w, &row.cells);
                w.s("</tr>\n");
            }
            w.s("</tfoot>");
        }
        w.s("\n</table>\n</div>");
    }
    w.s("\n</figure>\n");
}

fn cells(w: &mut W, cells: &[crate::charts::Cell]) {
    for x in cells {
        w.s("<td");
        if x.num {
            w.s(" class=\"num\"");
        }
        w.s(">");
        w.e(&x.text);
        w.s("</td>");
    }
}

fn m_scales(w: &mut W, groups: &[ScaleGroup], note: &str) {
    w.s("\n");
    if groups.len() > 1 {
        w.s("<p>年度によって評価の基準が異なります。各年度の評価と達成率は、その年度の基準によるものです。</p>");
    }
    w.s("\n");
    for s in groups {
        m_legend(w, &s.levels, &[&s.years, "の評価の基準"]);
    }
    w.s("\n<p>");
    w.e(note);
    w.s("</p>\n");
}

/// `{% for x in list %}<a href="{{ root }}{{ x.url }}">{{ x.label }}</a>{% if not loop.last %}、{% endif %}{% endfor %}`
fn link_list(w: &mut W, list: &[Link]) {
    for (k, x) in list.iter().enumerate() {
        if k > 0 {
            w.s("、");
        }
        w.s("<a href=\"");
        w.href(&x.url);
        w.s("\">");
        w.e(&x.label);
        w.s("</a>");
    }
}

fn served(w: &mut W, list: &[ServedItem]) {
    for s in list {
        w.s("<li><a href=\"");
        w.href(&s.url);
        w.s("\"><span class=\"plan-name\">");
        w.e(&s.plan);
        w.s("</span> <span class=\"code\">");
        w.e(&s.code);
        w.s("</span> ");
        w.e(&s.title);
        w.s("</a>（");
        link_list(w, &s.by);
        w.s("）</li>\n");
    }
}

// ---------------------------------------------------------------------------------------
// index.html

fn index(w: &mut W, d: &IndexData) {
    let site = w.site;
    w.s("\n<h1>");
    w.e(&site.title);
    w.s("</h1>\n");
    if t(&site.description) {
        w.s("<div class=\"lead prose\">");
        w.s(site.description.as_deref().unwrap_or_default());
        w.s("</div>");
    }
    w.s("\n\n");
    if let Some(latest) = &d.latest {
        w.s("\n<section aria-labelledby=\"latest-h\">\n<h2 id=\"latest-h\">");
        w.e(&latest.label);
        w.s("のようす</h2>\n<p class=\"big-figure\">全部局の達成率 ");
        m_rate(w, &latest.rate);
        w.s(" <span class=\"note\">");
        m_rate_note(w, &latest.rate);
        w.s("</span></p>\n");
        prev_change(w, latest);
        w.s("\n<p><a href=\"");
        w.href(&latest.url);
        w.s("\">");
        w.e(&latest.label);
        w.s("の部局別の達成状況</a></p>\n");
        if let Some(ev) = &d.evaluated {
            w.s("<p>");
            w.e(&latest.label);
            w.s("の目標は、年度末に評価されます。評価済みの最新年度は");
            w.e(&ev.label);
            w.s("です。</p>");
        }
        w.s("\n</section>\n");
        if let Some(ev) = &d.evaluated {
            w.s("\n<section aria-labelledby=\"evaluated-h\">\n<h2 id=\"evaluated-h\">");
            w.e(&ev.label);
            w.s("の達成状況（評価済みの最新年度）</h2>\n<p class=\"big-figure\">全部局の達成率 ");
            m_rate(w, &ev.rate);
            w.s(" <span class=\"note\">");
            m_rate_note(w, &ev.rate);
            w.s("</span></p>\n");
            prev_change(w, ev);
            w.s("\n");
            w.s(SCROLL);
            w.s("\n<table>\n<caption>");
            w.e(&ev.label);
            w.s("の部局別の達成率</caption>\n<thead><tr><th scope=\"col\">部局</th><th scope=\"col\" class=\"num\">達成率</th><th scope=\"col\" class=\"num\">前年度からの変化</th></tr></thead>\n<tbody>\n");
            for r in &ev.rows {
                w.s("<tr><th scope=\"row\"><a href=\"");
                w.href(r.report_url.as_deref().unwrap_or_default());
                w.s("\">");
                w.e(&r.name);
                w.s("</a></th><td class=\"num\">");
                m_rate(w, &r.rate);
                w.s("</td><td class=\"num\">");
                change_cell(w, &r.change, &r.arrow);
                w.s("</td></tr>\n");
            }
            w.s("</tbody>\n</table>\n</div>\n<p><a href=\"");
            w.href(&ev.url);
            w.s("\">");
            w.e(&ev.label);
            w.s("の達成状況の詳細</a></p>\n</section>\n");
        }
        w.s("\n");
    }
    w.s("\n\n<section aria-labelledby=\"depts-h\">\n<h2 id=\"depts-h\">部局</h2>\n");
    w.s(SCROLL);
    w.s("\n<table>\n<caption>部局ごとの最新の報告と達成率</caption>\n<thead><tr><th scope=\"col\">部局</th><th scope=\"col\">最新の報告</th><th scope=\"col\" class=\"num\">達成率</th></tr></thead>\n<tbody>\n");
    for dr in &d.departments {
        w.s("<tr><th scope=\"row\"><a href=\"");
        w.href(&dr.url);
        w.s("\">");
        w.e(&dr.name);
        w.s("</a></th><td>");
        match &dr.latest {
            Some(l) => {
                w.s("<a href=\"");
                w.href(&l.url);
                w.s("\">");
                w.e(&l.label);
                w.s("</a>");
            }
            None => w.s("報告なし"),
        }
        w.s("</td><td class=\"num\">");
        if let Some(l) = &dr.latest {
            m_rate(w, &l.rate);
        }
        w.s("</td></tr>\n");
    }
    w.s("</tbody>\n</table>\n</div>\n</section>\n\n<section aria-labelledby=\"years-h\">\n<h2 id=\"years-h\">年度</h2>\n");
    w.s(SCROLL);
    w.s("\n<table>\n<caption>年度ごとの全部局の達成率</caption>\n<thead><tr><th scope=\"col\">年度</th><th scope=\"col\" class=\"num\">報告数</th><th scope=\"col\" class=\"num\">達成率</th></tr></thead>\n<tbody>\n");
    for y in &d.years {
        w.s("<tr><th scope=\"row\"><a href=\"");
        w.href(&y.url);
        w.s("\">");
        w.e(&y.label);
        w.s("</a></th><td class=\"num\">");
        w.n(y.reports);
        w.s("部局</td><td class=\"num\">");
        m_rate(w, &y.rate);
        w.s("</td></tr>\n");
    }
    w.s("</tbody>\n</table>\n</div>\n</section>\n\n");
    if !d.plans.is_empty() {
        w.s("\n<section aria-labelledby=\"plans-h\">\n<h2 id=\"plans-h\">計画</h2>\n<ul class=\"link-list\">\n");
        for p in &d.plans {
            w.s("<li><a href=\"");
            w.href(&p.url);
            w.s("\">");
            w.e(&p.name);
            w.s("</a>");
            if !p.period.is_empty() {
                w.s("（");
                w.e(&p.period);
                w.s("）");
            }
            w.s("</li>\n");
        }
        w.s("</ul>\n</section>\n");
    }
    w.s("\n");
}

/// `{% if x.prev_rate and x.change %}<p>前年度（…）は …、<span aria-hidden="true">…</span> …。</p>{% endif %}`
fn prev_change(w: &mut W, y: &YearSummary) {
    if let Some(pr) = &y.prev_rate
        && !y.change.is_empty()
    {
        w.s("<p>前年度（");
        w.e(y
            .prev
            .as_ref()
            .map(|p| p.label.as_str())
            .unwrap_or_default());
        w.s("）は ");
        w.e(&pr.text);
        w.s("、<span aria-hidden=\"true\">");
        w.e(&y.arrow);
        w.s("</span> ");
        w.e(&y.change);
        w.s("。</p>");
    }
}

/// `{% if r.change %}<span aria-hidden="true">{{ r.arrow }}</span> {{ r.change }}{% else %}—{% endif %}`
fn change_cell(w: &mut W, change: &str, arrow: &str) {
    if !change.is_empty() {
        w.s("<span aria-hidden=\"true\">");
        w.e(arrow);
        w.s("</span> ");
        w.e(change);
    } else {
        w.s("—");
    }
}

// ---------------------------------------------------------------------------------------
// year.html

fn year(w: &mut W, d: &YearData) {
    let y = &d.y;
    w.s("\n<h1>");
    w.e(&y.label);
    w.s("の達成状況</h1>\n<nav class=\"pager\" aria-label=\"年度の移動\">\n");
    if let Some(p) = &y.prev {
        w.s("<a rel=\"prev\" href=\"");
        w.href(&p.url);
        w.s("\">← ");
        w.e(&p.label);
        w.s("</a>");
    }
    w.s("\n");
    if let Some(n) = &y.next {
        w.s("<a rel=\"next\" href=\"");
        w.href(&n.url);
        w.s("\">");
        w.e(&n.label);
        w.s(" →</a>");
    }
    w.s("\n</nav>\n<section aria-labelledby=\"sum-h\">\n<h2 id=\"sum-h\">全部局の達成率</h2>\n<p class=\"big-figure\">");
    m_rate(w, &y.rate);
    w.s(" <span class=\"note\">");
    m_rate_note(w, &y.rate);
    w.s("</span></p>\n");
    if let Some(pr) = &y.prev_rate {
        w.s("<p>前年度（");
        w.e(y
            .prev
            .as_ref()
            .map(|p| p.label.as_str())
            .unwrap_or_default());
        w.s("）: ");
        w.e(&pr.text);
        if !y.change.is_empty() {
            w.s("　変化: <span aria-hidden=\"true\">");
            w.e(&y.arrow);
            w.s("</span> ");
            w.e(&y.change);
        }
        w.s("</p>");
    }
    w.s("\n");
    m_chart(w, &d.charts.grades);
    w.s("\n</section>\n<section aria-labelledby=\"dept-h\">\n<h2 id=\"dept-h\">部局別の達成率</h2>\n");
    m_chart(w, &d.charts.departments);
    w.s("\n");
    w.s(SCROLL);
    w.s("\n<table>\n<caption>");
    w.e(&y.label);
    w.s("の部局別の達成率と前年度からの変化</caption>\n<thead><tr><th scope=\"col\">部局</th><th scope=\"col\" class=\"num\">達成率</th><th scope=\"col\" class=\"num\">前年度</th><th scope=\"col\" class=\"num\">変化</th></tr></thead>\n<tbody>\n");
    for r in &y.rows {
        w.s("<tr><th scope=\"row\"><a href=\"");
        w.href(r.report_url.as_deref().unwrap_or_default());
        w.s("\">");
        w.e(&r.name);
        w.s("</a></th><td class=\"num\">");
        m_rate(w, &r.rate);
        w.s("</td><td class=\"num\">");
        match &r.prev {
            Some(p) => w.e(&p.text),
            None => w.s("—"),
        }
        w.s("</td><td class=\"num\">");
        change_cell(w, &r.change, &r.arrow);
        w.s("</td></tr>\n");
    }
    w.s("</tbody>\n</table>\n</div>\n<p class=\"download\">目標ごとのデータ: <a href=\"");
    w.root();
    w.s("data/goals.csv\" download>全報告の目標の一覧（goals.csv）</a>・<a href=\"");
    w.root();
    w.s("data/index.html\">データの説明</a></p>\n");
    if !y.missing.is_empty() {
        w.s("<p>この年度の報告がない部局: ");
        link_list(w, &y.missing);
        w.s("</p>");
    }
    w.s("\n</section>\n");
    if !d.served.is_empty() {
        w.s("\n<section aria-labelledby=\"served-h\">\n<h2 id=\"served-h\">この年度に各部局が関わった計画の項目</h2>\n<ul class=\"served\">\n");
        served(w, &d.served);
        w.s("</ul>\n</section>\n");
    }
    w.s("\n\n<section aria-labelledby=\"scale-h\">\n<h2 id=\"scale-h\">評価の基準</h2>\n");
    m_legend(w, &y.scale, &[&y.label, "の評価の基準"]);
    w.s("\n<p>達成率は、評価が「達成」に数える記号の目標の数を、評価済みの目標（対象外を除く）の数で割ったものです。未評価の目標は含めません。</p>\n</section>\n");
}

// ---------------------------------------------------------------------------------------
// departments.html

fn departments(w: &mut W, d: &DepartmentsData) {
    w.s("\n<h1>部局一覧</h1>\n<ul class=\"cards\">\n");
    for dr in &d.departments {
        w.s("<li class=\"card\">\n<h2><a href=\"");
        w.href(&dr.url);
        w.s("\">");
        w.e(&dr.name);
        w.s("</a></h2>\n");
        if !dr.former.is_empty() {
            w.s("<p class=\"former\">旧名称: ");
            w.join(&dr.former);
            w.s("</p>");
        }
        w.s("\n");
        if let Some(l) = &dr.latest {
            w.s("<p>最新: <a href=\"");
            w.href(&l.url);
            w.s("\">");
            w.e(&l.label);
            w.s("</a>　達成率 ");
            m_rate(w, &l.rate);
            w.s("</p>");
        }
        w.s("\n");
        if !dr.years.is_empty() {
            w.s("<p class=\"years\">報告: ");
            link_list(w, &dr.years);
            w.s("</p>");
        }
        w.s("\n</li>\n");
    }
    w.s("</ul>\n");
}

// ---------------------------------------------------------------------------------------
// department.html

fn department(w: &mut W, d: &DepartmentData) {
    let empty = DeptRow {
        name: String::new(),
        url: String::new(),
        former: Vec::new(),
        years: Vec::new(),
        latest: None,
    };
    let dept = d.dept.as_ref().unwrap_or(&empty);
    w.s("\n<h1>");
    w.e(&dept.name);
    w.s("</h1>\n");
    if !dept.former.is_empty() {
        w.s("<p class=\"former\">旧名称: ");
        w.join(&dept.former);
        w.s("。名称が変わっても同じ部局として年度をまたいで表示しています。</p>");
    }
    w.s("\n");
    if !d.units.is_empty() {
        w.s("<p>所属する課・室: ");
        w.join(&d.units);
        w.s("</p>");
    }
    w.s("\n\n<section aria-labelledby=\"trend-h\">\n<h2 id=\"trend-h\">達成率の推移</h2>\n");
    m_chart(w, &d.charts.trend);
    w.s("\n");
    w.s(SCROLL);
    w.s("\n<table>\n<caption>");
    w.e(&dept.name);
    w.s("の年度別の達成率</caption>\n<thead><tr><th scope=\"col\">年度</th><th scope=\"col\">部局名</th><th scope=\"col\" class=\"num\">達成率</th><th scope=\"col\" class=\"num\">前年度からの変化</th></tr></thead>\n<tbody>\n");
    for tr in &d.trend {
        w.s("<tr><th scope=\"row\">");
        if t(&tr.url) {
            w.s("<a href=\"");
            w.href(tr.url.as_deref().unwrap_or_default());
            w.s("\">");
            w.e(&tr.label);
            w.s("</a>");
        } else {
            w.e(&tr.label);
        }
        w.s("</th><td>");
        w.e(&tr.name);
        w.s("</td><td class=\"num\">");
        match &tr.rate {
            Some(r) => m_rate(w, r),
            None => w.s("報告なし"),
        }
        w.s("</td><td class=\"num\">");
        change_cell(w, &tr.change, &tr.arrow);
        w.s("</td></tr>\n");
    }
    w.s("</tbody>\n</table>\n</div>\n</section>\n\n<section aria-labelledby=\"grades-h\">\n<h2 id=\"grades-h\">評価の内訳の推移</h2>\n");
    m_chart(w, &d.charts.grades);
    w.s("\n</section>\n\n");
    if !d.matrix.is_empty() {
        w.s("\n<section aria-labelledby=\"matrix-h\">\n<h2 id=\"matrix-h\">目標ごとの評価の推移</h2>\n<p>同じ目標（同じ id）を年度をまたいで並べています。「—」はその年度の報告にない目標、「報告なし」はその年度の報告がないことを示します。</p>\n");
        w.s(SCROLL);
        w.s("\n<table class=\"matrix\">\n<caption>");
        w.e(&dept.name);
        w.s("の目標×年度の評価</caption>\n<thead><tr><th scope=\"col\">目標</th>");
        for y in &d.years {
            w.s("<th scope=\"col\">");
            w.e(&y.label);
            w.s("</th>");
        }
        w.s("</tr></thead>\n<tbody>\n");
        for row in &d.matrix {
            w.s("<tr><th scope=\"row\">");
            w.e(&row.title);
            w.s("</th>");
            for c in &row.cells {
                w.s("<td>");
                if c.present {
                    w.s("<a href=\"");
                    w.href(&c.url);
                    w.s("\">");
                    m_grade(w, c.grade.as_ref().unwrap_or(&NO_GRADE));
                    w.s("</a>");
                } else if c.report {
                    w.s("—");
                } else {
                    w.s("<span class=\"gap\">報告なし</span>");
                }
                w.s("</td>");
            }
            w.s("</tr>\n");
        }
        w.s("</tbody>\n</table>\n</div>\n</section>\n");
    }
    w.s("\n\n");
    if !d.changes.is_empty() {
        w.s("\n<section aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">前年度からの変化</h2>\n<p>評価が下がった目標、前年度からなくなった目標（終了・統合）、新しく加わった目標を年度ごとに示します。</p>\n");
        for (k, y) in d.changes.iter().enumerate() {
            w.s("\n<section aria-labelledby=\"chg");
            w.n(k + 1);
            w.s("-h\">\n<h3 id=\"chg");
            w.n(k + 1);
            w.s("-h\"><a href=\"");
            w.href(&y.url);
            w.s("\">");
            w.e(&y.label);
            w.s("</a>（");
            w.e(&y.prev_label);
            w.s("との比較）</h3>\n");
            if !y.worse.is_empty() || !y.ended.is_empty() || !y.new.is_empty() {
                w.s("\n<ul class=\"worse-list\">\n");
                for g in &y.worse {
                    w.s("<li><span class=\"tag\">評価が下がった</span> <a href=\"");
                    w.href(&y.url);
                    w.s("#");
                    w.e(&g.anchor);
                    w.s("\">");
                    w.e(&g.title);
                    w.s("</a>: ");
                    m_grade(w, g.before.as_ref().unwrap_or(&NO_GRADE));
                    w.s(" <span aria-hidden=\"true\">→</span><span class=\"visually-hidden\">から</span> ");
                    m_grade(w, &g.now);
                    w.s("</li>\n");
                }
                for e in &y.ended {
                    w.s("<li><span class=\"tag\">終了・統合</span> <a href=\"");
                    w.href(&e.url);
                    w.s("\">");
                    w.e(&e.title);
                    w.s("</a>（前年度の評価: ");
                    m_grade(w, &e.before);
                    w.s("）</li>\n");
                }
                for g in &y.new {
                    w.s("<li><span class=\"tag\">新規</span> <a href=\"");
                    w.href(&y.url);
                    w.s("#");
                    w.e(&g.anchor);
                    w.s("\">");
                    w.e(&g.title);
                    w.s("</a></li>\n");
                }
                w.s("</ul>\n");
            } else {
                w.s("\n<p>評価が下がった目標、終了した目標、新規の目標はありません。</p>\n");
            }
            w.s("\n</section>\n");
        }
        w.s("\n</section>\n");
    }
    w.s("\n\n");
    if !d.series.is_empty() {
        w.s("\n<section aria-labelledby=\"series-h\">\n<h2 id=\"series-h\">指標の推移</h2>\n<p class=\"download\">指標のデータ: <a href=\"");
        w.root();
        w.s("data/indicators.csv\" download>全報告の指標の一覧（indicators.csv）</a>・<a href=\"");
        w.root();
        w.s("data/index.html\">データの説明</a></p>\n");
        for s in &d.series {
            w.s("\n");
            w.s(SCROLL);
            w.s("\n<table>\n<caption>");
            w.e(&s.name);
            if !s.unit.is_empty() {
                w.s("（単位: ");
                w.e(&s.unit);
                w.s("）");
            }
            if s.lower {
                w.s("　※小さいほど良い指標");
            }
            w.s("</caption>\n<thead><tr><th scope=\"col\">年度</th><th scope=\"col\" class=\"num\">目標値</th><th scope=\"col\" class=\"num\">実績</th><th scope=\"col\" class=\"num\">達成率</th></tr></thead>\n<tbody>\n");
            for p in &s.points {
                w.s("<tr><th scope=\"row\">");
                w.e(&p.label);
                w.s("</th>");
                if p.report {
                    w.s("<td class=\"num\">");
                    or_text(w, &p.target, "—");
                    w.s("</td><td class=\"num\">");
                    or_text(w, &p.actual, "未測定");
                    w.s("</td><td class=\"num\">");
                    or_text(w, &p.rate, "—");
                    w.s("</td>");
                } else {
                    w.s("<td colspan=\"3\" class=\"gap\">報告なし</td>");
                }
                w.s("</tr>\n");
            }
            w.s("</tbody>\n</table>\n</div>\n");
        }
        w.s("\n</section>\n");
    }
    w.s("\n\n");
    if !d.served.is_empty() {
        w.s("\n<section aria-labelledby=\"served-h\">\n<h2 id=\"served-h\">この部局が関わる計画の項目</h2>\n<ul class=\"served\">\n");
        served(w, &d.served);
        w.s("</ul>\n</section>\n");
    }
    w.s("\n\n");
    if !d.scales.is_empty() {
        w.s("\n<section aria-labelledby=\"scale-h\">\n<h2 id=\"scale-h\">評価の基準</h2>\n");
        m_scales(
            w,
            &d.scales,
            "達成率は、「達成」に数える評価の目標の数を、評価済みの目標（対象外を除く）の数で割ったものです。未評価の目標は含めません。",
        );
        w.s("\n</section>\n");
    }
    w.s("\n\n<section aria-labelledby=\"reports-h\">\n<h2 id=\"reports-h\">年度別の報告</h2>\n<ul class=\"link-list\">\n");
    for y in &dept.years {
        w.s("<li><a href=\"");
        w.href(&y.url);
        w.s("\">");
        w.e(&y.label);
        w.s("</a></li>\n");
    }
    w.s("</ul>\n</section>\n");
}

/// What `m::grade` draws for a missing grade (tera reads fields of null as empty).
static NO_GRADE: GradeView = GradeView {
    symbol: String::new(),
    label: String::new(),
    class: String::new(),
    derived: false,
    derived_from: None,
    excluded: false,
};

/// `{% if x %}{{ x }}{% else %}…{% endif %}`
fn or_text(w: &mut W, x: &str, otherwise: &str) {
    if !x.is_empty() {
        w.e(x);
    } else {
        w.s(otherwise);
    }
}

/// `{% if x %}{{ x }}{% endif %}` for an optional prose block, marked safe.
fn prose(w: &mut W, x: &Option<String>) -> bool {
    if t(x) {
        w.s(x.as_deref().unwrap_or_default());
        true
    } else {
        false
    }
}

// ---------------------------------------------------------------------------------------
// report.html

fn report(w: &mut W, d: &ReportData) {
    let r = &d.r;
    let h = |k: &str| hd(r, k);
    w.s("\n<article class=\"report\">\n<h1>");
    w.e(&r.title);
    w.s("</h1>\n<dl class=\"meta\">\n  <div><dt>部局</dt><dd><a href=\"");
    w.root();
    w.s("departments/");
    w.e(&r.dept_slug);
    w.s("/index.html\">");
    w.e(&r.dept_name);
    w.s("</a>");
    if r.dept_name != r.dept_current_name {
        w.s("（現在の名称: ");
        w.e(&r.dept_current_name);
        w.s("）");
    }
    w.s("</dd></div>\n  <div><dt>年度</dt><dd><a href=\"");
    w.href(&d.year_url);
    w.s("\">");
    w.e(&r.year_label);
    w.s("</a></dd></div>\n  <div><dt>種類</dt><dd>");
    w.e(&r.kind);
    w.s("</dd></div>\n  ");
    if !r.published.is_empty() {
        w.s("<div><dt>公表日</dt><dd><time datetime=\"");
        w.e(&r.published_iso);
        w.s("\">");
        w.e(&r.published);
        w.s("</time></dd></div>");
    }
    w.s("\n  ");
    if !r.updated.is_empty() {
        w.s("<div><dt>更新日</dt><dd><time datetime=\"");
        w.e(&r.updated_iso);
        w.s("\">");
        w.e(&r.updated);
        w.s("</time></dd></div>");
    }
    w.s("\n  ");
    if !r.source_page_id.is_empty() {
        w.s("<div><dt>ページID</dt><dd>");
        w.e(&r.source_page_id);
        w.s("</dd></div>");
    }
    w.s("\n  ");
    if !r.source_title.is_empty() {
        w.s("<div><dt>元のページ</dt><dd>");
        if !r.source_url.is_empty() {
            w.s("<a href=\"");
            w.e(&r.source_url);
            w.s("\">");
            w.e(&r.source_title);
            w.s("</a>");
        } else {
            w.e(&r.source_title);
        }
        w.s("</dd></div>");
    }
    w.s("\n  <div><dt>達成率</dt><dd>");
    m_rate(w, &r.rate);
    w.s(" ");
    m_rate_note(w, &r.rate);
    w.s("</dd></div>\n</dl>\n<nav class=\"pager\" aria-label=\"この部局のほかの年度\">\n");
    if let Some(p) = &d.prev {
        w.s("<a rel=\"prev\" href=\"");
        w.href(&p.url);
        w.s("\">← ");
        w.e(&p.label);
        w.s("</a>");
    }
    w.s("\n");
    if let Some(n) = &d.next {
        w.s("<a rel=\"next\" href=\"");
        w.href(&n.url);
        w.s("\">");
        w.e(&n.label);
        w.s(" →</a>");
    }
    w.s("\n</nav>\n<div class=\"print-tools\">\n<button type=\"button\" class=\"print-button\" data-print hidden>このページを印刷する</button>\n<p class=\"note\" data-print-hint>印刷するときは、ブラウザーの印刷機能（Ctrl+P、Mac は ⌘+P）を使ってください。A4 に収まるように整えて印刷されます。</p>\n</div>\n\n");
    if r.head.is_some() || !r.officers.is_empty() {
        w.s("\n<section aria-labelledby=\"officers-h\">\n<h2 id=\"officers-h\">");
        w.e(h("officers"));
        w.s("</h2>\n<ul class=\"people\">\n");
        if let Some(p) = &r.head {
            person(w, p);
        }
        w.s("\n");
        for o in &r.officers {
            person(w, o);
        }
        w.s("\n</ul>\n</section>\n");
    }
    w.s("\n\n");
    for (key, text) in [
        ("message", &r.message),
        ("mission", &r.mission),
        ("policy", &r.policy),
        ("review", &r.review),
    ] {
        if t(text) {
            w.s("<section aria-labelledby=\"");
            w.s(key);
            w.s("-h\"><h2 id=\"");
            w.s(key);
            w.s("-h\">");
            w.e(h(key));
            w.s("</h2><div class=\"prose\">");
            prose(w, text);
            w.s("</div></section>");
        }
        w.s("\n");
    }
    if !r.duties.is_empty() {
        w.s("<section aria-labelledby=\"duties-h\"><h2 id=\"duties-h\">");
        w.e(h("duties"));
        w.s("</h2><ul>");
        for x in &r.duties {
            w.s("<li>");
            w.s(x);
            w.s("</li>");
        }
        w.s("</ul></section>");
    }
    w.s("\n\n");
    if r.budget.is_some() || r.staff.is_some() {
        resources(w, r);
    }
    w.s("\n\n");
    if !r.challenges.is_empty() {
        w.s("\n<section aria-labelledby=\"challenges-h\">\n<h2 id=\"challenges-h\">");
        w.e(h("challenges"));
        w.s("</h2>\n");
        for (k, c) in r.challenges.iter().enumerate() {
            w.s("\n<section class=\"entry\" id=\"");
            w.e(&c.anchor);
            w.s("\" aria-labelledby=\"");
            w.e(&c.anchor);
            w.s("-h\">\n<h3 id=\"");
            w.e(&c.anchor);
            w.s("-h\"><span class=\"goal-number\">");
            w.e(h("challenge"));
            w.n(k + 1);
            w.s("</span> ");
            w.e(&c.title);
            w.s("</h3>\n");
            labelled_prose(w, h("challenge_description"), &c.description);
            w.s("\n");
            labelled_prose(w, h("challenge_response"), &c.response);
            w.s("\n");
            if !c.sections.is_empty() {
                w.s("<p>担当課: ");
                w.join(&c.sections);
                w.s("</p>");
            }
            w.s("\n");
            refs_block(w, h("plan_refs"), &c.plan);
            w.s("\n</section>\n");
        }
        w.s("\n</section>\n");
    }
    w.s("\n\n");
    if !r.goals.is_empty() {
        goals(w, r);
    }
    w.s("\n\n");
    compare(w, r, &r.compare);
    w.s("\n\n");
    if !r.projects.is_empty() {
        w.s("\n<section aria-labelledby=\"projects-h\">\n<h2 id=\"projects-h\">");
        w.e(h("projects"));
        w.s("</h2>\n");
        for p in &r.projects {
            w.s("\n<section class=\"entry\" id=\"");
            w.e(&p.anchor);
            w.s("\" aria-labelledby=\"");
            w.e(&p.anchor);
            w.s("-h\">\n<h3 id=\"");
            w.e(&p.anchor);
            w.s("-h\">");
            w.e(&p.name);
            w.s("</h3>\n<dl class=\"facts\">\n  ");
            if !p.budget.is_empty() {
                w.s("<div><dt>");
                w.e(h("project_budget"));
                w.s("</dt><dd>");
                w.e(&p.budget);
                w.s("</dd></div>");
            }
            w.s("\n  ");
            if !p.sections.is_empty() {
                w.s("<div><dt>");
                w.e(h("project_sections"));
                w.s("</dt><dd>");
                w.join(&p.sections);
                w.s("</dd></div>");
            }
            w.s("\n  ");
            if !p.challenges.is_empty() || !p.challenge_titles.is_empty() {
                w.s("<div><dt>");
                w.e(h("project_challenges"));
                w.s("</dt><dd>");
                for (k, c) in p.challenges.iter().enumerate() {
                    w.s("<a href=\"");
                    w.e(&c.url);
                    w.s("\">");
                    w.e(&c.label);
                    w.s("</a>");
                    if k + 1 < p.challenges.len() {
                        w.s("、");
                    }
                }
                if !p.challenges.is_empty() && !p.challenge_titles.is_empty() {
                    w.s("、");
                }
                w.join(&p.challenge_titles);
                w.s("</dd></div>");
            }
            w.s("\n</dl>\n");
            if t(&p.description) {
                w.s("<div class=\"prose\">");
                prose(w, &p.description);
                w.s("</div>");
            }
            w.s("\n");
            labelled_prose(w, h("project_target"), &p.target);
            w.s("\n");
            refs_block(w, h("plan_refs"), &p.plan);
            w.s("\n</section>\n");
        }
        w.s("\n</section>\n");
    }
    w.s("\n\n");
    if !r.midterm.is_empty() {
        w.s("\n<section aria-labelledby=\"midterm-h\">\n<h2 id=\"midterm-h\">");
        w.e(h("midterm"));
        w.s("</h2>\n");
        for m in &r.midterm {
            w.s("\n<section class=\"entry\" id=\"");
            w.e(&m.anchor);
            w.s("\" aria-labelledby=\"");
            w.e(&m.anchor);
            w.s("-h\">\n<h3 id=\"");
            w.e(&m.anchor);
            w.s("-h\">");
            w.e(&m.title);
            w.s("</h3>\n");
            if !m.period.is_empty() {
                w.s("<p>期間: ");
                w.e(&m.period);
                w.s("</p>");
            }
            w.s("\n");
            labelled_prose(w, h("midterm_body"), &m.body);
            w.s("\n");
            labelled_prose(w, h("midterm_schedule"), &m.schedule);
            w.s("\n");
            refs_block(w, h("plan_refs"), &m.plan);
            w.s("\n</section>\n");
        }
        w.s("\n</section>\n");
    }
    w.s("\n\n");
    if !r.serves.is_empty() {
        w.s("\n<section aria-labelledby=\"serves-h\">\n<h2 id=\"serves-h\">この報告が関わる計画の項目</h2>\n");
        m_refs(w, &r.serves);
        w.s("\n</section>\n");
    }
    w.s("\n\n<section aria-labelledby=\"scale-h\">\n<h2 id=\"scale-h\">評価の基準（");
    w.e(&r.year_label);
    w.s("）</h2>\n");
    m_legend(w, &r.scale, &[&r.year_label, "の評価の基準"]);
    w.s("\n");
    if r.any_derived {
        w.s("<p>「指標から算出」は、評価が書かれていない目標について、すべての指標の達成率の平均から求めた評価です。</p>");
    }
    w.s("\n</section>\n\n<section aria-labelledby=\"contact-h\">\n<h2 id=\"contact-h\">問い合わせ先</h2>\n<p>");
    w.e(&r.dept_name);
    if !r.units.is_empty() {
        w.s("（");
        w.join(&r.units);
        w.s("）");
    }
    w.s("</p>\n</section>\n</article>\n");
}

/// `r.headings[k]`.
fn hd<'a>(r: &'a ReportView, k: &str) -> &'a str {
    r.headings.get(k).map(String::as_str).unwrap_or_default()
}

fn person(w: &mut W, p: &PersonView) {
    w.s("<li><span class=\"role-title\">");
    w.e(&p.title);
    w.s("</span> ");
    w.e(&p.name);
    if !p.role.is_empty() {
        w.s("（");
        w.e(&p.role);
        w.s("）");
    }
    w.s("</li>");
}

/// `{% if x %}<h4>{{ label }}</h4><div class="prose">{{ x | safe }}</div>{% endif %}`
fn labelled_prose(w: &mut W, label: &str, x: &Option<String>) {
    if t(x) {
        w.s("<h4>");
        w.e(label);
        w.s("</h4><div class=\"prose\">");
        prose(w, x);
        w.s("</div>");
    }
}

/// `{% if x.plan %}<div class="refs"><span class="label">…</span>{{ m::refs(…) }}</div>{% endif %}`
fn refs_block(w: &mut W, label: &str, list: &[RefView]) {
    if !list.is_empty() {
        w.s("<div class=\"refs\"><span class=\"label\">");
        w.e(label);
        w.s("</span>");
        m_refs(w, list);
        w.s("</div>");
    }
}

fn resources(w: &mut W, r: &ReportView) {
    let h = |k: &str| hd(r, k);
    w.s("\n<section aria-labelledby=\"resources-h\">\n<h2 id=\"resources-h\">");
    w.e(h("resources"));
    w.s("</h2>\n");
    if !r.resources_as_of.is_empty() {
        w.s("<p>");
        w.e(&r.resources_as_of);
        w.s("現在</p>");
    }
    w.s("\n");
    if let Some(b) = &r.budget {
        w.s("\n");
        w.s(SCROLL);
        w.s("\n<table>\n<caption>予算");
        if !b.basis.is_empty() {
            w.s("（");
            w.e(&b.basis);
            w.s("）");
        }
        w.s("</caption>\n<thead><tr><th scope=\"col\">会計</th><th scope=\"col\" class=\"num\">この部局</th><th scope=\"col\" class=\"num\">市全体</th><th scope=\"col\" class=\"num\">市全体に占める割合</th></tr></thead>\n<tbody>\n");
        for (name, amount, city, share) in [
            (
                "一般会計",
                &b.general,
                &b.general_city_total,
                &b.general_share,
            ),
            (
                "特別会計",
                &b.special,
                &b.special_city_total,
                &b.special_share,
            ),
        ] {
            if !amount.is_empty() {
                w.s("<tr><th scope=\"row\">");
                w.s(name);
                w.s("</th><td class=\"num\">");
                w.e(amount);
                w.s("</td><td class=\"num\">");
                or_text(w, city, "—");
                w.s("</td><td class=\"num\">");
                or_text(w, share, "—");
                w.s("</td></tr>");
            }
            w.s("\n");
        }
        if !b.total.is_empty() {
            w.s("<tr><th scope=\"row\">合計</th><td class=\"num\">");
            w.e(&b.total);
            w.s("</td><td class=\"num\">—</td><td class=\"num\">—</td></tr>");
        }
        w.s("\n</tbody>\n</table>\n</div>\n");
    }
    w.s("\n");
    if let Some(st) = &r.staff {
        w.s("\n");
        if !st.rows.is_empty() {
            w.s("\n");
            w.s(SCROLL);
            w.s("\n<table>\n<caption>");
            w.e(h("staff"));
            w.s("（人）</caption>\n<thead><tr><th scope=\"col\">課・室</th>");
            for c in &st.columns {
                w.s("<th scope=\"col\" class=\"num\">");
                w.e(c);
                w.s("</th>");
            }
            w.s("<th scope=\"col\" class=\"num\">合計</th></tr></thead>\n<tbody>\n");
            for row in &st.rows {
                w.s("<tr><th scope=\"row\">");
                w.e(&row.unit);
                w.s("</th>");
                for c in &row.cells {
                    w.s("<td class=\"num\">");
                    or_text(w, c, "—");
                    w.s("</td>");
                }
                w.s("<td class=\"num\">");
                w.e(&row.total);
                if row.total_differs {
                    w.s("<span class=\"note\">（内訳の計 ");
                    w.e(&row.sum);
                    w.s("）</span>");
                }
                w.s("</td></tr>\n");
            }
            w.s("</tbody>\n<tfoot><tr><th scope=\"row\">計</th>");
            for s in &st.sums {
                w.s("<td class=\"num\">");
                w.e(s);
                w.s("</td>");
            }
            w.s("<td class=\"num\">");
            w.e(&st.total);
            w.s("</td></tr></tfoot>\n</table>\n</div>\n");
        }
        w.s("\n");
        if !st.stated.is_empty() {
            w.s("<ul>");
            for (k, v) in &st.stated {
                w.s("<li>");
                w.e(k);
                w.s(": ");
                w.e(v);
                w.s("</li>");
            }
            w.s("</ul>");
        }
        w.s("\n");
    }
    w.s("\n</section>\n");
}

fn goals(w: &mut W, r: &ReportView) {
    let h = |k: &str| hd(r, k);
    w.s("\n<section aria-labelledby=\"goals-h\">\n<h2 id=\"goals-h\">");
    w.e(h("goals"));
    w.s("</h2>\n<p>達成率 ");
    m_rate(w, &r.rate);
    w.s(" ");
    m_rate_note(w, &r.rate);
    w.s("</p>\n");
    m_chart(w, &r.grade_chart);
    w.s("\n<p class=\"download\">この表のデータ: <a href=\"");
    w.root();
    w.s("data/goals.csv\" download>全報告の目標の一覧（goals.csv）</a>・<a href=\"");
    w.root();
    w.s("data/index.html\">データの説明</a></p>\n");
    for g in &r.goals {
        w.s("\n<section class=\"entry goal\" id=\"");
        w.e(&g.anchor);
        w.s("\" aria-labelledby=\"");
        w.e(&g.anchor);
        w.s("-h\">\n<h3 id=\"");
        w.e(&g.anchor);
        w.s("-h\"><span class=\"goal-number\">");
        w.e(h("goals"));
        w.s(" ");
        w.e(&g.number);
        w.s("</span> ");
        w.e(&g.title);
        w.s("</h3>\n<dl class=\"facts\">\n  <div><dt>評価</dt><dd>");
        m_grade(w, &g.grade);
        w.s("</dd></div>\n  ");
        if !g.field.is_empty() {
            w.s("<div><dt>分野</dt><dd>");
            w.e(&g.field);
            w.s("</dd></div>");
        }
        w.s("\n  ");
        if !g.sections.is_empty() {
            w.s("<div><dt>");
            w.e(h("goal_sections"));
            w.s("</dt><dd>");
            w.join(&g.sections);
            w.s("</dd></div>");
        }
        w.s("\n</dl>\n");
        refs_block(w, h("plan_refs"), &g.plan);
        w.s("\n");
        labelled_prose(w, h("goal_aim"), &g.aim);
        w.s("\n");
        labelled_prose(w, h("goal_target"), &g.target_text);
        w.s("\n");
        labelled_prose(w, h("goal_actions"), &g.actions);
        w.s("\n");
        if !g.initiatives.is_empty() {
            w.s("\n");
            w.s(SCROLL);
            w.s("\n<table class=\"initiatives\">\n<caption>");
            w.e(&g.title);
            w.s("の取組</caption>\n<thead><tr><th scope=\"col\">");
            w.e(h("goal_aim"));
            w.s("</th><th scope=\"col\">");
            w.e(h("goal_actions"));
            w.s("</th><th scope=\"col\">");
            w.e(h("goal_results"));
            w.s("</th><th scope=\"col\">");
            w.e(h("goal_status"));
            w.s("</th><th scope=\"col\">");
            w.e(h("goal_sections"));
            w.s("</th></tr></thead>\n<tbody>\n");
            for i in &g.initiatives {
                w.s("<tr><td>");
                if !prose(w, &i.aim) {
                    w.s("（上に同じ）");
                }
                w.s("</td><td>");
                prose(w, &i.actions);
                w.s("</td><td>");
                if !prose(w, &i.results) {
                    w.s("<span class=\"muted\">未記入</span>");
                }
                w.s("</td><td>");
                prose(w, &i.status);
                if let Some(gr) = &i.grade {
                    m_grade(w, gr);
                }
                w.s("</td><td>");
                w.join(&i.sections);
                w.s("</td></tr>\n");
            }
            w.s("</tbody>\n</table>\n</div>\n");
        }
        w.s("\n");
        if !g.indicators.is_empty() {
            w.s("\n");
            w.s(SCROLL);
            w.s("\n<table class=\"indicators\">\n<caption>");
            w.e(&g.title);
            w.s("の指標</caption>\n<thead><tr><th scope=\"col\">指標</th><th scope=\"col\" class=\"num\">基準値</th><th scope=\"col\" class=\"num\">目標値</th><th scope=\"col\" class=\"num\">実績</th><th scope=\"col\" class=\"num\">達成率</th></tr></thead>\n<tbody>\n");
            for i in &g.indicators {
                w.s("<tr><th scope=\"row\">");
                w.e(&i.name);
                if !i.unit.is_empty() {
                    w.s("（");
                    w.e(&i.unit);
                    w.s("）");
                }
                if i.lower {
                    w.s("<span class=\"note\">小さいほど良い</span>");
                }
                w.s("</th><td class=\"num\">");
                if !i.baseline.is_empty() {
                    w.e(&i.baseline);
                    if !i.baseline_label.is_empty() {
                        w.s("<span class=\"note\">（");
                        w.e(&i.baseline_label);
                        w.s("）</span>");
                    }
                } else {
                    w.s("—");
                }
                w.s("</td><td class=\"num\">");
                or_text(w, &i.target, "—");
                w.s("</td><td class=\"num\">");
                if !i.actual.is_empty() {
                    if i.approximate {
                        w.s("約");
                    }
                    w.e(&i.actual);
                    if !i.actual_label.is_empty() {
                        w.s("<span class=\"note\">（");
                        w.e(&i.actual_label);
                        w.s("）</span>");
                    }
                } else {
                    w.s("未測定");
                }
                w.s("</td><td class=\"num\">");
                or_text(w, &i.rate, "—");
                w.s("</td></tr>\n");
            }
            w.s("</tbody>\n</table>\n</div>\n<p class=\"download\">指標のデータ: <a href=\"");
            w.root();
            w.s("data/indicators.csv\" download>全報告の指標の一覧（indicators.csv）</a></p>\n<div class=\"chart-grid\">");
            for i in &g.indicators {
                m_chart(w, &i.chart);
            }
            w.s("</div>\n");
        }
        w.s("\n");
        labelled_prose(w, h("goal_results"), &g.results);
        w.s("\n");
        labelled_prose(w, h("goal_status"), &g.status);
        w.s("\n");
        labelled_prose(w, h("goal_evaluation"), &g.evaluation);
        w.s("\n");
        labelled_prose(w, h("goal_next"), &g.next);
        w.s("\n</section>\n");
    }
    w.s("\n</section>\n");
}

fn compare(w: &mut W, r: &ReportView, c: &CompareView) {
    w.s("<section aria-labelledby=\"compare-h\">\n<h2 id=\"compare-h\">前年度との比較</h2>\n");
    if t(&c.prev_url) {
        w.s("\n<p><a href=\"");
        w.href(c.prev_url.as_deref().unwrap_or_default());
        w.s("\">");
        w.e(&c.prev_label);
        w.s("の報告</a>と比べています（同じ id の目標・指標を同じものとして扱います）。評価が上がった目標 ");
        w.n(c.better);
        w.s("件、下がった目標 ");
        w.n(c.worse);
        w.s("件、新規 ");
        w.n(c.new);
        w.s("件、前年度から終了・統合 ");
        w.n(c.ended.len());
        w.s("件。</p>\n");
        w.s(SCROLL);
        w.s("\n<table class=\"compare\">\n<caption>目標ごとの評価の変化（");
        w.e(&c.prev_label);
        w.s(" → ");
        w.e(&r.year_label);
        w.s("）</caption>\n<thead><tr><th scope=\"col\">目標</th><th scope=\"col\">前年度</th><th scope=\"col\">今年度</th><th scope=\"col\">変化</th></tr></thead>\n<tbody>\n");
        for g in &c.goals {
            w.s("<tr class=\"trend-");
            w.e(&g.trend);
            w.s("\"><th scope=\"row\"><a href=\"#");
            w.e(&g.anchor);
            w.s("\">");
            w.e(&g.number);
            w.s(" ");
            w.e(&g.title);
            w.s("</a></th><td>");
            if g.new {
                w.s("<span class=\"tag\">新規</span>");
            } else if let Some(b) = &g.before {
                m_grade(w, b);
            }
            w.s("</td><td>");
            m_grade(w, &g.now);
            w.s("</td><td>");
            if !g.arrow.is_empty() {
                w.s("<span aria-hidden=\"true\">");
                w.e(&g.arrow);
                w.s("</span> ");
            }
            w.e(&g.word);
            w.s("</td></tr>\n");
        }
        for e in &c.ended {
            w.s("<tr class=\"ended\"><th scope=\"row\"><a href=\"");
            w.href(&e.url);
            w.s("\">");
            w.e(&e.title);
            w.s("</a></th><td>");
            m_grade(w, &e.before);
            w.s("</td><td><span class=\"tag\">終了・統合</span></td><td>今年度の報告にはありません</td></tr>\n");
        }
        w.s("</tbody>\n</table>\n</div>\n");
        if !c.indicators.is_empty() {
            w.s("\n");
            w.s(SCROLL);
            w.s("\n<table class=\"compare-indicators\">\n<caption>指標の実績の変化（");
            w.e(&c.prev_label);
            w.s(" → ");
            w.e(&r.year_label);
            w.s("）</caption>\n<thead><tr><th scope=\"col\">指標</th><th scope=\"col\" class=\"num\">前年度の実績</th><th scope=\"col\" class=\"num\">今年度の実績</th><th scope=\"col\" class=\"num\">増減</th><th scope=\"col\" class=\"num\">増減率</th><th scope=\"col\">評価</th></tr></thead>\n<tbody>\n");
            for i in &c.indicators {
                w.s("<tr><th scope=\"row\">");
                w.e(&i.name);
                if !i.unit.is_empty() {
                    w.s("（");
                    w.e(&i.unit);
                    w.s("）");
                }
                if i.lower {
                    w.s("<span class=\"note\">小さいほど良い</span>");
                }
                w.s("</th><td class=\"num\">");
                w.e(&i.before);
                w.s("</td><td class=\"num\">");
                w.e(&i.now);
                w.s("</td><td class=\"num\">");
                or_text(w, &i.delta, "—");
                w.s("</td><td class=\"num\">");
                or_text(w, &i.delta_pct, "—");
                w.s("</td><td>");
                if !i.arrow.is_empty() {
                    w.s("<span aria-hidden=\"true\">");
                    w.e(&i.arrow);
                    w.s("</span> ");
                }
                or_text(w, &i.word, "—");
                w.s("</td></tr>\n");
            }
            w.s("</tbody>\n</table>\n</div>\n");
        }
        w.s("\n");
    } else {
        w.s("\n<p>");
        w.e(&c.prev_label);
        w.s("の報告がないため、比較できません。</p>\n");
    }
    w.s("\n</section>");
}

// ---------------------------------------------------------------------------------------
// plans.html, plan.html, plan_item.html

fn plans(w: &mut W, d: &PlansData) {
    w.s("\n<h1>計画一覧</h1>\n<p>各部局の目標や課題が、どの計画のどの項目に関わっているかを見ることができます。</p>\n<ul class=\"cards\">\n");
    for p in &d.plans {
        w.s("<li class=\"card\">\n<h2><a href=\"");
        w.href(&p.url);
        w.s("\">");
        w.e(&p.name);
        w.s("</a></h2>\n");
        if !p.period.is_empty() {
            w.s("<p>計画期間: ");
            w.e(&p.period);
            w.s("</p>");
        }
        w.s("\n<p>項目数 ");
        w.n(p.items);
        if p.unreferenced > 0 {
            w.s("　うち、どの報告からも参照されていない項目 ");
            w.n(p.unreferenced);
        }
        w.s("</p>\n</li>\n");
    }
    w.s("</ul>\n");
}

fn plan(w: &mut W, d: &PlanData) {
    let p = &d.plan;
    w.s("\n<h1>");
    w.e(&p.name);
    w.s("</h1>\n");
    if !p.period.is_empty() {
        w.s("<p>計画期間: ");
        w.e(&p.period);
        w.s("</p>");
    }
    w.s("\n");
    if t(&p.body) {
        w.s("<div class=\"prose\">");
        prose(w, &p.body);
        w.s("</div>");
    }
    w.s("\n");
    if !p.revision_notes.is_empty() {
        w.s("<section aria-labelledby=\"notes-h\"><h2 id=\"notes-h\">修正の書き込み</h2><ul>");
        for n in &p.revision_notes {
            w.s("<li>");
            w.e(n);
            w.s("</li>");
        }
        w.s("</ul></section>");
    }
    w.s("\n<section aria-labelledby=\"tree-h\">\n<h2 id=\"tree-h\">項目と、関わる目標・課題・事業</h2>\n<p>各年度の数は、その項目（下位の項目を含む）に関わる目標・課題・事業・中期目標の件数です。達成率はそのうち目標の達成率です。<span class=\"unref-mark\">参照なし</span>の項目は、どの報告からも参照されていません。</p>\n");
    w.s(SCROLL);
    w.s("\n<table class=\"plan-tree\">\n<caption>");
    w.e(&p.name);
    w.s("の項目</caption>\n<thead><tr><th scope=\"col\">項目</th>");
    for y in &d.years {
        w.s("<th scope=\"col\" class=\"num\">");
        w.e(y);
        w.s("</th>");
    }
    w.s("</tr></thead>\n<tbody>\n");
    for row in &d.rows {
        w.s("<tr class=\"depth-");
        w.n(row.depth);
        w.s("\"><th scope=\"row\"><span class=\"indent\">");
        if !row.level.is_empty() {
            w.s("<span class=\"level\">");
            w.e(&row.level);
            w.s("</span> ");
        }
        w.s("<a href=\"");
        w.href(&row.url);
        w.s("\"><span class=\"code\">");
        w.e(&row.code);
        w.s("</span> ");
        w.e(&row.title);
        w.s("</a>");
        if row.subtree_refs == 0 {
            w.s(" <span class=\"unref-mark\">参照なし</span>");
        }
        w.s("</span></th>");
        for c in &row.cells {
            w.s("<td class=\"num\">");
            if c.total > 0 {
                w.s("<span class=\"count\">");
                w.n(c.total);
                w.s("件</span>");
                if c.rate.counted > 0 {
                    w.s(" <span class=\"cell-rate\">");
                    w.e(&c.rate.text);
                    w.s("</span>");
                }
            } else {
                w.s("—");
            }
            w.s("</td>");
        }
        w.s("</tr>\n");
    }
    w.s("</tbody>\n</table>\n</div>\n</section>\n");
}

fn item(w: &mut W, d: &ItemData) {
    w.s("\n<h1>");
    if !d.level.is_empty() {
        w.s("<span class=\"level\">");
        w.e(&d.level);
        w.s("</span> ");
    }
    w.s("<span class=\"code\">");
    w.e(&d.code);
    w.s("</span> ");
    w.e(&d.item_title);
    w.s("</h1>\n<p>");
    w.e(&d.plan.name);
    if !d.plan.period.is_empty() {
        w.s("（");
        w.e(&d.plan.period);
        w.s("）");
    }
    w.s("</p>\n");
    if d.implied {
        w.s("<p class=\"muted\">この項目は計画のファイルに名称が書かれていないため、コードだけを表示しています。</p>");
    }
    w.s("\n");
    if t(&d.body) {
        w.s("<div class=\"prose\">");
        prose(w, &d.body);
        w.s("</div>");
    }
    w.s("\n");
    if let Some(c) = &d.continues {
        w.s("<p>前の計画の <a href=\"");
        w.href(&c.url);
        w.s("\">");
        w.e(&c.label);
        w.s("</a> を引き継いでいます。</p>");
    }
    w.s("\n");
    if !d.continued_by.is_empty() {
        w.s("<p>この項目は次の計画に引き継がれています: ");
        link_list(w, &d.continued_by);
        w.s("</p>");
    }
    w.s("\n");
    if !d.children.is_empty() {
        w.s("\n<section aria-labelledby=\"children-h\">\n<h2 id=\"children-h\">下位の項目</h2>\n<ul class=\"link-list\">");
        for c in &d.children {
            w.s("<li><a href=\"");
            w.href(&c.url);
            w.s("\">");
            w.e(&c.label);
            w.s("</a></li>");
        }
        w.s("</ul>\n</section>\n");
    }
    w.s("\n");
    if let Some(c) = &d.chart {
        w.s("\n<section aria-labelledby=\"rate-h\">\n<h2 id=\"rate-h\">目標の達成率の推移</h2>\n");
        m_chart(w, c);
        w.s("\n</section>\n");
    }
    w.s("\n<section aria-labelledby=\"refs-h\">\n<h2 id=\"refs-h\">この項目に関わる目標・課題・事業</h2>\n");
    if !d.ref_years.is_empty() {
        w.s("\n");
        for (k, y) in d.ref_years.iter().enumerate() {
            w.s("\n<section aria-labelledby=\"y");
            w.n(k + 1);
            w.s("-h\">\n<h3 id=\"y");
            w.n(k + 1);
            w.s("-h\"><a href=\"");
            w.href(&y.year_url);
            w.s("\">");
            w.e(&y.label);
            w.s("</a>");
            if y.rate.counted > 0 {
                w.s("　目標の達成率 ");
                w.e(&y.rate.text);
            }
            w.s("</h3>\n<ul class=\"ref-list\">\n");
            for e in &y.entries {
                w.s("<li><span class=\"kind\">");
                w.e(e.kind);
                w.s("</span> ");
                w.e(&e.dept);
                w.s(": <a href=\"");
                w.href(&e.url);
                w.s("\">");
                if !e.number.is_empty() {
                    w.e(&e.number);
                    w.s(" ");
                }
                w.e(&e.title);
                w.s("</a>");
                if let Some(g) = &e.grade {
                    w.s(" ");
                    m_grade(w, g);
                }
                w.s("</li>\n");
            }
            w.s("</ul>\n</section>\n");
        }
        w.s("\n");
    } else {
        w.s("\n<p class=\"unref\">この項目を直接参照している報告はありません。");
        if d.subtree_refs > 0 {
            w.s("下位の項目には参照があります。");
        }
        w.s("</p>\n");
    }
    w.s("\n</section>\n");
    if !d.scales.is_empty() {
        w.s("\n<section aria-labelledby=\"scale-h\">\n<h2 id=\"scale-h\">評価の基準</h2>\n");
        m_scales(
            w,
            &d.scales,
            "達成率は、この項目に関わる目標のうち「達成」に数える評価の目標の数を、評価済みの目標（対象外を除く）の数で割ったものです。未評価の目標は含めません。",
        );
        w.s("\n</section>\n");
    }
    w.s("\n");
}

// ---------------------------------------------------------------------------------------
// search.html, data.html, 404.html

fn search(w: &mut W) {
    let site = w.site;
    w.s("\n<h1>サイト内検索</h1>\n<form class=\"search-form\" role=\"search\" action=\"index.html\" method=\"get\" aria-label=\"サイト内検索\" data-search-form>\n  <label for=\"search-q\">探したいことば</label>\n  <div class=\"search-row\">\n    <input type=\"search\" id=\"search-q\" name=\"q\" autocomplete=\"off\" aria-describedby=\"search-help\" data-search-input>\n    <button type=\"submit\">検索</button>\n  </div>\n  <p id=\"search-help\" class=\"note\">目標・課題・事業・報告・計画の項目を探します。例: 避難所、広報、消防団、DX</p>\n</form>\n<div class=\"search-nojs\" data-search-nojs>\n  <p><strong>検索には JavaScript が必要です。</strong>ブラウザーの設定で JavaScript が使えないときは、次の一覧からお探しください。</p>\n  <ul class=\"link-list\">\n    <li><a href=\"");
    w.root();
    w.s("departments/index.html\">部局一覧</a>（部局ごとの報告）</li>\n    ");
    if !site.plans.is_empty() {
        w.s("<li><a href=\"");
        w.root();
        w.s("plans/index.html\">計画一覧</a>（計画の項目ごとの目標）</li>");
    }
    w.s("\n    ");
    if let Some(l) = &site.latest_year {
        w.s("<li><a href=\"");
        w.href(&l.url);
        w.s("\">年度別の達成状況</a></li>");
    }
    w.s("\n  </ul>\n</div>\n<p class=\"search-status\" role=\"status\" aria-live=\"polite\" data-search-status></p>\n<ol class=\"search-results\" data-search-results data-root=\"");
    w.root();
    w.s("\" data-index=\"");
    w.root();
    w.s("search/index.js\"></ol>\n");
}

fn data(w: &mut W, d: &publish::DataData) {
    w.s("\n<h1>オープンデータ</h1>\n<p>このサイトに載せている目標・指標・評価を、表計算ソフトやプログラムで使える形で公開しています。ファイルはサイトを作るたびに、報告の原稿から作り直します。</p>\n<ul class=\"notes\">\n  <li>CSV ファイルは文字コード UTF-8（BOM 付き）、改行 CRLF です。Excel でそのまま開けます。</li>\n  <li>1 つのセルには 1 つの値だけを入れています。数値には桁区切りや単位を付けていません（単位は「単位」の列にあります）。</li>\n  <li>年度は西暦の数字（2021 は令和3年度）と、和暦の表記を別の列にしています。</li>\n  <li>部局・目標・指標・計画の項目には、原文の表記のほかに、そろえた ID の列があります。同じ ID は年度をまたいで同じものです。</li>\n  <li>評価がない目標は「未評価」で、達成率の計算に入りません（0% として扱いません）。</li>\n  <li>「=」「+」「-」「@」で始まる文のセルは、Excel で数式として実行されないよう、先頭に「'」を付けています（「-3.5」のような数値には付けません）。</li>\n</ul>\n");
    for (k, f) in d.files.iter().enumerate() {
        let json = f.name.ends_with(".json");
        w.s("\n<section aria-labelledby=\"file-");
        w.n(k + 1);
        w.s("-h\">\n<h2 id=\"file-");
        w.n(k + 1);
        w.s("-h\">");
        w.e(f.title);
        w.s("（");
        w.e(f.name);
        w.s("）</h2>\n<p>");
        w.e(f.about);
        w.s("</p>\n<p><a class=\"download\" href=\"");
        w.root();
        w.s("data/");
        w.e(f.name);
        w.s("\" download>");
        w.e(f.name);
        w.s(" をダウンロード</a></p>\n");
        w.s(SCROLL);
        w.s("\n<table>\n<caption>");
        w.e(f.name);
        w.s(" の");
        w.s(if json { "項目" } else { "列" });
        w.s("</caption>\n<thead><tr><th scope=\"col\">");
        w.s(if json { "項目" } else { "列名" });
        w.s("</th><th scope=\"col\">内容</th></tr></thead>\n<tbody>\n");
        for c in f.columns {
            w.s("<tr><th scope=\"row\"><code>");
            w.e(c.name);
            w.s("</code></th><td>");
            w.e(c.description);
            w.s("</td></tr>\n");
        }
        w.s("</tbody>\n</table>\n</div>\n</section>\n");
    }
    w.s("\n");
}

fn not_found(w: &mut W) {
    let site = w.site;
    w.s("<!DOCTYPE html>\n<html lang=\"");
    w.e(&site.lang);
    w.s("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>ページが見つかりません | ");
    w.e(&site.title);
    w.s("</title>\n<style>body{font-family:system-ui,sans-serif;line-height:1.8;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57b0}</style>\n</head>\n<body>\n<main>\n<h1>ページが見つかりません</h1>\n<p>お探しのページは移動または削除された可能性があります。</p>\n\n");
    if !site.base_url.is_empty() {
        w.s("<ul>\n<li><a href=\"");
        w.e(&site.base_url);
        w.s("\">");
        w.e(&site.title);
        w.s("のトップページ</a></li>\n<li><a href=\"");
        w.e(&site.base_url);
        w.s("departments/index.html\">部局一覧</a></li>\n<li><a href=\"");
        w.e(&site.base_url);
        w.s("search/index.html\">サイト内検索</a></li>\n</ul>");
    } else {
        w.s("<p>ブラウザーの「戻る」で前のページに戻るか、サイトのトップページからお探しください。</p>");
    }
    w.s("\n</main>\n</body>\n</html>\n");
}
