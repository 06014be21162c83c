//! Turning a [`Checked`] query into SQL text, its bound parameters and output column names.
//!
//! Identifiers come only from the catalog; every value becomes a numbered parameter (`?1`),
//! reused when one value appears twice. Entity conditions select ids through the indexed
//! `entities.name_norm` and `aliases.alias_norm`, full-text ones through the FTS tables.
//! Each clause is written into one buffer, which keeps compiling in the microseconds.

use super::Compiled;
use super::ast::Op;
use super::catalog::{Field, FieldType, Fts, Link};
use super::check::{Checked, Cond, Group, Shape, Sort, SortKey, Test};
use crate::output::Cell;
use std::fmt::Write;

/// The SQL of a checked query.
pub fn sql(checked: &Checked) -> Compiled {
    let mut b = Builder::default();
    let mut select = String::with_capacity(256);
    let columns = b.projection(&checked.shape, &mut select);
    let mut filter = String::with_capacity(256);
    if let Some(cond) = &checked.filter {
        b.cond(cond, &mut filter);
    }
    let shown = match &checked.shape {
        Shape::Rows(fields) => fields.as_slice(),
        Shape::Groups(_) => &[],
    };
    let mut order = String::new();
    for (i, sort) in checked.order.iter().enumerate() {
        order.push_str(if i == 0 { "\nORDER BY " } else { ", " });
        b.sort(sort, shown, &mut order);
    }
    let mut sql = String::with_capacity(select.len() + filter.len() + order.len() + 256);
    sql.push_str("SELECT ");
    sql.push_str(&select);
    sql.push_str("\nFROM ");
    sql.push_str(checked.table.from);
    for join in &b.joins {
        sql.push('\n');
        sql.push_str(join);
    }
    if !filter.is_empty() {
        sql.push_str("\nWHERE ");
        sql.push_str(&filter);
    }
    if let Shape::Groups(groups) = &checked.shape {
        group_by(groups.len(), &mut sql);
    }
    sql.push_str(&order);
    b.limit(checked.limit, checked.offset, &mut sql);
    Compiled {
        sql,
        params: b.params,
        columns,
        explain: checked.explain,
    }
}

/// `GROUP BY 1, 2, …` over the first `n` output columns.
fn group_by(n: usize, out: &mut String) {
    for i in 1..=n {
        out.push_str(if i == 1 { "\nGROUP BY " } else { ", " });
        let _ = write!(out, "{i}");
    }
}

/// Collects parameters and the joins the referenced fields need.
#[derive(Default)]
struct Builder {
    params: Vec<Cell>,
    joins: Vec<&'static str>,
}

impl Builder {
    /// Writes the placeholder of `cell`, binding it unless an equal value already is.
    fn bind(&mut self, cell: &Cell, out: &mut String) {
        let n = match self.params.iter().position(|p| p == cell) {
            Some(i) => i + 1,
            None => {
                self.params.push(cell.clone());
                self.params.len()
            }
        };
        let _ = write!(out, "?{n}");
    }

    fn join(&mut self, join: Option<&'static str>) {
        if let Some(join) = join.filter(|j| !self.joins.contains(j)) {
            self.joins.push(join);
        }
    }

