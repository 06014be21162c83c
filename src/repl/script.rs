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
//! through [`write_result`], so a file behaves the same in both.

use super::scan::{self, Mode, Piece, Statement};
use crate::cli::execute::Outcome;
use crate::error::Result;
use crate::output::{self, Format, Options};
use std::io::Write;

/// Cuts a saved-query file into queries and dot-commands, in order.
pub fn parse(text: &str) -> Vec<Piece> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    scan::split(text, Mode::Script)
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

/// Writes one result of a series: a title line above tables (the query's name and
/// description), a blank line between tables and CSV/TSV blocks (each with its own header), a
/// `query` field on every JSONL object, one JSON array after another. `query` is where the
/// result came from when it is one of a file's; `first` is true for the first result (the only
/// one that gets a BOM).
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
            Format::Table => writeln!(out)?,
            // CSV and TSV lines end in CRLF (RFC 4180), so the blank line does too
            Format::Csv | Format::Tsv => out.write_all(b"\r\n")?,
            Format::Json | Format::Jsonl => {}
        }
    }
    if let (Format::Table, Some(title)) = (options.format, &title) {
        match query.and_then(|q| q.description.as_deref()) {
            Some(description) => writeln!(out, "-- {title}: {description}")?,
            None => writeln!(out, "-- {title}")?,
        }
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

    #[test]
    fn tables_get_a_title_line() {
        let text = written(Format::Table, false);
        assert!(text.starts_with("-- denials: من نفى ماذا\n"), "{text}");
        assert!(text.contains("\n\n-- counts\n"), "{text}");
    }

    #[test]
    fn titles_fall_back_to_the_query_on_one_line() {
        let Piece::Query(s) = &parse("statements\n  where verb=denied")[0] else {
            panic!()
        };
        assert_eq!(title(s), "statements where verb=denied");
    }

    #[test]
    fn a_bom_at_the_start_of_a_file_is_ignored() {
        let pieces = parse("\u{FEFF}# name: كل\nstatements");
        assert!(matches!(&pieces[0], Piece::Query(s) if s.name.as_deref() == Some("كل")));
    }
}
