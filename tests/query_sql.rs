//! Query text → SQL and bound parameters, one line a construct.

use qawl::output::Cell;
use qawl::query::{Catalog, Params, compile};
use qawl::text::index_text;

/// The entity-id set for one normalised value bound as `?n`.
fn set(n: usize) -> String {
    format!(
        "SELECT id FROM entities WHERE name_norm = ?{n} UNION SELECT entity_id FROM aliases WHERE alias_norm = ?{n}"
    )
}

/// The statements of the speakers in `ids`, and of the unnamed ones whose text passes `surface`.
fn spoken(ids: &str, surface: &str) -> String {
    format!(
        "SELECT s.id FROM statements s WHERE s.speaker_id IN ({ids}) UNION ALL SELECT s.id FROM statements s WHERE s.speaker_id IS NULL AND ({surface})"
    )
}

/// The statements naming the entities in `ids`.
fn about(ids: &str) -> String {
    format!("SELECT statement_id FROM statement_entities WHERE entity_id IN ({ids})")
}

fn compiled(query: &str) -> qawl::query::Compiled {
    let params: Params = [
        ("who", "وائل علوان"),
        ("n", "5"),
        ("month", "2018-03"),
        ("empty", ""),
    ]
    .into_iter()
    .collect();
    compile(query, &Catalog::new(), &params).unwrap_or_else(|e| panic!("{}", e.render(query)))
}

/// The condition after WHERE, up to the end of its line.
fn where_clause(sql: &str) -> &str {
    sql.lines()
        .find_map(|l| l.strip_prefix("WHERE "))
        .unwrap_or_else(|| panic!("no WHERE in\n{sql}"))
}

fn cells(values: &[&dyn ToCell]) -> Vec<Cell> {
    values.iter().map(|v| v.cell()).collect()
}

/// The FTS query qawl builds for these words: each one's indexed form, double-quoted.
fn fts(words: &[&str]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("\"{}\"", index_text(w)))
        .collect();
    quoted.join(" ")
}

trait ToCell {
    fn cell(&self) -> Cell;
}
impl ToCell for &str {
    fn cell(&self) -> Cell {
        Cell::from(*self)
    }
}
impl ToCell for String {
    fn cell(&self) -> Cell {
        Cell::Text(self.clone())
    }
}
impl ToCell for i64 {
    fn cell(&self) -> Cell {
        Cell::Int(*self)
    }
}

/// `case!(query, where = "…", params = [...])` checks the WHERE clause;
/// `case!(query, sql = "…", params = [...])` the whole SQL text.
macro_rules! case {
    ($query:expr, where = $where:expr, params = [$($p:expr),* $(,)?]) => {{
        let c = compiled($query);
        assert_eq!(where_clause(&c.sql), $where, "\nquery: {}\nsql:\n{}", $query, c.sql);
        assert_eq!(c.params, cells(&[$(&$p as &dyn ToCell),*]), "\nquery: {}", $query);
    }};
    ($query:expr, sql = $sql:expr, params = [$($p:expr),* $(,)?]) => {{
        let c = compiled($query);
        assert_eq!(c.sql, $sql, "\nquery: {}", $query);
        assert_eq!(c.params, cells(&[$(&$p as &dyn ToCell),*]), "\nquery: {}", $query);
    }};
}

const STATEMENT_COLUMNS: &str = "SELECT s.said_on AS \"date\", COALESCE(sp.name, s.surface) AS \"speaker\", s.verb AS \"verb\", s.negated AS \"negated\", s.content AS \"content\", a.source AS \"source\", s.id AS \"id\"";

