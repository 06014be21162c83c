//! Curation changes: add, alias, unalias, rename, merge, delete, import and undo.
//!
//! Each change runs in one write transaction that first checks it (a name or alias that
//! already names another entity is refused unless forced), then makes it, then writes its
//! journal row (`journal.rs`). A change that would change nothing writes nothing and says so.
//! Nothing here prints: a [`Change`] carries its summary in words.

use super::Store;
use super::entities::{EntityRow, describe, entity_by_id, find_entities_in, one_entity};
use super::insert::add_alias_tx;
use super::journal::{Recorder, undo_last_tx};
use crate::error::{Error, Result};
use crate::model::{EntityKind, EntityRef, Origin};
use crate::text::normalize;
use rusqlite::{Connection, OptionalExtension, params};

/// What one curation command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The journal row that records it; `None` when nothing changed.
    pub journal: Option<i64>,
    /// What changed, or that nothing did, in words.
    pub summary: String,
    /// The entity the command was about, as it is now (none after a delete or an import).
    pub entity: Option<EntityRow>,
}

impl Change {
    /// True when the store changed.
    pub fn changed(&self) -> bool {
        self.journal.is_some()
    }

    fn unchanged(summary: String, entity: Option<EntityRow>) -> Change {
        Change {
            journal: None,
            summary: format!("nothing changed: {summary}"),
            entity,
        }
    }
}

/// What a merge moves, or a delete takes away: counted before it is done, so that a dry run
/// can show it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Affected {
    /// Statements it speaks.
    pub speaker: usize,
    /// Statements whose organisation it is.
    pub org: usize,
    /// Statements about it (for a merge: those not already about the target).
    pub about: usize,
    /// Its mentions in articles.
    pub mentions: usize,
    /// Its aliases besides its name (for a merge: those the target lacks, its name included).
    pub aliases: Vec<String>,
}

impl Affected {
    /// "3 statements as speaker, 1 as organisation, 2 about it, 7 mentions and 2 aliases (أ، ب)".
    pub fn describe(&self) -> String {
        let mut parts = vec![
            format!("{} as speaker", count(self.speaker, "statement")),
            format!("{} as organisation", self.org),
            format!("{} about it", self.about),
            count(self.mentions, "mention"),
        ];
        let aliases = count(self.aliases.len(), "alias");
        parts.push(if self.aliases.is_empty() {
            aliases
        } else {
            format!("{aliases} ({})", self.aliases.join("، "))
        });
        let last = parts.pop().unwrap_or_default();
        format!("{} and {last}", parts.join(", "))
    }
}

/// "1 statement", "2 statements", "2 aliases".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else if noun.ends_with('s') {
        format!("{n} {noun}es")
    } else {
        format!("{n} {noun}s")
    }
}

/// What `merge` and `delete` report: what is (or would be) affected, and the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// The entity merged away or deleted, as it was.
    pub entity: EntityRow,
    pub affected: Affected,
    /// The change made; `None` for a dry run.
    pub change: Option<Change>,
}

