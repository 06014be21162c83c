//! The plain-text article format, as news sites' pages are scraped:
//!
//! ```text
//! فيلق الرحمن يجدد نفيه …            headline (copies of it that follow are collapsed)
//! ● أخبار سورية ١٢ مارس ٢٠١٨          date line: bullet (●, • or none), section, day, month, year
//! فيلق الرحمن يجدد نفيه …            a third copy of the headline, collapsed too
//! paragraph … (blank line) … paragraph  the body
//! المصدر: شبكة شام الكاتب: فريق التحرير  trailer: outlet and author, either may be missing
//! مشاركة: / اقرأ أيضاً: / ـــــــ       boilerplate, dropped
//! ```
//!
//! The body is the paragraphs between header and trailer joined by one blank line ("\n\n"),
//! each paragraph's inner white space kept as written: later stages count code points in it.

use super::date::{find_day_month_year, is_number, starts_with_digit};
use super::{Problem, Read};
use crate::model::{Article, MAX_HEADLINE};
use crate::text::dates::month_number;
use crate::text::normalize;
use chrono::NaiveDate;

/// Characters that may open a date line.
const BULLETS: &[char] = &['●', '•', '◉', '○', '▪', '■', '◆', '♦', '·', '*'];

/// Characters that make up separator lines ("ـــــ", "-----", "=====").
const RULES: &[char] = &['ـ', '-', '_', '=', '—', '–', '~', '*', '•', '·'];

/// Boilerplate lines of news pages, normalised, without a trailing colon.
const BOILERPLATE: &[&str] = &[
    "مشاركه",
    "مشاركه الخبر",
    "شارك",
    "شارك الخبر",
    "اقرا ايضا",
    "اقرا المزيد",
    "طباعه",
    "تابعونا",
];

/// The most words a section may have on a date line without a bullet; longer lines are body text.
const MAX_UNMARKED_SECTION_WORDS: usize = 5;

/// Reads one plain-text article; `path` names it in the article and in problems.
pub fn read(text: &str, path: &str) -> Read {
    match parse(text, path) {
        Ok((article, problems)) => Read {
            articles: vec![article],
            problems,
            encoding: None,
        },
        Err(problem) => Read::failed(problem),
    }
}

/// Parses one plain-text article, with the warnings met; an empty file is an error.
pub fn parse(text: &str, path: &str) -> Result<(Article, Vec<Problem>), Problem> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = match text.contains('\r') {
        true => std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")),
        false => std::borrow::Cow::Borrowed(text),
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let mut problems = Vec::new();
    let header = read_header(&lines, path, &mut problems).ok_or_else(|| {
        Problem::fatal(path, None, "empty file: there is no article in it; skipped")
    })?;
    let (trailer, body_end) = find_trailer(&lines, header.body_start);
    let body = join_paragraphs(&lines[header.body_start..body_end]);
    if body.is_empty() {
        problems.push(Problem::warning(
            path,
            None,
            "no body text after the headline; the article is kept with an empty body",
        ));
    }
    let article = Article {
        title: header.title,
        published: header.published,
        section: header.section,
        source: trailer.source,
        author: trailer.author,
        url: None,
        body,
        path: Some(path.to_string()),
    };
    Ok((article, problems))
}

/// What the lines before the body say.
#[derive(Debug, Default)]
struct Header {
    title: Option<String>,
    published: Option<NaiveDate>,
    section: Option<String>,
    /// Index of the first line after the header.
    body_start: usize,
}

