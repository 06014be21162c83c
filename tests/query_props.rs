//! No input makes the compiler panic: arbitrary text and arbitrary token sequences compile to
//! SQL that runs, or to an error whose span lies inside the input on char boundaries.

use proptest::prelude::*;
use qawl::Store;
use qawl::query::{Catalog, Params, compile};

const TOKENS: &[&str] = &[
    "statements",
    "articles",
    "entities",
    "count",
    "explain",
    "where",
    "and",
    "or",
    "not",
    "in",
    "between",
    "is",
    "null",
    "show",
    "order",
    "by",
    "asc",
    "desc",
    "limit",
    "offset",
    "year",
    "month",
    "week",
    "day",
    "speaker",
    "org",
    "about",
    "verb",
    "negated",
    "content",
    "date",
    "published",
    "title",
    "body",
    "mentions",
    "name",
    "alias",
    "kind",
    "id",
    "statements",
    "source",
    "quote",
    "headline",
    "sentence",
    "=",
    "!=",
    "~",
    "!~",
    "<",
    "<=",
    ">",
    ">=",
    "(",
    ")",
    ",",
    "،",
    ";",
    "\"",
    "'",
    "«",
    "»",
    "\"وائل علوان\"",
    "'حمزة'",
    "«جيش الإسلام»",
    "نفى",
    "denied",
    "true",
    "person",
    "2018",
    "2018-03",
    "٢٠١٨-٠٣-١٢",
    "2018-13-40",
    "10",
    "-1",
    "99999999999999999999",
    "$who",
    "$missing",
    "حَمْزَة",
    "\"\\\"دفعة ثانية\\\"\"",
    "'\"'",
    "\"\"",
    "#",
    "\n",
    "$",
    "!",
    "@",
];

fn params() -> Params {
    [("who", "علوان"), ("n", "3")].into_iter().collect()
}

thread_local! {
    static STORE: Store = Store::open_in_memory().expect("an in-memory store");
}

/// Compiles `text`; SQL must run on an empty store, an error must point inside `text`.
fn holds(text: &str) -> Result<(), TestCaseError> {
    match compile(text, &Catalog::new(), &params()) {
        Ok(compiled) => STORE.with(|store| {
            let run = store.select(&compiled.sql, &compiled.params);
            prop_assert!(run.is_ok(), "{text}\n{}\n{run:?}", compiled.sql);
            Ok(())
        }),
        Err(err) => {
            let (start, end) = (err.span.start, err.span.end);
            prop_assert!(
                start <= end && end <= text.len(),
                "{text:?}: span {start}..{end}"
            );
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            let rendered = err.render(text);
            prop_assert!(rendered.starts_with("error at "));
            Ok(())
        }
    }
}

fn token_sequence() -> impl Strategy<Value = String> {
    let token = prop::sample::select(TOKENS);
    let separator = prop::sample::select(&[" ", " ", " ", "", "\t"][..]);
    prop::collection::vec((token, separator), 0..14).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(t, s)| format!("{t}{s}"))
            .collect::<String>()
    })
}

fn led_by_a_table() -> impl Strategy<Value = String> {
    let table = prop::sample::select(
        &[
            "statements where",
            "count statements where",
            "articles where",
            "entities where",
        ][..],
    );
    (table, token_sequence()).prop_map(|(t, rest)| format!("{t} {rest}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        holds(&text)?;
    }

    #[test]
    fn text_of_query_characters_never_panics(text in "[a-z =!~<>(),;\"'«»$#\\-0-9٠-٩ءا-يَُِّْ\n]{0,60}") {
        holds(&text)?;
    }

    #[test]
    fn token_sequences_never_panic(text in token_sequence()) {
        holds(&text)?;
    }

    #[test]
    fn conditions_after_a_table_never_panic(text in led_by_a_table()) {
        holds(&text)?;
    }
}

#[test]
fn some_token_sequences_compile() {
    // guards the strategies above against only ever producing errors
    for text in [
        "statements where speaker = $who and not negated",
        "count statements where date between 2018 and ٢٠١٨-٠٣-١٢ by month",
        "entities where kind = person order by statements desc limit 10",
    ] {
        holds(text).unwrap();
    }
}

#[test]
fn huge_and_deeply_nested_queries_end_in_an_error_or_sql_not_a_crash() {
    let deep = format!(
        "statements where {}negated{}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let nots = format!("statements where {}negated", "not ".repeat(100_000));
    let open = format!("statements where {}", "(".repeat(100_000));
    let long = format!(
        "statements where {}negated",
        "verb = said or ".repeat(20_000)
    );
    for text in [&deep, &nots, &open] {
        let err = compile(text, &Catalog::new(), &params()).unwrap_err();
        assert!(err.span.end <= text.len());
    }
    let compiled = compile(&long, &Catalog::new(), &params()).unwrap();
    assert_eq!(compiled.params.len(), 2);
    holds("statements where ((((negated))))").unwrap();
}
