//! Big queries run as SQLite accepts them (balanced trees, one JSON parameter for a long list),
//! or are refused with a query error that points at the condition and states the limit.

mod query_support;

use qawl::query::{Catalog, ErrorKind, MAX_PARAMS, Params, compile};
use query_support::{ids, store};

#[test]
fn nine_hundred_ninety_nine_ors_of_one_field_run() {
    let s = store();
    let mut terms = vec!["speaker = علوان".to_string()];
    terms.extend((1..999).map(|i| format!("speaker = \"لا أحد {i}\"")));
    let query = format!("statements where {}", terms.join(" or "));
    assert_eq!(ids(&s, &query), [4, 1]);
}

#[test]
fn nine_hundred_ninety_nine_ors_of_different_tests_run() {
    let s = store();
    // `~` terms do not merge: the chain itself must stay shallow
    let mut terms = vec!["verb = confirmed".to_string()];
    terms.extend((1..999).map(|i| format!("surface ~ \"لا أحد {i}\"")));
    let query = format!("statements where {}", terms.join(" or "));
    assert_eq!(ids(&s, &query), [2]);
    let ands = vec!["not negated"; 999].join(" and ");
    assert_eq!(
        ids(&s, &format!("statements where {ands} and verb = denied")),
        [1]
    );
}

#[test]
fn nine_hundred_ninety_nine_ors_of_entity_fields_run() {
    let s = store();
    // each `~` is a set of keys; so many are not one union (SQLite joins at most 500 selects)
    let mut terms = vec!["org = «جيش الإسلام»".to_string()];
    terms.extend((1..999).map(|i| match i % 2 {
        0 => format!("speaker ~ \"لا أحد {i}\""),
        _ => format!("about ~ \"لا أحد {i}\""),
    }));
    let query = format!("statements where {}", terms.join(" or "));
    let few = "statements where org = «جيش الإسلام» or speaker ~ \"لا أحد\" or about ~ \"لا أحد\"";
    assert_eq!(ids(&s, &query), ids(&s, few));
    assert!(!ids(&s, few).is_empty());
}

#[test]
fn in_with_forty_thousand_values_runs() {
    let s = store();
    let mut values: Vec<String> = (0..40_000).map(|i| format!("\"لا أحد {i}\"")).collect();
    values[20_000] = "بيرقدار".into();
    let query = format!("statements where speaker in ({})", values.join(", "));
    assert_eq!(ids(&s, &query), [5, 2]);
    let numbers: Vec<String> = (1..=40_000).rev().map(|i| i.to_string()).collect();
    let query = format!(
        "statements where id in ({}) and verb = said",
        numbers.join(",")
    );
    assert_eq!(ids(&s, &query), [6, 3]);
}

#[test]
fn more_separate_values_than_sqlite_binds_are_refused_with_the_limit() {
    let terms: Vec<String> = (0..=MAX_PARAMS)
        .map(|i| format!("surface ~ s{i}"))
        .collect();
    // and one more for the limit
    let query = format!("statements where {} limit 3", terms.join(" or "));
    let err = compile(&query, &Catalog::new(), &Params::new()).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::TooManyValues {
            count: MAX_PARAMS + 2,
            limit: MAX_PARAMS
        }
    );
    assert_eq!(&query[err.span.start..err.span.start + 12], "surface ~ s0");
    assert!(query[..err.span.end].ends_with(&format!("s{MAX_PARAMS}")));
    let rendered = err.render(&query);
    assert!(
        rendered.contains("SQLite takes at most 32766"),
        "{rendered}"
    );
    assert!(rendered.len() < 2_000, "{} bytes", rendered.len());
}
