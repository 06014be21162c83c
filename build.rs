//! Embeds the bundled examples (articles and saved queries) so `qawl demo` works from any folder.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::new();
    for (name, dir, ext) in [
        ("ARTICLES", "examples/articles", "txt"),
        ("QUERIES", "examples/queries", "qawl"),
    ] {
        let dir = Path::new(&root).join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == ext));
        files.sort();
        writeln!(code, "/// Bundled `{ext}` files: (file name, contents).").unwrap();
        writeln!(code, "pub const {name}: &[(&str, &str)] = &[").unwrap();
        for path in files {
            println!("cargo:rerun-if-changed={}", path.display());
            let file = path.file_name().unwrap_or_default().to_string_lossy();
            writeln!(
                code,
                "    ({file:?}, include_str!({:?})),",
                path.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
