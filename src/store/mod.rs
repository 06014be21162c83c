//! The one SQLite store: opening it (pragmas, migrations, built-in entities) and running read-only SQL.
//!
//! Writes live in `insert.rs`, reads for the command line in `select.rs`, schema steps in
//! `migrate.rs`. Nothing here knows about the query language or how results are shown.

mod curate;
mod entities;
mod identify;
mod insert;
mod journal;
mod known;
mod migrate;
mod reextract;
mod select;
mod spill;

pub use curate::{Affected, Change, Removal, count};
pub use entities::{EntityRow, Profile};
pub use identify::APPLICATION_ID;
pub use insert::{BULK_BUDGET, WRITE_BUDGET};
pub use insert::{BatchItem, Indexed, Inserted};
pub use known::{INGEST_CACHE_KIB, Known};
pub use migrate::SCHEMA_VERSION;
pub use reextract::Reextracted;
pub use select::Stats;
pub use spill::Spill;

use crate::error::{Error, Result};
use crate::output::{Cell, ResultSet};
use identify::{Found, identify};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A qawl knowledge base: one SQLite file (or an in-memory database for tests).
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// When the open bulk transaction began (see [`Store::insert_open`]); `None` when none is.
    bulk: Option<std::time::Instant>,
    /// When the last bulk transaction was committed, when it had held the write lock long
    /// enough that another writer may be waiting for its turn.
    committed: Option<std::time::Instant>,
    /// How the bulk transaction links extracted names to entities, and what it has linked.
    resolver: insert::Resolver,
}

impl Store {
    /// Opens the store at `path` to write, making a new store when nothing is there yet (no
    /// file, a 0-byte file or an SQLite database without tables), and migrating an older one.
    ///
    /// Anything else is refused before a byte of it is written: another application's database
    /// ([`Error::NotAStore`]), a store from a newer qawl ([`Error::NewerStore`]), a damaged
    /// file ([`Error::Damaged`]).
    pub fn open(path: &Path) -> Result<Store> {
        if identify(path)? == Found::Missing {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            Self::create(path)?;
        }
        Self::open_writable(path)
    }

    /// Makes a new, whole store at `path`, which held nothing: the schema is written into a
    /// file beside it, which is then linked into place. A process killed meanwhile leaves
    /// either nothing at `path` or a whole empty store, never a half-made one; a store another
    /// qawl made there first is kept and ours thrown away.
    fn create(path: &Path) -> Result<()> {
        let temp = beside(path, &format!(".qawl-{}.new", std::process::id()));
        let made = Self::open_writable(&temp)
            .map(drop)
            .and_then(|()| link_new(&temp, path));
        for leftover in [beside(&temp, "-wal"), beside(&temp, "-shm"), temp] {
            let _ = std::fs::remove_file(leftover);
        }
        made
    }

    /// Opens a store that must already exist to write (for commands that change what is
    /// stored): nothing at `path` is [`Error::NoStore`], an empty file [`Error::NotYetAStore`].
    pub fn open_existing(path: &Path) -> Result<Store> {
        match identify(path)? {
            Found::Missing => Err(Error::NoStore {
                path: path.to_path_buf(),
            }),
            Found::Empty { what } => Err(not_yet_a_store(path, what)),
            Found::Qawl { .. } => Self::open_writable(path),
        }
    }

