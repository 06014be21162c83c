//! Reading the dates input files give: ISO dates and datetimes, and Arabic day-month-year phrases
//! found among other words ("الاثنين ١٢ مارس ٢٠١٨"), on top of `text::dates`.

use crate::text::dates::parse_day_month_year;
use chrono::{DateTime, NaiveDate};

/// The date a field value names: `2018-03-12`, `2018/03/12`, an ISO datetime
/// (`2018-03-12T10:00:00Z`, the date as written, whatever the zone), an RFC 2822 date
/// (`Mon, 12 Mar 2018 10:00:00 +0000`) or an Arabic phrase (`١٢ مارس ٢٠١٨`, `الاثنين 12 آذار 2018`).
pub fn parse_date_field(value: &str) -> Option<NaiveDate> {
    let value = fold_digits(value.trim());
    iso_date(&value)
        .or_else(|| {
            DateTime::parse_from_rfc2822(&value)
                .ok()
                .map(|d| d.date_naive())
        })
        .or_else(|| {
            let words: Vec<&str> = value.split_whitespace().collect();
            find_day_month_year(&words).map(|(_, date)| date)
        })
}

/// The most words a day-month-year phrase takes: day, two two-word month names, year.
const DATE_WORDS: usize = 6;

/// Finds the first `<day> <month name> <year>` among `words`: the index of its day and the date.
pub fn find_day_month_year(words: &[&str]) -> Option<(usize, NaiveDate)> {
    (0..words.len())
        .filter(|&i| starts_with_digit(words[i]))
        .find_map(|i| {
            let phrase = words[i..words.len().min(i + DATE_WORDS)].join(" ");
            parse_day_month_year(&phrase).map(|date| (i, date))
        })
}

/// True when `word` starts with a digit of any script (Western, Arabic-Indic, Persian).
pub fn starts_with_digit(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_numeric())
}

/// True when `word` is made only of digits of any script.
pub fn is_number(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_numeric())
}

/// "YYYY-MM-DD" or "YYYY/MM/DD", alone or followed by a time ("T10:00:00Z", " 10:00").
fn iso_date(value: &str) -> Option<NaiveDate> {
    let head = value.get(..10)?;
    let rest = &value[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(head, "%Y/%m/%d"))
        .ok()
}

/// Arabic-Indic and Persian digits as ASCII digits; everything else unchanged.
fn fold_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn iso_dates_and_datetimes() {
        assert_eq!(parse_date_field("2018-03-12"), date(2018, 3, 12));
        assert_eq!(parse_date_field(" 2018-03-12T10:00:00Z"), date(2018, 3, 12));
        assert_eq!(
            parse_date_field("2018-03-12T23:30:00-05:00"),
            date(2018, 3, 12)
        );
        assert_eq!(parse_date_field("2018/03/12 08:15"), date(2018, 3, 12));
        assert_eq!(parse_date_field("٢٠١٨-٠٣-١٢"), date(2018, 3, 12));
        assert_eq!(parse_date_field("2018-02-30"), None);
        assert_eq!(parse_date_field("2018-03-12x"), None);
    }

    #[test]
    fn rfc2822_dates() {
        assert_eq!(
            parse_date_field("Mon, 12 Mar 2018 10:00:00 +0000"),
            date(2018, 3, 12)
        );
    }

    #[test]
    fn arabic_phrases_with_a_weekday_in_front() {
        assert_eq!(parse_date_field("الاثنين ١٢ مارس ٢٠١٨"), date(2018, 3, 12));
        assert_eq!(parse_date_field("7 تشرين الثاني 2019"), date(2019, 11, 7));
        assert_eq!(parse_date_field("في الأسبوع الماضي"), None);
        assert_eq!(parse_date_field(""), None);
    }

    #[test]
    fn finds_the_day_after_other_words() {
        let words = ["أخبار", "محلية", "٣", "حزيران", "٢٠٢١"];
        assert_eq!(
            find_day_month_year(&words),
            Some((2, date(2021, 6, 3).unwrap()))
        );
        assert_eq!(find_day_month_year(&["أخبار", "12", "شيء"]), None);
        let words = ["٣", "آذار/مارس", "٢٠١٨", "و", "كلام", "كثير", "بعده"];
        assert_eq!(
            find_day_month_year(&words),
            Some((0, date(2018, 3, 3).unwrap()))
        );
    }

    #[test]
    fn a_long_line_of_numbers_is_read_quickly() {
        let line = "1 ".repeat(20_000);
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(find_day_month_year(&words), None);
    }
}
