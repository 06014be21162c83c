//! Reading inputs into a [`Writer`]: on one thread, or with the extraction on `jobs` threads.
//!
//! With one job or more, one thread reads the inputs (a big file a part at a time), `jobs` threads
//! extract the articles (an article whose hash the store holds is not extracted), and the
//! calling thread — the only one that writes — takes them back in the order they were read, so
//! the store gets the same rows, ids included, whatever the number of jobs. What is read ahead
//! of the writer is bounded ([`AHEAD_ARTICLES`], [`AHEAD_BYTES`]), so memory stays bounded
//! whatever the size of the inputs. Problems and progress are reported from the writing thread,
//! in the order of the inputs; when the writer stops (Ctrl-C, an error), the other threads stop
//! at their next article and what they read ahead is dropped.

use super::ingest::{Extracted, Report, Writer, extract_unless_known};
use crate::error::Result;
use crate::ingest::{self, Input, Legacy, Problem};
use crate::model::Article;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Condvar, Mutex, PoisonError};

/// The most articles read but not yet taken by the writer.
const AHEAD_ARTICLES: usize = 4096;

/// The most article text (bytes of bodies) read but not yet taken by the writer; one article
/// larger than this is read alone.
const AHEAD_BYTES: usize = 16 * 1024 * 1024;

/// How many threads extract when `--jobs` does not say: one a core but the one the writer
/// needs (none on one core, where the writing thread extracts too). The writer is the slower
/// of the two at every size of store (SQLite's work), so an extracting thread more than the
/// cores left it only takes turns with it: on two cores, two extracting threads made an
/// ingest of 100,000 articles 15% slower than one.
pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(0, |n| n.get() - 1)
}

/// The sizes of `inputs` in bytes, and their sum when every one is known (not stdin).
pub(crate) fn sizes(inputs: &[Input]) -> (Vec<u64>, Option<u64>) {
    let sizes: Vec<u64> = inputs
        .iter()
        .map(|i| match i.is_stdin() {
            true => 0,
            false => std::fs::metadata(&i.path).map_or(0, |m| m.len()),
        })
        .collect();
    let known = !inputs.iter().any(Input::is_stdin);
    let total = known.then(|| sizes.iter().sum());
    (sizes, total)
}

