//! The grammar (nom over tokens): one small function a rule, named as in the grammar.
//!
//! Syntax only: any word may be a table or a field here; `check` decides whether it exists.
//! Precedence lives in `or_expr` → `and_expr` → `unary` → `primary`: `and` binds tighter than
//! `or`, `not` tighter than both.

use super::ast::{
    Body, Count, Expr, Limit, Name, OpToken, OrderItem, Query, Select, Span, Value, ValueKind,
};
use super::error::{ErrorKind, QueryError};
use super::lex::{Token, TokenKind, lex};
use super::tokens::{Failure, Tokens, Want, Wants};
use nom::branch::alt;
use nom::combinator::{cut, map, opt};
use nom::multi::{many0, separated_list1};
use nom::sequence::preceded;
use nom::{IResult, Input, Parser};
use std::cell::RefCell;

/// The words the grammar reserves; they are never taken as a table, field or bare value.
pub const KEYWORDS: &[&str] = &[
    "explain", "count", "where", "and", "or", "not", "in", "between", "is", "null", "show",
    "order", "by", "asc", "desc", "limit", "offset",
];

type PResult<'a, O> = IResult<Tokens<'a>, O, Failure>;

/// Parses query text into its syntax tree.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    if let Some(err) = sql_instead(text) {
        return Err(err);
    }
    let tokens = lex(text)?;
    parse_tokens(&tokens, text.len())
}

/// The words an SQL statement starts with (after `explain`), none of which starts a query of
/// qawl's language.
const SQL_STARTS: &[&str] = &[
    "select", "with", "insert", "update", "delete", "replace", "create", "drop", "alter", "pragma",
    "attach", "detach", "vacuum", "values", "analyze", "reindex", "begin", "query",
];

/// The error for SQL typed where a query goes (`SELECT * FROM statements`, `EXPLAIN QUERY
/// PLAN …`): the way to run it, and the query language's way to ask.
fn sql_instead(text: &str) -> Option<QueryError> {
    let (mut rest, mut start) = (text, 0);
    let word = loop {
        let trimmed = rest.trim_start();
        start += rest.len() - trimmed.len();
        let len = trimmed
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(trimmed.len());
        let word = &trimmed[..len];
        if !word.eq_ignore_ascii_case("explain") {
            break word;
        }
        (rest, start) = (&trimmed[len..], start + len);
    };
    if !SQL_STARTS.iter().any(|k| k.eq_ignore_ascii_case(word)) {
        return None;
    }
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let run = if one_line.contains('\'') || one_line.chars().count() > 120 {
        "run SQL with qawl sql '…' (in the REPL: .sql …)".to_string()
    } else {
        format!("run it with qawl sql '{one_line}' (in the REPL: .sql {one_line})")
    };
    let kind = ErrorKind::LooksLikeSql {
        keyword: word.to_string(),
    };
    Some(
        QueryError::new(kind, Span::new(start, start + word.len()))
            .hint(run)
            .hint("or ask in qawl's language: statements where verb = denied show date, speaker, content"),
    )
}

/// Parses already lexed tokens of a text `text_len` bytes long.
pub fn parse_tokens(tokens: &[Token<'_>], text_len: usize) -> Result<Query, QueryError> {
    let wants = RefCell::new(Wants::default());
    let result = (query, opt(semicolon), end).parse(Tokens::new(tokens, &wants));
    match result {
        Ok((_, (query, _, _))) => Ok(query),
        Err(nom::Err::Error(Failure::Hard(e)) | nom::Err::Failure(Failure::Hard(e))) => Err(*e),
        Err(_) if tokens.is_empty() => Err(wants
            .into_inner()
            .into_error(tokens, text_len)
            .hint("a query starts with a table: statements, articles or entities")),
        Err(_) => Err(wants.into_inner().into_error(tokens, text_len)),
    }
}

/// True for a reserved word of the grammar (any case).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

// query := "explain"* (count | select)
fn query<'a>(input: Tokens<'a>) -> PResult<'a, Query> {
    let body = alt((map(count, Body::Count), map(select, Body::Select)));
    map((many0(keyword("explain")), body), |(explains, body)| {
        Query {
            explain: !explains.is_empty(),
            body,
        }
    })
    .parse(input)
}

// select := TABLE [where] [show] [order by] [limit]
fn select<'a>(input: Tokens<'a>) -> PResult<'a, Select> {
    let clauses = (
        name("a table"),
        opt(where_clause),
        opt(show_clause),
        opt(order_clause),
        opt(limit_clause),
    );
    map(clauses, |(table, filter, show, order, limit)| Select {
        table,
        filter,
        show: show.unwrap_or_default(),
        order: order.unwrap_or_default(),
        limit,
    })
    .parse(input)
}

