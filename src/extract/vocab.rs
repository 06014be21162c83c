//! Word classes the rules read (titles, role heads, organisation heads, stop words …), from
//! `data/words.tsv`, normalised and parsed once.
//!
//! Every predicate takes a normalised word (a [`super::tokens::Tok::norm`]).

use crate::text::normalize;
use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("data/words.tsv");
/// Given names (male, female, foreign, and those that are also ordinary words).
const NAMES: &str = include_str!("data/names.tsv");

/// The sections of `data/words.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Title,
    Role,
    OrgHead,
    Unnamed,
    Nation,
    Adj,
    Stop,
    Time,
    Addressee,
    Object,
    Opener,
    Given,
    SourceAdj,
    FemPlace,
    Enact,
    SpeechEvent,
    Rank,
    /// A given name that is also an ordinary word (أمل، نصر، سلام): a name only after a title
    /// or a role, or before a family name.
    AmbiguousGiven,
    /// Plural heads that open an organisation's name only without the article.
    OrgPlural,
}

impl Class {
    fn from_section(name: &str) -> Option<Class> {
        Some(match name {
            "title" => Class::Title,
            "role" => Class::Role,
            "orghead" => Class::OrgHead,
            "unnamed" => Class::Unnamed,
            "nation" => Class::Nation,
            "adj" => Class::Adj,
            "stop" => Class::Stop,
            "time" => Class::Time,
            "addressee" => Class::Addressee,
            "object" => Class::Object,
            "opener" => Class::Opener,
            "given" => Class::Given,
            "srcadj" => Class::SourceAdj,
            "femplace" => Class::FemPlace,
            "enact" => Class::Enact,
            "speech" => Class::SpeechEvent,
            "rank" => Class::Rank,
            "male" | "female" | "foreign" => Class::Given,
            "ambiguous" => Class::AmbiguousGiven,
            "orgplural" => Class::OrgPlural,
            _ => return None,
        })
    }
}

/// Every listed word with the classes it belongs to (one bit per [`Class`]): one lookup answers
/// every class question about a word.
fn words() -> &'static HashMap<String, u32, Fnv> {
    static WORDS: OnceLock<HashMap<String, u32, Fnv>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: HashMap<String, u32, Fnv> = HashMap::default();
        let names_from = DATA.lines().count();
        for (n, line) in DATA.lines().chain(NAMES.lines()).enumerate() {
            if line.starts_with('#') {
                continue;
            }
            let Some((section, list)) = line.split_once('\t') else {
                continue;
            };
            let Some(class) = Class::from_section(section.trim()) else {
                continue;
            };
            for w in list.split_whitespace() {
                // a name of two words (غلام_حسين، نور_الدين) opens with its first: the name rules
                // read the rest; عبد and أبو are connectors of their own
                let w = w.split('_').next().unwrap_or(w);
                let norm = normalize(w.trim_end_matches('.'));
                let name_class = matches!(class, Class::Given | Class::AmbiguousGiven);
                if name_class && matches!(norm.as_str(), "عبد" | "ابو" | "ام") {
                    continue;
                }
                let short = norm.chars().count() <= 2;
                let bits = words.entry(norm).or_default();
                // a name of the lexicon that is also a word of another class (أمين، قائد، سلام)
                // is a name only where a name is expected
                let other = *bits & !(1 << Class::Given as u32) != 0;
                // and so is one of two letters (طه، مي، سر of سر الختم)
                let class = if n >= names_from && class == Class::Given && (other || short) {
                    Class::AmbiguousGiven
                } else {
                    class
                };
                *bits |= 1 << class as u32;
            }
        }
        words
    })
}

/// True when the normalised word is in the class.
pub fn is(class: Class, norm: &str) -> bool {
    words()
        .get(norm)
        .is_some_and(|bits| bits & (1 << class as u32) != 0)
}

/// What the rules ask of a word, answered once per token ([`features`]): the bit of each
/// [`Class`] the word is in (`1 << class`), then these.
pub mod feat {
    /// [`super::is_definite`]
    pub const DEFINITE: u32 = 1 << 20;
    /// [`super::is_role`]
    pub const ROLE: u32 = 1 << 21;
    /// [`super::is_org_head`]
    pub const ORG_HEAD: u32 = 1 << 22;
    /// [`super::is_adjective`]
    pub const ADJECTIVE: u32 = 1 << 23;
    /// [`super::is_nation`]
    pub const NATION: u32 = 1 << 24;
    /// [`super::ends_phrase`]
    pub const ENDS_PHRASE: u32 = 1 << 25;
    /// [`super::starts_with_an`]
    pub const AN: u32 = 1 << 26;
    /// [`super::Class::Object`] once the article is stripped ([`super::bare`]).
    pub const OBJECT_BARE: u32 = 1 << 27;
}

/// The bit of a class among a word's [`features`].
pub fn class_bit(class: Class) -> u32 {
    1 << class as u32
}

