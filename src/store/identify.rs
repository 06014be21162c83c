//! Recognising a qawl store before anything is written to it.
//!
//! A file is a qawl store when something in it says so: SQLite's `application_id` or the
//! `meta` row `application = qawl` (both written by [`super::migrate`]), or, for a store made
//! before that mark existed, qawl's whole set of tables with their columns. Anything else at
//! the path is refused untouched: another application's database, a file that is not SQLite
//! at all, a damaged file. Nothing here writes: the file is first read as bytes, then through
//! a read-only connection that cannot roll back another program's journal or change the
//! journal mode.

use super::migrate::{self, SCHEMA_VERSION};
use crate::error::{Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// SQLite's `application_id` in every qawl store: the ASCII bytes of "qawl".
pub const APPLICATION_ID: i64 = 0x7161_776C;

/// The `meta` key and value that say qawl made the file.
pub const APPLICATION_KEY: &str = "application";
pub const APPLICATION_NAME: &str = "qawl";

/// The tables every qawl store has, whose columns an unmarked store must match.
const QAWL_TABLES: [&str; 7] = [
    "articles",
    "statements",
    "entities",
    "aliases",
    "mentions",
    "statement_entities",
    "meta",
];

/// What a path holds, as far as qawl is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Nothing is there yet.
    Missing,
    /// A 0-byte file or an SQLite database with nothing in it: a store may be made there.
    Empty { what: &'static str },
    /// A qawl store at this schema version (1 to [`SCHEMA_VERSION`]).
    Qawl { version: i64 },
}

/// Finds out what is at `path` without writing to it (nor next to it).
///
/// Another application's file is [`Error::NotAStore`], a store from a newer qawl
/// [`Error::NewerStore`], a cut-short or corrupt SQLite file [`Error::Damaged`].
pub fn identify(path: &Path) -> Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(Error::io(path, e)),
    };
    if meta.is_dir() {
        return Err(not_a_store(path, "it is a folder, not a file"));
    }
    if !meta.is_file() {
        return Err(not_a_store(
            path,
            "it is not a regular file (a pipe, socket or device)",
        ));
    }
    if meta.len() == 0 {
        return Ok(Found::Empty {
            what: "an empty file (0 bytes)",
        });
    }
    let header = read_header(path)?;
    if !header.starts_with(SQLITE_MAGIC) {
        return Err(not_a_store(
            path,
            "it is not an SQLite database (it does not start with SQLite's header)",
        ));
    }
    let header = Header::parse(&header);
    if let Some(reason) = header.damage() {
        return Err(damaged(path, reason));
    }
    let wal_file = wal_path(path).exists();
    let conn = connect(path, header.wal && !wal_file)?;
    // a read transaction: in rollback-journal mode no writer changes the file while it is measured
    let opened = conn.execute_batch("BEGIN").and_then(|()| {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
    });
    let cut_short = measure(path, wal_file)?;
    match (opened, cut_short) {
        (_, Some(reason)) => Err(damaged(path, reason)),
        (Err(e), None) => Err(unreadable(path, e)),
        (Ok(_), None) => identify_connection(&conn, path),
    }
}

/// Why the file at `path` is shorter than its header says, if it is: read again once a read
/// transaction holds it still. The size is not judged while a `-wal` file exists: a checkpoint
/// running in another process may be growing the file.
fn measure(path: &Path, wal_file: bool) -> Result<Option<String>> {
    let len = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    let header = Header::parse(&read_header(path)?);
    if wal_file && header.wal {
        return Ok(None);
    }
    Ok(header.cut_short(len))
}

