//! `qawl entity`: curation that refuses what would confuse two entities, says when nothing
//! changed, journals every change, and undoes merges and deletes; export and import round-trip.

use std::path::PathBuf;
use std::process::{Command, Output};

/// One article in the plain-text format, written for these tests: ديفيد سوانسون warns.
const ARTICLE: &str = "الأمم المتحدة تحذر من نقص الغذاء في حلب
● أخبار سورية ٥ آذار ٢٠٢٠

حذر المتحدث باسم مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية ديفيد سوانسون من نفاد مخزون الطحين في المدينة.

المصدر: وكالة الأنباء الكاتب: فريق التحرير
";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A temporary folder with an empty store in it.
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("a temp dir"),
        };
        drop(qawl::Store::open(&env.db()).expect("a new store"));
        env
    }

    /// A store holding [`ARTICLE`].
    fn with_article() -> Env {
        let env = Env::new();
        std::fs::write(env.path("a.txt"), ARTICLE).unwrap();
        env.ok(&["ingest", env.path("a.txt").to_str().unwrap()]);
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kb.sqlite")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn qawl(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_qawl"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("QAWL_DB")
            .env("USER", "tester")
            .output()
            .expect("qawl runs")
    }

    /// Runs qawl, asserts it succeeded, returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.qawl(args);
        assert_eq!(code(&out), 0, "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    /// Runs qawl, asserts it failed with exit code 1, returns its stderr.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.qawl(args);
        assert_eq!(code(&out), 1, "{args:?}: {}", text(&out.stdout));
        assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
        text(&out.stderr)
    }

    /// One value from SQL.
    fn sql(&self, sql: &str) -> String {
        let out = self.ok(&["sql", sql, "-f", "csv", "--no-header"]);
        out.trim_end().to_string()
    }

    /// What curation can change, as text: entities, aliases, mentions and statement links.
    fn snapshot(&self) -> String {
        [
            "SELECT id, kind, name, origin FROM entities ORDER BY id",
            "SELECT entity_id, alias, origin FROM aliases ORDER BY entity_id, alias_norm",
            "SELECT article_id, entity_id, start, end, surface FROM mentions ORDER BY 1, 2, 3",
            "SELECT id, speaker_id, org_id FROM statements ORDER BY id",
            "SELECT * FROM statement_entities ORDER BY 1, 2",
        ]
        .map(|q| self.sql(q))
        .join("\n--\n")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

#[test]
fn adding_a_person_with_an_organisations_name_is_refused_naming_it() {
    let env = Env::new();
    let err = env.refused(&["entity", "add", "person", "حزب الله"]);
    assert!(err.contains("already names #"), "{err}");
    assert!(err.contains("حزب الله (org, builtin)"), "{err}");
    assert!(
        err.contains("--force") && err.contains("entity alias"),
        "{err}"
    );
    assert_eq!(
        env.sql("SELECT count(*) FROM entities WHERE name = 'حزب الله'"),
        "1"
    );
    let forced = env.ok(&["entity", "add", "person", "حزب الله", "--force"]);
    assert!(forced.starts_with("added #"), "{forced}");
    assert_eq!(
        env.sql("SELECT count(*) FROM entities WHERE name = 'حزب الله'"),
        "2"
    );
}

#[test]
fn adding_a_name_that_is_another_entitys_alias_is_refused() {
    let env = Env::new();
    env.ok(&["entity", "add", "person", "وائل علوان", "-a", "علوان"]);
    let err = env.refused(&["entity", "add", "person", "علوان"]);
    assert!(err.contains("وائل علوان (person, user)"), "{err}");
    let err = env.refused(&["entity", "add", "person", "سامر", "-a", "وائل علوان"]);
    assert!(err.contains("the alias `وائل علوان` of سامر"), "{err}");
    assert_eq!(
        env.sql("SELECT count(*) FROM entities WHERE origin = 'user'"),
        "1"
    );
}

#[test]
fn an_alias_that_names_another_entity_is_refused_with_its_name() {
    let env = Env::new();
    let err = env.refused(&["entity", "alias", "جاويش أوغلو", "روسيا"]);
    assert!(err.contains("روسيا (org, builtin)"), "{err}");
    assert!(
        err.contains("entity merge") && err.contains("--force"),
        "{err}"
    );
    let aliases = "SELECT count(*) FROM aliases WHERE alias = 'روسيا'";
    assert_eq!(env.sql(aliases), "1");
    env.ok(&["entity", "alias", "جاويش أوغلو", "روسيا", "--force"]);
    assert_eq!(env.sql(aliases), "2");
}

#[test]
fn repeated_commands_say_nothing_changed_and_journal_nothing() {
    let env = Env::new();
    let steps: [&[&str]; 4] = [
        &["entity", "add", "person", "وائل علوان", "-a", "علوان"],
        &["entity", "alias", "علوان", "أبو وائل"],
        &["entity", "unalias", "علوان", "أبو وائل"],
        &["entity", "rename", "علوان", "وائل العلوان"],
    ];
    for step in steps {
        let first = env.ok(step);
        assert!(!first.contains("nothing changed"), "{step:?}: {first}");
        let again = env.ok(step);
        assert!(again.starts_with("nothing changed: "), "{step:?}: {again}");
    }
    assert_eq!(env.sql("SELECT count(*) FROM curation_journal"), "4");
    let import = env.path("same.csv");
    std::fs::write(&import, "kind,name,aliases\nperson,وائل العلوان,علوان\n").unwrap();
    let out = env.ok(&["entity", "import", import.to_str().unwrap()]);
    assert!(out.starts_with("nothing changed: "), "{out}");
    assert_eq!(env.sql("SELECT count(*) FROM curation_journal"), "4");
}

#[test]
fn names_and_aliases_without_letters_or_with_a_bar_are_refused() {
    let env = Env::new();
    env.ok(&["entity", "add", "person", "وائل علوان"]);
    for alias in ["", "  ", "ـــ", "علوان|وائل"] {
        let err = env.refused(&["entity", "alias", "وائل علوان", alias]);
        assert!(err.starts_with("qawl: refused: the alias"), "{err}");
    }
    let err = env.refused(&["entity", "unalias", "وائل علوان", "وائل علوان"]);
    assert!(
        err.contains("is the name of") && err.contains("rename"),
        "{err}"
    );
    let err = env.refused(&["entity", "delete", "لا أحد"]);
    assert!(err.contains("no entity is named"), "{err}");
    let err = env.refused(&["entity", "show", "#999999"]);
    assert!(err.contains("no entity has id #999999"), "{err}");
    let err = env.refused(&["entity", "merge", "وائل علوان", "وائل علوان"]);
    assert!(err.contains("one entity already"), "{err}");
}

#[test]
fn merge_dry_run_says_what_would_move_and_changes_nothing() {
    let env = Env::with_article();
    env.ok(&["entity", "add", "person", "ديفيد سوانسن"]);
    let before = env.snapshot();
    let out = env.ok(&[
        "entity",
        "merge",
        "ديفيد سوانسون",
        "ديفيد سوانسن",
        "--dry-run",
    ]);
    assert!(out.starts_with("dry run: merge #"), "{out}");
    assert!(out.contains("1 statement as speaker"), "{out}");
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.sql("SELECT count(*) FROM curation_journal"), "1");
}

