//! The line editor's helper: Tab completion, hints and keyword highlighting. Enter always
//! ends the line: a statement going on over lines is the REPL's business (it shows the
//! continuation prompt); the helper is told the lines above, so Tab completes a field or a
//! name on a continuation line as on the first.
//!
//! Colour is all or nothing: none at all when `NO_COLOR` is set or output is not a terminal.
//! A line longer than [`LONG_LINE`] is shown plain and gets no hint: painting and hinting read
//! the whole line, and doing that at every key of a long paste made it quadratic (a 17 KB line
//! took 20 s); past the bound each key costs the same whatever the line's length.

use super::command;
use super::complete::{self, Candidate, NameSource, Vocabulary};
use super::lex::{Kind, tokens};
use crate::output::Format;
use crate::store::Store;
use crate::text::normalize;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

/// How many entity names Tab offers at most.
const MAX_NAMES: i64 = 40;

/// The longest line (in bytes) that is highlighted and hinted.
pub const LONG_LINE: usize = 1024;

/// How many bytes at the end of the kept line [`QawlHelper::keep`] compares to take a longer
/// line as the same one with more typed at its end.
const KEPT_TAIL: usize = 64;

const BOLD_BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const GREEN: &str = "\x1b[32m";
const MAGENTA: &str = "\x1b[35m";
const CYAN: &str = "\x1b[36m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// The REPL's rustyline helper.
pub struct QawlHelper {
    vocab: Rc<Vocabulary>,
    store: Rc<RefCell<Store>>,
    color: bool,
    history: HistoryHinter,
    files: FilenameCompleter,
    /// The line as of the last edit, for the REPL to offer again when reading fails.
    kept: RefCell<String>,
    /// The lines of the statement typed above the current one, each with its line break.
    above: RefCell<String>,
}

impl QawlHelper {
    /// A helper completing from `vocab` and the entities of `store`; `color` turns highlighting on.
    pub fn new(vocab: Rc<Vocabulary>, store: Rc<RefCell<Store>>, color: bool) -> Self {
        QawlHelper {
            vocab,
            store,
            color,
            history: HistoryHinter::new(),
            files: FilenameCompleter::new(),
            kept: RefCell::new(String::new()),
            above: RefCell::new(String::new()),
        }
    }

    /// Tells the helper the lines of the statement typed so far (empty at the first prompt),
    /// which completion reads before the current line.
    pub fn set_above(&self, lines: &str) {
        let mut above = self.above.borrow_mut();
        above.clear();
        if !lines.is_empty() {
            above.push_str(lines);
            above.push('\n');
        }
    }

    /// The line as it was at the last edit: what a failed read (a byte that is not UTF-8)
    /// would otherwise lose.
    pub fn last_line(&self) -> String {
        self.kept.borrow().clone()
    }

    /// Keeps a copy of `line`. Typing or pasting at the end only appends to the copy (a check
    /// of its last bytes, not a copy of the whole line at every key); any other edit copies
    /// the line again.
    fn keep(&self, line: &str) {
        let mut kept = self.kept.borrow_mut();
        let old = kept.len();
        let tail = old.saturating_sub(KEPT_TAIL);
        let appended = old > 0
            && line.len() >= old
            && line.is_char_boundary(old)
            && line.as_bytes()[tail..old] == kept.as_bytes()[tail..];
        if appended && old > LONG_LINE {
            kept.push_str(&line[old..]);
        } else if *kept != line {
            kept.clear();
            kept.push_str(line);
        }
    }

    /// Candidates for a query line, read after the lines above it.
    fn complete_query(&self, line: &str, pos: usize) -> (usize, Vec<Candidate>) {
        let above = self.above.borrow();
        let (text, at) = if above.is_empty() {
            (std::borrow::Cow::Borrowed(line), pos)
        } else {
            (format!("{above}{line}").into(), above.len() + pos)
        };
        let (start, candidates) = match self.store.try_borrow() {
            Ok(store) => complete::complete(&text, at, &self.vocab, &StoreNames(&store)),
            Err(_) => complete::complete(&text, at, &self.vocab, &NoNames),
        };
        match start.checked_sub(above.len()) {
            Some(start) => (start, candidates),
            None => (pos, Vec::new()),
        }
    }

