//! The plans of the queries a big store makes slow: counts by date and by speaker, a speaker's
//! statements of one verb, `org or about`. Each is checked twice on a store built here: its
//! rows are those of the plain SQL qawl used to write (a join and a function per row), and
//! `EXPLAIN QUERY PLAN` reads the statements through an index, never a scan of the table.

use chrono::NaiveDate;
use qawl::Store;
use qawl::model::{Article, EntityKind, EntityRef, Extraction, Statement, VerbClass};
use qawl::output::Cell;
use qawl::query::{Catalog, Params, compile};
use qawl::store::BatchItem;

const PEOPLE: &[(&str, &str)] = &[
    ("وائل علوان", "علوان"),
    ("حمزة بيرقدار", "بيرقدار"),
    ("سامر علوان", "علوان"),
    ("ليلى الخطيب", "الخطيب"),
    ("الأمل", "الأمل"),
];
const ORGS: &[&str] = &["جيش الإسلام", "فيلق الرحمن", "الأمل"];
/// Unnamed speakers: two spellings of one, and one that is also a person's name.
const UNNAMED: &[&str] = &["مصدر عسكري", "مَصدر عسكري", "ناشطون", "وائل علوان"];
const VERBS: &[VerbClass] = &[
    VerbClass::Said,
    VerbClass::Denied,
    VerbClass::Warned,
    VerbClass::Confirmed,
];

/// xorshift: a fixed store without a random-number dependency.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize % n
    }
}

fn entities() -> Vec<EntityRef> {
    let people = PEOPLE.iter().map(|(name, alias)| EntityRef {
        kind: EntityKind::Person,
        name: name.to_string(),
        aliases: vec![alias.to_string()],
    });
    let orgs = ORGS.iter().map(|name| EntityRef {
        kind: EntityKind::Org,
        name: name.to_string(),
        aliases: Vec::new(),
    });
    people.chain(orgs).collect()
}

fn statement(rng: &mut Rng, day: Option<NaiveDate>, i: usize) -> Statement {
    // a skewed choice of speaker: the first person speaks most
    let who = rng.below(PEOPLE.len() * 2 + UNNAMED.len());
    let speaker = (who < PEOPLE.len() * 2).then(|| (who / 2).min(rng.below(PEOPLE.len())));
    let surface = match speaker {
        Some(p) => PEOPLE[p].0,
        None => UNNAMED[rng.below(UNNAMED.len())],
    };
    let verb = VERBS[rng.below(VERBS.len())];
    Statement {
        speaker,
        surface: Some(surface.into()),
        role: None,
        org: (rng.below(3) == 0).then(|| PEOPLE.len() + rng.below(ORGS.len())),
        verb,
        verb_text: verb.as_str().into(),
        negated: rng.below(5) == 0,
        content: format!("قال إن الوضع {i} هادئ"),
        quote: None,
        // one statement in seven has no date
        said_on: day.filter(|_| rng.below(7) != 0),
        date_explicit: false,
        start: 0,
        end: 5,
        in_headline: i == 0 && rng.below(2) == 0,
        about: match rng.below(4) {
            0 => vec![PEOPLE.len() + rng.below(ORGS.len())],
            1 => vec![rng.below(PEOPLE.len())],
            _ => Vec::new(),
        },
    }
}

/// 400 articles over 2016–2021 (some without a date), six statements each.
fn store() -> Store {
    let mut store = Store::open_in_memory().expect("a store");
    let mut rng = Rng(0x5EED_CAFE);
    let start = NaiveDate::from_ymd_opt(2016, 1, 1).expect("a date");
    let items: Vec<BatchItem> = (0..400)
        .map(|n| {
            let day = (n % 11 != 0).then(|| start + chrono::Days::new(rng.below(6 * 365) as u64));
            let statements = (0..6).map(|i| statement(&mut rng, day, i)).collect();
            BatchItem {
                article: Article {
                    title: Some(format!("خبر رقم {n}")),
                    published: day,
                    body: format!("نص الخبر رقم {n}"),
                    ..Article::default()
                },
                extraction: Extraction {
                    entities: entities(),
                    mentions: Vec::new(),
                    statements,
                },
                indexed: None,
            }
        })
        .collect();
    store.insert_batch(&items, "test").expect("inserts");
    store.optimize().expect("statistics");
    store
}

