//! `qawl repl` (and a bare `qawl` on a terminal): the interactive shell over the store.

use super::Context;
use super::execute::parse_params;
use crate::config;
use crate::error::Result;
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
    };
    let ok = repl::run(store, settings)?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
