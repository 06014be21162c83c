//! Readers that turn files into articles: plain-text articles, JSON Lines, JSON and CSV.
//!
//! Ingest owns decoding (UTF-8, UTF-16 with a BOM, Windows-1256 and ISO-8859-6: [`decode`]; a
//! BOM and CRLF tolerated), the per-format readers and the
//! walk over files and folders. It never prints and never fails as a whole: every reader returns
//! the articles it could read and a list of [`Problem`]s (what went wrong, where, what to do),
//! which the command line renders. Storing the articles is not its business.

pub mod csv;
mod date;
mod decode;
pub mod jsonl;
mod record;
mod stream;
pub mod text;
mod walk;

pub use decode::{Decoded, arabic_score, decode};
pub use walk::{Discovery, Input, MAX_FILE_BYTES, Part, discover, read_input, read_input_in_parts};

use crate::model::Article;
use std::fmt;
use std::ops::ControlFlow;
use std::str::FromStr;

/// The input formats qawl reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The plain-text article format (`.txt`): headline, date line, body, trailer.
    Text,
    /// One JSON object a line (`.jsonl`, `.ndjson`).
    Jsonl,
    /// A JSON array of objects, or one object (`.json`).
    Json,
    /// CSV with a header row (`.csv`).
    Csv,
}

impl Format {
    /// Every format, in the order they are listed to users.
    pub const ALL: [Format; 4] = [Self::Text, Self::Jsonl, Self::Json, Self::Csv];

    /// The name used by `--format` and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Jsonl => "jsonl",
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }

    /// The format a file extension stands for (case-insensitive, without the dot).
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Text),
            "jsonl" | "ndjson" => Some(Self::Jsonl),
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::from_extension(s.trim().trim_start_matches('.'))
            .ok_or_else(|| format!("unknown input format `{s}`: use text, jsonl, json or csv"))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a reader could not read, or read only in part.
///
/// `fatal` means something was left out (a file, a line, a row); a warning (`fatal == false`)
/// means the article was read but a field was left empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file it concerns, as given (`-` for stdin).
    pub path: String,
    /// The 1-based line it concerns, when there is one.
    pub line: Option<usize>,
    /// What went wrong and what to do about it.
    pub message: String,
    /// True when something was skipped; false for a warning.
    pub fatal: bool,
}

impl Problem {
    /// A problem that made qawl skip a file, line or row.
    pub fn fatal(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            line,
            message: message.into(),
            fatal: true,
        }
    }

    /// A warning: the article was read, but not all of it.
    pub fn warning(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            fatal: false,
            ..Self::fatal(path, line, message)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for Problem {}

/// What reading one input gave: the articles read and the problems met on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
    /// The encoding the input was decoded from, when it was not UTF-8.
    pub encoding: Option<Legacy>,
}

/// An input read in an encoding other than UTF-8: what the ingest summary reports for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Legacy {
    /// The input, as given (`-` for stdin).
    pub path: String,
    /// The encoding's name: `windows-1256`, `ISO-8859-6`, `UTF-16LE` or `UTF-16BE`.
    pub encoding: &'static str,
}

impl fmt::Display for Legacy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: read as {} (not UTF-8)", self.path, self.encoding)
    }
}

impl Read {
    /// A read that produced nothing but one problem that stopped it.
    pub fn failed(problem: Problem) -> Self {
        Self {
            problems: vec![problem],
            ..Self::default()
        }
    }

    /// True when any problem made qawl skip something.
    pub fn has_failures(&self) -> bool {
        self.problems.iter().any(|p| p.fatal)
    }
}

/// Reads already-decoded text in `format`; `path` names it in articles and problems.
///
/// A leading byte-order mark is ignored; text with nothing but white space is an "empty file"
/// problem. Never panics and never fails as a whole.
pub fn read_str(text: &str, format: Format, path: &str) -> Read {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Read::failed(Problem::fatal(
            path,
            None,
            "empty file: there is no article in it; skipped",
        ));
    }
    match format {
        Format::Text => text::read(text, path),
        Format::Jsonl => jsonl::read_lines(text, path),
        Format::Json => jsonl::read(text, path),
        Format::Csv => csv::read(text, path),
    }
}

/// How much of a JSON Lines file one part holds, about: [`read_str_in_parts`] reads a big file
/// a part at a time, so that the articles of its start are stored (and a Ctrl-C is heard)
/// before its end is parsed.
pub const PART_BYTES: usize = 256 * 1024;

