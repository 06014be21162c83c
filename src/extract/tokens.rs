//! Words, punctuation, quotes and sentences of one text, with code-point offsets.
//!
//! Extraction reads a text once into a [`Doc`]: every word normalised (see
//! [`crate::text::normalize`]), every punctuation mark a token of its own, quoted spans paired
//! («…», “…”, "…") and sentences split at . ! ? ؟ and line breaks, never inside a quote.

use crate::text::normalize::fold;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters, digits and marks.
    Word,
    /// One punctuation or symbol character.
    Punct(char),
    /// A line break (runs of them are one token).
    Break,
}

/// One token: where it is (code points and bytes) and its normalised form.
#[derive(Debug, Clone)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub bytes: Range<usize>,
    /// The normalised word (empty for punctuation and breaks).
    pub norm: String,
    pub kind: Kind,
    /// What the word classes say of the word ([`super::vocab::features`]), worked out when first
    /// asked.
    feats: std::cell::OnceCell<u32>,
    /// The word's reporting cue, if the lexicon has one, looked up when first asked.
    cue: std::cell::OnceCell<Option<super::lexicon::Found>>,
}

impl Tok {
    /// True for a word token.
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    /// True for the punctuation mark `c`.
    pub fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// True for a comma of either script.
    pub fn is_comma(&self) -> bool {
        matches!(self.kind, Kind::Punct('،' | ',' | '؛' | ';'))
    }

    /// True for an opening or closing quotation mark.
    pub fn is_quote(&self) -> bool {
        matches!(self.kind, Kind::Punct('"' | '«' | '»' | '“' | '”' | '„'))
    }
}

/// A tokenised text: tokens, quoted spans and sentences.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub toks: Vec<Tok>,
    /// Token ranges of quoted text, without the quotation marks themselves.
    pub quotes: Vec<Range<usize>>,
    /// Per token: the index into `quotes` of the quote it lies inside.
    pub quote_of: Vec<Option<usize>>,
    /// Token ranges of sentences.
    pub sentences: Vec<Range<usize>>,
    /// The words that open with ل + the article (للجيش), read as the definite word (الجيش):
    /// (token, form), in token order.
    definite: Vec<(usize, String)>,
}

impl Doc {
    /// Tokenises `text`.
    pub fn new(text: &str) -> Doc {
        let toks = tokenize(text);
        let (quotes, quote_of) = pair_quotes(&toks);
        let sentences = split_sentences(&toks, &quote_of);
        let definite = toks
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let rest = t
                    .norm
                    .strip_prefix("لل")
                    .filter(|r| r.chars().count() >= 2)?;
                Some((i, format!("ال{rest}")))
            })
            .collect();
        Doc {
            toks,
            quotes,
            quote_of,
            sentences,
            definite,
        }
    }

    /// The word at `i` without the ل that joins it as ل + article (للجيش → الجيش), if it is one.
    pub fn without_lam(&self, i: usize) -> Option<&str> {
        let k = self.definite.binary_search_by_key(&i, |(k, _)| *k).ok()?;
        Some(self.definite[k].1.as_str())
    }

    /// The normalised word at `i`, or "" past the end or for punctuation.
    pub fn norm(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.norm.as_str())
    }

    /// The [`super::vocab::features`] of token `i` (0 past the end or for punctuation).
    pub fn feats(&self, i: usize) -> u32 {
        self.toks.get(i).map_or(0, |t| {
            *t.feats.get_or_init(|| super::vocab::features(&t.norm))
        })
    }

    /// True when token `i` has the feature bit(s) `bit` (any of them).
    pub fn has(&self, bit: u32, i: usize) -> bool {
        self.feats(i) & bit != 0
    }

    /// The lexicon's cue for token `i`, if it is a reporting word.
    pub fn cue(&self, i: usize) -> Option<super::lexicon::Found> {
        self.toks
            .get(i)
            .and_then(|t| *t.cue.get_or_init(|| super::lexicon::lookup(&t.norm)))
    }

    /// True when token `i` lies inside a quote.
    pub fn in_quote(&self, i: usize) -> bool {
        self.quote_of.get(i).is_some_and(Option::is_some)
    }

    /// The quote that opens at token `i` (the token is the opening mark).
    pub fn quote_opening_at(&self, i: usize) -> Option<Range<usize>> {
        let q = self.quote_of.get(i + 1).copied().flatten()?;
        let range = self.quotes[q].clone();
        (range.start == i + 1 && self.toks[i].is_quote()).then_some(range)
    }

    /// The original text of tokens `range` (from the first token's start to the last one's end).
    pub fn text<'a>(&self, src: &'a str, range: Range<usize>) -> &'a str {
        if range.start >= range.end || range.end > self.toks.len() {
            return "";
        }
        let from = self.toks[range.start].bytes.start;
        let to = self.toks[range.end - 1].bytes.end;
        src.get(from..to).unwrap_or("")
    }

    /// The normalised words of `range`, joined by single spaces.
    pub fn norm_text(&self, range: Range<usize>) -> String {
        let mut out = String::new();
        for t in self.toks.get(range).unwrap_or(&[]) {
            if t.is_word() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&t.norm);
            }
        }
        out
    }
}

