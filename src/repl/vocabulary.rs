//! The words completion and highlighting know: the tables and fields of the query language.

use super::complete::{Field, Values, Vocabulary, verb_values};
use crate::model::EntityKind;

/// The query language's tables, fields and keywords.
pub fn vocabulary() -> Vocabulary {
    let f = |name: &str| {
        let values = match name {
            "speaker" | "org" | "about" | "mentions" | "name" | "alias" => Values::Entities,
            "verb" => verb_values(),
            "negated" => Values::Fixed(vec!["true".into(), "false".into()]),
            "kind" => Values::Fixed(EntityKind::ALL.iter().map(|k| k.as_str().into()).collect()),
            _ => Values::Free,
        };
        Field {
            name: name.into(),
            values,
        }
    };
    let table =
        |name: &str, fields: &[&str]| (name.to_string(), fields.iter().map(|n| f(n)).collect());
    Vocabulary {
        tables: vec![
            table(
                "statements",
                &[
                    "id",
                    "date",
                    "published",
                    "speaker",
                    "surface",
                    "role",
                    "org",
                    "verb",
                    "verb_text",
                    "negated",
                    "content",
                    "quote",
                    "about",
                    "title",
                    "source",
                    "article",
                ],
            ),
            table(
                "articles",
                &[
                    "id", "date", "title", "source", "author", "url", "section", "body",
                    "mentions", "path",
                ],
            ),
            table(
                "entities",
                &["id", "name", "kind", "alias", "statements", "mentions"],
            ),
        ],
        keywords: [
            "where", "and", "or", "not", "in", "between", "show", "order", "by", "asc", "desc",
            "limit", "offset", "true", "false",
        ]
        .map(String::from)
        .to_vec(),
        buckets: ["year", "month", "week", "day"].map(String::from).to_vec(),
    }
}
