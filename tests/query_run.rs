//! Queries run on a hand-made store return the right rows.

mod query_support;

use qawl::Store;
use qawl::query::{Catalog, FieldType, Params, compile};
use qawl::text::index_text;
use query_support::{ids, result, rows, store};

#[test]
fn a_speaker_is_found_by_name_or_alias() {
    let s = store();
    assert_eq!(ids(&s, "statements where speaker=\"وائل علوان\""), [4, 1]);
    assert_eq!(ids(&s, "statements where speaker=علوان"), [4, 1]);
    assert_eq!(ids(&s, "statements where speaker=بيرقدار"), [5, 2]);
}

#[test]
fn names_match_after_arabic_normalisation() {
    let s = store();
    assert_eq!(ids(&s, "statements where speaker=\"حمزة بيرقدار\""), [5, 2]);
    assert_eq!(ids(&s, "statements where speaker='حمزه بيرقدار'"), [5, 2]);
    assert_eq!(ids(&s, "statements where speaker=«حَمْزَة بَيْرَقْدار»"), [5, 2]);
    assert_eq!(ids(&s, "statements where org=\"جيش الاسلام\""), [1]);
    assert_eq!(ids(&s, "statements where speaker ~ بيرق"), [5, 2]);
}

#[test]
fn an_unnamed_speaker_is_shown_and_found_by_surface() {
    let s = store();
    assert_eq!(ids(&s, "statements where speaker=\"مصدر عسكري\""), [3]);
    let shown = rows(&s, "statements where id = 3 show speaker");
    assert_eq!(shown, [["مصدر عسكري"]]);
    let named = rows(&s, "statements where id = 2 show speaker");
    assert_eq!(named, [["حمزة بيرقدار"]]);
}

#[test]
fn negation_keeps_rows_without_a_value() {
    let s = store();
    assert_eq!(ids(&s, "statements where speaker != علوان"), [6, 5, 3, 2]);
    assert_eq!(
        ids(&s, "statements where not org = \"جيش الإسلام\""),
        [6, 5, 4, 3, 2]
    );
}

#[test]
fn verbs_by_class_or_arabic_word_and_negation() {
    let s = store();
    assert_eq!(ids(&s, "statements where verb=نفى"), [4, 1]);
    assert_eq!(ids(&s, "statements where verb=denied and not negated"), [1]);
    assert_eq!(ids(&s, "statements where negated"), [4]);
    assert_eq!(
        ids(
            &s,
            "statements where negated = false and verb in (denied, حذر)"
        ),
        [5, 1]
    );
}

#[test]
fn full_text_matches_stemmed_words_and_phrases() {
    let s = store();
    let found = ids(&s, "statements where content ~ \"مفاوضات\"");
    assert!(found.contains(&1) && found.contains(&2), "{found:?}");
    assert_eq!(ids(&s, "statements where content ~ '\"دفعة ثانية\"'"), [4]);
    assert_eq!(ids(&s, "statements where content ~ 'دفعة ثانية'"), [5, 4]);
    assert_eq!(
        ids(&s, "statements where content ~ 'دفعة عربين'"),
        Vec::<i64>::new()
    );
    assert_eq!(ids(&s, "statements where title ~ الغوطة"), [6, 5]);
    assert_eq!(rows(&s, "articles where title ~ تفاوض show id"), [["1"]]);
}

/// The index and the query meet on `text::index_text`: where it takes والمفاوضات to the stem of
/// مفاوضات, a search finds it, and only then.
#[test]
fn full_text_sees_through_clitics_as_far_as_the_stemmer_does() {
    let s = store();
    let stems_meet = index_text("والمفاوضات") == index_text("مفاوضات");
    let found = ids(&s, "statements where content ~ \"مفاوضات\"");
    assert_eq!(found.contains(&5), stems_meet, "{found:?}");
}