/// Reads the headline, its copies and the date line; `None` when there is no text at all.
fn read_header(lines: &[&str], path: &str, problems: &mut Vec<Problem>) -> Option<Header> {
    let first = next_text_line(lines, 0)?;
    let mut header = Header::default();
    let mut at = first;
    // A scrape may put the date line above the headline.
    if let Some(date_line) = marked_date_line(lines[first]) {
        header.take_date_line(date_line, first, path, problems);
        match next_text_line(lines, first + 1) {
            Some(next) => at = next,
            None => {
                header.body_start = lines.len();
                return Some(header);
            }
        }
    }
    let title = lines[at].trim().to_string();
    if title.chars().nth(MAX_HEADLINE).is_some() {
        // a paragraph, not a headline: a text with no line breaks, or a scrape without a title
        header.body_start = at;
        return Some(header);
    }
    at = skip_headline_copies(lines, at + 1, &title);
    if header.section.is_none() && header.published.is_none() {
        if let Some(date_line) = lines.get(at).and_then(|line| date_line(line)) {
            header.take_date_line(date_line, at, path, problems);
            at = skip_headline_copies(lines, at + 1, &title);
        }
    }
    header.title = Some(title);
    header.body_start = at;
    Some(header)
}

impl Header {
    /// Takes section and date from a date line at index `at`; an unreadable date is a warning.
    fn take_date_line(
        &mut self,
        line: DateLine,
        at: usize,
        path: &str,
        problems: &mut Vec<Problem>,
    ) {
        self.section = line.section;
        self.published = line.date;
        if line.date.is_none() {
            problems.push(Problem::warning(
                path,
                Some(at + 1),
                format!(
                    "could not read the date in \"{}\"; expected \"<section> <day> <month name> \
                     <year>\", e.g. \"● أخبار ١٢ مارس ٢٠١٨\"; the article is kept without a date",
                    line.text
                ),
            ));
        }
    }
}

/// The index of the first line at or after `from` that is not blank.
fn next_text_line(lines: &[&str], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| !lines[i].trim().is_empty())
}

/// Skips blank lines and copies of the headline from `from`; returns the first other line.
fn skip_headline_copies(lines: &[&str], from: usize, title: &str) -> usize {
    let title = normalize(title);
    (from..lines.len())
        .find(|&i| {
            let line = lines[i].trim();
            !line.is_empty() && normalize(line) != title
        })
        .unwrap_or(lines.len())
}

/// A date line as read: its section and date, either of which may be missing.
#[derive(Debug, PartialEq)]
struct DateLine {
    text: String,
    section: Option<String>,
    date: Option<NaiveDate>,
}

/// Reads a date line with a bullet ("● أخبار ١٢ مارس ٢٠١٨"), or without one when it ends with
/// a readable date after a short section ("أخبار سورية 12 آذار 2018").
fn date_line(line: &str) -> Option<DateLine> {
    marked_date_line(line).or_else(|| unmarked_date_line(line))
}

/// A line opening with a bullet is a date line even when its date cannot be read.
fn marked_date_line(line: &str) -> Option<DateLine> {
    let rest = line.trim().strip_prefix(BULLETS)?.trim();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (section_end, date) = match find_day_month_year(&words) {
        Some((day, date)) => (day, Some(date)),
        None => (date_words_start(&words), None),
    };
    Some(DateLine {
        text: line.trim().to_string(),
        section: section_of(&words[..section_end]),
        date,
    })
}

/// A line without a bullet is a date line only when it ends in a readable date.
fn unmarked_date_line(line: &str) -> Option<DateLine> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (day, date) = find_day_month_year(&words)?;
    let ends_with_year = words.last().is_some_and(|w| is_number(w));
    if !ends_with_year || day > MAX_UNMARKED_SECTION_WORDS {
        return None;
    }
    Some(DateLine {
        text: line.trim().to_string(),
        section: section_of(&words[..day]),
        date: Some(date),
    })
}

/// Where the date part of a line with an unreadable date begins: its first number or month name.
fn date_words_start(words: &[&str]) -> usize {
    words
        .iter()
        .position(|w| starts_with_digit(w) || month_number(w).is_some() || is_two_word_month(w))
        .unwrap_or(words.len())
}

/// True for the first word of a two-word Levantine month name (كانون الثاني، تشرين الأول).
fn is_two_word_month(word: &str) -> bool {
    matches!(normalize(word).as_str(), "كانون" | "تشرين")
}

