//! Dot-commands: their names (those of the sqlite3 shell where one exists), their help, and
//! parsing a typed line into a [`DotCommand`]. Running them is the session's business.

use crate::output::Format;
use std::path::PathBuf;

/// One parsed dot-command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DotCommand {
    /// `.help`: the commands and what they do.
    Help,
    /// `.tables`: the tables queries ask about.
    Tables,
    /// `.fields [TABLE]`: every table's fields, or one table's, with types and operators.
    Fields(Option<String>),
    /// `.schema [TABLE]`: the store's CREATE statements, as SQLite keeps them.
    Schema(Option<String>),
    /// `.verbs`: the verb classes and their Arabic words.
    Verbs,
    /// `.mode [FORMAT]`; alone it shows the mode.
    Mode(Option<Format>),
    /// `.headers on|off`.
    Headers(bool),
    /// `.nullvalue TEXT`: how a missing value shows in views and CSV/TSV.
    NullValue(String),
    /// `.width [N...]`: the widths of the table's first columns (0: automatic); alone, all
    /// automatic.
    Width(Vec<usize>),
    /// `.bail on|off`: a `.read` file or piped input stops at its first error.
    Bail(bool),
    /// `.show`: the current settings.
    Show,
    /// `.dump`: not written by qawl; says what to use instead.
    Dump,
    /// `.output [FILE]`; alone it goes back to stdout.
    Output(Option<PathBuf>),
    /// `.once [--bom] FILE`: the next result only.
    Once {
        /// Where the next result goes.
        path: PathBuf,
        /// Prefix a UTF-8 byte-order mark (CSV/TSV for Excel).
        bom: bool,
    },
    /// `.read FILE`: a saved-query file.
    Read(PathBuf),
    /// `.param set NAME VALUE`.
    ParamSet {
        /// The parameter's name, without `$`.
        name: String,
        /// Its value, quotes removed.
        value: String,
    },
    /// `.param list`.
    ParamList,
    /// `.param clear`.
    ParamClear,
    /// `.param unset NAME`.
    ParamUnset(String),
    /// `.explain on|off`: show the SQL and its parameters before results.
    Explain(bool),
    /// `.timer on|off`.
    Timer(bool),
    /// `.pager on|off`: long results on the screen through the pager; alone it shows which.
    Pager(Option<bool>),
    /// `.ingest PATH...`.
    Ingest(Vec<PathBuf>),
    /// `.sql SELECT …`: raw read-only SQL.
    Sql(String),
    /// `.exit` or `.quit`.
    Exit,
}

/// A dot-command's name, arguments and one-line description, for `.help` and completion.
pub struct Spec {
    /// The name with its dot, e.g. `.mode`.
    pub name: &'static str,
    /// The arguments as help shows them.
    pub args: &'static str,
    /// What the command does, in one line.
    pub about: &'static str,
}

/// Every dot-command, in the order `.help` lists them.
pub const SPECS: &[Spec] = &[
    spec(".help", "", "show this list"),
    spec(".tables", "", "the tables queries can ask about"),
    spec(
        ".fields",
        "[TABLE]",
        "the fields of every table, or of one: types and operators",
    ),
    spec(
        ".schema",
        "[TABLE]",
        "the store's CREATE statements (SQL tables, not query fields)",
    ),
    spec(".verbs", "", "the verb classes and their Arabic words"),
    spec(
        ".mode",
        "table|box|line|csv|tsv|json|jsonl|markdown|html",
        "how results are shown",
    ),
    spec(".headers", "on|off", "column names above the rows"),
    spec(
        ".nullvalue",
        "TEXT",
        "how a missing value shows (views, CSV, TSV); \"\" for empty",
    ),
    spec(
        ".width",
        "[N...]",
        "widths of the table's first columns, 0 automatic; alone: all automatic",
    ),
    spec(".show", "", "the current settings"),
    spec(
        ".output",
        "[FILE]",
        "send results to FILE; alone: back to the screen",
    ),
    spec(".once", "[--bom] FILE", "send the next result only to FILE"),
    spec(
        ".read",
        "FILE",
        "run the queries (and dot-commands) of a saved-query file",
    ),
    spec(
        ".param",
        "set NAME VALUE|unset NAME|list|clear",
        "values for $NAME in queries",
    ),
    spec(
        ".explain",
        "on|off",
        "show the SQL and its parameters before results",
    ),
    spec(".timer", "on|off", "show how long each query took"),
    spec(
        ".bail",
        "on|off",
        "stop a .read file or piped input at its first error (exit code 1)",
    ),
    spec(
        ".pager",
        "[on|off]",
        "results longer than the screen through $PAGER (else less -FRX)",
    ),
    spec(
        ".ingest",
        "PATH...",
        "read articles from files or folders into the store",
    ),
    spec(".sql", "SELECT ...", "run raw read-only SQL"),
    spec(
        ".dump",
        "",
        "not in qawl: says how sqlite3 dumps the store as SQL",
    ),
    spec(".exit", "", "leave (also .quit or Ctrl-D)"),
];

