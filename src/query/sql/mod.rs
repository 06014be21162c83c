//! Turning a [`Checked`] query into SQL text, its bound parameters and output column names.
//!
//! Identifiers come only from the catalog; every value becomes a numbered parameter (`?1`),
//! reused when one value appears twice. Entity conditions select ids through the indexed
//! `entities.name_norm` and `aliases.alias_norm`, and the rows naming them as a set of keys
//! read through the index of the link (an `or` of entity fields is one set); full-text
//! conditions go through the FTS tables.
//! Each clause is written into one buffer, which keeps compiling in the microseconds.
//!
//! Big conditions keep to what SQLite accepts: `or`ed equalities of one field become one
//! `IN`, a list of more than [`INLINE_LIST`] values is bound as one JSON array read through
//! `json_each`, and long `and`/`or` chains are written as balanced trees, so that neither the
//! expression depth (1000) nor the number of parameters (32766) grows with the query.

mod groups;

use super::Compiled;
use super::ast::Op;
use super::catalog::{Field, FieldType, Fts, Link};
use super::check::{Checked, Cond, Group, Shape, Sort, SortKey, Test};
use crate::output::{Cell, ColumnType};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

/// The longest list written as `IN (?1, ?2, …)`; a longer one is one JSON parameter.
pub const INLINE_LIST: usize = 32;

/// The most terms of an `and`/`or` chain written one after another; a longer chain is split
/// in two halves, each in parentheses, so its depth grows with the logarithm of its length.
const FLAT_CHAIN: usize = 8;

/// The SQL of a checked query.
pub fn sql(checked: &Checked) -> Compiled {
    if let Shape::Groups(groups) = &checked.shape {
        if groups::in_two_levels(groups) {
            return groups::counts(checked, groups);
        }
    }
    if let Some(page) = top_rows(checked) {
        return page;
    }
    let mut b = Builder::default();
    let mut select = String::with_capacity(256);
    let (columns, types) = b.projection(&checked.shape, &mut select);
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
        types,
        explain: checked.explain,
    }
}

/// A page of statements (a `limit`) whose whole condition is one set of statement keys and
/// the tests beside it, in an order of dates and ids: the set's keys and dates, read from the
/// index that holds them (`statements_speaker_verb`), are ordered and cut to the page first,
/// and only the page's rows are read and joined — a prolific speaker's twenty latest denials
/// without reading the thousands before them. When the order ends with the id (so that it
/// is total), each part of the set gives only its first keys of the page (limit and offset),
/// and a speaker's are read an entity at a time in the index's own order
/// ([`Link::each`]): the first twenty of the union are among them. `None` for any other query.
fn top_rows(checked: &Checked) -> Option<Compiled> {
    let limit = checked.limit?;
    if checked.table.name != "statements" || checked.order.is_empty() {
        return None;
    }
    let Shape::Rows(_) = &checked.shape else {
        return None;
    };
    let (link, values, contains, beside) = one_set(checked.filter.as_ref()?)?;
    let (mut keys_order, mut part_order) = (String::new(), String::new());
    let mut total = false;
    for (i, sort) in checked.order.iter().enumerate() {
        let column = match &sort.key {
            SortKey::Field(f) if f.expr == "s.said_on" => "said_on",
            SortKey::Field(f) if f.expr == "s.id" => "id",
            _ => return None,
        };
        total = column == "id";
        let direction = if sort.descending { " DESC" } else { " ASC" };
        let by = if i == 0 { " ORDER BY " } else { ", " };
        let _ = write!(keys_order, "{by}{column}{direction}");
        let _ = write!(part_order, "{by}s.{column}{direction}");
    }
    let mut b = Builder::default();
    let mut select = String::with_capacity(256);
    let (columns, types) = b.projection(&checked.shape, &mut select);
    let mut keys = String::with_capacity(512);
    b.narrow = beside;
    b.page = Some(Page {
        order: part_order,
        first: total.then(|| limit.saturating_add(checked.offset.unwrap_or(0))),
    });
    b.rows(link, values, contains, &mut keys);
    b.page = None;
    b.narrow.clear();
    let mut page = String::new();
    b.limit(checked.limit, checked.offset, &mut page);
    let mut order = String::new();
    for (i, sort) in checked.order.iter().enumerate() {
        order.push_str(if i == 0 { "\nORDER BY " } else { ", " });
        b.sort(sort, &[], &mut order);
    }
    let mut sql = String::with_capacity(select.len() + keys.len() + 256);
    let _ = write!(
        sql,
        "SELECT {select}\nFROM (SELECT id FROM ({keys}){keys_order}{}) k\nJOIN statements s ON s.id = k.id",
        page.replace('\n', " ")
    );
    for join in &b.joins {
        sql.push('\n');
        sql.push_str(join);
    }
    sql.push_str(&order);
    Some(Compiled {
        sql,
        params: b.params,
        columns,
        types,
        explain: checked.explain,
    })
}