    /// Opens an existing store without the right to write: for `qawl sql` and queries.
    ///
    /// Nothing at `path` is [`Error::NoStore`], an empty file [`Error::NotYetAStore`]; a file
    /// that is not a qawl store is refused as [`Store::open`] refuses it. An older qawl store is
    /// migrated by a writable open first, then opened read-only.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let version = match identify(path)? {
            Found::Missing => {
                return Err(Error::NoStore {
                    path: path.to_path_buf(),
                });
            }
            Found::Empty { what } => return Err(not_yet_a_store(path, what)),
            Found::Qawl { version } => version,
        };
        let store = Self::connect_read_only(path)?;
        if version == SCHEMA_VERSION && store.derived_text_is_current()? {
            return Ok(store);
        }
        drop(store);
        drop(Self::open_writable(path)?);
        Self::connect_read_only(path)
    }

    fn open_writable(path: &Path) -> Result<Store> {
        // no URI flag: the path is a file name, never `file:…?mode=…`
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        Self::setup(conn, Some(path.to_path_buf()))
    }

    fn connect_read_only(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        register_functions(&conn)?;
        let store = Store {
            conn,
            path: Some(path.to_path_buf()),
            bulk: None,
            committed: None,
            resolver: insert::Resolver::new(insert::Matching::All),
        };
        match store.identify()? {
            Found::Qawl { .. } => Ok(store),
            // emptied since it was first looked at
            _ => Err(Error::NoStore {
                path: path.to_path_buf(),
            }),
        }
    }

    /// An empty store in memory, migrated: for tests and the library example.
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    /// Makes the connection ready. What the file holds is checked again on this connection
    /// before the first pragma that writes (journal_mode), in case it changed since it was
    /// looked at.
    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        match &path {
            Some(path) => wait_for_writers(&mut conn, path)?,
            None => conn.busy_timeout(BUSY_TIMEOUT)?,
        }
        let mut store = Store {
            conn,
            path,
            bulk: None,
            committed: None,
            resolver: insert::Resolver::new(insert::Matching::All),
        };
        store.identify()?;
        // WAL only for files; journal_mode returns a row, so read it
        if store.path.is_some() {
            let _mode: String = store
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        }
        store.conn.pragma_update(None, "foreign_keys", "ON")?;
        store.conn.pragma_update(None, "synchronous", "NORMAL")?;
        // a bulk write prepares some twenty statements; each is prepared once
        store.conn.set_prepared_statement_cache_capacity(64);
        register_functions(&store.conn)?;
        migrate::migrate(&mut store.conn).map_err(|e| store.busy(e))?;
        store.refresh_derived_text()?;
        store.seed_builtin_entities()?;
        Ok(store)
    }

    /// What this connection's database is: see [`identify::identify`].
    fn identify(&self) -> Result<Found> {
        let path = self.path.clone().unwrap_or_default();
        identify::identify_connection(&self.conn, &path)
    }

    /// Starts a write transaction that takes the write lock at once, so a busy store is waited
    /// for (up to the busy timeout) instead of failing when a read turns into a write.
    pub(crate) fn write_tx(&mut self) -> Result<rusqlite::Transaction<'_>> {
        let path = self.path.as_deref();
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| busy_error(path, e.into()))
    }

    /// `e`, or [`Error::Busy`] when it is SQLite giving up waiting for the write lock.
    fn busy(&self, e: Error) -> Error {
        busy_error(self.path.as_deref(), e)
    }

    /// Rebuilds every stored normalised form and the FTS indexes when the normaliser or the
    /// stemmer changed since they were written, so searches keep matching what they index.
    fn refresh_derived_text(&mut self) -> Result<()> {
        if self.derived_text_is_current()? {
            return Ok(());
        }
        let tx = self.write_tx()?;
        tx.execute_batch(
            // two names that now compare equal keep the older form on the second one
            // rather than fail the refresh
            "UPDATE OR IGNORE entities SET name_norm = qawl_norm(name);
             UPDATE OR IGNORE aliases SET alias_norm = qawl_norm(alias);
             UPDATE statements SET surface_norm = qawl_norm(surface);
             DELETE FROM articles_fts;
             INSERT INTO articles_fts (rowid, title, body)
                 SELECT id, qawl_index(coalesce(title, '')), qawl_index(body) FROM articles;
             DELETE FROM statements_fts;
             INSERT INTO statements_fts (rowid, content)
                 SELECT id, qawl_index(content) FROM statements;",
        )?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [DERIVED_TEXT_KEY, &derived_text_version()],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn derived_text_is_current(&self) -> Result<bool> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [DERIVED_TEXT_KEY],
                |r| r.get(0),
            )
            .optional()?;
        Ok(stored.as_deref() == Some(derived_text_version().as_str()))
    }

    /// Refreshes SQLite's table statistics after bulk writes, so the query planner picks the
    /// selective index (a speaker's) over a broad one (a verb class's).
    pub fn optimize(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")?;
        Ok(())
    }

    /// The file this store lives in; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version recorded in `PRAGMA user_version`.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The underlying connection, for the query executor and tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// A handle that cancels the statement running on this store from another thread (Ctrl-C).
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// SQLite's integrity and foreign-key checks; an empty list means the store is sound.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(format!("integrity: {row}"));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let table: String = r.get(0)?;
            let rowid: Option<i64> = r.get(1)?;
            problems.push(format!(
                "foreign key: a row of {table} (rowid {}) points to a missing row",
                rowid.map_or("?".into(), |i| i.to_string())
            ));
        }
        problems.extend(self.check_fts()?);
        Ok(problems)
    }

    /// FTS5's own integrity check. It is asked for with an INSERT, which a read-only
    /// connection refuses; so a store opened read-only is checked through a second connection,
    /// in a transaction that is rolled back.
    fn check_fts(&self) -> Result<Vec<String>> {
        let writable;
        let conn = match &self.path {
            Some(path) if self.conn.is_readonly("main")? => {
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                writable =
                    Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
                writable.busy_timeout(BUSY_TIMEOUT)?;
                &writable
            }
            _ => &self.conn,
        };
        let mut problems = Vec::new();
        conn.execute_batch("SAVEPOINT fts_check")?;
        for table in ["articles_fts", "statements_fts"] {
            // the table names are fixed here, never typed by a user
            let sql = format!("INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 0)");
            if let Err(e) = conn.execute(&sql, []) {
                problems.push(format!("{table}: {e}"));
            }
        }
        conn.execute_batch("ROLLBACK TO fts_check; RELEASE fts_check")?;
        Ok(problems)
    }

    /// Runs one read-only SQL statement with bound parameters and collects its rows.
    ///
    /// Anything that would write (INSERT, UPDATE, DELETE, DDL, PRAGMA assignments, ATTACH) is
    /// refused with [`Error::WriteRefused`] before it runs.
    pub fn select(&self, sql: &str, params: &[Cell]) -> Result<ResultSet> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        if !stmt.readonly() || is_writing_pragma(sql) {
            return Err(Error::WriteRefused);
        }
        let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let bound = params.iter().map(cell_to_sql);
        let mut rows = stmt.query(rusqlite::params_from_iter(bound))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(interrupted)? {
            let mut cells = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                cells.push(cell_from_sql(row.get_ref(i)?));
            }
            out.push(cells);
        }
        Ok(ResultSet { columns, rows: out })
    }
}

