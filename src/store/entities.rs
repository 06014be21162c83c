//! Curating entities: the built-in gazetteer, user additions, aliases and merges.
//!
//! Entities a user touches become `user` entities, and `user` aliases are never removed by
//! re-extraction; `extracted` ones are rebuilt each time the rules run.

use super::Store;
use super::insert::{add_alias_tx, find_entity_tx};
use crate::error::{Error, Result};
use crate::model::{EntityKind, EntityRef, Origin};
use crate::text::normalize;
use rusqlite::{OptionalExtension, params};

/// One row of `entities`, as curation commands report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub origin: String,
}

/// What `merge` moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    pub into: EntityRow,
    pub statements: usize,
    pub mentions: usize,
    pub aliases: usize,
}

/// Bumped whenever the built-in gazetteer data changes, so stores pick up the new entries.
const GAZETTEER_KEY: &str = "gazetteer_version";

impl Store {
    /// Loads the built-in gazetteer into the store when it is missing or out of date.
    pub(super) fn seed_builtin_entities(&mut self) -> Result<()> {
        let wanted = crate::extract::gazetteer::VERSION.to_string();
        let have: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [GAZETTEER_KEY],
                |r| r.get(0),
            )
            .optional()?;
        if have.as_deref() == Some(wanted.as_str()) {
            return Ok(());
        }
        let tx = self.write_tx()?;
        for entity in crate::extract::gazetteer::builtin() {
            let norm = normalize(&entity.name);
            let id = match find_entity_tx(&tx, &norm, entity.kind)? {
                Some(id) => id,
                None => {
                    tx.execute(
                        "INSERT INTO entities (kind, name, name_norm, origin) VALUES (?1, ?2, ?3, 'builtin')",
                        params![entity.kind.as_str(), entity.name, norm],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            add_alias_tx(&tx, id, &entity.name, Origin::Builtin)?;
            for alias in &entity.aliases {
                add_alias_tx(&tx, id, alias, Origin::Builtin)?;
            }
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![GAZETTEER_KEY, wanted],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The entities a user curated (added, or gave an alias), with all their aliases: what the
    /// extractor must know beyond its built-in gazetteer before it reads an article.
    pub fn known_entities(&self) -> Result<Vec<EntityRef>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.kind, e.name, a.alias
             FROM entities e LEFT JOIN aliases a ON a.entity_id = e.id AND a.alias_norm != e.name_norm
             WHERE e.origin = 'user'
                OR e.id IN (SELECT entity_id FROM aliases WHERE origin = 'user')
             ORDER BY e.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<(i64, EntityRef)> = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let alias: Option<String> = r.get(3)?;
            if out.last().map(|(last, _)| *last) != Some(id) {
                let kind: String = r.get(1)?;
                out.push((
                    id,
                    EntityRef {
                        kind: kind.parse().unwrap_or(EntityKind::Org),
                        name: r.get(2)?,
                        aliases: Vec::new(),
                    },
                ));
            }
            if let (Some(alias), Some((_, e))) = (alias, out.last_mut()) {
                e.aliases.push(alias);
            }
        }
        Ok(out.into_iter().map(|(_, e)| e).collect())
    }

    /// Entities whose name or an alias equals `name` after normalisation.
    pub fn find_entities(&self, name: &str) -> Result<Vec<EntityRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, name, origin FROM entities
             WHERE name_norm = ?1 OR id IN (SELECT entity_id FROM aliases WHERE alias_norm = ?1)
             ORDER BY CASE origin WHEN 'user' THEN 0 WHEN 'builtin' THEN 1 ELSE 2 END, id",
        )?;
        let rows = stmt.query_map([normalize(name)], row_to_entity)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a user entity (or adopts the existing one of that kind and name) with aliases.
    pub fn add_entity(
        &mut self,
        kind: EntityKind,
        name: &str,
        aliases: &[String],
    ) -> Result<EntityRow> {
        let entity = EntityRef {
            kind,
            name: name.trim().to_string(),
            aliases: aliases.to_vec(),
        };
        Ok(self.add_entities(std::slice::from_ref(&entity))?.remove(0))
    }

    /// Adds several user entities in one transaction: all of them, or none when one fails.
    pub fn add_entities(&mut self, entities: &[EntityRef]) -> Result<Vec<EntityRow>> {
        if let Some(unnamed) = entities.iter().position(|e| normalize(&e.name).is_empty()) {
            return Err(Error::Failed(format!(
                "entity {} of {} has an empty name; every entity needs one",
                unnamed + 1,
                entities.len()
            )));
        }
        let tx = self.write_tx()?;
        let mut rows = Vec::with_capacity(entities.len());
        for entity in entities {
            rows.push(add_entity_tx(&tx, entity)?);
        }
        tx.commit()?;
        Ok(rows)
    }

    /// Gives an entity another alias; the entity becomes curated (`user`).
    pub fn add_alias(&mut self, entity: &str, alias: &str) -> Result<EntityRow> {
        let row = self.one_entity(entity)?;
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE entities SET origin = 'user' WHERE id = ?1 AND origin = 'extracted'",
            [row.id],
        )?;
        add_alias_tx(&tx, row.id, alias, Origin::User)?;
        tx.commit()?;
        self.one_entity_by_id(row.id)
    }