impl Store {
    /// Adds a user entity (or adopts the existing one of that kind and name) with aliases,
    /// refusing a name or alias that already names another entity.
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
        let change = self.add_curated(&entity, false)?;
        change
            .entity
            .ok_or_else(|| Error::Failed("the entity was not added".into()))
    }

    /// `qawl entity add`: adds `entity` as a curated entity, or makes the entity of that kind
    /// and name curated and gives it the aliases it lacks. Unless `force`, a name or alias
    /// that already names another entity (of any kind) is refused, naming it.
    pub fn add_curated(&mut self, entity: &EntityRef, force: bool) -> Result<Change> {
        let tx = self.write_tx()?;
        let mut recorder = Recorder::default();
        let added = add_tx(&tx, &mut recorder, entity, force)?;
        let row = entity_by_id(&tx, added.id)?.ok_or_else(|| {
            Error::Failed(format!("entity #{} vanished while it was added", added.id))
        })?;
        if recorder.is_empty() {
            let summary = format!(
                "{} is in the store already, with these aliases",
                describe(&row)
            );
            return Ok(Change::unchanged(summary, Some(row)));
        }
        let summary = added.summary(&row);
        let journal = recorder.finish(&tx, "add", &summary)?;
        tx.commit()?;
        Ok(Change {
            journal: Some(journal),
            summary,
            entity: Some(row),
        })
    }

    /// `qawl entity import`: adds every entity as [`Store::add_curated`] does, in one
    /// transaction and one journal row: all of them or none. `labels[i]` says where entity
    /// `i` came from (`people.csv:3`) in an error message; `source` names the file.
    pub fn import_entities(
        &mut self,
        entities: &[EntityRef],
        labels: &[String],
        source: &str,
        force: bool,
    ) -> Result<Change> {
        let tx = self.write_tx()?;
        let mut recorder = Recorder::default();
        let (mut added, mut updated, mut unchanged) = (0, 0, 0);
        for (i, entity) in entities.iter().enumerate() {
            let label = labels.get(i).map_or("", String::as_str);
            let before = recorder.len();
            let outcome = add_tx(&tx, &mut recorder, entity, force)
                .map_err(|e| Error::Failed(format!("{label}: {e}")))?;
            if outcome.made {
                added += 1;
            } else if recorder.len() > before {
                updated += 1;
            } else {
                unchanged += 1;
            }
        }
        let total = entities.len();
        if recorder.is_empty() {
            return Ok(Change::unchanged(
                format!(
                    "{} of {source}: all in the store already, as it has them",
                    count(total, "entity")
                ),
                None,
            ));
        }
        let summary = format!(
            "imported {} from {source}: {added} added, {updated} given new aliases or made curated, {unchanged} already in the store",
            count(total, "entity")
        );
        let journal = recorder.finish(&tx, "import", &summary)?;
        tx.commit()?;
        Ok(Change {
            journal: Some(journal),
            summary,
            entity: None,
        })
    }

    /// `qawl entity alias`: gives an entity another alias; the entity becomes curated. Unless
    /// `force`, an alias that already names another entity is refused, naming it.
    pub fn add_alias(&mut self, entity: &str, alias: &str, force: bool) -> Result<Change> {
        let tx = self.write_tx()?;
        let row = one_entity(&tx, entity)?;
        let (alias, norm) = checked_name(alias, "alias")?;
        if !force {
            let others = others_named(&tx, &norm, row.id)?;
            if !others.is_empty() {
                return Err(refuse_shared_alias(alias, &row, &others));
            }
        }
        let mut recorder = Recorder::default();
        recorder.touch(&tx, row.id)?;
        tx.execute(
            "UPDATE entities SET origin = 'user' WHERE id = ?1 AND origin = 'extracted'",
            [row.id],
        )?;
        give_alias_tx(&tx, row.id, alias)?;
        recorder.settle(&tx)?;
        let now = one_entity(&tx, &format!("#{}", row.id))?;
        if recorder.is_empty() {
            return Ok(Change::unchanged(
                format!("{} answers to `{alias}` already", describe(&now)),
                Some(now),
            ));
        }
        let summary = format!("{} now also answers to `{alias}`", describe(&now));
        let journal = recorder.finish(&tx, "alias", &summary)?;
        tx.commit()?;
        Ok(Change {
            journal: Some(journal),
            summary,
            entity: Some(now),
        })
    }

    /// `qawl entity unalias`: takes an alias from an entity (never its name).
    pub fn remove_alias(&mut self, entity: &str, alias: &str) -> Result<Change> {
        let tx = self.write_tx()?;
        let row = one_entity(&tx, entity)?;
        let (alias, norm) = checked_name(alias, "alias")?;
        if normalize(&row.name) == norm {
            return Err(Error::Failed(format!(
                "refused: `{alias}` is the name of {}, not one of its aliases; \
                 `qawl entity rename '#{}' NEW_NAME` gives it another name",
                describe(&row),
                row.id
            )));
        }
        let mut recorder = Recorder::default();
        recorder.touch(&tx, row.id)?;
        tx.execute(
            "DELETE FROM aliases WHERE entity_id = ?1 AND alias_norm = ?2",
            params![row.id, norm],
        )?;
        recorder.settle(&tx)?;
        if recorder.is_empty() {
            let aliases = aliases_of(&tx, &row)?;
            let has = if aliases.is_empty() {
                "it has no aliases".to_string()
            } else {
                format!("its aliases are {}", aliases.join("، "))
            };
            return Ok(Change::unchanged(
                format!("{} has no alias `{alias}`; {has}", describe(&row)),
                Some(row),
            ));
        }
        tx.execute(
            "UPDATE entities SET origin = 'user' WHERE id = ?1 AND origin = 'extracted'",
            [row.id],
        )?;
        let now = one_entity(&tx, &format!("#{}", row.id))?;
        let summary = format!("{} no longer answers to `{alias}`", describe(&now));
        let journal = recorder.finish(&tx, "unalias", &summary)?;
        tx.commit()?;
        Ok(Change {
            journal: Some(journal),
            summary,
            entity: Some(now),
        })
    }

    /// `qawl entity rename`: gives an entity another name; the old name stays an alias.
    /// Unless `force`, a name that already names another entity is refused; one that names
    /// another entity of the same kind always is (that is a merge).
    pub fn rename_entity(&mut self, entity: &str, new_name: &str, force: bool) -> Result<Change> {
        let tx = self.write_tx()?;
        let row = one_entity(&tx, entity)?;
        let (name, norm) = checked_name(new_name, "name")?;
        if row.name == name {
            return Ok(Change::unchanged(
                format!("{} has that name already", describe(&row)),
                Some(row),
            ));
        }
        let same_kind: Option<EntityRow> = tx
            .query_row(
                "SELECT id, kind, name, origin FROM entities
                 WHERE kind = ?1 AND name_norm = ?2 AND id != ?3",
                params![row.kind, norm, row.id],
                super::entities::row_to_entity,
            )
            .optional()?;
        if let Some(other) = &same_kind {
            return Err(Error::Failed(format!(
                "refused: {} has the name `{name}` already; if the two are one {}, \
                 `qawl entity merge '#{}' '#{}'` folds the first into the second",
                describe(other),
                row.kind,
                row.id,
                other.id
            )));
        }
        let others = others_named(&tx, &norm, row.id)?;
        if !others.is_empty() && !force {
            return Err(refuse_taken_name(name, &row.kind, &others, "rename it"));
        }
        let mut recorder = Recorder::default();
        recorder.touch(&tx, row.id)?;
        tx.execute(
            "UPDATE entities SET name = ?2, name_norm = ?3, origin = 'user' WHERE id = ?1",
            params![row.id, name, norm],
        )?;
        give_alias_tx(&tx, row.id, &row.name)?;
        give_alias_tx(&tx, row.id, name)?;
        let now = one_entity(&tx, &format!("#{}", row.id))?;
        let summary = format!(
            "#{} {} ({}) is now named {}; `{}` stays an alias",
            row.id, row.name, row.kind, now.name, row.name
        );
        let journal = recorder.finish(&tx, "rename", &summary)?;
        tx.commit()?;
        Ok(Change {
            journal: Some(journal),
            summary,
            entity: Some(now),
        })
    }

    /// `qawl entity merge`: folds entity `from` into `into` — statements, mentions and aliases
    /// move, `from` goes. Entities of different kinds are merged only when `force`; with
    /// `dry_run`, nothing is written and the outcome says what would move.
    pub fn merge_entities(
        &mut self,
        from: &str,
        into: &str,
        dry_run: bool,
        force: bool,
    ) -> Result<Removal> {
        let tx = self.write_tx()?;
        let source = one_entity(&tx, from)?;
        let target = one_entity(&tx, into)?;
        if source.id == target.id {
            return Err(Error::Failed(format!(
                "`{from}` and `{into}` are one entity already: {}; nothing changed",
                describe(&target)
            )));
        }
        if source.kind != target.kind && !force {
            return Err(Error::Failed(format!(
                "refused: {} is a {} and {} a {}; merging them makes one {} of both. \
                 Pass --force if that is what you mean",
                describe(&source),
                source.kind,
                describe(&target),
                target.kind,
                target.kind
            )));
        }
        let affected = merge_plan(&tx, &source, &target)?;
        if dry_run {
            return Ok(Removal {
                entity: source,
                affected,
                change: None,
            });
        }
        let mut recorder = Recorder::default();
        recorder.removing(&tx, source.id, Some(target.id))?;
        recorder.touch(&tx, target.id)?.about_added = new_about(&tx, source.id, target.id)?;
        merge_tx(&tx, &source, &target)?;
        let now = one_entity(&tx, &format!("#{}", target.id))?;
        let summary = format!(
            "merged #{} {} ({}) into {}: {} moved",
            source.id,
            source.name,
            source.kind,
            describe(&now),
            affected.describe()
        );
        let journal = recorder.finish(&tx, "merge", &summary)?;
        tx.commit()?;
        Ok(Removal {
            entity: source,
            affected,
            change: Some(Change {
                journal: Some(journal),
                summary,
                entity: Some(now),
            }),
        })
    }

    /// `qawl entity delete`: removes an entity and its aliases and mentions; its statements
    /// stay, without it as speaker, organisation or subject. With `dry_run`, nothing is
    /// written and the outcome says what would go.
    pub fn delete_entity(&mut self, entity: &str, dry_run: bool) -> Result<Removal> {
        let tx = self.write_tx()?;
        let row = one_entity(&tx, entity)?;
        let affected = Affected {
            speaker: count_of(
                &tx,
                "SELECT count(*) FROM statements WHERE speaker_id = ?1",
                row.id,
            )?,
            org: count_of(
                &tx,
                "SELECT count(*) FROM statements WHERE org_id = ?1",
                row.id,
            )?,
            about: count_of(
                &tx,
                "SELECT count(*) FROM statement_entities WHERE entity_id = ?1",
                row.id,
            )?,
            mentions: count_of(
                &tx,
                "SELECT count(*) FROM mentions WHERE entity_id = ?1",
                row.id,
            )?,
            aliases: aliases_of(&tx, &row)?,
        };
        if dry_run {
            return Ok(Removal {
                entity: row,
                affected,
                change: None,
            });
        }
        let mut recorder = Recorder::default();
        recorder.removing(&tx, row.id, None)?;
        tx.execute("DELETE FROM entities WHERE id = ?1", [row.id])?;
        let summary = format!(
            "deleted {}: {} gone with it",
            describe(&row),
            affected.describe()
        );
        let journal = recorder.finish(&tx, "delete", &summary)?;
        tx.commit()?;
        Ok(Removal {
            entity: row,
            affected,
            change: Some(Change {
                journal: Some(journal),
                summary,
                entity: None,
            }),
        })
    }

    /// `qawl entity undo`: reverses the latest curation change not undone yet.
    pub fn undo_last(&mut self) -> Result<Change> {
        let tx = self.write_tx()?;
        let Some((_, summary)) = undo_last_tx(&tx)? else {
            return Ok(Change::unchanged(
                "the curation journal holds no change that is not undone already".into(),
                None,
            ));
        };
        let journal: i64 =
            tx.query_row("SELECT max(id) FROM curation_journal", [], |r| r.get(0))?;
        tx.commit()?;
        Ok(Change {
            journal: Some(journal),
            summary,
            entity: None,
        })
    }
}

