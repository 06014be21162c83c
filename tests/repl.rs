//! The REPL in a pseudo-terminal (completion, results, Ctrl-C, history) and with piped input.

mod repl_fixture;

use repl_fixture::{Env, code, text};

/// Piped input: statements one a line, dot-commands, no prompt on stdout.
mod piped {
    use super::*;

    #[test]
    fn statements_run_one_a_line_as_tsv_without_prompts() {
        let env = Env::new();
        let out = env.run_with_stdin(
            &["repl"],
            "statements where verb=نفى show speaker, verb\ncount articles\n",
        );
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            "speaker\tverb\nوائل علوان\tdenied\ncount\n2\n"
        );
        assert_eq!(text(&out.stderr), "");
    }

    #[test]
    fn open_quotes_join_lines_and_dot_commands_change_the_mode() {
        let env = Env::new();
        let script = ".mode csv\n.headers off\nstatements where speaker=\"وائل\n علوان\" and verb=said show verb;\n.mode jsonl\ncount statements where speaker=«بيرقدار»\n";
        let out = env.run_with_stdin(&["repl"], script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "said\r\n{\"count\":1}\n");
    }

    #[test]
    fn errors_go_to_stderr_with_the_line_and_the_session_goes_on() {
        let env = Env::new();
        let out = env.run_with_stdin(
            &["repl"],
            "statements where speakr=علوان\n.frobnicate\ncount articles\n",
        );
        assert_eq!(code(&out), 1);
        assert_eq!(text(&out.stdout), "count\n2\n");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("stdin:1: error at 1:18"), "{stderr}");
        assert!(stderr.contains("did you mean speaker?"), "{stderr}");
        assert!(
            stderr.contains("stdin:2: unknown command .frobnicate"),
            "{stderr}"
        );
        assert!(stderr.contains(".help"), "{stderr}");
    }

    #[test]
    fn a_saved_query_file_piped_in_runs_as_qawl_run_runs_it() {
        let env = Env::new();
        let file = "# name: by-who\n# what one person said\nstatements where speaker=$who\n  and verb != said\nshow speaker, verb\n  order by verb\n\n# name: verbs\ncount statements\n  where not negated\n  by verb;\ncount articles where\n  date >= 2018\n";
        let path = env.path("report.qawl");
        std::fs::write(&path, file).expect("the file is written");
        let path = path.display().to_string();
        let run = env.run(&["run", &path, "--param", "who=علوان", "-f", "tsv"]);
        assert_eq!(code(&run), 0, "{}", text(&run.stderr));
        let piped = env.run_with_stdin(&["repl"], &format!(".param set who علوان\n{file}"));
        assert_eq!(code(&piped), 0, "{}", text(&piped.stderr));
        assert_eq!(text(&piped.stderr), "");
        // the same rows; qawl run makes them one table with a query column
        let mut rows: Vec<String> = text(&piped.stdout)
            .lines()
            .filter(|l| !["speaker\tverb", "verb\tcount", "count"].contains(l))
            .map(str::to_string)
            .collect();
        let mut tagged: Vec<String> = text(&run.stdout)
            .lines()
            .skip(1)
            .map(|l| {
                let fields: Vec<&str> = l.split('\t').skip(1).filter(|f| !f.is_empty()).collect();
                fields.join("\t")
            })
            .collect();
        rows.sort();
        tagged.sort();
        assert_eq!(rows, tagged, "{}", text(&piped.stdout));
        assert!(rows.contains(&"وائل علوان\tdenied".to_string()), "{rows:?}");
    }

    #[test]
    fn a_program_that_waits_for_each_result_gets_it_without_sending_more() {
        use std::io::{BufRead, BufReader, Write};
        let env = Env::new();
        let mut child = env
            .command(&["repl"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("qawl starts");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        // writes a query and reads the lines of its result, sending nothing more meanwhile
        let mut answer = |query: &str, lines: usize| -> String {
            stdin.write_all(query.as_bytes()).unwrap();
            stdin.flush().unwrap();
            let mut got = String::new();
            for _ in 0..lines {
                stdout.read_line(&mut got).expect("a line of the result");
            }
            got
        };
        let started = std::time::Instant::now();
        assert_eq!(answer("count articles\n", 2), "count\n2\n");
        assert_eq!(answer("count statements where verb=نفى\n", 2), "count\n1\n");
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
        drop(stdin);
        let out = child.wait_with_output().expect("qawl ends");
        assert_eq!(code(&out), 0);
    }

    #[test]
    fn params_explain_and_once_work_from_a_script() {
        let env = Env::new();
        let target = env.path("out.csv");
        let script = format!(
            ".param set who \"وائل علوان\"\n.explain on\n.once --bom {}\nstatements where speaker=$who and verb=denied show verb\ncount articles\n",
            target.display()
        );
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "count\n2\n");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("SELECT"), "{stderr}");
        assert!(stderr.contains("\"وائل علوان\""), "{stderr}");
        let written = std::fs::read(&target).expect("the .once file");
        assert_eq!(text(&written), "\u{FEFF}verb\r\ndenied\r\n");
    }

    #[test]
    fn output_sends_results_to_a_file_until_called_alone() {
        let env = Env::new();
        let target = env.path("all.tsv");
        let script = format!(
            ".output {}\ncount articles\ncount statements\n.output\ncount entities where name=علوان\n",
            target.display()
        );
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "count\n1\n");
        let written = std::fs::read_to_string(&target).expect("the .output file");
        assert_eq!(
            written,
            "query\tcount\ncount articles\t2\ncount statements\t3\n"
        );
    }

    #[test]
    fn output_of_several_queries_is_one_document_jq_and_a_spreadsheet_read() {
        let env = Env::new();
        let (json, csv) = (env.path("all.json"), env.path("all.csv"));
        let report = env.path("report.qawl");
        std::fs::write(
            &report,
            "# name: denials\nstatements where verb=denied show speaker\n",
        )
        .expect("the file is written");
        let script = format!(
            ".output {}\ncount articles\nstatements where verb=نفى show speaker, verb\n.output {}\n.read {}\ncount articles\nexplain count articles\n",
            json.display(),
            csv.display(),
            report.display()
        );
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "");
        let written = std::fs::read_to_string(&json).expect("the .output file");
        let parsed: serde_json::Value = serde_json::from_str(&written).expect(&written);
        assert_eq!(
            parsed,
            serde_json::json!([
                {"query": "count articles", "count": 2},
                {"query": "statements where verb=نفى show speaker, verb", "speaker": "وائل علوان", "verb": "denied"}
            ])
        );
        // the file's query, the typed ones and an explain: one table, ended when stdin ends
        let bytes = std::fs::read(&csv).expect("the second .output file");
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(
            reader.headers().unwrap(),
            vec!["query", "speaker", "count", "explain"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3, "{}", text(&bytes));
        assert_eq!((&rows[0][0], &rows[0][1]), ("denials", "وائل علوان"));
        assert_eq!((&rows[1][0], &rows[1][2]), ("count articles", "2"));
        assert_eq!(&rows[2][0], "explain count articles");
        assert!(rows[2][3].contains("SELECT"), "{:?}", rows[2]);
    }

    #[test]
    fn output_to_a_format_qawl_does_not_write_is_refused_unless_mode_chose_one() {
        let env = Env::new();
        let (xlsx, once) = (env.path("r.xlsx"), env.path("o.xlsx"));
        let script = format!(
            ".output {}\n.once {}\ncount articles\n.mode csv\n.output {}\ncount articles\n",
            xlsx.display(),
            once.display(),
            xlsx.display()
        );
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 1);
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("stdin:1: error: ") && stderr.contains("qawl cannot write .xlsx files"),
            "{stderr}"
        );
        assert!(stderr.contains("stdin:2: error: "), "{stderr}");
        assert!(stderr.contains(".mode, e.g. .mode csv"), "{stderr}");
        assert!(!once.exists());
        // refused, the result went to the screen; once .mode chose CSV, the file is written
        assert_eq!(text(&out.stdout), "count\n2\n");
        assert_eq!(std::fs::read_to_string(&xlsx).unwrap(), "count\r\n2\r\n");
    }

    #[test]
    fn read_runs_a_saved_query_file() {
        let env = Env::new();
        let file = env.path("report.qawl");
        std::fs::write(&file, "# name: denials\nstatements where verb=denied show speaker\n\ncount articles\n.mode csv\n")
            .expect("the file is written");
        let script = format!(".mode jsonl\n.read {}\ncount articles\n", file.display());
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            "{\"query\":\"denials\",\"speaker\":\"وائل علوان\"}\n{\"query\":\"count articles\",\"count\":2}\ncount\r\n2\r\n"
        );
    }

    #[test]
    fn read_with_several_json_results_writes_one_json_document() {
        let env = Env::new();
        let file = env.path("report.qawl");
        std::fs::write(
            &file,
            "# name: denials\nstatements where verb=denied show speaker\n\ncount articles\n",
        )
        .expect("the file is written");
        let script = format!(".mode json\n.read {}\n", file.display());
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        let parsed: serde_json::Value = serde_json::from_str(&stdout).expect(&stdout);
        assert_eq!(
            parsed,
            serde_json::json!([
                {"query": "denials", "speaker": "وائل علوان"},
                {"query": "count articles", "count": 2}
            ])
        );
        // one query alone is its plain array, as `qawl query` writes it
        std::fs::write(&file, "count articles\n").expect("the file is written");
        let out = env.run_with_stdin(&["repl"], &script);
        let parsed: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
        assert_eq!(parsed, serde_json::json!([{"count": 2}]));
    }

    #[test]
    fn once_and_output_take_the_format_of_the_extension_unless_mode_set_one() {
        let env = Env::new();
        let (csv, json, tsv) = (env.path("a.csv"), env.path("b.json"), env.path("c.tsv"));
        // piped: the mode is TSV by default, not chosen; the extensions win
        let script = format!(
            ".once {}\nstatements where verb=denied show speaker, verb\n.output {}\ncount articles\n.output\n.mode jsonl\n.once {}\ncount articles\n",
            csv.display(),
            json.display(),
            tsv.display()
        );
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(
            std::fs::read_to_string(&csv).unwrap(),
            "speaker,verb\r\nوائل علوان,denied\r\n"
        );
        let parsed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(parsed, serde_json::json!([{"count": 2}]));
        // `.mode jsonl` chose the format: it wins over the extension
        assert_eq!(std::fs::read_to_string(&tsv).unwrap(), "{\"count\":2}\n");
    }

    #[test]
    fn a_failing_ingest_prints_its_problems_and_exits_1() {
        let env = Env::new();
        let (good, empty) = (env.path("good.txt"), env.path("empty.txt"));
        std::fs::write(&good, "خبر جديد\n\nقال المتحدث إن الاجتماع انتهى.\n").unwrap();
        std::fs::write(&empty, "\n").unwrap();
        let missing = env.path("missing.txt");
        let script = format!(
            ".ingest {} {} {}\ncount articles\n",
            good.display(),
            empty.display(),
            missing.display()
        );
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 1, "{}", text(&out.stderr));
        // the session goes on: the good file landed
        assert_eq!(text(&out.stdout), "count\n3\n");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
        assert!(stderr.contains("missing.txt: no such file"), "{stderr}");
        assert!(
            stderr.contains("qawl: stdin:1: .ingest: read 1 article"),
            "{stderr}"
        );
        assert!(stderr.contains("2 failed"), "{stderr}");
    }

    #[test]
    fn sql_is_read_only() {
        let env = Env::new();
        let out = env.run_with_stdin(
            &["repl"],
            ".sql DELETE FROM articles\n.sql SELECT count(*) AS n FROM articles\n",
        );
        assert_eq!(code(&out), 1);
        assert_eq!(text(&out.stdout), "n\n2\n");
        assert!(text(&out.stderr).contains("refused"));
    }

    #[test]
    fn ingest_adds_articles_the_next_query_sees() {
        let env = Env::new();
        let article = env.path("new.txt");
        std::fs::write(
            &article,
            "خبر جديد\n\nقال المتحدث إن الاجتماع انتهى دون اتفاق.\n",
        )
        .expect("the article is written");
        let script = format!(".ingest {}\ncount articles\n", article.display());
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "count\n3\n");
        assert!(text(&out.stderr).contains("1 new"), "{}", text(&out.stderr));
    }

    #[test]
    fn a_closed_pipe_ends_quietly() {
        use std::io::{BufRead, BufReader, Write};
        use std::process::Stdio;
        let env = Env::new();
        let mut child = env
            .command(&["repl"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("qawl starts");
        let mut stdin = child.stdin.take().expect("stdin");
        let writer = std::thread::spawn(move || {
            // qawl may be gone before all of it is written
            let _ = stdin.write_all(".help\ncount articles\n".repeat(2000).as_bytes());
        });
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("a first line");
        drop(stdout);
        writer.join().expect("the writer ends");
        let out = child.wait_with_output().expect("qawl ends");
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("panicked"));
    }

    #[test]
    fn a_line_that_is_not_utf8_is_reported_at_its_line_and_the_next_ones_run() {
        let env = Env::new();
        let mut input = b"count articles\nstatements where speaker = \"".to_vec();
        // "علوان" as Windows-1256 bytes
        input.extend_from_slice(&[0xDA, 0xE1, 0xE6, 0xC7, 0xE4]);
        input.extend_from_slice(b"\"\n.mode csv\xFF\ncount statements\n");
        let out = env.run_with_bytes(&["repl"], &input);
        assert_eq!(code(&out), 1, "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "count\n2\ncount\n3\n");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("stdin:2: invalid byte 0xDA at column 29: not UTF-8 text"),
            "{stderr}"
        );
        assert!(stderr.contains("stdin:3: invalid byte 0xFF"), "{stderr}");
    }

    #[test]
    fn a_megabyte_query_runs_within_seconds() {
        let env = Env::new();
        let spaces = " ".repeat(1 << 20);
        let query = format!("count statements{spaces}where verb = denied\n");
        let started = std::time::Instant::now();
        let out = env.run_with_stdin(&["repl"], &query);
        let took = started.elapsed();
        assert_eq!(text(&out.stdout), "count\n1\n", "{}", text(&out.stderr));
        // it took minutes while the buffer was trimmed once a character
        assert!(took.as_secs() < 5, "{took:?}");
        let lines = format!(
            "count statements where (verb = denied{}\n)\n",
            "\n".repeat(1 << 20)
        );
        let out = env.run_with_stdin(&["repl"], &lines);
        assert_eq!(text(&out.stdout), "count\n1\n", "{}", text(&out.stderr));
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    #[test]
    fn schema_prints_the_create_statements_of_the_store() {
        let env = Env::new();
        let out = env.run_with_stdin(&["repl"], ".schema statements\n");
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.starts_with("CREATE TABLE statements ("), "{stdout}");
        assert!(stdout.ends_with(";\n"), "{stdout}");
        assert!(!stdout.contains("CREATE TABLE articles"), "{stdout}");
        let all = text(&env.run_with_stdin(&["repl"], ".schema\n").stdout);
        assert!(all.contains("CREATE TABLE articles ("), "{all}");
        assert!(all.contains("CREATE VIRTUAL TABLE"), "{all}");
        // the query language's fields are .fields, with types and operators
        let fields = text(&env.run_with_stdin(&["repl"], ".fields entities\n").stdout);
        assert!(fields.starts_with("entities\n"), "{fields}");
        assert!(fields.contains("operators:"), "{fields}");
        let out = env.run_with_stdin(&["repl"], ".schema تصريحات\n");
        assert_eq!(code(&out), 1);
        assert!(
            text(&out.stderr).contains(
                "stdin:1: no table تصريحات in the store; its tables are: aliases, articles"
            ),
            "{}",
            text(&out.stderr)
        );
    }

    #[test]
    fn nullvalue_shows_a_missing_value_in_csv_tsv_line_and_table() {
        let env = Env::new();
        let query = ".sql SELECT 'علوان' AS speaker, NULL AS quote, '' AS role\n";
        let script = format!(
            ".nullvalue NULL\n{query}.mode csv\n{query}.mode line\n{query}.mode table\n{query}.mode json\n{query}.nullvalue ''\n.mode csv\n{query}"
        );
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with("speaker\tquote\trole\nعلوان\tNULL\t\n"),
            "{stdout}"
        );
        assert!(
            stdout.contains("speaker,quote,role\r\nعلوان,NULL,\r\n"),
            "{stdout}"
        );
        assert!(stdout.contains("  quote = NULL\n   role =\n"), "{stdout}");
        assert!(stdout.contains("┆ NULL  ┆"), "{stdout}");
        // JSON keeps null; an empty .nullvalue is the default again
        assert!(stdout.contains("\"quote\": null"), "{stdout}");
        assert!(
            stdout.ends_with("speaker,quote,role\r\nعلوان,,\r\n"),
            "{stdout}"
        );
    }

    #[test]
    fn width_sets_the_widths_of_the_first_table_columns() {
        let env = Env::new();
        let query = ".sql SELECT 'ab cd ef' AS a, 'gh ij' AS b\n";
        let script = format!(".mode table\n.width 2\n{query}.width\n{query}");
        let out = env.run_with_stdin(&["repl"], &script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        let (fixed, automatic) = stdout.split_once("1 row\n").expect("two tables");
        // a 2-column a: its value wraps inside it; b keeps its natural width
        assert!(fixed.starts_with("┌────┬───────┐\n"), "{fixed}");
        assert!(
            fixed.contains("│ ab ┆ gh ij │\n│ cd ┆       │\n│ ef ┆       │"),
            "{fixed}"
        );
        // alone, .width makes every column automatic again
        assert!(automatic.contains("│ ab cd ef ┆ gh ij │"), "{automatic}");
        let out = env.run_with_stdin(&["repl"], ".width wide\n");
        assert_eq!(code(&out), 1);
        assert!(
            text(&out.stderr).contains("usage: .width N..."),
            "{}",
            text(&out.stderr)
        );
    }

    #[test]
    fn bail_stops_piped_input_at_the_first_error_with_exit_code_1() {
        let env = Env::new();
        let script = "count articles\n.bail on\ncount foo\ncount articles\n";
        let out = env.run_with_stdin(&["repl"], script);
        assert_eq!(code(&out), 1);
        assert_eq!(text(&out.stdout), "count\n2\n");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("stdin:3: error at 1:7"), "{stderr}");
        assert!(stderr.contains("stopped at the first failure"), "{stderr}");
        // off (the default): the session goes on after the error
        let out = env.run_with_stdin(&["repl"], "count foo\ncount articles\n");
        assert_eq!((code(&out), text(&out.stdout)), (1, "count\n2\n".into()));
    }

    #[test]
    fn bail_stops_a_read_file_at_its_first_error() {
        let env = Env::new();
        let file = env.path("broken.qawl");
        std::fs::write(
            &file,
            "count articles\n\ncount foo\n\ncount entities where name=علوان\n",
        )
        .expect("the file is written");
        let read = format!(".mode csv\n.read {}\ncount statements\n", file.display());
        let out = env.run_with_stdin(&["repl"], &format!(".bail on\n{read}"));
        assert_eq!(code(&out), 1);
        assert_eq!(text(&out.stdout), "count\r\n2\r\n");
        assert!(
            text(&out.stderr).contains("broken.qawl:3:"),
            "{}",
            text(&out.stderr)
        );
        let out = env.run_with_stdin(&["repl"], &read);
        assert_eq!(code(&out), 1);
        let stdout = text(&out.stdout);
        assert!(stdout.ends_with("count\r\n3\r\n"), "{stdout}");
    }

    #[test]
    fn show_prints_the_settings() {
        let env = Env::new();
        let script = ".mode csv\n.headers off\n.nullvalue -\n.width 12 0 30\n.bail on\n.param set who علوان\n.show\n";
        let out = env.run_with_stdin(&["repl"], script);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        for line in [
            "      mode: csv\n",
            "   headers: off\n",
            " nullvalue: \"-\"\n",
            "     width: 12 0 30 (0 automatic)\n",
            "      bail: on\n",
            "    output: stdout\n",
            "     timer: off\n",
            "parameters: $who\n",
        ] {
            assert!(stdout.contains(line), "{line:?} in {stdout}");
        }
        assert!(
            stdout.contains(&format!("     store: {}\n", env.db().display())),
            "{stdout}"
        );
    }

    #[test]
    fn dump_says_how_sqlite3_dumps_the_store() {
        let env = Env::new();
        let out = env.run_with_stdin(&["repl"], ".dump\ncount articles\n");
        assert_eq!(code(&out), 1);
        assert_eq!(text(&out.stdout), "count\n2\n");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(".dump is not a qawl command"), "{stderr}");
        assert!(
            stderr.contains(&format!("sqlite3 '{}' .dump", env.db().display())),
            "{stderr}"
        );
    }

    #[test]
    fn exit_stops_reading() {
        let env = Env::new();
        let out = env.run_with_stdin(&["repl"], "count articles\n.exit\ncount statements\n");
        assert_eq!(text(&out.stdout), "count\n2\n");
    }
}