#[test]
fn undo_reverses_a_merge_exactly() {
    let env = Env::with_article();
    env.ok(&["entity", "add", "person", "ديفيد سوانسن", "-a", "سوانسن"]);
    let before = env.snapshot();
    let merged = env.ok(&["entity", "merge", "ديفيد سوانسون", "ديفيد سوانسن"]);
    assert!(merged.contains("1 statement as speaker"), "{merged}");
    assert!(merged.contains("entity undo"), "{merged}");
    let speaker = "statements where speaker = \"ديفيد سوانسن\" show speaker, verb";
    let q = env.ok(&["query", speaker, "-f", "csv", "--no-header"]);
    assert_eq!(q.trim_end(), "ديفيد سوانسن,warned");
    let undone = env.ok(&["entity", "undo"]);
    assert!(undone.starts_with("undid #2 (merge)"), "{undone}");
    assert_eq!(env.snapshot(), before);
    // the next undo takes back the add before it; then there is nothing left to undo
    assert!(env.ok(&["entity", "undo"]).starts_with("undid #1 (add)"));
    let none = env.ok(&["entity", "undo"]);
    assert!(none.starts_with("nothing changed: "), "{none}");
}

#[test]
fn undo_brings_a_deleted_entity_back_with_its_statements() {
    let env = Env::with_article();
    let before = env.snapshot();
    let dry = env.ok(&["entity", "delete", "ديفيد سوانسون", "-n"]);
    assert!(dry.starts_with("dry run: delete #"), "{dry}");
    assert_eq!(env.snapshot(), before);
    let out = env.ok(&["entity", "delete", "ديفيد سوانسون"]);
    assert!(out.starts_with("deleted #"), "{out}");
    assert!(out.contains("1 statement as speaker"), "{out}");
    assert_eq!(
        env.sql("SELECT count(*) FROM statements WHERE speaker_id IS NULL AND verb = 'warned'"),
        "1"
    );
    env.refused(&["entity", "show", "ديفيد سوانسون"]);
    env.ok(&["entity", "undo"]);
    assert_eq!(env.snapshot(), before);
    let journal = env.ok(&["entity", "journal", "-f", "csv"]);
    let mut lines = journal.lines();
    assert_eq!(lines.next(), Some("id,at,user,action,summary,undone_by"));
    let undo = lines.next().unwrap();
    assert!(
        undo.starts_with("2,") && undo.contains(",tester,undo,"),
        "{journal}"
    );
    let delete = lines.next().unwrap();
    assert!(
        delete.starts_with("1,") && delete.contains(",tester,delete,"),
        "{journal}"
    );
    assert!(delete.ends_with(",2"), "undone by #2: {journal}");
}

