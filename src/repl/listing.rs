//! What `.tables`, `.fields` and `.verbs` print: the catalog and the lexicon as text.

use crate::extract::lexicon;
use crate::model::VerbClass;
use crate::query::Catalog;

/// `.tables`: each table with what it holds.
pub fn tables(catalog: &Catalog) -> String {
    let width = catalog
        .tables()
        .iter()
        .map(|t| t.name.len())
        .max()
        .unwrap_or(0);
    catalog
        .tables()
        .iter()
        .map(|t| format!("{:<width$}  {}\n", t.name, t.about))
        .collect()
}

/// `.fields [TABLE]`: each field with its type and meaning; `*` marks the fields a query shows
/// when it has no `show`. An unknown table is an error listing the tables.
pub fn fields(catalog: &Catalog, table: Option<&str>) -> Result<String, String> {
    let tables: Vec<_> = match table {
        Some(name) => match catalog.table(name) {
            Some(t) => vec![t],
            None => {
                let names: Vec<&str> = catalog.tables().iter().map(|t| t.name).collect();
                return Err(format!(
                    "unknown table {name}; the tables are: {}",
                    names.join(", ")
                ));
            }
        },
        None => catalog.tables().iter().collect(),
    };
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("{}\n", t.name));
        let width = t.fields.iter().map(|f| f.name.len()).max().unwrap_or(0);
        for f in t.fields {
            let mark = if f.default { '*' } else { ' ' };
            out.push_str(&format!(
                " {mark}{:<width$}  {:<11}  {}\n",
                f.name,
                f.ty.name(),
                f.about
            ));
        }
    }
    out.push_str("(* shown when a query has no `show`)\n");
    Ok(out)
}

/// `.verbs`: each class with its Arabic words, as the lexicon lists them.
pub fn verbs() -> String {
    VerbClass::ALL
        .iter()
        .map(|&class| {
            let words: Vec<&str> = lexicon::words(class).collect();
            format!("{:<13} {}\n", class.as_str(), words.join("، "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_one_table_show_types() {
        let text = fields(&Catalog::new(), Some("STATEMENTS")).unwrap();
        assert!(text.starts_with("statements\n"), "{text}");
        assert!(text.contains("speaker"), "{text}");
        assert!(text.contains("entity"), "{text}");
        assert!(!text.contains("\narticles\n"), "{text}");
    }

    #[test]
    fn an_unknown_table_lists_the_tables() {
        let err = fields(&Catalog::new(), Some("تصريحات")).unwrap_err();
        assert!(err.contains("statements, articles, entities"), "{err}");
    }

    #[test]
    fn verbs_list_arabic_words() {
        let text = verbs();
        let denied = text.lines().find(|l| l.starts_with("denied"));
        let norm = denied.map(crate::text::normalize).unwrap_or_default();
        assert!(norm.contains(&crate::text::normalize("نفى")), "{text}");
        assert_eq!(text.lines().count(), VerbClass::ALL.len());
    }
}
