//! JSON Lines streamed from a file or stdin, a part of about [`PART_BYTES`] at a time, so
//! that memory stays bounded whatever the size of the file.
//!
//! The first part that is not plain ASCII decides the encoding (as [`decode`] decides it for a
//! whole file) and the later parts are read in it; a line that does not read in it, or that is longer than
//! [`MAX_FILE_BYTES`], is reported with its number and skipped, and the rest goes on. A file
//! that fits in its first part, a JSON array in a `.jsonl` file and UTF-16 (whose line ends are
//! not single bytes) are read whole, as before, up to [`MAX_FILE_BYTES`].

use super::walk::{Part, Refused, open, read_bytes_in_parts, read_capped};
use super::{Format, Input, Legacy, MAX_FILE_BYTES, PART_BYTES, Problem, Read, decode, jsonl};
use encoding_rs::{Encoding, UTF_8};
use std::io::{BufRead, BufReader, Read as _};
use std::ops::ControlFlow;

/// Reads the JSON Lines of `input` a part at a time; `name` names it in articles and problems.
pub(super) fn read_jsonl(input: &Input, name: &str, mut each: impl FnMut(Part) -> ControlFlow<()>) {
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
    let mut lines = Lines::new(BufReader::with_capacity(1 << 16, source), MAX_FILE_BYTES);
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
    if at_end || is_utf16(&first.bytes) || first.bytes.trim_ascii_start().starts_with(b"[") {
        read_whole(first, lines, at_end, name, each);
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
    let mut read = jsonl::read_lines_from(&decoded, name, 1);
    read.problems.extend(first.skipped(name));
    read.problems.sort_by_key(|p| p.line);
    read.encoding = decoded.legacy().map(|encoding| Legacy {
        path: name.to_string(),
        encoding,
    });
    let size = size.max(first.end);
    if each(Part {
        read,
        end: first.end,
        size,
    })
    .is_break()
    {
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
        let mut read = jsonl::read_lines_from(&text, name, part.first_line);
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
    read_bytes_in_parts(&bytes, Format::Jsonl, name, |mut part| {
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
    /// The longest line kept, in bytes; a longer one is skipped.
    longest: u64,
}

/// A part of a source: whole lines, and the numbers of those too long to keep (each left as an
/// empty line, so that the others keep their numbers).
struct Chunk {
    bytes: Vec<u8>,
    first_line: usize,
    too_long: Vec<usize>,
    /// The bytes of the source up to the end of this part.
    end: u64,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R, longest: u64) -> Self {
        Lines {
            reader,
            line: 1,
            consumed: 0,
            longest,
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

    /// The next whole lines, at least [`PART_BYTES`] of them unless the source ends first
    /// (nothing at its end).
    fn part(&mut self) -> std::io::Result<Chunk> {
        let mut chunk = Chunk {
            bytes: Vec::new(),
            first_line: self.line,
            too_long: Vec::new(),
            end: self.consumed,
        };
        while chunk.bytes.len() < PART_BYTES {
            let start = chunk.bytes.len();
            let n = (&mut self.reader)
                .take(self.longest + 1)
                .read_until(b'\n', &mut chunk.bytes)?;
            if n == 0 {
                break;
            }
            self.consumed += n as u64;
            if n as u64 > self.longest && chunk.bytes.last() != Some(&b'\n') {
                chunk.bytes.truncate(start);
                chunk.bytes.push(b'\n');
                self.consumed += self.skip_line()?;
                chunk.too_long.push(self.line);
            }
            self.line += 1;
        }
        chunk.end = self.consumed;
        Ok(chunk)
    }

    /// Reads past the rest of the current line; returns how many bytes that was.
    fn skip_line(&mut self) -> std::io::Result<u64> {
        let mut skipped = 0;
        loop {
            let buffer = self.reader.fill_buf()?;
            if buffer.is_empty() {
                return Ok(skipped);
            }
            let (used, ended) = match buffer.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (buffer.len(), false),
            };
            self.reader.consume(used);
            skipped += used as u64;
            if ended {
                return Ok(skipped);
            }
        }
    }
}

impl Chunk {
    /// The problems for the lines left out for their length.
    fn skipped(&self, name: &str) -> Vec<Problem> {
        let message = format!(
            "the line is longer than {} MiB, more than one article holds; it was skipped",
            MAX_FILE_BYTES / (1024 * 1024)
        );
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
        let mut lines = Lines::new(BufReader::with_capacity(8, text.as_bytes()), 40);
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
        read_jsonl(&input, "late.jsonl", |part| {
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

    #[test]
    fn a_line_in_another_encoding_is_skipped_by_number() {
        let mut bytes = "{\"body\": \"نص\"}\n".as_bytes().to_vec();
        bytes.extend(b"{\"body\": \"\xc7\xe1\"}\n{\"body\": \"x\"}\n");
        let chunk = Chunk {
            bytes,
            first_line: 7,
            too_long: Vec::new(),
            end: 0,
        };
        let (text, problems) = chunk.decoded(UTF_8, "a.jsonl");
        assert_eq!(text, "{\"body\": \"نص\"}\n\n{\"body\": \"x\"}\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(8));
        assert!(problems[0].message.contains("UTF-8"), "{}", problems[0]);
    }
}
