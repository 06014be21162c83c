//! qawl writes only into its own stores: every command, pointed at another application's
//! SQLite file, a 0-byte file, a damaged store or a mistyped path, refuses with the file and
//! the reason, and leaves every byte (and the folder around it) as it was.

use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// One article in the plain-text format, written for these tests.
const ARTICLE: &str = "الأمم المتحدة تحذر من نقص الغذاء في حلب
● أخبار سورية ٥ آذار ٢٠٢٠

حذر المتحدث باسم مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية ديفيد سوانسون من نفاد مخزون الطحين في المدينة.

المصدر: وكالة الأنباء الكاتب: فريق التحرير
";

/// A temporary folder holding the inputs the commands need; HOME and the data directory point
/// inside it, so no command touches the user's own store or history.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("a temp dir"),
        };
        std::fs::create_dir(env.path("inputs")).unwrap();
        std::fs::write(env.path("inputs/article.txt"), ARTICLE).unwrap();
        std::fs::write(env.path("inputs/report.qawl"), "statements\n").unwrap();
        std::fs::write(
            env.path("inputs/entities.csv"),
            "kind,name,aliases\nperson,وائل علوان,علوان\n",
        )
        .unwrap();
        env
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn input(&self, name: &str) -> String {
        self.path("inputs").join(name).display().to_string()
    }

    /// Runs `qawl --db DB ARGS…` with `stdin` piped in.
    fn qawl(&self, db: &Path, args: &[String], stdin: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_qawl"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("QAWL_DB")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.path("data"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("qawl runs");
        // a refusing qawl exits before it reads its input: a closed pipe is no failure here
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        child.wait_with_output().expect("qawl ends")
    }

    /// Every command qawl has that opens a store, with the stdin it gets.
    fn commands(&self) -> Vec<Cmd> {
        let cmd = |args: &[&str], stdin: &'static str, adds: bool| Cmd {
            args: args.iter().map(|a| a.to_string()).collect(),
            stdin,
            adds,
        };
        vec![
            cmd(&["stats"], "", false),
            cmd(&["check"], "", false),
            cmd(&["query", "statements"], "", false),
            cmd(&["run", &self.input("report.qawl")], "", false),
            cmd(&["sql", "SELECT count(*) FROM sqlite_master"], "", false),
            cmd(&["repl"], "statements\n.tables\n", false),
            cmd(&["ingest", &self.input("article.txt")], "", true),
            cmd(&["ingest", "-"], ARTICLE, true),
            cmd(&["entity", "list"], "", false),
            cmd(
                &["entity", "add", "person", "وائل علوان", "--alias", "علوان"],
                "",
                true,
            ),
            cmd(&["entity", "alias", "علوان", "أبو عبد الرحمن"], "", false),
            cmd(&["entity", "merge", "علوان", "وائل علوان"], "", false),
            cmd(&["entity", "merge", "-n", "علوان", "وائل علوان"], "", false),
            cmd(&["entity", "unalias", "علوان", "أبو عبد الرحمن"], "", false),
            cmd(&["entity", "rename", "علوان", "وائل العلوان"], "", false),
            cmd(&["entity", "delete", "علوان"], "", false),
            cmd(&["entity", "show", "علوان"], "", false),
            cmd(&["entity", "export"], "", false),
            cmd(&["entity", "undo"], "", false),
            cmd(&["entity", "journal"], "", false),
            cmd(&["entity", "import", &self.input("entities.csv")], "", true),
            cmd(&["reextract"], "", false),
        ]
    }
}

/// One command line after `--db PATH`.
struct Cmd {
    args: Vec<String>,
    stdin: &'static str,
    /// True for the commands that add to a store, which may make one where nothing is yet.
    adds: bool,
}

impl Cmd {
    fn shown(&self) -> String {
        self.args.join(" ")
    }
}

/// A file at `path` as it was: its bytes, and the files of its folder.
struct Snapshot {
    bytes: Vec<u8>,
    folder: Vec<PathBuf>,
}

impl Snapshot {
    fn take(path: &Path) -> Snapshot {
        Snapshot {
            bytes: std::fs::read(path).unwrap(),
            folder: folder(path),
        }
    }

    /// Asserts that the file and its folder are as they were: the same bytes (so the same
    /// journal-mode bytes 18 and 19 of the header), and no -wal, -shm or -journal beside it.
    fn assert_unchanged(&self, path: &Path, what: &str) {
        let now = std::fs::read(path).unwrap();
        assert_eq!(
            now.get(18..20),
            self.bytes.get(18..20),
            "{what}: the journal mode bytes of the header changed"
        );
        assert!(now == self.bytes, "{what}: the bytes of the file changed");
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            assert!(!Path::new(&side).exists(), "{what}: left a {suffix} file");
        }
        assert_eq!(folder(path), self.folder, "{what}: the folder changed");
    }
}

