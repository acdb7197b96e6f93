//! `hyoka serve`: builds the site into memory, serves it over HTTP on one port, watches
//! `site.toml`, `content/` and `themes/`, rebuilds after a change and reloads open browser
//! tabs.
//!
//! - The last good build is an immutable [`Snapshot`] behind an `Arc`, swapped in one step:
//!   a request sees the old site or the new one, never a mix. Nothing is read from disk to
//!   answer a request.
//! - A build with errors changes nothing that is served; the errors go to the terminal and,
//!   through server-sent events, to an overlay in every open tab until fixed.
//! - Browsers are told about a new version only after the swap, so a reload never meets a
//!   missing page.
//! - A connection on which the server has sent nothing for 30 seconds is closed
//!   ([`conn`]): half-sent requests, idle and half-open connections cannot pile up. hyper
//!   answers an over-long request line with 414 and over-long headers with 431.
//!
//! Why axum + tokio for the server: both are maintained by the tokio project and are what
//! most of the Rust web ecosystem (mdBook's `serve` included) runs on; hyper underneath
//! gives a correct HTTP/1.1 implementation (keep-alive, HEAD, malformed requests), axum
//! has server-sent events and graceful shutdown built in, and tokio gives portable
//! Ctrl-C handling. The simpler tiny_http would need a thread per open live-reload
//! connection and hand-written event streaming and shutdown. Paths are resolved by hand
//! against the in-memory map (no `ServeDir`), which makes traversal impossible by
//! construction.

mod conn;
mod host;
mod http;
mod status;
mod watch;

use crate::diag::{Diagnostic, Severity, SourceMap};

/// `println!` that never stops the server: with its terminal closed or its output piped
/// into a program that has exited, `println!` panics on the broken pipe and the preview
/// would die with it; what cannot be shown is dropped.
macro_rules! say {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// [`say!`] for standard error.
macro_rules! say_err {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}
use crate::render::theme::TemplateCache;
use axum::body::Bytes;
use status::{BuildFailure, Status};
use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use watch::{Msg, SiteWatcher};

/// Port used when `--port` is not given.
pub const DEFAULT_PORT: u16 = 1111;

/// How long the files must stay quiet before a rebuild starts (editors save in bursts:
/// write and rename within a few milliseconds). Short, so a saved report is served again
/// in well under 150 ms (issue #9).
const DEBOUNCE: Duration = Duration::from_millis(50);
/// The longest a rebuild waits for a burst of changes to end.
const DEBOUNCE_MAX: Duration = Duration::from_millis(1000);
/// How long Ctrl-C waits for open requests before stopping anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Options of `hyoka serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (with `site.toml`).
    pub site_dir: PathBuf,
    /// Address to listen on; loopback unless the user asks otherwise.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Base path, normalised by [`normalize_base_path`]: `/` or `/a/b/`.
    pub base_path: String,
    /// Look for changes by polling even where native file events exist (`--poll`).
    pub poll: bool,
}

/// Normalises a `--base-path` value to `/` or `/a/b/`. Segments may use letters, digits
/// and `-._~` only, so the path needs no escaping in URLs and HTML.
pub fn normalize_base_path(raw: &str) -> Result<String, String> {
    let mut out = String::from("/");
    for seg in raw.split('/').filter(|s| !s.is_empty()) {
        let ok = seg != "."
            && seg != ".."
            && seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'));
        if !ok {
            return Err(format!(
                "--base-path の「{raw}」は使えません。英数字と - . _ ~ だけの、/hyoka/ のようなパスを指定してください。"
            ));
        }
        out.push_str(seg);
        out.push('/');
    }
    Ok(out)
}

/// One complete build, served as a unit.
pub(crate) struct Snapshot {
    /// Output path (with `/`) → contents.
    files: HashMap<String, Bytes>,
    /// Identifies this build; empty before the first good build.
    version: String,
}

impl Snapshot {
    fn ready(&self) -> bool {
        !self.version.is_empty()
    }
}

/// State shared by the request handlers and the rebuilding thread.
pub(crate) struct App {
    /// Base path, `/` or `/a/b/`.
    base: String,
    /// The host names requests must be addressed to.
    hosts: host::Hosts,
    snapshot: RwLock<Arc<Snapshot>>,
    status: tokio::sync::watch::Sender<Status>,
}

