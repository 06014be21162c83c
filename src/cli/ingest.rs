//! `qawl ingest`: read inputs, extract, and write in batches, with a progress bar and a summary.

use super::{Context, extractor_for};
use crate::error::Result;
use crate::extract::{EXTRACTOR_VERSION, Extractor};
use crate::ingest::{self, Format, Legacy, Problem};
use crate::model::Article;
use crate::store::{BatchItem, Inserted, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::fmt;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How many articles one transaction writes.
const BATCH: usize = 200;

/// Counts for the summary line.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    pub articles: usize,
    pub new: usize,
    pub duplicates: usize,
    pub statements: usize,
    pub failed: usize,
    pub warnings: usize,
    /// How many files were decoded from each encoding other than UTF-8.
    pub decoded: BTreeMap<&'static str, usize>,
}

impl Summary {
    /// "read 3 articles: 2 new, 1 duplicate, 14 statements; 0 failed, 1 warning", and when
    /// files were not UTF-8 "; 2 files read as windows-1256, 1 as UTF-16LE".
    pub fn describe(&self) -> String {
        let mut line = self.counts();
        for (i, (encoding, n)) in self.decoded.iter().enumerate() {
            if i == 0 {
                line.push_str(&format!("; {n} file{} read as {encoding}", plural(*n)));
            } else {
                line.push_str(&format!(", {n} as {encoding}"));
            }
        }
        line
    }

    fn counts(&self) -> String {
        format!(
            "read {} article{}: {} new, {} duplicate{}, {} statement{}; {} failed, {} warning{}",
            self.articles,
            plural(self.articles),
            self.new,
            self.duplicates,
            plural(self.duplicates),
            self.statements,
            plural(self.statements),
            self.failed,
            self.warnings,
            plural(self.warnings)
        )
    }
}

/// Extracts and writes articles in batches of [`BATCH`], one transaction each.
pub(crate) struct Writer<'a> {
    store: &'a mut Store,
    extractor: Extractor,
    pending: Vec<BatchItem>,
    pub summary: Summary,
}

impl<'a> Writer<'a> {
    pub fn new(store: &'a mut Store) -> Result<Self> {
        let extractor = extractor_for(store)?;
        Ok(Writer {
            store,
            extractor,
            pending: Vec::with_capacity(BATCH),
            summary: Summary::default(),
        })
    }

    /// Queues one article, writing the batch when it is full.
    pub fn push(&mut self, article: Article) -> Result<()> {
        let extraction = self.extractor.extract(&article);
        self.summary.articles += 1;
        self.pending.push(BatchItem {
            article,
            extraction,
        });
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is queued and refreshes the planner's statistics.
    pub fn finish(&mut self) -> Result<()> {
        self.flush()?;
        self.store.optimize()
    }

    /// Writes what is queued.
    pub fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let outcomes = self.store.insert_batch(&self.pending, EXTRACTOR_VERSION)?;
        for (item, outcome) in self.pending.iter().zip(outcomes) {
            match outcome {
                Inserted::New(_) => {
                    self.summary.new += 1;
                    self.summary.statements += item.extraction.statements.len();
                }
                Inserted::Duplicate(_) => self.summary.duplicates += 1,
            }
        }
        self.pending.clear();
        Ok(())
    }

    /// Takes what a reader gave: the encoding it was decoded from (when not UTF-8) and its
    /// problems go to `report` and are counted, its articles are queued.
    pub fn add(&mut self, read: ingest::Read, mut report: impl FnMut(&Report<'_>)) -> Result<()> {
        if let Some(legacy) = &read.encoding {
            *self.summary.decoded.entry(legacy.encoding).or_default() += 1;
            report(&Report::Decoded(legacy));
        }
        for p in &read.problems {
            report(&Report::Problem(p));
            self.problem(p);
        }
        for article in read.articles {
            self.push(article)?;
        }
        Ok(())
    }

    /// Counts a reader's problem.
    pub fn problem(&mut self, problem: &Problem) {
        if problem.fatal {
            self.summary.failed += 1;
        } else {
            self.summary.warnings += 1;
        }
    }
}

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
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Report::Problem(p) => p.fmt(f),
            Report::Decoded(legacy) => legacy.fmt(f),
        }
    }
}

/// Runs `qawl ingest PATH... [--format F]`.
pub(super) fn run(ctx: &Context, paths: &[PathBuf], format: Option<Format>) -> Result<ExitCode> {
    let started = Instant::now();
    let ingest::Discovery {
        inputs,
        skipped,
        problems: found_problems,
    } = ingest::discover(paths, format);
    let mut store = ctx.open()?;
    let mut writer = Writer::new(&mut store)?;
    for p in &found_problems {
        eprintln!("qawl: {p}");
        writer.problem(p);
    }
    let bar = progress_bar(inputs.len() as u64);
    for input in &inputs {
        bar.set_message(input.path.display().to_string());
        writer.add(ingest::read_input(input), |p| {
            bar.suspend(|| eprintln!("qawl: {p}"))
        })?;
        bar.inc(1);
    }
    writer.finish()?;
    bar.finish_and_clear();
    let s = &writer.summary;
    if !skipped.is_empty() {
        eprintln!(
            "skipped {} file{} that are not articles qawl reads (another extension than .txt, .jsonl, .ndjson, .json or .csv — --format reads them — or a pipe or device)",
            skipped.len(),
            plural(skipped.len())
        );
    }
    eprintln!(
        "{} ({} input{}, {:.2} s)",
        s.describe(),
        inputs.len(),
        plural(inputs.len()),
        started.elapsed().as_secs_f64()
    );
    Ok(if s.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The plural ending of an English count noun.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A bar on a terminal, nothing when stderr is piped.
fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {pos}/{len} files {elapsed} {wide_msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
