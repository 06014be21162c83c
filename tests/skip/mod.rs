//! Tests that need something outside the repository (the seed article in `../shared/seed`, a
//! named pipe) say so on the terminal when it is not there, so a green run never hides that they
//! did not run.
// each test file that includes this module uses only part of it
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the seed article lives, beside the repository.
pub const SEED: &str = "../shared/seed";

/// The seed folder's file `name`, or `None` after saying that `test` was skipped.
pub fn seed_file(name: &str, test: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED).join(name);
    if path.is_file() {
        return Some(path);
    }
    skipped(
        test,
        &format!("{SEED} not found ({} is missing)", path.display()),
    );
    None
}

/// Says on the terminal that `test` did not run and why.
///
/// The test harness captures `eprintln!` and shows it only for a failing test; a skipped test
/// passes, so this writes to the process's stderr itself, where `cargo test` shows it.
pub fn skipped(test: &str, why: &str) {
    let mut stderr = std::io::stderr().lock();
    // a closed stderr leaves nothing to tell
    let _ = writeln!(stderr, "skipped: {why}; {test} did not run");
}
