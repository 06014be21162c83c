//! From cues to statements: where each cue's speaker is, and whether the cue reports speech.
//!
//! The rules, one function each:
//!
//! ```text
//! verb_first      نفى "X" الناطق باسم Y الأكاذيب …       the speaker follows the verb
//! kana_frame      وكان "علوان" قد أكد …                   the speaker between كان and قد
//! subject_first   وزارة الخارجية الروسية، من جهتها، أكدت   the clause opens with the speaker
//! joined_subject  … وميقاتي يحذر من …                     a speaker joined by و before the verb
//! continuation    وأضاف أن … / ، مضيفاً: … / ليؤكد أن      the speaker of the statement it continues
//! attribution     بحسب مصادر محلية / نقلاً عن X            the speaker follows the phrase
//! statement_voice وقال بيان صادر عن X / وأشار البيان      a statement speaks for its issuer
//! ```
//!
//! A cue with no speaker of its own inside what someone else said (عن مفاوضات يُزعم أن …), a
//! verb whose meaning is not speech (نقلت فرق الدفاع المدني الجرحى) and a noun (لاقى رفضاً)
//! give no statement.

use super::cues::{CueAt, Shape};
use super::lexicon::{Form, needs};
use super::speaker::{Ctx, Np};
use super::vocab::{self, Class};
use crate::model::VerbClass;
use std::ops::Range;

/// Who a statement is by, before names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// A speaker phrase in the text.
    Phrase(Np),
    /// The speaker of an earlier statement (index into the article's raw statements).
    Same(usize),
}

/// A statement before names and dates are resolved.
#[derive(Debug, Clone)]
pub struct Raw {
    pub who: Who,
    pub cue: CueAt,
    /// Tokens of what was said.
    pub content: Range<usize>,
    /// Tokens of the direct quote, if any.
    pub quote: Option<Range<usize>>,
    /// Tokens that may date the act of speaking (the verb's frame, not the content).
    pub frame: Range<usize>,
    /// Token range of the sentence.
    pub sentence: Range<usize>,
}

/// Reads one sentence's statements, appending to `out` (which holds the article's earlier ones).
pub fn sentence(ctx: &Ctx, range: Range<usize>, cues: Vec<CueAt>, out: &mut Vec<Raw>) {
    let first_here = out.len();
    for cue in cues {
        let start_len = out.len();
        let whos = match cue.shape {
            Shape::Participle => participle(ctx, &cue, &range, out, first_here),
            Shape::Attribution => attribution(ctx, &cue, &range),
            Shape::Verb => verb(ctx, &cue, &range, out, first_here)
                .map(|found| relayed_source(ctx, &cue, &range, found)),
        };
        let Some((whos, after)) = whos else { continue };
        if declines_to_be_named(ctx, &cue, after) {
            continue;
        }
        let (mut content, mut quote, frame_end) = content(ctx, after, range.end);
        // "قُتل خمسة مدنيين، بحسب المرصد.": a post-posed attribution reports what precedes it
        let empty = !content.clone().any(|k| ctx.doc.toks[k].is_word());
        if cue.shape == Shape::Attribution && empty {
            (content, quote) = preceding_content(ctx, &cue, &range, &out[first_here..]);
        }
        // "نقلاً عن إفي": a credit line attributes nothing
        let alone = (range.start..cue.at)
            .chain(after..range.end)
            .all(|k| !ctx.doc.toks[k].is_word());
        if cue.shape == Shape::Attribution && alone {
            continue;
        }
        let opened_by_an = content.start > after
            && ctx.doc.has(vocab::feat::AN, content.start - 1)
            && cue.needs & needs::AN != 0;
        if !opened_by_an && !needs_met(ctx, &cue, after, content.end.max(after)) {
            continue;
        }
        let first_in_sentence = out.len() == first_here;
        let continues = whos.iter().all(|w| matches!(w, Who::Same(_)));
        let frame_start = if continues {
            cue.at
        } else {
            frame_start(ctx, &cue, &range, first_in_sentence)
        };
        for who in whos {
            out.push(Raw {
                who,
                cue: cue.clone(),
                content: content.clone(),
                quote: quote.clone(),
                frame: frame_start..frame_end,
                sentence: range.clone(),
            });
        }
        cut_previous_content(out, first_here, start_len);
    }
}

/// What a post-posed attribution at the end of its sentence reports: the content of the
/// sentence's statement before it (قال الوزير إن …، بحسب الوكالة), else the words from the
/// sentence start to the attribution, without a trailing comma.
fn preceding_content(
    ctx: &Ctx,
    cue: &CueAt,
    range: &Range<usize>,
    here: &[Raw],
) -> (Range<usize>, Option<Range<usize>>) {
    let (start, quote) = match here.last() {
        Some(last) => (last.content.start, last.quote.clone()),
        None => (range.start, None),
    };
    let mut end = cue.at;
    while end > start && !ctx.doc.toks[end - 1].is_word() {
        end -= 1;
    }
    (start..end, quote.filter(|q| q.end <= cue.at))
}

/// "ونقلت الوكالة عن مصدر عسكري قوله إن …": the one who relays (نقل X عن Y) only carries what
/// Y said; the statement is Y's. Returns the speakers found, or Y and where عن stands.
fn relayed_source(
    ctx: &Ctx,
    cue: &CueAt,
    range: &Range<usize>,
    found: (Vec<Who>, usize),
) -> (Vec<Who>, usize) {
    if cue.class != VerbClass::Reported || cue.needs & needs::AN_ON == 0 {
        return found;
    }
    let mut at = found.1;
    while at < range.end && at < found.1 + 4 && ctx.doc.norm(at) != "عن" {
        if !ctx.doc.toks[at].is_word() || ctx.doc.has(vocab::feat::AN, at) {
            return found;
        }
        at += 1;
    }
    if ctx.doc.norm(at) != "عن" {
        return found;
    }
    // نقلت الصحيفة عن رسالة …: a document is no speaker; its issuer is, when it is named
    if statement_noun(ctx.doc.norm(at + 1)).is_some() {
        return match issued_statement(ctx, at + 1, range.end) {
            Some(issuer) => (vec![Who::Phrase(issuer)], at),
            None => found,
        };
    }
    match ctx.parse(at + 1, range.end) {
        // what follows is read from عن on, so that the verb's need of عن is seen met
        Some(np) if speaker_like(ctx, &np) => (vec![Who::Phrase(np)], at),
        _ => found,
    }
}

/// A new statement ends the content of the ones before it in the sentence.
fn cut_previous_content(out: &mut [Raw], first_here: usize, new: usize) {
    let Some(cut) = out.get(new).map(|r| r.cue.at.min(r.frame.start)) else {
        return;
    };
    for r in &mut out[first_here..new] {
        if r.content.end > cut && r.content.start < cut {
            r.content.end = cut;
        }
        if let Some(q) = &r.quote {
            if q.end > cut && q.start < cut {
                r.quote = Some(q.start..cut);
            }
        }
    }
}

