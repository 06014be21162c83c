//! Extraction speed over the example articles, in bytes of article text per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qawl::extract::Extractor;
use qawl::model::Article;
use std::hint::black_box;

fn articles() -> Vec<Article> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|t| qawl::ingest::text::parse(&t, "bench").ok().map(|(a, _)| a))
        .collect()
}

fn extract(c: &mut Criterion) {
    let articles = articles();
    let bytes: usize = articles
        .iter()
        .map(|a| a.body.len() + a.title.as_deref().map_or(0, str::len))
        .sum();
    let extractor = Extractor::default();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("example articles", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(extractor.extract(black_box(a)));
            }
        })
    });
    group.finish();

    // one long article made of the examples' bodies: the time per byte must not grow with length
    let bodies: String = articles
        .iter()
        .map(|a| a.body.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut long = c.benchmark_group("extract one article");
    long.sample_size(10);
    for (label, size) in [("4 KB", 4 << 10), ("1 MB", 1 << 20), ("16 MB", 16 << 20)] {
        let mut body = String::with_capacity(size + bodies.len());
        while body.len() < size {
            body.push_str(&bodies);
            body.push_str("\n\n");
        }
        let cut = (size..body.len())
            .find(|&i| body.is_char_boundary(i))
            .unwrap_or(body.len());
        body.truncate(cut);
        let article = Article {
            body,
            published: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
            ..Article::default()
        };
        long.throughput(Throughput::Bytes(article.body.len() as u64));
        long.bench_function(label, |b| {
            b.iter(|| black_box(extractor.extract(black_box(&article))))
        });
    }
    long.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
