//! `qawl run FILE.qawl`: saved queries with parameters, several results, bail, exports.

mod repl_fixture;

use repl_fixture::{Env, code, text};

const REPORT: &str = "\
# Weekly report: statements of the people we follow.

# name: by-who
# description: everything one person said
statements where speaker=$who show speaker, verb order by verb

# name: verbs
count statements by verb;
";

fn write(env: &Env, name: &str, contents: &str) -> String {
    let path = env.path(name);
    std::fs::write(&path, contents).expect("the saved-query file is written");
    path.display().to_string()
}

#[test]
fn parameters_fill_dollar_names() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    let out = env.run(&["run", &file, "--param", "who=علوان", "--format", "tsv"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("وائل علوان\tdenied"), "{stdout}");
    assert!(stdout.contains("وائل علوان\tsaid"), "{stdout}");
    assert!(!stdout.contains("حمزة بيرقدار\tconfirmed"), "{stdout}");
}

#[test]
fn several_queries_as_csv_are_one_table_with_a_query_column() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    let out = env.run(&["run", &file, "--param", "who=وائل علوان", "--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "query,speaker,verb,count\r\nby-who,وائل علوان,denied,\r\nby-who,وائل علوان,said,\r\nverbs,,"
        ),
        "{stdout}"
    );
    // what a spreadsheet reads: one header, every record as wide, no blank line
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["query", "speaker", "verb", "count"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    assert_eq!(rows.len(), 5, "{stdout}");
    let verbs: Vec<_> = rows.iter().filter(|r| &r[0] == "verbs").collect();
    assert_eq!(verbs.len(), 3);
    assert!(verbs.iter().all(|r| r[1].is_empty() && !r[3].is_empty()));
    assert!(!stdout.contains("\r\n\r\n"), "{stdout}");
}

#[test]
fn several_queries_into_one_file_parse_as_one_document_in_every_export() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    for name in ["out.csv", "out.tsv", "out.json", "out.jsonl"] {
        let target = env.path(name);
        let target_arg = target.display().to_string();
        let out = env.run(&["run", &file, "--param", "who=علوان", "-o", &target_arg]);
        assert_eq!(code(&out), 0, "{name}: {}", text(&out.stderr));
        let bytes = std::fs::read(&target).expect("the export exists");
        let tags: Vec<String> = match name {
            "out.csv" | "out.tsv" => {
                let delimiter = if name == "out.csv" { b',' } else { b'\t' };
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .from_reader(bytes.as_slice());
                assert_eq!(&reader.headers().unwrap()[0], "query", "{name}");
                reader
                    .records()
                    .map(|r| r.expect("a record")[0].to_string())
                    .collect()
            }
            "out.json" => {
                let rows: serde_json::Value = serde_json::from_slice(&bytes).expect(name);
                let rows = rows.as_array().expect("one array").clone();
                rows.iter()
                    .map(|r| r["query"].as_str().unwrap().to_string())
                    .collect()
            }
            _ => text(&bytes)
                .lines()
                .map(|l| {
                    let object: serde_json::Value = serde_json::from_str(l).expect(l);
                    object["query"].as_str().unwrap().to_string()
                })
                .collect(),
        };
        assert_eq!(
            tags,
            ["by-who", "by-who", "verbs", "verbs", "verbs"],
            "{name}: {}",
            text(&bytes)
        );
    }
}

#[test]
fn jsonl_objects_carry_the_query_name() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    let out = env.run(&["run", &file, "--param", "who=علوان", "-f", "jsonl"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert_eq!(lines[0]["query"], "by-who");
    assert_eq!(lines[0]["speaker"], "وائل علوان");
    assert_eq!(lines[4]["query"], "verbs");
}

#[test]
fn several_queries_as_json_make_one_json_document() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    let out = env.run(&["run", &file, "--param", "who=علوان", "-f", "json"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let parsed: serde_json::Value = serde_json::from_str(&stdout).expect(&stdout);
    let rows = parsed.as_array().expect("one array");
    assert_eq!(rows.len(), 5, "{stdout}");
    assert_eq!(rows[0]["query"], "by-who");
    assert_eq!(rows[0]["speaker"], "وائل علوان");
    assert_eq!(rows[4]["query"], "verbs");
    // one query alone: its plain array of rows, no query field
    let file = write(&env, "one.qawl", "count articles\n");
    let out = env.run(&["run", &file, "-f", "json"]);
    let parsed: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(parsed, serde_json::json!([{"count": 2}]));
}

#[test]
fn a_table_titles_each_query() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    let out = env.run(&["run", &file, "--param", "who=علوان", "-f", "table"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("-- by-who: everything one person said\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\n-- verbs\n"), "{stdout}");
}

#[test]
fn a_missing_parameter_is_named_with_file_and_line() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    let out = env.run(&["run", &file]);
    assert_eq!(code(&out), 1);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("report.qawl:5 (by-who)"), "{stderr}");
    assert!(stderr.contains("$who"), "{stderr}");
}