/// The files beside `path`, sorted.
fn folder(path: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts that a command failed with exit code 1, naming `path` and saying each of `says`.
fn assert_refused(out: &Output, path: &Path, says: &[&str], what: &str) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: {err}");
    assert!(
        err.contains(&path.display().to_string()),
        "{what}: the message does not name the file: {err}"
    );
    for said in says {
        assert!(err.contains(said), "{what}: no {said:?} in: {err}");
    }
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        out.stdout.is_empty(),
        "{what}: printed {}",
        text(&out.stdout)
    );
}

/// A file another program made, and what qawl's refusal must say about it.
struct Foreign {
    name: &'static str,
    make: fn(&Path),
    says: &'static [&'static str],
}

fn sqlite(path: &Path, sql: &str) {
    Connection::open(path).unwrap().execute_batch(sql).unwrap();
}

const FOREIGN: &[Foreign] = &[
    Foreign {
        name: "bookmarks.sqlite",
        make: |p| {
            sqlite(
                p,
                "CREATE TABLE places (id INTEGER PRIMARY KEY, url TEXT);
                 INSERT INTO places VALUES (1, 'https://example.org');",
            )
        },
        says: &["is not a qawl store", "another application", "places"],
    },
    Foreign {
        name: "notes-with-meta.db",
        make: |p| {
            sqlite(
                p,
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO meta VALUES ('text_version', '3'), ('owner', 'notes');
                 CREATE TABLE notes (body TEXT);
                 INSERT INTO notes VALUES ('buy bread');
                 PRAGMA user_version = 1;",
            )
        },
        says: &[
            "is not a qawl store",
            "user_version is 1",
            "lacks qawl's tables articles",
        ],
    },
    Foreign {
        name: "notes.db",
        make: |p| {
            sqlite(
                p,
                "CREATE TABLE notes (body TEXT);
                 INSERT INTO notes VALUES ('buy bread');
                 PRAGMA user_version = 1;",
            )
        },
        says: &[
            "is not a qawl store",
            "user_version is 1",
            "lacks qawl's tables articles",
        ],
    },
    Foreign {
        name: "minus-one.db",
        make: |p| sqlite(p, "CREATE TABLE t (x); PRAGMA user_version = -1;"),
        says: &["is not a qawl store", "user_version is -1"],
    },
    Foreign {
        name: "jobs-v7.db",
        make: |p| {
            sqlite(
                p,
                "CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT);
                 INSERT INTO jobs VALUES (1, 'done');
                 PRAGMA user_version = 7;",
            )
        },
        says: &["is not a qawl store", "user_version is 7", "lacks the mark"],
    },
    Foreign {
        name: "wal-mode.db",
        make: |p| {
            let conn = Connection::open(p).unwrap();
            let mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "wal");
            conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
                .unwrap();
        },
        says: &["is not a qawl store", "another application"],
    },
    Foreign {
        name: "app-id.db",
        make: |p| sqlite(p, "PRAGMA application_id = 1179602516; CREATE TABLE t (x);"),
        says: &["is not a qawl store", "application id is 0x464F4E54"],
    },
    Foreign {
        name: "notes.txt",
        make: |p| std::fs::write(p, "not a database, only notes\n").unwrap(),
        says: &["is not a qawl store", "not an SQLite database"],
    },
];

#[test]
fn every_command_leaves_another_applications_file_byte_for_byte() {
    let env = Env::new();
    let commands = env.commands();
    let mut cases = 0;
    for foreign in FOREIGN {
        let path = env.path(foreign.name);
        (foreign.make)(&path);
        let before = Snapshot::take(&path);
        if foreign.name == "wal-mode.db" {
            assert_eq!(&before.bytes[18..20], &[2, 2], "the file is in WAL mode");
        }
        for cmd in &commands {
            let what = format!("{} on {}", cmd.shown(), foreign.name);
            let out = env.qawl(&path, &cmd.args, cmd.stdin);
            assert_refused(&out, &path, foreign.says, &what);
            assert!(!text(&out.stderr).contains("newer"), "{what}");
            before.assert_unchanged(&path, &what);
            cases += 1;
        }
    }
    assert_eq!(cases, FOREIGN.len() * commands.len());
    assert_eq!(cases, 176);
}