/// The REPL on a terminal, driven through a pseudo-terminal.
#[cfg(unix)]
mod terminal {
    use super::*;
    use rexpect::reader::Options;
    use rexpect::session::{PtySession, spawn_with_options};
    use std::time::{Duration, Instant};

    /// The pseudo-terminal reader hands over bytes one by one as chars; text to look for must
    /// be spelled the same way.
    fn bytes(text: &str) -> String {
        text.bytes().map(char::from).collect()
    }

    fn start(env: &Env) -> PtySession {
        let mut cmd = env.command(&["repl"]);
        cmd.env("TERM", "xterm");
        let options = Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(true);
        let mut p = spawn_with_options(cmd, options).expect("qawl starts in a terminal");
        p.exp_string("qawl> ").expect("the prompt");
        p
    }

    #[test]
    fn tab_completes_a_field_and_a_name_and_the_result_is_a_table() {
        let env = Env::new();
        let mut p = start(&env);
        p.send("statements where spe\t").unwrap();
        p.flush().unwrap();
        p.exp_string("speaker").expect("the field is completed");
        p.send("=وائ\t").unwrap();
        p.flush().unwrap();
        p.exp_string(&bytes("\"وائل علوان\""))
            .expect("the name is completed and quoted");
        p.send(" show speaker, verb\r").unwrap();
        p.flush().unwrap();
        p.exp_string("denied").expect("a row");
        p.exp_string("2 rows")
            .expect("the row count under the table");
        p.exp_string("qawl> ").expect("the prompt again");
        p.send_control('d').unwrap();
        p.exp_eof().expect("Ctrl-D leaves");
        let history = std::fs::read_to_string(env.path("history.txt")).expect("history");
        assert!(
            history.contains("statements where speaker=\"وائل علوان\" show speaker, verb"),
            "{history}"
        );
    }