/// The speakers a continuation takes: every speaker of the statement group before it
/// (أكد صالح والمشري … ونفيا → both).
///
/// A source named in passing (وقال X، حسبما أفادت الوكالة، إن …، معتبراً) is skipped for the
/// speaker of the sentence's statement before it.
fn same_as_last(out: &[Raw]) -> Option<Vec<Who>> {
    let mut n = out.len();
    let last = out.last()?;
    if last.cue.shape == Shape::Attribution {
        let earlier = out[..n - 1]
            .iter()
            .rposition(|r| r.sentence == last.sentence && r.cue.shape != Shape::Attribution);
        if let Some(k) = earlier {
            n = k + 1;
        }
    }
    Some(same_as(out, n - 1))
}

/// The statement `out[k]` and any others of its verb (two speakers of one verb), as the
/// speakers of a continuation.
fn same_as(out: &[Raw], k: usize) -> Vec<Who> {
    let n = k + 1;
    let last = &out[k];
    let group: Vec<Who> = (0..n)
        .rev()
        .take_while(|&k| out[k].cue.at == last.cue.at && out[k].sentence == last.sentence)
        .map(Who::Same)
        .collect();
    group.into_iter().rev().collect()
}

/// "أعلنت الحكومة … . وأوضح أن …": a verb that opens a sentence without a subject and cannot
/// agree with the last statement's verb (a masculine verb after a feminine one, a singular
/// after a plural) continues the latest statement of the last few whose verb it agrees with.
fn agreeing_speaker(ctx: &Ctx, cue: &CueAt, out: &[Raw]) -> Option<Vec<Who>> {
    let mine = agreement(ctx, cue)?;
    let last = out.last()?;
    let theirs = agreement(ctx, &last.cue)?;
    if theirs == mine {
        return None;
    }
    let from = out.len().saturating_sub(6);
    let k = (from..out.len() - 1)
        .rev()
        .find(|&k| agreement(ctx, &out[k].cue) == Some(mine))?;
    Some(same_as(out, k))
}

/// `، مضيفاً: …`، `، مشيرةً إلى أن …`: the speaker of the statement it continues.
fn participle(
    ctx: &Ctx,
    cue: &CueAt,
    range: &Range<usize>,
    out: &[Raw],
    first_here: usize,
) -> Option<(Vec<Who>, usize)> {
    // "… باستثناء دمشق". كاشفاً أنه …": a participle that opens a sentence still continues
    let after = cue.after + usize::from(honorific_pronoun(ctx.doc.norm(cue.after)));
    if cue.at == range.start && !out.is_empty() {
        // "… القانون.. مهيبةً بالمملكة أن …": or the complement its need names
        let complement = cue.needs & needs::BI != 0 && ctx.doc.norm(after).starts_with('ب');
        if let Some(at) =
            content_after_adverbs(ctx, after, range.end).or(complement.then_some(after))
        {
            return Some((same_as_last(out)?, at));
        }
    }
    let prev = cue.at.checked_sub(1).filter(|&p| p >= range.start)?;
    let t = &ctx.doc.toks[prev];
    let after_pause =
        t.is_comma() || t.is_quote() || matches!(t.kind, super::tokens::Kind::Punct(')'));
    // ومدينة زنجبار، والمطالبة: a feminine participle that also spells a noun is read as one
    // only after a pause
    let noun_too = matches!(
        ctx.doc.norm(cue.at).trim_start_matches('و'),
        "مدينه" | "مطالبه" | "معلنه"
    );
    let after_and = ctx.doc.norm(cue.at).starts_with('و') && out.len() > first_here && !noun_too;
    // "… للقصف مشددا على رفض …": a writer may leave out the comma before a participle that
    // opens what was said, when a statement of this sentence comes before it
    // (not تابع قائلاً، ختم قائلاً: one statement in two words)
    let unpaused = out.len() > first_here
        && out.last().is_some_and(|r| r.cue.at + 1 < cue.at)
        && !ctx.doc.in_quote(cue.at)
        && !inside_quote_of_last(ctx, cue, out)
        && (opens_content(ctx, cue.after)
            || matches!(ctx.doc.norm(cue.after), "علي" | "الي")
            // مطالباً وزير الداخلية بـ …: its object, a word, after a participle with the
            // accusative's alif or a plural (not مدينة or مطالبة, which are also nouns)
            || (ctx.doc.toks.get(cue.after).is_some_and(|t| t.is_word())
                && (ctx.doc.norm(cue.at).ends_with('ا') || ctx.doc.norm(cue.at).ends_with("ين"))));
    if !(after_pause || after_and || unpaused) {
        return None;
    }
    Some((same_as_last(out)?, cue.after))
}

/// True when the last statement's direct quote is still open at the cue.
fn inside_quote_of_last(ctx: &Ctx, cue: &CueAt, out: &[Raw]) -> bool {
    out.last()
        .and_then(|r| r.quote.clone())
        .is_some_and(|q| q.contains(&cue.at))
        || ctx.doc.in_quote(cue.at)
}

/// بحسب X، نقلاً عن X: X must be a speaker (a name, an organisation, a source), not a document
/// (وفقاً للاتفاق، بحسب البيان).
fn attribution(ctx: &Ctx, cue: &CueAt, range: &Range<usize>) -> Option<(Vec<Who>, usize)> {
    let at = cue.after;
    let w = ctx.doc.norm(at);
    if hedge(w) {
        return None;
    }
    let np = if w.starts_with("لل") {
        // وفقاً للمرصد السوري: a speaker, where وفقاً للاتفاق is a document
        ctx.parse_lam(at, range.end)
            .filter(|np| !np.is_description())
    } else if w == "ل" {
        None
    } else if w.starts_with('ل') && ctx.doc.norm(at - 1) != "لما" && !w.starts_with("لسان")
    {
        ctx.parse_without("ل", at, range.end)
    } else {
        ctx.parse(at, range.end)
    }?;
    if np.is_description() && np.org.is_none() {
        return None;
    }
    let end = np.span.end;
    Some((vec![Who::Phrase(np)], end))
}

/// معاليه، سماحته، فخامته، سموه، جلالته: "his excellency", standing for the person named before.
fn honorific_pronoun(norm: &str) -> bool {
    matches!(
        norm,
        "معاليه"
            | "معاليها"
            | "سماحته"
            | "فخامته"
            | "سموه"
            | "جلالته"
            | "دولته"
            | "سيادته"
    )
}

/// "رفض الكشف عن هويته"، "طلب عدم ذكر اسمه": a source declining to be named rejects nothing.
fn declines_to_be_named(ctx: &Ctx, cue: &CueAt, after: usize) -> bool {
    let (a, b) = (ctx.doc.norm(after), ctx.doc.norm(after + 1));
    cue.class == VerbClass::Rejected
        && ((a == "الكشف" && b == "عن") || (matches!(a, "ذكر" | "كشف") && b.starts_with("اسم")))
}