#[test]
fn a_bare_table_lists_default_columns_newest_first() {
    case!(
        "statements",
        sql = format!(
            "{STATEMENT_COLUMNS}\nFROM statements s\nLEFT JOIN entities sp ON sp.id = s.speaker_id\nJOIN articles a ON a.id = s.article_id\nORDER BY s.said_on DESC, s.id DESC"
        ),
        params = []
    );
    case!(
        "articles",
        sql = "SELECT a.published AS \"date\", a.title AS \"title\", a.source AS \"source\", a.id AS \"id\"\nFROM articles a\nORDER BY a.published DESC, a.id DESC",
        params = []
    );
    case!(
        "entities",
        sql = "SELECT e.name AS \"name\", e.kind AS \"kind\", (SELECT count(*) FROM statements x WHERE x.speaker_id = e.id) AS \"statements\", (SELECT count(*) FROM mentions x WHERE x.entity_id = e.id) AS \"mentions\", e.id AS \"id\"\nFROM entities e\nORDER BY \"statements\" DESC, e.name ASC",
        params = []
    );
}

#[test]
fn show_order_limit_offset() {
    case!(
        "statements show date, speaker order by speaker asc, date desc limit 10 offset 20",
        sql = "SELECT s.said_on AS \"date\", COALESCE(sp.name, s.surface) AS \"speaker\"\nFROM statements s\nLEFT JOIN entities sp ON sp.id = s.speaker_id\nORDER BY COALESCE(sp.name, s.surface) ASC, s.said_on DESC\nLIMIT ?1 OFFSET ?2",
        params = [10i64, 20i64]
    );
    case!(
        "articles show title order by date limit ٥",
        sql = "SELECT a.title AS \"title\"\nFROM articles a\nORDER BY a.published ASC\nLIMIT ?1",
        params = [5i64]
    );
    case!(
        "statements show quote limit $n;",
        sql = "SELECT s.quote AS \"quote\"\nFROM statements s\nORDER BY s.said_on DESC, s.id DESC\nLIMIT ?1",
        params = [5i64]
    );
}

#[test]
fn entity_fields_match_names_and_aliases() {
    case!("statements where speaker=\"وائل علوان\"", where = format!("s.id IN ({})", spoken(&set(1), "s.surface_norm = ?1")), params = ["وائل علوان"]);
    case!("statements where speaker = حَمْزَة", where = format!("s.id IN ({})", spoken(&set(1), "s.surface_norm = ?1")), params = ["حمزه"]);
    case!("statements where speaker = $who", where = format!("s.id IN ({})", spoken(&set(1), "s.surface_norm = ?1")), params = ["وائل علوان"]);
    case!("statements where org = «جيش الإسلام»", where = format!("s.id IN (SELECT s.id FROM statements s WHERE s.org_id IN ({}))", set(1)), params = ["جيش الاسلام"]);
    case!("statements where about = أنقرة", where = format!("s.id IN ({})", about(&set(1))), params = ["انقره"]);
    case!("articles where mentions = حماس", where = format!("a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({}))", set(1)), params = ["حماس"]);
    case!("entities where name = علوان", where = format!("e.id IN ({})", set(1)), params = ["علوان"]);
    case!("entities where alias = علوان", where = format!("e.id IN ({})", set(1)), params = ["علوان"]);
}

#[test]
fn the_tests_beside_a_set_of_statements_narrow_it() {
    // the verb goes into both parts of the speaker's set (read through the speaker and verb
    // index); the join's field does not, nor does a set of another table
    let narrowed = |name: usize, verb: usize| {
        format!(
            "SELECT s.id FROM statements s WHERE s.speaker_id IN ({}) AND (s.verb = ?{verb}) UNION ALL SELECT s.id FROM statements s WHERE s.speaker_id IS NULL AND (s.surface_norm = ?{name}) AND (s.verb = ?{verb})",
            set(name)
        )
    };
    case!("statements where speaker = علوان and verb = denied", where = format!("(s.id IN ({}) AND s.verb = ?2)", narrowed(1, 2)), params = ["علوان", "denied"]);
    case!("statements where verb = denied and not speaker = علوان", where = format!("(s.verb = ?1 AND NOT (s.id IN ({})))", narrowed(2, 1)), params = ["denied", "علوان"]);
    case!("statements where source = عنب and about = علوان", where = format!("(qawl_norm(a.source) = ?1 AND s.id IN ({}))", about(&set(2))), params = ["عنب", "علوان"]);
}

