//! Putting the new output folder in place of the old one, and cleaning up after builds
//! that were killed: the only code in hyoka that renames or deletes folders in the output
//! folder's parent.
//!
//! On Linux the two folders are exchanged in one step (`renameat2` with
//! `RENAME_EXCHANGE`), so `output/` is never missing. Elsewhere (or on a file system
//! without that call) the old folder is renamed aside and the new one renamed in: for
//! that instant, a web server serving `output/` directly finds nothing (see the README).

use std::fs;
use std::path::{Path, PathBuf};

/// Prefixes of the temporary folders beside an output folder `name`: the new output being
/// written, and the old one moved aside (`.<name>.hyoka-tmp-<pid>`, `.<name>.hyoka-old-<pid>`).
pub(super) fn tmp_name(name: &str, pid: u32) -> String {
    format!(".{name}.hyoka-tmp-{pid}")
}

/// See [`tmp_name`].
pub(super) fn old_name(name: &str, pid: u32) -> String {
    format!(".{name}.hyoka-old-{pid}")
}

/// The device a path (not followed if a link) is on; `None` where that cannot be told.
pub(super) fn device(p: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        p.symlink_metadata().ok().map(|m| m.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        None
    }
}

/// Whether process `pid` may still be running (another build writing its folder).
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Cleans up after builds of `out` (in `parent`, named `name`) that were killed: a build
/// killed between the two renames of a swap left no `out` but its old output aside, which
/// is put back; other temporary folders of builds no longer running are removed. Folders
/// of a build still running are left alone.
pub(super) fn recover(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let (tmp_prefix, old_prefix) = (format!(".{name}.hyoka-tmp-"), format!(".{name}.hyoka-old-"));
    let mut left: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let (is_old, pid) = if let Some(pid) = n.strip_prefix(&old_prefix) {
            (true, pid)
        } else if let Some(pid) = n.strip_prefix(&tmp_prefix) {
            (false, pid)
        } else {
            continue;
        };
        match pid.parse::<u32>() {
            Ok(pid) if !running(pid) => left.push((entry.path(), is_old)),
            _ => {}
        }
    }
    left.sort();
    for (p, is_old) in left {
        if is_old && out.symlink_metadata().is_err() && fs::rename(&p, out).is_ok() {
            continue;
        }
        remove_tree(&p);
    }
}

/// Puts `new` in place of `out`. Returns where the old output now is (to be removed), or
/// `None` when there was none. On error nothing has changed.
pub(super) fn swap(new: &Path, out: &Path, aside: &Path) -> std::io::Result<Option<PathBuf>> {
    if out.symlink_metadata().is_err() {
        fs::rename(new, out)?;
        return Ok(None);
    }
    if exchange(new, out)? {
        return Ok(Some(new.to_path_buf()));
    }
    fs::rename(out, aside)?;
    if let Err(e) = fs::rename(new, out) {
        let _ = fs::rename(aside, out);
        return Err(e);
    }
    Ok(Some(aside.to_path_buf()))
}

/// Exchanges two folders atomically; `Ok(false)` where the platform or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(ca), Ok(cb)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return Ok(false);
    };
    // SAFETY: both paths are valid NUL-terminated strings for the duration of the call.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Removes a folder of hyoka's (a temporary or old output folder) without ever crossing
/// into another file system mounted inside it, and without following links. Best effort:
/// what cannot be removed stays.
pub(super) fn remove_tree(p: &Path) {
    for entry in walkdir::WalkDir::new(p)
        .same_file_system(true)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        let _ = if entry.file_type().is_dir() {
            fs::remove_dir(entry.path())
        } else {
            fs::remove_file(entry.path())
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn killed_builds_are_cleaned_up_and_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        // A build (no longer running: our own pid is never "running") killed between the
        // two renames: no output, the old one aside, the new one complete.
        let pid = std::process::id();
        let old = dir.path().join(old_name("output", pid));
        let tmp = dir.path().join(tmp_name("output", pid));
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "old").unwrap();
        fs::create_dir_all(tmp.join("a")).unwrap();
        recover(dir.path(), "output", &out);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!old.exists() && !tmp.exists());
        // Killed after the swap: the old output aside is removed, the output kept.
        fs::create_dir_all(&old).unwrap();
        recover(dir.path(), "output", &out);
        assert!(!old.exists() && out.join("index.html").exists());
    }

    #[test]
    fn swap_exchanges() {
        let dir = tempfile::tempdir().unwrap();
        let (new, out, aside) = (
            dir.path().join("new"),
            dir.path().join("out"),
            dir.path().join("aside"),
        );
        fs::create_dir_all(&new).unwrap();
        fs::write(new.join("f"), "new").unwrap();
        assert_eq!(swap(&new, &out, &aside).unwrap(), None);
        fs::create_dir_all(&new).unwrap();
        fs::write(new.join("f"), "newer").unwrap();
        let old = swap(&new, &out, &aside).unwrap().unwrap();
        if cfg!(target_os = "linux") {
            // Exchanged in one step: the old output is where the new one was.
            assert_eq!(old, new);
        }
        assert_eq!(fs::read_to_string(out.join("f")).unwrap(), "newer");
        assert_eq!(fs::read_to_string(old.join("f")).unwrap(), "new");
    }
}
