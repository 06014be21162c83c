//! JSON Lines and CSV streamed from a file or stdin, a part of about [`PART_BYTES`] at a time,
//! so that memory stays bounded whatever the size of the file.
//!
//! The first part that is not plain ASCII decides the encoding (as [`decode`] decides it for a
//! whole file) and the later parts are read in it; a line that does not read in it, or a line
//! (a CSV row) longer than [`MAX_FILE_BYTES`], is reported with its number and skipped, and
//! the rest goes on. Parts end at line ends; a CSV part ends at a line end outside quotes, so
//! that a quoted field spanning lines stays in one part, and each later part is read under the
//! header row of the first. A file that fits in its first part, a JSON array in a `.jsonl`
//! file and UTF-16 (whose line ends are not single bytes) are read whole, as before, up to
//! [`MAX_FILE_BYTES`].

use super::walk::{Part, Refused, open, read_bytes_in_parts, read_capped};
use super::{Format, Input, Legacy, MAX_FILE_BYTES, PART_BYTES, Problem, Read, csv, decode, jsonl};
use encoding_rs::{Encoding, UTF_8};
use std::io::{BufRead, BufReader, Read as _};
use std::ops::ControlFlow;

/// Reads the JSON Lines or CSV rows of `input` a part at a time; `name` names it in articles
/// and problems.
pub(super) fn read_streamed(
    input: &Input,
    name: &str,
    mut each: impl FnMut(Part) -> ControlFlow<()>,
) {
    let (source, size) = match open(input) {
        Ok(opened) => opened,
        Err(read) => {
            let _ = each(Part {
                read,
                ..Part::default()
            });
            return;
        }
    };
    let mut parser = Parser::new(input.format);
    let reader = BufReader::with_capacity(1 << 16, source);
    let mut lines = Lines::new(reader, MAX_FILE_BYTES, parser.quotes());
    let failed = |message: String, end: u64| Part {
        read: Read::failed(Problem::fatal(name, None, format!("{message}; skipped"))),
        end,
        size,
    };
    // junk with NUL bytes is refused before any of it is held (it may have no line ends)
    match lines.head() {
        Ok(head) if head.contains(&0) && !is_utf16(head) => {
            let message = decode(head)
                .err()
                .unwrap_or_else(|| "not a text file".into());
            let _ = each(failed(message, size));
            return;
        }
        Ok(_) => {}
        Err(e) => {
            let _ = each(failed(format!("could not read: {e}"), size));
            return;
        }
    }
    let first = match lines.part() {
        Ok(first) => first,
        Err(e) => {
            let _ = each(failed(format!("could not read: {e}"), size));
            return;
        }
    };
    let at_end = lines.at_end();
    let array = input.format == Format::Jsonl && first.bytes.trim_ascii_start().starts_with(b"[");
    if at_end || is_utf16(&first.bytes) || array {
        read_whole(first, lines, at_end, input.format, name, each);
        return;
    }
    let decoded = match decode(&first.bytes) {
        Ok(decoded) => decoded,
        Err(message) => {
            let _ = each(failed(message, size));
            return;
        }
    };
    let mut encoding = decoded.encoding;
    // a start in plain ASCII says nothing of the encoding: the first part that is not decides
    let mut settled = !first.bytes.is_ascii();
    let mut read = parser.read(&decoded, name, 1);
    read.problems.extend(first.skipped(name));
    read.problems.sort_by_key(|p| p.line);
    read.encoding = decoded.legacy().map(|encoding| Legacy {
        path: name.to_string(),
        encoding,
    });
    let size = size.max(first.end);
    let first = Part {
        read,
        end: first.end,
        size,
    };
    if each(first).is_break() || !parser.goes_on() {
        return;
    }
    loop {
        let part = match lines.part() {
            Ok(part) if part.bytes.is_empty() => return,
            Ok(part) => part,
            Err(e) => {
                let problem = Problem::fatal(
                    name,
                    Some(lines.line),
                    format!("could not read: {e}; the rest of the file was skipped"),
                );
                let _ = each(Part {
                    read: Read::failed(problem),
                    end: size,
                    size,
                });
                return;
            }
        };
        let mut legacy = None;
        if !settled && !part.bytes.is_ascii() {
            settled = true;
            if let Ok(decoded) = decode(&part.bytes) {
                encoding = decoded.encoding;
                legacy = decoded.legacy().map(|encoding| Legacy {
                    path: name.to_string(),
                    encoding,
                });
            }
        }
        let (text, mut problems) = part.decoded(encoding, name);
        let mut read = parser.read(&text, name, part.first_line);
        read.encoding = legacy;
        problems.append(&mut read.problems);
        problems.sort_by_key(|p| p.line);
        read.problems = problems;
        let end = part.end;
        if each(Part {
            read,
            end,
            size: size.max(end),
        })
        .is_break()
        {
            return;
        }
    }
}

