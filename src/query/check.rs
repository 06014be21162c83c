//! Checking the syntax tree against the catalog: names resolved to fields, operators and values
//! checked against each field's type, parameters bound. The result, [`Checked`], is ready to
//! become SQL and can no longer fail.

use super::Params;
use super::ast::{Body, Expr, Limit, Name, Op, OrderItem, Query, Span, Value};
use super::catalog::{BUCKETS, Catalog, Field, FieldType, Fts, Link, Table};
use super::error::{ErrorKind, QueryError};
use super::value::{self, Bound};
use crate::output::Cell;

/// A query whose every name, operator and value is known good.
#[derive(Debug, Clone)]
pub struct Checked {
    pub explain: bool,
    pub table: &'static Table,
    pub filter: Option<Cond>,
    pub shape: Shape,
    pub order: Vec<Sort>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Rows of fields, or counts by groups.
#[derive(Debug, Clone)]
pub enum Shape {
    Rows(Vec<&'static Field>),
    Groups(Vec<Group>),
}

/// A group of `count … by`: a field's value or a date bucket of the table's date.
#[derive(Debug, Clone, Copy)]
pub enum Group {
    Field(&'static Field),
    /// `year`, `month`, `week` or `day` of the date field.
    Bucket(&'static str, &'static Field),
}

/// One ordering key.
#[derive(Debug, Clone)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

/// What to order by: a field of the table, or an output column of a count.
#[derive(Debug, Clone)]
pub enum SortKey {
    Field(&'static Field),
    Column(String),
}

/// A condition over rows.
#[derive(Debug, Clone)]
pub enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Test(&'static Field, Test),
}

/// One test of one field, with its values already in the form SQL compares.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// Entities named (`=`, `in`) or whose name contains (`~`) these normalised texts,
    /// reached from the row through `link`.
    Entity {
        link: Link,
        values: Vec<String>,
        contains: bool,
    },
    /// Normalised equality (`=`, `in`) or substring (`~`).
    Text { values: Vec<String>, contains: bool },
    /// A full-text query for the `fts` index.
    Search { fts: Fts, query: String },
    /// Equal to one of these.
    Equal(Vec<Cell>),
    /// `<`, `<=`, `>` or `>=` this.
    Compare(Op, Cell),
    /// Between these, both included.
    Range(Cell, Cell),
    /// No value: NULL, empty text or an empty list (`is null`, `= ""`).
    Missing,
    /// A value: not NULL, not empty (`is not null`, `!= ""`).
    Present,
}

/// Checks `query` against `catalog`, binding `$params`; clauses in the order they are typed,
/// so the first error reported is the first in the text.
pub fn check(query: &Query, catalog: &Catalog, params: &Params) -> Result<Checked, QueryError> {
    let (name, filter, limit) = match &query.body {
        Body::Select(s) => (&s.table, &s.filter, &s.limit),
        Body::Count(c) => (&c.table, &c.filter, &c.limit),
    };
    let table = table(catalog, name)?;
    let filter = filter
        .as_ref()
        .map(|e| cond(table, e, params))
        .transpose()?;
    let (shape, order) = match &query.body {
        Body::Select(s) => (
            Shape::Rows(show(table, &s.show)?),
            select_order(table, &s.order)?,
        ),
        Body::Count(c) => {
            let groups = c.by.iter().map(|n| group(table, n));
            let groups = groups.collect::<Result<Vec<_>, _>>()?;
            let order = count_order(table, &groups, &c.order)?;
            (Shape::Groups(groups), order)
        }
    };
    let (limit, offset) = limits(limit.as_ref(), params)?;
    Ok(Checked {
        explain: query.explain,
        table,
        filter,
        shape,
        order,
        limit,
        offset,
    })
}

fn limits(
    limit: Option<&Limit>,
    params: &Params,
) -> Result<(Option<i64>, Option<i64>), QueryError> {
    let Some(limit) = limit else {
        return Ok((None, None));
    };
    let offset = limit.offset.as_ref();
    Ok((
        Some(limit_number(&limit.count, params)?),
        offset.map(|o| limit_number(o, params)).transpose()?,
    ))
}

fn table(catalog: &Catalog, name: &Name) -> Result<&'static Table, QueryError> {
    catalog.table(&name.text).ok_or_else(|| {
        let tables: Vec<&'static str> = catalog.tables().iter().map(|t| t.name).collect();
        let mut err = QueryError::new(
            ErrorKind::UnknownTable {
                name: name.text.clone(),
                tables: tables.clone(),
            },
            name.span,
        );
        if let Some(near) = nearest(&name.text, &tables) {
            err = err.hint(format!("did you mean {near}?"));
        }
        err
    })
}

fn field(table: &'static Table, name: &Name) -> Result<&'static Field, QueryError> {
    table
        .field(&name.text)
        .ok_or_else(|| unknown_field(table, name, &table.field_names()))
}

fn unknown_field(table: &'static Table, name: &Name, fields: &[&'static str]) -> QueryError {
    let mut err = QueryError::new(
        ErrorKind::UnknownField {
            table: table.name,
            name: name.text.clone(),
            fields: fields.to_vec(),
        },
        name.span,
    );
    if let Some(near) = nearest(&name.text, fields) {
        err = err.hint(format!("did you mean {near}?"));
    }
    let elsewhere: Vec<&str> = Catalog::new()
        .tables()
        .iter()
        .filter(|t| t.name != table.name && t.field(&name.text).is_some())
        .map(|t| t.name)
        .collect();
    if !elsewhere.is_empty() {
        err = err.hint(format!(
            "{} is a field of {}",
            name.text,
            elsewhere.join(", ")
        ));
    }
    err.hint(format!(
        "the fields of {}: {}",
        table.name,
        fields.join(", ")
    ))
}

fn show(table: &'static Table, names: &[Name]) -> Result<Vec<&'static Field>, QueryError> {
    if names.is_empty() {
        return Ok(table.fields.iter().filter(|f| f.default).collect());
    }
    names.iter().map(|n| field(table, n)).collect()
}

fn group(table: &'static Table, name: &Name) -> Result<Group, QueryError> {
    if let Some(f) = table.field(&name.text) {
        return Ok(Group::Field(f));
    }
    let bucket = BUCKETS.iter().find(|b| b.eq_ignore_ascii_case(&name.text));
    let date = table.date.and_then(|d| table.field(d));
    match (bucket, date) {
        (Some(b), Some(date)) => Ok(Group::Bucket(b, date)),
        _ => {
            let mut names = table.field_names();
            if date.is_some() {
                names.extend(BUCKETS);
            }
            Err(unknown_field(table, name, &names))
        }
    }
}

fn select_order(table: &'static Table, items: &[OrderItem]) -> Result<Vec<Sort>, QueryError> {
    if items.is_empty() {
        let defaults = table.default_order.iter();
        return Ok(defaults
            .filter_map(|&(name, descending)| {
                let f = table.field(name)?;
                Some(Sort {
                    key: SortKey::Field(f),
                    descending,
                })
            })
            .collect());
    }
    items
        .iter()
        .map(|item| {
            Ok(Sort {
                key: SortKey::Field(field(table, &item.field)?),
                descending: item.descending.unwrap_or(false),
            })
        })
        .collect()
}

/// A count orders by `count` (largest first) unless told otherwise, then by its groups.
fn count_order(
    table: &'static Table,
    groups: &[Group],
    items: &[OrderItem],
) -> Result<Vec<Sort>, QueryError> {
    let names: Vec<&'static str> = groups.iter().map(|g| g.name()).chain(["count"]).collect();
    let column = |name: &str, descending| Sort {
        key: SortKey::Column(name.to_string()),
        descending,
    };
    if items.is_empty() {
        let mut order = vec![column("count", true)];
        order.extend(groups.iter().map(|g| column(g.name(), false)));
        return Ok(order);
    }
    items
        .iter()
        .map(|item| {
            let found = names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(&item.field.text));
            match found {
                Some(name) => Ok(column(name, item.descending.unwrap_or(false))),
                None => Err(not_a_count_column(table, groups, &item.field, &names)),
            }
        })
        .collect()
}

/// Ordering a count by something that is not one of its columns: a real field gets the way to
/// count by it too, any other name the nearest column.
fn not_a_count_column(
    table: &'static Table,
    groups: &[Group],
    name: &Name,
    columns: &[&'static str],
) -> QueryError {
    let bucket = BUCKETS.iter().find(|b| b.eq_ignore_ascii_case(&name.text));
    let groupable = match table.field(&name.text) {
        Some(f) => Some(f.name),
        None => bucket.filter(|_| table.date.is_some()).copied(),
    };
    let Some(groupable) = groupable else {
        let err = QueryError::new(
            ErrorKind::UnknownField {
                table: table.name,
                name: name.text.clone(),
                fields: columns.to_vec(),
            },
            name.span,
        );
        let err = match nearest(&name.text, columns) {
            Some(near) => err.hint(format!("did you mean {near}?")),
            None => err,
        };
        return err.hint(format!(
            "a count is ordered by its columns: {}",
            columns.join(", ")
        ));
    };
    let mut by: Vec<&str> = groups.iter().map(|g| g.name()).collect();
    by.push(groupable);
    QueryError::new(
        ErrorKind::NotACountColumn {
            name: name.text.clone(),
            columns: columns.to_vec(),
        },
        name.span,
    )
    .hint(format!(
        "to order by {groupable}, count by it too: … by {} order by {groupable}",
        by.join(", ")
    ))
}

impl Group {
    /// The output column's name.
    pub fn name(&self) -> &'static str {
        match self {
            Group::Field(f) => f.name,
            Group::Bucket(b, _) => b,
        }
    }
}

fn cond(table: &'static Table, expr: &Expr, params: &Params) -> Result<Cond, QueryError> {
    let all = |exprs: &[Expr]| -> Result<Vec<Cond>, QueryError> {
        exprs.iter().map(|e| cond(table, e, params)).collect()
    };
    Ok(match expr {
        Expr::Or(exprs) => Cond::Or(all(exprs)?),
        Expr::And(exprs) => Cond::And(all(exprs)?),
        Expr::Not(e, _) => Cond::Not(Box::new(cond(table, e, params)?)),
        Expr::Flag(name) => flag(field(table, name)?, name)?,
        Expr::IsNull {
            field: f,
            negated,
            span,
        } => missing(table, field(table, f)?, *negated, f.span.to(*span))?,
        Expr::Compare {
            field: f,
            op,
            value,
        } => {
            let name = f;
            let f = field(table, f)?;
            let bound = value::bind(value, params)?;
            // `quote = ""` asks for statements without a quote, `quote != ""` for those with one
            if matches!(op.op, Op::Eq | Op::Ne) && bound.text.trim().is_empty() {
                return missing(table, f, op.op == Op::Ne, name.span.to(value.span));
            }
            allow(f, op.op, op.span)?;
            super::ops::compare(f, op.op, &bound)?
        }
        Expr::In {
            field: f,
            values,
            span,
        } => {
            let f = field(table, f)?;
            allow(f, Op::In, *span)?;
            let bound = bind_all(values, params)?;
            super::ops::one_of(f, &bound)?
        }
        Expr::Between {
            field: f,
            low,
            high,
            span,
        } => {
            let f = field(table, f)?;
            allow(f, Op::Between, *span)?;
            let (low, high) = (value::bind(low, params)?, value::bind(high, params)?);
            super::ops::between(f, &low, &high)?
        }
    })
}

/// `FIELD is null` (no value), or `FIELD is not null` when `present`; a field that always has
/// a value is an error, naming those that may not.
fn missing(
    table: &'static Table,
    f: &'static Field,
    present: bool,
    span: Span,
) -> Result<Cond, QueryError> {
    if f.may_be_missing() {
        let test = if present {
            Test::Present
        } else {
            Test::Missing
        };
        return Ok(Cond::Test(f, test));
    }
    let optional: Vec<&str> = table
        .fields
        .iter()
        .filter(|f| f.may_be_missing())
        .map(|f| f.name)
        .collect();
    Err(
        QueryError::new(ErrorKind::NeverMissing { field: f.name }, span).hint(format!(
            "the fields of {} that may have no value: {}",
            table.name,
            optional.join(", ")
        )),
    )
}

fn bind_all(values: &[Value], params: &Params) -> Result<Vec<Bound>, QueryError> {
    values.iter().map(|v| value::bind(v, params)).collect()
}

fn flag(f: &'static Field, name: &Name) -> Result<Cond, QueryError> {
    if f.ty != FieldType::Bool {
        let mut err = QueryError::new(ErrorKind::NotAFlag { field: f.name }, name.span)
            .hint(format!("compare it with a value: {} = …", f.name));
        if f.may_be_missing() {
            err = err.hint(format!("or ask whether it has one: {} is not null", f.name));
        }
        return Err(err);
    }
    Ok(Cond::Test(f, Test::Equal(vec![Cell::Int(1)])))
}

/// Fails unless `op` applies to the field's type.
fn allow(f: &'static Field, op: Op, span: Span) -> Result<(), QueryError> {
    let ops = f.ty.ops();
    if ops.contains(&op) {
        return Ok(());
    }
    let allowed: Vec<&'static str> = ops.iter().map(|o| o.symbol()).collect();
    let mut err = QueryError::new(
        ErrorKind::OperatorNotAllowed {
            field: f.name,
            ty: f.ty.name(),
            op: op.symbol().to_string(),
            allowed,
        },
        span,
    );
    if matches!(op, Op::Match | Op::NotMatch) && f.ty == FieldType::Verb {
        err = err.hint("verb takes a class or an Arabic reporting word: verb = denied, verb = نفى");
    }
    Err(err)
}

fn limit_number(value: &Value, params: &Params) -> Result<i64, QueryError> {
    let bound = value::bind(value, params)?;
    crate::text::normalize(&bound.text)
        .parse::<u64>()
        .ok()
        .and_then(|n| i64::try_from(n).ok())
        .ok_or_else(|| {
            QueryError::new(
                ErrorKind::BadLimit {
                    found: bound.text.clone(),
                },
                bound.span,
            )
            .hint("limit takes how many rows to show: limit 20, limit 20 offset 40")
        })
}

/// The candidate closest to `typed` when it is close enough to be a likely typo.
pub fn nearest<'c>(typed: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let typed = typed.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&typed, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_close_names_only() {
        let fields = ["speaker", "surface", "source"];
        assert_eq!(nearest("speakr", &fields), Some("speaker"));
        assert_eq!(nearest("SOURCE", &fields), Some("source"));
        assert_eq!(nearest("متحدث", &fields), None);
    }

    #[test]
    fn a_select_without_show_or_order_takes_the_defaults() {
        let query = super::super::parse("statements where negated = نعم").unwrap();
        let checked = check(&query, &Catalog::new(), &Params::new()).unwrap();
        let Shape::Rows(fields) = &checked.shape else {
            panic!("rows");
        };
        assert_eq!(fields.first().map(|f| f.name), Some("date"));
        assert!(matches!(checked.order[0].key, SortKey::Field(f) if f.name == "date"));
        assert!(checked.order[0].descending);
    }
}
