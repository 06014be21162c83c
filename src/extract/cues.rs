//! Reporting cues in a sentence: verbs, participles, support verbs with their verbal noun
//! (جدد … نفيه، عاد … ليؤكد) and attribution phrases (بحسب، نقلاً عن، وفقاً لما ذكره).
//!
//! Words inside quotation marks are never cues: they are someone's words, not the reporting.

use super::lexicon::{self, Cue, Form};
use super::tokens::Doc;
use super::vocab;
use crate::model::VerbClass;
use std::ops::Range;

/// The shape of a cue, which decides where its speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A finite verb (نفى، تؤكد، لم ينفِ).
    Verb,
    /// A participle continuing a statement (مضيفاً).
    Participle,
    /// An attribution phrase; the speaker follows it (بحسب X).
    Attribution,
}

/// One cue in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueAt {
    /// The token of the reporting word (the support verb for جدد … نفيه).
    pub at: usize,
    /// Where the speaker phrase may start (after the verb or the attribution phrase).
    pub after: usize,
    /// The verbal noun of a support verb, which ends the speaker phrase (جدد X نفيه).
    pub noun: Option<usize>,
    pub class: VerbClass,
    pub shape: Shape,
    pub form: Form,
    pub needs: u16,
    /// The clitic stripped from the word ("و" in ونفى, "ل" in ليؤكد).
    pub prefix: &'static str,
    pub negated: bool,
    /// A speech verb outside the classes (كتب، غرّد): it names a speaker, reports nothing.
    pub silent: bool,
    /// A dual or plural verb (ونفيا، وطالبوا): no noun after it is its subject.
    pub plural: bool,
    /// The tokens whose text is `verb_text`.
    pub words: Vec<usize>,
}

/// Negation particles before a verb: لم ينفِ، لا ينفي، لن يقبل، ما زال is not one.
fn is_negator(norm: &str) -> bool {
    matches!(
        norm,
        "لم" | "ولم" | "فلم" | "لا" | "ولا" | "فلا" | "لن" | "ولن"
    )
}

/// Every cue of the sentence `range`, left to right.
pub fn find(doc: &Doc, range: Range<usize>) -> Vec<CueAt> {
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if doc.in_quote(i) || !doc.toks[i].is_word() {
            i += 1;
            continue;
        }
        if let Some(cue) = attribution(doc, i, range.end).or_else(|| verb(doc, i, range.end)) {
            let cue = returned_to(doc, cue, range.start);
            i = cue.after.max(i + 1);
            out.push(cue);
        } else {
            i += 1;
        }
    }
    out
}

/// A lexicon word at `i` as a cue: a verb or participle, or a support verb with its noun.
fn verb(doc: &Doc, i: usize, end: usize) -> Option<CueAt> {
    let found = doc.cue(i)?;
    let Cue {
        class,
        form,
        needs,
        silent,
        plural,
        ..
    } = found.cue;
    let (shape, class, noun) = match (form, class) {
        (Form::Past | Form::Present, _) if silent => (Shape::Verb, VerbClass::Said, None),
        (Form::Participle, _) if silent => (Shape::Participle, VerbClass::Said, None),
        (Form::Past | Form::Present | Form::Participle, Some(c)) => {
            let shape = if form == Form::Participle {
                Shape::Participle
            } else {
                Shape::Verb
            };
            let noun = light_verb_noun(doc, c, i + 1, end).or_else(|| match form {
                Form::Participle => bare_verbal_noun(doc, c, i + 1, end),
                _ => bare_noun_after_subject(doc, Some(c), i + 1, end),
            });
            match noun {
                Some((noun, nc)) => (shape, nc, Some(noun)),
                None => (shape, c, None),
            }
        }
        // معرباً عن رفضه: a support verb's participle continues with its noun's class
        (Form::Participle, None) if !silent => match verbal_noun(doc, i + 1, end.min(i + 6)) {
            Some((noun, c)) => (Shape::Participle, c, Some(noun)),
            None => return None,
        },
        (Form::Past | Form::Present, None) => match verbal_noun(doc, i + 1, end).or_else(|| {
            (!silent)
                .then(|| bare_noun_after_subject(doc, None, i + 1, end))
                .flatten()
        }) {
            Some((noun, c)) => (Shape::Verb, c, Some(noun)),
            // أعرب عن قلقه، مشيراً …: an expression verb with another noun names the speaker of
            // what continues it
            None if expresses(found.cue.lemma) => {
                return Some(silent_cue(i, found.prefix, form));
            }
            None => return None,
        },
        _ => return None,
    };
    let negated = i > 0 && is_negator(doc.norm(i - 1));
    let mut words = vec![i];
    if let Some(n) = noun {
        words.push(n);
    }
    Some(CueAt {
        at: i,
        after: i + 1,
        noun,
        class,
        shape,
        form,
        needs,
        prefix: found.prefix,
        negated,
        silent,
        plural,
        words,
    })
}

