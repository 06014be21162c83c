//! The interactive REPL, and the same session reading piped input.
//!
//! On a terminal, a rustyline editor reads lines with history, completion, hints and
//! highlighting ([`helper`]); Ctrl-C cancels the running query (through the store's interrupt
//! handle) or the statement being typed, Ctrl-D leaves. Typed lines and piped input are cut
//! into statements by the same [`scan::Splitter`]: a statement goes on over lines while
//! quotes or parentheses are open or a line stops where no query can (`… where`), and on a
//! terminal such a line gets the continuation prompt. Piped input runs without prompts. Both hand each piece to a [`session::Session`], which runs
//! queries and dot-commands ([`command`]) and writes results. Saved-query files are [`script`].

pub mod command;
pub mod complete;
pub mod helper;
mod ingest;
pub mod lex;
pub mod listing;
pub mod scan;
pub mod script;
pub mod series;
pub mod session;
mod vocabulary;

use crate::error::{Error, Result};
use crate::output::Format;
use crate::query::{Catalog, Params};
use crate::store::Store;
use helper::QawlHelper;
use rustyline::error::ReadlineError;
use rustyline::history::{FileHistory, History};
use rustyline::{ColorMode, CompletionType, Config, Editor};
use session::{Flow, Session};
use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// The prompt on a terminal.
const PROMPT: &str = "qawl> ";

/// The prompt on a line that goes on with a statement (as the sqlite3 shell's `   ...> `):
/// a quote or parenthesis is open, or the line above stopped where no query can.
const CONTINUATION: &str = "   ...> ";

/// How a REPL starts.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The output mode to start with; by default a table on a terminal, else TSV.
    pub format: Option<Format>,
    /// Values for `$name` parameters, as `.param set` gives them.
    pub params: Params,
    /// The history file; `None`: no history is kept.
    pub history: Option<PathBuf>,
    /// Never show results through the pager.
    pub no_pager: bool,
    /// Leave out the header row (`.headers off`).
    pub no_header: bool,
    /// Queries and dot-commands to run first, in order (`--cmd`), as if piped in.
    pub commands: Vec<String>,
    /// Read stdin as piped input even on a terminal: no prompt, banner or history (`--batch`).
    pub batch: bool,
    /// Start with `.bail on` (`--bail`).
    pub bail: bool,
    /// One query to run after the commands, instead of reading stdin (`qawl FILE --cmd … QUERY`).
    pub query: Option<String>,
}

/// Runs the REPL over `store`: interactive when stdin is a terminal, else reading statements
/// from stdin. Returns false when any statement failed (for the exit code of piped input).
pub fn run(store: Store, settings: Settings) -> Result<bool> {
    let interactive = !settings.batch && settings.query.is_none() && std::io::stdin().is_terminal();
    let to_terminal = std::io::stdout().is_terminal();
    let mode = settings.format.unwrap_or(if to_terminal {
        Format::Table
    } else {
        Format::Tsv
    });
    let store = Rc::new(RefCell::new(store));
    let catalog = Catalog::new();
    let vocab = Rc::new(vocabulary::vocabulary(&catalog));
    let mut session = Session::new(Rc::clone(&store), catalog, mode, settings.params);
    let one_query = settings.query.is_some();
    if (interactive || one_query) && to_terminal && !settings.no_pager {
        session.set_pager(crate::cli::pager::Pager::from_env());
    }
    session.set_bail(settings.bail);
    session.set_headers(!settings.no_header);
    if run_commands(&mut session, &settings.commands) == Flow::Exit {
        let closed = close(&mut session);
        return Ok(closed && session.failures == 0);
    }
    if let Some(text) = settings.query {
        // as `qawl query` shows it: the error with a caret, no `stdin:LINE:` before it
        session.set_source(None);
        let query = scan::Statement {
            text,
            line: 1,
            name: None,
            description: None,
        };
        session.run_piece(scan::Piece::Query(query));
        let closed = close(&mut session);
        return Ok(closed && session.failures == 0);
    }
    if interactive {
        session.set_source(None);
        let color = to_terminal && !no_color();
        let helper = QawlHelper::new(vocab, Rc::clone(&store), color);
        let interrupt = store.borrow().interrupt_handle();
        let ran = interactive_loop(&mut session, helper, settings.history.as_deref(), interrupt);
        close(&mut session);
        ran.map(|()| true)
    } else {
        session.set_source(Some("stdin".into()));
        let ran = piped_loop(&mut session);
        let closed = close(&mut session);
        ran.map(|()| closed && session.failures == 0)
    }
}

