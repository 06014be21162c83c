//! The parser's input: a slice of tokens that nom can walk, and a record of what was expected.
//!
//! Every failed token match notes what it wanted at its position; the furthest position wins,
//! and all the wants there are merged. That is how `statements where verb=denied shwo` learns
//! that `and`, `or`, `show`, `order`, `limit` or the end could have come instead of `shwo`.

use super::ast::{Op, Span};
use super::error::{ErrorKind, QueryError};
use super::lex::{Token, TokenKind};
use super::parse::is_keyword;
use nom::error::{ErrorKind as NomKind, ParseError};
use nom::{Input, Needed};
use std::cell::RefCell;

/// Tokens not yet parsed, and the shared record of expectations.
#[derive(Debug, Clone, Copy)]
pub struct Tokens<'a> {
    pub tokens: &'a [Token<'a>],
    wants: &'a RefCell<Wants>,
}

/// What the parser looked for, as error messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A literal token, shown in backticks: `where`, `)`.
    Token(&'static str),
    /// A kind of thing, shown as is: `a field`, `a value`.
    Thing(&'static str),
}

impl Want {
    fn label(self) -> String {
        match self {
            Want::Token(t) => format!("`{t}`"),
            Want::Thing(t) => t.to_string(),
        }
    }
}

/// The furthest position any rule failed at (as tokens left), and what each rule wanted there.
#[derive(Debug, Default)]
pub struct Wants {
    left: Option<usize>,
    wanted: Vec<Want>,
    /// Parentheses and `not`s open at the current position.
    depth: usize,
}

/// How deep parentheses and `not`s may nest: deep enough for any real query, shallow enough
/// that the recursive stages never exhaust the stack.
pub const MAX_DEPTH: usize = 64;

/// One open level of nesting; closing it (dropping) steps back out.
pub struct Nesting<'a>(&'a RefCell<Wants>);

impl Drop for Nesting<'_> {
    fn drop(&mut self) {
        let mut wants = self.0.borrow_mut();
        wants.depth = wants.depth.saturating_sub(1);
    }
}

impl<'a> Tokens<'a> {
    /// The input over all of `tokens`.
    pub fn new(tokens: &'a [Token<'a>], wants: &'a RefCell<Wants>) -> Self {
        Tokens { tokens, wants }
    }

    /// The next token, if any.
    pub fn first(&self) -> Option<&'a Token<'a>> {
        self.tokens.first()
    }

    /// Opens one level of nesting at `at` (a `(` or `not`); fails past [`MAX_DEPTH`].
    pub fn nest(&self, at: Span) -> Result<Nesting<'a>, nom::Err<Failure>> {
        let mut wants = self.wants.borrow_mut();
        if wants.depth >= MAX_DEPTH {
            let err = QueryError::new(ErrorKind::TooDeep { limit: MAX_DEPTH }, at)
                .hint("split the condition, or use in (…) for long lists of alternatives");
            return Err(nom::Err::Failure(Failure::Hard(Box::new(err))));
        }
        wants.depth += 1;
        Ok(Nesting(self.wants))
    }

    /// Notes that `want` would have been accepted here.
    pub fn want(&self, want: Want) {
        let mut wants = self.wants.borrow_mut();
        let left = self.tokens.len();
        match wants.left {
            Some(l) if l < left => {}
            Some(l) if l == left => {
                if !wants.wanted.contains(&want) {
                    wants.wanted.push(want);
                }
            }
            _ => {
                wants.left = Some(left);
                wants.wanted = vec![want];
            }
        }
    }
}

