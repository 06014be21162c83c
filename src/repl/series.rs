//! The results of several queries written to one output: one document a spreadsheet or `jq`
//! reads, whatever the number of queries.
//!
//! `qawl run`, the REPL's `.read` and its `.output` file write every result through a
//! [`Series`]. Views and document tables (table, box, line, Markdown, HTML) are written as they
//! come, each under a title. The exports (CSV, TSV, JSON, JSONL) are held until the series
//! ends, because what a file holds depends on how many results it gets:
//!
//! - one result is written exactly as `qawl query` writes it;
//! - several are one document whose every row names the query it came from, first: CSV and
//!   TSV get one header, `query` then every column of the results in the order they first
//!   appear (a field a query does not show is empty in its rows); JSON is one array of
//!   objects and JSONL one object a line, each with a `query` field before its own fields.
//!
//! An `explain` among several is one row with an `explain` column (field) holding its text.

use super::scan::Statement;
use super::script::{title, write_result};
use crate::cli::execute::Outcome;
use crate::error::Result;
use crate::output::{self, Cell, Format, Options, ResultSet};
use std::io::Write;

/// The results of one output, written one after another.
///
/// Call [`Series::write`] for each result and [`Series::finish`] once at the end;
/// [`Series::preview`] writes what `finish` would without ending the series (the REPL keeps an
/// `.output` file complete after every query).
#[derive(Debug, Default)]
pub struct Series {
    /// Something was written already: the next view gets a blank line above it, and nothing
    /// after the first gets a BOM.
    started: bool,
    /// The export results not written yet, and the options they are written with.
    held: Vec<Held>,
    held_options: Option<Options>,
}

/// One export result waiting for the end of the series.
#[derive(Debug, Clone)]
struct Held {
    /// The query's name or text, which tags its rows when there are several results.
    tag: String,
    outcome: Outcome,
}

impl Series {
    /// A series with nothing written.
    pub fn new() -> Self {
        Self::default()
    }

    /// True while export results wait to be written.
    pub fn is_pending(&self) -> bool {
        !self.held.is_empty()
    }

    /// Adds the result of `query`. A view is written at once, under the query's title when
    /// `titled` (a query of a file); an export is held. A change of format or options ends the
    /// held results' document first.
    pub fn write(
        &mut self,
        out: &mut dyn Write,
        options: &Options,
        query: &Statement,
        titled: bool,
        outcome: &Outcome,
    ) -> Result<()> {
        if is_export(options.format) {
            if self.held_options.as_ref().is_some_and(|o| o != options) {
                self.finish(out)?;
            }
            self.held_options = Some(options.clone());
            self.held.push(Held {
                tag: title(query),
                outcome: outcome.clone(),
            });
            return Ok(());
        }
        self.finish(out)?;
        let first = !self.started;
        self.started = true;
        write_result(out, options, titled.then_some(query), outcome, first)
    }

    /// Writes the held results as one document and ends it.
    pub fn finish(&mut self, out: &mut dyn Write) -> Result<()> {
        self.preview(out)?;
        if self.is_pending() {
            self.started = true;
        }
        self.held.clear();
        self.held_options = None;
        Ok(())
    }

    /// Writes the held results as one document, keeping them held: the next result may still
    /// join them, and then the whole document is written again.
    pub fn preview(&self, out: &mut dyn Write) -> Result<()> {
        let Some(options) = &self.held_options else {
            return Ok(());
        };
        let options = Options {
            bom: options.bom && !self.started,
            ..options.clone()
        };
        match self.held.as_slice() {
            [] => Ok(()),
            [one] => write_result(out, &options, None, &one.outcome, true),
            several => write_several(out, &options, several),
        }
    }
}

/// The formats a spreadsheet or a program reads, which make one document of several results.
fn is_export(format: Format) -> bool {
    matches!(
        format,
        Format::Csv | Format::Tsv | Format::Json | Format::Jsonl
    )
}

/// Several results as one document of tagged rows.
fn write_several(out: &mut dyn Write, options: &Options, held: &[Held]) -> Result<()> {
    let tag = tag_column(held);
    match options.format {
        Format::Json => {
            let mut lines = Vec::new();
            for h in held {
                write_tagged(&mut lines, tag, h)?;
            }
            // JSON Lines has one object a line (a newline inside a value is written `\n`)
            let objects: Vec<&[u8]> = lines
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .collect();
            out.write_all(b"[\n")?;
            out.write_all(&objects.join(&b",\n"[..]))?;
            out.write_all(if objects.is_empty() { b"]\n" } else { b"\n]\n" })?;
        }
        Format::Jsonl => {
            for h in held {
                write_tagged(out, tag, h)?;
            }
        }
        _ => output::write(&one_table(tag, held), options, out)?,
    }
    Ok(())
}

