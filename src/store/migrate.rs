//! Versioned schema migrations: an ordered list of steps, each in its own transaction.
//!
//! `PRAGMA user_version` records the last step applied. Step 1 is `schema.sql`; later steps
//! append to [`STEPS`] and never edit an earlier one.

use crate::error::Result;
use rusqlite::{Connection, Transaction, TransactionBehavior};

type Step = fn(&Transaction) -> rusqlite::Result<()>;

/// The migration steps, in order; step `i` brings the schema to version `i + 1`.
const STEPS: &[Step] = &[baseline];

/// The schema version this qawl writes.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Step 1: the baseline schema.
fn baseline(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(include_str!("../../schema.sql"))
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
            return Ok(());
        };
        step(&tx)?;
        // user_version cannot be bound as a parameter; the value is our own integer
        tx.execute_batch(&format!("PRAGMA user_version = {}", version + 1))?;
        tx.commit()?;
    }
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
            conn.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 99;")
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
}
