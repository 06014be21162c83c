//! A writer killed at any point (SIGKILL: no cleanup, no rollback of our own) leaves a store
//! that passes `qawl check`, holds no article twice, and takes the rest of the ingest as if
//! nothing had happened.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn qawl(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qawl"));
    c.arg("--db").arg(db).env("NO_COLOR", "1");
    c
}

/// `n` articles in the plain-text format, made of the bundled examples' bodies under titles of
/// their own, so every one is new to the store.
fn corpus(dir: &Path, n: usize) {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    let mut bodies: Vec<String> = std::fs::read_dir(examples)
        .expect("the examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t.lines().skip(3).collect::<Vec<_>>().join("\n"))
        .collect();
    bodies.sort();
    for k in 0..n {
        let text = format!(
            "نشرة رقم {k}\n● أخبار {} آذار 2020\n\n{}\n",
            1 + k % 28,
            bodies[k % bodies.len()]
        );
        std::fs::write(dir.join(format!("{k:04}.txt")), text).expect("an article");
    }
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
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The store is whole: the integrity and full-text checks pass and no article is there twice.
fn assert_whole(db: &Path) {
    let check = qawl(db).arg("check").output().expect("qawl check");
    assert!(
        check.status.success(),
        "check after a kill: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let dup = sql(
        db,
        "SELECT count(*) - count(DISTINCT content_hash) FROM articles",
    );
    assert_eq!(dup, "0", "an article stored twice");
    let orphans = sql(
        db,
        "SELECT count(*) FROM statements WHERE article_id NOT IN (SELECT id FROM articles)",
    );
    assert_eq!(orphans, "0", "statements without their article");
}

#[test]
fn a_killed_ingest_leaves_a_whole_store_and_the_next_one_finishes_it() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).expect("a folder");
    corpus(&articles, 300);
    let db = dir.path().join("kb.sqlite");

    // the same articles ingested in one go, for the counts to compare with
    let clean = dir.path().join("clean.sqlite");
    let full = qawl(&clean)
        .arg("ingest")
        .arg(&articles)
        .output()
        .expect("ingest");
    assert!(
        full.status.success(),
        "{}",
        String::from_utf8_lossy(&full.stderr)
    );
    let want = sql(&clean, "SELECT count(*) FROM articles");
    let want_statements = sql(&clean, "SELECT count(*) FROM statements");
    assert_eq!(want, "300");

    // kill the writer at several points, from its first moments to its last batches
    let mut kills = 0;
    for wait_ms in [2, 8, 15, 30, 120, 250, 400, 700, 1000] {
        let mut child = qawl(&db)
            .arg("ingest")
            .arg(&articles)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("qawl ingest");
        std::thread::sleep(Duration::from_millis(wait_ms));
        if child.try_wait().expect("its status").is_none() {
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        let _ = child.wait();
        if db.exists() {
            assert_whole(&db);
        }
    }
    let rest = qawl(&db)
        .arg("ingest")
        .arg(&articles)
        .output()
        .expect("ingest");
    assert!(
        rest.status.success(),
        "{}",
        String::from_utf8_lossy(&rest.stderr)
    );
    assert_whole(&db);
    assert_eq!(sql(&db, "SELECT count(*) FROM articles"), want);
    assert_eq!(sql(&db, "SELECT count(*) FROM statements"), want_statements);
    eprintln!("{kills} ingests killed; the store stayed whole");
}
