//! Re-running the extraction rules over the stored articles, in short write transactions.
//!
//! Articles are read [`BATCH`] at a time and extracted on several threads with no lock held,
//! the next batch while this thread writes the last; each batch is written in transactions of
//! at most [`WRITE_BUDGET`]: the article's old statements and
//! mentions out, the new ones in (into the old rows when the contents are the same, see
//! [`rewrite_article_tx`]). After [`BULK_BUDGET`] of transactions that follow each other at
//! once, the lock is left free for a [`TURN`]. So another writer (an ingest, an `entity add`)
//! never waits more than a few seconds, whatever the size of the store, and a re-extraction
//! stopped half-way leaves every article either as the old rules or as the new rules left it.
//!
//! What the old rules extracted is not used while the new ones run (see
//! [`Matching::ThisRun`]): the run keeps, in two temporary tables, the extracted entities and
//! aliases it has written, and once every article is done it drops the extracted ones it did
//! not write. Built-in and curated (`user`) entities and their aliases are never touched.

use super::Store;
use super::insert::{
    BULK_BUDGET, Matching, Resolver, Rows, TURN, WRITE_BUDGET, insert_extraction_tx,
};
use crate::error::Result;
use crate::model::{Article, Extraction};
use rusqlite::{Connection, Transaction, params};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How many articles are read and extracted before they are written.
const BATCH: usize = 200;

/// What a re-extraction did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reextracted {
    /// Articles whose statements and mentions the current rules rewrote.
    pub articles: usize,
    /// Articles in the store when the run began.
    pub total: usize,
    /// False when `keep_going` stopped the run: the articles after the last one done keep
    /// what the older rules found, and extracted entities of older rules are still there.
    pub finished: bool,
    /// Write transactions committed.
    pub transactions: usize,
    /// The longest any of them held the write lock.
    pub longest: Duration,
    /// When the write lock was taken and given back.
    turns: Turns,
}

impl Reextracted {
    /// Counts a committed transaction that held the write lock for `held`.
    fn committed(&mut self, held: Duration) {
        self.transactions += 1;
        self.longest = self.longest.max(held);
        self.turns.committed = Some(Instant::now());
    }

    /// Waits, before a write transaction begins, for another writer's [`TURN`] when this run
    /// has held the write lock for [`BULK_BUDGET`] with no such gap, as an ingest does: while
    /// the next batch is extracted as this one is written, transactions may follow each other
    /// at once, and a writer waiting in SQLite's busy handler would never get in.
    fn give_a_turn(&mut self) {
        let turns = &mut self.turns;
        if let Some(committed) = turns.committed {
            let gap = committed.elapsed();
            if gap >= TURN {
                turns.held_since = None;
            } else if turns
                .held_since
                .is_some_and(|since| committed.duration_since(since) >= BULK_BUDGET)
            {
                std::thread::sleep(TURN - gap);
                turns.held_since = None;
            }
        }
        turns.held_since.get_or_insert_with(Instant::now);
    }
}

/// When a run took the write lock after its last gap of a [`TURN`] or more, and when it last
/// gave it back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Turns {
    held_since: Option<Instant>,
    committed: Option<Instant>,
}

