//! Serving: every built file with its content type, paths that try to leave the site, the
//! options, IPv6 and base paths.

use super::*;

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
