//! Integration tests of the readers: fixtures under tests/data/ingest, generated files in a
//! temporary folder, and the seed article when it is there.

use chrono::NaiveDate;
use qawl::ingest::{self, Format, Input, Read, discover, read_input};
use qawl::model::Article;
use std::fs;
use std::path::{Path, PathBuf};

mod skip;

const DATA: &str = "tests/data/ingest";

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Reads a fixture in the format its extension names.
fn fixture(name: &str) -> Read {
    let path = Path::new(DATA).join(name);
    let found = discover(&[path], None);
    assert!(found.problems.is_empty(), "{:?}", found.problems);
    read_input(&found.inputs[0])
}

/// The one article a read gave, with no problem at all.
fn only_article(read: &Read) -> &Article {
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.articles.len(), 1);
    &read.articles[0]
}

/// The lines of a read's problems, in order.
fn problem_lines(read: &Read) -> Vec<Option<usize>> {
    read.problems.iter().map(|p| p.line).collect()
}

/// The `path` of each article a read gave.
fn article_paths(read: &Read) -> Vec<String> {
    read.articles
        .iter()
        .map(|a| a.path.clone().unwrap_or_default())
        .collect()
}

#[test]
fn seed_article_reads_title_date_trailer_and_body() {
    let Some(path) = skip::seed_file(
        "article-2018-03-12.txt",
        "seed_article_reads_title_date_trailer_and_body",
    ) else {
        return;
    };
    let read = read_input(&Input {
        path,
        format: Format::Text,
    });
    let a = only_article(&read);
    assert_eq!(
        a.title.as_deref(),
        Some("فيلق الرحمن وجيش الإسلام يجددان نفيهما لأي مفاوضات مع الروس نظام الأسد")
    );
    assert_eq!(a.published, date(2018, 3, 12));
    assert_eq!(a.section.as_deref(), Some("أخبار سورية"));
    assert_eq!(a.source.as_deref(), Some("شبكة شام"));
    assert_eq!(a.author.as_deref(), Some("فريق التحرير"));
    assert!(a.body.starts_with("نفى"), "{}", a.body);
    assert!(!a.body.contains("المصدر") && !a.body.contains("مشاركة"));
    assert!(a.body.ends_with("لثلاثة أقسام."));
}

#[test]
fn text_with_arabic_indic_digits_and_a_gulf_month() {
    let read = fixture("gulf-indic.txt");
    let a = only_article(&read);
    assert_eq!(
        a.title.as_deref(),
        Some("مجلس البلدية يقر ميزانية العام الجديد")
    );
    assert_eq!(a.published, date(2023, 12, 27));
    assert_eq!(a.section.as_deref(), Some("شؤون محلية"));
    assert_eq!(a.source.as_deref(), Some("صحيفة المدينة"));
    assert_eq!(a.author.as_deref(), Some("قسم الأخبار المحلية"));
    assert_eq!(a.path.as_deref(), Some("tests/data/ingest/gulf-indic.txt"));
    let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 3, "{}", a.body);
    assert!(paragraphs[0].starts_with("أقر مجلس البلدية"));
    assert!(
        paragraphs[1].contains("الميزانية   تضع"),
        "inner spaces kept"
    );
    assert!(
        paragraphs[1].contains("المقدمة،\nمضيفة"),
        "inner line break kept"
    );
    assert!(!a.body.contains("يقر ميزانية"), "headline copies collapsed");
    assert!(!a.body.contains("مشاركة") && !a.body.contains("اقرأ") && !a.body.contains('ـ'));
}

#[test]
fn text_with_western_digits_and_a_levantine_month() {
    let read = fixture("levant-western.txt");
    let a = only_article(&read);
    assert_eq!(a.title.as_deref(), Some("نقابة المعلمين تدعو إلى اعتصام"));
    assert_eq!(a.published, date(2021, 11, 4));
    assert_eq!(a.section.as_deref(), Some("تربية وتعليم"));
    assert_eq!(a.source.as_deref(), Some("وكالة الأنباء المحلية"));
    assert_eq!(a.author, None);
    assert!(a.body.starts_with("دعت نقابة"));
    assert!(a.body.ends_with("منذ العام الماضي."));
}

#[test]
fn text_without_date_line_or_trailer_drops_trailing_boilerplate() {
    let read = fixture("no-date-line.txt");
    let a = only_article(&read);
    assert_eq!(
        (a.published, &a.section, &a.source, &a.author),
        (None, &None, &None, &None)
    );
    assert_eq!(
        a.body,
        "افتتح المحافظ معرضا للكتاب يضم أكثر من مئة دار نشر.\n\n\
         وأوضح المنظمون أن المعرض يستمر عشرة أيام."
    );
}