/// Runs the `--cmd` commands in order, each read as piped input is (a query, dot-commands,
/// several lines); an error names the command by its place, `--cmd:2:`. Exit when one was
/// `.exit`, or failed under `--bail`.
fn run_commands(session: &mut Session, commands: &[String]) -> Flow {
    session.set_source(Some("--cmd".into()));
    for (i, command) in commands.iter().enumerate() {
        let mut splitter = scan::Splitter::new(scan::Mode::Line);
        let pieces = command
            .split('\n')
            .flat_map(|line| splitter.push_line(line, i + 1))
            .collect::<Vec<_>>();
        for piece in pieces.into_iter().chain(splitter.finish()) {
            if session.run_piece(piece) == Flow::Exit {
                return Flow::Exit;
            }
        }
    }
    Flow::Continue
}

/// Ends the session's output (the rest of an `.output` file's document); false when that
/// failed, which is said on stderr.
fn close(session: &mut Session) -> bool {
    match session.close() {
        Ok(()) => true,
        Err(e) if e.is_broken_pipe() => true,
        Err(e) => {
            eprintln!("qawl: {e}");
            false
        }
    }
}

/// True when `NO_COLOR` is set to anything but the empty string.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// How long piped input may take to bring the next line before a complete statement runs
/// without it: that line may go on with the statement (`show …`, `and …`), but a program that
/// writes one query and waits for its result must not wait for ever.
const NEXT_LINE_WAIT: Duration = Duration::from_millis(200);

/// Reads stdin line by line, running each statement as soon as it is complete: when the next
/// line shows it does not go on with it, or when no next line comes within
/// [`NEXT_LINE_WAIT`]. Lines are read as bytes: a statement that is not UTF-8 is reported
/// with its line, and the next one runs.
fn piped_loop(session: &mut Session) -> Result<()> {
    let lines = read_lines_in_background();
    let mut splitter = scan::Splitter::new(scan::Mode::Line);
    let mut number = 0;
    loop {
        let next = if splitter.is_holding() {
            match lines.recv_timeout(NEXT_LINE_WAIT) {
                Ok(line) => Some(line),
                Err(RecvTimeoutError::Timeout) => {
                    if let Some(piece) = splitter.release()
                        && session.run_piece(piece) == Flow::Exit
                    {
                        return Ok(());
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => None,
            }
        } else {
            lines.recv().ok()
        };
        let line = match next {
            Some(Ok(line)) => line,
            Some(Err(e)) => return Err(Error::io("stdin", e)),
            None => break,
        };
        number += 1;
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        for piece in splitter.push_bytes(text, number) {
            if session.run_piece(piece) == Flow::Exit {
                return Ok(());
            }
        }
    }
    if let Some(piece) = splitter.finish() {
        session.run_piece(piece);
    }
    Ok(())
}

/// The lines of stdin (with their line breaks), read by a thread of their own so that the
/// session can wait for the next one for a while only. The channel closes at the end of the
/// input, after a read error is sent.
fn read_lines_in_background() -> Receiver<std::io::Result<Vec<u8>>> {
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        loop {
            let mut line = Vec::new();
            match stdin.read_until(b'\n', &mut line) {
                Ok(0) => return,
                Ok(_) => {
                    if send.send(Ok(line)).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = send.send(Err(e));
                    return;
                }
            }
        }
    });
    lines
}

/// The editor's settings: bash-like completion, no colour when it is off.
fn editor(helper: QawlHelper, color: bool) -> Result<Editor<QawlHelper, FileHistory>> {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .history_ignore_space(true)
        .history_ignore_dups(true)
        .map_err(terminal_error)?
        .max_history_size(10_000)
        .map_err(terminal_error)?
        .color_mode(if color {
            ColorMode::Enabled
        } else {
            ColorMode::Disabled
        })
        .build();
    let mut editor = Editor::with_config(config).map_err(terminal_error)?;
    editor.set_helper(Some(helper));
    Ok(editor)
}

