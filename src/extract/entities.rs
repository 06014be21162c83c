//! The entities of one article: every form a name takes, gathered under its fullest form.
//!
//! A form the gazetteer knows joins the gazetteer entity (قسد → قوات سوريا الديمقراطية); a
//! surname or partial name joins the fuller name met earlier (علوان → وائل علوان), and a fuller
//! name met later takes over as the name (بيرقدار, then حمزة بيرقدار). Spelling variants are
//! compared normalised (احمد = أحمد، المفوضيه = المفوضية).

use super::gazetteer::Matcher;
use crate::model::{EntityKind, EntityRef};
use crate::text::normalize;
use std::collections::HashMap;

/// The article's entities and the normalised forms that lead to them.
#[derive(Debug, Default)]
pub struct Table {
    pub refs: Vec<EntityRef>,
    forms: HashMap<String, usize>,
    /// The gazetteer entity each one is, if any.
    known: Vec<Option<usize>>,
    /// Each one's name, normalised.
    name_norm: Vec<String>,
    /// Each one's aliases, normalised (beside `refs[i].aliases`).
    alias_norm: Vec<Vec<String>>,
}

impl Table {
    /// The entity a surface names, created if new; the surface becomes a name or alias.
    pub fn add(&mut self, kind: EntityKind, surface: &str, global: &Matcher) -> Option<usize> {
        let surface = clean_name(surface);
        self.add_normalized(kind, &surface, normalize(&surface), global)
    }

    /// [`Table::add`] with the surface's normalised form already at hand (from its tokens).
    pub fn add_normalized(
        &mut self,
        kind: EntityKind,
        surface: &str,
        norm: String,
        global: &Matcher,
    ) -> Option<usize> {
        let cleaned = clean_name(surface);
        let surface = cleaned.as_str();
        let norm = split_compounds(&norm);
        if norm.is_empty() {
            return None;
        }
        // a form met before was recorded then: nothing more to learn from it
        if let Some(&idx) = self.forms.get(&norm) {
            return Some(idx);
        }
        let idx = self
            .by_gazetteer(&norm, global)
            .or_else(|| {
                (kind == EntityKind::Person)
                    .then(|| self.by_partial_name(&norm))
                    .flatten()
            })
            .or_else(|| {
                (kind == EntityKind::Org)
                    .then(|| self.by_org_prefix(&norm))
                    .flatten()
            })
            .or_else(|| self.by_name_after_head(&norm))
            .unwrap_or_else(|| self.create(kind, surface, global.find(&norm)));
        let canonical = self.known[idx].map(|g| global.name_norm(g));
        self.record(idx, surface, norm, canonical);
        if let Some(g) = self.known[idx] {
            self.expand_to_canonical(idx, &global.entities[g].name, global.name_norm(g));
        }
        Some(idx)
    }

    /// Every normalised form met, with the entity it leads to.
    pub fn forms(&self) -> impl Iterator<Item = (&str, usize)> {
        self.forms.iter().map(|(f, &i)| (f.as_str(), i))
    }

    /// The entity already known under this exact normalised form.
    pub fn get(&self, surface: &str) -> Option<usize> {
        self.get_normalized(&normalize(surface))
    }

    /// The entity already known under the normalised form `norm`.
    pub fn get_normalized(&self, norm: &str) -> Option<usize> {
        self.forms.get(split_compounds(norm).as_str()).copied()
    }

    fn by_gazetteer(&self, norm: &str, global: &Matcher) -> Option<usize> {
        let g = global.find(norm)?;
        self.known.iter().position(|k| *k == Some(g))
    }

    /// A person whose name contains these words in order (علوان in وائل علوان), or whose name
    /// these words contain (a fuller form met later).
    fn by_partial_name(&self, norm: &str) -> Option<usize> {
        let words: Vec<&str> = norm.split(' ').collect();
        let mut theirs: Vec<&str> = Vec::with_capacity(8);
        (0..self.refs.len()).rev().find(|&i| {
            let e = &self.refs[i];
            e.kind == EntityKind::Person && {
                theirs.clear();
                theirs.extend(self.name_norm[i].split(' '));
                contains_run(&theirs, &words)
                    || (contains_run(&words, &theirs)
                        && (theirs.len() >= 2 || words.last() == theirs.last()))
                    || drops_middle(&theirs, &words)
            }
        })
    }