/// How the text of each part becomes articles.
enum Parser {
    Jsonl,
    /// CSV: each part after the first is read under the header row of the first.
    Csv(Header),
}

/// The header row of a CSV file read in parts.
enum Header {
    /// The first part is still to be read.
    Unread,
    /// The header row, as written (line end included), and the number of the line the next
    /// part starts on, counted as [`csv::line_ends`] counts lines.
    Read { row: String, next_line: usize },
    /// The file was refused (no body column, …): its other parts are not read.
    Refused,
}

impl Parser {
    fn new(format: Format) -> Self {
        match format {
            Format::Csv => Parser::Csv(Header::Unread),
            _ => Parser::Jsonl,
        }
    }

    /// Whether the parts are cut between CSV rows rather than at any line end.
    fn quotes(&self) -> Option<Quotes> {
        matches!(self, Parser::Csv(_)).then(Quotes::default)
    }

    /// False once the rest of the file is not to be read.
    fn goes_on(&self) -> bool {
        !matches!(self, Parser::Csv(Header::Refused))
    }

    /// The articles and problems of one part's text, whose first line is `first_line` of the
    /// file.
    fn read(&mut self, text: &str, name: &str, first_line: usize) -> Read {
        let header = match self {
            Parser::Jsonl => return jsonl::read_lines_from(text, name, first_line),
            Parser::Csv(header) => header,
        };
        let text = csv::line_ends(text);
        let lines = text.matches('\n').count();
        match header {
            Header::Unread => {
                let (read, row) = csv::read_first(&text, name);
                *header = match row {
                    Some(row) => Header::Read {
                        row,
                        next_line: 1 + lines,
                    },
                    None => Header::Refused,
                };
                read
            }
            Header::Read { row, next_line } => {
                let read = csv::read_rest(row, &text, name, *next_line);
                *next_line += lines;
                read
            }
            Header::Refused => Read::default(),
        }
    }
}

/// True when `bytes` start with a UTF-16 byte-order mark.
fn is_utf16(bytes: &[u8]) -> bool {
    Encoding::for_bom(bytes).is_some_and(|(encoding, _)| encoding != UTF_8)
}

/// Reads the file whole from what `first` holds: it all, when `at_end`; else the rest too, up
/// to [`MAX_FILE_BYTES`].
fn read_whole(
    first: Chunk,
    lines: Lines<impl BufRead>,
    at_end: bool,
    format: Format,
    name: &str,
    mut each: impl FnMut(Part) -> ControlFlow<()>,
) {
    let mut skipped = first.skipped(name);
    let mut bytes = first.bytes;
    if !at_end {
        let rest = MAX_FILE_BYTES.saturating_sub(bytes.len() as u64);
        let problem = match read_capped(lines.reader.take(rest + 1)) {
            Ok(more) if (bytes.len() + more.len()) as u64 <= MAX_FILE_BYTES => {
                bytes.extend(more);
                None
            }
            Ok(_) | Err(Refused::TooBig) => Some(super::walk::too_big(name)),
            Err(Refused::Io(e)) => Some(Problem::fatal(
                name,
                None,
                format!("could not read: {e}; skipped"),
            )),
            Err(Refused::NotRegular(_)) => {
                Some(Problem::fatal(name, None, "not a regular file; skipped"))
            }
        };
        if let Some(problem) = problem {
            let read = Read::failed(problem);
            let _ = each(Part {
                read,
                ..Part::default()
            });
            return;
        }
    }
    read_bytes_in_parts(&bytes, format, name, |mut part| {
        if !skipped.is_empty() {
            part.read.problems.append(&mut skipped);
            part.read.problems.sort_by_key(|p| p.line);
        }
        each(part)
    });
}

/// The lines of a source, read a part at a time.
struct Lines<R> {
    reader: R,
    /// The number of the next line.
    line: usize,
    /// The bytes read so far.
    consumed: u64,
    /// The longest line (CSV row) kept, in bytes; a longer one is skipped.
    longest: u64,
    /// For CSV: where quoted fields open and close, so that parts end between rows.
    quotes: Option<Quotes>,
}

