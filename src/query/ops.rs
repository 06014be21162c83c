//! What each operator means for each field type (DESIGN.md, "Meaning of operators"): one
//! checked value in, one [`Cond`] out. `!=` and `!~` are the negation of `=` and `~`.

use super::ast::Op;
use super::catalog::{Field, FieldType};
use super::check::{Cond, Test};
use super::error::QueryError;
use super::value::{self, Bound};
use crate::output::Cell;

/// `FIELD OP VALUE`.
pub fn compare(field: &'static Field, op: Op, value: &Bound) -> Result<Cond, QueryError> {
    let test = |t: Test| Cond::Test(field, t);
    Ok(match op {
        Op::Ne | Op::NotMatch => {
            let positive = if op == Op::Ne { Op::Eq } else { Op::Match };
            Cond::Not(Box::new(compare(field, positive, value)?))
        }
        // `in` and `between` never reach here as comparisons; alone they would mean `=`
        Op::Eq | Op::In | Op::Between => equal(field, std::slice::from_ref(value))?,
        Op::Match => test(matching(field, value)?),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => test(order(field, op, value)?),
    })
}

/// `FIELD in (VALUE, …)`.
pub fn one_of(field: &'static Field, values: &[Bound]) -> Result<Cond, QueryError> {
    equal(field, values)
}

/// `FIELD between LOW and HIGH`, both included; partial dates widen to their whole span.
pub fn between(field: &'static Field, low: &Bound, high: &Bound) -> Result<Cond, QueryError> {
    let range = match field.ty {
        FieldType::Date => {
            let (first, _) = value::date_range(low, field.name)?;
            let (_, last) = value::date_range(high, field.name)?;
            Test::Range(Cell::Text(first), Cell::Text(last))
        }
        _ => Test::Range(
            Cell::Int(value::integer(low, field.name)?),
            Cell::Int(value::integer(high, field.name)?),
        ),
    };
    Ok(Cond::Test(field, range))
}

/// `=` (one value) and `in` (several): equal to any of them.
fn equal(field: &'static Field, values: &[Bound]) -> Result<Cond, QueryError> {
    let name = field.name;
    let texts = || -> Result<Vec<String>, QueryError> {
        values.iter().map(|v| value::text(v, name)).collect()
    };
    let cells = |f: &dyn Fn(&Bound) -> Result<Cell, QueryError>| {
        values.iter().map(f).collect::<Result<Vec<_>, _>>()
    };
    let test = match field.ty {
        FieldType::Entity(link) => Test::Entity {
            link,
            values: texts()?,
            contains: false,
        },
        FieldType::Text | FieldType::LongText(_) => Test::Text {
            values: texts()?,
            contains: false,
        },
        FieldType::Date => return dates(field, values),
        FieldType::Int | FieldType::Count => {
            Test::Equal(cells(&|v| Ok(Cell::Int(value::integer(v, name)?)))?)
        }
        FieldType::Bool => Test::Equal(cells(&|v| Ok(Cell::Int(value::boolean(v, name)?)))?),
        FieldType::Verb => Test::Equal(cells(&|v| Ok(Cell::from(value::verb(v)?.as_str())))?),
        FieldType::Kind => Test::Equal(cells(&|v| Ok(Cell::from(value::kind(v, name)?)))?),
    };
    Ok(Cond::Test(field, test))
}

/// A date equals a (partial) date when it falls in its span; several dates are alternatives.
fn dates(field: &'static Field, values: &[Bound]) -> Result<Cond, QueryError> {
    let conds = values.iter().map(|v| {
        let (first, last) = value::date_range(v, field.name)?;
        let test = if first == last {
            Test::Equal(vec![Cell::Text(first)])
        } else {
            Test::Range(Cell::Text(first), Cell::Text(last))
        };
        Ok(Cond::Test(field, test))
    });
    let mut conds = conds.collect::<Result<Vec<_>, QueryError>>()?;
    match conds.len() {
        1 => Ok(conds.remove(0)),
        _ => Ok(Cond::Or(conds)),
    }
}

/// `~`: a normalised substring, or a full-text match on long text.
fn matching(field: &'static Field, value: &Bound) -> Result<Test, QueryError> {
    let name = field.name;
    Ok(match field.ty {
        FieldType::LongText(fts) => Test::Search {
            fts,
            query: value::search(value, name)?,
        },
        FieldType::Entity(link) => Test::Entity {
            link,
            values: vec![value::text(value, name)?],
            contains: true,
        },
        _ => Test::Text {
            values: vec![value::text(value, name)?],
            contains: true,
        },
    })
}

/// `<`, `<=`, `>`, `>=`; for a partial date the bound is the side of its span that keeps the
/// meaning: `> 2018-03` is after March, `<= 2018-03` up to its end.
fn order(field: &'static Field, op: Op, value: &Bound) -> Result<Test, QueryError> {
    let bound = match field.ty {
        FieldType::Date => {
            let (first, last) = value::date_range(value, field.name)?;
            Cell::Text(if matches!(op, Op::Lt | Op::Ge) {
                first
            } else {
                last
            })
        }
        _ => Cell::Int(value::integer(value, field.name)?),
    };
    Ok(Test::Compare(op, bound))
}
