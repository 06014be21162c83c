//! The reporting-verb lexicon: which Arabic words report speech, and in which class.
//!
//! The words live in `data/verbs.tsv` (one lemma a line with its past and present forms,
//! participles and verbal nouns), parsed once into a map from normalised surface form to
//! [`Cue`]. Lookup strips the clitics و ف ل ك, so `ونفت`، `فيؤكد`، `ليؤكد` and `مضيفةً` are all
//! found; the map is what [`class_of`] and the extraction rules share.

use crate::model::VerbClass;
use crate::text::normalize;
use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("data/verbs.tsv");

/// The grammatical shape of a cue word, which decides where its speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A finite verb in the past (نفى، أكدت).
    Past,
    /// A finite verb in the present or jussive (ينفي، تؤكد، لم ينفِ).
    Present,
    /// A participle continuing a statement (مضيفا، مشيرةً).
    Participle,
    /// A verbal noun with a possessive suffix after a support verb (نفيه، تأكيدها).
    Noun,
    /// A bare verbal noun (نفي، رفض): a class for queries, never a cue by itself.
    BareNoun,
}

/// What must follow a cue in its clause (bit set; empty means nothing).
pub mod needs {
    pub const AN: u16 = 1;
    pub const COLON: u16 = 2;
    pub const QUOTE: u16 = 4;
    pub const ILA: u16 = 8;
    pub const AN_ON: u16 = 16;
    pub const BI: u16 = 32;
    pub const MIN: u16 = 64;
    pub const ALA: u16 = 128;
    pub const RESP: u16 = 256;
    pub const OBJ: u16 = 512;
}

/// One lexicon entry for a surface form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    /// The class; `None` for support verbs (جدد، أعرب) that take their noun's class, and for
    /// speech verbs outside the classes (كتب، غرّد، رحّب).
    pub class: Option<VerbClass>,
    pub form: Form,
    /// A speech verb outside the classes: it names who speaks, for the verbs that continue it
    /// (وكتب X في تغريدة أن … واعتبر أن …), but reports no statement of its own.
    pub silent: bool,
    /// A dual or plural verb (نفيا، قالوا، يقولون): its subject is a pronoun, never a noun after it.
    pub plural: bool,
    /// What must follow in the clause (see [`needs`]).
    pub needs: u16,
    /// The lemma as the data file writes it (its first past form).
    pub lemma: &'static str,
}

/// A cue found in a word, with the clitic prefix that was stripped from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub cue: Cue,
    /// The stripped prefix, normalised ("" when none; "ل" in ليؤكد).
    pub prefix: &'static str,
}

struct Lexicon {
    forms: HashMap<String, Cue, super::vocab::Fnv>,
    /// The forms with their clitics (see [`with_clitics`]).
    with_clitics: HashMap<String, Found, super::vocab::Fnv>,
    lemmas: Vec<(&'static str, Option<VerbClass>)>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| parse(DATA))
}

fn parse(data: &'static str) -> Lexicon {
    let mut lex = Lexicon {
        forms: HashMap::default(),
        with_clitics: HashMap::default(),
        lemmas: Vec::new(),
    };
    for line in data.lines() {
        let cols: Vec<&'static str> = line.split('\t').collect();
        if line.starts_with('#') || cols.len() < 6 {
            continue;
        }
        let class = VerbClass::from_name(cols[0]);
        let silent = cols[0] == "silent";
        if class.is_none() && cols[0] != "support" && !silent {
            continue;
        }
        let lemma = cols[2].split_whitespace().next().unwrap_or("");
        if !silent {
            lex.lemmas.push((lemma, class));
        }
        let base = Cue {
            class,
            form: Form::Past,
            silent,
            plural: false,
            needs: parse_needs(cols[1]),
            lemma,
        };
        let lemma_norm = normalize(lemma);
        let mut add = |form: Form, word: String, plural: bool| {
            lex.forms.entry(word).or_insert(Cue {
                form,
                plural,
                ..base
            });
        };
        let objects: Vec<String> = cols.get(6).map_or(Vec::new(), |c| words_of(c).collect());
        for w in words_of(cols[2]) {
            let plural = past_plural(&lemma_norm, &w);
            for o in object_forms(&w, &objects) {
                add(Form::Past, o, plural);
            }
            add(Form::Past, w, plural);
        }
        for w in words_of(cols[3]) {
            let plural = w.ends_with("ون") || w.ends_with("ان") || w.ends_with("لن");
            for o in object_forms(&w, &objects) {
                add(Form::Present, o, plural);
            }
            add(Form::Present, w, plural);
        }
        for w in words_of(cols[4]) {
            participle_forms(&w)
                .into_iter()
                .for_each(|f| add(Form::Participle, f, false));
        }
        for w in words_of(cols[5]) {
            possessive_forms(&w)
                .into_iter()
                .for_each(|f| add(Form::Noun, f, false));
            add(Form::BareNoun, w, false);
        }
    }
    lex.with_clitics = with_clitics(&lex.forms);
    lex
}

/// A dual or plural past form of `lemma`: نفيا، نفتا، نفوا، قالا، قالوا (not the lemma itself,
/// even when it ends in ا: دعا).
fn past_plural(lemma: &str, w: &str) -> bool {
    w != lemma && (w.ends_with("وا") || w.ends_with("تا") || w.ends_with('ا'))
}

fn words_of(col: &str) -> impl Iterator<Item = String> + '_ {
    col.split_whitespace().filter(|w| *w != "-").map(normalize)
}

