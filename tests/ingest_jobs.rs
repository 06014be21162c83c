//! `qawl ingest --jobs N`: the store gets the same rows whatever the number of threads that
//! extract, problems are reported in the order of the inputs, a re-ingest finds every article
//! stored, and JSON Lines and CSV are read whatever their size.

#[allow(dead_code)]
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn qawl(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qawl"));
    c.arg("--db").arg(db).env("NO_COLOR", "1");
    c
}

fn ingest(db: &Path, jobs: usize, paths: &[&Path]) -> Output {
    let out = qawl(db)
        .arg("ingest")
        .arg("--jobs")
        .arg(jobs.to_string())
        .args(paths)
        .output()
        .expect("qawl ingest");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn sql(db: &Path, query: &str) -> String {
    let out = qawl(db)
        .args(["sql", query, "-f", "tsv", "--no-header"])
        .output()
        .expect("qawl sql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every row a store holds, ids included, but the time each article was ingested.
fn rows(db: &Path) -> Vec<String> {
    [
        "SELECT id, title, published, section, source, author, url, body, path, content_hash FROM articles ORDER BY id",
        "SELECT * FROM statements ORDER BY id",
        "SELECT * FROM entities ORDER BY id",
        "SELECT * FROM aliases ORDER BY entity_id, alias_norm",
        "SELECT * FROM mentions ORDER BY article_id, start, end, entity_id, surface",
        "SELECT * FROM statement_entities ORDER BY 1, 2",
    ]
    .iter()
    .map(|q| sql(db, q))
    .collect()
}

/// The lines of stderr but the summary's time.
fn reported(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|l| match l.rsplit_once(", ") {
            Some((head, _)) if l.starts_with("read ") => head.to_string(),
            _ => l.to_string(),
        })
        .collect()
}

/// A folder of generated articles: a JSON Lines file with a few bad lines, plain-text files,
/// a file that is not text, and a CSV file.
fn inputs(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("in");
    std::fs::create_dir(&folder).unwrap();
    let corpus = corpus::Corpus::new(3);
    let mut jsonl = std::fs::File::create(folder.join("a.jsonl")).unwrap();
    for article in corpus.articles(240) {
        match article.number % 50 {
            7 => writeln!(jsonl, "{{\"body\": ").unwrap(),
            9 => writeln!(jsonl, "{{\"title\": \"بلا نص\"}}").unwrap(),
            _ => writeln!(jsonl, "{}", article.to_json()).unwrap(),
        }
    }
    for article in corpus.articles(300).skip(240) {
        let name = folder.join(format!("b{:03}.txt", article.number));
        std::fs::write(name, article.to_text()).unwrap();
    }
    std::fs::write(folder.join("c.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(
        folder.join("d.csv"),
        "title,body\nعنوان,\"قال المتحدث باسم المجلس إن الهدنة صامدة.\"\n",
    )
    .unwrap();
    folder
}

#[test]
fn one_thread_and_several_give_the_same_rows_and_the_same_reports() {
    let dir = tempfile::tempdir().unwrap();
    let folder = inputs(dir.path());
    let (one, three) = (
        dir.path().join("one.sqlite"),
        dir.path().join("three.sqlite"),
    );
    let by_one = ingest(&one, 0, &[&folder]);
    let by_three = ingest(&three, 3, &[&folder]);
    assert_eq!(by_one.status.code(), Some(1), "a file failed");
    assert_eq!(reported(&by_one), reported(&by_three));
    let summary = reported(&by_three).last().cloned().unwrap();
    assert!(
        summary.starts_with("read 291 articles: 291 new, 0 duplicates,"),
        "{summary}"
    );
    let (a, b) = (rows(&one), rows(&three));
    assert!(
        a[1].lines().count() > 1000,
        "few statements: {}",
        a[1].len()
    );
    for (table, (a, b)) in a.iter().zip(&b).enumerate() {
        assert!(
            a == b,
            "table {table} differs between one thread and three extracting"
        );
    }
}

#[test]
fn a_re_ingest_finds_every_article_stored() {
    let dir = tempfile::tempdir().unwrap();
    let folder = inputs(dir.path());
    let db = dir.path().join("kb.sqlite");
    ingest(&db, 2, &[&folder]);
    let before = rows(&db);
    let again = ingest(&db, 2, &[&folder]);
    let summary = reported(&again).last().cloned().unwrap();
    assert!(
        summary.starts_with("read 291 articles: 0 new, 291 duplicates, 0 statements;"),
        "{summary}"
    );
    assert_eq!(rows(&db), before);
}

#[test]
fn a_json_lines_file_over_the_cap_of_files_read_whole_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let corpus = corpus::Corpus::new(5);
    writeln!(file, "{}", corpus.article(0).to_json()).unwrap();
    // blank lines, which JSON Lines allow, past the 256 MiB a file read whole may hold
    let blank = format!("{}\n", " ".repeat(1023));
    for _ in 0..(qawl::ingest::MAX_FILE_BYTES / 1024 + 16) {
        file.write_all(blank.as_bytes()).unwrap();
    }
    writeln!(file, "{{\"body\": ").unwrap();
    for article in corpus.articles(3).skip(1) {
        writeln!(file, "{}", article.to_json()).unwrap();
    }
    drop(file);
    assert!(std::fs::metadata(&path).unwrap().len() > qawl::ingest::MAX_FILE_BYTES);
    let db = dir.path().join("kb.sqlite");
    let out = ingest(&db, 2, &[&path]);
    let lines = reported(&out);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    let bad_line = qawl::ingest::MAX_FILE_BYTES / 1024 + 16 + 2;
    assert!(
        lines[0].starts_with(&format!(
            "qawl: {}:{bad_line}: not valid JSON",
            path.display()
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("read 3 articles: 3 new"),
        "{}",
        lines[1]
    );
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_csv_file_over_the_cap_of_files_read_whole_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let corpus = corpus::Corpus::new(6);
    writeln!(file, "{}", corpus::Article::CSV_HEADER).unwrap();
    let first = corpus.article(0).to_csv();
    writeln!(file, "{first}").unwrap();
    // a row whose quoted body runs past the 256 MiB one row (and a file read whole) may hold
    let long_row = 3 + first.matches('\n').count();
    let long_lines = qawl::ingest::MAX_FILE_BYTES as usize / 1024 + 16;
    write!(file, "عنوان,2020-01-01,,,,,\"").unwrap();
    let line = format!("{}x\n", "ن".repeat(511));
    for _ in 0..long_lines {
        file.write_all(line.as_bytes()).unwrap();
    }
    writeln!(file, "\"\"آخر السطر\"").unwrap();
    // a row with a field too many, then articles whose bodies span lines
    writeln!(file, "a,b,c,d,e,f,g,h").unwrap();
    for article in corpus.articles(3).skip(1) {
        writeln!(file, "{}", article.to_csv()).unwrap();
    }
    drop(file);
    assert!(std::fs::metadata(&path).unwrap().len() > qawl::ingest::MAX_FILE_BYTES);
    let db = dir.path().join("kb.sqlite");
    let out = ingest(&db, 2, &[&path]);
    let lines = reported(&out);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    let shown = path.display();
    assert!(
        lines[0].starts_with(&format!(
            "qawl: {shown}:{long_row}: the row that starts on this line is longer than 256 MiB"
        )),
        "{}",
        lines[0]
    );
    let bad_row = long_row + long_lines + 1;
    assert!(
        lines[1].starts_with(&format!(
            "qawl: {shown}:{bad_row}: the row has 8 fields but the header names 7"
        )),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("read 3 articles: 3 new"),
        "{}",
        lines[2]
    );
    let paths = sql(&db, "SELECT path FROM articles ORDER BY id");
    let third = bad_row + 1 + corpus.article(1).to_csv().matches('\n').count() + 1;
    assert!(paths.ends_with(&format!(":{third}\n")), "{paths}");
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn reextract_gives_the_same_rows_whatever_the_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let folder = inputs(dir.path());
    let (one, three) = (
        dir.path().join("one.sqlite"),
        dir.path().join("three.sqlite"),
    );
    ingest(&one, 2, &[&folder]);
    let ingested = rows(&one);
    std::fs::copy(&one, &three).unwrap();
    for (db, jobs) in [(&one, "1"), (&three, "3")] {
        let out = qawl(db)
            .args(["reextract", "--jobs", jobs])
            .output()
            .expect("qawl reextract");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (a, b) = (rows(&one), rows(&three));
    for (table, (a, b)) in a.iter().zip(&b).enumerate() {
        assert!(a == b, "table {table} differs between 1 and 3 jobs");
    }
    // the rules have not changed, so neither have the rows
    for (table, (a, b)) in a.iter().zip(&ingested).enumerate() {
        assert!(a == b, "table {table} differs after the reextract");
    }
}
