//! `qawl repl` (and a bare `qawl` on a terminal): the interactive shell over the store.

use super::Context;
use super::execute::parse_params;
use super::query::QueryArgs;
use crate::config;
use crate::error::{Error, Result};
use crate::output::Format;
use crate::repl::{self, Settings};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Options of `qawl repl`.
#[derive(Debug, Clone, Default, Args)]
pub struct ReplArgs {
    /// Start in this output mode (.mode): table, box, line, csv, tsv, json, jsonl, markdown, html.
    #[arg(long, short = 'f', value_name = "F")]
    pub format: Option<Format>,
    /// A value for $NAME in queries (as .param set does); repeat for several.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The history file (default: history.txt in the user data directory; empty: no history).
    #[arg(long, env = "QAWL_HISTORY", value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// Never show results through the pager (.pager off).
    #[arg(long)]
    pub no_pager: bool,
}

/// The flags every session takes, before or after the subcommand: `--cmd`, `--batch` and
/// `--bail` (sqlite3's `-cmd`, `-batch`, `-bail`).
#[derive(Debug, Clone, Default)]
pub struct SessionFlags {
    pub commands: Vec<String>,
    pub batch: bool,
    pub bail: bool,
}

impl SessionFlags {
    /// Fails when any of them was given to `command`, which runs no session.
    pub(super) fn refuse_for(&self, command: &str) -> Result<()> {
        let given = [
            (!self.commands.is_empty(), "--cmd"),
            (self.batch, "--batch"),
            (self.bail, "--bail"),
        ];
        match given.iter().find(|(given, _)| *given) {
            Some((_, flag)) => Err(Error::Usage(format!(
                "{flag} is for the REPL and queries (`qawl`, `qawl FILE [QUERY]`, `qawl repl`, \
                 `qawl query`), not for `qawl {command}`; leave it out"
            ))),
            None => Ok(()),
        }
    }
}

/// Runs the REPL; piped input that had a failing statement exits with 1.
pub(super) fn run(ctx: &Context, args: &ReplArgs) -> Result<ExitCode> {
    let store = ctx.open_read_only()?;
    let history = match &args.history {
        Some(path) if path.as_os_str().is_empty() => None,
        Some(path) => Some(path.clone()),
        None => config::history_path(),
    };
    let settings = Settings {
        format: args.format,
        params: parse_params(&args.params)?,
        history,
        no_pager: args.no_pager,
        commands: ctx.session.commands.clone(),
        batch: ctx.session.batch,
        bail: ctx.session.bail,
        ..Settings::default()
    };
    session_exit(repl::run(store, settings)?)
}

/// Runs `qawl query QUERY` after `--cmd` commands, in one session: the commands may set the
/// mode, headers, parameters or an `.output` file for the query. `-o` and `--bom` are refused:
/// with commands that could change what the file gets, `.once FILE` in a `--cmd` says it.
pub(super) fn run_query(ctx: &Context, query: String, args: &QueryArgs) -> Result<ExitCode> {
    if args.out.output.is_some() || args.out.bom {
        return Err(Error::Usage(
            "-o and --bom do not combine with --cmd; write the file from a command instead: \
             --cmd '.once FILE' (or '.once --bom FILE', '.output FILE')"
                .into(),
        ));
    }
    let store = ctx.open_read_only()?;
    let settings = Settings {
        format: args.out.flag_format(),
        params: parse_params(&args.params)?,
        no_pager: args.out.no_pager,
        no_header: args.out.no_header,
        commands: ctx.session.commands.clone(),
        bail: ctx.session.bail,
        query: Some(query),
        ..Settings::default()
    };
    session_exit(repl::run(store, settings)?)
}

/// Exit code 1 when a statement failed (outside a terminal session) or `--bail` stopped it.
fn session_exit(ok: bool) -> Result<ExitCode> {
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
