//! The built-in gazetteer of common actors of Middle-East news, and the matcher that finds
//! known entities in a text.
//!
//! The data lives in `data/entities.tsv` (kind, name, aliases); [`builtin`] parses it. The
//! [`Matcher`] finds the longest known name or alias at a token, through the clitics و ف ب ل ك
//! (وجيش الإسلام، بالغوطة، للأمم المتحدة).

use super::tokens::Doc;
use crate::model::EntityRef;
use crate::text::normalize;
use std::collections::HashMap;

/// Version of the gazetteer data; stores reload it when this changes.
pub const VERSION: u32 = 2;

const DATA: &str = include_str!("data/entities.tsv");

/// The built-in entities with their aliases.
pub fn builtin() -> Vec<EntityRef> {
    DATA.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(parse_line)
        .collect()
}

fn parse_line(line: &str) -> Option<EntityRef> {
    let mut cols = line.split('\t');
    let kind = cols.next()?.trim().parse().ok()?;
    let name = cols.next()?.trim().to_string();
    if name.is_empty() {
        return None;
    }
    let aliases = cols
        .next()
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect();
    Some(EntityRef {
        kind,
        name,
        aliases,
    })
}

/// A known name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Matcher::entities`].
    pub entity: usize,
    /// Tokens `start..end` of the doc.
    pub start: usize,
    pub end: usize,
}

/// Finds known entities by their normalised names and aliases.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    pub entities: Vec<EntityRef>,
    /// First word → (all words, entity), longest first.
    index: HashMap<String, Vec<(Vec<String>, usize)>, super::vocab::Fnv>,
}

impl Matcher {
    /// A matcher over `entities` (later entries with a name already known are merged in).
    pub fn new(entities: Vec<EntityRef>) -> Matcher {
        let mut m = Matcher::default();
        for e in entities {
            m.add(e);
        }
        m
    }

    /// Adds an entity (or its aliases to the known entity of the same name); returns its index.
    pub fn add(&mut self, entity: EntityRef) -> usize {
        let name_norm = normalize(&entity.name);
        let idx = match self.find(&name_norm) {
            Some(i) if self.entities[i].kind == entity.kind => i,
            _ => {
                self.entities.push(EntityRef {
                    aliases: Vec::new(),
                    ..entity.clone()
                });
                self.entities.len() - 1
            }
        };
        self.index_form(&name_norm, idx);
        for alias in &entity.aliases {
            self.index_form(&normalize(alias), idx);
            if !self.entities[idx].aliases.contains(alias) && alias != &self.entities[idx].name {
                self.entities[idx].aliases.push(alias.clone());
            }
        }
        idx
    }

    fn index_form(&mut self, norm: &str, idx: usize) {
        let words: Vec<String> = norm.split(' ').map(String::from).collect();
        let Some(first) = words.first().filter(|w| !w.is_empty()).cloned() else {
            return;
        };
        let list = self.index.entry(first).or_default();
        if !list.iter().any(|(w, i)| *w == words && *i == idx) {
            list.push((words, idx));
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
    }

    /// The entity whose normalised name or alias is exactly `norm`.
    pub fn find(&self, norm: &str) -> Option<usize> {
        let first = norm.split(' ').next()?;
        let n = norm.split(' ').count();
        self.index.get(first)?.iter().find_map(|(w, i)| {
            (w.len() == n && w.iter().map(String::as_str).eq(norm.split(' '))).then_some(*i)
        })
    }

    /// The longest known name starting at token `i` of `doc`.
    pub fn at(&self, doc: &Doc, i: usize) -> Option<Hit> {
        let first = doc.toks.get(i).filter(|t| t.is_word())?;
        clitic_variants(&first.norm).find_map(|head| {
            let list = self.index.get(head.as_ref())?;
            list.iter().find_map(|(words, entity)| {
                let end = i + words.len();
                let rest_match = (1..words.len()).all(|k| {
                    doc.toks
                        .get(i + k)
                        .is_some_and(|t| t.is_word() && t.norm == words[k])
                });
                rest_match.then_some(Hit {
                    entity: *entity,
                    start: i,
                    end,
                })
            })
        })
    }

    /// The longest known name at every token of `doc` (see [`Matcher::at`]), looked up once so
    /// that the rules can ask again for free.
    pub fn hits(&self, doc: &Doc) -> Vec<Option<Hit>> {
        (0..doc.toks.len()).map(|i| self.at(doc, i)).collect()
    }

    /// Every known name in tokens `range`, left to right, longest first, not overlapping.
    pub fn scan(&self, doc: &Doc, range: std::ops::Range<usize>) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = range.start;
        while i < range.end.min(doc.toks.len()) {
            match self.at(doc, i).filter(|h| h.end <= range.end) {
                Some(hit) => {
                    hits.push(hit);
                    i = hit.end;
                }
                None => i += 1,
            }
        }
        hits
    }
}

/// The word itself, then without a clitic: وجيش → جيش، بالغوطه → الغوطه، للامم → الامم.
pub fn clitic_variants(norm: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let stripped = ["وب", "ول", "وك", "و", "ف", "ب", "ك"]
        .iter()
        .filter_map(move |p| norm.strip_prefix(p))
        .filter(|r| r.chars().count() >= 2)
        .map(Cow::Borrowed);
    let lil = norm
        .strip_prefix("لل")
        .or_else(|| norm.strip_prefix("ولل"))
        .map(|r| Cow::Owned(format!("ال{r}")));
    let li = norm
        .strip_prefix('ل')
        .filter(|r| !r.starts_with('ل') && r.chars().count() >= 2)
        .map(Cow::Borrowed);
    std::iter::once(Cow::Borrowed(norm))
        .chain(stripped)
        .chain(lil)
        .chain(li)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_gazetteer_is_large_and_well_formed() {
        let all = builtin();
        assert!(all.len() >= 150, "{}", all.len());
        let names: Vec<&str> = all.iter().map(|e| e.name.as_str()).collect();
        for n in [
            "جيش الإسلام",
            "فيلق الرحمن",
            "نظام الأسد",
            "مركز المصالحة",
            "الغوطة الشرقية",
        ] {
            assert!(names.contains(&n), "{n}");
        }
        let assad = all.iter().find(|e| e.name == "نظام الأسد").unwrap();
        assert!(assad.aliases.iter().any(|a| a == "قوات الأسد"));
    }

    #[test]
    fn the_matcher_finds_the_longest_name_through_clitics() {
        let m = Matcher::new(builtin());
        let doc = Doc::new("قصفت قوات الأسد بلدات الغوطة الشرقية وجيش الإسلام يرد");
        let hits = m.scan(&doc, 0..doc.toks.len());
        let names: Vec<&str> = hits
            .iter()
            .map(|h| m.entities[h.entity].name.as_str())
            .collect();
        assert_eq!(names, ["نظام الأسد", "الغوطة الشرقية", "جيش الإسلام"]);
        assert_eq!((hits[1].start, hits[1].end), (4, 6));
    }

    #[test]
    fn ordinary_words_are_not_entities() {
        let m = Matcher::new(builtin());
        let doc = Doc::new("قال إن الوضع صعب جدا");
        assert!(m.scan(&doc, 0..doc.toks.len()).is_empty());
    }
}