    #[test]
    fn tab_twice_lists_every_name_a_prefix_fits() {
        let env = Env::new();
        let mut p = start(&env);
        p.send("statements where speaker=علو\t\t").unwrap();
        p.flush().unwrap();
        p.exp_string(&bytes("وائل علوان"))
            .expect("the full name is offered");
        p.exp_string(&bytes("qawl> statements where speaker=علو"))
            .expect("the line is shown again under the list");
        p.send_control('c').unwrap();
        p.exp_string("qawl> ").expect("Ctrl-C cancels the line");
        p.send(".exit\r").unwrap();
        p.flush().unwrap();
        p.exp_eof().expect(".exit leaves");
    }

    #[test]
    fn ctrl_c_cancels_a_long_query_and_the_session_goes_on() {
        let env = Env::new();
        let mut p = start(&env);
        p.send(".sql WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c\r")
            .unwrap();
        p.flush().unwrap();
        interrupt_until(&mut p, "interrupted");
        p.exp_string("qawl> ").expect("back at the prompt");
        p.send(".sql SELECT 40 + 2 AS answer\r").unwrap();
        p.flush().unwrap();
        p.exp_string("42").expect("the next query runs");
        leave(&mut p);
    }

    #[test]
    fn three_lines_pasted_at_once_all_run_in_order() {
        let env = Env::new();
        let mut p = start(&env);
        // one write, as a terminal delivers a paste without bracketed-paste marks (or lines
        // typed ahead while a query runs): the editor reads them in one go
        p.send(".mode csv\r.sql SELECT 'first' AS n\r.sql SELECT 'second' AS n\r.sql SELECT 'third' AS n\r")
            .unwrap();
        p.flush().unwrap();
        p.exp_string("first").expect("the first line runs");
        p.exp_string("second").expect("the second line runs");
        p.exp_string("third").expect("the third line runs");
        leave(&mut p);
    }