// count := "count" TABLE [where] [by] [order by] [limit]
fn count<'a>(input: Tokens<'a>) -> PResult<'a, Count> {
    let clauses = (
        keyword("count"),
        cut(name("a table")),
        opt(where_clause),
        opt(by_clause),
        opt(order_clause),
        opt(limit_clause),
    );
    map(clauses, |(_, table, filter, by, order, limit)| Count {
        table,
        filter,
        by: by.unwrap_or_default(),
        order: order.unwrap_or_default(),
        limit,
    })
    .parse(input)
}

fn where_clause<'a>(input: Tokens<'a>) -> PResult<'a, Expr> {
    preceded(keyword("where"), cut(or_expr)).parse(input)
}

fn show_clause<'a>(input: Tokens<'a>) -> PResult<'a, Vec<Name>> {
    preceded(keyword("show"), cut(names("a field"))).parse(input)
}

fn by_clause<'a>(input: Tokens<'a>) -> PResult<'a, Vec<Name>> {
    preceded(
        keyword("by"),
        cut(names("a field or year, month, week, day")),
    )
    .parse(input)
}

fn order_clause<'a>(input: Tokens<'a>) -> PResult<'a, Vec<OrderItem>> {
    let items = separated_list1(comma, order_item);
    preceded((keyword("order"), cut(keyword("by"))), cut(items)).parse(input)
}

// order_item := (FIELD | "count") ["asc" | "desc"]
fn order_item<'a>(input: Tokens<'a>) -> PResult<'a, OrderItem> {
    let count = map(keyword("count"), |t| Name {
        text: t.text.to_ascii_lowercase(),
        span: t.span,
    });
    let direction = alt((
        map(keyword("asc"), |_| false),
        map(keyword("desc"), |_| true),
    ));
    map(
        (alt((name("a field"), count)), opt(direction)),
        |(field, descending)| OrderItem { field, descending },
    )
    .parse(input)
}

fn limit_clause<'a>(input: Tokens<'a>) -> PResult<'a, Limit> {
    let offset = preceded(keyword("offset"), cut(value));
    map(
        (preceded(keyword("limit"), cut(value)), opt(offset)),
        |(count, offset)| Limit { count, offset },
    )
    .parse(input)
}

// EXPR := and_expr {"or" and_expr}
fn or_expr<'a>(input: Tokens<'a>) -> PResult<'a, Expr> {
    let rest = many0(preceded(keyword("or"), cut(and_expr)));
    map((and_expr, rest), |(first, rest)| {
        chain(first, rest, Expr::Or)
    })
    .parse(input)
}

fn and_expr<'a>(input: Tokens<'a>) -> PResult<'a, Expr> {
    let rest = many0(preceded(keyword("and"), cut(unary)));
    map((unary, rest), |(first, rest)| chain(first, rest, Expr::And)).parse(input)
}

/// One operand alone, or all of them under `make` (`Expr::And`, `Expr::Or`).
fn chain(first: Expr, rest: Vec<Expr>, make: fn(Vec<Expr>) -> Expr) -> Expr {
    if rest.is_empty() {
        return first;
    }
    let mut all = Vec::with_capacity(rest.len() + 1);
    all.push(first);
    all.extend(rest);
    make(all)
}

// unary := "not" unary | primary
fn unary<'a>(input: Tokens<'a>) -> PResult<'a, Expr> {
    let Ok((rest, not)) = keyword("not")(input) else {
        return primary(input);
    };
    let _nesting = rest.nest(not.span)?;
    let (rest, inner) = cut(unary).parse(rest)?;
    Ok((rest, Expr::Not(Box::new(inner), not.span)))
}

// primary := "(" EXPR ")" | condition
fn primary<'a>(input: Tokens<'a>) -> PResult<'a, Expr> {
    alt((group, condition)).parse(input)
}

fn group<'a>(input: Tokens<'a>) -> PResult<'a, Expr> {
    let (rest, open) = punct(TokenKind::LParen, "(")(input)?;
    let _nesting = rest.nest(open.span)?;
    let (rest, inner) = cut(or_expr).parse(rest)?;
    let (rest, _) = close_paren(open.span)(rest)?;
    Ok((rest, inner))
}

/// What may follow a field in a condition.
enum Tail {
    Compare(OpToken, Value),
    In(Vec<Value>, Span),
    Between(Value, Value, Span),
    Null { negated: bool, span: Span },
    Not(Box<Tail>, Span),
}

// condition := FIELD (OP VALUE | [not] in (…) | [not] between … and … | is [not] null | nothing)
fn condition<'a>(input: Tokens<'a>) -> PResult<'a, Expr> {
    let (rest, field) = name("a field")(input)?;
    let (rest, tail) = opt(tail).parse(rest)?;
    let expr = match tail {
        Some(tail) => with_field(field, tail),
        None => Expr::Flag(field),
    };
    Ok((rest, expr))
}

