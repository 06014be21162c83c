//! The command line: clap structs hold what the user typed; [`Context`] holds what is ready to
//! use (the store path, output options). One function per subcommand; this is where qawl prints.

mod demo;
mod entity;
pub(crate) mod execute;
pub(crate) mod ingest;
mod manual;
pub(crate) mod pager;
pub(crate) mod pipeline;
pub(crate) mod progress;
mod query;
pub(crate) mod repl;
pub(crate) mod report;
mod run;
mod sql;

use crate::config;
use crate::error::{Error, Result};
use crate::extract::{EXTRACTOR_VERSION, Extractor};
use crate::model::EntityKind;
use crate::output::{self, Format, Options};
use crate::store::Store;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// qawl: who said what, when — Arabic news articles into a knowledge base you can query.
#[derive(Debug, Parser)]
#[command(name = "qawl", version, about, long_about = None)]
pub struct Cli {
    /// The store (an SQLite file); defaults to $QAWL_DB, else the user data directory.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Write only failures and errors on stderr: no progress, warnings, notices or summaries
    /// (the exit code still says how it went).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// Run COMMAND (a query or a dot-command) first: before the REPL, piped input or the
    /// query; repeat for several (sqlite3's -cmd, which qawl reads too).
    #[arg(long = "cmd", short = 'c', global = true, value_name = "COMMAND")]
    pub commands: Vec<String>,

    /// Read statements as from a pipe even on a terminal: no prompt, banner or history
    /// (sqlite3's -batch).
    #[arg(long, global = true)]
    pub batch: bool,

