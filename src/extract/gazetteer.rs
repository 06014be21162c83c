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
    /// Each entity's name, normalised.
    name_norms: Vec<String>,
    /// First word, bare or with each clitic it can carry (جيش، وجيش، بجيش، لجيش …) →
    /// (clitic rank, all words, entity): bare first, then in the order of [`clitic_variants`],
    /// longest first within a rank. One lookup per token finds every name it can start.
    index: HashMap<String, Vec<Entry>, super::vocab::Fnv>,
    /// The last two letters of every first word indexed: a word that ends otherwise starts no
    /// name, with or without its clitics (which only ever come first).
    tails: std::collections::HashSet<u64, super::vocab::Fnv>,
    /// Whether the index holds the cliticised forms too (one lookup per token, a larger index:
    /// for the gazetteer, built once), or only bare first words (the article's own names,
    /// rebuilt as it is read).
    with_clitics: bool,
}

/// One indexed form: the rank of the clitic before its first word (0 for none), its words, the
/// entity.
type Entry = (u8, Vec<String>, usize);

impl Matcher {
    /// A matcher over `entities` (later entries with a name already known are merged in).
    pub fn new(entities: Vec<EntityRef>) -> Matcher {
        let mut m = Matcher::default();
        for e in entities {
            m.add(e);
        }
        m
    }

    /// A matcher over `entities` whose index also holds every cliticised first word, so that
    /// [`Matcher::at`] takes one lookup per token: for large lists read against many texts.
    pub fn with_clitics(entities: Vec<EntityRef>) -> Matcher {
        let mut m = Matcher {
            with_clitics: true,
            ..Matcher::default()
        };
        for e in entities {
            m.add(e);
        }
        m
    }

    /// A matcher over the forms of a table of entities already normalised: each form leads to the
    /// entity of the same index.
    pub fn from_forms<'a>(
        entities: Vec<EntityRef>,
        forms: impl Iterator<Item = (&'a str, usize)>,
    ) -> Matcher {
        let mut m = Matcher {
            name_norms: entities.iter().map(|e| normalize(&e.name)).collect(),
            entities,
            ..Matcher::default()
        };
        for (norm, idx) in forms {
            m.index_form(norm, idx);
        }
        m
    }

    /// Adds an entity whose name and aliases come normalised in `norms` (the name first), or
    /// merges them into the known entity of that name.
    pub fn add_normalized(&mut self, entity: EntityRef, norms: &[String]) -> usize {
        let Some(name_norm) = norms.first() else {
            return self.add(entity);
        };
        let idx = match self.find(name_norm) {
            Some(i) if self.entities[i].kind == entity.kind => i,
            _ => {
                self.entities.push(entity);
                self.name_norms.push(name_norm.clone());
                self.entities.len() - 1
            }
        };
        for norm in norms {
            self.index_form(norm, idx);
        }
        idx
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
                self.name_norms.push(name_norm.clone());
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
        self.tails.insert(tail(&first));
        let forms = if self.with_clitics {
            cliticised_forms(&first)
        } else {
            vec![(0, first)]
        };
        for (rank, key) in forms {
            let list = self.index.entry(key).or_default();
            if !list
                .iter()
                .any(|(r, w, i)| *r == rank && *w == words && *i == idx)
            {
                list.push((rank, words.clone(), idx));
                list.sort_by_key(|(r, w, _)| (*r, std::cmp::Reverse(w.len())));
            }
        }
    }

    /// The normalised name of entity `i`.
    pub fn name_norm(&self, i: usize) -> &str {
        self.name_norms.get(i).map_or("", String::as_str)
    }

    /// The entity whose normalised name or alias is exactly `norm`.
    pub fn find(&self, norm: &str) -> Option<usize> {
        let first = norm.split(' ').next()?;
        let n = norm.split(' ').count();
        self.index.get(first)?.iter().find_map(|(r, w, i)| {
            (*r == 0 && w.len() == n && w.iter().map(String::as_str).eq(norm.split(' ')))
                .then_some(*i)
        })
    }

    /// The longest known name starting at token `i` of `doc`, its first word bare before
    /// cliticised (وجيش الإسلام، بالغوطة، للأمم المتحدة).
    pub fn at(&self, doc: &Doc, i: usize) -> Option<Hit> {
        let first = doc.toks.get(i).filter(|t| t.is_word())?;
        if self.with_clitics {
            return self.longest(doc, i, first.norm.as_str());
        }
        if !self.tails.contains(&tail(&first.norm)) {
            return None;
        }
        clitic_variants(&first.norm).find_map(|head| self.longest(doc, i, head.as_ref()))
    }

    /// The longest name indexed under `key` whose other words follow token `i`.
    fn longest(&self, doc: &Doc, i: usize, key: &str) -> Option<Hit> {
        let list = self.index.get(key)?;
        list.iter().find_map(|(_, words, entity)| {
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

/// The last two letters of a word, packed.
fn tail(word: &str) -> u64 {
    let mut rev = word.chars().rev();
    let last = rev.next().map_or(0, u64::from);
    let before = rev.next().map_or(0, u64::from);
    (before << 32) | last
}

/// The forms a first word takes with the clitics [`clitic_variants`] strips, each with its rank
/// in that order: جيش → جيش (0), وبجيش (1) … كجيش (7), لجيش (9); الامم → … للامم، وللامم (8).
fn cliticised_forms(word: &str) -> Vec<(u8, String)> {
    let with = |p: &str, w: &str| {
        let mut s = String::with_capacity(p.len() + w.len());
        s.push_str(p);
        s.push_str(w);
        s
    };
    let mut out = vec![(0, word.to_string())];
    if word.chars().count() >= 2 {
        for (rank, p) in (1u8..).zip(["وب", "ول", "وك", "و", "ف", "ب", "ك"]) {
            out.push((rank, with(p, word)));
        }
    }
    if let Some(rest) = word.strip_prefix("ال") {
        out.push((8, with("لل", rest)));
        out.push((8, with("ولل", rest)));
    }
    if !word.starts_with('ل') && word.chars().count() >= 2 {
        out.push((9, with("ل", word)));
    }
    out
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
        for m in [Matcher::new(builtin()), Matcher::with_clitics(builtin())] {
            finds_the_longest_name_through_clitics(&m);
        }
    }

    fn finds_the_longest_name_through_clitics(m: &Matcher) {
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
