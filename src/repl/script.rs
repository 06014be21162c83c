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
//! through a [`Series`](super::series::Series), so a file behaves the same in both.

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

/// Cuts a saved-query file read as bytes: a query holding bytes that are not UTF-8 comes out
/// as [`Piece::Unreadable`] (with its line), the others as [`parse`] gives them.
pub fn parse_bytes(bytes: &[u8]) -> Vec<Piece> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    scan::split_bytes(bytes, Mode::Script)
}

/// How a query is named in titles and in the `query` column of several results: its
/// `# name:`, else its text on one line.
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

/// Writes one result: under a title line (the query's name and description) when `query` is
/// one of a file's, with a blank line above it unless it is the `first` (the only one that
/// gets a BOM). Several exports (CSV, JSON …) in one output need a
/// [`Series`](super::series::Series) to make one document.
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
            // the exports of several queries are one document (a Series), never blocks
            Format::Csv | Format::Tsv | Format::Json | Format::Jsonl => {}
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
        Outcome::Rows(rs) => output::write(rs, &options, out)?,
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
    fn the_bundled_files_cut_the_same_piped_as_read() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries");
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "qawl") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // piped input (line mode) and qawl run/.read (script mode): the same pieces
            assert_eq!(
                scan::split(&text, Mode::Line),
                parse(&text),
                "{}",
                path.display()
            );
            files += 1;
        }
        assert!(files >= 8, "{files} files in {}", dir.display());
    }

    #[test]
    fn a_bom_at_the_start_of_a_file_is_ignored() {
        let pieces = parse("\u{FEFF}# name: كل\nstatements");
        assert!(matches!(&pieces[0], Piece::Query(s) if s.name.as_deref() == Some("كل")));
    }
}
