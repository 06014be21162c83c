//! `count … by` a date bucket or an entity column, in two levels, so that an index serves the
//! counting and nothing runs once a row but the count itself.
//!
//! The inner level counts by the stored values as the indexes hold them: the date itself
//! (`said_on`, in the order of `statements_said_on` or `statements_verb`), the entity's id
//! (in the order of `statements_speaker`). The outer level maps each group to what is shown
//! — `strftime` of a date, an entity's name — and adds up the groups that map to the same
//! value: the same rows as grouping by the shown value directly, with the function or the
//! name lookup run once a distinct stored value instead of once a row.
//!
//! A speaker is an id or, for an unnamed one, the text that names it (`surface`), so it is
//! counted by both: the id, and the text where there is no id. Without a condition, or with
//! one on the date alone, that is two passes joined by `UNION ALL`, both on the index of the
//! ids and dates (`statements_speaker`): the rows with an id from the index alone, the rows
//! without one apart. With any other condition it is one pass over the rows it keeps, read
//! through the condition's own index, so that only the kept rows are counted and a set of
//! ids (`about = …`) is made once.

use super::{Builder, group_by};
use crate::query::Compiled;
use crate::query::catalog::ById;
use crate::query::check::{Checked, Cond, Group};
use std::fmt::Write;

/// Whether `count … by` these groups is written in two levels.
pub(super) fn in_two_levels(groups: &[Group]) -> bool {
    groups
        .iter()
        .any(|g| matches!(g, Group::Bucket(..)) || by_id(g).is_some())
}

fn by_id(group: &Group) -> Option<ById> {
    match group {
        Group::Field(f) => f.by_id,
        Group::Bucket(..) => None,
    }
}

/// Which rows a pass of the inner level counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// The rows the condition keeps (every row without one).
    Kept,
    /// The rows with an entity in the split group, counted by its id alone.
    Named,
    /// The rows without one, counted by the text that stands in for it.
    Unnamed,
}

/// One column of the inner level, named as [`outer_select`] reads it; `None` is a NULL, which
/// is not grouped on, so that it does not keep an index's order from serving the grouping.
struct Key {
    name: String,
    sql: Option<String>,
}

/// The SQL of a checked `count … by` query with a date bucket or an entity column.
pub(super) fn counts(checked: &Checked, groups: &[Group]) -> Compiled {
    let mut b = Builder::default();
    let mut filter = String::with_capacity(256);
    if let Some(cond) = &checked.filter {
        b.cond(cond, &mut filter);
    }
    let split = split_group(checked, groups);
    let passes: &[Pass] = match split {
        Some(_) => &[Pass::Named, Pass::Unnamed],
        None => &[Pass::Kept],
    };
    let keys: Vec<Vec<Key>> = passes
        .iter()
        .map(|&pass| inner_keys(&mut b, groups, split, pass))
        .collect();
    let mut from = String::from(checked.table.from);
    for join in &b.joins {
        from.push('\n');
        from.push_str(join);
    }
    let mut sql = String::with_capacity(512 + filter.len());
    outer_select(groups, &mut sql);
    sql.push_str("\nFROM (");
    for (n, (&pass, keys)) in passes.iter().zip(&keys).enumerate() {
        if n > 0 {
            sql.push_str("\nUNION ALL");
        }
        let column = split.and_then(|i| by_id(&groups[i])).map(|id| id.column);
        write_pass(&mut sql, pass, keys, column, &from, &filter);
    }
    sql.push_str("\n)");
    group_by(groups.len(), &mut sql);
    for (i, sort) in checked.order.iter().enumerate() {
        sql.push_str(if i == 0 { "\nORDER BY " } else { ", " });
        b.sort(sort, &[], &mut sql);
    }
    b.limit(checked.limit, checked.offset, &mut sql);
    let (columns, types) = super::group_columns(groups);
    Compiled {
        sql,
        params: b.params,
        columns,
        types,
        explain: checked.explain,
    }
}

/// The group counted in two passes: one whose unnamed rows have a text, when the index of its
/// ids answers the condition by itself (there is none, or one on the date beside the id).
fn split_group(checked: &Checked, groups: &[Group]) -> Option<usize> {
    groups.iter().position(|g| {
        by_id(g).is_some_and(|id| {
            let answers = |cond: &Cond| cond.reads_only(id.beside);
            id.unnamed.is_some() && checked.filter.as_ref().is_none_or(answers)
        })
    })
}