#[test]
fn entity_substring_set_and_negation() {
    case!("statements where org ~ الإسلام", where = "s.id IN (SELECT s.id FROM statements s WHERE s.org_id IN (SELECT id FROM entities WHERE instr(name_norm, ?1) > 0 UNION SELECT entity_id FROM aliases WHERE instr(alias_norm, ?1) > 0))", params = ["الاسلام"]);
    case!("statements where speaker ~ علوان", where = format!("s.id IN ({})", spoken("SELECT id FROM entities WHERE instr(name_norm, ?1) > 0 UNION SELECT entity_id FROM aliases WHERE instr(alias_norm, ?1) > 0", "instr(s.surface_norm, ?1) > 0")), params = ["علوان"]);
    case!("statements where org in (حماس, 'حزب الله')", where = "s.id IN (SELECT s.id FROM statements s WHERE s.org_id IN (SELECT id FROM entities WHERE name_norm IN (?1, ?2) UNION SELECT entity_id FROM aliases WHERE alias_norm IN (?1, ?2)))", params = ["حماس", "حزب الله"]);
    // a key is never NULL, so its test is negated bare
    case!("statements where org != حماس", where = format!("NOT (s.id IN (SELECT s.id FROM statements s WHERE s.org_id IN ({})))", set(1)), params = ["حماس"]);
    case!("statements where speaker !~ علوان", where = format!("NOT (s.id IN ({}))", spoken("SELECT id FROM entities WHERE instr(name_norm, ?1) > 0 UNION SELECT entity_id FROM aliases WHERE instr(alias_norm, ?1) > 0", "instr(s.surface_norm, ?1) > 0")), params = ["علوان"]);
    case!("statements where about !~ حماس", where = "NOT (s.id IN (SELECT statement_id FROM statement_entities WHERE entity_id IN (SELECT id FROM entities WHERE instr(name_norm, ?1) > 0 UNION SELECT entity_id FROM aliases WHERE instr(alias_norm, ?1) > 0)))", params = ["حماس"]);
}

#[test]
fn verbs_by_class_or_arabic_word() {
    case!("statements where verb=denied", where = "s.verb = ?1", params = ["denied"]);
    case!("statements where verb=نفى", where = "s.verb = ?1", params = ["denied"]);
    case!("statements where verb = DENIED", where = "s.verb = ?1", params = ["denied"]);
    case!("statements where verb in (نفى, اتهم, warned)", where = "s.verb IN (?1, ?2, ?3)", params = ["denied", "accused", "warned"]);
    case!("statements where verb != said", where = "NOT (s.verb = ?1)", params = ["said"]);
    case!("statements where verb not in (said, reported)", where = "NOT (s.verb IN (?1, ?2))", params = ["said", "reported"]);
}

#[test]
fn yes_no_fields() {
    case!("statements where negated", where = "s.negated = ?1", params = [1i64]);
    case!("statements where not negated", where = "NOT (s.negated = ?1)", params = [1i64]);
    case!("statements where negated = true", where = "s.negated = ?1", params = [1i64]);
    case!("statements where negated = false", where = "s.negated = ?1", params = [0i64]);
}

