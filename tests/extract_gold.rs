//! The extractor against the annotated examples and the seed article.

use qawl::extract::Extractor;
use qawl::extract::eval::{evaluate, evaluate_where};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn number(name: &str) -> u32 {
    name.get(..2).and_then(|n| n.parse().ok()).unwrap_or(0)
}

#[test]
fn examples_reach_the_precision_and_recall_bar() {
    let extractor = Extractor::default();
    let gold = root().join("tests/data/gold.jsonl");
    let dir = root().join("examples/articles");
    let report = evaluate(&gold, &dir, &extractor).unwrap();
    if std::env::var("QAWL_EVAL_SPLIT").is_ok() {
        let dev = evaluate_where(&gold, &dir, &extractor, |n| number(n) <= 16).unwrap();
        let held = evaluate_where(&gold, &dir, &extractor, |n| number(n) > 16).unwrap();
        println!(
            "dev 01-16: {}",
            dev.to_string().lines().next().unwrap_or("")
        );
        println!(
            "held-out 17-24: {}",
            held.to_string().lines().next().unwrap_or("")
        );
    }
    println!("{report}");
    assert!(report.precision() >= 0.9, "{report}");
    assert!(report.recall() >= 0.9, "{report}");
}

/// `QAWL_DUMP=07 cargo test --test extract_gold dump -- --nocapture` prints what the extractor
/// finds in the example articles whose names start with the given prefix.
#[test]
fn dump() {
    let Ok(prefix) = std::env::var("QAWL_DUMP") else {
        return;
    };
    let extractor = Extractor::default();
    let mut names: Vec<_> = std::fs::read_dir(root().join("examples/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with(&prefix)
        })
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let (article, _) = qawl::ingest::text::parse(&text, "x").unwrap();
        let x = extractor.extract(&article);
        println!("== {}", path.display());
        for s in &x.statements {
            println!(
                "{} | {:?} | role={:?} org={:?} | {} {} neg={} | {:?} {} | q={} | {}",
                qawl::extract::eval::speaker_name(&x, s),
                s.surface,
                s.role,
                s.org.map(|o| x.entities[o].name.clone()),
                s.verb,
                s.verb_text,
                s.negated,
                s.said_on,
                s.date_explicit,
                s.quote.is_some(),
                s.content.chars().take(50).collect::<String>()
            );
        }
    }
}
