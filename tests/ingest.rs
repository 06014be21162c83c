//! Integration tests of the readers: fixtures under tests/data/ingest and the seed article.

use chrono::NaiveDate;
use qawl::ingest::{self, Format};
use std::path::Path;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn seed_article_reads_title_date_trailer_and_body() {
    let path = Path::new("../shared/seed/article-2018-03-12.txt");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} is not there", path.display());
        return;
    };
    let read = ingest::read_str(&text, Format::Text, "article-2018-03-12.txt");
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let [a] = read.articles.as_slice() else {
        panic!("one article expected, got {}", read.articles.len())
    };
    assert_eq!(
        a.title.as_deref(),
        Some("فيلق الرحمن وجيش الإسلام يجددان نفيهما لأي مفاوضات مع الروس نظام الأسد")
    );
    assert_eq!(a.published, date(2018, 3, 12));
    assert_eq!(a.section.as_deref(), Some("أخبار سورية"));
    assert_eq!(a.source.as_deref(), Some("شبكة شام"));
    assert_eq!(a.author.as_deref(), Some("فريق التحرير"));
    assert!(a.body.starts_with("نفى"), "{}", a.body);
    assert!(!a.body.contains("المصدر") && !a.body.contains("مشاركة"));
    assert!(a.body.ends_with("لثلاثة أقسام."));
}
