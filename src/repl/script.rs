//! Saved-query files (`*.qawl`) and the results of several queries written one after another.
//!
//! A file holds queries separated by `;` or blank lines, `#` comments, and optional header
//! comments naming the query below them:
//!
//! ```text
//! # name: denials-by-month
//! # description: who denied what, month by month
//! count statements where verb=denied by month
//! ```
//!
//! `qawl run` and the REPL's `.read` both read files through [`parse`] and write results
//! through a [`Series`], so a file behaves the same in both.

use super::scan::{self, Mode, Piece, Statement};
use crate::cli::execute::Outcome;
use crate::error::Result;
use crate::output::{self, Format, Options};
use std::io::Write;

/// The results of one file's queries, written one after another to one output.
///
/// Call [`Series::write`] for each result and [`Series::finish`] once at the end. Tables, CSV,
/// TSV and JSONL are written as they come ([`write_result`]). JSON must stay one document: a
/// lone result is its array of row objects, as `qawl query` writes it; several results are one
/// array of all their rows, each object carrying a `query` field first (as JSONL does). So the
/// first JSON result is held back until a second one shows which of the two it is.
#[derive(Debug, Default)]
pub struct Series {
    /// Nothing written yet (the first result gets the BOM, and no separator above it).
    started: bool,
    json: Json,
}

/// Where a series of JSON results stands.
#[derive(Debug, Default)]
enum Json {
    /// No JSON result yet.
    #[default]
    None,
    /// One result, held until the next one or the end.
    Held {
        options: Options,
        query: Option<Statement>,
        outcome: Outcome,
    },
    /// The array of tagged rows is open; `rows` is true once an object is in it.
    Open { rows: bool },
}

impl Series {
    /// A series with nothing written.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes one result of the series (or holds it back, for JSON).
    pub fn write(
        &mut self,
        out: &mut dyn Write,
        options: &Options,
        query: Option<&Statement>,
        outcome: &Outcome,
    ) -> Result<()> {
        if options.format != Format::Json {
            self.finish(out)?;
            let first = !self.started;
            self.started = true;
            return write_result(out, options, query, outcome, first);
        }
        match std::mem::take(&mut self.json) {
            Json::None => {
                self.json = Json::Held {
                    options: options.clone(),
                    query: query.cloned(),
                    outcome: outcome.clone(),
                };
            }
            Json::Held {
                query: held_query,
                outcome: held,
                ..
            } => {
                out.write_all(b"[\n")?;
                let mut rows = write_tagged(out, held_query.as_ref(), &held, false)?;
                rows = write_tagged(out, query, outcome, rows)?;
                self.json = Json::Open { rows };
            }
            Json::Open { rows } => {
                let rows = write_tagged(out, query, outcome, rows)?;
                self.json = Json::Open { rows };
            }
        }
        self.started = true;
        Ok(())
    }

    /// Ends the series: writes a held lone JSON result, or closes the array of several.
    pub fn finish(&mut self, out: &mut dyn Write) -> Result<()> {
        match std::mem::take(&mut self.json) {
            Json::None => {}
            Json::Held {
                options,
                query,
                outcome,
            } => write_result(out, &options, query.as_ref(), &outcome, true)?,
            Json::Open { rows } => out.write_all(if rows { b"\n]\n" } else { b"]\n" })?,
        }
        Ok(())
    }
}

/// Writes the rows of one result into an open JSON array, each object tagged with the query it
/// came from (an `explain` as one object holding its text); `rows` says whether an object is
/// already in the array. Returns whether one is now.
fn write_tagged(
    out: &mut dyn Write,
    query: Option<&Statement>,
    outcome: &Outcome,
    mut rows: bool,
) -> Result<bool> {
    let title = query.map(title).unwrap_or_default();
    let mut lines = Vec::new();
    match outcome {
        Outcome::Rows(rs) => output::write_jsonl_tagged(rs, &title, &mut lines)?,
        Outcome::Explain(text) => {
            let object = serde_json::json!({ "query": title, "explain": text });
            serde_json::to_writer(&mut lines, &object)?;
            lines.push(b'\n');
        }
    }
    // JSON Lines: one object a line (a newline inside a value is written `\n`)
    for object in lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        out.write_all(if rows { b",\n" } else { b"" })?;
        out.write_all(object)?;
        rows = true;
    }
    Ok(rows)
}

