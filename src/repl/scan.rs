//! Cutting input into statements: quotes ("…", '…', «…») and parentheses are tracked so that a
//! `;`, a `#` comment or the end of a line inside them never ends a statement.
//!
//! Strings and comments follow the query lexer: `"…"`, `'…'`, `«…»`, `“…”`, and `#` outside a
//! string comments out the rest of the line.
//!
//! The same scanner serves the REPL's line editor (is the input finished?), piped and pasted
//! input (one statement a line unless quotes or parentheses stay open, the line stops where no
//! query can, or the next line continues it) and saved-query files (statements separated by
//! `;` or blank lines, with `# name:` and `# description:` header comments). It knows nothing
//! of the query language beyond its quote characters and the keywords that may not end
//! or begin a query.
//!
//! Input may come as raw bytes ([`Splitter::push_bytes`], [`split_bytes`]): a statement holding
//! bytes that are not UTF-8 comes out as [`Piece::Unreadable`], with the place of the first bad
//! byte, so the caller reports it and goes on with the next statement.
//!
//! Every step is linear in the input: a statement of a megabyte (or of a megabyte of spaces) is
//! cut as fast as a short one.

/// How statements end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A statement ends with its line (or a `;`) once quotes and parentheses are closed —
    /// unless it stops where no query can (`… where`, `… and`, `… =`), or the next line goes on
    /// with it (starts with `where`, `show`, `and`, `order`, an operator …): so a saved-query
    /// file reads the same piped as with `.read`, and one query a line still works.
    Line,
    /// A statement ends at a `;` or a blank line: saved-query files.
    Script,
}

/// One piece of input, ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A query (or anything not starting with `.`), with the header comments found above it.
    Query(Statement),
    /// A dot-command line such as `.mode csv`, as typed (without the line break).
    Command {
        /// The line, trimmed.
        text: String,
        /// Its 1-based line number.
        line: usize,
    },
    /// A statement or dot-command holding bytes that are not UTF-8: reported, never run.
    Unreadable(Unreadable),
}

/// Where a statement stopped being UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable {
    /// The 1-based line where the statement starts.
    pub start: usize,
    /// The 1-based line of the first byte that is not UTF-8.
    pub line: usize,
    /// Its 1-based column, counted in characters.
    pub column: usize,
    /// The byte itself.
    pub byte: u8,
}

impl Unreadable {
    /// What went wrong, for a message after `source:line:`.
    pub fn message(&self) -> String {
        let skipped = if self.start == self.line {
            "the statement was not run".to_string()
        } else {
            format!("the statement from line {} was not run", self.start)
        };
        format!(
            "invalid byte 0x{:02X} at column {}: not UTF-8 text; {skipped} \
             (is the input or the terminal set to UTF-8?)",
            self.byte, self.column
        )
    }
}

/// A byte that is not UTF-8 in one line: its column (in characters, the byte counting as one)
/// and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BadByte {
    column: usize,
    byte: u8,
}

/// The line as text, each run of bytes that are not UTF-8 replaced by U+FFFD, and where they
/// were.
fn lossy(line: &[u8]) -> (String, Vec<BadByte>) {
    let mut text = String::with_capacity(line.len());
    let mut bad = Vec::new();
    let mut column = 0;
    for chunk in line.utf8_chunks() {
        text.push_str(chunk.valid());
        column += chunk.valid().chars().count();
        if let Some(&byte) = chunk.invalid().first() {
            column += 1;
            bad.push(BadByte { column, byte });
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    (text, bad)
}

/// A query's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The query, comments removed, trimmed; line breaks kept.
    pub text: String,
    /// The 1-based line where the query starts.
    pub line: usize,
    /// From a `# name: …` comment directly above the query.
    pub name: Option<String>,
    /// From a `# description: …` comment directly above the query.
    pub description: Option<String>,
}

/// What is still open at some point of the input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Open {
    /// The closing character of the string the input is in, if any.
    pub quote: Option<char>,
    /// How many parentheses are open.
    pub parens: usize,
}

impl Open {
    /// True when nothing is open: the input may end here.
    pub fn is_closed(&self) -> bool {
        self.quote.is_none() && self.parens == 0
    }

