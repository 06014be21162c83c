//! Times qawl's queries on a big store against hand-written SQL for the same rows, in process:
//!
//!     cargo run --release --example gen_corpus -- --articles 100000 --out /tmp/corpus
//!     qawl --db /tmp/kb.sqlite ingest /tmp/corpus
//!     cargo run --release --example query_timing -- --db /tmp/kb.sqlite [--runs N] [--plans]
//!
//! Each case is a qawl query and one or more hand-written statements that must return the
//! same rows; the table gives the median of `--runs` runs (default 11) of each, and the ratio
//! of qawl's time to the best hand-written one. The names are those `gen_corpus` writes with
//! its default seed. `--plans` prints each side's `EXPLAIN QUERY PLAN`.

use qawl::Store;
use qawl::output::Cell;
use qawl::query::{Catalog, Params, compile};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// A qawl query and hand-written SQL returning the same rows (in the same order).
struct Case {
    name: &'static str,
    query: &'static str,
    hand: Vec<String>,
}

const COLUMNS: &str = "s.said_on, COALESCE(sp.name, s.surface), s.verb, s.negated, s.content, a.source, s.id \
     FROM statements s LEFT JOIN entities sp ON sp.id = s.speaker_id JOIN articles a ON a.id = s.article_id";

/// A speaker's denials written by hand: as the planner likes, and through the speaker and verb
/// index; `tail` after the ORDER BY.
fn speaker_and_verb(name: &str, tail: &str) -> Vec<String> {
    ["", " INDEXED BY statements_speaker_verb"]
        .iter()
        .map(|how| {
            format!(
                "SELECT {} WHERE s.speaker_id IN (SELECT id FROM entities WHERE name_norm = '{name}' \
                 UNION SELECT entity_id FROM aliases WHERE alias_norm = '{name}') AND s.verb = 'denied' \
                 ORDER BY s.said_on DESC, s.id DESC{tail}",
                COLUMNS.replace("FROM statements s", &format!("FROM statements s{how}"))
            )
        })
        .collect()
}

fn strings(sql: &[&str]) -> Vec<String> {
    sql.iter().map(|s| s.to_string()).collect()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "count by month",
            query: "count statements by month",
            hand: strings(&[
                "SELECT substr(said_on, 1, 7) AS m, count(*) AS n FROM statements GROUP BY m ORDER BY n DESC, m",
                "SELECT strftime('%Y-%m', said_on) AS m, count(*) AS n FROM statements GROUP BY m ORDER BY n DESC, m",
            ]),
        },
        Case {
            name: "count denials by year",
            query: "count statements where verb = denied by year",
            hand: strings(&[
                "SELECT substr(said_on, 1, 4) AS y, count(*) AS n FROM statements WHERE verb = 'denied' GROUP BY y ORDER BY n DESC, y",
            ]),
        },
        Case {
            name: "count by day",
            query: "count statements by day",
            hand: strings(&[
                "SELECT said_on AS d, count(*) AS n FROM statements GROUP BY d ORDER BY n DESC, d",
            ]),
        },
        Case {
            name: "count by speaker",
            query: "count statements by speaker",
            hand: strings(&[
                "SELECT COALESCE(sp.name, s.surface) AS who, count(*) AS n FROM statements s \
                 LEFT JOIN entities sp ON sp.id = s.speaker_id GROUP BY who ORDER BY n DESC, who",
                "SELECT who, sum(n) AS n FROM (SELECT e.name AS who, c.n AS n FROM (SELECT speaker_id, count(*) AS n \
                 FROM statements WHERE speaker_id IS NOT NULL GROUP BY speaker_id) c JOIN entities e ON e.id = c.speaker_id \
                 UNION ALL SELECT surface, count(*) FROM statements WHERE speaker_id IS NULL GROUP BY surface) \
                 GROUP BY who ORDER BY n DESC, who",
            ]),
        },
        Case {
            name: "count by speaker in 2019, top 10",
            query: "count statements where date = 2019 by speaker limit 10",
            hand: strings(&[
                "SELECT COALESCE(sp.name, s.surface) AS who, count(*) AS n FROM statements s \
                 LEFT JOIN entities sp ON sp.id = s.speaker_id WHERE s.said_on BETWEEN '2019-01-01' AND '2019-12-31' \
                 GROUP BY who ORDER BY n DESC, who LIMIT 10",
            ]),
        },
        Case {
            name: "count denials by speaker, top 10",
            query: "count statements where verb = denied by speaker limit 10",
            hand: strings(&[
                "SELECT COALESCE(sp.name, s.surface) AS who, count(*) AS n FROM statements s \
                 LEFT JOIN entities sp ON sp.id = s.speaker_id WHERE s.verb = 'denied' \
                 GROUP BY who ORDER BY n DESC, who LIMIT 10",
            ]),
        },
        Case {
            name: "count by org in a month",
            query: "count statements where date = 2019-03 by org",
            hand: strings(&["SELECT og.name AS org, count(*) AS n FROM statements s \
                 LEFT JOIN entities og ON og.id = s.org_id WHERE s.said_on BETWEEN '2019-03-01' AND '2019-03-31' \
                 GROUP BY org ORDER BY n DESC, org"]),
        },
        Case {
            name: "speaker and verb (2nd speaker)",
            query: "statements where speaker = \"لؤي التميمي\" and verb = denied",
            hand: speaker_and_verb("لؤي التميمي", ""),
        },
        Case {
            name: "speaker and verb, limit 20",
            query: "statements where speaker = \"لؤي التميمي\" and verb = denied limit 20",
            hand: vec![
                format!(
                    "SELECT {COLUMNS} WHERE s.speaker_id IN (SELECT id FROM entities WHERE name_norm = 'لؤي التميمي' \
                     UNION SELECT entity_id FROM aliases WHERE alias_norm = 'لؤي التميمي') AND s.verb = 'denied' \
                     ORDER BY s.said_on DESC, s.id DESC LIMIT 20"
                ),
                // the verb's index in date order, stopping at the 20th: the fastest for a
                // speaker who makes a tenth of the statements, the slowest for most
                format!(
                    "SELECT {} WHERE s.speaker_id IN (SELECT id FROM entities WHERE name_norm = 'لؤي التميمي' \
                     UNION SELECT entity_id FROM aliases WHERE alias_norm = 'لؤي التميمي') AND s.verb = 'denied' \
                     ORDER BY s.said_on DESC, s.id DESC LIMIT 20",
                    COLUMNS.replace(
                        "FROM statements s",
                        "FROM statements s INDEXED BY statements_verb"
                    )
                ),
            ],
        },
        Case {
            name: "speaker and verb (51st speaker)",
            query: "statements where speaker = \"سامر التميمي\" and verb = denied",
            hand: speaker_and_verb("سامر التميمي", ""),
        },
        Case {
            name: "org or about",
            query: "statements where org = \"لواء ثوار البادية\" or about = \"حركة المدنيين\" show id, date order by id",
            // the names or aliases: another organisation has the first as an alias
            hand: strings(&["SELECT s.id, s.said_on FROM statements s WHERE s.id IN (\
                 SELECT id FROM statements WHERE org_id IN (SELECT id FROM entities WHERE name_norm = 'لواء ثوار الباديه' \
                 UNION SELECT entity_id FROM aliases WHERE alias_norm = 'لواء ثوار الباديه') \
                 UNION SELECT statement_id FROM statement_entities WHERE entity_id IN \
                 (SELECT id FROM entities WHERE name_norm = 'حركه المدنيين' \
                 UNION SELECT entity_id FROM aliases WHERE alias_norm = 'حركه المدنيين')) ORDER BY s.id"]),
        },
    ]
}

