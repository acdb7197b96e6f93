//! Publishing safety (issue #22): reading stays inside the site folder (the theme name,
//! symbolic links in `themes/`), a rebuild touches only the files hyoka wrote (staff files,
//! `.git`, a symlinked output folder, killed builds), and `hyoka serve` answers only to the
//! host names it is bound for.

use crate::common::*;
use std::fs;
use std::path::Path;

/// `site.toml` of [`MINIMAL`] with `theme = …` added.
fn with_theme(theme: &str) -> Fixture {
    let site_toml = MINIMAL
        .iter()
        .find(|(p, _)| *p == "site.toml")
        .unwrap()
        .1
        .to_string();
    let f = Fixture::minimal();
    f.write(&[("site.toml", &format!("{site_toml}theme = {theme:?}\n"))]);
    f
}

/// Every file under `dir`, as text, joined (to look for leaked contents).
fn all_text(dir: &Path) -> String {
    snapshot(dir)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect()
}

#[test]
fn theme_must_be_a_plain_folder_name() {
    for bad in ["../../x", "/etc", "a/b", "a\\b", "..", "C:x"] {
        let f = with_theme(bad);
        let r = f.check();
        assert_ne!(r.code, 0, "{bad}: {r:?}");
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(all.contains("site.toml:6"), "{bad}: {all}");
        assert!(all.contains("フォルダー名ではありません"), "{bad}: {all}");
        let r = f.build();
        assert_ne!(r.code, 0, "{bad}: {r:?}");
        assert!(!f.out().exists(), "{bad}");
    }
    // A plain name is fine (and a theme folder that does not exist adds nothing).
    with_theme("mycity").check().ok();
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A folder outside the site with a secret in it.
    fn outside(f: &Fixture) -> std::path::PathBuf {
        let dir = f.beside("elsewhere");
        write_files(
            &dir,
            &[
                ("secret.txt", "ひみつ-outside"),
                ("page.html", "ひみつ-outside"),
            ],
        );
        dir
    }

    fn refused(f: &Fixture, path: &str) {
        let r = f.build();
        assert_ne!(r.code, 0, "{r:?}");
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(all.contains(path), "{path}: {all}");
        assert!(
            all.contains("サイトのフォルダーの外を指すシンボリックリンク"),
            "{all}"
        );
        if f.out().exists() {
            assert!(!all_text(&f.out()).contains("ひみつ-outside"));
        }
    }

    #[test]
    fn theme_static_linked_to_etc_publishes_nothing() {
        let f = with_theme("x");
        fs::create_dir_all(f.site.join("themes/x")).unwrap();
        symlink("/etc", f.site.join("themes/x/static")).unwrap();
        refused(&f, "themes/x/static");
        assert!(!f.out().exists());
    }

    #[test]
    fn theme_folder_and_templates_linked_outside_are_refused() {
        let f = with_theme("x");
        let dir = outside(&f);
        fs::create_dir_all(f.site.join("themes")).unwrap();
        symlink(&dir, f.site.join("themes/x")).unwrap();
        refused(&f, "themes/x");

        let f = with_theme("x");
        let dir = outside(&f);
        fs::create_dir_all(f.site.join("themes/x")).unwrap();
        symlink(&dir, f.site.join("themes/x/templates")).unwrap();
        refused(&f, "themes/x/templates");

        // The whole themes/ folder as a link.
        let f = with_theme("x");
        let dir = f.beside("themes-elsewhere");
        write_files(&dir, &[("x/static/secret.txt", "ひみつ-outside")]);
        symlink(&dir, f.site.join("themes")).unwrap();
        refused(&f, "themes/x");
    }

    #[test]
    fn linked_files_inside_the_theme_pointing_outside_are_refused() {
        let f = with_theme("x");
        let dir = outside(&f);
        write_files(&f.site, &[("themes/x/static/ok.css", "body{}")]);
        symlink(
            dir.join("secret.txt"),
            f.site.join("themes/x/static/secret.txt"),
        )
        .unwrap();
        refused(&f, "themes/x/static/secret.txt");

        let f = with_theme("x");
        let dir = outside(&f);
        fs::create_dir_all(f.site.join("themes/x/templates")).unwrap();
        symlink(
            dir.join("page.html"),
            f.site.join("themes/x/templates/page.html"),
        )
        .unwrap();
        refused(&f, "themes/x/templates/page.html");
    }

    #[test]
    fn links_inside_the_site_are_still_fine() {
        let f = with_theme("x");
        write_files(&f.site, &[("assets-src/logo.txt", "ロゴ")]);
        fs::create_dir_all(f.site.join("themes/x")).unwrap();
        symlink(f.site.join("assets-src"), f.site.join("themes/x/static")).unwrap();
        let out = f.built();
        assert_eq!(fs::read_to_string(out.join("logo.txt")).unwrap(), "ロゴ");
    }
}