    #[test]
    fn lines_typed_while_a_query_runs_are_kept() {
        let env = Env::new();
        let mut p = start(&env);
        p.send(".sql WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT 'slow ' || count(*) AS n FROM c\r")
            .unwrap();
        p.flush().unwrap();
        // typed while the query runs: the line editor is not reading, the terminal keeps them
        std::thread::sleep(Duration::from_millis(100));
        p.send(".sql SELECT 'typed ' || 'ahead' AS n\r").unwrap();
        p.send("count articles\r").unwrap();
        p.flush().unwrap();
        p.exp_string("slow 3000000").expect("the slow query ends");
        p.exp_string("typed ahead")
            .expect("the line typed meanwhile runs");
        p.exp_string("1 row").expect("its table");
        p.exp_string("count").expect("and the next");
        leave(&mut p);
    }

    #[test]
    fn a_query_typed_while_ingest_runs_is_kept() {
        let env = Env::new();
        let mut p = start(&env);
        let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
        p.send(&format!(".ingest {}\r", articles.display()))
            .unwrap();
        p.flush().unwrap();
        p.send(".mode csv\r").unwrap();
        p.send(".sql SELECT 'articles: ' || count(*) AS n FROM articles\r")
            .unwrap();
        p.flush().unwrap();
        p.exp_string("24 new").expect("the ingest's summary");
        // the fixture's two articles and the 24 examples
        p.exp_string("articles: 26")
            .expect("the query typed meanwhile runs after it");
        leave(&mut p);
    }