/// True for characters that belong to a word: letters, digits and Arabic marks. Arabic letters,
/// marks and digits and ASCII are answered from their ranges; only other scripts ask the
/// Unicode tables, which cost more than the rest of tokenising.
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7F}' => false,
        // Arabic letters, tatweel, harakat, Arabic-Indic digits, the extended letters
        '\u{0621}'..='\u{063A}' | '\u{0640}'..='\u{0669}' | '\u{066E}'..='\u{06D3}' => true,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => false,
        _ => c.is_alphanumeric() || crate::text::normalize::is_mark(c) || c == '\u{200C}',
    }
}

/// Splits `text` into tokens in one pass, counting code points as it goes.
fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 8);
    let mut word: Option<(usize, usize)> = None; // (char start, byte start)
    let mut chars = 0usize;
    for (b, c) in text.char_indices() {
        if is_word_char(c) {
            if word.is_none() {
                word = Some((chars, b));
            }
        } else {
            if let Some((start, bstart)) = word.take() {
                toks.push(word_tok(text, start, chars, bstart..b));
            }
            if c == '\n' {
                if !matches!(toks.last(), Some(t) if t.kind == Kind::Break) {
                    toks.push(punct_tok(chars, b, c, Kind::Break));
                }
            } else if !c.is_whitespace() && !matches!(c, '#' | '_') && fold(c).is_some() {
                // # and _ of a hashtag (#برلمان_كردستان) are read as the spaces they stand for
                toks.push(punct_tok(chars, b, c, Kind::Punct(c)));
            }
        }
        chars += 1;
    }
    if let Some((start, bstart)) = word {
        toks.push(word_tok(text, start, chars, bstart..text.len()));
    }
    join_detached_and(toks)
}

/// "و تكنولوجيات"، "هذا و أفادت": a و written apart from its word is read as the clitic it is,
/// one token with the word after it (its span covers both).
fn join_detached_and(toks: Vec<Tok>) -> Vec<Tok> {
    if !toks.iter().any(|t| t.norm == "و") {
        return toks;
    }
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut it = toks.into_iter().peekable();
    while let Some(t) = it.next() {
        let joins = t.norm == "و"
            && it
                .peek()
                .is_some_and(|n| n.is_word() && n.start == t.end + 1 && !n.norm.starts_with('و'));
        if joins {
            if let Some(n) = it.next() {
                out.push(Tok {
                    start: t.start,
                    end: n.end,
                    bytes: t.bytes.start..n.bytes.end,
                    norm: format!("و{}", n.norm),
                    kind: Kind::Word,
                    feats: std::cell::OnceCell::new(),
                    cue: std::cell::OnceCell::new(),
                });
                continue;
            }
        }
        out.push(t);
    }
    out
}

fn punct_tok(start: usize, b: usize, c: char, kind: Kind) -> Tok {
    Tok {
        start,
        end: start + 1,
        bytes: b..b + c.len_utf8(),
        norm: String::new(),
        kind,
        feats: std::cell::OnceCell::from(0),
        cue: std::cell::OnceCell::from(None),
    }
}