impl App {
    fn new(base: String, hosts: host::Hosts) -> App {
        App {
            base,
            hosts,
            snapshot: RwLock::new(Arc::new(Snapshot {
                files: HashMap::new(),
                version: String::new(),
            })),
            status: tokio::sync::watch::Sender::new(Status::default()),
        }
    }

    /// The site being served now.
    fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves `snap` from now on, then tells browsers (in that order), with the build's
    /// warnings.
    fn publish(&self, snap: Snapshot, warnings: Option<BuildFailure>) {
        let version = snap.version.clone();
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snap);
        self.status.send_modify(|s| {
            s.ready = true;
            s.version = version;
            s.error = None;
            s.warnings = warnings;
        });
    }

    /// Keeps serving what is served and shows `failure` in the browsers.
    fn fail(&self, failure: BuildFailure) {
        self.status.send_modify(|s| s.error = Some(failure));
    }

    /// Ends the live-reload streams so the server can stop.
    fn close(&self) {
        self.status.send_modify(|s| s.closing = true);
    }
}

/// What a set of changed paths requires.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
struct Work {
    /// Read, validate and render the content again.
    pages: bool,
    /// Read the theme's static files again.
    statics: bool,
}

impl Work {
    const ALL: Work = Work {
        pages: true,
        statics: true,
    };

    /// Only files under `themes/<theme>/static/` changed: the pages stay as they are.
    fn of(changed: &BTreeSet<String>) -> Work {
        let mut w = Work {
            pages: false,
            statics: false,
        };
        for p in changed {
            let parts: Vec<&str> = p.split('/').collect();
            match parts.as_slice() {
                ["themes", _, "static", _, ..] => w.statics = true,
                ["themes"] | ["themes", _] | ["themes", _, "static"] => w = Work::ALL,
                _ => w.pages = true,
            }
        }
        w
    }
}

/// Output files kept between rebuilds: (path, contents).
type Files = Arc<Vec<(String, Bytes)>>;

/// Rebuilds the site, keeping what does not need to change: the parsed templates, the
/// rendered pages when only static files changed, and the static files when only content
/// changed.
struct Builder {
    site_dir: PathBuf,
    templates: TemplateCache,
    pages: Option<Files>,
    statics: Option<(PathBuf, Files)>,
    theme: Option<String>,
    /// The last build failed: the next one must read the content again whatever changed.
    failed: bool,
    /// The last good build's model and indexes, for rebuilding after one report changed
    /// ([`crate::pipeline::incremental`]).
    session: Option<crate::pipeline::incremental::Session>,
    /// The pages were drawn again after one report changed: the search index, open data
    /// and sitemap are still to be made again.
    data_pending: bool,
    count: u64,
    instance: String,
}

/// What a successful rebuild produced.
struct Built {
    snapshot: Snapshot,
    pages: usize,
    /// The build's warnings, for the terminal and the browser banner.
    warnings: Option<BuildFailure>,
    /// Pages drawn again after one report changed (`None`: the whole site was built).
    redrawn: Option<usize>,
}

impl Builder {
    fn new(site_dir: PathBuf) -> Builder {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        Builder {
            site_dir,
            templates: TemplateCache::default(),
            pages: None,
            statics: None,
            theme: None,
            failed: false,
            session: None,
            data_pending: false,
            count: 0,
            instance: format!("{:x}", nanos & 0xffff_ffff_ffff),
        }
    }

