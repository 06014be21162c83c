//! CSV input: a header row naming the fields (any case), then one article a row.
//!
//! Quoted fields may span lines; the delimiter is `,`, or `;` or a tab when the header row
//! uses those. A row that cannot be read is reported with its line number and skipped.

use super::record::{Record, is_body_name};
use super::{Problem, Read};
use csv::{ReaderBuilder, StringRecord};

/// Reads a CSV document; articles are named `file:LINE` after the line their row starts on.
pub fn read(text: &str, path: &str) -> Read {
    // The csv crate's line numbers lag one behind after a CRLF row end; with LF only they are
    // right (and quoted bodies get LF line breaks, as the other readers give).
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => return Read::failed(row_problem(path, &e)),
    };
    if !headers.iter().any(is_body_name) {
        return Read::failed(no_body_column(path, &headers));
    }
    let mut read = Read::default();
    for row in reader.records() {
        match row {
            Ok(row) => read_row(&mut read, &headers, &row, path),
            Err(e) => read.problems.push(row_problem(path, &e)),
        }
    }
    read
}

/// Adds the article of one row, or the reason it was skipped.
fn read_row(read: &mut Read, headers: &StringRecord, row: &StringRecord, path: &str) {
    let line = row.position().map(|p| p.line() as usize);
    let name = match line {
        Some(n) => format!("{path}:{n}"),
        None => path.to_string(),
    };
    if let Some(message) = extra_fields(headers, row) {
        read.problems.push(Problem::fatal(path, line, message));
        return;
    }
    let mut record = Record::default();
    for (header, value) in headers.iter().zip(row.iter()) {
        record.set(header, value);
    }
    match record.build(name) {
        Ok((article, warning)) => {
            read.articles.push(article);
            if let Some(warning) = warning {
                read.problems.push(Problem::warning(path, line, warning));
            }
        }
        Err(message) => read.problems.push(Problem::fatal(path, line, message)),
    }
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

/// The problem for a CSV error, at the line it names.
fn row_problem(path: &str, e: &csv::Error) -> Problem {
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
fn delimiter(text: &str) -> u8 {
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
    fn bad_rows_are_reported_by_line() {
        let text = "title,body\nأ,نص\nب,نص,زائد\nج,\nد,نص آخر\n";
        let read = read(text, "b.csv");
        assert_eq!(read.articles.len(), 2);
        let lines: Vec<_> = read.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(3), Some(4)]);
    }

    #[test]
    fn a_header_without_body_is_refused() {
        let read = read("title,date\nأ,2020-01-01\n", "c.csv");
        assert!(read.articles.is_empty());
        assert!(read.problems[0].message.contains("title, date"));
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
