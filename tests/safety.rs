//! Publishing safety (issue #22): reading stays inside the site folder (the theme name,
//! symbolic links in `themes/`), a rebuild touches only the files hyoka wrote (staff files,
//! `.git`, a symlinked output folder, killed builds), and `hyoka serve` answers only to the
//! host names it is bound for.

mod common;

use common::*;
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
        let mut s = std::net::TcpStream::connect(self.1).unwrap();
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        write!(
            s,
            "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
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
