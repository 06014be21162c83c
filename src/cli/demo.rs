//! `qawl demo`: the bundled example articles in a temporary (in-memory) knowledge base.
//!
//! On a terminal it prints a short tour and opens the REPL on that store; otherwise it runs
//! the bundled saved queries (`examples/queries/*.qawl`) and prints their results.

use super::OutputArgs;
use super::execute;
use super::ingest::Writer;
use crate::bundled;
use crate::config;
use crate::error::{Error, Result};
use crate::ingest::{self, Format};
use crate::output::{Format as OutputFormat, Options};
use crate::query::{Catalog, Params};
use crate::repl::{self, scan::Piece, script, series::Series};
use crate::store::Store;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Queries the tour suggests typing in the REPL.
const TOUR: &[&str] = &[
    "statements where verb=نفى",
    "statements where speaker=\"جاويش أوغلو\" show date, verb, content",
    "count statements by verb",
    "statements where content ~ مفاوضات and date between 2016 and 2019",
    "entities where kind=person order by statements desc limit 10",
];

/// Builds the demo store from the embedded articles, reporting what went in.
pub(crate) fn build_store(err: &mut dyn Write) -> Result<Store> {
    let mut store = Store::open_in_memory()?;
    let mut writer = Writer::new(&mut store)?;
    for (name, text) in bundled::ARTICLES {
        // the bundled corpus has an undated article on purpose; only failures are worth a line
        writer.add(ingest::read_str(text, Format::Text, name), |p| {
            if p.is_fatal() {
                let _ = writeln!(err, "qawl: {p}");
            }
        })?;
    }
    writer.finish()?;
    let s = &writer.summary;
    writeln!(
        err,
        "qawl demo: {} example articles in a temporary knowledge base, {} statements extracted",
        s.new, s.statements
    )?;
    drop(writer);
    Ok(store)
}

/// Runs `qawl demo`; without `--format` the saved queries print as tables, even into a pipe.
pub(super) fn run(out: &OutputArgs) -> Result<ExitCode> {
    let mut options = out.options();
    if out.format.is_none() && out.output.is_none() {
        options.format = OutputFormat::Table;
        if !std::io::stdout().is_terminal() {
            options.table.width = Some(160);
        }
    }
    let store = build_store(&mut std::io::stderr().lock())?;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        print_tour()?;
        let settings = repl::Settings {
            format: None,
            params: Params::new(),
            history: config::history_path(),
            no_pager: out.no_pager,
            ..repl::Settings::default()
        };
        return Ok(if repl::run(store, settings)? {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let mut sink = out.sink()?;
    run_saved_queries(&store, &options, &mut sink)?;
    sink.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn print_tour() -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Try these (Tab completes tables, fields and names; .help lists the dot-commands; Ctrl-D leaves):"
    )?;
    for query in TOUR {
        writeln!(out, "  {query}")?;
    }
    writeln!(out)?;
    Ok(())
}

/// Runs every bundled saved query, one result after another.
fn run_saved_queries(store: &Store, options: &Options, out: &mut dyn Write) -> Result<()> {
    let catalog = Catalog::new();
    let mut series = Series::new();
    for (file, text) in bundled::QUERIES {
        for piece in script::parse(text) {
            let Piece::Query(statement) = piece else {
                continue;
            };
            let outcome = crate::query::compile(&statement.text, &catalog, &Params::new())
                .map_err(Error::from)
                .and_then(|compiled| execute::execute(store, &compiled));
            match outcome {
                Ok(outcome) => series.write(out, options, &statement, true, &outcome)?,
                Err(e) => {
                    let message = execute::render_error(&e, &statement.text);
                    return Err(Error::Failed(format!(
                        "bundled query {file} failed: {message}"
                    )));
                }
            }
        }
    }
    series.finish(out)
}
