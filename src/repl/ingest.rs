//! `.ingest PATH...`: articles into the store from the REPL, through the same batch writer as
//! `qawl ingest`, with its progress on a terminal. Ctrl-C stops it before the next article;
//! what was read by then is stored, and the summary says so.

use crate::cli::ingest::{Report, Writer, plural};
use crate::cli::pipeline::{default_jobs, read_into, sizes};
use crate::cli::progress::Progress;
use crate::cli::report::Reporter;
use crate::error::{Error, Result};
use crate::ingest;
use crate::store::Store;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

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
    let (sizes, total) = sizes(&found.inputs);
    let mut writer = Writer::new(store)?
        .stop_on(cancel)
        .show(Progress::bytes(total));
    let mut reporter = Reporter::new();
    for p in &found.problems {
        reporter.report(&Report::Problem(p));
        writer.problem(p);
    }
    read_into(&mut writer, &found.inputs, &sizes, default_jobs(), |r| {
        reporter.report(r)
    })?;
    writer.finish()?;
    reporter.finish();
    let s = &writer.summary;
    let mut line = s.describe();
    if !found.skipped.is_empty() {
        line.push_str(&format!(
            "; {} file{} skipped for their extension",
            found.skipped.len(),
            plural(found.skipped.len())
        ));
    }
    if let Some(note) = s.after_stop() {
        line.push_str(&format!("; {note}"));
    }
    Ok(Ingested {
        summary: line,
        failed: s.failed,
    })
}
