//! Writing articles and what was extracted from them: one transaction per batch, each kept
//! short ([`WRITE_BUDGET`]), or one transaction over many batches of an ingest, kept open for
//! [`BULK_BUDGET`] at most ([`Store::insert_open`]).
//!
//! The content hash makes re-ingesting an article a no-op. Extracted entities are linked to
//! existing rows through their normalised names and aliases, never duplicated.

use super::{Spill, Store};
use crate::error::Result;
use crate::model::{Article, EntityKind, EntityRef, Extraction, Origin};
use crate::text::{index_text, normalize};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// One article and what extraction found in it, ready to be written.
#[derive(Debug, Clone)]
pub struct BatchItem {
    pub article: Article,
    pub extraction: Extraction,
    /// The full-text forms, when the thread that extracted made them ([`Indexed::of`]);
    /// otherwise the writer makes them.
    pub indexed: Option<Indexed>,
}

/// What the full-text indexes get of an article and of its statements' contents
/// ([`index_text`]), and the article's content hash: made on the thread that extracts the
/// article, so that the one thread that writes does not spend a tenth of its time on them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Indexed {
    hash: String,
    title: String,
    body: String,
    /// One a statement, in order.
    contents: Vec<String>,
}

impl Indexed {
    /// The full-text forms of `article` and of what was extracted from it, beside the
    /// article's content hash ([`Article::content_hash`], made once by the caller, who asked
    /// the store whether it holds the article).
    pub fn of(article: &Article, extraction: &Extraction, hash: String) -> Indexed {
        Indexed {
            hash,
            title: index_text(article.title.as_deref().unwrap_or("")),
            body: index_text(&article.body),
            contents: extraction
                .statements
                .iter()
                .map(|s| index_text(&s.content))
                .collect(),
        }
    }
}

/// What happened to one article of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored under this article id.
    New(i64),
    /// Already in the store under this id (same content hash); nothing was written.
    Duplicate(i64),
}

/// How long one bulk write may hold the store's write lock before it commits and lets other
/// writers in: a long ingest or re-extraction is many short transactions, whatever the size
/// of the store, so that another qawl process never waits long.
pub const WRITE_BUDGET: Duration = Duration::from_secs(1);

/// How long an ingest keeps its transaction open across batches before it commits
/// ([`Store::insert_open`]). Each commit writes every page the transaction touched, and
/// statements land all over the statement indexes, so a commit costs about as much however few articles
/// it holds: fewer, longer transactions write several times less. A few seconds is what
/// another writer may wait; readers never wait.
pub const BULK_BUDGET: Duration = Duration::from_secs(5);

/// How long a bulk writer leaves the write lock free between two transactions that follow
/// each other at once: enough for a writer waiting in SQLite's busy handler, which tries again
/// every 100 ms at most, to get in — a bulk writer that begins again straight after its
/// commit would otherwise keep the lock for the whole run. Only after a transaction that held
/// the lock for [`WRITE_BUDGET`] or more: once every [`BULK_BUDGET`], it costs a few per cent
/// of an ingest's time.
pub(super) const TURN: Duration = Duration::from_millis(100);

impl Store {
    /// Writes a batch of articles and their extractions in one transaction.
    pub fn insert_batch(&mut self, items: &[BatchItem], extractor: &str) -> Result<Vec<Inserted>> {
        self.insert_within(items, extractor, None)
    }

    /// Writes articles from the start of `items` in one transaction until it has run for
    /// `budget` (at least one article; all of them when `budget` is `None`), and says what
    /// happened to each one written: the caller writes the rest in the next transaction.
    pub fn insert_within(
        &mut self,
        items: &[BatchItem],
        extractor: &str,
        budget: Option<Duration>,
    ) -> Result<Vec<Inserted>> {
        self.commit_open()?;
        let outcomes = self.insert_open(items, extractor, budget.unwrap_or(Duration::MAX))?;
        self.commit_open()?;
        Ok(outcomes)
    }