    #[test]
    fn a_pasted_block_with_several_statements_runs_each_in_order() {
        let env = Env::new();
        let mut p = start(&env);
        // a bracketed paste (what terminals send for a paste once the editor asks for it):
        // the block lands in the line as it is, and Enter runs its statements in order
        p.send("\x1b[200~.mode csv\r.sql SELECT 'alpha' AS n\r.sql SELECT 'beta' AS n\x1b[201~\r")
            .unwrap();
        p.flush().unwrap();
        p.exp_string("alpha")
            .expect("the first statement of the paste");
        p.exp_string("beta")
            .expect("the second statement of the paste");
        leave(&mut p);
    }

    #[test]
    fn a_statement_that_goes_on_gets_the_continuation_prompt() {
        let env = Env::new();
        let mut p = start(&env);
        // a line that stops where no query can goes on under the continuation prompt
        p.send("count statements where\r").unwrap();
        p.flush().unwrap();
        p.exp_string("   ...> ").expect("the continuation prompt");
        // Tab there knows the statement's table from the line above
        p.send("ver\t").unwrap();
        p.flush().unwrap();
        p.exp_string("verb")
            .expect("the field completed on the second line");
        p.send(" = denied\r").unwrap();
        p.flush().unwrap();
        p.exp_string("1 row")
            .expect("the statement ran once it ended");
        p.exp_string("qawl> ").expect("the first prompt again");
        // an open quote goes on too; Ctrl-C drops the whole statement
        p.send(".mode jsonl\rstatements where speaker = \"abc\r")
            .unwrap();
        p.flush().unwrap();
        p.exp_string("   ...> ").expect("the continuation prompt");
        p.send_control('c').unwrap();
        p.exp_string("qawl> ").expect("Ctrl-C drops the statement");
        p.send("count articles\r").unwrap();
        p.flush().unwrap();
        p.exp_string("{\"count\":2}")
            .expect("the next statement runs alone");
        leave(&mut p);
        let history = std::fs::read_to_string(env.path("history.txt")).expect("history");
        // one entry for the statement of two lines (rustyline writes its break as \n)
        assert!(
            history.contains("count statements where\\nverb = denied\n"),
            "{history}"
        );
    }