/// A part of a source: whole lines, and the numbers of those too long to keep (each left as an
/// empty line, so that the others keep their numbers).
struct Chunk {
    bytes: Vec<u8>,
    first_line: usize,
    too_long: Vec<usize>,
    /// The bytes of the source up to the end of this part.
    end: u64,
    /// True for CSV rows, which may span lines.
    rows: bool,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R, longest: u64, quotes: Option<Quotes>) -> Self {
        Lines {
            reader,
            line: 1,
            consumed: 0,
            longest,
            quotes,
        }
    }

    /// The first bytes of the source, without reading past them.
    fn head(&mut self) -> std::io::Result<&[u8]> {
        self.reader.fill_buf()
    }

    /// True when the source has nothing more.
    fn at_end(&mut self) -> bool {
        self.reader.fill_buf().map_or(true, <[u8]>::is_empty)
    }

    /// True while a CSV quoted field is open.
    fn in_quotes(&self) -> bool {
        self.quotes.as_ref().is_some_and(Quotes::in_quotes)
    }

    /// The next whole lines (CSV rows), at least [`PART_BYTES`] of them unless the source
    /// ends first (nothing at its end).
    fn part(&mut self) -> std::io::Result<Chunk> {
        let mut chunk = Chunk {
            bytes: Vec::new(),
            first_line: self.line,
            too_long: Vec::new(),
            end: self.consumed,
            rows: self.quotes.is_some(),
        };
        // where the row being read starts in the part, and its line
        let (mut row, mut row_line) = (0, self.line);
        while chunk.bytes.len() < PART_BYTES || self.in_quotes() {
            let start = chunk.bytes.len();
            let n = (&mut self.reader)
                .take(self.longest + 1)
                .read_until(b'\n', &mut chunk.bytes)?;
            if n == 0 {
                break;
            }
            self.consumed += n as u64;
            if let Some(quotes) = &mut self.quotes {
                quotes.scan(&chunk.bytes[start..]);
            }
            let ended = chunk.bytes.last() == Some(&b'\n');
            if ended {
                self.line += 1;
            }
            let whole = ended && !self.in_quotes();
            if !whole && (chunk.bytes.len() - row) as u64 > self.longest {
                // too long to keep: left out, its line ends kept so the rows after keep their numbers
                let mut lines = chunk.bytes[row..].iter().filter(|&&b| b == b'\n').count();
                let (skipped, more) = self.skip_row()?;
                self.consumed += skipped;
                self.line += more;
                lines += more;
                chunk.bytes.truncate(row);
                chunk.bytes.resize(row + lines.max(1), b'\n');
                chunk.too_long.push(row_line);
            }
            if chunk.bytes.last() == Some(&b'\n') && !self.in_quotes() {
                (row, row_line) = (chunk.bytes.len(), self.line);
            }
        }
        chunk.end = self.consumed;
        Ok(chunk)
    }

    /// Reads past the rest of the current line (CSV row); returns how many bytes that was and
    /// how many line ends.
    fn skip_row(&mut self) -> std::io::Result<(u64, usize)> {
        let (mut skipped, mut lines) = (0, 0);
        loop {
            let buffer = self.reader.fill_buf()?;
            if buffer.is_empty() {
                return Ok((skipped, lines));
            }
            let mut used = buffer.len();
            let mut ended = false;
            for (i, &b) in buffer.iter().enumerate() {
                if let Some(quotes) = &mut self.quotes {
                    quotes.step(b);
                }
                if b == b'\n' {
                    lines += 1;
                    if !self.quotes.as_ref().is_some_and(Quotes::in_quotes) {
                        (used, ended) = (i + 1, true);
                        break;
                    }
                }
            }
            self.reader.consume(used);
            skipped += used as u64;
            if ended {
                return Ok((skipped, lines));
            }
        }
    }
}

/// Where CSV quoted fields open and close, read as the csv crate reads them: a quote opens a
/// quoted field only at the start of a field, and `""` inside one is a quote. The delimiter
/// is the one the first line uses most (see [`csv`]); quotes and delimiters are ASCII, so
/// the bytes of any encoding qawl streams can be scanned for them.
#[derive(Debug, Default)]
struct Quotes {
    /// The delimiter, once the first line has been read.
    delimiter: Option<u8>,
    /// Inside a quoted field (or just after the quote that may close it).
    open: bool,
    /// The last byte was a quote inside a quoted field: it closes the field unless the next
    /// byte is a quote too.
    quote: bool,
    /// The next byte is not the first of a field.
    inside_field: bool,
}

impl Quotes {
    /// True while a quoted field is open.
    fn in_quotes(&self) -> bool {
        self.open && !self.quote
    }

