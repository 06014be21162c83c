//! Entities as curation sees them: the built-in gazetteer, what users curated, finding one
//! entity by name, alias or id, and reading one entity's profile or the curated set for
//! export. The changes themselves are in `curate.rs`.
//!
//! Entities a user touches become `user` entities, and `user` aliases are never removed by
//! re-extraction; `extracted` ones are rebuilt each time the rules run.

use super::Store;
use super::insert::{add_alias_tx, find_entity_tx};
use crate::error::{Error, Result};
use crate::model::{EntityKind, EntityRef, Origin};
use crate::text::normalize;
use rusqlite::{Connection, OptionalExtension, params};

/// One row of `entities`, as curation commands report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub origin: String,
}

/// What `qawl entity show` tells of one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub entity: EntityRow,
    /// Every alias besides its name, with its origin.
    pub aliases: Vec<(String, String)>,
    /// Statements it speaks, by year said (`None`: no date), oldest first.
    pub by_year: Vec<(Option<String>, i64)>,
    /// Statements it speaks, by verb class, most first.
    pub by_verb: Vec<(String, i64)>,
    /// Statements whose organisation it is, statements about it, its mentions, and the
    /// articles that mention it.
    pub as_org: i64,
    pub about: i64,
    pub mentions: i64,
    pub articles: i64,
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
        find_entities_in(&self.conn, name)
    }

    /// The single entity a name, an alias or `#id` designates, or an error that lists the
    /// candidates or says how to search.
    pub fn entity(&self, name: &str) -> Result<EntityRow> {
        one_entity(&self.conn, name)
    }

    /// What `qawl entity show NAME` tells: kind, aliases, and its statements by year and verb.
    pub fn entity_profile(&self, name: &str) -> Result<Profile> {
        let entity = one_entity(&self.conn, name)?;
        let pairs = |sql: &str| -> Result<Vec<(Option<String>, i64)>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([entity.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let one =
            |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [entity.id], |r| r.get(0))?) };
        let aliases = {
            let mut stmt = self.conn.prepare(
                "SELECT a.alias, a.origin FROM aliases a JOIN entities e ON e.id = a.entity_id
                 WHERE a.entity_id = ?1 AND a.alias_norm != e.name_norm
                 ORDER BY a.alias_norm, a.alias",
            )?;
            stmt.query_map([entity.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        Ok(Profile {
            aliases,
            by_year: pairs(
                "SELECT substr(said_on, 1, 4) AS year, count(*) FROM statements
                 WHERE speaker_id = ?1 GROUP BY year ORDER BY year IS NULL, year",
            )?,
            by_verb: pairs(
                "SELECT verb, count(*) AS n FROM statements WHERE speaker_id = ?1
                 GROUP BY verb ORDER BY n DESC, verb",
            )?
            .into_iter()
            .map(|(verb, n)| (verb.unwrap_or_default(), n))
            .collect(),
            as_org: one("SELECT count(*) FROM statements WHERE org_id = ?1")?,
            about: one("SELECT count(*) FROM statement_entities WHERE entity_id = ?1")?,
            mentions: one("SELECT count(*) FROM mentions WHERE entity_id = ?1")?,
            articles: one("SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = ?1")?,
            entity,
        })
    }

    /// The entities `qawl entity export` writes, by kind and name, each with its aliases
    /// besides its name: the curated ones (as [`Store::known_entities`] chooses them), or all.
    pub fn entities_to_export(&self, all: bool) -> Result<Vec<EntityRef>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.kind, e.name,
                    (SELECT json_group_array(alias) FROM
                        (SELECT a.alias FROM aliases a
                          WHERE a.entity_id = e.id AND a.alias_norm != e.name_norm
                          ORDER BY a.alias_norm, a.alias))
             FROM entities e
             WHERE ?1 OR e.origin = 'user'
                OR e.id IN (SELECT entity_id FROM aliases WHERE origin = 'user')
             ORDER BY e.kind, e.name_norm, e.name, e.id",
        )?;
        let mut rows = stmt.query([all])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let kind: String = r.get(1)?;
            let aliases: String = r.get(3)?;
            out.push(EntityRef {
                kind: kind.parse().map_err(Error::Failed)?,
                name: r.get(2)?,
                aliases: serde_json::from_str(&aliases)?,
            });
        }
        Ok(out)
    }
}

/// Entities whose name or an alias equals `name` after normalisation, curated ones first.
pub(super) fn find_entities_in(conn: &Connection, name: &str) -> Result<Vec<EntityRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, name, origin FROM entities
         WHERE name_norm = ?1 OR id IN (SELECT entity_id FROM aliases WHERE alias_norm = ?1)
         ORDER BY CASE origin WHEN 'user' THEN 0 WHEN 'builtin' THEN 1 ELSE 2 END, id",
    )?;
    let rows = stmt.query_map([normalize(name)], row_to_entity)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The single entity a name, an alias or `#id` designates, or a usage error that lists the
/// candidates.
pub(super) fn one_entity(conn: &Connection, name: &str) -> Result<EntityRow> {
    let by_id = |id| entity_by_id(conn, id);
    if let Some(id) = parse_id(name).filter(|_| name.trim().starts_with('#')) {
        return by_id(id)?.ok_or_else(|| {
            Error::Failed(format!(
                "no entity has id #{id}; `qawl entity list` shows the ids"
            ))
        });
    }
    let found = find_entities_in(conn, name)?;
    if let (true, Some(row)) = (
        found.is_empty(),
        parse_id(name).map(by_id).transpose()?.flatten(),
    ) {
        return Ok(row);
    }
    match found.as_slice() {
        [] => Err(Error::Failed(format!(
            "no entity is named `{name}` (by name or alias); `qawl entity list --name {name}` searches by part of a name"
        ))),
        [one] => Ok(one.clone()),
        many => {
            let list: Vec<String> = many.iter().map(|e| format!("  {}", describe(e))).collect();
            Err(Error::Failed(format!(
                "`{name}` names {} entities; use the id (e.g. `#{}`):\n{}",
                many.len(),
                many[0].id,
                list.join("\n")
            )))
        }
    }
}

/// Entity `id`, if there is one.
pub(super) fn entity_by_id(conn: &Connection, id: i64) -> Result<Option<EntityRow>> {
    Ok(conn
        .query_row(
            "SELECT id, kind, name, origin FROM entities WHERE id = ?1",
            [id],
            row_to_entity,
        )
        .optional()?)
}

/// An entity as messages name it: `#12 وائل علوان (person, user)`.
pub(super) fn describe(e: &EntityRow) -> String {
    format!("#{} {} ({}, {})", e.id, e.name, e.kind, e.origin)
}

/// `#12` or `12` designates an entity by id.
pub(super) fn parse_id(text: &str) -> Option<i64> {
    text.trim().trim_start_matches('#').parse().ok()
}

pub(super) fn row_to_entity(r: &rusqlite::Row) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        name: r.get(2)?,
        origin: r.get(3)?,
    })
}
