//! One REPL session: the store, what dot-commands set (mode, headers, output, parameters, …)
//! and running one piece of input. Results go to stdout or the `.output`/`.once` file;
//! messages and errors go to stderr, so exports stay clean.

use super::command::{self, DotCommand};
use super::scan::{Mode, Piece, Splitter, Statement};
use super::series::Series;
use super::{ingest, listing, script};
use crate::cli::execute::{self, Outcome};
use crate::cli::pager::{self, Pager};
use crate::error::{Error, Result};
use crate::output::{Format, Options, TableOptions};
use crate::query::{Catalog, Params};
use crate::store::Store;
use std::cell::RefCell;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// How deep `.read` may nest before qawl suspects a file reading itself.
const MAX_READ_DEPTH: usize = 8;

/// Whether the session goes on after a piece of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next input.
    Continue,
    /// Leave: `.exit`, or stdout was closed.
    Exit,
}

/// The file `.output` sends results to: one document, whatever the number of queries.
///
/// Its results are a [`Series`]: exports (CSV, JSON …) of several queries are one table or
/// array whose rows name their query. After every result the file holds the whole document
/// so far — the held results are written at the end of the file and rewritten when the next
/// one joins them — so it can be opened at any time. A file that cannot be rewritten (a named
/// pipe, a device) gets the document when it is closed.
struct OutputFile {
    path: PathBuf,
    file: BufWriter<std::fs::File>,
    series: Series,
    /// Where the held results' document starts in the file, while it is there.
    held_from: Option<u64>,
    /// A regular file, which can be cut back and rewritten.
    seekable: bool,
}

impl OutputFile {
    /// Creates (or empties) the file at `path`.
    fn create(path: PathBuf) -> Result<Self> {
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        let seekable = file.metadata().is_ok_and(|m| m.is_file());
        Ok(OutputFile {
            path,
            file: BufWriter::new(file),
            series: Series::new(),
            held_from: None,
            seekable,
        })
    }

    /// Adds one result, leaving the file complete.
    fn write(
        &mut self,
        options: &Options,
        query: &Statement,
        titled: bool,
        outcome: &Outcome,
    ) -> Result<()> {
        self.cut_back()?;
        self.series
            .write(&mut self.file, options, query, titled, outcome)?;
        if self.seekable && self.series.is_pending() {
            let from = self.position()?;
            self.series.preview(&mut self.file)?;
            self.held_from = Some(from);
        }
        self.file.flush().map_err(|e| Error::io(&self.path, e))
    }

    /// Ends the document and flushes the file.
    fn close(mut self) -> Result<()> {
        self.cut_back()?;
        self.series.finish(&mut self.file)?;
        self.file.flush().map_err(|e| Error::io(&self.path, e))
    }

    /// Removes the held results' document written after the last result, to write it anew.
    fn cut_back(&mut self) -> Result<()> {
        let Some(from) = self.held_from.take() else {
            return Ok(());
        };
        let io = |e| Error::io(&self.path, e);
        self.file.flush().map_err(io)?;
        let file = self.file.get_mut();
        file.set_len(from).map_err(io)?;
        file.seek(SeekFrom::Start(from)).map_err(io)?;
        Ok(())
    }

    fn position(&mut self) -> Result<u64> {
        let io = |e| Error::io(&self.path, e);
        self.file.flush().map_err(io)?;
        self.file.get_mut().stream_position().map_err(io)
    }
}

/// A `.once` waiting for the next result.
struct Once {
    path: PathBuf,
    bom: bool,
}

/// How results look: what `.mode`, `.headers`, `.nullvalue` and `.width` set, and the
/// screen's size.
#[derive(Debug, Clone)]
struct View {
    mode: Format,
    /// True once `.mode` chose the mode; until then a file's extension picks its format.
    mode_set: bool,
    headers: bool,
    /// How a missing value shows (`.nullvalue`).
    null: String,
    /// The widths `.width` chose for the table's first columns (0: automatic).
    columns: Vec<usize>,
    width: Option<u16>,
    /// The screen's height, which decides when a result goes through the pager.
    height: Option<u16>,
}

