//! The reporting-verb lexicon: which Arabic words report speech, and in which class.

use crate::model::VerbClass;
use crate::text::normalize;

/// The base words of each class (normalised), as DESIGN.md lists them.
const BASE: &[(&str, VerbClass)] = &[
    ("قال", VerbClass::Said),
    ("ذكر", VerbClass::Said),
    ("صرح", VerbClass::Said),
    ("اضاف", VerbClass::Said),
    ("تابع", VerbClass::Said),
    ("اوضح", VerbClass::Said),
    ("اشار", VerbClass::Said),
    ("لفت", VerbClass::Said),
    ("بين", VerbClass::Said),
    ("اعتبر", VerbClass::Said),
    ("راي", VerbClass::Said),
    ("نفي", VerbClass::Denied),
    ("كذب", VerbClass::Denied),
    ("انكر", VerbClass::Denied),
    ("دحض", VerbClass::Denied),
    ("اكد", VerbClass::Confirmed),
    ("شدد", VerbClass::Confirmed),
    ("جزم", VerbClass::Confirmed),
    ("اعلن", VerbClass::Announced),
    ("كشف", VerbClass::Announced),
    ("اتهم", VerbClass::Accused),
    ("حمل", VerbClass::Accused),
    ("ادان", VerbClass::Condemned),
    ("استنكر", VerbClass::Condemned),
    ("ندد", VerbClass::Condemned),
    ("حذر", VerbClass::Warned),
    ("هدد", VerbClass::Threatened),
    ("توعد", VerbClass::Threatened),
    ("طالب", VerbClass::Demanded),
    ("دعا", VerbClass::Demanded),
    ("ناشد", VerbClass::Demanded),
    ("حث", VerbClass::Demanded),
    ("رفض", VerbClass::Rejected),
    ("زعم", VerbClass::Claimed),
    ("ادعي", VerbClass::Claimed),
    ("اعترف", VerbClass::Acknowledged),
    ("اقر", VerbClass::Acknowledged),
    ("نقل", VerbClass::Reported),
    ("افاد", VerbClass::Reported),
    ("بحسب", VerbClass::Reported),
    ("حسب", VerbClass::Reported),
];

/// The class of an Arabic reporting word (`نفى` → denied), after normalisation.
pub fn class_of(word: &str) -> Option<VerbClass> {
    let norm = normalize(word);
    BASE.iter().find(|(w, _)| *w == norm).map(|&(_, c)| c)
}

/// The base Arabic words of a class, for listings such as the REPL's `.verbs`.
pub fn words(class: VerbClass) -> impl Iterator<Item = &'static str> {
    BASE.iter()
        .filter(move |(_, c)| *c == class)
        .map(|&(w, _)| w)
}