/// The files where a store may be made, and what a command that only reads says of them.
const EMPTY: &[Foreign] = &[
    Foreign {
        name: "zero-bytes",
        make: |p| std::fs::write(p, b"").unwrap(),
        says: &["an empty file (0 bytes)", "not a qawl store yet"],
    },
    Foreign {
        name: "no-tables",
        make: |p| sqlite(p, "CREATE TABLE t (x); DROP TABLE t;"),
        says: &[
            "an empty SQLite database (no tables)",
            "not a qawl store yet",
        ],
    },
];

#[test]
fn an_empty_file_becomes_a_store_only_on_a_command_that_adds_to_it() {
    let env = Env::new();
    let mut refused = 0;
    for empty in EMPTY {
        for (i, cmd) in env.commands().into_iter().enumerate() {
            let path = env.path(&format!("{}-{i}.sqlite", empty.name));
            (empty.make)(&path);
            let what = format!("{} on {}", cmd.shown(), empty.name);
            let before = Snapshot::take(&path);
            let out = env.qawl(&path, &cmd.args, cmd.stdin);
            if cmd.adds {
                assert_eq!(out.status.code(), Some(0), "{what}: {}", text(&out.stderr));
                let stats = env.qawl(&path, &["stats".into()], "");
                assert_eq!(stats.status.code(), Some(0), "{what}");
                assert!(text(&stats.stdout).contains("schema version"), "{what}");
            } else {
                assert_refused(&out, &path, empty.says, &what);
                before.assert_unchanged(&path, &what);
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 36);
}

#[test]
fn a_mistyped_path_is_made_a_store_only_by_a_command_that_adds_to_it() {
    let env = Env::new();
    let typo = env.path("no-such-folder/kb.sqlte");
    for cmd in env.commands().into_iter().filter(|c| !c.adds) {
        let what = format!("{} on a missing path", cmd.shown());
        let out = env.qawl(&typo, &cmd.args, cmd.stdin);
        assert_refused(&out, &typo, &["no store at"], &what);
        assert!(!typo.parent().unwrap().exists(), "{what}: made the folder");
    }
}

/// A store with the bundled example articles in it, as qawl left it (no -wal beside it).
fn example_store(env: &Env) -> PathBuf {
    let path = env.path("kb.sqlite");
    let out = env.qawl(&path, &["ingest".into(), "examples/articles".into()], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!env.path("kb.sqlite-wal").exists());
    path
}

#[test]
fn a_truncated_store_is_called_damaged_not_foreign() {
    let env = Env::new();
    let path = example_store(&env);
    let whole = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(whole.len() > 8 * page, "a store of several pages");
    for cut in [whole.len() / page / 2 * page, whole.len() / 2 + 17, 60] {
        std::fs::write(&path, &whole[..cut]).unwrap();
        let before = Snapshot::take(&path);
        for cmd in env.commands() {
            let what = format!("{} on a store cut to {cut} bytes", cmd.shown());
            let out = env.qawl(&path, &cmd.args, cmd.stdin);
            assert_refused(
                &out,
                &path,
                &["is damaged", "cut short", "restore it from a backup"],
                &what,
            );
            assert!(!text(&out.stderr).contains("not a qawl store"), "{what}");
            before.assert_unchanged(&path, &what);
        }
    }
}

#[test]
fn version_7_is_a_newer_qawl_only_when_qawl_marked_the_file() {
    let env = Env::new();
    let path = example_store(&env);
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 7")
        .unwrap();
    let before = Snapshot::take(&path);
    let out = env.qawl(&path, &["stats".into()], "");
    assert_refused(&out, &path, &["schema version 7", "newer qawl"], "stats");
    before.assert_unchanged(&path, "stats on a newer store");
    // the same version number from another tool (see FOREIGN: jobs-v7.db) is not "newer"
    let other = env.path("jobs.db");
    sqlite(&other, "CREATE TABLE jobs (id); PRAGMA user_version = 7;");
    let out = env.qawl(&other, &["stats".into()], "");
    assert_refused(&out, &other, &["is not a qawl store"], "stats");
    assert!(
        !text(&out.stderr).contains("newer"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_older_store_without_the_mark_is_still_opened_and_gets_the_mark() {
    let env = Env::new();
    let path = env.path("old.sqlite");
    sqlite(
        &path,
        &format!("{} PRAGMA user_version = 1;", include_str!("../schema.sql")),
    );
    let out = env.qawl(&path, &["stats".into()], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let id: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, qawl::store::APPLICATION_ID);
    let out = env.qawl(&path, &["ingest".into(), env.input("article.txt")], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
