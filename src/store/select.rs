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

/// The statements of each extractor version, read from the index on the version in its order.
const EXTRACTORS: &str =
    "SELECT extractor, count(*) FROM statements GROUP BY extractor ORDER BY extractor";

/// The first and last extractor versions (a lookup at each end of the index on the version)
/// and the number of statements (SQLite counts a B-tree's entries without reading them): when
/// the two versions are one, as they are but after a re-extraction stopped half-way, the
/// count is that version's and [`EXTRACTORS`], a pass over the whole index, is not needed.
const EXTRACTOR_SPAN: &str = "SELECT (SELECT min(extractor) FROM statements),
        (SELECT max(extractor) FROM statements), (SELECT count(*) FROM statements)";

/// The span of the publication dates: two lookups at the ends of the index on the date (a
/// `min` and a `max` in one SELECT would read the whole index).
const DATES: &str =
    "SELECT (SELECT min(published) FROM articles), (SELECT max(published) FROM articles)";

/// The rows of a table, counted on its narrowest index; table names come from the fixed list
/// in [`Store::stats`], never from input.
fn count_rows(table: &str) -> String {
    format!("SELECT count(*) FROM {table}")
}

impl Store {
    /// Counts of what the store holds and the span of its dates, from indexes: the statements
    /// are counted once, and by extractor version when there are several.
    pub fn stats(&self) -> Result<Stats> {
        let count = |table: &str| -> Result<i64> {
            Ok(self.conn.query_row(&count_rows(table), [], |r| r.get(0))?)
        };
        let (first_date, last_date) = self
            .conn
            .query_row(DATES, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let (first, last, statements): (Option<String>, Option<String>, i64) =
            self.conn.query_row(EXTRACTOR_SPAN, [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        let extractors: Vec<(String, i64)> = match (first, last) {
            (None, _) => Vec::new(),
            (Some(first), Some(last)) if first == last => vec![(first, statements)],
            _ => {
                let mut stmt = self.conn.prepare(EXTRACTORS)?;
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            }
        };
        Ok(Stats {
            schema_version: self.schema_version()?,
            articles: count("articles")?,
            statements: extractors.iter().map(|(_, n)| n).sum(),
            entities: count("entities")?,
            aliases: count("aliases")?,
            mentions: count("mentions")?,
            first_date,
            last_date,
            extractors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Extraction, Statement, VerbClass};
    use crate::store::BatchItem;
    use chrono::NaiveDate;

    /// A store of `n` articles of two statements each, dated over a year but the first.
    fn store(n: usize) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let start = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
        let items: Vec<BatchItem> = (0..n)
            .map(|i| BatchItem {
                article: Article {
                    title: Some(format!("خبر {i}")),
                    published: (i > 0).then(|| start + chrono::Days::new((i * 7 % 365) as u64)),
                    body: format!("نص الخبر {i}"),
                    ..Article::default()
                },
                extraction: Extraction {
                    entities: Vec::new(),
                    mentions: Vec::new(),
                    statements: (0..2).map(|_| statement()).collect(),
                },
                indexed: None,
            })
            .collect();
        store.insert_batch(&items, "v1").unwrap();
        store.optimize().unwrap();
        store
    }

    fn statement() -> Statement {
        Statement {
            speaker: None,
            surface: Some("مصدر".into()),
            role: None,
            org: None,
            verb: VerbClass::Said,
            verb_text: "قال".into(),
            negated: false,
            content: "الوضع هادئ".into(),
            quote: None,
            said_on: None,
            date_explicit: false,
            start: 0,
            end: 3,
            in_headline: false,
            about: Vec::new(),
        }
    }

    /// The lines of `EXPLAIN QUERY PLAN` for `sql`.
    fn plan(store: &Store, sql: &str) -> Vec<String> {
        let rs = store
            .select(&format!("EXPLAIN QUERY PLAN {sql}"), &[])
            .unwrap();
        rs.rows
            .iter()
            .filter_map(|r| r.last().map(crate::output::Cell::to_text))
            .collect()
    }

    #[test]
    fn stats_are_the_counts_of_the_tables() {
        let store = store(40);
        let s = store.stats().unwrap();
        let plain =
            |sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(s.statements, plain("SELECT count(*) FROM statements"));
        assert_eq!(s.statements, 80);
        assert_eq!(s.articles, 40);
        assert_eq!(s.extractors, [("v1".to_string(), 80)]);
        assert_eq!(s.first_date.as_deref(), Some("2018-01-08"));
        let last: String = store
            .connection()
            .query_row("SELECT max(published) FROM articles", [], |r| r.get(0))
            .unwrap();
        assert_eq!(s.last_date, Some(last));
    }

    #[test]
    fn stats_count_the_statements_of_each_extractor_version() {
        let mut store = store(40);
        assert_eq!(store.stats().unwrap().extractors, [("v1".to_string(), 80)]);
        let item = BatchItem {
            article: Article {
                body: "نص آخر".into(),
                ..Article::default()
            },
            extraction: Extraction {
                statements: (0..3).map(|_| statement()).collect(),
                ..Extraction::default()
            },
            indexed: None,
        };
        store.insert_batch(&[item], "v0").unwrap();
        let s = store.stats().unwrap();
        assert_eq!(
            s.extractors,
            [("v0".to_string(), 3), ("v1".to_string(), 80)]
        );
        assert_eq!(s.statements, 83);
        let empty = Store::open_in_memory().unwrap().stats().unwrap();
        assert_eq!((empty.extractors.len(), empty.statements), (0, 0));
    }

    #[test]
    fn stats_never_read_a_table_row_by_row() {
        let store = store(40);
        let tables = ["articles", "entities", "aliases", "mentions", "statements"];
        let queries = tables.iter().map(|t| count_rows(t));
        let fixed = [EXTRACTORS, EXTRACTOR_SPAN, DATES].map(String::from);
        for sql in queries.chain(fixed) {
            let plan = plan(&store, &sql);
            let text = plan.join("\n");
            for line in &plan {
                // a table's rows are read only through an index that holds what is counted
                let scan = line.starts_with("SCAN ")
                    && line != "SCAN CONSTANT ROW"
                    && !line.contains("COVERING INDEX");
                assert!(!scan, "{sql}:\n{text}");
                assert!(!line.contains("TEMP B-TREE"), "{sql}:\n{text}");
            }
        }
        let text = plan(&store, EXTRACTORS).join("\n");
        assert!(
            text.contains("COVERING INDEX statements_extractor"),
            "{text}"
        );
        // each end of the dates and of the versions is one lookup, not a pass over the index
        let text = plan(&store, EXTRACTOR_SPAN).join("\n");
        let lookups = text.matches("SEARCH statements USING COVERING INDEX statements_extractor");
        assert_eq!(lookups.count(), 2, "{text}");
        let text = plan(&store, DATES).join("\n");
        assert!(!text.contains("SCAN articles"), "{text}");
        assert!(text.contains("SEARCH articles USING COVERING INDEX articles_published"));
    }
}
