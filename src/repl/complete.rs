//! What Tab offers at the cursor: tables at the start, the fields of the table being queried,
//! keywords, verb classes after `verb=`, and entity names from the store after an entity field
//! (`speaker=علو` offers `علوان` and `"وائل علوان"`). Pure logic over [`lex`](super::lex)
//! tokens; the store is reached through [`NameSource`].

use super::lex::{Kind, Token, tokens};
use crate::model::VerbClass;
use crate::text::normalize;

/// What the query language knows: tables, their fields, keywords. Built from the query catalog.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Each table with its fields, in the catalog's order.
    pub tables: Vec<(String, Vec<Field>)>,
    /// The language's keywords (`where`, `and`, `show`, …).
    pub keywords: Vec<String>,
    /// Date buckets offered after `by` (`year`, `month`, …).
    pub buckets: Vec<String>,
}

/// A field and what its values are, for value completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's name as typed in queries.
    pub name: String,
    /// What completion offers after `FIELD=`.
    pub values: Values,
}

/// Where a field's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    /// Names and aliases of entities in the store.
    Entities,
    /// A fixed list (verb classes, entity kinds, true/false).
    Fixed(Vec<String>),
    /// Free values: nothing to offer.
    Free,
}

impl Vocabulary {
    /// The fields of `table`, if the table is known (case-insensitive).
    pub fn fields(&self, table: &str) -> Option<&[Field]> {
        self.tables
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(table))
            .map(|(_, f)| f.as_slice())
    }

    /// The table names.
    pub fn table_names(&self) -> impl Iterator<Item = &str> {
        self.tables.iter().map(|(t, _)| t.as_str())
    }
}

/// The verb classes, as a value list.
pub fn verb_values() -> Values {
    Values::Fixed(VerbClass::ALL.iter().map(|c| c.as_str().into()).collect())
}

/// Entity names for a prefix: the store in the REPL, a list in tests.
pub trait NameSource {
    /// Names and aliases matching the normalised `prefix` at the start of the name or of one
    /// of its words, most used first.
    fn names(&self, prefix: &str) -> Vec<String>;
}

/// One thing Tab can insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What the list shows.
    pub display: String,
    /// What replaces the text from the completion's start to the cursor.
    pub replacement: String,
}

impl Candidate {
    fn plain(text: &str) -> Self {
        Candidate {
            display: text.to_string(),
            replacement: text.to_string(),
        }
    }
}

/// The word under completion and what is before it.
struct Site<'a> {
    /// Byte offset where the replacement starts.
    start: usize,
    /// What was typed of the word (inside the quotes for a string).
    prefix: &'a str,
    /// The closing quote when the cursor is inside an open string.
    open_quote: Option<char>,
    /// Tokens before the word.
    before: Vec<Token>,
}

/// Candidates for the cursor at byte `pos` of `line`, with the offset their replacement starts at.
pub fn complete(
    line: &str,
    pos: usize,
    vocab: &Vocabulary,
    names: &dyn NameSource,
) -> (usize, Vec<Candidate>) {
    let pos = floor_char_boundary(line, pos);
    let text = &line[..pos];
    let Some(site) = site(text) else {
        return (pos, Vec::new());
    };
    let words: Vec<&str> = site
        .before
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .map(|t| t.text(text))
        .collect();
    let candidates = if let Some(field) = value_field(&site.before, text) {
        values(vocab, &words, field, &site, names)
    } else if site.open_quote.is_some() {
        Vec::new()
    } else {
        words_for(vocab, &words, site.prefix)
    };
    (site.start, candidates)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Finds the word being typed at the end of `text`.
fn site(text: &str) -> Option<Site<'_>> {
    let mut toks = tokens(text);
    let last = toks.last().copied();
    match last {
        Some(t) if t.end == text.len() && t.kind == (Kind::Str { closed: false }) => {
            toks.pop();
            let quote = text[t.start..].chars().next()?;
            let start = t.start + quote.len_utf8();
            Some(Site {
                start,
                prefix: &text[start..],
                open_quote: Some(match quote {
                    '«' => '»',
                    '“' => '”',
                    q => q,
                }),
                before: toks,
            })
        }
        Some(t) if t.end == text.len() && t.kind == Kind::Word => {
            toks.pop();
            Some(Site {
                start: t.start,
                prefix: t.text(text),
                open_quote: None,
                before: toks,
            })
        }
        Some(t) if t.end == text.len() && matches!(t.kind, Kind::Str { .. } | Kind::Comment) => {
            None
        }
        _ => Some(Site {
            start: text.len(),
            prefix: "",
            open_quote: None,
            before: toks,
        }),
    }
}

