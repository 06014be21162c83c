//! The comparison rules of the real-dev scorer (`../shared/real-dev/score.py`), one function per
//! Python function, so that `qawl eval` counts exactly what the scorer counts.
//!
//! Offsets and lengths count code points, as Python's do; white space, line breaks and word
//! characters follow Python's `str.isspace`, `str.splitlines` and `\w`. The normalisation here is
//! the scorer's `norm()`, deliberately not [`crate::text::normalize`]: they differ (the scorer keeps
//! punctuation other than quotes and brackets), and the counts must agree with the scorer's.

/// Python's `str.isspace`: Rust's white space and the four separators `\x1c`–`\x1f`.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `\w` in a `str` pattern: letters, digits and numbers (`str.isalnum`), and `_`.
///
/// Rust's alphabetic class also holds combining marks (harakat are `Other_Alphabetic`), which
/// Python's does not: the mark blocks an Arabic text can carry are left out by hand.
fn is_py_word(c: char) -> bool {
    let mark = matches!(c,
        '\u{0300}'..='\u{036f}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05c7}'
        | '\u{0610}'..='\u{061a}' | '\u{064b}'..='\u{065f}' | '\u{0670}'
        | '\u{06d6}'..='\u{06ed}' | '\u{08d3}'..='\u{08ff}' | '\u{fe20}'..='\u{fe2f}');
    c == '_' || (c.is_alphanumeric() && !mark)
}

/// Python's `str.strip()`.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// The scorer's diacritics: harakat, Quranic marks, the superscript alef and tatweel.
fn is_dropped(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061a}' | '\u{064b}'..='\u{065f}' | '\u{0670}' | '\u{06d6}'..='\u{06ed}' | '\u{0640}')
}