/// "حسب وصفه"، "بحسب تعبيره"، "على حد قوله"، "وفقا لتصريحاته": a word of speech with the
/// speaker's pronoun re-attributes what was already attributed; it is no new statement.
fn hedge(norm: &str) -> bool {
    let w = norm.strip_prefix('ل').unwrap_or(norm);
    ["هما", "هم", "ها", "ه"].iter().any(|suffix| {
        w.strip_suffix(suffix).is_some_and(|stem| {
            matches!(
                stem,
                "قول"
                    | "تعبير"
                    | "وصف"
                    | "تصريحات"
                    | "تصريح"
                    | "كلام"
                    | "روايه"
                    | "رواية"
                    | "زعم"
                    | "ادعاء"
                    | "اقوال"
                    | "حديث"
                    | "تاكيد"
                    | "روايت"
            )
        })
    })
}

/// A finite verb: verb-first, كان … قد, subject-first, joined subject, or a continuation.
fn verb(
    ctx: &Ctx,
    cue: &CueAt,
    range: &Range<usize>,
    out: &[Raw],
    first_here: usize,
) -> Option<(Vec<Who>, usize)> {
    // وحول أسباب الزيارة قال معاليه: …: "his excellency" is the one who spoke before, wherever
    // the verb stands
    if honorific_pronoun(ctx.doc.norm(cue.after)) && !cue.plural {
        return Some((
            same_as_last(out)?,
            cue.noun.map_or(cue.after + 1, |n| n + 1),
        ));
    }
    let start = clause_start(ctx, cue.at, range.start);
    let opens_clause = start.is_none();
    let coordinated =
        cue.prefix.starts_with('و') || cue.prefix.starts_with('ف') || negator_with_and(ctx, cue);
    if opens_clause || coordinated {
        let inside = cue.form == Form::Present && inside_content(ctx, cue, out, first_here);
        // لكنه يرفض تقديم …: the pronoun is the subject, what follows is the object
        let pronoun = cue.at > 0
            && matches!(
                ctx.doc.norm(cue.at - 1).trim_start_matches('و'),
                "لكنه" | "لكنها" | "لكنهم" | "لكنهما"
            );
        // أدان X العدوان، وطالب المجتمع الدولي بالضغط …: a demand joined to a statement of
        // the same sentence addresses the noun after it; the speaker is the sentence's
        let addressed = (cue.class == VerbClass::Demanded
            && cue.prefix.starts_with('و')
            && out.len() > first_here)
            || (cue.class == VerbClass::Accused
                && !out.is_empty()
                && accused_then_charge(ctx, cue));
        if !cue.plural && !pronoun && !addressed {
            // فيما يقول ناشطون إن …: a present verb with a subject of its own opens a new clause
            // even after someone else's أن
            if let Some(found) = verb_first(ctx, cue, range) {
                return (!inside || opens_clause).then_some(found);
            }
        }
        if opens_clause {
            if let Some(found) = topic(ctx, cue, range.start) {
                return Some(found);
            }
        }
        if inside && !agrees_with_last(ctx, cue, out, first_here) {
            return None;
        }
        if opens_clause && !coordinated {
            if let Some(found) = subject_first(ctx, cue, range.start) {
                return Some(found);
            }
        }
        if let Some(found) = statement_voice(ctx, cue, out) {
            return Some(found);
        }
        return subjectless(ctx, cue, range, out, first_here, opens_clause);
    }
    let k = start?;
    // "المحادثات التي أعلنت الحكومة الفيدرالية أنها فشلت": a relative clause with a subject
    // of its own after the verb reports that subject's statement
    let relative = cue.at > range.start
        && matches!(
            ctx.doc.norm(cue.at - 1),
            "التي" | "الذي" | "اللذين" | "اللتين" | "الذين" | "اللواتي"
        );
    if relative {
        if let Some(found) = verb_first(ctx, cue, range) {
            return Some(found);
        }
        // في الوقت الذي دعا فيه بيان صادر عن X …: the resumptive فيه before the subject
        if matches!(ctx.doc.norm(cue.after), "فيه" | "فيها") {
            if let Some(found) = verb_first_from(ctx, cue, range, cue.after + 1) {
                return Some(found);
            }
        }
    }
    if let Some(found) = in_which(ctx, cue, range) {
        return Some(found);
    }
    if let Some(found) = kana_frame(ctx, cue, range.start, k) {
        return Some(found);
    }
    if let Some(found) = topic(ctx, cue, range.start) {
        return Some(found);
    }
    if let Some(found) = subject_first(ctx, cue, range.start) {
        return Some(found);
    }
    if let Some(found) = joined_subject(ctx, cue) {
        return Some(found);
    }
    if let Some(found) = temporal_clause(ctx, cue, range, out, first_here) {
        return Some(found);
    }
    if let Some(found) = plural_aside(ctx, cue, range, out, first_here) {
        return Some(found);
    }
    purpose(ctx, cue, range, out)
}

/// "بيان لقوات الدعم السريع قالت فيه …"، "أصدر الحزب بيانا أكد فيه …": a verb followed by فيه
/// or فيها speaks through the statement named before it, for whoever issued it.
fn in_which(ctx: &Ctx, cue: &CueAt, range: &Range<usize>) -> Option<(Vec<Who>, usize)> {
    if !matches!(ctx.doc.norm(cue.after), "فيه" | "فيها") {
        return None;
    }
    let from = cue.at.saturating_sub(12).max(range.start);
    let b = (from..cue.at)
        .rev()
        .find(|&k| statement_noun(ctx.doc.norm(k)).is_some())?;
    let issuer = issuer_after(ctx, b, cue.at);
    // else the subject of the verb that issued it: أصدر الحزب بيانا
    let issuer = issuer.or_else(|| {
        let v = (from..b)
            .rev()
            .find(|&k| vocab::publishing_verb(ctx.doc.norm(k).trim_start_matches(['و', 'ف'])))?;
        ctx.parse(v + 1, b)
    })?;
    speaker_like(ctx, &issuer).then(|| (vec![Who::Phrase(issuer)], cue.after + 1))
}

/// "واتهم «جماعات تكفيرية» بقتله"، "اتهم أخنوش بكونه …": one word or a quoted phrase right
/// before the charge (a word with ب) is the one accused; the accuser is the speaker before.
fn accused_then_charge(ctx: &Ctx, cue: &CueAt) -> bool {
    let at = cue.after;
    let end = match ctx.quoted_name(at) {
        Some(inner) => inner.end + 1,
        None if ctx.doc.toks.get(at).is_some_and(|t| t.is_word()) => at + 1,
        None => return false,
    };
    let charge = ctx.doc.norm(end);
    charge.starts_with('ب')
        && charge.chars().count() > 3
        && !matches!(charge, "بعد" | "بين" | "بدوره" | "بدورها")
        && !ctx.doc.has(vocab::feat::ROLE, at)
        && !vocab::is_org_head(ctx.doc.norm(at))
}

/// The issuer named after the statement noun at `b`: بيان لقوات …، بيان صادر عن …، بيان
/// مشترك صادر عن …، البيان الصادر عن …، بيان عن ….
fn issuer_after(ctx: &Ctx, b: usize, end: usize) -> Option<Np> {
    issuer_after_noun(ctx, b, end).map(|(np, _)| np)
}

