//! Compiling and running one query of the qawl language: shared by the commands that run
//! queries (`qawl run`, the REPL).
//!
//! Compiling never touches the store; running binds the compiled parameters and collects rows
//! on the store's read-only connection. Neither prints.

use crate::error::{Error, Result};
use crate::output::{Cell, ResultSet};
use crate::query::{Compiled, Params};
use crate::store::Store;

/// What running a query gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Rows(ResultSet),
    /// `explain <query>`: the SQL and its parameters, as text.
    Explain(String),
}

/// Runs a compiled query on `store`, its columns typed as the catalog says (yes/no, lists);
/// an `explain` query is described, not run.
pub fn execute(store: &Store, compiled: &Compiled) -> Result<Outcome> {
    if compiled.explain {
        return Ok(Outcome::Explain(describe(compiled)));
    }
    let rows = store.select(&compiled.sql, &compiled.params)?;
    Ok(Outcome::Rows(rows.typed(&compiled.types)))
}

/// The SQL and its parameters, numbered as SQLite binds them.
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

/// Renders an error for the user; a query error shows the query with a caret under the problem.
pub fn render_error(error: &Error, text: &str) -> String {
    match error {
        Error::Query(e) => e.render(text),
        e => format!("error: {e}"),
    }
}

/// Parses `--param NAME=VALUE` arguments.
pub fn parse_params(args: &[String]) -> Result<Params> {
    let mut params = Params::new();
    for arg in args {
        params.set_assignment(arg).map_err(Error::Usage)?;
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Catalog, compile};

    fn run(store: &Store, text: &str, catalog: &Catalog, params: &Params) -> Result<Outcome> {
        execute(store, &compile(text, catalog, params)?)
    }

    #[test]
    fn explain_is_described_not_run() {
        let store = Store::open_in_memory().unwrap();
        let catalog = Catalog::new();
        let params: Params = [("who", "وائل علوان")].into_iter().collect();
        let outcome = run(
            &store,
            "explain statements where speaker=$who",
            &catalog,
            &params,
        )
        .unwrap();
        let Outcome::Explain(text) = outcome else {
            panic!("{outcome:?}")
        };
        assert!(text.contains("SELECT"), "{text}");
        assert!(text.contains("?1 = "), "{text}");
    }

    #[test]
    fn a_query_runs_to_rows() {
        let store = Store::open_in_memory().unwrap();
        let outcome = run(&store, "statements", &Catalog::new(), &Params::new()).unwrap();
        assert!(matches!(outcome, Outcome::Rows(rs) if rs.rows.is_empty()));
    }

    #[test]
    fn a_missing_parameter_is_named() {
        let err = compile(
            "statements where speaker=$who",
            &Catalog::new(),
            &Params::new(),
        )
        .unwrap_err();
        assert!(err.render("statements where speaker=$who").contains("who"));
    }

    #[test]
    fn params_need_a_name_and_an_equals_sign() {
        assert!(parse_params(&["who=علوان".into()]).is_ok());
        assert!(parse_params(&["علوان".into()]).is_err());
        assert!(parse_params(&["=x".into()]).is_err());
    }
}