    /// Writes articles from the start of `items` in the open bulk transaction, beginning one
    /// when none is open, and commits it once it has been open for `budget`; says what
    /// happened to each article written (at least one): the caller passes the rest again.
    /// [`Store::commit_open`] commits what is written sooner.
    ///
    /// While the bulk transaction is open the connection does not check foreign keys: every
    /// id written comes from a row this transaction found or wrote, and the transaction only
    /// adds rows (and raises an alias's origin), so there is nothing to check or cascade — and checking costs a quarter of the
    /// time of a bulk write. On an error the transaction is rolled back: an article is never
    /// stored in part, and what the transaction held is read again by the next ingest.
    pub fn insert_open(
        &mut self,
        items: &[BatchItem],
        extractor: &str,
        budget: Duration,
    ) -> Result<Vec<Inserted>> {
        if self.bulk.is_some_and(|began| began.elapsed() >= budget) {
            self.commit_open()?;
        }
        let began = match self.bulk {
            Some(began) => began,
            None => self.begin_open()?,
        };
        let mut outcomes = Vec::with_capacity(items.len());
        for item in items {
            if !outcomes.is_empty() && began.elapsed() >= budget {
                break;
            }
            match insert_item(&self.conn, &mut self.resolver, item, extractor) {
                Ok(outcome) => outcomes.push(outcome),
                Err(e) => {
                    self.rollback_open();
                    return Err(e);
                }
            }
        }
        if began.elapsed() >= budget {
            self.commit_open()?;
        }
        Ok(outcomes)
    }

    /// True while a bulk transaction is open ([`Store::insert_open`]).
    pub fn is_open(&self) -> bool {
        self.bulk.is_some()
    }

    /// Commits the open bulk transaction, if one is open.
    pub fn commit_open(&mut self) -> Result<()> {
        let Some(began) = self.bulk else {
            return Ok(());
        };
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            self.rollback_open();
            return Err(e.into());
        }
        self.bulk = None;
        self.committed = (began.elapsed() >= WRITE_BUDGET).then(Instant::now);
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    /// Begins the bulk transaction, after giving another writer its [`TURN`].
    fn begin_open(&mut self) -> Result<Instant> {
        if let Some(wait) = self.committed.and_then(|t| TURN.checked_sub(t.elapsed())) {
            std::thread::sleep(wait);
        }
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        // other writers may have changed the entities since the last transaction
        self.resolver.clear();
        if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            self.conn.pragma_update(None, "foreign_keys", "ON")?;
            return Err(self.busy(e.into()));
        }
        let began = Instant::now();
        self.bulk = Some(began);
        Ok(began)
    }

    /// Rolls the open bulk transaction back (after an error: SQLite may have done so already).
    fn rollback_open(&mut self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.bulk = None;
        let _ = self.conn.pragma_update(None, "foreign_keys", "ON");
    }

    /// Writes one long article of its stretches, held in `spill`, in one
    /// transaction: a stretch's findings are read back and written before the next is read.
    pub fn insert_spilled(
        &mut self,
        article: &Article,
        spill: &mut Spill,
        extractor: &str,
    ) -> Result<Inserted> {
        self.commit_open()?;
        self.begin_open()?;
        let written = insert_article_tx(&self.conn, article, None).and_then(|outcome| {
            if let Inserted::New(id) = outcome {
                spill.replay(|found| {
                    let (resolver, found) = (&mut self.resolver, (&found, None));
                    insert_extraction_tx(&self.conn, id, found, extractor, resolver, Rows::New)
                })?;
            }
            Ok(outcome)
        });
        match written {
            Ok(outcome) => self.commit_open().map(|()| outcome),
            Err(e) => {
                self.rollback_open();
                Err(e)
            }
        }
    }

    /// Writes one article and its extraction.
    pub fn insert_article(
        &mut self,
        article: &Article,
        extraction: &Extraction,
        extractor: &str,
    ) -> Result<Inserted> {
        let item = BatchItem {
            article: article.clone(),
            extraction: extraction.clone(),
            indexed: None,
        };
        let outcomes = self.insert_batch(std::slice::from_ref(&item), extractor)?;
        Ok(outcomes[0])
    }
}

/// Which stored entities an extracted name may be linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Matching {
    /// Any entity, by its name or any alias (ingest).
    All,
    /// During a re-extraction: built-in and curated entities, and what this run has extracted
    /// so far (the `temp.reextract_*` tables); what older rules extracted is ignored, as if it
    /// were gone already (it is, at the end of the run).
    ThisRun,
}

