//! Splitting query text into tokens (nom): words, values, operators and punctuation, with spans.
//!
//! The lexer knows no keywords: `where` and `speaker` are both [`TokenKind::Word`]s, and the
//! parser decides. A bare word is a run of letters (any script), digits, `_` and `-` (Arabic
//! harakat included); a run of digits is a number, `YYYY-MM[-DD]` a date, in Western or
//! Arabic-Indic digits. `#` starts a comment that runs to the end of the line.

use super::ast::{Op, Span};
use super::error::{ErrorKind, QueryError};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, one_of};
use nom::combinator::{map, recognize};
use nom::error::{ErrorKind as NomKind, ParseError};
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// One token and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    /// The token as typed, quotes included.
    pub text: &'a str,
    pub span: Span,
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A bare word: keyword, table, field or unquoted value.
    Word,
    /// Digits only.
    Number,
    /// `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// `"…"`, `'…'`, `«…»` or `“…”`.
    Str,
    /// `$name`.
    Param,
    Op(Op),
    LParen,
    RParen,
    Comma,
    Semicolon,
}

impl Token<'_> {
    /// The value the token stands for: a string without its quotes, a parameter without `$`.
    pub fn value_text(&self) -> &str {
        match self.kind {
            TokenKind::Str => {
                let mut chars = self.text.chars();
                chars.next();
                chars.next_back();
                chars.as_str()
            }
            TokenKind::Param => &self.text[1..],
            _ => self.text,
        }
    }

    /// True for a word equal to `keyword`, ignoring ASCII case.
    pub fn is_keyword(&self, keyword: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(keyword)
    }

    /// How error messages name the token: as typed, in backticks.
    pub fn describe(&self) -> String {
        format!("`{}`", self.text)
    }
}

/// Splits `text` into tokens, skipping white space and `#` comments.
pub fn lex(text: &str) -> Result<Vec<Token<'_>>, QueryError> {
    let mut tokens = Vec::new();
    let mut rest = skip_blank(text);
    while !rest.is_empty() {
        match token.parse(rest) {
            Ok((after, (kind, raw))) => {
                let start = text.len() - rest.len();
                tokens.push(Token {
                    kind,
                    text: raw,
                    span: Span::new(start, start + raw.len()),
                });
                rest = skip_blank(after);
            }
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => return Err(e.into_query_error(text)),
            Err(nom::Err::Incomplete(_)) => {
                return Err(unexpected_char(text, text.len() - rest.len()));
            }
        }
    }
    Ok(tokens)
}

/// A character a bare word may hold.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || c == '-'
        || crate::text::normalize::is_mark(c)
        || matches!(c, '\u{200C}' | '\u{200D}')
}

/// White space, bidi marks that pasted Arabic brings along, and comments.
fn skip_blank(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}')
        });
        match trimmed.strip_prefix('#') {
            Some(comment) => text = comment.find('\n').map_or("", |i| &comment[i..]),
            None => return trimmed,
        }
    }
}

type LexResult<'a> = IResult<&'a str, (TokenKind, &'a str), LexError<'a>>;

/// One token; its first character decides which rule reads it.
fn token(input: &str) -> LexResult<'_> {
    let read = match input.chars().next() {
        Some('"' | '\'' | '«' | '“') => string(input),
        Some('$') => param(input),
        Some('!' | '<' | '>' | '=' | '~') => operator(input),
        Some('(' | ')' | ',' | '،' | ';' | '؛') => punctuation(input),
        _ => word(input),
    };
    // a rule that fails part-way (`$` alone) is reported at the token's first character
    read.map_err(|e| match e {
        nom::Err::Error(_) => nom::Err::Error(LexError {
            input,
            unterminated: None,
        }),
        other => other,
    })
}

fn string(input: &str) -> LexResult<'_> {
    alt((
        quoted('"', '"'),
        quoted('\'', '\''),
        quoted('«', '»'),
        quoted('“', '”'),
    ))
    .parse(input)
}

