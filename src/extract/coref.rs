//! Back-references within an article: who "علوان"، "المسؤول الروسي" and "وأضاف" are.
//!
//! - a surname or partial name joins the fuller name met earlier (see [`super::entities`]);
//! - a description (الوزير التركي، المسؤول الأممي، الحاكم، المتحدث العسكري) is the latest speaker
//!   it fits: its head word in their role, its nationality adjectives in their role or titles;
//!   failing that, a singular description is the latest person who spoke;
//! - an organisation's head word alone (الكتائب، المفوضية، الجبهة) is the latest organisation it
//!   opens;
//! - a continuation (وأضاف، مضيفاً) is the speaker of the statement it continues, keeping their
//!   organisation but not repeating the role.

use super::attribution::{Raw, Who};
use super::entities::Table;
use super::gazetteer::Matcher;
use super::speaker::Np;
use super::tokens::Doc;
use super::vocab;
use crate::model::EntityKind;
use crate::text::normalize;
use std::collections::HashMap;

/// How many of the latest speakers a description or a head word may refer back to: enough for
/// any article, and a bound on the work in a very long one.
const RECENT: usize = 64;

/// A statement's speaker after back-references are resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub speaker: Option<usize>,
    pub surface: Option<String>,
    pub role: Option<String>,
    pub org: Option<usize>,
}

/// One speaker met so far: the entity and the words that describe them.
#[derive(Debug, Clone)]
struct Met {
    entity: usize,
    person: bool,
    /// Normalised role, titles and name as the text gave them.
    descriptor: String,
}

/// Resolves speakers statement by statement, remembering who spoke and in which role.
pub struct Coref<'a> {
    pub table: Table,
    global: &'a Matcher,
    met: Vec<Met>,
    org_of: HashMap<usize, usize>,
    /// The unnamed sources met so far, as the text named them (مصدر في وزارة الدفاع).
    sources: Vec<String>,
}