fn parse_needs(col: &str) -> u16 {
    col.split(',')
        .map(|n| match n.trim() {
            "an" => needs::AN,
            "colon" => needs::COLON,
            "quote" => needs::QUOTE,
            "ila" => needs::ILA,
            "an_on" => needs::AN_ON,
            "bi" => needs::BI,
            "min" => needs::MIN,
            "ala" => needs::ALA,
            "resp" => needs::RESP,
            "obj" => needs::OBJ,
            _ => 0,
        })
        .fold(0, |a, b| a | b)
}

/// A finite form with each of its object pronouns: اتهم → اتهمه، اتهموا → اتهموه، نفى → نفاه
/// (a final ى or the plural's silent ا gives way to the pronoun).
fn object_forms(form: &str, objects: &[String]) -> Vec<String> {
    let stem = if let Some(s) = form.strip_suffix("وا") {
        format!("{s}و")
    } else if let Some(s) = form
        .strip_suffix('ي')
        .filter(|_| !form.starts_with(['ي', 'ت']))
    {
        format!("{s}ا")
    } else {
        form.to_string()
    };
    objects.iter().map(|o| format!("{stem}{o}")).collect()
}

/// مضيفا → مضيفا، مضيفه، مضيفين، مضيفتين، مضيفان (masculine, feminine, plural, duals).
fn participle_forms(masc: &str) -> Vec<String> {
    let stem = masc.strip_suffix('ا').unwrap_or(masc);
    ["ا", "ه", "ين", "تين", "ان", "تان"]
        .iter()
        .map(|s| format!("{stem}{s}"))
        .collect()
}

/// نفي → نفيه، نفيها، نفيهما، نفيهم؛ إدانة → إدانته، إدانتها (the ة becomes ت).
fn possessive_forms(noun: &str) -> Vec<String> {
    let stem = match noun.strip_suffix('ه') {
        Some(s) => format!("{s}ت"),
        None => noun.to_string(),
    };
    ["ه", "ها", "هما", "هم", "هن", "نا"]
        .iter()
        .map(|s| format!("{stem}{s}"))
        .collect()
}

/// Clitic prefixes tried at lookup, longest first. ك never joins a verb (كيري is a name, not
/// ك + يرى).
const PREFIXES: [&str; 5] = ["ول", "فل", "و", "ف", "ل"];

/// The cue of a normalised word, trying it whole first and then without clitics.
pub fn lookup(norm: &str) -> Option<Found> {
    lexicon().with_clitics.get(norm).copied()
}

/// Every form with every clitic it can carry, as [`lookup`] finds them: a form whole first,
/// then with the clitics in the order of [`PREFIXES`] (one lookup per word).
fn with_clitics(
    forms: &HashMap<String, Cue, super::vocab::Fnv>,
) -> HashMap<String, Found, super::vocab::Fnv> {
    let mut out: HashMap<String, Found, super::vocab::Fnv> = HashMap::default();
    for (w, &cue) in forms {
        out.insert(w.clone(), Found { cue, prefix: "" });
    }
    for p in PREFIXES {
        for (w, &cue) in forms {
            if w.chars().count() >= 2 {
                out.entry(format!("{p}{w}"))
                    .or_insert(Found { cue, prefix: p });
            }
        }
    }
    out
}

/// Attribution words of class reported: بحسب، حسب، وفقا لـ، نقلا عن، على لسان.
const ATTRIBUTION: &[&str] = &[
    "بحسب",
    "حسب",
    "حسبما",
    "وفقا",
    "وفق",
    "طبقا",
    "نقلا",
    "على لسان",
    "لسان",
    "وفقا ل",
    "نقلا عن",
];