/// [`issuer_after`], and whether صادر (issued by) introduced it, so that any phrase is its
/// issuer (بيان صادر عن المجتمع الدولي).
fn issuer_after_noun(ctx: &Ctx, b: usize, end: usize) -> Option<(Np, bool)> {
    let mut at = b + 1;
    // بيان مشترك، بيان رسمي: an adjective or two before the issuer
    while at < (b + 3).min(end)
        && !matches!(
            ctx.doc.norm(at),
            "عن" | "صادر" | "صادرا" | "صادره" | "الصادر" | "الصادره"
        )
        && !ctx.doc.norm(at).starts_with('ل')
        && !published_by(ctx.doc.norm(at))
        && ctx.doc.toks[at].is_word()
        && ctx.doc.cue(at).is_none()
        && vocab::is_definite(ctx.doc.norm(at)) == vocab::is_definite(ctx.doc.norm(b))
    {
        at += 1;
    }
    let issued = matches!(
        ctx.doc.norm(at),
        "صادر" | "صادرا" | "صادره" | "الصادر" | "الصادره"
    );
    if issued {
        at += 1;
    }
    // تقرير نشرته مجلة "جون أفريك": the one who published it
    if published_by(ctx.doc.norm(at)) && at + 1 < end {
        return ctx.parse(at + 1, end).map(|np| (np, true));
    }
    if at >= end {
        return None;
    }
    let np = if ctx.doc.norm(at) == "عن" {
        ctx.parse(at + 1, end)
    } else if ctx.doc.norm(at).starts_with("لل") {
        ctx.parse_lam(at, end)
    } else if ctx.doc.norm(at).starts_with('ل') {
        ctx.parse_without("ل", at, end)
    } else {
        None
    };
    np.map(|np| (np, issued))
}

/// نشرته، أصدرتها، بثته، أعدته، أوردته: a verb of publishing with the pronoun of the document
/// before it (تقرير نشرته الصحيفة).
fn published_by(w: &str) -> bool {
    ["ه", "ها"]
        .iter()
        .any(|o| w.strip_suffix(o).is_some_and(vocab::publishing_verb))
}

/// "وقال بيان صادر عن وزارة الدفاع"، "وأكد بيان للجيش": a statement noun as the subject
/// speaks for its issuer.
fn issued_statement(ctx: &Ctx, at: usize, limit: usize) -> Option<Np> {
    statement_noun(ctx.doc.norm(at))?;
    let (issuer, issued) = issuer_after_noun(ctx, at, limit)?;
    (issued || speaker_like(ctx, &issuer)).then_some(issuer)
}

/// The statement noun a word is, with or without the article, a clitic or the accusative
/// ا: بيان، ببيان، البيان، وتصريحا، للبيان → "بيان"، "تصريح".
fn statement_noun(w: &str) -> Option<&'static str> {
    const NOUNS: [&str; 9] = [
        "بيان",
        "تصريح",
        "رساله",
        "كلمه",
        "تغريده",
        "منشور",
        "مقابله",
        "تقرير",
        "دراسه",
    ];
    let find = |w: &str| {
        let b = vocab::bare(w);
        let b = b
            .strip_suffix('ا')
            .filter(|s| NOUNS.contains(s))
            .unwrap_or(b);
        NOUNS.iter().copied().find(|n| *n == b)
    };
    find(w).or_else(|| {
        ["لل", "و", "ب", "في", "ل"]
            .iter()
            .find_map(|p| w.strip_prefix(p).and_then(find))
    })
}

/// "وأشار البيان إلى أن …": a statement that speaks is the voice of whoever issued it — the
/// speaker of the latest statement made in one (قالت الوزارة في بيان …), not the last speaker.
fn statement_voice(ctx: &Ctx, cue: &CueAt, out: &[Raw]) -> Option<(Vec<Who>, usize)> {
    let w = ctx.doc.norm(cue.after);
    if !vocab::is_definite(w) {
        return None;
    }
    let noun = statement_noun(w)?;
    let mut after = cue.after + 1;
    // البيان المشترك، البيان الرسمي
    while ctx.doc.toks.get(after).is_some_and(|t| t.is_word())
        && vocab::is_definite(ctx.doc.norm(after))
        && statement_noun(ctx.doc.norm(after)).is_none()
        && ctx.doc.cue(after).is_none()
        && after < cue.after + 3
    {
        after += 1;
    }
    // the latest of the last few dozen statements: a bound on the work in a very long article
    let from = out.len().saturating_sub(64);
    let k = from
        + out[from..].iter().rposition(|r| {
            (r.sentence.start..r.content.start.max(r.sentence.start))
                .take(40)
                .any(|j| statement_noun(ctx.doc.norm(j)) == Some(noun))
        })?;
    Some((same_as(out, k), cue.noun.map_or(after, |n| n + 1)))
}

/// A plural present verb inside a clause, with no subject after it: the people the clause
/// named (وخرج متظاهرون في طرابلس يطالبون بـ …), or the plural speaker of the sentence's last
/// statement (… عن انتخابات يقولون إنها زُوّرت).
fn plural_aside(
    ctx: &Ctx,
    cue: &CueAt,
    range: &Range<usize>,
    out: &[Raw],
    first_here: usize,
) -> Option<(Vec<Who>, usize)> {
    if !cue.plural || cue.form != Form::Present || ctx.doc.in_quote(cue.at) {
        return None;
    }
    let from = cue.at.saturating_sub(8).max(range.start);
    let named = (from..cue.at).rev().find_map(|k| {
        let np = ctx
            .parse_without("و", k, cue.at)
            .filter(|np| np.unnamed)
            .or_else(|| ctx.parse(k, cue.at))?;
        (np.unnamed && np.span.start == k).then_some(np)
    });
    if let Some(np) = named {
        return Some((vec![Who::Phrase(np)], cue.after));
    }
    let last = out[first_here..].last()?;
    let plural = last.cue.plural || matches!(&last.who, Who::Phrase(np) if np.unnamed);
    (plural && ctx.doc.has(vocab::feat::AN, cue.after))
        .then(|| same_as_last(out).map(|w| (w, cue.after)))
        .flatten()
}

/// "ولم تنفِ"، "فلم يرفض": the و or ف sits on the negation particle.
fn negator_with_and(ctx: &Ctx, cue: &CueAt) -> bool {
    cue.negated
        && cue.at > 0
        && matches!(
            ctx.doc.norm(cue.at - 1),
            "ولم" | "فلم" | "ولا" | "فلا" | "ولن" | "فلن"
        )
}

/// Person, gender and number of a verb or participle (clitics and negation aside): the key two
/// cues must share for one to continue the other.
fn agreement(ctx: &Ctx, cue: &CueAt) -> Option<(bool, bool)> {
    let w = ctx.doc.norm(cue.at);
    let w = w.strip_prefix(cue.prefix).unwrap_or(w);
    let feminine = match cue.form {
        Form::Past => w.ends_with('ت') || w.ends_with("تا"),
        Form::Present => w.starts_with('ت'),
        Form::Participle => w.ends_with('ه') || w.ends_with("تين"),
        _ => return None,
    };
    Some((feminine, cue.plural))
}

