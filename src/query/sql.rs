//! Turning a [`Checked`] query into SQL text, its bound parameters and output column names.
//!
//! Identifiers come only from the catalog; every value becomes a numbered parameter (`?1`),
//! reused when one value appears twice. Entity conditions select ids through the indexed
//! `entities.name_norm` and `aliases.alias_norm`, full-text ones through the FTS tables.

use super::Compiled;
use super::ast::Op;
use super::catalog::{Field, FieldType, Link};
use super::check::{Checked, Cond, Group, Shape, Sort, SortKey, Test};
use crate::output::Cell;

/// The SQL of a checked query.
pub fn sql(checked: &Checked) -> Compiled {
    let mut b = Builder::default();
    let (select, columns, group_by) = b.projection(&checked.shape);
    let filter = checked.filter.as_ref().map(|c| b.cond(c));
    let shown = match &checked.shape {
        Shape::Rows(fields) => fields.as_slice(),
        Shape::Groups(_) => &[],
    };
    let order: Vec<String> = checked.order.iter().map(|s| b.sort(s, shown)).collect();
    let limit = checked.limit.map(|n| b.bind(Cell::Int(n)));
    let offset = checked.offset.map(|n| b.bind(Cell::Int(n)));

    let mut sql = format!("SELECT {select}\nFROM {}", checked.table.from);
    for join in &b.joins {
        sql.push_str(&format!("\n{join}"));
    }
    if let Some(filter) = filter {
        sql.push_str(&format!("\nWHERE {filter}"));
    }
    if let Some(group_by) = group_by {
        sql.push_str(&format!("\nGROUP BY {group_by}"));
    }
    if !order.is_empty() {
        sql.push_str(&format!("\nORDER BY {}", order.join(", ")));
    }
    match (limit, offset) {
        (Some(l), Some(o)) => sql.push_str(&format!("\nLIMIT {l} OFFSET {o}")),
        (Some(l), None) => sql.push_str(&format!("\nLIMIT {l}")),
        (None, Some(o)) => sql.push_str(&format!("\nLIMIT -1 OFFSET {o}")),
        (None, None) => {}
    }
    Compiled {
        sql,
        params: b.params,
        columns,
        explain: checked.explain,
    }
}

/// Collects parameters and the joins the referenced fields need.
#[derive(Default)]
struct Builder {
    params: Vec<Cell>,
    joins: Vec<&'static str>,
}

