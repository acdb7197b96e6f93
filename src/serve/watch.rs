//! Watching the site's files: `site.toml`, `content/` and `themes/`, with editors'
//! temporary files ignored, so a save triggers exactly one rebuild.
//!
//! Native file events (inotify, FSEvents, ReadDirectoryChangesW) are used when the system
//! offers them; when it does not (too many watches, some network drives), a polling
//! watcher takes over, as mdBook does.

use crate::diag::Diagnostic;
use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// What the watcher tells the rebuilding thread.
pub(crate) enum Msg {
    /// These site-relative paths (with `/`) changed.
    Changed(Vec<String>),
    /// Stop: the server is shutting down.
    Stop,
}

/// The file watcher and the folders it watches; new `content/` or `themes/` folders, and
/// a site folder deleted and created again, are picked up by [`SiteWatcher::refresh`].
pub(crate) struct SiteWatcher {
    watcher: Box<dyn Watcher + Send>,
    site_dir: PathBuf,
    watched: BTreeSet<PathBuf>,
    /// Set by the event handler when a watched folder is created again.
    made_again: Arc<AtomicBool>,
    /// Whether the polling fallback is in use.
    pub polling: bool,
}

impl SiteWatcher {
    /// Starts watching `site_dir` (absolute); relevant changes are sent to `tx`. With
    /// `poll`, the polling watcher is used from the start.
    pub fn start(site_dir: &Path, tx: Sender<Msg>, poll: bool) -> Result<SiteWatcher, Diagnostic> {
        let prefixes = site_prefixes(site_dir);
        let roots: Vec<PathBuf> = prefixes
            .iter()
            .flat_map(|p| watched_folders(p).map(|(dir, _)| dir))
            .collect();
        let made_again = Arc::new(AtomicBool::new(false));
        let flag = made_again.clone();
        let handler = move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else { return };
            if !counts(&ev.kind) {
                return;
            }
            // The site folder, content/ or themes/ created again (deleted and restored,
            // unzipped over): everything may have changed, and `refresh` watches the new one.
            let made = matches!(
                ev.kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
            );
            if made && ev.paths.iter().any(|p| roots.contains(p)) {
                flag.store(true, Ordering::SeqCst);
                let _ = tx.send(Msg::Changed(vec!["site.toml".into()]));
                return;
            }
            let rels: Vec<String> = ev
                .paths
                .iter()
                .filter_map(|p| relevant(&prefixes, p))
                .collect();
            if !rels.is_empty() {
                let _ = tx.send(Msg::Changed(rels));
            }
        };
        let native = if poll {
            Err("polling asked for".to_string())
        } else {
            notify::recommended_watcher(handler.clone()).map_err(|e| e.to_string())
        };
        let native = native.and_then(|mut w| {
            w.watch(site_dir, RecursiveMode::NonRecursive)
                .map_err(|e| e.to_string())?;
            Ok(w)
        });
        // Native events refused (e.g. the inotify limit reached): fall back to polling.
        let (mut watcher, polling): (Box<dyn Watcher + Send>, bool) = match native {
            Ok(w) => (Box::new(w), false),
            Err(_) => {
                let mut w = poll_watcher(handler)?;
                w.watch(site_dir, RecursiveMode::NonRecursive)
                    .map_err(|e| {
                        Diagnostic::message(format!("サイトのフォルダーを監視できません（{e}）。"))
                    })?;
                (w, true)
            }
        };
        // The folder holding the site, so that the site folder deleted and created again
        // is noticed (its own watch ends with it). Not possible at a root: no matter.
        if let Some(parent) = site_dir.parent() {
            let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
        }
        let mut w = SiteWatcher {
            watcher,
            site_dir: site_dir.to_path_buf(),
            watched: BTreeSet::new(),
            made_again,
            polling,
        };
        w.refresh();
        Ok(w)
    }

    /// Brings the watches up to date: the site folder, `content/` and `themes/` are watched
    /// when they exist, and all watched afresh when one of them was created again since the
    /// last call (a watch follows the deleted folder, not the new one of that name).
    pub fn refresh(&mut self) {
        if self.made_again.swap(false, Ordering::SeqCst) {
            for dir in std::mem::take(&mut self.watched) {
                let _ = self.watcher.unwatch(&dir);
            }
        }
        for (dir, mode) in watched_folders(&self.site_dir) {
            if dir.is_dir() {
                if !self.watched.contains(&dir) && self.watcher.watch(&dir, mode).is_ok() {
                    self.watched.insert(dir);
                }
            } else if self.watched.remove(&dir) {
                let _ = self.watcher.unwatch(&dir);
            }
        }
    }
}

