//! Default paths: where the store and the REPL history live.

use std::path::PathBuf;

/// The environment variable that names the store when `--db` is not given.
pub const DB_ENV: &str = "QAWL_DB";

/// The store's file name inside the user data directory.
const DB_FILE: &str = "qawl.sqlite";

/// The user data directory (e.g. `~/.local/share/qawl` on Linux), when the platform has one.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "qawl").map(|d| d.data_dir().to_path_buf())
}

/// The store to use: `--db`, else `$QAWL_DB`, else the user data directory.
pub fn db_path(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| {
        std::env::var_os(DB_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .or_else(|| data_dir().map(|d| d.join(DB_FILE)))
}

/// The REPL's history file.
pub fn history_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("history.txt"))
}