#[test]
fn text_with_an_unreadable_date_is_read_with_a_warning() {
    let read = fixture("bad-date.txt");
    assert_eq!(read.articles.len(), 1);
    let a = &read.articles[0];
    assert_eq!(a.published, None);
    assert_eq!(a.section.as_deref(), Some("طقس"));
    assert_eq!(a.author.as_deref(), Some("فريق الطقس"));
    assert_eq!(
        a.body,
        "توقعت دائرة الأرصاد استمرار الأمطار حتى نهاية الأسبوع."
    );
    let [warning] = read.problems.as_slice() else {
        panic!("one warning expected: {:?}", read.problems)
    };
    assert!(!warning.fatal);
    assert!(
        warning
            .to_string()
            .starts_with("tests/data/ingest/bad-date.txt:2: could not read the date"),
        "{warning}"
    );
}

#[test]
fn jsonl_with_a_broken_line_lands_the_others() {
    let read = fixture("articles.jsonl");
    assert_eq!(
        article_paths(&read),
        [
            "tests/data/ingest/articles.jsonl:1",
            "tests/data/ingest/articles.jsonl:2",
            "tests/data/ingest/articles.jsonl:6"
        ]
    );
    assert_eq!(problem_lines(&read), [Some(3), Some(4)]);
    assert!(read.problems.iter().all(|p| p.fatal));
    assert!(read.problems[0].message.starts_with("not valid JSON"));
    assert!(read.problems[1].message.starts_with("no body"));
    let [first, second, third] = read.articles.as_slice() else {
        unreachable!()
    };
    assert_eq!(first.url.as_deref(), Some("https://example.org/1"));
    assert_eq!(first.source.as_deref(), Some("وكالة النهر"));
    assert_eq!(second.title.as_deref(), Some("تأجيل المباراة"));
    assert_eq!(second.published, date(2019, 4, 3));
    assert_eq!(second.section.as_deref(), Some("رياضة"));
    assert_eq!(third.published, date(2019, 4, 5));
    assert_eq!(third.author.as_deref(), Some("سامي حداد"));
}

#[test]
fn jsonl_whose_first_line_starts_with_a_bracket_lands_the_other_lines() {
    let text = "[{\"body\": \"سطر معطوب\"}\n{\"body\": \"نص أول\"}\n{\"body\": \"نص ثان\"}\n";
    let read = ingest::read_str(text, Format::Jsonl, "b.jsonl");
    assert_eq!(article_paths(&read), ["b.jsonl:2", "b.jsonl:3"]);
    assert_eq!(problem_lines(&read), [Some(1)]);
    assert!(read.problems[0].fatal);
    assert!(
        read.problems[0].message.starts_with("not valid JSON"),
        "{}",
        read.problems[0]
    );
    // a line holding a whole array is one bad line too
    let text = "[{\"body\": \"أ\"}]\n{\"body\": \"ب\"}\n";
    let read = ingest::read_str(text, Format::Jsonl, "c.jsonl");
    assert_eq!(article_paths(&read), ["c.jsonl:2"]);
    assert_eq!(problem_lines(&read), [Some(1)]);
    // a file that is one array still reads as one
    let text = "[\n{\"body\": \"أ\"},\n{\"body\": \"ب\"}\n]\n";
    let read = ingest::read_str(text, Format::Jsonl, "d.jsonl");
    assert_eq!(article_paths(&read), ["d.jsonl:2", "d.jsonl:3"]);
}

#[test]
fn json_title_or_body_of_the_wrong_type_is_a_warning_naming_field_and_line() {
    let text = "[\n{\"title\": 1, \"body\": \"نص\"},\n{\"body\": true, \"content\": \"نص آخر\"},\n{\"body\": 123}\n]";
    let read = ingest::read_str(text, Format::Json, "w.json");
    assert_eq!(article_paths(&read), ["w.json:2", "w.json:3"]);
    assert_eq!(read.articles[0].title, None);
    assert_eq!(read.articles[1].body, "نص آخر");
    assert_eq!(problem_lines(&read), [Some(2), Some(3), Some(4)]);
    let fatal: Vec<_> = read.problems.iter().map(|p| p.fatal).collect();
    assert_eq!(fatal, [false, false, true]);
    assert!(
        read.problems[0]
            .message
            .contains("\"title\" holds a number (1)")
    );
    assert!(
        read.problems[1]
            .message
            .contains("\"body\" holds a boolean (true)")
    );
    assert!(
        read.problems[2]
            .message
            .contains("\"body\" holds a number (123)")
    );
}

#[test]
fn csv_with_an_unterminated_quote_reports_it_at_its_line_not_as_no_body() {
    let text = "title,body\nأ,نص أول\nب,\"نص ثان\nج,نص ثالث\n";
    let read = ingest::read_str(text, Format::Csv, "u.csv");
    assert_eq!(article_paths(&read), ["u.csv:2"]);
    assert_eq!(problem_lines(&read), [Some(3)]);
    let message = &read.problems[0].message;
    assert!(
        message.starts_with("unterminated quoted field"),
        "{message}"
    );
    assert!(!message.contains("no body"), "{message}");
}