/// How long a command waits for another process that is writing to the same store.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a writer waits for the write lock before it says so (see [`on_wait`]): short
/// waits, such as two ingests taking turns between batches, are not worth a line.
const NOTICE_AFTER: Duration = Duration::from_millis(500);

/// How often a waiting writer tries the lock again.
const RETRY_EVERY: Duration = Duration::from_millis(10);

/// What a writer does when it has waited [`NOTICE_AFTER`] for another process's write lock.
static WAIT_NOTICE: OnceLock<fn(&Path)> = OnceLock::new();

/// Sets what a writer does, once per store it opened, when it has to wait for another process
/// that is writing to the same file: the command line prints a line. Nothing by default; the
/// first call wins.
pub fn on_wait(notice: fn(&Path)) {
    let _ = WAIT_NOTICE.set(notice);
}

/// How long a writer waits for another, in whole seconds, for messages.
pub const BUSY_TIMEOUT_SECS: u64 = BUSY_TIMEOUT.as_secs();

/// Makes a writable connection wait up to [`BUSY_TIMEOUT`] for another process's write lock,
/// trying again every [`RETRY_EVERY`], and tell [`on_wait`]'s notice the first time a wait
/// lasts [`NOTICE_AFTER`].
fn wait_for_writers(conn: &mut Connection, path: &Path) -> Result<()> {
    let path = path.to_path_buf();
    let mut started = Instant::now();
    let mut told = false;
    conn.busy_handler(Some(move |count: i32| {
        // SQLite counts the calls of one wait from 0
        if count == 0 {
            started = Instant::now();
        }
        let waited = started.elapsed();
        if waited >= BUSY_TIMEOUT {
            return false;
        }
        if !told && waited >= NOTICE_AFTER {
            told = true;
            if let Some(notice) = WAIT_NOTICE.get() {
                notice(&path);
            }
        }
        std::thread::sleep(RETRY_EVERY.min(BUSY_TIMEOUT - waited));
        true
    }))?;
    Ok(())
}