#[test]
fn show_gives_kind_aliases_and_statements_by_year_and_verb() {
    let env = Env::with_article();
    env.ok(&["entity", "alias", "ديفيد سوانسون", "سوانسون"]);
    let out = env.ok(&["entity", "show", "سوانسون"]);
    assert!(
        out.starts_with("#") && out.contains("ديفيد سوانسون\n"),
        "{out}"
    );
    assert!(out.contains("kind        person\n"), "{out}");
    assert!(out.contains("سوانسون (user)"), "{out}");
    assert!(out.contains("statements  1 as speaker"), "{out}");
    assert!(out.contains("  2020      1\n"), "{out}");
    assert!(out.contains("by verb     warned 1"), "{out}");
}

#[test]
fn export_then_import_into_a_new_store_round_trips() {
    let env = Env::new();
    env.ok(&[
        "entity",
        "add",
        "person",
        "وائل علوان",
        "-a",
        "علوان",
        "-a",
        "أبو وائل",
    ]);
    env.ok(&["entity", "add", "org", "فيلق الرحمن", "-a", "الفيلق"]);
    env.ok(&["entity", "add", "place", "دوما, الغوطة"]);
    env.ok(&["entity", "alias", "حزب الله", "الحزب"]);
    let first = env.path("first.csv");
    env.ok(&["entity", "export", first.to_str().unwrap()]);
    let exported = std::fs::read_to_string(&first).unwrap();
    assert!(exported.starts_with("kind,name,aliases\n"), "{exported}");
    assert!(
        exported.contains("person,وائل علوان,أبو وائل|علوان\n"),
        "{exported}"
    );
    assert!(exported.contains("\"دوما, الغوطة\""), "{exported}");
    assert!(exported.contains("org,حزب الله,"), "{exported}");
    // the same file into the store it came from changes nothing
    let out = env.ok(&["entity", "import", first.to_str().unwrap()]);
    assert!(out.starts_with("nothing changed: "), "{out}");

    let other = Env::new();
    let out = other.ok(&["entity", "import", first.to_str().unwrap()]);
    // فيلق الرحمن and حزب الله are built in: they get the aliases, the others are added
    assert!(out.contains("2 added, 2 given new aliases"), "{out}");
    let second = other.ok(&["entity", "export"]);
    assert_eq!(second, exported);
}

#[test]
fn an_import_row_that_names_another_entity_is_refused_with_its_line() {
    let env = Env::new();
    let file = env.path("people.csv");
    std::fs::write(
        &file,
        "kind,name,aliases\nperson,وائل علوان,علوان\nperson,حزب الله,\n",
    )
    .unwrap();
    let err = env.refused(&["entity", "import", file.to_str().unwrap()]);
    assert!(err.contains("people.csv:3: refused"), "{err}");
    assert!(err.contains("حزب الله (org, builtin)"), "{err}");
    assert_eq!(
        env.sql("SELECT count(*) FROM entities WHERE origin = 'user'"),
        "0"
    );
    assert_eq!(env.sql("SELECT count(*) FROM curation_journal"), "0");
    let out = env.ok(&["entity", "import", file.to_str().unwrap(), "--force"]);
    assert!(out.contains("2 added"), "{out}");
    // one import is one change: one undo takes all of it back
    env.ok(&["entity", "undo"]);
    assert_eq!(
        env.sql("SELECT count(*) FROM entities WHERE origin = 'user'"),
        "0"
    );
}

#[test]
fn merging_a_person_into_an_organisation_needs_force() {
    let env = Env::new();
    env.ok(&["entity", "add", "person", "وائل علوان"]);
    let err = env.refused(&["entity", "merge", "وائل علوان", "حزب الله"]);
    assert!(
        err.contains("is a person and") && err.contains("--force"),
        "{err}"
    );
    env.ok(&["entity", "merge", "وائل علوان", "حزب الله", "--force"]);
    assert_eq!(
        env.sql("SELECT count(*) FROM entities WHERE name = 'وائل علوان'"),
        "0"
    );
}

#[test]
fn rename_keeps_the_old_name_as_an_alias_and_refuses_a_taken_name() {
    let env = Env::new();
    env.ok(&["entity", "add", "person", "وائل علوان"]);
    env.ok(&["entity", "add", "person", "سامر"]);
    let err = env.refused(&["entity", "rename", "سامر", "وائل علوان"]);
    assert!(err.contains("entity merge"), "{err}");
    let out = env.ok(&["entity", "rename", "وائل علوان", "وائل العلوان"]);
    assert!(out.contains("is now named وائل العلوان"), "{out}");
    let found = env.ok(&["entity", "show", "وائل علوان"]);
    assert!(
        found.starts_with("#") && found.contains("وائل العلوان\n"),
        "{found}"
    );
    env.ok(&["entity", "undo"]);
    let back = env.ok(&["entity", "show", "وائل علوان"]);
    assert!(back.contains("aliases     none"), "{back}");
}