/// Everything [`feat`] records about a normalised word (whether it is a reporting word is
/// [`crate::extract::tokens::Doc::cue`]'s): three lookups, of the word, of it without its
/// article, and of that without a final ة.
pub fn features(norm: &str) -> u32 {
    let map = words();
    let get = |w: &str| map.get(w).copied().unwrap_or(0);
    let word = get(norm);
    let b = bare(norm);
    let stripped = if b == norm { word } else { get(b) };
    let feminine = b.strip_suffix('ه').map_or(0, get);
    let has = |bits: u32, class: Class| bits & class_bit(class) != 0;
    let bit = |b: u32, yes: bool| if yes { b } else { 0 };
    let an = starts_with_an(norm);
    let nation = has(stripped, Class::Nation) || has(feminine, Class::Nation);
    let object_bare = has(stripped, Class::Object);
    let nisba_shape = {
        let n = norm.chars().count();
        let participle = norm.starts_with("الم") && norm.ends_with('ه') && n >= 6;
        let plural_nisba = norm.ends_with("يين") || norm.ends_with("يون");
        norm.starts_with("ال")
            && n >= 5
            && (norm.ends_with('ي') || norm.ends_with("يه") || participle || plural_nisba)
    };
    let adjective = has(word, Class::Adj) || nation || (nisba_shape && !object_bare);
    word | bit(feat::DEFINITE, is_definite(norm))
        | bit(
            feat::ROLE,
            has(stripped, Class::Role) || has(feminine, Class::Role) || has(word, Class::Rank),
        )
        | bit(
            feat::ORG_HEAD,
            has(word, Class::OrgHead)
                || has(stripped, Class::OrgHead)
                || has(word, Class::OrgPlural),
        )
        | bit(feat::ADJECTIVE, adjective)
        | bit(feat::NATION, nation)
        | bit(feat::AN, an)
        | bit(feat::OBJECT_BARE, object_bare)
        | bit(
            feat::ENDS_PHRASE,
            an || has(word, Class::Stop) || has(word, Class::Time),
        )
}

/// FNV-1a: the maps here are keyed by short Arabic words and looked up for every token, where
/// the default SipHash costs more than the lookup itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fnv;

/// The hasher [`Fnv`] builds.
pub struct FnvHasher(u64);

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The word without its article ال (and a leading و/ف before it): "والروسي" → "روسي".
pub fn bare(norm: &str) -> &str {
    let w = norm
        .strip_prefix('و')
        .filter(|r| r.starts_with("ال"))
        .unwrap_or(norm);
    w.strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(w)
}

/// The word without a leading و ("والحكومة" → "الحكومة"), when more than two letters remain.
pub fn strip_and(norm: &str) -> &str {
    norm.strip_prefix('و')
        .filter(|r| r.chars().count() > 2)
        .unwrap_or(norm)
}

/// True when the word carries the article ال (or لل).
pub fn is_definite(norm: &str) -> bool {
    (norm.starts_with("ال") || norm.starts_with("لل")) && norm.chars().count() > 3
}

/// A title before a name: اللواء، الشيخ، الدكتور.
pub fn is_title(norm: &str) -> bool {
    is(Class::Title, norm)
}

/// A role head with or without the article: المتحدث، الناطق، وزير، رئيس.
pub fn is_role(norm: &str) -> bool {
    let b = bare(norm);
    // the feminine of a role: المتحدثة، الناطقة، وزيرة، النائبة; a rank only without ال
    is(Class::Role, b)
        || b.strip_suffix('ه').is_some_and(|m| is(Class::Role, m))
        || is(Class::Rank, norm)
}

/// An organisation head with or without the article: جيش، وزارة، الحكومة.
pub fn is_org_head(norm: &str) -> bool {
    is(Class::OrgHead, norm) || is(Class::OrgHead, bare(norm)) || is(Class::OrgPlural, norm)
}

/// A nationality adjective, definite or not, masculine or feminine: الروسي، الروسية، روسي.
pub fn is_nation(norm: &str) -> bool {
    let b = bare(norm);
    is(Class::Nation, b) || b.strip_suffix('ه').is_some_and(|m| is(Class::Nation, m))
}

/// The nationality stem of an adjective (الروسية → روسي), for comparing descriptions.
pub fn nation_stem(norm: &str) -> Option<&str> {
    let b = bare(norm);
    if is(Class::Nation, b) {
        return Some(b);
    }
    b.strip_suffix('ه').filter(|m| is(Class::Nation, m))
}

/// An adjective that can continue a role or organisation name: a definite nisba (العسكري،
/// الإعلامية) or a listed adjective (العليا، المستقلة).
pub fn is_adjective(norm: &str) -> bool {
    if is(Class::Adj, norm) || is_nation(norm) {
        return true;
    }
    let participle = norm.starts_with("الم") && norm.ends_with('ه') && norm.chars().count() >= 6;
    let plural_nisba = norm.ends_with("يين") || norm.ends_with("يون");
    norm.starts_with("ال")
        && norm.chars().count() >= 5
        && (norm.ends_with('ي') || norm.ends_with("يه") || participle || plural_nisba)
        && !is(Class::Object, bare(norm))
}

