//! `qawl sql`: raw SQL on the store's read-only connection — one statement or several
//! separated by `;`, with `--param NAME=VALUE` bound to `:NAME`, `$NAME` or `@NAME`.
//!
//! Every statement is prepared, checked (it only reads, its parameters are given, every
//! `--param` is used) and run before anything is written, so a mistake in the third statement
//! leaves no half output. Values are always bound by SQLite, never pasted into the SQL. Several
//! results are one document, as `qawl run` writes them ([`Series`]).

use super::{Context, OutputArgs};
use crate::cli::execute::{Outcome, parse_params};
use crate::error::{Error, Result};
use crate::output::{Cell, ResultSet};
use crate::repl::scan::Statement;
use crate::repl::series::Series;
use crate::store::Store;
use clap::Args;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// Options of `qawl sql`.
#[derive(Debug, Clone, Args)]
pub struct SqlArgs {
    /// SELECT (or WITH, EXPLAIN) statements separated by `;`; `-` reads them from stdin.
    pub sql: String,
    /// A value for :NAME, $NAME or @NAME in the SQL; repeat for several. A whole number is
    /// bound as an integer, anything else as text.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// One statement of the SQL text, and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part<'a> {
    pub text: &'a str,
    /// The line of the text its first word is on, from 1.
    pub line: usize,
    /// Its place among the statements, from 1.
    pub number: usize,
}

/// A statement ready to run: its text and the values of its parameters, in SQLite's order.
struct Bound<'a> {
    part: Part<'a>,
    values: Vec<Cell>,
}

/// Runs `qawl sql`.
pub(super) fn run(ctx: &Context, args: &SqlArgs) -> Result<ExitCode> {
    let given = values(&args.params)?;
    let sql = match args.sql.as_str() {
        "-" => read_stdin()?,
        sql => sql.to_string(),
    };
    let parts = split(&sql);
    if parts.is_empty() {
        return Err(Error::Usage(
            "the SQL holds no statement (only spaces, comments or `;`); give one, e.g. \
             qawl sql 'SELECT count(*) FROM articles'"
                .into(),
        ));
    }
    let mut sink = args.out.sink()?;
    let store = ctx.open_read_only()?;
    let bound = bind(&store, &parts, &given)?;
    let results = bound
        .iter()
        .map(|b| {
            store
                .select(b.part.text, &b.values)
                .map_err(|e| in_statement(&b.part, parts.len(), &e))
        })
        .collect::<Result<Vec<ResultSet>>>()?;
    let options = args.out.options();
    let several = results.len() > 1;
    let mut series = Series::new();
    for (b, rs) in bound.iter().zip(results) {
        let statement = Statement {
            text: b.part.text.to_string(),
            line: b.part.line,
            name: None,
            description: None,
        };
        series.write(&mut sink, &options, &statement, several, &Outcome::Rows(rs))?;
    }
    series.finish(&mut sink)?;
    sink.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// `qawl sql -`: the SQL piped in.
fn read_stdin() -> Result<String> {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
        Error::Usage(format!(
            "could not read the SQL from stdin ({e}); it must be UTF-8 text"
        ))
    })?;
    Ok(text)
}

/// The `--param` values by name (without `:`, `$` or `@`): a whole number as an integer (so
/// `LIMIT :n` and `SELECT :n` get one), anything else as text.
fn values(args: &[String]) -> Result<BTreeMap<String, Cell>> {
    let params = parse_params(args)?;
    let mut values = BTreeMap::new();
    for (name, value) in params.iter() {
        let bare = name.trim_start_matches([':', '$', '@']);
        if bare.is_empty() {
            return Err(Error::Usage(format!(
                "--param {name}=…: a sign alone names no parameter; write NAME=VALUE"
            )));
        }
        let cell = match value.parse::<i64>() {
            Ok(n) if n.to_string() == value => Cell::Int(n),
            _ => Cell::Text(value.to_string()),
        };
        values.insert(bare.to_string(), cell);
    }
    Ok(values)
}