impl View {
    /// Fails for a file whose extension names no format qawl writes (`report.xlsx`), unless
    /// `.mode` chose the format.
    fn check_file(&self, path: &Path) -> Result<()> {
        if self.mode_set {
            return Ok(());
        }
        crate::output::file_format(path, ".mode, e.g. .mode csv")
            .map(|_| ())
            .map_err(Error::Usage)
    }

    /// The options for a result going to `path` (`None`: the screen). A file named `*.csv`,
    /// `*.tsv`, `*.json`, `*.jsonl`, `*.md` or `*.html` gets that format unless `.mode` chose another one (a
    /// view drawn for a terminal, which no file wants, always gives way).
    fn options(&self, path: Option<&Path>, bom: bool) -> Options {
        let format = match path.and_then(Format::from_extension) {
            Some(f) if !self.mode_set || self.mode.is_view() => f,
            _ => self.mode,
        };
        let width = if path.is_none() { self.width } else { None };
        Options {
            format,
            header: self.headers,
            bom,
            null: self.null.clone(),
            table: TableOptions {
                columns: self.columns.clone(),
                ..TableOptions::for_screen(width)
            },
        }
    }
}

/// The state of a session.
pub struct Session {
    store: Rc<RefCell<Store>>,
    catalog: Catalog,
    view: View,
    explain: bool,
    timer: bool,
    /// `.bail on`: a `.read` file or piped input stops at its first error.
    bail: bool,
    /// Set by a failure under `.bail on`: the input being read stops.
    bailed: bool,
    /// The pager for long results on the screen, when there is a terminal and one.
    pager: Option<Pager>,
    /// `.pager on|off`.
    paging: bool,
    params: Params,
    output: Option<OutputFile>,
    once: Option<Once>,
    /// Where input comes from, for error messages (`stdin`, a file name); `None` on a terminal.
    source: Option<String>,
    /// How many pieces of input failed.
    pub failures: usize,
    depth: usize,
    /// The results of the `.read` running now, when they go to the screen: one document, as
    /// in an `.output` file.
    series: Option<Series>,
    cancel: Arc<AtomicBool>,
}

