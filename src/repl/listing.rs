//! What `.tables`, `.fields`, `.schema` and `.verbs` print: the catalog, the store's SQL
//! schema and the lexicon as text.

use crate::extract::lexicon;
use crate::model::VerbClass;
use crate::query::{Catalog, FieldType};
use crate::store::Store;

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

/// `.fields [TABLE]`: each field with its type and meaning, then the operators of each type;
/// `*` marks the fields a query shows when it has no `show`, `?` those that may be missing
/// (`is null`). An unknown table is an error listing the tables.
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
    let mut types: Vec<FieldType> = Vec::new();
    for t in tables {
        out.push_str(&format!("{}\n", t.name));
        let width = t.fields.iter().map(|f| f.name.len()).max().unwrap_or(0);
        for f in t.fields {
            let mark = if f.default { '*' } else { ' ' };
            let missing = if f.may_be_missing() { '?' } else { ' ' };
            out.push_str(&format!(
                " {mark}{missing}{:<width$}  {:<11}  {}\n",
                f.name,
                f.ty.name(),
                f.about
            ));
            if !types.iter().any(|ty| ty.name() == f.ty.name()) {
                types.push(f.ty);
            }
        }
    }
    out.push_str(
        "(* shown when a query has no `show`; ? may be missing: `is null`, `is not null`)\n",
    );
    out.push_str("operators:\n");
    for ty in types {
        let ops: Vec<&str> = ty.ops().iter().map(|op| op.symbol()).collect();
        let alone = if ty == FieldType::Bool {
            "  (or alone: FIELD, not FIELD)"
        } else {
            ""
        };
        out.push_str(&format!("  {:<11}  {}{alone}\n", ty.name(), ops.join(" ")));
    }
    Ok(out)
}

/// `.schema [TABLE]`: the CREATE statements SQLite keeps for the store, as the sqlite3 shell
/// prints them (each ending with `;`), in the order they were made; with TABLE (a LIKE
/// pattern, as in sqlite3), those of that table: its indexes and triggers too. A pattern no
/// table fits is an error listing the store's tables.
pub fn schema(store: &Store, table: Option<&str>) -> Result<String, String> {
    let sql = "SELECT sql FROM sqlite_master
                WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                  AND (?1 IS NULL OR tbl_name LIKE ?1)
                ORDER BY rowid";
    let found: rusqlite::Result<Vec<String>> = store
        .connection()
        .prepare(sql)
        .and_then(|mut stmt| stmt.query_map([table], |r| r.get(0))?.collect());
    let statements = found.map_err(|e| format!("error: reading the schema: {e}"))?;
    if statements.is_empty()
        && let Some(name) = table
    {
        return Err(format!(
            "no table {name} in the store; its tables are: {} (.fields lists what queries ask about)",
            store_tables(store).join(", ")
        ));
    }
    Ok(statements.iter().map(|s| format!("{s};\n")).collect())
}

/// What `.dump` says: qawl writes no SQL dump; the sqlite3 shell does, of the store's file.
pub fn dump_instead(store: Option<&std::path::Path>) -> String {
    let how = match store {
        Some(path) => format!(
            "sqlite3 '{}' .dump > store.sql",
            path.display().to_string().replace('\'', "'\\''")
        ),
        None => "sqlite3 FILE .dump (this store lives in memory: there is no file)".into(),
    };
    format!(
        ".dump is not a qawl command: the store is a plain SQLite file, and the sqlite3 shell \
         writes the SQL that rebuilds it, full-text indexes included:\n  {how}\n\
         A copy of the file is a backup too; .once FILE.csv with a query exports rows, \
         .schema shows the CREATE statements."
    )
}

/// The store's own tables and views, without SQLite's internal ones and the shadow tables of
/// full-text indexes.
fn store_tables(store: &Store) -> Vec<String> {
    let sql = "SELECT name FROM pragma_table_list
                WHERE schema = 'main' AND type IN ('table', 'view', 'virtual')
                  AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                ORDER BY name";
    let names: rusqlite::Result<Vec<String>> = store
        .connection()
        .prepare(sql)
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
    names.unwrap_or_default()
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
    fn fields_list_the_operators_of_their_types() {
        let text = fields(&Catalog::new(), Some("statements")).unwrap();
        assert!(text.contains("\noperators:\n"), "{text}");
        let date = text
            .lines()
            .find(|l| l.trim_start().starts_with("date "))
            .unwrap();
        assert!(date.contains("= != < <= > >= in between"), "{text}");
        assert!(text.contains("?quote"), "{text}");
        assert!(text.contains("= != ~ !~ in"), "{text}");
    }

    #[test]
    fn schema_prints_the_create_statements_sqlite_keeps() {
        let store = Store::open_in_memory().unwrap();
        let all = schema(&store, None).unwrap();
        assert!(all.contains("CREATE TABLE statements"), "{all}");
        assert!(all.contains("CREATE TABLE articles"), "{all}");
        assert!(
            all.lines().filter(|l| l.ends_with(';')).count() > 5,
            "{all}"
        );
        let one = schema(&store, Some("ENTITIES")).unwrap();
        assert!(one.starts_with("CREATE TABLE entities"), "{one}");
        assert!(!one.contains("CREATE TABLE statements"), "{one}");
        let err = schema(&store, Some("تصريحات")).unwrap_err();
        assert!(
            err.contains("statements") && !err.contains("_data"),
            "{err}"
        );
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