    fn build(
        &mut self,
        work: Work,
        changed: &BTreeSet<String>,
    ) -> Result<Built, (BuildFailure, String)> {
        let mut warnings = None;
        let mut redrawn = None;
        let need_pages = work.pages || self.failed || self.pages.is_none();
        if need_pages {
            // One report saved after a good build: only what can show it is drawn again.
            let single = match (changed.len(), work.statics, self.failed) {
                (1, false, false) => changed.iter().next(),
                _ => None,
            };
            let mut updated = false;
            if let (Some(rel), Some(session), Some(pages)) =
                (single, self.session.as_mut(), self.pages.as_ref())
            {
                match session.report_changed(rel, &mut self.templates) {
                    Some(files) => {
                        redrawn = Some(files.iter().filter(|f| f.path.ends_with(".html")).count());
                        self.pages = Some(Arc::new(merge(pages, files)));
                        warnings = BuildFailure::warnings(
                            &session.compiled.diags,
                            &session.compiled.sources,
                        );
                        self.data_pending = true;
                        updated = true;
                    }
                    None => self.session = None,
                }
            }
            if !updated {
                self.session = None;
                self.data_pending = false;
                let (session, files) = crate::pipeline::incremental::Session::full(
                    &self.site_dir,
                    &mut self.templates,
                )
                .map_err(|f| {
                    let errors: Vec<&Diagnostic> = f
                        .compiled
                        .diags
                        .items
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .collect();
                    // Warnings follow the errors: a staff member fixing one sees the rest.
                    let warns: Vec<&Diagnostic> = f
                        .compiled
                        .diags
                        .items
                        .iter()
                        .filter(|d| d.severity == Severity::Warning)
                        .collect();
                    let mut shown: Vec<&Diagnostic> = match &f.error {
                        Some(d) => vec![d],
                        None => errors,
                    };
                    let n = shown.len();
                    shown.extend(warns);
                    let (mut failure, text) = fail_with(&shown, &f.compiled.sources);
                    if shown.len() > n {
                        failure.summary = format!("エラーが {n} 件、警告が {} 件", shown.len() - n);
                    } else {
                        failure.summary = format!("エラーが {n} 件");
                    }
                    (failure, text)
                })?;
                warnings =
                    BuildFailure::warnings(&session.compiled.diags, &session.compiled.sources);
                self.theme = session
                    .compiled
                    .site
                    .as_ref()
                    .map(|s| s.config.theme.clone());
                self.pages = Some(Arc::new(
                    files
                        .into_iter()
                        .map(|f| (f.path, Bytes::from(f.bytes)))
                        .collect(),
                ));
                self.session = Some(session);
            }
        }
        let theme = self.theme.clone().unwrap_or_default();
        let static_dir = self.site_dir.join("themes").join(&theme).join("static");
        let reuse = !work.statics && self.statics.as_ref().is_some_and(|(d, _)| *d == static_dir);
        if !reuse {
            let files = read_static(&self.site_dir, &theme)
                .map_err(|d| fail_with(&[&d], &SourceMap::default()))?;
            self.statics = Some((static_dir, Arc::new(files)));
        }
        self.count += 1;
        Ok(Built {
            pages: self.pages.as_ref().map_or(0, |p| {
                p.iter().filter(|(p, _)| p.ends_with(".html")).count()
            }),
            snapshot: self.snapshot(),
            warnings,
            redrawn,
        })
    }

    /// The pages and static files of now, as version `count`.
    fn snapshot(&self) -> Snapshot {
        let pages = self.pages.clone().unwrap_or_default();
        let statics = self
            .statics
            .as_ref()
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
        // Static files are copied over rendered ones, as in `hyoka build`.
        let mut files = HashMap::with_capacity(pages.len() + statics.len());
        for (p, b) in pages.iter().chain(statics.iter()) {
            files.insert(p.clone(), b.clone());
        }
        Snapshot {
            files,
            version: format!("{}-{}", self.instance, self.count),
        }
    }

    /// After pages were drawn again for one report: the search index, open data and
    /// sitemap made again and served under the same version (open pages need no reload).
    fn finish_data(&mut self, app: &App) {
        if !std::mem::take(&mut self.data_pending) {
            return;
        }
        let (Some(session), Some(pages)) = (self.session.as_ref(), self.pages.as_ref()) else {
            return;
        };
        let files = session.data_files(pages.iter().map(|(p, _)| p.as_str()));
        self.pages = Some(Arc::new(merge(pages, files)));
        let warnings = app.status.borrow().warnings.clone();
        app.publish(self.snapshot(), warnings);
    }

