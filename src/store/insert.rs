//! Writing articles and what was extracted from them: one transaction per batch.
//!
//! The content hash makes re-ingesting an article a no-op. Extracted entities are linked to
//! existing rows through their normalised names and aliases, never duplicated.

use super::Store;
use crate::error::Result;
use crate::model::{Article, EntityKind, EntityRef, Extraction, Origin};
use crate::text::{index_text, normalize};
use rusqlite::{OptionalExtension, Transaction, params};

/// One article and what extraction found in it, ready to be written.
#[derive(Debug, Clone)]
pub struct BatchItem {
    pub article: Article,
    pub extraction: Extraction,
}

/// What happened to one article of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored under this article id.
    New(i64),
    /// Already in the store under this id (same content hash); nothing was written.
    Duplicate(i64),
}

impl Store {
    /// Writes a batch of articles and their extractions in one transaction.
    pub fn insert_batch(&mut self, items: &[BatchItem], extractor: &str) -> Result<Vec<Inserted>> {
        let tx = self.write_tx()?;
        let mut outcomes = Vec::with_capacity(items.len());
        for item in items {
            let outcome = match insert_article_tx(&tx, &item.article)? {
                Inserted::New(id) => {
                    insert_extraction_tx(&tx, id, &item.extraction, extractor)?;
                    Inserted::New(id)
                }
                duplicate => duplicate,
            };
            outcomes.push(outcome);
        }
        tx.commit()?;
        Ok(outcomes)
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
        };
        let outcomes = self.insert_batch(std::slice::from_ref(&item), extractor)?;
        Ok(outcomes[0])
    }

    /// Re-runs `extract` over every stored article in one transaction: statements, mentions and
    /// extracted entities are rebuilt; builtin and user-curated entities and aliases are kept.
    /// Returns the number of articles processed.
    pub fn reextract(
        &mut self,
        extractor: &str,
        mut extract: impl FnMut(&Article) -> Extraction,
    ) -> Result<usize> {
        let tx = self.write_tx()?;
        tx.execute_batch(
            "DELETE FROM statements_fts;
             DELETE FROM statement_entities;
             DELETE FROM statements;
             DELETE FROM mentions;
             DELETE FROM aliases WHERE origin = 'extracted';
             DELETE FROM entities WHERE origin = 'extracted';",
        )?;
        let articles = load_articles_tx(&tx)?;
        for (id, article) in &articles {
            let extraction = extract(article);
            insert_extraction_tx(&tx, *id, &extraction, extractor)?;
        }
        tx.commit()?;
        Ok(articles.len())
    }
}

fn load_articles_tx(tx: &Transaction) -> Result<Vec<(i64, Article)>> {
    let mut stmt = tx.prepare(
        "SELECT id, title, published, section, source, author, url, body, path
         FROM articles ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
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

/// Inserts the article row and its FTS entry, or reports the existing row with the same hash.
fn insert_article_tx(tx: &Transaction, article: &Article) -> Result<Inserted> {
    let hash = article.content_hash();
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM articles WHERE content_hash = ?1",
            [&hash],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(Inserted::Duplicate(id));
    }
    tx.execute(
        "INSERT INTO articles (title, published, section, source, author, url, body, path,
                               content_hash, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
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
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
        params![
            id,
            index_text(article.title.as_deref().unwrap_or("")),
            index_text(&article.body)
        ],
    )?;
    Ok(Inserted::New(id))
}

/// Writes entities, mentions, statements and what each statement is about for one article.
fn insert_extraction_tx(
    tx: &Transaction,
    article_id: i64,
    extraction: &Extraction,
    extractor: &str,
) -> Result<()> {
    let mut ids = Vec::with_capacity(extraction.entities.len());
    for entity in &extraction.entities {
        ids.push(resolve_entity_tx(tx, entity)?);
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

    let mut statement = tx.prepare_cached(
        "INSERT INTO statements (article_id, speaker_id, surface, surface_norm, role, org_id, verb,
                                 verb_text, negated, content, quote, said_on, start, end,
                                 in_headline, extractor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    let mut fts =
        tx.prepare_cached("INSERT INTO statements_fts (rowid, content) VALUES (?1, ?2)")?;
    let mut about = tx.prepare_cached(
        "INSERT OR IGNORE INTO statement_entities (statement_id, entity_id) VALUES (?1, ?2)",
    )?;
    for s in &extraction.statements {
        statement.execute(params![
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
        ])?;
        let statement_id = tx.last_insert_rowid();
        fts.execute(params![statement_id, index_text(&s.content)])?;
        for &e in &s.about {
            if let Some(id) = entity_id(e) {
                about.execute(params![statement_id, id])?;
            }
        }
    }
    Ok(())
}

/// Finds the entity an extracted name refers to, or creates it as `extracted`.
///
/// A match is an entity whose normalised name or alias equals the extracted name (or one of
/// its aliases, for organisations and places); the same kind is preferred, then curated
/// entities over extracted ones. The forms the article used become aliases of the match.
fn resolve_entity_tx(tx: &Transaction, entity: &EntityRef) -> Result<i64> {
    let name_norm = normalize(&entity.name);
    let id = match find_entity_tx(tx, &name_norm, entity.kind)? {
        Some(id) => id,
        None => {
            tx.execute(
                "INSERT INTO entities (kind, name, name_norm, origin) VALUES (?1, ?2, ?3, 'extracted')
                 ON CONFLICT (kind, name_norm) DO NOTHING",
                params![entity.kind.as_str(), entity.name, name_norm],
            )?;
            tx.query_row(
                "SELECT id FROM entities WHERE kind = ?1 AND name_norm = ?2",
                params![entity.kind.as_str(), name_norm],
                |r| r.get(0),
            )?
        }
    };
    add_alias_tx(tx, id, &entity.name, Origin::Extracted)?;
    for alias in &entity.aliases {
        add_alias_tx(tx, id, alias, Origin::Extracted)?;
    }
    Ok(id)
}

/// The best entity whose name or alias normalises to `norm`.
pub(super) fn find_entity_tx(
    tx: &rusqlite::Connection,
    norm: &str,
    kind: EntityKind,
) -> Result<Option<i64>> {
    let mut stmt = tx.prepare_cached(
        "SELECT e.id, e.kind, e.origin
         FROM entities e
         WHERE e.name_norm = ?1
            OR e.id IN (SELECT entity_id FROM aliases WHERE alias_norm = ?1)",
    )?;
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
    let alias_norm = normalize(alias);
    if alias_norm.is_empty() {
        return Ok(false);
    }
    let changed = tx.execute(
        "INSERT INTO aliases (entity_id, alias, alias_norm, origin) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (entity_id, alias_norm) DO UPDATE SET origin = excluded.origin
           WHERE excluded.origin = 'user' AND aliases.origin != 'user'",
        params![entity_id, alias, alias_norm, origin.as_str()],
    )?;
    Ok(changed > 0)
}