#[test]
fn json_array_gives_one_article_per_object() {
    let read = fixture("articles.json");
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(
        article_paths(&read),
        [
            "tests/data/ingest/articles.json:2",
            "tests/data/ingest/articles.json:7"
        ]
    );
    let second = &read.articles[1];
    assert_eq!(second.published, date(2020, 8, 16));
    assert_eq!(second.source.as_deref(), Some("إذاعة الوادي"));
    assert_eq!(
        second.body,
        "أغلقت السلطات الطريق الدولي.\n\nوقال مسؤول إن الإغلاق مؤقت."
    );
}

#[test]
fn csv_with_bom_crlf_and_a_quoted_multi_line_body() {
    let read = fixture("articles.csv");
    assert_eq!(
        article_paths(&read),
        [
            "tests/data/ingest/articles.csv:2",
            "tests/data/ingest/articles.csv:5"
        ]
    );
    let first = &read.articles[0];
    assert_eq!(first.title.as_deref(), Some("انتخابات بلدية"));
    assert_eq!(
        first.body,
        "جرت الانتخابات بهدوء، وقال المراقبون إن الإقبال كان جيدا.\n\nوأعلنت اللجنة النتائج مساء."
    );
    assert_eq!(first.published, date(2022, 5, 10));
    assert_eq!(first.source.as_deref(), Some("جريدة الساحل"));
    assert_eq!(read.articles[1].published, date(2022, 5, 10));
    assert_eq!(read.articles[1].source, None);
    assert_eq!(problem_lines(&read), [Some(6)]);
    assert!(read.problems[0].fatal);
}

#[test]
fn an_empty_file_is_an_error() {
    for read in [
        fixture("blank.txt"),
        ingest::read_str("", Format::Jsonl, "-"),
    ] {
        assert!(read.articles.is_empty());
        let [problem] = read.problems.as_slice() else {
            unreachable!()
        };
        assert!(
            problem.fatal && problem.message.starts_with("empty file"),
            "{problem}"
        );
    }
}

#[test]
fn a_binary_file_is_an_error_naming_the_byte_offset() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("picture.txt");
    let mut bytes = "صورة".as_bytes().to_vec();
    bytes.extend_from_slice(&[0x89, b'P', b'N', b'G', 0, 0xFF]);
    fs::write(&path, bytes).expect("written");
    let read = read_input(&Input {
        path,
        format: Format::Text,
    });
    assert!(read.articles.is_empty());
    let [problem] = read.problems.as_slice() else {
        unreachable!()
    };
    assert!(problem.fatal);
    assert!(problem.message.contains("byte offset 8"), "{problem}");
    assert!(problem.message.contains("text file"), "{problem}");
}

/// Reads `input` on another thread; `None` when it has not finished in ten seconds (a hang).
fn read_within_seconds(input: Input) -> Option<Read> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(read_input(&input)));
    receive
        .recv_timeout(std::time::Duration::from_secs(10))
        .ok()
}

/// Makes a named pipe at `path`; false when `mkfifo` is not there to make one.
fn mkfifo(path: &Path) -> bool {
    match std::process::Command::new("mkfifo").arg(path).status() {
        Ok(status) => status.success(),
        Err(_) => false,
    }
}

#[test]
fn fifo_in_a_folder_or_named_is_skipped_never_read() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let fifo = dir.path().join("b.txt");
    if !mkfifo(&fifo) {
        skip::skipped(
            "fifo_in_a_folder_or_named_is_skipped_never_read",
            "mkfifo is not available",
        );
        return;
    }
    fs::write(
        dir.path().join("a.txt"),
        "خبر\n\nقال المتحدث إن الوضع هادئ.\n",
    )
    .unwrap();
    let found = discover(&[dir.path().to_path_buf()], None);
    assert!(found.problems.is_empty(), "{:?}", found.problems);
    assert_eq!(found.inputs.len(), 1);
    assert!(found.inputs[0].path.ends_with("a.txt"));
    assert_eq!(found.skipped, std::slice::from_ref(&fifo));

    let found = discover(std::slice::from_ref(&fifo), None);
    assert!(found.inputs.is_empty());
    let [problem] = found.problems.as_slice() else {
        panic!("{:?}", found.problems)
    };
    assert!(problem.fatal);
    assert!(
        problem
            .message
            .starts_with("not a regular file (a named pipe)"),
        "{problem}"
    );

    let input = Input {
        path: fifo,
        format: Format::Text,
    };
    let read = read_within_seconds(input).expect("reading a named pipe returns at once");
    assert!(read.articles.is_empty());
    assert!(read.problems[0].message.starts_with("not a regular file"));
}