/// The field whose value is being typed: after `FIELD =` (or `!=`, `~`, `!~`) or inside
/// `FIELD in (…, `.
fn value_field<'a>(before: &[Token], text: &'a str) -> Option<&'a str> {
    let n = before.len();
    let last = before.last()?;
    if last.kind == Kind::Operator && matches!(last.text(text), "=" | "!=" | "~" | "!~") {
        return before
            .get(n.checked_sub(2)?)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text(text));
    }
    if last.kind == Kind::Punct && matches!(last.text(text), "(" | ",") {
        let open = before.iter().rposition(|t| t.text(text) == "(")?;
        let listed = &before[open + 1..];
        let only_values = listed
            .iter()
            .all(|t| t.text(text) == "," || matches!(t.kind, Kind::Str { .. } | Kind::Word));
        let keyword = before.get(open.checked_sub(1)?)?;
        let field = before.get(open.checked_sub(2)?)?;
        if only_values && keyword.text(text).eq_ignore_ascii_case("in") {
            return Some(field.text(text));
        }
    }
    None
}

/// The table a statement asks about: its first word after `explain` and `count`.
fn table_of<'a>(words: &[&'a str]) -> Option<&'a str> {
    words
        .iter()
        .find(|w| !w.eq_ignore_ascii_case("explain") && !w.eq_ignore_ascii_case("count"))
        .copied()
}

/// Keywords, tables or fields, by position.
fn words_for(vocab: &Vocabulary, words: &[&str], prefix: &str) -> Vec<Candidate> {
    let lead = words
        .iter()
        .all(|w| w.eq_ignore_ascii_case("explain") || w.eq_ignore_ascii_case("count"));
    let mut offer: Vec<&str> = Vec::new();
    if lead {
        if words.is_empty() {
            offer.extend(["count", "explain"]);
        } else if words
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("explain"))
        {
            offer.push("count");
        }
        offer.extend(vocab.table_names());
    } else {
        let fields = table_of(words).and_then(|t| vocab.fields(t)).unwrap_or(&[]);
        offer.extend(fields.iter().map(|f| f.name.as_str()));
        let before_last = words.len().checked_sub(2).map(|i| words[i]);
        if words.last().is_some_and(|w| w.eq_ignore_ascii_case("by")) {
            // `count … by` groups by date buckets too; `order by` sorts by fields only
            if !before_last.is_some_and(|w| w.eq_ignore_ascii_case("order")) {
                offer.extend(vocab.buckets.iter().map(String::as_str));
            }
        } else {
            offer.extend(vocab.keywords.iter().map(String::as_str));
        }
    }
    let lower = prefix.to_lowercase();
    let mut seen = std::collections::HashSet::new();
    offer
        .into_iter()
        .filter(|w| w.to_lowercase().starts_with(&lower) && seen.insert(*w))
        .map(Candidate::plain)
        .collect()
}

/// The values a field takes, matching what was typed.
fn values(
    vocab: &Vocabulary,
    words: &[&str],
    field: &str,
    site: &Site<'_>,
    names: &dyn NameSource,
) -> Vec<Candidate> {
    let Some(fields) = table_of(words).and_then(|t| vocab.fields(t)) else {
        return Vec::new();
    };
    let Some(field) = fields.iter().find(|f| f.name.eq_ignore_ascii_case(field)) else {
        return Vec::new();
    };
    let found: Vec<String> = match &field.values {
        Values::Entities => names.names(site.prefix),
        Values::Fixed(list) => {
            let prefix = normalize(site.prefix);
            list.iter()
                .filter(|v| normalize(v).starts_with(&prefix))
                .cloned()
                .collect()
        }
        Values::Free => Vec::new(),
    };
    found
        .into_iter()
        .map(|v| Candidate {
            replacement: match site.open_quote {
                Some(close) => format!("{v}{close}"),
                None => quote_value(&v),
            },
            display: v,
        })
        .collect()
}

