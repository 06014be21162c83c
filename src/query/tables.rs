//! The catalog's data: qawl's three tables as the query language sees them (DESIGN.md).
//!
//! Aliases: `s` statements, `a` articles, `e` entities; `sp`/`og` the speaker and organisation
//! of a statement. A test compiles every field against the schema, so a typo here fails it.
//!
//! A field with several values a row (`about`, `mentions`, `alias`) shows them as a JSON array
//! (`json_group_array`), NULL when there are none, so `is null` finds the rows without any
//! and the result types them as a list.

use super::catalog::{ById, Field, FieldType, Fts, Link, Table, Unnamed};

const ARTICLE: &str = "JOIN articles a ON a.id = s.article_id";
const SPEAKER: &str = "LEFT JOIN entities sp ON sp.id = s.speaker_id";
const ORG: &str = "LEFT JOIN entities og ON og.id = s.org_id";

/// The statements of a speaker: those with the entity's id, and those of an unnamed speaker
/// named so (`مصدر عسكري`), each set read through its index (with the verb and the date when
/// the query asks for them: `statements_speaker_verb` and `statements_speaker` hold them).
const SPOKEN_BY: Link = Link {
    key: "s.id",
    rows: "SELECT s.id FROM statements s WHERE s.speaker_id IN ({})",
    unnamed: Some(Unnamed {
        rows: "SELECT s.id FROM statements s WHERE s.speaker_id IS NULL AND ({})",
        column: "s.surface_norm",
    }),
    each: Some("SELECT s.id FROM statements s WHERE s.speaker_id = x.id"),
    narrows: true,
};

/// The tables, in the order help lists them.
pub static TABLES: &[Table] = &[
    Table {
        name: "statements",
        from: "statements s",
        fields: STATEMENTS,
        date: Some("date"),
        default_order: &[("date", true), ("id", true)],
        about: "who said what, when: one row a reported statement",
    },
    Table {
        name: "articles",
        from: "articles a",
        fields: ARTICLES,
        date: Some("date"),
        default_order: &[("date", true), ("id", true)],
        about: "the news articles read",
    },
    Table {
        name: "entities",
        from: "entities e",
        fields: ENTITIES,
        date: None,
        default_order: &[("statements", true), ("name", false)],
        about: "people, organisations, places and groups, with their aliases",
    },
];

static STATEMENTS: &[Field] = &[
    field("date", FieldType::Date, "s.said_on")
        .shown()
        .about("the day it was said"),
    field("speaker", FieldType::Entity(SPOKEN_BY), "COALESCE(sp.name, s.surface)")
        .join(SPEAKER)
        .by_id("s.speaker_id", Some("s.surface"), &["date"])
        .shown()
        .about("who said it: the entity's name, else how the text names the speaker"),
    field("verb", FieldType::Verb, "s.verb")
        .shown()
        .not_null()
        .about("the reporting verb's class: said, denied, …"),
    field("negated", FieldType::Bool, "s.negated")
        .shown()
        .not_null()
        .about("true when the verb is negated (لم ينفِ)"),
    field("content", statements_fts(), "s.content")
        .shown()
        .not_null()
        .about("what was said"),
    field("source", FieldType::Text, "a.source")
        .join(ARTICLE)
        .shown()
        .about("the outlet of the article"),
    field("id", FieldType::Int, "s.id")
        .shown()
        .not_null()
        .about("the statement's id"),
    field("published", FieldType::Date, "a.published")
        .join(ARTICLE)
        .about("the article's date"),
    field("surface", FieldType::Text, "s.surface").about("how the text names the speaker here"),
    field("role", FieldType::Text, "s.role").about("the speaker's role as written"),
    field("org", ORG_OF, "og.name")
        .join(ORG)
        .by_id("s.org_id", None, &[])
        .about("the organisation the role points to"),
    field("verb_text", FieldType::Text, "s.verb_text")
        .not_null()
        .about("the reporting word(s) as written"),
    field("quote", FieldType::Text, "s.quote").about("the direct quote, if any"),
    field(
        "about",
        entity(
            "s.id",
            "SELECT statement_id FROM statement_entities WHERE entity_id IN ({})",
        ),
        "(SELECT CASE WHEN count(*) > 0 THEN json_group_array(x.name) END \
         FROM statement_entities y JOIN entities x ON x.id = y.entity_id \
         WHERE y.statement_id = s.id)",
    )
    .grouped(
        "JOIN statement_entities se ON se.statement_id = s.id JOIN entities ab ON ab.id = se.entity_id",
        "ab.name",
    )
    .not_null()
    .about("the entities the statement names"),
    field(
        "title",
        FieldType::LongText(Fts {
            table: "articles_fts",
            column: "title",
            key: "s.article_id",
        }),
        "a.title",
    )
    .join(ARTICLE)
    .about("the article's title"),
    field("article", FieldType::Int, "s.article_id")
        .not_null()
        .about("the article's id"),
    field("headline", FieldType::Bool, "s.in_headline")
        .not_null()
        .about("true when it was read from the headline (its sentence is the title)"),
    // offsets count code points, and substr on TEXT counts characters: the same units
    field(
        "sentence",
        FieldType::Text,
        "CASE WHEN s.in_headline THEN substr(a.title, s.start + 1, s.end - s.start) \
         ELSE substr(a.body, s.start + 1, s.end - s.start) END",
    )
    .join(ARTICLE)
    .about("the sentence of the article it was read from"),
];