fn tail<'a>(input: Tokens<'a>) -> PResult<'a, Tail> {
    let negated = map(
        (keyword("not"), cut(alt((in_list, between)))),
        |(t, tail)| Tail::Not(Box::new(tail), t.span),
    );
    alt((compare, in_list, between, is_null, negated)).parse(input)
}

fn with_field(field: Name, tail: Tail) -> Expr {
    match tail {
        Tail::Compare(op, value) => Expr::Compare { field, op, value },
        Tail::In(values, span) => Expr::In {
            field,
            values,
            span,
        },
        Tail::Between(low, high, span) => Expr::Between {
            field,
            low,
            high,
            span,
        },
        Tail::Null { negated, span } => Expr::IsNull {
            field,
            negated,
            span,
        },
        Tail::Not(tail, span) => Expr::Not(Box::new(with_field(field, *tail)), span),
    }
}

// is_null := "is" ["not"] "null"
fn is_null<'a>(input: Tokens<'a>) -> PResult<'a, Tail> {
    let (rest, is) = keyword("is")(input)?;
    let (rest, not) = opt(keyword("not")).parse(rest)?;
    let (rest, null) = cut(keyword("null")).parse(rest)?;
    Ok((
        rest,
        Tail::Null {
            negated: not.is_some(),
            span: is.span.to(null.span),
        },
    ))
}

fn compare<'a>(input: Tokens<'a>) -> PResult<'a, Tail> {
    map((operator, cut(value)), |(op, value)| {
        Tail::Compare(op, value)
    })
    .parse(input)
}

fn operator<'a>(input: Tokens<'a>) -> PResult<'a, OpToken> {
    match input.first() {
        Some(&Token {
            kind: TokenKind::Op(op),
            span,
            ..
        }) => Ok((input.take_from(1), OpToken { op, span })),
        _ => {
            input.want(Want::Thing("an operator (= != ~ !~ < <= > >=)"));
            Err(nom::Err::Error(Failure::Soft))
        }
    }
}

// in_list := "in" "(" VALUE {"," VALUE} ")"
fn in_list<'a>(input: Tokens<'a>) -> PResult<'a, Tail> {
    let (rest, keyword) = keyword("in")(input)?;
    let (rest, open) = cut(punct(TokenKind::LParen, "(")).parse(rest)?;
    let (rest, values) = cut(separated_list1(comma, value)).parse(rest)?;
    let (rest, _) = close_paren(open.span)(rest)?;
    Ok((rest, Tail::In(values, keyword.span)))
}

// between := "between" VALUE "and" VALUE
fn between<'a>(input: Tokens<'a>) -> PResult<'a, Tail> {
    let parts = (
        keyword("between"),
        cut(value),
        cut(keyword("and")),
        cut(value),
    );
    map(parts, |(t, low, _, high)| Tail::Between(low, high, t.span)).parse(input)
}

// VALUE := string | bare word | number | date | $param
fn value<'a>(input: Tokens<'a>) -> PResult<'a, Value> {
    let accept = |t: &Token<'_>| match t.kind {
        TokenKind::Str | TokenKind::Number | TokenKind::Date | TokenKind::Param => true,
        TokenKind::Word => !is_keyword(t.text),
        _ => false,
    };
    map(token_if(Want::Thing("a value"), accept), |t| Value {
        kind: match t.kind {
            TokenKind::Str => ValueKind::Quoted,
            TokenKind::Param => ValueKind::Param,
            _ => ValueKind::Bare,
        },
        text: t.value_text().to_string(),
        span: t.span,
    })
    .parse(input)
}

/// A `)` that closes the `(` at `open`; the end of the query here is an unclosed parenthesis.
fn close_paren<'a>(open: Span) -> impl Fn(Tokens<'a>) -> PResult<'a, Token<'a>> {
    move |input| match punct(TokenKind::RParen, ")")(input) {
        Err(nom::Err::Error(_)) if input.first().is_none() => {
            let err = QueryError::new(ErrorKind::UnterminatedParen, open)
                .hint("the parenthesis opened here; close it with )");
            Err(nom::Err::Failure(Failure::Hard(Box::new(err))))
        }
        Err(nom::Err::Error(e)) => Err(nom::Err::Failure(e)),
        other => other,
    }
}