/// `SELECT` of the outer level: each group's shown value from the inner columns, and the sum
/// of the inner counts. Group `i` is the inner column `g{i}`; an entity's id is named here,
/// else its unnamed text `u{i}` stands in.
fn outer_select(groups: &[Group], sql: &mut String) {
    sql.push_str("SELECT ");
    for (i, g) in groups.iter().enumerate() {
        let _ = match (g, by_id(g)) {
            (Group::Bucket(bucket, _), _) => {
                write!(sql, "strftime('{}', \"g{i}\")", format(bucket))
            }
            (Group::Field(_), Some(id)) => {
                let name = format!("(SELECT x.name FROM entities x WHERE x.id = \"g{i}\")");
                match id.unnamed {
                    Some(_) => write!(sql, "COALESCE({name}, \"u{i}\")"),
                    None => write!(sql, "{name}"),
                }
            }
            (Group::Field(_), None) => write!(sql, "\"g{i}\""),
        };
        let _ = write!(sql, " AS \"{}\", ", g.name());
    }
    sql.push_str("sum(\"n\") AS \"count\"");
}

/// The inner columns of a pass: a bucket's stored date, an entity's id (`g{i}`) and unnamed
/// text (`u{i}`), any other group's own expression.
fn inner_keys(b: &mut Builder, groups: &[Group], split: Option<usize>, pass: Pass) -> Vec<Key> {
    let mut keys = Vec::with_capacity(groups.len() + 1);
    for (i, g) in groups.iter().enumerate() {
        let name = format!("g{i}");
        match (g, by_id(g)) {
            (Group::Bucket(_, date), _) => keys.push(Key {
                name,
                sql: Some(b.expr(date).to_string()),
            }),
            (Group::Field(_), Some(id)) => {
                let pass = if split == Some(i) { pass } else { Pass::Kept };
                let column = (pass != Pass::Unnamed).then(|| id.column.to_string());
                keys.push(Key { name, sql: column });
                if let Some(text) = id.unnamed {
                    let sql = match pass {
                        Pass::Named => None,
                        Pass::Unnamed => Some(text.to_string()),
                        Pass::Kept => {
                            Some(format!("CASE WHEN {} IS NULL THEN {text} END", id.column))
                        }
                    };
                    keys.push(Key {
                        name: format!("u{i}"),
                        sql,
                    });
                }
            }
            (Group::Field(_), None) => {
                let mut sql = String::new();
                b.group(g, &mut sql);
                keys.push(Key {
                    name,
                    sql: Some(sql),
                });
            }
        }
    }
    keys
}

/// One pass: `SELECT keys…, count(*) FROM … WHERE … GROUP BY keys`, the columns named as
/// [`outer_select`] reads them.
fn write_pass(
    sql: &mut String,
    pass: Pass,
    keys: &[Key],
    split: Option<&str>,
    from: &str,
    filter: &str,
) {
    sql.push_str("\nSELECT ");
    for key in keys {
        let value = key.sql.as_deref().unwrap_or("NULL");
        let _ = write!(sql, "{value} AS \"{}\", ", key.name);
    }
    let _ = write!(sql, "count(*) AS \"n\"\nFROM {from}");
    let which = match (pass, split) {
        (Pass::Named, Some(column)) => format!("{column} IS NOT NULL"),
        (Pass::Unnamed, Some(column)) => format!("{column} IS NULL"),
        _ => String::new(),
    };
    let cond = match (which.is_empty(), filter.is_empty()) {
        (_, true) => which,
        (true, false) => filter.to_string(),
        (false, false) => format!("{which} AND ({filter})"),
    };
    if !cond.is_empty() {
        sql.push_str("\nWHERE ");
        sql.push_str(&cond);
    }
    let grouped = (1..).zip(keys).filter(|(_, key)| key.sql.is_some());
    for (i, (n, _)) in grouped.enumerate() {
        sql.push_str(if i == 0 { "\nGROUP BY " } else { ", " });
        let _ = write!(sql, "{n}");
    }
}

/// The `strftime` format of a date bucket.
pub(super) fn format(bucket: &str) -> &'static str {
    match bucket {
        "year" => "%Y",
        "month" => "%Y-%m",
        "week" => "%G-W%V",
        _ => "%Y-%m-%d",
    }
}

impl Cond {
    /// Whether every test of this condition is of one of `fields`.
    fn reads_only(&self, fields: &[&str]) -> bool {
        match self {
            Cond::And(all) | Cond::Or(all) => all.iter().all(|c| c.reads_only(fields)),
            Cond::Not(inner) => inner.reads_only(fields),
            Cond::Test(field, _) => fields.contains(&field.name),
        }
    }
}
