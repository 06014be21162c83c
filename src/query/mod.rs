//! The query language: text → tokens → syntax tree → checked against the catalog → SQL.
//!
//! [`compile`] is literally [`parse`] → [`check`] → [`sql()`]; each stage can be called alone
//! (the REPL lexes for completion, `explain` shows the SQL). Syntax knows nothing of fields;
//! the check reports unknown names, wrong operators and wrong values. Every failure is one
//! [`QueryError`] value with a span, rendered by [`QueryError::render`] at the edge.
//!
//! # Grammar
//!
//! ```text
//! query   := "explain" query | select | count            (a trailing ; is fine)
//! select  := TABLE [where EXPR] [show FIELD {, FIELD}] [order by FIELD [asc|desc] {, …}]
//!            [limit N [offset N]]
//! count   := "count" TABLE [where EXPR] [by GROUP {, GROUP}] [order by …] [limit N [offset N]]
//! EXPR    := EXPR or EXPR | EXPR and EXPR | not EXPR | ( EXPR )
//!          | FIELD OP VALUE | FIELD [not] in ( VALUE {, VALUE} )
//!          | FIELD [not] between VALUE and VALUE | FIELD is [not] null | BOOLFIELD
//! OP      := = | != | ~ | !~ | < | <= | > | >=
//! VALUE   := "…" | '…' | «…» | bare-word | number | date | $param
//! GROUP   := FIELD | year | month | week | day
//! ```
//!
//! Keywords are case-insensitive; `and` binds tighter than `or`; `not in` and `not between`
//! negate their condition. A bare word is letters of any script, digits, `_` and `-`. Dates
//! are `YYYY`, `YYYY-MM` or `YYYY-MM-DD` in Western or Arabic-Indic digits; a partial date
//! means its whole year or month. `#` starts a comment that runs to the end of the line.
//!
//! # Meaning
//!
//! - entity fields (`speaker`, `org`, `about`, `mentions`, `name`, `alias`): `=` is the
//!   entity's name or any alias after Arabic normalisation, `~` a normalised substring; an
//!   unnamed speaker is matched by how the text names it;
//! - `verb`: a class, or an Arabic reporting word of it (`verb=نفى` is `verb=denied`);
//! - long text (`content`, `title`, `body`): `~` a full-text match, all words required, a
//!   `"…"` inside the value a phrase; `=` normalised equality;
//! - dates: `date = 2018-03` the whole month, `date > 2018-03` after March;
//! - yes/no: `negated`, `not negated`, `negated = true`; `headline` for statements read from
//!   the title;
//! - missing values: `quote is null` (NULL, empty text or an empty list), `quote is not null`;
//!   `quote = ""` and `quote != ""` mean the same; a field that always has a value refuses them.
//!
//! # Examples
//!
//! ```text
//! statements where speaker="وائل علوان" and verb=denied
//! statements where verb in (denied, rejected) and not negated and date between 2018-01 and 2018-06
//! statements where content ~ '"دفعة ثانية"' show date, speaker, quote order by date limit 20
//! articles where mentions = "هيئة تحرير الشام" and date = ٢٠١٨-٠٣
//! count statements where org ~ "حزب الله" by speaker, month
//! statements where quote is not null and not headline show date, speaker, quote, sentence
//! entities where kind = person order by statements desc limit 10
//! explain statements where speaker = $who
//! ```
//!
//! From Rust:
//!
//! ```
//! use qawl::query::{Catalog, Params, compile};
//!
//! let params: Params = [("who", "علوان")].into_iter().collect();
//! let query = "statements where speaker = $who and verb = نفى show date, content";
//! let compiled = compile(query, &Catalog::new(), &params).unwrap();
//! assert_eq!(compiled.columns, ["date", "content"]);
//! assert!(compiled.sql.contains("s.verb = ?2"));
//!
//! let err = compile("statements where speakr = علوان", &Catalog::new(), &params).unwrap_err();
//! assert!(err.render("statements where speakr = علوان").contains("did you mean speaker?"));
//! ```