impl Session {
    /// A session over `store`, showing results as `mode`.
    pub fn new(store: Rc<RefCell<Store>>, catalog: Catalog, mode: Format, params: Params) -> Self {
        Session {
            store,
            catalog,
            view: View {
                mode,
                mode_set: false,
                headers: true,
                null: String::new(),
                columns: Vec::new(),
                width: None,
                height: None,
            },
            explain: false,
            timer: false,
            bail: false,
            bailed: false,
            pager: None,
            paging: true,
            params,
            output: None,
            once: None,
            source: None,
            failures: 0,
            depth: 0,
            series: None,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Sets the terminal's size, columns and rows: tables on the screen fit its width, and
    /// results taller than it go through the pager.
    pub fn set_size(&mut self, size: Option<(u16, u16)>) {
        // 0 is what a terminal that does not know its size reports: unknown, so a table is not
        // squeezed into no columns and every result is not sent to the pager
        self.view.width = size.map(|(w, _)| w).filter(|&w| w > 0);
        self.view.height = size.map(|(_, h)| h).filter(|&h| h > 0);
    }

    /// Sets the pager for long results on the screen (`None`: results are never paged).
    pub fn set_pager(&mut self, pager: Option<Pager>) {
        self.pager = pager;
    }

    /// Turns `.bail` on or off, as `--bail` starts a session.
    pub fn set_bail(&mut self, on: bool) {
        self.bail = on;
    }

    /// Turns the header row off (or on), as `qawl query --no-header` asks.
    pub fn set_headers(&mut self, on: bool) {
        self.view.headers = on;
    }

    /// Names where input comes from (`stdin`), so errors say `stdin:LINE:`.
    pub fn set_source(&mut self, source: Option<String>) {
        self.source = source;
    }

    /// Runs what was typed at the prompt — one line, or a pasted block of several — through
    /// `typing`, which holds a statement going on over lines, as piped input is cut: each
    /// statement or dot-command runs once its line ends it, and what the input leaves
    /// complete runs at once. `number` counts the lines typed. Ctrl-C stops the rest and
    /// drops the statement being typed.
    pub fn run_input(&mut self, typing: &mut Splitter, input: &str, number: &mut usize) -> Flow {
        self.cancel.store(false, Ordering::Relaxed);
        for line in input.split('\n') {
            *number += 1;
            for piece in typing.push_line(line, *number) {
                if self.run_piece(piece) == Flow::Exit {
                    return Flow::Exit;
                }
                if self.cancelled() {
                    *typing = Splitter::new(Mode::Line);
                    return Flow::Continue;
                }
            }
        }
        match typing.release() {
            Some(piece) => self.run_piece(piece),
            None => Flow::Continue,
        }
    }

    /// True once Ctrl-C was pressed during the current input.
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Runs one piece of typed or piped input; a failure under `.bail on` ends input that is
    /// not typed at a terminal.
    pub fn run_piece(&mut self, piece: Piece) -> Flow {
        let flow = match piece {
            Piece::Command { text, line } => self.run_command(&text, line),
            Piece::Query(statement) => self.run_query(&statement, false),
            Piece::Unreadable(bad) => {
                self.fail(bad.line, &bad.message());
                Flow::Continue
            }
        };
        if self.bailed { Flow::Exit } else { flow }
    }

    /// Reports a failure on stderr, with the place when input is not typed at a terminal;
    /// under `.bail on` such input stops here.
    fn fail(&mut self, line: usize, message: &str) {
        self.failures += 1;
        match &self.source {
            Some(source) => eprintln!("qawl: {source}:{line}: {}", message.trim_end()),
            None => eprintln!("{}", message.trim_end()),
        }
        if self.bail && self.source.is_some() && !self.bailed {
            self.bailed = true;
            eprintln!("qawl: stopped at the first failure (.bail off runs the rest)");
        }
    }

    /// Prints a note on stderr (nothing on stdout, which may be an export).
    fn note(&self, message: &str) {
        eprintln!("{message}");
    }

    /// Compiles and runs one query, then writes its result.
    /// `from_file` titles the result with the query's name (`.read`).
    fn run_query(&mut self, statement: &Statement, from_file: bool) -> Flow {
        let started = Instant::now();
        let compiled = match crate::query::compile(&statement.text, &self.catalog, &self.params) {
            Ok(c) => c,
            Err(e) => {
                self.fail(statement.line, &e.render(&statement.text));
                return Flow::Continue;
            }
        };
        if self.explain {
            self.note(&execute::describe(&compiled));
        }
        let outcome = execute::execute(&self.store.borrow(), &compiled);
        self.finish(outcome, statement, from_file, started)
    }

    /// Writes a result (or reports its error) and the time it took.
    fn finish(
        &mut self,
        outcome: Result<Outcome>,
        statement: &Statement,
        from_file: bool,
        started: Instant,
    ) -> Flow {
        let line = statement.line;
        let written = outcome.and_then(|o| self.write(&o, statement, from_file));
        match written {
            Ok(()) => {}
            Err(e) if e.is_broken_pipe() => return Flow::Exit,
            Err(Error::Interrupted) => self.fail(line, "interrupted"),
            Err(e) => self.fail(line, &format!("error: {e}")),
        }
        if self.timer {
            self.note(&format!("time: {:.3} s", started.elapsed().as_secs_f64()));
        }
        Flow::Continue
    }

    /// Writes the result of `statement` where `.once`, `.output` or the default say;
    /// `from_file` for a query of a `.read` file, titled by its name.
    fn write(&mut self, outcome: &Outcome, statement: &Statement, from_file: bool) -> Result<()> {
        let query = from_file.then_some(statement);
        if let Some(once) = self.once.take() {
            let options = self.view.options(Some(&once.path), once.bom);
            let file = std::fs::File::create(&once.path).map_err(|e| Error::io(&once.path, e))?;
            let mut out = BufWriter::new(file);
            script::write_result(&mut out, &options, query, outcome, true)?;
            out.flush().map_err(|e| Error::io(&once.path, e))?;
            self.note(&format!(
                "wrote {}{}",
                once.path.display(),
                rows_note(outcome)
            ));
            return Ok(());
        }
        if let Some(output) = &mut self.output {
            let options = self.view.options(Some(&output.path), false);
            return output.write(&options, statement, from_file, outcome);
        }
        // on the screen, a `.read` file's results are one series; a typed query stands alone
        let series = self.series.as_mut().filter(|_| from_file);
        let write = |out: &mut dyn Write, options: &Options| match series {
            Some(series) => series.write(out, options, statement, true, outcome),
            None => script::write_result(out, options, None, outcome, true),
        };
        let options = self.view.options(None, false);
        if let Some(pager) = self.pager.as_ref().filter(|_| self.paging) {
            let mut text = Vec::new();
            write(&mut text, &options)?;
            return pager::page_or_print(&text, Some(pager), self.view.height, self.view.width);
        }
        let mut out = std::io::stdout().lock();
        write(&mut out, &options)?;
        out.flush()?;
        Ok(())
    }

    /// Writes the results a `.read` holds for the screen (its exports, as one document).
    fn finish_series(&mut self) -> Result<()> {
        let Some(series) = self.series.as_mut().filter(|s| s.is_pending()) else {
            return Ok(());
        };
        let mut out = std::io::stdout().lock();
        series.finish(&mut out)?;
        out.flush()?;
        Ok(())
    }

    /// Ends the session's output: the `.output` file gets the rest of its document.
    pub fn close(&mut self) -> Result<()> {
        self.finish_series()?;
        match self.output.take() {
            Some(output) => output.close(),
            None => Ok(()),
        }
    }

    /// Runs one dot-command line.
    fn run_command(&mut self, text: &str, line: usize) -> Flow {
        let command = match command::parse(text) {
            Ok(c) => c,
            Err(message) => {
                self.fail(line, &message);
                return Flow::Continue;
            }
        };
        match self.apply(command, line) {
            Ok(flow) => flow,
            Err(e) if e.is_broken_pipe() => Flow::Exit,
            Err(e) => {
                self.fail(line, &format!("error: {e}"));
                Flow::Continue
            }
        }
    }

    /// Does what a dot-command says.
    fn apply(&mut self, command: DotCommand, line: usize) -> Result<Flow> {
        match command {
            DotCommand::Help => say(&command::help())?,
            DotCommand::Tables => say(&listing::tables(&self.catalog))?,
            DotCommand::Fields(table) => self.fields(table.as_deref(), line)?,
            DotCommand::Schema(table) => self.schema(table.as_deref(), line)?,
            DotCommand::Verbs => say(&listing::verbs())?,
            DotCommand::Mode(None) => say(&format!("{}\n", self.view.mode))?,
            DotCommand::Mode(Some(f)) => {
                self.view.mode = f;
                self.view.mode_set = true;
            }
            DotCommand::Headers(on) => self.view.headers = on,
            DotCommand::NullValue(text) => self.view.null = text,
            DotCommand::Width(columns) => self.view.columns = columns,
            DotCommand::Bail(on) => self.bail = on,
            DotCommand::Show => say(&self.settings())?,
            DotCommand::Dump => {
                let path = self.store.borrow().path().map(Path::to_path_buf);
                self.fail(line, &listing::dump_instead(path.as_deref()));
            }
            DotCommand::Explain(on) => self.explain = on,
            DotCommand::Timer(on) => self.timer = on,
            DotCommand::Pager(Some(on)) => self.paging = on,
            DotCommand::Pager(None) => say(&self.pager_state())?,
            DotCommand::Output(path) => self.set_output(path)?,
            DotCommand::Once { path, bom } => {
                self.view.check_file(&path)?;
                self.once = Some(Once { path, bom });
            }
            DotCommand::Read(path) => self.read(&path, line),
            DotCommand::ParamSet { name, value } => self.params.set(name, value),
            DotCommand::ParamUnset(name) => {
                self.params.remove(&name);
            }
            DotCommand::ParamList => self.param_list()?,
            DotCommand::ParamClear => self.params.clear(),
            DotCommand::Ingest(paths) => self.ingest(&paths, line),
            DotCommand::Sql(sql) => return Ok(self.sql(&sql, line)),
            DotCommand::Exit => return Ok(Flow::Exit),
        }
        Ok(Flow::Continue)
    }

    fn fields(&mut self, table: Option<&str>, line: usize) -> Result<()> {
        match listing::fields(&self.catalog, table) {
            Ok(text) => say(&text)?,
            Err(message) => self.fail(line, &message),
        }
        Ok(())
    }

    fn schema(&mut self, table: Option<&str>, line: usize) -> Result<()> {
        let text = listing::schema(&self.store.borrow(), table);
        match text {
            Ok(text) => say(&text)?,
            Err(message) => self.fail(line, &message),
        }
        Ok(())
    }

    /// What `.show` prints: every setting, one a line, named as the sqlite3 shell names them.
    fn settings(&self) -> String {
        let on = |b: bool| if b { "on" } else { "off" };
        let mode = if self.view.mode_set {
            self.view.mode.to_string()
        } else {
            format!(
                "{} (not set: the extension of an .output or .once file picks its format)",
                self.view.mode
            )
        };
        let width = if self.view.columns.iter().all(|&w| w == 0) {
            "automatic".to_string()
        } else {
            let widths: Vec<String> = self.view.columns.iter().map(usize::to_string).collect();
            format!("{} (0 automatic)", widths.join(" "))
        };
        let output = match (&self.output, &self.once) {
            (_, Some(once)) => format!("{} (next result only)", once.path.display()),
            (Some(file), None) => file.path.display().to_string(),
            (None, None) => "stdout".to_string(),
        };
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(name, _)| format!("${name}"))
            .collect();
        let store = self.store.borrow();
        let rows = [
            ("mode", mode),
            ("headers", on(self.view.headers).to_string()),
            ("nullvalue", format!("\"{}\"", self.view.null)),
            ("width", width),
            ("bail", on(self.bail).to_string()),
            ("output", output),
            ("explain", on(self.explain).to_string()),
            ("timer", on(self.timer).to_string()),
            ("pager", self.pager_state().trim_end().to_string()),
            (
                "parameters",
                if params.is_empty() {
                    "none".into()
                } else {
                    params.join(" ")
                },
            ),
            (
                "store",
                store
                    .path()
                    .map_or("in memory".into(), |p| p.display().to_string()),
            ),
        ];
        rows.iter()
            .map(|(name, value)| format!("{name:>10}: {value}\n"))
            .collect()
    }

    /// What `.pager` alone says: whether long results are paged, and through what.
    fn pager_state(&self) -> String {
        match (&self.pager, self.paging) {
            (Some(pager), true) => format!("on: {}\n", pager.command()),
            (Some(pager), false) => format!("off (on would use {})\n", pager.command()),
            (None, _) => {
                "off: no pager (not a terminal, --no-pager, an empty $PAGER or no less)\n".into()
            }
        }
    }

    fn param_list(&self) -> Result<()> {
        if self.params.is_empty() {
            self.note("no parameters set; .param set NAME VALUE sets one");
        }
        let list: String = self
            .params
            .iter()
            .map(|(name, value)| format!("${name} = {value}\n"))
            .collect();
        say(&list)
    }

    /// `.output [FILE]`: ends the old output's document (the screen's or a file's) and sends
    /// the next results to FILE, or to the screen.
    fn set_output(&mut self, path: Option<PathBuf>) -> Result<()> {
        if let Some(path) = &path {
            self.view.check_file(path)?;
        }
        self.finish_series()?;
        if let Some(old) = self.output.take() {
            old.close()?;
        }
        if let Some(path) = path {
            self.output = Some(OutputFile::create(path)?);
        }
        Ok(())
    }

    /// Runs a saved-query file: each query's result titled by its name.
    fn read(&mut self, path: &Path, line: usize) {
        if self.depth >= MAX_READ_DEPTH {
            self.fail(
                line,
                &format!(".read {}: files read each other too deeply", path.display()),
            );
            return;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.fail(line, &format!("error: {}", Error::io(path, e)));
                return;
            }
        };
        let outer = self.source.replace(path.display().to_string());
        if self.depth == 0 {
            self.series = Some(Series::new());
        }
        self.depth += 1;
        for piece in script::parse_bytes(&bytes) {
            let flow = match piece {
                Piece::Query(s) => self.run_query(&s, true),
                other => self.run_piece(other),
            };
            if flow == Flow::Exit || self.cancelled() || self.bailed {
                break;
            }
        }
        self.depth -= 1;
        if self.depth == 0 {
            match self.finish_series() {
                Ok(()) => {}
                Err(e) if e.is_broken_pipe() => {}
                Err(e) => self.fail(line, &format!("error: {e}")),
            }
            self.series = None;
        }
        self.source = outer;
        // at the terminal, bailing ends the file, not the session
        if self.source.is_none() {
            self.bailed = false;
        }
    }