    /// Candidates for a dot-command line: its name, then its arguments.
    fn complete_command(&self, line: &str, pos: usize) -> rustyline::Result<(usize, Vec<Pair>)> {
        let head = &line[..pos];
        let lead = head.len() - head.trim_start().len();
        let Some(space) = head[lead..].find(char::is_whitespace) else {
            let typed = head[lead..].to_ascii_lowercase();
            let names = command::names().filter(|n| n.starts_with(&typed));
            return Ok((lead, names.map(pair).collect()));
        };
        let name = head[lead..lead + space].to_ascii_lowercase();
        let word_start = head.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let typed = &head[word_start..];
        let choices: Vec<String> = match name.as_str() {
            ".read" | ".output" | ".once" | ".ingest" => {
                return self.files.complete_path(line, pos);
            }
            ".mode" => Format::ALL.iter().map(|f| f.as_str().to_string()).collect(),
            ".headers" | ".explain" | ".timer" | ".pager" | ".bail" => {
                vec!["on".into(), "off".into()]
            }
            ".fields" => self.vocab.table_names().map(String::from).collect(),
            ".schema" => self.store_tables(),
            ".param" => ["set", "unset", "list", "clear"].map(String::from).to_vec(),
            _ => Vec::new(),
        };
        let offered = choices.iter().filter(|c| c.starts_with(typed));
        Ok((word_start, offered.map(|c| pair(c)).collect()))
    }
}

impl QawlHelper {
    /// The store's SQL tables, for `.schema`.
    fn store_tables(&self) -> Vec<String> {
        let Ok(store) = self.store.try_borrow() else {
            return Vec::new();
        };
        let names = store
            .connection()
            .prepare_cached(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
                  AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            });
        names.unwrap_or_default()
    }
}

fn pair(text: &str) -> Pair {
    Pair {
        display: text.to_string(),
        replacement: text.to_string(),
    }
}

fn is_command(line: &str) -> bool {
    line.trim_start().starts_with('.')
}

impl Completer for QawlHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        if is_command(line) {
            return self.complete_command(line, pos);
        }
        let (start, candidates) = self.complete_query(line, pos);
        let pairs = candidates
            .into_iter()
            .map(|c| Pair {
                display: c.display,
                replacement: c.replacement,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for QawlHelper {
    type Hint = String;

    /// The rest of a history line that starts like this one, else the rest of the only
    /// completion. Without colour a hint would look typed, so there is none; nor is there one
    /// on a long line, or one that would make the line long.
    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        // rustyline asks for a hint after every edit: the moment to keep the line
        self.keep(line);
        if !self.color || line.is_empty() || pos < line.len() || line.len() > LONG_LINE {
            return None;
        }
        // a long history line would be repainted whole, as the hint, at every key
        let room = LONG_LINE - line.len();
        self.history
            .hint(line, pos, ctx)
            .filter(|rest| rest.len() <= room)
            .or_else(|| self.completion_hint(line, pos))
    }
}

impl QawlHelper {
    /// What the only completion at the end of `line` would add, when there is exactly one.
    fn completion_hint(&self, line: &str, pos: usize) -> Option<String> {
        if is_command(line) {
            return None;
        }
        let (start, candidates) = self.complete_query(line, pos);
        let [only] = candidates.as_slice() else {
            return None;
        };
        let typed = line.get(start..pos)?;
        only.replacement
            .strip_prefix(typed)
            .filter(|rest| !rest.is_empty() && !typed.is_empty())
            .map(String::from)
    }
}

impl Highlighter for QawlHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.color || line.len() > LONG_LINE {
            return Cow::Borrowed(line);
        }
        Cow::Owned(paint(line, &self.vocab))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if !self.color {
            return Cow::Borrowed(hint);
        }
        Cow::Owned(format!("{DIM}{hint}{RESET}"))
    }

    /// A typed character may change the colours of the line (it can finish a keyword or open
    /// a string); a cursor move never does. A long line, shown plain, never needs repainting
    /// for its colours, so rustyline just writes the character.
    fn highlight_char(&self, line: &str, _pos: usize, kind: CmdKind) -> bool {
        self.color && kind != CmdKind::MoveCursor && line.len() <= LONG_LINE
    }
}

