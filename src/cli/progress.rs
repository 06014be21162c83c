//! What long commands (`ingest`, `.ingest`, `reextract`) show while they run, and how Ctrl-C
//! stops them.
//!
//! On a terminal, a bar of the bytes read (or the articles done) with the articles counted, a
//! rate and an ETA; nothing when stderr is piped. Ctrl-C raises a flag that the writers look
//! at before each article: they write what they have read and stop, and the command says so.
//! A second Ctrl-C ends the process at once (SQLite rolls back the transaction it was in).

use indicatif::{HumanCount, ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Raised by Ctrl-C while a command of this process runs (see [`stop_on_ctrl_c`]).
static CTRL_C: AtomicBool = AtomicBool::new(false);

/// The exit code of a command that Ctrl-C stopped: 128 + SIGINT, as shells report it.
pub(crate) const INTERRUPTED: u8 = 130;

/// Makes Ctrl-C ask this command to stop at the next article, and a second Ctrl-C end the
/// process; returns the flag the first one raises.
pub(crate) fn stop_on_ctrl_c() -> &'static AtomicBool {
    let handler = || {
        if CTRL_C.swap(true, Ordering::SeqCst) {
            eprintln!(
                "\nqawl: stopped at once: what was stored before stays, the batch in hand is lost"
            );
            std::process::exit(i32::from(INTERRUPTED));
        }
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        eprintln!("qawl: Ctrl-C will end qawl at once, not after the batch it writes: {e}");
    }
    &CTRL_C
}

/// Prints, on stderr and once per store, that a writer waits for another process: what
/// [`crate::store::on_wait`] is given.
pub(crate) fn say_waiting(path: &Path) {
    if super::report::quiet() {
        return;
    }
    eprintln!(
        "qawl: waiting for another qawl process writing to {} (up to {} s)…",
        path.display(),
        crate::store::BUSY_TIMEOUT_SECS
    );
}

/// A progress display: a bar on a terminal, nothing otherwise.
pub(crate) struct Progress {
    bar: ProgressBar,
    /// Articles counted so far, and when the count began.
    articles: u64,
    started: Instant,
    /// When the counts were last written, to write them at most every [`REDRAW`].
    drawn: Option<Instant>,
    /// True when the bar's position is the count of articles.
    rate_only: bool,
}

/// How often the counts under a bar are written again.
const REDRAW: Duration = Duration::from_millis(100);

impl Progress {
    /// No display.
    pub fn hidden() -> Progress {
        Progress::with(ProgressBar::hidden())
    }

    /// A bar over `total` bytes of input (a spinner when the total is not known, as for
    /// stdin), with the articles read, their rate, the bytes' rate and an ETA.
    pub fn bytes(total: Option<u64>) -> Progress {
        if !std::io::stderr().is_terminal() || super::report::quiet() {
            return Progress::hidden();
        }
        let (bar, template) = match total {
            Some(total) => (
                ProgressBar::new(total),
                "{bar:12} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} · {prefix} {wide_msg}",
            ),
            None => (
                ProgressBar::no_length(),
                "{spinner} {bytes} {binary_bytes_per_sec} · {prefix} {wide_msg}",
            ),
        };
        Progress::styled(bar, template)
    }

    /// A bar over `total` articles, with their rate and an ETA.
    pub fn articles(total: u64) -> Progress {
        if !std::io::stderr().is_terminal() || super::report::quiet() {
            return Progress::hidden();
        }
        Progress::styled(
            ProgressBar::new(total),
            "{bar:12} {human_pos}/{human_len} articles {prefix} ETA {eta}",
        )
        .rate_only()
    }

    fn styled(bar: ProgressBar, template: &str) -> Progress {
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress::with(bar)
    }

    fn with(bar: ProgressBar) -> Progress {
        Progress {
            bar,
            articles: 0,
            started: Instant::now(),
            drawn: None,
            rate_only: false,
        }
    }

    /// Shows the articles' rate only (the bar counts them already).
    fn rate_only(mut self) -> Progress {
        self.rate_only = true;
        self
    }

    /// Names the input being read.
    pub fn input(&mut self, name: &Path) {
        self.bar.set_message(name.display().to_string());
    }

    /// Moves the bar to `position` (bytes or articles) and counts one more article.
    pub fn article(&mut self, position: u64) {
        self.articles += 1;
        self.bar.set_position(position);
        self.redraw();
    }

    /// Moves the bar to `position` without counting an article.
    pub fn set_position(&mut self, position: u64) {
        self.bar.set_position(position);
    }

    /// Writes the counts under the bar, at most every [`REDRAW`].
    fn redraw(&mut self) {
        if self.bar.is_hidden() || self.drawn.is_some_and(|t| t.elapsed() < REDRAW) {
            return;
        }
        self.drawn = Some(Instant::now());
        let seconds = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = (self.articles as f64 / seconds).round() as u64;
        self.bar.set_prefix(if self.rate_only {
            format!("{}/s", HumanCount(rate))
        } else {
            let s = if self.articles == 1 { "" } else { "s" };
            format!(
                "{} article{s} {}/s",
                HumanCount(self.articles),
                HumanCount(rate)
            )
        });
    }

    /// Runs `f` (which prints a line) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Takes the bar off the screen.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