    /// `.sql`: raw SQL on the read-only connection.
    fn sql(&mut self, sql: &str, line: usize) -> Flow {
        let started = Instant::now();
        let outcome = self.store.borrow().select(sql, &[]).map(Outcome::Rows);
        let statement = Statement {
            text: sql.to_string(),
            line,
            name: None,
            description: None,
        };
        self.finish(outcome, &statement, false, started)
    }

    /// `.ingest PATH...`: through a writable connection to the same file (or into the store
    /// itself when it lives in memory).
    fn ingest(&mut self, paths: &[PathBuf], line: usize) {
        let path = self.store.borrow().path().map(Path::to_path_buf);
        let done = match path {
            Some(path) => Store::open(&path)
                .and_then(|mut store| ingest::ingest(&mut store, paths, &self.cancel)),
            None => ingest::ingest(&mut self.store.borrow_mut(), paths, &self.cancel),
        };
        match done {
            // the problems are on stderr already; the summary says how many failed
            Ok(done) if done.failed > 0 => self.fail(line, &format!(".ingest: {}", done.summary)),
            Ok(done) => crate::cli::report::say(&done.summary),
            Err(e) => self.fail(line, &format!("error: {e}")),
        }
    }

    /// The flag Ctrl-C raises to stop a long dot-command such as `.ingest`.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancel)
    }
}

