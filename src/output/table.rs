//! The table views (`table`, `box`): sized to the screen, long values shortened with a
//! visible mark and a note under the table saying so.
//!
//! Drawn here rather than by comfy-table, which measures cells with `unicode-width`'s string
//! width (لا as one column, where terminals draw two) and wraps a cell before its lines could
//! be isolated one by one: every line of a right-to-left cell is isolated on its own (a
//! terminal applies bidi to each line), and every width is [`width::width`], what the terminal
//! draws. See [`super::width`].

use super::width::{self, isolate, pad, wrap};
use super::{Format, Options, ResultSet};
use crate::error::Result;
use std::io::Write;

/// What the table view may do to fit a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOptions {
    /// Total width in columns; `None`: no limit (not a terminal).
    pub width: Option<u16>,
    /// Values longer than this many characters are shortened, ending in `…`.
    pub max_chars: usize,
    /// Widths chosen for the first columns, in drawn columns (`.width`); 0 or none: the
    /// column's width is worked out. A longer value wraps inside its column.
    pub columns: Vec<usize>,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions {
            width: None,
            max_chars: 160,
            columns: Vec::new(),
        }
    }
}

impl TableOptions {
    /// The options for a screen `width` columns wide (`None`: unknown): values may be longer
    /// on a wider screen. A width of 0 is what a terminal reports when it does not know its
    /// size (a new pseudo-terminal, some serial consoles): unknown, not a screen to squeeze the
    /// table into.
    pub fn for_screen(width: Option<u16>) -> Self {
        let width = width.filter(|&w| w > 0);
        let max_chars = width.map_or(Self::default().max_chars, |w| {
            (usize::from(w) * 3 / 2).clamp(60, 400)
        });
        TableOptions {
            width,
            max_chars,
            columns: Vec::new(),
        }
    }
}

/// The mark that ends a shortened value.
pub const SHORTENED: char = '…';

/// The lines and corners of one table style.
struct Style {
    /// Left corner, line, crossing, right corner of the rule above the table.
    top: [char; 4],
    /// The same for the rule under the header.
    head: [char; 4],
    /// The same for the rule under the table.
    bottom: [char; 4],
    /// The outer border, and the line between two cells.
    outer: char,
    inner: char,
}

/// `table`: what qawl has always drawn (comfy-table's UTF8_FULL_CONDENSED).
const TABLE: Style = Style {
    top: ['┌', '─', '┬', '┐'],
    head: ['╞', '═', '╪', '╡'],
    bottom: ['└', '─', '┴', '┘'],
    outer: '│',
    inner: '┆',
};

/// `box`: the sqlite3 shell's `.mode box`.
const BOX: Style = Style {
    top: ['┌', '─', '┬', '┐'],
    head: ['├', '─', '┼', '┤'],
    bottom: ['└', '─', '┴', '┘'],
    outer: '│',
    inner: '│',
};

/// Cuts `text` to `max` characters (never inside a character), marking the cut.
fn shorten(text: &str, max: usize) -> Option<String> {
    let (cut, _) = text.char_indices().nth(max)?;
    Some(format!("{}{SHORTENED}", &text[..cut]))
}

/// A value as the screen shows it: no bidi controls (the view adds its own isolates), a tab
/// as a space, other control characters dropped; lines stay apart.
pub(super) fn screen_text(text: &str) -> String {
    super::strip_bidi_controls(text)
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Writes `rs` as a table, then a line with the row count and any shortening.
pub fn write(rs: &ResultSet, options: &Options, out: &mut dyn Write) -> Result<()> {
    let style = if options.format == Format::Box {
        &BOX
    } else {
        &TABLE
    };
    let mut shortened = 0;
    let body: Vec<Vec<String>> = rs
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    let text = screen_text(&cell.text_or(&options.null));
                    shorten(&text, options.table.max_chars)
                        .inspect(|_| shortened += 1)
                        .unwrap_or(text)
                })
                .collect()
        })
        .collect();
    let header: Option<Vec<String>> = options
        .header
        .then(|| rs.columns.iter().map(|c| screen_text(c)).collect());
    let widths = column_widths(header.as_ref(), &body, rs.columns.len(), &options.table);
    draw(style, header.as_ref(), &body, &widths, out)?;
    writeln!(out, "{}", note(rs.rows.len(), shortened))?;
    Ok(())
}

fn draw(
    style: &Style,
    header: Option<&Vec<String>>,
    body: &[Vec<String>],
    widths: &[usize],
    out: &mut dyn Write,
) -> Result<()> {
    if widths.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", rule(style.top, widths))?;
    if let Some(header) = header {
        row(style, header, widths, out)?;
        writeln!(out, "{}", rule(style.head, widths))?;
    }
    for cells in body {
        row(style, cells, widths, out)?;
    }
    writeln!(out, "{}", rule(style.bottom, widths))?;
    Ok(())
}