/// The scorer's `norm()`: no diacritics or tatweel, one alef, ى → ي, ة → ه, quotes and brackets
/// as spaces, white space collapsed. `norm("«أكّدَ»  الوزارة") == "اكد الوزاره"`.
pub fn norm(s: &str) -> String {
    let mapped: String = s
        .chars()
        .filter(|&c| !is_dropped(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            '"' | '«' | '»' | '“' | '”' | '\'' | '(' | ')' => ' ',
            c => c,
        })
        .collect();
    mapped
        .split(is_py_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The scorer's `same_speaker`: a gold name equals one of the speaker's aliases, or the name
/// itself, or one holds the other when the shorter has two words or more (a title or a role
/// around the name: "العميد أحمد الأحمد" is "أحمد الأحمد", "الأحمد" alone is not).
pub fn same_speaker<S: AsRef<str>>(gold: &str, got: Option<&str>, aliases: &[S]) -> bool {
    let g = norm(gold);
    if aliases.iter().any(|a| norm(a.as_ref()) == g) {
        return true;
    }
    let x = norm(got.unwrap_or(""));
    if g.is_empty() || x.is_empty() {
        return false;
    }
    if g == x {
        return true;
    }
    let (short, long) = if g.chars().count() <= x.chars().count() {
        (&g, &x)
    } else {
        (&x, &g)
    };
    short.split(' ').count() >= 2 && long.contains(short.as_str())
}

/// `text[start..end]` in code points, as Python slices it (out-of-range bounds shrink to fit).
pub fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// The scorer's `is_headline`: a statement whose sentence is (in) the title, or holds it.
pub fn is_headline(title: Option<&str>, body: &str, start: usize, end: usize) -> bool {
    let title = title.unwrap_or("");
    if title.chars().count() > 250 {
        // no real headline: the first line is the whole text
        return false;
    }
    let sentence = norm(&slice(body, start, end));
    let t = norm(title);
    !t.is_empty()
        && sentence.chars().count() > 10
        && (t.contains(&sentence) || sentence.contains(&t))
}

/// The scorer's `sentence_has_word`: the statement's sentence (`body[start:end]`) holds the first
/// part of the gold reporting word (before ` ... `), at the start of a word or after one clitic
/// و ف ل ب; the word may go on ("قال" is in "وقالت"). No word, or the title colon, holds
/// everywhere.
pub fn sentence_has_word(sentence: &str, verb_word: Option<&str>) -> bool {
    let Some(word) = verb_word.filter(|w| !w.is_empty()) else {
        return true;
    };
    if matches!(py_strip(word), ":" | "\"") {
        return true;
    }
    let first = norm(word.split(" ... ").next().unwrap_or(""));
    if first.is_empty() {
        return true;
    }
    let sentence: Vec<char> = norm(sentence).chars().collect();
    let needle: Vec<char> = first.chars().collect();
    let starts_word = |at: usize| at == 0 || !is_py_word(sentence[at - 1]);
    (0..sentence.len())
        .filter(|&at| sentence[at..].starts_with(&needle))
        .any(|at| {
            starts_word(at) || (at >= 1 && "وفلب".contains(sentence[at - 1]) && starts_word(at - 1))
        })
}

/// The scorer's `cut_off_at`: where the unfinished last sentence of a cut-off excerpt begins
/// (after the last `. ! ? ؟` or line break), or the body's length when it ends a sentence.
pub fn cut_off_at(body: &str) -> usize {
    let whole = body.chars().count();
    let b: Vec<char> = body.trim_end_matches(is_py_space).chars().collect();
    match b.last() {
        None => whole,
        Some(c) if ".!?؟…»\"”'".contains(*c) => whole,
        Some(_) => b
            .iter()
            .rposition(|c| ".!?؟\n".contains(*c))
            .map_or(whole, |at| at + 1),
    }
}

/// The title `run.sh` gives a text: its first line when the stripped text has more than one
/// (Python's `text.strip().splitlines()`), else none.
pub fn first_line_title(text: &str) -> Option<&str> {
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    };
    let stripped = py_strip(text);
    stripped.find(is_break).map(|at| &stripped[..at])
}

/// Text as Python's `open(…, encoding='utf-8').read()` gives it: universal newlines, CRLF and CR
/// read as LF.
pub fn universal_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_folds_letters_and_drops_marks_and_quotes() {
        assert_eq!(norm("«أكّدَ»  الوزارة"), "اكد الوزاره");
        assert_eq!(norm("مـصـر، إلى"), "مصر، الي");
        assert_ne!(norm("قال."), norm("قال"));
    }

    #[test]
    fn a_speaker_is_the_same_by_alias_or_by_a_longer_form_of_two_words() {
        let none: [&str; 0] = [];
        assert!(same_speaker("سامر خليل", Some("العميد سامر خليل"), &none));
        assert!(!same_speaker("خليل", Some("سامر خليل"), &none));
        assert!(same_speaker("خليل", Some("سامر خليل"), &["خليل"]));
        assert!(!same_speaker("", None, &none));
    }

    #[test]
    fn the_reporting_word_starts_a_word_or_follows_one_clitic() {
        let s = "وقالت الوزارة إن الوفد وصل.";
        assert!(sentence_has_word(s, Some("قال")));
        assert!(sentence_has_word(s, Some("قالت ... إن")));
        assert!(sentence_has_word(s, Some("إن")));
        assert!(!sentence_has_word(s, Some("زارة")));
        assert!(!sentence_has_word(s, Some("نفى")));
        assert!(sentence_has_word(s, Some(":")));
        assert!(sentence_has_word(s, None));
    }

    #[test]
    fn the_cut_off_sentence_starts_after_the_last_full_stop() {
        assert_eq!(cut_off_at("قال الوزير. وأضاف أن"), 11);
        assert_eq!(cut_off_at("قال الوزير. وأضاف."), 18);
        assert_eq!(cut_off_at("وأضاف أن"), 8);
        assert_eq!(cut_off_at("سطر أول\nوأضاف أن"), 8);
    }

    #[test]
    fn a_headline_statement_is_read_from_the_title() {
        let body = "الوزير ينفي الاتفاق\nنفى الوزير الاتفاق.";
        assert!(is_headline(Some("الوزير ينفي الاتفاق"), body, 0, 19));
        assert!(!is_headline(Some("الوزير ينفي الاتفاق"), body, 20, 39));
        assert!(!is_headline(None, body, 0, 19));
    }

    #[test]
    fn the_title_is_the_first_of_several_lines() {
        assert_eq!(first_line_title("\n عنوان\nنص"), Some("عنوان"));
        assert_eq!(first_line_title("نص وحده\n"), None);
        assert_eq!(universal_newlines("أ\r\nب\rج"), "أ\nب\nج");
    }
}