/// A value as the query language reads it: bare when it is one word, quoted otherwise.
///
/// ```
/// use qawl::repl::complete::quote_value;
/// assert_eq!(quote_value("علوان"), "علوان");
/// assert_eq!(quote_value("وائل علوان"), "\"وائل علوان\"");
/// assert_eq!(quote_value("حركة \"أحرار\""), "«حركة \"أحرار\"»");
/// ```
pub fn quote_value(value: &str) -> String {
    let bare = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'));
    if bare {
        value.to_string()
    } else if !value.contains('"') {
        format!("\"{value}\"")
    } else if !value.contains('»') {
        format!("«{value}»")
    } else {
        format!("'{value}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        let field = |name: &str, values: Values| Field {
            name: name.into(),
            values,
        };
        Vocabulary {
            tables: vec![
                (
                    "statements".into(),
                    vec![
                        field("date", Values::Free),
                        field("speaker", Values::Entities),
                        field("surface", Values::Free),
                        field("verb", verb_values()),
                    ],
                ),
                ("entities".into(), vec![field("name", Values::Entities)]),
            ],
            keywords: ["where", "and", "show", "limit"].map(String::from).to_vec(),
            buckets: vec!["month".into()],
        }
    }

    struct List(&'static [&'static str]);

    impl NameSource for List {
        fn names(&self, prefix: &str) -> Vec<String> {
            let prefix = normalize(prefix);
            self.0
                .iter()
                .filter(|n| normalize(n).split(' ').any(|w| w.starts_with(&prefix)))
                .map(|n| n.to_string())
                .collect()
        }
    }

    const NAMES: &List = &List(&["علوان", "وائل علوان", "حمزة بيرقدار"]);

    fn offered(line: &str) -> (usize, Vec<String>) {
        let (start, c) = complete(line, line.len(), &vocab(), NAMES);
        (start, c.into_iter().map(|c| c.replacement).collect())
    }

    #[test]
    fn the_first_word_is_a_table() {
        assert_eq!(offered("sta"), (0, vec!["statements".into()]));
        assert_eq!(offered("count en"), (6, vec!["entities".into()]));
    }

    #[test]
    fn fields_come_from_the_table_being_queried() {
        assert_eq!(offered("statements where sp"), (17, vec!["speaker".into()]));
        assert_eq!(
            offered("statements where s").1,
            ["speaker", "surface", "show"]
        );
        assert!(offered("entities where sp").1.is_empty());
    }

    #[test]
    fn entity_fields_offer_names_from_a_part_of_the_name() {
        let (start, got) = offered("statements where speaker=علو");
        assert_eq!(start, "statements where speaker=".len());
        assert_eq!(got, ["علوان", "\"وائل علوان\""]);
    }

    #[test]
    fn inside_an_open_quote_the_name_is_closed() {
        let line = "statements where speaker = \"وائ";
        let (start, got) = offered(line);
        assert_eq!(start, line.len() - "وائ".len());
        assert_eq!(got, ["وائل علوان\""]);
    }

    #[test]
    fn verbs_are_offered_after_verb_equals() {
        assert_eq!(
            offered("statements where verb=de").1,
            ["denied", "demanded"]
        );
        assert!(offered("statements where surface=de").1.is_empty());
    }

    #[test]
    fn lists_after_in_offer_values() {
        assert_eq!(
            offered("statements where speaker in (علوان, حم").1,
            ["\"حمزة بيرقدار\""]
        );
    }

    #[test]
    fn by_offers_date_buckets_but_order_by_only_fields() {
        assert_eq!(offered("count statements by mo").1, ["month"]);
        assert!(offered("statements order by mo").1.is_empty());
        assert_eq!(offered("statements order by d").1, ["date"]);
    }

    #[test]
    fn a_closed_string_offers_nothing() {
        assert!(offered("statements where speaker=\"علوان\"").1.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn no_input_makes_completion_or_scanning_panic(
            line in "[a-z «»“”\"'()#;,=!~<>$.\nعلوانé]{0,40}",
            pos in 0usize..120,
        ) {
            let _ = complete(&line, pos, &vocab(), NAMES);
            let _ = super::super::scan::split(&line, super::super::scan::Mode::Script);
            let _ = super::super::scan::split(&line, super::super::scan::Mode::Line);
            let _ = super::super::command::parse(&line);
            let _ = quote_value(&line);
        }
    }

    #[test]
    fn positions_inside_a_character_do_not_panic() {
        let line = "statements where speaker=علو";
        for pos in 0..=line.len() {
            let _ = complete(line, pos, &vocab(), NAMES);
        }
    }
}