/// The section named by `words`, without separators around it; `None` when nothing is left.
fn section_of(words: &[&str]) -> Option<String> {
    let section = words.join(" ");
    let section = section.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | '|' | '،' | ',' | ':' | '/')
    });
    (!section.is_empty()).then(|| section.to_string())
}

/// Outlet and author read from the trailer.
#[derive(Debug, Default, PartialEq)]
struct Trailer {
    source: Option<String>,
    author: Option<String>,
}

/// Finds the trailer after `body_start`; returns it and where the body ends (trailer and
/// boilerplate before it excluded). Without a trailer, trailing boilerplate is still dropped.
fn find_trailer(lines: &[&str], body_start: usize) -> (Trailer, usize) {
    let body_start = body_start.min(lines.len());
    let last = (body_start..lines.len())
        .rev()
        .find(|&i| trailer_line(lines[i]).is_some());
    let mut trailer = Trailer::default();
    let mut end = lines.len();
    if let Some(last) = last {
        end = last + 1;
        // "المصدر: …" and "الكاتب: …" may stand on lines of their own.
        while end > body_start {
            let Some(part) = trailer_line(lines[end - 1]) else {
                break;
            };
            trailer.source = part.source.or(trailer.source);
            trailer.author = part.author.or(trailer.author);
            end -= 1;
        }
    }
    while end > body_start && is_boilerplate(lines[end - 1]) {
        end -= 1;
    }
    (trailer, end)
}

/// Reads a trailer line: `المصدر: <outlet> الكاتب: <author>`, in either order, either part
/// alone, with or without spaces around the colon.
fn trailer_line(line: &str) -> Option<Trailer> {
    let line = line.trim();
    let labels = trailer_labels(line);
    if labels.first().map(|l| l.at) != Some(0) {
        return None;
    }
    let mut trailer = Trailer::default();
    for (i, label) in labels.iter().enumerate() {
        let end = labels.get(i + 1).map_or(line.len(), |next| next.at);
        let value = trailer_value(line.get(label.value..end).unwrap_or_default());
        match label.name {
            SOURCE => trailer.source = trailer.source.take().or(value),
            _ => trailer.author = trailer.author.take().or(value),
        }
    }
    Some(trailer)
}

const SOURCE: &str = "المصدر";
const AUTHOR: &str = "الكاتب";

/// A label of the trailer found in a line: which, where it starts, where its value starts.
#[derive(Debug)]
struct Label {
    name: &'static str,
    at: usize,
    value: usize,
}

/// The trailer labels in `line` followed by a colon, in order of appearance.
fn trailer_labels(line: &str) -> Vec<Label> {
    let mut labels: Vec<Label> = [SOURCE, AUTHOR]
        .into_iter()
        .flat_map(|name| line.match_indices(name).map(move |(at, _)| (name, at)))
        .filter(|&(_, at)| at == 0 || line[..at].ends_with(char::is_whitespace))
        .filter_map(|(name, at)| {
            let after = &line[at + name.len()..];
            let colon = after.trim_start().strip_prefix([':', '：'])?;
            let value = line.len() - colon.len();
            Some(Label { name, at, value })
        })
        .collect();
    labels.sort_by_key(|l| l.at);
    labels
}

/// A trailer value without the separators around it; `None` when empty.
fn trailer_value(raw: &str) -> Option<String> {
    let value = raw.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | '|' | '،' | ',')
    });
    (!value.is_empty()).then(|| value.to_string())
}

/// True for lines that are page furniture, not article text: blank lines, separator lines,
/// "مشاركة:", "اقرأ أيضاً:".
fn is_boilerplate(line: &str) -> bool {
    let line = line.trim();
    if line
        .chars()
        .all(|c| c.is_whitespace() || RULES.contains(&c))
    {
        return true;
    }
    let norm = normalize(line);
    BOILERPLATE.contains(&norm.trim_end_matches([':', '：', '.', ' ']))
}