/// What [`add_tx`] did.
struct Added {
    id: i64,
    /// True when it made a new entity.
    made: bool,
    /// The aliases it gave an entity that was there.
    new_aliases: Vec<String>,
    /// The origin of the entity that was there.
    was: Option<String>,
}

impl Added {
    fn summary(&self, row: &EntityRow) -> String {
        let aliases = |lead: &str| {
            if self.new_aliases.is_empty() {
                String::new()
            } else {
                format!("{lead}{}", self.new_aliases.join("، "))
            }
        };
        match &self.was {
            None => format!("added {}{}", describe(row), aliases(" answering to ")),
            Some(was) if was != &row.origin => format!(
                "{} (was {was}) is now curated{}",
                describe(row),
                aliases(", and also answers to ")
            ),
            Some(_) => format!("{}{}", describe(row), aliases(" now also answers to ")),
        }
    }
}

/// Adds (or adopts) one entity with its aliases, after checking that no name or alias of it
/// names another entity (unless `force`).
fn add_tx(
    tx: &Connection,
    recorder: &mut Recorder,
    entity: &EntityRef,
    force: bool,
) -> Result<Added> {
    let (name, norm) = checked_name(&entity.name, "name")?;
    let kind = entity.kind.as_str();
    let same: Option<EntityRow> = tx
        .query_row(
            "SELECT id, kind, name, origin FROM entities WHERE kind = ?1 AND name_norm = ?2",
            params![kind, norm],
            super::entities::row_to_entity,
        )
        .optional()?;
    let except = same.as_ref().map_or(0, |s| s.id);
    let mut aliases = Vec::new();
    for alias in &entity.aliases {
        let (alias, alias_norm) = checked_name(alias, "alias")?;
        let new = match &same {
            Some(s) => !entity_named(tx, s.id, &alias_norm)?,
            None => alias_norm != norm,
        };
        if new
            && !aliases
                .iter()
                .any(|(_, n): &(&str, String)| *n == alias_norm)
        {
            aliases.push((alias, alias_norm));
        }
    }
    if !force {
        let others = others_named(tx, &norm, except)?;
        if !others.is_empty() {
            return Err(refuse_taken_name(name, kind, &others, "add it"));
        }
        for (alias, alias_norm) in &aliases {
            let others = others_named(tx, alias_norm, except)?;
            if !others.is_empty() {
                return Err(refuse_taken_alias(alias, name, &others));
            }
        }
    }
    let (id, was) = match &same {
        Some(s) => {
            recorder.touch(tx, s.id)?;
            // a built-in entity stays one: like a curated one, it is never re-extracted away
            tx.execute(
                "UPDATE entities SET origin = 'user' WHERE id = ?1 AND origin = 'extracted'",
                [s.id],
            )?;
            (s.id, Some(s.origin.clone()))
        }
        None => {
            tx.execute(
                "INSERT INTO entities (kind, name, name_norm, origin) VALUES (?1, ?2, ?3, 'user')",
                params![kind, name, norm],
            )?;
            let id = tx.last_insert_rowid();
            recorder.created(id);
            (id, None)
        }
    };
    give_alias_tx(tx, id, name)?;
    for (alias, _) in &aliases {
        give_alias_tx(tx, id, alias)?;
    }
    recorder.settle(tx)?;
    Ok(Added {
        id,
        made: was.is_none(),
        new_aliases: aliases.iter().map(|(a, _)| a.to_string()).collect(),
        was,
    })
}