mod ast;
mod catalog;
mod check;
mod error;
mod lex;
mod ops;
mod parse;
mod sql;
mod tables;
mod tokens;
mod value;

pub use ast::{
    Body, Count, Expr, Limit, Name, Op, OpToken, OrderItem, Query, Select, Span, Value, ValueKind,
};
pub use catalog::{BUCKETS, ById, Catalog, Field, FieldType, Fts, Link, Table, Unnamed};
pub use check::{Checked, Cond, Group, Shape, Sort, SortKey, Test, check};
pub use error::{ErrorKind, QueryError};
pub use lex::{Token, TokenKind, lex};
pub use parse::{KEYWORDS, is_keyword, parse, parse_tokens};
pub use sql::sql;

use crate::output::{Cell, ColumnType};
use std::collections::BTreeMap;

/// A compiled query: SQL text, its bound parameters, the names and types of its output
/// columns, and whether the user asked to see it (`explain`) rather than run it.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub sql: String,
    pub params: Vec<Cell>,
    pub columns: Vec<String>,
    /// What each column holds, for [`ResultSet::typed`](crate::output::ResultSet::typed):
    /// yes/no fields and lists of names.
    pub types: Vec<ColumnType>,
    pub explain: bool,
}

/// Values for `$name` parameters (`--param name=value`, `.param set name value`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` (without `$`) to `value`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let name = name.strip_prefix('$').map(str::to_string).unwrap_or(name);
        self.0.insert(name, value.into());
    }

    /// Sets a parameter from `name=value`, as `--param` gives it.
    pub fn set_assignment(&mut self, assignment: &str) -> Result<(), String> {
        match assignment.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => {
                self.set(name.trim(), value);
                Ok(())
            }
            _ => Err(format!("--param wants name=value, got `{assignment}`")),
        }
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Removes `name`; true when it was set.
    pub fn remove(&mut self, name: &str) -> bool {
        self.0.remove(name).is_some()
    }

    /// Removes every parameter.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The parameters, ordered by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// True when no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut params = Params::new();
        for (k, v) in iter {
            params.set(k, v);
        }
        params
    }
}

/// The most parameters SQLite binds in one statement (its `SQLITE_MAX_VARIABLE_NUMBER`).
pub const MAX_PARAMS: usize = 32766;

/// Compiles query text to SQL: [`parse`] → [`check`] → [`sql()`], then refuses SQL that
/// would need more than [`MAX_PARAMS`] parameters, pointing at the condition.
pub fn compile(text: &str, catalog: &Catalog, params: &Params) -> Result<Compiled, QueryError> {
    let query = parse(text)?;
    let checked = check(&query, catalog, params)?;
    let compiled = sql(&checked);
    if compiled.params.len() > MAX_PARAMS {
        return Err(too_many_values(&query, compiled.params.len()));
    }
    Ok(compiled)
}

/// The error for a condition needing `count` parameters.
fn too_many_values(query: &Query, count: usize) -> QueryError {
    let filter = match &query.body {
        Body::Select(s) => s.filter.as_ref(),
        Body::Count(c) => c.filter.as_ref(),
    };
    let span = filter.map(Expr::span).unwrap_or_default();
    let kind = ErrorKind::TooManyValues {
        count,
        limit: MAX_PARAMS,
    };
    QueryError::new(kind, span)
        .hint("values compared with = or in on one field count as one however many they are")
        .hint("split the query into several, each with fewer `or` terms")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_come_from_name_value_assignments() {
        let mut params = Params::new();
        params.set_assignment("who=وائل علوان").unwrap();
        params.set_assignment("$when=2018-03=x").unwrap();
        assert_eq!(params.get("who"), Some("وائل علوان"));
        assert_eq!(params.get("when"), Some("2018-03=x"));
        assert!(params.set_assignment("=علوان").is_err());
        assert!(params.set_assignment("علوان").is_err());
        assert!(params.remove("who") && !params.remove("who"));
    }
}