/// Joins the blank-line separated paragraphs of `lines` with "\n\n"; each paragraph keeps its
/// inner line breaks and spaces, only its ends are trimmed.
fn join_paragraphs(lines: &[&str]) -> String {
    // one string grown in place: a body is held once, however long
    let mut body = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    let mut paragraph: Option<(usize, usize)> = None; // lines of the paragraph being read
    for (i, line) in lines.iter().chain(std::iter::once(&"")).enumerate() {
        match (line.trim().is_empty(), paragraph) {
            (false, None) => paragraph = Some((i, i + 1)),
            (false, Some((from, _))) => paragraph = Some((from, i + 1)),
            (true, Some((from, to))) => {
                if !body.is_empty() {
                    body.push_str("\n\n");
                }
                let mut lines = lines[from..to].iter();
                let first = lines.next().map_or("", |l| l.trim_start());
                let start = body.len();
                body.push_str(first);
                for l in lines {
                    body.push('\n');
                    body.push_str(l);
                }
                body.truncate(start + body[start..].trim_end().len());
                paragraph = None;
            }
            (true, None) => {}
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> (Article, Vec<Problem>) {
        parse(text, "t.txt").expect("an article")
    }

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    const SAMPLE: &str = "وزير الري يعلن خطة جديدة للمياه\n\
        وزير الري يعلن خطة جديدة للمياه\n\
        ● شؤون محلية ٥ يونيه ٢٠٢٠\n\
        \n\
        وزير الري يعلن خطة جديدة للمياه\n\
        \n\
        أعلن الوزير صباح اليوم خطة  لتوزيع المياه على القرى.\n\
        \n\
        وقال إن الخطة تبدأ الشهر المقبل.\n\
        \n\
        المصدر : وكالة النهر   الكاتب:  سلمى يوسف\n\
        مشاركة:\n\
        \n\
        اقرأ أيضا\n\
        ------\n";

    #[test]
    fn reads_header_body_and_trailer() {
        let (a, problems) = article(SAMPLE);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(a.title.as_deref(), Some("وزير الري يعلن خطة جديدة للمياه"));
        assert_eq!(a.published, date(2020, 6, 5));
        assert_eq!(a.section.as_deref(), Some("شؤون محلية"));
        assert_eq!(a.source.as_deref(), Some("وكالة النهر"));
        assert_eq!(a.author.as_deref(), Some("سلمى يوسف"));
        assert_eq!(
            a.body,
            "أعلن الوزير صباح اليوم خطة  لتوزيع المياه على القرى.\n\nوقال إن الخطة تبدأ الشهر المقبل."
        );
    }

    #[test]
    fn crlf_and_bom_read_like_lf() {
        let crlf = format!("\u{FEFF}{}", SAMPLE.replace('\n', "\r\n"));
        assert_eq!(article(&crlf).0, article(SAMPLE).0);
    }

    #[test]
    fn date_lines_of_both_month_families_and_digit_styles() {
        let line = |s: &str| date_line(s).and_then(|l| l.date);
        assert_eq!(line("• أخبار 3 كانون الثاني 2019"), date(2019, 1, 3));
        assert_eq!(line("● ١٤ تموز ٢٠١٧"), date(2017, 7, 14));
        assert_eq!(line("أخبار العراق 1 آب 2015"), date(2015, 8, 1));
        assert_eq!(line("تقارير ٢٢ أبريل ٢٠٢١"), date(2021, 4, 22));
    }

    #[test]
    fn a_long_unmarked_line_with_a_date_is_body_text() {
        assert_eq!(
            date_line("قال المتحدث في 12 مارس 2018 إن الاجتماع تأجل"),
            None
        );
        assert_eq!(
            date_line("عقد المجلس جلسته الطارئة في العاصمة يوم 12 مارس 2018"),
            None
        );
    }

    #[test]
    fn an_unreadable_date_is_a_warning_and_keeps_the_section() {
        let (a, problems) = article("عنوان الخبر\n● أخبار دولية ٣٢ مارس ٢٠١٨\n\nنص الخبر.\n");
        assert_eq!(a.published, None);
        assert_eq!(a.section.as_deref(), Some("أخبار دولية"));
        assert_eq!(a.body, "نص الخبر.");
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].fatal);
        assert_eq!(problems[0].line, Some(2));
    }

    #[test]
    fn no_date_line_and_no_trailer() {
        let (a, problems) = article("عنوان\n\nفقرة أولى.\n\nفقرة ثانية.\nمشاركة\n—————\n");
        assert!(problems.is_empty());
        assert_eq!((a.published, a.section, a.source), (None, None, None));
        assert_eq!(a.body, "فقرة أولى.\n\nفقرة ثانية.");
    }

    #[test]
    fn trailer_variants() {
        let t = |s: &str| trailer_line(s);
        assert_eq!(
            t("الكاتب: سامر  المصدر:وكالة"),
            Some(Trailer {
                source: Some("وكالة".into()),
                author: Some("سامر".into())
            })
        );
        assert_eq!(
            t("المصدر: الجزيرة"),
            Some(Trailer {
                source: Some("الجزيرة".into()),
                author: None
            })
        );
        assert_eq!(t("المصدر : الكاتب: "), Some(Trailer::default()));
        assert_eq!(t("ونقل المصدر: إن الهجوم وقع"), None);
        assert_eq!(t("المصدر الوحيد للمياه هو النهر"), None);
    }

    #[test]
    fn trailer_on_two_lines() {
        let (a, _) = article("عنوان\n\nنص.\n\nالمصدر: وكالة\nالكاتب: فلان\n");
        assert_eq!(a.source.as_deref(), Some("وكالة"));
        assert_eq!(a.author.as_deref(), Some("فلان"));
        assert_eq!(a.body, "نص.");
    }

    #[test]
    fn paragraphs_keep_inner_line_breaks() {
        let (a, _) = article("عنوان\n\n  سطر أول\nسطر ثان  \n\n\n\nفقرة\n");
        assert_eq!(a.body, "سطر أول\nسطر ثان\n\nفقرة");
    }

    #[test]
    fn the_date_line_may_come_first() {
        let (a, _) = article("● رياضة 9 شباط 2022\nفوز الفريق\n\nنص.");
        assert_eq!(a.title.as_deref(), Some("فوز الفريق"));
        assert_eq!(a.published, date(2022, 2, 9));
        assert_eq!(a.body, "نص.");
        let (a, _) = article("● رياضة 9 شباط 2022\n");
        assert_eq!((a.title, a.body.as_str()), (None, ""));
    }

    #[test]
    fn a_first_line_too_long_for_a_headline_opens_the_body() {
        let paragraph = "قال المتحدث إن الطريق مفتوح. ".repeat(20);
        let (a, _) = article(&format!("{paragraph}\nسطر ثان."));
        assert_eq!(a.title, None);
        assert!(a.body.starts_with("قال المتحدث"), "{}", a.body);
        assert!(a.body.ends_with("سطر ثان."), "{}", a.body);
    }

    #[test]
    fn empty_or_blank_text_is_an_error() {
        for text in ["", "  \n\t\n", "\u{FEFF}\r\n"] {
            let err = parse(text, "e.txt").unwrap_err();
            assert!(err.fatal && err.message.starts_with("empty file"), "{err}");
        }
    }

    #[test]
    fn headline_only_warns_about_the_missing_body() {
        let (a, problems) = article("عنوان وحيد\n");
        assert_eq!(a.body, "");
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].fatal);
    }

    #[test]
    fn boilerplate_lines() {
        for line in ["مشاركة: ", "اقرأ أيضاً:", "ـــــــ ــ", "=====", "  "]
        {
            assert!(is_boilerplate(line), "{line}");
        }
        assert!(!is_boilerplate("شارك المئات في المظاهرة"));
    }
}