/// "وترى X أن …، وتطالب بـ …": a coordinated verb after a comma that agrees with the verb of the
/// sentence's last statement continues it, though an أن-clause came between.
fn agrees_with_last(ctx: &Ctx, cue: &CueAt, out: &[Raw], first_here: usize) -> bool {
    let Some(last) = out[first_here..].last() else {
        return false;
    };
    let after_comma = cue.at > 0 && ctx.doc.toks[cue.at - 1].is_comma()
        || (cue.at > 1 && negator_with_and(ctx, cue) && ctx.doc.toks[cue.at - 2].is_comma());
    let coordinated = cue.prefix.starts_with('و') || negator_with_and(ctx, cue);
    let mine = agreement(ctx, cue);
    after_comma
        && coordinated
        && mine.is_some()
        && mine == agreement(ctx, &last.cue)
        && !content_verb_agrees(ctx, last.cue.at + 1..cue.at, mine)
}

/// True when a present verb of the reported content agrees with `key` as well (إن مشروع القرار
/// يستبق …، ويحمّل …): the coordinated verb may continue the content rather than the statement.
fn content_verb_agrees(ctx: &Ctx, range: Range<usize>, key: Option<(bool, bool)>) -> bool {
    let Some((feminine, plural)) = key else {
        return false;
    };
    range.into_iter().any(|k| {
        let t = &ctx.doc.toks[k];
        let w = t.norm.trim_start_matches(['و', 'ف', 'س']);
        let present = t.is_word()
            && w.chars().count() >= 4
            && w.starts_with(['ي', 'ت'])
            && !w.ends_with('ت')
            && !ctx.doc.in_quote(k)
            && super::lexicon::lookup(&t.norm).is_none();
        present
            && w.starts_with('ت') == feminine
            && (w.ends_with("ون") || w.ends_with("ان")) == plural
    })
}

/// "أما الاتحاد العام للشغل، أكبر منظمة نقابية في البلاد، فلم يرفض …": the topic after أما
/// is the subject of the verb its ف opens.
fn topic(ctx: &Ctx, cue: &CueAt, sentence_start: usize) -> Option<(Vec<Who>, usize)> {
    let first = (sentence_start..cue.at).find(|&k| ctx.doc.toks[k].is_word())?;
    if !matches!(ctx.doc.norm(first), "اما" | "واما") {
        return None;
    }
    let mut end = cue.at;
    while end > first + 1 && ctx.doc.toks[end - 1].is_word() && skippable(ctx.doc.norm(end - 1)) {
        end -= 1;
    }
    let fa = ctx.doc.norm(end).starts_with('ف') || cue.prefix == "ف";
    if !fa {
        return None;
    }
    subject_np(ctx, first + 1, end).map(|whos| (whos, cue.after))
}

/// "… قبل أن يعلن مساء الجمعة تنحيه": a verb in a time clause of the sentence's statement has
/// its speaker, unless a subject follows it.
fn temporal_clause(
    ctx: &Ctx,
    cue: &CueAt,
    range: &Range<usize>,
    out: &[Raw],
    first_here: usize,
) -> Option<(Vec<Who>, usize)> {
    if cue.at < range.start + 2 || out.len() == first_here {
        return None;
    }
    let an = ctx.doc.norm(cue.at - 1);
    let before = ctx.doc.norm(cue.at - 2);
    if an != "ان" || !matches!(before, "قبل" | "بعد" | "وبعد" | "وقبل" | "ريثما")
    {
        return None;
    }
    if !cue.plural {
        if let Some(found) = verb_first(ctx, cue, range) {
            return Some(found);
        }
    }
    Some((same_as_last(out)?, cue.after))
}

/// Words skipped between a clause boundary and its verb: قد، كما، فيما، ثم، من جهته …
fn skippable(norm: &str) -> bool {
    vocab::is(Class::Opener, norm)
        || matches!(
            norm,
            "و" | "ف"
                | "من"
                | "في"
                | "لم"
                | "ولم"
                | "لا"
                | "ولا"
                | "لن"
                | "ولن"
                | "فلم"
                | "حين"
                | "الي"
                | "علي"
                | "صعيد"
                | "اخر"
                | "سياق"
                | "هذا"
        )
}

/// `None` when the verb opens its clause (only skippable words after the sentence start or a
/// comma); else the token where the words before it start.
fn clause_start(ctx: &Ctx, at: usize, sentence_start: usize) -> Option<usize> {
    let mut k = at;
    while k > sentence_start {
        let t = &ctx.doc.toks[k - 1];
        if t.is_comma()
            || matches!(
                t.kind,
                super::tokens::Kind::Punct('(' | ')' | ':' | '-' | '–')
            )
        {
            return None;
        }
        if t.is_word() && subordinator(ctx, k - 1) {
            return None;
        }
        if !t.is_word() || !skippable(&t.norm) {
            return (!unlettered_lead(ctx, sentence_start, k)).then_some(k - 1);
        }
        k -= 1;
    }
    None
}

/// "AFP 2019-09 قال …"، "(CNN) -- أعلن …": a run with no Arabic letter from the sentence start to
/// the verb is a scrape's credit or date, not words the verb follows.
fn unlettered_lead(ctx: &Ctx, sentence_start: usize, end: usize) -> bool {
    ctx.doc.toks[sentence_start..end].iter().all(|t| {
        !t.is_word()
            || !t
                .norm
                .chars()
                .any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
    })
}

/// A word that opens a clause of its own, so the verb after it opens that clause: فيما، بينما،
/// بعدما، عندما، حين، إذ، and أن after بعد/قبل (جاء ذلك فيما أكد المرصد …، قبل أن يعلن …).
fn subordinator(ctx: &Ctx, k: usize) -> bool {
    match ctx.doc.norm(k) {
        "فيما" | "بينما" | "بعدما" | "عندما" | "حينما" | "حين" | "اذ" | "لما" | "كلما" => {
            true
        }
        "ان" => k > 0 && matches!(ctx.doc.norm(k - 1), "بعد" | "قبل" | "وبعد" | "وقبل"),
        _ => false,
    }
}

/// `نفى "X" الناطق باسم Y`، `قال وزير الخارجية التركي مولود جاويش أوغلو`، `أعلن حزب الله`.
fn verb_first(ctx: &Ctx, cue: &CueAt, range: &Range<usize>) -> Option<(Vec<Who>, usize)> {
    verb_first_from(ctx, cue, range, cue.after)
}

