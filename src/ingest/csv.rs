//! CSV input: a header row naming the fields (any case), then one article a row.
//!
//! Quoted fields may span lines; the delimiter is `,`, or `;` or a tab when the header row
//! uses those. A row that cannot be read is reported with its line number and skipped; a
//! quoted field that is never closed (which swallows the rest of the file) is reported where
//! it opens. A big file is read in parts cut between rows ([`super::stream`]): the first part
//! is read as a whole file is ([`read_first`]), and each later one under the header row of
//! the first ([`read_rest`]), its lines numbered as in the file.

use super::record::{Record, is_body_name};
use super::{Problem, Read};
use csv::{ReaderBuilder, StringRecord};
use std::borrow::Cow;

/// Reads a CSV document; articles are named `file:LINE` after the line their row starts on.
pub fn read(text: &str, path: &str) -> Read {
    read_first(&line_ends(text), path).0
}

/// `text` with every line end a `\n`. The csv crate's line numbers lag one behind after a CRLF
/// row end; with LF only they are right (and quoted bodies get LF line breaks, as the other
/// readers give). A lone `\r` ends a line too.
pub(super) fn line_ends(text: &str) -> Cow<'_, str> {
    match text.contains('\r') {
        true => Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")),
        false => Cow::Borrowed(text),
    }
}

/// Reads the start of a CSV document (or all of it), its line ends `\n` ([`line_ends`]); gives
/// the header row as it is written, line end included, when it names a body column.
pub(super) fn read_first(text: &str, path: &str) -> (Read, Option<String>) {
    let delimiter = delimiter(text);
    let open_quote = unterminated_quote(text, delimiter);
    let mut reader = reader(text, delimiter);
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => return (Read::failed(header_problem(path, &e)), None),
    };
    let header_end = (reader.position().byte() as usize).min(text.len());
    // the header row itself ran to the end of the file
    let at_end = header_end >= text.len();
    if let Some(line) = open_quote.filter(|_| at_end) {
        return (Read::failed(unterminated(path, line)), None);
    }
    if !headers.iter().any(is_body_name) {
        return (Read::failed(no_body_column(path, &headers)), None);
    }
    let rows = Rows {
        path,
        text,
        headers: &headers,
        lines_before: 0,
    };
    let read = rows.read(reader, open_quote, true);
    let mut header = text[..header_end].to_string();
    if !header.ends_with('\n') {
        header.push('\n');
    }
    (read, Some(header))
}

/// Reads rows that follow `header` (as [`read_first`] gave it) in a document, the first of them
/// on line `first_line`; their line ends `\n`.
pub(super) fn read_rest(header: &str, text: &str, path: &str, first_line: usize) -> Read {
    let whole = format!("{header}{text}");
    let delimiter = delimiter(header);
    let mut reader = reader(&whole, delimiter);
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => return Read::failed(header_problem(path, &e)),
    };
    let header_lines = header.matches('\n').count();
    let rows = Rows {
        path,
        text: &whole,
        headers: &headers,
        lines_before: first_line.saturating_sub(1 + header_lines),
    };
    let open_quote = unterminated_quote(text, delimiter).map(|line| line + first_line - 1);
    rows.read(reader, open_quote, false)
}

/// A csv reader over `text`.
fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The rows of one part of a document, under its header row.
struct Rows<'a> {
    path: &'a str,
    /// The text the csv reader reads.
    text: &'a str,
    headers: &'a StringRecord,
    /// The lines of the file before the part's, less the header row's: added to the csv
    /// crate's line numbers.
    lines_before: usize,
}

