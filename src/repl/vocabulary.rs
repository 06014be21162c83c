//! The words completion and highlighting know, taken from the query catalog.

use super::complete::{Field, Values, Vocabulary, verb_values};
use crate::model::EntityKind;
use crate::query::{Catalog, FieldType};

/// The catalog's tables, fields, keywords and date buckets, with where each field's values
/// come from.
pub fn vocabulary(catalog: &Catalog) -> Vocabulary {
    let tables = catalog
        .tables()
        .iter()
        .map(|t| {
            let fields = t
                .fields
                .iter()
                .map(|f| Field {
                    name: f.name.to_string(),
                    values: values(f.ty),
                })
                .collect();
            (t.name.to_string(), fields)
        })
        .collect();
    let keywords = catalog
        .keywords()
        .iter()
        .map(|k| k.to_string())
        .chain(["true".into(), "false".into()])
        .collect();
    Vocabulary {
        tables,
        keywords,
        buckets: catalog.buckets().iter().map(|b| b.to_string()).collect(),
    }
}

fn values(ty: FieldType) -> Values {
    match ty {
        FieldType::Entity(_) => Values::Entities,
        FieldType::Verb => verb_values(),
        FieldType::Kind => {
            Values::Fixed(EntityKind::ALL.iter().map(|k| k.as_str().into()).collect())
        }
        FieldType::Bool => Values::Fixed(vec!["true".into(), "false".into()]),
        _ => Values::Free,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_fields_complete_names_and_verb_completes_classes() {
        let vocab = vocabulary(&Catalog::new());
        let statements = vocab.fields("statements").unwrap();
        let speaker = statements.iter().find(|f| f.name == "speaker").unwrap();
        assert_eq!(speaker.values, Values::Entities);
        let verb = statements.iter().find(|f| f.name == "verb").unwrap();
        assert_eq!(verb.values, verb_values());
        let name = vocab
            .fields("entities")
            .unwrap()
            .iter()
            .find(|f| f.name == "name");
        assert_eq!(name.map(|f| &f.values), Some(&Values::Entities));
    }
}
