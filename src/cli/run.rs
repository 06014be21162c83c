//! `qawl run FILE.qawl`: the saved queries of a file, their results one after another.
//!
//! Stops at the first failing query unless `--no-bail`; every failure names the file and the
//! line of its query; any failure makes the exit code 1.

use super::execute::{self, Outcome, parse_params};
use super::{Context, OutputArgs};
use crate::error::{Error, Result};
use crate::output::Options;
use crate::query::{Catalog, Params};
use crate::repl::scan::{Piece, Statement};
use crate::repl::script;
use crate::repl::series::Series;
use crate::store::Store;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `qawl run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The saved-query file (`-` reads stdin).
    #[arg(value_name = "FILE.qawl")]
    pub file: PathBuf,
    /// A value for $NAME in the queries; repeat for several.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Run every query even when one fails (the default, and `--bail`, stops at the first).
    #[arg(long, conflicts_with = "bail")]
    pub no_bail: bool,
}

/// Runs `qawl run`.
pub(super) fn run(ctx: &Context, args: &RunArgs) -> Result<ExitCode> {
    let params = parse_params(&args.params)?;
    let bytes = read(&args.file)?;
    let store = ctx.open_read_only()?;
    let mut out = args.out.sink()?;
    let options = args.out.options();
    let runner = Runner {
        file: &args.file,
        store: &store,
        catalog: Catalog::new(),
        params: &params,
        options: &options,
        bail: !args.no_bail,
    };
    let pieces = script::parse_bytes(&bytes);
    if pieces.is_empty() {
        return Err(Error::Failed(format!(
            "{} holds no queries",
            args.file.display()
        )));
    }
    let failures = runner.run_all(&pieces, &mut out)?;
    if failures == 0 {
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.out.output {
        // dropping the sink throws the partial output away
        drop(out);
        eprintln!(
            "qawl: {} was left as it was, because a query failed",
            path.display()
        );
    } else {
        out.finish()?;
    }
    Ok(ExitCode::from(1))
}

/// The file's bytes; `-` is stdin. A query that is not UTF-8 is reported at its line, so the
/// file is not refused whole.
fn read(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| Error::io("stdin", e))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

/// Everything one run needs.
struct Runner<'a> {
    file: &'a Path,
    store: &'a Store,
    catalog: Catalog,
    params: &'a Params,
    options: &'a Options,
    bail: bool,
}

impl Runner<'_> {
    /// Runs the pieces in order, returning how many failed.
    fn run_all(&self, pieces: &[Piece], out: &mut dyn Write) -> Result<usize> {
        let mut failures = 0;
        let mut series = Series::new();
        for piece in pieces {
            let outcome = match piece {
                Piece::Query(statement) => self.run_one(statement, out, &mut series)?,
                Piece::Command { text, line } => Err(format!(
                    "{}:{line}: {text}: dot-commands work in the REPL only (use --format, -o and --param here)",
                    self.file.display()
                )),
                Piece::Unreadable(bad) => Err(format!(
                    "{}:{}: {}",
                    self.file.display(),
                    bad.line,
                    bad.message()
                )),
            };
            match outcome {
                Ok(()) => {}
                Err(message) => {
                    failures += 1;
                    eprintln!("qawl: {}", message.trim_end());
                    if self.bail {
                        eprintln!("qawl: stopped at the first failure (--no-bail runs the rest)");
                        break;
                    }
                }
            }
        }
        series.finish(out)?;
        Ok(failures)
    }

    /// Runs one query and writes its result. A failing query is `Ok(Err(message))`; a failure
    /// to write (a closed pipe, a full disk) ends the whole run.
    fn run_one(
        &self,
        statement: &Statement,
        out: &mut dyn Write,
        series: &mut Series,
    ) -> Result<Result<(), String>> {
        let outcome = match self.outcome(statement) {
            Ok(outcome) => outcome,
            Err(message) => return Ok(Err(message)),
        };
        series.write(out, self.options, statement, true, &outcome)?;
        Ok(Ok(()))
    }

    /// Compiles and runs one query; the error names the file and the line.
    fn outcome(&self, statement: &Statement) -> Result<Outcome, String> {
        let compiled =
            crate::query::compile(&statement.text, &self.catalog, self.params).map_err(|e| {
                let before = statement
                    .text
                    .get(..e.span.start)
                    .unwrap_or(&statement.text);
                let place = self.place(statement, before.matches('\n').count());
                format!("{place}: {}", e.render(&statement.text))
            })?;
        execute::execute(self.store, &compiled).map_err(|e| {
            let place = self.place(statement, 0);
            format!("{place}: {}", execute::render_error(&e, &statement.text))
        })
    }

    /// `FILE:LINE` of a query (`lines` below its first), with its name when it has one.
    fn place(&self, statement: &Statement, lines: usize) -> String {
        let mut place = format!("{}:{}", self.file.display(), statement.line + lines);
        if let Some(name) = &statement.name {
            place.push_str(&format!(" ({name})"));
        }
        place
    }
}