/// The one set of statement keys a condition is, with the tests beside it ([`narrows`]):
/// an entity test whose set reads statements, alone or in an `and` of such tests.
fn one_set(cond: &Cond) -> Option<(Link, &[String], bool, Vec<Cond>)> {
    fn set(cond: &Cond) -> Option<(Link, &[String], bool)> {
        match cond {
            Cond::Test(
                _,
                Test::Entity {
                    link,
                    values,
                    contains,
                },
            ) if link.narrows => Some((*link, values.as_slice(), *contains)),
            _ => None,
        }
    }
    if let Some((link, values, contains)) = set(cond) {
        return Some((link, values, contains, Vec::new()));
    }
    let Cond::And(all) = cond else {
        return None;
    };
    let mut found = None;
    let mut beside = Vec::new();
    for c in all {
        match set(c) {
            Some(one) if found.is_none() => found = Some(one),
            _ if narrows(c) => beside.push(c.clone()),
            _ => return None,
        }
    }
    let (link, values, contains) = found?;
    Some((link, values, contains, beside))
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
    /// The number of each text and integer already bound, to bind a repeated value once.
    bound: HashMap<Key, usize>,
    joins: Vec<&'static str>,
    /// The tests on the statement's own columns that the `and`s around the condition being
    /// written ask of every row: added to the sets of keys that read statements (see
    /// [`Link::narrows`]).
    narrow: Vec<Cond>,
    /// While a set of statement keys is written for [`top_rows`]: the statement parts give
    /// each key's date beside it, and only their first keys of the page.
    page: Option<Page>,
}

/// What each statement part of a set written for [`top_rows`] gives.
struct Page {
    /// ` ORDER BY s.said_on DESC, s.id DESC`: the page's order.
    order: String,
    /// How many keys each part gives at most (the page's limit and offset), in `order`;
    /// `None` for all of them (the order is not total: a part's first keys might not be the
    /// ones the page keeps of ties).
    first: Option<i64>,
}

/// A bound value as a map key (the values qawl binds are texts and integers).
#[derive(Hash, PartialEq, Eq)]
enum Key {
    Text(String),
    Int(i64),
}