/// The classes whose verbs can be light verbs before a sharper verbal noun (أكد، أعلن).
fn asserts(class: VerbClass) -> bool {
    matches!(class, VerbClass::Confirmed | VerbClass::Announced)
}

/// "أكدت الهيئة رفضها"، "أعلن إدانته"، "مؤكداً رفضه": a verb of asserting used as a light verb
/// before the verbal noun of a sharper class takes that noun's class. Only a noun with its
/// possessive (the speaker's own refusal), within the verb's clause.
fn light_verb_noun(
    doc: &Doc,
    class: VerbClass,
    from: usize,
    end: usize,
) -> Option<(usize, VerbClass)> {
    if !asserts(class) {
        return None;
    }
    let (k, noun_class) = verbal_noun(doc, from, end.min(from + 14))?;
    let sharper = matches!(
        noun_class,
        VerbClass::Rejected
            | VerbClass::Denied
            | VerbClass::Demanded
            | VerbClass::Condemned
            | VerbClass::Warned
            | VerbClass::Accused
            | VerbClass::Threatened
    );
    // no comma-closed clause or other verb between them
    let clean = (from..k).all(|j| !doc.toks[j].is(':') && doc.cue(j).is_none());
    (sharper && clean).then_some((k, noun_class))
}

/// "مؤكداً رفض …"، "مشدداً على رفض …": a participle of asserting right before the bare verbal
/// noun of a sharper class (spelt like its past verb) takes that class.
fn bare_verbal_noun(
    doc: &Doc,
    class: VerbClass,
    from: usize,
    end: usize,
) -> Option<(usize, VerbClass)> {
    if !asserts(class) {
        return None;
    }
    let k = if doc.norm(from) == "علي" {
        from + 1
    } else {
        from
    };
    if k >= end || !doc.toks[k].is_word() {
        return None;
    }
    let f = lexicon::lookup(doc.norm(k))?;
    let sharp = matches!(
        f.cue.class,
        Some(VerbClass::Rejected | VerbClass::Denied | VerbClass::Condemned)
    );
    // the noun governs what follows it: a definite word or a name, not أن
    let governs =
        doc.toks.get(k + 1).is_some_and(|t| t.is_word()) && !doc.has(vocab::feat::AN, k + 1);
    (sharp && f.prefix.is_empty() && matches!(f.cue.form, Form::Past | Form::BareNoun) && governs)
        .then(|| (k, f.cue.class.unwrap_or(class)))
}

/// "أكد المعداني رفض تعرض المجلس …"، "أعلن الحزب رفض المشاركة": a finite verb of asserting
/// whose subject is followed by the bare verbal noun of a sharper class takes that class. The
/// noun comes after one to six words of subject, with no comma, أن, quote or other cue before.
/// A support verb (`class` `None`: جدد المجلس رفض …) takes the noun's class the same way.
fn bare_noun_after_subject(
    doc: &Doc,
    class: Option<VerbClass>,
    from: usize,
    end: usize,
) -> Option<(usize, VerbClass)> {
    // a support verb's noun is read as after a verb of asserting
    let class = class.unwrap_or(VerbClass::Confirmed);
    if !asserts(class) {
        return None;
    }
    for k in from + 1..end.min(from + 7) {
        let t = &doc.toks[k - 1];
        if !t.is_word() || vocab::starts_with_an(&t.norm) || doc.in_quote(k - 1) {
            return None;
        }
        if let Some(found) = bare_verbal_noun(doc, class, k, end) {
            return Some(found);
        }
        if doc.cue(k).is_some() {
            return None;
        }
    }
    None
}

