//! The `qawl` binary: exit codes, ingest reports, read-only SQL, output files.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

mod skip;

/// One article in the plain-text format, written for these tests.
const ARTICLE: &str = "الأمم المتحدة تحذر من نقص الغذاء في حلب
● أخبار سورية ٥ آذار ٢٠٢٠

حذر المتحدث باسم مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية ديفيد سوانسون من نفاد مخزون الطحين في المدينة.

المصدر: وكالة الأنباء الكاتب: فريق التحرير
مشاركة:
";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A temporary folder with an empty store in it.
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("a temp dir"),
        };
        drop(qawl::Store::open(&env.db()).expect("a new store"));
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kb.sqlite")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn qawl(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_qawl"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("QAWL_DB")
            .output()
            .expect("qawl runs")
    }
}

/// Runs qawl with `args` (no `--db` added) and `input` piped to its stdin.
fn piped(args: &[&std::ffi::OsStr], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .args(args)
        .env_remove("QAWL_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qawl runs");
    child
        .stdin
        .take()
        .expect("a stdin")
        .write_all(input.as_bytes())
        .expect("the input is written");
    child.wait_with_output().expect("qawl ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

#[test]
fn ingesting_the_same_article_twice_adds_nothing() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let a = env.path("a.txt");
    let first = env.qawl(&["ingest", a.to_str().unwrap()]);
    assert_eq!(code(&first), 0, "{}", text(&first.stderr));
    assert!(
        text(&first.stderr).contains("1 new"),
        "{}",
        text(&first.stderr)
    );
    let second = env.qawl(&["ingest", a.to_str().unwrap()]);
    assert_eq!(code(&second), 0);
    assert!(
        text(&second.stderr).contains("0 new, 1 duplicate"),
        "{}",
        text(&second.stderr)
    );
    let count = env.qawl(&[
        "sql",
        "SELECT count(*) AS n FROM articles",
        "--format",
        "csv",
    ]);
    assert_eq!(text(&count.stdout), "n\r\n1\r\n");
}

#[test]
fn a_folder_with_bad_files_lands_the_good_ones_and_names_each_problem() {
    let env = Env::new();
    let folder = env.path("in");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::write(folder.join("good.txt"), ARTICLE).unwrap();
    std::fs::write(folder.join("empty.txt"), "").unwrap();
    std::fs::write(
        folder.join("sub/binary.txt"),
        [0x00, 0xff, 0xfe, 0x41, 0x00],
    )
    .unwrap();
    std::fs::write(
        folder.join("feed.jsonl"),
        "{\"title\": \"خبر أول\", \"body\": \"قال الناطق إن الهدنة صامدة.\", \"date\": \"2021-04-02\"}\n\
         {\"title\": \"خبر مكسور\", \"body\": \n\
         {\"title\": \"خبر ثالث\", \"body\": \"نفت الوزارة وقوع إصابات.\", \"date\": \"2021-04-03\"}\n",
    )
    .unwrap();
    let out = env.qawl(&["ingest", folder.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert_eq!(code(&out), 1, "{err}");
    assert!(err.contains("empty.txt"), "{err}");
    assert!(err.contains("binary.txt"), "{err}");
    assert!(err.contains("feed.jsonl:2"), "{err}");
    let count = env.qawl(&[
        "sql",
        "SELECT count(*) AS n FROM articles",
        "--format",
        "csv",
    ]);
    assert_eq!(text(&count.stdout), "n\r\n3\r\n", "{}", text(&count.stderr));
}

#[test]
fn seed_article_fields_land_without_trailer_or_boilerplate() {
    let Some(seed) = skip::seed_file(
        "article-2018-03-12.txt",
        "seed_article_fields_land_without_trailer_or_boilerplate",
    ) else {
        return;
    };
    let env = Env::new();
    let out = env.qawl(&["ingest", seed.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let json = env.qawl(&[
        "sql",
        "SELECT title, published, section, source, author, body FROM articles",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let row = &rows[0];
    assert_eq!(row["published"], "2018-03-12");
    assert_eq!(row["section"], "أخبار سورية");
    assert_eq!(row["source"], "شبكة شام");
    assert_eq!(row["author"], "فريق التحرير");
    assert!(
        row["title"]
            .as_str()
            .unwrap()
            .starts_with("فيلق الرحمن وجيش الإسلام")
    );
    let body = row["body"].as_str().unwrap();
    assert!(body.starts_with("نفى"), "{body}");
    assert!(
        !body.contains("المصدر:") && !body.contains("مشاركة"),
        "{body}"
    );
    let again = env.qawl(&["ingest", seed.to_str().unwrap()]);
    assert!(text(&again.stderr).contains("0 new, 1 duplicate"));
}

#[test]
fn sql_refuses_statements_that_write() {
    let env = Env::new();
    let out = env.qawl(&["sql", "DELETE FROM articles"]);
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stderr).contains("read-only"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_store_from_a_newer_qawl_is_refused_and_left_untouched() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.execute_batch("PRAGMA user_version = 999").unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let out = env.qawl(&["stats"]);
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stderr).contains("newer qawl"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn a_read_command_on_a_mistyped_store_fails_without_creating_it() {
    let env = Env::new();
    let typo = env.path("kb.sqlte");
    let out = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .arg("--db")
        .arg(&typo)
        .args(["query", "statements"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stderr).contains("no store at"),
        "{}",
        text(&out.stderr)
    );
    assert!(!typo.exists());
    let memory = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .args(["--db", ":memory:", "stats"])
        .output()
        .unwrap();
    assert_eq!(code(&memory), 1, "{}", text(&memory.stderr));
}

#[test]
fn another_applications_database_is_refused_and_left_untouched() {
    let env = Env::new();
    let foreign = env.path("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE foo (x); INSERT INTO foo VALUES (1);")
        .unwrap();
    let before = std::fs::read(&foreign).unwrap();
    for args in [&["stats"][..], &["ingest", "-"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_qawl"))
            .arg("--db")
            .arg(&foreign)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(code(&out), 1);
        assert!(
            text(&out.stderr).contains("another application"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
}

#[test]
fn ingest_waits_for_another_writer_instead_of_failing() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock', 'held');")
        .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .arg("--db")
        .arg(env.db())
        .args(["ingest", env.path("a.txt").to_str().unwrap()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    conn.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 new"), "{}", text(&out.stderr));
}

#[test]
fn misuse_of_the_command_line_exits_2() {
    let env = Env::new();
    assert_eq!(code(&env.qawl(&["--no-such-flag"])), 2);
    assert_eq!(code(&env.qawl(&["sql", "SELECT 1", "--format", "xml"])), 2);
}

#[test]
fn csv_to_a_file_has_a_bom_only_when_asked() {
    let env = Env::new();
    let plain = env.path("plain.csv");
    let bom = env.path("bom.csv");
    let sql = "SELECT 'وائل علوان' AS speaker, 'نفى' AS verb";
    let a = env.qawl(&["sql", sql, "--format", "csv", "-o", plain.to_str().unwrap()]);
    let b = env.qawl(&[
        "sql",
        sql,
        "--format",
        "csv",
        "--bom",
        "-o",
        bom.to_str().unwrap(),
    ]);
    assert_eq!((code(&a), code(&b)), (0, 0));
    let plain = std::fs::read(plain).unwrap();
    let bom = std::fs::read(bom).unwrap();
    assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
    assert!(bom.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(&bom[3..], plain.as_slice());
    let mut reader = csv::Reader::from_reader(plain.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[0], "وائل علوان");
}

#[test]
fn a_closed_pipe_ends_quietly_with_0() {
    let env = Env::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .arg("--db")
        .arg(env.db())
        .args([
            "sql",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000) SELECT i FROM n",
            "--format",
            "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn ingest_reads_stdin_with_a_dash() {
    let env = Env::new();
    let db = env.db();
    let out = piped(
        &[
            "--db".as_ref(),
            db.as_os_str(),
            "ingest".as_ref(),
            "-".as_ref(),
        ],
        ARTICLE,
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 new"));
}

#[test]
fn demo_without_a_terminal_runs_the_bundled_queries() {
    let env = Env::new();
    let out = env.qawl(&["demo"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("-- denials"), "{stdout}");
    assert!(
        stdout.contains("denied") || stdout.contains("┆"),
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("statements extracted"));
}

#[test]
fn a_bad_query_shows_a_caret_and_exits_1() {
    let env = Env::new();
    let out = env.qawl(&["query", "statements where speker = \"علوان\""]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("unknown field `speker`"), "{err}");
    assert!(err.contains("did you mean speaker?"), "{err}");
    assert!(err.contains("^^^^^^"), "{err}");
}

/// A folder of `n` articles whose date line cannot be read, and one file that is not text.
fn undated_articles(env: &Env, n: usize) -> PathBuf {
    let folder = env.path("archive");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..n {
        std::fs::write(
            folder.join(format!("{i:03}.txt")),
            format!("خبر رقم {i}\n● العراق {i}\n\nقال المتحدث باسم الشرطة إن الوضع هادئ.\n"),
        )
        .unwrap();
    }
    std::fs::write(folder.join("broken.txt"), b"\x00\x01binary").unwrap();
    folder
}

#[test]
fn a_warning_repeated_on_a_big_ingest_is_three_lines_and_one_with_the_count() {
    let env = Env::new();
    let folder = undated_articles(&env, 150);
    let out = env.qawl(&["ingest", folder.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    let dated: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("could not read the date"))
        .collect();
    assert_eq!(dated.len(), 4, "{err}");
    assert!(
        dated[0].contains("000.txt:2: could not read the date in \"● العراق 0\""),
        "{err}"
    );
    assert!(
        dated[3].starts_with("qawl: 147 more like the 3 above (")
            && dated[3].contains("003.txt:2, ")
            && dated[3].contains(", …): could not read the date in \"…\""),
        "{err}"
    );
    // a file that was skipped is always named on its own line, and the summary counts all
    assert_eq!(
        lines.iter().filter(|l| l.contains("broken.txt")).count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("150 new") && err.contains("1 failed, 150 warnings"),
        "{err}"
    );
    assert_eq!(lines.len(), 6, "{err}");
}

#[test]
fn quiet_leaves_only_the_failures_on_stderr() {
    let env = Env::new();
    let folder = undated_articles(&env, 5);
    let out = env.qawl(&["--quiet", "ingest", folder.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("qawl: ") && err.contains("broken.txt"),
        "{err}"
    );
    std::fs::remove_file(folder.join("broken.txt")).unwrap();
    let again = env.qawl(&["ingest", "-q", folder.to_str().unwrap()]);
    assert_eq!(code(&again), 0);
    assert_eq!(text(&again.stderr), "");
    let re = env.qawl(&["reextract", "--quiet"]);
    assert_eq!((code(&re), text(&re.stderr)), (0, String::new()));
    // what was read is stored as without --quiet
    let count = env.qawl(&["sql", "SELECT count(*) AS n FROM articles", "-f", "csv"]);
    assert_eq!(text(&count.stdout), "n\r\n5\r\n");
}

#[test]
fn sql_given_to_qawl_query_points_to_qawl_sql_which_runs_it() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let ingest = env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", text(&ingest.stderr));
    let sql = "SELECT count(*) AS n FROM articles";
    let out = env.qawl(&["query", sql]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(err.contains("`SELECT` starts SQL"), "{err}");
    assert!(err.contains(&format!("qawl sql '{sql}'")), "{err}");
    let run = env.qawl(&["sql", sql, "-f", "csv"]);
    assert_eq!(text(&run.stdout), "n\r\n1\r\n", "{}", text(&run.stderr));
}

#[test]
fn an_output_file_of_a_format_qawl_does_not_write_is_refused_and_not_made() {
    let env = Env::new();
    let report = env.path("report.xlsx");
    let target = report.to_str().unwrap();
    for args in [
        vec!["query", "count articles", "-o", target],
        vec!["sql", "SELECT 1", "-o", target],
    ] {
        let out = env.qawl(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("qawl cannot write .xlsx files"), "{err}");
        assert!(
            err.contains(".csv, .tsv, .json, .jsonl (or .ndjson), .md and .html"),
            "{err}"
        );
        assert!(err.contains("--format"), "{err}");
        let left: Vec<_> = std::fs::read_dir(env.path("")).unwrap().collect();
        assert!(!report.exists(), "{left:?}");
    }
    // the format named, any name is written; a name without an extension is TSV
    let out = env.qawl(&["query", "count articles", "-o", target, "-f", "csv"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "count\r\n0\r\n");
    let plain = env.path("counts");
    let out = env.qawl(&["query", "count articles", "-o", plain.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&plain).unwrap(), "count\n0\n");
}

#[test]
fn json_types_yes_no_as_booleans_lists_as_arrays_and_ids_as_numbers() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let ingest = env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", text(&ingest.stderr));
    let q = "statements show id, article, negated, headline, about, quote, sentence";
    let out = env.qawl(&["query", q, "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !rows.is_empty(),
        "the article's statement was not extracted"
    );
    for row in &rows {
        assert!(row["id"].is_i64() && row["article"].is_i64(), "{row}");
        assert!(
            row["negated"].is_boolean() && row["headline"].is_boolean(),
            "{row}"
        );
        assert!(row["about"].is_array(), "{row}");
        assert!(row["quote"].is_null() || row["quote"].is_string(), "{row}");
        let sentence = row["sentence"].as_str().unwrap_or_default();
        let from = if row["headline"] == true {
            "الأمم المتحدة تحذر من نقص الغذاء في حلب"
        } else {
            "حذر المتحدث باسم مكتب الأمم المتحدة"
        };
        assert!(sentence.starts_with(from), "{row}");
    }
    let text_out = text(&out.stdout);
    assert!(!text_out.contains('\u{2068}') && !text_out.contains('\u{2069}'));
    let counts = env.qawl(&["query", "count statements by negated", "-f", "jsonl"]);
    let line: serde_json::Value = serde_json::from_slice(&counts.stdout).unwrap();
    assert!(
        line["negated"].is_boolean() && line["count"].is_i64(),
        "{line}"
    );
    let add = env.qawl(&[
        "entity",
        "add",
        "person",
        "وائل علوان",
        "-a",
        "علوان",
        "-a",
        "أبو عمر",
    ]);
    assert_eq!(code(&add), 0, "{}", text(&add.stderr));
    let listed = env.qawl(&["entity", "list", "--name", "علوان", "-f", "json"]);
    let entities: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let aliases = entities[0]["aliases"]
        .as_array()
        .expect("aliases as an array");
    assert_eq!(aliases.len(), 2, "{entities}");
    assert!(entities[0]["statements"].is_i64(), "{entities}");
    let csv = env.qawl(&["entity", "list", "--name", "علوان", "-f", "csv"]);
    assert!(text(&csv.stdout).contains(" | "), "{}", text(&csv.stdout));
}

#[test]
fn views_isolate_arabic_cells_but_exports_carry_no_bidi_mark() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let ingest = env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", text(&ingest.stderr));
    let q = "statements show speaker, verb, content";
    for format in ["table", "box", "line"] {
        let out = text(&env.qawl(&["query", q, "-f", format]).stdout);
        assert!(
            out.contains("\u{2068}ديفيد سوانسون\u{2069}"),
            "{format}:\n{out}"
        );
        assert!(
            !out.contains("\u{2068}denied") && !out.contains("\u{2068}warned"),
            "{out}"
        );
    }
    for format in ["csv", "tsv", "json", "jsonl", "markdown", "html"] {
        let out = text(&env.qawl(&["query", q, "-f", format]).stdout);
        assert!(out.contains("سوانسون"), "{format}:\n{out}");
        let marks = ['\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{202B}'];
        assert!(!out.contains(marks), "{format} carries a bidi mark:\n{out}");
    }
}

#[test]
fn results_that_do_not_go_to_a_terminal_never_start_the_pager() {
    let env = Env::new();
    let marker = env.path("pager-ran");
    let pager = format!("touch '{}'; cat", marker.display());
    let piped = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .arg("--db")
        .arg(env.db())
        .args(["query", "count articles", "--format", "table"])
        .env("PAGER", &pager)
        .output()
        .expect("qawl runs");
    assert_eq!(code(&piped), 0, "{}", text(&piped.stderr));
    assert!(text(&piped.stdout).contains("count"));
    assert!(!marker.exists(), "the pager ran for a pipe");
}

#[test]
fn query_csv_with_bom_parses_back_to_the_json_rows() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let ingest = env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()]);
    assert_eq!(code(&ingest), 0, "{}", text(&ingest.stderr));
    let q = "statements show date, speaker, verb, content";
    let csv_out = env.qawl(&["query", q, "--format", "csv", "--bom"]);
    let json_out = env.qawl(&["query", q, "--format", "json"]);
    assert_eq!((code(&csv_out), code(&json_out)), (0, 0));
    assert!(csv_out.stdout.starts_with(b"\xEF\xBB\xBF"));
    let json: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&json_out.stdout).unwrap();
    assert!(
        !json.is_empty(),
        "the article's statement was not extracted"
    );
    let mut reader = csv::Reader::from_reader(&csv_out.stdout[3..]);
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), json.len());
    for (row, object) in rows.iter().zip(&json) {
        for (name, field) in headers.iter().zip(row.iter()) {
            let expected = match &object[name] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(field, expected, "column {name}");
        }
    }
}

#[test]
fn reextract_keeps_curated_entities_and_their_aliases() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    assert_eq!(
        code(&env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()])),
        0
    );
    let add = env.qawl(&[
        "entity",
        "add",
        "person",
        "ديفيد سوانسون",
        "--alias",
        "أبو داود",
    ]);
    assert_eq!(code(&add), 0, "{}", text(&add.stderr));
    let re = env.qawl(&["reextract"]);
    assert_eq!(code(&re), 0, "{}", text(&re.stderr));
    let list = env.qawl(&["entity", "list", "--name", "سوانسون", "--format", "csv"]);
    let listed = text(&list.stdout);
    assert!(
        listed.contains("ابو داود") || listed.contains("أبو داود"),
        "{listed}"
    );
    assert!(listed.contains(",user,"), "{listed}");
    // the alias a user gave finds the statements of the person after re-extraction
    let q = env.qawl(&[
        "query",
        "statements where speaker = \"ابو داود\" show speaker, verb",
        "--format",
        "csv",
    ]);
    assert_eq!(code(&q), 0, "{}", text(&q.stderr));
    assert!(
        text(&q.stdout).contains("ديفيد سوانسون,warned"),
        "{}",
        text(&q.stdout)
    );
}

#[test]
fn a_failing_saved_query_leaves_last_weeks_report_as_it_was() {
    let env = Env::new();
    let report = env.path("weekly.csv");
    std::fs::write(&report, "last week\r\n").unwrap();
    let file = env.path("weekly.qawl");
    std::fs::write(
        &file,
        "count statements by verb\n\nstatements where speaker = $who\n",
    )
    .unwrap();
    let out = env.qawl(&[
        "run",
        file.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stderr).contains("left as it was"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "last week\r\n");
    let ok = env.qawl(&[
        "run",
        file.to_str().unwrap(),
        "--param",
        "who=علوان",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code(&ok), 0, "{}", text(&ok.stderr));
    // two queries: one table, a query column first
    let written = std::fs::read_to_string(&report).unwrap();
    assert!(written.starts_with("query,verb,count,"), "{written}");
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn entity_import_adds_all_rows_or_none() {
    let env = Env::new();
    let good = env.path("people.csv");
    std::fs::write(
        &good,
        "name,kind,aliases\nوائل علوان,person,علوان|أبو وائل\nفيلق الرحمن,org,الفيلق\n",
    )
    .unwrap();
    let out = env.qawl(&["entity", "import", good.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported 2 entities"));
    let bad = env.path("bad.csv");
    std::fs::write(&bad, "kind,name\nperson,حمزة بيرقدار\nanimal,قطة\n").unwrap();
    let out = env.qawl(&["entity", "import", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stderr).contains("bad.csv:3"),
        "{}",
        text(&out.stderr)
    );
    let n = env.qawl(&[
        "sql",
        // فيلق الرحمن is built in: it stays `builtin`, with a curated alias
        "SELECT count(DISTINCT entity_id) AS n FROM aliases WHERE origin = 'user'",
        "-f",
        "csv",
    ]);
    assert_eq!(text(&n.stdout), "n\r\n2\r\n");
    let q = env.qawl(&["entity", "list", "--name", "ابو وائل", "-f", "csv"]);
    assert!(
        text(&q.stdout).contains("وائل علوان"),
        "{}",
        text(&q.stdout)
    );
}

#[test]
fn ingest_of_a_csv_with_only_a_header_says_so() {
    let env = Env::new();
    let csv = env.path("export.csv");
    std::fs::write(&csv, "title,body,date\n").unwrap();
    let out = env.qawl(&["ingest", csv.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}: only a header row, no articles",
            csv.display()
        )),
        "{err}"
    );
    assert!(err.contains("1 failed"), "{err}");
}

#[test]
fn ingest_of_a_dangling_symbolic_link_says_it_is_one() {
    let env = Env::new();
    let link = env.path("latest.txt");
    std::os::unix::fs::symlink(env.path("moved-away.txt"), &link).unwrap();
    let out = env.qawl(&["ingest", link.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("{}: a dangling symbolic link", link.display())),
        "{err}"
    );
    assert!(err.contains("moved-away.txt"), "{err}");
}

/// The test article in a legacy `encoding`, generated here: neither Windows-1256 nor
/// ISO-8859-6 has Arabic-Indic digits or `●`, so the date line has Western digits.
/// The day makes each file a different article.
fn article_in(encoding: &'static encoding_rs::Encoding, day: u8) -> Vec<u8> {
    let date = format!("أخبار سورية {day} آذار 2020");
    let text = ARTICLE.replace("● أخبار سورية ٥ آذار ٢٠٢٠", &date);
    let (bytes, _, unmappable) = encoding.encode(&text);
    assert!(!unmappable, "{} cannot write the article", encoding.name());
    bytes.into_owned()
}

fn utf16(text: &str, bom: bool, little_endian: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if bom {
        bytes.extend_from_slice(if little_endian {
            &[0xFF, 0xFE]
        } else {
            &[0xFE, 0xFF]
        });
    }
    for unit in text.encode_utf16() {
        let pair = if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[test]
fn legacy_arabic_encodings_and_utf16_with_a_bom_are_decoded_and_named_in_the_summary() {
    let env = Env::new();
    let folder = env.path("old-sites");
    std::fs::create_dir(&folder).unwrap();
    let file = |name: &str, bytes: Vec<u8>| std::fs::write(folder.join(name), bytes).unwrap();
    let on = |day: &str| ARTICLE.replace("٥ آذار", &format!("{day} آذار"));
    file("a-cp1256.txt", article_in(encoding_rs::WINDOWS_1256, 5));
    file("b-iso.txt", article_in(encoding_rs::ISO_8859_6, 6));
    file("c-utf16le.txt", utf16(&on("٧"), true, true));
    file("d-utf16be.txt", utf16(&on("٨"), true, false));
    file("e-utf16-no-bom.txt", utf16(ARTICLE, false, true));
    file("f-junk.txt", (0..=255u8).cycle().take(4000).collect());
    let out = env.qawl(&["ingest", folder.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert_eq!(code(&out), 1, "{err}");
    assert!(
        err.contains("a-cp1256.txt: read as windows-1256 (not UTF-8)"),
        "{err}"
    );
    assert!(err.contains("b-iso.txt: read as ISO-8859-6"), "{err}");
    assert!(err.contains("c-utf16le.txt: read as UTF-16LE"), "{err}");
    assert!(err.contains("d-utf16be.txt: read as UTF-16BE"), "{err}");
    assert!(
        err.contains(
            "e-utf16-no-bom.txt: the file looks like UTF-16LE text without a byte-order mark"
        ),
        "{err}"
    );
    assert!(err.contains("f-junk.txt: not a text file"), "{err}");
    assert!(!err.contains("WINDOWS-1256 -t"), "{err}");
    let summary = err.lines().last().unwrap_or_default();
    assert!(summary.starts_with("read 4 articles: 4 new"), "{summary}");
    assert!(
        summary.contains("2 failed, 0 warnings; 1 file read as ISO-8859-6, 1 as UTF-16BE, 1 as UTF-16LE, 1 as windows-1256"),
        "{summary}"
    );
    let found = env.qawl(&[
        "query",
        "count articles where title = \"الأمم المتحدة تحذر من نقص الغذاء في حلب\" and date between 2020-03-05 and 2020-03-08",
        "--format",
        "csv",
    ]);
    assert_eq!(
        text(&found.stdout),
        "count\r\n4\r\n",
        "{}",
        text(&found.stderr)
    );
}

#[test]
fn a_store_named_first_is_opened_as_sqlite3_opens_a_file() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let out = env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let bin = env!("CARGO_BIN_EXE_qawl");
    // a query after the store runs it
    let out = Command::new(bin)
        .arg(env.db())
        .arg("statements where verb=warned")
        .env_remove("QAWL_DB")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("ديفيد سوانسون"),
        "{}",
        text(&out.stdout)
    );
    // nothing after it: the REPL, reading a piped script
    let out = piped(&[env.db().as_os_str()], ".mode csv\ncount statements;\n");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let counted = text(&out.stdout);
    let n = counted
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse::<u32>().ok());
    assert!(counted.starts_with("count") && n > Some(0), "{counted}");
    // a store file that does not exist is named, and nothing is created
    let missing = env.path("missing.sqlite");
    let out = Command::new(bin)
        .arg(&missing)
        .env_remove("QAWL_DB")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("no such file"),
        "{}",
        text(&out.stderr)
    );
    assert!(!missing.exists());
}

#[test]
fn the_query_read_from_stdin_and_the_json_and_csv_flags() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let out = env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let db = env.db();
    let args = [
        "--db".as_ref(),
        db.as_os_str(),
        "query".as_ref(),
        "-".as_ref(),
        "--json".as_ref(),
    ];
    let out = piped(&args, "statements\n  where verb=warned;\n");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(rows[0]["speaker"], "ديفيد سوانسون");
    let out = env.qawl(&["query", "statements where verb=warned", "--csv"]);
    assert!(
        text(&out.stdout).starts_with("date,speaker,"),
        "{}",
        text(&out.stdout)
    );
    let out = env.qawl(&["query", "statements", "--csv", "--json"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn query_help_lists_the_fields_and_their_operators() {
    let out = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .args(["query", "--help"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    let help = text(&out.stdout);
    assert!(help.contains("Fields and operators"), "{help}");
    assert!(
        help.contains("speaker") && help.contains("= != ~ !~ in"),
        "{help}"
    );
}

/// Runs qawl with `args` alone: no `--db`, no stdin.
fn bare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qawl"))
        .args(args)
        .env_remove("QAWL_DB")
        .stdin(Stdio::null())
        .output()
        .expect("qawl runs")
}

#[test]
fn completions_for_every_shell_name_the_subcommands_and_their_options() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = bare(&["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        for word in [
            "ingest", "query", "sql", "repl", "merge", "param", "no-pager",
        ] {
            assert!(script.contains(word), "{shell} lacks {word}:\n{script}");
        }
    }
    let out = bare(&["completions", "tcsh"]);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("bash"), "{}", text(&out.stderr));
}

#[test]
fn the_man_page_is_roff_and_man_dir_writes_one_a_subcommand() {
    let out = bare(&["man"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.contains(".TH qawl 1"), "{page}");
    assert!(
        page.contains(".SH SUBCOMMANDS") && page.contains("qawl\\-query(1)"),
        "{page}"
    );
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let out = bare(&["man", "--dir", pages.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let query = std::fs::read_to_string(pages.join("qawl-query.1")).expect("qawl-query.1");
    assert!(query.contains(".TH qawl-query 1"), "{query}");
    assert!(pages.join("qawl-entity-merge.1").is_file());
    assert!(
        text(&out.stderr).contains("man pages to"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sql_runs_several_statements_into_one_document_with_bound_parameters() {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let out = env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let sql = "SELECT count(*) AS n FROM articles WHERE source = :src;\n\
               -- a comment; not a statement\n\
               SELECT $who AS who, @n + 1 AS next, 'a;b' AS text;";
    let params = [
        "--param",
        "src=وكالة الأنباء",
        "--param",
        "who=سوانسون",
        "--param",
        "n=41",
    ];
    let mut args = vec!["sql", sql, "--json"];
    args.extend(params);
    let out = env.qawl(&args);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON array");
    assert_eq!(
        rows,
        serde_json::json!([
            {"query": "SELECT count(*) AS n FROM articles WHERE source = :src", "n": 1},
            {"query": "SELECT $who AS who, @n + 1 AS next, 'a;b' AS text", "who": "سوانسون", "next": 42, "text": "a;b"}
        ])
    );
    let mut args = vec!["sql", sql, "--csv"];
    args.extend(params);
    let out = env.qawl(&args);
    assert!(
        text(&out.stdout).starts_with("query,n,who,next,text\r\n"),
        "{}",
        text(&out.stdout)
    );
    // a value is bound, never pasted into the SQL
    let out = env.qawl(&[
        "sql",
        "SELECT :x AS x",
        "--param",
        "x=1); DROP TABLE articles; --",
        "-f",
        "tsv",
    ]);
    assert_eq!(
        text(&out.stdout),
        "x\n1); DROP TABLE articles; --\n",
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sql_names_a_missing_or_unused_parameter_and_refuses_before_writing_anything() {
    let env = Env::new();
    let out = env.qawl(&["sql", "SELECT 1; SELECT :who, :since"]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(
        err.contains("statement 2 of 2 (line 1) uses :who, :since"),
        "{err}"
    );
    assert!(
        err.contains("--param who=VALUE --param since=VALUE"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let out = env.qawl(&[
        "sql",
        "SELECT :who",
        "--param",
        "who=x",
        "--param",
        "whom=y",
    ]);
    assert_eq!(code(&out), 1);
    let err = text(&out.stderr);
    assert!(
        err.contains("--param whom=… is used by no statement"),
        "{err}"
    );
    assert!(err.contains("did you mean who?"), "{err}");
    let out = env.qawl(&["sql", "SELECT ?"]);
    assert!(
        text(&out.stderr).contains("positional"),
        "{}",
        text(&out.stderr)
    );
    // a statement that writes, after one that reads: nothing runs, nothing is printed
    let out = env.qawl(&["sql", "SELECT 1 AS one;\n\nDELETE FROM articles"]);
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains("statement 2 of 2 (line 3), `DELETE FROM articles`"),
        "{err}"
    );
    assert!(err.contains("read-only"), "{err}");
    let out = env.qawl(&["sql", " ; -- only a comment"]);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("no statement"),
        "{}",
        text(&out.stderr)
    );
}

/// A store holding [`ARTICLE`], and its path as text.
fn one_article() -> (Env, String) {
    let env = Env::new();
    std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
    let out = env.qawl(&["ingest", env.path("a.txt").to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let db = env.db().to_str().expect("a UTF-8 temp path").to_string();
    (env, db)
}

/// [`piped`], with the arguments as text.
fn piped_str(args: &[&str], input: &str) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    piped(&args, input)
}

#[test]
fn cmd_runs_first_before_the_query_the_piped_input_and_the_repl() {
    let (_env, db) = one_article();
    // sqlite3's spelling: -cmd is --cmd, not -c with the value "md"
    let out = bare(&[
        &db,
        "-cmd",
        ".mode csv",
        "-cmd",
        ".headers off",
        "count articles",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "1\r\n");
    // the flags before the store, as `sqlite3 -cmd … FILE` has them
    let out = bare(&["-c", ".mode jsonl", &db, "count articles"]);
    assert_eq!(
        text(&out.stdout),
        "{\"count\":1}\n",
        "{}",
        text(&out.stderr)
    );
    // before piped input: the command's result comes first, in the mode it set
    let out = piped_str(
        &[&db, "-cmd", ".mode csv", "-cmd", "count articles"],
        ".mode tsv\ncount articles\n",
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "count\r\n1\r\ncount\n1\n");
    let out = piped_str(
        &["--db", &db, "repl", "--cmd", ".headers off"],
        "count articles\n",
    );
    assert_eq!(text(&out.stdout), "1\n", "{}", text(&out.stderr));
    // a failing command is named by its place; without --bail the rest runs, and the exit code is 1
    let out = piped_str(
        &[&db, "-cmd", ".mode csv", "-cmd", "count artcles"],
        "count articles\n",
    );
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stderr).contains("--cmd:2: error"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), "count\r\n1\r\n");
    // -o would not say what the commands do to the output: it is refused, with what to do
    let out = bare(&[&db, "-cmd", ".mode csv", "count articles", "-o", "x.csv"]);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains(".once FILE"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bail_stops_at_the_first_error_with_exit_code_1() {
    let (_env, db) = one_article();
    let script = "count artcles\ncount articles\n";
    let out = piped_str(&[&db], script);
    assert_eq!((code(&out), text(&out.stdout).as_str()), (1, "count\n1\n"));
    for bail in ["-bail", "--bail"] {
        let out = piped_str(&[bail, &db], script);
        assert_eq!(code(&out), 1, "{bail}");
        assert_eq!(text(&out.stdout), "", "{bail}");
        let err = text(&out.stderr);
        assert!(
            err.contains("stdin:1:") && err.contains("stopped at the first failure"),
            "{err}"
        );
    }
    let out = piped_str(&["--db", &db, "repl", "--bail"], script);
    assert_eq!((code(&out), text(&out.stdout).as_str()), (1, ""));
    // a failing --cmd under --bail: the query after it never runs
    let out = bare(&[&db, "-bail", "-cmd", "count bogus", "count articles"]);
    assert_eq!((code(&out), text(&out.stdout).as_str()), (1, ""));
    assert!(
        text(&out.stderr).contains("--cmd:1:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn session_flags_on_a_command_that_runs_no_session_are_refused() {
    let (env, db) = one_article();
    let out = env.qawl(&["stats", "-cmd", ".mode csv"]);
    assert_eq!(code(&out), 2);
    assert!(
        text(&out.stderr).contains("--cmd is for the REPL"),
        "{}",
        text(&out.stderr)
    );
    let out = env.qawl(&["sql", "SELECT 1", "-batch"]);
    assert_eq!(code(&out), 2);
    let file = env.path("one.qawl");
    std::fs::write(&file, "count artcles;\ncount articles\n").unwrap();
    let file = file.to_str().unwrap();
    // `qawl run` stops at the first failure anyway; --bail says so again, --no-bail contradicts it
    let out = bare(&["--db", &db, "run", file, "-bail"]);
    assert_eq!((code(&out), text(&out.stdout).as_str()), (1, ""));
    let out = bare(&["--db", &db, "run", file, "--no-bail"]);
    assert_eq!((code(&out), text(&out.stdout).as_str()), (1, "count\n1\n"));
    let out = bare(&["--db", &db, "run", file, "--bail", "--no-bail"]);
    assert_eq!(code(&out), 2);
}

/// `--batch` on a terminal: the session reads as from a pipe.
#[cfg(unix)]
#[test]
fn batch_on_a_terminal_prints_no_prompt_banner_or_history() {
    use rexpect::reader::Options;
    let (env, db) = one_article();
    let session = |batch: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qawl"));
        cmd.env_remove("QAWL_DB")
            .env("TERM", "dumb")
            .env("QAWL_HISTORY", env.path("history.txt"));
        if batch {
            cmd.arg("-batch");
        }
        cmd.arg(&db);
        let options = Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(true);
        let mut p = rexpect::session::spawn_with_options(cmd, options).expect("qawl starts");
        p.send_line(".mode tsv").unwrap();
        p.send_line("count articles").unwrap();
        p.exp_string("count\r\n1\r\n").expect("the result");
        p.send_control('d').unwrap();
        p.exp_eof().expect("Ctrl-D ends the input")
    };
    let batch = session(true);
    assert!(!batch.contains("qawl> "), "{batch:?}");
    assert!(!batch.contains("Ctrl-D leaves"), "{batch:?}");
    assert!(!env.path("history.txt").exists());
    // the same session without --batch is the REPL: a prompt, and the history
    let repl = session(false);
    assert!(repl.contains("qawl> "), "{repl:?}");
    assert!(env.path("history.txt").exists());
}
