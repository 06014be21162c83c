//! Versioned schema migrations: an ordered list of steps, each in its own transaction.
//!
//! `PRAGMA user_version` records the last step applied. Step 1 is `schema.sql`; later steps
//! append to [`STEPS`] and never edit an earlier one. After the steps, the store is marked as
//! qawl's (see [`mark`]) so that it is recognised for sure (see `identify.rs`).

use super::identify::{APPLICATION_ID, APPLICATION_KEY, APPLICATION_NAME};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

type Step = fn(&Transaction) -> rusqlite::Result<()>;

/// The migration steps, in order; step `i` brings the schema to version `i + 1`.
const STEPS: &[Step] = &[
    baseline,
    extractor_index,
    curation_journal,
    speaker_verb_index,
];

/// The schema version this qawl writes.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Step 1: the baseline schema.
fn baseline(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(include_str!("../../schema.sql"))
}

/// Step 2: an index on the extractor version, so that `qawl stats` counts the statements of
/// each version from the index instead of reading every statement.
fn extractor_index(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch("CREATE INDEX statements_extractor ON statements(extractor);")
}

/// Step 3: the journal of curation (`qawl entity journal`): one row per change a user made to
/// the entities, with what `qawl entity undo` needs to reverse it. Older stores start with an
/// empty journal.
fn curation_journal(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TABLE curation_journal (
             id        INTEGER PRIMARY KEY,
             at        TEXT NOT NULL,     -- when, UTC, ISO 8601
             user      TEXT,              -- the OS user, when known
             action    TEXT NOT NULL,     -- add, alias, unalias, rename, merge, delete, import, undo
             summary   TEXT NOT NULL,     -- what changed, in words
             reversal  TEXT NOT NULL,     -- JSON: the state before the change, to reverse it
             undone_by INTEGER REFERENCES curation_journal(id)
         ) STRICT;",
    )
}

/// Step 4: indexes for a speaker's statements of a verb class, read from the index alone. An
/// index of the speaker and the verb, so that `speaker = … and verb = …` reads just the rows it
/// keeps (a prolific speaker's denials, not all of its statements; `statements_speaker`, the
/// speaker then the date, stays: it counts a period's statements by speaker). And the index of
/// how the text names the speaker becomes one of the unnamed speakers only, with the verb and
/// the date: the unnamed part of `speaker = …` read every named statement of that name before
/// it found the few without an entity. (Its `speaker_id`, always NULL, lets SQLite answer from
/// the index alone.)
fn speaker_verb_index(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE INDEX statements_speaker_verb ON statements(speaker_id, verb, said_on);
         DROP INDEX statements_surface_norm;
         CREATE INDEX statements_unnamed ON statements(surface_norm, verb, said_on, speaker_id)
             WHERE speaker_id IS NULL;",
    )
}

/// Applies every step the store has not seen yet; the caller has refused newer stores.
///
/// Each step reads the version inside its own write transaction, so two qawl processes opening
/// a new store at once apply each step exactly once.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let Some(step) = usize::try_from(version).ok().and_then(|v| STEPS.get(v)) else {
            drop(tx);
            return mark(conn);
        };
        step(&tx)?;
        // user_version cannot be bound as a parameter; the value is our own integer
        tx.execute_batch(&format!("PRAGMA user_version = {}", version + 1))?;
        tx.commit()?;
    }
}

/// Writes qawl's mark into a migrated store, unless it is there: the `meta` row
/// `application = qawl` and SQLite's `application_id`. Stores made before the mark existed get
/// it the first time they are opened to write.
fn mark(conn: &mut Connection) -> Result<()> {
    let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let name: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [APPLICATION_KEY],
            |r| r.get(0),
        )
        .optional()?;
    if id == APPLICATION_ID && name.as_deref() == Some(APPLICATION_NAME) {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [APPLICATION_KEY, APPLICATION_NAME],
    )?;
    // application_id cannot be bound as a parameter; the value is our own constant
    tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?;
    tx.commit()?;
    Ok(())
}

/// qawl's schema at `version`, in memory: what a store of that version holds.
pub(super) fn schema_at(version: i64) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    let steps = usize::try_from(version).unwrap_or(0).min(STEPS.len());
    for step in &STEPS[..steps] {
        let tx = conn.transaction()?;
        step(&tx)?;
        tx.commit()?;
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::store::Store;

    #[test]
    fn fresh_store_reaches_the_current_version() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn migrating_a_current_store_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn newer_store_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
                 INSERT INTO meta VALUES ('application', 'qawl');
                 PRAGMA user_version = 99;",
            )
            .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path)
            .err()
            .expect("a newer store must be refused");
        assert!(matches!(err, Error::NewerStore { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("newer qawl"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_version_one_store_gets_the_extractor_index_and_the_journal_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch(&format!(
                "{}
                 INSERT INTO articles (id, body, content_hash, ingested_at)
                     VALUES (1, 'نص', 'h1', '2018-03-12');
                 INSERT INTO statements (article_id, verb, verb_text, content, start, end, extractor)
                     VALUES (1, 'said', 'قال', 'أ', 0, 1, 'old'), (1, 'denied', 'نفى', 'ب', 0, 1, 'old'),
                            (1, 'said', 'قال', 'ج', 0, 1, 'new');
                 PRAGMA application_id = {APPLICATION_ID};
                 PRAGMA user_version = 1;",
                include_str!("../../schema.sql")
            ))
            .unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let journal: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM curation_journal", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            journal, 0,
            "an older store starts with an empty curation journal"
        );
        let index: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'statements_extractor'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(index, 1);
        let stats = store.stats().unwrap();
        assert_eq!(stats.statements, 3);
        assert_eq!(
            stats.extractors,
            [("new".to_string(), 1), ("old".to_string(), 2)]
        );
    }

    #[test]
    fn a_store_without_the_mark_gets_it_when_opened_to_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        Connection::open(&path)
            .unwrap()
            .execute_batch(&format!(
                "{} PRAGMA user_version = 1;",
                include_str!("../../schema.sql")
            ))
            .unwrap();
        let store = Store::open(&path).unwrap();
        let conn = store.connection();
        let id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
        let name: String = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'application'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(name, "qawl");
    }
}
