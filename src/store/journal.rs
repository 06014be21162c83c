//! The journal of curation: who changed which entities, when, and how to take it back.
//!
//! Every curation change (see `curate.rs`) records, in the transaction that makes it, one row
//! of `curation_journal`: when, the OS user, a summary in words, and a [`Reversal`] — the
//! state of each entity it touched from before, with the references (statements, mentions,
//! aliases) it took away or gave. [`undo_last_tx`] reads the latest change not yet undone and
//! puts that state back. Nothing here decides what a change is; `curate.rs` does.

use super::entities::{EntityRow, row_to_entity};
use crate::error::{Error, Result};
use crate::text::normalize;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// What it takes to reverse one journalled change.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Reversal {
    pub entities: Vec<Before>,
}

/// One entity as a change found it, and what the change took from it or gave it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Before {
    pub id: i64,
    /// Its row and aliases before the change; `None` when the change made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<Image>,
    /// True when the change removed it (a delete, the source of a merge).
    #[serde(default, skip_serializing_if = "is_false")]
    pub removed: bool,
    /// The entity that received its references (the target of a merge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<i64>,
    /// The normalised aliases the change gave it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases_added: Vec<String>,
    /// Statements it spoke, whose organisation it was, and that were about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speaker: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub org: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<MentionImage>,
    /// Statements the change newly said it was about (a merge's target gets the source's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about_added: Vec<i64>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// An entity's row and aliases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Image {
    pub kind: String,
    pub name: String,
    pub origin: String,
    pub aliases: Vec<AliasImage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct AliasImage {
    pub alias: String,
    pub origin: String,
}

/// A mention, which has no id of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct MentionImage {
    pub article: i64,
    pub start: i64,
    pub end: i64,
    pub surface: String,
}

/// The entities one change touches, recorded as it goes, written by [`Recorder::finish`].
#[derive(Debug, Default)]
pub(super) struct Recorder {
    reversal: Reversal,
}

impl Recorder {
    /// Records how entity `id` is before the change touches it (once per change).
    pub fn touch(&mut self, conn: &Connection, id: i64) -> Result<&mut Before> {
        if let Some(at) = self.reversal.entities.iter().position(|b| b.id == id) {
            return Ok(&mut self.reversal.entities[at]);
        }
        let entity = image(conn, id)?;
        self.reversal.entities.push(Before {
            id,
            entity,
            ..Before::default()
        });
        Ok(self.reversal.entities.last_mut().expect("just pushed"))
    }

    /// Records that the change made entity `id`.
    pub fn created(&mut self, id: i64) {
        if !self.reversal.entities.iter().any(|b| b.id == id) {
            self.reversal.entities.push(Before {
                id,
                ..Before::default()
            });
        }
    }

