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
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no header end");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
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
    Resp {
        status,
        headers,
        body,
    }
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

#[test]
fn path_traversal_is_refused() {
    let site = fixture();
    // A secret beside the site folder and one inside it that is not part of the output.
    fs::write(site.path().join("secret.txt"), "SECRET-DO-NOT-SERVE").unwrap();
    let server = Server::start(&site.path().join("."), &[]);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/assets%2f..%2f..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/assets/..\\..\\secret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/c%3a%5cwindows%5cwin.ini",
        "/secret.txt",
        "/site.toml",
        "/content/departments/kikaku/2016.toml",
        "/%00",
        "/./index.html",
    ] {
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
    }
    // The server is still fine afterwards.
    assert_eq!(server.get("/").status, 200);
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
