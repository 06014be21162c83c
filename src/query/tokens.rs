//! The parser's input: a slice of tokens that nom can walk, and a record of what was expected.
//!
//! Every failed token match notes what it wanted at its position; the furthest position wins,
//! and all the wants there are merged. That is how `statements where verb=denied shwo` learns
//! that `and`, `or`, `show`, `order`, `limit` or the end could have come instead of `shwo`.

use super::ast::Span;
use super::error::{ErrorKind, QueryError};
use super::lex::Token;
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
    /// A literal token, shown quoted: `"where"`, `")"`.
    Token(&'static str),
    /// A kind of thing, shown as is: `a field`, `a value`.
    Thing(&'static str),
}

impl Want {
    fn label(self) -> String {
        match self {
            Want::Token(t) => format!("\"{t}\""),
            Want::Thing(t) => t.to_string(),
        }
    }
}

/// The furthest position any rule failed at (as tokens left), and what each rule wanted there.
#[derive(Debug, Default)]
pub struct Wants {
    left: Option<usize>,
    wanted: Vec<Want>,
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
        match all.get(at) {
            Some(token) => QueryError::new(
                ErrorKind::UnexpectedToken {
                    expected,
                    found: token.describe(),
                },
                token.span,
            ),
            None => QueryError::new(
                ErrorKind::UnexpectedEnd { expected },
                Span::new(text_len, text_len),
            ),
        }
    }
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