impl Rows<'_> {
    /// The articles of the rows after the header; `open_quote` is the file's line where a
    /// quoted field opens that the part never closes; `first` says the part is the file's
    /// first (so an empty one is a file with only a header row).
    fn read(&self, mut reader: csv::Reader<&[u8]>, open_quote: Option<usize>, first: bool) -> Read {
        let mut rows: Vec<_> = reader.records().collect();
        if rows.is_empty() && open_quote.is_none() && first {
            return Read::failed(header_only(self.path));
        }
        // the field left open runs to the end of the file: its row is the last one, and not
        // an article
        let swallowed = open_quote.filter(|_| rows.last().is_some_and(Result::is_ok));
        if swallowed.is_some() {
            rows.pop();
        }
        let mut read = Read::default();
        for row in rows {
            match row {
                Ok(row) => self.read_row(&mut read, &row),
                Err(e) => {
                    let line = e.position().map(|p| self.line(p));
                    let message = format!("could not read the row: {e}; skipped");
                    read.problems.push(Problem::fatal(self.path, line, message));
                }
            }
        }
        if let Some(line) = swallowed {
            read.problems.push(unterminated(self.path, line));
        }
        read
    }

    /// Adds the article of one row, or the reason it was skipped.
    fn read_row(&self, read: &mut Read, row: &StringRecord) {
        let path = self.path;
        let line = row.position().map(|p| self.line(p));
        let name = match line {
            Some(n) => format!("{path}:{n}"),
            None => path.to_string(),
        };
        if let Some(message) = extra_fields(self.headers, row) {
            read.problems.push(Problem::fatal(path, line, message));
            return;
        }
        let mut record = Record::default();
        for (header, value) in self.headers.iter().zip(row.iter()) {
            record.set(header, value);
        }
        match record.build(name) {
            Ok((article, warnings)) => {
                read.articles.push(article);
                for warning in warnings {
                    read.problems.push(Problem::warning(path, line, warning));
                }
            }
            Err(message) => read.problems.push(Problem::fatal(path, line, message)),
        }
    }

    /// The line of the file a row (or a row's error) at `position` starts on. The csv crate
    /// places a row where the empty lines before it start, so those are counted here.
    fn line(&self, position: &csv::Position) -> usize {
        let start = (position.byte() as usize).min(self.text.len());
        let empty = self.text.as_bytes()[start..]
            .iter()
            .take_while(|&&b| b == b'\n')
            .count();
        position.line() as usize + empty + self.lines_before
    }
}

/// The line where a quoted field opens that is never closed, if one does. Quotes count as the
/// csv crate reads them: one opens a quoted field only at the start of a field, and `""`
/// inside a quoted field is a quote.
fn unterminated_quote(text: &str, delimiter: u8) -> Option<usize> {
    let delimiter = char::from(delimiter);
    let (mut line, mut opened) = (1, 0);
    let (mut in_quotes, mut at_start) = (false, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if in_quotes {
            if c == '"' && chars.next_if_eq(&'"').is_none() {
                in_quotes = false;
            }
            continue;
        }
        match c {
            '"' if at_start => (in_quotes, opened, at_start) = (true, line, false),
            '\n' => at_start = true,
            c => at_start = c == delimiter,
        }
    }
    in_quotes.then_some(opened)
}

/// The problem for a file with a header row and nothing after it.
fn header_only(path: &str) -> Problem {
    Problem::fatal(
        path,
        None,
        "only a header row, no articles: put one row for each article below the header; skipped",
    )
}

/// The problem for a quoted field opened on `line` and never closed.
fn unterminated(path: &str, line: usize) -> Problem {
    Problem::fatal(
        path,
        Some(line),
        "unterminated quoted field: the quote opened on this line is never closed, so the \
         rest of the file ran into one field; close it (a quote inside a quoted field is \
         written twice: \"\"); the row was skipped",
    )
}

/// Why a row with more non-empty fields than the header names is refused, if it is.
fn extra_fields(headers: &StringRecord, row: &StringRecord) -> Option<String> {
    let extra = row.iter().skip(headers.len()).any(|f| !f.trim().is_empty());
    extra.then(|| {
        format!(
            "the row has {} fields but the header names {}; check its quotes \
             (a field holding a comma must be quoted); skipped",
            row.len(),
            headers.len()
        )
    })
}

/// The problem for an error in the header row.
fn header_problem(path: &str, e: &csv::Error) -> Problem {
    let line = e.position().map(|p| p.line() as usize);
    Problem::fatal(path, line, format!("could not read the row: {e}; skipped"))
}

/// The problem for a header row without a body column.
fn no_body_column(path: &str, headers: &StringRecord) -> Problem {
    let names: Vec<&str> = headers.iter().collect();
    Problem::fatal(
        path,
        Some(1),
        format!(
            "no body column: the header row names {}; name the article text column body, \
             text or content",
            if names.is_empty() {
                "nothing".to_string()
            } else {
                names.join(", ")
            }
        ),
    )
}