/// A word token, or a dash where the "word" is only tatweel ("مركز الأخبار ـ أكد"): news writers
/// use a free-standing ـ as the dash after a dateline.
fn word_tok(text: &str, start: usize, end: usize, bytes: Range<usize>) -> Tok {
    let norm = normalize_word(&text[bytes.clone()]);
    let kind = if norm.is_empty() && text[bytes.clone()].contains('\u{640}') {
        Kind::Punct('–')
    } else {
        Kind::Word
    };
    Tok {
        start,
        end,
        bytes,
        norm,
        kind,
        feats: std::cell::OnceCell::new(),
        cue: std::cell::OnceCell::new(),
    }
}

/// [`crate::text::normalize`] for one word, without its NFKC pass unless a presentation form
/// is present (the common case is plain letters, and this runs on every word).
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    push_normalized(word, &mut out);
    crate::text::normalize::hamza_before_waw(out)
}

/// Appends the normalised `word` to `out`. The letters of everyday Arabic (U+0621–U+065F, two
/// bytes in UTF-8) and ASCII are folded byte by byte, the rest through [`fold`].
fn push_normalized(word: &str, out: &mut String) {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            out.push(b.to_ascii_lowercase() as char);
            i += 1;
            continue;
        }
        if (b == 0xD8 || b == 0xD9) && i + 1 < bytes.len() {
            let code = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            if (0x0621..=0x065F).contains(&code) {
                match code {
                    0x0623 | 0x0625 | 0x0622 => out.push('ا'),
                    0x0649 => out.push('ي'),
                    0x0629 => out.push('ه'),
                    0x0640 | 0x064B..=0x065F => {}
                    _ => out.push_str(&word[i..i + 2]),
                }
                i += 2;
                continue;
            }
        }
        // any other character: the general rules, from here to the end of the word
        for c in word[i..].chars() {
            if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
                out.extend(c.nfkc().filter_map(fold));
            } else if let Some(f) = fold(c) {
                out.push(f);
            }
        }
        return;
    }
}

/// Pairs quotation marks within each paragraph: «…» and “…” by direction, "…" by alternation.
fn pair_quotes(toks: &[Tok]) -> (Vec<Range<usize>>, Vec<Option<usize>>) {
    let mut quotes = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, t) in toks.iter().enumerate() {
        match (t.kind, open) {
            (Kind::Break, _) => open = None,
            (Kind::Punct(c @ ('«' | '“' | '„')), None) => open = Some((i, c)),
            (Kind::Punct('"'), None) => open = Some((i, '"')),
            (Kind::Punct(c), Some((o, oc))) if closes(oc, c) => {
                quotes.push(o + 1..i);
                open = None;
            }
            _ => {}
        }
    }
    let mut quote_of = vec![None; toks.len()];
    for (q, range) in quotes.iter().enumerate() {
        for slot in &mut quote_of[range.clone()] {
            *slot = Some(q);
        }
    }
    (quotes, quote_of)
}

fn closes(open: char, c: char) -> bool {
    matches!(
        (open, c),
        ('«', '»') | ('“', '”') | ('„', '“') | ('"', '"') | ('“', '"')
    )
}

/// Sentence ranges: split after . ! ? ؟ … outside quotes (not in 3.5) and at line breaks.
fn split_sentences(toks: &[Tok], quote_of: &[Option<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        let ends = match t.kind {
            Kind::Break => true,
            Kind::Punct('.') => {
                quote_of[i].is_none() && !is_decimal_point(toks, i) && !is_abbreviation(toks, i)
            }
            Kind::Punct('!' | '?' | '؟' | '…') => quote_of[i].is_none(),
            _ => false,
        };
        if ends {
            push_sentence(&mut out, toks, start, i + 1);
            start = i + 1;
        }
    }
    push_sentence(&mut out, toks, start, toks.len());
    out
}

fn push_sentence(out: &mut Vec<Range<usize>>, toks: &[Tok], start: usize, end: usize) {
    let mut end = end;
    while end > start && toks[end - 1].kind == Kind::Break {
        end -= 1;
    }
    if toks[start..end].iter().any(Tok::is_word) {
        out.push(start..end);
    }
}

