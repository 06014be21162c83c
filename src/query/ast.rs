//! The syntax tree of a query, as typed: names are not yet checked against the catalog.
//!
//! Every node that an error can point at carries its [`Span`], a byte range of the query text.

/// A byte range `start..end` of the query text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// `[explain] select-or-count`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub explain: bool,
    pub body: Body,
}

/// What the query asks for: rows or counts.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Select(Select),
    Count(Count),
}

/// `TABLE [where EXPR] [show FIELD, …] [order by …] [limit N [offset N]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Select {
    pub table: Name,
    pub filter: Option<Expr>,
    pub show: Vec<Name>,
    pub order: Vec<OrderItem>,
    pub limit: Option<Limit>,
}

/// `count TABLE [where EXPR] [by GROUP, …] [order by …] [limit N [offset N]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub table: Name,
    pub filter: Option<Expr>,
    pub by: Vec<Name>,
    pub order: Vec<OrderItem>,
    pub limit: Option<Limit>,
}

/// A table, field or group name as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// `FIELD [asc|desc]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderItem {
    pub field: Name,
    /// `Some(true)` for `desc`, `Some(false)` for `asc`, `None` when not said.
    pub descending: Option<bool>,
}

/// `limit N [offset N]`; the numbers are checked later, so `$n` works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub count: Value,
    pub offset: Option<Value>,
}

/// A condition of `where`.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Two or more alternatives.
    Or(Vec<Expr>),
    /// Two or more conditions that must all hold.
    And(Vec<Expr>),
    /// `not EXPR`; the span is the `not` keyword's.
    Not(Box<Expr>, Span),
    /// `FIELD OP VALUE`.
    Compare {
        field: Name,
        op: OpToken,
        value: Value,
    },
    /// `FIELD in (VALUE, …)`; the span is the `in` keyword's.
    In {
        field: Name,
        values: Vec<Value>,
        span: Span,
    },
    /// `FIELD between VALUE and VALUE`; the span is the `between` keyword's.
    Between {
        field: Name,
        low: Value,
        high: Value,
        span: Span,
    },
    /// `FIELD is null`, or `FIELD is not null` when `negated`; the span runs from `is` to
    /// `null`.
    IsNull {
        field: Name,
        negated: bool,
        span: Span,
    },
    /// A yes/no field alone: `negated`.
    Flag(Name),
}

impl Expr {
    /// The span from the condition's first token to its last.
    pub fn span(&self) -> Span {
        match self {
            Expr::Or(all) | Expr::And(all) => match (all.first(), all.last()) {
                (Some(first), Some(last)) => first.span().to(last.span()),
                _ => Span::default(),
            },
            Expr::Not(inner, not) => not.to(inner.span()),
            Expr::Compare { field, value, .. } => field.span.to(value.span),
            Expr::In {
                field,
                values,
                span,
            } => {
                let last = values.last().map_or(*span, |v| v.span);
                field.span.to(last)
            }
            Expr::Between { field, high, .. } => field.span.to(high.span),
            Expr::IsNull { field, span, .. } => field.span.to(*span),
            Expr::Flag(name) => name.span,
        }
    }
}

/// The comparison operators, and `in` / `between` for listing what a field allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Eq,
    Ne,
    Match,
    NotMatch,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Between,
}

impl Op {
    /// How the operator is typed.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Match => "~",
            Op::NotMatch => "!~",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::In => "in",
            Op::Between => "between",
        }
    }

    /// The comparison operator typed as `symbol`.
    pub fn from_symbol(symbol: &str) -> Option<Op> {
        [
            Op::Eq,
            Op::Ne,
            Op::Match,
            Op::NotMatch,
            Op::Lt,
            Op::Le,
            Op::Gt,
            Op::Ge,
        ]
        .into_iter()
        .find(|op| op.symbol() == symbol)
    }
}

/// An operator with where it was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpToken {
    pub op: Op,
    pub span: Span,
}

/// A value as typed: its text without quotes, and whether it was quoted or a `$param`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub kind: ValueKind,
    pub text: String,
    pub span: Span,
}

/// How a value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `"…"`, `'…'` or `«…»`.
    Quoted,
    /// A bare word, number or date.
    Bare,
    /// `$name`: `text` is the name, bound from [`super::Params`] when checked.
    Param,
}