/// Tells what the database behind `conn` is, reading only: see [`identify`].
pub fn identify_connection(conn: &Connection, path: &Path) -> Result<Found> {
    let read = |e| unreadable(path, e);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(read)?;
    let application_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(read)?;
    let tables = table_names(conn).map_err(read)?;
    if application_id != 0 && application_id != APPLICATION_ID {
        let reason = format!(
            "its SQLite application id is 0x{application_id:08X}, the mark of another application"
        );
        return Err(not_a_store(path, &reason));
    }
    if version == 0 && application_id == 0 && tables.is_empty() {
        return Ok(Found::Empty {
            what: "an empty SQLite database (no tables)",
        });
    }
    let marked = application_id == APPLICATION_ID || has_qawl_row(conn, &tables).map_err(read)?;
    if marked {
        return match version {
            1..=SCHEMA_VERSION => Ok(Found::Qawl { version }),
            v if v > SCHEMA_VERSION => Err(Error::NewerStore {
                path: path.to_path_buf(),
                found: v,
                supported: SCHEMA_VERSION,
            }),
            v => Err(damaged(
                path,
                format!(
                    "it carries qawl's mark, but its schema version (user_version) is {v}, which qawl never writes"
                ),
            )),
        };
    }
    if (1..=SCHEMA_VERSION).contains(&version) {
        let lacking = schema_differences(conn, version).map_err(read)?;
        if lacking.is_empty() {
            return Ok(Found::Qawl { version });
        }
        let reason = format!(
            "it is an SQLite database of another application ({}): its user_version is \
             {version}, as a qawl store's is, but nothing in it says qawl made it and it lacks \
             qawl's {lacking}",
            describe_tables(&tables)
        );
        return Err(not_a_store(path, &reason));
    }
    let version_note = match version {
        0 => String::new(),
        v if v < 0 => format!("; its user_version is {v}, which qawl never writes"),
        // every qawl that writes a version above 1 also writes the mark
        v => format!(
            "; its user_version is {v}, but it lacks the mark every qawl store of that version carries"
        ),
    };
    let reason = format!(
        "it is an SQLite database of another application ({}; nothing in it says qawl made it{version_note})",
        describe_tables(&tables)
    );
    Err(not_a_store(path, &reason))
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// The size of SQLite's file header.
const HEADER_LEN: usize = 100;

/// Up to the first [`HEADER_LEN`] bytes of the file.
fn read_header(path: &Path) -> Result<Vec<u8>> {
    let mut header = Vec::with_capacity(HEADER_LEN);
    std::fs::File::open(path)
        .and_then(|f| f.take(HEADER_LEN as u64).read_to_end(&mut header))
        .map_err(|e| Error::io(path, e))?;
    Ok(header)
}

/// What SQLite's file header says (see <https://sqlite.org/fileformat.html>).
struct Header {
    len: usize,
    page_size: u64,
    /// The size in pages, when the header's count is current.
    pages: Option<u64>,
    wal: bool,
}

impl Header {
    fn parse(bytes: &[u8]) -> Header {
        let u32_at = |at: usize| {
            bytes
                .get(at..at + 4)
                .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        };
        let raw_page_size = bytes
            .get(16..18)
            .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]));
        let page_size = if raw_page_size == 1 {
            65536
        } else {
            u64::from(raw_page_size)
        };
        // the page count is valid only when written by the same change as the counter
        let current = u32_at(24) == u32_at(92);
        Header {
            len: bytes.len(),
            page_size,
            pages: (current && u32_at(28) > 0).then(|| u64::from(u32_at(28))),
            wal: bytes.get(18) == Some(&2) && bytes.get(19) == Some(&2),
        }
    }

    /// Why the header itself shows the file is damaged, if it does.
    fn damage(&self) -> Option<String> {
        if self.len < HEADER_LEN {
            return Some(format!(
                "it is cut short: {} bytes, less than an SQLite header",
                self.len
            ));
        }
        if !(512..=65536).contains(&self.page_size) || !self.page_size.is_power_of_two() {
            return Some("its SQLite header is corrupt (an impossible page size)".into());
        }
        None
    }

    /// Why a file of `file_len` bytes with this header is shorter than it should be, if it is.
    fn cut_short(&self, file_len: u64) -> Option<String> {
        if self.damage().is_some() {
            return self.damage();
        }
        let expected = self.pages.map(|p| p * self.page_size);
        if expected.is_some_and(|want| file_len < want) || file_len % self.page_size != 0 {
            return Some(format!(
                "it is cut short (truncated): {file_len} bytes, where its header counts {}",
                expected.map_or("whole pages".into(), |want| format!("{want} bytes"))
            ));
        }
        None
    }
}

/// The path of the write-ahead log SQLite keeps next to a database in WAL mode.
fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

/// A read-only connection for looking. A file in WAL mode whose log is absent is opened
/// `immutable`, so SQLite does not create the `-wal` and `-shm` files beside it.
fn connect(path: &Path, immutable: bool) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let uri = immutable.then(|| immutable_uri(path)).flatten();
    let conn = match uri {
        Some(uri) => Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI),
        None => Connection::open_with_flags(path, flags),
    }
    .map_err(|e| super::open_error(path, e))?;
    conn.busy_timeout(super::BUSY_TIMEOUT)
        .map_err(|e| unreadable(path, e))?;
    Ok(conn)
}

/// `file:/abs/path?immutable=1`, with the characters a URI gives meaning escaped.
fn immutable_uri(path: &Path) -> Option<String> {
    let absolute = std::fs::canonicalize(path).ok()?;
    let mut uri = String::from("file:");
    for c in absolute.to_str()?.chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// The names of the tables, views, indexes and triggers the database defines.
fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// True when the `meta` table holds `application = qawl`. A `meta` table of another shape
/// (another application's) is no mark; a damaged one is an error.
fn has_qawl_row(conn: &Connection, tables: &[String]) -> rusqlite::Result<bool> {
    if !tables.iter().any(|t| t == "meta") {
        return Ok(false);
    }
    let value: rusqlite::Result<Option<rusqlite::types::Value>> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [APPLICATION_KEY],
            |r| r.get(0),
        )
        .optional();
    match value {
        Ok(value) => Ok(value == Some(rusqlite::types::Value::Text(APPLICATION_NAME.into()))),
        Err(e) if is_damage(&e) => Err(e),
        Err(_) => Ok(false),
    }
}

