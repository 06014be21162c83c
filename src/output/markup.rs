//! Markdown (GitHub-flavoured) and HTML tables, to paste into notes, reports and pages.
//!
//! Both are exports: nothing is shortened and no bidi mark is added. Markdown pads its
//! columns to the width a terminal draws, so the source reads as a table too; HTML marks each
//! cell holding right-to-left text `dir="auto"`, which isolates it the way a browser should.

use super::width::{self, is_rtl, pad};
use super::{Options, ResultSet, strip_bidi_controls};
use crate::error::Result;
use std::io::Write;

/// Writes `rs` as a Markdown table; the header row is always there (Markdown needs one).
pub fn write_markdown(rs: &ResultSet, out: &mut dyn Write) -> Result<()> {
    let header: Vec<String> = rs.columns.iter().map(|c| markdown_text(c)).collect();
    let body: Vec<Vec<String>> = rs
        .rows
        .iter()
        .map(|row| row.iter().map(|c| markdown_text(&c.to_text())).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width::width(h).max(3)).collect();
    for row in &body {
        for (w, text) in widths.iter_mut().zip(row) {
            *w = (*w).max(width::width(text));
        }
    }
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, &w)| pad(c, w)).collect();
        format!("| {} |", padded.join(" | "))
    };
    writeln!(out, "{}", line(&header))?;
    let rules: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    writeln!(out, "{}", line(&rules))?;
    for row in &body {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// A value as one Markdown cell: `|`, `<` and `>` escaped, line breaks as `<br>`, no control
/// characters.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in strip_bidi_controls(text).chars() {
        match c {
            '|' => out.push_str("\\|"),
            // a tag in a value must not become markup where the table is shown
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes `rs` as an HTML `<table>` (a fragment to paste into a UTF-8 page).
pub fn write_html(rs: &ResultSet, options: &Options, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "<table>")?;
    if options.header {
        let cells: String = rs.columns.iter().map(|c| html_cell("th", c)).collect();
        writeln!(out, "<thead>\n<tr>{cells}</tr>\n</thead>")?;
    }
    writeln!(out, "<tbody>")?;
    for row in &rs.rows {
        let cells: String = row.iter().map(|c| html_cell("td", &c.to_text())).collect();
        writeln!(out, "<tr>{cells}</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    Ok(())
}

fn html_cell(tag: &str, text: &str) -> String {
    let text = strip_bidi_controls(text);
    let dir = if text.chars().any(is_rtl) {
        " dir=\"auto\""
    } else {
        ""
    };
    format!("<{tag}{dir}>{}</{tag}>", escape_html(&text))
}

/// Text safe inside an HTML element; line breaks become `<br>`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::Cell;
    use super::*;

    fn sample() -> ResultSet {
        ResultSet {
            columns: vec!["speaker".into(), "quote".into(), "n".into()],
            rows: vec![
                vec![
                    Cell::from("وائل علوان"),
                    Cell::from("«لا» | <b>\nنعم\u{200F}"),
                    Cell::Int(3),
                ],
                vec![Cell::from("ISIS"), Cell::Null, Cell::Int(12)],
            ],
        }
    }

    #[test]
    fn markdown_pads_by_drawn_width_and_escapes_pipes() {
        let mut out = Vec::new();
        write_markdown(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let expected = [
            "| speaker    | quote                    | n   |",
            "| ---------- | ------------------------ | --- |",
            "| وائل علوان | «لا» \\| &lt;b&gt;<br>نعم | 3   |",
            "| ISIS       |                          | 12  |",
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), expected);
        assert!(!text.contains('\u{200F}') && !text.contains('\u{2068}'));
    }

    #[test]
    fn html_escapes_and_marks_right_to_left_cells() {
        let mut out = Vec::new();
        write_html(&sample(), &Options::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("<table>\n<thead>\n<tr><th>speaker</th>"),
            "{text}"
        );
        assert!(
            text.contains("<td dir=\"auto\">«لا» | &lt;b&gt;<br>نعم</td>"),
            "{text}"
        );
        assert!(
            text.contains("<tr><td>ISIS</td><td></td><td>12</td></tr>"),
            "{text}"
        );
        assert!(text.ends_with("</tbody>\n</table>\n"));
        assert!(!text.contains('\u{200F}'));
    }
}
