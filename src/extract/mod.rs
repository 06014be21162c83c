//! Rule-based extraction of statements, speakers and entities from one article.
//!
//! ```text
//! body ──tokens──▶ Doc (words, quotes, sentences, code-point offsets)
//!      ──cues──▶ reporting words per sentence (lexicon: data/verbs.tsv)
//!      ──attribution──▶ raw statements: speaker phrase (speaker), content, quote, date frame
//!      ──coref──▶ speakers as entities (entities, gazetteer: data/entities.tsv)
//!      ──build──▶ Extraction { entities, mentions, statements }
//! ```
//!
//! The headline is read the same way after the body, so that "الكاظمي يعلن" finds the full name
//! the body gave. Nothing here touches the store or prints.

pub mod attribution;
mod build;
pub mod coref;
pub mod cues;
pub mod entities;
pub mod eval;
pub mod gazetteer;
pub mod lexicon;
pub mod speaker;
pub mod tokens;
mod vocab;

use crate::model::{Article, EntityRef, Extraction};
use gazetteer::Matcher;

/// The version of the extraction rules, stored with every statement they produce: the crate
/// version and a short hash of this folder's sources and data (build.rs), e.g. `0.1.0+3fa2c19e`,
/// so that it changes whenever a rule or a data file does.
pub const EXTRACTOR_VERSION: &str =
    concat!(env!("CARGO_PKG_VERSION"), "+", env!("QAWL_EXTRACTOR_HASH"));

/// The extractor, loaded with the entities it knows before reading an article.
pub struct Extractor {
    matcher: Matcher,
}

impl Extractor {
    /// An extractor that knows the built-in gazetteer and the given curated entities.
    pub fn new(known: Vec<EntityRef>) -> Self {
        let mut all = gazetteer::builtin();
        all.extend(known);
        Extractor {
            matcher: Matcher::with_clitics(all),
        }
    }

    /// An extractor that knows the given entities only, with the built-in gazetteer emptied:
    /// what the rules find from the text's own evidence (`qawl eval --no-gazetteer`).
    pub fn without_gazetteer(known: Vec<EntityRef>) -> Self {
        Extractor {
            matcher: Matcher::with_clitics(known),
        }
    }

    /// Finds the statements, entities and mentions of one article.
    pub fn extract(&self, article: &Article) -> Extraction {
        build::extract(&self.matcher, article)
    }
}

impl Default for Extractor {
    /// An extractor that knows the built-in gazetteer only.
    fn default() -> Self {
        Extractor::new(Vec::new())
    }
}