    /// An organisation whose name opens with these words, or that these words open with, two
    /// words at least (المجلس العسكري ↔ المجلس العسكري الانتقالي, تجمع المهنيين ↔ تجمع المهنيين
    /// السودانيين); or, for a head word alone (التجمع), the latest organisation it heads.
    fn by_org_prefix(&self, norm: &str) -> Option<usize> {
        let words: Vec<&str> = norm.split(' ').collect();
        let head = super::vocab::bare(words[0]);
        let mut theirs: Vec<&str> = Vec::with_capacity(8);
        (0..self.refs.len()).rev().find(|&i| {
            let e = &self.refs[i];
            e.kind == EntityKind::Org && {
                theirs.clear();
                theirs.extend(self.name_norm[i].split(' '));
                let prefix = |a: &[&str], b: &[&str]| a.len() >= 2 && b.starts_with(a);
                prefix(&words, &theirs)
                    || prefix(&theirs, &words)
                    || (words.len() == 1
                        && words[0].starts_with("ال")
                        && super::vocab::is_org_head(words[0])
                        && theirs.len() >= 2
                        && super::vocab::bare(theirs[0]) == head)
            }
        })
    }

    /// An organisation named before with its head word, of which these words are the rest
    /// ("رويترز" after وكالة "رويترز", "الشرق الأوسط" after صحيفة الشرق الأوسط): the name alone
    /// is that organisation, whatever kind the phrase was read as.
    fn by_name_after_head(&self, norm: &str) -> Option<usize> {
        (0..self.refs.len()).rev().find(|&i| {
            self.refs[i].kind == EntityKind::Org
                && self.name_norm[i]
                    .split_once(' ')
                    .is_some_and(|(head, rest)| {
                        // وكالة "سانا" الرسمية: adjectives may close the name
                        let named = rest == norm
                            || rest.strip_prefix(norm).is_some_and(|adjectives| {
                                adjectives.starts_with(' ')
                                    && adjectives
                                        .split_whitespace()
                                        .all(super::vocab::is_adjective)
                            });
                        named && super::vocab::is_org_head(head)
                    })
        })
    }

    fn create(&mut self, kind: EntityKind, surface: &str, known: Option<usize>) -> usize {
        self.refs.push(EntityRef {
            kind,
            name: surface.to_string(),
            aliases: Vec::new(),
        });
        self.known.push(known);
        self.name_norm.push(split_compounds(&normalize(surface)));
        self.alias_norm.push(Vec::new());
        self.refs.len() - 1
    }

    /// Adds a surface to an entity: the longer of name and surface is the name. Of two forms
    /// with as many words, the gazetteer's name wins (قطر, not الدوحة).
    fn record(&mut self, idx: usize, surface: &str, norm: String, canonical: Option<&str>) {
        self.forms.insert(norm.clone(), idx);
        if self.name_norm[idx] == norm {
            return;
        }
        let e = &mut self.refs[idx];
        let words = |s: &str| s.split_whitespace().count();
        let letters = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let fuller = if canonical == Some(norm.as_str()) {
            words(surface) >= words(&e.name)
        } else if canonical == Some(self.name_norm[idx].as_str()) {
            words(surface) > words(&e.name)
        } else {
            letters(surface) > letters(&e.name)
        };
        let (alias, alias_norm) = if fuller {
            let old = std::mem::replace(&mut e.name, surface.to_string());
            let old_norm = std::mem::replace(&mut self.name_norm[idx], norm);
            (old, old_norm)
        } else {
            (surface.to_string(), norm)
        };
        self.push_alias(idx, alias, alias_norm);
    }

    /// Adds an alias to entity `idx` unless it is there already or is its name.
    fn push_alias(&mut self, idx: usize, alias: String, alias_norm: String) {
        let norms = &mut self.alias_norm[idx];
        let aliases = &mut self.refs[idx].aliases;
        if alias_norm != self.name_norm[idx] && !norms.contains(&alias_norm) {
            aliases.push(alias);
            norms.push(alias_norm);
        }
        // the name never stays an alias
        if let Some(k) = norms.iter().position(|n| *n == self.name_norm[idx]) {
            norms.remove(k);
            aliases.remove(k);
        }
    }

    /// A short form of a known name (الجيش الحر، مجلس الأمن، النصرة) gives way to the gazetteer's
    /// fuller name that contains its words (الجيش السوري الحر، مجلس الأمن الدولي، جبهة النصرة).
    fn expand_to_canonical(&mut self, idx: usize, canonical: &str, full: &str) {
        let name = &self.name_norm[idx];
        let ours: Vec<&str> = name.split(' ').collect();
        let theirs: Vec<&str> = full.split(' ').collect();
        let mut rest = theirs.iter();
        let inside = ours.iter().all(|w| rest.any(|t| t == w));
        if theirs.len() > ours.len() && inside {
            let old = std::mem::replace(&mut self.refs[idx].name, canonical.to_string());
            let old_norm = std::mem::replace(&mut self.name_norm[idx], full.to_string());
            self.push_alias(idx, old, old_norm);
        }
    }