/// Support verbs of expression (أعرب عن، أبدى) rather than repetition (جدد، كرر، واصل).
fn expresses(lemma: &str) -> bool {
    matches!(lemma, "أعرب" | "أبدى")
}

/// A silent cue at `i`: a speaker for what continues it, no statement.
fn silent_cue(i: usize, prefix: &'static str, form: Form) -> CueAt {
    CueAt {
        at: i,
        after: i + 1,
        noun: None,
        class: VerbClass::Said,
        shape: Shape::Verb,
        form,
        needs: 0,
        prefix,
        negated: false,
        silent: true,
        plural: false,
        words: vec![i],
    }
}

/// "عاد X ليؤكد"، "ثم عاد ليؤكد": عاد opens the cue and the speaker stands between the two.
fn returned_to(doc: &Doc, mut cue: CueAt, start: usize) -> CueAt {
    if cue.prefix != "ل" || cue.form != Form::Present {
        return cue;
    }
    let from = cue.at.saturating_sub(5).max(start);
    let aada = (from..cue.at).rev().find(|&k| {
        matches!(
            doc.norm(k),
            "عاد" | "عادت" | "يعود" | "تعود" | "وعاد" | "وعادت" | "فعاد"
        )
    });
    if let Some(k) = aada {
        cue.noun = Some(cue.at);
        cue.words = vec![k, cue.at];
        cue.at = k;
        cue.after = k + 1;
        cue.prefix = if doc.norm(k).starts_with('و') {
            "و"
        } else {
            ""
        };
    }
    cue
}

/// The verbal noun with a possessive that follows a support verb within a few words
/// (جدد "X" المتحدث باسم Y نفيه), before any أن or quote.
fn verbal_noun(doc: &Doc, from: usize, end: usize) -> Option<(usize, VerbClass)> {
    for k in from..end.min(from + 14) {
        let w = doc.norm(k);
        if doc.toks[k].is(':') || (vocab::starts_with_an(w) && !doc.in_quote(k)) {
            return None;
        }
        if doc.in_quote(k) {
            continue;
        }
        if let Some(f) = lexicon::lookup(w) {
            match (f.cue.form, f.cue.class) {
                (Form::Noun, Some(c)) if f.prefix.is_empty() => return Some((k, c)),
                (Form::Past | Form::Present, _) => return None,
                _ => {}
            }
        }
    }
    None
}

/// An attribution phrase at `i`: بحسب، حسب، وفقاً لـ، وفقاً لما ذكره، نقلاً عن، على لسان.
fn attribution(doc: &Doc, i: usize, end: usize) -> Option<CueAt> {
    let w = doc.norm(i);
    let w = match w.strip_prefix('و') {
        Some(r)
            if matches!(
                r,
                "بحسب" | "حسب" | "حسبما" | "نقلا" | "وفقا" | "وفق" | "طبقا" | "علي"
            ) =>
        {
            r
        }
        _ => w,
    };
    let next = doc.norm(i + 1);
    let mut at = i;
    let phrase_end = match w {
        // حسبما نقلت X، بحسب ما أفادت X
        "حسبما" if reporting_verb_at(doc, i + 1) => i + 2,
        "بحسب" | "حسب" if next == "ما" && reporting_verb_at(doc, i + 2) => i + 3,
        "بحسب" | "حسب" | "حسبما" => i + 1,
        "نقلا" if next == "عن" => i + 2,
        "علي" if next == "لسان" => i + 2,
        "وفقا" | "وفق" | "طبقا" => according_to(doc, i + 1)?,
        // "…، كما نقلت وكالة الأنباء": the source of what the sentence reported
        "كما" if i > 0 && doc.toks[i - 1].is_comma() && source_verb_at(doc, i + 1) => {
            at = i + 1;
            i + 2
        }
        _ => return None,
    };
    if phrase_end >= end {
        return None;
    }
    Some(CueAt {
        at,
        after: phrase_end,
        noun: None,
        class: VerbClass::Reported,
        shape: Shape::Attribution,
        form: Form::Past,
        needs: 0,
        prefix: "",
        negated: false,
        silent: false,
        plural: false,
        words: (at..phrase_end).collect(),
    })
}

