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

mod files;
mod load;
mod rebuild;

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
