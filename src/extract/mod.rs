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
use std::ops::ControlFlow;

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
    ///
    /// A body longer than [`CHUNK_BYTES`] is read a stretch of paragraphs at a time, so that
    /// time and memory grow with its length and no more: back-references reach within a
    /// stretch, which is longer than any article. The stretches' findings are merged into one
    /// list of entities; [`Extractor::extract_stretches`] gives them one at a time instead.
    pub fn extract(&self, article: &Article) -> Extraction {
        if !is_long(article) {
            return build::extract(&self.matcher, article);
        }
        let mut merged = Merged::default();
        self.extract_stretches(article, |x| {
            merged.add(x);
            ControlFlow::Continue(())
        });
        merged.out
    }

    /// Gives `each` what every stretch of the body holds, in order, with offsets into the whole
    /// body and entities of its own (the first stretch reads the headline too); stops when
    /// `each` says so. What one stretch holds is small whatever the article's length, so a
    /// caller that writes each one away holds no more than a stretch's findings at a time.
    pub fn extract_stretches(
        &self,
        article: &Article,
        mut each: impl FnMut(Extraction) -> ControlFlow<()>,
    ) {
        let mut offset = 0; // code points of the body before this stretch
        for (k, stretch) in stretches(&article.body, CHUNK_BYTES).enumerate() {
            let part = Article {
                title: if k == 0 { article.title.clone() } else { None },
                published: article.published,
                body: stretch.to_string(),
                ..Article::default()
            };
            let mut x = build::extract(&self.matcher, &part);
            for m in &mut x.mentions {
                m.start += offset;
                m.end += offset;
            }
            for s in x.statements.iter_mut().filter(|s| !s.in_headline) {
                s.start += offset;
                s.end += offset;
            }
            if each(x).is_break() {
                return;
            }
            offset += stretch.chars().count();
        }
    }
}

/// True when `article`'s body is read in more than one stretch ([`CHUNK_BYTES`]).
pub fn is_long(article: &Article) -> bool {
    article.body.len() > CHUNK_BYTES
}

/// The longest body read in one piece, in bytes.
pub const CHUNK_BYTES: usize = 1 << 20;

/// The body cut into stretches of about `size` bytes, at paragraph breaks where there are
/// some (else at line breaks, else at a space), every byte in exactly one stretch.
fn stretches(body: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = body;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() <= size {
            return Some(std::mem::take(&mut rest));
        }
        let mut limit = size;
        while !rest.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &rest[..limit];
        let cut = window
            .rfind("\n\n")
            .map(|i| i + 2)
            .or_else(|| window.rfind('\n').map(|i| i + 1))
            .or_else(|| window.rfind(' ').map(|i| i + 1))
            .filter(|&i| i > 0)
            .unwrap_or(limit);
        let (head, tail) = rest.split_at(cut);
        rest = tail;
        Some(head)
    })
}

/// The extractions of an article's stretches as one: one entity per kind and normalised name.
#[derive(Default)]
struct Merged {
    out: Extraction,
    index: std::collections::HashMap<(crate::model::EntityKind, String), usize>,
}

impl Merged {
    fn add(&mut self, x: Extraction) {
        let map: Vec<usize> = x.entities.into_iter().map(|e| self.entity(e)).collect();
        let to = |i: usize| map[i];
        for mut m in x.mentions {
            m.entity = to(m.entity);
            self.out.mentions.push(m);
        }
        for mut s in x.statements {
            s.speaker = s.speaker.map(to);
            s.org = s.org.map(to);
            s.about = s.about.into_iter().map(to).collect();
            self.out.statements.push(s);
        }
    }

    fn entity(&mut self, e: EntityRef) -> usize {
        // the stretches of one article read one name alike
        let key = (e.kind, crate::text::normalize(&e.name));
        if let Some(&i) = self.index.get(&key) {
            let have = &mut self.out.entities[i];
            for a in e.aliases {
                if !have.aliases.contains(&a) {
                    have.aliases.push(a);
                }
            }
            return i;
        }
        self.out.entities.push(e);
        self.index.insert(key, self.out.entities.len() - 1);
        self.out.entities.len() - 1
    }
}

impl Default for Extractor {
    /// An extractor that knows the built-in gazetteer only.
    fn default() -> Self {
        Extractor::new(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `QAWL_TEXT='…' cargo test --lib debug_extract -- --nocapture`: what the rules find in a
    /// text with the gazetteer emptied, entity by entity and statement by statement.
    #[test]
    fn debug_extract() {
        let Ok(body) = std::env::var("QAWL_TEXT") else {
            return;
        };
        let article = Article {
            body,
            ..Article::default()
        };
        let out = Extractor::without_gazetteer(Vec::new()).extract(&article);
        for (i, e) in out.entities.iter().enumerate() {
            println!("entity {i}: {:?} {} {:?}", e.kind, e.name, e.aliases);
        }
        for s in &out.statements {
            println!(
                "{:?} surface={:?} role={:?} org={:?} {:?} | {}",
                s.speaker, s.surface, s.role, s.org, s.verb, s.content
            );
        }
    }

    #[test]
    fn stretches_cover_the_body_and_cut_at_paragraphs() {
        let body = "قال الوزير إن الطريق مفتوح.\n\n".repeat(100);
        let parts: Vec<&str> = stretches(&body, 200).collect();
        assert_eq!(parts.concat(), body);
        assert!(parts.len() > 5);
        assert!(parts[..parts.len() - 1].iter().all(|p| p.ends_with("\n\n")));
        let one_line = "كلمة ".repeat(100);
        assert_eq!(
            stretches(&one_line, 64).collect::<Vec<_>>().concat(),
            one_line
        );
        let no_space = "ب".repeat(100);
        assert_eq!(
            stretches(&no_space, 33).collect::<Vec<_>>().concat(),
            no_space
        );
    }

    #[test]
    fn a_long_body_read_in_stretches_finds_what_its_paragraphs_say() {
        let paragraph =
            "وقال المتحدث باسم البلدية سليم حداد إن المياه عادت إلى الأحياء الشرقية.\n\n";
        let times = CHUNK_BYTES / paragraph.len() * 3;
        let article = Article {
            body: paragraph.repeat(times),
            ..Article::default()
        };
        let x = Extractor::default().extract(&article);
        assert_eq!(x.statements.len(), times);
        let people: Vec<&EntityRef> = x
            .entities
            .iter()
            .filter(|e| e.name == "سليم حداد")
            .collect();
        assert_eq!(people.len(), 1, "one person across the stretches");
        let chars: Vec<char> = article.body.chars().collect();
        for s in &x.statements {
            let sentence: String = chars[s.start..s.end].iter().collect();
            assert!(sentence.starts_with("وقال المتحدث"), "{sentence}");
        }
    }
}
