//! The site's URL scheme: where each page lives, as a path relative to the output folder
//! and, under `base_url`, as an absolute URL.

/// The absolute URL of a page: `base_url` + its path without a trailing `index.html`,
/// percent-encoded outside the unreserved characters and `/`.
pub fn page_url(base_url: &str, path: &str) -> String {
    let p = path.strip_suffix("index.html").unwrap_or(path);
    let mut out = String::from(base_url);
    push_encoded(&mut out, p);
    out
}

/// Appends `s` to `out` with every byte but ASCII letters, digits, `-._~` and `/`
/// percent-encoded.
pub fn push_encoded(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}
