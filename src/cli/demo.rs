//! `qawl demo`: the bundled example articles in a temporary (in-memory) knowledge base.

use super::ingest::Writer;
use crate::bundled;
use crate::error::Result;
use crate::ingest::{self, Format};
use crate::output::{self, Options};
use crate::store::Store;
use std::io::Write;
use std::process::ExitCode;

/// Builds the demo store from the embedded articles, reporting what went in.
pub(crate) fn build_store(err: &mut dyn Write) -> Result<Store> {
    let mut store = Store::open_in_memory()?;
    let mut writer = Writer::new(&mut store)?;
    for (name, text) in bundled::ARTICLES {
        let read = ingest::read_str(text, Format::Text, name);
        // the bundled corpus has an undated article on purpose; only failures are worth a line
        for p in read.problems.iter().filter(|p| p.fatal) {
            writeln!(err, "qawl: {p}")?;
            writer.problem(p);
        }
        for article in read.articles {
            writer.push(article)?;
        }
    }
    writer.flush()?;
    let s = &writer.summary;
    writeln!(
        err,
        "qawl demo: {} example articles in a temporary knowledge base, {} statements extracted",
        s.new, s.statements
    )?;
    drop(writer);
    Ok(store)
}

/// Runs `qawl demo`.
pub(super) fn run(options: &Options) -> Result<ExitCode> {
    let mut stderr = std::io::stderr().lock();
    let store = build_store(&mut stderr)?;
    let rs = store.select(
        "SELECT s.said_on AS date, COALESCE(e.name, s.surface) AS speaker, s.verb,
                s.content, a.source
         FROM statements s JOIN articles a ON a.id = s.article_id
         LEFT JOIN entities e ON e.id = s.speaker_id
         ORDER BY s.said_on DESC, s.id
         LIMIT 25",
        &[],
    )?;
    let mut out = std::io::stdout().lock();
    output::write(&rs, options, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