#[test]
fn missing_values_are_null_or_empty_text() {
    case!("statements where quote is null", where = "ifnull(s.quote, '') = ''", params = []);
    case!("statements where quote is not null", where = "ifnull(s.quote, '') != ''", params = []);
    case!("statements where quote != \"\"", where = "ifnull(s.quote, '') != ''", params = []);
    case!("statements where quote = ''", where = "ifnull(s.quote, '') = ''", params = []);
    case!("statements where quote = $empty", where = "ifnull(s.quote, '') = ''", params = []);
    case!("statements where date is null", where = "s.said_on IS NULL", params = []);
    case!("statements where date is not null and not org is null", where = "(s.said_on IS NOT NULL AND NOT (ifnull(og.name, '') = ''))", params = []);
    case!("statements where speaker is null", where = "ifnull(COALESCE(sp.name, s.surface), '') = ''", params = []);
    case!("articles where body = \"\" or author is null", where = "(ifnull(a.body, '') = '' OR ifnull(a.author, '') = '')", params = []);
    let about = compiled("statements where about is not null");
    assert!(
        where_clause(&about.sql).starts_with("ifnull((SELECT "),
        "{}",
        about.sql
    );
}

#[test]
fn headline_and_sentence_fields() {
    case!("statements where headline", where = "s.in_headline = ?1", params = [1i64]);
    case!("statements where not headline", where = "NOT (s.in_headline = ?1)", params = [1i64]);
    case!("statements where headline = false", where = "s.in_headline = ?1", params = [0i64]);
    case!(
        "statements where sentence ~ نفى",
        where = "instr(qawl_norm(CASE WHEN s.in_headline THEN substr(a.title, s.start + 1, s.end - s.start) ELSE substr(a.body, s.start + 1, s.end - s.start) END), ?1) > 0",
        params = [qawl::text::normalize("نفى")]
    );
}

#[test]
fn long_text_is_searched_through_fts() {
    case!("statements where content ~ المفاوضات", where = "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?1)", params = [fts(&["المفاوضات"])]);
    case!("statements where content ~ 'وقف إطلاق النار'", where = "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?1)", params = [fts(&["وقف", "إطلاق", "النار"])]);
    case!("statements where content ~ '\"دفعة ثانية\" الأسرى'", where = "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?1)", params = [format!("{} {}", fts(&["دفعة ثانية"]), fts(&["الأسرى"]))]);
    case!("statements where content ~ 'a* OR NEAR(b)'", where = "s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?1)", params = ["\"a\" \"or\" \"near\" \"b\""]);
    case!("statements where title ~ إدلب", where = "s.article_id IN (SELECT rowid FROM articles_fts WHERE title MATCH ?1)", params = [fts(&["إدلب"])]);
    case!("articles where body ~ إدلب", where = "a.id IN (SELECT rowid FROM articles_fts WHERE body MATCH ?1)", params = [fts(&["إدلب"])]);
    case!("statements where content !~ هدنة", where = "NOT (s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?1))", params = [fts(&["هدنة"])]);
    case!("statements where content = 'لا تفاوض'", where = "qawl_norm(s.content) = ?1", params = ["لا تفاوض"]);
}

#[test]
fn short_text_is_normalised() {
    case!("statements where source = 'شبكة شام'", where = "qawl_norm(a.source) = ?1", params = ["شبكه شام"]);
    case!("statements where source ~ شام", where = "instr(qawl_norm(a.source), ?1) > 0", params = ["شام"]);
    case!("articles where source in (عنب, شام)", where = "qawl_norm(a.source) IN (?1, ?2)", params = ["عنب", "شام"]);
    case!("articles where source !~ شام", where = "NOT ifnull(instr(qawl_norm(a.source), ?1) > 0, 0)", params = ["شام"]);
    case!("entities where kind in (org, GROUP)", where = "e.kind IN (?1, ?2)", params = ["org", "group"]);
}