/// The delimiter the header row uses: `,` unless it has more `;` or tabs than commas.
pub(super) fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c| header.matches(c).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d as char), d == b','))
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_multi_line_bodies_and_header_case() {
        let text = "Title,BODY,Date\r\nعنوان,\"فقرة أولى، فيها فاصلة\n\nفقرة ثانية\",2019-05-01\nآخر,نص,\n";
        let read = read(text, "a.csv");
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.articles.len(), 2);
        assert_eq!(read.articles[0].body, "فقرة أولى، فيها فاصلة\n\nفقرة ثانية");
        assert_eq!(read.articles[1].path.as_deref(), Some("a.csv:5"));
    }

    #[test]
    fn a_header_without_rows_says_so() {
        for text in ["title,body", "title,body\n", "title;body\r\n\n\n"] {
            let read = read(text, "c.csv");
            assert!(read.articles.is_empty());
            let [problem] = read.problems.as_slice() else {
                panic!("{:?}", read.problems)
            };
            assert!(problem.fatal, "{problem}");
            assert_eq!(
                problem.to_string(),
                "c.csv: only a header row, no articles: put one row for each article below the header; skipped"
            );
        }
    }

    #[test]
    fn bad_rows_are_reported_by_line() {
        let text = "title,body\nأ,نص\nب,نص,زائد\nج,\nد,نص آخر\n";
        let read = read(text, "b.csv");
        assert_eq!(read.articles.len(), 2);
        let lines: Vec<_> = read.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(3), Some(4)]);
    }

    #[test]
    fn rows_after_empty_lines_are_named_by_their_own_line() {
        let text = "title,body\n\n\nأ,نص\r\n\r\n\r\nب,نص,زائد\n\nج,\"نص\n\nطويل\"\n";
        let read = read(text, "e.csv");
        let paths: Vec<_> = read.articles.iter().map(|a| a.path.clone()).collect();
        assert_eq!(paths, [Some("e.csv:4".into()), Some("e.csv:9".into())]);
        assert_eq!(read.problems[0].line, Some(7));
    }

    #[test]
    fn a_header_without_body_is_refused() {
        let read = read("title,date\nأ,2020-01-01\n", "c.csv");
        assert!(read.articles.is_empty());
        assert!(read.problems[0].message.contains("title, date"));
    }

    #[test]
    fn unterminated_quotes_are_found_where_they_open() {
        assert_eq!(unterminated_quote("a,b\nx,\"y\n\nz", b','), Some(2));
        assert_eq!(
            unterminated_quote("a,b\nx,\"y \"\"q\"\" \n z\"\n", b','),
            None
        );
        // a quote inside an unquoted field is just a character
        assert_eq!(unterminated_quote("a,b\nx,y\"z\n", b','), None);
        assert_eq!(unterminated_quote("a;b\nx;\"y\n", b';'), Some(2));
    }

    #[test]
    fn an_unterminated_quote_is_reported_not_as_no_body() {
        let text = "title,body\nأ,نص أول\n\"ب,نص ثان\nج,نص ثالث\n";
        let read = read(text, "q.csv");
        assert_eq!(read.articles.len(), 1);
        let [problem] = read.problems.as_slice() else {
            panic!("{:?}", read.problems)
        };
        assert_eq!(problem.line, Some(3));
        assert!(
            problem.message.starts_with("unterminated quoted field"),
            "{problem}"
        );
        let header = super::read("\"title,body\nأ,ب\n", "h.csv");
        assert!(header.problems[0].message.starts_with("unterminated"));
        assert_eq!(header.problems[0].line, Some(1));
    }

    #[test]
    fn semicolons_and_tabs() {
        assert_eq!(delimiter("title;body\n"), b';');
        assert_eq!(delimiter("title\tbody\n"), b'\t');
        assert_eq!(delimiter("body\n"), b',');
        assert_eq!(
            read("title;body\nأ;ب, ج\n", "s.csv").articles[0].body,
            "ب, ج"
        );
    }
}