impl Store {
    /// Re-runs `extract` over every stored article on `jobs` threads: statements, mentions
    /// and extracted entities are rebuilt; built-in and user-curated entities and aliases are
    /// kept. A batch is extracted while the one before it is written, so the writing (on this
    /// thread) costs little more than the extraction.
    ///
    /// `keep_going(done, total)` is asked before each article; when it says no, what is done
    /// stays written and the run stops ([`Reextracted::finished`] is false): the articles
    /// rewritten are the first `done` in id order.
    pub fn reextract(
        &mut self,
        extractor: &str,
        jobs: usize,
        extract: impl Fn(&Article) -> Extraction + Sync,
        keep_going: impl FnMut(usize, usize) -> bool + Send,
    ) -> Result<Reextracted> {
        let (total, last): (i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(max(id), 0) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut run = Reextracted {
            total: total as usize,
            ..Reextracted::default()
        };
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS reextract_entities (id INTEGER PRIMARY KEY);
             CREATE TEMP TABLE IF NOT EXISTS reextract_aliases (
                 entity_id INTEGER NOT NULL, alias_norm TEXT NOT NULL,
                 PRIMARY KEY (entity_id, alias_norm)) WITHOUT ROWID;
             DELETE FROM temp.reextract_entities;
             DELETE FROM temp.reextract_aliases;",
        )?;
        self.tune_for_ingest(true)?;
        let claims = Mutex::new(Claims {
            keep_going,
            claimed: 0,
            total: run.total,
            stopped: false,
        });
        let (extract, claims) = (&extract, &claims);
        let finished = std::thread::scope(|scope| -> Result<bool> {
            let (mut after, mut extracted) = (0, Vec::new());
            loop {
                let batch = load_articles(&self.conn, after, last)?;
                let Some(&(last_read, _)) = batch.last() else {
                    self.rewrite(&extracted, extractor, &mut run)?;
                    return Ok(true);
                };
                after = last_read;
                let next = scope.spawn(move || extract_batch(&batch, jobs, extract, claims));
                self.rewrite(&extracted, extractor, &mut run)?;
                extracted = next.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                if lock(claims).stopped {
                    self.rewrite(&extracted, extractor, &mut run)?;
                    return Ok(false);
                }
            }
        });
        // back to the usual page cache whatever came of the run
        self.tune_for_ingest(false)?;
        run.finished = finished?;
        if run.finished {
            self.forget_stale(&mut run)?;
        }
        self.conn.execute_batch(
            "DROP TABLE temp.reextract_entities; DROP TABLE temp.reextract_aliases;",
        )?;
        Ok(run)
    }

    /// Writes new extractions over old ones, committing every [`WRITE_BUDGET`].
    fn rewrite(
        &mut self,
        extracted: &[(i64, Extraction)],
        extractor: &str,
        run: &mut Reextracted,
    ) -> Result<()> {
        let mut rest = extracted;
        while !rest.is_empty() {
            run.give_a_turn();
            let tx = self.write_tx()?;
            let started = Instant::now();
            let mut written = 0;
            for (id, extraction) in rest {
                if written > 0 && started.elapsed() >= WRITE_BUDGET {
                    break;
                }
                rewrite_article_tx(&tx, *id, extraction, extractor)?;
                written += 1;
            }
            tx.commit()?;
            run.committed(started.elapsed());
            run.articles += written;
            rest = &rest[written..];
        }
        Ok(())
    }

    /// Drops the extracted aliases this run did not write, then the extracted entities it did
    /// not write that nothing points to any more (an article ingested while it ran may point
    /// to one), a range of rows per statement and a transaction per [`WRITE_BUDGET`].
    fn forget_stale(&mut self, run: &mut Reextracted) -> Result<()> {
        self.delete_in_ranges(
            "aliases",
            "DELETE FROM aliases WHERE rowid BETWEEN ?1 AND ?2 AND origin = 'extracted'
               AND NOT EXISTS (SELECT 1 FROM temp.reextract_aliases r
                               WHERE r.entity_id = aliases.entity_id
                                 AND r.alias_norm = aliases.alias_norm)",
            run,
        )?;
        self.delete_in_ranges(
            "entities",
            "DELETE FROM entities WHERE id BETWEEN ?1 AND ?2 AND origin = 'extracted'
               AND id NOT IN (SELECT id FROM temp.reextract_entities)
               AND NOT EXISTS (SELECT 1 FROM statements WHERE speaker_id = entities.id)
               AND NOT EXISTS (SELECT 1 FROM statements WHERE org_id = entities.id)
               AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = entities.id)
               AND NOT EXISTS (SELECT 1 FROM statement_entities WHERE entity_id = entities.id)",
            run,
        )
    }

    /// Runs `delete` (with the bounds of a rowid range as ?1 and ?2) over all of `table`.
    fn delete_in_ranges(&mut self, table: &str, delete: &str, run: &mut Reextracted) -> Result<()> {
        const RANGE: i64 = 2_000;
        // the table name is one of ours, never typed by a user
        let last: i64 = self.conn.query_row(
            &format!("SELECT coalesce(max(rowid), 0) FROM {table}"),
            [],
            |r| r.get(0),
        )?;
        let mut from = 0;
        while from <= last {
            run.give_a_turn();
            let tx = self.write_tx()?;
            let started = Instant::now();
            while from <= last && started.elapsed() < WRITE_BUDGET {
                tx.prepare_cached(delete)?
                    .execute(params![from, from + RANGE - 1])?;
                from += RANGE;
            }
            tx.commit()?;
            run.committed(started.elapsed());
        }
        Ok(())
    }
}