    /// Folds entity `from` into `into`: statements, mentions and aliases move, `from` goes.
    pub fn merge_entities(&mut self, from: &str, into: &str) -> Result<MergeOutcome> {
        let source = self.one_entity(from)?;
        let target = self.one_entity(into)?;
        if source.id == target.id {
            return Err(Error::Failed(format!(
                "`{from}` and `{into}` are already the same entity ({})",
                target.name
            )));
        }
        let tx = self.write_tx()?;
        let statements = tx.execute(
            "UPDATE statements SET speaker_id = ?2 WHERE speaker_id = ?1",
            params![source.id, target.id],
        )? + tx.execute(
            "UPDATE statements SET org_id = ?2 WHERE org_id = ?1",
            params![source.id, target.id],
        )?;
        let mentions = tx.execute(
            "UPDATE mentions SET entity_id = ?2 WHERE entity_id = ?1",
            params![source.id, target.id],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO statement_entities (statement_id, entity_id)
             SELECT statement_id, ?2 FROM statement_entities WHERE entity_id = ?1",
            params![source.id, target.id],
        )?;
        let aliases: Vec<String> = {
            let mut stmt = tx.prepare("SELECT alias FROM aliases WHERE entity_id = ?1")?;
            stmt.query_map([source.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut moved = 0;
        for alias in aliases.iter().chain(std::iter::once(&source.name)) {
            moved += usize::from(add_alias_tx(&tx, target.id, alias, Origin::User)?);
        }
        tx.execute("DELETE FROM entities WHERE id = ?1", [source.id])?;
        tx.execute(
            "UPDATE entities SET origin = 'user' WHERE id = ?1 AND origin = 'extracted'",
            [target.id],
        )?;
        tx.commit()?;
        Ok(MergeOutcome {
            into: self.one_entity_by_id(target.id)?,
            statements,
            mentions,
            aliases: moved,
        })
    }

    /// The single entity a name or alias designates, or a usage error that lists the candidates.
    fn one_entity(&self, name: &str) -> Result<EntityRow> {
        let found = self.find_entities(name)?;
        match found.as_slice() {
            [] => Err(Error::Failed(format!(
                "no entity is named `{name}` (by name or alias); `qawl entity list --name {name}` searches by part of a name"
            ))),
            [one] => Ok(one.clone()),
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|e| format!("  #{} {} ({}, {})", e.id, e.name, e.kind, e.origin))
                    .collect();
                Err(Error::Failed(format!(
                    "`{name}` names {} entities; use the id (e.g. `#{}`):\n{}",
                    many.len(),
                    many[0].id,
                    list.join("\n")
                )))
            }
        }
        .or_else(|e| match parse_id(name) {
            Some(id) => self.one_entity_by_id(id),
            None => Err(e),
        })
    }

    fn one_entity_by_id(&self, id: i64) -> Result<EntityRow> {
        self.conn
            .query_row(
                "SELECT id, kind, name, origin FROM entities WHERE id = ?1",
                [id],
                row_to_entity,
            )
            .optional()?
            .ok_or_else(|| Error::Failed(format!("no entity has id #{id}")))
    }
}

/// Inserts (or adopts, as `user`) one entity with its aliases.
fn add_entity_tx(tx: &rusqlite::Transaction, entity: &EntityRef) -> Result<EntityRow> {
    let name = entity.name.trim();
    let norm = normalize(name);
    tx.execute(
        "INSERT INTO entities (kind, name, name_norm, origin) VALUES (?1, ?2, ?3, 'user')
         ON CONFLICT (kind, name_norm) DO UPDATE SET origin = 'user', name = excluded.name",
        params![entity.kind.as_str(), name, norm],
    )?;
    let row = tx.query_row(
        "SELECT id, kind, name, origin FROM entities WHERE kind = ?1 AND name_norm = ?2",
        params![entity.kind.as_str(), norm],
        row_to_entity,
    )?;
    add_alias_tx(tx, row.id, name, Origin::User)?;
    for alias in &entity.aliases {
        add_alias_tx(tx, row.id, alias, Origin::User)?;
    }
    Ok(row)
}

/// `#12` or `12` designates an entity by id.
fn parse_id(text: &str) -> Option<i64> {
    text.trim().trim_start_matches('#').parse().ok()
}

fn row_to_entity(r: &rusqlite::Row) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        name: r.get(2)?,
        origin: r.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_alias_makes_both_spellings_find_the_entity() {
        let mut store = Store::open_in_memory().unwrap();
        let row = store
            .add_entity(EntityKind::Person, "وائل علوان", &["علوان".into()])
            .unwrap();
        assert_eq!(row.origin, "user");
        store
            .add_alias(&format!("#{}", row.id), "أبو وائل")
            .unwrap();
        assert_eq!(store.find_entities("ابو وائل").unwrap()[0].id, row.id);
        assert_eq!(store.find_entities("علوان").unwrap()[0].id, row.id);
        assert!(store.find_entities("بيرقدار").unwrap().is_empty());
    }

    #[test]
    fn merge_moves_aliases_and_removes_the_source() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .add_entity(EntityKind::Person, "حمزة بيرقدار", &[])
            .unwrap();
        store
            .add_entity(EntityKind::Person, "حمزه بيرقدار الناطق", &[])
            .unwrap();
        let outcome = store
            .merge_entities("حمزه بيرقدار الناطق", "حمزة بيرقدار")
            .unwrap();
        assert_eq!(outcome.into.name, "حمزة بيرقدار");
        let found = store.find_entities("حمزة بيرقدار الناطق").unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, outcome.into.id);
    }

    #[test]
    fn unknown_entity_is_a_usage_error_that_says_how_to_search() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store.add_alias("لا أحد", "x").unwrap_err();
        assert!(err.to_string().contains("entity list"), "{err}");
        assert_eq!(err.exit_code(), 1);
    }
}