fn compiled(query: &str) -> qawl::query::Compiled {
    compile(query, &Catalog::new(), &Params::new())
        .unwrap_or_else(|e| panic!("{}", e.render(query)))
}

/// The rows of `query`, which must be those of the plain SQL `old` (literal values, no
/// parameters), in the same order; and at least one.
fn same_rows(store: &Store, query: &str, old: &str) {
    let ours = rows(store, query);
    let theirs = store.select(old, &[]).expect("the old SQL runs");
    assert!(!ours.is_empty(), "{query}: no rows to compare");
    assert_eq!(ours, theirs.rows, "{query}\n{}", compiled(query).sql);
}

/// The rows of `query` on `store`.
fn rows(store: &Store, query: &str) -> Vec<Vec<Cell>> {
    let c = compiled(query);
    store
        .select(&c.sql, &c.params)
        .expect("qawl's SQL runs")
        .rows
}

/// The lines of `EXPLAIN QUERY PLAN` for `query`.
fn plan(store: &Store, query: &str) -> Vec<String> {
    let c = compiled(query);
    let rows = store
        .select(&format!("EXPLAIN QUERY PLAN {}", c.sql), &c.params)
        .expect("a plan");
    rows.rows
        .iter()
        .filter_map(|r| r.last().map(Cell::to_text))
        .collect()
}

/// `EXPLAIN QUERY PLAN` for `query` as (id, parent, line).
fn plan_tree(store: &Store, query: &str) -> Vec<(i64, i64, String)> {
    let c = compiled(query);
    let rows = store
        .select(&format!("EXPLAIN QUERY PLAN {}", c.sql), &c.params)
        .expect("a plan");
    let int = |c: &Cell| match c {
        Cell::Int(i) => *i,
        _ => -1,
    };
    rows.rows
        .iter()
        .map(|r| (int(&r[0]), int(&r[1]), r[3].to_text()))
        .collect()
}

/// Whether a plan line reads the statements row by row: a scan of the table, or of an index
/// that is not covering (every entry then reads its row too). A covering index read in its
/// order (`SCAN s USING COVERING INDEX …`) is the pass a count by the index's values makes.
fn scans_statements(line: &str) -> bool {
    let Some(scan) = line.strip_prefix("SCAN ") else {
        return false;
    };
    let (table, how) = scan.split_once(' ').unwrap_or((scan, ""));
    matches!(table, "s" | "statements") && !how.starts_with("USING COVERING INDEX ")
}

/// Fails when the plan of `query` reads the statements table whole, row by row; the plan.
fn never_scans(store: &Store, query: &str) -> Vec<String> {
    let plan = plan(store, query);
    assert!(
        !plan.iter().any(|l| scans_statements(l)),
        "{query} scans statements:\n{}",
        plan.join("\n")
    );
    plan
}

#[test]
fn a_scan_is_told_from_a_search_and_an_index_read_in_order() {
    for line in [
        "SCAN s",
        "SCAN statements",
        "SCAN s USING INDEX statements_verb",
    ] {
        assert!(scans_statements(line), "{line}");
    }
    for line in [
        "SCAN s USING COVERING INDEX statements_said_on",
        "SEARCH s USING INDEX statements_speaker (speaker_id=?)",
        "SCAN sp",
        "SCAN (subquery-1)",
    ] {
        assert!(!scans_statements(line), "{line}");
    }
}

const BY_NAME: &str = "FROM statements s LEFT JOIN entities sp ON sp.id = s.speaker_id";

