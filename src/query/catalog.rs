//! The catalog: the tables a query can name, their fields, types, SQL and allowed operators.
//!
//! This is the only source of SQL identifiers in compiled queries; nothing a user types becomes
//! one. The REPL completes from it too ([`Catalog::tables`], [`Catalog::fields`],
//! [`Catalog::keywords`], [`Catalog::verb_classes`]).

use super::ast::Op;
use crate::model::VerbClass;

/// The tables and fields queries run against.
#[derive(Debug, Clone, Copy)]
pub struct Catalog {
    tables: &'static [Table],
}

/// One table of the query language.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    /// `FROM` clause: the SQL table and its alias.
    pub from: &'static str,
    pub fields: &'static [Field],
    /// The field date buckets (`by month`) group, when the table has dates.
    pub date: Option<&'static str>,
    /// Ordering when the query gives none: field names and whether descending.
    pub default_order: &'static [(&'static str, bool)],
    pub about: &'static str,
}

/// One field: its type, the SQL that shows it, and how conditions on it reach the rows.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    /// SQL for showing, ordering and grouping.
    pub expr: &'static str,
    /// A join `expr` (and conditions on scalar types) needs.
    pub join: Option<&'static str>,
    /// For a field with several values a row (`about`): the join and expression `count … by`
    /// groups on.
    pub group: Option<(&'static str, &'static str)>,
    /// For an entity column (`speaker`, `org`): how `count … by` counts it through the index
    /// on the id instead of joining every row to its entity.
    pub by_id: Option<ById>,
    /// Shown when the query has no `show`.
    pub default: bool,
    /// Whether the SQL of a condition on this field can be NULL.
    pub nullable: bool,
    pub about: &'static str,
}

/// What kind of value a field holds, which decides its operators and their meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Int,
    /// A number computed per row (how many statements an entity made).
    Count,
    /// Short text: `=` normalised equality, `~` normalised substring.
    Text,
    /// Long text: `~` a full-text match, `=` normalised equality.
    LongText(Fts),
    Date,
    Bool,
    Verb,
    /// `entities.kind`: person, org, place or group.
    Kind,
    /// A person, organisation, place or group: matched by name or any alias.
    Entity(Link),
}

/// Where a field's words are indexed: `rowid` of `table` is `key`, `column` restricts the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fts {
    pub table: &'static str,
    pub column: &'static str,
    pub key: &'static str,
}

/// Counting by an entity column: the rows are counted by `column` (the id) and named after,
/// one lookup a group; the rows without an id by `unnamed`, the shown value that stands in for
/// the name (`s.surface`; none for an organisation, whose rows without one are one group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ById {
    pub column: &'static str,
    pub unnamed: Option<&'static str>,
    /// The fields the index of `column` holds beside it (`date`): a condition on them alone is
    /// answered from that index too.
    pub beside: &'static [&'static str],
}

/// How a row reaches the entities an entity field names: its `key` is one of `rows`, the keys
/// of the rows that name one of the entities in `{}` (the ids of those matching the value).
///
/// Written as a set of keys, a condition is read through the index that holds the link
/// (`statements_speaker`, `statement_entities_entity` …) whatever else the query asks, and the
/// conditions of an `or` on several entity fields are one set (`org = … or about = …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The row's key: `s.id`.
    pub key: &'static str,
    /// `SELECT s.id FROM statements s WHERE s.speaker_id IN ({})`.
    pub rows: &'static str,
    /// The rows without an entity that match by how the text names them (unnamed speakers).
    pub unnamed: Option<Unnamed>,
    /// The rows of one entity of the set, `x.id`, when an index holds them in the order of
    /// their dates (`SELECT s.id FROM statements s WHERE s.speaker_id = x.id`): a page of the
    /// set's latest rows is read an entity at a time, a page from each.
    pub each: Option<&'static str>,
    /// True when `rows` (and the unnamed rows) read `statements s`: the tests an `and` puts
    /// beside this one on the statement's own columns (`verb = denied`, a date) are added to
    /// the set, so it is read through an index that holds them too, and holds only the rows
    /// the query keeps.
    pub narrows: bool,
}

/// The rows of a [`Link`] that have no entity, matched by a normalised text instead: `rows` is
/// the query of their keys, with `{}` where the test of `column` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unnamed {
    /// `SELECT s.id FROM statements s WHERE s.speaker_id IS NULL AND ({})`.
    pub rows: &'static str,
    /// `s.surface_norm`.
    pub column: &'static str,
}

impl FieldType {
    /// The operators this type takes.
    pub fn ops(self) -> &'static [Op] {
        use Op::*;
        match self {
            FieldType::Int | FieldType::Count | FieldType::Date => {
                &[Eq, Ne, Lt, Le, Gt, Ge, In, Between]
            }
            FieldType::Text | FieldType::LongText(_) | FieldType::Entity(_) => {
                &[Eq, Ne, Match, NotMatch, In]
            }
            FieldType::Verb | FieldType::Kind => &[Eq, Ne, In],
            FieldType::Bool => &[Eq, Ne],
        }
    }

    /// The type's name in messages and `.fields`.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Int => "number",
            FieldType::Count => "count",
            FieldType::Text => "text",
            FieldType::LongText(_) => "long text",
            FieldType::Date => "date",
            FieldType::Bool => "yes/no",
            FieldType::Verb => "verb class",
            FieldType::Kind => "entity kind",
            FieldType::Entity(_) => "entity",
        }
    }
}

/// Date buckets of `count … by`.
pub const BUCKETS: &[&str] = &["year", "month", "week", "day"];

impl Catalog {
    /// The catalog of qawl's store.
    pub fn new() -> Self {
        Catalog {
            tables: super::tables::TABLES,
        }
    }

    /// Every table, in the order help lists them.
    pub fn tables(&self) -> &'static [Table] {
        self.tables
    }

    /// The table called `name` (ASCII case ignored).
    pub fn table(&self, name: &str) -> Option<&'static Table> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// The fields of `table`; none for an unknown table.
    pub fn fields(&self, table: &str) -> &'static [Field] {
        self.table(table).map_or(&[], |t| t.fields)
    }

    /// The grammar's reserved words, for completion.
    pub fn keywords(&self) -> &'static [&'static str] {
        super::parse::KEYWORDS
    }

    /// The reporting-verb classes `verb` takes.
    pub fn verb_classes(&self) -> &'static [VerbClass] {
        &VerbClass::ALL
    }

    /// The date buckets `count … by` takes.
    pub fn buckets(&self) -> &'static [&'static str] {
        BUCKETS
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new()
    }
}

impl Field {
    /// True when a row may have no value here, which `is null` tests: a column that can be
    /// NULL, a list that can be empty (`about`), or text, which can be empty.
    pub fn may_be_missing(&self) -> bool {
        self.nullable
            || self.group.is_some()
            || matches!(self.ty, FieldType::Text | FieldType::LongText(_))
    }

    /// True for a field with several values a row (`about`, `mentions`, `alias`).
    pub fn is_list(&self) -> bool {
        self.group.is_some()
    }
}

impl Table {
    /// The field called `name` (ASCII case ignored).
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        let fields: &'static [Field] = self.fields;
        fields.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The fields shown when a query has no `show`.
    pub fn default_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.default)
    }

    /// The names of all fields.
    pub fn field_names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
}
