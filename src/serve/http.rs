//! The HTTP side of `hyoka serve`: maps request paths onto the in-memory site, sets content
//! types, injects the live-reload script into HTML, and streams build status to browsers
//! as server-sent events.
//!
//! Files are looked up by key in the current [`Snapshot`](super::Snapshot) map and nothing
//! is read from disk, so no request can reach a file outside the site whatever its path
//! says. Suspicious paths (`..`, encoded slashes, backslashes, NUL, drive letters) are
//! still refused with 400 so that mistakes are visible.

use super::{App, Snapshot, Status};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

/// The live-reload and error-overlay script (only ever sent by `hyoka serve`).
const RELOAD_JS: &str = include_str!("reload.js");

/// Where the server's own endpoints live, under the base path.
pub(crate) const EVENTS: &str = "__hyoka/events";
/// Build status as JSON (for tools and tests).
pub(crate) const STATUS: &str = "__hyoka/status";
/// How often an idle live-reload stream sends a comment: well within
/// [`IDLE_TIMEOUT`](super::conn::IDLE_TIMEOUT), after which a connection the server has
/// sent nothing on is closed.
pub(crate) const SSE_KEEP_ALIVE: Duration = Duration::from_secs(10);

/// The router: every request goes to one handler, which does its own path handling.
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new().fallback(handle).with_state(app)
}

async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if !for_us(&app, &uri, &headers) {
        return text(
            StatusCode::MISDIRECTED_REQUEST,
            "このプレビューは、hyoka serve が表示したアドレス（127.0.0.1、localhost など）宛てのリクエストにだけ答えます。ブラウザーのアドレス欄には hyoka serve が表示した URL を入力してください。\n",
        );
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "GET と HEAD のリクエストだけに対応しています。\n",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let rest = match strip_base(uri.path(), &app.base) {
        BaseMatch::Inside(rest) => rest,
        BaseMatch::ToBase => return redirect(&app.base, uri.query()),
        BaseMatch::Outside => return not_found(&app, &app.current()),
    };
    if rest == EVENTS {
        return events(&app).into_response();
    }
    if rest == STATUS {
        let body = serde_json::to_vec(&*app.status.borrow()).unwrap_or_default();
        return response(StatusCode::OK, "application/json", body.into());
    }
    let Some((rel, dir)) = resolve(rest) else {
        return text(
            StatusCode::BAD_REQUEST,
            "リクエストのパスが正しくありません（.. や %2F、\\ などは使えません）。\n",
        );
    };
    let snap = app.current();
    if !snap.ready() {
        return not_built(&app);
    }
    let key = match (dir, rel.is_empty()) {
        (true, true) => "index.html".to_string(),
        (true, false) => format!("{rel}/index.html"),
        (false, _) => rel.clone(),
    };
    if let Some(bytes) = snap.files.get(&key) {
        return file(&app, &snap, &key, bytes.clone(), StatusCode::OK);
    }
    if !dir && snap.files.contains_key(&format!("{rel}/index.html")) {
        // A folder asked for without its slash: relative links need the slash.
        return redirect(&format!("{}{rest}/", app.base), uri.query());
    }
    not_found(&app, &snap)
}

/// Whether the request is addressed to one of the names the server is bound for: its
/// `Host` header, and the authority of an absolute URI when it has one (see [`super::host`]).
fn for_us(app: &App, uri: &Uri, headers: &HeaderMap) -> bool {
    let host_ok = match headers.get(header::HOST).map(|h| h.to_str()) {
        Some(Ok(h)) => app.hosts.allows(h),
        _ => false,
    };
    host_ok && uri.authority().is_none_or(|a| app.hosts.allows(a.as_str()))
}

/// How a request path relates to the base path.
#[derive(Debug, PartialEq)]
pub(crate) enum BaseMatch<'a> {
    /// Under the base path: the rest, without a leading `/`.
    Inside(&'a str),
    /// `/` or the base path without its final slash: redirect to the base path.
    ToBase,
    /// Somewhere else.
    Outside,
}

/// Splits the base path (`/` or `/x/y/`) off a request path.
pub(crate) fn strip_base<'a>(path: &'a str, base: &str) -> BaseMatch<'a> {
    if let Some(rest) = path.strip_prefix(base) {
        return BaseMatch::Inside(rest);
    }
    if path == "/" || path == base.trim_end_matches('/') || path.is_empty() {
        return BaseMatch::ToBase;
    }
    BaseMatch::Outside
}

/// Turns the part of a request path under the base into a key of the site map, and
/// whether it names a folder (empty or ending in `/`). `None` for anything that tries to
/// leave the site or hides a separator: `.` and `..` segments (also percent-encoded),
/// encoded `/` or `\`, backslashes, NUL and other control characters, `:` (drive letters
/// and streams), empty segments (`//`) and bytes that are not UTF-8.
pub(crate) fn resolve(rest: &str) -> Option<(String, bool)> {
    if rest.is_empty() {
        return Some((String::new(), true));
    }
    let dir = rest.ends_with('/');
    let trimmed = rest.strip_suffix('/').unwrap_or(rest);
    let mut parts = Vec::new();
    for seg in trimmed.split('/') {
        let decoded = percent_decode_str(seg).decode_utf8().ok()?;
        let bad = decoded.is_empty()
            || decoded == "."
            || decoded == ".."
            || decoded
                .chars()
                .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control());
        if bad {
            return None;
        }
        parts.push(decoded.into_owned());
    }
    Some((parts.join("/"), dir))
}

