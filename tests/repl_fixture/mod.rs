//! A small knowledge base for the REPL and `qawl run` tests: two articles, three statements,
//! curated people and an organisation, written through the library so the tests do not depend
//! on how well extraction does.

// each test crate that includes this module uses only part of it
#![allow(dead_code)]

use chrono::NaiveDate;
use qawl::Store;
use qawl::model::{Article, EntityKind, EntityRef, Extraction, Statement, VerbClass};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temporary folder holding a store, a history file and whatever a test writes.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    /// A folder with the store already built.
    pub fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        build_store(&env.db());
        env
    }

    /// The store's path.
    pub fn db(&self) -> PathBuf {
        self.path("qawl.sqlite")
    }

    /// A path inside the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `qawl --db STORE args…` with a clean environment for colour and history.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qawl"));
        cmd.arg("--db").arg(self.db()).args(args);
        cmd.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("data"))
            .env("QAWL_HISTORY", self.path("history.txt"))
            .env("NO_COLOR", "1")
            .env_remove("QAWL_DB");
        cmd
    }

    /// Runs qawl with `stdin` as its input.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        self.run_with_bytes(args, stdin.as_bytes())
    }

    /// Runs qawl with raw bytes (UTF-8 or not) as its input.
    pub fn run_with_bytes(&self, args: &[&str], stdin: &[u8]) -> Output {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("qawl starts");
        let mut input = child.stdin.take().expect("a stdin pipe");
        input.write_all(stdin).expect("stdin takes the script");
        drop(input);
        child.wait_with_output().expect("qawl ends")
    }

    /// Runs qawl with no input.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, "")
    }
}

/// Stdout or stderr as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The exit code (-1 when killed by a signal).
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn person(name: &str, aliases: &[&str]) -> EntityRef {
    EntityRef {
        kind: EntityKind::Person,
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    }
}

/// A statement spanning the whole of `sentence` inside `body`.
fn statement(
    body: &str,
    sentence: &str,
    speaker: usize,
    verb: VerbClass,
    verb_text: &str,
) -> Statement {
    let start_byte = body.find(sentence).expect("the sentence is in the body");
    let start = body[..start_byte].chars().count();
    Statement {
        speaker: Some(speaker),
        surface: None,
        role: None,
        org: None,
        verb,
        verb_text: verb_text.into(),
        negated: false,
        content: sentence.into(),
        quote: None,
        said_on: None,
        date_explicit: false,
        start,
        end: start + sentence.chars().count(),
        in_headline: false,
        about: Vec::new(),
    }
}

fn first_article() -> (Article, Extraction) {
    let body = "نفى وائل علوان أن يكون الفصيل قد وافق على الخروج من البلدة. وقال علوان إن المفاوضات ما زالت مستمرة.";
    let article = Article {
        title: Some("علوان ينفي اتفاق الخروج".into()),
        published: date(2018, 3, 12),
        source: Some("وكالة المثال".into()),
        body: body.into(),
        path: Some("first.txt".into()),
        ..Article::default()
    };
    let mut denial = statement(
        body,
        "نفى وائل علوان أن يكون الفصيل قد وافق على الخروج من البلدة.",
        0,
        VerbClass::Denied,
        "نفى",
    );
    denial.said_on = date(2018, 3, 12);
    let mut said = statement(
        body,
        "وقال علوان إن المفاوضات ما زالت مستمرة.",
        0,
        VerbClass::Said,
        "قال",
    );
    said.said_on = date(2018, 3, 12);
    let extraction = Extraction {
        entities: vec![person("وائل علوان", &["علوان"])],
        mentions: Vec::new(),
        statements: vec![denial, said],
    };
    (article, extraction)
}

fn second_article() -> (Article, Extraction) {
    let body = "أكد حمزة بيرقدار أن الهدنة صامدة في المدينة.";
    let article = Article {
        title: Some("بيرقدار: الهدنة صامدة".into()),
        published: date(2018, 4, 2),
        source: Some("صحيفة المثال".into()),
        body: body.into(),
        path: Some("second.txt".into()),
        ..Article::default()
    };
    let mut confirmed = statement(body, body, 0, VerbClass::Confirmed, "أكد");
    confirmed.said_on = date(2018, 4, 2);
    let extraction = Extraction {
        entities: vec![person("حمزة بيرقدار", &["بيرقدار"])],
        mentions: Vec::new(),
        statements: vec![confirmed],
    };
    (article, extraction)
}

/// Writes the two articles and their statements into a new store at `path`.
pub fn build_store(path: &Path) {
    let mut store = Store::open(path).expect("a new store");
    store
        .add_entity(EntityKind::Person, "وائل علوان", &["علوان".into()])
        .expect("a curated person");
    store
        .add_entity(EntityKind::Org, "فيلق المثال", &[])
        .expect("a curated organisation");
    for (article, extraction) in [first_article(), second_article()] {
        store
            .insert_article(&article, &extraction, "test")
            .expect("the article is stored");
    }
}