/// What qawl's schema at `version` has that the database lacks ("tables articles, mentions;
/// columns statements.verb"), or nothing.
fn schema_differences(conn: &Connection, version: i64) -> rusqlite::Result<String> {
    let expected = migrate::schema_at(version)?;
    let (mut tables, mut columns_lacking) = (Vec::new(), Vec::new());
    for table in QAWL_TABLES {
        let have = columns(conn, table)?;
        if have.is_empty() {
            tables.push(table.to_string());
            continue;
        }
        for column in columns(&expected, table)? {
            if !have.contains(&column) {
                columns_lacking.push(format!("{table}.{column}"));
            }
        }
    }
    let mut parts = Vec::new();
    for (noun, items) in [("table", tables), ("column", columns_lacking)] {
        match items.len() {
            0 => {}
            1 => parts.push(format!("{noun} {}", items[0])),
            _ => parts.push(format!("{noun}s {}", list(&items))),
        }
    }
    Ok(parts.join("; "))
}

/// The column names of `table` (none when there is no such table).
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    stmt.query_map([table], |r| r.get(0))?.collect()
}

/// "2 tables: bar, foo" (at most five named), or "no tables".
fn describe_tables(tables: &[String]) -> String {
    match tables.len() {
        0 => "no tables".into(),
        1 => format!("one table: {}", tables[0]),
        n => format!("{n} tables: {}", list(tables)),
    }
}

/// Up to five items joined by commas, and how many more.
fn list(items: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = items
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

/// True for SQLite's "malformed" and "not a database" errors: the file's pages are unreadable.
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// The error for a file SQLite could not read while qawl looked at it.
fn unreadable(path: &Path, e: rusqlite::Error) -> Error {
    if is_damage(&e) {
        return damaged(path, format!("SQLite cannot read it ({e})"));
    }
    if e.sqlite_error_code() == Some(ErrorCode::ReadOnly) {
        let reason = format!(
            "SQLite cannot read it without writing to it ({e}): the program that wrote it last \
             left a transaction unfinished (a -journal file beside it); open it with that program first"
        );
        return not_a_store(path, &reason);
    }
    not_a_store(path, &format!("SQLite cannot read it ({e})"))
}

fn not_a_store(path: &Path, reason: &str) -> Error {
    Error::NotAStore {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

fn damaged(path: &Path, reason: String) -> Error {
    Error::Damaged {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn foreign(setup: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(setup)
            .unwrap();
        (dir, path)
    }

    #[test]
    fn nothing_and_nothing_yet_may_become_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        assert_eq!(identify(&path).unwrap(), Found::Missing);
        std::fs::write(&path, b"").unwrap();
        assert!(matches!(identify(&path).unwrap(), Found::Empty { .. }));
    }

    #[test]
    fn a_qawl_store_is_recognised_by_its_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        drop(super::super::Store::open(&path).unwrap());
        assert_eq!(
            identify(&path).unwrap(),
            Found::Qawl {
                version: SCHEMA_VERSION
            }
        );
    }

    #[test]
    fn an_unmarked_store_with_qawls_tables_is_an_older_qawl_store() {
        let (_dir, path) = foreign(&format!(
            "{} PRAGMA user_version = 1;",
            include_str!("../../schema.sql")
        ));
        assert_eq!(identify(&path).unwrap(), Found::Qawl { version: 1 });
    }

    #[test]
    fn version_one_with_a_meta_table_is_not_enough() {
        let (_dir, path) = foreign(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
             INSERT INTO meta VALUES ('text_version', 'x');
             PRAGMA user_version = 1;",
        );
        let err = identify(&path).unwrap_err().to_string();
        assert!(err.contains("not a qawl store"), "{err}");
        assert!(err.contains("tables articles, statements"), "{err}");
    }

    #[test]
    fn a_high_version_without_the_mark_is_not_a_newer_qawl() {
        let (_dir, path) = foreign("CREATE TABLE t (x); PRAGMA user_version = 7;");
        let err = identify(&path).unwrap_err();
        assert!(matches!(err, Error::NotAStore { .. }), "{err}");
        assert!(!err.to_string().contains("newer"), "{err}");
        let (_dir, path) = foreign(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
             INSERT INTO meta VALUES ('application', 'qawl');
             PRAGMA user_version = 7;",
        );
        assert!(matches!(
            identify(&path).unwrap_err(),
            Error::NewerStore { found: 7, .. }
        ));
    }

    #[test]
    fn another_applications_id_is_refused() {
        let (_dir, path) = foreign("PRAGMA application_id = 42;");
        let err = identify(&path).unwrap_err().to_string();
        assert!(err.contains("0x0000002A"), "{err}");
    }

    #[test]
    fn a_cut_short_file_is_damaged() {
        let (_dir, path) = foreign("CREATE TABLE t (x); CREATE TABLE u (y);");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 100]).unwrap();
        assert!(matches!(identify(&path), Err(Error::Damaged { .. })));
        std::fs::write(&path, &bytes[..50]).unwrap();
        assert!(matches!(identify(&path), Err(Error::Damaged { .. })));
    }

    #[test]
    fn a_text_file_is_not_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "hello").unwrap();
        let err = identify(&path).unwrap_err().to_string();
        assert!(err.contains("not an SQLite database"), "{err}");
    }
}