const fn spec(name: &'static str, args: &'static str, about: &'static str) -> Spec {
    Spec { name, args, about }
}

/// The names completion offers, `.quit` included.
pub fn names() -> impl Iterator<Item = &'static str> {
    SPECS.iter().map(|s| s.name).chain([".quit"])
}

/// The text of `.help`.
pub fn help() -> String {
    let mut out = String::new();
    for s in SPECS {
        let head = if s.args.is_empty() {
            s.name.to_string()
        } else {
            format!("{} {}", s.name, s.args)
        };
        out.push_str(&format!("{head:<44} {}\n", s.about));
    }
    out.push_str(
        "\nAnything else is a query, e.g.  statements where speaker=\"وائل علوان\" and verb=denied\n\
         Tab completes keywords, fields and names. A query goes on over lines (prompt ...>) while\n\
         quotes or parentheses are open or a line stops where no query can (after where, and, =, a comma).\n\
         A FILE named *.csv, *.tsv, *.json, *.jsonl, *.md or *.html gets that format while the mode is table, box or line.\n\
         Ctrl-C cancels the running query or the line; Ctrl-D leaves.\n",
    );
    out
}

/// Parses a line starting with `.`; the error says what is wrong and lists the commands.
pub fn parse(line: &str) -> Result<DotCommand, String> {
    let line = line.trim();
    let (name, rest) = match line.find(char::is_whitespace) {
        Some(i) => (&line[..i], line[i..].trim()),
        None => (line, ""),
    };
    let args = words(rest);
    let command = match name.to_ascii_lowercase().as_str() {
        ".help" | ".h" => DotCommand::Help,
        ".tables" => DotCommand::Tables,
        ".fields" => DotCommand::Fields(args.first().cloned()),
        ".schema" => DotCommand::Schema(args.first().cloned()),
        ".verbs" => DotCommand::Verbs,
        ".mode" => DotCommand::Mode(mode(&args)?),
        ".headers" | ".header" => DotCommand::Headers(switch(".headers", &args)?),
        ".nullvalue" => DotCommand::NullValue(one_text(".nullvalue TEXT", &args)?),
        ".width" => DotCommand::Width(widths(&args)?),
        ".bail" => DotCommand::Bail(switch(".bail", &args)?),
        ".show" => DotCommand::Show,
        ".dump" => DotCommand::Dump,
        ".output" => DotCommand::Output(args.first().map(PathBuf::from)),
        ".once" => once(&args)?,
        ".read" => DotCommand::Read(one_path(".read", &args)?),
        ".param" | ".parameter" => param(&args)?,
        ".explain" => DotCommand::Explain(switch(".explain", &args)?),
        ".timer" => DotCommand::Timer(switch(".timer", &args)?),
        ".pager" if args.is_empty() => DotCommand::Pager(None),
        ".pager" => DotCommand::Pager(Some(switch(".pager", &args)?)),
        ".ingest" if !args.is_empty() => {
            DotCommand::Ingest(args.iter().map(PathBuf::from).collect())
        }
        ".ingest" => return Err("usage: .ingest PATH... (files or folders)".into()),
        ".sql" if !rest.is_empty() => DotCommand::Sql(rest.trim_end_matches(';').to_string()),
        ".sql" => return Err("usage: .sql SELECT ...".into()),
        ".exit" | ".quit" | ".q" => DotCommand::Exit,
        _ => return Err(unknown(name)),
    };
    Ok(command)
}