#[test]
fn dates_whole_and_partial() {
    case!("statements where date = 2018-03-12", where = "s.said_on = ?1", params = ["2018-03-12"]);
    case!("statements where date = 2018-03", where = "s.said_on BETWEEN ?1 AND ?2", params = ["2018-03-01", "2018-03-31"]);
    case!("statements where date = 2018", where = "s.said_on BETWEEN ?1 AND ?2", params = ["2018-01-01", "2018-12-31"]);
    case!("statements where date = ٢٠١٨-٠٣-١٢", where = "s.said_on = ?1", params = ["2018-03-12"]);
    case!("statements where date = $month", where = "s.said_on BETWEEN ?1 AND ?2", params = ["2018-03-01", "2018-03-31"]);
    case!("statements where date = '2018-03'", where = "s.said_on BETWEEN ?1 AND ?2", params = ["2018-03-01", "2018-03-31"]);
    case!("statements where date > 2018-03", where = "s.said_on > ?1", params = ["2018-03-31"]);
    case!("statements where date >= 2018-03", where = "s.said_on >= ?1", params = ["2018-03-01"]);
    case!("statements where date < 2018-03", where = "s.said_on < ?1", params = ["2018-03-01"]);
    case!("statements where date <= 2018", where = "s.said_on <= ?1", params = ["2018-12-31"]);
    case!("statements where date between 2018-02 and 2018-03", where = "s.said_on BETWEEN ?1 AND ?2", params = ["2018-02-01", "2018-03-31"]);
    case!("statements where date in (2018-01, 2019)", where = "(s.said_on BETWEEN ?1 AND ?2 OR s.said_on BETWEEN ?3 AND ?4)", params = ["2018-01-01", "2018-01-31", "2019-01-01", "2019-12-31"]);
    case!("statements where date != 2018", where = "NOT ifnull(s.said_on BETWEEN ?1 AND ?2, 0)", params = ["2018-01-01", "2018-12-31"]);
    case!("statements where published = 2019-05", where = "a.published BETWEEN ?1 AND ?2", params = ["2019-05-01", "2019-05-31"]);
}

#[test]
fn numbers_and_counts() {
    case!("statements where id = 7", where = "s.id = ?1", params = [7i64]);
    case!("statements where article in (1, 2)", where = "s.article_id IN (?1, ?2)", params = [1i64, 2i64]);
    case!("statements where id between 3 and 9", where = "s.id BETWEEN ?1 AND ?2", params = [3i64, 9i64]);
    case!("statements where id not between 3 and 9", where = "NOT (s.id BETWEEN ?1 AND ?2)", params = [3i64, 9i64]);
    case!("entities where statements > 10", where = "(SELECT count(*) FROM statements x WHERE x.speaker_id = e.id) > ?1", params = [10i64]);
}

#[test]
fn and_binds_tighter_than_or_and_parentheses_group() {
    case!("statements where verb=said or verb=denied and negated", where = "(s.verb = ?1 OR (s.verb = ?2 AND s.negated = ?3))", params = ["said", "denied", 1i64]);
    case!("statements where (verb=said or verb=denied) and negated", where = "(s.verb IN (?1, ?2) AND s.negated = ?3)", params = ["said", "denied", 1i64]);
    case!("statements where not (verb=said or negated)", where = "NOT ((s.verb = ?1 OR s.negated = ?2))", params = ["said", 1i64]);
    case!("STATEMENTS WHERE Verb = said AND NOT Negated;", where = "(s.verb = ?1 AND NOT (s.negated = ?2))", params = ["said", 1i64]);
}