/// Gives entity `id` a curated alias; one it has from extraction becomes curated, one from
/// the built-in gazetteer stays as it is (it is never re-extracted away either).
fn give_alias_tx(tx: &Connection, id: i64, alias: &str) -> Result<()> {
    let alias = alias.trim();
    tx.execute(
        "INSERT INTO aliases (entity_id, alias, alias_norm, origin) VALUES (?1, ?2, ?3, 'user')
         ON CONFLICT (entity_id, alias_norm) DO UPDATE SET origin = 'user'
           WHERE aliases.origin = 'extracted'",
        params![id, alias, normalize(alias)],
    )?;
    Ok(())
}

/// Refuses a name that names other entities already.
fn refuse_taken_name(name: &str, kind: &str, others: &[EntityRow], verb: &str) -> Error {
    let first = &others[0];
    Error::Failed(format!(
        "refused: `{name}` already names {}. If you mean that entity, `qawl entity alias '#{}' \
         ALIAS` gives it other forms (and `qawl entity merge` folds two entities that are one); \
         if this is another {kind} with the same name, {verb} anyway with --force",
        list(others),
        first.id
    ))
}

/// Refuses an alias, for a new or adopted entity, that names other entities already.
fn refuse_taken_alias(alias: &str, name: &str, others: &[EntityRow]) -> Error {
    Error::Failed(format!(
        "refused: the alias `{alias}` of {name} already names {}. If they are one entity, add \
         `{name}` to it with `qawl entity alias '#{}' '{name}'`; else leave that alias out, or \
         pass --force to let both answer to it",
        list(others),
        others[0].id
    ))
}

