//! One error value for every way a query can fail, and its rendering at the edge.
//!
//! Deep code builds a [`QueryError`] (a kind, a span, hints) without knowing how it will be
//! shown; the CLI and the REPL call [`QueryError::render`] with the query text.

use super::ast::Span;
use std::borrow::Cow;
use std::fmt;

/// A query that failed to lex, parse, check or compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub kind: ErrorKind,
    /// Byte range of the offending fragment in the query text.
    pub span: Span,
    /// Ways out, each shown on its own line.
    pub hints: Vec<String>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A token the grammar does not allow here: `statements where speaker = = "علوان"`.
    UnexpectedToken {
        expected: Vec<String>,
        found: String,
    },
    /// The query stops too early: `statements where speaker =`.
    UnexpectedEnd { expected: Vec<String> },
    /// A character no token starts with: `statements where speaker @ "علوان"`.
    UnexpectedChar { found: char },
    /// A table the catalog does not know: `statement where verb=denied`.
    UnknownTable {
        name: String,
        tables: Vec<&'static str>,
    },
    /// A field the table does not have: `statements where speakr="علوان"`.
    UnknownField {
        table: &'static str,
        name: String,
        fields: Vec<&'static str>,
    },
    /// A count ordered by a field that is not one of its columns: `count statements by verb
    /// order by speaker`.
    NotACountColumn {
        name: String,
        columns: Vec<&'static str>,
    },
    /// A date written with slashes or dots, as a calendar prints it: `statements where date =
    /// 12/03/2018`.
    DateNotIso { found: String },
    /// Several values after a comparison, as if it were a list: `statements where verb =
    /// denied, said`.
    SeveralValues { op: String, values: Vec<String> },
    /// SQL where a query of qawl's language goes: `SELECT * FROM statements`.
    LooksLikeSql { keyword: String },
    /// An operator the field's type does not take: `statements where speaker < "علوان"`.
    OperatorNotAllowed {
        field: &'static str,
        ty: &'static str,
        op: String,
        allowed: Vec<&'static str>,
    },
    /// A field used alone as a condition that is not yes/no: `statements where speaker`.
    NotAFlag { field: &'static str },
    /// A test for a missing value on a field that always has one: `statements where verb is
    /// null`, `statements where id = ""`.
    NeverMissing { field: &'static str },
    /// A verb that is neither a class nor an Arabic reporting word: `statements where verb=shouted`.
    UnknownVerb { value: String },
    /// A value of the wrong type for its field: `statements where date = last-week`.
    WrongValueType {
        field: &'static str,
        wanted: &'static str,
        found: String,
    },
    /// A string whose closing quote is missing: `statements where speaker = "علوان`.
    UnterminatedString { close: char },
    /// A parenthesis never closed: `statements where (verb=denied or verb=said`.
    UnterminatedParen,
    /// Parentheses or `not`s nested too deep: `statements where ((((…(negated)…))))` 65 deep.
    TooDeep { limit: usize },
    /// A `$name` with no value given: `statements where speaker = $who` without `--param who=…`.
    MissingParameter { name: String },
    /// A limit or offset that is not a whole number from 0: `statements limit ten`.
    BadLimit { found: String },
    /// More distinct values than SQLite binds in one statement: 40,000 different
    /// `content ~ …` terms joined by `or`. (Equalities of one field, `=` or `in`, are one
    /// parameter however many: they never reach this.)
    TooManyValues { count: usize, limit: usize },
}

impl QueryError {
    /// An error of `kind` over `span`, without hints.
    pub fn new(kind: ErrorKind, span: Span) -> Self {
        QueryError {
            kind,
            span,
            hints: Vec::new(),
        }
    }

    /// Adds a hint line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// True when more input could complete the query (an open quote or parenthesis, a query
    /// that stops early): the REPL then keeps reading lines.
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::UnterminatedString { .. }
                | ErrorKind::UnterminatedParen
                | ErrorKind::UnexpectedEnd { .. }
        )
    }

    /// The one-line description, without position.
    pub fn message(&self) -> String {
        match &self.kind {
            ErrorKind::UnexpectedToken { found, .. } => format!("unexpected {found}"),
            ErrorKind::UnexpectedEnd { .. } => "the query ends too early".into(),
            ErrorKind::UnexpectedChar { found } => format!("unexpected character `{found}`"),
            ErrorKind::UnknownTable { name, .. } => format!("unknown table `{name}`"),
            ErrorKind::UnknownField { table, name, .. } => {
                format!("unknown field `{name}` in {table}")
            }
            ErrorKind::NotACountColumn { name, .. } => {
                format!("a count is ordered by its own columns, and `{name}` is not one of them")
            }
            ErrorKind::DateNotIso { found } => {
                format!("the date `{found}` is written with separators qawl does not read")
            }
            ErrorKind::SeveralValues { op, .. } => {
                format!("several values after {op}, which compares with one")
            }
            ErrorKind::LooksLikeSql { keyword } => {
                format!("`{keyword}` starts SQL, and this takes a query of qawl's language")
            }
            ErrorKind::OperatorNotAllowed { field, ty, op, .. } => {
                format!("operator {op} does not apply to {field} ({ty})")
            }
            ErrorKind::NotAFlag { field } => {
                format!("{field} is not a yes/no field and needs a comparison")
            }
            ErrorKind::NeverMissing { field } => {
                format!("{field} always has a value, so it is never null or empty")
            }
            ErrorKind::UnknownVerb { value } => format!("unknown verb `{value}`"),
            ErrorKind::WrongValueType { field, found, .. } => {
                format!("wrong value for {field}: `{found}`")
            }
            ErrorKind::UnterminatedString { close } => {
                format!("unterminated string: the closing {close} is missing")
            }
            ErrorKind::UnterminatedParen => "unclosed parenthesis".into(),
            ErrorKind::TooDeep { limit } => {
                format!("parentheses and `not`s nest deeper than {limit} levels")
            }
            ErrorKind::MissingParameter { name } => format!("no value for parameter ${name}"),
            ErrorKind::BadLimit { found } => format!("bad limit `{found}`"),
            ErrorKind::TooManyValues { count, limit } => {
                format!("the query needs {count} separate values; SQLite takes at most {limit}")
            }
        }
    }

    /// What the grammar or the catalog wanted at the span, and what was there instead.
    pub fn expected_found(&self) -> (String, String) {
        match &self.kind {
            ErrorKind::UnexpectedToken { expected, found } => (one_of(expected), found.clone()),
            ErrorKind::UnexpectedEnd { expected } => (one_of(expected), "the end".into()),
            ErrorKind::UnexpectedChar { found } => (
                "a word, a quoted value, an operator, a parenthesis or a comma".into(),
                format!("`{found}`"),
            ),
            ErrorKind::UnknownTable { name, tables } => {
                (format!("a table ({})", tables.join(", ")), quoted(name))
            }
            ErrorKind::UnknownField { table, name, .. } => {
                (format!("a field of {table}"), quoted(name))
            }
            ErrorKind::NotACountColumn { name, columns } => (
                format!("a column of the count ({})", one_of(columns)),
                quoted(name),
            ),
            ErrorKind::DateNotIso { found } => (
                "a date like 2018-03-12, a month like 2018-03 or a year like 2018".into(),
                quoted(found),
            ),
            ErrorKind::LooksLikeSql { keyword } => (
                "a table (statements, articles or entities), `count` or `explain`".into(),
                quoted(keyword),
            ),
            ErrorKind::SeveralValues { op, values } => (
                format!("one value after {op}"),
                format!("{} values: {}", values.len(), values.join(", ")),
            ),
            ErrorKind::OperatorNotAllowed { allowed, op, .. } => {
                (format!("one of {}", allowed.join(" ")), quoted(op))
            }
            ErrorKind::NotAFlag { field } => {
                (format!("an operator after {field}"), "no operator".into())
            }
            ErrorKind::NeverMissing { field } => (
                "a field that may have no value".into(),
                format!("`{field}`"),
            ),
            ErrorKind::UnknownVerb { value } => ("a verb class".into(), quoted(value)),
            ErrorKind::WrongValueType { wanted, found, .. } => {
                ((*wanted).to_string(), quoted(found))
            }
            ErrorKind::UnterminatedString { close } => {
                (format!("a closing {close}"), "the end".into())
            }
            ErrorKind::UnterminatedParen => ("a closing )".into(), "the end".into()),
            ErrorKind::TooDeep { limit } => (format!("at most {limit} levels"), "one more".into()),
            ErrorKind::MissingParameter { name } => (format!("a value for ${name}"), "none".into()),
            ErrorKind::BadLimit { found } => ("a whole number from 0".into(), quoted(found)),
            ErrorKind::TooManyValues { count, limit } => {
                (format!("at most {limit} values"), format!("{count}"))
            }
        }
    }

    /// The error as the user sees it: the message with its `line:column`, the query line with a
    /// caret line under the span, the fragment quoted, `expected …, found …`, and the hints.
    pub fn render(&self, query: &str) -> String {
        let place = Place::locate(query, self.span);
        let mut out = format!(
            "error at {}:{}: {}\n",
            place.line,
            place.column,
            self.message()
        );
        out.push_str(&format!("  {}\n", place.text));
        out.push_str(&format!(
            "  {}{} {}\n",
            " ".repeat(place.pad),
            "^".repeat(place.width),
            place.fragment_label()
        ));
        let (expected, found) = self.expected_found();
        out.push_str(&format!("  expected {expected}, found {found}\n"));
        for hint in &self.hints {
            out.push_str(&format!("  hint: {hint}\n"));
        }
        out
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())?;
        for hint in &self.hints {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for QueryError {}

/// How many characters of the query line an error shows before its span, of the span and
/// after it: a query of a megabyte on one line must not come back as a megabyte of error.
const SHOWN: usize = 80;

/// Where a span sits in the query text, in the terms a terminal shows.
struct Place<'q> {
    line: usize,
    /// 1-based, counted in characters.
    column: usize,
    /// The line holding the span's start, tabs shown as spaces.
    text: String,
    /// Spaces before the caret: characters before the span that take a column (marks do not).
    pad: usize,
    width: usize,
    fragment: &'q str,
}

