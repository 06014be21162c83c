//! `qawl ingest`: read inputs, extract, and write in batches, with progress and a summary.
//!
//! The [`Writer`] here is also what the REPL's `.ingest` and `qawl demo` write through. A
//! batch is written when it holds [`BATCH`] articles, [`BATCH_BYTES`] of text or has waited
//! [`BATCH_AGE`], in transactions of at most [`WRITE_BUDGET`] — or, for `qawl ingest` of files
//! ([`Writer::grouped`]), in one transaction over the batches of [`BULK_BUDGET`]; Ctrl-C stops
//! the reading before the next article, and what was read by then is written before the command
//! ends.

use super::pipeline;
use super::progress::{self, Progress};
pub(crate) use super::report::Report;
use super::report::{Reporter, say};
use super::{Context, extractor_for};
use crate::error::{Error, Result};
use crate::extract::{self, EXTRACTOR_VERSION, Extractor};
use crate::ingest::{self, Format, Problem};
use crate::model::{Article, Extraction};
use crate::store::{BULK_BUDGET, BatchItem, Indexed, Inserted, Known, Spill, Store, WRITE_BUDGET};
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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
    /// True when Ctrl-C stopped the reading; what was read by then is stored.
    pub interrupted: bool,
}

impl Summary {
    /// "read 3 articles: 2 new, 1 duplicate, 14 statements; 0 failed, 1 warning", and when
    /// files were not UTF-8 "; 2 files read as windows-1256, 1 as UTF-16LE". After Ctrl-C it
    /// starts "stopped by Ctrl-C: ".
    pub fn describe(&self) -> String {
        let mut line = self.counts();
        for (i, (encoding, n)) in self.decoded.iter().enumerate() {
            if i == 0 {
                line.push_str(&format!("; {n} file{} read as {encoding}", plural(*n)));
            } else {
                line.push_str(&format!(", {n} as {encoding}"));
            }
        }
        if self.interrupted {
            line = format!("stopped by Ctrl-C: {line}");
        }
        line
    }

    /// After Ctrl-C: what is in the store, and how to go on.
    pub fn after_stop(&self) -> Option<String> {
        self.interrupted.then(|| {
            format!(
                "the {} new article{} read before Ctrl-C {} stored; the rest was not read (the \
                 same command again reads it: what is stored counts as duplicates)",
                self.new,
                plural(self.new),
                if self.new == 1 { "is" } else { "are" }
            )
        })
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

/// The most articles one batch holds before it is written.
const BATCH: usize = 1000;

/// The most article text (bytes of bodies) one batch holds before it is written.
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// How long articles wait in a batch before it is written, however few they are: so what was
/// read lands every second or so, whatever the pace of the input.
const BATCH_AGE: Duration = Duration::from_secs(1);

/// Extracts articles and writes them in batches ([`BATCH`], [`BATCH_BYTES`], [`BATCH_AGE`]),
/// each in transactions of at most [`WRITE_BUDGET`]. With [`Writer::stop_on`], it stops before
/// the next article once the flag is up, writing what it has read.
pub(crate) struct Writer<'a> {
    store: &'a mut Store,
    /// Shared with the threads that extract for this writer (see [`super::pipeline`]).
    extractor: Arc<Extractor>,
    pending: Vec<BatchItem>,
    pending_bytes: usize,
    /// When the first article of the pending batch was queued.
    since: Option<Instant>,
    stop: Option<&'a AtomicBool>,
    /// True when batches are written in transactions of [`BULK_BUDGET`] ([`Writer::grouped`]).
    grouped: bool,
    progress: Progress,
    /// Articles the rules failed on since the last report (see [`extract_guarded`]).
    unextracted: Vec<Problem>,
    pub summary: Summary,
}

impl<'a> Writer<'a> {
    pub fn new(store: &'a mut Store) -> Result<Self> {
        let extractor = Arc::new(extractor_for(store)?);
        store.tune_for_ingest(true)?;
        Ok(Writer {
            store,
            extractor,
            pending: Vec::with_capacity(BATCH),
            pending_bytes: 0,
            since: None,
            stop: None,
            grouped: false,
            progress: Progress::hidden(),
            unextracted: Vec::new(),
            summary: Summary::default(),
        })
    }