/// Prepares every statement and gives each parameter its value. Fails, naming the statement,
/// for SQL SQLite cannot read, a statement that would write, a positional parameter (`?`) or
/// one no `--param` gives; and, naming it, for a `--param` no statement uses.
fn bind<'a>(
    store: &Store,
    parts: &[Part<'a>],
    given: &BTreeMap<String, Cell>,
) -> Result<Vec<Bound<'a>>> {
    let mut used: Vec<String> = Vec::new();
    let mut bound = Vec::new();
    for part in parts {
        let statement = store
            .connection()
            .prepare_cached(part.text)
            .map_err(|e| in_statement(part, parts.len(), &Error::Sqlite(e)))?;
        if !statement.readonly() {
            return Err(in_statement(part, parts.len(), &Error::WriteRefused));
        }
        let mut values = Vec::new();
        let mut missing = Vec::new();
        for index in 1..=statement.parameter_count() {
            let name = match statement.parameter_name(index) {
                Some(name) if !name.starts_with('?') => name,
                _ => return Err(positional(part, parts.len())),
            };
            // SQLite names a parameter with its sign; `:who`, `$who` and `@who` are all `who`
            let bare = &name[1..];
            if !used.iter().any(|u| u == bare) {
                used.push(bare.to_string());
            }
            match given.get(bare) {
                Some(value) => values.push(value.clone()),
                None => missing.push(name.to_string()),
            }
        }
        if !missing.is_empty() {
            return Err(missing_params(part, parts.len(), &missing));
        }
        bound.push(Bound {
            part: part.clone(),
            values,
        });
    }
    if let Some(unused) = given.keys().find(|g| !used.contains(g)) {
        return Err(unused_param(unused, &used));
    }
    Ok(bound)
}

/// Where a statement is, for messages: `statement 2 of 3 (line 4)`, or `the SQL` when it is
/// the only one.
fn place(part: &Part, total: usize) -> String {
    match total {
        1 => "the SQL".into(),
        _ => format!("statement {} of {total} (line {})", part.number, part.line),
    }
}

/// An error of one statement, saying which when there are several.
fn in_statement(part: &Part, total: usize, error: &Error) -> Error {
    if total == 1 {
        return Error::Failed(error.to_string());
    }
    Error::Failed(format!(
        "{}, `{}`: {error}",
        place(part, total),
        one_line(part.text)
    ))
}

fn positional(part: &Part, total: usize) -> Error {
    Error::Failed(format!(
        "{} has a positional parameter (`?` or `?NNN`); qawl sql binds named ones only: write \
         :name (or $name, @name) and pass --param name=VALUE",
        place(part, total)
    ))
}

fn missing_params(part: &Part, total: usize, missing: &[String]) -> Error {
    let flags: Vec<String> = missing
        .iter()
        .map(|m| format!("--param {}=VALUE", &m[1..]))
        .collect();
    Error::Failed(format!(
        "{} uses {}, which no --param gives; add {}",
        place(part, total),
        missing.join(", "),
        flags.join(" ")
    ))
}

fn unused_param(unused: &str, used: &[String]) -> Error {
    let near = used
        .iter()
        .filter(|u| strsim::levenshtein(u, unused) <= 2)
        .min_by_key(|u| strsim::levenshtein(u, unused));
    let hint = match (near, used) {
        (Some(near), _) => format!("; did you mean {near}?"),
        (None, []) => "; the SQL has no parameters".into(),
        (None, used) => format!("; the SQL has :{}", used.join(", :")),
    };
    Error::Failed(format!(
        "--param {unused}=… is used by no statement: drop it, or write :{unused} where its value \
         belongs{hint}"
    ))
}

/// A statement on one line, for messages.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts SQL at the `;` that end statements, as SQLite reads it: a `;` inside a string (`'…'`),
/// a quoted name (`"…"`, `` `…` ``, `[…]`) or a comment (`-- …`, `/* … */`) ends nothing.
/// Parts holding only spaces and comments are left out.
pub(crate) fn split(sql: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    // where the part's first word begins, once it has one
    let mut code: Option<usize> = None;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let close = match c {
            '\'' | '"' | '`' => Some(c),
            '[' => Some(']'),
            '-' if chars.peek().is_some_and(|&(_, n)| n == '-') => Some('\n'),
            '/' if chars.peek().is_some_and(|&(_, n)| n == '*') => {
                chars.next();
                skip_block_comment(&mut chars);
                continue;
            }
            ';' => {
                if let Some(from) = code.take() {
                    parts.push(part(sql, from, i, parts.len() + 1));
                }
                continue;
            }
            c if c.is_whitespace() => continue,
            _ => None,
        };
        if close != Some('\n') {
            code.get_or_insert(i);
        }
        if let Some(close) = close {
            chars.by_ref().find(|&(_, n)| n == close);
        }
    }
    if let Some(from) = code {
        parts.push(part(sql, from, sql.len(), parts.len() + 1));
    }
    parts
}

