//! The corpus generator of `examples/gen_corpus`: the same seed gives the same articles, they
//! look like the articles qawl is for, and qawl ingests them and finds their statements.

#[allow(dead_code)]
#[path = "../examples/gen_corpus/corpus.rs"]
mod corpus;

use corpus::{CLASSES, Corpus, SPEAKERS};
use std::collections::{HashMap, HashSet};
use std::process::Command;

#[test]
fn the_same_seed_gives_the_same_articles_and_another_seed_others() {
    let a: Vec<String> = Corpus::new(7).articles(50).map(|a| a.to_text()).collect();
    let b: Vec<String> = Corpus::new(7).articles(50).map(|a| a.to_text()).collect();
    assert_eq!(a, b);
    // an article depends on the seed and its number only: a short corpus starts a long one
    let long = Corpus::new(7);
    assert_eq!(long.article(49).to_text(), a[49]);
    assert_eq!(
        long.article(3).to_json(),
        Corpus::new(7).article(3).to_json()
    );
    let other: Vec<String> = Corpus::new(8).articles(50).map(|a| a.to_text()).collect();
    assert!(a.iter().zip(&other).all(|(x, y)| x != y));
}

#[test]
fn generated_articles_are_1_to_5_kb_over_a_decade_with_every_verb_class() {
    let corpus = Corpus::new(1);
    let mut classes = HashSet::new();
    let mut years = HashSet::new();
    for article in corpus.articles(400) {
        let text = article.to_text();
        assert!(
            (1024..=5120).contains(&text.len()),
            "article {} is {} bytes",
            article.number,
            text.len()
        );
        assert!(text.contains("● ") && text.contains("المصدر: "), "{text}");
        classes.extend(article.statements.iter().map(|s| s.class));
        years.insert(article.date.0);
        let json: serde_json::Value = serde_json::from_str(&article.to_json()).unwrap();
        assert_eq!(json["body"].as_str(), Some(article.body().as_str()));
    }
    let mut missing: Vec<_> = CLASSES.iter().filter(|c| !classes.contains(*c)).collect();
    missing.sort();
    assert!(missing.is_empty(), "no statement of {missing:?}");
    assert_eq!(years.len(), 10, "{years:?}");
}

#[test]
fn hundreds_of_speakers_speak_with_a_skewed_frequency() {
    let corpus = Corpus::new(1);
    assert_eq!(corpus.speakers().len(), SPEAKERS);
    let mut articles_of: HashMap<String, usize> = HashMap::new();
    for article in corpus.articles(2000) {
        let speakers: HashSet<_> = article.statements.iter().flat_map(|s| &s.speaker).collect();
        for s in speakers {
            *articles_of.entry(s.clone()).or_default() += 1;
        }
    }
    assert!(articles_of.len() >= 300, "{} speakers", articles_of.len());
    let mut counts: Vec<usize> = articles_of.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let median = counts[counts.len() / 2];
    assert!(
        counts[0] >= 20 * median,
        "the most frequent speaker is in {} articles, the median one in {median}",
        counts[0]
    );
}

/// `qawl --db STORE args…`: its exit code and stderr.
fn qawl(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("QAWL_DB")
        .output()
        .expect("qawl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn qawl_ingests_generated_articles_and_finds_their_statements() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::new(3);
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    let mut lines = String::new();
    let mut written = 0;
    for article in corpus.articles(40) {
        if article.number < 20 {
            std::fs::write(texts.join(article.file_name()), article.to_text()).unwrap();
        } else {
            lines.push_str(&article.to_json());
            lines.push('\n');
        }
        written += article.statements.len();
    }
    let feed = dir.path().join("feed.jsonl");
    std::fs::write(&feed, lines).unwrap();
    let db = dir.path().join("kb.sqlite");
    let (code, _, err) = qawl(
        &db,
        &["ingest", texts.to_str().unwrap(), feed.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("read 40 articles: 40 new"), "{err}");
    assert!(err.contains("0 failed, 0 warnings"), "{err}");
    let (_, found, _) = qawl(
        &db,
        &[
            "sql",
            "SELECT count(*) FROM statements",
            "-f",
            "csv",
            "--no-header",
        ],
    );
    let found: usize = found.trim().parse().unwrap();
    // the generator knows what it wrote; extraction finds most of it
    assert!(
        found * 10 >= written * 7,
        "{found} statements found of {written} written"
    );
    // most of the people who speak in them are found by name, as the speakers of statements
    let speakers: HashSet<String> = corpus
        .articles(40)
        .flat_map(|a| a.statements)
        .filter_map(|s| s.speaker)
        .collect();
    let sql = "SELECT DISTINCT e.name FROM statements s JOIN entities e ON e.id = s.speaker_id";
    let (code, out, err) = qawl(&db, &["sql", sql, "-f", "csv", "--no-header"]);
    assert_eq!(code, 0, "{err}");
    let named: HashSet<String> = out.lines().map(String::from).collect();
    let found = speakers.intersection(&named).count();
    assert!(
        found * 10 >= speakers.len() * 6,
        "{found} of {} speakers found; not found: {:?}",
        speakers.len(),
        speakers.difference(&named).collect::<Vec<_>>()
    );
}