#[test]
fn counts_by_date_buckets_are_the_rows_strftime_gave() {
    let s = store();
    for (bucket, format) in [
        ("year", "%Y"),
        ("month", "%Y-%m"),
        ("week", "%G-W%V"),
        ("day", "%Y-%m-%d"),
    ] {
        same_rows(
            &s,
            &format!("count statements by {bucket}"),
            &format!(
                "SELECT strftime('{format}', said_on), count(*) FROM statements GROUP BY 1 ORDER BY 2 DESC, 1 ASC"
            ),
        );
        same_rows(
            &s,
            &format!("count articles by {bucket} order by {bucket} desc limit 5"),
            &format!(
                "SELECT strftime('{format}', published), count(*) FROM articles GROUP BY 1 ORDER BY 1 DESC LIMIT 5"
            ),
        );
    }
    same_rows(
        &s,
        "count statements where verb = denied and not negated by month, verb",
        "SELECT strftime('%Y-%m', said_on), verb, count(*) FROM statements \
         WHERE verb = 'denied' AND NOT negated = 1 GROUP BY 1, 2 ORDER BY 3 DESC, 1 ASC, 2 ASC",
    );
}

#[test]
fn counts_by_speaker_are_the_rows_the_join_gave() {
    let s = store();
    let by = |cond: &str, limit: &str| {
        format!(
            "SELECT COALESCE(sp.name, s.surface), count(*) {BY_NAME} {cond} GROUP BY 1 ORDER BY 2 DESC, 1 ASC {limit}"
        )
    };
    same_rows(&s, "count statements by speaker", &by("", ""));
    same_rows(
        &s,
        "count statements where headline by speaker",
        &by("WHERE s.in_headline = 1", ""),
    );
    same_rows(
        &s,
        "count statements where date = 2019 by speaker limit 3",
        &by(
            "WHERE s.said_on BETWEEN '2019-01-01' AND '2019-12-31'",
            "LIMIT 3",
        ),
    );
    same_rows(
        &s,
        "count statements where speaker is null or verb = said by speaker",
        &by(
            "WHERE ifnull(COALESCE(sp.name, s.surface), '') = '' OR s.verb = 'said'",
            "",
        ),
    );
    same_rows(
        &s,
        "count statements by org, year order by org, year",
        "SELECT og.name, strftime('%Y', s.said_on), count(*) FROM statements s \
         LEFT JOIN entities og ON og.id = s.org_id GROUP BY 1, 2 ORDER BY 1 ASC, 2 ASC",
    );
    same_rows(
        &s,
        "count statements by verb, speaker, month order by count desc, month desc limit 20 offset 3",
        &format!(
            "SELECT s.verb, COALESCE(sp.name, s.surface), strftime('%Y-%m', s.said_on), count(*) {BY_NAME} \
             GROUP BY 1, 2, 3 ORDER BY 4 DESC, 3 DESC LIMIT 20 OFFSET 3"
        ),
    );
}

#[test]
fn counts_by_date_read_the_date_index_in_order() {
    let s = store();
    for query in [
        "count statements by month",
        "count statements by year",
        "count statements by day",
    ] {
        let plan = never_scans(&s, query);
        let text = plan.join("\n");
        assert!(
            text.contains("COVERING INDEX statements_said_on"),
            "{query}:\n{text}"
        );
        // the rows are counted in the index's order: sorting for GROUP BY is for the groups
        // of the outer level, never beside the pass over the statements
        let tree = plan_tree(&s, query);
        let pass = tree
            .iter()
            .find(|(_, _, l)| l.contains("statements_said_on"));
        let parent = pass.map(|(_, parent, _)| *parent);
        assert!(
            !tree
                .iter()
                .any(|(_, p, l)| Some(*p) == parent && l.contains("FOR GROUP BY")),
            "{query}:\n{text}"
        );
    }
    let text = never_scans(&s, "count statements where verb = denied by month").join("\n");
    assert!(text.contains("COVERING INDEX statements_verb"), "{text}");
}

#[test]
fn counts_by_speaker_read_the_speaker_index() {
    let s = store();
    for query in [
        "count statements by speaker",
        "count statements by speaker limit 10",
    ] {
        let text = never_scans(&s, query).join("\n");
        assert!(
            text.contains("COVERING INDEX statements_speaker (speaker_id>?)"),
            "{query}:\n{text}"
        );
    }
}