    /// Follows one character; returns false for a `#` outside strings, which starts a comment
    /// the caller then skips to the end of the line.
    fn step(&mut self, c: char) -> bool {
        match self.quote {
            Some(close) if c == close => self.quote = None,
            Some(_) => {}
            None => match c {
                '"' => self.quote = Some('"'),
                '\'' => self.quote = Some('\''),
                '«' => self.quote = Some('»'),
                '“' => self.quote = Some('”'),
                '(' => self.parens += 1,
                ')' => self.parens = self.parens.saturating_sub(1),
                '#' => return false,
                _ => {}
            },
        }
        true
    }
}

/// What is open at the end of `text`: the line editor keeps reading while this is not closed.
///
/// ```
/// use qawl::repl::scan::open_at_end;
/// assert!(!open_at_end("statements where speaker=\"وائل").is_closed());
/// assert!(open_at_end("statements where speaker=«وائل علوان»").is_closed());
/// ```
pub fn open_at_end(text: &str) -> Open {
    let mut open = Open::default();
    for line in text.split('\n') {
        for c in line.chars() {
            if !open.step(c) {
                break;
            }
        }
    }
    open
}

/// Header comments waiting for the query below them.
#[derive(Debug, Default)]
struct Header {
    name: Option<String>,
    description: Option<String>,
}

impl Header {
    /// Reads `# name: …` and `# description: …`; any other comment line of the block directly
    /// above a query describes it too (`# Every denial, newest first.`).
    fn read(&mut self, comment: &str) {
        let body = comment.trim_start_matches('#').trim();
        if body.is_empty() {
            return;
        }
        let keyed = body
            .split_once(':')
            .map(|(key, value)| (key.trim().to_ascii_lowercase(), value.trim()));
        match keyed {
            Some((key, value)) if key == "name" && !value.is_empty() => {
                self.name = Some(value.to_string());
            }
            Some((key, value)) if key == "description" || key == "desc" => self.describe(value),
            _ => self.describe(body),
        }
    }

    fn describe(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match &mut self.description {
            Some(d) => {
                d.push(' ');
                d.push_str(text);
            }
            None => self.description = Some(text.to_string()),
        }
    }
}

/// Feeds lines in, gets statements and dot-commands out as soon as they are complete.
#[derive(Debug)]
pub struct Splitter {
    mode: Mode,
    buf: String,
    /// True once the buffer holds more than white space (kept, not recomputed: a statement of
    /// a megabyte of spaces must not be trimmed once a character).
    started: bool,
    start: usize,
    open: Open,
    header: Header,
    /// The bytes that are not UTF-8 in the line being scanned, by column.
    bad_bytes: Vec<BadByte>,
    /// The first of them inside the buffered statement.
    unreadable: Option<Unreadable>,
    /// Line mode: the buffered statement was complete at the end of its line and waits for the
    /// next line, which may go on with it ([`continues`]).
    complete: bool,
}

impl Splitter {
    /// A splitter cutting statements the way `mode` says.
    pub fn new(mode: Mode) -> Self {
        Splitter {
            mode,
            buf: String::new(),
            started: false,
            start: 0,
            open: Open::default(),
            header: Header::default(),
            bad_bytes: Vec::new(),
            unreadable: None,
            complete: false,
        }
    }

    /// True when a complete statement waits only to see whether the next line continues it:
    /// a reader that has no next line yet may [`Splitter::release`] it.
    pub fn is_holding(&self) -> bool {
        self.complete
    }

    /// Hands over the complete statement the splitter holds, without waiting for the next line.
    pub fn release(&mut self) -> Option<Piece> {
        if !self.complete {
            return None;
        }
        self.take()
    }

    /// True when part of a statement is waiting for more lines.
    pub fn is_pending(&self) -> bool {
        self.started
    }

    /// Takes one line of raw bytes (without its line break) numbered `number`: a statement or
    /// dot-command holding bytes that are not UTF-8 comes out as [`Piece::Unreadable`].
    pub fn push_bytes(&mut self, line: &[u8], number: usize) -> Vec<Piece> {
        if let Ok(text) = std::str::from_utf8(line) {
            return self.push_line(text, number);
        }
        let (text, bad) = lossy(line);
        self.bad_bytes = bad;
        let out = self.push_line(&text, number);
        self.bad_bytes.clear();
        out
    }

