//! Rebuilding while serving: edits, errors and warnings shown in the browser, incremental
//! rebuilds equal to full builds, pages never half-written, a clean stop.

use super::*;

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