    /// Builds, publishes or reports, and prints what happened.
    fn rebuild(&mut self, app: &App, work: Work, changed: &BTreeSet<String>) {
        let start = Instant::now();
        let result = self.build(work, changed);
        self.failed = result.is_err();
        let secs = start.elapsed().as_secs_f64();
        crate::timings::report(Some(secs));
        let now = chrono::Local::now().format("%H:%M:%S");
        let what = describe(changed);
        match result {
            Ok(b) => {
                let files = b.snapshot.files.len();
                let warn = match &b.warnings {
                    Some(w) => format!("。{}あります（ブラウザーの下にも表示します）", w.summary),
                    None => String::new(),
                };
                let warn_text = b.warnings.as_ref().map(|w| w.text.clone());
                app.publish(b.snapshot, b.warnings);
                match b.redrawn {
                    Some(n) => say!(
                        "[{now}] {what}関わるページを作り直しました（ページ {} 件のうち {} 件、{secs:.3} 秒{warn}）。",
                        crate::analyze::metrics::format_int(b.pages as i64),
                        crate::analyze::metrics::format_int(n as i64),
                    ),
                    None => say!(
                        "[{now}] {what}サイトを作りました（ページ {} 件、ファイル {} 件、{secs:.3} 秒{warn}）。",
                        crate::analyze::metrics::format_int(b.pages as i64),
                        crate::analyze::metrics::format_int(files as i64),
                    ),
                }
                if let Some(t) = warn_text {
                    eprint!("{t}");
                }
            }
            Err((failure, text)) => {
                eprint!("{text}");
                let served = if app.current().ready() {
                    "ブラウザーには前回正常に作れたサイトを表示しています。"
                } else {
                    ""
                };
                say_err!(
                    "[{now}] {what}{}あるため、サイトを作れませんでした。{served}直して保存すると、自動で作り直します。",
                    failure.summary
                );
                app.fail(failure);
            }
        }
        let _ = std::io::stdout().flush();
        self.finish_data(app);
    }

