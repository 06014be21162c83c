//! Every error kind, rendered in full: message with line:column, the query line, the caret
//! under the span, the fragment quoted, expected/found, and the hints.

use qawl::query::{Catalog, Params, compile};

/// Compares the rendered error of `query` with `expected` (a leading newline is ignored) and
/// prints both in full when they differ.
fn golden(query: &str, expected: &str) {
    let err = match compile(query, &Catalog::new(), &Params::new()) {
        Ok(c) => panic!("{query} compiled to\n{}", c.sql),
        Err(e) => e,
    };
    let rendered = err.render(query);
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    assert!(
        rendered == expected,
        "rendered error differs\n--- expected ---\n{expected}--- rendered ---\n{rendered}----------------"
    );
    let within = err.span.start <= err.span.end && err.span.end <= query.len();
    assert!(
        within && query.is_char_boundary(err.span.start) && query.is_char_boundary(err.span.end)
    );
}

#[test]
fn unexpected_token_lists_what_could_come_next() {
    golden(
        "statements where verb=denied shwo date",
        r#"
error at 1:30: unexpected `shwo`
  statements where verb=denied shwo date
                               ^^^^ `shwo`
  expected `and`, `or`, `show`, `order`, `limit`, `;` or the end of the query, found `shwo`
  hint: did you mean show?
"#,
    );
}

#[test]
fn unexpected_end_says_what_was_expected() {
    golden(
        "statements where speaker =",
        r#"
error at 1:27: the query ends too early
  statements where speaker =
                            ^ (end of query)
  expected a value, found the end
"#,
    );
}

#[test]
fn an_empty_query_says_where_to_start() {
    golden(
        "",
        r#"
error at 1:1: the query ends too early
  
  ^ (end of query)
  expected `explain`, `count` or a table, found the end
  hint: a query starts with a table: statements, articles or entities
"#,
    );
}

#[test]
fn unexpected_character_suggests_quotes() {
    golden(
        "statements where speaker @ \"علوان\"",
        r#"
error at 1:26: unexpected character `@`
  statements where speaker @ "علوان"
                           ^ `@`
  expected a word, a quoted value, an operator, a parenthesis or a comma, found `@`
  hint: a value with other characters than letters, digits, _ and - goes in quotes: "…"
"#,
    );
}

#[test]
fn unknown_table_names_the_tables() {
    golden(
        "statement where verb=denied",
        r#"
error at 1:1: unknown table `statement`
  statement where verb=denied
  ^^^^^^^^^ `statement`
  expected a table (statements, articles, entities), found `statement`
  hint: did you mean statements?
"#,
    );
}

#[test]
fn unknown_field_suggests_the_nearest() {
    golden(
        "statements where speakr=\"وائل علوان\"",
        r#"
error at 1:18: unknown field `speakr` in statements
  statements where speakr="وائل علوان"
                   ^^^^^^ `speakr`
  expected a field of statements, found `speakr`
  hint: did you mean speaker?
  hint: the fields of statements: date, speaker, verb, negated, content, source, id, published, surface, role, org, verb_text, quote, about, title, article, headline, sentence
"#,
    );
}

#[test]
fn unknown_field_of_another_table_says_where_it_is() {
    golden(
        "articles where speaker = علوان",
        r#"
error at 1:16: unknown field `speaker` in articles
  articles where speaker = علوان
                 ^^^^^^^ `speaker`
  expected a field of articles, found `speaker`
  hint: speaker is a field of statements
  hint: the fields of articles: date, title, source, id, author, url, section, body, mentions, path
"#,
    );
}

#[test]
fn operator_not_allowed_lists_the_operators_of_the_type() {
    golden(
        "statements where speaker < \"علوان\"",
        r#"
error at 1:26: operator < does not apply to speaker (entity)
  statements where speaker < "علوان"
                           ^ `<`
  expected one of = != ~ !~ in, found `<`
"#,
    );
}

#[test]
fn a_field_alone_must_be_yes_no() {
    golden(
        "statements where speaker and verb=denied",
        r#"
error at 1:18: speaker is not a yes/no field and needs a comparison
  statements where speaker and verb=denied
                   ^^^^^^^ `speaker`
  expected an operator after speaker, found no operator
  hint: compare it with a value: speaker = …
  hint: or ask whether it has one: speaker is not null
"#,
    );
}