/// A string from `open` to `close`; a missing `close` is a failure pointing at `open`.
fn quoted<'a>(
    open: char,
    close: char,
) -> impl Parser<&'a str, Output = (TokenKind, &'a str), Error = LexError<'a>> {
    move |input: &'a str| {
        let (body, _) = char(open).parse(input)?;
        match body.find(close) {
            Some(i) => {
                let len = input.len() - body.len() + i + close.len_utf8();
                Ok((&input[len..], (TokenKind::Str, &input[..len])))
            }
            None => Err(nom::Err::Failure(LexError {
                input,
                unterminated: Some(close),
            })),
        }
    }
}

fn param(input: &str) -> LexResult<'_> {
    map(
        recognize(preceded(char('$'), take_while1(is_word_char))),
        |t| (TokenKind::Param, t),
    )
    .parse(input)
}

fn operator(input: &str) -> LexResult<'_> {
    let symbols = alt((
        tag("!="),
        tag("!~"),
        tag("<="),
        tag(">="),
        tag("="),
        tag("~"),
        tag("<"),
        tag(">"),
    ));
    map(symbols, |s: &str| {
        let op = Op::from_symbol(s).unwrap_or(Op::Eq);
        (TokenKind::Op(op), s)
    })
    .parse(input)
}

fn punctuation(input: &str) -> LexResult<'_> {
    map(recognize(one_of("(),،;؛")), |s: &str| {
        let kind = match s {
            "(" => TokenKind::LParen,
            ")" => TokenKind::RParen,
            ";" | "؛" => TokenKind::Semicolon,
            _ => TokenKind::Comma,
        };
        (kind, s)
    })
    .parse(input)
}

fn word(input: &str) -> LexResult<'_> {
    map(take_while1(is_word_char), |w: &str| (classify(w), w)).parse(input)
}

/// A word of digits is a number; `YYYY-MM[-DD]` is a date; anything else stays a word.
fn classify(word: &str) -> TokenKind {
    let mut parts = 0;
    let mut shaped_like_date = true;
    for (i, part) in word.split('-').enumerate() {
        if part.is_empty() || !part.chars().all(is_digit) {
            return TokenKind::Word;
        }
        let len = part.chars().count();
        shaped_like_date &= if i == 0 { len == 4 } else { len <= 2 };
        parts += 1;
    }
    match parts {
        1 => TokenKind::Number,
        2 | 3 if shaped_like_date => TokenKind::Date,
        _ => TokenKind::Word,
    }
}

/// A decimal digit in Western, Arabic-Indic or Persian form.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)
}

/// The error for the character at byte `at` of `text`, which starts no token.
fn unexpected_char(text: &str, at: usize) -> QueryError {
    if let Some(err) = date_with_separators(text, at) {
        return err;
    }
    let first = text[at..].chars().next();
    let found = first.unwrap_or(' ');
    let end = at + first.map_or(0, char::len_utf8);
    let err = QueryError::new(ErrorKind::UnexpectedChar { found }, Span::new(at, end));
    match found {
        '$' => err.hint("a parameter is $ followed by its name, e.g. $who"),
        '!' => err.hint("negation is written != or !~, or with not before a condition"),
        _ => err.hint(
            "a value with other characters than letters, digits, _ and - goes in quotes: \"…\"",
        ),
    }
}

/// A `/`, `.` or `\` at `at` inside digits shaped like a date (`12/03/2018`, `٢٠١٨/٠٣`): one
/// error over the whole date, with the ISO forms it may stand for.
fn date_with_separators(text: &str, at: usize) -> Option<QueryError> {
    let is_separator = |c: char| matches!(c, '/' | '.' | '\\');
    if !text[at..].starts_with(is_separator) {
        return None;
    }
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_digit(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !is_digit(c) && !is_separator(c))
        .map_or(text.len(), |(i, _)| at + i);
    let found = &text[start..end];
    let readings = super::value::slashed_date_readings(&crate::text::normalize(found))?;
    Some(super::value::date_not_iso(
        found,
        &readings,
        Span::new(start, end),
    ))
}

