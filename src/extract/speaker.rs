//! The speaker noun phrase: a name (quoted or not), its titles, its role apposition and the
//! organisation the role points to, or an unnamed source.
//!
//! Shapes it reads, at a token after a verb-first cue or at the start of a subject-first clause:
//!
//! ```text
//! "حمزة بيرقدار" الناطق باسم هيئة أركان جيش الإسلام      name, role (org inside)
//! وزير الخارجية التركي مولود جاويش أوغلو                 role (construct chain, adjective), name
//! المتحدث باسم "مركز المصالحة" اللواء الروسي فلاديمير …   role, title kept out of the name, name
//! وزارة الدفاع الروسية / المرصد السوري لحقوق الإنسان      organisation
//! مصادر محلية / ناشطون / مسؤول أمني                       unnamed source
//! الوزير التركي / المسؤول الروسي العسكري                  description (resolved by coref)
//! ```

use super::gazetteer::{Hit, Matcher};
use super::lexicon;
use super::tokens::Doc;
use super::vocab::{self, Class, feat};
use crate::model::EntityKind;
use std::ops::Range;

/// A rule's verdict at a token: `None` when the rule does not apply (the next one is tried),
/// `Some(Some(end))` when it read a part up to `end`, `Some(None)` when the phrase ends there.
type Verdict = Option<Option<usize>>;

/// The words of a name as [`Ctx::name_run`] reads them.
struct NameRun {
    /// Where the run ends.
    end: usize,
    /// The first family name and how many name words came before it.
    family: Option<(usize, usize)>,
    /// A name word follows the family name.
    name_after_family: bool,
}

/// One rule of the speaker phrase's grammar (see [`Ctx::part`]).
type Rule<'a> = fn(&Ctx<'a>, &mut Np, usize) -> Verdict;

/// What the parser reads against: the tokens and the names known so far.
pub struct Ctx<'a> {
    pub doc: &'a Doc,
    /// The gazetteer and curated entities.
    pub global: &'a Matcher,
    /// Names met earlier in this article.
    pub local: &'a Matcher,
    /// A clitic to ignore on one token (token, bytes): the و of "وميقاتي يحذر"; [`LAM`] bytes
    /// reads ل + article as the article (للجيش → الجيش).
    pub strip: std::cell::Cell<Option<(usize, usize)>>,
    /// The text the doc was read from, when a rule needs its spelling (علي / على).
    pub src: Option<&'a str>,
    /// The gazetteer's hit at every token, when looked up beforehand ([`Matcher::hits`]).
    pub global_hits: Option<&'a [Option<Hit>]>,
}

/// The [`Ctx::strip`] of a word read without the ل of ل + article.
const LAM: usize = usize::MAX;

/// A parsed speaker phrase (token ranges into the doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Np {
    pub span: Range<usize>,
    /// The name, without quotation marks or titles.
    pub name: Option<Range<usize>>,
    pub kind: EntityKind,
    pub role: Option<Range<usize>>,
    /// The organisation phrase inside the role.
    pub org: Option<Range<usize>>,
    /// An unnamed source or plural speaker: `span` is its surface.
    pub unnamed: bool,
    /// The first word carries a clitic that is not part of the name (the و of "وميقاتي").
    pub clitic: bool,
    /// The clitic is the ل of ل + article: the name's first word is spelt with ال (للجيش →
    /// الجيش).
    pub lam: bool,
}

impl Np {
    /// A role with neither name nor organisation name: "الوزير التركي".
    pub fn is_description(&self) -> bool {
        self.name.is_none() && !self.unnamed
    }
}

