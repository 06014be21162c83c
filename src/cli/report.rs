//! The lines long commands write on stderr about their inputs, and `--quiet`.
//!
//! A problem that skipped something (a file, a line, a row) is always written, each on its own
//! line: it names what to fix. A warning (the article was kept, not all of it read) and a
//! notice (a file read in another encoding than UTF-8) of one kind are written in full the
//! first [`SHOWN`] times; the others of that kind are counted, and [`Reporter::finish`] writes
//! one line for them with their number and a few of their places. Two warnings are of one
//! kind when they say the same but for what they quote: `could not read the date in "● العراق"`
//! and `… in "● سوريا"`. `--quiet` leaves only the problems that skipped something.

use crate::ingest::{Legacy, Problem};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by `--quiet`: no progress, warnings, notices or summaries, only failures and errors.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Makes this process quiet (`--quiet`).
pub(crate) fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// True under `--quiet`.
pub(crate) fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Writes a line of news on stderr (a summary, a notice) unless `--quiet`.
pub(crate) fn say(line: &str) {
    if !quiet() {
        eprintln!("{line}");
    }
}

/// How many warnings of one kind are written in full before the rest are counted.
pub(crate) const SHOWN: usize = 3;

/// How many places of the counted warnings of one kind their line names.
const PLACES: usize = 3;

/// One line about an input for stderr: a problem, or the encoding it was read in.
pub(crate) enum Report<'a> {
    Problem(&'a Problem),
    Decoded(&'a Legacy),
}

impl Report<'_> {
    /// True for a problem that made qawl skip something.
    pub fn is_fatal(&self) -> bool {
        matches!(self, Report::Problem(p) if p.fatal)
    }

    /// What warnings of this kind have in common (`None` for a problem that skipped
    /// something, which is never folded with others).
    fn kind(&self) -> Option<String> {
        match self {
            Report::Problem(p) if p.fatal => None,
            Report::Problem(p) => Some(without_quotes(&p.message)),
            Report::Decoded(legacy) => Some(format!("read as {} (not UTF-8)", legacy.encoding)),
        }
    }

    /// Where it is: `path:line` or `path`.
    fn place(&self) -> String {
        match self {
            Report::Problem(Problem {
                path,
                line: Some(line),
                ..
            }) => format!("{path}:{line}"),
            Report::Problem(p) => p.path.clone(),
            Report::Decoded(legacy) => legacy.path.clone(),
        }
    }
}

impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Report::Problem(p) => p.fmt(f),
            Report::Decoded(legacy) => legacy.fmt(f),
        }
    }
}

/// A message with every `"…"` it quotes shown as `"…"`: what makes two warnings one kind.
fn without_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        match (c, inside) {
            ('"', false) => {
                out.push_str("\"…");
                inside = true;
            }
            ('"', true) => {
                out.push('"');
                inside = false;
            }
            (_, true) => {}
            (c, false) => out.push(c),
        }
    }
    out
}

/// The warnings of one kind past the first [`SHOWN`].
#[derive(Debug, Default)]
struct Folded {
    kind: String,
    seen: usize,
    places: Vec<String>,
}

/// Writes reports on stderr, folding repeated warnings; see the module's documentation.
#[derive(Debug, Default)]
pub(crate) struct Reporter {
    /// Every kind met so far, in the order first met.
    kinds: Vec<Folded>,
}

impl Reporter {
    pub fn new() -> Self {
        Self::default()
    }

    /// The line to write for `report` now, if any: a problem that skipped something always,
    /// a warning or notice the first [`SHOWN`] times of its kind (and never under `--quiet`).
    pub fn line(&mut self, report: &Report<'_>) -> Option<String> {
        let Some(kind) = report.kind() else {
            return Some(format!("qawl: {report}"));
        };
        if quiet() {
            return None;
        }
        let folded = match self.kinds.iter().position(|k| k.kind == kind) {
            Some(i) => &mut self.kinds[i],
            None => {
                self.kinds.push(Folded {
                    kind,
                    ..Folded::default()
                });
                self.kinds.last_mut()?
            }
        };
        folded.seen += 1;
        if folded.seen <= SHOWN {
            return Some(format!("qawl: {report}"));
        }
        if folded.places.len() < PLACES {
            folded.places.push(report.place());
        }
        None
    }

    /// Writes `report` on stderr as [`Reporter::line`] says.
    pub fn report(&mut self, report: &Report<'_>) {
        if let Some(line) = self.line(report) {
            eprintln!("{line}");
        }
    }

    /// The lines for the warnings counted and not written: one a kind.
    pub fn folded(&self) -> Vec<String> {
        self.kinds
            .iter()
            .filter(|k| k.seen > SHOWN)
            .map(|k| {
                let more = k.seen - SHOWN;
                let etc = if more > k.places.len() { ", …" } else { "" };
                format!(
                    "qawl: {more} more like the {SHOWN} above ({}{etc}): {}",
                    k.places.join(", "),
                    k.kind
                )
            })
            .collect()
    }

    /// Writes the lines for the warnings counted and not written.
    pub fn finish(&self) {
        for line in self.folded() {
            eprintln!("{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_warning(path: &str, value: &str) -> Problem {
        Problem::warning(
            path,
            Some(2),
            format!("could not read the date in \"{value}\"; the article is kept without a date"),
        )
    }

    #[test]
    fn a_warning_repeated_is_written_three_times_then_one_line_counts_the_rest() {
        let mut reporter = Reporter::new();
        let mut written = Vec::new();
        for i in 0..150 {
            let p = date_warning(&format!("archive/{i:03}.txt"), &format!("● قسم {i}"));
            written.extend(reporter.line(&Report::Problem(&p)));
        }
        let empty = Problem::warning("x.txt", None, "no body text after the headline");
        written.extend(reporter.line(&Report::Problem(&empty)));
        let failed = Problem::fatal("bad.bin", None, "not text; skipped");
        for _ in 0..5 {
            written.extend(reporter.line(&Report::Problem(&failed)));
        }
        assert_eq!(written.len(), 3 + 1 + 5, "{written:#?}");
        assert_eq!(
            written[0],
            "qawl: archive/000.txt:2: could not read the date in \"● قسم 0\"; the article is kept without a date"
        );
        assert_eq!(
            reporter.folded(),
            [
                "qawl: 147 more like the 3 above (archive/003.txt:2, archive/004.txt:2, \
                 archive/005.txt:2, …): could not read the date in \"…\"; the article is kept \
                 without a date"
            ]
        );
    }

    #[test]
    fn notices_of_one_encoding_fold_and_quotes_make_the_kind() {
        assert_eq!(without_quotes("a \"b\" c \"d"), "a \"…\" c \"…");
        let mut reporter = Reporter::new();
        let legacy = |path: &str| Legacy {
            path: path.into(),
            encoding: "windows-1256",
        };
        let lines: Vec<String> = (0..4)
            .filter_map(|i| reporter.line(&Report::Decoded(&legacy(&format!("{i}.txt")))))
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            reporter.folded(),
            ["qawl: 1 more like the 3 above (3.txt): read as windows-1256 (not UTF-8)"]
        );
    }
}
