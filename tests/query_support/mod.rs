//! A small hand-made store for the query tests: two articles, four entities, six statements.
// each test file that includes this module uses only part of it
#![allow(dead_code)]

use chrono::NaiveDate;
use qawl::Store;
use qawl::model::{Article, EntityKind, EntityRef, Extraction, Mention, Statement, VerbClass};
use qawl::query::{Catalog, Params, compile};
use qawl::store::BatchItem;

fn day(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}

fn entity(kind: EntityKind, name: &str, aliases: &[&str]) -> EntityRef {
    EntityRef {
        kind,
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
    }
}

/// A statement by entity `speaker` (or an unnamed `surface`), said on `date`.
fn statement(
    speaker: Option<usize>,
    surface: &str,
    verb: VerbClass,
    content: &str,
    date: &str,
) -> Statement {
    Statement {
        speaker,
        surface: Some(surface.into()),
        role: None,
        org: None,
        verb,
        verb_text: verb.as_str().into(),
        negated: false,
        content: content.into(),
        quote: None,
        said_on: day(date),
        date_explicit: false,
        start: 0,
        end: 10,
        in_headline: false,
        about: Vec::new(),
    }
}

fn first_article() -> BatchItem {
    let entities = vec![
        entity(EntityKind::Person, "وائل علوان", &["علوان"]),
        entity(EntityKind::Org, "جيش الإسلام", &[]),
        entity(EntityKind::Person, "حمزة بيرقدار", &["بيرقدار"]),
        entity(EntityKind::Place, "دوما", &[]),
    ];
    let mut denial = statement(
        Some(0),
        "وائل علوان",
        VerbClass::Denied,
        "لا صحة لأي مفاوضات حول خروج المقاتلين من دوما",
        "2018-03-12",
    );
    denial.org = Some(1);
    denial.role = Some("الناطق باسم فيلق الرحمن".into());
    denial.about = vec![3];
    denial.quote = Some("لا صحة لأي مفاوضات".into());
    // the sentence: نص الخبر الأول
    denial.end = 14;
    let mut not_denied = statement(
        Some(0),
        "علوان",
        VerbClass::Denied,
        "أن دفعة ثانية من المقاتلين ستخرج خلال أيام",
        "2018-04-05",
    );
    not_denied.negated = true;
    let mut confirmed = statement(
        Some(2),
        "بيرقدار",
        VerbClass::Confirmed,
        "المفاوضات مع الجانب الروسي متوقفة",
        "2018-03-10",
    );
    // read from the headline: its sentence is the title's first words, جيش الإسلام ينفي
    confirmed.in_headline = true;
    confirmed.end = 16;
    let mut unnamed = statement(
        None,
        "مصدر عسكري",
        VerbClass::Said,
        "القصف استهدف الأحياء السكنية",
        "2018-04-02",
    );
    // an empty quote is no quote
    unnamed.quote = Some(String::new());
    let statements = vec![denial, confirmed, unnamed, not_denied];
    BatchItem {
        article: Article {
            title: Some("جيش الإسلام ينفي التفاوض على الخروج من دوما".into()),
            published: day("2018-03-12"),
            source: Some("شبكة شام".into()),
            body: "نص الخبر الأول عن دوما".into(),
            ..Article::default()
        },
        extraction: Extraction {
            entities,
            mentions: vec![Mention {
                entity: 3,
                start: 18,
                end: 22,
                surface: "دوما".into(),
            }],
            statements,
        },
        indexed: None,
    }
}

fn second_article() -> BatchItem {
    let statements = vec![
        statement(
            Some(0),
            "حمزة بيرقدار",
            VerbClass::Warned,
            "ثانية دفعة والمفاوضات لن تتكرر",
            "2019-01-20",
        ),
        statement(
            Some(1),
            "الفيلق",
            VerbClass::Said,
            "قوات النظام قصفت عربين",
            "2019-01-21",
        ),
    ];
    BatchItem {
        article: Article {
            title: Some("تحذير من تصعيد في الغوطة".into()),
            published: day("2019-01-20"),
            source: Some("عنب بلدي".into()),
            body: "نص الخبر الثاني".into(),
            ..Article::default()
        },
        extraction: Extraction {
            entities: vec![
                entity(EntityKind::Person, "حمزه بيرقدار", &[]),
                entity(EntityKind::Org, "فيلق الرحمن", &["الفيلق"]),
            ],
            mentions: Vec::new(),
            statements,
        },
        indexed: None,
    }
}

/// The test store: articles 1 (2018-03-12) and 2 (2019-01-20).
///
/// Statements: 1 علوان denied (2018-03-12), 2 بيرقدار confirmed (2018-03-10), 3 an unnamed
/// "مصدر عسكري" said (2018-04-02), 4 علوان denied, negated (2018-04-05), 5 بيرقدار warned
/// (2019-01-20), 6 فيلق الرحمن said (2019-01-21).
pub fn store() -> Store {
    let mut store = Store::open_in_memory().expect("an in-memory store");
    store
        .insert_batch(&[first_article(), second_article()], "test")
        .expect("the fixture inserts");
    store
}

/// Runs `query` and returns its rows, typed as the catalog says.
pub fn result(store: &Store, query: &str) -> qawl::output::ResultSet {
    let compiled = compile(query, &Catalog::new(), &Params::new())
        .unwrap_or_else(|e| panic!("{}", e.render(query)));
    let rs = store
        .select(&compiled.sql, &compiled.params)
        .unwrap_or_else(|e| panic!("{query}\n{}\n{e}", compiled.sql));
    assert_eq!(rs.columns, compiled.columns, "{query}");
    assert_eq!(compiled.types.len(), compiled.columns.len(), "{query}");
    rs.typed(&compiled.types)
}

/// Runs `query` and returns its rows, each cell as text.
pub fn rows(store: &Store, query: &str) -> Vec<Vec<String>> {
    result(store, query)
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.to_text()).collect())
        .collect()
}

/// The ids of the statements `query` (a statements query) returns, in order.
pub fn ids(store: &Store, query: &str) -> Vec<i64> {
    let query = format!("{query} show id");
    rows(store, &query)
        .iter()
        .map(|r| r[0].parse().expect("an id"))
        .collect()
}