struct Args {
    db: PathBuf,
    runs: usize,
    plans: bool,
    /// `--try SQL`: time this statement alone (and show its plan), for tuning.
    tries: Vec<String>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut db, mut runs, mut plans, mut tries) = (None, 11, false, Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            "--runs" => {
                let n = args.next().ok_or("--runs needs a number")?;
                runs = n.parse().map_err(|_| format!("not a number: {n}"))?;
            }
            "--plans" => plans = true,
            "--try" => tries.push(args.next().ok_or("--try needs SQL")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        db: db.ok_or("--db PATH is required")?,
        runs: runs.max(1),
        plans,
        tries,
    })
}

/// The median time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn plan(store: &Store, sql: &str, params: &[Cell]) -> String {
    let rows = store
        .select(&format!("EXPLAIN QUERY PLAN {sql}"), params)
        .map(|rs| rs.rows)
        .unwrap_or_default();
    let lines: Vec<String> = rows
        .iter()
        .filter_map(|r| r.last().map(|c| format!("    {}", c.to_text())))
        .collect();
    lines.join("\n")
}

fn run(args: &Args) -> qawl::Result<()> {
    let store = Store::open_read_only(&args.db)?;
    if !args.tries.is_empty() {
        return try_sql(&store, args);
    }
    let catalog = Catalog::new();
    println!("| query | rows | qawl | best hand-written SQL | ratio |");
    println!("|---|---|---|---|---|");
    for case in cases() {
        let compiled = compile(case.query, &catalog, &Params::new())?;
        let ours = store.select(&compiled.sql, &compiled.params)?;
        for hand in &case.hand {
            let theirs = store.select(hand, &[])?;
            if theirs.rows != ours.rows {
                eprintln!("{}: different rows from\n  {hand}", case.name);
                return Err(qawl::Error::Usage(format!("{}: rows differ", case.name)));
            }
        }
        let qawl = median(args.runs, || {
            let _ = store.select(&compiled.sql, &compiled.params);
        });
        let best = case
            .hand
            .iter()
            .map(|hand| {
                median(args.runs, || {
                    let _ = store.select(hand, &[]);
                })
            })
            .min()
            .unwrap_or_default();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "| `{}` | {} | {:.1} ms | {:.1} ms | {:.2}× |",
            case.query,
            ours.rows.len(),
            ms(qawl),
            ms(best),
            ms(qawl) / ms(best)
        );
        if args.plans {
            eprintln!(
                "{}\n  qawl:\n{}",
                case.name,
                plan(&store, &compiled.sql, &compiled.params)
            );
            for hand in &case.hand {
                eprintln!("  hand:\n{}", plan(&store, hand, &[]));
            }
        }
    }
    let stats = median(args.runs, || {
        let _ = store.stats();
    });
    println!(
        "| `qawl stats` (Store::stats) | | {:.1} ms | | |",
        stats.as_secs_f64() * 1e3
    );
    Ok(())
}

/// Times each `--try` statement (qawl text or SQL) and prints its row count and plan.
fn try_sql(store: &Store, args: &Args) -> qawl::Result<()> {
    for text in &args.tries {
        let (sql, params) = match compile(text, &Catalog::new(), &Params::new()) {
            Ok(c) => (c.sql, c.params),
            Err(_) => (text.clone(), Vec::new()),
        };
        let rows = store.select(&sql, &params)?.rows.len();
        let time = median(args.runs, || {
            let _ = store.select(&sql, &params);
        });
        println!("{:.1} ms, {rows} rows: {text}", time.as_secs_f64() * 1e3);
        println!("{}", plan(store, &sql, &params));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!(
                "query_timing: {message}\nusage: query_timing --db PATH [--runs N] [--plans]"
            );
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("query_timing: {e}");
            ExitCode::FAILURE
        }
    }
}