fn unknown(name: &str) -> String {
    let known: Vec<&str> = names().collect();
    let mut message = format!("unknown command {name}");
    if let Some(near) = known
        .iter()
        .filter(|k| strsim::levenshtein(k, &name.to_ascii_lowercase()) <= 2)
        .min_by_key(|k| strsim::levenshtein(k, &name.to_ascii_lowercase()))
    {
        message.push_str(&format!(" (did you mean {near}?)"));
    }
    message.push_str(&format!("; the commands are: {}", known.join(" ")));
    message
}

/// Splits arguments at white space, keeping "…", '…' and «…» together (without the quotes).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in text.chars() {
        match quote {
            Some(close) if c == close => quote = None,
            Some(_) => current.push(c),
            None if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            None => {
                started = true;
                match c {
                    '"' | '\'' => quote = Some(c),
                    '«' => quote = Some('»'),
                    c => current.push(c),
                }
            }
        }
    }
    if started {
        out.push(current);
    }
    out
}

fn mode(args: &[String]) -> Result<Option<Format>, String> {
    match args {
        [] => Ok(None),
        [name] => name.parse().map(Some),
        _ => Err("usage: .mode table|box|line|csv|tsv|json|jsonl|markdown|html".into()),
    }
}

fn switch(name: &str, args: &[String]) -> Result<bool, String> {
    match args.first().map(|a| a.to_ascii_lowercase()).as_deref() {
        Some("on" | "yes" | "true" | "1") if args.len() == 1 => Ok(true),
        Some("off" | "no" | "false" | "0") if args.len() == 1 => Ok(false),
        _ => Err(format!("usage: {name} on|off")),
    }
}

fn one_text(usage: &str, args: &[String]) -> Result<String, String> {
    match args {
        [text] => Ok(text.clone()),
        _ => Err(format!(
            "usage: {usage} (quote it for spaces or \"\" for empty)"
        )),
    }
}

/// `.width` arguments: whole numbers of columns, 0 for automatic.
fn widths(args: &[String]) -> Result<Vec<usize>, String> {
    args.iter()
        .map(|a| {
            a.parse::<usize>().map_err(|_| {
                format!("usage: .width N... (whole numbers of columns, 0 automatic): not {a}")
            })
        })
        .collect()
}

fn one_path(name: &str, args: &[String]) -> Result<PathBuf, String> {
    match args {
        [path] => Ok(PathBuf::from(path)),
        _ => Err(format!("usage: {name} FILE")),
    }
}

fn once(args: &[String]) -> Result<DotCommand, String> {
    let bom = args.iter().any(|a| a == "--bom");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--bom").collect();
    match files.as_slice() {
        [path] => Ok(DotCommand::Once {
            path: PathBuf::from(path.as_str()),
            bom,
        }),
        _ => Err("usage: .once [--bom] FILE".into()),
    }
}