/// [`verb_first`] with the subject looked for from `at` (after a resumptive فيه).
fn verb_first_from(
    ctx: &Ctx,
    cue: &CueAt,
    range: &Range<usize>,
    mut at: usize,
) -> Option<(Vec<Who>, usize)> {
    let limit = cue.noun.unwrap_or(range.end);
    // قال للصحفيين X / صرح لوكالة … : an addressee before the subject is skipped
    while ctx.doc.norm(at).starts_with("لل") && at < cue.after + 2 {
        at += 1;
    }
    // أعلن كل من X وY: each of them
    if ctx.doc.norm(at) == "كل" && ctx.doc.norm(at + 1) == "من" {
        at += 2;
    }
    // وأضاف لقناة العربية، أن …: the channel it was said to, then no subject of its own
    if ctx.addressed(ctx.doc.norm(at)) {
        let channel = ctx
            .parse_without("ل", at, limit)
            .map_or(at + 1, |np| np.span.end);
        if ctx
            .doc
            .toks
            .get(channel)
            .is_none_or(|t| t.is_comma() || !t.is_word())
            || ctx.doc.has(vocab::feat::AN, channel)
        {
            return None;
        }
        at = channel;
    }
    // قال معاليه، أكد سماحته: an honorific pronoun is the speaker named before
    if honorific_pronoun(ctx.doc.norm(at)) {
        return None;
    }
    if let Some(issuer) = issued_statement(ctx, at, limit) {
        let after = cue.noun.map_or(issuer.span.end, |n| n + 1);
        return Some((vec![Who::Phrase(issuer)], after));
    }
    let np = ctx.parse(at, limit)?;
    if !speaker_like(ctx, &np) || disagrees(ctx, cue, &np) {
        return None;
    }
    let mut end = np.span.end;
    let mut whos = vec![Who::Phrase(np)];
    while let Some(next) = joined(ctx, end, limit) {
        end = next.span.end;
        whos.push(Who::Phrase(next));
    }
    let after = cue.noun.map_or(end, |n| n + 1);
    Some((whos, after))
}

/// A feminine verb before a single masculine definite noun: the noun is its object
/// (كما اتهمت التنظيم بـ …), not its subject.
fn disagrees(ctx: &Ctx, cue: &CueAt, np: &Np) -> bool {
    let verb = ctx.doc.norm(cue.at).trim_start_matches(['و', 'ف']);
    let feminine = match cue.form {
        Form::Past => verb.ends_with('ت'),
        Form::Present => verb.starts_with('ت'),
        _ => false,
    };
    let Some(name) = &np.name else { return false };
    let w = ctx.doc.norm(name.start);
    let singular_masculine =
        !feminine && !cue.plural && matches!(cue.form, Form::Past | Form::Present);
    if singular_masculine && np.role.is_none() && vocab::is(Class::FemPlace, vocab::strip_and(w)) {
        // ويحمّل دمشق المسؤولية: a country or city takes a feminine verb
        return !ctx.doc.in_quote(name.start);
    }
    feminine
        && name.len() == 1
        && np.role.is_none()
        && vocab::is_definite(w)
        && !w.ends_with('ه')
        && !w.ends_with("ات")
        && !ctx.doc.in_quote(name.start)
}

/// A phrase that can speak: a name, an organisation, a source, a role — not a lone common noun.
fn speaker_like(ctx: &Ctx, np: &Np) -> bool {
    let Some(name) = &np.name else { return true };
    let first = match np.lam {
        true => ctx.doc.without_lam(name.start).unwrap_or_default(),
        false => ctx.doc.norm(name.start),
    };
    ctx.known(name.start).is_some()
        || np.role.is_some()
        || vocab::is_org_head(first)
        || !vocab::is_definite(first)
        || ctx.given_name_at(name.start)
        || ctx.doc.in_quote(name.start)
}

/// "… وY" after a speaker phrase: another speaker of the same verb (أكد صالح والمشري).
fn joined(ctx: &Ctx, at: usize, limit: usize) -> Option<Np> {
    if ctx.known(at).is_none() && !ctx.doc.norm(at).starts_with('و') {
        return None;
    }
    let np = ctx.parse_without("و", at, limit)?;
    let name = np.name.clone()?;
    let sure = ctx.known(at).is_some_and(|(end, _)| end == name.end)
        || np.role.is_some()
        || ctx.doc.in_quote(name.start)
        || ctx.given_name_at(name.start);
    (sure && !np.unnamed).then_some(np)
}

/// A verb with no subject of its own at a clause start continues the statement before it
/// (وأضاف أن …). An impersonal present (ويُذكر أن) is not a statement.
fn subjectless(
    ctx: &Ctx,
    cue: &CueAt,
    range: &Range<usize>,
    out: &[Raw],
    first_here: usize,
    opens_clause: bool,
) -> Option<(Vec<Who>, usize)> {
    let inside = inside_content(ctx, cue, out, first_here);
    if inside
        && (!opens_clause || cue.form == Form::Present)
        && !agrees_with_last(ctx, cue, out, first_here)
    {
        return None;
    }
    let new_sentence = out.len() == first_here;
    if new_sentence && cue.form == Form::Present && !opens_content(ctx, cue.after) {
        return None;
    }
    if cue.form == Form::Present && ctx.doc.has(vocab::feat::AN, cue.after) && !cue.negated {
        let third_masc = ctx
            .doc
            .norm(cue.at)
            .trim_start_matches(['و', 'ف'])
            .starts_with('ي');
        if third_masc && range.start + 1 >= cue.at {
            return None;
        }
    }
    let whos = match new_sentence {
        true => agreeing_speaker(ctx, cue, out).or_else(|| same_as_last(out))?,
        false => same_as_last(out)?,
    };
    Some((whos, cue.noun.map_or(cue.after, |n| n + 1)))
}

/// "مشيراً في الوقت ذاته إلى أن …"، "مشيرة أيضا إلى …": where what was said opens after a few
/// adverbial words (أيضا، كذلك، في الوقت ذاته، في هذا الصدد), if it opens there.
fn content_after_adverbs(ctx: &Ctx, from: usize, end: usize) -> Option<usize> {
    let adverbial = |w: &str| {
        matches!(
            w,
            "ايضا"
                | "كذلك"
                | "في"
                | "الوقت"
                | "ذاته"
                | "نفسه"
                | "ذات"
                | "السياق"
                | "هذا"
                | "الصدد"
        )
    };
    for k in from..end.min(from + 5) {
        if opens_content(ctx, k) || matches!(ctx.doc.norm(k), "الي" | "علي") {
            return Some(k);
        }
        if !adverbial(ctx.doc.norm(k)) {
            return None;
        }
    }
    None
}

/// A marker of what was said right after a verb: أن، إن، a colon, a quote, على أن، إلى أن.
fn opens_content(ctx: &Ctx, at: usize) -> bool {
    let Some(t) = ctx.doc.toks.get(at) else {
        return false;
    };
    t.is(':')
        || t.is_quote()
        || vocab::starts_with_an(&t.norm)
        || (matches!(t.norm.as_str(), "علي" | "الي" | "من") && ctx.doc.has(vocab::feat::AN, at + 1))
}

/// True when a reported أن-clause, colon or quote of this sentence's last statement is still
/// open at the cue: a verb there is part of what was said.
fn inside_content(ctx: &Ctx, cue: &CueAt, out: &[Raw], first_here: usize) -> bool {
    let Some(last) = out[first_here..].last() else {
        return false;
    };
    (last.cue.at..cue.at).any(|k| {
        let t = &ctx.doc.toks[k];
        let temporal = k > 0 && matches!(ctx.doc.norm(k - 1), "قبل" | "بعد" | "وبعد" | "وقبل");
        t.is(':') || t.is_quote() || (t.is_word() && vocab::starts_with_an(&t.norm) && !temporal)
    })
}

