//! The types every stage shares: what ingest produces, what extraction finds, what the store keeps.
//!
//! Offsets (`start`, `end`) always count Unicode code points of `Article::body`, as Python string
//! indices do, so they line up in any language.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// The longest headline, in characters: a longer first line or title is the opening
/// paragraph of a text without one.
pub const MAX_HEADLINE: usize = 250;

/// One news article as the readers produce it, before extraction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub section: Option<String>,
    /// The outlet, e.g. "شبكة شام".
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub body: String,
    /// Where the article was read from (a file path, `path:line` for JSONL/CSV, or `-`).
    pub path: Option<String>,
}

impl Article {
    /// The hash that makes re-ingesting the same article a no-op: title, date and body, not the path.
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.title.as_deref().unwrap_or("").trim().as_bytes());
        hasher.update([0]);
        if let Some(date) = self.published {
            hasher.update(date.to_string().as_bytes());
        }
        hasher.update([0]);
        hasher.update(self.body.trim().as_bytes());
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// The kinds of entity the knowledge base knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Org,
    Place,
    Group,
}

impl EntityKind {
    /// All kinds, in the order they are listed to users.
    pub const ALL: [EntityKind; 4] = [Self::Person, Self::Org, Self::Place, Self::Group];

    /// The name stored in `entities.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Org => "org",
            Self::Place => "place",
            Self::Group => "group",
        }
    }
}

impl FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown entity kind `{s}`: use person, org, place or group"))
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an entity came from; `user` entities and aliases survive re-extraction untouched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Builtin,
    Extracted,
    User,
}

impl Origin {
    /// The name stored in `entities.origin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Builtin => "builtin",
            Self::Extracted => "extracted",
            Self::User => "user",
        }
    }
}

/// The reporting-verb classes of DESIGN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerbClass {
    Said,
    Denied,
    Confirmed,
    Announced,
    Accused,
    Condemned,
    Warned,
    Threatened,
    Demanded,
    Rejected,
    Claimed,
    Acknowledged,
    Reported,
}

impl VerbClass {
    /// Every class, in the order of DESIGN.md.
    pub const ALL: [VerbClass; 13] = [
        Self::Said,
        Self::Denied,
        Self::Confirmed,
        Self::Announced,
        Self::Accused,
        Self::Condemned,
        Self::Warned,
        Self::Threatened,
        Self::Demanded,
        Self::Rejected,
        Self::Claimed,
        Self::Acknowledged,
        Self::Reported,
    ];

    /// The class name stored in `statements.verb` and typed in queries.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Said => "said",
            Self::Denied => "denied",
            Self::Confirmed => "confirmed",
            Self::Announced => "announced",
            Self::Accused => "accused",
            Self::Condemned => "condemned",
            Self::Warned => "warned",
            Self::Threatened => "threatened",
            Self::Demanded => "demanded",
            Self::Rejected => "rejected",
            Self::Claimed => "claimed",
            Self::Acknowledged => "acknowledged",
            Self::Reported => "reported",
        }
    }

    /// Parses a class name (case-insensitive); Arabic words are the lexicon's business.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for VerbClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entity as extraction names it, before the store links it to a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    pub kind: EntityKind,
    /// The canonical (fullest) name the article gives.
    pub name: String,
    /// Other forms the article uses (surname, without quotes, variants); the name itself not repeated.
    pub aliases: Vec<String>,
}

/// A place in the body where an entity is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Index into `Extraction::entities`.
    pub entity: usize,
    pub start: usize,
    pub end: usize,
    pub surface: String,
}

/// One reported statement: who said what, when, and where in the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Index into `Extraction::entities`; `None` for unnamed speakers ("مصدر عسكري", "ناشطون").
    pub speaker: Option<usize>,
    /// How the text names the speaker here; `None` for continuations ("مضيفا") that do not.
    pub surface: Option<String>,
    /// The role apposition as written, e.g. "الناطق باسم هيئة أركان جيش الإسلام".
    pub role: Option<String>,
    /// Index into `Extraction::entities` of the organisation the role points to.
    pub org: Option<usize>,
    pub verb: VerbClass,
    /// The reporting word(s) as written, e.g. "جدد نفيه".
    pub verb_text: String,
    pub negated: bool,
    /// What was said.
    pub content: String,
    /// The direct quote, when the statement has one.
    pub quote: Option<String>,
    /// The day it was said: relative dates resolved, else the article date.
    pub said_on: Option<NaiveDate>,
    /// True when the sentence itself states the day (يوم أمس، الأحد، في 3 آذار).
    pub date_explicit: bool,
    /// Code-point span of the sentence in the body (or headline, see `in_headline`).
    pub start: usize,
    pub end: usize,
    /// True for a statement read from the headline; its offsets then count in the title.
    pub in_headline: bool,
    /// Indexes into `Extraction::entities` of what the statement is about.
    pub about: Vec<usize>,
}

/// Everything extraction finds in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    pub entities: Vec<EntityRef>,
    pub mentions: Vec<Mention>,
    pub statements: Vec<Statement>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_ignores_the_path_but_not_the_body() {
        let a = Article {
            title: Some("عنوان".into()),
            body: "نص الخبر".into(),
            path: Some("a.txt".into()),
            ..Article::default()
        };
        let b = Article {
            path: Some("b.txt".into()),
            ..a.clone()
        };
        let c = Article {
            body: "نص آخر".into(),
            ..a.clone()
        };
        assert_eq!(a.content_hash(), b.content_hash());
        assert_ne!(a.content_hash(), c.content_hash());
    }

    #[test]
    fn verb_class_names_round_trip() {
        for class in VerbClass::ALL {
            assert_eq!(VerbClass::from_name(class.as_str()), Some(class));
        }
        assert_eq!(VerbClass::from_name("DENIED"), Some(VerbClass::Denied));
        assert_eq!(VerbClass::from_name("نفى"), None);
    }
}
