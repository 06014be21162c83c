//! Embeds the bundled examples (articles and saved queries) so `qawl demo` works from any folder,
//! and names the extractor's version: the crate version and a hash of the extraction rules and
//! data (`src/extract`), so that any change to them gives the statements they produce a new one.

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
    let extract = Path::new(&root).join("src/extract");
    println!("cargo:rerun-if-changed={}", extract.display());
    println!(
        "cargo:rustc-env=QAWL_EXTRACTOR_HASH={}",
        extractor_hash(&extract)
    );
}

/// The first 8 hex digits of the FNV-1a 64 hash of every file under `dir` (the `.rs` sources
/// and the `data/` files, at any depth), each as its relative path then its bytes, in sorted
/// path order: stable across machines and builds, changed by any edit to the rules or data.
fn extractor_hash(dir: &Path) -> String {
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    let mut relative: Vec<(String, &Path)> = files
        .iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(dir).ok()?;
            let parts: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
            Some((parts.join("/"), p.as_path()))
        })
        .filter(|(rel, _)| rel.ends_with(".rs") || rel.starts_with("data/"))
        .collect();
    relative.sort();
    let mut hash = Fnv1a::default();
    for (rel, path) in relative {
        println!("cargo:rerun-if-changed={}", path.display());
        let bytes = fs::read(path).expect("the extractor's files are readable");
        hash.write(rel.as_bytes());
        hash.write(&[0]);
        hash.write(&bytes);
        hash.write(&[0]);
    }
    format!("{:016x}", hash.0)[..8].to_string()
}

/// The files under `dir`, at any depth (hidden ones left out).
fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: a few lines, no dependency, the same value everywhere.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