fn terminal_error(e: ReadlineError) -> Error {
    Error::Failed(format!("terminal: {e}"))
}

/// Reads, runs and prints until Ctrl-D or `.exit`.
fn interactive_loop(
    session: &mut Session,
    helper: QawlHelper,
    history: Option<&Path>,
    interrupt: rusqlite::InterruptHandle,
) -> Result<()> {
    let color = std::io::stdout().is_terminal() && !no_color();
    let mut editor = editor(helper, color)?;
    if let Some(path) = history {
        load_history(&mut editor, path);
    }
    // Ctrl-C while a query runs reaches us as SIGINT (the line editor is not reading then).
    let cancel = session.cancel_flag();
    let on_ctrl_c = move || {
        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        interrupt.interrupt();
    };
    if let Err(e) = ctrlc::set_handler(on_ctrl_c) {
        eprintln!("qawl: Ctrl-C will not cancel queries: {e}");
    }
    let banner = format!(
        "qawl {} — who said what, when. .help lists the commands, Ctrl-D leaves.\n",
        env!("CARGO_PKG_VERSION")
    );
    // a failing terminal shows up at the first prompt; nothing to do about it here
    if !crate::cli::report::quiet() {
        let _ = std::io::stdout().write_all(banner.as_bytes());
    }
    // what was typed before a read failed, offered again at the next prompt
    let mut kept = String::new();
    // the statement being typed over several lines, and its text for the history
    let mut typing = scan::Splitter::new(scan::Mode::Line);
    let mut typed = String::new();
    let mut number = 0;
    loop {
        session.set_size(editor.dimensions());
        let prompt = if typing.is_pending() {
            CONTINUATION
        } else {
            PROMPT
        };
        if let Some(helper) = editor.helper() {
            helper.set_above(&typed);
        }
        let read = editor.readline_with_initial(prompt, (&kept, ""));
        kept.clear();
        match read {
            Ok(input) if input.trim().is_empty() && !typing.is_pending() => {}
            Ok(input) => {
                if !typed.is_empty() {
                    typed.push('\n');
                }
                typed.push_str(&input);
                let flow = session.run_input(&mut typing, &input, &mut number);
                if !typing.is_pending() {
                    remember(&mut editor, &typed, history);
                    typed.clear();
                }
                if flow == Flow::Exit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => {
                typing = scan::Splitter::new(scan::Mode::Line);
                typed.clear();
            }
            Err(ReadlineError::Eof) => {
                // Ctrl-D under a statement left open runs it: the error says what is missing
                if let Some(piece) = typing.finish() {
                    session.run_piece(piece);
                }
                break;
            }
            Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::InvalidData => {
                kept = editor
                    .helper()
                    .map(QawlHelper::last_line)
                    .unwrap_or_default();
                eprintln!(
                    "\nqawl: the terminal sent a byte that is not UTF-8; it was dropped and the \
                     line is kept (is the terminal set to UTF-8?)"
                );
            }
            Err(e) => return Err(terminal_error(e)),
        }
    }
    Ok(())
}

/// Loads the history file, creating its folder; a missing file is a first session.
fn load_history(editor: &mut Editor<QawlHelper, FileHistory>, path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("qawl: history: {}: {e}", dir.display());
    }
    if path.exists()
        && let Err(e) = editor.load_history(path)
    {
        eprintln!("qawl: history: {}: {e}", path.display());
    }
}

/// Adds an entry to the history and appends it to the file at once, so that a session that
/// ends abruptly keeps what was typed.
fn remember(editor: &mut Editor<QawlHelper, FileHistory>, input: &str, path: Option<&Path>) {
    if editor.add_history_entry(input).unwrap_or(false)
        && let Some(path) = path
        && let Err(e) = editor.history_mut().append(path)
    {
        eprintln!("qawl: history: {}: {e}", path.display());
    }
}