    /// Records entity `id` with every reference to it, before the change removes it (handing
    /// its references to `moved_to`, for a merge).
    pub fn removing(&mut self, conn: &Connection, id: i64, moved_to: Option<i64>) -> Result<()> {
        let ids = |sql: &str| -> Result<Vec<i64>> {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let speaker = ids("SELECT id FROM statements WHERE speaker_id = ?1 ORDER BY id")?;
        let org = ids("SELECT id FROM statements WHERE org_id = ?1 ORDER BY id")?;
        let about = ids(
            "SELECT statement_id FROM statement_entities WHERE entity_id = ?1 ORDER BY statement_id",
        )?;
        let mentions = {
            let mut stmt = conn.prepare(
                "SELECT article_id, start, end, surface FROM mentions WHERE entity_id = ?1
                 ORDER BY article_id, start",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok(MentionImage {
                    article: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    surface: r.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let before = self.touch(conn, id)?;
        before.removed = true;
        before.moved_to = moved_to;
        before.speaker = speaker;
        before.org = org;
        before.about = about;
        before.mentions = mentions;
        Ok(())
    }

    /// Forgets the entities touched but left as they were: nothing to reverse there.
    pub fn settle(&mut self, conn: &Connection) -> Result<()> {
        let mut kept = Vec::with_capacity(self.reversal.entities.len());
        for before in std::mem::take(&mut self.reversal.entities) {
            let untouched = !before.removed
                && before.entity.is_some()
                && image(conn, before.id)? == before.entity;
            if !untouched {
                kept.push(before);
            }
        }
        self.reversal.entities = kept;
        Ok(())
    }

    /// How many entities the change has changed so far (after [`Recorder::settle`]).
    pub fn len(&self) -> usize {
        self.reversal.entities.len()
    }

    /// True when nothing was recorded: the change changed nothing.
    pub fn is_empty(&self) -> bool {
        self.reversal.entities.is_empty()
    }

    /// Writes the journal row of the change: `action` and `summary` in words, the state from
    /// before, and the aliases each surviving entity gained. Returns its id.
    pub fn finish(mut self, conn: &Connection, action: &str, summary: &str) -> Result<i64> {
        for before in &mut self.reversal.entities {
            let (Some(old), false) = (&before.entity, before.removed) else {
                continue;
            };
            let had: Vec<String> = old.aliases.iter().map(|a| normalize(&a.alias)).collect();
            let mut stmt = conn.prepare(
                "SELECT alias_norm FROM aliases WHERE entity_id = ?1 ORDER BY alias_norm",
            )?;
            let now = stmt.query_map([before.id], |r| r.get::<_, String>(0))?;
            for alias in now {
                let alias = alias?;
                if !had.contains(&alias) {
                    before.aliases_added.push(alias);
                }
            }
        }
        let reversal = serde_json::to_string(&self.reversal)?;
        write_row(conn, action, summary, &reversal)
    }
}

/// Inserts one journal row, stamped with the time and the OS user.
fn write_row(conn: &Connection, action: &str, summary: &str, reversal: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO curation_journal (at, user, action, summary, reversal)
         VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2, ?3, ?4)",
        params![os_user(), action, summary, reversal],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The login name of whoever runs qawl: from the environment, else (on Linux) the name
/// `/etc/passwd` gives the process's user id; `None` when neither says.
fn os_user() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|u| !u.trim().is_empty())
        .or_else(user_from_passwd)
}

#[cfg(unix)]
fn user_from_passwd() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the process's user
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid && !name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn user_from_passwd() -> Option<String> {
    None
}

/// Entity `id`'s row and aliases, or `None` when there is no such entity.
pub(super) fn image(conn: &Connection, id: i64) -> Result<Option<Image>> {
    let row: Option<(String, String, String)> = conn
        .query_row(
            "SELECT kind, name, origin FROM entities WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((kind, name, origin)) = row else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT alias, origin FROM aliases WHERE entity_id = ?1 ORDER BY alias_norm, alias",
    )?;
    let aliases = stmt
        .query_map([id], |r| {
            Ok(AliasImage {
                alias: r.get(0)?,
                origin: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Image {
        kind,
        name,
        origin,
        aliases,
    }))
}

/// A change that `entity undo` reverses: the latest one not yet undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: i64,
    pub at: String,
    pub user: Option<String>,
    pub action: String,
    pub summary: String,
}

/// Reverses the latest change not yet undone and journals the undo; `None` when there is
/// none. The caller holds the write transaction.
pub(super) fn undo_last_tx(conn: &Connection) -> Result<Option<(JournalEntry, String)>> {
    let last = conn
        .query_row(
            "SELECT id, at, user, action, summary, reversal FROM curation_journal
             WHERE undone_by IS NULL AND action != 'undo'
             ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    JournalEntry {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        user: r.get(2)?,
                        action: r.get(3)?,
                        summary: r.get(4)?,
                    },
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((entry, reversal)) = last else {
        return Ok(None);
    };
    let reversal: Reversal = serde_json::from_str(&reversal).map_err(|e| {
        Error::Failed(format!(
            "journal entry #{} cannot be read back ({e}); it was left as it is and nothing was undone",
            entry.id
        ))
    })?;
    let notes = reverse_tx(conn, &reversal)?;
    let mut summary = format!("undid #{} ({}): {}", entry.id, entry.action, entry.summary);
    for note in &notes {
        summary.push_str("; ");
        summary.push_str(note);
    }
    let undo = write_row(conn, "undo", &summary, "{}")?;
    conn.execute(
        "UPDATE curation_journal SET undone_by = ?1 WHERE id = ?2",
        params![undo, entry.id],
    )?;
    Ok(Some((entry, summary)))
}

/// Puts back the state a change found; returns notes on what could not be put back as it
/// was (an entity made again since, under another id).
fn reverse_tx(conn: &Connection, reversal: &Reversal) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    for before in &reversal.entities {
        let Some(old) = &before.entity else {
            continue;
        };
        let id = restore_entity(conn, before, old, &mut notes)?;
        give_back(conn, id, before)?;
    }
    for before in reversal.entities.iter().filter(|b| b.entity.is_none()) {
        let lost: i64 = conn.query_row(
            "SELECT count(*) FROM statements WHERE speaker_id = ?1 OR org_id = ?1",
            [before.id],
            |r| r.get(0),
        )?;
        let removed = conn.execute("DELETE FROM entities WHERE id = ?1", [before.id])?;
        if removed > 0 && lost > 0 {
            notes.push(format!(
                "{lost} statement{} linked to #{} since lost {}",
                if lost == 1 { "" } else { "s" },
                before.id,
                if lost == 1 { "its link" } else { "their links" }
            ));
        }
    }
    Ok(notes)
}

/// Brings entity `before.id` back to `old`; returns the id it has now (another one when
/// it was removed and its id has been taken since, or when an entity of its kind and name
/// was made meanwhile, which then takes back what was its).
fn restore_entity(
    conn: &Connection,
    before: &Before,
    old: &Image,
    notes: &mut Vec<String>,
) -> Result<i64> {
    let norm = normalize(&old.name);
    let same_name: Option<EntityRow> = conn
        .query_row(
            "SELECT id, kind, name, origin FROM entities WHERE kind = ?1 AND name_norm = ?2",
            params![old.kind, norm],
            row_to_entity,
        )
        .optional()?;
    let id = match (before.removed, same_name) {
        (true, Some(other)) => {
            notes.push(format!(
                "#{} {} ({}) came back into #{} {}, made since under that name",
                before.id, old.name, old.kind, other.id, other.name
            ));
            other.id
        }
        (true, None) => insert_entity(conn, before.id, old, &norm, notes)?,
        (false, Some(other)) if other.id != before.id => {
            return Err(Error::Failed(format!(
                "cannot undo: #{} would take back the name {} ({}), which #{} {} has now; \
                 rename or merge #{} first, then `qawl entity undo` again",
                before.id, old.name, old.kind, other.id, other.name, other.id
            )));
        }
        (false, _) => {
            let updated = conn.execute(
                "UPDATE entities SET kind = ?2, name = ?3, name_norm = ?4, origin = ?5 WHERE id = ?1",
                params![before.id, old.kind, old.name, norm, old.origin],
            )?;
            if updated == 0 {
                // gone since, though no journalled change removed it
                insert_entity(conn, before.id, old, &norm, notes)?
            } else {
                drop_added_aliases(conn, before, old)?;
                before.id
            }
        }
    };
    restore_aliases(conn, id, old)?;
    Ok(id)
}

/// Takes from entity `before.id` the aliases the change gave it.
fn drop_added_aliases(conn: &Connection, before: &Before, old: &Image) -> Result<()> {
    for alias in &before.aliases_added {
        if !old.aliases.iter().any(|a| normalize(&a.alias) == *alias) {
            conn.execute(
                "DELETE FROM aliases WHERE entity_id = ?1 AND alias_norm = ?2",
                params![before.id, alias],
            )?;
        }
    }
    Ok(())
}

/// Writes entity `old` again, under `wanted` if no entity has that id now, else a new id.
fn insert_entity(
    conn: &Connection,
    wanted: i64,
    old: &Image,
    norm: &str,
    notes: &mut Vec<String>,
) -> Result<i64> {
    let free = conn
        .query_row(
            "SELECT id FROM entities WHERE id = ?1",
            [wanted],
            |_| Ok(()),
        )
        .optional()?
        .is_none();
    conn.execute(
        "INSERT INTO entities (id, kind, name, name_norm, origin) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![free.then_some(wanted), old.kind, old.name, norm, old.origin],
    )?;
    let id = conn.last_insert_rowid();
    if id != wanted {
        notes.push(format!("#{wanted} {} came back as #{id}", old.name));
    }
    Ok(id)
}

/// Gives entity `id` every alias of `old` again, with the origin it had.
fn restore_aliases(conn: &Connection, id: i64, old: &Image) -> Result<()> {
    for alias in &old.aliases {
        conn.execute(
            "INSERT INTO aliases (entity_id, alias, alias_norm, origin) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (entity_id, alias_norm) DO UPDATE SET alias = excluded.alias, origin = excluded.origin",
            params![id, alias.alias, normalize(&alias.alias), alias.origin],
        )?;
    }
    Ok(())
}

/// Hands entity `id` back the references the change took from it, and takes away those it
/// gave; statements and articles deleted since are passed over.
fn give_back(conn: &Connection, id: i64, before: &Before) -> Result<()> {
    for statement in &before.speaker {
        conn.execute(
            "UPDATE statements SET speaker_id = ?1 WHERE id = ?2",
            params![id, statement],
        )?;
    }
    for statement in &before.org {
        conn.execute(
            "UPDATE statements SET org_id = ?1 WHERE id = ?2",
            params![id, statement],
        )?;
    }
    for statement in &before.about {
        conn.execute(
            "INSERT OR IGNORE INTO statement_entities (statement_id, entity_id)
             SELECT id, ?1 FROM statements WHERE id = ?2",
            params![id, statement],
        )?;
    }
    for statement in &before.about_added {
        conn.execute(
            "DELETE FROM statement_entities WHERE statement_id = ?2 AND entity_id = ?1",
            params![id, statement],
        )?;
    }
    for m in &before.mentions {
        give_back_mention(conn, id, before.moved_to, m)?;
    }
    Ok(())
}

/// Moves a mention back from the entity it went to, or writes it again if it was deleted.
fn give_back_mention(
    conn: &Connection,
    id: i64,
    moved_to: Option<i64>,
    m: &MentionImage,
) -> Result<()> {
    if let Some(to) = moved_to {
        let moved = conn.execute(
            "UPDATE mentions SET entity_id = ?1 WHERE rowid = (
                 SELECT rowid FROM mentions
                  WHERE entity_id = ?2 AND article_id = ?3 AND start = ?4 AND end = ?5 AND surface = ?6
                  LIMIT 1)",
            params![id, to, m.article, m.start, m.end, m.surface],
        )?;
        if moved > 0 {
            return Ok(());
        }
    }
    conn.execute(
        "INSERT INTO mentions (article_id, entity_id, start, end, surface)
         SELECT id, ?2, ?3, ?4, ?5 FROM articles a
          WHERE a.id = ?1
            AND NOT EXISTS (SELECT 1 FROM mentions x WHERE x.article_id = ?1 AND x.entity_id = ?2
                            AND x.start = ?3 AND x.end = ?4)",
        params![m.article, id, m.start, m.end, m.surface],
    )?;
    Ok(())
}