/// The content type for a file, from its extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

fn response(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // A preview: always ask again, so an edit shows on the next load.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn text(status: StatusCode, msg: &'static str) -> Response {
    response(
        status,
        "text/plain; charset=utf-8",
        Bytes::from_static(msg.as_bytes()),
    )
}

fn redirect(location: &str, query: Option<&str>) -> Response {
    let loc = match query {
        Some(q) => format!("{location}?{q}"),
        None => location.to_string(),
    };
    let Ok(value) = HeaderValue::from_str(&loc) else {
        return text(
            StatusCode::BAD_REQUEST,
            "リクエストのパスが正しくありません。\n",
        );
    };
    let mut r = text(StatusCode::FOUND, "");
    r.headers_mut().insert(header::LOCATION, value);
    r
}

/// A file of the site; HTML gets the live-reload script.
fn file(app: &App, snap: &Snapshot, key: &str, bytes: Bytes, status: StatusCode) -> Response {
    let ct = content_type(key);
    let body = if ct.starts_with("text/html") {
        Bytes::from(inject(&bytes, &snap.version, &app.base))
    } else {
        bytes
    };
    response(status, ct, body)
}

/// The site's own 404.html with status 404 (a plain message if the site has none).
fn not_found(app: &App, snap: &Snapshot) -> Response {
    match snap.files.get("404.html") {
        Some(b) => file(app, snap, "404.html", b.clone(), StatusCode::NOT_FOUND),
        None => text(StatusCode::NOT_FOUND, "ページが見つかりません。\n"),
    }
}

/// Before the first successful build: a page with the errors, which reloads itself once
/// the site builds.
fn not_built(app: &App) -> Response {
    let status = app.status.borrow().clone();
    let detail = status
        .error
        .as_ref()
        .map(|e| e.text.clone())
        .unwrap_or_else(|| "サイトを作っています。".into());
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>hyoka serve</title>\n</head>\n<body>\n<h1>サイトをまだ作れていません</h1>\n<p>原稿を直して保存すると、自動で作り直してこのページを読み込み直します。</p>\n<pre>{}</pre>\n</body>\n</html>\n",
        crate::render::escape::string(&detail, crate::render::escape::html)
    );
    let body = inject(html.as_bytes(), &status.version, &app.base);
    response(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        body.into(),
    )
}

/// Inserts the live-reload script before the last `</body>` (or at the end).
/// `version` and `base` hold only URL-safe ASCII, so they need no escaping.
pub(crate) fn inject(html: &[u8], version: &str, base: &str) -> Vec<u8> {
    let tag = format!(
        "<script id=\"hyoka-live-reload\" data-version=\"{version}\" data-base=\"{base}\">\n{RELOAD_JS}</script>\n"
    );
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Server-sent events: the current build status at once, then every change. A browser
/// reloads when the version differs from its page's; the event is sent only after the
/// new files are in place, so the reload never sees a half-swapped site.
fn events(app: &App) -> impl IntoResponse + use<> {
    let rx = app.status.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let status: Status = rx.borrow_and_update().clone();
        if status.closing {
            return None;
        }
        let data = serde_json::to_string(&status).unwrap_or_default();
        let ev = Event::default().event("status").data(data);
        Some((Ok::<Event, Infallible>(ev), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(SSE_KEEP_ALIVE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_matching() {
        assert_eq!(strip_base("/a/b.html", "/"), BaseMatch::Inside("a/b.html"));
        assert_eq!(strip_base("/", "/"), BaseMatch::Inside(""));
        assert_eq!(strip_base("/", "/hyoka/"), BaseMatch::ToBase);
        assert_eq!(strip_base("/hyoka", "/hyoka/"), BaseMatch::ToBase);
        assert_eq!(strip_base("/hyoka/", "/hyoka/"), BaseMatch::Inside(""));
        assert_eq!(strip_base("/hyoka/x", "/hyoka/"), BaseMatch::Inside("x"));
        assert_eq!(strip_base("/other/x", "/hyoka/"), BaseMatch::Outside);
        assert_eq!(strip_base("/hyokax", "/hyoka/"), BaseMatch::Outside);
    }

    #[test]
    fn resolves_paths_and_refuses_traversal() {
        let ok = |s: &str| resolve(s).unwrap();
        assert_eq!(ok(""), (String::new(), true));
        assert_eq!(ok("a/b.html"), ("a/b.html".into(), false));
        assert_eq!(ok("years/2021/"), ("years/2021".into(), true));
        assert_eq!(ok("%E9%83%A8%E5%B1%80.html"), ("部局.html".into(), false));
        for bad in [
            "..",
            "../etc/passwd",
            "a/../../x",
            "%2e%2e/x",
            "%2E%2E%2Fetc",
            "a%2fb",
            "a%5cb",
            "a\\b",
            "..\\x",
            "/etc/passwd",
            "a//b",
            "./a",
            "C:/x",
            "c%3a%5cwindows",
            "a%00b",
            "%ff",
        ] {
            assert!(resolve(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("data/goals.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "v1", "/");
        let s = String::from_utf8(out).unwrap();
        let script = s.find("hyoka-live-reload").unwrap();
        assert!(script < s.find("</BODY>").unwrap());
        assert!(s.contains("data-version=\"v1\""));
        let out = inject(b"no body", "v1", "/x/");
        assert!(
            String::from_utf8(out)
                .unwrap()
                .starts_with("no body<script")
        );
    }
}