/// Reads text as [`read_str`] does, in parts: `each` gets each part's articles and problems
/// with the byte offset in `text` where the part ends, and stops the reading by returning
/// [`ControlFlow::Break`]. JSON Lines come in parts of about [`PART_BYTES`] cut at line ends,
/// lines numbered as in the whole file; every other format (and JSON Lines that hold one
/// JSON array) is one part. Together the parts hold what [`read_str`] gives.
pub fn read_str_in_parts(
    text: &str,
    format: Format,
    path: &str,
    mut each: impl FnMut(Read, usize) -> ControlFlow<()>,
) {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if format != Format::Jsonl || body.trim().is_empty() || body.trim_start().starts_with('[') {
        let _ = each(read_str(text, format, path), text.len());
        return;
    }
    let bom = text.len() - body.len();
    let (mut start, mut line) = (0, 1);
    while start < body.len() {
        let end = part_end(body, start);
        let part = &body[start..end];
        if each(jsonl::read_lines_from(part, path, line), bom + end).is_break() {
            return;
        }
        line += part.bytes().filter(|&b| b == b'\n').count();
        start = end;
    }
}

/// Where the part of `text` that starts at `start` ends: after the first line end at least
/// [`PART_BYTES`] on, or at the end of the text.
fn part_end(text: &str, start: usize) -> usize {
    let from = start + PART_BYTES;
    if from >= text.len() {
        return text.len();
    }
    match text.as_bytes()[from..].iter().position(|&b| b == b'\n') {
        Some(i) => from + i + 1,
        None => text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_display_names_path_and_line() {
        let p = Problem::fatal("a.jsonl", Some(3), "not valid JSON");
        assert_eq!(p.to_string(), "a.jsonl:3: not valid JSON");
        let p = Problem::warning("a.txt", None, "no date");
        assert_eq!(p.to_string(), "a.txt: no date");
    }

    #[test]
    fn decode_strips_the_bom_and_names_the_bad_byte() {
        assert_eq!(&*decode("\u{FEFF}خبر".as_bytes()).unwrap(), "خبر");
        let mut bytes = "خبر".as_bytes().to_vec();
        bytes.push(0xC8);
        bytes.push(b'a');
        let err = decode(&bytes).unwrap_err();
        assert!(err.contains("byte offset 6"), "{err}");
        assert!(err.contains("0xC8"), "{err}");
    }

    #[test]
    fn decode_refuses_nul_bytes_and_reads_utf16_with_a_bom() {
        assert!(decode(b"abc\0def").unwrap_err().contains("byte offset 3"));
        let decoded = decode(&[0xFF, 0xFE, b'a', 0]).unwrap();
        assert_eq!((&*decoded, decoded.legacy()), ("a", Some("UTF-16LE")));
    }

    #[test]
    fn json_lines_in_parts_give_what_the_whole_gives() {
        let mut text = String::from("\u{FEFF}");
        for i in 0..3000 {
            match i % 500 {
                7 => text.push_str("{\"body\": \n"),
                8 => text.push_str("\r\n"),
                _ => text.push_str(&format!(
                    "{{\"title\": \"خبر {i}\", \"body\": \"قال الناطق إن الهدنة صامدة في اليوم {i}.\"}}\r\n"
                )),
            }
        }
        let whole = read_str(&text, Format::Jsonl, "big.jsonl");
        let mut parts = Read::default();
        let mut ends = Vec::new();
        read_str_in_parts(&text, Format::Jsonl, "big.jsonl", |read, end| {
            parts.articles.extend(read.articles);
            parts.problems.extend(read.problems);
            ends.push(end);
            ControlFlow::Continue(())
        });
        assert_eq!(parts, whole);
        assert!(ends.len() > 1, "{ends:?}");
        assert_eq!(ends.last(), Some(&text.len()));
        assert!(ends.windows(2).all(|w| w[0] < w[1]), "{ends:?}");
    }

    #[test]
    fn reading_in_parts_stops_when_told() {
        let line = "{\"body\": \"نفى المتحدث وقوع إصابات.\"}\n";
        let text = line.repeat(2 * PART_BYTES / line.len() + 10);
        let mut seen = 0;
        read_str_in_parts(&text, Format::Jsonl, "x.jsonl", |read, _| {
            seen += read.articles.len();
            ControlFlow::Break(())
        });
        assert!(seen > 0 && seen < text.lines().count(), "{seen}");
    }

    #[test]
    fn formats_by_extension_and_name() {
        assert_eq!(Format::from_extension("NDJSON"), Some(Format::Jsonl));
        assert_eq!(Format::from_extension("md"), None);
        assert_eq!("csv".parse::<Format>(), Ok(Format::Csv));
        assert!("xml".parse::<Format>().unwrap_err().contains("text, jsonl"));
    }
}