    /// Stops before the next article once `flag` is raised (by Ctrl-C).
    pub fn stop_on(mut self, flag: &'a AtomicBool) -> Self {
        self.stop = Some(flag);
        self
    }

    /// Writes the batches in one transaction until it has been open for [`BULK_BUDGET`], rather
    /// than one a batch: several times fewer bytes written for a long ingest. For inputs that
    /// never pause (files, not stdin, which would hold the write lock while it waits) and a
    /// store in a file (on a store in memory nobody else waits). The REPL's `.ingest` does not
    /// ask for it: its Ctrl-C interrupts SQLite, which rolls back the whole open transaction,
    /// and a writer written per batch writes the batch it broke again.
    pub fn grouped(mut self) -> Self {
        self.grouped = self.store.path().is_some();
        self
    }

    /// Shows progress on `progress`.
    pub fn show(mut self, progress: Progress) -> Self {
        self.progress = progress;
        self
    }

    /// True once the stop flag is up.
    pub(super) fn stopping(&self) -> bool {
        self.stop.is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// The flag that stops this writer, for threads that extract for it.
    pub(super) fn stop_flag(&self) -> Option<&'a AtomicBool> {
        self.stop
    }

    /// The rules this writer extracts with, for threads that extract for it.
    pub(super) fn extractor(&self) -> Arc<Extractor> {
        Arc::clone(&self.extractor)
    }

    /// A view of the stored articles for a thread that extracts for this writer (`None` for a
    /// store in memory).
    pub(super) fn known(&self) -> Option<Known> {
        self.store.known()
    }

    /// Queues one article, writing the batch when it is full or old enough; says whether to
    /// go on (the article is left out when the stop flag is up). An article the store holds
    /// already is counted as a duplicate without being extracted.
    pub fn push(&mut self, article: Article) -> Result<ControlFlow<()>> {
        if self.stopping() {
            self.summary.interrupted = true;
            return Ok(ControlFlow::Break(()));
        }
        let hash = article.content_hash();
        if self.store.knows(&hash)? {
            self.summary.articles += 1;
            self.summary.duplicates += 1;
            return Ok(ControlFlow::Continue(()));
        }
        let extracted = extract_article(&self.extractor, &article, hash, &|| self.stopping());
        self.push_extracted(article, extracted)
    }

    /// As [`Writer::push`], for an article another thread has extracted, or found stored
    /// already ([`Extracted::Known`]: the store is asked again, and the article extracted here
    /// if it is not there).
    pub fn push_extracted(
        &mut self,
        article: Article,
        extracted: Extracted,
    ) -> Result<ControlFlow<()>> {
        match extracted {
            Extracted::Known => self.push(article),
            _ if self.stopping() => {
                self.summary.interrupted = true;
                Ok(ControlFlow::Break(()))
            }
            Extracted::Done(Ok(done)) => {
                let (extraction, indexed) = *done;
                self.queue(article, Ok(extraction), Some(indexed))
            }
            Extracted::Done(Err(bug)) => self.queue(article, Err(bug), None),
            Extracted::Spilled(Ok(spill)) => self.write_long(article, spill),
            Extracted::Spilled(Err(e)) => {
                let path = article.path.as_deref().unwrap_or("-");
                self.unextracted.push(Problem::warning(
                    path,
                    None,
                    format!("{e}; this long article was extracted in memory instead"),
                ));
                let extraction = extract_guarded(&self.extractor, &article);
                self.queue(article, extraction, None)
            }
            Extracted::Stopped => {
                self.summary.interrupted = true;
                Ok(ControlFlow::Break(()))
            }
        }
    }