/// Writes the rows of one result as JSON Lines, each object tagged with its query under `tag`;
/// an `explain` is one object holding its text.
fn write_tagged(out: &mut dyn Write, tag: &str, held: &Held) -> Result<()> {
    match &held.outcome {
        Outcome::Rows(rs) => output::write_jsonl_tagged(rs, tag, &held.tag, out),
        Outcome::Explain(text) => {
            let object = serde_json::json!({ tag: held.tag, "explain": text });
            serde_json::to_writer(&mut *out, &object)?;
            out.write_all(b"\n")?;
            Ok(())
        }
    }
}

/// The name of the column that says which query a row came from: `query`, unless a result has
/// a column of that name itself (`.sql SELECT … AS query`).
fn tag_column(held: &[Held]) -> &'static str {
    let taken = held.iter().any(
        |h| matches!(&h.outcome, Outcome::Rows(rs) if rs.columns.iter().any(|c| c == "query")),
    );
    if taken { "qawl_query" } else { "query" }
}

/// The results of `held` as one table: the tag column, then every column in the order it first
/// appears; a column a result does not have is NULL in its rows.
fn one_table(tag: &str, held: &[Held]) -> ResultSet {
    let explain = [String::from("explain")];
    let columns_of = |h: &Held| match &h.outcome {
        Outcome::Rows(rs) => rs.columns.clone(),
        Outcome::Explain(_) => explain.to_vec(),
    };
    let mut columns: Vec<String> = Vec::new();
    for h in held {
        for c in columns_of(h) {
            if !columns.contains(&c) {
                columns.push(c);
            }
        }
    }
    let mut rows = Vec::new();
    for h in held {
        let own = columns_of(h);
        let place: Vec<usize> = own
            .iter()
            .map(|c| columns.iter().position(|u| u == c).unwrap_or(0))
            .collect();
        let cells: Vec<Vec<Cell>> = match &h.outcome {
            Outcome::Rows(rs) => rs.rows.clone(),
            Outcome::Explain(text) => vec![vec![Cell::Text(text.clone())]],
        };
        for cells in cells {
            let mut row = vec![Cell::Null; columns.len() + 1];
            row[0] = Cell::Text(h.tag.clone());
            for (cell, &i) in cells.into_iter().zip(&place) {
                row[i + 1] = cell;
            }
            rows.push(row);
        }
    }
    let mut all = vec![tag.to_string()];
    all.extend(columns);
    ResultSet { columns: all, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str, name: Option<&str>) -> Statement {
        Statement {
            text: text.into(),
            line: 1,
            name: name.map(str::to_string),
            description: None,
        }
    }

    fn speakers() -> Outcome {
        Outcome::Rows(ResultSet {
            columns: vec!["speaker".into(), "verb".into()],
            rows: vec![
                vec![Cell::Text("وائل علوان".into()), Cell::Text("denied".into())],
                vec![Cell::Text("حمزة بيرقدار".into()), Cell::Text("said".into())],
            ],
        })
    }

    fn counts() -> Outcome {
        Outcome::Rows(ResultSet {
            columns: vec!["verb".into(), "count".into()],
            rows: vec![vec![Cell::Text("denied".into()), Cell::Int(2)]],
        })
    }

    /// What a series of `results` writes in `format`.
    fn written(format: Format, bom: bool, results: &[(Statement, Outcome)]) -> String {
        let options = Options {
            format,
            bom,
            ..Options::default()
        };
        let mut out = Vec::new();
        let mut series = Series::new();
        for (q, outcome) in results {
            series.write(&mut out, &options, q, true, outcome).unwrap();
        }
        series.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn two() -> Vec<(Statement, Outcome)> {
        vec![
            (
                query("statements show speaker, verb", Some("who")),
                speakers(),
            ),
            (query("count statements\n  by verb", None), counts()),
        ]
    }

    #[test]
    fn several_csv_results_are_one_table_with_a_query_column() {
        assert_eq!(
            written(Format::Csv, true, &two()),
            "\u{FEFF}query,speaker,verb,count\r\n\
             who,وائل علوان,denied,\r\n\
             who,حمزة بيرقدار,said,\r\n\
             count statements by verb,,denied,2\r\n"
        );
    }

    #[test]
    fn several_tsv_results_without_header_still_name_their_query() {
        let options = Options {
            format: Format::Tsv,
            header: false,
            ..Options::default()
        };
        let mut out = Vec::new();
        let mut series = Series::new();
        for (q, outcome) in two() {
            series
                .write(&mut out, &options, &q, true, &outcome)
                .unwrap();
        }
        series.finish(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "who\tوائل علوان\tdenied\t\nwho\tحمزة بيرقدار\tsaid\t\ncount statements by verb\t\tdenied\t2\n"
        );
    }

    #[test]
    fn one_result_is_written_as_qawl_query_writes_it() {
        let one = &two()[..1];
        assert_eq!(
            written(Format::Csv, false, one),
            "speaker,verb\r\nوائل علوان,denied\r\nحمزة بيرقدار,said\r\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(&written(Format::Json, false, one)).unwrap();
        assert_eq!(
            json[0],
            serde_json::json!({"speaker": "وائل علوان", "verb": "denied"})
        );
        assert!(!written(Format::Jsonl, false, one).contains("query"));
        assert_eq!(written(Format::Csv, false, &[]), "");
    }

    #[test]
    fn several_json_results_are_one_array_with_a_query_field_first() {
        let text = written(Format::Json, false, &two());
        let parsed: serde_json::Value = serde_json::from_str(&text).expect(&text);
        assert_eq!(
            parsed,
            serde_json::json!([
                {"query": "who", "speaker": "وائل علوان", "verb": "denied"},
                {"query": "who", "speaker": "حمزة بيرقدار", "verb": "said"},
                {"query": "count statements by verb", "verb": "denied", "count": 2}
            ])
        );
        assert!(text.starts_with("[\n{\"query\":\"who\","), "{text}");
    }

    #[test]
    fn several_jsonl_results_tag_every_line() {
        let text = written(Format::Jsonl, false, &two());
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect(l))
            .collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[2]["query"], "count statements by verb");
        assert_eq!(lines[2]["count"], 2);
    }

    #[test]
    fn results_without_rows_keep_the_document_valid() {
        let empty = Outcome::Rows(ResultSet {
            columns: vec!["n".into()],
            rows: Vec::new(),
        });
        let results = vec![(query("a", None), empty.clone()), (query("b", None), empty)];
        assert_eq!(written(Format::Json, false, &results), "[\n]\n");
        assert_eq!(written(Format::Csv, false, &results), "query,n\r\n");
        assert_eq!(written(Format::Jsonl, false, &results), "");
    }

    #[test]
    fn an_explain_among_several_is_a_row_with_its_text() {
        let results = vec![
            (
                query("explain statements", None),
                Outcome::Explain("SELECT 1\n".into()),
            ),
            (query("count statements by verb", None), counts()),
        ];
        let text = written(Format::Csv, false, &results);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap(),
            vec!["query", "explain", "verb", "count"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(&rows[0][1], "SELECT 1\n");
        let json: serde_json::Value =
            serde_json::from_str(&written(Format::Json, false, &results)).unwrap();
        assert_eq!(json[0]["explain"], "SELECT 1\n");
    }

    #[test]
    fn a_result_with_its_own_query_column_moves_the_tag_aside() {
        let own = Outcome::Rows(ResultSet {
            columns: vec!["query".into()],
            rows: vec![vec![Cell::Text("x".into())]],
        });
        let results = vec![(query("sql", None), own), (query("count", None), counts())];
        let text = written(Format::Csv, false, &results);
        assert!(
            text.starts_with("qawl_query,query,verb,count\r\nsql,x,,\r\n"),
            "{text}"
        );
    }

    #[test]
    fn views_are_written_as_they_come_and_end_the_held_exports() {
        let options = |format| Options {
            format,
            ..Options::default()
        };
        let mut out = Vec::new();
        let mut series = Series::new();
        let (q, outcome) = &two()[1];
        series
            .write(&mut out, &options(Format::Csv), q, true, outcome)
            .unwrap();
        assert!(out.is_empty() && series.is_pending());
        let mut preview = Vec::new();
        series.preview(&mut preview).unwrap();
        assert_eq!(
            String::from_utf8(preview).unwrap(),
            "verb,count\r\ndenied,2\r\n"
        );
        series
            .write(&mut out, &options(Format::Markdown), q, true, outcome)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("verb,count\r\ndenied,2\r\n\n### count statements by verb\n"),
            "{text}"
        );
        assert!(!series.is_pending());
    }
}