/// A rule line: `┌──┬──┐` for the given column widths (each with a space either side).
fn rule([left, line, cross, right]: [char; 4], widths: &[usize]) -> String {
    let mut out = String::new();
    out.push(left);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            out.push(cross);
        }
        out.extend(std::iter::repeat_n(line, w + 2));
    }
    out.push(right);
    out
}

/// One row of cells, as many lines as its tallest cell; each line of a cell isolated.
fn row(style: &Style, cells: &[String], widths: &[usize], out: &mut dyn Write) -> Result<()> {
    let wrapped: Vec<Vec<String>> = cells
        .iter()
        .zip(widths)
        .map(|(text, &w)| text.split('\n').flat_map(|line| wrap(line, w)).collect())
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    for i in 0..height {
        let mut line = String::new();
        line.push(style.outer);
        for (j, (pieces, &w)) in wrapped.iter().zip(widths).enumerate() {
            if j > 0 {
                line.push(style.inner);
            }
            let piece = pieces.get(i).map_or("", String::as_str);
            line.push(' ');
            line.push_str(&pad(&isolate(piece), w));
            line.push(' ');
        }
        line.push(style.outer);
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The width of each column: the one `.width` chose, else as wide as its widest line when the
/// table fits the screen; else the columns that fit an equal share of what the chosen widths
/// leave keep their width and the others share the rest.
fn column_widths(
    header: Option<&Vec<String>>,
    body: &[Vec<String>],
    columns: usize,
    options: &TableOptions,
) -> Vec<usize> {
    let chosen = |i: usize| options.columns.get(i).copied().filter(|&w| w > 0);
    let free: Vec<usize> = (0..columns).filter(|&i| chosen(i).is_none()).collect();
    if free.len() == columns {
        return natural_widths(header, body, columns, options.width);
    }
    let taken: usize = (0..columns).filter_map(chosen).sum();
    let narrow = |cells: &Vec<String>| {
        free.iter()
            .map(|&i| cells.get(i).cloned().unwrap_or_default())
            .collect()
    };
    let header_free: Option<Vec<String>> = header.map(narrow);
    let body_free: Vec<Vec<String>> = body.iter().map(narrow).collect();
    // the chosen columns' own widths and borders come off the screen first
    let screen = options.width.map(|w| {
        let used = taken + 3 * (columns - free.len());
        u16::try_from(usize::from(w).saturating_sub(used)).unwrap_or(0)
    });
    let mut shared =
        natural_widths(header_free.as_ref(), &body_free, free.len(), screen).into_iter();
    (0..columns)
        .map(|i| chosen(i).unwrap_or_else(|| shared.next().unwrap_or(0)))
        .collect()
}

/// The width of each column when none was chosen: as wide as its widest line when the table
/// fits `screen`; else the columns that fit an equal share keep their width and the others
/// share the rest.
fn natural_widths(
    header: Option<&Vec<String>>,
    body: &[Vec<String>],
    columns: usize,
    screen: Option<u16>,
) -> Vec<usize> {
    let widest = |text: &str| text.split('\n').map(width::width).max().unwrap_or(0);
    let mut natural = vec![0; columns];
    let mut least = vec![0; columns];
    for cells in header.into_iter().chain(body) {
        for (i, text) in cells.iter().enumerate().take(columns) {
            natural[i] = natural[i].max(widest(text));
        }
    }
    if let Some(header) = header {
        for (i, name) in header.iter().enumerate().take(columns) {
            least[i] = widest(name);
        }
    }
    let Some(screen) = screen else {
        return natural;
    };
    // each cell has a space either side and a line after it, and the row one line before all
    let budget = usize::from(screen).saturating_sub(3 * columns + 1);
    if natural.iter().sum::<usize>() <= budget {
        return natural;
    }
    share(&natural, &least, budget)
}

/// Shares `budget` columns: a column whose natural width is within an equal share of what is
/// left keeps it, until none does; the rest start at their `least` (the header's width) or
/// [`NARROWEST`] and share what remains evenly. Only a screen too narrow for those floors
/// gets a wider table.
fn share(natural: &[usize], least: &[usize], budget: usize) -> Vec<usize> {
    let mut widths = vec![0; natural.len()];
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut left = budget;
    loop {
        let fair = left / open.len().max(1);
        let (fit, wide): (Vec<usize>, Vec<usize>) = open.iter().partition(|&&i| natural[i] <= fair);
        if fit.is_empty() {
            break;
        }
        for &i in &fit {
            widths[i] = natural[i];
            left -= natural[i];
        }
        open = wide;
    }
    for &i in &open {
        widths[i] = least[i].max(NARROWEST).min(natural[i]);
    }
    let mut extra = left.saturating_sub(open.iter().map(|&i| widths[i]).sum());
    while extra > 0 {
        let growing: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| widths[i] < natural[i])
            .collect();
        if growing.is_empty() {
            break;
        }
        let each = (extra / growing.len()).max(1);
        for i in growing {
            let grow = each.min(natural[i] - widths[i]).min(extra);
            widths[i] += grow;
            extra -= grow;
        }
    }
    widths
}

/// The narrowest a shared column gets (unless its content is narrower).
const NARROWEST: usize = 6;

fn note(rows: usize, shortened: usize) -> String {
    let mut note = format!("{rows} row{}", if rows == 1 { "" } else { "s" });
    if shortened > 0 {
        note.push_str(&format!(
            "; {shortened} value{} shortened ({SHORTENED}): use --format line, csv or json (.mode in the REPL) for full text",
            if shortened == 1 { "" } else { "s" }
        ));
    }
    note
}

#[cfg(test)]
mod tests {
    use super::super::Cell;
    use super::*;

    fn render(rs: &ResultSet, format: Format, width: Option<u16>, max_chars: usize) -> String {
        let options = Options {
            format,
            table: TableOptions {
                width,
                max_chars,
                ..TableOptions::default()
            },
            ..Options::default()
        };
        let mut out = Vec::new();
        write(rs, &options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn texts(columns: &[&str], rows: &[&[&str]]) -> ResultSet {
        ResultSet {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|&t| Cell::from(t)).collect())
                .collect(),
        }
    }

    /// The drawn columns at which each border character of a line stands.
    fn borders(line: &str) -> Vec<usize> {
        let mut at = 0;
        let mut found = Vec::new();
        for c in line.chars() {
            if "│┆┌┬┐├┼┤└┴┘╞╪╡".contains(c) {
                found.push(at);
            }
            at += width::char_width(c);
        }
        found
    }

    /// Every line of the table (not the note) has its borders where the top rule has them.
    fn assert_aligned(text: &str) {
        let lines: Vec<&str> = text.lines().filter(|l| !l.contains(" row")).collect();
        let expected = borders(lines[0]);
        for line in &lines {
            assert_eq!(
                borders(line),
                expected,
                "misaligned line {line:?} in\n{text}"
            );
        }
    }

    fn denials() -> ResultSet {
        texts(
            &["date", "speaker", "source", "content"],
            &[
                &[
                    "2018-03-12",
                    "وائل علوان",
                    "شبكة شام",
                    "لا صحة لما يتم تداوله",
                ],
                &[
                    "2018-03-13",
                    "حَمْزَة بَيْرَقْدار",
                    "عنب بلدي",
                    "لم ينفِ أنّ المفاوضات مع «الأمم المتحدة» لأجل ٢٠ شخصاً",
                ],
                &[
                    "2018-03-14",
                    "ISIS",
                    "Reuters",
                    "لإعادة الإعمار 25 مليار دولار حسب ISIS",
                ],
                &["2018-03-15", "لآلئ", "", "لأن لا أحد ولا شيء"],
            ],
        )
    }

    #[test]
    fn arabic_with_lam_alef_harakat_latin_and_numbers_lines_up() {
        for format in [Format::Table, Format::Box] {
            assert_aligned(&render(&denials(), format, None, 160));
            for width in [40, 60, 80, 120] {
                let text = render(&denials(), format, Some(width), 160);
                assert_aligned(&text);
                let widest = text.lines().map(width::width).max().unwrap_or(0);
                assert!(widest <= usize::from(width), "wider than {width}:\n{text}");
            }
        }
    }

    #[test]
    fn every_line_of_an_arabic_cell_is_isolated() {
        let text = render(&denials(), Format::Table, Some(50), 160);
        for line in text.lines().filter(|l| l.starts_with('│')) {
            let cells: Vec<&str> = line.trim_matches('│').split('┆').collect();
            for cell in cells {
                let inner = cell.trim_matches(' ');
                if inner.chars().any(width::is_rtl) {
                    assert!(
                        inner.starts_with(width::FSI) && inner.ends_with(width::PDI),
                        "not isolated: {cell:?} in {line:?}"
                    );
                } else {
                    assert!(!inner.contains(width::FSI), "{cell:?}");
                }
            }
        }
    }

    #[test]
    fn a_table_that_fits_draws_as_before() {
        let rs = texts(&["speaker", "n"], &[&["علوان", "3"]]);
        assert_eq!(
            render(&rs, Format::Table, Some(80), 160),
            "┌─────────┬───┐\n\
             │ speaker ┆ n │\n\
             ╞═════════╪═══╡\n\
             │ \u{2068}علوان\u{2069}   ┆ 3 │\n\
             └─────────┴───┘\n\
             1 row\n"
        );
    }

    #[test]
    fn box_is_the_sqlite_shell_style() {
        let rs = texts(&["verb", "count"], &[&["denied", "2"]]);
        assert_eq!(
            render(&rs, Format::Box, None, 160),
            "┌────────┬───────┐\n\
             │ verb   │ count │\n\
             ├────────┼───────┤\n\
             │ denied │ 2     │\n\
             └────────┴───────┘\n\
             1 row\n"
        );
    }

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
        let text = render(&rs, Format::Table, Some(80), 50);
        assert!(text.contains("2 rows; 1 value shortened"), "{text}");
        assert!(text.contains('…'));
        assert!(text.contains("قال"));
        assert_aligned(&text);
    }

    #[test]
    fn newlines_tabs_and_bidi_controls_in_values_do_not_break_rows() {
        let rs = texts(
            &["quote"],
            &[&["«لا»\u{202E}\tسطر\nوسطر آخر"], &["x\u{0007}y"]],
        );
        let text = render(&rs, Format::Table, None, 160);
        assert_aligned(&text);
        assert!(!text.contains('\u{202E}') && !text.contains('\t') && !text.contains('\u{7}'));
        assert_eq!(text.lines().count(), 8, "{text}");
    }

    #[test]
    fn no_header_and_no_rows() {
        let rs = texts(&["a", "b"], &[]);
        let text = render(&rs, Format::Table, None, 160);
        assert!(text.ends_with("0 rows\n"), "{text}");
        let options = Options {
            header: false,
            ..Options::default()
        };
        let mut out = Vec::new();
        write(&texts(&["a"], &[&["x"]]), &options, &mut out).unwrap();
        assert!(!String::from_utf8(out).unwrap().contains(" a "));
    }

    #[test]
    fn a_screen_of_width_0_is_unknown_and_the_table_keeps_its_widths() {
        let options = |width| Options {
            format: Format::Table,
            table: TableOptions::for_screen(width),
            ..Options::default()
        };
        let drawn = |width| {
            let mut out = Vec::new();
            write(&denials(), &options(width), &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            TableOptions::for_screen(Some(0)),
            TableOptions::for_screen(None)
        );
        let unknown = drawn(None);
        assert_eq!(drawn(Some(0)), unknown);
        // every value whole on one line: as wide as the widest content
        assert!(unknown.contains("لا صحة لما يتم تداوله"), "{unknown}");
        assert!(!unknown.contains(SHORTENED), "{unknown}");
    }

    #[test]
    fn narrow_screens_share_space_but_keep_short_columns_whole() {
        assert_eq!(share(&[10, 4, 100], &[4, 1, 7], 60), [10, 4, 46]);
        assert_eq!(share(&[50, 50], &[4, 4], 40), [20, 20]);
        assert_eq!(share(&[50, 3], &[10, 1], 4), [10, 3]);
        assert_eq!(share(&[10, 50, 8, 50], &[4, 7, 6, 7], 27), [7, 7, 6, 7]);
    }

    #[test]
    fn chosen_widths_hold_and_the_other_columns_share_the_rest() {
        let rs = texts(
            &["speaker", "content"],
            &[&[
                "وائل علوان",
                "لا صحة لما يتم تداوله عن انسحاب الفصائل من المدينة",
            ]],
        );
        let options = |columns: Vec<usize>, width| Options {
            table: TableOptions {
                width,
                columns,
                ..TableOptions::default()
            },
            ..Options::default()
        };
        let drawn = |options: &Options| {
            let mut out = Vec::new();
            write(&rs, options, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        // the speaker's column is 6 wide: the name wraps inside it; content stays whole
        let text = drawn(&options(vec![6], None));
        assert_aligned(&text);
        assert_eq!(borders(text.lines().next().unwrap())[1], 9, "{text}");
        assert!(text.contains("لا صحة لما يتم تداوله عن انسحاب"), "{text}");
        // 0 is automatic: the same table as no width at all
        assert_eq!(drawn(&options(vec![0], None)), drawn(&Options::default()));
        // on a 40-column screen, the chosen 20 hold and content gets what is left
        let text = drawn(&options(vec![20], Some(40)));
        assert_aligned(&text);
        let top = borders(text.lines().next().unwrap());
        assert_eq!((top[1], top[2]), (23, 39), "{text}");
    }

    #[test]
    fn a_missing_value_shows_as_the_null_text() {
        let rs = ResultSet {
            columns: vec!["quote".into()],
            rows: vec![vec![Cell::Null], vec![Cell::from("")]],
        };
        let options = Options {
            null: "NULL".into(),
            ..Options::default()
        };
        let mut out = Vec::new();
        write(&rs, &options, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("NULL").count(), 1, "{text}");
    }
}