    /// Waits for changes, lets a burst of saves settle, and rebuilds; until told to stop.
    fn run(mut self, app: Arc<App>, rx: Receiver<Msg>, mut watcher: Option<SiteWatcher>) {
        while let Ok(Msg::Changed(first)) = rx.recv() {
            let mut changed: BTreeSet<String> = first.into_iter().collect();
            let burst = Instant::now();
            loop {
                match rx.recv_timeout(DEBOUNCE) {
                    Ok(Msg::Changed(more)) => {
                        changed.extend(more);
                        if burst.elapsed() >= DEBOUNCE_MAX {
                            break;
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            if let Some(w) = watcher.as_mut() {
                w.refresh();
            }
            self.rebuild(&app, Work::of(&changed), &changed);
        }
    }
}

/// `pages` with `files` put in place of the pages of the same path.
fn merge(pages: &[(String, Bytes)], files: Vec<crate::output::OutFile>) -> Vec<(String, Bytes)> {
    let mut new: HashMap<String, Bytes> = files
        .into_iter()
        .map(|f| (f.path, Bytes::from(f.bytes)))
        .collect();
    let mut out: Vec<(String, Bytes)> = pages
        .iter()
        .map(|(p, b)| match new.remove(p) {
            Some(nb) => (p.clone(), nb),
            None => (p.clone(), b.clone()),
        })
        .collect();
    // A file the last build did not have (not expected: the set of pages is the same).
    out.extend(new);
    out
}

fn fail_with(diags: &[&Diagnostic], sources: &SourceMap) -> (BuildFailure, String) {
    let f = BuildFailure::new(diags, sources);
    let text = f.text.clone();
    (f, text)
}

/// 「content/…/2021.toml を変更しました。」 for the terminal.
fn describe(changed: &BTreeSet<String>) -> String {
    match changed.len() {
        0 => String::new(),
        1 => format!("{} の変更を受けて", changed.iter().next().map_or("", |s| s)),
        n => format!(
            "{} など {n} 件の変更を受けて",
            changed.iter().next().map_or("", |s| s)
        ),
    }
}

/// The theme's static files with their bytes, as served.
fn read_static(site_dir: &Path, theme: &str) -> Result<Vec<(String, Bytes)>, Diagnostic> {
    crate::source::theme::static_files(site_dir, theme)?
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f.path).map_err(|e| {
                Diagnostic::path_error(
                    format!("themes/{theme}/static/{}", f.rel),
                    format!("ファイルを読み込めません（{e}）。"),
                )
            })?;
            Ok((f.rel, Bytes::from(bytes)))
        })
        .collect()
}

/// Whether an address only this computer can reach.
fn is_loopback(ip: &IpAddr) -> bool {
    ip.is_loopback()
}

/// `http://127.0.0.1:1111/` or `http://[::1]:1111/hyoka/`.
fn url_for(addr: SocketAddr, base: &str) -> String {
    // SocketAddr's Display already puts IPv6 addresses in brackets.
    format!("http://{addr}{base}")
}

/// Runs `hyoka serve` until Ctrl-C; returns the exit code.
pub fn run(opts: ServeOptions) -> i32 {
    if !opts.site_dir.is_dir() {
        say_err!(
            "エラー: サイトのフォルダー「{}」がありません。",
            opts.site_dir.display()
        );
        return 1;
    }
    let site_dir = std::path::absolute(&opts.site_dir).unwrap_or_else(|_| opts.site_dir.clone());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            say_err!("エラー: サーバーを準備できません（{e}）。");
            return 1;
        }
    };
    let _guard = runtime.enter();

    // Bind first, so a busy port is reported before any work.
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = match std::net::TcpListener::bind(addr)
        .and_then(|l| l.set_nonblocking(true).map(|_| l))
        .and_then(tokio::net::TcpListener::from_std)
    {
        Ok(l) => l,
        Err(e) => {
            say_err!("エラー: {}", bind_error(&opts, &e));
            return 1;
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    // Registered before the URL is printed, so an early Ctrl-C is a clean stop too.
    let signals = match Signals::new() {
        Ok(s) => s,
        Err(e) => {
            say_err!("エラー: Ctrl+C を受け取る準備ができません（{e}）。");
            return 1;
        }
    };

    let app = Arc::new(App::new(
        opts.base_path.clone(),
        host::Hosts::new(opts.bind, local.port()),
    ));
    let (tx, rx) = std::sync::mpsc::channel();
    let why_poll = if opts.poll {
        Some("--poll が指定されたため".to_string())
    } else {
        watch::unreliable_events(&site_dir)
    };
    let watcher = match SiteWatcher::start(&site_dir, tx.clone(), why_poll.is_some()) {
        Ok(w) => {
            if w.polling {
                say!(
                    "ファイルの変更は 0.5 秒ごとの確認で見つけます（{}）。",
                    why_poll
                        .as_deref()
                        .unwrap_or("このシステムでは変更の通知を使えないため")
                );
            }
            Some(w)
        }
        Err(msg) => {
            say_err!(
                "警告: {}原稿を変更しても自動では作り直しません。",
                msg.message
            );
            None
        }
    };
    let mut builder = Builder::new(site_dir);
    say!("サイトを作っています…");
    builder.rebuild(&app, Work::ALL, &BTreeSet::new());

    if !is_loopback(&opts.bind) {
        say_err!(
            "警告: {} で待ち受けています。同じネットワークのほかのパソコンからも、このプレビュー（公開前の原稿）が見えます。自分のパソコンだけで見るときは --bind を付けずに実行してください。",
            opts.bind
        );
    }
    say!("プレビュー: {}", url_for(local, &opts.base_path));
    say!(
        "原稿を保存すると、自動で作り直してブラウザーを読み込み直します。止めるには Ctrl+C を押してください。"
    );
    let _ = std::io::stdout().flush();

    let worker = {
        let app = app.clone();
        std::thread::spawn(move || builder.run(app, rx, watcher))
    };
    let code = runtime.block_on(serve_until_signal(listener, app, signals));
    let _ = tx.send(Msg::Stop);
    let _ = worker.join();
    say!("停止しました。");
    let _ = std::io::stdout().flush();
    code
}

fn bind_error(opts: &ServeOptions, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::AddrInUse => format!(
            "ポート {} はほかのプログラムが使っています。`--port {}` のように別の番号を指定してください。",
            opts.port,
            opts.port.wrapping_add(1).max(1024)
        ),
        ErrorKind::AddrNotAvailable => format!(
            "アドレス {} はこのパソコンにありません。--bind を付けずに実行すると 127.0.0.1 で待ち受けます。",
            opts.bind
        ),
        ErrorKind::PermissionDenied => format!(
            "ポート {} を使う権限がありません。1024 以上の番号を --port で指定してください。",
            opts.port
        ),
        _ => format!(
            "{} で待ち受けられません（{e}）。",
            SocketAddr::new(opts.bind, opts.port)
        ),
    }
}

