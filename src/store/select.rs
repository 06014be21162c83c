//! Reads the command line needs outside the query language: `qawl stats`.

use super::Store;
use crate::error::Result;

/// What `qawl stats` reports about a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub schema_version: i64,
    pub articles: i64,
    pub statements: i64,
    pub entities: i64,
    pub aliases: i64,
    pub mentions: i64,
    /// Earliest and latest publication date of the articles, when any has one.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Extractor versions of the stored statements, with how many statements each produced.
    pub extractors: Vec<(String, i64)>,
}

impl Store {
    /// Counts of what the store holds and the span of its dates.
    pub fn stats(&self) -> Result<Stats> {
        let count = |table: &str| -> Result<i64> {
            // table names come from the fixed list below, never from input
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        let (first_date, last_date) = self.conn.query_row(
            "SELECT min(published), max(published) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT extractor, count(*) FROM statements GROUP BY extractor ORDER BY extractor",
        )?;
        let extractors = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Stats {
            schema_version: self.schema_version()?,
            articles: count("articles")?,
            statements: count("statements")?,
            entities: count("entities")?,
            aliases: count("aliases")?,
            mentions: count("mentions")?,
            first_date,
            last_date,
            extractors,
        })
    }
}
