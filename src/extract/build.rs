//! One article through the pipeline: body, then headline, then entities, mentions and dates.

use super::attribution::{self, Raw, Who};
use super::coref::{Coref, Resolved};
use super::cues;
use super::gazetteer::{Hit, Matcher};
use super::speaker::{Ctx, Np};
use super::tokens::Doc;
use crate::model::{Article, EntityKind, EntityRef, Extraction, Mention, Statement};
use crate::text::dates::resolve_relative;
use chrono::NaiveDate;
use std::ops::Range;

/// A text (body or headline) read into raw statements.
struct Read {
    doc: Doc,
    /// The gazetteer's hit at every token.
    hits: Vec<Option<Hit>>,
    raws: Vec<Raw>,
}

/// Reads every sentence of `text`, learning person names as they come.
fn read(
    doc: Doc,
    hits: Vec<Option<Hit>>,
    text: &str,
    global: &Matcher,
    local: &mut Matcher,
) -> Read {
    let mut raws = Vec::new();
    for sentence in doc.sentences.clone() {
        let before = raws.len();
        {
            let mut ctx = Ctx::new(&doc, global, local);
            ctx.src = Some(text);
            ctx.global_hits = Some(&hits);
            let found = cues::find(&doc, sentence.clone());
            attribution::sentence(&ctx, sentence, found, &mut raws);
        }
        for raw in &raws[before..] {
            if let Who::Phrase(np) = &raw.who {
                if let (Some(name), EntityKind::Person) = (&np.name, np.kind) {
                    let surface = doc.text(text, name.clone());
                    if !surface.is_empty() && !np.clitic {
                        let (person, norms) = person_forms(&doc, surface, name.clone());
                        local.add_normalized(person, &norms);
                    }
                }
            }
        }
    }
    Read { doc, hits, raws }
}

/// [`person_with_surnames`] of the name at tokens `range`, with its forms normalised from the
/// tokens (the name first).
fn person_forms(doc: &Doc, surface: &str, range: Range<usize>) -> (EntityRef, Vec<String>) {
    let person = person_with_surnames(surface);
    let words: Vec<&str> = doc.toks[range]
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.norm.as_str())
        .collect();
    let mut norms = vec![words.join(" ")];
    for k in 1..words.len().min(3) {
        let alias = words[words.len() - k..].join(" ");
        if alias.chars().count() >= 3 {
            norms.push(alias);
        }
    }
    (person, norms)
}

/// A person's name with its last one or two words as aliases, so that "المشري" and "جاويش
/// أوغلو" are known once "خالد المشري" and "مولود جاويش أوغلو" were met.
fn person_with_surnames(name: &str) -> EntityRef {
    let words: Vec<&str> = name.split_whitespace().collect();
    let aliases = (1..words.len().min(3))
        .map(|k| words[words.len() - k..].join(" "))
        .filter(|a| a.chars().count() >= 3)
        .collect();
    EntityRef {
        kind: EntityKind::Person,
        name: name.to_string(),
        aliases,
    }
}

/// Full names of people the body introduces with a title or role (نظيره الأمريكي ريكس
/// تيلرسون، العقيد عبد الجبار العكيدي), whether or not they speak.
fn named_people(doc: &Doc, hits: &[Option<Hit>], body: &str, global: &Matcher) -> Vec<String> {
    let empty = Matcher::default();
    let mut ctx = Ctx::new(doc, global, &empty);
    ctx.src = Some(body);
    ctx.global_hits = Some(hits);
    let mut out: Vec<String> = Vec::new();
    for sentence in &doc.sentences {
        for i in sentence.clone() {
            let w = doc.norm(i);
            if doc.in_quote(i) || !(super::vocab::is_role(w) || super::vocab::is_title(w)) {
                continue;
            }
            let Some(np) = ctx.parse(i, sentence.end) else {
                continue;
            };
            if let (Some(name), EntityKind::Person) = (np.name, np.kind) {
                let text = doc.text(body, name.clone()).to_string();
                if name.len() >= 2 && !out.contains(&text) {
                    out.push(text);
                }
            }
        }
    }
    out
}

