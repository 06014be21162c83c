//! One article longer than the extractor's stretch ([`qawl::extract::CHUNK_BYTES`]) is written
//! stretch by stretch through a temporary file: every statement reaches the store, with its
//! offsets in the whole body and its speaker linked once, whatever the number of jobs.

use qawl::extract::{CHUNK_BYTES, Extractor};
use qawl::ingest::{self, Format};
use rusqlite::Connection;
use std::path::Path;
use std::process::Command;

const GIVEN: [&str; 6] = ["سامر", "خالد", "منى", "رامي", "هالة", "نبيل"];
const FAMILY: [&str; 5] = ["الحلبي", "الأيوبي", "العمري", "الخطيب", "الزعبي"];

/// A plain-text article of our own sentences, a little over `bytes` long: paragraphs in
/// which thirty people speak, each named in full and then by family name.
fn long_article(bytes: usize) -> String {
    let mut text = String::from("حصاد الأسبوع في تصريحات المسؤولين\n\n● سياسة ١٢ آذار ٢٠٢٤\n\n");
    let mut n = 0;
    while text.len() < bytes {
        let (given, family) = (
            GIVEN[n % GIVEN.len()],
            FAMILY[n / GIVEN.len() % FAMILY.len()],
        );
        text.push_str(&format!(
            "أكد وزير الخارجية {given} {family} أن الحكومة ستواصل المحادثات في جولتها رقم {n}. \
             وأضاف {family} أن الوفد يعود الأسبوع القادم.\n\n\
             نفى المتحدث باسم الجيش {given} {family} صحة الأنباء عن انسحاب القوات من المدينة.\n\n"
        ));
        n += 1;
    }
    text
}

fn qawl(db: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_qawl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("qawl runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Every statement's speaker, sentence start and end, verb and content, in id order.
fn statements(db: &Path) -> Vec<(Option<String>, i64, i64, String, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT e.name, s.start, s.end, s.verb, s.content
             FROM statements s LEFT JOIN entities e ON e.id = s.speaker_id ORDER BY s.id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn a_long_article_reaches_the_store_whole_on_one_thread_or_with_two_extracting() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.txt");
    let text = long_article(CHUNK_BYTES * 5 / 2);
    std::fs::write(&file, &text).unwrap();

    // what the extractor finds in memory, its stretches merged
    let read = ingest::read_str(&text, Format::Text, "long.txt");
    let article = &read.articles[0];
    assert!(
        qawl::extract::is_long(article),
        "the body spans several stretches"
    );
    let found = Extractor::default().extract(article);

    let mut stored = Vec::new();
    for jobs in ["0", "2"] {
        let db = dir.path().join(format!("kb{jobs}.sqlite"));
        let (ok, err) = qawl(&db, &["ingest", "--jobs", jobs, file.to_str().unwrap()]);
        assert!(ok, "{err}");
        let n = found.statements.len();
        assert!(
            err.contains(&format!("{n} statements")),
            "the summary counts the statements of every stretch ({n}): {err}"
        );
        stored.push(statements(&db));
    }
    assert_eq!(stored[0], stored[1], "the number of jobs changes nothing");
    let rows = &stored[0];
    assert_eq!(rows.len(), found.statements.len());
    for (row, s) in rows.iter().zip(&found.statements) {
        assert_eq!((row.1, row.2), (s.start as i64, s.end as i64));
        assert_eq!(row.4, s.content);
    }

    // offsets count in the whole body: the last sentence names its speaker where it says
    let conn = Connection::open(dir.path().join("kb0.sqlite")).unwrap();
    let (speaker, sentence): (String, String) = conn
        .query_row(
            "SELECT e.name, substr(a.body, s.start + 1, s.end - s.start)
             FROM statements s JOIN articles a ON a.id = s.article_id
             JOIN entities e ON e.id = s.speaker_id
             WHERE s.id = (SELECT max(id) FROM statements)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(sentence.contains(&speaker), "{speaker} in «{sentence}»");

    // each of the thirty people is one entity, whichever stretch named them
    let people: i64 = conn
        .query_row(
            "SELECT count(DISTINCT speaker_id) FROM statements WHERE speaker_id IS NOT NULL
               AND speaker_id IN (SELECT id FROM entities WHERE kind = 'person')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(people, (GIVEN.len() * FAMILY.len()) as i64);
    let (ok, err) = qawl(&dir.path().join("kb0.sqlite"), &["check"]);
    assert!(ok, "{err}");
}