/// Writes what a dot-command shows to stdout; a closed pipe comes back as an error.
fn say(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn rows_note(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Rows(rs) => {
            let n = rs.rows.len();
            format!(" ({n} row{})", if n == 1 { "" } else { "s" })
        }
        Outcome::Explain(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Cell, ResultSet};

    fn count(n: i64) -> Outcome {
        Outcome::Rows(ResultSet {
            columns: vec!["count".into()],
            rows: vec![vec![Cell::Int(n)]],
        })
    }

    fn query(text: &str) -> Statement {
        Statement {
            text: text.into(),
            line: 1,
            name: None,
            description: None,
        }
    }

    fn options(format: Format) -> Options {
        Options {
            format,
            ..Options::default()
        }
    }

    #[test]
    fn an_output_file_is_a_whole_document_after_every_result() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("all.json");
        let mut output = OutputFile::create(path.clone()).unwrap();
        let json = options(Format::Json);
        output
            .write(&json, &query("count articles"), false, &count(2))
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[\n  {\n    \"count\": 2\n  }\n]\n"
        );
        output
            .write(&json, &query("count statements"), false, &count(3))
            .unwrap();
        let now: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            now,
            serde_json::json!([
                {"query": "count articles", "count": 2},
                {"query": "count statements", "count": 3}
            ])
        );
        // a table after them ends their document and follows it
        output
            .write(&options(Format::Table), &query("count x"), false, &count(4))
            .unwrap();
        output.close().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("[\n{\"query\":\"count articles\""),
            "{text}"
        );
        assert_eq!(text.matches("\"count statements\"").count(), 1, "{text}");
        assert!(text.contains("]\n\n") && text.contains("│ 4"), "{text}");
    }

    #[test]
    fn a_terminal_of_size_0_is_a_size_unknown() {
        let store = Rc::new(RefCell::new(Store::open_in_memory().unwrap()));
        let mut session = Session::new(store, Catalog::new(), Format::Table, Params::new());
        session.set_size(Some((0, 0)));
        assert_eq!((session.view.width, session.view.height), (None, None));
        session.set_size(Some((100, 0)));
        assert_eq!((session.view.width, session.view.height), (Some(100), None));
        let options = session.view.options(None, false);
        assert_eq!(options.table.width, Some(100));
    }

    #[test]
    fn a_device_gets_the_document_when_it_is_closed() {
        let path = PathBuf::from("/dev/null");
        if !path.exists() {
            return;
        }
        let mut output = OutputFile::create(path).unwrap();
        assert!(!output.seekable);
        let csv = options(Format::Csv);
        output.write(&csv, &query("a"), false, &count(1)).unwrap();
        output.write(&csv, &query("b"), false, &count(2)).unwrap();
        assert!(output.series.is_pending() && output.held_from.is_none());
        output.close().unwrap();
    }
}