#[test]
fn unknown_verb_lists_the_classes() {
    golden(
        "statements where verb=shouted",
        r#"
error at 1:23: unknown verb `shouted`
  statements where verb=shouted
                        ^^^^^^^ `shouted`
  expected a verb class, found `shouted`
  hint: the classes: said, denied, confirmed, announced, accused, condemned, warned, threatened, demanded, rejected, claimed, acknowledged, reported
  hint: an Arabic reporting word works too: verb=نفى is verb=denied
"#,
    );
}

#[test]
fn a_misspelt_verb_is_suggested() {
    golden(
        "statements where verb=deneid",
        r#"
error at 1:23: unknown verb `deneid`
  statements where verb=deneid
                        ^^^^^^ `deneid`
  expected a verb class, found `deneid`
  hint: did you mean denied?
  hint: the classes: said, denied, confirmed, announced, accused, condemned, warned, threatened, demanded, rejected, claimed, acknowledged, reported
  hint: an Arabic reporting word works too: verb=نفى is verb=denied
"#,
    );
}

#[test]
fn wrong_value_type_says_what_the_field_wants() {
    golden(
        "statements where date = ٢٠١٨-١٣",
        r#"
error at 1:25: wrong value for date: `٢٠١٨-١٣`
  statements where date = ٢٠١٨-١٣
                          ^^^^^^^ `٢٠١٨-١٣`
  expected a date like 2018-03-12, a month like 2018-03 or a year like 2018, found `٢٠١٨-١٣`
"#,
    );
}

#[test]
fn unterminated_string_points_at_the_open_quote() {
    golden(
        "statements where speaker = «وائل علوان",
        r#"
error at 1:28: unterminated string: the closing » is missing
  statements where speaker = «وائل علوان
                             ^ `«`
  expected a closing », found the end
  hint: the string opened here; close it with »
"#,
    );
}

#[test]
fn unterminated_parenthesis_points_at_where_it_opened() {
    golden(
        "statements where (verb=denied or verb=نفى",
        r#"
error at 1:18: unclosed parenthesis
  statements where (verb=denied or verb=نفى
                   ^ `(`
  expected a closing ), found the end
  hint: the parenthesis opened here; close it with )
"#,
    );
}

#[test]
fn missing_parameter_is_named() {
    golden(
        "statements where speaker = $who",
        r#"
error at 1:28: no value for parameter $who
  statements where speaker = $who
                             ^^^^ `$who`
  expected a value for $who, found none
  hint: give it a value: --param who=… on the command line, .param set who … in the REPL
"#,
    );
}

#[test]
fn bad_limit_says_what_a_limit_is() {
    golden(
        "statements limit ten",
        r#"
error at 1:18: bad limit `ten`
  statements limit ten
                   ^^^ `ten`
  expected a whole number from 0, found `ten`
  hint: limit takes how many rows to show: limit 20, limit 20 offset 40
"#,
    );
}

#[test]
fn a_misspelt_keyword_is_suggested() {
    golden(
        "statements were verb=denied",
        r#"
error at 1:12: unexpected `were`
  statements were verb=denied
             ^^^^ `were`
  expected `where`, `show`, `order`, `limit`, `;` or the end of the query, found `were`
  hint: did you mean where?
"#,
    );
}

#[test]
fn a_keyword_as_a_value_must_be_quoted() {
    golden(
        "statements where source = by",
        r#"
error at 1:27: unexpected `by`
  statements where source = by
                            ^^ `by`
  expected a value, found `by`
  hint: by is a keyword; to use it as a value, quote it: "by"
"#,
    );
}

#[test]
fn an_unquoted_phrase_is_spotted() {
    golden(
        "statements where speaker = وائل علوان",
        r#"
error at 1:33: unexpected `علوان`
  statements where speaker = وائل علوان
                                  ^^^^^ `علوان`
  expected `and`, `or`, `show`, `order`, `limit`, `;` or the end of the query, found `علوان`
  hint: a value of several words goes in quotes: "وائل علوان"
"#,
    );
}

#[test]
fn a_missing_and_is_spotted() {
    golden(
        "statements where speaker = علوان verb = denied",
        r#"
error at 1:34: unexpected `verb`
  statements where speaker = علوان verb = denied
                                   ^^^^ `verb`
  expected `and`, `or`, `show`, `order`, `limit`, `;` or the end of the query, found `verb`
  hint: conditions are joined with and / or: … and verb …
"#,
    );
}

#[test]
fn a_doubled_operator_is_spotted() {
    golden(
        "statements where speaker == علوان",
        r#"
error at 1:27: unexpected `=`
  statements where speaker == علوان
                            ^ `=`
  expected a value, found `=`
  hint: one operator goes between a field and its value, e.g. speaker = …
"#,
    );
}

