//! The speakers as a fresh store holds them once the articles were ingested one after another:
//! the scorer reads each statement's speaker from `entities` and its forms from `aliases`, so
//! `qawl eval` resolves every article's entities the way `store::insert` does, without a store.
//!
//! A new store starts with the built-in gazetteer (origin `builtin`). Each extracted entity goes
//! to the entity whose normalised name or alias equals its name (same kind first, then builtin
//! before extracted, then the oldest), else becomes a new `extracted` one; its name and aliases
//! become aliases of that entity, one per normalised form. So a speaker's aliases gather what
//! the gazetteer and every article said of it, and its name is the first one the store met.

use crate::model::{EntityKind, EntityRef, Extraction};
use crate::text::normalize;
use std::collections::{HashMap, HashSet};

/// Index of an entity in [`Speakers`], in the order the store would number them.
pub type SpeakerId = usize;

#[derive(Debug, Clone)]
struct Entity {
    kind: EntityKind,
    name: String,
    /// 1 for builtin, 2 for extracted (0, user, never occurs in a fresh store).
    origin_rank: u8,
    aliases: Vec<String>,
    alias_norms: HashSet<String>,
}

/// The entities and aliases of a store, as ingest would write them.
#[derive(Debug, Clone, Default)]
pub struct Speakers {
    entities: Vec<Entity>,
    /// Normalised name or alias → the entities that have it.
    by_form: HashMap<String, Vec<SpeakerId>>,
}

impl Speakers {
    /// A store seeded with `gazetteer` (the built-in one, or none for `--no-gazetteer`).
    pub fn seeded(gazetteer: &[EntityRef]) -> Speakers {
        let mut speakers = Speakers::default();
        for entity in gazetteer {
            speakers.resolve(entity, 1);
        }
        speakers
    }

    /// The store ids of an article's extracted entities, index for index.
    pub fn add_extraction(&mut self, extraction: &Extraction) -> Vec<SpeakerId> {
        extraction
            .entities
            .iter()
            .map(|e| self.resolve(e, 2))
            .collect()
    }

    /// The name the store gives entity `id`.
    pub fn name(&self, id: SpeakerId) -> &str {
        &self.entities[id].name
    }

    /// Every alias the store holds for entity `id` (its name among them).
    pub fn aliases(&self, id: SpeakerId) -> &[String] {
        &self.entities[id].aliases
    }

    fn resolve(&mut self, entity: &EntityRef, origin_rank: u8) -> SpeakerId {
        let norm = normalize(&entity.name);
        let id = self.find(&norm, entity.kind).unwrap_or_else(|| {
            self.entities.push(Entity {
                kind: entity.kind,
                name: entity.name.clone(),
                origin_rank,
                aliases: Vec::new(),
                alias_norms: HashSet::new(),
            });
            let id = self.entities.len() - 1;
            self.by_form.entry(norm).or_default().push(id);
            id
        });
        self.add_alias(id, &entity.name);
        for alias in &entity.aliases {
            self.add_alias(id, alias);
        }
        id
    }

    /// The best entity with this normalised name or alias: the same kind first, then builtin
    /// before extracted, then the oldest.
    fn find(&self, norm: &str, kind: EntityKind) -> Option<SpeakerId> {
        self.by_form.get(norm)?.iter().copied().min_by_key(|&id| {
            let e = &self.entities[id];
            (e.kind != kind, e.origin_rank, id)
        })
    }

    fn add_alias(&mut self, id: SpeakerId, alias: &str) {
        let alias = alias.trim();
        let norm = normalize(alias);
        if norm.is_empty() || !self.entities[id].alias_norms.insert(norm.clone()) {
            return;
        }
        self.entities[id].aliases.push(alias.to_string());
        let ids = self.by_form.entry(norm).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, aliases: &[&str]) -> EntityRef {
        EntityRef {
            kind: EntityKind::Person,
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn a_later_article_adds_its_forms_to_the_entity_met_first() {
        let mut s = Speakers::seeded(&[]);
        let a = s.add_extraction(&Extraction {
            entities: vec![person("سامر خليل", &["خليل"])],
            ..Extraction::default()
        });
        let b = s.add_extraction(&Extraction {
            entities: vec![person("خليل", &["أبو سامر"])],
            ..Extraction::default()
        });
        assert_eq!(a, b);
        assert_eq!(s.name(b[0]), "سامر خليل");
        assert_eq!(s.aliases(a[0]), ["سامر خليل", "خليل", "أبو سامر"]);
    }

    #[test]
    fn a_gazetteer_name_wins_over_the_form_an_article_uses() {
        let mut s = Speakers::seeded(&[person("حمزة بيرقدار", &["بيرقدار"])]);
        let ids = s.add_extraction(&Extraction {
            entities: vec![person("بيرقدار", &[])],
            ..Extraction::default()
        });
        assert_eq!(s.name(ids[0]), "حمزة بيرقدار");
    }
}