static ARTICLES: &[Field] = &[
    field("date", FieldType::Date, "a.published")
        .shown()
        .about("the publication date"),
    field("title", articles_fts("title"), "a.title")
        .shown()
        .about("the title"),
    field("source", FieldType::Text, "a.source")
        .shown()
        .about("the outlet"),
    field("id", FieldType::Int, "a.id")
        .shown()
        .not_null()
        .about("the article's id"),
    field("author", FieldType::Text, "a.author").about("the author"),
    field("url", FieldType::Text, "a.url").about("where it was published"),
    field("section", FieldType::Text, "a.section").about("the section of the outlet"),
    field("body", articles_fts("body"), "a.body")
        .not_null()
        .about("the text"),
    field(
        "mentions",
        entity(
            "a.id",
            "SELECT article_id FROM mentions WHERE entity_id IN ({})",
        ),
        "(SELECT CASE WHEN count(*) > 0 THEN json_group_array(x.name) END FROM entities x \
         WHERE x.id IN (SELECT entity_id FROM mentions WHERE article_id = a.id))",
    )
    .grouped(
        "JOIN (SELECT DISTINCT article_id, entity_id FROM mentions) mn ON mn.article_id = a.id \
         JOIN entities me ON me.id = mn.entity_id",
        "me.name",
    )
    .not_null()
    .about("the entities the article names"),
    field("path", FieldType::Text, "a.path").about("where it was read from"),
];

static ENTITIES: &[Field] = &[
    field("name", entity("e.id", "{}"), "e.name")
        .shown()
        .not_null()
        .about("the canonical name (matches any alias too)"),
    field("kind", FieldType::Kind, "e.kind")
        .shown()
        .not_null()
        .about("person, org, place or group"),
    field(
        "statements",
        FieldType::Count,
        "(SELECT count(*) FROM statements x WHERE x.speaker_id = e.id)",
    )
    .shown()
    .not_null()
    .about("how many statements the entity made"),
    field(
        "mentions",
        FieldType::Count,
        "(SELECT count(*) FROM mentions x WHERE x.entity_id = e.id)",
    )
    .shown()
    .not_null()
    .about("how many times articles name it"),
    field("id", FieldType::Int, "e.id")
        .shown()
        .not_null()
        .about("the entity's id"),
    field(
        "alias",
        entity("e.id", "{}"),
        "(SELECT CASE WHEN count(*) > 0 THEN json_group_array(x.alias) END FROM aliases x \
         WHERE x.entity_id = e.id AND x.alias_norm != e.name_norm)",
    )
    .grouped("JOIN aliases al ON al.entity_id = e.id", "al.alias")
    .not_null()
    .about("the other names it goes by"),
    field("origin", FieldType::Text, "e.origin")
        .not_null()
        .about("builtin, extracted or user"),
];

const fn statements_fts() -> FieldType {
    FieldType::LongText(Fts {
        table: "statements_fts",
        column: "statements_fts",
        key: "s.id",
    })
}

const fn articles_fts(column: &'static str) -> FieldType {
    FieldType::LongText(Fts {
        table: "articles_fts",
        column,
        key: "a.id",
    })
}

/// An entity field whose rows are `key IN (rows)`.
const fn entity(key: &'static str, rows: &'static str) -> FieldType {
    FieldType::Entity(Link {
        key,
        rows,
        unnamed: None,
        each: None,
        narrows: false,
    })
}

/// The statements of an organisation.
const ORG_OF: FieldType = FieldType::Entity(Link {
    key: "s.id",
    rows: "SELECT s.id FROM statements s WHERE s.org_id IN ({})",
    unnamed: None,
    each: None,
    narrows: true,
});

const fn field(name: &'static str, ty: FieldType, expr: &'static str) -> Field {
    Field {
        name,
        ty,
        expr,
        join: None,
        group: None,
        by_id: None,
        default: false,
        nullable: true,
        about: "",
    }
}

impl Field {
    const fn shown(mut self) -> Self {
        self.default = true;
        self
    }

    const fn join(mut self, join: &'static str) -> Self {
        self.join = Some(join);
        self
    }

    const fn grouped(mut self, join: &'static str, expr: &'static str) -> Self {
        self.group = Some((join, expr));
        self
    }

    const fn by_id(
        mut self,
        column: &'static str,
        unnamed: Option<&'static str>,
        beside: &'static [&'static str],
    ) -> Self {
        self.by_id = Some(ById {
            column,
            unnamed,
            beside,
        });
        self
    }

    const fn not_null(mut self) -> Self {
        self.nullable = false;
        self
    }

    const fn about(mut self, about: &'static str) -> Self {
        self.about = about;
        self
    }
}