/// Cuts a saved-query file into queries and dot-commands, in order.
pub fn parse(text: &str) -> Vec<Piece> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    scan::split(text, Mode::Script)
}

/// Cuts a saved-query file read as bytes: a query holding bytes that are not UTF-8 comes out
/// as [`Piece::Unreadable`] (with its line), the others as [`parse`] gives them.
pub fn parse_bytes(bytes: &[u8]) -> Vec<Piece> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    scan::split_bytes(bytes, Mode::Script)
}

/// How a query is named in titles and in the JSONL `query` field: its `# name:`, else its text
/// on one line.
pub fn title(statement: &Statement) -> String {
    match &statement.name {
        Some(name) => name.clone(),
        None => statement
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The title above a result: a `--` line above a view, a heading in Markdown and HTML, none
/// in the exports.
fn write_title(
    out: &mut dyn Write,
    format: Format,
    title: &str,
    description: Option<&str>,
) -> Result<()> {
    match (format, description) {
        (f, Some(description)) if f.is_view() => writeln!(out, "-- {title}: {description}")?,
        (f, None) if f.is_view() => writeln!(out, "-- {title}")?,
        (Format::Markdown, _) => {
            writeln!(out, "### {title}\n")?;
            if let Some(description) = description {
                writeln!(out, "{description}\n")?;
            }
        }
        (Format::Html, _) => {
            writeln!(out, "<h3>{}</h3>", output::escape_html(title))?;
            if let Some(description) = description {
                writeln!(out, "<p>{}</p>", output::escape_html(description))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Writes one result of a series: a title line above tables (the query's name and
/// description), a blank line between tables and CSV/TSV blocks (each with its own header), a
/// `query` field on every JSONL object. `query` is where the result came from when it is one of
/// a file's; `first` is true for the first result (the only one that gets a BOM). Several JSON
/// results need a [`Series`] to make one document.
pub fn write_result(
    out: &mut dyn Write,
    options: &Options,
    query: Option<&Statement>,
    outcome: &Outcome,
    first: bool,
) -> Result<()> {
    let title = query.map(title);
    if !first {
        match options.format {
            Format::Table | Format::Box | Format::Line | Format::Markdown | Format::Html => {
                writeln!(out)?
            }
            // a blank line ends as the rows do: CRLF in CSV (RFC 4180), LF in TSV
            Format::Csv => out.write_all(b"\r\n")?,
            Format::Tsv => out.write_all(b"\n")?,
            Format::Json | Format::Jsonl => {}
        }
    }
    if let Some(title) = &title {
        let description = query.and_then(|q| q.description.as_deref());
        write_title(out, options.format, title, description)?;
    }
    let options = Options {
        bom: options.bom && first,
        ..options.clone()
    };
    match outcome {
        Outcome::Explain(text) => {
            out.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
        }
        Outcome::Rows(rs) => match (options.format, &title) {
            (Format::Jsonl, Some(title)) => output::write_jsonl_tagged(rs, title, out)?,
            _ => output::write(rs, &options, out)?,
        },
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Cell, ResultSet};

    fn rows() -> Outcome {
        Outcome::Rows(ResultSet {
            columns: vec!["speaker".into(), "n".into()],
            rows: vec![vec![Cell::Text("علوان".into()), Cell::Int(2)]],
        })
    }

    fn written(format: Format, bom: bool) -> String {
        let options = Options {
            format,
            bom,
            ..Options::default()
        };
        let denials = Statement {
            text: "statements where verb=denied".into(),
            line: 2,
            name: Some("denials".into()),
            description: Some("من نفى ماذا".into()),
        };
        let counts = Statement {
            text: "count statements by verb".into(),
            line: 4,
            name: Some("counts".into()),
            description: None,
        };
        let mut out = Vec::new();
        write_result(&mut out, &options, Some(&denials), &rows(), true).unwrap();
        write_result(&mut out, &options, Some(&counts), &rows(), false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_blocks_each_have_a_header_and_one_bom() {
        assert_eq!(
            written(Format::Csv, true),
            "\u{FEFF}speaker,n\r\nعلوان,2\r\n\r\nspeaker,n\r\nعلوان,2\r\n"
        );
    }

    #[test]
    fn jsonl_objects_name_their_query() {
        let text = written(Format::Jsonl, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("\"query\":\"denials\""), "{text}");
        assert!(lines[1].contains("\"query\":\"counts\""), "{text}");
    }

    fn series(format: Format, results: usize) -> String {
        let options = Options {
            format,
            ..Options::default()
        };
        let mut out = Vec::new();
        let mut series = Series::new();
        for n in 0..results {
            let query = Statement {
                text: format!("statements limit {n}"),
                line: n + 1,
                name: None,
                description: None,
            };
            series
                .write(&mut out, &options, Some(&query), &rows())
                .unwrap();
        }
        series.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn several_json_results_make_one_array_of_tagged_rows() {
        let text = series(Format::Json, 3);
        let parsed: serde_json::Value = serde_json::from_str(&text).expect(&text);
        let rows = parsed.as_array().unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2]["query"], "statements limit 2");
        assert_eq!(rows[0]["speaker"], "علوان");
        assert!(
            text.starts_with("[\n{\"query\":\"statements limit 0\","),
            "{text}"
        );
    }

    #[test]
    fn one_json_result_is_its_plain_array() {
        let text = series(Format::Json, 1);
        let parsed: serde_json::Value = serde_json::from_str(&text).expect(&text);
        assert_eq!(parsed[0]["n"], 2);
        assert!(parsed[0].get("query").is_none(), "{text}");
        assert_eq!(series(Format::Json, 0), "");
    }

    #[test]
    fn tables_get_a_title_line() {
        let text = written(Format::Table, false);
        assert!(text.starts_with("-- denials: من نفى ماذا\n"), "{text}");
        assert!(text.contains("\n\n-- counts\n"), "{text}");
    }

    #[test]
    fn markdown_and_html_results_get_headings() {
        let markdown = written(Format::Markdown, false);
        assert!(
            markdown.starts_with("### denials\n\nمن نفى ماذا\n\n| speaker"),
            "{markdown}"
        );
        assert!(
            markdown.contains("|\n\n### counts\n\n| speaker"),
            "{markdown}"
        );
        let html = written(Format::Html, false);
        assert!(
            html.starts_with("<h3>denials</h3>\n<p>من نفى ماذا</p>\n<table>"),
            "{html}"
        );
        let line = written(Format::Line, false);
        assert!(line.contains("\n\n-- counts\nspeaker = "), "{line}");
    }

    #[test]
    fn titles_fall_back_to_the_query_on_one_line() {
        let Piece::Query(s) = &parse("statements\n  where verb=denied")[0] else {
            panic!()
        };
        assert_eq!(title(s), "statements where verb=denied");
    }

    #[test]
    fn a_query_that_is_not_utf8_is_unreadable_and_the_next_one_is_kept() {
        let mut bytes = b"\xEF\xBB\xBFstatements where speaker = \"".to_vec();
        bytes.extend_from_slice(&[0xE6, 0xE1]);
        bytes.extend_from_slice("\"\n\ncount articles".as_bytes());
        let pieces = parse_bytes(&bytes);
        let [Piece::Unreadable(bad), Piece::Query(next)] = pieces.as_slice() else {
            panic!("{pieces:?}")
        };
        assert_eq!((bad.line, bad.column, bad.byte), (1, 29, 0xE6));
        assert_eq!((next.text.as_str(), next.line), ("count articles", 3));
    }

    #[test]
    fn a_bom_at_the_start_of_a_file_is_ignored() {
        let pieces = parse("\u{FEFF}# name: كل\nstatements");
        assert!(matches!(&pieces[0], Piece::Query(s) if s.name.as_deref() == Some("كل")));
    }
}