/// The folders watched: the site folder itself (for `site.toml`), `content/` and
/// `themes/` with everything in them.
fn watched_folders(site_dir: &Path) -> [(PathBuf, RecursiveMode); 3] {
    [
        (site_dir.to_path_buf(), RecursiveMode::NonRecursive),
        (site_dir.join("content"), RecursiveMode::Recursive),
        (site_dir.join("themes"), RecursiveMode::Recursive),
    ]
}

fn poll_watcher<F>(handler: F) -> Result<Box<dyn Watcher + Send>, Diagnostic>
where
    F: notify::EventHandler,
{
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    notify::PollWatcher::new(handler, config)
        .map(|w| Box::new(w) as Box<dyn Watcher + Send>)
        .map_err(|e| Diagnostic::message(format!("ファイルの変更を監視できません（{e}）。")))
}

/// Why native file events may miss changes in `site_dir`, if they may: a network share
/// (`\\server\share`, an SMB or NFS mount) or a folder that a sync client such as OneDrive
/// rewrites behind the system's back. Staff at city hall often keep the site there.
pub(crate) fn unreliable_events(site_dir: &Path) -> Option<String> {
    let shown = site_dir.to_string_lossy();
    if shown.starts_with("\\\\") || shown.starts_with("//") {
        return Some("ネットワーク上のフォルダーのため".into());
    }
    const SYNCED: &[&str] = &["OneDrive", "Dropbox", "Google Drive", "Box"];
    if site_dir.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        SYNCED
            .iter()
            .any(|s| name == *s || name.starts_with(&format!("{s} - ")))
    }) {
        return Some("OneDrive などで同期しているフォルダーのため".into());
    }
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    network_mount(&mounts, site_dir).map(|fs| format!("ネットワーク上のフォルダー（{fs}）のため"))
}

