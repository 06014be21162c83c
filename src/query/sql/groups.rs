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
//! An entity column is counted in two branches, joined by `UNION ALL`: the rows with an
//! entity by its id, named after, and the rows without one (unnamed speakers) by the value
//! shown for them (`surface`).

use super::{Builder, group_by};
use crate::query::Compiled;
use crate::query::catalog::ById;
use crate::query::check::{Checked, Group};
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

/// Which rows a branch counts, for the group counted by id.
#[derive(Clone, Copy)]
enum Branch {
    /// No group is counted by id: every row.
    All,
    /// The rows that have an entity, by its id.
    Named,
    /// The rows without one, by the value shown for them.
    Unnamed,
}

/// The SQL of a checked `count … by` query with a date bucket or an entity column.
pub(super) fn counts(checked: &Checked, groups: &[Group]) -> Compiled {
    let mut b = Builder::default();
    let mut filter = String::with_capacity(256);
    if let Some(cond) = &checked.filter {
        b.cond(cond, &mut filter);
    }
    let split = groups.iter().position(|g| by_id(g).is_some());
    let branches: &[Branch] = match split {
        Some(_) => &[Branch::Named, Branch::Unnamed],
        None => &[Branch::All],
    };
    let keys: Vec<Vec<String>> = branches
        .iter()
        .map(|&branch| inner_keys(&mut b, groups, split, branch))
        .collect();
    let mut from = String::from(checked.table.from);
    for join in &b.joins {
        from.push('\n');
        from.push_str(join);
    }
    let mut sql = String::with_capacity(512 + filter.len() * branches.len());
    sql.push_str("SELECT ");
    for (i, g) in groups.iter().enumerate() {
        match g {
            Group::Bucket(bucket, _) => {
                let _ = write!(sql, "strftime('{}', \"g{i}\")", format(bucket));
            }
            Group::Field(_) => {
                let _ = write!(sql, "\"g{i}\"");
            }
        }
        let _ = write!(sql, " AS \"{}\", ", g.name());
    }
    sql.push_str("sum(\"n\") AS \"count\"\nFROM (");
    for (n, (&branch, keys)) in branches.iter().zip(&keys).enumerate() {
        if n > 0 {
            sql.push_str("\nUNION ALL");
        }
        let split = split.zip(split.and_then(|i| by_id(&groups[i])));
        write_branch(&mut sql, branch, keys, split, &from, &filter);
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

/// The stored value each group is counted by in a branch: a bucket's date, the id or the
/// unnamed value of the group counted by id, any other group's own expression.
fn inner_keys(
    b: &mut Builder,
    groups: &[Group],
    split: Option<usize>,
    branch: Branch,
) -> Vec<String> {
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| match (g, by_id(g)) {
            (Group::Bucket(_, date), _) => b.expr(date).to_string(),
            (Group::Field(_), Some(id)) if split == Some(i) => match branch {
                Branch::Unnamed => id.unnamed.to_string(),
                Branch::Named | Branch::All => id.column.to_string(),
            },
            (Group::Field(_), _) => {
                let mut key = String::new();
                b.group(g, &mut key);
                key
            }
        })
        .collect()
}

/// One branch: `SELECT keys…, count(*) FROM … WHERE … GROUP BY keys`; the named branch is
/// wrapped to turn its ids into names.
fn write_branch(
    sql: &mut String,
    branch: Branch,
    keys: &[String],
    split: Option<(usize, ById)>,
    from: &str,
    filter: &str,
) {
    let wrapped = matches!(branch, Branch::Named);
    if let (true, Some((at, _))) = (wrapped, split) {
        sql.push_str("\nSELECT ");
        for i in 0..keys.len() {
            if i == at {
                let _ = write!(
                    sql,
                    "(SELECT x.name FROM entities x WHERE x.id = \"g{i}\") AS \"g{i}\", "
                );
            } else {
                let _ = write!(sql, "\"g{i}\", ");
            }
        }
        sql.push_str("\"n\" FROM (");
    }
    sql.push_str("\nSELECT ");
    for (i, key) in keys.iter().enumerate() {
        let _ = write!(sql, "{key} AS \"g{i}\", ");
    }
    let _ = write!(sql, "count(*) AS \"n\"\nFROM {from}");
    let mut conds: Vec<String> = Vec::new();
    if let Some((_, id)) = split {
        let null = match branch {
            Branch::Unnamed => "IS NULL",
            Branch::Named | Branch::All => "IS NOT NULL",
        };
        conds.push(format!("{} {null}", id.column));
    }
    if !filter.is_empty() {
        conds.push(match conds.is_empty() {
            true => filter.to_string(),
            false => format!("({filter})"),
        });
    }
    if !conds.is_empty() {
        sql.push_str("\nWHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    group_by(keys.len(), sql);
    if wrapped && split.is_some() {
        sql.push(')');
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
