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