/// The line with ANSI colours: keywords, the table, strings, parameters, comments.
fn paint(line: &str, vocab: &Vocabulary) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut last = 0;
    let mut first_word = true;
    for token in tokens(line) {
        out.push_str(&line[last..token.start]);
        let text = token.text(line);
        let style = match token.kind {
            Kind::Word if first_word && text.starts_with('.') => Some(CYAN),
            Kind::Word if text.starts_with('$') => Some(MAGENTA),
            Kind::Word if is_keyword(vocab, text) => Some(BOLD_BLUE),
            Kind::Word if vocab.fields(text).is_some() => Some(BOLD),
            Kind::Str { .. } => Some(GREEN),
            Kind::Comment => Some(DIM),
            _ => None,
        };
        if token.kind == Kind::Word {
            first_word = false;
        }
        match style {
            Some(style) => out.push_str(&format!("{style}{text}{RESET}")),
            None => out.push_str(text),
        }
        last = token.end;
    }
    out.push_str(&line[last..]);
    out
}

fn is_keyword(vocab: &Vocabulary, word: &str) -> bool {
    vocab.keywords.iter().any(|k| k.eq_ignore_ascii_case(word))
        || ["count", "explain"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(word))
}

/// Enter always ends the line; the REPL decides whether the statement goes on.
impl Validator for QawlHelper {}

impl Helper for QawlHelper {}

/// Entity names from the store: a normalised prefix of the name, an alias, or one of their
/// words, through a bound parameter; the most quoted speakers first.
pub struct StoreNames<'a>(pub &'a Store);

