//! The vertical view (`line`, the sqlite3 shell's `.mode line`): one `field = value` line a
//! column, records separated by a blank line, so long Arabic content gets the screen's width.
//!
//! Names are right-aligned as sqlite3 does. On a screen of known width a long value wraps
//! under itself; every line of a right-to-left value is isolated, as in the table view.

use super::table::screen_text;
use super::width::{self, isolate, wrap};
use super::{Options, ResultSet};
use crate::error::Result;
use std::io::Write;

/// Writes `rs` one field a line; NULL is an empty value (or what `options.null` says).
pub fn write(rs: &ResultSet, options: &Options, out: &mut dyn Write) -> Result<()> {
    let names: Vec<String> = rs.columns.iter().map(|c| screen_text(c)).collect();
    let name_width = names.iter().map(|n| width::width(n)).max().unwrap_or(0);
    // what is left of the screen after `name = `
    let indent = name_width + 3;
    let room = options
        .table
        .width
        .map(|w| usize::from(w).saturating_sub(indent).max(20));
    for (i, row) in rs.rows.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        for (name, cell) in names.iter().zip(row) {
            let pieces = value_lines(&screen_text(&cell.text_or(&options.null)), room);
            let lead = " ".repeat(name_width.saturating_sub(width::width(name)));
            for (j, piece) in pieces.iter().enumerate() {
                let piece = isolate(piece);
                match (j, piece.is_empty()) {
                    (0, true) => writeln!(out, "{lead}{name} =")?,
                    (0, false) => writeln!(out, "{lead}{name} = {piece}")?,
                    _ => writeln!(out, "{:indent$}{piece}", "")?,
                }
            }
        }
    }
    Ok(())
}

/// The lines of a value: its own lines, each wrapped to `room` columns when that is known.
fn value_lines(text: &str, room: Option<usize>) -> Vec<String> {
    text.split('\n')
        .flat_map(|line| match room {
            Some(room) => wrap(line, room),
            None => vec![line.to_string()],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, Format, TableOptions};
    use super::*;

    fn render(rs: &ResultSet, width: Option<u16>) -> String {
        let options = Options {
            format: Format::Line,
            table: TableOptions::for_screen(width),
            ..Options::default()
        };
        let mut out = Vec::new();
        write(rs, &options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> ResultSet {
        ResultSet {
            columns: vec!["id".into(), "speaker".into(), "quote".into()],
            rows: vec![
                vec![Cell::Int(7), Cell::from("وائل علوان"), Cell::Null],
                vec![Cell::Int(8), Cell::from("ISIS"), Cell::from("لا\nنعم")],
            ],
        }
    }

    #[test]
    fn one_field_a_line_and_a_blank_line_between_records() {
        assert_eq!(
            render(&sample(), None),
            "     id = 7\n\
             speaker = \u{2068}وائل علوان\u{2069}\n\
             \x20 quote =\n\
             \n\
             \x20    id = 8\n\
             speaker = ISIS\n\
             \x20 quote = \u{2068}لا\u{2069}\n\
             \x20         \u{2068}نعم\u{2069}\n"
        );
    }

    #[test]
    fn long_values_wrap_under_themselves_within_the_screen() {
        let rs = ResultSet {
            columns: vec!["content".into()],
            rows: vec![vec![Cell::Text("لا صحة لما يتم تداوله ".repeat(20))]],
        };
        let text = render(&rs, Some(60));
        assert!(text.lines().count() > 5, "{text}");
        for (i, line) in text.lines().enumerate() {
            assert!(width::width(line) <= 60, "{line:?}");
            let value = if i == 0 {
                &line[10..]
            } else {
                line.trim_start()
            };
            assert!(
                value.starts_with('\u{2068}') && value.ends_with('\u{2069}'),
                "{line:?}"
            );
            if i > 0 {
                assert!(line.starts_with("          \u{2068}"), "{line:?}");
            }
        }
    }
}