/// "د." (الدكتور), "م." (المهندس), "أ.": a one-letter word before the full stop is an
/// abbreviation, not the end of a sentence.
fn is_abbreviation(toks: &[Tok], i: usize) -> bool {
    i > 0
        && toks[i - 1].end == toks[i].start
        && toks[i - 1].is_word()
        && toks[i - 1].norm.chars().count() == 1
        && toks[i - 1]
            .norm
            .chars()
            .all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

fn is_decimal_point(toks: &[Tok], i: usize) -> bool {
    let digit =
        |t: Option<&Tok>| t.is_some_and(|t| t.norm.starts_with(|c: char| c.is_ascii_digit()));
    i > 0
        && toks[i - 1].end == toks[i].start
        && toks.get(i + 1).is_some_and(|n| n.start == toks[i].end)
        && digit(toks.get(i - 1))
        && digit(toks.get(i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_code_point_offsets_and_normal_forms() {
        let text = "قالَ «إنّ» الأمرَ";
        let doc = Doc::new(text);
        let words: Vec<_> = doc.toks.iter().filter(|t| t.is_word()).collect();
        assert_eq!(words[0].norm, "قال");
        assert_eq!(words[1].norm, "ان");
        let chars: Vec<char> = text.chars().collect();
        let w = words[2];
        assert_eq!(chars[w.start..w.end].iter().collect::<String>(), "الأمرَ");
    }

    #[test]
    fn sentences_split_at_stops_but_not_inside_quotes() {
        let doc = Doc::new("قال الوزير: \"الوضع صعب. لكننا صامدون\". وانتهى اللقاء.\nسطر آخر");
        assert_eq!(doc.sentences.len(), 3);
        assert_eq!(doc.quotes.len(), 1);
    }

    #[test]
    fn a_free_standing_tatweel_is_a_dash_and_a_tatweel_inside_a_word_is_not() {
        let doc = Doc::new("غزة ـ قالـــت الوزارة");
        assert!(doc.toks[1].is('–'));
        assert_eq!(doc.toks[2].norm, "قالت");
        assert_eq!(doc.toks.iter().filter(|t| t.is_word()).count(), 3);
    }

    #[test]
    fn a_decimal_point_does_not_end_a_sentence() {
        let doc = Doc::new("ارتفع المؤشر 3.5 بالمئة اليوم.");
        assert_eq!(doc.sentences.len(), 1);
    }

    #[test]
    fn guillemets_pair_by_direction() {
        let doc = Doc::new("وصف «الاتفاق» بأنه «خطوة أولى»");
        assert_eq!(doc.quotes.len(), 2);
        assert!(doc.quote_opening_at(1).is_some());
        assert!(doc.quote_opening_at(0).is_none());
    }

    #[test]
    fn the_fast_word_normaliser_agrees_with_the_general_one() {
        for w in [
            "قالَ",
            "إعــلان",
            "أحمد",
            "آذار",
            "المفوضية",
            "مستشفى",
            "٢٠١٨",
            "ABC",
            "ﻻ",
            "ٱلله",
            "پاکستان",
            "ی",
            "x\u{200F}y",
            "é",
            "\u{0670}هذا",
        ] {
            assert_eq!(normalize_word(w), crate::text::normalize(w), "{w}");
        }
    }

    #[test]
    fn word_characters_by_range_agree_with_unicode() {
        for c in ('\u{0}'..='\u{0800}').chain(['\u{200C}', '\u{FEFB}', 'é', '€']) {
            let slow = c.is_alphanumeric() || crate::text::normalize::is_mark(c) || c == '\u{200C}';
            assert_eq!(is_word_char(c), slow, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "\u{064B}",
            "\"",
            "«",
            "»»",
            ".",
            "\n\n",
            "\u{FEFB}ا",
            "a.b",
        ] {
            let doc = Doc::new(s);
            for r in &doc.sentences {
                let _ = doc.text(s, r.clone());
            }
        }
    }
}