impl NameSource for StoreNames<'_> {
    fn names(&self, prefix: &str) -> Vec<String> {
        let prefix = like_escape(&normalize(prefix));
        let rows = self.0.connection().prepare_cached(
            "WITH hits(entity_id, form) AS (
                 SELECT id, name FROM entities
                  WHERE name_norm LIKE ?1 ESCAPE '\\' OR name_norm LIKE ?2 ESCAPE '\\'
                 UNION
                 SELECT entity_id, alias FROM aliases
                  WHERE alias_norm LIKE ?1 ESCAPE '\\' OR alias_norm LIKE ?2 ESCAPE '\\'
                 UNION
                 SELECT e.id, e.name FROM entities e JOIN aliases a ON a.entity_id = e.id
                  WHERE a.alias_norm LIKE ?1 ESCAPE '\\' OR a.alias_norm LIKE ?2 ESCAPE '\\'
             )
             SELECT form FROM hits h
             GROUP BY form
             ORDER BY max((SELECT count(*) FROM statements s WHERE s.speaker_id = h.entity_id)) DESC,
                      length(form), form
             LIMIT ?3",
        );
        let Ok(mut stmt) = rows else {
            return Vec::new();
        };
        let found = stmt.query_map(
            rusqlite::params![format!("{prefix}%"), format!("% {prefix}%"), MAX_NAMES],
            |r| r.get::<_, String>(0),
        );
        match found {
            Ok(rows) => rows.filter_map(|r| r.ok()).collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// No names: while the store is busy.
struct NoNames;

impl NameSource for NoNames {
    fn names(&self, _prefix: &str) -> Vec<String> {
        Vec::new()
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind;

    #[test]
    fn store_names_match_a_prefix_of_a_name_or_alias() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .add_entity(EntityKind::Person, "وائل علوان", &["علوان".into()])
            .unwrap();
        store
            .add_entity(EntityKind::Person, "سامر عليوي", &[])
            .unwrap();
        let names = StoreNames(&store).names("علو");
        assert!(names.contains(&"علوان".to_string()), "{names:?}");
        assert!(names.contains(&"وائل علوان".to_string()), "{names:?}");
        assert!(!names.contains(&"سامر عليوي".to_string()), "{names:?}");
        assert!(StoreNames(&store).names("%").is_empty());
    }

    #[test]
    fn the_only_completion_is_hinted() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .add_entity(EntityKind::Person, "وائل علوان", &["علوان".into()])
            .unwrap();
        let catalog = crate::query::Catalog::new();
        let vocab = Rc::new(super::super::vocabulary::vocabulary(&catalog));
        let helper = QawlHelper::new(vocab, Rc::new(RefCell::new(store)), true);
        let hint = |line: &str| helper.completion_hint(line, line.len());
        assert_eq!(hint("statements where spea").as_deref(), Some("ker"));
        assert_eq!(
            hint("statements where speaker=\"وائ").as_deref(),
            Some("ل علوان\"")
        );
        assert_eq!(hint("statements where s"), None);
    }

    #[test]
    fn a_continuation_line_completes_with_the_lines_above() {
        let store = Store::open_in_memory().unwrap();
        let catalog = crate::query::Catalog::new();
        let vocab = Rc::new(super::super::vocabulary::vocabulary(&catalog));
        let helper = QawlHelper::new(vocab, Rc::new(RefCell::new(store)), true);
        helper.set_above("entities where");
        let (start, found) = helper.complete_query("  ali", 5);
        assert_eq!(start, 2);
        assert!(found.iter().any(|c| c.replacement == "alias"), "{found:?}");
        helper.set_above("");
        assert_eq!(
            helper
                .completion_hint("statements where spea", 21)
                .as_deref(),
            Some("ker")
        );
    }

    #[test]
    fn the_line_is_kept_through_appends_and_edits() {
        let store = Store::open_in_memory().unwrap();
        let vocab = Rc::new(Vocabulary::default());
        let helper = QawlHelper::new(vocab, Rc::new(RefCell::new(store)), false);
        let mut line = String::from("statements where speaker = ");
        helper.keep(&line);
        for _ in 0..200 {
            line.push_str("«وائل علوان» or speaker = ");
            helper.keep(&line);
        }
        assert!(line.len() > LONG_LINE);
        assert_eq!(helper.last_line(), line);
        line.replace_range(0..10, "articles");
        helper.keep(&line);
        assert_eq!(helper.last_line(), line);
        helper.keep("count");
        assert_eq!(helper.last_line(), "count");
    }

    #[test]
    fn a_long_line_is_shown_plain() {
        let store = Store::open_in_memory().unwrap();
        let vocab = Rc::new(super::super::vocabulary::vocabulary(
            &crate::query::Catalog::new(),
        ));
        let helper = QawlHelper::new(vocab, Rc::new(RefCell::new(store)), true);
        let short = "statements where verb = denied";
        assert!(helper.highlight(short, short.len()).contains(BOLD_BLUE));
        assert!(helper.highlight_char(short, short.len(), CmdKind::Other));
        let long = format!("statements where {}verb = denied", " ".repeat(LONG_LINE));
        assert_eq!(helper.highlight(&long, long.len()), long);
        assert!(!helper.highlight_char(&long, long.len(), CmdKind::Other));
        assert!(!helper.highlight_char(short, 0, CmdKind::MoveCursor));
    }

    #[test]
    fn painting_keeps_the_text() {
        let vocab = Vocabulary {
            keywords: vec!["where".into()],
            ..Vocabulary::default()
        };
        let line = "statements where speaker=\"علوان\" # تعليق";
        let painted = paint(line, &vocab);
        let plain: String = strip_ansi(&painted);
        assert_eq!(plain, line);
        assert!(painted.contains(&format!("{BOLD_BLUE}where{RESET}")));
    }

    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