/// Refuses an alias for an entity that names other entities already.
fn refuse_shared_alias(alias: &str, row: &EntityRow, others: &[EntityRow]) -> Error {
    Error::Failed(format!(
        "refused: `{alias}` already names {}; as an alias of {} too, it would find both. If \
         the two are one entity, `qawl entity merge '#{}' '#{}'` folds the first into the \
         second; to let both answer to it anyway, pass --force",
        list(others),
        describe(row),
        others[0].id,
        row.id
    ))
}

fn list(rows: &[EntityRow]) -> String {
    rows.iter().map(describe).collect::<Vec<_>>().join(" and ")
}

/// A name or alias trimmed, with its normal form; refused when it is empty once normalised,
/// or holds `|`, which separates aliases in the files `entity import` reads.
fn checked_name<'a>(text: &'a str, what: &str) -> Result<(&'a str, String)> {
    let text = text.trim();
    let norm = normalize(text);
    if norm.is_empty() {
        return Err(Error::Failed(format!(
            "refused: the {what} `{text}` is empty once diacritics, tatweel and punctuation are set aside; give one with letters"
        )));
    }
    if text.contains('|') {
        return Err(Error::Failed(format!(
            "refused: the {what} `{text}` holds `|`, which separates aliases in the files `qawl entity import` reads and `export` writes; give each form on its own"
        )));
    }
    Ok((text, norm))
}