impl<'a> Coref<'a> {
    pub fn new(global: &'a Matcher) -> Coref<'a> {
        Coref {
            table: Table::default(),
            global,
            met: Vec::new(),
            org_of: HashMap::new(),
            sources: Vec::new(),
        }
    }

    /// The speaker of `raw`, given the statements resolved before it.
    pub fn resolve(&mut self, doc: &Doc, src: &str, raw: &Raw, before: &[Resolved]) -> Resolved {
        match &raw.who {
            // an unnamed speaker keeps its phrase: it is the only name the statement has
            Who::Same(k) => before.get(*k).map_or_else(Resolved::default, |r| Resolved {
                surface: r.surface.clone().filter(|_| r.speaker.is_none()),
                role: None,
                ..r.clone()
            }),
            Who::Phrase(np) => self.phrase(doc, src, np),
        }
    }

    /// A description (`desc`) that a later phrase (`named`) names: that person, with the
    /// description's words remembered among theirs (so that "المسؤول القطري" finds them later).
    pub fn resolve_forward(&mut self, doc: &Doc, src: &str, desc: &Np, named: &Np) -> Resolved {
        let found = self.phrase(doc, src, named);
        let Some(entity) = found.speaker else {
            return self.phrase(doc, src, desc);
        };
        self.remember(entity, true, doc.norm_text(desc.span.clone()));
        let org = desc.org.clone().and_then(|r| self.org(doc, src, r));
        Resolved {
            speaker: Some(entity),
            surface: Some(doc.text(src, desc.span.clone()).to_string()),
            role: desc.role.clone().map(|r| doc.text(src, r).to_string()),
            org: org.or(found.org),
        }
    }

    fn phrase(&mut self, doc: &Doc, src: &str, np: &Np) -> Resolved {
        let text = |r: std::ops::Range<usize>| doc.text(src, r).to_string();
        let clipped = |r: std::ops::Range<usize>| {
            let t = doc.text(src, r.clone());
            if np.clitic && r.start == np.span.start {
                // للجيش → الجيش: the ل gives way to the article's alif
                let alif = if np.lam { "ا" } else { "" };
                let rest = t
                    .chars()
                    .skip(1)
                    .skip_while(|c| crate::text::normalize::is_mark(*c));
                alif.chars().chain(rest).collect()
            } else {
                t.to_string()
            }
        };
        if np.unnamed {
            let surface = clipped(np.span.clone());
            let surface = self
                .source_named_before(&surface)
                .or_else(|| self.fuller_source(&surface))
                .unwrap_or(surface);
            self.sources.push(surface.clone());
            return Resolved {
                surface: Some(surface),
                ..Resolved::default()
            };
        }
        let role = np.role.clone().map(text);
        let org = np.org.clone().and_then(|r| self.org(doc, src, r));
        let descriptor = doc.norm_text(np.span.clone());
        let Some(name) = np.name.clone() else {
            return self.description(role, org, descriptor);
        };
        let surface = clipped(name.clone());
        let mut norm = doc.norm_text(name.clone());
        if np.clitic && name.start == np.span.start {
            let first = norm.chars().next().map_or(0, char::len_utf8);
            norm.replace_range(..first, if np.lam { "ا" } else { "" });
        }
        let entity = self.named(doc, &name, &surface, norm, np.kind);
        if let (Some(e), Some(o)) = (entity, org) {
            self.org_of.insert(e, o);
        }
        if let Some(e) = entity {
            self.remember(e, np.kind == EntityKind::Person, descriptor);
        }
        Resolved {
            speaker: entity,
            surface: Some(surface),
            role,
            org: org.or_else(|| entity.and_then(|e| self.org_of.get(&e).copied())),
        }
    }

    /// A name: an organisation's head word alone refers back; anything else is added.
    fn named(
        &mut self,
        doc: &Doc,
        name: &std::ops::Range<usize>,
        surface: &str,
        norm: String,
        kind: EntityKind,
    ) -> Option<usize> {
        // التنظيم، برلمان الإقليم، الحركة نفسها: a head word with the article, or with a generic
        // definite noun, is the organisation with that head met last (a speaker first, else any
        // organisation the article named)
        let generic = name.len() == 2
            && !vocab::is_definite(doc.norm(name.start))
            && vocab::generic_place(doc.norm(name.start + 1));
        let described = described_party(doc, name);
        if kind != EntityKind::Person
            && (name.len() == 1 || generic || described)
            && self.table.get_normalized(&norm).is_none()
        {
            let w = doc.norm(name.start);
            let head_alone = vocab::is_definite(w) || generic;
            if head_alone && vocab::is_org_head(w) && self.global.find(&norm).is_none() {
                let recent = self.met.iter().rev().take(RECENT).map(|m| m.entity);
                let orgs = (0..self.table.refs.len()).rev();
                if let Some(e) = self
                    .table
                    .org_by_head(w, recent)
                    .or_else(|| self.table.org_by_head(w, orgs))
                {
                    return Some(e);
                }
            }
        }
        self.table.add_normalized(kind, surface, norm, self.global)
    }

    /// The organisation a role points to: the known organisation inside its phrase (هيئة أركان
    /// جيش الإسلام → جيش الإسلام, which is also recorded), else the phrase itself.
    fn org(&mut self, doc: &Doc, src: &str, range: std::ops::Range<usize>) -> Option<usize> {
        let whole = doc.text(src, range.clone()).to_string();
        let hits = self.global.scan(doc, range.clone());
        let inner = hits
            .iter()
            .find(|h| self.global.entities[h.entity].kind != EntityKind::Place)
            .copied();
        match inner {
            Some(h) if h.start == range.start && h.end == range.end => {
                let bare = strip_clitic(&whole, doc.norm(h.start), self.global);
                self.table.add(EntityKind::Org, &bare, self.global)
            }
            Some(h) => {
                if vocab::is_org_head(doc.norm(range.start)) {
                    self.table.add(EntityKind::Org, &whole, self.global);
                }
                let inner_text = doc.text(src, h.start..h.end).to_string();
                let inner_text = strip_clitic(&inner_text, doc.norm(h.start), self.global);
                self.table.add(EntityKind::Org, &inner_text, self.global)
            }
            None => {
                let bare = without_preposition(&whole, doc.norm(range.start));
                self.table.add(EntityKind::Org, bare, self.global)
            }
        }
    }

    /// "المصدر"، "المصادر"، "الناشطون" alone: the unnamed source with that head met last, as the
    /// text first named it (مصدر في وزارة الدفاع العراقية).
    fn source_named_before(&self, surface: &str) -> Option<String> {
        let norm = normalize(surface);
        let mut words = norm.split(' ');
        let first = words.next()?;
        // المصدر الأمني المصري: the article's adjectives must all be the earlier phrase's
        let adjectives: Vec<&str> = words.collect();
        if !vocab::is_definite(first) || !adjectives.iter().all(|w| vocab::is_definite(w)) {
            return None;
        }
        self.source_with(vocab::bare(first), &adjectives)
    }

    /// "أهالي درنة" after "أهالي مدينة درنة": an unnamed source met before under a fuller
    /// phrase with the same head and every word of this one, in order.
    fn fuller_source(&self, surface: &str) -> Option<String> {
        let norm = normalize(surface);
        let ours: Vec<&str> = norm.split(' ').collect();
        if ours.len() < 2 || vocab::is_definite(ours[0]) {
            return None;
        }
        self.latest_source(|theirs| {
            let mut rest = theirs.iter();
            theirs.len() > ours.len()
                && theirs[0] == ours[0]
                && ours.iter().all(|w| rest.any(|t| t == w))
        })
    }

    /// A definite role with adjectives (المسؤول الإداري في المنطقة): the unnamed source met
    /// last with that head and those adjectives (مسؤول إداري في نارا), where a role alone
    /// (المسؤول) is left to the people who spoke.
    fn source_described(&self, descriptor: &str) -> Option<String> {
        let mut words = descriptor.split(' ');
        let first = words.next().filter(|w| vocab::is_definite(w))?;
        let adjectives: Vec<&str> = words.take_while(|w| vocab::is_definite(w)).collect();
        if adjectives.is_empty() {
            return None;
        }
        self.source_with(vocab::bare(first), &adjectives)
    }

    /// The unnamed source met last whose first word is `head` and which holds every one of
    /// the definite `adjectives` without its article.
    fn source_with(&self, head: &str, adjectives: &[&str]) -> Option<String> {
        self.latest_source(|theirs| {
            theirs.first() == Some(&head)
                && theirs.len() > 1
                && adjectives.iter().all(|a| theirs.contains(&vocab::bare(a)))
        })
    }

    /// The unnamed source met last whose normalised words `fits`.
    fn latest_source(&self, fits: impl Fn(&[&str]) -> bool) -> Option<String> {
        self.sources
            .iter()
            .rev()
            .find(|s| {
                let n = normalize(s);
                fits(&n.split(' ').collect::<Vec<_>>())
            })
            .cloned()
    }

    /// An organisation named in the article outside any statement (تنظيم داعش): later head
    /// words alone (التنظيم) resolve to it.
    pub fn learn_org(&mut self, name: &str) {
        self.table.add(EntityKind::Org, name, self.global);
    }

    /// People named in the article outside any statement (أهالي مدينة درنة): an unnamed source
    /// that later mentions (أهالي درنة، الأهالي) refer back to.
    pub fn learn_source(&mut self, surface: String) {
        self.sources.push(surface);
    }

    /// A person named in the article outside any statement (نظيره الأمريكي ريكس تيلرسون): later
    /// surnames resolve to the full name.
    pub fn learn(&mut self, name: &str) {
        self.table.add(EntityKind::Person, name, self.global);
    }

    fn remember(&mut self, entity: usize, person: bool, descriptor: String) {
        self.met.push(Met {
            entity,
            person,
            descriptor,
        });
    }

    /// A role with no name: the latest speaker it fits, else an unnamed speaker with that role.
    fn description(
        &mut self,
        role: Option<String>,
        org: Option<usize>,
        descriptor: String,
    ) -> Resolved {
        let role_text = role.clone().unwrap_or_default();
        // المسؤول الإداري في المنطقة after "مسؤول إداري في نارا": the unnamed source it repeats
        if let Some(source) = self.source_described(&descriptor) {
            self.sources.push(source.clone());
            return Resolved {
                surface: Some(source),
                ..Resolved::default()
            };
        }
        if let Some(m) = self.fitting(&descriptor) {
            return self.described_person(m, role_text);
        }
        // وأضاف المتحدث after "قال متحدث باسم الجيش": the unnamed role it repeats
        if let Some(source) = self.source_named_before(&role_text) {
            self.sources.push(source.clone());
            return Resolved {
                surface: Some(source),
                ..Resolved::default()
            };
        }
        if let Some(m) = self.latest_person(&descriptor, org.is_some()) {
            return self.described_person(m, role_text);
        }
        if !vocab::is_definite(descriptor.split(' ').next().unwrap_or("")) {
            self.sources.push(role_text.clone());
        }
        Resolved {
            speaker: None,
            surface: Some(role_text),
            role,
            org,
        }
    }

    /// A description resolved to the person `m`.
    fn described_person(&self, m: usize, role_text: String) -> Resolved {
        Resolved {
            speaker: Some(m),
            surface: Some(role_text),
            role: None,
            org: self.org_of.get(&m).copied(),
        }
    }

    /// The latest person whose role and titles fit a description.
    fn fitting(&self, descriptor: &str) -> Option<usize> {
        let words: Vec<&str> = descriptor.split(' ').collect();
        let head = vocab::bare(words.first()?);
        let nations: Vec<&str> = words
            .iter()
            .filter_map(|w| vocab::nation_stem(w))
            .map(|s| s.strip_suffix('ي').unwrap_or(s))
            .collect();
        let head_fits = |d: &str| {
            matches!(head, "مسؤول" | "مسؤوله")
                || d.contains(head)
                || (matches!(head, "متحدث" | "ناطق") && (d.contains("متحدث") || d.contains("ناطق")))
        };
        let fit = self.met.iter().rev().take(RECENT).find(|m| {
            m.person && head_fits(&m.descriptor) && nations.iter().all(|n| m.descriptor.contains(n))
        });
        fit.map(|m| m.entity)
    }

    /// A short singular definite description with no organisation (الوزير، المسؤول الأمني):
    /// the latest person who spoke.
    fn latest_person(&self, descriptor: &str, has_org: bool) -> Option<usize> {
        let words: Vec<&str> = descriptor.split(' ').collect();
        let head = vocab::bare(words.first()?);
        let definite = words.first().is_some_and(|w| w.starts_with("ال"));
        let plural = head.ends_with("ون") || head.ends_with("اء");
        (definite && !has_org && !plural && words.len() <= 3)
            .then(|| {
                self.met
                    .iter()
                    .rev()
                    .take(RECENT)
                    .find(|m| m.person)
                    .map(|m| m.entity)
            })
            .flatten()
    }
}

/// "الحزب الشيعي"، "التنظيم المتطرف"، "الحركة الفلسطينية": the head word of a party or
/// movement with the article and only adjectives after it describes one named before rather
/// than naming one (where "الجيش السوداني" names an army).
fn described_party(doc: &Doc, name: &std::ops::Range<usize>) -> bool {
    let head = doc.norm(name.start);
    (2..=3).contains(&name.len())
        && vocab::is_definite(head)
        && matches!(
            vocab::bare(head),
            "حزب" | "حركه" | "تنظيم" | "جماعه" | "فصيل"
        )
        && (name.start + 1..name.end).all(|k| {
            let w = doc.norm(k);
            vocab::is_definite(w) && vocab::is_adjective(w)
        })
}

/// "لقوات سوريا الديمقراطية" → "قوات سوريا الديمقراطية": an organisation a role belongs to,
/// without the ل that joins it to the role, where the word after the ل is an organisation's
/// head word (لقوى, لجنة: the ل of لجنة is its own).
fn without_preposition<'t>(text: &'t str, first_norm: &str) -> &'t str {
    let after = first_norm.strip_prefix('ل').filter(|rest| {
        !rest.starts_with('ل') && vocab::is_org_head(rest) && !vocab::is_org_head(first_norm)
    });
    match after {
        Some(_) => text
            .strip_prefix('ل')
            .unwrap_or(text)
            .trim_start_matches(crate::text::normalize::is_mark),
        None => text,
    }
}

/// "وجيش الإسلام" → "جيش الإسلام" when the gazetteer knows the name without the clitic.
fn strip_clitic(text: &str, first_norm: &str, global: &Matcher) -> String {
    let norm = normalize(text);
    if global.find(&norm).is_some() {
        return text.to_string();
    }
    for p in ["و", "ف", "ب", "ل", "ك"] {
        if first_norm.starts_with(p) {
            let rest: String = text.chars().skip(1).collect();
            if global.find(&normalize(&rest)).is_some() {
                return rest;
            }
        }
    }
    if let Some(rest) = text.strip_prefix("لل") {
        return format!("ال{rest}");
    }
    text.to_string()
}
