//! Writes a generated corpus of Arabic news articles for load tests:
//!
//!     cargo run --release --example gen_corpus -- --articles N --out DIR [--jsonl|--csv] [--seed S]
//!
//! Plain-text articles go to `DIR/000000.txt`, `DIR/000001.txt` …; with `--jsonl`, one file
//! `DIR/corpus.jsonl` holds them all, one JSON object a line; with `--csv`, `DIR/corpus.csv`,
//! a header row and one row an article. The same seed (default 1) gives
//! the same bytes. The generator itself is `corpus.rs`, which the tests use too.

// the tests use parts of the generator that this program does not
#[allow(dead_code)]
mod corpus;

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus --articles N --out DIR [--jsonl|--csv] [--seed S]";

/// How the corpus is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// One plain-text file an article.
    Files,
    Jsonl,
    Csv,
}

struct Args {
    articles: usize,
    out: PathBuf,
    layout: Layout,
    seed: u64,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut articles, mut out, mut layout, mut seed) = (None, None, Layout::Files, 1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--articles" => {
                let n = value("--articles")?;
                articles = Some(n.parse().map_err(|_| format!("not a number: {n}"))?);
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                let s = value("--seed")?;
                seed = s.parse().map_err(|_| format!("not a number: {s}"))?;
            }
            "--jsonl" => layout = Layout::Jsonl,
            "--csv" => layout = Layout::Csv,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        articles: articles.ok_or("--articles N is required")?,
        out: out.ok_or("--out DIR is required")?,
        layout,
        seed,
    })
}

fn write(args: &Args) -> std::io::Result<u64> {
    std::fs::create_dir_all(&args.out)?;
    let corpus = corpus::Corpus::new(args.seed);
    let mut bytes = 0;
    if args.layout != Layout::Files {
        let (name, header) = match args.layout {
            Layout::Csv => ("corpus.csv", Some(corpus::Article::CSV_HEADER)),
            _ => ("corpus.jsonl", None),
        };
        let mut file = BufWriter::new(std::fs::File::create(args.out.join(name))?);
        if let Some(header) = header {
            writeln!(file, "{header}")?;
            bytes += header.len() as u64 + 1;
        }
        for article in corpus.articles(args.articles) {
            let line = match args.layout {
                Layout::Csv => article.to_csv(),
                _ => article.to_json(),
            };
            writeln!(file, "{line}")?;
            bytes += line.len() as u64 + 1;
        }
        file.flush()?;
    } else {
        for article in corpus.articles(args.articles) {
            let text = article.to_text();
            std::fs::write(args.out.join(article.file_name()), &text)?;
            bytes += text.len() as u64;
        }
    }
    Ok(bytes)
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("gen_corpus: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match write(&args) {
        Ok(bytes) => {
            eprintln!(
                "wrote {} articles ({:.1} MB) to {}",
                args.articles,
                bytes as f64 / 1e6,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