/// Skips to just after the `*/` that closes a block comment (or to the end).
fn skip_block_comment(chars: &mut std::iter::Peekable<std::str::CharIndices>) {
    while let Some((_, c)) = chars.next() {
        if c == '*' && chars.next_if(|&(_, n)| n == '/').is_some() {
            return;
        }
    }
}

/// The part from its first word (`code`) to `end`: comments before it do not matter to SQLite,
/// and would only hide the statement in messages and in the `query` column of several results.
fn part(sql: &str, code: usize, end: usize, number: usize) -> Part<'_> {
    Part {
        text: sql[code..end].trim_end(),
        line: 1 + sql[..code].matches('\n').count(),
        number,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<&str> {
        split(sql).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn statements_are_cut_at_each_semicolon_outside_quotes_and_comments() {
        assert_eq!(
            texts("SELECT 1; SELECT 'أ;ب' AS \"x;y\" FROM [a;b];"),
            ["SELECT 1", "SELECT 'أ;ب' AS \"x;y\" FROM [a;b]"]
        );
        assert_eq!(
            texts("SELECT 1 -- no; cut\n; /* nor; here */ SELECT `q;`"),
            ["SELECT 1 -- no; cut", "SELECT `q;`"]
        );
        assert_eq!(texts("SELECT 'it''s; one'"), ["SELECT 'it''s; one'"]);
    }

    #[test]
    fn empty_parts_and_parts_of_comments_only_are_left_out() {
        assert!(texts(" ;; -- nothing\n /* here */ ;").is_empty());
        assert_eq!(texts("SELECT 1;;\n\n"), ["SELECT 1"]);
    }

    #[test]
    fn each_part_knows_the_line_of_its_first_word() {
        let parts = split("-- header\nSELECT 1;\n\n  SELECT\n 2");
        let lines: Vec<usize> = parts.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn an_unclosed_quote_or_comment_runs_to_the_end() {
        assert_eq!(texts("SELECT 'a; b"), ["SELECT 'a; b"]);
        assert!(texts("/* SELECT 1; ").is_empty());
    }

    #[test]
    fn whole_numbers_are_bound_as_integers_and_the_rest_as_text() {
        let args = ["n=42".into(), ":who=وائل علوان".into(), "@code=007".into()];
        let values = values(&args).unwrap();
        assert_eq!(values["n"], Cell::Int(42));
        assert_eq!(values["who"], Cell::Text("وائل علوان".into()));
        assert_eq!(values["code"], Cell::Text("007".into()));
    }

    fn bound(sql: &str, params: &[&str]) -> Result<Vec<Vec<Cell>>> {
        let store = Store::open_in_memory().unwrap();
        let params: Vec<String> = params.iter().map(|p| p.to_string()).collect();
        let parts = split(sql);
        let bound = bind(&store, &parts, &values(&params)?)?;
        Ok(bound.into_iter().map(|b| b.values).collect())
    }

    #[test]
    fn every_sign_of_a_name_gets_its_value_and_the_rest_are_errors() {
        let values = bound("SELECT :a, $b, @a; SELECT :b", &["a=1", "b=x"]).unwrap();
        // `:a` and `@a` are two parameters to SQLite; both get the value of a
        assert_eq!(
            values,
            [
                vec![Cell::Int(1), Cell::Text("x".into()), Cell::Int(1)],
                vec![Cell::Text("x".into())]
            ]
        );
        let missing = bound("SELECT 1; SELECT :who", &[]).unwrap_err().to_string();
        assert!(
            missing.contains(":who") && missing.contains("--param who="),
            "{missing}"
        );
        assert!(missing.contains("line 1"), "{missing}");
        let unused = bound("SELECT :who", &["who=x", "whom=y"])
            .unwrap_err()
            .to_string();
        assert!(
            unused.contains("--param whom=") && unused.contains("did you mean who?"),
            "{unused}"
        );
        let positional = bound("SELECT ?", &[]).unwrap_err().to_string();
        assert!(positional.contains("positional"), "{positional}");
        let writes = bound("SELECT 1; DELETE FROM meta", &[])
            .unwrap_err()
            .to_string();
        assert!(
            writes.contains("statement 2 of 2 (line 1)") && writes.contains("refused"),
            "{writes}"
        );
    }
}