    /// The latest organisation whose name opens with this head word (الكتائب → كتائب حزب الله,
    /// المفوضيه → المفوضية العليا …), among `candidates` (most recent first).
    pub fn org_by_head(
        &self,
        head: &str,
        candidates: impl Iterator<Item = usize>,
    ) -> Option<usize> {
        let head = super::vocab::bare(head).to_string();
        let mut seen = candidates;
        seen.find(|&i| {
            let e = &self.refs[i];
            e.kind != EntityKind::Person
                && std::iter::once(&e.name).chain(&e.aliases).any(|n| {
                    let n = normalize(n);
                    let first = n.split(' ').next().unwrap_or("");
                    super::vocab::bare(first) == head && n.contains(' ')
                })
        })
    }

    /// The gazetteer's canonical name of an entity, for descriptions (its role words).
    pub fn known_as(&self, idx: usize) -> Option<usize> {
        self.known.get(idx).copied().flatten()
    }
}

/// "محمد الحوثي" for "محمد علي الحوثي": a name of two words or more that keeps the first and last
/// words of a longer one and drops a middle name (a father's name is often left out).
fn drops_middle(full: &[&str], short: &[&str]) -> bool {
    short.len() >= 2
        && full.len() > short.len()
        && full.first() == short.first()
        && full.last() == short.last()
}

/// True when `needle` occurs as a contiguous run of words in `hay`.
fn contains_run(hay: &[&str], needle: &[&str]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A normalised name with its compounds written apart (عبدالوهاب → عبد الوهاب، نصرالله → نصر
/// الله), so that the two spellings of one name are one form.
pub fn split_compounds(norm: &str) -> String {
    if !norm.contains("عبدال") && !norm.contains("الله") {
        return norm.to_string();
    }
    norm.split(' ')
        .map(|w| match (w.strip_prefix("عبد"), w.strip_suffix("الله")) {
            (Some(rest), _) if rest.starts_with("ال") && rest.chars().count() >= 4 => {
                format!("عبد {rest}")
            }
            // نصرالله، فضلالله، جارالله
            (_, Some(first)) if first.chars().count() >= 3 => format!("{first} الله"),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A name as the entity keeps it: without quotation marks and hashtag signs (صحيفة "نيويورك
/// تايمز" → صحيفة نيويورك تايمز، #برلمان_كردستان → برلمان كردستان), spaces collapsed.
fn clean_name(surface: &str) -> String {
    let mut out = String::with_capacity(surface.len());
    for word in surface
        .split(|c: char| c.is_whitespace() || c == '_')
        .map(|w| w.trim_matches(|c| matches!(c, '"' | '«' | '»' | '“' | '”' | '„' | '#')))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::gazetteer::builtin;

    #[test]
    fn a_surname_joins_the_fuller_name_and_a_fuller_name_takes_over() {
        let g = Matcher::new(builtin());
        let mut t = Table::default();
        let a = t.add(EntityKind::Person, "بيرقدار", &g).unwrap();
        let b = t.add(EntityKind::Person, "حمزة بيرقدار", &g).unwrap();
        let c = t.add(EntityKind::Person, "بيرقدار", &g).unwrap();
        assert_eq!((a, b, c), (0, 0, 0));
        assert_eq!(t.refs[0].name, "حمزة بيرقدار");
        assert_eq!(t.refs[0].aliases, ["بيرقدار"]);
    }

    #[test]
    fn spelling_variants_and_gazetteer_aliases_meet() {
        let g = Matcher::new(builtin());
        let mut t = Table::default();
        let a = t.add(EntityKind::Person, "أحمد ملا طلال", &g).unwrap();
        assert_eq!(t.add(EntityKind::Person, "احمد ملا طلال", &g), Some(a));
        let q = t.add(EntityKind::Org, "قسد", &g).unwrap();
        assert_eq!(
            t.add(EntityKind::Org, "قوات سوريا الديمقراطية", &g),
            Some(q)
        );
        assert_eq!(t.refs[q].name, "قوات سوريا الديمقراطية");
    }

    #[test]
    fn a_name_without_its_organisations_head_word_is_that_organisation() {
        let global = Matcher::default();
        let mut t = Table::default();
        let agency = t.add(EntityKind::Org, "وكالة رويترز", &global);
        assert_eq!(t.add(EntityKind::Person, "رويترز", &global), agency);
        // a word of a person's name is no organisation's
        let paper = t.add(EntityKind::Org, "صحيفة الأيام", &global);
        assert_ne!(t.add(EntityKind::Person, "سامر الأيام", &global), paper);
    }

    #[test]
    fn different_people_stay_apart() {
        let g = Matcher::new(builtin());
        let mut t = Table::default();
        let a = t.add(EntityKind::Person, "عقيلة صالح", &g);
        let b = t.add(EntityKind::Person, "خالد المشري", &g);
        assert_ne!(a, b);
    }
}
