//! A forgiving tokenizer for half-typed queries: completion and highlighting need words,
//! operators and strings with their byte positions, even when the query does not parse yet.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters, digits and other characters that are not operators: `speaker`, `علوان`,
    /// `2018-03`, `$who`.
    Word,
    /// `=`, `!=`, `~`, `!~`, `<`, `<=`, `>`, `>=`.
    Operator,
    /// `(`, `)` or `,`.
    Punct,
    /// A quoted value; `closed` is false while the closing quote is missing.
    Str {
        /// False while the closing quote is missing.
        closed: bool,
    },
    /// A `#` comment to the end of the line.
    Comment,
}

/// One token and where it sits in the text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: Kind,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
}

impl Token {
    /// The token's text in `src`.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
}

fn closing(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '\'' => Some('\''),
        '«' => Some('»'),
        '“' => Some('”'),
        _ => None,
    }
}

fn is_operator_char(c: char) -> bool {
    matches!(c, '=' | '!' | '~' | '<' | '>')
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace()
        && !is_operator_char(c)
        && closing(c).is_none()
        && !matches!(c, '(' | ')' | ',' | ';' | '#')
}

/// Tokens of `src`, in order; never fails.
pub fn tokens(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let kind = if c.is_whitespace() || c == ';' {
            continue;
        } else if c == '#' {
            while chars.next_if(|&(_, c)| c != '\n').is_some() {}
            Kind::Comment
        } else if let Some(close) = closing(c) {
            let mut closed = false;
            for (_, d) in chars.by_ref() {
                if d == close {
                    closed = true;
                    break;
                }
            }
            Kind::Str { closed }
        } else if is_operator_char(c) {
            while chars.next_if(|&(_, c)| matches!(c, '=' | '~')).is_some() {}
            Kind::Operator
        } else if matches!(c, '(' | ')' | ',') {
            Kind::Punct
        } else {
            while chars.next_if(|&(_, c)| is_word_char(c)).is_some() {}
            Kind::Word
        };
        let end = chars.peek().map_or(src.len(), |&(i, _)| i);
        out.push(Token { kind, start, end });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(&str, Kind)> {
        tokens(src).iter().map(|t| (t.text(src), t.kind)).collect()
    }

    #[test]
    fn splits_words_operators_and_strings() {
        assert_eq!(
            texts("statements where speaker!=\"وائل علوان\" and verb=نفى"),
            [
                ("statements", Kind::Word),
                ("where", Kind::Word),
                ("speaker", Kind::Word),
                ("!=", Kind::Operator),
                ("\"وائل علوان\"", Kind::Str { closed: true }),
                ("and", Kind::Word),
                ("verb", Kind::Word),
                ("=", Kind::Operator),
                ("نفى", Kind::Word),
            ]
        );
    }

    #[test]
    fn an_open_string_runs_to_the_end() {
        assert_eq!(
            texts("speaker in («علوان», «وائل"),
            [
                ("speaker", Kind::Word),
                ("in", Kind::Word),
                ("(", Kind::Punct),
                ("«علوان»", Kind::Str { closed: true }),
                (",", Kind::Punct),
                ("«وائل", Kind::Str { closed: false }),
            ]
        );
    }

    #[test]
    fn a_comment_ends_at_the_line_break() {
        assert_eq!(
            texts("statements # كل التصريحات\nlimit 3"),
            [
                ("statements", Kind::Word),
                ("# كل التصريحات", Kind::Comment),
                ("limit", Kind::Word),
                ("3", Kind::Word),
            ]
        );
    }
}
