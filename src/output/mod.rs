//! Rendering a [`ResultSet`] onto any `Write`: the views drawn for a terminal (table, box,
//! line), the exports (CSV, TSV, JSON, JSONL) and the tables for documents (Markdown, HTML).
//!
//! Output never sees SQL: it gets column names and cells. CSV and JSON never shorten a value;
//! the table view may, and then says so. The views drawn for a terminal measure text as the
//! terminal draws it and isolate right-to-left cells ([`width`]); exports carry no bidi mark.

mod cell;
mod csv;
mod json;
mod line;
mod markup;
mod table;
pub mod width;

pub use cell::{Cell, ColumnType};
pub use markup::escape_html;
pub use table::TableOptions;

use crate::error::Result;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

/// Named columns and rows of cells: what every query returns and every format renders.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The output formats of `--format` and `.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    /// A table drawn as the sqlite3 shell's `.mode box`.
    Box,
    /// One `field = value` line a column, a blank line between records (`.mode line`).
    Line,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Markdown,
    Html,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: [Format; 9] = [
        Self::Table,
        Self::Box,
        Self::Line,
        Self::Csv,
        Self::Tsv,
        Self::Json,
        Self::Jsonl,
        Self::Markdown,
        Self::Html,
    ];

    /// The name typed after `--format` or `.mode`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Box => "box",
            Self::Line => "line",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Json => "json",
            Self::Jsonl => "jsonl",
            Self::Markdown => "markdown",
            Self::Html => "html",
        }
    }

    /// True for the views drawn for a terminal, which no file extension asks for.
    pub fn is_view(self) -> bool {
        matches!(self, Self::Table | Self::Box | Self::Line)
    }

    /// The format a file name asks for by its extension (any case): `.csv`, `.tsv`, `.json`,
    /// `.jsonl` or `.ndjson`, `.md`, `.html` or `.htm`.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "tsv" => Some(Self::Tsv),
            "json" => Some(Self::Json),
            "jsonl" | "ndjson" => Some(Self::Jsonl),
            "md" | "markdown" => Some(Self::Markdown),
            "html" | "htm" => Some(Self::Html),
            _ => None,
        }
    }
}

/// The extensions [`Format::from_extension`] reads, as a sentence lists them.
pub const EXTENSIONS: &str = ".csv, .tsv, .json, .jsonl (or .ndjson), .md and .html";

/// The format the name of a file to write asks for: `Ok(None)` for a name without an
/// extension; for an extension qawl writes no format of (`report.xlsx`), an error naming the
/// ones it writes and `choose`, the way to pick a format anyway (`--format csv`).
pub fn file_format(
    path: &std::path::Path,
    choose: &str,
) -> std::result::Result<Option<Format>, String> {
    let Some(ext) = path.extension() else {
        return Ok(None);
    };
    match Format::from_extension(path) {
        Some(f) => Ok(Some(f)),
        None => Err(format!(
            "{}: qawl cannot write .{} files; it writes {EXTENSIONS} (a CSV with --bom opens in \
             Excel); to write this name anyway, choose the format with {choose}",
            path.display(),
            ext.to_string_lossy()
        )),
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let name = s.trim();
        let name = if name.eq_ignore_ascii_case("md") {
            "markdown"
        } else {
            name
        };
        Self::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown format `{s}`: use {}", names.join(", "))
            })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to render: the format and the options that apply to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub format: Format,
    /// Write a header row (CSV, TSV) or column names (table).
    pub header: bool,
    /// Prefix CSV/TSV with a UTF-8 byte-order mark, for Excel.
    pub bom: bool,
    /// How a missing value (NULL) shows in the table, box and line views and in CSV/TSV
    /// (`.nullvalue`): empty by default. JSON always writes `null`.
    pub null: String,
    pub table: TableOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Table,
            header: true,
            bom: false,
            null: String::new(),
            table: TableOptions::default(),
        }
    }
}

/// Writes `rs` to `out` in the chosen format.
pub fn write(rs: &ResultSet, options: &Options, out: &mut dyn Write) -> Result<()> {
    match options.format {
        Format::Table | Format::Box => table::write(rs, options, out),
        Format::Line => line::write(rs, options, out),
        Format::Csv => csv::write(rs, options, b',', out),
        Format::Tsv => csv::write(rs, options, b'\t', out),
        Format::Json => json::write_array(rs, out),
        Format::Jsonl => json::write_lines(rs, None, out),
        Format::Markdown => markup::write_markdown(rs, out),
        Format::Html => markup::write_html(rs, options, out),
    }
}

/// Writes `rs` as JSON Lines, each object starting with the field `field` naming `query`, the
/// query it came from (several results in one output).
pub fn write_jsonl_tagged(
    rs: &ResultSet,
    field: &str,
    query: &str,
    out: &mut dyn Write,
) -> Result<()> {
    json::write_lines(rs, Some((field, query)), out)
}

/// Removes bidi control marks, which must never reach an exported value.
pub fn strip_bidi_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}');
    if text.chars().any(is_control) {
        text.chars()
            .filter(|&c| !is_control(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}
