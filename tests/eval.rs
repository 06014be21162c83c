//! `qawl eval` on gold files of articles (the real-dev format), of one article, and of
//! statements (tests/data/gold.jsonl); and the extractor version it measures.
//!
//! tests/data/eval holds two short articles written for these tests: a url-keyed one whose
//! headline repeats a statement and whose last speaker (قسد) is known only to the gazetteer, and
//! a file-keyed one whose headline is a colon statement and whose last sentence is cut off.

use qawl::extract::eval::{GoldFormat, evaluate_articles, gold_format};
use qawl::extract::{EXTRACTOR_VERSION, Extractor, gazetteer};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn qawl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qawl"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env_remove("QAWL_DB")
        .output()
        .expect("qawl runs")
}

/// The stdout of a `qawl eval` that must succeed.
fn eval(args: &[&str]) -> String {
    let mut all = vec!["eval"];
    all.extend(args);
    let out = qawl(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[test]
fn the_format_of_a_gold_file_is_told_by_its_first_line() {
    let read = |name: &str| std::fs::read_to_string(data(name)).unwrap();
    let format = |name: &str| gold_format(&read(name)).unwrap();
    assert_eq!(format("eval/gold.jsonl"), GoldFormat::Articles);
    assert_eq!(format("eval/one-article.jsonl"), GoldFormat::OneArticle);
    assert_eq!(format("gold.jsonl"), GoldFormat::Statements);
}

#[test]
fn articles_are_found_by_url_or_file_and_every_gold_statement_counts() {
    let e = evaluate_articles(
        &data("eval/gold.jsonl"),
        &data("eval"),
        &Extractor::default(),
        &gazetteer::builtin(),
    )
    .unwrap();
    let labels: Vec<_> = e.articles.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["t1-01", "t1-02"]);
    let t = e.total();
    assert_eq!((t.tp, t.fp, t.fn_), (6, 0, 0), "{e}{}", e.details());
    let groups: Vec<_> = e.groups().into_iter().map(|(g, n, _)| (g, n)).collect();
    assert_eq!(groups, [("t1".to_string(), 2)]);
}

#[test]
fn the_report_gives_the_figures_and_a_line_per_group() {
    let out = eval(&[
        "--gold",
        "tests/data/eval/gold.jsonl",
        "--articles",
        "tests/data/eval",
    ]);
    assert_eq!(
        first_line(&out),
        "precision 1.00 recall 1.00 F1 1.00 (tp 6 fp 0 fn 0) negation 6/6"
    );
    let group = out.lines().find(|l| l.starts_with("t1 ")).unwrap_or("");
    let cells: Vec<_> = group.split_whitespace().collect();
    assert_eq!(cells[..7], ["t1", "2", "6", "6", "6", "0", "0"], "{out}");
}

#[test]
fn headline_statements_are_optional_both_ways() {
    // what the extractor reads from the headlines: t1-01's "تنفي", none from t1-02's colon
    let text = std::fs::read_to_string(data("eval/t1-01.txt")).unwrap();
    let article = qawl::model::Article {
        title: text.lines().next().map(String::from),
        body: text.clone(),
        ..Default::default()
    };
    let x = Extractor::default().extract(&article);
    assert!(x.statements.iter().any(|s| s.in_headline), "{x:?}");
    // neither the extracted headline statements are extras, nor the colon one a miss
    let out = eval(&[
        "--gold",
        "tests/data/eval/gold.jsonl",
        "--articles",
        "tests/data/eval",
    ]);
    assert!(first_line(&out).contains("(tp 6 fp 0 fn 0)"), "{out}");
}

#[test]
fn the_cut_off_last_sentence_is_left_out() {
    let text = std::fs::read_to_string(data("eval/t1-02.txt")).unwrap();
    let article = qawl::model::Article {
        body: text,
        ..Default::default()
    };
    let x = Extractor::default().extract(&article);
    // "وأكد مدير مستشفى الرحمة خالد العمر أن الطواقم" is read, then left out of the score
    assert!(x.statements.iter().any(|s| s.verb_text == "أكد"), "{x:?}");
    let out = eval(&[
        "--gold",
        "tests/data/eval/one-article.jsonl",
        "--articles",
        "tests/data/eval/t1-02.txt",
        "-v",
    ]);
    assert!(first_line(&out).contains("(tp 2 fp 0 fn 0)"), "{out}");
    assert!(!out.contains("خالد العمر"), "{out}");
}

#[test]
fn an_article_file_is_read_as_ingest_reads_it_and_found_by_its_file_name() {
    // t1-02 has no url: its file name finds it; t1-01 is not in the file, so all four miss
    let out = eval(&[
        "--gold",
        "tests/data/eval/gold.jsonl",
        "--articles",
        "tests/data/eval/t1-02.txt",
        "--verbose",
    ]);
    assert!(first_line(&out).contains("(tp 2 fp 0 fn 4)"), "{out}");
    assert!(out.contains("t1-01: tp 0 fp 0 fn 4"), "{out}");
    assert!(out.contains("  missed سامر الحلبي / said (أضاف)"), "{out}");
}

#[test]
fn without_the_gazetteer_a_name_only_it_knows_is_missed() {
    let args = [
        "--gold",
        "tests/data/eval/gold.jsonl",
        "--articles",
        "tests/data/eval",
        "-v",
    ];
    let with = eval(&args);
    assert!(!with.contains("قسد"), "{with}");
    let mut bare = args.to_vec();
    bare.push("--no-gazetteer");
    let without = eval(&bare);
    assert!(
        first_line(&without).contains("(tp 5 fp 1 fn 1)"),
        "{without}"
    );
    assert!(
        without.contains("  missed قوات سوريا الديمقراطية / announced (أعلنت)"),
        "{without}"
    );
    assert!(
        without.contains("  extra  قسد / announced (أعلنت) in: وأعلنت قسد في بيان"),
        "{without}"
    );
}

#[test]
fn one_articles_statements_need_its_file() {
    let out = qawl(&[
        "eval",
        "--gold",
        "tests/data/eval/one-article.jsonl",
        "--articles",
        "tests/data/eval",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--articles FILE"));
}

#[test]
fn the_statements_format_keeps_its_report() {
    let out = eval(&[]);
    assert!(out.starts_with("precision "), "{out}");
    assert!(first_line(&out).contains("verb class"), "{out}");
    assert!(
        out.contains("01-hts-denies-turkish-deal.txt: precision"),
        "{out}"
    );
}

#[test]
fn the_extractor_version_is_the_crate_version_and_a_hash_of_the_rules() {
    let (crate_version, hash) = EXTRACTOR_VERSION.split_once('+').expect("a + in it");
    assert_eq!(crate_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(hash.len(), 8, "{EXTRACTOR_VERSION}");
    assert!(
        hash.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "{EXTRACTOR_VERSION}"
    );
}

#[test]
fn stats_lists_the_extractor_version_of_the_statements() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.sqlite");
    let db = db.to_str().unwrap();
    let article = data("eval/t1-02.txt");
    let ingest = qawl(&["--db", db, "ingest", article.to_str().unwrap()]);
    assert_eq!(ingest.status.code(), Some(0));
    let stats = qawl(&["--db", db, "stats"]);
    let out = String::from_utf8_lossy(&stats.stdout);
    let want = format!("extractor      {EXTRACTOR_VERSION}: ");
    assert!(out.contains(&want), "{out}");
}
