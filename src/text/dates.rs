//! Dates in Arabic text: month names of both families and day/month/year phrases.
//!
//! Relative days (أمس، الأحد الماضي) are resolved against the article date here too.

use super::normalize;
use chrono::NaiveDate;

/// Month names after [`normalize`]: Gulf/Egyptian and Levantine/Iraqi families, with the
/// common spelling variants. Two-word Levantine names come first so they win over one word.
const MONTHS: &[(&str, u32)] = &[
    ("كانون الثاني", 1),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("كانون الاول", 12),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
];

/// The month number of a month name of either family (normalised or not).
pub fn month_number(name: &str) -> Option<u32> {
    let norm = normalize(name);
    MONTHS.iter().find(|(m, _)| *m == norm).map(|&(_, n)| n)
}

/// Reads "<day> <month name> <year>" (Western or Arabic-Indic digits, either month family,
/// an optional "/" between two month names: "3 آذار/مارس 2018") from the start of `text`.
/// Returns the date and how many normalised words it used.
pub fn parse_day_month_year(text: &str) -> Option<NaiveDate> {
    let norm = normalize(text);
    let words: Vec<&str> = norm
        .split(|c: char| c.is_whitespace() || c == '/' || c == '،' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let day: u32 = words.first()?.parse().ok()?;
    let (month, used) = month_at(&words[1..])?;
    let mut rest = &words[1 + used..];
    // "آذار/مارس": a second name of the same month may follow
    if let Some((again, n)) = month_at(rest) {
        if again == month {
            rest = &rest[n..];
        }
    }
    let year: i32 = rest.first()?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The month named by the first one or two words of `words`, and how many words it took.
fn month_at(words: &[&str]) -> Option<(u32, usize)> {
    if words.len() >= 2 {
        let two = format!("{} {}", words[0], words[1]);
        if let Some(&(_, n)) = MONTHS.iter().find(|(m, _)| *m == two) {
            return Some((n, 2));
        }
    }
    let one = words.first()?;
    MONTHS.iter().find(|(m, _)| m == one).map(|&(_, n)| (n, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn both_month_families_and_digit_styles() {
        assert_eq!(
            parse_day_month_year("١٢ مارس ٢٠١٨"),
            Some(date(2018, 3, 12))
        );
        assert_eq!(
            parse_day_month_year("12 آذار 2018"),
            Some(date(2018, 3, 12))
        );
        assert_eq!(
            parse_day_month_year("5 كانون الثاني 2020"),
            Some(date(2020, 1, 5))
        );
        assert_eq!(
            parse_day_month_year("٣ تشرين الأول ٢٠١٩"),
            Some(date(2019, 10, 3))
        );
        assert_eq!(
            parse_day_month_year("3 آذار/مارس 2018"),
            Some(date(2018, 3, 3))
        );
        assert_eq!(parse_day_month_year("1 أغسطس 2014"), Some(date(2014, 8, 1)));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        assert_eq!(parse_day_month_year("أخبار سورية"), None);
        assert_eq!(parse_day_month_year("31 شباط 2018"), None);
        assert_eq!(parse_day_month_year("12 مارس"), None);
    }

    #[test]
    fn month_names_of_both_families() {
        assert_eq!(month_number("أيار"), Some(5));
        assert_eq!(month_number("مايو"), Some(5));
        assert_eq!(month_number("كانون الأول"), Some(12));
        assert_eq!(month_number("الأحد"), None);
    }
}