/// Inserts one article and what was extracted from it, unless it is stored already.
fn insert_item(
    tx: &Connection,
    resolver: &mut Resolver,
    item: &BatchItem,
    extractor: &str,
) -> Result<Inserted> {
    let indexed = item.indexed.as_ref();
    let outcome = insert_article_tx(tx, &item.article, indexed)?;
    if let Inserted::New(id) = outcome {
        let found = (&item.extraction, indexed.map(|i| &i.contents[..]));
        insert_extraction_tx(tx, id, found, extractor, resolver, Rows::New)?;
    }
    Ok(outcome)
}

/// Inserts the article row and its FTS entry (of `indexed`, or made here), or reports the
/// existing row with the same hash.
fn insert_article_tx(
    tx: &Connection,
    article: &Article,
    indexed: Option<&Indexed>,
) -> Result<Inserted> {
    let hash = match indexed {
        Some(i) => i.hash.clone(),
        None => article.content_hash(),
    };
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?
        .query_row([&hash], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(Inserted::Duplicate(id));
    }
    tx.prepare_cached(
        "INSERT INTO articles (title, published, section, source, author, url, body, path,
                               content_hash, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        article.title,
        article.published.map(|d| d.to_string()),
        article.section,
        article.source,
        article.author,
        article.url,
        article.body,
        article.path,
        hash,
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    ])?;
    let id = tx.last_insert_rowid();
    let mut fts =
        tx.prepare_cached("INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?;
    match indexed {
        Some(i) => fts.execute(params![id, i.title, i.body])?,
        None => fts.execute(params![
            id,
            index_text(article.title.as_deref().unwrap_or("")),
            index_text(&article.body)
        ])?,
    };
    Ok(Inserted::New(id))
}