#[test]
fn bail_stops_at_the_first_failure_and_no_bail_runs_on() {
    let env = Env::new();
    let file = write(
        &env,
        "broken.qawl",
        "statements where speakr=\"علوان\"\n\ncount articles\n",
    );
    let out = env.run(&["run", &file, "-f", "csv"]);
    assert_eq!(code(&out), 1);
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.qawl:1"), "{stderr}");
    assert!(stderr.contains("did you mean speaker?"), "{stderr}");

    let out = env.run(&["run", &file, "-f", "csv", "--no-bail"]);
    assert_eq!(code(&out), 1);
    assert_eq!(text(&out.stdout), "count\r\n2\r\n");
}

#[test]
fn an_error_names_the_line_inside_a_long_query() {
    let env = Env::new();
    let file = write(
        &env,
        "long.qawl",
        "# name: long\nstatements\n  where verb=denied\n  and speakr=\"علوان\"\n",
    );
    let out = env.run(&["run", &file]);
    assert_eq!(code(&out), 1);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("long.qawl:4 (long)"), "{stderr}");
    assert!(stderr.contains('^'), "{stderr}");
}

#[test]
fn output_goes_to_a_file_with_a_bom_when_asked() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    let target = env.path("نتائج.csv");
    let target_arg = target.display().to_string();
    let out = env.run(&[
        "run",
        &file,
        "--param",
        "who=علوان",
        "-o",
        &target_arg,
        "--bom",
    ]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    let written = std::fs::read(&target).expect("the export exists");
    assert!(
        written.starts_with(b"\xEF\xBB\xBFquery,speaker,verb,count\r\n"),
        "{}",
        text(&written)
    );
    assert_eq!(text(&written).matches('\u{FEFF}').count(), 1);
}

#[test]
fn no_header_drops_every_header_row() {
    let env = Env::new();
    let file = write(&env, "report.qawl", REPORT);
    let out = env.run(&[
        "run",
        &file,
        "--param",
        "who=علوان",
        "-f",
        "tsv",
        "--no-header",
    ]);
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("speaker\tverb"), "{stdout}");
    assert!(!stdout.contains("query\t"), "{stdout}");
    assert!(
        stdout.starts_with("by-who\tوائل علوان\tdenied\t\n"),
        "{stdout}"
    );
}

#[test]
fn dot_commands_are_refused_in_saved_queries() {
    let env = Env::new();
    let file = write(&env, "dots.qawl", ".mode csv\ncount articles\n");
    let out = env.run(&["run", &file, "--no-bail", "-f", "tsv"]);
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stderr).contains("dots.qawl:1"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout), "count\n2\n");
}

#[test]
fn a_file_without_queries_is_a_failure() {
    let env = Env::new();
    let file = write(&env, "empty.qawl", "# name: nothing yet\n\n# todo\n");
    let out = env.run(&["run", &file]);
    assert_eq!(code(&out), 1);
    assert!(text(&out.stderr).contains("holds no queries"));
}

#[test]
fn a_missing_file_is_named() {
    let env = Env::new();
    let out = env.run(&["run", "no-such-report.qawl"]);
    assert_eq!(code(&out), 1);
    assert!(text(&out.stderr).contains("no-such-report.qawl"));
}

#[test]
fn a_saved_query_can_come_from_stdin() {
    let env = Env::new();
    let out = env.run_with_stdin(
        &["run", "-", "-f", "csv"],
        "count statements where verb=نفى\n",
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "count\r\n1\r\n");
}

#[test]
fn the_bundled_saved_queries_run() {
    let env = Env::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples/queries exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "qawl"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let out = env.run(&["run", &file, "-f", "jsonl"]);
        assert_eq!(code(&out), 0, "{file}: {}", text(&out.stderr));
    }
}

#[test]
fn a_megabyte_query_runs_within_seconds() {
    let env = Env::new();
    let spaces = " ".repeat(1 << 20);
    let file = write(
        &env,
        "big.qawl",
        &format!("count statements{spaces}where verb = denied\n"),
    );
    let started = std::time::Instant::now();
    let out = env.run(&["run", &file, "--format", "tsv"]);
    let took = started.elapsed();
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "count\n1\n");
    // it took minutes while the buffer was trimmed once a character
    assert!(took.as_secs() < 5, "{took:?}");
}

#[test]
fn a_query_that_is_not_utf8_is_named_by_its_line_and_the_others_run() {
    let env = Env::new();
    let path = env.path("mixed.qawl");
    let mut bytes =
        b"count articles\n\nstatements where speaker = \xDA\xE1\xE6\xC7\xE4\n\n".to_vec();
    bytes.extend_from_slice(b"count statements\n");
    std::fs::write(&path, bytes).expect("written");
    let file = path.display().to_string();
    let out = env.run(&["run", &file, "--no-bail", "--format", "tsv"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        text(&out.stdout),
        "query\tcount\ncount articles\t2\ncount statements\t3\n"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{file}:3: invalid byte 0xDA at column 28")),
        "{stderr}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let env = Env::new();
    let query = "count articles\n\n".repeat(3000);
    let file = write(&env, "many.qawl", &query);
    let mut child = env
        .command(&["run", &file, "-f", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("qawl starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a first line");
    drop(stdout);
    let out = child.wait_with_output().expect("qawl ends");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}