/// The plain SQL of a speaker condition: the entities named so, or an unnamed speaker's text.
fn spoken_by(name_norm: &str) -> String {
    format!(
        "(s.speaker_id IN (SELECT id FROM entities WHERE name_norm = '{name_norm}' \
         UNION SELECT entity_id FROM aliases WHERE alias_norm = '{name_norm}') \
         OR (s.speaker_id IS NULL AND s.surface_norm = '{name_norm}'))"
    )
}

/// The plain SQL of a speaker condition with `~`.
fn spoken_containing(part: &str) -> String {
    format!(
        "(s.speaker_id IN (SELECT id FROM entities WHERE instr(name_norm, '{part}') > 0 \
         UNION SELECT entity_id FROM aliases WHERE instr(alias_norm, '{part}') > 0) \
         OR (s.speaker_id IS NULL AND instr(s.surface_norm, '{part}') > 0))"
    )
}

/// The plain SQL of an entity column or `about` condition.
fn names(column: &str, name_norm: &str) -> String {
    let ids = format!(
        "SELECT id FROM entities WHERE name_norm = '{name_norm}' \
         UNION SELECT entity_id FROM aliases WHERE alias_norm = '{name_norm}'"
    );
    match column {
        "about" => format!(
            "s.id IN (SELECT statement_id FROM statement_entities WHERE entity_id IN ({ids}))"
        ),
        column => format!("s.{column} IN ({ids})"),
    }
}

const ROWS: &str = "SELECT s.id, s.said_on FROM statements s";
const NEWEST: &str = "ORDER BY s.said_on DESC, s.id DESC";

#[test]
fn a_speakers_statements_of_a_verb_are_the_rows_the_or_gave() {
    let s = store();
    // a full name, a surname two people share, a name an unnamed speaker is also written as
    for (name, norm) in [
        ("حمزة بيرقدار", "حمزه بيرقدار"),
        ("علوان", "علوان"),
        ("وائل علوان", "وائل علوان"),
    ] {
        same_rows(
            &s,
            &format!("statements where speaker = \"{name}\" and verb = denied show id, date"),
            &format!(
                "{ROWS} WHERE {} AND s.verb = 'denied' {NEWEST}",
                spoken_by(norm)
            ),
        );
    }
    same_rows(
        &s,
        "statements where speaker = علوان and not negated show id, date limit 7",
        &format!(
            "{ROWS} WHERE {} AND NOT s.negated = 1 {NEWEST} LIMIT 7",
            spoken_by("علوان")
        ),
    );
    same_rows(
        &s,
        "statements where not speaker = علوان and verb = warned show id, date",
        &format!(
            "{ROWS} WHERE NOT ifnull({}, 0) AND s.verb = 'warned' {NEWEST}",
            spoken_by("علوان")
        ),
    );
    same_rows(
        &s,
        "statements where speaker ~ عسكري show id, date",
        &format!("{ROWS} WHERE {} {NEWEST}", spoken_containing("عسكري")),
    );
}

#[test]
fn a_speakers_statements_of_a_verb_are_read_through_the_speaker_index() {
    let s = store();
    for query in [
        "statements where speaker = \"حمزة بيرقدار\" and verb = denied",
        "statements where speaker = علوان and verb = denied and not negated",
        "count statements where speaker = علوان and verb = said by month",
    ] {
        let text = never_scans(&s, query).join("\n");
        for index in [
            // the speaker's statements of that verb only, from the index alone
            "COVERING INDEX statements_speaker_verb (speaker_id=? AND verb=?)",
            "statements_unnamed (surface_norm=? AND verb=?)",
        ] {
            assert!(text.contains(index), "{query}: no {index}\n{text}");
        }
        // every denial read one by one is what the speaker index spares
        assert!(!text.contains("statements_verb "), "{query}:\n{text}");
    }
}