    /// The shown expression of a field, noting its join.
    fn expr(&mut self, field: &'static Field) -> &'static str {
        self.join(field.join);
        field.expr
    }

    fn limit(&mut self, limit: Option<i64>, offset: Option<i64>, out: &mut String) {
        if limit.is_none() && offset.is_none() {
            return;
        }
        out.push_str("\nLIMIT ");
        match limit {
            Some(n) => self.bind(&Cell::Int(n), out),
            None => out.push_str("-1"),
        }
        if let Some(n) = offset {
            out.push_str(" OFFSET ");
            self.bind(&Cell::Int(n), out);
        }
    }

    /// Writes the select list; returns the output column names.
    fn projection(&mut self, shape: &Shape, out: &mut String) -> Vec<String> {
        let mut names = Vec::new();
        let mut item = |b: &mut Self, expr: &dyn Fn(&mut Self, &mut String), name: &str| {
            if !names.is_empty() {
                out.push_str(", ");
            }
            expr(b, out);
            let _ = write!(out, " AS \"{name}\"");
            names.push(name.to_string());
        };
        match shape {
            Shape::Rows(fields) => {
                for f in fields {
                    item(self, &|b, out| out.push_str(b.expr(f)), f.name);
                }
            }
            Shape::Groups(groups) => {
                for g in groups {
                    item(self, &|b, out| b.group(g, out), g.name());
                }
                item(self, &|_, out| out.push_str("count(*)"), "count");
            }
        }
        names
    }

    fn group(&mut self, group: &Group, out: &mut String) {
        match group {
            Group::Field(f) => match f.group {
                Some((join, expr)) => {
                    self.join(Some(join));
                    out.push_str(expr);
                }
                None => out.push_str(self.expr(f)),
            },
            Group::Bucket(bucket, date) => {
                let format = match *bucket {
                    "year" => "%Y",
                    "month" => "%Y-%m",
                    "week" => "%G-W%V",
                    _ => "%Y-%m-%d",
                };
                let _ = write!(out, "strftime('{format}', {})", self.expr(date));
            }
        }
    }

    /// An ORDER BY term; a computed count that is also shown is ordered by its output column,
    /// so SQLite counts it once a row.
    fn sort(&mut self, sort: &Sort, shown: &[&'static Field], out: &mut String) {
        match &sort.key {
            SortKey::Field(f)
                if f.ty == FieldType::Count && shown.iter().any(|s| s.name == f.name) =>
            {
                let _ = write!(out, "\"{}\"", f.name);
            }
            SortKey::Field(f) => out.push_str(self.expr(f)),
            SortKey::Column(name) => {
                let _ = write!(out, "\"{name}\"");
            }
        }
        out.push_str(if sort.descending { " DESC" } else { " ASC" });
    }

    fn cond(&mut self, cond: &Cond, out: &mut String) {
        match cond {
            Cond::And(all) => self.chain(all, " AND ", out),
            Cond::Or(all) => self.chain(all, " OR ", out),
            Cond::Not(inner) if inner.may_be_null() => {
                out.push_str("NOT ifnull(");
                self.cond(inner, out);
                out.push_str(", 0)");
            }
            Cond::Not(inner) => {
                out.push_str("NOT (");
                self.cond(inner, out);
                out.push(')');
            }
            Cond::Test(field, test) => self.test(field, test, out),
        }
    }

    fn chain(&mut self, all: &[Cond], joiner: &str, out: &mut String) {
        out.push('(');
        for (i, cond) in all.iter().enumerate() {
            if i > 0 {
                out.push_str(joiner);
            }
            self.cond(cond, out);
        }
        out.push(')');
    }

    fn test(&mut self, field: &'static Field, test: &Test, out: &mut String) {
        match test {
            Test::Entity {
                link,
                values,
                contains,
            } => self.entity(*link, values, *contains, out),
            Test::Text { values, contains } => {
                let column = format!("qawl_norm({})", self.expr(field));
                self.text(&column, values, *contains, out);
            }
            Test::Search { fts, query } => self.search(fts, query, out),
            Test::Equal(cells) => {
                out.push_str(self.expr(field));
                self.one_of(cells, out);
            }
            Test::Compare(op, cell) => {
                let _ = write!(out, "{} {} ", self.expr(field), op_sql(*op));
                self.bind(cell, out);
            }
            Test::Range(low, high) => {
                let _ = write!(out, "{} BETWEEN ", self.expr(field));
                self.bind(low, out);
                out.push_str(" AND ");
                self.bind(high, out);
            }
        }
    }

    /// ` = ?1` for one value, ` IN (?1, ?2)` for several.
    fn one_of(&mut self, cells: &[Cell], out: &mut String) {
        if let [cell] = cells {
            out.push_str(" = ");
            self.bind(cell, out);
            return;
        }
        out.push_str(" IN (");
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.bind(cell, out);
        }
        out.push(')');
    }

    /// `column = ?`, `column IN (?, ?)` or `instr(column, ?) > 0` on normalised text.
    fn text(&mut self, column: &str, values: &[String], contains: bool, out: &mut String) {
        let cells: Vec<Cell> = values.iter().map(|v| Cell::Text(v.clone())).collect();
        if !contains {
            out.push_str(column);
            return self.one_of(&cells, out);
        }
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push_str(" OR ");
            }
            let _ = write!(out, "instr({column}, ");
            self.bind(cell, out);
            out.push_str(") > 0");
        }
    }

    /// The ids of the entities whose name or an alias matches, then how the row reaches them.
    fn entity(&mut self, link: Link, values: &[String], contains: bool, out: &mut String) {
        let mut set = String::with_capacity(128);
        set.push_str("SELECT id FROM entities WHERE ");
        self.text("name_norm", values, contains, &mut set);
        set.push_str(" UNION SELECT entity_id FROM aliases WHERE ");
        self.text("alias_norm", values, contains, &mut set);
        match link {
            Link::Column { column, surface } => {
                if surface.is_some() {
                    out.push('(');
                }
                let _ = write!(out, "{column} IN ({set})");
                if let Some(surface) = surface {
                    let _ = write!(out, " OR ({column} IS NULL AND (");
                    self.text(surface, values, contains, out);
                    out.push_str(")))");
                }
            }
            Link::Via(template) => {
                let (before, after) = template.split_once("{}").unwrap_or((template, ""));
                out.push_str(before);
                out.push_str(&set);
                out.push_str(after);
            }
        }
    }

    fn search(&mut self, fts: &Fts, query: &str, out: &mut String) {
        let _ = write!(
            out,
            "{} IN (SELECT rowid FROM {} WHERE {} MATCH ",
            fts.key, fts.table, fts.column
        );
        self.bind(&Cell::Text(query.to_string()), out);
        out.push(')');
    }
}

fn op_sql(op: Op) -> &'static str {
    match op {
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Ne => "!=",
        _ => "=",
    }
}

impl Cond {
    /// Whether the SQL of this condition can be NULL (and so must not be negated bare).
    fn may_be_null(&self) -> bool {
        match self {
            Cond::And(all) | Cond::Or(all) => all.iter().any(Cond::may_be_null),
            Cond::Not(inner) => inner.may_be_null(),
            Cond::Test(_, Test::Search { .. }) => false,
            Cond::Test(_, Test::Entity { link, .. }) => matches!(link, Link::Column { .. }),
            Cond::Test(field, _) => field.nullable,
        }
    }
}