/// `وكان "علوان" قد أكد`، `وكانت المفوضية … قد أعلنت`، `وكان المتحدث … قال`.
fn kana_frame(
    ctx: &Ctx,
    cue: &CueAt,
    sentence_start: usize,
    _k: usize,
) -> Option<(Vec<Who>, usize)> {
    let kana = (sentence_start..cue.at).find(|&j| {
        matches!(
            ctx.doc.norm(j),
            "كان" | "كانت" | "وكان" | "وكانت" | "فكان" | "فكانت"
        )
    })?;
    if (sentence_start..kana).any(|j| ctx.doc.toks[j].is_word() && !skippable(ctx.doc.norm(j))) {
        return None;
    }
    let mut end = cue.at;
    while end > kana + 1 && skippable(ctx.doc.norm(end - 1)) {
        end -= 1;
    }
    subject_np(ctx, kana + 1, end).map(|whos| (whos, cue.after))
}

/// The clause opens with its speaker: `وزارة الخارجية الروسية، من جهتها، أكدت`، `حزب الله يعلن`.
fn subject_first(ctx: &Ctx, cue: &CueAt, sentence_start: usize) -> Option<(Vec<Who>, usize)> {
    let mut start = sentence_start;
    loop {
        let skip = match ctx.doc.norm(start) {
            _ if !ctx.doc.toks.get(start).is_some_and(|t| t.is_word()) => 0,
            w if skippable(w) => 1,
            // إلا أن الشيخ محمد … قال، غير أن الوزير أكد، لكن المتحدث نفى: "but" before the subject
            "الا" | "غير" | "بيد" | "والا" if ctx.doc.norm(start + 1) == "ان" => 2,
            "لكن" | "ولكن" => 1,
            _ => 0,
        };
        if skip == 0 || start + skip >= cue.at {
            break;
        }
        start += skip;
    }
    let mut end = cue.at;
    while end > start && ctx.doc.toks[end - 1].is_word() && skippable(ctx.doc.norm(end - 1)) {
        end -= 1;
    }
    subject_np(ctx, start, end).map(|whos| (whos, cue.after))
}

/// Speaker phrases covering `start..end` exactly (appositions and "، من جهتها،" allowed).
fn subject_np(ctx: &Ctx, start: usize, end: usize) -> Option<Vec<Who>> {
    let first = if ctx.doc.norm(start).starts_with('و') && ctx.known(start).is_none() {
        ctx.parse_without("و", start, end)
            .or_else(|| ctx.parse(start, end))
    } else {
        ctx.parse(start, end)
    }?;
    let mut p = first.span.end;
    let mut whos = vec![Who::Phrase(first)];
    while p < end {
        if let Some(np) = joined(ctx, p, end) {
            p = np.span.end;
            whos.push(Who::Phrase(np));
            continue;
        }
        p = skip_parenthetical(ctx, p, end)?;
    }
    Some(whos)
}

/// "، من جهتها،" or "، بدوره،" or an apposition "، X،" between a speaker and its verb.
fn skip_parenthetical(ctx: &Ctx, p: usize, end: usize) -> Option<usize> {
    if !ctx.doc.toks.get(p)?.is_comma() {
        return None;
    }
    let close = (p + 1..end)
        .find(|&k| ctx.doc.toks[k].is_comma())
        .unwrap_or(end);
    let inner_ok = (p + 1..close).all(|k| {
        let w = ctx.doc.norm(k);
        skippable(w) || ctx.doc.toks[k].is_word() || ctx.doc.toks[k].is_quote()
    });
    (inner_ok && close - p <= 8).then_some(if close < end { close + 1 } else { end })
}

/// A speaker joined by و right before the verb, mid-sentence: `… وميقاتي يحذر`.
fn joined_subject(ctx: &Ctx, cue: &CueAt) -> Option<(Vec<Who>, usize)> {
    let from = cue.at.saturating_sub(5);
    (from..cue.at).find_map(|k| {
        let np = joined(ctx, k, cue.at)?;
        (np.span.end == cue.at).then(|| (vec![Who::Phrase(np)], cue.after))
    })
}

/// `ونفى X تلك الإشاعات ليؤكد أن …`: a ل-present continues the statement before it.
fn purpose(ctx: &Ctx, cue: &CueAt, range: &Range<usize>, out: &[Raw]) -> Option<(Vec<Who>, usize)> {
    let last = out.last()?;
    let same_sentence = last.sentence == *range;
    (cue.prefix == "ل" && cue.form == Form::Present && same_sentence && !ctx.doc.in_quote(cue.at))
        .then(|| (same_as_last(out), cue.after))
        .and_then(|(w, a)| Some((w?, a)))
}

/// Where the verb's frame starts, for dating: the clause's first word (a كان or the subject),
/// or the sentence start when an adverbial opens the sentence before the verb's clause (وخلال
/// مؤتمر صحفي عقده مساء الأحد، أعلن …؛ وفي حديث لقناة … مساء أمس، قالت …).
fn frame_start(ctx: &Ctx, cue: &CueAt, range: &Range<usize>, first_in_sentence: bool) -> usize {
    if cue.shape != Shape::Verb {
        return cue.at;
    }
    if clause_start(ctx, cue.at, range.start).is_some() {
        return range.start;
    }
    let opener = (range.start..cue.at)
        .find(|&k| ctx.doc.toks[k].is_word())
        .map(|k| ctx.doc.norm(k).trim_start_matches('و'));
    let adverbial = opener.is_some_and(|w| {
        matches!(
            w,
            "في" | "خلال"
                | "اثناء"
                | "عقب"
                | "على"
                | "علي"
                | "لدي"
                | "امام"
                | "اثر"
                | "بعد"
        ) || vocab::is(Class::Time, w)
    });
    // "وفي ميدان التحرير، الذي تحول منذ الليلة الماضية …": a relative clause dates something else
    let relative = (range.start..cue.at).any(|k| {
        matches!(
            ctx.doc.norm(k),
            "الذي" | "التي" | "الذين" | "اللذين" | "اللتين" | "منذ"
        )
    });
    if first_in_sentence && adverbial && !relative {
        range.start
    } else {
        cue.at
    }
}

