//! Query language benchmarks: compiling typical queries, and running them on a store of
//! 100,000 statements against the best hand-written SQL for the same rows.
//!
//! `cargo bench --bench query`. The store is generated once per run into a temporary file;
//! `QAWL_BENCH_STORE=path` keeps it there for later runs, `QAWL_BENCH_PLANS=1` prints the
//! query plans of both sides.

use criterion::{Criterion, criterion_group, criterion_main};
use qawl::Store;
use qawl::model::{Article, EntityKind, EntityRef, Extraction, Mention, Statement, VerbClass};
use qawl::output::Cell;
use qawl::query::{Catalog, Params, compile};
use qawl::store::BatchItem;
use std::hint::black_box;

/// Articles generated (five statements each); `QAWL_BENCH_ARTICLES` overrides it for a quick try.
fn articles() -> usize {
    std::env::var("QAWL_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000)
}
const STATEMENTS_PER_ARTICLE: usize = 5;

const TYPICAL: &[(&str, &str)] = &[
    (
        "speaker_verb",
        "statements where speaker=\"وائل علوان\" and verb=denied",
    ),
    (
        "fts_date",
        "statements where content ~ 'المفاوضات' and date = 2018-03",
    ),
    (
        "count_by_month",
        "count statements where verb in (نفى, اتهم) by month",
    ),
    (
        "nested",
        "statements where (speaker ~ علوان or org = «جيش الإسلام») and not negated and date between 2018 and ٢٠١٩-٠٦ show date, speaker, content order by date desc limit 20",
    ),
    (
        "entities",
        "entities where kind = person order by statements desc limit 10",
    ),
];

fn compiling(c: &mut Criterion) {
    let catalog = Catalog::new();
    let params = Params::new();
    let mut group = c.benchmark_group("compile");
    for (name, query) in TYPICAL {
        group.bench_function(*name, |b| {
            b.iter(|| compile(black_box(query), &catalog, &params).expect("compiles"))
        });
    }
    group.finish();
}

/// A benchmarked query: the qawl text, and hand-written SQL returning the same rows.
struct Case {
    name: &'static str,
    query: &'static str,
    sql: &'static str,
    params: &'static [&'static str],
}

const STATEMENT_COLUMNS: &str =
    "s.said_on, COALESCE(sp.name, s.surface), s.verb, s.negated, s.content, a.source, s.id";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "speaker_by_alias_and_verb",
            query: "statements where speaker = \"علوان\" and verb = denied",
            sql: leak(format!(
                "SELECT {STATEMENT_COLUMNS} FROM statements s JOIN articles a ON a.id = s.article_id \
                 LEFT JOIN entities sp ON sp.id = s.speaker_id \
                 WHERE s.speaker_id IN (SELECT entity_id FROM aliases WHERE alias_norm = ?1) AND s.verb = 'denied' \
                 ORDER BY s.said_on DESC, s.id DESC"
            )),
            params: &["علوان"],
        },
        Case {
            name: "speaker_full_name",
            query: "statements where speaker = \"حمزة بيرقدار\"",
            sql: leak(format!(
                "SELECT {STATEMENT_COLUMNS} FROM statements s JOIN articles a ON a.id = s.article_id \
                 LEFT JOIN entities sp ON sp.id = s.speaker_id \
                 WHERE s.speaker_id IN (SELECT id FROM entities WHERE name_norm = ?1) \
                 ORDER BY s.said_on DESC, s.id DESC"
            )),
            params: &["حمزه بيرقدار"],
        },
        Case {
            name: "fts_in_a_month",
            // the index holds stemmed words: مفاوضات is indexed as مفاوض
            query: "statements where content ~ \"مفاوضات\" and date = 2018-03",
            sql: leak(format!(
                "SELECT {STATEMENT_COLUMNS} FROM statements s JOIN articles a ON a.id = s.article_id \
                 LEFT JOIN entities sp ON sp.id = s.speaker_id \
                 WHERE s.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH '\"مفاوض\"') \
                 AND s.said_on BETWEEN '2018-03-01' AND '2018-03-31' ORDER BY s.said_on DESC, s.id DESC"
            )),
            params: &[],
        },
        Case {
            name: "count_by_month",
            query: "count statements where verb = denied by month",
            sql: "SELECT strftime('%Y-%m', said_on) AS m, count(*) AS n FROM statements \
                  WHERE verb = 'denied' GROUP BY m ORDER BY n DESC, m",
            params: &[],
        },
        Case {
            name: "count_by_speaker_top10",
            query: "count statements where date = 2019 by speaker limit 10",
            sql: "SELECT COALESCE(sp.name, s.surface) AS who, count(*) AS n FROM statements s \
                  LEFT JOIN entities sp ON sp.id = s.speaker_id \
                  WHERE s.said_on BETWEEN '2019-01-01' AND '2019-12-31' GROUP BY who ORDER BY n DESC, who LIMIT 10",
            params: &[],
        },
        Case {
            name: "about_an_org_not_negated",
            query: "statements where about = \"جيش الإسلام\" and not negated show date, speaker, content limit 50",
            sql: "SELECT s.said_on, COALESCE(sp.name, s.surface), s.content FROM statements s \
                  LEFT JOIN entities sp ON sp.id = s.speaker_id \
                  WHERE s.id IN (SELECT statement_id FROM statement_entities WHERE entity_id IN \
                  (SELECT id FROM entities WHERE name_norm = ?1)) AND s.negated = 0 \
                  ORDER BY s.said_on DESC, s.id DESC LIMIT 50",
            params: &["جيش الاسلام"],
        },
        Case {
            name: "top_speakers",
            query: "entities where kind = person order by statements desc limit 10",
            sql: "SELECT e.name, e.kind, n, (SELECT count(*) FROM mentions WHERE entity_id = e.id), e.id \
                  FROM (SELECT speaker_id, count(*) AS n FROM statements WHERE speaker_id IS NOT NULL \
                  GROUP BY speaker_id) c JOIN entities e ON e.id = c.speaker_id \
                  WHERE e.kind = 'person' ORDER BY n DESC, e.name LIMIT 10",
            params: &[],
        },
    ]
}