    /// Reads one line of the source (its end included, if it has one).
    fn scan(&mut self, line: &[u8]) {
        if self.delimiter.is_none() {
            self.delimiter = Some(csv::delimiter(&String::from_utf8_lossy(line)));
        }
        let mut rest = line;
        while let Some((&b, after)) = rest.split_first() {
            if self.in_quotes() {
                // inside a quoted field only a quote counts
                let Some(at) = rest.iter().position(|&b| b == b'"') else {
                    return;
                };
                self.quote = true;
                rest = &rest[at + 1..];
            } else {
                self.step(b);
                rest = after;
            }
        }
    }

    /// Reads one byte.
    fn step(&mut self, b: u8) {
        if self.open {
            if !self.quote {
                self.quote = b == b'"';
                return;
            }
            self.quote = false;
            if b == b'"' {
                return;
            }
            // the quote before closed the field; this byte follows it
            self.open = false;
        }
        match b {
            b'"' if !self.inside_field => (self.open, self.inside_field) = (true, true),
            b'\n' | b'\r' => self.inside_field = false,
            b => self.inside_field = Some(b) != self.delimiter,
        }
    }
}

impl Chunk {
    /// The problems for the lines left out for their length.
    fn skipped(&self, name: &str) -> Vec<Problem> {
        let mib = MAX_FILE_BYTES / (1024 * 1024);
        let message = match self.rows {
            false => format!(
                "the line is longer than {mib} MiB, more than one article holds; it was skipped"
            ),
            true => format!(
                "the row that starts on this line is longer than {mib} MiB, more than one \
                 article holds (if it should not be, a quote opened here may never be \
                 closed); it was skipped"
            ),
        };
        let problem = |&line: &usize| Problem::fatal(name, Some(line), message.clone());
        self.too_long.iter().map(problem).collect()
    }

    /// The text of the part in `encoding`, and the problems for its lines that do not read in
    /// it (each left as an empty line) and those too long to keep.
    fn decoded(&self, encoding: &'static Encoding, name: &str) -> (String, Vec<Problem>) {
        let mut problems = self.skipped(name);
        if let Some(text) = in_encoding(encoding, &self.bytes) {
            return (text, problems);
        }
        let mut text = String::with_capacity(self.bytes.len());
        for (i, line) in self.bytes.split_inclusive(|&b| b == b'\n').enumerate() {
            match in_encoding(encoding, line) {
                Some(line) => text.push_str(&line),
                None => {
                    text.push('\n');
                    let message = format!(
                        "the line does not read as {}, the encoding of the file's start; it \
                         was skipped",
                        encoding.name()
                    );
                    problems.push(Problem::fatal(name, Some(self.first_line + i), message));
                }
            }
        }
        (text, problems)
    }
}