    /// Waits for the prompt, then leaves with Ctrl-D. A Ctrl-D sent while a query still runs
    /// reaches a terminal in line mode, which swallows it as an empty end of file.
    fn leave(p: &mut PtySession) {
        p.exp_string("qawl> ").expect("the prompt before Ctrl-D");
        p.send_control('d').unwrap();
        p.exp_eof().expect("Ctrl-D leaves");
    }

    /// Sends Ctrl-C every few hundred milliseconds until `needle` shows: the first may reach the
    /// line editor before the query starts (where it only cancels an empty line).
    fn interrupt_until(p: &mut PtySession, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = String::new();
        let mut next = Instant::now() + Duration::from_millis(300);
        while !seen.contains(needle) {
            assert!(Instant::now() < deadline, "no {needle:?} in {seen:?}");
            if Instant::now() >= next {
                p.send_control('c').unwrap();
                next = Instant::now() + Duration::from_millis(300);
            }
            match p.try_read() {
                Some(c) => seen.push(c),
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }

    /// `command` run on a terminal of `rows` × 100 (a new pseudo-terminal has no size).
    fn sized(command: std::process::Command, rows: u16) -> std::process::Command {
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c")
            .arg(format!("stty rows {rows} cols 100; exec \"$0\" \"$@\""))
            .arg(command.get_program())
            .args(command.get_args());
        for (name, value) in command.get_envs() {
            match value {
                Some(value) => sh.env(name, value),
                None => sh.env_remove(name),
            };
        }
        sh
    }

    /// Sixty rows of one number each: taller than the screen.
    const TALL: &str = ".sql WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 60) SELECT x FROM c\r";

    #[test]
    fn a_result_taller_than_the_screen_goes_through_the_pager_until_pager_off() {
        let env = Env::new();
        let mut cmd = env.command(&["repl"]);
        cmd.env("TERM", "xterm").env("PAGER", "sed s/^/PAGED:/");
        let options = Options::new()
            .timeout_ms(Some(20_000))
            .strip_ansi_escape_codes(true);
        let mut p = spawn_with_options(sized(cmd, 20), options).expect("qawl starts");
        p.exp_string("qawl> ").expect("the prompt");
        p.send(".sql SELECT 1 AS one\r").unwrap();
        p.flush().unwrap();
        let short = p.exp_string("1 row").expect("a short result");
        assert!(!short.contains("PAGED:"), "{short}");
        p.send(TALL).unwrap();
        p.flush().unwrap();
        p.exp_string(&bytes("PAGED:│ 60"))
            .expect("the tall result through the pager");
        p.exp_string("PAGED:60 rows").expect("all of it");
        p.exp_string("qawl> ").expect("the prompt after the pager");
        p.send(".pager off\r").unwrap();
        p.flush().unwrap();
        p.exp_string("qawl> ").expect("the prompt after .pager off");
        p.send(TALL).unwrap();
        p.flush().unwrap();
        let unpaged = p.exp_string("60 rows").expect("the tall result");
        assert!(!unpaged.contains("PAGED:"), "{unpaged}");
        leave(&mut p);
    }

    #[test]
    fn qawl_query_pages_a_long_result_on_a_terminal_unless_no_pager() {
        let env = Env::new();
        let query = "statements show id";
        for (args, paged) in [(vec![], true), (vec!["--no-pager"], false)] {
            let mut all = vec!["query", query];
            all.extend(args);
            let mut cmd = env.command(&all);
            cmd.env("PAGER", "sed s/^/PAGED:/");
            let mut p = spawn_with_options(sized(cmd, 5), Options::new().timeout_ms(Some(20_000)))
                .expect("qawl starts");
            let before = p.exp_string("3 rows").expect("the result");
            assert_eq!(before.contains("PAGED:"), paged, "{before}");
            p.exp_eof().expect("qawl ends");
        }
    }

    #[test]
    fn a_byte_that_is_not_utf8_is_reported_and_the_line_is_kept() {
        use std::io::Write;
        let env = Env::new();
        let mut p = start(&env);
        p.send("count arti").unwrap();
        p.flush().unwrap();
        p.exp_string("count arti").expect("the typed text");
        let mut raw = p.process().get_file_handle().expect("the terminal");
        raw.write_all(&[0xFF]).expect("a byte that is not UTF-8");
        raw.flush().unwrap();
        p.exp_string("not UTF-8").expect("a message, not the end");
        p.exp_string("qawl> count arti")
            .expect("the line is offered again");
        p.send("cles\r").unwrap();
        p.flush().unwrap();
        p.exp_string("1 row").expect("the kept line runs");
        leave(&mut p);
    }

    /// A REPL in a terminal with colour on, read by a thread of its own: the typed or pasted
    /// text echoes back many times over, more than the char-by-char reader of rexpect keeps up
    /// with.
    struct Colour {
        process: rexpect::process::PtyProcess,
        terminal: std::fs::File,
        seen: std::sync::mpsc::Receiver<Instant>,
    }

    impl Colour {
        /// Starts the REPL and waits for its prompt; `needle` is what marks the end of the work.
        fn start(env: &Env, needle: &'static str) -> Colour {
            use std::io::Read;
            let mut cmd = env.command(&["repl"]);
            cmd.env("TERM", "xterm").env_remove("NO_COLOR");
            let mut process = rexpect::process::PtyProcess::new(cmd).expect("qawl starts");
            process.set_kill_timeout(Some(2_000));
            let terminal = process.get_file_handle().expect("the terminal");
            let mut reader = terminal.try_clone().expect("a reader");
            let (send, seen) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut window: Vec<u8> = Vec::new();
                let mut buf = vec![0; 1 << 16];
                let mut needles = ["qawl> ", needle].into_iter();
                let mut want = needles.next();
                while let (Some(w), Ok(n)) = (want, reader.read(&mut buf)) {
                    if n == 0 {
                        break;
                    }
                    window.extend_from_slice(&buf[..n]);
                    let found = window.windows(w.len()).position(|x| x == w.as_bytes());
                    if let Some(at) = found {
                        let _ = send.send(Instant::now());
                        window.drain(..at + w.len());
                        want = needles.next();
                    }
                    let keep = window.len().saturating_sub(64);
                    window.drain(..keep);
                }
            });
            let colour = Colour {
                process,
                terminal,
                seen,
            };
            colour.wait("the prompt");
            colour
        }

        fn wait(&self, what: &str) -> Instant {
            self.seen
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("no {what} within two minutes"))
        }