#[test]
fn dev_zero_is_refused_not_read_forever() {
    let zero = PathBuf::from("/dev/zero");
    if !zero.exists() {
        skip::skipped(
            "dev_zero_is_refused_not_read_forever",
            "/dev/zero is not there",
        );
        return;
    }
    let found = discover(std::slice::from_ref(&zero), None);
    assert!(found.inputs.is_empty());
    assert_eq!(
        found.problems[0].to_string(),
        "/dev/zero: not a regular file (a device): qawl reads files and folders (or - for \
         stdin); skipped"
    );
    let input = Input {
        path: zero,
        format: Format::Text,
    };
    let read = read_within_seconds(input).expect("reading /dev/zero returns at once");
    assert!(read.has_failures());
}

#[test]
fn a_file_over_the_size_cap_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("huge.jsonl");
    // sparse: takes no room on disk
    let file = fs::File::create(&path).unwrap();
    file.set_len(ingest::MAX_FILE_BYTES + 1).unwrap();
    let read = read_input(&Input {
        path,
        format: Format::Jsonl,
    });
    assert!(read.articles.is_empty());
    assert!(read.problems[0].fatal);
    assert!(
        read.problems[0]
            .message
            .starts_with("too big: qawl reads at most 256 MiB"),
        "{}",
        read.problems[0]
    );
}

#[test]
fn folder_walk_finds_readable_files_sorted_and_counts_the_rest() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    let write = |name: &str, text: &str| {
        let path = root.join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
        fs::write(path, text).expect("written");
    };
    write("b.txt", "عنوان\n\nنص.");
    write("a/z.jsonl", "{\"body\": \"نص\"}\n");
    write("a/notes.md", "# ملاحظات");
    write("c.CSV", "body\nنص\n");
    write("d.json", "[]");
    write("photo.png", "not really");
    write(".hidden/e.txt", "عنوان\n\nنص.");
    let missing = root.join("missing.txt");
    let found = discover(&[root.to_path_buf(), missing.clone()], None);
    let inputs: Vec<(PathBuf, Format)> = found
        .inputs
        .iter()
        .map(|i| (i.path.clone(), i.format))
        .collect();
    assert_eq!(
        inputs,
        [
            (root.join("a/z.jsonl"), Format::Jsonl),
            (root.join("b.txt"), Format::Text),
            (root.join("c.CSV"), Format::Csv),
            (root.join("d.json"), Format::Json),
        ]
    );
    assert_eq!(
        found.skipped,
        [root.join("a/notes.md"), root.join("photo.png")]
    );
    let [problem] = found.problems.as_slice() else {
        unreachable!()
    };
    assert_eq!(problem.path, missing.display().to_string());
    assert!(problem.fatal);
    let articles: usize = found
        .inputs
        .iter()
        .map(|i| read_input(i).articles.len())
        .sum();
    assert_eq!(articles, 3);
}

#[test]
fn a_named_file_is_read_whatever_its_extension_and_forced_formats_win() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let notes = dir.path().join("notes.md");
    fs::write(&notes, "{\"body\": \"نص\"}\n").expect("written");
    let found = discover(std::slice::from_ref(&notes), None);
    assert_eq!(found.inputs[0].format, Format::Text);
    let found = discover(&[notes.clone(), notes], Some(Format::Jsonl));
    assert_eq!(found.inputs.len(), 1, "a file named twice is read once");
    assert_eq!(read_input(&found.inputs[0]).articles[0].body, "نص");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Text made of the pieces the readers look for, in any order.
    fn article_like() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "\n",
            "\r\n",
            "\r",
            " ",
            "●",
            "•",
            "١٢",
            "31",
            "مارس",
            "كانون",
            "الثاني",
            "2018",
            "٢٠١٨",
            "المصدر",
            ":",
            "الكاتب",
            "مشاركة",
            "اقرأ أيضاً",
            "ـــ",
            "عنوان",
            "\"",
            ",",
            "{",
            "}",
            "[",
            "]",
            "\\",
            "body",
            "title",
            "date",
            "\u{FEFF}",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn on_article_like_text(text in article_like()) {
            for format in Format::ALL {
                let read = ingest::read_str(&text, format, "p");
                for a in &read.articles {
                    prop_assert!(!a.body.contains('\r'));
                    prop_assert_eq!(a.body.trim(), a.body.as_str());
                }
            }
        }

        #[test]
        fn on_any_text(text in any::<String>()) {
            for format in Format::ALL {
                ingest::read_str(&text, format, "p");
            }
        }

        #[test]
        fn on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(text) = ingest::decode(&bytes) {
                ingest::read_str(&text, Format::Text, "p");
            }
        }
    }
}