/// `EXPLAIN QUERY PLAN` of `sql`, for tuning (set `QAWL_BENCH_PLANS`).
fn print_plan(store: &Store, label: &str, sql: &str, params: &[Cell]) {
    let plan = store
        .select(&format!("EXPLAIN QUERY PLAN {sql}"), params)
        .expect("a plan");
    eprintln!("  {label}:");
    for row in plan.rows {
        eprintln!("    {}", row.last().map(Cell::to_text).unwrap_or_default());
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn running(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = match std::env::var_os("QAWL_BENCH_STORE").map(std::path::PathBuf::from) {
        // a store kept from an earlier run, to tune queries without regenerating it
        Some(path) if path.exists() => Store::open(&path).expect("the kept store opens"),
        Some(path) => synthetic::store(&path),
        None => synthetic::store(&dir.path().join("bench.qawl")),
    };
    let catalog = Catalog::new();
    let mut group = c.benchmark_group("run");
    group.sample_size(20);
    for case in cases() {
        let compiled = compile(case.query, &catalog, &Params::new()).expect("compiles");
        let hand: Vec<Cell> = case.params.iter().map(|p| Cell::from(*p)).collect();
        let ours = store.select(&compiled.sql, &compiled.params).expect("runs");
        let theirs = store.select(case.sql, &hand).expect("hand SQL runs");
        assert_eq!(ours.rows, theirs.rows, "{}: different rows", case.name);
        eprintln!("{}: {} rows", case.name, ours.rows.len());
        if std::env::var_os("QAWL_BENCH_PLANS").is_some() {
            print_plan(&store, "qawl", &compiled.sql, &compiled.params);
            print_plan(&store, "hand", case.sql, &hand);
        }
        group.bench_function(format!("{}/qawl", case.name), |b| {
            b.iter(|| store.select(&compiled.sql, &compiled.params).expect("runs"))
        });
        group.bench_function(format!("{}/hand", case.name), |b| {
            b.iter(|| store.select(case.sql, &hand).expect("runs"))
        });
    }
    group.finish();
}

criterion_group!(benches, compiling, running);
criterion_main!(benches);

/// A store of synthetic articles: 1,600 people (surnames shared as aliases), 40 organisations,
/// five statements an article spread over 2015–2020.
mod synthetic {
    use super::*;
    use std::path::Path;

    const FIRST: &[&str] = &[
        "وائل", "حمزة", "عماد", "أحمد", "محمد", "خالد", "سامر", "فادي", "رامي", "ماهر", "ياسر",
        "عمر", "علي", "حسن", "يوسف", "طارق", "باسل", "نزار", "زياد", "مازن", "أيمن", "هشام",
        "جمال", "كريم", "منذر", "أنس", "بلال", "جابر", "رائد", "سليم", "عادل", "غسان", "فراس",
        "قاسم", "لؤي", "مهند", "نبيل", "هيثم", "وسام", "يحيى",
    ];
    const LAST: &[&str] = &[
        "علوان",
        "بيرقدار",
        "مجاهد",
        "الحلبي",
        "الشامي",
        "العمر",
        "الأحمد",
        "الخطيب",
        "النعيمي",
        "الزعبي",
        "الحسين",
        "العلي",
        "المصري",
        "الدوري",
        "الجبوري",
        "العبيدي",
        "السعدي",
        "الكردي",
        "التميمي",
        "الراوي",
        "البكري",
        "الحمدان",
        "الشمري",
        "العنزي",
        "الدليمي",
        "القيسي",
        "الموسوي",
        "الحسيني",
        "الزبيدي",
        "الخزاعي",
        "الربيعي",
        "الساعدي",
        "الفتلاوي",
        "الكعبي",
        "المالكي",
        "الياسري",
        "النجار",
        "الحداد",
        "الصباغ",
        "العطار",
    ];
    const ORGS: &[&str] = &[
        "جيش الإسلام",
        "فيلق الرحمن",
        "هيئة تحرير الشام",
        "حزب الله",
        "حركة حماس",
        "وزارة الدفاع الروسية",
        "المرصد السوري",
        "الدفاع المدني",
        "جبهة النصرة",
        "حركة أحرار الشام",
    ];
    const WORDS: &[&str] = &[
        "المفاوضات",
        "والمفاوضات",
        "الهدنة",
        "القصف",
        "الغارات",
        "المدنيين",
        "الأسرى",
        "دفعة",
        "ثانية",
        "الاتفاق",
        "وقف",
        "إطلاق",
        "النار",
        "المعبر",
        "الحدود",
        "القوات",
        "الفصائل",
        "المقاتلين",
        "الانسحاب",
        "التصعيد",
        "الجانب",
        "الروسي",
        "التركي",
        "الأمريكي",
        "المنطقة",
        "الريف",
        "الشمالي",
        "الجنوبي",
        "المدينة",
        "البلدة",
        "الطريق",
        "الدولي",
        "المساعدات",
        "الإنسانية",
        "القافلة",
        "الجرحى",
        "الضحايا",
        "النظام",
        "المعارضة",
        "البيان",
        "الرسمي",
        "الأنباء",
        "المتداولة",
        "صحة",
        "التقارير",
        "الهجوم",
        "الصواريخ",
        "الطائرات",
        "المسيرة",
        "القاعدة",
        "العسكرية",
        "الانتخابات",
        "المبكرة",
        "الحكومة",
        "البرلمان",
        "الكتلة",
        "السياسية",
        "الأزمة",
        "الاقتصادية",
        "الرواتب",
        "الكهرباء",
        "المياه",
        "المخيمات",
        "النازحين",
        "العودة",
        "الضمانات",
    ];
    const VERBS: [VerbClass; 8] = [
        VerbClass::Said,
        VerbClass::Denied,
        VerbClass::Confirmed,
        VerbClass::Announced,
        VerbClass::Accused,
        VerbClass::Warned,
        VerbClass::Demanded,
        VerbClass::Reported,
    ];

    /// xorshift: reproducible without a random-number dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 11) as usize
        }
        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.next() % items.len()]
        }
    }

    pub fn store(path: &Path) -> Store {
        let mut store = Store::open(path).expect("a store");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let started = std::time::Instant::now();
        let total = articles();
        for chunk in 0..total.div_ceil(1000) {
            let items: Vec<BatchItem> = (chunk * 1000..total.min(chunk * 1000 + 1000))
                .map(|n| article(&mut rng, n))
                .collect();
            store.insert_batch(&items, "bench").expect("inserts");
        }
        eprintln!(
            "synthetic store: {} articles, {} statements in {:.1?}",
            total,
            total * STATEMENTS_PER_ARTICLE,
            started.elapsed()
        );
        store
    }

    fn person(rng: &mut Rng) -> EntityRef {
        let last = *rng.pick(LAST);
        EntityRef {
            kind: EntityKind::Person,
            name: format!("{} {last}", rng.pick(FIRST)),
            aliases: vec![last.to_string()],
        }
    }

    fn article(rng: &mut Rng, n: usize) -> BatchItem {
        let mut entities: Vec<EntityRef> = (0..3).map(|_| person(rng)).collect();
        entities.push(EntityRef {
            kind: EntityKind::Org,
            name: rng.pick(ORGS).to_string(),
            aliases: Vec::new(),
        });
        let day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new((rng.next() % 2190) as u64)));
        let statements = (0..STATEMENTS_PER_ARTICLE)
            .map(|i| statement(rng, i, day))
            .collect();
        let mentions = (0..entities.len())
            .map(|e| Mention {
                entity: e,
                start: e * 10,
                end: e * 10 + 5,
                surface: entities[e].name.clone(),
            })
            .collect();
        BatchItem {
            article: Article {
                title: Some(format!("{} {} {n}", rng.pick(WORDS), rng.pick(WORDS))),
                published: day,
                source: Some(["شبكة شام", "عنب بلدي", "السومرية", "الجزيرة"][n % 4].into()),
                body: words(rng, 60),
                ..Article::default()
            },
            extraction: Extraction {
                entities,
                mentions,
                statements,
            },
            indexed: None,
        }
    }

    fn statement(rng: &mut Rng, i: usize, day: Option<chrono::NaiveDate>) -> Statement {
        let speaker = (i < 4).then_some(i % 3);
        Statement {
            speaker,
            surface: Some(
                if speaker.is_some() {
                    "المتحدث"
                } else {
                    "مصدر عسكري"
                }
                .into(),
            ),
            role: None,
            org: Some(3),
            verb: *rng.pick(&VERBS),
            verb_text: "قال".into(),
            negated: rng.next() % 10 == 0,
            content: words(rng, 14),
            quote: None,
            said_on: day,
            date_explicit: false,
            start: 0,
            end: 50,
            in_headline: false,
            about: vec![3],
        }
    }

    fn words(rng: &mut Rng, n: usize) -> String {
        (0..n)
            .map(|_| *rng.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }
}