        /// Writes `input` as a terminal would and returns how long until the needle showed.
        fn time(mut self, input: &[u8]) -> Duration {
            use std::io::Write;
            let started = Instant::now();
            self.terminal.write_all(input).expect("typed");
            self.terminal.flush().unwrap();
            let took = self.wait("result") - started;
            let _ = self.process.exit();
            took
        }
    }

    /// A query of about `bytes` bytes on one line that finds Wael Alwan's two statements.
    fn long_query(bytes: usize) -> String {
        let mut query = String::from("statements where speaker = علوان");
        while query.len() < bytes {
            query.push_str(" or speaker = \"حمزة بيرقدار\" and verb = denied");
        }
        query.push_str(" show verb");
        query
    }

    #[test]
    fn a_long_line_typed_key_by_key_with_colour_on_takes_seconds_not_minutes() {
        let env = Env::new();
        // what a terminal without bracketed paste sends for a paste: one key after another
        let query = long_query(20_000);
        let took = Colour::start(&env, "2 rows").time(format!("{query}\r").as_bytes());
        eprintln!("20 KB line typed key by key, colour on: {took:?}");
        // 17 KB took 20 s when every key repainted, re-painted and re-hinted the whole line
        assert!(took < Duration::from_secs(5), "{took:?}");
    }

    #[test]
    fn a_long_line_pasted_with_colour_on_takes_seconds_not_minutes() {
        let env = Env::new();
        let query = long_query(100_000);
        let pasted = format!("\x1b[200~{query}\x1b[201~\r");
        let took = Colour::start(&env, "2 rows").time(pasted.as_bytes());
        eprintln!("100 KB line pasted, colour on: {took:?}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    }

    #[test]
    fn history_survives_a_restart() {
        let env = Env::new();
        let mut p = start(&env);
        p.send("count statements by verb\r").unwrap();
        p.flush().unwrap();
        p.exp_string("3 rows").expect("the counts");
        leave(&mut p);

        let mut p = start(&env);
        p.send("\x1b[A").unwrap();
        p.flush().unwrap();
        p.exp_string("count statements by verb")
            .expect("Up brings back the last session's line");
        p.send("\r").unwrap();
        p.flush().unwrap();
        p.exp_string("3 rows").expect("and it runs");
        leave(&mut p);
    }
}