#[test]
fn partial_dates_and_arabic_indic_digits() {
    let s = store();
    assert_eq!(ids(&s, "statements where date = 2018-03"), [1, 2]);
    assert_eq!(ids(&s, "statements where date = 2018"), [4, 3, 1, 2]);
    assert_eq!(ids(&s, "statements where date = ٢٠١٨-٠٣-١٢"), [1]);
    assert_eq!(ids(&s, "statements where date > 2018-03"), [6, 5, 4, 3]);
    assert_eq!(ids(&s, "statements where date < 2018-04"), [1, 2]);
    assert_eq!(ids(&s, "statements where date <= 2018-04"), [4, 3, 1, 2]);
    assert_eq!(
        ids(&s, "statements where date between 2018-04 and 2019-01-20"),
        [5, 4, 3]
    );
    assert_eq!(ids(&s, "statements where published = 2019"), [6, 5]);
}

#[test]
fn counts_by_date_buckets_and_fields_largest_first() {
    let s = store();
    assert_eq!(
        rows(&s, "count statements by year"),
        [["2018", "4"], ["2019", "2"]]
    );
    assert_eq!(
        rows(&s, "count statements where date < 2019 by month"),
        [["2018-03", "2"], ["2018-04", "2"]]
    );
    assert_eq!(rows(&s, "count statements where verb = said"), [["2"]]);
    assert_eq!(
        rows(&s, "count statements by verb order by verb limit 2"),
        [["confirmed", "1"], ["denied", "2"]]
    );
    assert_eq!(rows(&s, "count statements by about"), [["دوما", "1"]]);
}

#[test]
fn articles_and_entities() {
    let s = store();
    assert_eq!(rows(&s, "articles where mentions = دوما show id"), [["1"]]);
    assert_eq!(
        rows(&s, "articles where source = 'شبكه شام' show source"),
        [["شبكة شام"]]
    );
    assert_eq!(
        rows(
            &s,
            "entities where name = علوان show name, kind, statements, alias"
        ),
        [["وائل علوان", "person", "2", "علوان"]]
    );
    assert_eq!(
        rows(&s, "entities where kind = org and statements > 0 show name"),
        [["فيلق الرحمن"]]
    );
    assert_eq!(
        rows(&s, "statements where about = دوما show speaker, org, about"),
        [["وائل علوان", "جيش الإسلام", "دوما"]]
    );
}

#[test]
fn missing_values_headlines_and_sentences() {
    let s = store();
    assert_eq!(ids(&s, "statements where quote is not null"), [1]);
    assert_eq!(ids(&s, "statements where quote != \"\""), [1]);
    // statement 3 holds an empty quote, which is no quote
    assert_eq!(
        ids(&s, "statements where quote = '' and verb = said"),
        [6, 3]
    );
    assert_eq!(ids(&s, "statements where org is null"), [6, 5, 4, 3, 2]);
    assert_eq!(ids(&s, "statements where about is null"), [6, 5, 4, 3, 2]);
    assert_eq!(ids(&s, "statements where about is not null"), [1]);
    assert_eq!(ids(&s, "statements where date is null"), Vec::<i64>::new());
    assert_eq!(ids(&s, "statements where headline"), [2]);
    assert_eq!(rows(&s, "count statements where not headline"), [["5"]]);
    assert_eq!(
        rows(&s, "statements where id = 1 show sentence"),
        [["نص الخبر الأول"]]
    );
    assert_eq!(
        rows(&s, "statements where headline show sentence"),
        [["جيش الإسلام ينفي"]]
    );
    assert_eq!(
        ids(&s, "statements where sentence ~ الخبر"),
        [6, 5, 4, 3, 1]
    );
    assert_eq!(ids(&s, "statements where sentence ~ ينفي"), [2]);
    assert_eq!(ids(&s, "articles where author is null").len(), 2);
    assert_eq!(
        rows(
            &s,
            "entities where alias is not null and name = علوان show name"
        ),
        [["وائل علوان"]]
    );
    assert_eq!(
        rows(&s, "entities where alias is null and name = دوما show name"),
        [["دوما"]]
    );
}

