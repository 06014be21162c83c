//! `qawl query 'Q'`: one query of the qawl language, its result in any output format.

use super::execute::{self, Outcome, parse_params};
use super::{Context, OutputArgs};
use crate::error::Result;
use crate::output;
use crate::query::Catalog;
use clap::Args;
use std::io::Write as _;
use std::process::ExitCode;

/// Options of `qawl query`.
#[derive(Debug, Clone, Args)]
pub struct QueryArgs {
    /// The query, e.g. 'statements where speaker="وائل علوان" and verb=denied'; `-` reads it
    /// from stdin.
    pub query: String,
    /// A value for $NAME in the query; repeat for several.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `qawl query -`: the query piped in, without a closing `;` or the spaces around it.
fn read_stdin_query() -> Result<String> {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
        crate::error::Error::Usage(format!(
            "could not read the query from stdin ({e}); it must be UTF-8 text"
        ))
    })?;
    Ok(text.trim().trim_end_matches(';').trim_end().to_string())
}

/// Runs `qawl query`; a bad query is shown with a caret under the problem, exit code 1.
pub(super) fn run(ctx: &Context, args: &QueryArgs) -> Result<ExitCode> {
    let params = parse_params(&args.params)?;
    let query = match args.query.as_str() {
        "-" => read_stdin_query()?,
        q => q.to_string(),
    };
    if !ctx.session.commands.is_empty() {
        return super::repl::run_query(ctx, query, args);
    }
    let compiled = match crate::query::compile(&query, &Catalog::new(), &params) {
        Ok(compiled) => compiled,
        Err(e) => {
            eprintln!("{}", e.render(&query).trim_end());
            return Ok(ExitCode::from(1));
        }
    };
    let store = ctx.open_read_only()?;
    let mut sink = args.out.sink()?;
    match execute::execute(&store, &compiled)? {
        Outcome::Rows(rs) => output::write(&rs, &args.out.options(), &mut sink)?,
        Outcome::Explain(text) => sink.write_all(text.as_bytes())?,
    }
    sink.finish()?;
    Ok(ExitCode::SUCCESS)
}