/// Serves until Ctrl-C (or SIGTERM), then stops: live-reload streams end, open requests
/// get a few seconds to finish.
async fn serve_until_signal(
    listener: tokio::net::TcpListener,
    app: Arc<App>,
    mut signals: Signals,
) -> i32 {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    {
        let app = app.clone();
        tokio::spawn(async move {
            signals.recv().await;
            say!("\n停止しています…");
            app.close();
            let _ = stop_tx.send(true);
        });
    }
    let mut graceful = stop_rx.clone();
    let listener = conn::TimedListener::new(listener, conn::IDLE_TIMEOUT);
    let server = axum::serve(listener, http::router(app)).with_graceful_shutdown(async move {
        let _ = graceful.wait_for(|stop| *stop).await;
    });
    let mut deadline_rx = stop_rx;
    let deadline = async move {
        let _ = deadline_rx.wait_for(|stop| *stop).await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    let server = std::pin::pin!(std::future::IntoFuture::into_future(server));
    let deadline = std::pin::pin!(deadline);
    match futures_util::future::select(server, deadline).await {
        futures_util::future::Either::Left((Err(e), _)) => {
            say_err!("エラー: サーバーが止まりました（{e}）。");
            1
        }
        _ => 0,
    }
}

/// Ctrl-C, and on Unix also SIGTERM (sent by `kill` and service managers).
#[cfg(unix)]
struct Signals {
    int: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn new() -> std::io::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            int: signal(SignalKind::interrupt())?,
            term: signal(SignalKind::terminate())?,
        })
    }

    async fn recv(&mut self) {
        let int = std::pin::pin!(self.int.recv());
        let term = std::pin::pin!(self.term.recv());
        let _ = futures_util::future::select(int, term).await;
    }
}

/// Ctrl-C.
#[cfg(windows)]
struct Signals(tokio::signal::windows::CtrlC);

#[cfg(windows)]
impl Signals {
    fn new() -> std::io::Result<Signals> {
        tokio::signal::windows::ctrl_c().map(Signals)
    }

    async fn recv(&mut self) {
        let _ = self.0.recv().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalised() {
        assert_eq!(normalize_base_path("/").unwrap(), "/");
        assert_eq!(normalize_base_path("").unwrap(), "/");
        assert_eq!(normalize_base_path("hyoka").unwrap(), "/hyoka/");
        assert_eq!(
            normalize_base_path("/kikaku/hyoka").unwrap(),
            "/kikaku/hyoka/"
        );
        assert!(normalize_base_path("/../x/").is_err());
        assert!(normalize_base_path("/a b/").is_err());
        assert!(normalize_base_path("/評価/").is_err());
        assert!(normalize_base_path("/a\"><script>/").is_err());
    }

    #[test]
    fn static_only_changes_keep_pages() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let w = Work::of(&set(&["themes/t/static/logo.png"]));
        assert_eq!(
            w,
            Work {
                pages: false,
                statics: true
            }
        );
        assert!(Work::of(&set(&["content/departments/a/2021.toml"])).pages);
        assert!(!Work::of(&set(&["content/departments/a/2021.toml"])).statics);
        assert!(Work::of(&set(&["themes/t/templates/base.html"])).pages);
        assert_eq!(Work::of(&set(&["themes"])), Work::ALL);
        assert_eq!(Work::of(&set(&["themes/t/static"])), Work::ALL);
    }

    #[test]
    fn urls_bracket_ipv6() {
        let a: SocketAddr = "[::1]:1111".parse().unwrap();
        assert_eq!(url_for(a, "/hyoka/"), "http://[::1]:1111/hyoka/");
        let a: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(url_for(a, "/"), "http://127.0.0.1:8080/");
    }
}