/// The lexer's nom error: where it stopped, and the quote it waited for when a string is open.
#[derive(Debug)]
struct LexError<'a> {
    input: &'a str,
    unterminated: Option<char>,
}

impl<'a> LexError<'a> {
    fn into_query_error(self, text: &str) -> QueryError {
        let start = text.len() - self.input.len();
        match self.unterminated {
            Some(close) => {
                let open = self.input.chars().next().map_or(1, char::len_utf8);
                QueryError::new(
                    ErrorKind::UnterminatedString { close },
                    Span::new(start, start + open),
                )
                .hint(format!("the string opened here; close it with {close}"))
            }
            None => unexpected_char(text, start),
        }
    }
}

impl<'a> ParseError<&'a str> for LexError<'a> {
    fn from_error_kind(input: &'a str, _kind: NomKind) -> Self {
        LexError {
            input,
            unterminated: None,
        }
    }

    fn append(_input: &'a str, _kind: NomKind, other: Self) -> Self {
        other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        lex(text).unwrap().iter().map(|t| t.kind).collect()
    }

    #[test]
    fn words_numbers_and_dates_in_both_digit_forms() {
        use TokenKind::*;
        assert_eq!(
            kinds("وائل 2018 2018-03 ٢٠١٨-٠٣-١٢"),
            [Word, Number, Date, Date]
        );
        assert_eq!(kinds("جيش_الإسلام 2018-3-1 12-03"), [Word, Date, Word]);
    }

    #[test]
    fn harakat_stay_inside_a_word() {
        let tokens = lex("speaker=حَمْزَة").unwrap();
        assert_eq!(tokens[2].text, "حَمْزَة");
        assert_eq!(tokens[2].kind, TokenKind::Word);
    }

    #[test]
    fn strings_of_every_quote_kind_and_their_values() {
        let tokens = lex("\"وائل علوان\" 'علوان' «جيش الإسلام» “حماس”").unwrap();
        let values: Vec<&str> = tokens.iter().map(|t| t.value_text()).collect();
        assert_eq!(values, ["وائل علوان", "علوان", "جيش الإسلام", "حماس"]);
    }

    #[test]
    fn operators_punctuation_params_and_comments() {
        use TokenKind::*;
        assert_eq!(
            kinds("a != b ~ c، $who; # نفى\n(x)"),
            [
                Word,
                Op(super::Op::Ne),
                Word,
                Op(super::Op::Match),
                Word,
                Comma,
                Param,
                Semicolon,
                LParen,
                Word,
                RParen
            ]
        );
    }

    #[test]
    fn an_open_string_points_at_its_quote() {
        let err = lex("speaker = «علوان").unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnterminatedString { close: '»' });
        assert_eq!(err.span, Span::new(10, 12));
    }

    #[test]
    fn a_dollar_without_a_name_is_reported_where_it_stands() {
        let err = lex("speaker = $").unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnexpectedChar { found: '$' });
        assert_eq!(err.span, Span::new(10, 11));
    }

    #[test]
    fn a_slashed_date_is_one_error_over_the_whole_date_and_a_decimal_is_not_a_date() {
        let err = lex("date = 12/03/2018 and x").unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::DateNotIso {
                found: "12/03/2018".into()
            }
        );
        assert_eq!(err.span, Span::new(7, 17));
        let err = lex("limit 2.5").unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnexpectedChar { found: '.' });
        assert_eq!(err.span, Span::new(7, 8));
    }

    #[test]
    fn a_stray_character_is_named() {
        let err = lex("speaker @ x").unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnexpectedChar { found: '@' });
        assert_eq!(err.span, Span::new(8, 9));
    }
}
