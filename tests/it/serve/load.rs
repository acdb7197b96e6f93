//! Under load: very long requests, slow and idle connections, thousands of requests at once.

use super::*;

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