    /// Writes a long article and the findings of its stretches in a transaction of its own,
    /// after what is queued before it.
    fn write_long(&mut self, article: Article, mut spill: Spill) -> Result<ControlFlow<()>> {
        self.flush()?;
        self.store.commit_open()?;
        self.summary.articles += 1;
        let outcome = match self
            .store
            .insert_spilled(&article, &mut spill, EXTRACTOR_VERSION)
        {
            // as in `write`: the REPL's Ctrl-C broke the transaction; it is written again
            Err(e) if self.stopping() && is_interrupt(&e) => {
                self.store
                    .insert_spilled(&article, &mut spill, EXTRACTOR_VERSION)
            }
            written => written,
        }?;
        match outcome {
            Inserted::New(_) => {
                self.summary.new += 1;
                self.summary.statements += spill.statements();
            }
            Inserted::Duplicate(_) => self.summary.duplicates += 1,
        }
        Ok(ControlFlow::Continue(()))
    }

    /// Queues an extracted article (with its full-text forms when they were made), writing
    /// the batch when it is full or old enough.
    fn queue(
        &mut self,
        article: Article,
        extraction: std::result::Result<Extraction, String>,
        indexed: Option<Indexed>,
    ) -> Result<ControlFlow<()>> {
        let extraction = extraction.unwrap_or_else(|bug| {
            self.unextracted.push(unextracted(&article, &bug));
            Extraction::default()
        });
        self.summary.articles += 1;
        self.pending_bytes += article.body.len();
        self.since.get_or_insert_with(Instant::now);
        self.pending.push(BatchItem {
            article,
            extraction,
            indexed,
        });
        if self.pending.len() >= BATCH
            || self.pending_bytes >= BATCH_BYTES
            || self.since.is_some_and(|t| t.elapsed() >= BATCH_AGE)
        {
            self.flush()?;
        }
        Ok(ControlFlow::Continue(()))
    }

    /// Writes what is queued, commits, and refreshes the planner's statistics.
    pub fn finish(&mut self) -> Result<()> {
        self.flush()?;
        self.store.commit_open()?;
        self.store.tune_for_ingest(false)?;
        self.progress.finish();
        self.store.optimize()
    }

    /// Writes what is queued, in as many transactions as [`WRITE_BUDGET`] asks for.
    pub fn flush(&mut self) -> Result<()> {
        let mut done = 0;
        while done < self.pending.len() {
            let outcomes = self.write(done)?;
            for (item, outcome) in self.pending[done..].iter().zip(&outcomes) {
                match outcome {
                    Inserted::New(_) => {
                        self.summary.new += 1;
                        self.summary.statements += item.extraction.statements.len();
                    }
                    Inserted::Duplicate(_) => self.summary.duplicates += 1,
                }
            }
            done += outcomes.len();
        }
        self.pending.clear();
        self.pending_bytes = 0;
        self.since = None;
        Ok(())
    }

    /// Writes queued articles from `from` on in one transaction (or in the open one).
    fn write(&mut self, from: usize) -> Result<Vec<Inserted>> {
        let items = &self.pending[from..];
        if self.grouped {
            return self
                .store
                .insert_open(items, EXTRACTOR_VERSION, BULK_BUDGET);
        }
        let budget = Some(WRITE_BUDGET);
        match self.store.insert_within(items, EXTRACTOR_VERSION, budget) {
            // the REPL's Ctrl-C also interrupts SQLite; on a store in memory that is this
            // connection, and the transaction it broke is written again
            Err(e) if self.stopping() && is_interrupt(&e) => {
                self.store.insert_within(items, EXTRACTOR_VERSION, budget)
            }
            written => written,
        }
    }

