//! Error messages known to be weak, pinned to their current text so that improving one is a
//! deliberate change: when a message here gets better, move its case to `query_errors.rs`.
//!
//! - ordering a count by a field that is not one of its groups calls a real field "unknown";
//! - a date written with slashes gets the generic "put it in quotes" hint, which then fails as
//!   a date;
//! - several values after `=` do not suggest `in (…)`.

use qawl::query::{Catalog, Params, compile};

fn golden(query: &str, expected: &str) {
    let rendered = match compile(query, &Catalog::new(), &Params::new()) {
        Ok(c) => panic!("{query} compiled to\n{}", c.sql),
        Err(e) => e.render(query),
    };
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    assert!(
        rendered == expected,
        "rendered error differs\n--- expected ---\n{expected}--- rendered ---\n{rendered}----------------"
    );
}

#[test]
fn ordering_a_count_by_a_field_that_is_not_a_group() {
    golden(
        "count statements by verb order by speaker",
        r#"
error at 1:35: unknown field `speaker` in statements
  count statements by verb order by speaker
                                    ^^^^^^^ `speaker`
  expected a field of statements, found `speaker`
  hint: the fields of statements: verb, count
"#,
    );
}

#[test]
fn a_date_with_slashes() {
    golden(
        "statements where date = 12/03/2018",
        r#"
error at 1:27: unexpected character `/`
  statements where date = 12/03/2018
                            ^ `/`
  expected a word, a quoted value, an operator, a parenthesis or a comma, found `/`
  hint: a value with other characters than letters, digits, _ and - goes in quotes: "…"
"#,
    );
}

#[test]
fn several_values_after_equals_instead_of_in() {
    golden(
        "statements where verb = denied, said",
        r#"
error at 1:31: unexpected `,`
  statements where verb = denied, said
                                ^ `,`
  expected `and`, `or`, `show`, `order`, `limit`, `;` or the end of the query, found `,`
"#,
    );
}
