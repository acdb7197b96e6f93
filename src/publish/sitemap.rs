//! `sitemap.xml`: every page's absolute URL under `base_url`, written only when the site
//! sets `base_url` (a sitemap needs absolute URLs). Paths are percent-encoded; `index.html`
//! is dropped as in the canonical links, so both name the same URL.

use crate::model::Date;
use crate::output::OutFile;
use crate::render::urls::page_url;
use std::collections::BTreeMap;

/// `sitemap.xml` for the pages among `paths` (HTML files other than `404.html`), with
/// `lastmod` where a page has an 更新日. `None` without `base_url`.
pub fn sitemap(
    base_url: Option<&str>,
    paths: &[String],
    dates: &BTreeMap<String, Date>,
) -> Option<OutFile> {
    let base = base_url?;
    let mut pages: Vec<&String> = paths
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html")
        .collect();
    pages.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        xml.push_str("  <url><loc>");
        crate::render::escape::push(&mut xml, &page_url(base, p), crate::render::escape::xml);
        xml.push_str("</loc>");
        if let Some(d) = dates.get(p.as_str()) {
            xml.push_str("<lastmod>");
            xml.push_str(&d.iso());
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(OutFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_drop_index_html_and_encode() {
        assert_eq!(page_url("https://x.jp/h/", "index.html"), "https://x.jp/h/");
        assert_eq!(
            page_url("https://x.jp/h/", "plans/sogo/1-2-人材/index.html"),
            "https://x.jp/h/plans/sogo/1-2-%E4%BA%BA%E6%9D%90/"
        );
        assert_eq!(
            page_url("https://x.jp/", "data/index.html"),
            "https://x.jp/data/"
        );
    }

    #[test]
    fn only_with_base_url_and_without_404() {
        let paths = vec![
            "index.html".to_string(),
            "404.html".to_string(),
            "a.css".to_string(),
        ];
        assert!(sitemap(None, &paths, &BTreeMap::new()).is_none());
        let f = sitemap(Some("https://x.jp/"), &paths, &BTreeMap::new()).unwrap();
        let s = String::from_utf8(f.bytes).unwrap();
        assert!(s.contains("<loc>https://x.jp/</loc>"));
        assert!(!s.contains("404"));
        assert!(!s.contains("a.css"));
    }
}
