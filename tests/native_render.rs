//! The built-in theme is drawn by compiled code (`src/render/html.rs`) unless a theme
//! overrides its templates, when tera draws them. Both must give the same bytes: every
//! file of the sample site and of every example site is rendered both ways and compared.
//! A change to a template in `src/templates/` must be made in `html.rs` too; this test
//! names the first page where they differ.

use hyoka::build::{self, TemplateCache};
use std::path::Path;

fn compare(site_dir: &Path) {
    let c = build::compile(site_dir);
    let site = c
        .site
        .as_ref()
        .unwrap_or_else(|| panic!("{} has errors", site_dir.display()));
    let native = build::render_files_cached(site, site_dir, &mut TemplateCache::default())
        .expect("native render");
    let tera = build::render_files_cached(site, site_dir, &mut TemplateCache::tera_only())
        .expect("tera render");
    assert_eq!(
        native.iter().map(|f| &f.path).collect::<Vec<_>>(),
        tera.iter().map(|f| &f.path).collect::<Vec<_>>(),
        "{}: the same files",
        site_dir.display()
    );
    for (a, b) in native.iter().zip(&tera) {
        if a.bytes != b.bytes {
            let (x, y) = (
                String::from_utf8_lossy(&a.bytes),
                String::from_utf8_lossy(&b.bytes),
            );
            let at = x
                .char_indices()
                .zip(y.chars())
                .find(|((_, c), d)| c != d)
                .map(|((i, _), _)| i)
                .unwrap_or(x.len().min(y.len()));
            let from = x.floor_char_boundary(at.saturating_sub(120));
            panic!(
                "{}: {} differs from tera at byte {at}:\ncompiled: {:?}\ntera:     {:?}",
                site_dir.display(),
                a.path,
                &x[from..x.floor_char_boundary((at + 120).min(x.len()))],
                &y[y.floor_char_boundary(from.min(y.len()))
                    ..y.floor_char_boundary((at + 120).min(y.len()))],
            );
        }
    }
}

#[test]
fn compiled_theme_draws_what_tera_draws() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    compare(root);
    for name in ["isehara", "kashiwa", "kashiwara", "toyonaka"] {
        compare(&root.join("examples").join(name));
    }
}