/// `hyoka serve --port 0` on the minimal site: the child and the address it printed.
struct Serve(std::process::Child, std::net::SocketAddr);

impl Serve {
    fn start(f: &Fixture) -> Serve {
        use std::io::BufRead;
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .arg("--site")
            .arg(&f.site)
            .args(["serve", "--port", "0"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Killed and waited for on drop, also when it never prints its URL.
        let mut server = Serve(child, "0.0.0.0:0".parse().unwrap());
        let out = std::io::BufReader::new(server.0.stdout.take().unwrap());
        let addr = out.lines().map_while(Result::ok).find_map(|line| {
            let url = line.strip_prefix("プレビュー: http://")?.to_string();
            url[..url.find('/')?].parse().ok()
        });
        server.1 = addr.expect("hyoka serve printed its URL");
        server
    }

    /// Status line and body of `GET /` sent with `Host: host` (`None`: no Host header).
    fn get(&self, target: &str, host: Option<&str>) -> (String, String) {
        use std::io::{Read, Write};
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        let mut raw = Vec::new();
        // A server that answers and closes may reset the connection after its response;
        // on a loaded machine the reset can reach the client first and the kernel then
        // drops the response unread. What arrived counts; nothing at all is asked again
        // (three times at most), as a browser would.
        for attempt in 1..=3 {
            let mut s = std::net::TcpStream::connect(self.1).unwrap();
            write!(
                s,
                "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
            )
            .unwrap();
            raw.clear();
            match s.read_to_end(&mut raw) {
                Ok(_) => break,
                Err(_) if !raw.is_empty() => break,
                Err(e) => assert!(attempt < 3, "no response: {e}"),
            }
        }
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let status = raw.lines().next().unwrap_or_default().to_string();
        let body = raw.split_once("\r\n\r\n").map(|b| b.1).unwrap_or_default();
        (status, body.to_string())
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The preview outlives its terminal: `Serve::start` closes the server's standard output
/// once it has the URL, and a rebuild after that (which reports to that output) must not
/// stop the server.
#[test]
fn serve_keeps_running_when_its_output_is_closed() {
    let f = Fixture::minimal();
    let server = Serve::start(&f);
    let port = server.1.port();
    let report = f.site.join("content/departments/kikaku/2021.toml");
    let text = fs::read_to_string(&report).unwrap();
    fs::write(&report, text.replace("窓口", "窓口の")).unwrap();
    // The watcher's quiet period and the rebuild, with room for a loaded machine.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let (status, _) = server.get("/", Some(&format!("127.0.0.1:{port}")));
    assert!(status.contains(" 200 "), "{status}");
}

#[test]
fn serve_answers_only_to_its_own_host_names() {
    let f = Fixture::minimal();
    let server = Serve::start(&f);
    let port = server.1.port();
    for ok in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _) = server.get("/", Some(&ok));
        assert!(status.contains(" 200 "), "{ok}: {status}");
    }
    for bad in [
        format!("rebind.example:{port}"),
        format!("127.0.0.1.rebind.example:{port}"),
        "127.0.0.1".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let (status, body) = server.get("/", Some(&bad));
        assert!(status.contains(" 421 "), "{bad}: {status}");
        assert!(body.contains("hyoka serve が表示した URL"), "{body}");
        assert!(!body.contains("テスト市"), "{body}");
    }
    // Drafts are not readable through an absolute URI naming another host either.
    let (status, _) = server.get(
        &format!("http://rebind.example:{port}/"),
        Some(&format!("127.0.0.1:{port}")),
    );
    assert!(status.contains(" 421 "), "{status}");
    let (status, _) = server.get("/", None);
    assert!(status.contains(" 4"), "{status}");
}

#[test]
fn a_rebuild_keeps_files_hyoka_did_not_write() {
    let f = Fixture::minimal();
    let out = f.built();
    write_files(
        &out,
        &[
            ("CNAME", "hyoka.city.example.jp"),
            (".htaccess", "Options -Indexes"),
            (".nojekyll", ""),
            (".git/HEAD", "ref: refs/heads/main"),
            (".git/objects/ab/cdef", "object"),
            ("images/logo.png", "png"),
            ("departments/kikaku/staff.pdf", "pdf"),
        ],
    );
    // A department removed: its pages (hyoka's) go, everything else stays.
    fs::remove_dir_all(f.site.join("content/departments/shimin")).unwrap();
    f.build().ok();
    assert!(!out.join("departments/shimin/index.html").exists());
    assert!(out.join("departments/kikaku/index.html").exists());
    for (rel, text) in [
        ("CNAME", "hyoka.city.example.jp"),
        (".htaccess", "Options -Indexes"),
        (".nojekyll", ""),
        (".git/HEAD", "ref: refs/heads/main"),
        (".git/objects/ab/cdef", "object"),
        ("images/logo.png", "png"),
        ("departments/kikaku/staff.pdf", "pdf"),
    ] {
        assert_eq!(fs::read_to_string(out.join(rel)).unwrap(), text, "{rel}");
    }
    // The marker lists hyoka's files only, sorted.
    let marker = fs::read_to_string(out.join(".hyoka-output")).unwrap();
    let listed: Vec<&str> = marker.lines().skip(2).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    assert!(listed.contains(&"index.html"));
    assert!(
        !listed
            .iter()
            .any(|l| l.contains("CNAME") || l.contains(".git"))
    );
    // A kept file where hyoka now writes one of its own is refused, naming it, and
    // nothing changes.
    fs::remove_file(out.join("departments/kikaku/index.html")).unwrap();
    let before = snapshot(&out);
    fs::write(out.join("departments/kikaku/index.html"), "staff").unwrap();
    let marker_before = fs::read(out.join(".hyoka-output")).unwrap();
    // Make it look like hyoka never wrote it.
    let without: String = String::from_utf8(marker_before)
        .unwrap()
        .lines()
        .filter(|l| *l != "departments/kikaku/index.html")
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(out.join(".hyoka-output"), &without).unwrap();
    let r = f.build();
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("departments/kikaku/index.html"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(out.join("departments/kikaku/index.html")).unwrap(),
        "staff"
    );
    assert_eq!(snapshot(&out).len(), before.len() + 1);
}

#[test]
fn leftovers_of_killed_builds_are_cleaned_up_and_recovered() {
    let f = Fixture::minimal();
    let out = f.built();
    // A process that has ended: its pid is free.
    let mut dead = std::process::Command::new("true").spawn().unwrap();
    dead.wait().unwrap();
    let pid = dead.id();
    let tmp = f.site.join(format!(".output.hyoka-tmp-{pid}"));
    let old = f.site.join(format!(".output.hyoka-old-{pid}"));
    write_files(&tmp, &[("index.html", "half-written")]);
    // Killed between the two renames of the swap: output/ moved aside, the new one not
    // yet in place.
    fs::rename(&out, &old).unwrap();
    f.build().ok();
    assert!(out.join("index.html").exists());
    let names: Vec<String> = fs::read_dir(&f.site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("hyoka-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn output_below_a_link_into_content_is_refused() {
    let f = Fixture::minimal();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(f.site.join("content"), f.beside("c")).unwrap();
        let r = f.build_to(&f.beside("c/new"));
        assert_ne!(r.code, 0);
        assert!(r.stderr.contains("content/ の中"), "{}", r.stderr);
        assert!(!f.site.join("content/new").exists());
    }
}

#[test]
fn output_is_never_missing_during_a_rebuild() {
    let f = Fixture::minimal();
    let out = f.built();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (stop, index) = (stop.clone(), out.join("index.html"));
        std::thread::spawn(move || {
            let mut missing = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if !index.exists() {
                    missing += 1;
                }
            }
            missing
        })
    };
    for _ in 0..5 {
        f.build().ok();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let missing = watcher.join().unwrap();
    if cfg!(target_os = "linux") {
        assert_eq!(missing, 0);
    }
}

#[cfg(unix)]
mod output_links {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_symlinked_output_folder_gets_the_new_pages() {
        let f = Fixture::minimal();
        let webroot = f.beside("www/html");
        fs::create_dir_all(f.beside("www")).unwrap();
        f.build_to(&webroot).ok();
        symlink(&webroot, f.out()).unwrap();
        fs::write(webroot.join("CNAME"), "x").unwrap();
        f.write(&[(
            "site.toml",
            &MINIMAL[0].1.replace("テスト市 部局運営方針", "新しい題名"),
        )]);
        f.build().ok();
        assert!(
            fs::symlink_metadata(f.out())
                .unwrap()
                .file_type()
                .is_symlink(),
            "output/ is still a link"
        );
        let index = fs::read_to_string(webroot.join("index.html")).unwrap();
        assert!(index.contains("新しい題名"));
        assert!(webroot.join("CNAME").exists());
        let beside: Vec<String> = fs::read_dir(f.beside("www"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(beside, ["html"]);
    }

    /// A tmpfs mounted at a path, unmounted on drop (needs root: the tests using it are
    /// skipped otherwise). A build that moved it (a bug) is caught too: every test mount
    /// under `root` is unmounted.
    struct Mount {
        at: std::path::PathBuf,
        root: std::path::PathBuf,
    }

    impl Mount {
        fn new(at: &Path, root: &Path) -> Option<Mount> {
            fs::create_dir_all(at).unwrap();
            let ok = std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=1m", "hyoka-test"])
                .arg(at)
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            ok.then(|| Mount {
                at: at.to_path_buf(),
                root: root.to_path_buf(),
            })
        }
    }

    impl Drop for Mount {
        fn drop(&mut self) {
            let mounts = fs::read_to_string("/proc/self/mounts").unwrap_or_default();
            for line in mounts.lines() {
                let mut parts = line.split(' ');
                if parts.next() == Some("hyoka-test")
                    && let Some(at) = parts.next()
                    && Path::new(at).starts_with(&self.root)
                {
                    let _ = std::process::Command::new("umount").arg(at).status();
                }
            }
        }
    }

    #[test]
    fn a_mount_point_in_or_at_the_output_is_never_crossed() {
        let f = Fixture::minimal();
        let out = f.built();
        let Some(share) = Mount::new(&out.join("share"), f.tmp.path()) else {
            eprintln!("skipped: cannot mount a tmpfs here (not root)");
            return;
        };
        fs::write(share.at.join("data.csv"), "keep").unwrap();
        let r = f.build();
        assert_ne!(r.code, 0);
        assert!(r.stderr.contains("マウントポイント"), "{}", r.stderr);
        assert!(r.stderr.contains("share"), "{}", r.stderr);
        assert_eq!(
            fs::read_to_string(share.at.join("data.csv")).unwrap(),
            "keep"
        );
        drop(share);

        let at = f.beside("mounted");
        let Some(m) = Mount::new(&at, f.tmp.path()) else {
            return;
        };
        fs::write(at.join("CNAME"), "keep").unwrap();
        fs::write(at.join(".hyoka-output"), "").unwrap();
        let r = f.build_to(&at);
        assert_ne!(r.code, 0);
        assert!(r.stderr.contains("マウントポイント"), "{}", r.stderr);
        assert_eq!(fs::read_to_string(at.join("CNAME")).unwrap(), "keep");
        drop(m);
    }
}
