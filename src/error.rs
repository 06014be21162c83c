//! The crate's error type and the exit codes it maps to.
//!
//! Deep code returns these values; only `main.rs` (and the REPL) render them, once.

use std::path::PathBuf;

/// Everything that can go wrong in qawl, with enough context to tell the user what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Writing to stdout or another stream failed (a closed pipe is handled before this).
    #[error("could not write output: {0}")]
    Output(#[from] std::io::Error),

    /// SQLite refused an operation.
    #[error("database error: {}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),

    /// The store was written by a newer qawl; it is left untouched.
    #[error(
        "{path} has schema version {found}, but this qawl knows versions up to {supported}.\n\
         It was written by a newer qawl; the file was left untouched. Upgrade qawl, or pass --db to use another store.",
        path = path.display()
    )]
    NewerStore {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// A command that needs a store was pointed at a path where there is none:
    /// `qawl --db kb.sqlte stats`.
    #[error(
        "no store at {path}: check the path given by --db or QAWL_DB; `qawl ingest PATH…` creates a store",
        path = path.display()
    )]
    NoStore { path: PathBuf },

    /// A command that needs a store was pointed at an empty file (0 bytes, or an SQLite
    /// database without tables): `touch kb.sqlite; qawl --db kb.sqlite stats`.
    #[error(
        "{path} is {what}, not a qawl store yet; it was left as it is. Only commands that add \
         to a store make one there (`qawl ingest PATH…`, `qawl entity add` or `import`); \
         check the path given by --db or QAWL_DB",
        path = path.display()
    )]
    NotYetAStore { path: PathBuf, what: &'static str },

    /// The file is not a qawl store: another application's database, or not an SQLite
    /// database at all: `qawl --db ~/.mozilla/…/places.sqlite stats`.
    #[error(
        "{path} is not a qawl store: {reason}. qawl left it untouched; pass --db with the path \
         of a qawl store, or of a new file to start one",
        path = path.display()
    )]
    NotAStore { path: PathBuf, reason: String },

    /// The file is an SQLite database that cannot be read whole: cut short or corrupt.
    #[error(
        "{path} is damaged: {reason}. qawl left it as it is. If it is a qawl store, restore it \
         from a backup, or save what SQLite can still read with \
         `sqlite3 {path} .recover | sqlite3 recovered.sqlite` and check that copy with \
         `qawl --db recovered.sqlite check`",
        path = path.display()
    )]
    Damaged { path: PathBuf, reason: String },

    /// SQLite could not open the file at all (permissions, a missing folder).
    #[error(
        "{path} cannot be opened ({reason}); check the path and its permissions, or pass --db",
        path = path.display()
    )]
    CannotOpen { path: PathBuf, reason: String },

    /// Another process held the store's write lock for longer than a writer waits
    /// (`BUSY_TIMEOUT`): a second `qawl ingest` while a long one runs on an old qawl.
    #[error(
        "{path} is busy: another process has been writing to it for {waited} s and qawl gave          up waiting; what this command wrote before stays. Try again when that process has          finished",
        path = path.display()
    )]
    Busy { path: PathBuf, waited: u64 },

    /// `qawl sql` was given a statement that would change the store.
    #[error(
        "refused: `qawl sql` runs read-only statements only (SELECT, WITH, EXPLAIN); this one would write to the store"
    )]
    WriteRefused,

    /// A query in the qawl language failed to parse, check or compile.
    #[error("{0}")]
    Query(#[from] crate::query::QueryError),

    /// A CSV export failed.
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),

    /// A JSON export or import failed.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),

    /// The command line was used wrongly (exit code 2).
    #[error("{0}")]
    Usage(String),

    /// Several inputs failed; each was already reported (exit code 1).
    #[error("{0}")]
    Failed(String),

    /// The running query was cancelled (Ctrl-C).
    #[error("interrupted")]
    Interrupted,
}

/// SQLite's message without the statement's text, which can be very long; a damaged file
/// gets a way out.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqlInputError { msg, offset, .. } => {
            format!("{msg} (at character {offset} of the SQL)")
        }
        e if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => format!(
            "{e}: the store is damaged; `qawl check` lists what is wrong; restore it from a backup"
        ),
        e => e.to_string(),
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The process exit code for this error: 2 for misuse of the command line, else 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// True when the error is a closed pipe on output, which ends qawl quietly.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Output(e) | Error::Io { source: e, .. } => {
                e.kind() == std::io::ErrorKind::BrokenPipe
            }
            Error::Csv(e) => match e.kind() {
                csv::ErrorKind::Io(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
                _ => false,
            },
            Error::Json(e) => e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe),
            _ => false,
        }
    }
}