#[test]
fn counts_by_fields_and_date_buckets() {
    case!(
        "count statements",
        sql = "SELECT count(*) AS \"count\"\nFROM statements s\nORDER BY \"count\" DESC",
        params = []
    );
    // a date bucket counts by the stored date (an index's order), then maps each date once
    case!(
        "count statements where verb=denied by month",
        sql = "SELECT strftime('%Y-%m', \"g0\") AS \"month\", sum(\"n\") AS \"count\"\nFROM (\nSELECT s.said_on AS \"g0\", count(*) AS \"n\"\nFROM statements s\nWHERE s.verb = ?1\nGROUP BY 1\n)\nGROUP BY 1\nORDER BY \"count\" DESC, \"month\" ASC",
        params = ["denied"]
    );
    // a speaker counts by id, named after, and the unnamed speakers apart by their surface
    case!(
        "count statements by speaker, year",
        sql = "SELECT COALESCE((SELECT x.name FROM entities x WHERE x.id = \"g0\"), \"u0\") AS \"speaker\", strftime('%Y', \"g1\") AS \"year\", sum(\"n\") AS \"count\"\nFROM (\nSELECT s.speaker_id AS \"g0\", NULL AS \"u0\", s.said_on AS \"g1\", count(*) AS \"n\"\nFROM statements s\nWHERE s.speaker_id IS NOT NULL\nGROUP BY 1, 3\nUNION ALL\nSELECT NULL AS \"g0\", s.surface AS \"u0\", s.said_on AS \"g1\", count(*) AS \"n\"\nFROM statements s\nWHERE s.speaker_id IS NULL\nGROUP BY 2, 3\n)\nGROUP BY 1, 2\nORDER BY \"count\" DESC, \"speaker\" ASC, \"year\" ASC",
        params = []
    );
    // with a condition, in one pass over the rows it keeps
    case!(
        "count statements where verb = denied by speaker, org limit 10",
        sql = "SELECT COALESCE((SELECT x.name FROM entities x WHERE x.id = \"g0\"), \"u0\") AS \"speaker\", (SELECT x.name FROM entities x WHERE x.id = \"g1\") AS \"org\", sum(\"n\") AS \"count\"\nFROM (\nSELECT s.speaker_id AS \"g0\", CASE WHEN s.speaker_id IS NULL THEN s.surface END AS \"u0\", s.org_id AS \"g1\", count(*) AS \"n\"\nFROM statements s\nWHERE s.verb = ?1\nGROUP BY 1, 2, 3\n)\nGROUP BY 1, 2\nORDER BY \"count\" DESC, \"speaker\" ASC, \"org\" ASC\nLIMIT ?2",
        params = ["denied", 10i64]
    );
    case!(
        "count articles by week order by week limit 3",
        sql = "SELECT strftime('%G-W%V', \"g0\") AS \"week\", sum(\"n\") AS \"count\"\nFROM (\nSELECT a.published AS \"g0\", count(*) AS \"n\"\nFROM articles a\nGROUP BY 1\n)\nGROUP BY 1\nORDER BY \"week\" ASC\nLIMIT ?1",
        params = [3i64]
    );
    case!(
        "count articles by day order by count asc",
        sql = "SELECT strftime('%Y-%m-%d', \"g0\") AS \"day\", sum(\"n\") AS \"count\"\nFROM (\nSELECT a.published AS \"g0\", count(*) AS \"n\"\nFROM articles a\nGROUP BY 1\n)\nGROUP BY 1\nORDER BY \"count\" ASC",
        params = []
    );
    case!(
        "count statements by about",
        sql = "SELECT ab.name AS \"about\", count(*) AS \"count\"\nFROM statements s\nJOIN statement_entities se ON se.statement_id = s.id JOIN entities ab ON ab.id = se.entity_id\nGROUP BY 1\nORDER BY \"count\" DESC, \"about\" ASC",
        params = []
    );
    case!(
        "count entities by kind",
        sql = "SELECT e.kind AS \"kind\", count(*) AS \"count\"\nFROM entities e\nGROUP BY 1\nORDER BY \"count\" DESC, \"kind\" ASC",
        params = []
    );
}

#[test]
fn explain_marks_the_query_and_columns_are_named() {
    let c = compiled("explain count statements by verb");
    assert!(c.explain);
    assert_eq!(c.columns, ["verb", "count"]);
    assert!(!compiled("statements").explain);
    assert_eq!(
        compiled("statements show speaker, content").columns,
        ["speaker", "content"]
    );
}

#[test]
fn a_value_used_twice_is_bound_once() {
    case!("statements where speaker = علوان or about = علوان", where = format!("s.id IN ({} UNION ALL {})", spoken(&set(1), "s.surface_norm = ?1"), about(&set(1))), params = ["علوان"]);
}