/// The file-system type of the mount holding `dir`, if it is a network one, from the
/// text of `/proc/self/mounts`.
fn network_mount(mounts: &str, dir: &Path) -> Option<String> {
    const NETWORK: &[&str] = &[
        "cifs",
        "smb3",
        "smbfs",
        "nfs",
        "nfs4",
        "9p",
        "fuse.sshfs",
        "vboxsf",
        "drvfs",
    ];
    let mut best: Option<(usize, &str)> = None;
    for line in mounts.lines() {
        let mut f = line.split_whitespace();
        let (Some(_), Some(point), Some(fs)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        // Mount points escape spaces as \040.
        let point = point.replace("\\040", " ");
        if dir.starts_with(&point) && best.is_none_or(|(len, _)| point.len() > len) {
            best = Some((point.len(), fs));
        }
    }
    best.map(|(_, fs)| fs)
        .filter(|fs| NETWORK.contains(fs))
        .map(str::to_string)
}

/// The site folder as given and as the system resolves it (macOS reports `/private/var/…`
/// for `/var/…`), so event paths can be made relative either way.
fn site_prefixes(site_dir: &Path) -> Vec<PathBuf> {
    let mut v = vec![site_dir.to_path_buf()];
    if let Ok(c) = std::fs::canonicalize(site_dir)
        && c != site_dir
    {
        v.push(c);
    }
    v
}

/// Whether an event kind means something may have changed. Reads (which hyoka's own
/// rebuild causes) and access-time updates do not.
fn counts(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// The site-relative path (with `/`) of a changed file, if it matters to the site:
/// `site.toml`, or anything in `content/` or `themes/` that is not an editor's temporary
/// or backup file, nor hidden.
pub(crate) fn relevant(prefixes: &[PathBuf], path: &Path) -> Option<String> {
    let rel = prefixes.iter().find_map(|p| path.strip_prefix(p).ok())?;
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            _ => return None,
        }
    }
    let first = parts.first()?;
    let wanted = match first.as_str() {
        "site.toml" => parts.len() == 1,
        "content" | "themes" => true,
        _ => false,
    };
    if !wanted || parts.iter().any(|p| crate::source::layout::is_litter(p)) {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_and_synced_folders_are_polled() {
        assert!(unreliable_events(Path::new("\\\\fileserver\\kikaku\\hyoka")).is_some());
        assert!(unreliable_events(Path::new("/home/a/OneDrive - みどり野市/hyoka")).is_some());
        assert!(unreliable_events(Path::new("/home/a/OneDrive/hyoka")).is_some());
        assert!(unreliable_events(Path::new("/home/a/OneDriveNotes/hyoka")).is_none());
        let mounts = "/dev/vda / ext4 rw 0 0\n//srv/share /mnt/share cifs rw 0 0\nsrv:/x /mnt/nfs\\040dir nfs4 rw 0 0\n";
        assert_eq!(
            network_mount(mounts, Path::new("/mnt/share/hyoka")).as_deref(),
            Some("cifs")
        );
        assert_eq!(
            network_mount(mounts, Path::new("/mnt/nfs dir/site")).as_deref(),
            Some("nfs4")
        );
        assert_eq!(network_mount(mounts, Path::new("/home/a/site")), None);
    }

    #[test]
    fn only_site_files_count() {
        let site = PathBuf::from("/s");
        let p = [site.clone()];
        let r = |s: &str| relevant(&p, Path::new(s));
        assert_eq!(r("/s/site.toml").as_deref(), Some("site.toml"));
        assert_eq!(
            r("/s/content/departments/a/2021.toml").as_deref(),
            Some("content/departments/a/2021.toml")
        );
        assert_eq!(
            r("/s/themes/t/templates/base.html").as_deref(),
            Some("themes/t/templates/base.html")
        );
        assert_eq!(r("/s/content").as_deref(), Some("content"));
        assert_eq!(r("/s/output/index.html"), None);
        assert_eq!(r("/s/.git/index"), None);
        assert_eq!(r("/s/site.toml~"), None);
        assert_eq!(r("/s/content/departments/a/.2021.toml.swp"), None);
        assert_eq!(r("/s/content/departments/a/2021.toml~"), None);
        assert_eq!(r("/s/content/departments/a/.#2021.toml"), None);
        assert_eq!(r("/s/content/departments/a/#2021.toml#"), None);
        assert_eq!(r("/s/content/departments/a/4913"), None);
        assert_eq!(r("/elsewhere/content/x.toml"), None);
    }

    /// Waits up to five seconds for a change naming `rel`.
    fn changed(rx: &std::sync::mpsc::Receiver<Msg>, rel: &str) -> bool {
        let end = std::time::Instant::now() + Duration::from_secs(5);
        while let Some(left) = end.checked_duration_since(std::time::Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(Msg::Changed(paths)) if paths.iter().any(|p| p == rel) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    }

    #[test]
    fn the_site_folder_deleted_and_made_again_is_watched_again() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut w = SiteWatcher::start(&site, tx, false).unwrap();
        std::fs::remove_dir_all(&site).unwrap();
        std::fs::create_dir_all(site.join("content")).unwrap();
        assert!(
            changed(&rx, "site.toml"),
            "the new site folder was not noticed"
        );
        w.refresh();
        std::fs::write(site.join("content/a.toml"), "x").unwrap();
        assert!(
            changed(&rx, "content/a.toml"),
            "content/ of the new folder is not watched"
        );
        std::fs::write(site.join("site.toml"), "x").unwrap();
        assert!(
            changed(&rx, "site.toml"),
            "the new site folder is not watched"
        );
    }

    #[test]
    fn reads_do_not_trigger_rebuilds() {
        assert!(!counts(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!counts(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(counts(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(counts(&EventKind::Modify(ModifyKind::Any)));
        assert!(counts(&EventKind::Remove(notify::event::RemoveKind::File)));
    }
}