/// The content after the speaker: from أن/إن/بأن, a colon or a quote if one comes soon, else
/// the object. Returns (content, quote, end of the verb's frame).
fn content(ctx: &Ctx, after: usize, end: usize) -> (Range<usize>, Option<Range<usize>>, usize) {
    let doc = ctx.doc;
    let horizon = end.min(after + 24);
    // "باتيلي، خلال لقائه … أمس الثلاثاء، أن …": a parenthetical right after the speaker
    let opens_content = |k: usize| {
        doc.toks
            .get(k)
            .is_some_and(|t| t.is_quote() || t.is(':') || vocab::starts_with_an(&t.norm))
    };
    let parenthetical_end = doc
        .toks
        .get(after)
        .filter(|t| t.is_comma() && !opens_content(after + 1))
        .and_then(|_| (after + 1..end.min(after + 14)).find(|&k| doc.toks[k].is_comma()));
    for k in after..horizon {
        let t = &doc.toks[k];
        if doc.in_quote(k) {
            continue;
        }
        if parenthetical_end.is_some_and(|e| k <= e) && !t.is(':') {
            continue;
        }
        if t.is(':') {
            let quote = doc.quote_opening_at(k + 1).unwrap_or(k + 1..end);
            return (k + 1..end, Some(quote), k);
        }
        if let Some(q) = doc.quote_opening_at(k).filter(|q| q.len() > 3) {
            return (k..end, Some(q), k);
        }
        if t.is_word() && vocab::starts_with_an(&t.norm) {
            let quote = doc.quote_opening_at(k + 1).filter(|q| q.len() > 2);
            return (k + 1..end, quote, k);
        }
        if k > after + 6 && (t.is_comma() || lexicon_verb(ctx, k)) {
            break;
        }
    }
    let mut start = skip_adverbials(ctx, after, end);
    loop {
        let next = skip_frame_phrase(ctx, start, end);
        if next == start {
            break;
        }
        start = next;
    }
    let frame_end = dated_parenthetical(ctx, start, end).unwrap_or(start);
    (start..end, None, frame_end)
}

/// Words between a verb and its object that frame the act of speaking: a time (أمس، مساء
/// الجمعة), a date (في 11 أبريل), a speech event with its time (في مؤتمر صحفي عقده أمس). Returns
/// where the object starts.
fn skip_frame_phrase(ctx: &Ctx, start: usize, end: usize) -> usize {
    let doc = ctx.doc;
    let w = doc.norm(start);
    if start >= end {
        return start;
    }
    if vocab::is(Class::Time, w) {
        return start + 1;
    }
    if !matches!(w, "في" | "خلال" | "يوم") {
        return start;
    }
    let digits = |k: usize| doc.norm(k).starts_with(|c: char| c.is_ascii_digit());
    if digits(start + 1) {
        let month = crate::text::dates::month_number(doc.norm(start + 2)).is_some();
        if month {
            return if digits(start + 3) {
                start + 4
            } else {
                start + 3
            };
        }
        return start;
    }
    if !vocab::is(Class::SpeechEvent, vocab::bare(doc.norm(start + 1))) {
        return start;
    }
    // في بيان بثه التلفزيون صباح اليوم: up to the last time word before a comma or أن
    let stop = (start + 1..end.min(start + 10))
        .find(|&k| !doc.toks[k].is_word() || doc.has(vocab::feat::AN, k))
        .unwrap_or(end.min(start + 10));
    let last_time = (start + 2..stop)
        .rev()
        .find(|&k| doc.has(vocab::class_bit(Class::Time), k));
    last_time.map_or(start, |k| k + 1)
}

/// "، يوم الجمعة الماضي،" a few words into an object: it dates the act of speaking
/// (اتهم سلامة، يوم الجمعة الماضي، باتباع …). Returns where it ends.
fn dated_parenthetical(ctx: &Ctx, from: usize, end: usize) -> Option<usize> {
    let open = (from..end.min(from + 6)).find(|&k| ctx.doc.toks[k].is_comma())?;
    // اتهم قطر الثلاثاء، خلال مؤتمر صحفي …: a day right before the comma after a short object
    if open > from + 1 && open <= from + 3 && ctx.doc.has(vocab::class_bit(Class::Time), open - 1) {
        return Some(open);
    }
    let close = (open + 1..end.min(open + 7)).find(|&k| ctx.doc.toks[k].is_comma())?;
    (open + 1..close)
        .any(|k| ctx.doc.has(vocab::class_bit(Class::Time), k))
        .then_some(close)
}

fn lexicon_verb(ctx: &Ctx, k: usize) -> bool {
    ctx.doc.cue(k).is_some()
}

/// "، مساء أمس الأربعاء،" or "، في بيان،" between a verb and its object.
fn skip_adverbials(ctx: &Ctx, mut p: usize, end: usize) -> usize {
    loop {
        let Some(t) = ctx.doc.toks.get(p) else {
            return p;
        };
        if !t.is_comma() || p >= end {
            return p;
        }
        let close = (p + 1..end.min(p + 9)).find(|&k| ctx.doc.toks[k].is_comma());
        match close {
            Some(c) => p = c + 1,
            None => return p + 1,
        }
    }
}

/// شدد على: على right after the speaker, or after a time or a frame (شدد الوزير خلال لقائه
/// الوفد على ضرورة …), not after an object (شدد الجيش الحصار على البلدة).
fn ala_follows(ctx: &Ctx, after: usize, k: usize) -> bool {
    if k < after {
        return false;
    }
    if k == after {
        return true;
    }
    let first = ctx.doc.norm(after);
    (vocab::is(Class::Time, first) && k <= after + 2)
        || (matches!(first, "في" | "خلال" | "اثناء" | "لدي" | "عقب") && k <= after + 10)
}

/// "أقر البرلمان أمس بغالبية كبيرة مشروع قانون …": a body enacting a law, not admitting —
/// a legislative object among the first words of what follows.
fn enacts(ctx: &Ctx, cue: &CueAt, after: usize, end: usize) -> bool {
    cue.class == VerbClass::Acknowledged
        && !cue.silent
        && (after..end.min(after + 6)).any(|k| {
            let w = ctx.doc.norm(k);
            vocab::is(Class::Enact, w) || vocab::is(Class::Enact, vocab::bare(w))
        })
}

/// The lexicon's `needs` of a cue: what must follow it for it to report speech
/// (نقل … عن، أشار إلى، حمّل … المسؤولية، أقر بـ).
fn needs_met(ctx: &Ctx, cue: &CueAt, after: usize, end: usize) -> bool {
    if enacts(ctx, cue, after, end) {
        return false;
    }
    if cue.needs == 0 {
        return true;
    }
    let doc = ctx.doc;
    let window = cue.at + 1..end.min(after + 12).max(cue.at + 1).min(doc.toks.len());
    window.clone().any(|k| {
        let t = &doc.toks[k];
        let w = t.norm.as_str();
        let has = |bit: u16| cue.needs & bit != 0;
        (has(needs::AN) && t.is_word() && vocab::starts_with_an(w) && k >= after.saturating_sub(1))
            || (has(needs::COLON) && t.is(':'))
            || (has(needs::QUOTE) && t.is_quote() && k >= after)
            || (has(needs::ILA) && matches!(w, "الي" | "والي"))
            || (has(needs::AN_ON) && w == "عن")
            || (has(needs::BI) && w.starts_with('ب') && k >= after && !doc.in_quote(k))
            || (has(needs::MIN) && w == "من" && k <= after + 2)
            || (has(needs::ALA)
                && w == "علي"
                && (ala_follows(ctx, after, k) || cue.noun == Some(k + 1)))
            || (has(needs::OBJ) && t.is_word() && k >= after)
            || (has(needs::RESP) && w.contains("مسؤولي"))
    })
}

/// The class of the cue, as a statement reports it.
pub fn class(raw: &Raw) -> VerbClass {
    raw.cue.class
}