/// [`Error::Busy`] for SQLite's "database is locked" after the wait; any other error as it is.
fn busy_error(path: Option<&Path>, e: Error) -> Error {
    match (&e, path) {
        (Error::Sqlite(s), Some(path))
            if s.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) =>
        {
            Error::Busy {
                path: path.to_path_buf(),
                waited: BUSY_TIMEOUT_SECS,
            }
        }
        _ => e,
    }
}

/// `path` with `suffix` after its file name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Puts the finished new store `made` at `path` unless something got there first, in which
/// case that is kept: a hard link never replaces a file. Where links are not supported (some
/// removable-disk file systems), the file is renamed into place if `path` is still free.
fn link_new(made: &Path, path: &Path) -> Result<()> {
    match std::fs::hard_link(made, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) if !path.exists() => std::fs::rename(made, path).map_err(|e| Error::io(path, e)),
        Err(_) => Ok(()),
    }
}

/// An error opening the store's file, with the path and what to do.
fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::CannotOpen {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn not_yet_a_store(path: &Path, what: &'static str) -> Error {
    Error::NotYetAStore {
        path: path.to_path_buf(),
        what,
    }
}

/// The `meta` key recording which normaliser and stemmer wrote the `*_norm` columns and FTS.
const DERIVED_TEXT_KEY: &str = "text_version";

fn derived_text_version() -> String {
    format!(
        "normalize {} stem {}",
        crate::text::normalize::NORMALIZER_VERSION,
        crate::text::stem::STEMMER_VERSION
    )
}

/// `PRAGMA x = y` and `PRAGMA x(y)` are "read-only" to SQLite's statement check but change
/// the connection or the file.
fn is_writing_pragma(sql: &str) -> bool {
    let lower = sql.trim_start().to_ascii_lowercase();
    lower.starts_with("pragma") && (lower.contains('=') || lower.contains('('))
}

fn interrupted(e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            Error::Interrupted
        }
        e => Error::Sqlite(e),
    }
}

/// SQL functions every connection has: `qawl_norm(text)` is [`crate::text::normalize`],
/// `qawl_index(text)` is [`crate::text::index_text`] (what the FTS indexes hold).
fn register_functions(conn: &Connection) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("qawl_norm", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|t| crate::text::normalize(&t)))
    })?;
    conn.create_scalar_function("qawl_index", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(text.map(|t| crate::text::index_text(&t)))
    })?;
    Ok(())
}

fn cell_to_sql(cell: &Cell) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match cell {
        Cell::Null => Value::Null,
        Cell::Int(i) => Value::Integer(*i),
        Cell::Real(r) => Value::Real(*r),
        Cell::Text(t) => Value::Text(t.clone()),
        Cell::Bool(b) => Value::Integer(i64::from(*b)),
        Cell::List { items, .. } => Value::Text(serde_json::Value::from(items.clone()).to_string()),
    }
}