/// A verbal-noun shape that opens an object (اتخاذ، انسحاب، استخدام، تأكيد، مطالبة).
pub fn masdar_shaped(norm: &str) -> bool {
    let c: Vec<char> = norm.chars().collect();
    match c.len() {
        5 => (c[0] == 'ا' && c[3] == 'ا') || (c[0] == 'ت' && c[3] == 'ي'),
        6 => (c[0] == 'ا' && c[4] == 'ا') || (c[0] == 'م' && c[2] == 'ا' && c[5] == 'ه'),
        7 => c[0] == 'ا' && c[1] == 'س' && c[2] == 'ت' && c[5] == 'ا',
        _ => false,
    }
}

/// A past verb of issuing or publishing a document, normalised and without clitics: أصدر،
/// نشر، بث، وزع، ألقى، أعد، أورد (masculine or feminine). What it issues speaks for its subject
/// (أصدر الحزب بيانا …، تقرير نشرته الصحيفة، بحسب ما نشرته الصحيفة).
pub fn publishing_verb(norm: &str) -> bool {
    matches!(
        norm,
        "اصدر"
            | "اصدرت"
            | "نشر"
            | "نشرت"
            | "بث"
            | "بثت"
            | "وزع"
            | "وزعت"
            | "القي"
            | "القت"
            | "اعد"
            | "اعدت"
            | "اورد"
            | "اوردت"
    )
}

/// "الإقليم"، "البلاد"، "المدينة": a definite noun that names a place only by its kind, so that
/// "برلمان الإقليم" refers back to the parliament named before.
pub fn generic_place(norm: &str) -> bool {
    is_definite(norm)
        && matches!(
            bare(norm),
            "اقليم" | "بلاد" | "دوله" | "مدينه" | "محافظه" | "منطقه" | "ولايه"
        )
}

/// A word that ends a noun phrase: particles, prepositions, time words.
pub fn ends_phrase(norm: &str) -> bool {
    is(Class::Stop, norm) || is(Class::Time, norm) || starts_with_an(norm)
}

/// أن، إن، بأن and their pronoun forms (أنه، إنها، بأنهم), normalised.
pub fn starts_with_an(norm: &str) -> bool {
    let w = norm
        .strip_prefix('ب')
        .or_else(|| norm.strip_prefix('و'))
        .or_else(|| norm.strip_prefix('ف'))
        .unwrap_or(norm);
    w == "ان" || (w.starts_with("ان") && matches!(&w[4..], "ه" | "ها" | "هم" | "هما" | "نا" | "ني"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_read_from_the_data_file() {
        assert!(is(Class::Title, "اللواء"));
        assert!(is_role("المتحدث"));
        assert!(is_role("وزير"));
        assert!(is_org_head("وزاره"));
        assert!(is_org_head("الحكومه"));
        assert!(!is_role("الغوطه"));
    }

    #[test]
    fn nationality_adjectives_in_all_forms() {
        assert!(is_nation("الروسي"));
        assert!(is_nation("الروسيه"));
        assert_eq!(nation_stem("التركيه"), Some("تركي"));
        assert!(!is_nation("الغوطه"));
    }

    #[test]
    fn an_and_its_pronoun_forms() {
        for w in ["ان", "بان", "انه", "انها", "بانهم", "وان"] {
            assert!(starts_with_an(w), "{w}");
        }
        for w in ["انسحاب", "انقره", "اني"] {
            assert!(!starts_with_an(w), "{w}");
        }
    }

    #[test]
    fn features_agree_with_the_predicates() {
        for w in [
            "المتحدث",
            "الناطقه",
            "وزيره",
            "الروسي",
            "الروسيه",
            "العليا",
            "العسكري",
            "الاكاذيب",
            "حكومه",
            "الحكومه",
            "في",
            "امس",
            "بانه",
            "الخارجيه",
            "السودانيين",
            "مصادر",
            "قال",
            "",
        ] {
            let f = features(w);
            assert_eq!(f & feat::DEFINITE != 0, is_definite(w), "{w}");
            assert_eq!(f & feat::ROLE != 0, is_role(w), "{w}");
            assert_eq!(f & feat::ORG_HEAD != 0, is_org_head(w), "{w}");
            assert_eq!(f & feat::ADJECTIVE != 0, is_adjective(w), "{w}");
            assert_eq!(f & feat::NATION != 0, is_nation(w), "{w}");
            assert_eq!(f & feat::ENDS_PHRASE != 0, ends_phrase(w), "{w}");
            assert_eq!(f & feat::AN != 0, starts_with_an(w), "{w}");
            assert_eq!(f & class_bit(Class::Title) != 0, is(Class::Title, w), "{w}");
        }
    }

    #[test]
    fn nisba_adjectives_continue_names_but_nouns_do_not() {
        assert!(is_adjective("العسكري"));
        assert!(is_adjective("الاعلاميه"));
        assert!(is_adjective("العليا"));
        assert!(!is_adjective("الاكاذيب"));
        assert!(!is_adjective("الهجوم"));
    }
}
