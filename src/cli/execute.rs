//! Compiling and running one query of the qawl language: shared by `qawl run` and the REPL.
//!
//! Compiling never touches the store; running binds the compiled parameters and collects rows
//! on the store's read-only connection. Neither prints.

use crate::error::{Error, Result};
use crate::output::{Cell, ResultSet};
use crate::query::QueryError;
use crate::store::Store;
use std::collections::BTreeMap;

/// Values for `$name` parameters, by name (without the `$`).
pub type Params = BTreeMap<String, String>;

/// A compiled query: the SQL, its bound values, and an explanation when the query asked for one.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub params: Vec<Cell>,
    /// Set for `explain <query>`: the text to show instead of running it.
    pub explain: Option<String>,
}

/// What running a query gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Rows(ResultSet),
    /// `explain <query>`: the SQL and parameters, as text.
    Explain(String),
}

/// Compiles `text` against the catalog with the given parameter values.
pub fn compile(text: &str, params: &Params) -> Result<Compiled, QueryError> {
    let _ = (text, params);
    Err(QueryError {
        message: "the query language is not available in this build".into(),
    })
}

/// Runs a compiled query on `store` (an `explain` query is not run).
pub fn execute(store: &Store, compiled: &Compiled) -> Result<Outcome> {
    if let Some(explain) = &compiled.explain {
        return Ok(Outcome::Explain(explain.clone()));
    }
    Ok(Outcome::Rows(
        store.select(&compiled.sql, &compiled.params)?,
    ))
}

/// The SQL and its parameters as `.explain on` shows them before the results.
pub fn describe(compiled: &Compiled) -> String {
    let mut out = compiled.sql.trim_end().to_string();
    out.push('\n');
    for (i, p) in compiled.params.iter().enumerate() {
        let value = match p {
            Cell::Text(t) => format!("{t:?}"),
            Cell::Null => "NULL".into(),
            other => other.to_text(),
        };
        out.push_str(&format!("  ?{} = {value}\n", i + 1));
    }
    out
}

/// Renders a [`QueryError`] against the query it came from.
pub fn render_query_error(error: &QueryError, text: &str) -> String {
    let _ = text;
    error.to_string()
}

/// Parses `--param NAME=VALUE` arguments.
pub fn parse_params(args: &[String]) -> Result<Params> {
    let mut params = Params::new();
    for arg in args {
        let Some((name, value)) = arg.split_once('=') else {
            return Err(Error::Usage(format!(
                "--param {arg}: expected NAME=VALUE, e.g. --param who=\"وائل علوان\""
            )));
        };
        let name = name.trim().trim_start_matches('$');
        if name.is_empty() {
            return Err(Error::Usage(format!("--param {arg}: the name is empty")));
        }
        params.insert(name.to_string(), value.to_string());
    }
    Ok(params)
}