fn cell_from_sql(value: rusqlite::types::ValueRef<'_>) -> Cell {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Real(r) => Cell::Real(r),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Cell::Text(format!("<{} bytes>", b.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_refuses_statements_that_write() {
        let store = Store::open_in_memory().unwrap();
        for sql in [
            "DELETE FROM articles",
            "INSERT INTO meta VALUES ('a', 'b')",
            "DROP TABLE articles",
            "PRAGMA user_version = 7",
            "PRAGMA user_version(7)",
        ] {
            assert!(
                matches!(store.select(sql, &[]), Err(Error::WriteRefused)),
                "{sql} was not refused"
            );
        }
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_new_stemmer_rebuilds_the_indexes_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        {
            let mut store = Store::open(&path).unwrap();
            let article = crate::model::Article {
                title: Some("عنوان".into()),
                body: "جرت المفاوضات في جنيف".into(),
                ..Default::default()
            };
            store
                .insert_article(&article, &Default::default(), "test")
                .unwrap();
            // as if an older stemmer had written the index
            store
                .conn
                .execute_batch(
                    "DELETE FROM articles_fts; UPDATE meta SET value = 'old' WHERE key = 'text_version';",
                )
                .unwrap();
        }
        let store = Store::open_read_only(&path).unwrap();
        let rs = store
            .select(
                "SELECT count(*) FROM articles_fts WHERE body MATCH ?1",
                &[Cell::Text(format!(
                    "\"{}\"",
                    crate::text::index_text("مفاوضات")
                ))],
            )
            .unwrap();
        assert_eq!(rs.rows, vec![vec![Cell::Int(1)]]);
    }

    #[test]
    fn a_new_store_is_made_whole_beside_its_path_and_nothing_is_left_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        drop(Store::open(&path).unwrap());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.contains(".new")),
            "left over: {names:?}"
        );
        let store = Store::open_existing(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn making_a_store_keeps_one_another_qawl_made_there_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        {
            let mut first = Store::open(&path).unwrap();
            let article = crate::model::Article {
                title: Some("عنوان".into()),
                body: "نص المقال".into(),
                ..Default::default()
            };
            first
                .insert_article(&article, &Default::default(), "test")
                .unwrap();
        }
        // as if a second qawl had found the path free and finished its store after the first
        Store::create(&path).unwrap();
        let store = Store::open_read_only(&path).unwrap();
        let rs = store.select("SELECT count(*) FROM articles", &[]).unwrap();
        assert_eq!(rs.rows, vec![vec![Cell::Int(1)]]);
    }

    static TOLD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    fn count_the_notice(_: &Path) {
        TOLD.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    #[test]
    fn a_writer_waiting_for_the_lock_says_so_once_and_gets_in_when_it_is_released() {
        on_wait(count_the_notice);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        let mut store = Store::open(&path).unwrap();
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1500));
            other.execute_batch("COMMIT").unwrap();
        });
        let started = Instant::now();
        store.write_tx().unwrap().commit().unwrap();
        assert!(started.elapsed() >= Duration::from_millis(1400));
        release.join().unwrap();
        assert_eq!(TOLD.load(std::sync::atomic::Ordering::SeqCst), 1);
        // a second wait of the same store is not told again
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(800));
            other.execute_batch("COMMIT").unwrap();
        });
        store.write_tx().unwrap().commit().unwrap();
        release.join().unwrap();
        assert_eq!(TOLD.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn the_lock_not_got_in_time_is_a_busy_store() {
        let locked = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        );
        let e = busy_error(Some(Path::new("kb.sqlite")), Error::Sqlite(locked));
        assert!(matches!(e, Error::Busy { waited: 30, .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("kb.sqlite is busy: another process has been writing")
        );
    }

    #[test]
    fn select_binds_parameters_and_returns_columns() {
        let store = Store::open_in_memory().unwrap();
        let rs = store
            .select(
                "SELECT ?1 AS a, qawl_norm(?2) AS b",
                &[Cell::Int(3), Cell::Text("حمزة".into())],
            )
            .unwrap();
        assert_eq!(rs.columns, ["a", "b"]);
        assert_eq!(rs.rows, vec![vec![Cell::Int(3), Cell::Text("حمزه".into())]]);
    }
}