#[test]
fn a_field_that_always_has_a_value_is_never_null() {
    golden(
        "statements where verb is null",
        r#"
error at 1:18: verb always has a value, so it is never null or empty
  statements where verb is null
                   ^^^^^^^^^^^^ `verb is null`
  expected a field that may have no value, found `verb`
  hint: the fields of statements that may have no value: date, speaker, content, source, published, surface, role, org, verb_text, quote, about, title, sentence
"#,
    );
    golden(
        "articles where id != ''",
        r#"
error at 1:16: id always has a value, so it is never null or empty
  articles where id != ''
                 ^^^^^^^^ `id != ''`
  expected a field that may have no value, found `id`
  hint: the fields of articles that may have no value: date, title, source, author, url, section, body, mentions, path
"#,
    );
}

#[test]
fn null_is_not_a_value_but_a_test() {
    golden(
        "statements where quote = null",
        r#"
error at 1:26: unexpected `null`
  statements where quote = null
                           ^^^^ `null`
  expected a value, found `null`
  hint: a missing value is tested with is null, a present one with is not null: quote is not null
"#,
    );
    golden(
        "statements where quote is empty",
        r#"
error at 1:27: unexpected `empty`
  statements where quote is empty
                            ^^^^^ `empty`
  expected `not` or `null`, found `empty`
"#,
    );
}

#[test]
fn the_line_and_column_of_a_later_line() {
    golden(
        "statements\nwhere verb = نفى\n  and speakr = \"علوان\"",
        r#"
error at 3:7: unknown field `speakr` in statements
    and speakr = "علوان"
        ^^^^^^ `speakr`
  expected a field of statements, found `speakr`
  hint: did you mean speaker?
  hint: the fields of statements: date, speaker, verb, negated, content, source, id, published, surface, role, org, verb_text, quote, about, title, article, headline, sentence
"#,
    );
}

#[test]
fn the_caret_skips_harakat_but_the_column_counts_them() {
    golden(
        "statements where speaker = \"ح\u{64e}م\u{652}ز\u{64e}ة\" and speakr = x",
        r#"
error at 1:42: unknown field `speakr` in statements
  statements where speaker = "حَمْزَة" and speakr = x
                                        ^^^^^^ `speakr`
  expected a field of statements, found `speakr`
  hint: did you mean speaker?
  hint: the fields of statements: date, speaker, verb, negated, content, source, id, published, surface, role, org, verb_text, quote, about, title, article, headline, sentence
"#,
    );
}

#[test]
fn ordering_a_count_by_a_field_that_is_not_a_group_says_how_to_count_by_it() {
    golden(
        "count statements by verb order by speaker",
        r#"
error at 1:35: a count is ordered by its own columns, and `speaker` is not one of them
  count statements by verb order by speaker
                                    ^^^^^^^ `speaker`
  expected a column of the count (verb or count), found `speaker`
  hint: to order by speaker, count by it too: … by verb, speaker order by speaker
"#,
    );
}

#[test]
fn ordering_a_count_by_a_date_bucket_it_does_not_group_by() {
    golden(
        "count statements by verb order by month",
        r#"
error at 1:35: a count is ordered by its own columns, and `month` is not one of them
  count statements by verb order by month
                                    ^^^^^ `month`
  expected a column of the count (verb or count), found `month`
  hint: to order by month, count by it too: … by verb, month order by month
"#,
    );
}

#[test]
fn ordering_a_count_by_an_unknown_name_lists_the_count_columns() {
    golden(
        "count statements by verb order by cuont desc",
        r#"
error at 1:35: unknown field `cuont` in statements
  count statements by verb order by cuont desc
                                    ^^^^^ `cuont`
  expected a field of statements, found `cuont`
  hint: did you mean count?
  hint: a count is ordered by its columns: verb, count
"#,
    );
}

#[test]
fn a_date_with_slashes_day_or_month_first_gives_both_iso_forms() {
    golden(
        "statements where date = 12/03/2018",
        r#"
error at 1:25: the date `12/03/2018` is written with separators qawl does not read
  statements where date = 12/03/2018
                          ^^^^^^^^^^ `12/03/2018`
  expected a date like 2018-03-12, a month like 2018-03 or a year like 2018, found `12/03/2018`
  hint: write 2018-03-12 for 12 March 2018, or 2018-12-03 for 3 December 2018
"#,
    );
}

