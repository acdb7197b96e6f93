//! `hyoka serve`: the real binary against a copy of `examples/isehara` in a temporary
//! folder, spoken to over loopback with a tiny raw HTTP client (so paths reach the server
//! exactly as written, `..` and all). Every server is killed when its test ends, passed
//! or failed.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const REPORT: &str = "content/departments/kikaku/2016.toml";
const REPORT_PAGE: &str = "departments/kikaku/2016/index.html";
const TITLE: &str = "第５次総合計画前期基本計画・施策評価の実施";

/// A copy of examples/isehara (without its output/).
fn fixture() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/isehara");
    copy_dir(&src, dir.path());
    dir
}

fn copy_dir(src: &Path, dest: &Path) {
    fs::create_dir_all(dest).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == "output" {
            continue;
        }
        let to = dest.join(&name);
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// A running `hyoka serve`; killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    base: String,
    lines: mpsc::Receiver<String>,
    printed: std::cell::RefCell<String>,
}

impl Server {
    fn start(site: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .arg("--site")
            .arg(site)
            .args(["serve", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        for out in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if let Some(url) = line.strip_prefix("プレビュー: http://") {
                        let (host, path) = url.split_at(url.find('/').unwrap());
                        let addr: SocketAddr = host.parse().unwrap();
                        return Server {
                            child,
                            addr,
                            base: path.to_string(),
                            lines: rx,
                            printed: std::cell::RefCell::new(seen),
                        };
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("hyoka serve did not print its URL:\n{seen}");
                }
            }
        }
    }

    fn get(&self, path: &str) -> Resp {
        request(self.addr, "GET", path)
    }