/// A verb reporting what a source said, with or without an object pronoun: نقلت، أفادت،
/// ذكرته، أعلنتها، أوردت.
fn reporting_verb_at(doc: &Doc, j: usize) -> bool {
    let w = doc.norm(j);
    // بحسب ما نشرته الصحيفة، وفقاً لما بثته القناة: publishing reports too
    let verb = |w: &str| {
        lexicon::lookup(w).is_some_and(|f| matches!(f.cue.form, Form::Past | Form::Present))
            || vocab::publishing_verb(w)
    };
    doc.toks.get(j).is_some_and(|t| t.is_word())
        && (verb(w)
            || w.strip_suffix("ها").is_some_and(verb)
            || w.strip_suffix('ه').is_some_and(verb))
}

/// نقلت، أفادت، ذكرت، أوردت after كما: a source, not a new statement.
fn source_verb_at(doc: &Doc, j: usize) -> bool {
    doc.cue(j).is_some_and(|f| {
        matches!(f.cue.form, Form::Past | Form::Present)
            && matches!(f.cue.lemma, "نقل" | "أفاد" | "ذكر" | "أورد")
    })
}

/// After وفقاً: "لـ" (its own token), "لما ذكره/أعلنته" (a relative and a verb), or a word with
/// ل attached (لمصادر), where the speaker phrase then starts.
fn according_to(doc: &Doc, j: usize) -> Option<usize> {
    let w = doc.norm(j);
    if w == "ل" {
        return Some(j + 1);
    }
    if matches!(w, "لما" | "ما") && doc.toks.get(j + 1).is_some_and(|t| t.is_word()) {
        return Some(j + 2);
    }
    (w.starts_with('ل') && w.chars().count() > 2).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<(VerbClass, Shape, bool)> {
        let doc = Doc::new(text);
        find(&doc, 0..doc.toks.len())
            .into_iter()
            .map(|c| (c.class, c.shape, c.negated))
            .collect()
    }

    #[test]
    fn verbs_participles_and_negation() {
        assert_eq!(
            cues("ونفى المتحدث ذلك، مضيفاً أن الأمر لم يؤكد"),
            [
                (VerbClass::Denied, Shape::Verb, false),
                (VerbClass::Said, Shape::Participle, false),
                (VerbClass::Confirmed, Shape::Verb, true),
            ]
        );
    }

    #[test]
    fn a_support_verb_takes_its_nouns_class() {
        let doc = Doc::new("جدد \"سعيد ناصر\" المتحدث باسم الحركة رفضه للمبادرة");
        let found = find(&doc, 0..doc.toks.len());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].class, VerbClass::Rejected);
        assert_eq!(found[0].words.len(), 2);
        assert!(cues("جدد الجيش قصفه للبلدة").is_empty());
    }

    #[test]
    fn attribution_phrases() {
        assert_eq!(cues("وبحسب مصادر محلية فإن")[0].1, Shape::Attribution);
        assert_eq!(cues("نقلاً عن مسؤول أمني")[0].1, Shape::Attribution);
        assert_eq!(cues("وفقاً لما ذكره مصدر عسكري")[0].1, Shape::Attribution);
        assert!(cues("على الأرض").is_empty());
    }

    #[test]
    fn words_inside_quotes_are_not_cues() {
        assert_eq!(cues("قال: \"لن نرفض أي حوار\"").len(), 1);
    }
}