/// Names of organisations the body gives with their head word (تنظيم داعش، برلمان كردستان،
/// وكالة "سانا"), in text order, whether or not they speak.
/// Residents named by their town anywhere in the body (نظّم أهالي مدينة درنة وقفة …), so that
/// a shorter later mention (وطالب أهالي درنة) is the same people.
fn named_residents(doc: &Doc, body: &str, global: &Matcher) -> Vec<String> {
    let empty = Matcher::default();
    let mut ctx = Ctx::new(doc, global, &empty);
    ctx.src = Some(body);
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.toks.len() {
        let end = (doc.toks[i].is_word() && !doc.in_quote(i))
            .then(|| ctx.residents_of(i))
            .flatten();
        match end {
            Some(end) => {
                let text = doc.text(body, i..end);
                // وأهالي: the clitic is no part of the people's name
                let text = match doc.norm(i).starts_with("واه") {
                    true => text.strip_prefix('و').unwrap_or(text),
                    false => text,
                };
                out.push(text.to_string());
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

fn named_orgs(doc: &Doc, hits: &[Option<Hit>], body: &str, global: &Matcher) -> Vec<String> {
    let empty = Matcher::default();
    let mut ctx = Ctx::new(doc, global, &empty);
    ctx.src = Some(body);
    ctx.global_hits = Some(hits);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < doc.toks.len() {
        // لوكالة فرانس برس: an organisation spoken to is named as surely as one that speaks
        let norm = doc.norm(i);
        let lam = norm.starts_with('ل') && !norm.starts_with("لل");
        let w = if lam { &norm['ل'.len_utf8()..] } else { norm };
        let head = doc.toks[i].is_word()
            && !doc.in_quote(i)
            && !super::vocab::is_definite(w)
            && super::vocab::is(super::vocab::Class::OrgHead, w);
        let named = |e: &usize| *e >= i + 2 && !super::vocab::generic_place(doc.norm(i + 1));
        let found = head.then(|| {
            ctx.strip.set(lam.then_some((i, 'ل'.len_utf8())));
            let end = ctx.org(i).filter(named);
            ctx.strip.set(None);
            end
        });
        if let Some(end) = found.flatten() {
            let text = doc.text(body, i..end);
            // لِـوكالة: the ل goes with its vowel and any tatweel
            let text = match lam {
                true => text
                    .strip_prefix('ل')
                    .unwrap_or(text)
                    .trim_start_matches(crate::text::normalize::is_mark),
                false => text,
            }
            .to_string();
            if !out.contains(&text) {
                out.push(text);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The whole extraction of one article.
pub fn extract(global: &Matcher, article: &Article) -> Extraction {
    let body = article.body.as_str();
    let title = article.title.as_deref().unwrap_or("");
    // a "title" that is the body's opening paragraph is no headline: its statements are the body's
    let title = match title.chars().nth(crate::model::MAX_HEADLINE).is_some()
        && body.trim_start().starts_with(title.trim())
    {
        true => "",
        false => title,
    };
    let mut local = Matcher::default();
    let body_doc = Doc::new(body);
    let body_hits = global.hits(&body_doc);
    let names = named_people(&body_doc, &body_hits, body, global);
    for name in &names {
        local.add(person_with_surnames(name));
    }
    let main = read(body_doc, body_hits, body, global, &mut local);
    let mut coref = Coref::new(global);
    for name in &names {
        coref.learn(name);
    }
    for name in named_orgs(&main.doc, &main.hits, body, global) {
        coref.learn_org(&name);
    }
    for people in named_residents(&main.doc, body, global) {
        coref.learn_source(people);
    }
    let resolved = resolve_all(&mut coref, &main, body);

    // the article's names so far, for the headline and then for every mention in the body
    let mut names = Matcher::from_forms(coref.table.refs.clone(), coref.table.forms());
    let known_before = coref.table.refs.len();
    let head_doc = Doc::new(title);
    let head_hits = global.hits(&head_doc);
    let head = read(head_doc, head_hits, title, global, &mut names);
    let head_resolved = resolve_all(&mut coref, &head, title);
    let new_forms: Vec<(String, usize)> = coref
        .table
        .forms()
        .filter(|&(_, i)| i >= known_before)
        .map(|(f, i)| (f.to_string(), i))
        .collect();
    for (i, e) in coref.table.refs.iter().enumerate().skip(known_before) {
        let norms: Vec<String> = new_forms
            .iter()
            .filter(|(_, k)| *k == i)
            .map(|(f, _)| f.clone())
            .collect();
        names.add_normalized(e.clone(), &norms);
    }

    let mentions = mentions(&mut coref, &main, body, global, &names);
    if let Some(source) = article.source.as_deref() {
        coref.table.add(EntityKind::Org, source, global);
    }
    let mut statements = Vec::new();
    let date = article.published;
    for (raw, res) in head.raws.iter().zip(&head_resolved) {
        if raw.cue.silent {
            continue;
        }
        statements.push(statement(
            &head.doc,
            title,
            raw,
            res,
            (date, false),
            true,
            &[],
        ));
    }
    let dates = dates(&main, body, date);
    for ((raw, res), when) in main.raws.iter().zip(&resolved).zip(dates) {
        if raw.cue.silent {
            continue;
        }
        statements.push(statement(&main.doc, body, raw, res, when, false, &mentions));
    }
    Extraction {
        entities: coref.table.refs,
        mentions,
        statements,
    }
}

fn resolve_all(coref: &mut Coref, read: &Read, text: &str) -> Vec<Resolved> {
    let mut out: Vec<Resolved> = Vec::with_capacity(read.raws.len());
    for (k, raw) in read.raws.iter().enumerate() {
        let mut r = coref.resolve(&read.doc, text, raw, &out);
        if r.speaker.is_none() {
            if let Some((desc, named)) = named_later(read, k) {
                r = coref.resolve_forward(&read.doc, text, desc, named);
            }
        }
        out.push(r);
    }
    out
}

/// "يرى عقيد في الجيش الحر أن …" and, a few sentences on, "وقال العقيد أحمد عبد الوهاب …": a
/// role with no name in the article's opening statements is the person the next named speaker
/// is, when no other speaker comes between and that person's own titles or role, if any, share
/// the role's head word. Returns the description and the naming phrase.
fn named_later(read: &Read, k: usize) -> Option<(&Np, &Np)> {
    let Who::Phrase(desc) = &read.raws[k].who else {
        return None;
    };
    // a role, or one unnamed person named by a role (قيادي في أحد الفصائل، ضابط في الشرطة)
    let start = desc.role.as_ref().map_or(desc.span.start, |r| r.start);
    let head = super::vocab::bare(read.doc.norm(start));
    let singular = !head.ends_with("ون") && !head.ends_with("ين");
    let role_like = if desc.unnamed {
        super::vocab::is_role(head) && singular
    } else {
        desc.role.is_some()
    };
    if desc.name.is_some() || !role_like || opening_sentences(read, k) > 1 {
        return None;
    }
    let sentence = read.raws[k].sentence.start;
    for raw in &read.raws[k + 1..] {
        if sentences_between(&read.doc, sentence, raw.sentence.start) > 3 {
            return None;
        }
        let Who::Phrase(np) = &raw.who else { continue };
        // the same role again (أعلن عقيد في "الجيش السوري الحر") is the same unnamed person
        let again = (np.is_description() || np.unnamed)
            && np.name.is_none()
            && super::vocab::bare(
                read.doc
                    .norm(np.role.as_ref().map_or(np.span.start, |r| r.start)),
            ) == head;
        if np.span == desc.span || again {
            continue;
        }
        let person = np.name.is_some() && np.kind == EntityKind::Person && !np.unnamed;
        if !person {
            return None;
        }
        let own: Vec<&str> = (np.span.start..np.name.clone()?.start)
            .filter(|&i| read.doc.toks[i].is_word())
            .map(|i| super::vocab::bare(read.doc.norm(i)))
            .collect();
        // الوزير التركي is not the Russian minister named next
        let theirs: Vec<&str> = (np.span.start..np.name.clone()?.start)
            .filter_map(|i| super::vocab::nation_stem(read.doc.norm(i)))
            .collect();
        let nations = theirs.is_empty()
            || (desc.span.clone())
                .filter_map(|i| super::vocab::nation_stem(read.doc.norm(i)))
                .all(|n| theirs.contains(&n));
        // the named person's own words before the name: none, titles only, or the same head
        let titles_only = (np.span.start..np.name.clone()?.start)
            .filter(|&i| read.doc.toks[i].is_word())
            .all(|i| super::vocab::is_title(read.doc.norm(i)));
        let fits = titles_only || own.contains(&head);
        return (fits && nations).then_some((desc, np));
    }
    None
}

/// How many sentences with statements come before the sentence of raw statement `k`.
/// (Counting stops at two: the rule only asks whether there were fewer.)
fn opening_sentences(read: &Read, k: usize) -> usize {
    let own = read.raws[k].sentence.start;
    let mut seen: Vec<usize> = Vec::with_capacity(2);
    for r in &read.raws[..k] {
        let s = r.sentence.start;
        if s != own && !seen.contains(&s) {
            seen.push(s);
            if seen.len() == 2 {
                break;
            }
        }
    }
    seen.len()
}

/// The number of sentence breaks between two sentence starts.
fn sentences_between(doc: &Doc, from: usize, to: usize) -> usize {
    doc.sentences
        .iter()
        .filter(|s| s.start > from && s.start <= to)
        .count()
}

/// The day each statement was made: a day its frame names, else the one it continues, else
/// the article date.
fn dates(read: &Read, text: &str, published: Option<NaiveDate>) -> Vec<(Option<NaiveDate>, bool)> {
    let probe = NaiveDate::from_ymd_opt(2000, 1, 5).unwrap_or_default();
    let mut out: Vec<(Option<NaiveDate>, bool)> = Vec::with_capacity(read.raws.len());
    for raw in &read.raws {
        let frame = day_window(&read.doc, raw.frame.clone()).map_or("", |w| read.doc.text(text, w));
        let own = match published {
            Some(d) => match resolve_relative(frame, d) {
                Some(r) if r.explicit => (Some(r.date), true),
                _ => (Some(d), false),
            },
            None => (
                None,
                resolve_relative(frame, probe).is_some_and(|r| r.explicit),
            ),
        };
        // a continuation takes the date of the statement it continues, unless its own words
        // name a day (… قبل أن يعلن مساء الجمعة تنحيه)
        let when = match &raw.who {
            Who::Same(k) if same_sentence(read, *k, raw) && !own.1 => {
                (out.get(*k).and_then(|d| d.0).or(published), false)
            }
            _ => own,
        };
        out.push(when);
    }
    out
}

/// The words of `range` around those that could name a day (أمس، اليوم، الليلة، a weekday, a
/// number), with the few words a date phrase takes on either side; `None` when no word could:
/// only that much of the text is worth reading for a date.
fn day_window(doc: &Doc, range: Range<usize>) -> Option<Range<usize>> {
    const DAY_WORDS: [&str; 11] = [
        "امس",
        "الامس",
        "اليوم",
        "الليله",
        "الاحد",
        "الاثنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "السبت",
    ];
    let day = |t: &super::tokens::Tok| {
        let w = t.norm.as_str();
        let bare = [
            w,
            w.trim_start_matches(['و', 'ف']),
            w.trim_start_matches(['و', 'ف', 'ب']),
        ];
        w.starts_with(|c: char| c.is_ascii_digit()) || bare.iter().any(|b| DAY_WORDS.contains(b))
    };
    let toks = doc.toks.get(range.clone())?;
    let first = toks.iter().position(day)?;
    let last = toks.iter().rposition(day)?;
    let from = range.start + first.saturating_sub(3);
    let to = (range.start + last + 5).min(range.end);
    Some(from..to)
}

fn same_sentence(read: &Read, k: usize, raw: &Raw) -> bool {
    read.raws.get(k).is_some_and(|r| r.sentence == raw.sentence)
}

/// Mentions of known entities and of every speaker named, with code-point offsets.
fn mentions(
    coref: &mut Coref,
    read: &Read,
    body: &str,
    global: &Matcher,
    local: &Matcher,
) -> Vec<Mention> {
    let doc = &read.doc;
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.toks.len() {
        let local_hit = local.at(doc, i);
        let hit = local_hit.or(read.hits[i]);
        let Some(hit) = hit else {
            i += 1;
            continue;
        };
        let known = |n: &str| local.find(n).is_some() || global.find(n).is_some();
        let (start, surface, norm) = mention_surface(doc, body, hit.start..hit.end, known);
        let kind = if local_hit.is_some() {
            local.entities[hit.entity].kind
        } else {
            global.entities[hit.entity].kind
        };
        if let Some(entity) = coref.table.add_normalized(kind, &surface, norm, global) {
            out.push(Mention {
                entity,
                start,
                end: doc.toks[hit.end - 1].end,
                surface,
            });
        }
        i = hit.end;
    }
    out
}

/// The text of a name without a clitic glued to its first word (وجيش الإسلام → جيش الإسلام),
/// where it starts, and its normalised form.
fn mention_surface(
    doc: &Doc,
    body: &str,
    range: Range<usize>,
    known: impl Fn(&str) -> bool,
) -> (usize, String, String) {
    let text = doc.text(body, range.clone());
    let start = doc.toks[range.start].start;
    let norm = doc.norm_text(range);
    if known(&norm) {
        return (start, text.to_string(), norm);
    }
    let first = norm.chars().next().map_or(0, char::len_utf8);
    let rest_norm = &norm[first..];
    // the clitic goes with its vowel: وَجيش، لِلجيش
    let rest = || {
        text.chars()
            .skip(1)
            .skip_while(|c| crate::text::normalize::is_mark(*c))
    };
    let after = start + text.chars().count() - rest().count();
    if known(rest_norm) {
        return (after, rest().collect(), rest_norm.to_string());
    }
    // للجيش السوداني → الجيش السوداني: the ل gives way to the article's alif
    if rest_norm.starts_with('ل') {
        let definite = format!("ا{rest_norm}");
        if known(&definite) {
            return (after, "ا".chars().chain(rest()).collect(), definite);
        }
    }
    (start, text.to_string(), norm)
}

/// The Statement of a raw statement.
fn statement(
    doc: &Doc,
    text: &str,
    raw: &Raw,
    res: &Resolved,
    when: (Option<NaiveDate>, bool),
    in_headline: bool,
    mentions: &[Mention],
) -> Statement {
    let sentence = raw.sentence.clone();
    let start = doc.toks[sentence.start].start;
    let end = doc.toks[sentence.end - 1].end;
    let content = trimmed(doc, text, raw.content.clone());
    let quote = raw
        .quote
        .clone()
        .map(|q| trimmed(doc, text, q))
        .filter(|q| !q.is_empty());
    let (cstart, cend) = char_span(doc, raw.content.clone());
    // mentions come in text order: only those from the content's start on are looked at
    let first = mentions.partition_point(|m| m.start < cstart);
    let about = mentions[first..]
        .iter()
        .take_while(|m| m.start < cend)
        .filter(|m| m.end <= cend && Some(m.entity) != res.speaker)
        .map(|m| m.entity)
        .fold(Vec::new(), |mut acc, e| {
            if !acc.contains(&e) {
                acc.push(e);
            }
            acc
        });
    Statement {
        speaker: res.speaker,
        surface: res.surface.clone().filter(|s| !s.is_empty()),
        role: res.role.clone().filter(|s| !s.is_empty()),
        org: res.org.filter(|o| Some(*o) != res.speaker),
        verb: raw.cue.class,
        verb_text: verb_text(doc, text, raw),
        negated: raw.cue.negated,
        content,
        quote,
        said_on: when.0,
        date_explicit: when.1,
        start,
        end,
        in_headline,
        about,
    }
}

fn char_span(doc: &Doc, range: Range<usize>) -> (usize, usize) {
    if range.start >= range.end || range.end > doc.toks.len() {
        return (0, 0);
    }
    (doc.toks[range.start].start, doc.toks[range.end - 1].end)
}

/// The text of `range` without the punctuation at its ends.
fn trimmed(doc: &Doc, text: &str, mut range: Range<usize>) -> String {
    // "(قسد) استهداف …", "قسد) …": the speaker's acronym in parentheses is no part of what
    // was said, which starts after it closes
    let open = usize::from(doc.toks.get(range.start).is_some_and(|t| t.is('(')));
    let close = (range.start + open..range.end.min(range.start + open + 4))
        .take_while(|&k| !doc.toks[k].is('('))
        .find(|&k| doc.toks[k].is(')'));
    if let Some(k) = close {
        range.start = k + 1;
    }
    while range.start < range.end
        && !doc.toks[range.start].is_word()
        && !doc.toks[range.start].is_quote()
    {
        range.start += 1;
    }
    // "… مركز طبي، وذلك" / "… للانقلاب، كما": a connective left by the next clause's cut
    let dangling = |k: usize| {
        matches!(
            doc.norm(k),
            "وذلك"
                | "كما"
                | "لكن"
                | "ولكن"
                | "لكنه"
                | "لكنها"
                | "فيما"
                | "بينما"
                | "حيث"
                | "اذ"
                | "لم"
                | "لن"
                | "قد"
                | "ان"
        )
    };
    loop {
        while range.end > range.start
            && !doc.toks[range.end - 1].is_word()
            && !doc.toks[range.end - 1].is_quote()
        {
            range.end -= 1;
        }
        if range.end > range.start + 1 && dangling(range.end - 1) {
            range.end -= 1;
        } else {
            break;
        }
    }
    let t = doc.text(text, range).trim();
    // a quote that is the whole content loses its marks (the quote field has it); one that
    // only opens or closes it keeps them, so a partial quote reads as the text has it
    match t.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner.trim().to_string(),
        _ => t.to_string(),
    }
}

/// The reporting word(s) as written, without a leading و/ف: "نفى"، "جدد نفيه"، "ليؤكد".
fn verb_text(doc: &Doc, text: &str, raw: &Raw) -> String {
    let words: Vec<String> = raw
        .cue
        .words
        .iter()
        .enumerate()
        .map(|(n, &k)| {
            let w = doc.text(text, k..k + 1);
            // وفق، وفقاً: the و is the word's own
            let own_waw = doc.norm(k).starts_with("وفق") && !doc.norm(k).starts_with("ووفق");
            let strip = n == 0
                && !own_waw
                && (raw.cue.prefix.starts_with('و')
                    || raw.cue.prefix.starts_with('ف')
                    || w.starts_with("وب")
                    || w.starts_with("وف")
                    || (w.starts_with('و')
                        && raw.cue.shape == cues::Shape::Attribution
                        && w.chars().count() > 3));
            if strip {
                // "و أفادت": a و written apart goes with its space
                w.chars()
                    .skip(1)
                    .collect::<String>()
                    .trim_start()
                    .to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    words.join(" ")
}