#[test]
fn org_or_about_is_the_rows_the_or_gave() {
    let s = store();
    same_rows(
        &s,
        "statements where org = «جيش الإسلام» or about = «فيلق الرحمن» show id, date",
        &format!(
            "{ROWS} WHERE {} OR {} {NEWEST}",
            names("org_id", "جيش الاسلام"),
            names("about", "فيلق الرحمن")
        ),
    );
    same_rows(
        &s,
        "statements where (speaker = بيرقدار or org = الأمل or about = الأمل) and verb = said show id, date",
        &format!(
            "{ROWS} WHERE ({} OR {} OR {}) AND s.verb = 'said' {NEWEST}",
            spoken_by("بيرقدار"),
            names("org_id", "الامل"),
            names("about", "الامل")
        ),
    );
    same_rows(
        &s,
        "statements where not (org = الأمل or about = الأمل) and negated show id, date",
        &format!(
            "{ROWS} WHERE NOT ifnull({} OR {}, 0) AND s.negated = 1 {NEWEST}",
            names("org_id", "الامل"),
            names("about", "الامل")
        ),
    );
}

#[test]
fn org_or_about_is_one_set_read_through_both_indexes() {
    let s = store();
    let query = "statements where org = «جيش الإسلام» or about = «فيلق الرحمن»";
    let text = never_scans(&s, query).join("\n");
    for index in [
        "statements_org (org_id=?)",
        "statement_entities_entity (entity_id=?)",
        "USING INTEGER PRIMARY KEY (rowid=?)",
    ] {
        assert!(text.contains(index), "{query}: no {index}\n{text}");
    }
}

/// The plan lines that read the statements table (`s` or `statements`), through any index.
fn statement_reads(plan: &[String]) -> Vec<&String> {
    let table = |l: &&String| {
        let rest = l
            .strip_prefix("SEARCH ")
            .or_else(|| l.strip_prefix("SCAN "));
        rest.is_some_and(|r| r.starts_with("s ") || r.starts_with("statements "))
    };
    plan.iter().filter(table).collect()
}

#[test]
fn top_counts_with_a_condition_are_the_rows_the_join_gave() {
    let s = store();
    let by = |groups: &[&str], cond: &str, tail: &str| {
        let numbers: Vec<String> = (1..=groups.len()).map(|n| n.to_string()).collect();
        format!(
            "SELECT {}, count(*) {BY_NAME} LEFT JOIN entities og ON og.id = s.org_id \
             WHERE {cond} GROUP BY {} ORDER BY {tail}",
            groups.join(", "),
            numbers.join(", ")
        )
    };
    let speaker = "COALESCE(sp.name, s.surface)";
    same_rows(
        &s,
        "count statements where verb = denied by speaker limit 3",
        &by(&[speaker], "s.verb = 'denied'", "2 DESC, 1 ASC LIMIT 3"),
    );
    same_rows(
        &s,
        "count statements where about = الأمل by speaker limit 4",
        &by(&[speaker], &names("about", "الامل"), "2 DESC, 1 ASC LIMIT 4"),
    );
    same_rows(
        &s,
        "count statements where date >= 2018-03 and date < 2020 by speaker, month limit 9",
        &by(
            &[speaker, "strftime('%Y-%m', s.said_on)"],
            "s.said_on >= '2018-03-01' AND s.said_on < '2020-01-01'",
            "3 DESC, 1 ASC, 2 ASC LIMIT 9",
        ),
    );
    same_rows(
        &s,
        "count statements where date = 2019-03 or date is null by org, speaker limit 6",
        &by(
            &["og.name", speaker],
            "s.said_on BETWEEN '2019-03-01' AND '2019-03-31' OR s.said_on IS NULL",
            "3 DESC, 1 ASC, 2 ASC LIMIT 6",
        ),
    );
    same_rows(
        &s,
        "count statements where negated and speaker ~ علوان by speaker, verb",
        &by(
            &[speaker, "s.verb"],
            &format!("s.negated = 1 AND {}", spoken_containing("علوان")),
            "3 DESC, 1 ASC, 2 ASC",
        ),
    );
}

