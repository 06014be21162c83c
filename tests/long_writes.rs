//! Long writes: an ingest of one big generated file and a re-extraction of a store, stopped by
//! Ctrl-C, waiting for another writer, keeping their transactions short, showing progress.

#[allow(dead_code)]
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use rusqlite::{Connection, OpenFlags};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A temporary folder with a generated JSON Lines file of `articles` articles in it.
struct Env {
    dir: tempfile::TempDir,
    articles: usize,
}

impl Env {
    fn new(articles: usize) -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("a temporary folder"),
            articles,
        };
        let corpus = corpus::Corpus::new(11);
        let mut lines = String::new();
        for article in corpus.articles(articles) {
            lines.push_str(&article.to_json());
            lines.push('\n');
        }
        std::fs::write(env.feed(), lines).expect("the feed is written");
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kb.sqlite")
    }

    fn feed(&self) -> PathBuf {
        self.dir.path().join("feed.jsonl")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qawl"));
        cmd.arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("QAWL_DB");
        cmd
    }

    /// Starts `qawl args…` with stdout and stderr piped.
    fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("qawl starts")
    }

    /// Runs `qawl args…` to the end: exit code and stderr.
    fn run(&self, args: &[&str]) -> (i32, String) {
        let out = self.command(args).output().expect("qawl runs");
        (exit_code(out.status), text(&out.stderr))
    }

    /// A number from the store, read as another process would, or None while there is none.
    fn count(&self, sql: &str) -> Option<i64> {
        let conn = Connection::open_with_flags(self.db(), OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
        conn.busy_timeout(Duration::from_secs(5)).ok()?;
        conn.query_row(sql, [], |r| r.get(0)).ok()
    }

    /// Waits until `sql` counts more than `n` (while `child` runs), for at most a minute.
    fn wait_for_more_than(&self, sql: &str, n: i64, child: &mut Child) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.count(sql).unwrap_or(0) <= n {
            assert!(child.try_wait().unwrap().is_none(), "qawl ended first");
            assert!(Instant::now() < deadline, "nothing was written in a minute");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn exit_code(status: std::process::ExitStatus) -> i32 {
    status.code().expect("an exit code, not a signal")
}

/// Sends SIGINT (what Ctrl-C sends) to `child`.
fn ctrl_c(child: &Child) {
    let sent = Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(sent.success());
}

/// Waits for `child` to end; its exit code, stderr, and how long the wait was.
fn finish(child: Child) -> (i32, String, Duration) {
    let started = Instant::now();
    let out = child.wait_with_output().expect("qawl ends");
    (exit_code(out.status), text(&out.stderr), started.elapsed())
}

/// The number after `prefix` in `text`: `number_after("read 7 articles", "read ")` is 7.
fn number_after(text: &str, prefix: &str) -> i64 {
    let at = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix:?} in {text}"));
    let digits: String = text[at + prefix.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after {prefix:?} in {text}"))
}

#[test]
fn ctrl_c_stops_an_ingest_inside_one_big_file_and_keeps_what_was_committed() {
    let env = Env::new(4000);
    let mut child = env.spawn(&["ingest", env.feed().to_str().unwrap()]);
    // some batches are committed, and the file is far from read
    env.wait_for_more_than("SELECT count(*) FROM articles", 0, &mut child);
    ctrl_c(&child);
    let (code, err, took) = finish(child);
    assert_eq!(code, 130, "{err}");
    assert!(
        took < Duration::from_secs(3),
        "{took:?} from Ctrl-C to the end"
    );
    assert!(err.starts_with("stopped by Ctrl-C: read "), "{err}");
    let new = number_after(&err, " articles: ");
    assert!(
        err.contains(&format!(
            "the {new} new articles read before Ctrl-C are stored"
        )),
        "{err}"
    );
    assert!(err.contains("0 of 1 inputs read to the end"), "{err}");
    let stored = env.count("SELECT count(*) FROM articles").unwrap();
    assert_eq!(stored, new);
    assert!(0 < stored && stored < env.articles as i64, "{stored}");
    // no progress bar when stderr is not a terminal
    assert!(!err.contains("ETA"), "{err}");
    let (code, err) = env.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    // the same command again reads the rest
    let (code, err) = env.run(&["ingest", env.feed().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let expected = format!(
        "read {} articles: {} new, {stored} duplicates",
        env.articles,
        env.articles as i64 - stored
    );
    assert!(err.starts_with(&expected), "{err}");
}

/// Holds the store's write lock from another connection, as another writer would.
fn hold_write_lock(db: &Path) -> Connection {
    let conn = Connection::open(db).expect("the store opens");
    conn.execute_batch("BEGIN IMMEDIATE")
        .expect("the write lock");
    conn
}

#[test]
fn a_writer_says_it_waits_for_a_held_write_lock_and_succeeds_when_it_is_released() {
    let env = Env::new(30);
    let (code, err) = env.run(&["entity", "add", "person", "ماهر الخطيب"]);
    assert_eq!(code, 0, "{err}");
    let lock = hold_write_lock(&env.db());
    let mut child = env.spawn(&["ingest", env.feed().to_str().unwrap()]);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let waiting = format!(
        "qawl: waiting for another qawl process writing to {} (up to 30 s)",
        env.db().display()
    );
    assert!(first.starts_with(&waiting), "{first}");
    assert!(child.try_wait().unwrap().is_none(), "it waits");
    lock.execute_batch("COMMIT").unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(exit_code(status), 0, "{rest}");
    assert!(rest.starts_with("read 30 articles: 30 new"), "{rest}");
    assert!(!rest.contains("waiting"), "said once: {rest}");
}

/// Writes to the store from another connection, again and again until `child` ends: the
/// longest wait for the write lock, and how many writes got in.
fn write_meanwhile(env: &Env, child: &mut Child) -> (Duration, usize) {
    let writer = Connection::open(env.db()).unwrap();
    writer.busy_timeout(Duration::from_secs(20)).unwrap();
    let mut longest = Duration::ZERO;
    let mut writes = 0;
    while child.try_wait().unwrap().is_none() {
        let started = Instant::now();
        writer
            .execute_batch(
                "BEGIN IMMEDIATE;
                 INSERT INTO meta (key, value) VALUES ('probe', 'x')
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value;
                 COMMIT;",
            )
            .expect("the other writer gets in");
        longest = longest.max(started.elapsed());
        writes += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    (longest, writes)
}

#[test]
fn an_ingest_commits_every_few_seconds_and_another_writer_gets_in_meanwhile() {
    let env = Env::new(3000);
    let (code, err) = env.run(&["entity", "add", "person", "ماهر الخطيب"]);
    assert_eq!(code, 0, "{err}");
    let started = Instant::now();
    let mut child = env.spawn(&["ingest", env.feed().to_str().unwrap()]);
    let (longest, writes) = write_meanwhile(&env, &mut child);
    let took = started.elapsed();
    let (code, err, _) = finish(child);
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("read 3000 articles: 3000 new"), "{err}");
    // the ingest's transactions last five seconds, and a batch a second more at most
    assert!(writes >= 2, "{writes} writes in {took:?}");
    assert!(
        longest < Duration::from_secs(8),
        "the other writer waited {longest:?} of {took:?}"
    );
    let (code, err) = env.run(&["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn reextract_writes_in_short_transactions_and_another_writer_gets_in_meanwhile() {
    let env = Env::new(1200);
    let (code, err) = env.run(&["ingest", env.feed().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let statements = env.count("SELECT count(*) FROM statements").unwrap();
    let mut child = env.spawn(&["reextract"]);
    // another writer, again and again while the re-extraction runs: it always gets in
    let (longest, writes) = write_meanwhile(&env, &mut child);
    let (code, err, _) = finish(child);
    assert_eq!(code, 0, "{err}");
    let transactions = number_after(&err, " s; ");
    assert!(transactions > 1, "{err}");
    assert!(writes >= 2, "{writes} writes");
    assert!(
        longest < Duration::from_secs(4),
        "the other writer waited {longest:?}: {err}"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM statements").unwrap(),
        statements
    );
    let (code, err) = env.run(&["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn ctrl_c_stops_a_reextract_after_the_batch_it_writes() {
    let env = Env::new(2500);
    let (code, err) = env.run(&["ingest", env.feed().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    // as if the rules had changed since
    let conn = Connection::open(env.db()).unwrap();
    conn.execute_batch("UPDATE statements SET extractor = 'old'")
        .unwrap();
    drop(conn);
    let mut child = env.spawn(&["reextract"]);
    let new = "SELECT count(*) FROM statements WHERE extractor != 'old'";
    env.wait_for_more_than(new, 0, &mut child);
    ctrl_c(&child);
    let (code, err, took) = finish(child);
    assert_eq!(code, 130, "{err}");
    assert!(
        took < Duration::from_secs(3),
        "{took:?} from Ctrl-C to the end"
    );
    assert!(err.starts_with("stopped by Ctrl-C: re-extracted "), "{err}");
    let done = number_after(&err, "re-extracted ");
    assert!(0 < done && done < 2500, "{err}");
    let articles_done =
        "SELECT count(DISTINCT article_id) FROM statements WHERE extractor != 'old'";
    assert!(env.count(articles_done).unwrap() <= done);
    assert!(
        env.count("SELECT count(*) FROM statements WHERE extractor = 'old'")
            .unwrap()
            > 0
    );
    let (code, err) = env.run(&["check"]);
    assert_eq!(code, 0, "{err}");
}

/// Ingests and the REPL on a terminal, driven through a pseudo-terminal.
#[cfg(unix)]
mod terminal {
    use super::*;
    use rexpect::reader::Options;
    use rexpect::session::{PtySession, spawn_with_options};

    fn start(env: &Env, args: &[&str]) -> PtySession {
        let mut cmd = env.command(args);
        cmd.env("TERM", "xterm")
            .env("NO_COLOR", "1")
            .env("HOME", env.dir.path())
            .env("XDG_DATA_HOME", env.dir.path().join("data"))
            .env("QAWL_HISTORY", env.dir.path().join("history.txt"));
        let options = Options::new()
            .timeout_ms(Some(60_000))
            .strip_ansi_escape_codes(true);
        spawn_with_options(cmd, options).expect("qawl starts in a terminal")
    }

    #[test]
    fn progress_on_a_terminal_counts_articles_and_bytes_with_a_rate_and_an_eta() {
        let env = Env::new(2000);
        let mut p = start(&env, &["ingest", env.feed().to_str().unwrap()]);
        let (_, shown) = p
            .exp_regex(r"[0-9,]+ articles [0-9,]+/s")
            .expect("articles and their rate");
        assert!(!shown.is_empty());
        p.exp_string("ETA").expect("an ETA");
        p.exp_regex(r"[0-9.]+ (B|KiB|MiB)/[0-9.]+ MiB")
            .expect("the bytes read of the bytes there are");
        p.exp_string("read 2000 articles: 2000 new")
            .expect("the summary");
        p.exp_eof().expect("the end");
    }

    #[test]
    fn ctrl_c_stops_a_repl_ingest_inside_one_big_file_and_the_session_goes_on() {
        let env = Env::new(4000);
        let (code, err) = env.run(&["entity", "add", "person", "ماهر الخطيب"]);
        assert_eq!(code, 0, "{err}");
        let mut p = start(&env, &["repl"]);
        p.exp_string("qawl> ").expect("the prompt");
        p.send(&format!(".ingest {}\r", env.feed().display()))
            .unwrap();
        p.flush().unwrap();
        // progress shows while it reads, then Ctrl-C
        p.exp_regex(r"[1-9][0-9,]* articles [0-9,]+/s")
            .expect("progress");
        p.send_control('c').unwrap();
        let (summary, _) = p
            .exp_regex(r"stored; the rest was not read")
            .expect("the summary says it stopped");
        assert!(summary.contains("stopped by Ctrl-C: read "), "{summary}");
        p.exp_string("qawl> ").expect("back at the prompt");
        p.send(".sql SELECT count(*) > 0 AND count(*) < 4000 AS some FROM articles\r")
            .unwrap();
        p.flush().unwrap();
        p.exp_string("some").expect("the header");
        p.exp_string("1").expect("some articles landed, not all");
        p.send_control('d').unwrap();
        p.exp_eof().expect("Ctrl-D leaves");
        let (code, err) = env.run(&["check"]);
        assert_eq!(code, 0, "{err}");
    }
}
