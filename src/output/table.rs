//! The table view (comfy-table): sized to the terminal, long values shortened with a visible
//! mark and a note under the table saying so.

use super::{Options, ResultSet};
use crate::error::Result;
use comfy_table::{ContentArrangement, Table, presets};
use std::io::Write;

/// What the table view may do to fit a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOptions {
    /// Total width in columns; `None` uses the terminal's width (or no limit when not a terminal).
    pub width: Option<u16>,
    /// Values longer than this many characters are shortened, ending in `…`.
    pub max_chars: usize,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            width: None,
            max_chars: 160,
        }
    }
}

/// The mark that ends a shortened value.
pub const SHORTENED: char = '…';

/// Cuts `text` to `max` characters (never inside a character), marking the cut.
fn shorten(text: &str, max: usize) -> Option<String> {
    let (cut, _) = text.char_indices().nth(max)?;
    Some(format!("{}{SHORTENED}", &text[..cut]))
}

/// Writes `rs` as a table, then a line with the row count and any shortening.
pub fn write(rs: &ResultSet, options: &Options, out: &mut dyn Write) -> Result<()> {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = options.table.width {
        table.set_width(width);
    }
    if options.header {
        table.set_header(&rs.columns);
    }
    let mut shortened = 0;
    for row in &rs.rows {
        table.add_row(row.iter().map(|cell| {
            let text = super::strip_bidi_controls(&cell.to_text()).into_owned();
            match shorten(&text, options.table.max_chars) {
                Some(short) => {
                    shortened += 1;
                    short
                }
                None => text,
            }
        }));
    }
    writeln!(out, "{table}")?;
    let rows = rs.rows.len();
    let mut note = format!("{rows} row{}", if rows == 1 { "" } else { "s" });
    if shortened > 0 {
        note.push_str(&format!(
            "; {shortened} value{} shortened ({SHORTENED}): use --format csv or json (.mode in the REPL) for full text",
            if shortened == 1 { "" } else { "s" }
        ));
    }
    writeln!(out, "{note}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, Format};
    use super::*;

    #[test]
    fn shorten_marks_the_cut_and_leaves_short_text() {
        assert_eq!(shorten("وائل علوان", 4).as_deref(), Some("وائل…"));
        assert_eq!(shorten("علوان", 5), None);
        assert_eq!(shorten("", 3), None);
    }

    #[test]
    fn table_says_when_it_shortened_values() {
        let rs = ResultSet {
            columns: vec!["content".into()],
            rows: vec![
                vec![Cell::Text("نفى ".repeat(100))],
                vec![Cell::Text("قال".into())],
            ],
        };
        let options = Options {
            format: Format::Table,
            table: TableOptions {
                width: Some(80),
                max_chars: 50,
            },
            ..Options::default()
        };
        let mut out = Vec::new();
        write(&rs, &options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("2 rows; 1 value shortened"), "{text}");
        assert!(text.contains('…'));
        assert!(text.contains("قال"));
    }
}