/// `bytes` read in `encoding`, if they read cleanly (no NUL character either).
fn in_encoding(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    (!text.contains('\0')).then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_hold_whole_lines_and_a_line_too_long_is_left_out_by_number() {
        let text = format!(
            "{}\n{}\nقصير\n{}",
            "أ".repeat(10),
            "ب".repeat(50),
            "ج".repeat(8)
        );
        let mut lines = Lines::new(BufReader::with_capacity(8, text.as_bytes()), 40, None);
        let chunk = lines.part().unwrap();
        assert_eq!(chunk.too_long, [2]);
        let kept = String::from_utf8(chunk.bytes).unwrap();
        assert_eq!(
            kept,
            format!("{}\n\nقصير\n{}", "أ".repeat(10), "ج".repeat(8))
        );
        assert_eq!(chunk.end, text.len() as u64);
        assert!(lines.at_end());
    }

    #[test]
    fn a_file_that_opens_in_ascii_takes_the_encoding_of_its_first_arabic_part() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("late.jsonl");
        let mut bytes = Vec::new();
        while bytes.len() < 2 * super::super::PART_BYTES {
            bytes.extend(b"{\"title\": \"plain\", \"body\": \"ascii only\"}\n");
        }
        let ascii_lines = bytes.len() / 45;
        let body = "قال المتحدث إن الهدنة صامدة في المدينة";
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(body);
        bytes.extend(b"{\"title\": \"t\", \"body\": \"");
        bytes.extend(cp1256.iter());
        bytes.extend(b"\"}\n");
        std::fs::write(&path, &bytes).unwrap();
        let input = Input {
            path,
            format: Format::Jsonl,
        };
        let (mut bodies, mut problems, mut legacy) = (Vec::new(), Vec::new(), Vec::new());
        read_streamed(&input, "late.jsonl", |part| {
            bodies.extend(part.read.articles.into_iter().map(|a| a.body));
            problems.extend(part.read.problems);
            legacy.extend(part.read.encoding);
            ControlFlow::Continue(())
        });
        assert!(problems.is_empty(), "{problems:?}");
        assert!(bodies.len() > ascii_lines / 2);
        assert_eq!(bodies.last().map(String::as_str), Some(body));
        assert_eq!(legacy.len(), 1);
    }

    /// What reading `bytes` as the file `name` in parts gives, and the number of parts.
    fn streamed(bytes: &[u8], name: &str, format: Format) -> (Read, usize) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (mut read, mut parts) = (Read::default(), 0);
        read_streamed(&Input { path, format }, name, |part| {
            parts += 1;
            read.articles.extend(part.read.articles);
            read.problems.extend(part.read.problems);
            read.encoding = read.encoding.take().or(part.read.encoding);
            ControlFlow::Continue(())
        });
        (read, parts)
    }

    /// A CSV file of more than two parts: CRLF line ends, bodies quoted over several lines
    /// with commas and doubled quotes in them, a row with a field too many, one without a body.
    fn big_csv() -> String {
        let mut text = String::from("title,body,date\r\n");
        let mut i = 0;
        while text.len() < 2 * PART_BYTES + 1000 {
            i += 1;
            let row = match i % 97 {
                5 => format!("خبر {i},نص,زائد\r\n"),
                6 => format!("خبر {i},,2020-01-01\r\n"),
                _ => format!(
                    "خبر {i},\"قال المتحدث، في بيان، إن \"\"الهدنة\"\" صامدة.\r\n\r\nوأضاف أن \
                     اليوم {i} هادئ.\",2020-01-{:02}\r\n",
                    i % 28 + 1
                ),
            };
            text.push_str(&row);
        }
        text
    }

    #[test]
    fn a_csv_file_in_parts_gives_what_the_whole_file_gives() {
        let text = big_csv();
        let whole = csv::read(&text, "big.csv");
        let (read, parts) = streamed(text.as_bytes(), "big.csv", Format::Csv);
        assert!(parts > 2, "{parts}");
        assert!(whole.articles.len() > 1000);
        assert_eq!(read.articles, whole.articles);
        assert_eq!(read.problems, whole.problems);
        assert!(read.problems.len() > 10, "{:?}", read.problems);
    }

    #[test]
    fn a_quote_left_open_in_a_big_csv_file_is_reported_where_it_opens() {
        let mut text = big_csv();
        let line = text.matches('\n').count() + 1;
        text.push_str("مفتوح,\"نص لا يغلق\r\nتال,نص\r\n");
        let whole = csv::read(&text, "open.csv");
        let (read, _) = streamed(text.as_bytes(), "open.csv", Format::Csv);
        assert_eq!(read, whole);
        let last = read.problems.last().unwrap();
        assert_eq!(last.line, Some(line));
        assert!(
            last.message.starts_with("unterminated quoted field"),
            "{last}"
        );
    }

    #[test]
    fn a_big_csv_file_in_windows_1256_is_read_in_it() {
        let text = big_csv();
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&text);
        let (read, parts) = streamed(&bytes, "old.csv", Format::Csv);
        assert!(parts > 1);
        assert_eq!(read.articles, csv::read(&text, "old.csv").articles);
        assert_eq!(read.encoding.map(|e| e.encoding), Some("windows-1256"));
    }

    #[test]
    fn a_csv_row_too_long_to_keep_is_left_out_by_its_first_line() {
        let long = "ب".repeat(30);
        let text =
            format!("title,body\nأ,قصير\nب,\"{long}\n{long}\"\"\n{long}\"\nج,\"\"\"\"\nد,قصير\n");
        let reader = BufReader::with_capacity(8, text.as_bytes());
        let mut lines = Lines::new(reader, 80, Some(Quotes::default()));
        let chunk = lines.part().unwrap();
        assert_eq!(chunk.too_long, [3]);
        let kept = String::from_utf8(chunk.bytes).unwrap();
        assert_eq!(kept, "title,body\nأ,قصير\n\n\n\nج,\"\"\"\"\nد,قصير\n");
        assert!(lines.at_end());
    }

    #[test]
    fn a_line_in_another_encoding_is_skipped_by_number() {
        let mut bytes = "{\"body\": \"نص\"}\n".as_bytes().to_vec();
        bytes.extend(b"{\"body\": \"\xc7\xe1\"}\n{\"body\": \"x\"}\n");
        let chunk = Chunk {
            bytes,
            first_line: 7,
            too_long: Vec::new(),
            end: 0,
            rows: false,
        };
        let (text, problems) = chunk.decoded(UTF_8, "a.jsonl");
        assert_eq!(text, "{\"body\": \"نص\"}\n\n{\"body\": \"x\"}\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(8));
        assert!(problems[0].message.contains("UTF-8"), "{}", problems[0]);
    }
}