#[test]
fn yes_no_fields_are_booleans_and_lists_are_lists() {
    use qawl::output::Cell;
    let s = store();
    let rs = result(
        &s,
        "statements where id in (1, 4) show id, negated, headline, about order by id",
    );
    assert_eq!(rs.rows[0][0], Cell::Int(1));
    assert_eq!(rs.rows[0][1], Cell::Bool(false));
    assert_eq!(rs.rows[1][1], Cell::Bool(true));
    assert_eq!(rs.rows[0][2], Cell::Bool(false));
    let list = |rs: &qawl::output::ResultSet, row: usize, col: usize| match &rs.rows[row][col] {
        Cell::List { items, .. } => items.clone(),
        other => panic!("not a list: {other:?}"),
    };
    assert_eq!(list(&rs, 0, 3), ["دوما"]);
    assert!(list(&rs, 1, 3).is_empty());
    let entity = result(&s, "entities where name = علوان show alias, statements");
    assert_eq!(list(&entity, 0, 0), ["علوان"]);
    assert_eq!(entity.rows[0][1], Cell::Int(2));
    let mentions = result(&s, "articles where id = 1 show mentions");
    assert_eq!(list(&mentions, 0, 0), ["دوما"]);
    // a group of a list field is one name, and a count is a number
    let groups = result(&s, "count statements by about, negated");
    assert_eq!(
        groups.rows,
        [[Cell::from("دوما"), Cell::Bool(false), Cell::Int(1)]]
    );
}

#[test]
fn parameters_behave_like_typed_values() {
    let s = store();
    let params: Params = [("who", "علوان"), ("when", "2018-03")]
        .into_iter()
        .collect();
    let query = "statements where speaker = $who and date = $when show id";
    let c = compile(query, &Catalog::new(), &params).unwrap();
    let rs = s.select(&c.sql, &c.params).unwrap();
    assert_eq!(rs.rows.len(), 1);
}

/// Every field compiles in `show`, `where`, `order by` and `count … by`, and the SQL runs: the
/// catalog names only columns the schema has.
#[test]
fn every_catalog_field_runs_against_the_schema() {
    let store = Store::open_in_memory().unwrap();
    let catalog = Catalog::new();
    for table in catalog.tables() {
        let all: Vec<&str> = table.fields.iter().map(|f| f.name).collect();
        run(&store, &format!("{} show {}", table.name, all.join(", ")));
        for field in table.fields {
            let sample = sample_condition(field.name, field.ty);
            run(
                &store,
                &format!("{} where {sample} order by {}", table.name, field.name),
            );
            run(&store, &format!("{} where not ({sample})", table.name));
            run(&store, &format!("count {} by {}", table.name, field.name));
            if field.may_be_missing() {
                run(
                    &store,
                    &format!("{} where {} is null", table.name, field.name),
                );
                run(
                    &store,
                    &format!("{} where {} != ''", table.name, field.name),
                );
            }
        }
    }
}

fn sample_condition(name: &str, ty: FieldType) -> String {
    match ty {
        FieldType::Int | FieldType::Count => format!("{name} between 1 and 3"),
        FieldType::Date => format!("{name} > 2018-03"),
        FieldType::Bool => name.to_string(),
        FieldType::Verb => format!("{name} = نفى"),
        FieldType::Kind => format!("{name} = person"),
        FieldType::Text | FieldType::Entity(_) => format!("{name} = علوان or {name} ~ علو"),
        FieldType::LongText(_) => format!("{name} ~ علوان or {name} = علوان"),
    }
}

fn run(store: &Store, query: &str) {
    let c = compile(query, &Catalog::new(), &Params::new())
        .unwrap_or_else(|e| panic!("{}", e.render(query)));
    if let Err(e) = store.select(&c.sql, &c.params) {
        panic!("{query}\n{}\n{e}", c.sql);
    }
}