impl<'q> Place<'q> {
    fn locate(query: &'q str, span: Span) -> Place<'q> {
        let start = floor_boundary(query, span.start);
        let end = floor_boundary(query, span.end.max(start));
        let line_start = query[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = query[start..].find('\n').map_or(query.len(), |i| start + i);
        let before = &query[line_start..start];
        let inside = end.min(line_end).max(start);
        let shown_before = tail(before, SHOWN);
        let shown_fragment = head(&query[start..inside], SHOWN);
        let shown_after = head(&query[inside..line_end], SHOWN);
        Place {
            line: query[..start].matches('\n').count() + 1,
            column: before.chars().count() + 1,
            text: format!("{shown_before}{shown_fragment}{shown_after}").replace('\t', " "),
            pad: columns(&shown_before),
            width: columns(&shown_fragment).max(1),
            fragment: &query[start..end],
        }
    }

    fn fragment_label(&self) -> String {
        if self.fragment.is_empty() {
            "(end of query)".into()
        } else {
            quoted(&head(self.fragment.trim_end(), SHOWN))
        }
    }
}

/// The first `n` characters of `text`, with `…` when there were more.
fn head(text: &str, n: usize) -> Cow<'_, str> {
    match text.char_indices().nth(n) {
        Some((i, _)) => Cow::Owned(format!("{}…", &text[..i])),
        None => Cow::Borrowed(text),
    }
}

/// The last `n` characters of `text`, with `…` before them when there were more.
fn tail(text: &str, n: usize) -> Cow<'_, str> {
    match text.char_indices().rev().nth(n) {
        Some((i, c)) => Cow::Owned(format!("…{}", &text[i + c.len_utf8()..])),
        None => Cow::Borrowed(text),
    }
}