impl Builder {
    /// Writes the placeholder of `cell`, binding it unless an equal value already is.
    fn bind(&mut self, cell: &Cell, out: &mut String) {
        let key = match cell {
            Cell::Text(t) => Some(Key::Text(t.clone())),
            Cell::Int(i) => Some(Key::Int(*i)),
            Cell::Null | Cell::Real(_) | Cell::Bool(_) | Cell::List { .. } => None,
        };
        let n = match key.as_ref().and_then(|k| self.bound.get(k)) {
            Some(&n) => n,
            None => {
                self.params.push(cell.clone());
                let n = self.params.len();
                if let Some(key) = key {
                    self.bound.insert(key, n);
                }
                n
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

    /// Writes the select list; returns the output column names and types.
    fn projection(&mut self, shape: &Shape, out: &mut String) -> (Vec<String>, Vec<ColumnType>) {
        let mut names = Vec::new();
        let mut types = Vec::new();
        let mut item =
            |b: &mut Self, expr: &dyn Fn(&mut Self, &mut String), name: &str, ty: ColumnType| {
                if !names.is_empty() {
                    out.push_str(", ");
                }
                expr(b, out);
                let _ = write!(out, " AS \"{name}\"");
                names.push(name.to_string());
                types.push(ty);
            };
        match shape {
            Shape::Rows(fields) => {
                for f in fields {
                    item(
                        self,
                        &|b, out| out.push_str(b.expr(f)),
                        f.name,
                        shown_type(f),
                    );
                }
            }
            Shape::Groups(groups) => {
                for g in groups {
                    item(self, &|b, out| b.group(g, out), g.name(), group_type(g));
                }
                let count = ColumnType::Value;
                item(self, &|_, out| out.push_str("count(*)"), "count", count);
            }
        }
        (names, types)
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
                let format = groups::format(bucket);
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
            Cond::And(all) => {
                let outer = self.narrow.len();
                self.narrow
                    .extend(all.iter().filter(|c| narrows(c)).cloned());
                self.chain(all, " AND ", out);
                self.narrow.truncate(outer);
            }
            Cond::Or(all) => self.or(all, out),
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

    /// The terms of an `or`, equalities of one field merged, and its entity tests as one set
    /// of keys with the other terms beside it.
    fn or(&mut self, all: &[Cond], out: &mut String) {
        let merged = merged(all);
        let (sets, rest) = key_sets(&merged);
        // one set is a plain test; more than a short union (a thousand `~`) stay a balanced `or`
        if !(2..=FLAT_CHAIN).contains(&sets.len()) {
            return match merged.as_slice() {
                [one] => self.cond(one, out),
                _ => self.chain(&merged, " OR ", out),
            };
        }
        if rest.is_empty() {
            return self.entity_union(&sets, out);
        }
        out.push('(');
        self.entity_union(&sets, out);
        out.push_str(" OR ");
        match rest.as_slice() {
            [one] => self.cond(one, out),
            _ => self.chain(&rest, " OR ", out),
        }
        out.push(')');
    }

    /// `(a OR b OR c)`; past [`FLAT_CHAIN`] terms `((a OR b …) OR (… y OR z))`, halves in
    /// turn, which SQLite reads as a tree of logarithmic depth.
    fn chain<C: AsRef<Cond>>(&mut self, all: &[C], joiner: &str, out: &mut String) {
        out.push('(');
        if all.len() > FLAT_CHAIN {
            let (left, right) = all.split_at(all.len() / 2);
            self.chain(left, joiner, out);
            out.push_str(joiner);
            self.chain(right, joiner, out);
        } else {
            for (i, cond) in all.iter().enumerate() {
                if i > 0 {
                    out.push_str(joiner);
                }
                self.cond(cond.as_ref(), out);
            }
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
            Test::Missing => self.missing(field, false, out),
            Test::Present => self.missing(field, true, out),
        }
    }

    /// No value (or a value, when `present`): text, names and lists are missing when NULL or
    /// empty (`ifnull(x, '') = ''`), other types when NULL.
    fn missing(&mut self, field: &'static Field, present: bool, out: &mut String) {
        let expr = self.expr(field);
        let _ = match field.ty {
            FieldType::Text | FieldType::LongText(_) | FieldType::Entity(_) => {
                let op = if present { "!=" } else { "=" };
                write!(out, "ifnull({expr}, '') {op} ''")
            }
            _ => write!(out, "{expr} IS {}NULL", if present { "NOT " } else { "" }),
        };
    }

    /// ` = ?1` for one value, ` IN (?1, ?2)` for several, ` IN (SELECT value FROM
    /// json_each(?1))` for more than [`INLINE_LIST`]: one parameter however long the list.
    fn one_of(&mut self, cells: &[Cell], out: &mut String) {
        if let [cell] = cells {
            out.push_str(" = ");
            self.bind(cell, out);
            return;
        }
        if cells.len() > INLINE_LIST {
            out.push_str(" IN (SELECT value FROM json_each(");
            self.bind(&Cell::Text(json_array(cells)), out);
            out.push_str("))");
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

    /// `key IN (rows)`: the rows that name an entity whose name or an alias matches.
    fn entity(&mut self, link: Link, values: &[String], contains: bool, out: &mut String) {
        let _ = write!(out, "{} IN (", link.key);
        self.rows(link, values, contains, out);
        out.push(')');
    }

    /// The keys of the rows an entity test keeps, as one query: the rows that name one of the
    /// matching entities, then (`UNION ALL`) the unnamed rows whose text matches; each with
    /// the tests of the `and`s around it on the statement's own columns, when it reads
    /// statements ([`Link::narrows`]).
    fn rows(&mut self, link: Link, values: &[String], contains: bool, out: &mut String) {
        let mut ids = String::with_capacity(128);
        ids.push_str("SELECT id FROM entities WHERE ");
        self.text("name_norm", values, contains, &mut ids);
        ids.push_str(" UNION SELECT entity_id FROM aliases WHERE ");
        self.text("alias_norm", values, contains, &mut ids);
        // the page is for the parts that read statements; it is put back for the next set
        let whole = self.page.take();
        let page = whole.as_ref().filter(|_| link.narrows);
        let (dated, cut) = (page.is_some(), page.is_some_and(|p| p.first.is_some()));
        let each = link.each.filter(|_| cut);
        let open = match each {
            Some(_) => Some(format!(
                "SELECT k.id, k.said_on FROM ({ids}) x JOIN statements k ON k.id IN ("
            )),
            None => cut.then(|| "SELECT * FROM (".to_string()),
        };
        self.part(link, page, open.as_deref(), out, |_, out| match each {
            // each entity's first keys, read in the order of the index that holds them
            Some(each) => out.push_str(each),
            None => fill(&keys(link.rows, dated), out, |out| out.push_str(&ids)),
        });
        if let Some(unnamed) = link.unnamed {
            out.push_str(" UNION ALL ");
            let open = cut.then_some("SELECT * FROM (");
            self.part(link, page, open, out, |b, out| {
                fill(&keys(unnamed.rows, dated), out, |out| {
                    b.text(unnamed.column, values, contains, out)
                });
            });
        }
        self.page = whole;
    }

    /// One statement part of a set: `keys` writes its query of keys, then come the tests
    /// beside the set and, when `page` cuts the parts, ` ORDER BY … LIMIT n` for its first keys
    /// of the page — all inside `open` … `)` when there is an `open`.
    fn part(
        &mut self,
        link: Link,
        page: Option<&Page>,
        open: Option<&str>,
        out: &mut String,
        keys: impl FnOnce(&mut Self, &mut String),
    ) {
        out.push_str(open.unwrap_or(""));
        keys(self, out);
        self.narrowed(link, out);
        if let Some((order, first)) = page.and_then(|p| Some((&p.order, p.first?))) {
            out.push_str(order);
            out.push_str(" LIMIT ");
            self.bind(&Cell::Int(first), out);
        }
        if open.is_some() {
            out.push(')');
        }
    }

    /// ` AND (tests)`: the tests around a set of keys that reads statements, written again
    /// inside it — the same rows, read through fewer keys.
    fn narrowed(&mut self, link: Link, out: &mut String) {
        if !link.narrows || self.narrow.is_empty() {
            return;
        }
        let narrow = std::mem::take(&mut self.narrow);
        out.push_str(" AND ");
        self.chain(&narrow, " AND ", out);
        self.narrow = narrow;
    }

    /// The entity tests of an `or` on one table as one set of keys, `key IN (a UNION ALL b …)`:
    /// SQLite reads each part through its index, where an `or` of `IN`s on different columns
    /// would read every row.
    fn entity_union(&mut self, tests: &[(Link, &[String], bool)], out: &mut String) {
        let Some((first, ..)) = tests.first() else {
            return;
        };
        let _ = write!(out, "{} IN (", first.key);
        for (i, &(link, values, contains)) in tests.iter().enumerate() {
            if i > 0 {
                out.push_str(" UNION ALL ");
            }
            self.rows(link, values, contains, out);
        }
        out.push(')');
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

/// The separator of a list's names where it is shown as one text (a table cell, a CSV field).
pub const LIST_SEPARATOR: &str = "، ";

/// What a field's shown expression holds: a yes/no, a list of names (a JSON array, NULL for
/// none), or a plain value.
fn shown_type(field: &Field) -> ColumnType {
    match field.ty {
        FieldType::Bool => ColumnType::Bool,
        _ if field.is_list() => ColumnType::List {
            separator: LIST_SEPARATOR,
        },
        _ => ColumnType::Value,
    }
}

/// What a group's column holds: a group of a list field is one of its names.
fn group_type(group: &Group) -> ColumnType {
    match group {
        Group::Field(f) if !f.is_list() => shown_type(f),
        _ => ColumnType::Value,
    }
}

/// The output columns of a count: its groups, then `count`.
fn group_columns(groups: &[Group]) -> (Vec<String>, Vec<ColumnType>) {
    let names = groups.iter().map(|g| g.name().to_string());
    let types = groups.iter().map(group_type);
    (
        names.chain(["count".to_string()]).collect(),
        types.chain([ColumnType::Value]).collect(),
    )
}

/// The values as a JSON array, for `json_each`.
fn json_array(cells: &[Cell]) -> String {
    let values: Vec<serde_json::Value> = cells
        .iter()
        .map(|c| match c {
            Cell::Null => serde_json::Value::Null,
            Cell::Int(i) => (*i).into(),
            Cell::Real(r) => (*r).into(),
            Cell::Text(t) => t.as_str().into(),
            Cell::Bool(b) => (*b).into(),
            Cell::List { items, .. } => items.clone().into(),
        })
        .collect();
    serde_json::Value::Array(values).to_string()
}

/// The terms of an `or`, nested `or`s flattened, with the equalities of one field
/// (`verb = said or verb = denied`, `speaker in (…) or speaker = …`) merged into one test of
/// all their values, in the place of the first: the same rows, and a thousand `or`s of one
/// field become one `IN` over one parameter.
fn merged(all: &[Cond]) -> Vec<Cow<'_, Cond>> {
    let mut out: Vec<Cow<'_, Cond>> = Vec::with_capacity(all.len());
    let mut slot: HashMap<(&'static str, u8), usize> = HashMap::new();
    let mut pending: Vec<&Cond> = all.iter().rev().collect();
    while let Some(cond) = pending.pop() {
        if let Cond::Or(inner) = cond {
            pending.extend(inner.iter().rev());
            continue;
        }
        let Some(key) = equality_key(cond) else {
            out.push(Cow::Borrowed(cond));
            continue;
        };
        match slot.get(&key) {
            Some(&i) => absorb(out[i].to_mut(), cond),
            None => {
                slot.insert(key, out.len());
                out.push(Cow::Borrowed(cond));
            }
        }
    }
    out
}

/// Which equalities merge: the same field, and the same kind of test.
fn equality_key(cond: &Cond) -> Option<(&'static str, u8)> {
    let Cond::Test(field, test) = cond else {
        return None;
    };
    let kind = match test {
        Test::Equal(_) => 0,
        Test::Text {
            contains: false, ..
        } => 1,
        Test::Entity {
            contains: false, ..
        } => 2,
        _ => return None,
    };
    Some((field.name, kind))
}

/// Adds the values of `other` to `into`, two equalities of the same key.
fn absorb(into: &mut Cond, other: &Cond) {
    match (into, other) {
        (Cond::Test(_, Test::Equal(cells)), Cond::Test(_, Test::Equal(more))) => {
            cells.extend(more.iter().cloned());
        }
        (
            Cond::Test(_, Test::Text { values, .. } | Test::Entity { values, .. }),
            Cond::Test(_, Test::Text { values: more, .. } | Test::Entity { values: more, .. }),
        ) => values.extend(more.iter().cloned()),
        _ => {}
    }
}

/// The entity tests among the terms of an `or`, and the other terms.
type KeySets<'a> = (Vec<(Link, &'a [String], bool)>, Vec<&'a Cond>);

/// Splits the terms of an `or` into its entity tests and the rest.
fn key_sets<'a>(all: &'a [Cow<'_, Cond>]) -> KeySets<'a> {
    let (mut sets, mut rest): KeySets<'a> = (Vec::new(), Vec::new());
    for cond in all {
        match cond.as_ref() {
            Cond::Test(
                _,
                Test::Entity {
                    link,
                    values,
                    contains,
                },
            ) if sets.first().is_none_or(|(first, ..)| first.key == link.key) => {
                sets.push((*link, values.as_slice(), *contains))
            }
            other => rest.push(other),
        }
    }
    (sets, rest)
}

/// True for a test of an `and` that a set of statement keys can hold too: a plain test of one
/// of the statement's own columns (no join, no set or full-text search of its own).
fn narrows(cond: &Cond) -> bool {
    match cond {
        Cond::Test(field, test) => {
            field.join.is_none()
                && field.expr.starts_with("s.")
                && !matches!(test, Test::Entity { .. } | Test::Search { .. })
        }
        _ => false,
    }
}

/// A set's query of statement keys (`SELECT s.id FROM statements s …`), with each key's date
/// beside it when `dated`.
fn keys(template: &str, dated: bool) -> Cow<'_, str> {
    match dated {
        true => Cow::Owned(template.replacen("SELECT s.id ", "SELECT s.id, s.said_on ", 1)),
        false => Cow::Borrowed(template),
    }
}

/// Writes `template` with `fill` where its `{}` is.
fn fill(template: &str, out: &mut String, fill: impl FnOnce(&mut String)) {
    let (before, after) = template.split_once("{}").unwrap_or((template, ""));
    out.push_str(before);
    fill(out);
    out.push_str(after);
}

impl AsRef<Cond> for Cond {
    fn as_ref(&self) -> &Cond {
        self
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
            Cond::Test(_, Test::Search { .. } | Test::Missing | Test::Present) => false,
            // a key is never NULL, nor is its set
            Cond::Test(_, Test::Entity { .. }) => false,
            Cond::Test(field, _) => field.nullable,
        }
    }
}