impl Wants {
    /// The error for the furthest failure: what was wanted, and the token (or end) found there.
    pub fn into_error(self, all: &[Token<'_>], text_len: usize) -> QueryError {
        let expected: Vec<String> = self.wanted.iter().map(|w| w.label()).collect();
        let at = all.len() - self.left.unwrap_or(0).min(all.len());
        let Some(token) = all.get(at) else {
            let span = Span::new(text_len, text_len);
            return QueryError::new(ErrorKind::UnexpectedEnd { expected }, span);
        };
        if let Some(err) = several_values(all, at) {
            return err;
        }
        let kind = ErrorKind::UnexpectedToken {
            expected,
            found: token.describe(),
        };
        let err = QueryError::new(kind, token.span);
        match self.hint(all, at) {
            Some(hint) => err.hint(hint),
            None => err,
        }
    }

    /// A likely way out: a keyword meant as a value, a misspelt keyword, a doubled operator,
    /// a missing `and`, an unquoted phrase.
    fn hint(&self, all: &[Token<'_>], at: usize) -> Option<String> {
        let found = all.get(at)?;
        let previous = at.checked_sub(1).and_then(|i| all.get(i));
        let next = all.get(at + 1);
        let is_word = found.kind == TokenKind::Word;
        let is_op = |t: Option<&Token<'_>>| t.is_some_and(|t| matches!(t.kind, TokenKind::Op(_)));
        if self.wanted.contains(&Want::Thing("a value")) {
            return match () {
                _ if found.is_keyword("null") && is_op(previous) => Some(
                    "a missing value is tested with is null, a present one with is not null: quote is not null"
                        .into(),
                ),
                _ if is_word && is_keyword(found.text) => Some(format!(
                    "{0} is a keyword; to use it as a value, quote it: \"{0}\"",
                    found.text
                )),
                _ if is_op(Some(found)) && is_op(previous) => {
                    Some("one operator goes between a field and its value, e.g. speaker = …".into())
                }
                _ => None,
            };
        }
        let keywords: Vec<&str> = self
            .wanted
            .iter()
            .filter_map(|w| match w {
                Want::Token(t) => Some(*t),
                Want::Thing(_) => None,
            })
            .collect();
        if let Some(near) = super::check::nearest(found.text, &keywords).filter(|_| is_word) {
            return Some(format!("did you mean {near}?"));
        }
        let after_value = previous.is_some_and(|p| {
            matches!(
                p.kind,
                TokenKind::Word | TokenKind::Number | TokenKind::Date
            ) && !is_keyword(p.text)
        });
        if !(is_word && after_value && keywords.contains(&"and")) {
            return None;
        }
        if is_op(next) {
            return Some(format!(
                "conditions are joined with and / or: … and {} …",
                found.text
            ));
        }
        let phrase = format!("{} {}", previous.map_or("", |p| p.text), found.text);
        Some(format!(
            "a value of several words goes in quotes: \"{phrase}\""
        ))
    }
}

/// `FIELD OP VALUE, VALUE …` with the comma at `at`: several values where one goes, and the
/// condition that says what was meant (`verb in (denied, said)`).
fn several_values(all: &[Token<'_>], at: usize) -> Option<QueryError> {
    let is_value = |t: &Token<'_>| match t.kind {
        TokenKind::Str | TokenKind::Number | TokenKind::Date | TokenKind::Param => true,
        TokenKind::Word => !is_keyword(t.text),
        _ => false,
    };
    let first = at.checked_sub(1).and_then(|i| all.get(i))?;
    let op_at = at.checked_sub(2)?;
    let (TokenKind::Op(op), Some(field)) = (all[op_at].kind, op_at.checked_sub(1).map(|i| all[i]))
    else {
        return None;
    };
    if all[at].kind != TokenKind::Comma || !is_value(first) || field.kind != TokenKind::Word {
        return None;
    }
    let mut values = vec![first];
    let mut i = at;
    while let (Some(comma), Some(value)) = (all.get(i), all.get(i + 1)) {
        if comma.kind != TokenKind::Comma || !is_value(value) {
            break;
        }
        values.push(value);
        i += 2;
    }
    if values.len() < 2 {
        return None;
    }
    let texts: Vec<String> = values.iter().map(|t| t.text.to_string()).collect();
    let list = texts.join(", ");
    let (f, symbol) = (field.text, op.symbol());
    let hint = match op {
        Op::Eq => format!("to match any of them, use in: {f} in ({list})"),
        Op::Ne => format!("to match none of them, use not in: {f} not in ({list})"),
        Op::NotMatch => {
            let each: Vec<String> = texts.iter().map(|v| format!("{f} {symbol} {v}")).collect();
            format!(
                "to exclude each, join the conditions with and: {}",
                each.join(" and ")
            )
        }
        _ => {
            let each: Vec<String> = texts.iter().map(|v| format!("{f} {symbol} {v}")).collect();
            format!(
                "to match any of them, join the conditions with or: {}",
                each.join(" or ")
            )
        }
    };
    let span = first.span.to(values[values.len() - 1].span);
    let kind = ErrorKind::SeveralValues {
        op: symbol.to_string(),
        values: texts,
    };
    Some(QueryError::new(kind, span).hint(hint))
}

/// The parser's nom error: a soft failure (the record of wants tells what) or a finished error.
#[derive(Debug)]
pub enum Failure {
    Soft,
    Hard(Box<QueryError>),
}

impl<'a> ParseError<Tokens<'a>> for Failure {
    fn from_error_kind(_input: Tokens<'a>, _kind: NomKind) -> Self {
        Failure::Soft
    }

    fn append(_input: Tokens<'a>, _kind: NomKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        match (self, other) {
            (hard @ Failure::Hard(_), _) | (_, hard @ Failure::Hard(_)) => hard,
            _ => Failure::Soft,
        }
    }
}

impl<'a> Input for Tokens<'a> {
    type Item = &'a Token<'a>;
    type Iter = std::slice::Iter<'a, Token<'a>>;
    type IterIndices = std::iter::Enumerate<Self::Iter>;

    fn input_len(&self) -> usize {
        self.tokens.len()
    }

    fn take(&self, index: usize) -> Self {
        Tokens {
            tokens: &self.tokens[..index],
            ..*self
        }
    }

    fn take_from(&self, index: usize) -> Self {
        Tokens {
            tokens: &self.tokens[index..],
            ..*self
        }
    }

    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }

    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.tokens.iter().position(predicate)
    }

    fn iter_elements(&self) -> Self::Iter {
        self.tokens.iter()
    }

    fn iter_indices(&self) -> Self::IterIndices {
        self.tokens.iter().enumerate()
    }

    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if count <= self.tokens.len() {
            Ok(count)
        } else {
            Err(Needed::new(count - self.tokens.len()))
        }
    }
}