/// Columns a terminal gives `text`: one a character, none for combining marks.
fn columns(text: &str) -> usize {
    text.chars()
        .filter(|&c| !crate::text::normalize::is_mark(c) && !is_zero_width(c))
        .count()
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The largest char boundary of `text` at or before `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A fragment of the query in backticks: Arabic shows right to left, so a caret alone misleads.
fn quoted(text: &str) -> String {
    format!("`{text}`")
}

/// `a`, `a or b`, `a, b or c`.
fn one_of<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => "something else".into(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(|s| s.as_ref()).collect();
            format!("{} or {}", init.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let query = "statements where speaker = «علوان» and speakr = x";
        let start = query.find("speakr").unwrap();
        let err = QueryError::new(
            ErrorKind::UnknownVerb {
                value: "speakr".into(),
            },
            Span::new(start, start + 6),
        );
        let rendered = err.render(query);
        assert!(rendered.starts_with("error at 1:40:"), "{rendered}");
        let caret = rendered.lines().nth(2).unwrap();
        assert_eq!(caret.find('^'), Some(2 + 39));
    }

    #[test]
    fn a_long_line_is_shown_around_the_span_only() {
        let query = format!("statements where{}speakr = علوان", " ".repeat(100_000));
        let start = query.find("speakr").unwrap();
        let err = QueryError::new(
            ErrorKind::UnknownVerb {
                value: "speakr".into(),
            },
            Span::new(start, start + 6),
        );
        let rendered = err.render(&query);
        assert!(rendered.starts_with("error at 1:100017:"), "{rendered}");
        assert!(rendered.len() < 1000, "{} bytes", rendered.len());
        let mut lines = rendered.lines().skip(1);
        let (text, caret) = (lines.next().unwrap(), lines.next().unwrap());
        assert!(
            text.starts_with("  …  ") && text.ends_with("speakr = علوان"),
            "{text}"
        );
        assert_eq!(caret.find('^'), Some(2 + 1 + SHOWN));
    }

    #[test]
    fn a_span_off_a_char_boundary_is_clamped() {
        let query = "علوان";
        let err = QueryError::new(ErrorKind::UnterminatedParen, Span::new(1, 99));
        assert!(err.render(query).starts_with("error at 1:1:"));
    }
}