    /// Takes one line (without its line break) numbered `number`, returning what it completes.
    pub fn push_line(&mut self, line: &str, number: usize) -> Vec<Piece> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut out = Vec::new();
        let trimmed = line.trim();
        if self.complete {
            if trimmed.starts_with('#') {
                // a comment between the lines of a query, as in a saved-query file: its line
                // stays (empty), so errors in a line after it count lines right
                self.scan_line(line, number, &mut out);
                return out;
            }
            if continues(trimmed) {
                self.complete = false;
            } else {
                out.extend(self.take());
            }
        }
        let at_start = !self.is_pending() && self.open.is_closed();
        if at_start && trimmed.is_empty() {
            self.header = Header::default();
            self.buf.clear();
            return out;
        }
        if at_start && trimmed.starts_with('#') {
            self.header.read(trimmed);
            return out;
        }
        if self.open.quote.is_none() && trimmed.starts_with('.') {
            // no query line starts with a dot: the query above ends here
            out.extend(self.take());
            self.header = Header::default();
            out.push(match self.bad_bytes.first() {
                Some(bad) => Piece::Unreadable(Unreadable {
                    start: number,
                    line: number,
                    column: bad.column,
                    byte: bad.byte,
                }),
                None => Piece::Command {
                    text: trimmed.to_string(),
                    line: number,
                },
            });
            return out;
        }
        if self.mode == Mode::Script && trimmed.is_empty() && self.open.quote.is_none() {
            out.extend(self.take());
            return out;
        }
        self.scan_line(line, number, &mut out);
        if self.mode == Mode::Line && self.open.is_closed() && self.started {
            // hold it: the next line may go on with it; one that stops early waits for more
            self.complete = !ends_unfinished(&self.buf);
        }
        out
    }

    /// Scans one line into the buffer, cutting at each `;` outside strings.
    fn scan_line(&mut self, line: &str, number: usize, out: &mut Vec<Piece>) {
        if !self.buf.is_empty() {
            self.buf.push('\n');
        }
        let mut bad = std::mem::take(&mut self.bad_bytes);
        let mut bad_left = bad.iter().peekable();
        for (i, c) in line.chars().enumerate() {
            if self.open.quote.is_none() && c == ';' {
                out.extend(self.take());
                continue;
            }
            if !self.open.step(c) {
                break;
            }
            if !self.started && !c.is_whitespace() {
                self.buf.clear();
                self.start = number;
                self.started = true;
            }
            if let Some(b) = bad_left.next_if(|b| b.column == i + 1) {
                self.unreadable.get_or_insert(Unreadable {
                    start: self.start,
                    line: number,
                    column: b.column,
                    byte: b.byte,
                });
            }
            self.buf.push(c);
        }
        // give the buffer back, so a later line does not allocate again
        bad.clear();
        self.bad_bytes = bad;
    }

    /// The buffered statement, if it holds more than white space; the header goes with it.
    fn take(&mut self) -> Option<Piece> {
        let text = self.buf.trim().to_string();
        self.buf.clear();
        self.started = false;
        self.complete = false;
        self.open = Open::default();
        let header = std::mem::take(&mut self.header);
        if let Some(unreadable) = self.unreadable.take() {
            return Some(Piece::Unreadable(unreadable));
        }
        if text.is_empty() {
            return None;
        }
        Some(Piece::Query(Statement {
            text,
            line: self.start,
            name: header.name,
            description: header.description,
        }))
    }

    /// Ends the input: whatever is buffered is a statement, even with a quote left open (the
    /// query compiler then says what is missing).
    pub fn finish(mut self) -> Option<Piece> {
        self.take()
    }
}

/// Keywords no query ends with: a line that stops at one goes on on the next line.
const NEVER_LAST: &[&str] = &[
    "explain", "count", "where", "and", "or", "not", "in", "between", "is", "show", "order", "by",
    "limit", "offset",
];

/// Keywords no query starts with: a line that starts with one goes on with the query above.
const NEVER_FIRST: &[&str] = &[
    "where", "and", "or", "not", "in", "between", "is", "null", "show", "order", "by", "asc",
    "desc", "limit", "offset",
];

/// True when `text` (a statement so far, comments left out) stops where no query can: after
/// a keyword such as `where` or `and`, an operator or a comma.
fn ends_unfinished(text: &str) -> bool {
    let text = text.trim_end();
    match text.chars().next_back() {
        Some('=' | '!' | '~' | '<' | '>' | ',' | '،') => true,
        Some(c) if c.is_alphanumeric() => {
            let word = text
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .next()
                .unwrap_or("");
            NEVER_LAST.iter().any(|k| k.eq_ignore_ascii_case(word))
        }
        _ => false,
    }
}