/// The class of an Arabic reporting word (`نفى` → denied), for any inflected or cliticised form.
pub fn class_of(word: &str) -> Option<VerbClass> {
    let norm = normalize(word);
    let bare = norm.strip_prefix('و').filter(|r| r.chars().count() >= 3);
    if ATTRIBUTION.contains(&norm.as_str()) || bare.is_some_and(|b| ATTRIBUTION.contains(&b)) {
        return Some(VerbClass::Reported);
    }
    lookup(&norm).and_then(|f| f.cue.class)
}

/// The base Arabic words of a class, for listings such as the REPL's `.verbs`.
pub fn words(class: VerbClass) -> impl Iterator<Item = &'static str> {
    let attribution: &'static [&'static str] = if class == VerbClass::Reported {
        &["بحسب", "وفقاً لـ", "نقلاً عن", "على لسان"]
    } else {
        &[]
    };
    lexicon()
        .lemmas
        .iter()
        .filter(move |(_, c)| *c == Some(class))
        .map(|&(w, _)| w)
        .chain(attribution.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_has_words() {
        for class in VerbClass::ALL {
            assert!(words(class).next().is_some(), "{class}");
        }
    }

    #[test]
    fn inflected_and_cliticised_forms_keep_their_class() {
        for w in [
            "نفى",
            "نفت",
            "نفيا",
            "نفوا",
            "ينفي",
            "تنفيان",
            "ينفون",
            "ونفى",
            "فنفت",
        ] {
            assert_eq!(class_of(w), Some(VerbClass::Denied), "{w}");
        }
        assert_eq!(class_of("ليؤكد"), Some(VerbClass::Confirmed));
        assert_eq!(class_of("مضيفاً"), Some(VerbClass::Said));
        assert_eq!(class_of("مشيرةً"), Some(VerbClass::Said));
        assert_eq!(class_of("نفيهما"), Some(VerbClass::Denied));
        assert_eq!(class_of("إدانتها"), Some(VerbClass::Condemned));
        assert_eq!(class_of("وبحسب"), Some(VerbClass::Reported));
        assert_eq!(class_of("ويناشد"), Some(VerbClass::Demanded));
        assert_eq!(
            class_of("لم ينفِ".split(' ').nth(1).unwrap()),
            Some(VerbClass::Denied)
        );
    }

    #[test]
    fn finite_forms_carry_object_pronouns_but_never_spell_a_noun() {
        for (w, class) in [
            ("ووصفته", VerbClass::Said),
            ("اتهمها", VerbClass::Accused),
            ("واتهموه", VerbClass::Accused),
            ("يحذرهم", VerbClass::Warned),
            ("نفاه", VerbClass::Denied),
            ("دعاهم", VerbClass::Demanded),
        ] {
            assert_eq!(class_of(w), Some(class), "{w}");
        }
        assert!(lookup("واتهماه").unwrap().cue.plural);
        // دعاة (preachers), حملة (a campaign), طالبة (a student), كذبة (a lie)
        for w in ["دعاة", "حملة", "طالبة", "كذبة", "قاله"] {
            assert_eq!(class_of(w), None, "{w}");
        }
    }

    #[test]
    fn ordinary_words_are_not_cues() {
        for w in ["الغوطة", "مفاوضات", "قوات", "في", "بحذر", "جدد", ""] {
            assert_eq!(class_of(w), None, "{w}");
        }
    }

    #[test]
    fn a_name_is_not_a_verb_with_ka() {
        assert_eq!(lookup("كيري"), None);
        assert_eq!(lookup("كقال"), None);
    }

    #[test]
    fn dual_and_plural_verbs_are_marked() {
        assert!(lookup("نفيا").unwrap().cue.plural);
        assert!(lookup("وطالبوا").unwrap().cue.plural);
        assert!(lookup("يقولون").unwrap().cue.plural);
        assert!(!lookup("دعا").unwrap().cue.plural);
        assert!(!lookup("قالت").unwrap().cue.plural);
    }

    #[test]
    fn speech_verbs_outside_the_classes_are_silent() {
        let f = lookup("وكتب").unwrap();
        assert!(f.cue.silent && f.cue.class.is_none());
        assert_eq!(class_of("غرد"), None);
    }

    #[test]
    fn the_lookup_reports_form_and_prefix() {
        let f = lookup("ليؤكد").unwrap();
        assert_eq!((f.cue.form, f.prefix), (Form::Present, "ل"));
        assert_eq!(lookup("مضيفه").unwrap().cue.form, Form::Participle);
        assert_eq!(lookup("جدد").unwrap().cue.class, None);
        assert!(lookup("رفضه").unwrap().cue.form == Form::Noun);
    }
}