impl Builder {
    fn bind(&mut self, cell: Cell) -> String {
        if let Some(i) = self.params.iter().position(|p| *p == cell) {
            return format!("?{}", i + 1);
        }
        self.params.push(cell);
        format!("?{}", self.params.len())
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

    /// The select list, the output column names and, for counts, the GROUP BY list.
    fn projection(&mut self, shape: &Shape) -> (String, Vec<String>, Option<String>) {
        match shape {
            Shape::Rows(fields) => {
                let items: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{} AS \"{}\"", self.expr(f), f.name))
                    .collect();
                let names = fields.iter().map(|f| f.name.to_string()).collect();
                (items.join(", "), names, None)
            }
            Shape::Groups(groups) => {
                let mut items: Vec<String> = groups
                    .iter()
                    .map(|g| format!("{} AS \"{}\"", self.group(g), g.name()))
                    .collect();
                items.push("count(*) AS \"count\"".into());
                let mut names: Vec<String> = groups.iter().map(|g| g.name().to_string()).collect();
                names.push("count".into());
                let by = (1..=groups.len())
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>();
                let group_by = (!by.is_empty()).then(|| by.join(", "));
                (items.join(", "), names, group_by)
            }
        }
    }

    fn group(&mut self, group: &Group) -> String {
        match group {
            Group::Field(f) => match f.group {
                Some((join, expr)) => {
                    self.join(Some(join));
                    expr.to_string()
                }
                None => self.expr(f).to_string(),
            },
            Group::Bucket(bucket, date) => {
                let format = match *bucket {
                    "year" => "%Y",
                    "month" => "%Y-%m",
                    "week" => "%Y-W%W",
                    _ => "%Y-%m-%d",
                };
                format!("strftime('{format}', {})", self.expr(date))
            }
        }
    }

    /// An ORDER BY term; a computed count that is also shown is ordered by its output column,
    /// so SQLite counts it once a row.
    fn sort(&mut self, sort: &Sort, shown: &[&'static Field]) -> String {
        let key = match &sort.key {
            SortKey::Field(f)
                if f.ty == FieldType::Count && shown.iter().any(|s| s.name == f.name) =>
            {
                format!("\"{}\"", f.name)
            }
            SortKey::Field(f) => self.expr(f).to_string(),
            SortKey::Column(name) => format!("\"{name}\""),
        };
        let direction = if sort.descending { "DESC" } else { "ASC" };
        format!("{key} {direction}")
    }

    fn cond(&mut self, cond: &Cond) -> String {
        match cond {
            Cond::And(all) => self.chain(all, " AND "),
            Cond::Or(all) => self.chain(all, " OR "),
            Cond::Not(inner) if inner.may_be_null() => {
                format!("NOT ifnull({}, 0)", self.cond(inner))
            }
            Cond::Not(inner) => format!("NOT ({})", self.cond(inner)),
            Cond::Test(field, test) => self.test(field, test),
        }
    }

    fn chain(&mut self, all: &[Cond], joiner: &str) -> String {
        let parts: Vec<String> = all.iter().map(|c| self.cond(c)).collect();
        format!("({})", parts.join(joiner))
    }

    fn test(&mut self, field: &'static Field, test: &Test) -> String {
        match test {
            Test::Entity { values, contains } => self.entity(field, values, *contains),
            Test::Text { values, contains } => {
                let column = format!("qawl_norm({})", self.expr(field));
                self.text(&column, values, *contains)
            }
            Test::Search(query) => self.search(field, query),
            Test::Equal(cells) => {
                let column = self.expr(field);
                let list = self.list(cells);
                match cells.len() {
                    1 => format!("{column} = {list}"),
                    _ => format!("{column} IN ({list})"),
                }
            }
            Test::Compare(op, cell) => {
                let column = self.expr(field);
                format!("{column} {} {}", op_sql(*op), self.bind(cell.clone()))
            }
            Test::Range(low, high) => {
                let column = self.expr(field);
                let (low, high) = (self.bind(low.clone()), self.bind(high.clone()));
                format!("{column} BETWEEN {low} AND {high}")
            }
        }
    }

    fn list(&mut self, cells: &[Cell]) -> String {
        let list: Vec<String> = cells.iter().map(|c| self.bind(c.clone())).collect();
        list.join(", ")
    }

    /// `column = ?`, `column IN (?, ?)` or `instr(column, ?) > 0` on normalised text.
    fn text(&mut self, column: &str, values: &[String], contains: bool) -> String {
        let cells: Vec<Cell> = values.iter().map(|v| Cell::Text(v.clone())).collect();
        if contains {
            let parts: Vec<String> = cells
                .into_iter()
                .map(|c| format!("instr({column}, {}) > 0", self.bind(c)))
                .collect();
            return parts.join(" OR ");
        }
        let list = self.list(&cells);
        match values.len() {
            1 => format!("{column} = {list}"),
            _ => format!("{column} IN ({list})"),
        }
    }

    /// The ids of the entities whose name or an alias matches, then how the row reaches them.
    fn entity(&mut self, field: &'static Field, values: &[String], contains: bool) -> String {
        let by_name = self.text("name_norm", values, contains);
        let by_alias = self.text("alias_norm", values, contains);
        let set = format!(
            "SELECT id FROM entities WHERE {by_name} UNION SELECT entity_id FROM aliases WHERE {by_alias}"
        );
        match field.ty {
            FieldType::Entity(Link::Column { column, surface }) => {
                let named = format!("{column} IN ({set})");
                match surface {
                    Some(surface) => {
                        let by_surface = self.text(surface, values, contains);
                        format!("({named} OR ({column} IS NULL AND ({by_surface})))")
                    }
                    None => named,
                }
            }
            FieldType::Entity(Link::Via(template)) => template.replace("{}", &set),
            _ => named_never(),
        }
    }

    fn search(&mut self, field: &'static Field, query: &str) -> String {
        let FieldType::LongText(fts) = field.ty else {
            return named_never();
        };
        let param = self.bind(Cell::Text(query.to_string()));
        format!(
            "{} IN (SELECT rowid FROM {} WHERE {} MATCH {param})",
            fts.key, fts.table, fts.column
        )
    }
}

/// SQL for a test the checker never builds for this field type: matches nothing.
fn named_never() -> String {
    "0".into()
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
            Cond::Test(field, test) => {
                let via = matches!(field.ty, FieldType::Entity(Link::Via(_)));
                field.nullable && !via && !matches!(test, Test::Search(_))
            }
        }
    }
}