/// Writes entities, mentions, statements and what each statement is about for one article:
/// `found` is the extraction and, when they were made already, the full-text forms of its
/// statements' contents.
pub(super) fn insert_extraction_tx(
    tx: &Connection,
    article_id: i64,
    (extraction, contents): (&Extraction, Option<&[String]>),
    extractor: &str,
    resolver: &mut Resolver,
    rows: Rows<'_>,
) -> Result<()> {
    let mut ids = Vec::with_capacity(extraction.entities.len());
    for entity in &extraction.entities {
        ids.push(resolver.resolve_tx(tx, entity)?);
    }
    let entity_id = |i: usize| ids.get(i).copied();

    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (article_id, entity_id, start, end, surface) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for m in &extraction.mentions {
        if let Some(id) = entity_id(m.entity) {
            mention.execute(params![
                article_id,
                id,
                m.start as i64,
                m.end as i64,
                m.surface
            ])?;
        }
    }

    let mut fts =
        tx.prepare_cached("INSERT INTO statements_fts (rowid, content) VALUES (?1, ?2)")?;
    let mut about = tx.prepare_cached(
        "INSERT OR IGNORE INTO statement_entities (statement_id, entity_id) VALUES (?1, ?2)",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO statements (article_id, speaker_id, surface, surface_norm, role, org_id, verb,
                                 verb_text, negated, content, quote, said_on, start, end,
                                 in_headline, extractor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (i, s) in extraction.statements.iter().enumerate() {
        let values = params![
            article_id,
            s.speaker.and_then(entity_id),
            s.surface,
            s.surface.as_deref().map(normalize),
            s.role,
            s.org.and_then(entity_id),
            s.verb.as_str(),
            s.verb_text,
            s.negated,
            s.content,
            s.quote,
            s.said_on.map(|d| d.to_string()),
            s.start as i64,
            s.end as i64,
            s.in_headline,
            extractor,
        ];
        let reused = match rows {
            Rows::New => None,
            Rows::Reuse(ids) => ids.get(i).copied(),
        };
        match reused {
            None => insert.execute(values)?,
            Some(id) => {
                let mut values = values.to_vec();
                values.push(&id);
                tx.prepare_cached(
                    "UPDATE statements SET speaker_id = ?2, surface = ?3, surface_norm = ?4,
                            role = ?5, org_id = ?6, verb = ?7, verb_text = ?8, negated = ?9,
                            content = ?10, quote = ?11, said_on = ?12, start = ?13, end = ?14,
                            in_headline = ?15, extractor = ?16
                     WHERE id = ?17 AND article_id = ?1",
                )?
                .execute(&*values)?
            }
        };
        let statement_id = match reused {
            // the content is as it was, and so is its full-text entry
            Some(id) => id,
            None => {
                let id = tx.last_insert_rowid();
                match contents.and_then(|c| c.get(i)) {
                    Some(text) => fts.execute(params![id, text])?,
                    None => fts.execute(params![id, index_text(&s.content)])?,
                };
                id
            }
        };
        for &e in &s.about {
            if let Some(id) = entity_id(e) {
                about.execute(params![statement_id, id])?;
            }
        }
    }
    Ok(())
}

/// Where the statements of an article are written.
#[derive(Debug, Clone, Copy)]
pub(super) enum Rows<'a> {
    /// Into new rows, with new full-text entries.
    New,
    /// Into these rows of the article, one a statement in order: a re-extraction that found
    /// the same contents in the same order as before, so ids (in text order) and full-text
    /// entries stay.
    Reuse(&'a [i64]),
}

/// Links extracted names to stored entities, in one transaction: which entities they may be
/// linked to, and, for an ingest, what the transaction has linked already.
///
/// Within a transaction only its own writes change the entities, and an ingest only adds
/// entities and aliases: a name links to the same entity again unless an entity or alias of
/// that name was written since (which may be a better match), so the links found are kept
/// until then, and the aliases known to be stored are not written again. A re-extraction
/// ([`Matching::ThisRun`]) keeps nothing: what it may link to grows in other ways.
#[derive(Debug)]
pub(super) struct Resolver {
    matching: Matching,
    /// `None` when nothing is kept.
    kept: Option<Kept>,
}

/// What a [`Resolver`] keeps of its transaction.
#[derive(Debug, Default)]
struct Kept {
    /// The entity a kind and normalised name linked to.
    links: HashMap<(EntityKind, String), i64>,
    /// Aliases stored: (entity, normalised alias).
    aliases: HashSet<(i64, String)>,
}

impl Resolver {
    /// A resolver for `matching`; it keeps what it links for [`Matching::All`].
    pub(super) fn new(matching: Matching) -> Self {
        let kept = (matching == Matching::All).then(Kept::default);
        Resolver { matching, kept }
    }

    /// Forgets what was kept: for a new transaction, after which other writers may have
    /// changed the entities.
    pub(super) fn clear(&mut self) {
        if let Some(kept) = &mut self.kept {
            kept.links.clear();
            kept.aliases.clear();
        }
    }

    /// Finds the entity an extracted name refers to, or creates it as `extracted`.
    ///
    /// A match is an entity whose normalised name or alias equals the extracted name (or one
    /// of its aliases, for organisations and places); the same kind is preferred, then
    /// curated entities over extracted ones. The forms the article used become aliases of the
    /// match.
    fn resolve_tx(&mut self, tx: &Connection, entity: &EntityRef) -> Result<i64> {
        let key = (entity.kind, normalize(&entity.name));
        let id = match self.kept.as_ref().and_then(|k| k.links.get(&key)).copied() {
            Some(id) => id,
            None => self.find_or_create_tx(tx, entity, key)?,
        };
        let this_run = self.matching == Matching::ThisRun;
        for form in std::iter::once(&entity.name).chain(&entity.aliases) {
            let form = form.trim();
            let stored = (id, normalize(form));
            if self
                .kept
                .as_ref()
                .is_some_and(|k| k.aliases.contains(&stored))
            {
                continue;
            }
            let norm = stored.1.as_str();
            if add_normalized_alias_tx(tx, id, form, norm, Origin::Extracted)? {
                self.forget(norm);
            }
            if this_run {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO temp.reextract_aliases (entity_id, alias_norm) VALUES (?1, ?2)",
                )?
                .execute(params![id, norm])?;
            }
            if let Some(kept) = &mut self.kept {
                kept.aliases.insert(stored);
            }
        }
        if this_run {
            tx.prepare_cached("INSERT OR IGNORE INTO temp.reextract_entities (id) VALUES (?1)")?
                .execute([id])?;
        }
        Ok(id)
    }

    /// The best stored match for `key` (its kind and normalised name), kept for the rest of
    /// the transaction; or a new `extracted` entity when nothing matches.
    fn find_or_create_tx(
        &mut self,
        tx: &Connection,
        entity: &EntityRef,
        key: (EntityKind, String),
    ) -> Result<i64> {
        if let Some(id) = find_matching_tx(tx, &key.1, entity.kind, self.matching)? {
            if let Some(kept) = &mut self.kept {
                kept.links.insert(key, id);
            }
            return Ok(id);
        }
        let (kind, name_norm) = (entity.kind.as_str(), &key.1);
        tx.prepare_cached(
            "INSERT INTO entities (kind, name, name_norm, origin) VALUES (?1, ?2, ?3, 'extracted')
             ON CONFLICT (kind, name_norm) DO NOTHING",
        )?
        .execute(params![kind, entity.name, name_norm])?;
        self.forget(name_norm);
        let id = tx
            .prepare_cached("SELECT id FROM entities WHERE kind = ?1 AND name_norm = ?2")?
            .query_row(params![kind, name_norm], |r| r.get(0))?;
        Ok(id)
    }

    /// Forgets the links of names normalised to `norm`: an entity or alias of that name was
    /// just written, and may be a better match.
    fn forget(&mut self, norm: &str) {
        if let Some(kept) = &mut self.kept {
            for kind in EntityKind::ALL {
                kept.links.remove(&(kind, norm.to_string()));
            }
        }
    }
}

/// The best entity whose name or alias normalises to `norm`.
pub(super) fn find_entity_tx(
    tx: &rusqlite::Connection,
    norm: &str,
    kind: EntityKind,
) -> Result<Option<i64>> {
    find_matching_tx(tx, norm, kind, Matching::All)
}

/// The best entity whose name or alias normalises to `norm`, among those `matching` allows.
fn find_matching_tx(
    tx: &rusqlite::Connection,
    norm: &str,
    kind: EntityKind,
    matching: Matching,
) -> Result<Option<i64>> {
    let sql = match matching {
        Matching::All => {
            "SELECT e.id, e.kind, e.origin
             FROM entities e
             WHERE e.name_norm = ?1
                OR e.id IN (SELECT entity_id FROM aliases WHERE alias_norm = ?1)"
        }
        Matching::ThisRun => {
            "SELECT e.id, e.kind, e.origin
             FROM entities e
             WHERE (e.origin != 'extracted' OR e.id IN (SELECT id FROM temp.reextract_entities))
               AND (e.name_norm = ?1
                    OR e.id IN (SELECT a.entity_id FROM aliases a
                                WHERE a.alias_norm = ?1
                                  AND (a.origin != 'extracted'
                                       OR EXISTS (SELECT 1 FROM temp.reextract_aliases r
                                                  WHERE r.entity_id = a.entity_id
                                                    AND r.alias_norm = a.alias_norm))))"
        }
    };
    let mut stmt = tx.prepare_cached(sql)?;
    let candidates = stmt
        .query_map([norm], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let rank = |(id, k, origin): &(i64, String, String)| {
        let origin_rank = match origin.as_str() {
            "user" => 0,
            "builtin" => 1,
            _ => 2,
        };
        (k != kind.as_str(), origin_rank, *id)
    };
    Ok(candidates.iter().min_by_key(|c| rank(c)).map(|c| c.0))
}

/// Adds an alias to an entity unless it already has that normalised form.
pub(super) fn add_alias_tx(
    tx: &rusqlite::Connection,
    entity_id: i64,
    alias: &str,
    origin: Origin,
) -> Result<bool> {
    let alias = alias.trim();
    add_normalized_alias_tx(tx, entity_id, alias, &normalize(alias), origin)
}

/// [`add_alias_tx`] of an alias already trimmed and normalised to `alias_norm`; true when
/// a row was written (a new alias, or an alias raised to `user`).
fn add_normalized_alias_tx(
    tx: &rusqlite::Connection,
    entity_id: i64,
    alias: &str,
    alias_norm: &str,
    origin: Origin,
) -> Result<bool> {
    if alias_norm.is_empty() {
        return Ok(false);
    }
    let changed = tx
        .prepare_cached(
            "INSERT INTO aliases (entity_id, alias, alias_norm, origin) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (entity_id, alias_norm) DO UPDATE SET origin = excluded.origin
               WHERE excluded.origin = 'user' AND aliases.origin != 'user'",
        )?
        .execute(params![entity_id, alias, alias_norm, origin.as_str()])?;
    Ok(changed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Statement, VerbClass};

    fn item(n: usize) -> BatchItem {
        let article = Article {
            body: format!("قال المتحدث إن الهدنة صامدة في اليوم {n}."),
            ..Article::default()
        };
        let extraction = Extraction {
            entities: vec![EntityRef {
                kind: EntityKind::Person,
                name: "سامر الخطيب".into(),
                aliases: Vec::new(),
            }],
            mentions: Vec::new(),
            statements: vec![Statement {
                speaker: Some(0),
                surface: Some("سامر الخطيب".into()),
                role: None,
                org: None,
                verb: VerbClass::Said,
                verb_text: "قال".into(),
                negated: false,
                content: article.body.clone(),
                quote: None,
                said_on: None,
                date_explicit: false,
                start: 0,
                end: article.body.chars().count(),
                in_headline: false,
                about: Vec::new(),
            }],
        };
        let indexed =
            (n % 2 == 0).then(|| Indexed::of(&article, &extraction, article.content_hash()));
        BatchItem {
            article,
            extraction,
            indexed,
        }
    }

    fn count(path: &std::path::Path, sql: &str) -> i64 {
        let conn = Connection::open(path).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// An article in which `names[0]` (with the other names as its aliases) says something.
    fn said_by(n: usize, names: &[&str]) -> BatchItem {
        let mut item = self::item(n);
        item.extraction.entities[0].name = names[0].into();
        item.extraction.entities[0].aliases = names[1..].iter().map(|&a| a.into()).collect();
        item
    }

    #[test]
    fn a_name_links_anew_once_an_alias_of_it_is_written_in_the_same_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        let mut store = Store::open(&path).unwrap();
        store
            .add_entity(EntityKind::Person, "سامر الخطيب", &[])
            .unwrap();
        let items = [
            // no entity is named so: one is made
            said_by(1, &["الخطيب"]),
            said_by(2, &["الخطيب"]),
            // the curated entity gets the short name as an alias …
            said_by(3, &["سامر الخطيب", "الخطيب"]),
            // … and is the better match for it from then on
            said_by(4, &["الخطيب"]),
        ];
        let hour = Duration::from_secs(3600);
        let written = store.insert_open(&items, "v1", hour).unwrap();
        assert_eq!(written.len(), 4);
        store.commit_open().unwrap();
        let speakers: Vec<String> = {
            let mut stmt = store
                .conn
                .prepare(
                    "SELECT e.name || '/' || e.origin FROM statements s
                     JOIN entities e ON e.id = s.speaker_id ORDER BY s.id",
                )
                .unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        assert_eq!(
            speakers,
            [
                "الخطيب/extracted",
                "الخطيب/extracted",
                "سامر الخطيب/user",
                "سامر الخطيب/user"
            ]
        );
        let aliases = "SELECT count(*) FROM aliases a JOIN entities e ON e.id = a.entity_id
                       WHERE e.name = 'الخطيب'";
        assert_eq!(count(&path, aliases), 1);
    }

    #[test]
    fn an_open_transaction_spans_calls_until_committed_and_checks_foreign_keys_again_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.sqlite");
        let mut store = Store::open(&path).unwrap();
        let items: Vec<BatchItem> = (0..4).map(item).collect();
        let hour = Duration::from_secs(3600);
        let first = store.insert_open(&items[..2], "v1", hour).unwrap();
        let second = store.insert_open(&items[2..], "v1", hour).unwrap();
        assert_eq!((first.len(), second.len()), (2, 2));
        assert!(store.is_open());
        // another connection sees nothing yet
        assert_eq!(count(&path, "SELECT count(*) FROM articles"), 0);
        store.commit_open().unwrap();
        assert!(!store.is_open());
        assert_eq!(count(&path, "SELECT count(*) FROM articles"), 4);
        assert_eq!(
            count(
                &path,
                "SELECT count(*) FROM entities WHERE name = 'سامر الخطيب'"
            ),
            1
        );
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        assert!(
            store.check().unwrap().is_empty(),
            "integrity and foreign keys hold"
        );
        // the full-text forms made by the extracting thread and by the writer are the same
        let term = index_text("الهدنة");
        let matches =
            format!("SELECT count(*) FROM statements_fts WHERE statements_fts MATCH '{term}'");
        assert_eq!(count(&path, &matches), 4);
        // a spent budget commits at the end of the call, after one article at least
        let again: Vec<BatchItem> = (4..6).map(item).collect();
        let written = store.insert_open(&again, "v1", Duration::ZERO).unwrap();
        assert_eq!(written.len(), 1);
        assert!(!store.is_open());
        assert_eq!(count(&path, "SELECT count(*) FROM articles"), 5);
    }
}