/// True when a line (trimmed) goes on with the query above it: it starts with a clause or a
/// connective (`show`, `where`, `and`, `order by` …), an operator, a comma or a `)`.
fn continues(line: &str) -> bool {
    match line.chars().next() {
        Some('=' | '!' | '~' | '<' | '>' | ',' | '،' | ')') => true,
        Some(c) if c.is_alphanumeric() => {
            let word = line
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .next()
                .unwrap_or("");
            NEVER_FIRST.iter().any(|k| k.eq_ignore_ascii_case(word))
        }
        _ => false,
    }
}

/// Cuts a whole text into pieces: what a saved-query file or `.read` runs.
pub fn split(text: &str, mode: Mode) -> Vec<Piece> {
    let mut splitter = Splitter::new(mode);
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        out.extend(splitter.push_line(line, i + 1));
    }
    out.extend(splitter.finish());
    out
}

/// Cuts raw bytes into pieces; statements holding bytes that are not UTF-8 come out as
/// [`Piece::Unreadable`].
pub fn split_bytes(bytes: &[u8], mode: Mode) -> Vec<Piece> {
    let mut splitter = Splitter::new(mode);
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        out.extend(splitter.push_bytes(line, i + 1));
    }
    out.extend(splitter.finish());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queries(pieces: &[Piece]) -> Vec<(&str, usize)> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Query(s) => Some((s.text.as_str(), s.line)),
                Piece::Command { .. } | Piece::Unreadable(_) => None,
            })
            .collect()
    }

    #[test]
    fn open_quotes_and_parens_keep_the_input_open() {
        assert!(!open_at_end("statements where speaker='وائل").is_closed());
        assert!(!open_at_end("statements where (verb=نفى or").is_closed());
        assert!(!open_at_end("statements where content ~ «هدنة").is_closed());
        assert!(open_at_end("statements where content ~ «هدنة»").is_closed());
        assert!(!open_at_end("statements where content ~ “هدنة").is_closed());
        assert!(open_at_end("statements where speaker=\"علوان\" # (a comment").is_closed());
    }

    #[test]
    fn a_hash_inside_quotes_is_not_a_comment() {
        let pieces = split("statements where content ~ \"#وسم\"", Mode::Line);
        assert_eq!(
            queries(&pieces),
            [("statements where content ~ \"#وسم\"", 1)]
        );
    }

    #[test]
    fn line_mode_ends_each_closed_line_and_joins_open_ones() {
        let text = "statements limit 1\nstatements where speaker=\"وائل\n علوان\"\ncount articles; count entities;";
        assert_eq!(
            queries(&split(text, Mode::Line)),
            [
                ("statements limit 1", 1),
                ("statements where speaker=\"وائل\n علوان\"", 2),
                ("count articles", 4),
                ("count entities", 4),
            ]
        );
    }

    #[test]
    fn line_mode_joins_a_line_that_goes_on_with_the_query_above() {
        let text = "# name: what-they-said\nstatements where speaker=$who and date >= $since\nshow date, verb\n  order by date desc\ncount articles\ncount statements where verb = denied and\n  not negated\n\nstatements where\n# the speaker\nspeaker = علوان\nSHOW content\n.mode csv\nentities\n  limit 3";
        assert_eq!(
            queries(&split(text, Mode::Line)),
            [
                (
                    "statements where speaker=$who and date >= $since\nshow date, verb\n  order by date desc",
                    2
                ),
                ("count articles", 5),
                ("count statements where verb = denied and\n  not negated", 6),
                // the comment's line stays, empty, so errors count lines right
                ("statements where\n\nspeaker = علوان\nSHOW content", 9),
                ("entities\n  limit 3", 14),
            ]
        );
    }

    #[test]
    fn line_mode_keeps_a_query_that_stops_early_open_and_holds_a_complete_one() {
        let mut splitter = Splitter::new(Mode::Line);
        assert!(
            splitter
                .push_line("statements where speaker =", 1)
                .is_empty()
        );
        assert!(splitter.is_pending() && !splitter.is_holding());
        assert!(splitter.push_line("  «وائل علوان»", 2).is_empty());
        assert!(splitter.is_holding());
        let released = splitter.release();
        assert!(
            matches!(&released, Some(Piece::Query(s)) if s.text == "statements where speaker =\n  «وائل علوان»"),
            "{released:?}"
        );
        assert!(!splitter.is_pending() && splitter.release().is_none());
        // a value that is a keyword's look-alike in Arabic, a quoted keyword: complete
        assert!(!ends_unfinished("statements where content ~ \"and\""));
        assert!(!ends_unfinished("statements where speaker = وائل"));
        assert!(ends_unfinished("count statements by"));
        assert!(!continues("statements where verb = said"));
        assert!(!continues("counter"));
        assert!(continues("ORDER BY date"));
    }

    #[test]
    fn script_mode_joins_lines_until_a_blank_line_or_semicolon() {
        let text = "# weekly report\n\n# name: denials\n# description: who denied what\nstatements\n  where verb=denied  # only denials\n\ncount statements by verb;\ncount articles";
        let pieces = split(text, Mode::Script);
        assert_eq!(pieces.len(), 3);
        let Piece::Query(first) = &pieces[0] else {
            panic!("{pieces:?}")
        };
        assert_eq!(first.text, "statements\n  where verb=denied");
        assert_eq!(first.line, 5);
        assert_eq!(first.name.as_deref(), Some("denials"));
        assert_eq!(first.description.as_deref(), Some("who denied what"));
        assert_eq!(
            queries(&pieces[1..]),
            [("count statements by verb", 8), ("count articles", 9)]
        );
    }

    #[test]
    fn a_free_comment_under_the_name_describes_the_query() {
        let pieces = split(
            "# name: denials\n# Every denial, newest first.\nstatements where verb=نفى",
            Mode::Script,
        );
        let Piece::Query(s) = &pieces[0] else {
            panic!("{pieces:?}")
        };
        assert_eq!(s.name.as_deref(), Some("denials"));
        assert_eq!(
            s.description.as_deref(),
            Some("Every denial, newest first.")
        );
    }

    #[test]
    fn a_header_separated_by_a_blank_line_names_nothing() {
        let pieces = split("# name: orphan\n\nstatements", Mode::Script);
        assert!(matches!(&pieces[0], Piece::Query(s) if s.name.is_none()));
    }

    #[test]
    fn dot_commands_are_pieces_of_their_own() {
        let pieces = split(".mode csv\nstatements limit 2\n.headers off", Mode::Line);
        assert_eq!(
            pieces[0],
            Piece::Command {
                text: ".mode csv".into(),
                line: 1
            }
        );
        assert_eq!(queries(&pieces), [("statements limit 2", 2)]);
        assert!(matches!(&pieces[2], Piece::Command { line: 3, .. }));
    }

    #[test]
    fn a_dot_command_ends_the_query_above_it() {
        let pieces = split(
            "statements\n  limit 2\n.mode csv\ncount articles",
            Mode::Script,
        );
        assert_eq!(
            queries(&pieces),
            [("statements\n  limit 2", 1), ("count articles", 4)]
        );
        assert!(matches!(&pieces[1], Piece::Command { line: 3, .. }));
    }

    #[test]
    fn an_unclosed_quote_is_handed_over_at_the_end() {
        let pieces = split("statements where speaker=\"علوان", Mode::Line);
        assert_eq!(queries(&pieces), [("statements where speaker=\"علوان", 1)]);
    }

    #[test]
    fn bytes_that_are_not_utf8_make_only_their_statement_unreadable() {
        let pieces = split_bytes(b"count articles; statements where speaker=\xC8\xFF; count entities\n# \xFF\nstatements where (verb=said or\n content ~ \xE6)", Mode::Line);
        assert_eq!(
            queries(&pieces),
            [("count articles", 1), ("count entities", 1)]
        );
        let bad: Vec<Unreadable> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Unreadable(u) => Some(*u),
                _ => None,
            })
            .collect();
        let at = |start, line, column, byte| Unreadable {
            start,
            line,
            column,
            byte,
        };
        assert_eq!(bad, [at(1, 1, 42, 0xC8), at(3, 4, 12, 0xE6)]);
        assert!(
            bad[1].message().contains("the statement from line 3"),
            "{}",
            bad[1].message()
        );
    }

    #[test]
    fn semicolons_inside_strings_do_not_cut() {
        let pieces = split(
            "statements where content ~ \"أ; ب\"; count articles",
            Mode::Line,
        );
        assert_eq!(
            queries(&pieces),
            [
                ("statements where content ~ \"أ; ب\"", 1),
                ("count articles", 1)
            ]
        );
    }
}