#[test]
fn entity_fields_joined_by_or_are_one_set_of_keys() {
    let org = format!(
        "SELECT s.id FROM statements s WHERE s.org_id IN ({})",
        set(1)
    );
    case!("statements where org = حماس or about = أنقرة", where = format!("s.id IN ({org} UNION ALL {})", about(&set(2))), params = ["حماس", "انقره"]);
    // the other terms of the `or` stay beside the set
    case!("statements where org = حماس or negated or about = أنقرة", where = format!("(s.id IN ({org} UNION ALL {}) OR s.negated = ?3)", about(&set(2))), params = ["حماس", "انقره", 1i64]);
    case!("articles where mentions = حماس or mentions ~ أنقرة", where = "a.id IN (SELECT article_id FROM mentions WHERE entity_id IN (SELECT id FROM entities WHERE name_norm = ?1 UNION SELECT entity_id FROM aliases WHERE alias_norm = ?1) UNION ALL SELECT article_id FROM mentions WHERE entity_id IN (SELECT id FROM entities WHERE instr(name_norm, ?2) > 0 UNION SELECT entity_id FROM aliases WHERE instr(alias_norm, ?2) > 0))", params = ["حماس", "انقره"]);
}

#[test]
fn equalities_of_one_field_joined_by_or_are_one_in() {
    case!("statements where verb = said or negated or verb in (denied, warned)", where = "(s.verb IN (?1, ?2, ?3) OR s.negated = ?4)", params = ["said", "denied", "warned", 1i64]);
    case!("statements where speaker = علوان or (speaker = بيرقدار or verb = said)", where = format!("(s.id IN ({}) OR s.verb = ?3)", spoken("SELECT id FROM entities WHERE name_norm IN (?1, ?2) UNION SELECT entity_id FROM aliases WHERE alias_norm IN (?1, ?2)", "s.surface_norm IN (?1, ?2)")), params = ["علوان", "بيرقدار", "said"]);
    // `~` and ranges stay apart
    case!("statements where source ~ a or source ~ b", where = "(instr(qawl_norm(a.source), ?1) > 0 OR instr(qawl_norm(a.source), ?2) > 0)", params = ["a", "b"]);
}

#[test]
fn a_long_list_is_one_json_parameter() {
    let ids: Vec<String> = (1..=40).map(|i| i.to_string()).collect();
    let query = format!("statements where id in ({})", ids.join(", "));
    let json = format!("[{}]", ids.join(","));
    case!(&query, where = "s.id IN (SELECT value FROM json_each(?1))", params = [json]);
    let names: Vec<String> = (0..40).map(|i| format!("\"اسم {i}\"")).collect();
    let query = format!("statements where org in ({})", names.join(", "));
    let c = compiled(&query);
    assert_eq!(
        where_clause(&c.sql),
        "s.id IN (SELECT s.id FROM statements s WHERE s.org_id IN (SELECT id FROM entities WHERE name_norm IN (SELECT value FROM json_each(?1)) UNION SELECT entity_id FROM aliases WHERE alias_norm IN (SELECT value FROM json_each(?1))))"
    );
    let Cell::Text(json) = &c.params[0] else {
        panic!("{:?}", c.params)
    };
    let values: Vec<String> = serde_json::from_str(json).expect("a JSON array of texts");
    assert_eq!(values.len(), 40);
    assert_eq!(values[7], "اسم 7");
}

#[test]
fn a_long_chain_is_written_as_a_balanced_tree() {
    let terms: Vec<String> = (0..10).map(|i| format!("source ~ s{i}")).collect();
    let c = compiled(&format!("statements where {}", terms.join(" or ")));
    let instr = |i: usize| format!("instr(qawl_norm(a.source), ?{i}) > 0");
    let half = |from: usize| (from..from + 5).map(instr).collect::<Vec<_>>().join(" OR ");
    assert_eq!(
        where_clause(&c.sql),
        format!("(({}) OR ({}))", half(1), half(6))
    );
}