    /// Everything the server printed so far.
    fn output(&self) -> String {
        let mut printed = self.printed.borrow_mut();
        for line in self.lines.try_iter() {
            printed.push_str(&line);
            printed.push('\n');
        }
        printed.clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request with `Connection: close`; the target is sent byte for byte.
fn request(addr: SocketAddr, method: &str, target: &str) -> Resp {
    try_request(addr, method, target).unwrap()
}

/// [`request`] that reports what went wrong instead of panicking (for worker threads).
fn try_request(addr: SocketAddr, method: &str, target: &str) -> Result<Resp, String> {
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("{target}: write: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)
        .map_err(|e| format!("{target}: read: {e}"))?;
    parse_response(&raw).ok_or_else(|| {
        format!(
            "{target}: not an HTTP response: {:?}",
            String::from_utf8_lossy(&raw[..raw.len().min(200)])
        )
    })
}

/// A whole response read from a closed connection.
fn parse_response(raw: &[u8]) -> Option<Resp> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Some(Resp {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&b[..i]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + size]);
        b = &b[i + 2 + size + 2..];
    }
    out
}

/// Polls `f` until it returns `Some`, for at most 10 seconds.
fn eventually<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The page with the live-reload script taken out again.
fn without_script(html: &str) -> String {
    let start = html
        .find("<script id=\"hyoka-live-reload\"")
        .expect("live-reload script injected");
    let end = start + html[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &html[..start], &html[end..])
}

fn status_json(server: &Server) -> serde_json::Value {
    let r = server.get(&format!("{}__hyoka/status", server.base));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    serde_json::from_slice(&r.body).unwrap()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn serves_what_build_writes_with_content_types() {
    let site = fixture();
    let out = site.path().join("built");
    let status = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .arg("--site")
        .arg(site.path())
        .args(["build", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let server = Server::start(site.path(), &[]);
    assert_eq!(server.base, "/");

    let mut kinds = std::collections::BTreeSet::new();
    for path in files_under(&out) {
        let rel = path
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == ".hyoka-output" {
            continue;
        }
        let on_disk = fs::read(&path).unwrap();
        let r = server.get(&format!("/{rel}"));
        assert_eq!(r.status, 200, "{rel}");
        let ext = rel.rsplit('.').next().unwrap().to_string();
        let ct = r.header("content-type").unwrap().to_string();
        let want = match ext.as_str() {
            "html" => "text/html; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "js" => "text/javascript; charset=utf-8",
            "csv" => "text/csv; charset=utf-8",
            "json" => "application/json",
            "svg" => "image/svg+xml",
            "xml" => "application/xml; charset=utf-8",
            "png" => "image/png",
            _ => "application/octet-stream",
        };
        assert_eq!(ct, want, "{rel}");
        kinds.insert(ext.clone());
        if ext == "html" {
            // `build` never writes the script; `serve` adds it to every page.
            let built = String::from_utf8(on_disk).unwrap();
            assert!(!built.contains("hyoka-live-reload"), "{rel}");
            assert_eq!(without_script(&r.text()), built, "{rel}");
        } else {
            assert_eq!(r.body, on_disk, "{rel}");
        }
    }
    assert!(kinds.contains("html") && kinds.contains("css"), "{kinds:?}");

    // Folders serve index.html; a folder without its slash is redirected.
    let top = server.get("/");
    assert_eq!(top.status, 200);
    assert!(top.text().contains("<script id=\"hyoka-live-reload\""));
    let dept = server.get("/departments/kikaku/");
    assert_eq!(dept.status, 200);
    assert_eq!(
        dept.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let redirect = server.get("/departments/kikaku?x=1");
    assert!(
        matches!(redirect.status, 301 | 302 | 307 | 308),
        "{redirect:?}"
    );
    assert_eq!(
        redirect.header("location"),
        Some("/departments/kikaku/?x=1")
    );

    // HEAD: same headers, no body.
    let get = server.get("/assets/style.css");
    let head = request(server.addr, "HEAD", "/assets/style.css");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        head.header("content-length").map(str::to_string),
        Some(get.body.len().to_string())
    );
    assert!(head.body.is_empty());
    let head = request(server.addr, "HEAD", "/nothing-here");
    assert_eq!(head.status, 404);
    assert!(head.body.is_empty());

    // The site's own 404 page, with status 404.
    let missing = server.get("/departments/nothing/index.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(missing.text().contains("ページが見つかりません"));

    // Only GET and HEAD.
    let post = request(server.addr, "POST", "/");
    assert_eq!(post.status, 405);
    assert!(post.header("allow").unwrap().contains("GET"));
}

/// Request targets that try to leave the site or reach its sources, in every encoding.
/// Each is sent under the base path `base` (`/` or `/hyoka/`) as written.
fn traversal_targets(base: &str, addr: SocketAddr) -> Vec<String> {
    let under = [
        // Plain, percent-encoded, mixed case.
        "../secret.txt",
        "../../../../etc/passwd",
        "assets/../../secret.txt",
        "%2e%2e/secret.txt",
        "%2E%2E/%2E%2E/etc/passwd",
        "%2E%2e/secret.txt",
        ".%2e/secret.txt",
        "%2e./secret.txt",
        "assets/%2e%2e%2f%2e%2e%2fsecret.txt",
        "assets%2f..%2f..%2fsecret.txt",
        "assets%2F..%2F..%2Fsecret.txt",
        // Double encoding: decoded once, it is just an odd file name.
        "%252e%252e/%252e%252e/secret.txt",
        "%252e%252e%252fsecret.txt",
        "..%252f..%252fsecret.txt",
        // Overlong UTF-8 for `.` and `/` (not UTF-8 at all).
        "%c0%ae%c0%ae/secret.txt",
        "%c0%2e%c0%2e/secret.txt",
        "..%c0%af..%c0%afsecret.txt",
        "%e0%80%ae%e0%80%ae/secret.txt",
        // Backslashes, raw and encoded.
        "..\\..\\secret.txt",
        "assets\\..\\..\\secret.txt",
        "..%5c..%5csecret.txt",
        "..%5C..%5Csecret.txt",
        "%2e%2e%5csecret.txt",
        // NUL and other control characters.
        "%00",
        "index.html%00.css",
        "..%00/secret.txt",
        "%0d%0aX-Injected:%20yes",
        // Absolute paths and drive letters.
        "/etc/passwd",
        "/secret.txt",
        "C:/Windows/win.ini",
        "c%3a%5cwindows%5cwin.ini",
        "C:%5C..%5Csecret.txt",
        // Files of the site folder that are not part of the site.
        "secret.txt",
        "site.toml",
        "content/departments/kikaku/2016.toml",
        "./index.html",
        "assets/./style.css",
        // Unicode look-alikes of dots and slashes: only odd names, never a way up.
        "%ef%bc%8e%ef%bc%8e/secret.txt",
        "..%e2%88%95secret.txt",
        "%u002e%u002e/secret.txt",
    ];
    let mut out: Vec<String> = under.iter().map(|t| format!("{base}{t}")).collect();
    // Around the base path rather than under it.
    out.extend([
        "//etc/passwd".to_string(),
        "///etc/passwd".to_string(),
        "/..".to_string(),
        "/%2e%2e".to_string(),
        format!("{base}.."),
        format!("http://{addr}{base}../secret.txt"),
        format!("http://{addr}/../../etc/passwd"),
        "*".to_string(),
    ]);
    if base != "/" {
        let b = base.trim_end_matches('/');
        out.extend([
            format!("{b}%2f..%2fsecret.txt"),
            format!("{b}%2F%2e%2e%2Fsecret.txt"),
            format!("{b}/..%2fsecret.txt"),
            format!("{b}..%2fsecret.txt"),
            format!("/x/..{base}../secret.txt"),
        ]);
    }
    out
}

/// Sends every traversal target: each must get 400 or 404 and nothing from outside the
/// site's output (the secret, /etc/passwd, the site's own sources); then the server still
/// serves its pages.
fn assert_traversal_refused(server: &Server) {
    let targets = traversal_targets(&server.base, server.addr);
    assert!(targets.len() > 40, "{}", targets.len());
    for target in &targets {
        let r = request(server.addr, "GET", target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: {} {}",
            r.status,
            r.text()
        );
        let text = r.text();
        assert!(!text.contains("SECRET"), "{target}");
        assert!(!text.contains("root:"), "{target}");
        assert!(!text.contains("goals_heading"), "{target}");
        assert!(!text.contains("[[goals]]"), "{target}");
        assert!(r.header("x-injected").is_none(), "{target}");
    }
    // The server is still fine afterwards.
    assert_eq!(server.get(&server.base).status, 200);
}

/// A copy of examples/isehara in `site/` with a secret beside it (`../secret.txt` from the
/// site) and one inside it that is not part of the output.
fn fixture_with_secrets() -> (TempDir, PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let site = outer.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/isehara"),
        &site,
    );
    fs::write(outer.path().join("secret.txt"), "SECRET-BESIDE-THE-SITE").unwrap();
    fs::write(site.join("secret.txt"), "SECRET-DO-NOT-SERVE").unwrap();
    (outer, site)
}

#[test]
fn path_traversal_is_refused() {
    let (_outer, site) = fixture_with_secrets();
    let server = Server::start(&site.join("."), &[]);
    assert_traversal_refused(&server);
}

#[test]
fn path_traversal_is_refused_under_a_base_path() {
    let (_outer, site) = fixture_with_secrets();
    let server = Server::start(&site, &["--base-path", "/kikaku/hyoka/"]);
    assert_eq!(server.base, "/kikaku/hyoka/");
    assert_eq!(server.get("/kikaku/hyoka/assets/style.css").status, 200);
    assert_traversal_refused(&server);
}

#[test]
fn edits_show_up_and_errors_keep_the_last_good_site() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let page = format!("/{REPORT_PAGE}");
    let first = server.get(&page);
    assert_eq!(first.status, 200);
    assert!(first.text().contains(TITLE));
    let v1 = status_json(&server)["version"]
        .as_str()
        .unwrap()
        .to_string();

    // An edit appears in the next response within a bounded time.
    let file = site.path().join(REPORT);
    let original = fs::read_to_string(&file).unwrap();
    let edited_title = "施策評価の実施（編集しました）";
    fs::write(&file, original.replace(TITLE, edited_title)).unwrap();
    let started = Instant::now();
    eventually("the edit to be served", || {
        server
            .get(&page)
            .text()
            .contains(edited_title)
            .then_some(())
    });
    eprintln!("edit served after {:?}", started.elapsed());
    let v2 = status_json(&server)["version"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(v1, v2);

    // A broken file: the last good page stays, the error is exposed with file and line.
    let broken = original.replace(TITLE, edited_title) + "\nthis line = = is broken\n";
    let bad_line = broken.lines().count();
    fs::write(&file, &broken).unwrap();
    let status = eventually("the error to be reported", || {
        let s = status_json(&server);
        (!s["error"].is_null()).then_some(s)
    });
    let item = &status["error"]["items"][0];
    assert_eq!(item["file"], REPORT, "{status}");
    assert_eq!(item["line"], bad_line as u64, "{status}");
    assert!(status["error"]["text"].as_str().unwrap().contains(REPORT));
    assert_eq!(
        status["version"],
        v2.as_str(),
        "the old site is still served"
    );
    let still = server.get(&page);
    assert_eq!(still.status, 200);
    assert!(still.text().contains(edited_title));

    // The live-reload stream carries the error too (file and line), for the overlay.
    let event = first_event(&server);
    assert!(event.contains("event: status"), "{event}");
    assert!(event.contains(REPORT), "{event}");
    assert!(event.contains(&format!("\"line\":{bad_line}")), "{event}");

    // The terminal shows it as well.
    let printed = eventually("the error in the terminal", || {
        let o = server.output();
        o.contains(&format!("{REPORT}:{bad_line}")).then_some(o)
    });
    assert!(printed.contains("エラー"), "{printed}");

    // Fixed: the error clears and a new version is served.
    fs::write(&file, &original).unwrap();
    let status = eventually("the fix to be served", || {
        let s = status_json(&server);
        (s["error"].is_null() && s["version"] != v2.as_str()).then_some(s)
    });
    assert_eq!(status["ready"], true);
    assert!(server.get(&page).text().contains(TITLE));
}

/// The first event of the live-reload stream, as raw text.
fn first_event(server: &Server) -> String {
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {}__hyoka/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.base, server.addr
    )
    .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let n = s.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got);
        if text.contains("text/event-stream") && text.contains("data:") && text.contains("}\n") {
            return text.into_owned();
        }
    }
    panic!("no event: {}", String::from_utf8_lossy(&got));
}

#[test]
fn broken_site_at_start_is_served_as_an_error_page_until_fixed() {
    let site = fixture();
    let file = site.path().join(REPORT);
    let original = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("{original}\n[[goals]\nbroken\n")).unwrap();
    let server = Server::start(site.path(), &[]);
    let r = server.get("/");
    assert_eq!(r.status, 503);
    let text = r.text();
    assert!(text.contains(REPORT), "{text}");
    assert!(text.contains("hyoka-live-reload"));
    assert_eq!(status_json(&server)["ready"], false);
    fs::write(&file, &original).unwrap();
    eventually("the site to be served", || {
        (server.get("/").status == 200).then_some(())
    });
    assert!(
        server
            .get(&format!("/{REPORT_PAGE}"))
            .text()
            .contains(TITLE)
    );
}