fn names<'a>(what: &'static str) -> impl Fn(Tokens<'a>) -> PResult<'a, Vec<Name>> {
    move |input| separated_list1(comma, name(what)).parse(input)
}

/// A word that is not a keyword: a table, field or group name.
fn name<'a>(what: &'static str) -> impl Fn(Tokens<'a>) -> PResult<'a, Name> {
    move |input| {
        let word = token_if(Want::Thing(what), |t| {
            t.kind == TokenKind::Word && !is_keyword(t.text)
        });
        map(word, |t| Name {
            text: t.text.to_string(),
            span: t.span,
        })
        .parse(input)
    }
}

fn keyword<'a>(word: &'static str) -> impl Fn(Tokens<'a>) -> PResult<'a, Token<'a>> {
    token_if(Want::Token(word), move |t| t.is_keyword(word))
}

fn punct<'a>(
    kind: TokenKind,
    shown: &'static str,
) -> impl Fn(Tokens<'a>) -> PResult<'a, Token<'a>> {
    token_if(Want::Token(shown), move |t| t.kind == kind)
}

fn comma<'a>(input: Tokens<'a>) -> PResult<'a, Token<'a>> {
    punct(TokenKind::Comma, ",")(input)
}

fn semicolon<'a>(input: Tokens<'a>) -> PResult<'a, Token<'a>> {
    punct(TokenKind::Semicolon, ";")(input)
}

fn end<'a>(input: Tokens<'a>) -> PResult<'a, ()> {
    if input.first().is_none() {
        return Ok((input, ()));
    }
    input.want(Want::Thing("the end of the query"));
    Err(nom::Err::Error(Failure::Soft))
}

/// The next token when `accept` takes it; else notes `want` here and fails softly.
fn token_if<'a>(
    want: Want,
    accept: impl Fn(&Token<'a>) -> bool,
) -> impl Fn(Tokens<'a>) -> PResult<'a, Token<'a>> {
    move |input: Tokens<'a>| match input.first() {
        Some(t) if accept(t) => Ok((input.take_from(1), *t)),
        _ => {
            input.want(want);
            Err(nom::Err::Error(Failure::Soft))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(text: &str) -> Expr {
        match parse(text).map(|q| q.body) {
            Ok(Body::Select(s)) => s.filter.expect("a where clause"),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn field_of(expr: &Expr) -> &str {
        match expr {
            Expr::Compare { field, .. } | Expr::In { field, .. } | Expr::Between { field, .. } => {
                &field.text
            }
            Expr::Flag(field) | Expr::IsNull { field, .. } => &field.text,
            other => panic!("not a condition: {other:?}"),
        }
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let Expr::Or(parts) = filter("statements where verb=نفى or speaker=علوان and negated")
        else {
            panic!("an or at the top");
        };
        assert_eq!(field_of(&parts[0]), "verb");
        assert!(matches!(&parts[1], Expr::And(inner) if inner.len() == 2));
    }

    #[test]
    fn not_in_and_between_wrap_their_condition() {
        let Expr::Not(inner, _) = filter("statements where verb not in (نفى, said)") else {
            panic!("a not");
        };
        assert!(matches!(*inner, Expr::In { ref values, .. } if values.len() == 2));
        let between = filter("statements where date between ٢٠١٨ and 2019-03");
        assert!(matches!(between, Expr::Between { ref low, .. } if low.text == "٢٠١٨"));
    }

    #[test]
    fn values_keep_their_text_and_kind() {
        let Expr::Compare { value, .. } = filter("statements where speaker = «وائل علوان»")
        else {
            panic!("a comparison");
        };
        assert_eq!(
            (value.text.as_str(), value.kind),
            ("وائل علوان", ValueKind::Quoted)
        );
        let Expr::Compare { value, .. } = filter("statements where speaker = $who") else {
            panic!("a comparison");
        };
        assert_eq!((value.text.as_str(), value.kind), ("who", ValueKind::Param));
    }

    #[test]
    fn is_null_and_is_not_null_follow_a_field() {
        let Expr::And(parts) = filter("statements where quote is null and date IS NOT NULL") else {
            panic!("an and");
        };
        assert!(
            matches!(&parts[0], Expr::IsNull { negated: false, span, .. } if *span == Span::new(23, 30))
        );
        assert!(matches!(&parts[1], Expr::IsNull { negated: true, .. }));
        assert_eq!(field_of(&parts[1]), "date");
        let err = parse("statements where quote is \"x\"").unwrap_err();
        let expected = vec!["`not`".to_string(), "`null`".to_string()];
        assert!(
            matches!(err.kind, ErrorKind::UnexpectedToken { expected: ref e, .. } if *e == expected),
            "{err:?}"
        );
    }

    #[test]
    fn a_missing_value_is_expected_at_the_end() {
        let err = parse("statements where speaker =").unwrap_err();
        let expected = vec!["a value".to_string()];
        assert_eq!(err.kind, ErrorKind::UnexpectedEnd { expected });
    }

    #[test]
    fn a_keyword_is_not_a_field() {
        let err = parse("statements where show = علوان").unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::UnexpectedToken { ref found, .. } if found == "`show`")
        );
    }
}
