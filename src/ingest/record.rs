//! One structured record (a JSON object, a CSV row) as an article: which field names qawl
//! reads and what each stands for.

use super::date::parse_date_field;
use crate::model::Article;

/// The article fields a record can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Body,
    Date,
    Source,
    Author,
    Url,
    Section,
}

/// Field names (lower case) and what they stand for; when a record has several names for one
/// field, the one listed first wins.
const NAMES: &[(&str, Field)] = &[
    ("title", Field::Title),
    ("headline", Field::Title),
    ("body", Field::Body),
    ("text", Field::Body),
    ("content", Field::Body),
    ("date", Field::Date),
    ("published", Field::Date),
    ("source", Field::Source),
    ("outlet", Field::Source),
    ("author", Field::Author),
    ("url", Field::Url),
    ("link", Field::Url),
    ("section", Field::Section),
    ("category", Field::Section),
];

/// True when `name` (any case) is one of the names of the body field.
pub fn is_body_name(name: &str) -> bool {
    field_of(name).is_some_and(|(field, _)| field == Field::Body)
}

/// True when `name` (any case) names the title or the body: fields that must hold text.
pub fn is_text_name(name: &str) -> bool {
    field_of(name).is_some_and(|(field, _)| matches!(field, Field::Title | Field::Body))
}

/// The field a name stands for and its rank among that field's names.
fn field_of(name: &str) -> Option<(Field, usize)> {
    let name = name.trim().to_lowercase();
    NAMES
        .iter()
        .enumerate()
        .find(|(_, (n, _))| *n == name)
        .map(|(rank, &(_, field))| (field, rank))
}

/// The values of one record, gathered field by field before they become an [`Article`].
#[derive(Debug, Default)]
pub struct Record {
    /// `(field, rank of the name it came under, value)`.
    values: Vec<(Field, usize, String)>,
    /// What was wrong with values left out (a number where text belongs, …).
    warnings: Vec<String>,
}

/// A record that became an article, with a warning for each value that could not be read.
pub type Built = (Article, Vec<String>);

impl Record {
    /// Sets the field `name` stands for (names are case-insensitive; unknown names and blank
    /// values are ignored).
    pub fn set(&mut self, name: &str, value: &str) {
        let Some((field, rank)) = field_of(name) else {
            return;
        };
        if value.trim().is_empty() {
            return;
        }
        match self.values.iter_mut().find(|(f, _, _)| *f == field) {
            Some(slot) if rank < slot.1 => *slot = (field, rank, value.to_string()),
            Some(_) => {}
            None => self.values.push((field, rank, value.to_string())),
        }
    }

    /// Notes a value that was left out, and why; it comes back with the article.
    pub fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    /// The article, or why the record was skipped (it has no body; the values left out are
    /// named first, as they are often why).
    pub fn build(mut self, path: String) -> Result<Built, String> {
        let body = self.get(Field::Body).map(line_feeds);
        let Some(body) = body.map(|b| b.trim().to_string()) else {
            let mut message = self.warnings.join("; ");
            if !message.is_empty() {
                message.push_str("; ");
            }
            message.push_str(
                "no body: the record has no non-empty body, text or content field; skipped",
            );
            return Err(message);
        };
        let raw_date = self.get(Field::Date);
        let published = raw_date.and_then(parse_date_field);
        if let Some(date) = raw_date.filter(|_| published.is_none()) {
            let warning = unreadable_date(date);
            self.warnings.push(warning);
        }
        let text = |field| self.get(field).map(|v| v.trim().to_string());
        let article = Article {
            title: text(Field::Title),
            published,
            section: text(Field::Section),
            source: text(Field::Source),
            author: text(Field::Author),
            url: text(Field::Url),
            body,
            path: Some(path),
        };
        Ok((article, self.warnings))
    }

    fn get(&self, field: Field) -> Option<&str> {
        self.values
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, _, v)| v.as_str())
    }
}

/// Text with CRLF and lone CR line ends turned into LF, as the plain-text reader gives it.
fn line_feeds(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The warning for a date value that could not be read.
fn unreadable_date(value: &str) -> String {
    format!(
        "could not read the date \"{}\"; use YYYY-MM-DD, an ISO datetime or \"١٢ مارس ٢٠١٨\"; \
         the article is kept without a date",
        value.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn names_are_case_insensitive_and_body_wins_over_text() {
        let mut r = Record::default();
        r.set("Text", "نص ثان");
        r.set("BODY", "  نص أول\r\nتتمة\rخاتمة ");
        r.set("Title", " عنوان ");
        r.set("published", "2020-01-02");
        r.set("unknown", "x");
        let (a, warnings) = r.build("f.csv:2".into()).unwrap();
        assert_eq!(a.body, "نص أول\nتتمة\nخاتمة");
        assert_eq!(a.title.as_deref(), Some("عنوان"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2020, 1, 2));
        assert_eq!(a.path.as_deref(), Some("f.csv:2"));
        assert!(warnings.is_empty());
    }

    #[test]
    fn a_record_without_body_is_refused() {
        let mut r = Record::default();
        r.set("title", "عنوان بلا نص");
        r.set("content", "   ");
        assert!(r.build("f".into()).unwrap_err().starts_with("no body"));
    }

    #[test]
    fn an_unreadable_date_is_a_warning() {
        let mut r = Record::default();
        r.set("content", "خبر");
        r.set("date", "قبل أسبوع");
        let (a, warnings) = r.build("f".into()).unwrap();
        assert_eq!(a.published, None);
        assert!(warnings[0].contains("قبل أسبوع"));
    }
}