#[test]
fn base_path_on_ipv6_loopback() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: no IPv6 loopback on this machine");
        return;
    }
    let site = fixture();
    let server = Server::start(site.path(), &["--bind", "::1", "--base-path", "hyoka"]);
    assert!(server.addr.is_ipv6() && server.addr.ip().is_loopback());
    assert_eq!(server.base, "/hyoka/");
    for root in ["/", "/hyoka"] {
        let r = server.get(root);
        assert!(matches!(r.status, 301 | 302 | 307 | 308), "{root}: {r:?}");
        assert_eq!(r.header("location"), Some("/hyoka/"));
    }
    let top = server.get("/hyoka/");
    assert_eq!(top.status, 200);
    assert!(top.text().contains("data-base=\"/hyoka/\""));
    let css = server.get("/hyoka/assets/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(server.get("/assets/style.css").status, 404);
    assert_eq!(server.get(&format!("/hyoka/{REPORT_PAGE}")).status, 200);
    assert_eq!(status_json(&server)["ready"], true);
    assert!(first_event(&server).contains("\"ready\":true"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_even_with_a_browser_connected() {
    let site = fixture();
    let mut server = Server::start(site.path(), &[]);
    // An open live-reload stream must not keep the server alive.
    let mut events = TcpStream::connect(server.addr).unwrap();
    write!(
        events,
        "GET /__hyoka/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "hyoka serve did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let printed = eventually("the goodbye", || {
        let o = server.output();
        o.contains("停止しました").then_some(o)
    });
    assert!(!printed.contains("panicked"), "{printed}");
}

#[test]
fn bad_options_are_usage_errors() {
    for args in [
        vec!["serve", "--bind", "not-an-address"],
        vec!["serve", "--base-path", "/../x"],
        vec!["serve", "--port", "99999"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("エラー"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// A copy of the sample site at the repository's root (several departments and years,
/// two plans), without its output.
fn sample_site() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(root.join("site.toml"), dir.path().join("site.toml")).unwrap();
    copy_dir(&root.join("content"), &dir.path().join("content"));
    dir
}

/// Every file `hyoka build` writes for `site`, by output path.
fn built_files(site: &Path) -> Vec<(String, Vec<u8>)> {
    let out = site.join("built");
    let run = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .arg("--site")
        .arg(site)
        .args(["build", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let files = files_under(&out)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(&p).unwrap())
        })
        .filter(|(rel, _)| rel != ".hyoka-output")
        .collect();
    fs::remove_dir_all(&out).unwrap();
    files
}

/// The first file `server` serves differently from `built` (HTML compared without the
/// live-reload script), if any.
fn first_difference(server: &Server, built: &[(String, Vec<u8>)]) -> Option<String> {
    for (rel, bytes) in built {
        let r = server.get(&format!("/{rel}"));
        if r.status != 200 {
            return Some(format!("{rel}: status {}", r.status));
        }
        let same = if rel.ends_with(".html") {
            without_script(&r.text()).as_bytes() == bytes.as_slice()
        } else {
            r.body == *bytes
        };
        if !same {
            return Some(format!("{rel} differs from what `hyoka build` writes"));
        }
    }
    None
}

/// Waits until `server` serves exactly the files `built`: the pages at once, the search
/// index, open data and sitemap a moment later.
fn assert_serves(server: &Server, built: &[(String, Vec<u8>)], when: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match first_difference(server, built) {
            None => return,
            Some(d) if Instant::now() > deadline => panic!("{when}: {d}"),
            Some(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// Saving one report makes `serve` draw again only the pages that can show it (and then
/// the search index, open data and sitemap): the result must be byte for byte what a full
/// build of the edited site writes, every page included.
#[test]
fn one_report_edit_rebuilds_incrementally_to_the_full_build() {
    let site = sample_site();
    let server = Server::start(site.path(), &[]);
    assert_serves(&server, &built_files(site.path()), "at start");

    // A title, a grade (the department's matrix, the year's and the next year's rates,
    // the comparison on the next report) and a plan reference moved to another item (the
    // old and the new item pages, their parents, the plan page).
    let rel = "content/departments/seisaku/2022.toml";
    let file = site.path().join(rel);
    let original = fs::read_to_string(&file).unwrap();
    let edited = original
        .replace(
            "title = \"働き方改革の推進\"",
            "title = \"働き方改革の推進（編集）\"",
        )
        .replace("plan = [\"5-2-3\"]", "plan = [\"4-2-2\"]")
        .replacen("grade = \"B\"", "grade = \"D\"", 1);
    assert_ne!(edited, original);
    fs::write(&file, &edited).unwrap();
    let printed = eventually("the incremental rebuild in the terminal", || {
        let o = server.output();
        o.contains("関わるページを作り直しました").then_some(o)
    });
    assert!(printed.contains(rel), "{printed}");
    assert_serves(
        &server,
        &built_files(site.path()),
        "after editing the report",
    );

    // A Markdown file of a report too.
    let rel = "content/departments/kenko/2021.md";
    let file = site.path().join(rel);
    let md = fs::read_to_string(&file).unwrap();
    fs::write(&file, format!("{md}\n追記した段落です。\n")).unwrap();
    eventually("the Markdown edit to be served", || {
        let r = server.get("/departments/kenko/2021/index.html");
        r.text().contains("追記した段落です").then_some(())
    });
    eventually("the second incremental rebuild in the terminal", || {
        let o = server.output();
        o.contains(&format!("{rel} の変更を受けて関わるページを作り直しました"))
            .then_some(())
    });
    assert_serves(&server, &built_files(site.path()), "after editing Markdown");
}

/// Sends `head` (a request line and headers, possibly huge) and returns the status of the
/// answer, or `None` when the server closed the connection without one (allowed too: it
/// may stop reading and reset the connection before the client has read the answer).
fn send_huge(addr: SocketAddr, head: &[u8]) -> Option<u16> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    let _ = s.write_all(head);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse_response(&raw).map(|r| r.status)
}

/// The largest resident memory of `pid` so far, in KiB (Linux only).
fn peak_memory_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn very_long_urls_and_headers_are_refused_and_memory_stays_bounded() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let addr = server.addr;
    let long_path = |n: usize| format!("/{}", "a".repeat(n));
    let cases: Vec<(String, Vec<u8>)> = vec![
        (
            "100 KB path".into(),
            format!(
                "GET {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
                long_path(100_000)
            )
            .into_bytes(),
        ),
        (
            "1 MB path".into(),
            format!(
                "GET {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
                long_path(1_000_000)
            )
            .into_bytes(),
        ),
        (
            "100 KB of ../".into(),
            format!(
                "GET /{}etc/passwd HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
                "../".repeat(33_000)
            )
            .into_bytes(),
        ),
        (
            "1 MB header".into(),
            format!(
                "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
                "a".repeat(1_000_000)
            )
            .into_bytes(),
        ),
        (
            "10,000 headers".into(),
            format!(
                "GET / HTTP/1.1\r\nHost: {addr}\r\n{}Connection: close\r\n\r\n",
                (0..10_000)
                    .map(|i| format!("X-{i}: a\r\n"))
                    .collect::<String>()
            )
            .into_bytes(),
        ),
        (
            "a request line that never ends".into(),
            format!("GET /{}", "a".repeat(2_000_000)).into_bytes(),
        ),
    ];
    for (what, head) in &cases {
        let status = send_huge(addr, head);
        assert!(
            matches!(status, None | Some(400 | 404 | 413 | 414 | 431)),
            "{what}: {status:?}"
        );
        assert_eq!(server.get("/").status, 200, "after {what}");
    }

    // 16 clients at once, each trying to send 8 MB of headers (128 MB in all): the server
    // stops reading each at its limit, so its memory stays far below that.
    let before = peak_memory_kib(server.child.id());
    let workers: Vec<_> = (0..16)
        .map(|_| {
            std::thread::spawn(move || {
                let mut head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
                head.resize(head.len() + 8_000_000, b'a');
                send_huge(addr, &head)
            })
        })
        .collect();
    for w in workers {
        let status = w.join().unwrap();
        assert!(matches!(status, None | Some(431)), "{status:?}");
    }
    assert_eq!(server.get("/").status, 200);
    if let (Some(before), Some(after)) = (before, peak_memory_kib(server.child.id())) {
        eprintln!("peak memory: {before} KiB before, {after} KiB after");
        assert!(
            after < before + 64 * 1024,
            "memory grew from {before} KiB to {after} KiB"
        );
    }
}

#[test]
fn slow_and_idle_connections_do_not_keep_others_waiting() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let top = server.get("/");
    assert_eq!(top.status, 200);
    // 500 connections that never finish a request: silent, half a request line, headers
    // without their end, and a request whose answer is never read.
    let mut idle = Vec::new();
    for i in 0..500 {
        let mut s = TcpStream::connect_timeout(&server.addr, Duration::from_secs(5)).unwrap();
        let part: &[u8] = match i % 4 {
            0 => b"",
            1 => b"GET /index.html HT",
            2 => b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n",
            _ => b"GET /search/index.js HTTP/1.1\r\nHost: x\r\n\r\n",
        };
        s.write_all(part).unwrap();
        idle.push(s);
    }
    // Everyone else is served as usual, several at once.
    let addr = server.addr;
    let page = format!("/{REPORT_PAGE}");
    let clients: Vec<_> = (0..8)
        .map(|_| {
            let page = page.clone();
            std::thread::spawn(move || {
                (0..10)
                    .map(|_| try_request(addr, "GET", &page).map(|r| r.status))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for c in clients {
        for r in c.join().unwrap() {
            assert_eq!(r, Ok(200));
        }
    }
    assert_eq!(server.get("/").body, top.body);
    drop(idle);
    assert_eq!(server.get("/").status, 200);
}

/// An HTTP/1.1 client that keeps its connection open between requests.
struct KeepAlive {
    reader: BufReader<TcpStream>,
    addr: SocketAddr,
}

impl KeepAlive {
    fn connect(addr: SocketAddr) -> Result<KeepAlive, String> {
        let s =
            TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .map_err(|e| e.to_string())?;
        Ok(KeepAlive {
            reader: BufReader::new(s),
            addr,
        })
    }

    /// One GET on the open connection; the body is read by its Content-Length.
    fn get(&mut self, target: &str) -> Result<Resp, String> {
        let err = |e: std::io::Error| format!("{target}: {e}");
        write!(
            self.reader.get_mut(),
            "GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .map_err(err)?;
        let mut line = String::new();
        self.reader.read_line(&mut line).map_err(err)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("{target}: status line {line:?}"))?;
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            self.reader.read_line(&mut h).map_err(err)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .ok_or_else(|| format!("{target}: no Content-Length"))?;
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).map_err(err)?;
        Ok(Resp {
            status,
            headers,
            body,
        })
    }
}

/// 2,000 requests from 16 threads at once, half on a new connection each and half on
/// kept-alive connections: every answer is the right one, complete, and the server still
/// answers afterwards. (`bench/serve-load.sh` measures the same with wrk.)
#[test]
fn two_thousand_concurrent_requests_all_succeed() {
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    // What each path must give: status and body as served before the load.
    let targets: Vec<(String, u16, Vec<u8>)> = [
        "/",
        &format!("/{REPORT_PAGE}"),
        "/assets/style.css",
        "/departments/kikaku/",
        "/no/such/page.html",
        "/../secret.txt",
    ]
    .iter()
    .map(|t| {
        let r = server.get(t);
        (t.to_string(), r.status, r.body)
    })
    .collect();
    assert_eq!(
        targets.iter().map(|t| t.1).collect::<Vec<_>>(),
        [200, 200, 200, 200, 404, 400]
    );
    let targets = std::sync::Arc::new(targets);
    let addr = server.addr;
    let workers: Vec<_> = (0..16)
        .map(|w| {
            let targets = targets.clone();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                let mut conn = None;
                for i in 0..125 {
                    let (target, status, body) = &targets[(w + i) % targets.len()];
                    let r = if w % 2 == 0 {
                        try_request(addr, "GET", target)
                    } else {
                        // A new connection every 25 requests.
                        if i % 25 == 0 {
                            conn = None;
                        }
                        let c = match conn.as_mut() {
                            Some(c) => c,
                            None => conn.insert(KeepAlive::connect(addr).unwrap()),
                        };
                        c.get(target)
                    };
                    match r {
                        Ok(r) if r.status == *status && r.body == *body => {}
                        Ok(r) => failures.push(format!("{target}: status {}", r.status)),
                        Err(e) => failures.push(e),
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of 2000 failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(server.get("/").status, 200);
}

/// While the report is saved over and over (so `serve` rebuilds again and again), pages
/// are requested without pause from several threads: every answer is a whole page of
/// either the old or the new content, never half of one, a mix or an error.
#[test]
fn pages_stay_whole_while_the_site_is_rebuilt() {
    const OLD: &str = "旧版マーカーAAAA";
    const NEW: &str = "新版マーカーBBBB";
    let site = fixture();
    let file = site.path().join(REPORT);
    let original = fs::read_to_string(&file).unwrap();
    assert!(original.contains(TITLE));
    let with = |marker: &str| original.replace(TITLE, &format!("{TITLE}{marker}"));
    fs::write(&file, with(OLD)).unwrap();
    let server = Server::start(site.path(), &[]);
    let page = format!("/{REPORT_PAGE}");
    assert!(server.get(&page).text().contains(OLD));

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let addr = server.addr;
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let stop = stop.clone();
            let page = page.clone();
            std::thread::spawn(move || {
                let (mut requests, mut seen_old, mut seen_new) = (0, 0, 0);
                let mut failures = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    requests += 1;
                    let r = match try_request(addr, "GET", &page) {
                        Ok(r) => r,
                        Err(e) => {
                            failures.push(e);
                            continue;
                        }
                    };
                    let text = r.text();
                    let (old, new) = (text.contains(OLD), text.contains(NEW));
                    seen_old += old as usize;
                    seen_new += new as usize;
                    let whole = r.status == 200
                        && old != new
                        && text.trim_end().ends_with("</html>")
                        && text.matches("<html").count() == 1
                        && r.header("content-length") == Some(&r.body.len().to_string());
                    if !whole {
                        failures.push(format!(
                            "status {}, old {old}, new {new}, {} bytes, ends {:?}",
                            r.status,
                            r.body.len(),
                            &text[text.len().saturating_sub(40)..]
                        ));
                    }
                }
                (requests, seen_old, seen_new, failures)
            })
        })
        .collect();

    // Save 20 times, each time waiting until the new content is served.
    for i in 0..20 {
        let marker = if i % 2 == 0 { NEW } else { OLD };
        fs::write(&file, with(marker)).unwrap();
        eventually("the saved content to be served", || {
            server.get(&page).text().contains(marker).then_some(())
        });
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (mut requests, mut seen_old, mut seen_new) = (0, 0, 0);
    let mut failures = Vec::new();
    for r in readers {
        let (n, o, w, f) = r.join().unwrap();
        requests += n;
        seen_old += o;
        seen_new += w;
        failures.extend(f);
    }
    eprintln!("{requests} requests during 20 rebuilds: {seen_old} old, {seen_new} new");
    assert!(
        failures.is_empty(),
        "{} of {requests} answers were not a whole page: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(
        seen_old > 0 && seen_new > 0,
        "{seen_old} old, {seen_new} new"
    );
    let printed = server.output();
    assert!(!printed.contains("panicked"), "{printed}");
}

#[test]
fn warnings_are_shown_in_the_terminal_and_the_browser_banner() {
    // toyonaka transcribes its source faithfully, 和暦/西暦 slips included: it has warnings.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/toyonaka"),
        dir.path(),
    );
    let server = Server::start(dir.path(), &[]);
    let s = status_json(&server);
    assert_eq!(s["ready"], true, "{s}");
    let w = &s["warnings"];
    assert!(
        w["summary"].as_str().unwrap_or("").starts_with("警告が "),
        "{s}"
    );
    assert!(
        w["text"].as_str().unwrap_or("").contains("警告: content/"),
        "{w}"
    );
    // The page carries the script that draws the banner from that status.
    let page = server.get("/");
    assert!(String::from_utf8_lossy(&page.body).contains("hyoka-warnings"));
}
