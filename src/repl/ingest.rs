//! `.ingest PATH...`: articles into the store from the REPL, through the same batch writer as
//! `qawl ingest`. Ctrl-C stops between files; what was read by then is kept.

use crate::cli::ingest::{Writer, plural};
use crate::error::{Error, Result};
use crate::ingest;
use crate::store::Store;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// What `.ingest` did: the summary line, and how many paths, files, lines or rows failed.
pub struct Ingested {
    pub summary: String,
    pub failed: usize,
}

/// Reads `paths` into `store`, reporting problems on stderr; returns the summary.
pub fn ingest(store: &mut Store, paths: &[PathBuf], cancel: &AtomicBool) -> Result<Ingested> {
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::Usage(
            ".ingest reads files and folders; for stdin use `qawl ingest -` from the shell".into(),
        ));
    }
    let found = ingest::discover(paths, None);
    let mut writer = Writer::new(store)?;
    for p in &found.problems {
        eprintln!("qawl: {p}");
        writer.problem(p);
    }
    let mut stopped = false;
    for input in &found.inputs {
        if cancel.load(Ordering::Relaxed) {
            stopped = true;
            break;
        }
        writer.add(ingest::read_input(input), |p| eprintln!("qawl: {p}"))?;
    }
    writer.finish()?;
    let s = &writer.summary;
    let mut line = s.describe();
    if !found.skipped.is_empty() {
        line.push_str(&format!(
            "; {} file{} skipped for their extension",
            found.skipped.len(),
            plural(found.skipped.len())
        ));
    }
    if stopped {
        line.push_str("; stopped by Ctrl-C");
    }
    Ok(Ingested {
        summary: line,
        failed: s.failed,
    })
}