    /// Takes what a reader gave: the encoding it was decoded from (when not UTF-8) and its
    /// problems go to `report` and are counted, its articles are queued.
    pub fn add(&mut self, read: ingest::Read, report: impl FnMut(&Report<'_>)) -> Result<()> {
        self.add_part(read, (0, 0), report).map(drop)
    }

    /// As [`Writer::add`], for a part of an input that spans `bytes` of all the inputs: the
    /// progress moves through the span article by article. Says whether to go on.
    pub fn add_part(
        &mut self,
        read: ingest::Read,
        (start, end): (u64, u64),
        mut report: impl FnMut(&Report<'_>),
    ) -> Result<ControlFlow<()>> {
        self.notes(read.encoding.as_ref(), &read.problems, &mut report);
        let n = read.articles.len() as u64;
        for (i, article) in read.articles.into_iter().enumerate() {
            let position = start + (end.saturating_sub(start)) * (i as u64 + 1) / n;
            if self.take(article, None, position, &mut report)?.is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        self.progress.set_position(end);
        Ok(ControlFlow::Continue(()))
    }

    /// Takes what a part of an input says besides its articles: the encoding it was decoded
    /// from (when not UTF-8) and its problems go to `report` and are counted.
    pub(super) fn notes(
        &mut self,
        encoding: Option<&ingest::Legacy>,
        problems: &[Problem],
        mut report: impl FnMut(&Report<'_>),
    ) {
        if let Some(legacy) = encoding {
            *self.summary.decoded.entry(legacy.encoding).or_default() += 1;
            self.progress.suspend(|| report(&Report::Decoded(legacy)));
        }
        for p in problems {
            self.progress.suspend(|| report(&Report::Problem(p)));
            self.problem(p);
        }
    }

    /// Takes one article (extracted here when `extracted` is `None`) that ends at `position`
    /// of the inputs, reporting the rules' failures on it. Says whether to go on.
    pub(super) fn take(
        &mut self,
        article: Article,
        extracted: Option<Extracted>,
        position: u64,
        mut report: impl FnMut(&Report<'_>),
    ) -> Result<ControlFlow<()>> {
        let flow = match extracted {
            None => self.push(article)?,
            Some(extracted) => self.push_extracted(article, extracted)?,
        };
        for p in std::mem::take(&mut self.unextracted) {
            self.progress.suspend(|| report(&Report::Problem(&p)));
            self.problem(&p);
        }
        if flow.is_continue() {
            self.progress.article(position);
        }
        Ok(flow)
    }

    /// Moves the progress display to `position` of the inputs.
    pub(super) fn reached(&mut self, position: u64) {
        self.progress.set_position(position);
    }

    /// Names the input being read in the progress display.
    pub fn reading(&mut self, input: &Path) {
        self.progress.input(input);
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

impl Drop for Writer<'_> {
    /// What was written is committed when the writer is left without [`Writer::finish`] (an
    /// error on the way): the articles in the open transaction are whole, and stay stored.
    fn drop(&mut self) {
        let _ = self.store.commit_open();
        let _ = self.store.tune_for_ingest(false);
    }
}

/// Runs the rules over one article; a panic in them (a bug, which must not cost the rest of
/// an ingest or a re-extraction) comes back as its message.
pub(crate) fn extract_guarded(
    extractor: &Extractor,
    article: &Article,
) -> std::result::Result<Extraction, String> {
    guarded(|| extractor.extract(article))
}

/// Runs `rules`, a panic in them coming back as its message. The extractor keeps no state
/// between articles, so one that panicked is fit for the next.
fn guarded<T>(rules: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(AssertUnwindSafe(rules)).map_err(|payload| {
        match payload.downcast::<String>() {
            Ok(message) => *message,
            Err(payload) => payload
                .downcast_ref::<&str>()
                .map_or_else(|| "a panic".to_string(), |m| m.to_string()),
        }
    })
}

/// What a thread that extracts gives the writer for one article.
pub(crate) enum Extracted {
    /// The store held the article when it was read, so it was not extracted.
    Known,
    /// What the rules found, with its full-text forms, or the message of the bug they failed
    /// with.
    Done(std::result::Result<Box<(Extraction, Indexed)>, String>),
    /// What the rules found in a long article, a stretch at a time in a temporary file; or
    /// why no temporary file could hold it (the writer then extracts it in memory).
    Spilled(std::result::Result<Spill, Box<Error>>),
    /// The stop flag rose while a long article was being extracted: it is left out.
    Stopped,
}

/// Extracts `article`, unless `known` says the store holds it already. A long article is
/// extracted stretch by stretch into a temporary file, and the extraction ends early once
/// `stop` says so.
pub(crate) fn extract_unless_known(
    extractor: &Extractor,
    known: Option<&Known>,
    article: &Article,
    stop: &dyn Fn() -> bool,
) -> Extracted {
    let hash = article.content_hash();
    if known.is_some_and(|k| k.knows(&hash)) {
        return Extracted::Known;
    }
    extract_article(extractor, article, hash, stop)
}

/// Extracts `article`, whose content hash is `hash`: in memory, or a stretch at a time into a
/// temporary file when it is long ([`extract::is_long`]), checking `stop` between stretches.
fn extract_article(
    extractor: &Extractor,
    article: &Article,
    hash: String,
    stop: &dyn Fn() -> bool,
) -> Extracted {
    if !extract::is_long(article) {
        let extraction = extract_guarded(extractor, article);
        return Extracted::Done(extraction.map(|found| {
            let indexed = Indexed::of(article, &found, hash);
            Box::new((found, indexed))
        }));
    }
    let mut spill = match Spill::new() {
        Ok(spill) => spill,
        Err(e) => return Extracted::Spilled(Err(Box::new(e))),
    };
    let (mut failed, mut stopped) = (None, false);
    let run = guarded(|| {
        extractor.extract_stretches(article, |found| {
            if stop() {
                stopped = true;
                return ControlFlow::Break(());
            }
            match spill.push(&found) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    failed = Some(e);
                    ControlFlow::Break(())
                }
            }
        })
    });
    match (run, failed) {
        (Err(bug), _) => Extracted::Done(Err(bug)),
        (Ok(()), Some(e)) => Extracted::Spilled(Err(Box::new(e))),
        (Ok(()), None) if stopped => Extracted::Stopped,
        (Ok(()), None) => Extracted::Spilled(Ok(spill)),
    }
}

/// The problem for an article the rules failed on: it is stored, without statements.
fn unextracted(article: &Article, bug: &str) -> Problem {
    let path = article.path.as_deref().unwrap_or("-");
    Problem::fatal(
        path,
        None,
        format!(
            "the extraction rules failed on this article (a bug in qawl: {bug}); it is stored \
             without statements — please report it; `qawl reextract` with a fixed qawl finds them"
        ),
    )
}

/// True when `e` is SQLite saying a statement was interrupted.
fn is_interrupt(e: &Error) -> bool {
    match e {
        Error::Interrupted => true,
        Error::Sqlite(e) => {
            e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted)
        }
        _ => false,
    }
}

/// Runs `qawl ingest PATH... [--format F]`; Ctrl-C stops it after the batch it is writing.
pub(super) fn run(
    ctx: &Context,
    paths: &[PathBuf],
    format: Option<Format>,
    jobs: Option<usize>,
) -> Result<ExitCode> {
    let started = Instant::now();
    let stop = progress::stop_on_ctrl_c();
    let ingest::Discovery {
        inputs,
        skipped,
        problems: found_problems,
    } = ingest::discover(paths, format);
    let mut store = ctx.open()?;
    let (sizes, total) = pipeline::sizes(&inputs);
    let mut writer = Writer::new(&mut store)?
        .stop_on(stop)
        .show(Progress::bytes(total));
    if !inputs.iter().any(ingest::Input::is_stdin) {
        writer = writer.grouped();
    }
    let mut reporter = Reporter::new();
    for p in &found_problems {
        reporter.report(&Report::Problem(p));
        writer.problem(p);
    }
    let jobs = jobs.unwrap_or_else(pipeline::default_jobs);
    let read = pipeline::read_into(&mut writer, &inputs, &sizes, jobs, |r| reporter.report(r))?;
    writer.finish()?;
    reporter.finish();
    let s = &writer.summary;
    if !skipped.is_empty() {
        say(&format!(
            "skipped {} file{} that are not articles qawl reads (another extension than .txt, .jsonl, .ndjson, .json or .csv — --format reads them — or a pipe or device)",
            skipped.len(),
            plural(skipped.len())
        ));
    }
    let inputs_read = if s.interrupted {
        format!("{read} of {} inputs read to the end", inputs.len())
    } else {
        format!("{} input{}", inputs.len(), plural(inputs.len()))
    };
    say(&format!(
        "{} ({inputs_read}, {:.2} s)",
        s.describe(),
        started.elapsed().as_secs_f64()
    ));
    if let Some(note) = s.after_stop() {
        say(&note);
    }
    Ok(if s.interrupted {
        ExitCode::from(progress::INTERRUPTED)
    } else if s.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The plural ending of an English count noun.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(i: usize) -> Article {
        Article {
            title: Some(format!("خبر {i}")),
            body: format!("قال المتحدث باسم المجلس المحلي إن الهدنة صامدة في اليوم {i}."),
            ..Article::default()
        }
    }

    #[test]
    fn a_writer_writes_batches_as_it_goes_and_the_rest_at_the_end() {
        let mut store = Store::open_in_memory().unwrap();
        let mut writer = Writer::new(&mut store).unwrap();
        for i in 0..BATCH + 5 {
            assert!(writer.push(article(i)).unwrap().is_continue());
        }
        // a batch is written when it is full (or a second old), not at the end
        assert!(writer.summary.new >= BATCH.min(writer.summary.articles) / 2);
        assert!(writer.pending.len() < BATCH);
        writer.finish().unwrap();
        assert_eq!(writer.summary.new, BATCH + 5);
        assert!(writer.summary.statements > 0);
        drop(writer);
        let rs = store.select("SELECT count(*) FROM articles", &[]).unwrap();
        assert_eq!(rs.rows[0][0], crate::output::Cell::Int(BATCH as i64 + 5));
    }

    #[test]
    fn a_raised_stop_flag_stops_the_writer_before_the_next_article_and_keeps_the_rest() {
        let stop = AtomicBool::new(false);
        let mut store = Store::open_in_memory().unwrap();
        let mut writer = Writer::new(&mut store).unwrap().stop_on(&stop);
        for i in 0..7 {
            assert!(writer.push(article(i)).unwrap().is_continue());
        }
        stop.store(true, Ordering::Relaxed);
        assert!(writer.push(article(7)).unwrap().is_break());
        writer.finish().unwrap();
        let s = &writer.summary;
        assert_eq!((s.articles, s.new, s.interrupted), (7, 7, true));
        assert!(
            s.describe()
                .starts_with("stopped by Ctrl-C: read 7 articles: 7 new")
        );
        assert_eq!(
            s.after_stop().unwrap(),
            "the 7 new articles read before Ctrl-C are stored; the rest was not read (the same \
             command again reads it: what is stored counts as duplicates)"
        );
    }

    /// A body of our own sentences longer than one stretch.
    fn long_article() -> Article {
        let paragraph = "نفى المتحدث باسم الجيش خالد الأيوبي صحة الأنباء عن انسحاب القوات.\n\n";
        Article {
            body: paragraph.repeat(crate::extract::CHUNK_BYTES / paragraph.len() + 2),
            ..Article::default()
        }
    }

    #[test]
    fn a_long_article_goes_through_a_temporary_file_and_stops_between_stretches() {
        let extractor = Extractor::default();
        let long = long_article();
        let whole = extractor.extract(&long).statements.len();
        match extract_article(&extractor, &long, long.content_hash(), &|| false) {
            Extracted::Spilled(Ok(spill)) => assert_eq!(spill.statements(), whole),
            _ => panic!("a long article is spilled"),
        }
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            asked.get() > 1
        };
        assert!(matches!(
            extract_article(&extractor, &long, long.content_hash(), &stop),
            Extracted::Stopped
        ));
        assert_eq!(
            asked.get(),
            2,
            "asked before each stretch is kept, not after the end"
        );

        let mut store = Store::open_in_memory().unwrap();
        let mut writer = Writer::new(&mut store).unwrap();
        assert!(writer.push(article(0)).unwrap().is_continue());
        assert!(writer.push(long_article()).unwrap().is_continue());
        writer.finish().unwrap();
        assert_eq!(writer.summary.new, 2);
        assert_eq!(writer.summary.statements, whole + 1);
        drop(writer);
        let rs = store
            .select(
                "SELECT article_id, count(*) FROM statements GROUP BY 1 ORDER BY 1",
                &[],
            )
            .unwrap();
        let count = |row: usize| rs.rows[row][1].clone();
        assert_eq!(
            count(0),
            crate::output::Cell::Int(1),
            "queued before, written first"
        );
        assert_eq!(count(1), crate::output::Cell::Int(whole as i64));
    }
}