/// Reads `inputs` into `writer` a part at a time, reporting each input's problems; stops
/// when the writer does (Ctrl-C). Returns how many inputs were read to the end. `sizes` are
/// the inputs' sizes in bytes, for the progress (0 when not known). With `jobs` of one or
/// more, `jobs` threads extract while this one writes; with none, this thread does it all.
pub(crate) fn read_into(
    writer: &mut Writer<'_>,
    inputs: &[Input],
    sizes: &[u64],
    jobs: usize,
    report: impl FnMut(&Report<'_>),
) -> Result<usize> {
    if jobs == 0 {
        read_in_turn(writer, inputs, sizes, report)
    } else {
        read_in_parallel(writer, inputs, sizes, jobs, report)
    }
}

/// What the reading gives the writer, in the order it is read.
enum Item {
    /// An input begins.
    Input(PathBuf),
    /// What a part of an input says besides its articles.
    Notes {
        encoding: Option<Legacy>,
        problems: Vec<Problem>,
    },
    /// An article that ends at `position` of the inputs; `extracted` is filled by a job.
    Article {
        article: Article,
        position: u64,
        extracted: Option<Extracted>,
    },
    /// The reading has reached `position` of the inputs.
    Reached(u64),
    /// The input begun last was read to its end.
    Done,
}

impl Item {
    /// What the item counts against [`AHEAD_BYTES`].
    fn bytes(&self) -> usize {
        match self {
            Item::Article { article, .. } => article.body.len(),
            Item::Notes { problems, .. } => problems.iter().map(|p| p.message.len()).sum(),
            _ => 0,
        }
    }
}

/// The bound on what is read ahead of the writer, and the way to stop the reading.
#[derive(Default)]
struct Gate {
    state: Mutex<Ahead>,
    left: Condvar,
}

#[derive(Default)]
struct Ahead {
    items: usize,
    bytes: usize,
    closed: bool,
}

impl Gate {
    /// Waits until `bytes` more may be read ahead; false once the gate is closed.
    fn enter(&self, bytes: usize) -> bool {
        let mut ahead = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while !ahead.closed
            && ahead.items > 0
            && (ahead.items >= AHEAD_ARTICLES || ahead.bytes + bytes > AHEAD_BYTES)
        {
            ahead = self
                .left
                .wait(ahead)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if ahead.closed {
            return false;
        }
        ahead.items += 1;
        ahead.bytes += bytes;
        true
    }

    /// The writer has taken an item of `bytes`.
    fn leave(&self, bytes: usize) {
        let mut ahead = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        ahead.items = ahead.items.saturating_sub(1);
        ahead.bytes = ahead.bytes.saturating_sub(bytes);
        self.left.notify_all();
    }

    /// Stops the reading and the extraction.
    fn close(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .closed = true;
        self.left.notify_all();
    }

    fn is_closed(&self) -> bool {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .closed
    }
}

/// Reads, extracts and writes on this thread, article after article.
fn read_in_turn(
    writer: &mut Writer<'_>,
    inputs: &[Input],
    sizes: &[u64],
    mut report: impl FnMut(&Report<'_>),
) -> Result<usize> {
    let mut base = 0;
    for (done, (input, &size)) in inputs.iter().zip(sizes).enumerate() {
        if writer.stopping() {
            writer.summary.interrupted = true;
            return Ok(done);
        }
        writer.reading(&input.path);
        let (mut start, mut failure, mut stopped) = (base, None, false);
        ingest::read_input_in_parts(input, |part| {
            let end = base + part.end;
            match writer.add_part(part.read, (start, end), &mut report) {
                Ok(ControlFlow::Continue(())) => {
                    start = end;
                    ControlFlow::Continue(())
                }
                Ok(ControlFlow::Break(())) => {
                    stopped = true;
                    ControlFlow::Break(())
                }
                Err(e) => {
                    failure = Some(e);
                    ControlFlow::Break(())
                }
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        if stopped {
            return Ok(done);
        }
        base = start.max(base + size);
    }
    Ok(inputs.len())
}

/// Reads on one thread, extracts on `jobs`, and writes on this one in the order read.
fn read_in_parallel(
    writer: &mut Writer<'_>,
    inputs: &[Input],
    sizes: &[u64],
    jobs: usize,
    report: impl FnMut(&Report<'_>),
) -> Result<usize> {
    let gate = Gate::default();
    let (to_jobs, work) = channel();
    let (to_writer, ready) = channel();
    let work = Mutex::new(work);
    let extractor = writer.extractor();
    let views: Vec<_> = (0..jobs).map(|_| writer.known()).collect();
    let flag = writer.stop_flag();
    let stop = || gate.is_closed() || flag.is_some_and(|f| f.load(Ordering::Relaxed));
    std::thread::scope(|scope| {
        for known in views {
            let (work, to_writer, gate, extractor) = (&work, to_writer.clone(), &gate, &extractor);
            let stop = &stop;
            scope.spawn(move || {
                loop {
                    let job = work.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok((seq, mut item)) = job else { return };
                    if gate.is_closed() {
                        return;
                    }
                    if let Item::Article {
                        article, extracted, ..
                    } = &mut item
                    {
                        let known = known.as_ref();
                        *extracted = Some(extract_unless_known(extractor, known, article, stop));
                    }
                    if to_writer.send((seq, item)).is_err() {
                        return;
                    }
                }
            });
        }
        let reader_gate = &gate;
        let to_writer_from_reader = to_writer.clone();
        scope.spawn(move || read_all(inputs, sizes, &to_jobs, &to_writer_from_reader, reader_gate));
        // the writer's loop ends when the reader and every job have gone
        drop(to_writer);
        let written = write_in_order(writer, ready, &gate, report);
        gate.close();
        written
    })
}

/// Reads `inputs` a part at a time: articles go to the jobs, the rest to the writer, each
/// numbered in the order read; stops when the gate closes.
fn read_all(
    inputs: &[Input],
    sizes: &[u64],
    to_jobs: &Sender<(u64, Item)>,
    to_writer: &Sender<(u64, Item)>,
    gate: &Gate,
) {
    let mut seq = 0;
    let mut send = |item: Item| {
        if !gate.enter(item.bytes()) {
            return false;
        }
        let to = match item {
            Item::Article { .. } => to_jobs,
            _ => to_writer,
        };
        let sent = to.send((seq, item)).is_ok();
        seq += 1;
        sent
    };
    let mut base = 0;
    for (input, &size) in inputs.iter().zip(sizes) {
        if !send(Item::Input(input.path.clone())) {
            return;
        }
        let (mut start, mut going) = (base, true);
        ingest::read_input_in_parts(input, |part| {
            let end = base + part.end;
            let read = part.read;
            if read.encoding.is_some() || !read.problems.is_empty() {
                going = send(Item::Notes {
                    encoding: read.encoding,
                    problems: read.problems,
                });
            }
            let n = read.articles.len() as u64;
            for (i, article) in read.articles.into_iter().enumerate() {
                if !going {
                    break;
                }
                let position = start + (end.saturating_sub(start)) * (i as u64 + 1) / n;
                going = send(Item::Article {
                    article,
                    position,
                    extracted: None,
                });
            }
            going = going && send(Item::Reached(end));
            start = end;
            if going {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            }
        });
        if !going || !send(Item::Done) {
            return;
        }
        base = start.max(base + size);
    }
}

/// Takes the items from `ready` in the order they were read and gives them to the writer;
/// returns how many inputs were read to the end.
fn write_in_order(
    writer: &mut Writer<'_>,
    ready: Receiver<(u64, Item)>,
    gate: &Gate,
    mut report: impl FnMut(&Report<'_>),
) -> Result<usize> {
    let mut waiting = BTreeMap::new();
    let (mut next, mut inputs_read) = (0, 0);
    for (seq, item) in ready {
        waiting.insert(seq, item);
        while let Some(item) = waiting.remove(&next) {
            next += 1;
            gate.leave(item.bytes());
            match item {
                Item::Input(_) if writer.stopping() => {
                    writer.summary.interrupted = true;
                    return Ok(inputs_read);
                }
                Item::Input(path) => writer.reading(&path),
                Item::Notes { encoding, problems } => {
                    writer.notes(encoding.as_ref(), &problems, &mut report)
                }
                Item::Article {
                    article,
                    position,
                    extracted,
                } => {
                    let extracted = extracted.unwrap_or(Extracted::Known);
                    if writer
                        .take(article, Some(extracted), position, &mut report)?
                        .is_break()
                    {
                        return Ok(inputs_read);
                    }
                }
                Item::Reached(position) => writer.reached(position),
                Item::Done => inputs_read += 1,
            }
        }
    }
    Ok(inputs_read)
}