    /// Stop at the first error with exit code 1, as `.bail on` (sqlite3's -bail).
    #[arg(long, global = true)]
    pub bail: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a temporary knowledge base from the bundled example articles and show it.
    Demo {
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Read articles from files, folders (recursive) or - (stdin), extract and store them.
    Ingest {
        /// Files, folders or - for stdin.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Read every input as this format instead of guessing by extension: text, jsonl, json, csv.
        #[arg(long, value_name = "F")]
        format: Option<crate::ingest::Format>,
        /// How many threads extract articles beside the one that writes (default: one a core
        /// but the writer's); 0: the writing thread reads and extracts too.
        #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16))]
        jobs: Option<u16>,
    },
    /// Show what is in the store: counts, schema version, date range.
    Stats,
    /// Check the store's integrity (SQLite integrity check, foreign keys, FTS indexes).
    Check,
    /// Curate people, organisations, places and their aliases.
    Entity {
        #[command(subcommand)]
        command: EntityCommand,
    },
    /// Run the current extraction rules over every stored article again; curated entities stay.
    Reextract {
        /// How many threads extract articles beside the one that writes (default: one a core
        /// but the writer's, at least one).
        #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
    /// Score the extractor against an annotated gold file: precision, recall, F1, misses, extras.
    ///
    /// The gold file is one statement a line naming its `article` (tests/data/gold.jsonl), one
    /// article a line with its `statements` (the real-dev format, scored as its score.py
    /// scores), or one article's statements (the seed's expected.jsonl).
    Eval {
        /// The gold file (JSON Lines, in one of the three formats).
        #[arg(long, default_value = "tests/data/gold.jsonl")]
        gold: PathBuf,
        /// A folder holding the files the gold file names, or a file of articles to read as
        /// `qawl ingest FILE` would (for one article's statements: that article's file).
        #[arg(long, default_value = "examples/articles")]
        articles: PathBuf,
        /// Score with the built-in gazetteer emptied: names found from the text's own evidence.
        #[arg(long)]
        no_gazetteer: bool,
        /// List every miss and extra, article by article (the other formats always do).
        #[arg(long, short = 'v')]
        verbose: bool,
    },
    /// Run one query of the qawl language: `qawl query 'statements where verb=denied'`.
    #[command(after_long_help = query_fields_help())]
    Query(query::QueryArgs),
    /// Run raw SQL on a read-only connection: `qawl sql 'SELECT … WHERE source = :src' --param src=…`.
    Sql(sql::SqlArgs),
    /// The interactive shell: queries, dot-commands, history, Tab completion (a bare `qawl` on a terminal).
    Repl(repl::ReplArgs),
    /// Run the saved queries of a .qawl file: `qawl run report.qawl --param who=علوان -o out.csv`.
    Run(run::RunArgs),
    /// Print the shell completion script: `qawl completions bash > ~/.local/share/bash-completion/completions/qawl`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `qawl man > ~/.local/share/man/man1/qawl.1`.
    Man {
        /// Write every page instead, qawl.1 and one for each subcommand (qawl-query.1 …), into DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

impl Command {
    /// The subcommand's name, as typed.
    fn name(&self) -> &'static str {
        match self {
            Command::Demo { .. } => "demo",
            Command::Ingest { .. } => "ingest",
            Command::Stats => "stats",
            Command::Check => "check",
            Command::Entity { .. } => "entity",
            Command::Reextract { .. } => "reextract",
            Command::Eval { .. } => "eval",
            Command::Query(_) => "query",
            Command::Sql(_) => "sql",
            Command::Repl(_) => "repl",
            Command::Run(_) => "run",
            Command::Completions { .. } => "completions",
            Command::Man { .. } => "man",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum EntityCommand {
    /// List entities with their aliases and how often they speak and are mentioned.
    List {
        /// Only this kind: person, org, place or group.
        #[arg(long)]
        kind: Option<EntityKind>,
        /// Only entities whose name or an alias contains this text (Arabic-normalised).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Add a curated entity: `qawl entity add person "وائل علوان" --alias علوان`.
    ///
    /// A name or alias that already names another entity (of any kind) is refused, naming it.
    Add {
        kind: EntityKind,
        name: String,
        /// Another form the texts use; repeat for several.
        #[arg(long = "alias", short = 'a')]
        aliases: Vec<String>,
        /// Add it even when its name or an alias already names another entity.
        #[arg(long)]
        force: bool,
    },
    /// Give an entity (by name, alias or #id) another alias.
    Alias {
        entity: String,
        alias: String,
        /// Give it even when the alias already names another entity.
        #[arg(long)]
        force: bool,
    },
    /// Take an alias from an entity (its name stays: see `rename`).
    Unalias { entity: String, alias: String },
    /// Give an entity another name; the old name stays an alias.
    Rename {
        entity: String,
        name: String,
        /// Rename it even when the new name is an alias of another entity, or names one of another kind.
        #[arg(long)]
        force: bool,
    },
    /// Fold the first entity into the second: statements, mentions and aliases move (`entity undo` reverses it).
    Merge {
        from: String,
        into: String,
        /// Say what would move, and change nothing.
        #[arg(long, short = 'n')]
        dry_run: bool,
        /// Merge entities of different kinds (a person into an organisation …).
        #[arg(long)]
        force: bool,
    },
    /// Delete an entity with its aliases and mentions; its statements stay, without it (`entity undo` brings it back).
    Delete {
        entity: String,
        /// Say what would go, and change nothing.
        #[arg(long, short = 'n')]
        dry_run: bool,
    },
    /// Show one entity: kind, aliases, and its statements by year and by verb class.
    Show { entity: String },
    /// Add curated entities from a CSV file with columns kind,name,aliases (aliases separated by |).
    Import {
        file: PathBuf,
        /// Add rows even when a name or alias already names another entity.
        #[arg(long)]
        force: bool,
    },
    /// Write the curated entities as the CSV `entity import` reads (to stdout without FILE).
    Export {
        file: Option<PathBuf>,
        /// Every entity, built-in and extracted ones too.
        #[arg(long)]
        all: bool,
    },
    /// Reverse the latest curation change not undone yet; again, the one before it.
    Undo,
    /// List the curation journal, latest first: when, who, what changed.
    Journal {
        /// Only the latest N changes.
        #[arg(long, short = 'n', value_name = "N")]
        limit: Option<u32>,
        #[command(flatten)]
        out: OutputArgs,
    },
}

/// Options shared by every command that prints a table.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// table (default on a terminal), box, line, csv, tsv (default when piped), json, jsonl,
    /// markdown, html.
    #[arg(long, short = 'f', value_name = "F")]
    pub format: Option<Format>,
    /// The same as --format json (sqlite3's -json).
    #[arg(long, conflicts_with_all = ["format", "csv"])]
    pub json: bool,
    /// The same as --format csv (sqlite3's -csv).
    #[arg(long, conflicts_with = "format")]
    pub csv: bool,
    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Prefix CSV/TSV with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
    /// Leave out the header row.
    #[arg(long)]
    pub no_header: bool,
    /// Never show results through the pager ($PAGER, else less -FRX), even when they are
    /// longer than the terminal.
    #[arg(long)]
    pub no_pager: bool,
}

impl OutputArgs {
    /// The output options these flags mean, given where the output goes.
    ///
    /// Without `--format`, `-o NAME.csv` (or .tsv, .json, .jsonl, .md, .html) picks the format from the
    /// extension; else a terminal gets a table and a pipe gets TSV.
    pub fn options(&self) -> Options {
        let to_terminal = self.to_terminal();
        let by_extension = self.output.as_deref().and_then(Format::from_extension);
        let format = self
            .flag_format()
            .or(by_extension)
            .unwrap_or(if to_terminal {
                Format::Table
            } else {
                Format::Tsv
            });
        let width = to_terminal.then(terminal_width).flatten();
        Options {
            format,
            header: !self.no_header,
            bom: self.bom,
            null: String::new(),
            table: output::TableOptions::for_screen(width),
        }
    }

    /// The format `--format`, `--json` or `--csv` chose, if any.
    pub fn flag_format(&self) -> Option<Format> {
        match (self.format, self.json, self.csv) {
            (Some(format), _, _) => Some(format),
            (None, true, _) => Some(Format::Json),
            (None, _, true) => Some(Format::Csv),
            _ => None,
        }
    }

    /// True when results go to a terminal: no `-o`, and stdout is one.
    fn to_terminal(&self) -> bool {
        self.output.is_none() && std::io::stdout().is_terminal()
    }

    /// Where the output goes: the file named by `-o` (written in full before it replaces
    /// anything, see [`Sink::finish`]), else stdout; on a terminal through the pager when the
    /// output is longer than the screen, unless `--no-pager`.
    pub fn sink(&self) -> Result<Sink> {
        if let Some(path) = &self.output {
            if self.format.is_none() {
                output::file_format(path, "--format (-f), e.g. -f csv").map_err(Error::Usage)?;
            }
            return Sink::file(path);
        }
        let pager = (!self.no_pager && self.to_terminal())
            .then(pager::Pager::from_env)
            .flatten();
        let target = match pager {
            Some(pager) => Target::Paged {
                text: Vec::new(),
                pager,
            },
            None => Target::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
        };
        Ok(Sink { target })
    }
}

/// The width of the terminal on stdout, when it has one.
fn terminal_width() -> Option<u16> {
    pager::terminal_size().map(|(_, columns)| columns)
}

/// An output stream; for `-o FILE` it writes a temporary file next to FILE and renames it
/// over FILE in [`Sink::finish`], so a failing query never leaves last week's report empty.
pub struct Sink {
    target: Target,
}

/// Where a [`Sink`] writes.
enum Target {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    /// The temporary file, and the file it becomes.
    File {
        writer: std::io::BufWriter<std::fs::File>,
        temp: PathBuf,
        path: PathBuf,
    },
    /// Held until the end, then shown through the pager if it is longer than the screen.
    Paged {
        text: Vec<u8>,
        pager: pager::Pager,
    },
    /// Finished or thrown away.
    Done,
}

impl Sink {
    fn file(path: &std::path::Path) -> Result<Sink> {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".qawl-{}.partial", std::process::id()));
        let temp = path.with_file_name(name);
        let file = std::fs::File::create(&temp).map_err(|e| Error::io(path, e))?;
        Ok(Sink {
            target: Target::File {
                writer: std::io::BufWriter::new(file),
                temp,
                path: path.to_path_buf(),
            },
        })
    }

    /// Flushes the output; for a file, moves it into place; paged output is shown now.
    pub fn finish(mut self) -> Result<()> {
        match std::mem::replace(&mut self.target, Target::Done) {
            Target::Stdout(mut out) => out.flush()?,
            Target::File {
                mut writer,
                temp,
                path,
            } => {
                writer.flush()?;
                drop(writer);
                std::fs::rename(&temp, &path).map_err(|e| Error::io(&path, e))?;
            }
            Target::Paged { text, pager } => {
                let (rows, columns) = pager::terminal_size().unzip();
                pager::page_or_print(&text, Some(&pager), rows, columns)?;
            }
            Target::Done => {}
        }
        Ok(())
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.target {
            Target::Stdout(out) => out.write(buf),
            Target::File { writer, .. } => writer.write(buf),
            Target::Paged { text, .. } => text.write(buf),
            Target::Done => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.target {
            Target::Stdout(out) => out.flush(),
            Target::File { writer, .. } => writer.flush(),
            Target::Paged { .. } | Target::Done => Ok(()),
        }
    }
}

impl Drop for Sink {
    /// An unfinished file output is thrown away; the file it would have replaced stays.
    fn drop(&mut self) {
        if let Target::File { writer, temp, .. } = std::mem::replace(&mut self.target, Target::Done)
        {
            drop(writer);
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// What every subcommand needs, ready to use.
pub struct Context {
    /// The store's path, resolved from `--db`, `$QAWL_DB` or the user data directory.
    pub db: PathBuf,
    /// True when the user named the store (`--db`, `$QAWL_DB`): commands that read or change
    /// a store (all but `ingest` and `entity add`/`import`) then refuse a missing or empty file
    /// (a typo) instead of making a store there.
    named: bool,
    /// `--cmd`, `--batch`, `--bail`, for the commands that run a session.
    pub(crate) session: repl::SessionFlags,
}

impl Context {
    fn new(db: Option<PathBuf>, session: repl::SessionFlags) -> Result<Context> {
        let named = db.is_some() || std::env::var_os(config::DB_ENV).is_some_and(|v| !v.is_empty());
        let db = config::db_path(db).ok_or_else(|| {
            Error::Usage(
                "no user data directory on this system: pass --db PATH or set QAWL_DB".into(),
            )
        })?;
        Ok(Context { db, named, session })
    }

    /// Opens the store to add to it, making one when nothing is at the path yet: for `ingest`
    /// and `entity add`/`import`.
    pub(crate) fn open(&self) -> Result<Store> {
        Store::open(&self.db)
    }

    /// Opens the store to change what it holds (`reextract`, `entity alias`/`merge`): a named
    /// store must exist; the default store is made on first use.
    pub(crate) fn open_existing(&self) -> Result<Store> {
        if self.named {
            Store::open_existing(&self.db)
        } else {
            Store::open(&self.db)
        }
    }

    /// Opens the store to read; a named store must exist, the default store is made on first use.
    pub(crate) fn open_read_only(&self) -> Result<Store> {
        match Store::open_read_only(&self.db) {
            Err(Error::NoStore { .. } | Error::NotYetAStore { .. }) if !self.named => {
                drop(Store::open(&self.db)?);
                Store::open_read_only(&self.db)
            }
            opened => opened,
        }
    }
}

/// Parses the command line and runs it.
pub fn main() -> Result<ExitCode> {
    let args = store_first(sqlite3_spellings(std::env::args_os().collect()));
    if let Some(path) = missing_store(&args) {
        return Err(Error::Usage(format!(
            "{path}: no such file; `qawl --db {path} ingest FILES` makes a store there, and \
             `qawl FILE` opens one that exists"
        )));
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            e.print().map_err(Error::Output)?;
            return Ok(ExitCode::from(code as u8));
        }
    };
    run(cli)
}

/// sqlite3's single-dash spellings of the session flags: the tokens `-cmd`, `-batch` and
/// `-bail` are read as `--cmd`, `--batch` and `--bail` wherever they stand before a `--`.
/// (clap would read `-cmd X` as `-c md` and then X as an argument.) Nothing else changes.
pub fn sqlite3_spellings(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut ended = false;
    args.into_iter()
        .map(|arg| {
            ended |= arg == "--";
            match arg.to_str() {
                Some(flag @ ("-cmd" | "-batch" | "-bail")) if !ended => format!("-{flag}").into(),
                _ => arg,
            }
        })
        .collect()
}

/// `qawl kb.sqlite [QUERY]`, as `sqlite3 FILE [SQL]`: an existing file named first, where a
/// command is expected (after the session flags `--cmd X`, `--batch`, `--bail`, `-q`, if any),
/// is the store; with nothing after it but session flags the REPL opens on it (reading a piped
/// script too), with a query after it that query runs. Other command lines are kept.
pub fn store_first(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use clap::CommandFactory;
    let at = session_flags_end(&args, 1);
    let Some(first) = args.get(at).and_then(|a| a.to_str()) else {
        return args;
    };
    let command = Cli::command();
    let is_command = command
        .get_subcommands()
        .any(|c| c.get_name() == first || c.get_all_aliases().any(|a| a == first))
        || first == "help";
    if first.starts_with('-') || is_command || !std::path::Path::new(first).is_file() {
        return args;
    }
    let store = args.remove(at);
    let rest = args.split_off(at);
    args.extend(["--db".into(), store]);
    let only_flags = session_flags_end(&rest, 0) == rest.len();
    args.push(if only_flags { "repl" } else { "query" }.into());
    args.extend(rest);
    args
}

/// Where the session flags starting at `from` end: the index of the first other argument.
fn session_flags_end(args: &[std::ffi::OsString], from: usize) -> usize {
    let mut at = from;
    while let Some(arg) = args.get(at).and_then(|a| a.to_str()) {
        at += match arg {
            "-c" | "--cmd" => 2,
            "--batch" | "--bail" | "-q" | "--quiet" => 1,
            a if a.starts_with("--cmd=") || (a.starts_with("-c") && !a.starts_with("--")) => 1,
            _ => break,
        };
    }
    at.min(args.len())
}

/// What `qawl query --help` lists after the options: the fields of every table with their
/// types, and the operators of each type (the REPL's `.fields`).
fn query_fields_help() -> String {
    let fields =
        crate::repl::listing::fields(&crate::query::Catalog::new(), None).unwrap_or_default();
    format!("Fields and operators:\n\n{fields}")
}

/// The first argument (after the session flags) when it names a store file (…sqlite, …db)
/// that does not exist.
fn missing_store(args: &[std::ffi::OsString]) -> Option<String> {
    let first = args.get(session_flags_end(args, 1))?.to_str()?;
    let path = std::path::Path::new(first);
    let store_like = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "sqlite" | "sqlite3" | "db"));
    (store_like && !first.starts_with('-') && !path.exists()).then(|| first.to_string())
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let session = repl::SessionFlags {
        commands: cli.commands,
        batch: cli.batch,
        bail: cli.bail,
    };
    match &cli.command {
        None | Some(Command::Repl(_) | Command::Query(_)) => {}
        // `qawl run` stops at the first failure already; --bail says so again
        Some(Command::Run(_)) => repl::SessionFlags {
            bail: false,
            ..session.clone()
        }
        .refuse_for("run")?,
        Some(other) => session.refuse_for(other.name())?,
    }
    let command = match cli.command {
        // these two need no store, not even a user data directory
        Some(Command::Completions { shell }) => return manual::completions(shell),
        Some(Command::Man { dir }) => return manual::man(dir.as_deref()),
        command => command,
    };
    let ctx = Context::new(cli.db, session)?;
    report::set_quiet(cli.quiet);
    crate::store::on_wait(progress::say_waiting);
    let Some(command) = command else {
        // `qawl -batch < script` and `qawl -cmd …` mean a session, piped or not
        let flags = &ctx.session;
        if std::io::stdin().is_terminal() || flags.batch || flags.bail || !flags.commands.is_empty()
        {
            return repl::run(&ctx, &repl::ReplArgs::default());
        }
        return Err(Error::Usage(
            "no command given; `qawl --help` lists them".into(),
        ));
    };
    match command {
        Command::Demo { out } => demo::run(&out),
        Command::Ingest {
            paths,
            format,
            jobs,
        } => ingest::run(&ctx, &paths, format, jobs.map(usize::from)),
        Command::Stats => stats(&ctx),
        Command::Check => check(&ctx),
        Command::Sql(args) => sql::run(&ctx, &args),
        Command::Entity { command } => entity::run(&ctx, command),
        Command::Reextract { jobs } => reextract(&ctx, jobs.map(usize::from)),
        Command::Query(args) => query::run(&ctx, &args),
        Command::Eval {
            gold,
            articles,
            no_gazetteer,
            verbose,
        } => eval(&gold, &articles, !no_gazetteer, verbose),
        Command::Repl(args) => repl::run(&ctx, &args),
        Command::Run(args) => run::run(&ctx, &args),
        Command::Completions { shell } => manual::completions(shell),
        Command::Man { dir } => manual::man(dir.as_deref()),
    }
}

pub(crate) fn print_result(rs: &output::ResultSet, out: &OutputArgs) -> Result<()> {
    let mut sink = out.sink()?;
    output::write(rs, &out.options(), &mut sink)?;
    sink.finish()
}

fn stats(ctx: &Context) -> Result<ExitCode> {
    let store = ctx.open_read_only()?;
    let s = store.stats()?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "store          {}", ctx.db.display())?;
    writeln!(out, "schema version {}", s.schema_version)?;
    writeln!(out, "articles       {}", s.articles)?;
    writeln!(out, "statements     {}", s.statements)?;
    writeln!(out, "entities       {} ({} aliases)", s.entities, s.aliases)?;
    writeln!(out, "mentions       {}", s.mentions)?;
    match (&s.first_date, &s.last_date) {
        (Some(first), Some(last)) => writeln!(out, "published      {first} … {last}")?,
        _ => writeln!(out, "published      (no dated articles)")?,
    }
    for (version, n) in &s.extractors {
        writeln!(out, "extractor      {version}: {n} statements")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn check(ctx: &Context) -> Result<ExitCode> {
    let store = ctx.open_read_only()?;
    let problems = store.check()?;
    if problems.is_empty() {
        writeln!(
            std::io::stdout(),
            "ok: {} passes the integrity check",
            ctx.db.display()
        )?;
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &problems {
            eprintln!("qawl: {p}");
        }
        Ok(ExitCode::from(1))
    }
}

/// The extractor, knowing the store's curated entities.
fn extractor_for(store: &Store) -> Result<Extractor> {
    Ok(Extractor::new(store.known_entities()?))
}

/// Runs `qawl reextract`: in short transactions, with progress; Ctrl-C stops it after the
/// batch it is writing, and running it again does the whole store.
fn reextract(ctx: &Context, jobs: Option<usize>) -> Result<ExitCode> {
    let stop = progress::stop_on_ctrl_c();
    let mut store = ctx.open_existing()?;
    let extractor = extractor_for(&store)?;
    let started = std::time::Instant::now();
    let mut bar: Option<progress::Progress> = None;
    let keep_going = |done: usize, total: usize| {
        bar.get_or_insert_with(|| progress::Progress::articles(total as u64))
            .article(done as u64);
        !stop.load(std::sync::atomic::Ordering::Relaxed)
    };
    let failed = std::sync::atomic::AtomicUsize::new(0);
    let extract = |article: &crate::model::Article| {
        ingest::extract_guarded(&extractor, article).unwrap_or_else(|bug| {
            failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let at = article.path.as_deref().unwrap_or("an article");
            eprintln!("qawl: {at}: the extraction rules failed on it (a bug in qawl: {bug}); it keeps no statements — please report it");
            crate::model::Extraction::default()
        })
    };
    let jobs = jobs.unwrap_or_else(|| pipeline::default_jobs().max(1));
    let run = store.reextract(EXTRACTOR_VERSION, jobs, extract, keep_going)?;
    if let Some(bar) = &bar {
        bar.finish();
    }
    store.optimize()?;
    let stats = store.stats()?;
    let done = if run.finished {
        format!("re-extracted {} articles", run.articles)
    } else {
        format!(
            "stopped by Ctrl-C: re-extracted {} of {} articles (the others keep what older \
             rules found; `qawl reextract` again does them all)",
            run.articles, run.total
        )
    };
    report::say(&format!(
        "{done} with rules {EXTRACTOR_VERSION}: {} statements, {} entities ({:.1} s; {} \
         write transaction{}, the longest {:.2} s)",
        stats.statements,
        stats.entities,
        started.elapsed().as_secs_f64(),
        run.transactions,
        ingest::plural(run.transactions),
        run.longest.as_secs_f64()
    ));
    Ok(if !run.finished {
        ExitCode::from(progress::INTERRUPTED)
    } else if failed.into_inner() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs `qawl eval`: the format of the gold file decides how it is scored.
fn eval(
    gold: &std::path::Path,
    articles: &std::path::Path,
    gazetteer: bool,
    verbose: bool,
) -> Result<ExitCode> {
    use crate::extract::eval::{self, GoldFormat};
    let text = std::fs::read_to_string(gold).map_err(|e| Error::io(gold, e))?;
    let (extractor, store_starts_with) = if gazetteer {
        (Extractor::default(), crate::extract::gazetteer::builtin())
    } else {
        (Extractor::without_gazetteer(Vec::new()), Vec::new())
    };
    let mut out = std::io::stdout().lock();
    let format = eval::gold_format(&text)?;
    if format == GoldFormat::Statements {
        let report = eval::evaluate(gold, articles, &extractor)?;
        write!(out, "{report}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let report = eval::evaluate_articles(gold, articles, &extractor, &store_starts_with)?;
    write!(out, "{report}")?;
    if verbose {
        write!(out, "{}", report.details())?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn sqlite3_spellings_change_exactly_the_three_flags_before_a_double_dash() {
        assert_eq!(
            sqlite3_spellings(args(&[
                "qawl",
                "-cmd",
                ".mode csv",
                "-batch",
                "-bail",
                "-json"
            ])),
            args(&["qawl", "--cmd", ".mode csv", "--batch", "--bail", "-json"])
        );
        assert_eq!(
            sqlite3_spellings(args(&["qawl", "query", "--", "-bail"])),
            args(&["qawl", "query", "--", "-bail"])
        );
    }

    #[test]
    fn a_store_after_session_flags_is_still_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kb.sqlite");
        std::fs::write(&db, b"").unwrap();
        let db = db.to_str().unwrap();
        assert_eq!(
            store_first(args(&["qawl", "--bail", "-c", "count articles", db])),
            args(&["qawl", "--bail", "-c", "count articles", "--db", db, "repl"])
        );
        assert_eq!(
            store_first(args(&["qawl", db, "--cmd", ".mode csv", "count articles"])),
            args(&[
                "qawl",
                "--db",
                db,
                "query",
                "--cmd",
                ".mode csv",
                "count articles"
            ])
        );
        assert_eq!(
            store_first(args(&["qawl", db, "--batch"])),
            args(&["qawl", "--db", db, "repl", "--batch"])
        );
    }
}