/// Who may extract the next article: articles are handed out in id order, `keep_going` asked
/// before each, so that the articles extracted are always the first ones.
struct Claims<F> {
    keep_going: F,
    /// Articles handed out so far, in all batches.
    claimed: usize,
    total: usize,
    /// True once `keep_going` said no.
    stopped: bool,
}

/// `claims`, locked (a thread that panicked holding it left nothing half-done in it).
fn lock<T>(claims: &Mutex<T>) -> MutexGuard<'_, T> {
    claims.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The extractions of `batch` on `jobs` threads, in its order: all of it, or the first
/// articles of it, up to the one `keep_going` said no before.
fn extract_batch<F: FnMut(usize, usize) -> bool + Send>(
    batch: &[(i64, Article)],
    jobs: usize,
    extract: &(impl Fn(&Article) -> Extraction + Sync),
    claims: &Mutex<Claims<F>>,
) -> Vec<(i64, Extraction)> {
    let start = lock(claims).claimed;
    let claim = || {
        let mut claims = lock(claims);
        let i = claims.claimed - start;
        if claims.stopped || i >= batch.len() {
            return None;
        }
        let (claimed, total) = (claims.claimed, claims.total);
        if !(claims.keep_going)(claimed, total) {
            claims.stopped = true;
            return None;
        }
        claims.claimed += 1;
        Some(i)
    };
    let mut done: Vec<(usize, Extraction)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.clamp(1, batch.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(i) = claim() {
                        mine.push((i, extract(&batch[i].1)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(i, e)| (batch[i].0, e)).collect()
}

/// Up to [`BATCH`] articles with ids after `after`, up to `last`, in id order.
fn load_articles(conn: &Connection, after: i64, last: i64) -> Result<Vec<(i64, Article)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, published, section, source, author, url, body, path
         FROM articles WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![after, last, BATCH as i64], |r| {
        let published: Option<String> = r.get(2)?;
        Ok((
            r.get(0)?,
            Article {
                title: r.get(1)?,
                published: published.and_then(|d| d.parse().ok()),
                section: r.get(3)?,
                source: r.get(4)?,
                author: r.get(5)?,
                url: r.get(6)?,
                body: r.get(7)?,
                path: r.get(8)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes what the current rules found in one article over what older rules found. When the
/// contents of its statements are the same, in the same order, the statements are written into
/// the rows they had, which keep their ids and full-text entries (rewriting those is most of
/// the cost of a re-extraction); else the old rows go and new ones come.
fn rewrite_article_tx(
    tx: &Transaction,
    article_id: i64,
    extraction: &Extraction,
    extractor: &str,
) -> Result<()> {
    let mut stmt =
        tx.prepare_cached("SELECT id, content FROM statements WHERE article_id = ?1 ORDER BY id")?;
    let old = stmt
        .query_map([article_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let same = old.len() == extraction.statements.len()
        && old
            .iter()
            .zip(&extraction.statements)
            .all(|((_, content), s)| *content == s.content);
    let ids: Vec<i64> = old.iter().map(|(id, _)| *id).collect();
    let sql: &[&str] = if same {
        &[
            "DELETE FROM statement_entities
             WHERE statement_id IN (SELECT id FROM statements WHERE article_id = ?1)",
            "DELETE FROM mentions WHERE article_id = ?1",
        ]
    } else {
        &[
            "DELETE FROM statements_fts
             WHERE rowid IN (SELECT id FROM statements WHERE article_id = ?1)",
            "DELETE FROM statement_entities
             WHERE statement_id IN (SELECT id FROM statements WHERE article_id = ?1)",
            "DELETE FROM statements WHERE article_id = ?1",
            "DELETE FROM mentions WHERE article_id = ?1",
        ]
    };
    for sql in sql {
        tx.prepare_cached(sql)?.execute([article_id])?;
    }
    let rows = if same { Rows::Reuse(&ids) } else { Rows::New };
    insert_extraction_tx(
        tx,
        article_id,
        (extraction, None),
        extractor,
        &mut Resolver::new(Matching::ThisRun),
        rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityKind, EntityRef, Mention, Statement, VerbClass};

    /// An article whose body is `body`.
    fn article(body: &str) -> Article {
        Article {
            body: body.into(),
            ..Article::default()
        }
    }

    /// An extraction of one statement by a person called `speaker`, with `aliases`.
    fn said_by(speaker: &str, aliases: &[&str]) -> Extraction {
        Extraction {
            entities: vec![EntityRef {
                kind: EntityKind::Person,
                name: speaker.into(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
            }],
            mentions: vec![Mention {
                entity: 0,
                start: 0,
                end: 3,
                surface: speaker.into(),
            }],
            statements: vec![Statement {
                speaker: Some(0),
                surface: Some(speaker.into()),
                role: None,
                org: None,
                verb: VerbClass::Said,
                verb_text: "قال".into(),
                negated: false,
                content: "الهدنة صامدة".into(),
                quote: None,
                said_on: None,
                date_explicit: false,
                start: 0,
                end: 10,
                in_headline: false,
                about: Vec::new(),
            }],
        }
    }

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// A store of `n` articles, each said by `speaker` (with `aliases`) under rules `old`.
    fn store_of(n: usize, speaker: &str, aliases: &[&str]) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        for i in 0..n {
            let a = article(&format!("قال المتحدث في اليوم {i} إن الهدنة صامدة"));
            store
                .insert_article(&a, &said_by(speaker, aliases), "old")
                .unwrap();
        }
        store
    }

    #[test]
    fn reextract_rewrites_every_article_in_batches_and_drops_what_old_rules_found() {
        let mut store = store_of(450, "سامر الحلبي", &["الحلبي"]);
        let run = store
            .reextract("new", 2, |_| said_by("ماهر الخطيب", &[]), |_, _| true)
            .unwrap();
        assert_eq!((run.articles, run.total, run.finished), (450, 450, true));
        assert!(run.transactions >= 3, "{run:?}");
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM statements WHERE extractor = 'new'"
            ),
            450
        );
        assert_eq!(count(&store, "SELECT count(*) FROM statements"), 450);
        assert_eq!(count(&store, "SELECT count(*) FROM mentions"), 450);
        let old = "SELECT count(*) FROM entities WHERE name = 'سامر الحلبي'";
        assert_eq!(count(&store, old), 0);
        let alias = "SELECT count(*) FROM aliases WHERE alias = 'الحلبي'";
        assert_eq!(count(&store, alias), 0);
        assert_eq!(count(&store, "SELECT count(*) FROM statements_fts"), 450);
    }

    /// How many statements the full-text index finds for `word`.
    fn fts(store: &Store, word: &str) -> i64 {
        let query = format!("\"{}\"", crate::text::index_text(word));
        store
            .conn
            .query_row(
                "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH ?1",
                [query],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn ids(store: &Store) -> Vec<i64> {
        let mut stmt = store
            .conn
            .prepare("SELECT id FROM statements ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn statements_whose_contents_stay_keep_their_ids_and_the_others_are_indexed_anew() {
        let mut store = store_of(3, "سامر الحلبي", &[]);
        let before = ids(&store);
        store
            .reextract("new", 2, |_| said_by("ماهر الخطيب", &[]), |_, _| true)
            .unwrap();
        assert_eq!(ids(&store), before);
        assert_eq!(fts(&store, "صامدة"), 3);
        let speaker = "SELECT count(*) FROM statements s JOIN entities e ON e.id = s.speaker_id
                       WHERE e.name = 'ماهر الخطيب' AND s.extractor = 'new'";
        assert_eq!(count(&store, speaker), 3);
        // new contents: new rows, and the index holds the new words only
        let other = |_: &Article| {
            let mut e = said_by("ماهر الخطيب", &[]);
            e.statements[0].content = "المفاوضات متوقفة".into();
            e
        };
        store.reextract("newer", 2, other, |_, _| true).unwrap();
        assert!(ids(&store).iter().all(|id| !before.contains(id)));
        assert_eq!((fts(&store, "صامدة"), fts(&store, "متوقفة")), (0, 3));
        assert_eq!(count(&store, "SELECT count(*) FROM statements"), 3);
    }

    #[test]
    fn reextract_does_not_link_names_through_aliases_the_old_rules_gave() {
        // the old rules took "الحلبي" for an alias of Samer; the new ones find a person of that name
        let mut store = store_of(3, "سامر الحلبي", &["الحلبي"]);
        store
            .reextract("new", 2, |_| said_by("الحلبي", &[]), |_, _| true)
            .unwrap();
        let speakers = "SELECT count(DISTINCT e.name) FROM statements s
                        JOIN entities e ON e.id = s.speaker_id WHERE e.name = 'الحلبي'";
        assert_eq!(count(&store, speakers), 1);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM entities WHERE name = 'سامر الحلبي'"
            ),
            0
        );
    }

    #[test]
    fn reextract_keeps_curated_entities_and_their_aliases() {
        let mut store = store_of(2, "سامر الحلبي", &[]);
        store
            .add_entity(EntityKind::Person, "ماهر الخطيب", &["أبو سامر".to_string()])
            .unwrap();
        store
            .reextract(
                "new",
                2,
                |_| said_by("ماهر الخطيب", &["الخطيب"]),
                |_, _| true,
            )
            .unwrap();
        let curated = "SELECT count(*) FROM statements s JOIN entities e ON e.id = s.speaker_id
                       WHERE e.origin = 'user' AND e.name = 'ماهر الخطيب'";
        assert_eq!(count(&store, curated), 2);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM aliases WHERE alias = 'أبو سامر'"
            ),
            1
        );
    }

    #[test]
    fn a_run_that_held_the_lock_for_a_while_with_no_gap_leaves_it_free_for_a_turn() {
        let mut run = Reextracted::default();
        run.give_a_turn();
        // the lock was taken that long ago
        run.turns.held_since = Instant::now().checked_sub(BULK_BUDGET);
        run.committed(WRITE_BUDGET);
        let waited = Instant::now();
        run.give_a_turn();
        assert!(waited.elapsed() >= TURN - Duration::from_millis(5));
        // the lock is held anew from there: the next transaction begins at once
        run.committed(Duration::ZERO);
        let waited = Instant::now();
        run.give_a_turn();
        assert!(waited.elapsed() < TURN / 2);
    }

    #[test]
    fn a_stopped_reextract_keeps_what_it_wrote_and_the_old_rest() {
        let mut store = store_of(500, "سامر الحلبي", &["الحلبي"]);
        let run = store
            .reextract(
                "new",
                2,
                |_| said_by("ماهر الخطيب", &[]),
                |done, _| done < 250,
            )
            .unwrap();
        assert_eq!((run.articles, run.finished), (250, false));
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM statements WHERE extractor = 'new'"
            ),
            250
        );
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM statements WHERE extractor = 'old'"
            ),
            250
        );
        // the old speaker is still there for the articles not done
        let alias = "SELECT count(*) FROM aliases WHERE alias = 'الحلبي'";
        assert_eq!(count(&store, alias), 1);
        // and a second run finishes the work
        let run = store
            .reextract("new", 2, |_| said_by("ماهر الخطيب", &[]), |_, _| true)
            .unwrap();
        assert!(run.finished);
        assert_eq!(
            count(
                &store,
                "SELECT count(*) FROM statements WHERE extractor = 'old'"
            ),
            0
        );
        assert_eq!(count(&store, alias), 0);
    }
}
