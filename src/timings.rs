//! Stage timings for measuring builds: with `HYOKA_TIMINGS=1` in the environment, each
//! stage's wall time is printed to stderr when the build ends (`hyoka build`, `hyoka check`,
//! each rebuild of `hyoka serve`). Off by default: nothing is recorded or printed.

use std::sync::Mutex;
use std::sync::OnceLock;
use std::time::Instant;

static ON: OnceLock<bool> = OnceLock::new();
static STAGES: Mutex<Vec<(&'static str, f64, u64)>> = Mutex::new(Vec::new());
static BUSY: Mutex<Vec<(&'static str, f64)>> = Mutex::new(Vec::new());

/// Whether `HYOKA_TIMINGS` asks for timings.
pub fn enabled() -> bool {
    *ON.get_or_init(|| std::env::var_os("HYOKA_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Records `secs` for stage `name` (added to what the stage already took).
pub fn record(name: &'static str, secs: f64) {
    if !enabled() {
        return;
    }
    let peak = peak_rss_kib();
    let mut s = STAGES.lock().unwrap_or_else(|e| e.into_inner());
    match s.iter_mut().find(|(n, _, _)| *n == name) {
        Some(slot) => {
            slot.1 += secs;
            slot.2 = peak;
        }
        None => s.push((name, secs, peak)),
    }
}

/// The process's peak resident memory so far, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Records `secs` of work of kind `name` done inside a parallel stage: summed over all
/// threads (so it can exceed the stage's wall time), printed apart from the stages.
pub fn busy(name: &'static str, secs: f64) {
    if !enabled() {
        return;
    }
    let mut s = BUSY.lock().unwrap_or_else(|e| e.into_inner());
    match s.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 += secs,
        None => s.push((name, secs)),
    }
}

/// Runs `f` as stage `name`.
pub fn time<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    record(name, start.elapsed().as_secs_f64());
    out
}

/// Prints the recorded stages (and their sum) to stderr and forgets them.
pub fn report(total: Option<f64>) {
    if !enabled() {
        return;
    }
    let stages = std::mem::take(&mut *STAGES.lock().unwrap_or_else(|e| e.into_inner()));
    let mut out = String::from("hyoka timings (wall ms; peak memory so far at the stage's end):\n");
    let mut sum = 0.0;
    for (name, secs, peak) in &stages {
        sum += secs;
        out.push_str(&format!(
            "  {name:<16} {:9.1}   {:6} MiB\n",
            secs * 1000.0,
            peak / 1024
        ));
    }
    out.push_str(&format!("  {:<16} {:9.1}\n", "sum of stages", sum * 1000.0));
    if let Some(t) = total {
        out.push_str(&format!("  {:<16} {:9.1}\n", "total", t * 1000.0));
    }
    let busy = std::mem::take(&mut *BUSY.lock().unwrap_or_else(|e| e.into_inner()));
    if !busy.is_empty() {
        out.push_str("  inside parallel stages (summed over threads, ms):\n");
        for (name, secs) in &busy {
            out.push_str(&format!("    {name:<14} {:9.1}\n", secs * 1000.0));
        }
    }
    eprint!("{out}");
}
