//! What a terminal draws: how many columns a text takes, and keeping right-to-left cells apart.
//!
//! Terminals lay text on a grid one code point at a time, as `wcwidth` says: a letter takes
//! one column, a wide CJK letter two, a combining mark (the harakat: فتحة، شدة، سكون …) and a
//! format character (ZWJ, bidi marks) none. They do not shape: لا, لأ, لإ and لآ are a lam and
//! an alef, two columns, even where the font joins them into one ligature. The string width
//! of `unicode-width` 0.2 counts that ligature as one column, which is right for a text
//! renderer and one column short in xterm, tmux or VTE, so a table measured with it pushes its
//! border one column right for every لا in a cell. [`width`] sums code points instead.
//!
//! In terminals that apply the bidi algorithm (VTE, Konsole, mlterm) two Arabic cells side by
//! side are one right-to-left run across the border between them, and swap places. [`isolate`]
//! wraps a cell's line in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068 … U+2069):
//! from outside, an isolate is one neutral character, so cells keep their order and the row
//! stays left-to-right; inside, the cell takes the direction of its first letter, so a Latin
//! name or a number in an Arabic sentence sits where an Arabic reader expects it. Both marks
//! are format characters, drawn as nothing (zero columns) where bidi is not applied.

use unicode_width::UnicodeWidthChar;

/// FIRST STRONG ISOLATE: opens a run whose direction is its first strong letter's.
pub const FSI: char = '\u{2068}';
/// POP DIRECTIONAL ISOLATE: closes the run [`FSI`] opened.
pub const PDI: char = '\u{2069}';

/// The columns a terminal draws for `text`: the sum of its code points' widths.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// The columns a terminal draws for `c`: 0 for marks, format and control characters, 2 for
/// wide East Asian letters, else 1.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// True for a letter or mark of a right-to-left script: Hebrew, Arabic, Syriac, Thaana, N'Ko,
/// Samaritan, Mandaic and their presentation forms.
pub fn is_rtl(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
    )
}

/// `text` between [`FSI`] and [`PDI`] when it holds right-to-left letters; else as it is.
pub fn isolate(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_rtl) {
        format!("{FSI}{text}{PDI}").into()
    } else {
        text.into()
    }
}

/// `text` followed by spaces up to `columns` drawn columns (none when it is as wide already).
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = String::with_capacity(text.len() + columns);
    out.push_str(text);
    out.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    out
}

/// Cuts `line` into pieces of at most `columns` drawn columns, between words where it can and
/// inside a word longer than a line; a combining mark stays with its letter. Spaces at a cut
/// are dropped. An empty line is one empty piece.
pub fn wrap(line: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    if width(line) <= columns {
        return vec![line.to_string()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let needed = width(&current) + usize::from(!current.is_empty()) + width(word);
        if needed <= columns {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        current = break_word(word, columns, &mut pieces);
    }
    if !current.is_empty() || pieces.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Pushes the full-width pieces of a word onto `pieces`; returns the last, shorter piece.
fn break_word(word: &str, columns: usize, pieces: &mut Vec<String>) -> String {
    let mut current = String::new();
    let mut used = 0;
    for c in word.chars() {
        let w = char_width(c);
        // a zero-width mark never starts a piece: it belongs to the letter before it
        if w > 0 && used + w > columns && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
            used = 0;
        }
        current.push(c);
        used += w;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lam_alef_is_two_columns_in_every_form() {
        for pair in ["لا", "لأ", "لإ", "لآ"] {
            assert_eq!(width(pair), 2, "{pair}");
        }
        assert_eq!(width("لا يوجد"), 7);
        assert_eq!(width("ولا"), 3);
        // what a shaping renderer counts, and why the table cannot use it
        assert_eq!(unicode_width::UnicodeWidthStr::width("لا"), 1);
    }

    #[test]
    fn harakat_and_format_marks_are_zero_columns() {
        assert_eq!(width("حَمْزَة"), 4);
        assert_eq!(width("نفىً"), 3);
        assert_eq!(width("\u{2068}علوان\u{2069}\u{200F}"), 5);
        assert_eq!(width("ـ"), 1, "tatweel is a letter-width stroke");
    }

    #[test]
    fn latin_digits_and_wide_letters() {
        assert_eq!(width("ISIS ٢٠١٨ 2018"), 14);
        assert_eq!(width("中文"), 4);
    }

    #[test]
    fn only_right_to_left_text_is_isolated() {
        assert_eq!(isolate("وائل علوان"), "\u{2068}وائل علوان\u{2069}");
        assert_eq!(isolate("قال ISIS إن"), "\u{2068}قال ISIS إن\u{2069}");
        assert_eq!(isolate("2018-03-12"), "2018-03-12");
        assert_eq!(isolate("denied"), "denied");
        assert_eq!(isolate(""), "");
    }

    #[test]
    fn wrap_cuts_between_words_by_drawn_width() {
        let pieces = wrap("لا يوجد أي اتفاق لإطلاق النار", 10);
        assert!(pieces.iter().all(|p| width(p) <= 10), "{pieces:?}");
        assert_eq!(pieces.join(" "), "لا يوجد أي اتفاق لإطلاق النار");
        assert_eq!(wrap("علوان", 10), ["علوان"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn wrap_breaks_a_long_word_and_keeps_marks_with_their_letter() {
        let pieces = wrap("حَمْزَةُبَيْرَقْدار", 3);
        assert!(pieces.iter().all(|p| width(p) <= 3), "{pieces:?}");
        assert!(
            pieces
                .iter()
                .all(|p| !p.starts_with(|c| char_width(c) == 0))
        );
        assert_eq!(pieces.concat(), "حَمْزَةُبَيْرَقْدار");
    }

    #[test]
    fn pad_fills_to_the_drawn_width() {
        assert_eq!(pad("لا", 4), "لا  ");
        assert_eq!(pad("حَمْزَة", 5), "حَمْزَة ");
        assert_eq!(pad("abcdef", 3), "abcdef");
    }
}