#[test]
fn a_date_with_dots_that_reads_one_way_only() {
    golden(
        "statements where date >= ٢٠١٨.٠٣.١٢ and verb = denied",
        r#"
error at 1:26: the date `٢٠١٨.٠٣.١٢` is written with separators qawl does not read
  statements where date >= ٢٠١٨.٠٣.١٢ and verb = denied
                           ^^^^^^^^^^ `٢٠١٨.٠٣.١٢`
  expected a date like 2018-03-12, a month like 2018-03 or a year like 2018, found `٢٠١٨.٠٣.١٢`
  hint: write it 2018-03-12 for 12 March 2018
"#,
    );
}

#[test]
fn a_quoted_date_with_slashes_gets_the_same_way_out() {
    golden(
        r#"statements where date between "31/12/2017" and 2018"#,
        r#"
error at 1:31: the date `31/12/2017` is written with separators qawl does not read
  statements where date between "31/12/2017" and 2018
                                ^^^^^^^^^^^^ `"31/12/2017"`
  expected a date like 2018-03-12, a month like 2018-03 or a year like 2018, found `31/12/2017`
  hint: write it 2017-12-31 for 31 December 2017
"#,
    );
}

#[test]
fn a_month_with_a_slash() {
    golden(
        "count statements where date = 03/2018",
        r#"
error at 1:31: the date `03/2018` is written with separators qawl does not read
  count statements where date = 03/2018
                                ^^^^^^^ `03/2018`
  expected a date like 2018-03-12, a month like 2018-03 or a year like 2018, found `03/2018`
  hint: write it 2018-03 for March 2018
"#,
    );
}

#[test]
fn several_values_after_equals_suggest_in() {
    golden(
        "statements where verb = denied, said",
        r#"
error at 1:25: several values after =, which compares with one
  statements where verb = denied, said
                          ^^^^^^^^^^^^ `denied, said`
  expected one value after =, found 2 values: denied, said
  hint: to match any of them, use in: verb in (denied, said)
"#,
    );
}

#[test]
fn several_values_after_not_equals_suggest_not_in() {
    golden(
        "statements where speaker != «علوان»، 'الشامي', x and negated",
        r#"
error at 1:29: several values after !=, which compares with one
  statements where speaker != «علوان»، 'الشامي', x and negated
                              ^^^^^^^^^^^^^^^^^^^^ `«علوان»، 'الشامي', x`
  expected one value after !=, found 3 values: «علوان», 'الشامي', x
  hint: to match none of them, use not in: speaker not in («علوان», 'الشامي', x)
"#,
    );
}

#[test]
fn several_search_terms_after_tilde_suggest_or() {
    golden(
        "statements where content ~ هدنة, مفاوضات",
        r#"
error at 1:28: several values after ~, which compares with one
  statements where content ~ هدنة, مفاوضات
                             ^^^^^^^^^^^^^ `هدنة, مفاوضات`
  expected one value after ~, found 2 values: هدنة, مفاوضات
  hint: to match any of them, join the conditions with or: content ~ هدنة or content ~ مفاوضات
"#,
    );
}

#[test]
fn sql_typed_as_a_query_points_to_qawl_sql() {
    golden(
        "SELECT * FROM statements",
        r#"
error at 1:1: `SELECT` starts SQL, and this takes a query of qawl's language
  SELECT * FROM statements
  ^^^^^^ `SELECT`
  expected a table (statements, articles or entities), `count` or `explain`, found `SELECT`
  hint: run it with qawl sql 'SELECT * FROM statements' (in the REPL: .sql SELECT * FROM statements)
  hint: or ask in qawl's language: statements where verb = denied show date, speaker, content
"#,
    );
}

#[test]
fn sql_after_explain_or_with_quotes_gets_the_short_hint() {
    golden(
        "explain  query plan select speaker from statements where verb = 'denied'",
        r#"
error at 1:10: `query` starts SQL, and this takes a query of qawl's language
  explain  query plan select speaker from statements where verb = 'denied'
           ^^^^^ `query`
  expected a table (statements, articles or entities), `count` or `explain`, found `query`
  hint: run SQL with qawl sql '…' (in the REPL: .sql …)
  hint: or ask in qawl's language: statements where verb = denied show date, speaker, content
"#,
    );
}

#[test]
fn a_table_named_like_sql_words_is_still_a_table_error() {
    golden(
        "selections where verb = denied",
        r#"
error at 1:1: unknown table `selections`
  selections where verb = denied
  ^^^^^^^^^^ `selections`
  expected a table (statements, articles, entities), found `selections`
"#,
    );
}