impl<'a> Ctx<'a> {
    /// A context over `doc` with the gazetteer and the article's names.
    pub fn new(doc: &'a Doc, global: &'a Matcher, local: &'a Matcher) -> Ctx<'a> {
        Ctx {
            doc,
            global,
            local,
            strip: std::cell::Cell::new(None),
            src: None,
            global_hits: None,
        }
    }

    /// The gazetteer's longest name at token `i`.
    pub fn global_at(&self, i: usize) -> Option<Hit> {
        match self.global_hits {
            Some(hits) => hits.get(i).copied().flatten(),
            None => self.global.at(self.doc, i),
        }
    }

    /// The [`vocab::features`] of token `i` as [`Ctx::norm`] reads it (its clitic stripped if so).
    fn feats(&self, i: usize) -> u32 {
        match self.strip.get() {
            Some((at, _)) if at == i => vocab::features(self.norm(i)),
            _ => self.doc.feats(i),
        }
    }

    /// True when token `i` has the feature `bit` ([`vocab::feat`]).
    fn has(&self, bit: u32, i: usize) -> bool {
        self.feats(i) & bit != 0
    }

    /// True when token `i` is a reporting word of the lexicon.
    fn lexical(&self, i: usize) -> bool {
        match self.strip.get() {
            Some((at, _)) if at == i => lexicon::lookup(self.norm(i)).is_some(),
            _ => self.doc.cue(i).is_some(),
        }
    }

    /// True when token `i` is in the word class.
    fn is(&self, class: Class, i: usize) -> bool {
        self.has(vocab::class_bit(class), i)
    }

    fn norm(&self, i: usize) -> &str {
        let w = self.doc.norm(i);
        match self.strip.get() {
            Some((at, LAM)) if at == i => self.doc.without_lam(i).unwrap_or(w),
            Some((at, n)) if at == i => w.get(n..).unwrap_or(w),
            _ => w,
        }
    }

    /// Parses the phrase at `i` as if its first word had no leading clitic `prefix`
    /// ("وميقاتي" → "ميقاتي", "لوزارة" → "وزارة").
    pub fn parse_without(&self, prefix: &str, i: usize, end: usize) -> Option<Np> {
        if !self.doc.norm(i).starts_with(prefix) || self.doc.norm(i).len() <= prefix.len() + 2 {
            return None;
        }
        self.strip.set(Some((i, prefix.len())));
        let mut np = self.parse(i, end);
        self.strip.set(None);
        if let Some(np) = &mut np {
            np.clitic = np.span.start == i && self.doc.toks.get(i).is_some_and(|t| !t.is_quote());
        }
        np
    }

    /// Parses the phrase at `i` whose first word is ل + article as if it had the article
    /// alone ("للمرصد السوري" → "المرصد السوري").
    pub fn parse_lam(&self, i: usize, end: usize) -> Option<Np> {
        self.doc.without_lam(i)?;
        self.strip.set(Some((i, LAM)));
        let mut np = self.parse(i, end);
        self.strip.set(None);
        if let Some(np) = &mut np {
            np.lam = np.span.start == i;
            np.clitic = np.lam;
        }
        np
    }

    fn is_word(&self, i: usize) -> bool {
        self.doc.toks.get(i).is_some_and(|t| t.is_word())
    }

    /// A known name at `i` (article names first, then the gazetteer): its end and kind.
    pub fn known(&self, i: usize) -> Option<(usize, EntityKind)> {
        let local = self
            .local
            .at(self.doc, i)
            .map(|h| (h.end, self.local.entities[h.entity].kind));
        let global = self
            .global_at(i)
            .map(|h| (h.end, self.global.entities[h.entity].kind));
        match (local, global) {
            (Some(l), Some(g)) => Some(if g.0 > l.0 { g } else { l }),
            (l, g) => l.or(g),
        }
    }

    /// A short quoted name at `i` (the opening mark): "حمزة بيرقدار"، «جبهة النصرة».
    pub fn quoted_name(&self, i: usize) -> Option<Range<usize>> {
        let inner = self.doc.quote_opening_at(i)?;
        let words = inner.len();
        let clean = (inner.start..inner.end)
            .all(|k| self.is_word(k) && !self.has(feat::ENDS_PHRASE, k) && !self.lexical(k));
        (clean && (1..=5).contains(&words)).then_some(inner)
    }

    /// True when the word at `i` (clitic aside) is a given name: أحمد، وائل، سيرغي.
    pub fn given_name_at(&self, i: usize) -> bool {
        self.is(Class::Given, i)
    }

    /// True for a word that can be part of a person's name.
    fn name_like(&self, i: usize) -> bool {
        let w = self.norm(i);
        let f = self.feats(i);
        let not_a_name = feat::DEFINITE
            | feat::ROLE
            | feat::ORG_HEAD
            | vocab::class_bit(Class::Object)
            | vocab::class_bit(Class::Title)
            | vocab::class_bit(Class::Unnamed)
            | vocab::class_bit(Class::Opener);
        // إلياس، إلهام: a given name that opens like the article is no definite word
        let not_a_name = if f & vocab::class_bit(Class::Given) != 0 {
            not_a_name & !feat::DEFINITE
        } else {
            not_a_name
        };
        self.is_word(i)
            && f & not_a_name == 0
            && !w.starts_with(|c: char| c.is_ascii_digit())
            && (f & feat::ENDS_PHRASE == 0 || self.is_ali(i))
            && !w.starts_with("بال")
            && !w.starts_with("بكون")
            && !self.addressed(w)
            && !self.joins_another(i)
            && !self.lexical(i)
    }

    /// "علي" the name, not "على" the preposition: both normalise alike, the text tells them apart.
    fn is_ali(&self, i: usize) -> bool {
        self.norm(i) == "علي" && self.src_ends_with_ya(i)
    }

    fn src_ends_with_ya(&self, i: usize) -> bool {
        self.src.is_some_and(|s| {
            self.doc
                .toks
                .get(i)
                .is_some_and(|t| s.get(t.bytes.clone()).is_some_and(|w| w.ends_with('ي')))
        })
    }

    /// "ورئيس"، "ووزير"، "والرئيس": و before a role, title or known name starts another speaker.
    fn joins_another(&self, i: usize) -> bool {
        let Some(rest) = self.doc.norm(i).strip_prefix('و') else {
            return false;
        };
        rest.chars().count() >= 3
            && (vocab::is_role(rest)
                || vocab::is(Class::Title, rest)
                || vocab::is_org_head(rest)
                || vocab::is(Class::Given, rest))
    }

    /// A person's name from `i`: up to four words besides the connectors (عبد، بن، أبو، آل):
    /// محمد بن عبد الرحمن آل ثاني، عبد القادر الصالح. A definite word is a nisba surname
    /// (مصطفى الكاظمي), a divine name (عبد الله، عز الدين), or a family name inside the name
    /// (محمد الطاهر سيالة) or closing it (خالد المحجوب أن). Not an idafa object (صحة الأنباء،
    /// أنصار حركة النهضة).
    pub fn person_name(&self, i: usize, expected: bool) -> Option<usize> {
        let given = self.name_opens(i, expected)?;
        let run = self.name_run(i, given);
        Some(match run.family {
            Some((f, before)) => self.family_cut(&run, f, before, expected),
            None => run.end,
        })
    }

    /// Whether a name can open at `i`, and if so whether it opens as surely as a listed given
    /// name does (a given name, a compound, a kunya, or any word where a name is expected).
    fn name_opens(&self, i: usize, expected: bool) -> Option<bool> {
        let first = self.norm(i);
        // الشيخ صباح …: after a title or role a given name may also be a common word
        let given_after_title = expected
            && (vocab::is(Class::Given, first) || vocab::is(Class::AmbiguousGiven, first))
            && !vocab::starts_with_an(first)
            && (first != "علي" || self.is_ali(i))
            && self.is_word(i);
        if !(self.name_like(i) || given_after_title) || self.bi_object(i) {
            return None;
        }
        // عبد القادر، أبو محمد: a compound or a kunya is a name as surely as a listed given name
        let given = expected
            || vocab::is(Class::Given, first)
            || (matches!(first, "عبد" | "ابو" | "ام") && self.is_word(i + 1));
        // وتطالب بانتخابات مبكرة: an unannounced word with ب is the verb's complement
        if !given && first.starts_with('ب') && first.chars().count() >= 4 {
            return None;
        }
        // يرفض تقديم أي أرقام، ونفى المتحدث استغلال …: a verbal noun opens an object, even
        // after a role, unless it is a listed name (انتصار)
        if !vocab::is(Class::Given, first) && vocab::masdar_shaped(first) {
            return None;
        }
        (given || !self.opens_idafa(i)).then_some(given)
    }

    /// "صحة الأنباء"، "أنصار حركة النهضة": an unlisted word before a definite word that is no
    /// surname, or before an organisation, heads an idafa, not a name.
    fn opens_idafa(&self, i: usize) -> bool {
        if !self.is_word(i + 1) || is_connector(self.norm(i)) {
            return false;
        }
        let next = self.norm(i + 1);
        (vocab::is_definite(next) && !self.surname(i + 1))
            || vocab::is_org_head(next)
            || self
                .global_at(i + 1)
                .is_some_and(|h| self.global.entities[h.entity].kind != EntityKind::Person)
    }

    /// The words of a name from `i`, and its first family name (a definite word that is neither
    /// a nisba nor after a connector) with how many name words came before it.
    fn name_run(&self, i: usize, given: bool) -> NameRun {
        let mut run = NameRun {
            end: i + 1,
            family: None,
            name_after_family: false,
        };
        let mut words = usize::from(!is_connector(self.norm(i)));
        while words < 4 {
            let j = run.end;
            let w = self.norm(j);
            if self.name_word(j, words) {
                run.name_after_family |= run.family.is_some();
            } else if given && self.family_word(j) {
                run.family = run.family.or(Some((j, words)));
            } else {
                break;
            }
            words += usize::from(!is_connector(w));
            run.end += 1;
        }
        run
    }

    /// A word that continues a name after `words` name words: a word after a connector, a name
    /// word that is no object, a surname, a given name before more of the name, a connector.
    fn name_word(&self, j: usize, words: usize) -> bool {
        let w = self.norm(j);
        // حسن نصر الله، نور الدين: the second half of a compound closes a name as well
        let compound_end = words >= 1 && matches!(w, "الله" | "الدين" | "الرحمن");
        compound_end
            || self.after_connector(j)
            || (self.name_like(j) && !self.object_shaped(j, words))
            || self.bal_surname(j)
            || (vocab::is(Class::Given, w)
                && !vocab::ends_phrase(w)
                && (self.name_like(j + 1) || self.given_name_at(j + 1)))
            || (is_connector(w) && self.is_word(j + 1) && self.name_like_or_family(j + 1))
            || (self.surname(j) && !self.object_shaped(j, words))
    }

    /// Where a name with a family name `f` (after `before` name words) ends: the whole run where
    /// it closes like a name (محمد الطاهر سيالة أن، صباح الخالد الحمد الصباح تأكيده), else at the
    /// family name (خالد المحجوب الاتهامات → خالد المحجوب) or before it (تمام سلام الاعتداء).
    fn family_cut(&self, run: &NameRun, f: usize, before: usize, expected: bool) -> usize {
        let j = run.end;
        let plain_run = (f..j).all(|k| self.plain_family(k) || self.surname(k));
        // a run of family names closes only before what follows a speaker (أن، إن، a comma,
        // the noun of جدد … تأكيده), never before بأن or a preposition that follows an object
        let closes_run = plain_run && self.strong_name_end(j) && !self.norm(j).starts_with('ب');
        let whole = self.name_ends_at(j)
            && (run.name_after_family || (closes_run && (j - f >= 3 || expected)));
        if whole {
            return j;
        }
        // محمد ناجي الأصم إن: a third name before إن, a comma, في, a time word
        let one = (before == 1 && (self.name_ends_at(f + 1) || expected || self.plain_family(f)))
            || (self.plain_family(f) && self.strong_name_end(f + 1));
        if one { f + 1 } else { f }
    }

    /// A surname that opens like ب + ال (بالوش، بالدوين) closing a name: only where the name ends
    /// after it, since such a word is mostly a complement (بالاتفاق).
    fn bal_surname(&self, j: usize) -> bool {
        let w = self.norm(j);
        w.strip_prefix("بال")
            .is_some_and(|r| (2..=4).contains(&r.chars().count()) && !vocab::masdar_shaped(r))
            && self.name_ends_at(j + 1)
            // بالرد على، بالعمل على: a complement that governs على
            && self.norm(j + 1) != "علي"
    }

    /// A word that can follow a connector (بن، آل): a name word or a family name.
    fn name_like_or_family(&self, j: usize) -> bool {
        self.name_like(j) || self.surname(j) || self.family_word(j)
    }

    /// A definite word that can be a family name: not an adjective, an object, a role, a title,
    /// an organisation's head, a known place or organisation, a time or a reporting word.
    fn family_word(&self, j: usize) -> bool {
        let w = self.norm(j);
        let f = self.feats(j);
        // a title that introduces no name is a family name: حسين الشيخ الدول …
        let title = f & vocab::class_bit(Class::Title) != 0
            && (self.name_like(j + 1) || self.is(Class::Title, j + 1));
        let not_family = feat::ADJECTIVE
            | feat::NATION
            | feat::OBJECT_BARE
            | feat::ENDS_PHRASE
            | feat::ORG_HEAD
            | feat::ROLE;
        self.is_word(j)
            && f & feat::DEFINITE != 0
            && f & not_family == 0
            && !w.starts_with("لل")
            && !title
            && !vocab::is(Class::Unnamed, vocab::bare(w))
            && !self.lexical(j)
            // تابع عبد الوهاب القول: a verbal noun of the lexicon is no family name
            && lexicon::lookup(vocab::bare(w)).is_none()
            && self.global_at(j).is_none()
    }

    /// A family name that does not look like an object noun: no verbal-noun shape, no ـات plural.
    fn plain_family(&self, j: usize) -> bool {
        let b = vocab::bare(self.norm(j));
        !vocab::masdar_shaped(b) && !b.ends_with("ات") && !b.ends_with('ه')
    }

    /// True when a name may end before `j`: punctuation, a particle or preposition, a time word,
    /// أن, a reporting verb, a role or title in apposition, an addressee (للصحفيين).
    fn name_ends_at(&self, j: usize) -> bool {
        let Some(t) = self.doc.toks.get(j) else {
            return true;
        };
        if !t.is_word() {
            return true;
        }
        let w = self.norm(j);
        vocab::ends_phrase(w)
            || lexicon::lookup(w).is_some()
            || vocab::is_role(w)
            || vocab::is(Class::Title, w)
            || w.starts_with("لل")
            || w.starts_with("بان")
    }

    /// What follows a name rather than an object: punctuation, أن/إن, في, a time word, a
    /// reporting verb (not على، مع، عن that follow an object: الهجوم على).
    fn strong_name_end(&self, j: usize) -> bool {
        let Some(t) = self.doc.toks.get(j) else {
            return true;
        };
        let w = self.norm(j);
        !t.is_word()
            || (vocab::starts_with_an(w) && !w.starts_with('ب'))
            || vocab::is(Class::Time, w)
            || matches!(w, "في" | "خلال" | "قد" | "لقد")
            || lexicon::lookup(w).is_some()
    }

    /// ب before an article, a verbal noun or an object noun (بمقاطعة، بالكف): a complement of the
    /// verb, never a name.
    fn bi_object(&self, i: usize) -> bool {
        self.norm(i).strip_prefix('ب').is_some_and(|r| {
            r.starts_with("ال") || vocab::masdar_shaped(r) || vocab::is(Class::Object, r)
        }) && self.known(i).is_none()
    }

    /// The word after عبد or أبو is part of the name, article and all (عبد القادر، أبو بكر).
    fn after_connector(&self, j: usize) -> bool {
        j > 0
            && matches!(
                self.norm(j - 1),
                "عبد" | "ابو" | "بن" | "ابن" | "ال" | "ولد" | "بنت"
            )
            && self.is_word(j)
            && !self.has(feat::ENDS_PHRASE, j)
    }

    /// A word that opens an object rather than continuing a name: a verbal noun shape (اتخاذ،
    /// استخدام، مطالبة), a word with ب (بفرض), a dual of an institution (مجلسي).
    fn object_shaped(&self, j: usize, words: usize) -> bool {
        let w = self.norm(j);
        let dual = ["ي", "ين", "ا"]
            .iter()
            .any(|s| w.strip_suffix(s).is_some_and(vocab::is_org_head));
        let bi_object = w.strip_prefix('ب').is_some_and(|r| {
            r.starts_with("ال") || vocab::masdar_shaped(r) || vocab::is(Class::Object, r)
        });
        // محمد علي الحوثي: a one-word nisba after a given name is a family name, even where a list
        // knows it as a movement's
        let known_other = self
            .global_at(j)
            .is_some_and(|h| !(h.end == j + 1 && self.after_given(j) && self.surname(j)));
        // a third word heading an idafa: نادر الشامي وفدَ المعارضة
        let next = self.norm(j + 1);
        let idafa_head = words >= 2
            && !vocab::is(Class::Given, w)
            && vocab::is_definite(next)
            && !self.surname(j + 1)
            && !vocab::ends_phrase(next);
        dual || bi_object
            || idafa_head
            || known_other
            || (words >= 1 && !vocab::is(Class::Given, w) && vocab::masdar_shaped(w))
            || (words >= 2 && w.starts_with('ب'))
            // سفين دزيي دعوات بغداد: a sound feminine plural after two name words is the object
            || (words >= 2 && w.ends_with("ات") && !vocab::is(Class::Given, w))
    }

    fn surname(&self, i: usize) -> bool {
        let w = self.norm(i);
        let f = self.feats(i);
        matches!(
            w,
            "الله" | "الدين" | "الرحمن" | "الرحيم" | "الكريم" | "العزيز" | "الحق"
        ) || (f & feat::DEFINITE != 0
            && (w.ends_with('ي') || (w.ends_with("يه") && self.after_given(i)))
            && f & (feat::ENDS_PHRASE | feat::NATION | vocab::class_bit(Class::Adj)) == 0)
            || self.nation_surname(i)
    }

    /// "سعيد المصري"، "محمد التونسي" before what follows a speaker: a nationality nisba right
    /// after a first given name, where the name ends, is the family name (not in سامح شكري
    /// المصري, where the name is whole before it).
    fn nation_surname(&self, i: usize) -> bool {
        let f = self.feats(i);
        let next = self.norm(i + 1);
        f & feat::DEFINITE != 0
            && f & feat::NATION != 0
            && self.norm(i).ends_with('ي')
            && self.after_given(i)
            && (i < 2 || !self.name_like(i - 2))
            && (self.strong_name_end(i + 1) || next.starts_with("بال") || self.name_ends_at(i + 1))
    }

    /// True when a given name stands right before `i`: a definite word there is a family name
    /// even when it looks like a feminine adjective, which could not follow a man's name (مازن
    /// الفراية).
    fn after_given(&self, i: usize) -> bool {
        i > 0 && self.is(Class::Given, i - 1)
    }

    /// Parses the speaker phrase starting at `i`, not past `end`.
    pub fn parse(&self, i: usize, end: usize) -> Option<Np> {
        let mut np = Np {
            span: i..i,
            name: None,
            kind: EntityKind::Person,
            role: None,
            org: None,
            unnamed: false,
            clitic: false,
            lam: false,
        };
        let mut p = i;
        for _ in 0..6 {
            if p >= end {
                break;
            }
            match self.part(&mut np, p) {
                Some(q) if q > p => p = q,
                _ => break,
            }
            if np.unnamed {
                break;
            }
        }
        while p > i && self.doc.toks[p - 1].is_comma() {
            p -= 1;
        }
        np.span = i..p.min(end);
        (np.name.is_some() || np.role.is_some() || np.unnamed).then_some(np)
    }

    /// One part of the phrase at `p`: the first rule of the grammar that applies reads it.
    /// Returns where the part ends, or `None` when the phrase ends before `p`.
    fn part(&self, np: &mut Np, p: usize) -> Option<usize> {
        let rules: [Rule<'a>; 11] = [
            Self::quoted_part,
            Self::known_part,
            Self::unnamed_part,
            Self::role_part,
            Self::name_after_role_comma,
            Self::title_part,
            Self::apposition_part,
            Self::org_part,
            Self::definite_first_name,
            Self::place_then_name,
            Self::person_part,
        ];
        rules.iter().find_map(|rule| rule(self, np, p)).flatten()
    }

    /// "حمزة بيرقدار"، «جبهة النصرة»: a short quoted name opens the phrase.
    fn quoted_part(&self, np: &mut Np, p: usize) -> Verdict {
        let inner = self.quoted_name(p).filter(|_| np.name.is_none())?;
        np.kind = self.kind_of(inner.clone());
        np.name = Some(inner.clone());
        Some(Some(inner.end + 1))
    }

    /// A name of the article or the gazetteer. After a role only a person's name is the speaker's
    /// (وزير الخارجية سامح شكري, not وزير خارجية مصر).
    fn known_part(&self, np: &mut Np, p: usize) -> Verdict {
        let (end, kind) = self.known(p).filter(|_| np.name.is_none())?;
        if np.role.is_some() && kind != EntityKind::Person {
            return Some(None);
        }
        np.kind = kind;
        let (name_end, end) = match kind {
            EntityKind::Org => self.known_org_extent(p, end),
            EntityKind::Person if self.fuller_person(np, p, end) > end => {
                (self.fuller_person(np, p, end), None)
            }
            _ => (end, Some(self.adjectives(end))),
        };
        np.name = Some(p..name_end);
        Some(Some(end.unwrap_or(name_end)))
    }

    /// ونظيره حسين أمير عبد اللهيان after فؤاد حسين: after a role, a fuller name beats a surname
    /// met before. Returns where the name ends.
    fn fuller_person(&self, np: &Np, p: usize, end: usize) -> usize {
        if end != p + 1 || np.role.is_none() {
            return end;
        }
        self.person_name(p, true)
            .filter(|&e| e > end && (self.name_like(end) || self.given_name_at(end)))
            .unwrap_or(end)
    }

    /// How far a known organisation's name runs (its end, and the part's end when it differs):
    /// a head word known alone takes its adjectives (المجلس العسكري); a body takes its seat
    /// (الدفاع المدني في غزة); more of the name may follow (الهيئة العليا للمفاوضات لقوى …).
    fn known_org_extent(&self, p: usize, end: usize) -> (usize, Option<usize>) {
        if end == p + 1 && self.has(feat::ORG_HEAD, p) {
            let e = self.adjectives(end);
            return (e, Some(self.seat(e)));
        }
        let seated = self.seat(end);
        if seated > end {
            return (seated, None);
        }
        let adjectives = self.adjectives(end);
        let fuller = self.seat(self.org_complements(adjectives));
        (if fuller > adjectives { fuller } else { end }, Some(fuller))
    }

    /// "مصادر محلية"، "ناشطون": an unnamed source, when nothing came before it.
    fn unnamed_part(&self, np: &mut Np, p: usize) -> Verdict {
        if np.name.is_some() || np.role.is_some() {
            return None;
        }
        let end = self.unnamed(p)?;
        np.unnamed = true;
        np.span = p..end;
        Some(Some(end))
    }

    /// A role with its organisation (الناطق باسم جيش الإسلام), or a second role right after the
    /// first (رئيس مجلس السيادة قائد الجيش). A role word that is also a given name, before a given
    /// name after a role, opens the name instead (قائد القوة … أمير علي حاجي زاده).
    fn role_part(&self, np: &mut Np, p: usize) -> Verdict {
        let given_role = np.role.is_some() && self.is(Class::Given, p) && self.given_name_at(p + 1);
        let open = np.role.is_none() || np.name.is_none();
        if !self.has(feat::ROLE, p) || !open || given_role {
            return None;
        }
        // دعا الجيش السوداني القادة إلى …: after an organisation's name a role is the object
        if np.name.is_some() && np.kind != EntityKind::Person {
            return Some(None);
        }
        let (end, org) = self.role(p);
        match &mut np.role {
            Some(r) if r.end == p => r.end = end,
            Some(_) => return Some(None),
            None => np.role = Some(p..end),
        }
        np.org = np.org.take().or(org);
        Some(Some(end))
    }

    /// "المتحدث باسم الوزارة، ماجد الأنصاري، قال": a comma between a role and a person's name.
    fn name_after_role_comma(&self, np: &mut Np, p: usize) -> Verdict {
        let comma = self.doc.toks.get(p).is_some_and(|t| t.is_comma());
        if np.name.is_some() || np.role.is_none() || !comma {
            return None;
        }
        let next = p + 1;
        let person = self
            .known(next)
            .is_some_and(|(_, k)| k == EntityKind::Person)
            || self.person_name(next, true).is_some();
        Some(person.then_some(next))
    }

    /// "العميد ركن"، "اللواء الروسي": titles before a name, kept out of it.
    fn title_part(&self, _: &mut Np, p: usize) -> Verdict {
        self.is(Class::Title, p).then(|| Some(self.titles(p)))
    }

    /// After a name only an apposition may follow: "، الناطق باسم …".
    fn apposition_part(&self, np: &mut Np, p: usize) -> Verdict {
        np.name.is_some().then(|| self.apposition(np, p))
    }

    /// "وزارة …"، "مجلس …": an organisation no list knows, read from its head word.
    fn org_part(&self, np: &mut Np, p: usize) -> Verdict {
        if np.role.is_some() || !self.has(feat::ORG_HEAD, p) {
            return None;
        }
        let end = self.org(p);
        if let Some(end) = end {
            np.name = Some(p..end);
            np.kind = EntityKind::Org;
        }
        Some(end)
    }

    /// True when a name is expected at `p`: after a role, a title or a rank word (أول، ركن).
    fn name_expected(&self, np: &Np, p: usize) -> bool {
        let after = |test: &dyn Fn(usize) -> bool| p > np.span.start && test(p - 1);
        np.role.is_some()
            || after(&|k| self.is(Class::Title, k))
            || after(&|k| matches!(self.norm(k), "اول" | "ركن" | "الركن"))
    }

    /// Where a name is expected, a definite word that is no adjective, head or known name opens
    /// it before a kunya or a name word: "الحاج أبو محمد"، "المهندس الزبير أحمد".
    fn definite_first_name(&self, np: &mut Np, p: usize) -> Verdict {
        let w = self.norm(p);
        let opens = self.name_expected(np, p)
            && vocab::is_definite(w)
            && !vocab::is_adjective(w)
            && !vocab::is_org_head(w)
            && !vocab::ends_phrase(w)
            && self.global_at(p).is_none()
            && (matches!(self.norm(p + 1), "ابو" | "بن") || self.name_like(p + 1));
        if !opens {
            return None;
        }
        let end = self.person_name(p + 1, true);
        if let Some(end) = end {
            np.name = Some(p..end);
            np.kind = EntityKind::Person;
        }
        Some(end)
    }

    /// The last rule: a person's name no list knows (see [`Ctx::person_name`]).
    fn person_part(&self, np: &mut Np, p: usize) -> Verdict {
        let end = self.person_name(p, self.name_expected(np, p));
        if let Some(end) = end {
            np.name = Some(p..end);
            np.kind = EntityKind::Person;
        }
        Some(end)
    }

    /// "رئيس المجلس البلدي سرت مختار المعداني": a word that is no given name between a role and
    /// a given name names where the role is held; the name starts after it. Only before a name
    /// of two words or more (not عقيلة صالح أي …، تمام سلام الاعتداء).
    fn place_then_name(&self, np: &mut Np, p: usize) -> Verdict {
        let role = np.role.as_mut().filter(|r| r.end == p)?;
        let w = self.norm(p);
        let place = self.is_word(p)
            && !vocab::is_definite(w)
            && !self.is(Class::Given, p)
            && self.name_like(p)
            && (self.is(Class::Given, p + 1) || self.is(Class::AmbiguousGiven, p + 1))
            && (self.surname(p + 2)
                || (self.family_word(p + 2) && self.plain_family(p + 2))
                || self.is(Class::Given, p + 2)
                || is_connector(self.norm(p + 2)));
        if !place {
            return None;
        }
        let end = self.person_name(p + 1, true)?;
        role.end = p + 1;
        np.name = Some(p + 1..end);
        np.kind = EntityKind::Person;
        Some(Some(end))
    }

    /// After a name: ", الناطق باسم …" (a comma before a role or title) continues the phrase.
    fn apposition(&self, np: &Np, p: usize) -> Option<usize> {
        let comma = self.doc.toks.get(p)?.is_comma();
        let next = self.norm(p + 1);
        (comma && np.role.is_none() && (vocab::is_role(next) || vocab::is(Class::Title, next)))
            .then_some(p + 1)
    }

    /// The kind of a quoted or unknown name: a known entity's, an organisation after a head
    /// word (جبهة النصرة), else a person.
    fn kind_of(&self, range: Range<usize>) -> EntityKind {
        if let Some((_, kind)) = self.known(range.start) {
            return kind;
        }
        if self.has(feat::ORG_HEAD, range.start) {
            EntityKind::Org
        } else {
            EntityKind::Person
        }
    }

    /// Titles and nationality adjectives before a name: "اللواء الروسي".
    fn titles(&self, p: usize) -> usize {
        let mut q = p;
        while self.is(Class::Title, q)
            || (q > p
                && self.doc.toks.get(q).is_some_and(|t| t.is('.'))
                && self.is(Class::Title, q - 1))
            || (q > p
                && ((self.has(feat::ADJECTIVE, q) && self.has(feat::DEFINITE, q))
                    || matches!(self.norm(q), "اول" | "ركن" | "الركن")))
        {
            q += 1;
        }
        q
    }

    /// Adjectives after a noun: "العسكري"، "الروسية"، "الدعم السريع". Not a participle with a
    /// noun of its own (الحكومة المنتهية ولايتها: whose term ended), which describes the name
    /// without being part of it.
    fn adjectives(&self, p: usize) -> usize {
        let mut q = p;
        while self.is_word(q)
            && (self.has(feat::ADJECTIVE, q) || self.faeel_adjective(q))
            && !self.governs_own_noun(q)
        {
            q += 1;
        }
        q
    }

    /// "السريع"، "الشريف": a definite word of the shape فعيل after a definite word, with which
    /// it agrees as an adjective does; not a role, title, name or listed noun.
    fn faeel_adjective(&self, q: usize) -> bool {
        let w = self.norm(q);
        let c: Vec<char> = w.chars().collect();
        q > 0
            && c.len() == 6
            && w.starts_with("ال")
            && c[4] == 'ي'
            && !matches!(c[2], 'ا' | 'و' | 'ي')
            && self.has(feat::DEFINITE, q - 1)
            && self.feats(q) & (feat::ROLE | feat::ORG_HEAD | feat::ENDS_PHRASE) == 0
            && !self.is(Class::Title, q)
            && !self.is(Class::Given, q)
            && !self.is(Class::Object, q)
            && !self.lexical(q)
    }

    /// A participle at `q` followed by a noun with a pronoun on it, which refers back to the
    /// noun the participle describes: المنتهية ولايتها، المعترف بها.
    fn governs_own_noun(&self, q: usize) -> bool {
        let (Some(src), Some(next)) = (self.src, self.doc.toks.get(q + 1)) else {
            return false;
        };
        let raw = src.get(next.bytes.clone()).unwrap_or("");
        let raw: String = raw
            .chars()
            .filter(|c| !crate::text::normalize::is_mark(*c))
            .collect();
        self.norm(q).starts_with("الم")
            && self.is_word(q + 1)
            && !vocab::is_definite(self.norm(q + 1))
            && !self.lexical(q + 1)
            && !matches!(self.norm(q + 1), "هذه" | "هذا")
            && raw.chars().count() >= 3
            && ["ها", "هم", "هما", "ه"].iter().any(|e| raw.ends_with(e))
    }

    /// An unnamed source: "مصادر محلية"، "ناشطون"، "مسؤول أمني"، "شهود عيان".
    fn unnamed(&self, p: usize) -> Option<usize> {
        let w = self.norm(p);
        let listed = vocab::is(Class::Unnamed, vocab::bare(w)) || vocab::is(Class::Unnamed, w);
        if !listed && !self.human_plural(p) {
            return None;
        }
        // "مسؤول العلاقات …" is a role, not an unnamed source; so is "القيادي في حركة حماس"
        if vocab::is_role(w)
            && (self.has(feat::DEFINITE, p + 1) || (vocab::is_definite(w) && !listed_plural(w)))
        {
            return None;
        }
        let definite = vocab::is_definite(w);
        let mut q = p + 1;
        if definite {
            // المحتجون الغاضبون، السكان المحليون
            while q < p + 3 && self.is_word(q) && self.has(feat::ADJECTIVE, q) {
                q += 1;
            }
            return Some(q);
        }
        if let Some(end) = self
            .residents_of(p)
            .or_else(|| self.residents_of_definite(p))
        {
            return Some(end);
        }
        if self.unnamed_adjective(q) || self.free_adjective(q) {
            q += 1;
        }
        while q < p + 4 && (self.unnamed_adjective(q) || self.source_adjective(q)) {
            q += 1;
        }
        // مصادر أمنية "إسرائيلية": an adjective in quotation marks
        if let Some(inner) = self.doc.quote_opening_at(q) {
            if inner.len() == 1 && self.unnamed_adjective(inner.start) {
                q = inner.end + 1;
            }
        }
        // مسؤول أمريكي رفيع المستوى
        if self.norm(q) == "المستوي" && q > p + 1 && self.source_adjective(q - 1) {
            q += 1;
            // مصدر رفيع المستوى مسؤول
            while q < p + 6 && self.source_adjective(q) {
                q += 1;
            }
        }
        Some(self.source_complement(self.media_complement(q)))
    }

    /// "أهالي مدينة درنة"، "سكان حي الشيخ مقصود"، "أبناء قرية الهول": people named by the town
    /// they live in, the kind of place and its name after them. Returns where the name ends.
    pub fn residents_of(&self, p: usize) -> Option<usize> {
        let residents = matches!(
            vocab::bare(self.norm(p)),
            "اهالي" | "سكان" | "ابناء" | "وجهاء" | "عشائر" | "اهل"
        );
        let q = p + 1;
        let kind = matches!(
            self.norm(q),
            "مدينه"
                | "بلده"
                | "قريه"
                | "حي"
                | "مخيم"
                | "محافظه"
                | "منطقه"
                | "ولايه"
                | "اقليم"
                | "ريف"
                | "ناحيه"
                | "قضاء"
                | "جزيره"
                | "واحه"
        );
        if !(residents && kind && self.is_word(q + 1)) {
            return None;
        }
        if let Some((end, _)) = self.known(q + 1) {
            return Some(self.adjectives(end));
        }
        let w = self.norm(q + 1);
        let named = !vocab::ends_phrase(w)
            && !vocab::masdar_shaped(w)
            && !w.starts_with("بال")
            && !self.lexical(q + 1)
            && self.feats(q + 1) & (feat::ROLE | feat::ORG_HEAD) == 0;
        named.then(|| self.adjectives(q + 2))
    }

    /// "سكان الرقة"، "أهالي الحصن"، "أهالي المعتقلين": residents or families with the definite
    /// name of their town or of those they are kin to.
    fn residents_of_definite(&self, p: usize) -> Option<usize> {
        let residents = matches!(
            vocab::bare(self.norm(p)),
            "اهالي" | "سكان" | "ابناء" | "وجهاء" | "اهل"
        );
        let q = p + 1;
        let w = self.norm(q);
        let named = residents
            && self.is_word(q)
            && w.starts_with("ال")
            && !self.has(feat::ADJECTIVE, q)
            && !vocab::generic_place(w)
            && !vocab::ends_phrase(w)
            && !self.lexical(q)
            && !vocab::masdar_shaped(w)
            && self.feats(q) & (feat::ROLE | feat::ORG_HEAD) == 0;
        named.then(|| self.adjectives(q + 1))
    }

    /// "وسائل إعلام محلية"، "مصادر إعلامية": the noun of media after an unnamed head, with its
    /// adjectives.
    fn media_complement(&self, q: usize) -> usize {
        if matches!(self.norm(q), "اعلام" | "الاعلام") {
            self.adjectives(q + 1)
        } else {
            q
        }
    }

    /// Where an unnamed source sits: "في وزارة الدفاع العراقية"، "من قوات سوريا الديمقراطية"،
    /// "بالحكومة"، "مقربة من عائلات القتلى"، "في جنوبي لبنان". The place or body must be named
    /// (an organisation, a known name or a place), so that "حذر مسؤولون من التصعيد" keeps its
    /// complement out of the speaker.
    fn source_complement(&self, q: usize) -> usize {
        let w = self.norm(q);
        let close = q > 0
            && matches!(
                vocab::bare(self.norm(q - 1)),
                "مقرب" | "مقربه" | "قريب" | "قريبه"
            );
        // مصادر في مالي بأن …: one word of a place no list knows, closed by أن or a pause
        if w == "في" && self.lone_place(q + 1) {
            return q + 2;
        }
        let start = match w {
            "في" | "داخل" | "لدي" => q + 1,
            "من" if close || self.named_body(q + 1) => q + 1,
            _ if w.starts_with("بال") || w.starts_with("لل") => {
                // بالحكومة، للجيش: the body with the preposition on it
                return match self.named_body_word(q) {
                    true => self.seat(self.adjectives(q + 1)),
                    false => q,
                };
            }
            _ => return q,
        };
        if let Some(end) = self.org_or_quoted(start).filter(|_| self.named_body(start)) {
            return end;
        }
        // جنوبي لبنان، عائلات القتلى: a noun and the place or people it belongs to
        let w = self.norm(start);
        let idafa = self.is_word(start)
            && !vocab::is_definite(w)
            && !vocab::ends_phrase(w)
            && lexicon::lookup(w).is_none()
            && (self.known(start + 1).is_some() || (close && self.has(feat::DEFINITE, start + 1)));
        if idafa {
            return match self.known(start + 1) {
                Some((end, _)) => self.adjectives(end),
                None => self.adjectives(start + 2),
            };
        }
        q
    }

    /// One word at `q` that can only be a place's name: no particle, reporting word, verbal
    /// noun, adjective or common noun of the lists, and what follows it closes the source's
    /// phrase: a pause, أن, a reporting word (قوله), or the source's wish to stay unnamed
    /// (طالبا عدم الكشف عن اسمه).
    fn lone_place(&self, q: usize) -> bool {
        let w = self.norm(q);
        let next = self.doc.toks.get(q + 1);
        let closes = next.is_some_and(|t| t.is_comma())
            || self.has(feat::AN, q + 1)
            || (self.is_word(q + 1) && self.doc.cue(q + 1).is_some())
            || matches!(
                vocab::bare(self.norm(q + 1)),
                "طالبا"
                    | "طالبه"
                    | "مفضلا"
                    | "مفضله"
                    | "رافضا"
                    | "رافضه"
                    | "مشترطا"
                    | "مشترطه"
            );
        self.is_word(q)
            && (!vocab::is_definite(w) || !self.has(feat::ADJECTIVE, q))
            && !vocab::generic_place(w)
            && !vocab::ends_phrase(w)
            && !self.lexical(q)
            && !vocab::masdar_shaped(w)
            && !vocab::is(Class::Object, w)
            && self.feats(q) & (feat::ROLE | feat::ORG_HEAD) == 0
            && closes
    }

    /// A body or place named at `q`: a known name, a quoted name, or an organisation's head.
    fn named_body(&self, q: usize) -> bool {
        self.known(q).is_some_and(|(_, k)| k != EntityKind::Person)
            || self.quoted_name(q).is_some()
            || self.has(feat::ORG_HEAD, q)
    }

    /// "بالحكومة"، "للجيش": a preposition joined to an organisation's head.
    fn named_body_word(&self, q: usize) -> bool {
        let w = self.norm(q);
        let rest = w
            .strip_prefix("بال")
            .or_else(|| w.strip_prefix("لل"))
            .map(|r| format!("ال{r}"));
        rest.is_some_and(|r| vocab::is_org_head(&r))
    }

    /// A plural of people a text quotes without names: المحتجون، المعتصمون، اقتصاديون، يمنيون.
    /// Not a present verb (يواصلون) or a noun that only looks plural (القانون).
    fn human_plural(&self, p: usize) -> bool {
        let w = self.norm(p);
        let b = vocab::bare(w);
        let Some(stem) = b.strip_suffix("ون") else {
            return false;
        };
        let letters = b.chars().count();
        let nisba = stem.ends_with('ي');
        let verb_like = !vocab::is_definite(w) && b.starts_with(['ي', 'ت']) && !nisba;
        self.is_word(p)
            && letters >= 6
            && !verb_like
            && !matches!(
                b,
                "قانون" | "كانون" | "مضمون" | "زيتون" | "صابون" | "ليمون" | "طاعون"
            )
            && !vocab::is(Class::Object, b)
            && lexicon::lookup(w).is_none()
            && self.known(p).is_none()
    }

    /// A listed adjective of an unnamed source: رفيع، مطلع، مقربة، بارز.
    fn source_adjective(&self, q: usize) -> bool {
        self.is_word(q) && self.is(Class::SourceAdj, q)
    }

    /// Any plain indefinite word right after an unnamed head: "قيادي معارض"، "مصدر مطلع".
    fn free_adjective(&self, q: usize) -> bool {
        let w = self.norm(q);
        self.is_word(q)
            && !vocab::is_definite(w)
            && !vocab::ends_phrase(w)
            && !w.starts_with(['ب', 'ل'])
            && !vocab::is(Class::Given, w)
            && !vocab::is(Class::Object, w)
            && lexicon::lookup(w).is_none()
    }

    fn unnamed_adjective(&self, q: usize) -> bool {
        let w = self.norm(q);
        self.is_word(q)
            && !vocab::is_definite(w)
            && !self.addressed(w)
            && !w.starts_with("بال")
            && !vocab::ends_phrase(w)
            && lexicon::lookup(w).is_none()
            && (w == "عيان"
                || w.ends_with('ي')
                || w.ends_with('ه')
                || w.ends_with("ون")
                || w.ends_with("ين"))
    }

    /// A role apposition from its head: returns where it ends and the organisation inside.
    ///
    /// "الناطق باسم X"، "وزير الخارجية التركي"، "رئيس حكومة تصريف الأعمال"، "مدير … في X"،
    /// "النائب عن كتلة X"، "عضو المكتب السياسي لحركة X".
    fn role(&self, p: usize) -> (usize, Option<Range<usize>>) {
        let definite = self.has(feat::DEFINITE, p);
        let mut q = if definite {
            self.adjectives(p + 1)
        } else {
            p + 1
        };
        let mut org = None;
        if matches!(self.norm(q), "باسم" | "بسم") {
            let start = self.skip_so_called(q + 1);
            if let Some(end) = self.org_or_quoted(start) {
                return (end, Some(self.unquote(start..end)));
            }
            return (q, None);
        }
        if on_behalf_of_pronoun(self.norm(q)) {
            // المتحدث باسمه: the organisation is the previous speaker's (see coref)
            return (q + 1, None);
        }
        if !definite {
            let (end, inner) = self.construct_chain(q);
            q = self.adjectives(end);
            org = inner;
        }
        // وزيرة البريد وتكنولوجيات الإعلام والاتصال: several nouns of one chain
        for _ in 0..3 {
            let next = self.coordinated_nouns(q);
            if next == q {
                break;
            }
            q = next;
        }
        for _ in 0..3 {
            if let Some((start, end)) = self.prepositional_org(q) {
                org = Some(self.unquote(start..end));
                q = end;
                continue;
            }
            let next = self.seat(self.destination(q));
            let next = if next == q {
                self.lam_complement(q)
            } else {
                next
            };
            let next = if next == q {
                self.place_before_name(q)
            } else {
                next
            };
            if next == q {
                break;
            }
            q = next;
        }
        (q, org)
    }

    /// "في العاصمة" closing a role when a title or a given name follows (قائد الشرطة في العاصمة
    /// أمير حسن زاده): where the role is held.
    fn place_before_name(&self, q: usize) -> usize {
        if self.norm(q) != "في" || !self.has(feat::DEFINITE, q + 1) {
            return q;
        }
        let end = self.adjectives(q + 2);
        let w = self.norm(end);
        let name_next =
            vocab::is(Class::Title, w) || (self.given_name_at(end) && self.is_word(end));
        if name_next { end } else { q }
    }

    /// "والبلديات" after a role's construct chain: a second noun of the same chain (وزيرة
    /// الداخلية والبلديات), not another speaker (والمتحدث، ووزير، وأحمد).
    fn coordinated_nouns(&self, q: usize) -> usize {
        let w = self.norm(q);
        let Some(rest) = w.strip_prefix('و') else {
            return q;
        };
        // وزيرة البريد وتكنولوجيات الإعلام: an indefinite noun with its own complement
        let construct = !vocab::is_definite(rest)
            && rest.chars().count() >= 3
            && self.has(feat::DEFINITE, q + 1)
            && !self.has(feat::NATION, q + 1)
            && lexicon::lookup(rest).is_none();
        if construct
            && !self.joins_another(q)
            && !vocab::is_role(rest)
            && !vocab::is(Class::Title, rest)
            && !vocab::is(Class::Given, rest)
            && self.known(q).is_none()
            && q > 0
            && self.has(feat::DEFINITE, q - 1)
        {
            return self.adjectives(q + 2);
        }
        let noun = vocab::is_definite(rest)
            && !self.joins_another(q)
            && !vocab::is_role(rest)
            && !vocab::is(Class::Title, rest)
            && self.known(q).is_none()
            && q > 0
            && self.has(feat::DEFINITE, q - 1);
        if noun { self.adjectives(q + 1) } else { q }
    }

    /// "لشؤون المصالحة الوطنية" closing a role: ل with an indefinite noun and its construct chain
    /// (وزير الدولة لشؤون المصالحة). Not an addressee (لوكالة، للصحفيين) or a name.
    fn lam_complement(&self, q: usize) -> usize {
        let w = self.norm(q);
        let Some(rest) = w.strip_prefix('ل') else {
            return q;
        };
        let noun = self.is_word(q)
            && rest.chars().count() >= 3
            && !rest.starts_with('ل')
            && !vocab::is_definite(rest)
            && !self.addressee(w)
            && !vocab::ends_phrase(w)
            && !vocab::starts_with_an(w)
            && lexicon::lookup(w).is_none()
            && self.known(q).is_none()
            && self.has(feat::DEFINITE, q + 1);
        if noun { self.adjectives(q + 2) } else { q }
    }

    /// "إلى ليبيا"، "لدى الأمم المتحدة"، "للدولة" closing a role (المبعوث الأممي إلى اليمن).
    fn destination(&self, q: usize) -> usize {
        let w = self.norm(q);
        if matches!(w, "الي" | "لدي") {
            if let Some((end, _)) = self.known(q + 1) {
                return end;
            }
            // المبعوث الخاص إلى اليمن مارتن غريفيث: one word of place before a given name
            let place = q + 1;
            let one_place = self.is_word(place)
                && !self.lexical(place)
                && !self.given_name_at(place)
                && self.feats(place) & (feat::ROLE | feat::ORG_HEAD | feat::ADJECTIVE) == 0
                && !vocab::ends_phrase(self.norm(place));
            if one_place && self.given_name_at(place + 1) {
                return place + 1;
            }
        }
        if w.starts_with("لل") && self.is_word(q) && !self.addressee(w) && !vocab::ends_phrase(w)
        {
            return self.adjectives(q + 1);
        }
        q
    }

    /// "ما يعرف بـ"، "ما يسمى" before a name: skipped.
    fn skip_so_called(&self, q: usize) -> usize {
        if self.norm(q) == "ما" && matches!(self.norm(q + 1), "يعرف" | "يسمي" | "تعرف" | "تسمي")
        {
            let mut r = q + 2;
            if self.norm(r) == "ب" {
                r += 1;
            }
            return r;
        }
        q
    }

    fn unquote(&self, r: Range<usize>) -> Range<usize> {
        if self.doc.toks.get(r.start).is_some_and(|t| t.is_quote()) && r.len() >= 2 {
            r.start + 1..r.end - 1
        } else {
            r
        }
    }

    /// "في X"، "عن X"، "لدى X"، "لحركة X" after a role, when X is an organisation.
    fn prepositional_org(&self, q: usize) -> Option<(usize, usize)> {
        let w = self.norm(q);
        if w == "ل" {
            // الرئيس المشترك لـ "مجلس سوريا الديمقراطية": ل written apart from its organisation
            let start = q + 1;
            let org_like = self.quoted_name(start).is_some() || self.named_body(start);
            return org_like
                .then(|| self.org_or_quoted(start).map(|e| (start, e)))
                .flatten();
        }
        if matches!(w, "في" | "عن" | "لدي") {
            let start = self.skip_so_called(q + 1);
            let n = self.norm(start);
            let org_like = self.known(start).is_some()
                || vocab::is_org_head(n)
                || self.quoted_name(start).is_some();
            return org_like
                .then(|| self.org_or_quoted(start).map(|e| (start, e)))
                .flatten();
        }
        // صرح عقيد في "الجيش الحر" لوكالة …: an addressee is whom the role spoke to
        if w.starts_with('ل')
            && !w.starts_with("لل")
            && !self.addressee(w)
            && (self.known(q).is_some_and(|(_, k)| k != EntityKind::Person)
                || vocab::is_org_head(w.strip_prefix('ل').unwrap_or(w)))
        {
            return self.org_without_lam(q).map(|e| (q, e));
        }
        None
    }

    /// [`Ctx::org`] at a word whose ل is the preposition (لقوات سوريا الديمقراطية): the name
    /// read from the word after it.
    fn org_without_lam(&self, q: usize) -> Option<usize> {
        if self.known(q).is_some() {
            return self.org(q);
        }
        let outer = self.strip.replace(Some((q, 'ل'.len_utf8())));
        let end = self.org(q);
        self.strip.set(outer);
        end
    }

    /// A construct chain after an indefinite head: indefinite nouns up to the first definite one
    /// (حكومة تصريف الأعمال، الخارجية). Returns its end and a known organisation inside.
    fn construct_chain(&self, q: usize) -> (usize, Option<Range<usize>>) {
        let mut r = q;
        while r < q + 4 && self.is_word(r) && !self.has(feat::ENDS_PHRASE, r) {
            if let Some((end, kind)) = self.known(r) {
                if kind == EntityKind::Person {
                    return (r, None);
                }
                return (end, Some(r..end));
            }
            let w = self.norm(r);
            r += 1;
            if vocab::is_definite(w) {
                break;
            }
            if self.person_name_start(r - 1) {
                // حركة فتح منير الجاغوب: the chain stops before the given name
                return (r - 1, None);
            }
            if !self.is_word(r) {
                // رئيس ولاية بونتلاند، سعيد …: a chain closed by a comma before a name is whole
                let name_next =
                    self.doc.toks.get(r).is_some_and(|t| t.is_comma()) && self.given_name_at(r + 1);
                return (if name_next { r } else { q }, None);
            }
        }
        (r, None)
    }

    fn person_name_start(&self, i: usize) -> bool {
        self.is(Class::Given, i)
    }

    fn org_or_quoted(&self, q: usize) -> Option<usize> {
        match self.quoted_name(q) {
            Some(inner) => Some(inner.end + 1),
            None => self.org(q),
        }
    }

    /// An organisation's name from `q`: a known name, or a head word with its construct chain,
    /// adjectives and a ل complement (المفوضية العليا المستقلة للانتخابات).
    pub fn org(&self, q: usize) -> Option<usize> {
        if let Some((end, kind)) = self.known(q) {
            let end = self.adjectives(end);
            if kind == EntityKind::Place {
                return Some(end);
            }
            // الهيئة العليا للمفاوضات لقوى الثورة والمعارضة السورية: a known name and more
            return Some(self.seat(self.org_complements(end)));
        }
        let head = self.norm(q);
        if !vocab::is_org_head(head) && !vocab::is_definite(head) {
            return None;
        }
        let mut end = q + 1;
        let quoted = self.quoted_name(end).or_else(|| {
            self.doc
                .quote_opening_at(end)
                .filter(|r| (1..=6).contains(&r.len()))
        });
        if let Some(inner) = quoted {
            // صحيفة "نيويورك تايمز"، وكالة «سانا» الرسمية، صحيفة "لا نوفيل تريبيون"
            end = inner.end + 1;
        } else if !vocab::is_definite(head) {
            let chained = self.construct_chain(end).0;
            end = match self.closed_name(end) {
                Some(closed) if chained == end => closed,
                _ => chained,
            };
        }
        end = self.adjectives(end);
        Some(self.seat(self.org_complements(end)))
    }

    /// برلمان كردستان، وكالة نورث برس: one to three plain words after a head word, closed by
    /// punctuation or the end of the text: a name no list knows. Returns where it ends.
    fn closed_name(&self, q: usize) -> Option<usize> {
        let plain = |j: usize| {
            let w = self.norm(j);
            self.is_word(j)
                && !vocab::is_definite(w)
                && !vocab::ends_phrase(w)
                && !vocab::masdar_shaped(w)
                && !self.lexical(j)
        };
        let end = (q..q + 3).take_while(|&j| plain(j)).last()? + 1;
        self.doc
            .toks
            .get(end)
            .is_none_or(|t| !t.is_word())
            .then_some(end)
    }

    /// The ل complements that continue an organisation's name, each with the nouns joined to it:
    /// المفوضية السامية للأمم المتحدة لحقوق الإنسان، المفوضية العليا للانتخابات والاستفتاء.
    fn org_complements(&self, mut end: usize) -> usize {
        for _ in 0..2 {
            let next = self.org_complement(end);
            if next == end {
                break;
            }
            end = self.coordinated_genitive(next);
        }
        end
    }

    /// "والمعارضة السورية" after a ل complement: a second noun of the genitive (لقوى الثورة
    /// والمعارضة), where an organisation's head word joined by و is not another speaker.
    fn coordinated_genitive(&self, q: usize) -> usize {
        let w = self.norm(q);
        let noun = w.strip_prefix('و').is_some_and(|rest| {
            vocab::is_definite(rest)
                && !vocab::is_role(rest)
                && !vocab::is(Class::Title, rest)
                && self.known(q).is_none()
        }) && q > 0
            && self.has(feat::DEFINITE, q - 1);
        if noun {
            self.adjectives(q + 1)
        } else {
            self.coordinated_nouns(q)
        }
    }

    /// A ل complement of an organisation's name (للانتخابات، لحقوق الإنسان، للأمم المتحدة):
    /// returns where it ends. Not an addressee (لوكالة، للصحفيين) or a time (لأول مرة).
    fn org_complement(&self, end: usize) -> usize {
        let w = self.norm(end);
        let rest = w
            .strip_prefix("لل")
            .or_else(|| w.strip_prefix('ل'))
            .unwrap_or(w);
        let fits = w.starts_with('ل')
            && w.chars().count() > 3
            && self.is_word(end)
            && !self.addressee(w)
            && !vocab::ends_phrase(rest)
            && !vocab::ends_phrase(w)
            && lexicon::lookup(w).is_none();
        if !fits {
            return end;
        }
        if let Some((e, kind)) = self.known(end).filter(|(_, k)| *k != EntityKind::Person) {
            let _ = kind;
            return self.adjectives(e);
        }
        let mut next = end + 1;
        if !w.starts_with("لل") && self.has(feat::DEFINITE, next) {
            next += 1;
        }
        self.adjectives(next)
    }

    /// "في غزة"، "في حكومة الوفاق" after an organisation's name: where it sits, part of the name
    /// (وزارة الصحة في غزة).
    fn seat(&self, end: usize) -> usize {
        if self.norm(end) != "في" {
            return end;
        }
        match self.known(end + 1) {
            Some((e, kind)) if kind != EntityKind::Person => e,
            _ => end,
        }
    }

    /// لوكالة، للصحفيين: a word with ل naming whom something was said to.
    pub fn addressed(&self, w: &str) -> bool {
        w.starts_with('ل') && self.addressee(w)
    }

    fn addressee(&self, w: &str) -> bool {
        let rest = w.strip_prefix("لل").map(|r| format!("ال{r}"));
        let rest = rest
            .as_deref()
            .unwrap_or_else(|| w.strip_prefix('ل').unwrap_or(w));
        vocab::is(Class::Addressee, rest) || vocab::is(Class::Addressee, vocab::bare(rest))
    }
}

/// A plural head of the unnamed list: مسؤولون، قادة (not مسؤول، قيادي).
fn listed_plural(norm: &str) -> bool {
    let b = vocab::bare(norm);
    b.ends_with("ون") || b.ends_with("ين") || matches!(b, "قاده" | "مسؤولو" | "وزراء")
}

/// "باسمه"، "باسمها"، "باسمهم": on behalf of someone the text named before.
fn on_behalf_of_pronoun(norm: &str) -> bool {
    matches!(norm, "باسمه" | "باسمها" | "باسمهم" | "باسمهما")
}

/// Name parts that do not count towards a name's length: عبد، بن، أبو، آل، الله، الدين.
fn is_connector(norm: &str) -> bool {
    matches!(
        norm,
        "عبد"
            | "بن"
            | "ابن"
            | "ابو"
            | "ال"
            | "الله"
            | "الدين"
            | "الرحمن"
            | "ملا"
            | "ولد"
            | "بنت"
    )
}

#[cfg(test)]
mod tests;