/// Entities other than `except` whose name or an alias normalises to `norm`.
fn others_named(conn: &Connection, norm: &str, except: i64) -> Result<Vec<EntityRow>> {
    Ok(find_entities_in(conn, norm)?
        .into_iter()
        .filter(|e| e.id != except)
        .collect())
}

/// True when entity `id`'s name or an alias normalises to `norm`.
fn entity_named(conn: &Connection, id: i64, norm: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM entities WHERE id = ?1 AND name_norm = ?2
             UNION ALL SELECT 1 FROM aliases WHERE entity_id = ?1 AND alias_norm = ?2",
            params![id, norm],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// An entity's aliases besides its name, in order.
fn aliases_of(conn: &Connection, row: &EntityRow) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id
         WHERE a.entity_id = ?1 AND a.alias_norm != e.name_norm ORDER BY a.alias_norm, a.alias",
    )?;
    let rows = stmt.query_map([row.id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn count_of(conn: &Connection, sql: &str, id: i64) -> Result<usize> {
    let n: i64 = conn.query_row(sql, [id], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// What merging `source` into `target` moves.
fn merge_plan(conn: &Connection, source: &EntityRow, target: &EntityRow) -> Result<Affected> {
    let mut aliases = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT alias FROM aliases a WHERE entity_id = ?1
           AND NOT EXISTS (SELECT 1 FROM aliases t WHERE t.entity_id = ?2 AND t.alias_norm = a.alias_norm)
           AND alias_norm != (SELECT name_norm FROM entities WHERE id = ?2)
         ORDER BY alias_norm, alias",
    )?;
    for alias in stmt.query_map(params![source.id, target.id], |r| r.get::<_, String>(0))? {
        aliases.push(alias?);
    }
    Ok(Affected {
        speaker: count_of(
            conn,
            "SELECT count(*) FROM statements WHERE speaker_id = ?1",
            source.id,
        )?,
        org: count_of(
            conn,
            "SELECT count(*) FROM statements WHERE org_id = ?1",
            source.id,
        )?,
        about: new_about(conn, source.id, target.id)?.len(),
        mentions: count_of(
            conn,
            "SELECT count(*) FROM mentions WHERE entity_id = ?1",
            source.id,
        )?,
        aliases,
    })
}

/// Statements about `source` that are not about `target` yet.
fn new_about(conn: &Connection, source: i64, target: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT statement_id FROM statement_entities s WHERE entity_id = ?1
           AND NOT EXISTS (SELECT 1 FROM statement_entities t
                            WHERE t.statement_id = s.statement_id AND t.entity_id = ?2)
         ORDER BY statement_id",
    )?;
    let rows = stmt.query_map(params![source, target], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves every reference from `source` to `target`, gives `target` its aliases and name,
/// and removes `source`.
fn merge_tx(tx: &Connection, source: &EntityRow, target: &EntityRow) -> Result<()> {
    let ids = params![source.id, target.id];
    tx.execute(
        "UPDATE statements SET speaker_id = ?2 WHERE speaker_id = ?1",
        ids,
    )?;
    tx.execute("UPDATE statements SET org_id = ?2 WHERE org_id = ?1", ids)?;
    tx.execute(
        "UPDATE mentions SET entity_id = ?2 WHERE entity_id = ?1",
        ids,
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO statement_entities (statement_id, entity_id)
         SELECT statement_id, ?2 FROM statement_entities WHERE entity_id = ?1",
        ids,
    )?;
    let aliases: Vec<String> = {
        let mut stmt = tx.prepare("SELECT alias FROM aliases WHERE entity_id = ?1")?;
        stmt.query_map([source.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for alias in aliases.iter().chain(std::iter::once(&source.name)) {
        add_alias_tx(tx, target.id, alias, Origin::User)?;
    }
    tx.execute("DELETE FROM entities WHERE id = ?1", [source.id])?;
    tx.execute(
        "UPDATE entities SET origin = 'user' WHERE id = ?1 AND origin = 'extracted'",
        [target.id],
    )?;
    Ok(())
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
        let change = store
            .add_alias(&format!("#{}", row.id), "أبو وائل", false)
            .unwrap();
        assert!(change.changed());
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
        let merge = store
            .merge_entities("حمزه بيرقدار الناطق", "حمزة بيرقدار", false, false)
            .unwrap();
        let into = merge.change.and_then(|c| c.entity).unwrap();
        assert_eq!(into.name, "حمزة بيرقدار");
        let found = store.find_entities("حمزة بيرقدار الناطق").unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, into.id);
    }

    #[test]
    fn unknown_entity_is_an_error_that_says_how_to_search() {
        let mut store = Store::open_in_memory().unwrap();
        let err = store.add_alias("لا أحد", "x", false).unwrap_err();
        assert!(err.to_string().contains("entity list"), "{err}");
        assert_eq!(err.exit_code(), 1);
    }

    #[test]
    fn a_refused_change_leaves_no_journal_row() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(
            store
                .add_entity(EntityKind::Person, "حزب الله", &[])
                .is_err()
        );
        let rows: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM curation_journal", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0);
    }

    #[test]
    fn counts_read_as_english() {
        assert_eq!(count(1, "alias"), "1 alias");
        assert_eq!(count(2, "alias"), "2 aliases");
        assert_eq!(count(0, "entity"), "0 entities");
        assert_eq!(count(3, "mention"), "3 mentions");
    }
}