fn param(args: &[String]) -> Result<DotCommand, String> {
    let usage = || "usage: .param set NAME VALUE | .param unset NAME | .param list | .param clear";
    match args.first().map(|a| a.to_ascii_lowercase()).as_deref() {
        Some("set") if args.len() >= 3 => Ok(DotCommand::ParamSet {
            name: args[1].trim_start_matches('$').to_string(),
            value: args[2..].join(" "),
        }),
        Some("unset") if args.len() == 2 => Ok(DotCommand::ParamUnset(
            args[1].trim_start_matches('$').to_string(),
        )),
        Some("list") | None => Ok(DotCommand::ParamList),
        Some("clear") => Ok(DotCommand::ParamClear),
        _ => Err(usage().into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_sqlite_shell_names() {
        assert_eq!(parse(".mode csv"), Ok(DotCommand::Mode(Some(Format::Csv))));
        assert_eq!(parse(".headers off"), Ok(DotCommand::Headers(false)));
        assert_eq!(parse(".output"), Ok(DotCommand::Output(None)));
        assert_eq!(
            parse(".once --bom نفي.csv"),
            Ok(DotCommand::Once {
                path: "نفي.csv".into(),
                bom: true
            })
        );
        assert_eq!(parse(".quit"), Ok(DotCommand::Exit));
        assert_eq!(
            parse(".sql SELECT count(*) FROM articles;"),
            Ok(DotCommand::Sql("SELECT count(*) FROM articles".into()))
        );
    }

    #[test]
    fn param_values_keep_quoted_spaces() {
        assert_eq!(
            parse(".param set $who \"وائل علوان\""),
            Ok(DotCommand::ParamSet {
                name: "who".into(),
                value: "وائل علوان".into()
            })
        );
        assert_eq!(parse(".param"), Ok(DotCommand::ParamList));
        assert!(parse(".param set who").is_err());
    }

    #[test]
    fn an_unknown_command_lists_the_commands() {
        let err = parse(".modes csv").unwrap_err();
        assert!(err.contains("did you mean .mode?"), "{err}");
        assert!(err.contains(".help") && err.contains(".ingest"), "{err}");
    }

    #[test]
    fn bad_arguments_say_the_usage() {
        assert_eq!(parse(".timer maybe"), Err("usage: .timer on|off".into()));
        assert_eq!(parse(".pager off"), Ok(DotCommand::Pager(Some(false))));
        assert_eq!(parse(".pager"), Ok(DotCommand::Pager(None)));
        assert!(parse(".mode xml").unwrap_err().contains("unknown format"));
        assert_eq!(
            parse(".mode line"),
            Ok(DotCommand::Mode(Some(Format::Line)))
        );
        assert_eq!(
            parse(".mode md"),
            Ok(DotCommand::Mode(Some(Format::Markdown)))
        );
        assert!(parse(".read").is_err());
    }

    #[test]
    fn sqlite_shell_settings_parse() {
        assert_eq!(parse(".schema"), Ok(DotCommand::Schema(None)));
        assert_eq!(
            parse(".schema statements"),
            Ok(DotCommand::Schema(Some("statements".into())))
        );
        assert_eq!(
            parse(".nullvalue NULL"),
            Ok(DotCommand::NullValue("NULL".into()))
        );
        assert_eq!(
            parse(".nullvalue \"لا شيء\""),
            Ok(DotCommand::NullValue("لا شيء".into()))
        );
        assert_eq!(parse(".nullvalue ''"), Ok(DotCommand::NullValue("".into())));
        assert!(parse(".nullvalue").unwrap_err().contains("usage"));
        assert_eq!(
            parse(".width 10 0 30"),
            Ok(DotCommand::Width(vec![10, 0, 30]))
        );
        assert_eq!(parse(".width"), Ok(DotCommand::Width(vec![])));
        assert!(parse(".width -5").unwrap_err().contains("not -5"));
        assert_eq!(parse(".bail on"), Ok(DotCommand::Bail(true)));
        assert_eq!(parse(".show"), Ok(DotCommand::Show));
        assert_eq!(parse(".dump"), Ok(DotCommand::Dump));
        let help = help();
        for name in [".schema", ".nullvalue", ".width", ".bail", ".show", ".dump"] {
            assert!(help.contains(name), "{name} in {help}");
            assert!(names().any(|n| n == name), "{name}");
        }
    }

    #[test]
    fn words_keep_guillemets_together() {
        assert_eq!(words("set who «وائل علوان»"), ["set", "who", "وائل علوان"]);
        assert_eq!(words("  a  'b c' "), ["a", "b c"]);
    }
}
