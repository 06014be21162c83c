//! What a bulk writer asks of the store besides writing: whether an article is there already
//! (by its content hash, so a known article is never extracted again), from the writing
//! connection or from a read-only one of its own for another thread, and the page cache a long
//! ingest works with.

use super::Store;
use crate::error::Result;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

/// The page cache a long ingest gives SQLite, in KiB (64 MiB, against SQLite's default 2 MiB):
/// enough for the indexes' inner pages and the pages a batch touches at 100,000 articles, so
/// a commit rereads and rewrites fewer scattered pages. It is memory SQLite takes as it needs
/// it, and gives back when the store is closed.
pub const INGEST_CACHE_KIB: i64 = 64 * 1024;

/// How many pages the write-ahead log grows to during a long ingest before its pages are
/// copied into the store (SQLite's default: 1,000). A page that several commits rewrote in
/// the meantime is copied once, and most pages of the indexes are rewritten by every commit.
/// About 1 GB of disk at most, given back when the last connection closes.
pub const INGEST_WAL_PAGES: i64 = 250_000;

impl Store {
    /// True when an article with this content hash is stored.
    pub fn knows(&self, hash: &str) -> Result<bool> {
        knows(&self.conn, hash)
    }

    /// Sizes SQLite's page cache and write-ahead log for a long ingest ([`INGEST_CACHE_KIB`],
    /// [`INGEST_WAL_PAGES`]) or, after it, back to SQLite's defaults.
    pub fn tune_for_ingest(&self, ingesting: bool) -> Result<()> {
        let (cache, wal) = match ingesting {
            true => (-INGEST_CACHE_KIB, INGEST_WAL_PAGES),
            false => (-2000, 1000),
        };
        self.conn.pragma_update(None, "cache_size", cache)?;
        self.conn.pragma_update(None, "wal_autocheckpoint", wal)?;
        Ok(())
    }

    /// A read-only connection to this store for another thread to ask [`Known::knows`]; `None`
    /// for a store in memory (which only its own connection sees) or when it cannot be opened.
    pub fn known(&self) -> Option<Known> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(self.path.as_deref()?, flags).ok()?;
        conn.busy_timeout(std::time::Duration::from_secs(1)).ok()?;
        Some(Known { conn })
    }
}

/// A read-only view of the stored articles' hashes, for a thread that extracts (see
/// [`Store::known`]). It sees what was committed when it asks.
pub struct Known {
    conn: Connection,
}

impl Known {
    /// True when an article with this content hash was stored; false when the store cannot
    /// say (the article is then extracted, and the writer finds the duplicate).
    pub fn knows(&self, hash: &str) -> bool {
        knows(&self.conn, hash).unwrap_or(false)
    }
}

fn knows(conn: &Connection, hash: &str) -> Result<bool> {
    let found = conn
        .prepare_cached("SELECT 1 FROM articles WHERE content_hash = ?1")?
        .query_row([hash], |_| Ok(()))
        .optional()?;
    Ok(found.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Extraction};

    #[test]
    fn a_stored_article_is_known_from_another_connection() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("kb.sqlite")).unwrap();
        let article = Article {
            body: "قال المتحدث إن الهدنة صامدة.".into(),
            ..Article::default()
        };
        let hash = article.content_hash();
        let known = store.known().unwrap();
        assert!(!known.knows(&hash) && !store.knows(&hash).unwrap());
        store
            .insert_article(&article, &Extraction::default(), "v1")
            .unwrap();
        assert!(known.knows(&hash) && store.knows(&hash).unwrap());
        assert!(Store::open_in_memory().unwrap().known().is_none());
    }
}