#[test]
fn top_counts_with_a_condition_read_only_the_rows_it_keeps() {
    let s = store();
    // through the condition's index, once: never every unnamed statement, nor every
    // statement without an organisation
    for (query, index) in [
        (
            "count statements where verb = denied by speaker limit 10",
            "verb=?)",
        ),
        (
            "count statements where date = 2019-03 by org limit 10",
            "said_on>? AND said_on<?",
        ),
        (
            "count statements where about = الأمل by speaker limit 5",
            "INTEGER PRIMARY KEY (rowid=?)",
        ),
    ] {
        let plan = never_scans(&s, query);
        let reads = statement_reads(&plan);
        assert!(
            reads.len() == 1 && reads[0].contains(index),
            "{query}: not one read through {index}\n{}",
            plan.join("\n")
        );
    }
    // a condition on the date alone is answered by the index of speakers and dates, in both
    // passes
    let query = "count statements where date = 2019 by speaker limit 10";
    let plan = never_scans(&s, query);
    let reads = statement_reads(&plan);
    assert!(
        reads.len() == 2
            && reads
                .iter()
                .all(|l| l.contains("statements_speaker") && l.contains("said_on>? AND said_on<?")),
        "{query}:\n{}",
        plan.join("\n")
    );
    assert!(reads[0].contains("COVERING INDEX"), "{}", plan.join("\n"));
}

#[test]
fn a_page_of_a_speakers_statements_is_the_slice_of_all_of_them() {
    let s = store();
    for (filter, order) in [
        ("speaker = علوان and verb = denied", ""),
        ("speaker = علوان and verb = said and date = 2019", ""),
        ("speaker ~ عسكري", ""),
        ("speaker = \"حمزة بيرقدار\" and not negated", " order by id"),
        ("speaker = علوان", " order by date, id desc"),
    ] {
        let all = rows(&s, &format!("statements where {filter}{order}"));
        assert!(all.len() > 8, "{filter}: {} rows", all.len());
        for (limit, offset) in [
            (5, 0),
            (3, 4),
            (1, 0),
            (all.len() + 10, 0),
            (4, all.len() - 2),
        ] {
            let page = rows(
                &s,
                &format!("statements where {filter}{order} limit {limit} offset {offset}"),
            );
            let end = (offset + limit).min(all.len());
            assert_eq!(
                page,
                all[offset..end],
                "{filter}{order} limit {limit} offset {offset}"
            );
        }
    }
}

#[test]
fn a_page_of_a_speakers_statements_of_a_verb_reads_only_the_index_and_the_page() {
    let s = store();
    let query = "statements where speaker = علوان and verb = denied limit 20";
    let plan = never_scans(&s, query);
    let reads = statement_reads(&plan);
    assert!(
        reads.len() == 3
            && reads[0]
                .contains("COVERING INDEX statements_speaker_verb (speaker_id=? AND verb=?)")
            && reads[1].contains("COVERING INDEX statements_unnamed (surface_norm=? AND verb=?)")
            && reads[2].contains("INTEGER PRIMARY KEY (rowid=?)"),
        "{}",
        plan.join("\n")
    );
    // each entity's keys are read in the index's order and cut at the page: never sorted
    let tree = plan_tree(
        &s,
        "statements where speaker = علوان and verb = denied limit 20",
    );
    let read = tree
        .iter()
        .find(|(_, _, line)| line.contains("statements_speaker_verb"))
        .expect("a read of the speaker index");
    let parent = tree.iter().find(|(id, _, _)| *id == read.1);
    assert!(
        parent.is_some_and(|(_, _, line)| line.starts_with("CORRELATED LIST SUBQUERY")),
        "{tree:#?}"
    );
    let sorted =
        |(_, up, line): &&(i64, i64, String)| *up == read.1 && line.contains("TEMP B-TREE");
    assert!(!tree.iter().any(|l| sorted(&l)), "{tree:#?}");
    // with a test of a join beside it, the plain way
    let query = "statements where speaker = علوان and source = عنب limit 20";
    assert!(
        !compiled(query).sql.contains(") k\n"),
        "{}",
        compiled(query).sql
    );
}
