//! Dates in Arabic text: month names of both families, day/month/year phrases, and the days a
//! sentence names (أمس، الأحد الماضي، 11 آذار) resolved against the article date.
//!
//! Only past or present days are resolved: a statement is reported after it was made, so "يوم
//! الجمعة المقبل" or "صلاة الجمعة" never date one.

use super::normalize;
use chrono::{Datelike, Days, NaiveDate, Weekday};

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

/// Weekday names after [`normalize`], with the article they are written with.
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("الاحد", Weekday::Sun),
    ("الاثنين", Weekday::Mon),
    ("الثلاثاء", Weekday::Tue),
    ("الاربعاء", Weekday::Wed),
    ("الخميس", Weekday::Thu),
    ("الجمعه", Weekday::Fri),
    ("السبت", Weekday::Sat),
];

/// Words after "اليوم" that make it "the day of something" (اليوم التالي، اليوم العالمي), not today.
const NOT_TODAY_AFTER: &[&str] = &[
    "التالي",
    "السابق",
    "العالمي",
    "الدولي",
    "الوطني",
    "الاول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "الاخير",
    "نفسه",
    "ذاته",
    "الموعود",
    "المقبل",
    "الذي",
];

/// Words before "اليوم" that make it "up to now" rather than the day something was said.
const GENERIC_TODAY_BEFORE: &[&str] = &["حتي", "الي", "لغايه", "لحد"];

/// Words after a weekday that put it in the future.
const FUTURE_AFTER: &[&str] = &["المقبل", "المقبله", "القادم", "القادمه", "التالي"];

/// Words after a weekday that mean the past one even when it is the article's own weekday.
const PAST_AFTER: &[&str] = &["الماضي", "الماضيه", "الفائت", "المنصرم"];

/// Words before a weekday name that make it something else: صلاة الجمعة، بين الاثنين.
const NOT_WEEKDAY_BEFORE: &[&str] = &[
    "صلاه",
    "خطبه",
    "صلاتي",
    "خطبتي",
    "الواحد",
    "بين",
    "كلا",
    "هذين",
];

/// A day that a sentence names, resolved against the article date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRef {
    pub date: NaiveDate,
    /// True when the sentence names the day itself (أمس، الأحد، 11 آذار، صباح اليوم); false for a
    /// generic "up to today" (حتى اليوم) that only restates the article date.
    pub explicit: bool,
}

/// The ISO number (1 = Monday … 7 = Sunday) of an Arabic weekday name: "الأحد"، "يوم الإثنين"، "جمعة".
pub fn weekday_number(name: &str) -> Option<u32> {
    let norm = normalize(name);
    let word = norm.strip_prefix("يوم ").unwrap_or(&norm);
    let word = word.strip_prefix("ال").unwrap_or(word);
    WEEKDAYS
        .iter()
        .find(|(w, _)| w.strip_prefix("ال") == Some(word))
        .map(|(_, d)| d.number_from_monday())
}

/// The first past or present day the sentence names, resolved against `article_date`.
///
/// Finds اليوم، صباح/مساء اليوم (the article date), أمس، يوم أمس، مساء أمس، الليلة الماضية (the day
/// before), أول أمس، أمس الأول، أول من أمس (two days before), weekday names (the latest such day
/// up to the article date; with الماضي never the article date itself) and calendar dates ("في 3
/// آذار/مارس 2018"، "يوم 11 مارس"، "3 آذار": the latest such day up to the article date;
/// "11/3/2018"، "2018-03-11"). Future days (الجمعة المقبل، a date after the article) and other
/// uses of the names (صلاة الجمعة) are skipped. An explicit reference wins over a generic "حتى
/// اليوم" met before it.
pub fn resolve_relative(sentence: &str, article_date: NaiveDate) -> Option<DateRef> {
    let norm = normalize(sentence);
    let words = date_words(&norm);
    let mut generic = None;
    for i in 0..words.len() {
        match reference_at(&words, i, article_date) {
            Some(found) if found.explicit => return Some(found),
            Some(found) => generic = generic.or(Some(found)),
            None => {}
        }
    }
    generic
}

/// The words of a normalised sentence: runs of letters and digits, where a / - . between two
/// digits joins them ("12/3/2018" is one word, "آذار/مارس" two).
fn date_words(norm: &str) -> Vec<&str> {
    let bytes = norm.as_bytes();
    let joins = |i: usize| {
        matches!(bytes[i], b'/' | b'-' | b'.')
            && i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in norm.char_indices() {
        let inside = c.is_alphanumeric() || (c.is_ascii() && joins(i));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                words.push(&norm[from..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push(&norm[from..]);
    }
    words
}

/// The day named by the phrase around word `i`, if that word starts or heads one.
fn reference_at(words: &[&str], i: usize, article: NaiveDate) -> Option<DateRef> {
    let word = bare(words[i]);
    let prev = |n: usize| i.checked_sub(n).map_or("", |j| words[j]);
    let next = words.get(i + 1).copied().unwrap_or("");
    let explicit = |days: u64| days_before(article, days, true);
    match word {
        "امس" | "الامس" => explicit(yesterday_distance(prev(1), prev(2), next)),
        "الليله" if PAST_AFTER.contains(&next) => explicit(1),
        "اليوم" if NOT_TODAY_AFTER.contains(&next) => None,
        "اليوم" => days_before(article, 0, !GENERIC_TODAY_BEFORE.contains(&prev(1))),
        _ => weekday_at(word, prev(1), next, article)
            .or_else(|| calendar_at(words, i, article))
            .or_else(|| numeric_at(word, article)),
    }
}

/// A word without the conjunction و/ف or the preposition ب before a date word: "وأمس"، "بالأمس".
fn bare(word: &str) -> &str {
    let no_conjunction = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .unwrap_or(word);
    let no_preposition = no_conjunction.strip_prefix('ب').unwrap_or(no_conjunction);
    [word, no_conjunction, no_preposition]
        .into_iter()
        .find(|w| is_date_word(w))
        .unwrap_or(word)
}

/// True for the words that can name a day on their own.
fn is_date_word(word: &str) -> bool {
    matches!(word, "امس" | "الامس" | "اليوم" | "الليله") || WEEKDAYS.iter().any(|(w, _)| *w == word)
}

/// How many days back "أمس" means, given its neighbours: two in أول أمس، أول من أمس، قبل أمس،
/// أمس الأول; else one.
fn yesterday_distance(prev: &str, prev2: &str, next: &str) -> u64 {
    let two = prev == "اول" || prev == "قبل" || (prev == "من" && prev2 == "اول") || next == "الاول";
    if two { 2 } else { 1 }
}

/// The day a weekday name points to: the latest such day up to the article date, a week back
/// when الماضي follows the article's own weekday; `None` for a future or non-day use.
fn weekday_at(word: &str, prev: &str, next: &str, article: NaiveDate) -> Option<DateRef> {
    let &(_, day) = WEEKDAYS.iter().find(|(w, _)| *w == word)?;
    if FUTURE_AFTER.contains(&next) || NOT_WEEKDAY_BEFORE.contains(&prev) || next == "معا" {
        return None;
    }
    let from = article.weekday().num_days_from_monday();
    let mut back = (from + 7 - day.num_days_from_monday()) % 7;
    if back == 0 && PAST_AFTER.contains(&next) {
        back = 7;
    }
    days_before(article, u64::from(back), true)
}

/// A calendar date that starts at word `i` ("3 آذار/مارس 2018"، "11 مارس"), if it is not after
/// the article date; without a year, the latest such day up to the article date.
fn calendar_at(words: &[&str], i: usize, article: NaiveDate) -> Option<DateRef> {
    let word = words[i];
    if word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day: u32 = word.parse().ok()?;
    let (month, used) = month_at(&words[i + 1..])?;
    let mut rest = &words[i + 1 + used..];
    if let Some((again, n)) = month_at(rest) {
        if again == month {
            rest = &rest[n..];
        }
    }
    let year = rest
        .first()
        .filter(|y| y.len() == 4)
        .and_then(|y| y.parse::<i32>().ok());
    let date = match year {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day)?,
        None => latest_on_or_before(day, month, article)?,
    };
    (date <= article).then_some(DateRef {
        date,
        explicit: true,
    })
}

/// A date written in digits, day first or ISO ("12/3/2018"، "2018-03-12"), if it is not after
/// the article date.
fn numeric_at(word: &str, article: NaiveDate) -> Option<DateRef> {
    let parts: Vec<&str> = word.split(['/', '-', '.']).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    if year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)?;
    (date <= article).then_some(DateRef {
        date,
        explicit: true,
    })
}

/// The latest `day` of `month` on or before `article`: this year's, else last year's.
fn latest_on_or_before(day: u32, month: u32, article: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(article.year(), month, day)
        .filter(|d| *d <= article)
        .or_else(|| NaiveDate::from_ymd_opt(article.year() - 1, month, day))
}

/// `days` days before `article`, or `None` before the start of the calendar.
fn days_before(article: NaiveDate, days: u64, explicit: bool) -> Option<DateRef> {
    let date = article.checked_sub_days(Days::new(days))?;
    Some(DateRef { date, explicit })
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

    /// Monday 12 March 2018, the seed article's date.
    fn monday() -> NaiveDate {
        date(2018, 3, 12)
    }

    /// The date a sentence resolves to against [`monday`], and whether it was explicit.
    fn resolved(sentence: &str) -> Option<(NaiveDate, bool)> {
        resolve_relative(sentence, monday()).map(|r| (r.date, r.explicit))
    }

    #[test]
    fn yesterday_and_the_day_before() {
        let sunday = Some((date(2018, 3, 11), true));
        let saturday = Some((date(2018, 3, 10), true));
        assert_eq!(
            resolved("وكان المسؤول قد أكد يوم أمس أن الوفد غادر"),
            sunday
        );
        assert_eq!(resolved("وقال مساء أمس إن القصف توقف"), sunday);
        assert_eq!(resolved("وأعلن بالأمس عن هدنة"), sunday);
        assert_eq!(resolved("وصرح في الليلة الماضية بأن المعبر مغلق"), sunday);
        assert_eq!(resolved("ونفى أول أمس وجود اتفاق"), saturday);
        assert_eq!(resolved("ونفى أول من أمس وجود اتفاق"), saturday);
        assert_eq!(resolved("وكان قد حذر أمس الأول من التصعيد"), saturday);
    }

    #[test]
    fn today_is_the_article_date() {
        assert_eq!(
            resolved("وقال صباح اليوم إن الطريق مفتوح"),
            Some((monday(), true))
        );
        assert_eq!(
            resolved("ما زال الحصار قائما حتى اليوم"),
            Some((monday(), false))
        );
        // "اليوم التالي" counts from some other day, and "اليومية" is another word
        assert_eq!(resolved("وفي اليوم التالي انسحب الوفد"), None);
        assert_eq!(resolved("نشرت الصحف اليومية الخبر"), None);
    }

    #[test]
    fn an_explicit_day_wins_over_a_generic_today() {
        assert_eq!(
            resolved("حتى اليوم لم يتغير شيء، كما قال أمس"),
            Some((date(2018, 3, 11), true))
        );
    }

    #[test]
    fn weekdays_are_the_latest_such_day() {
        assert_eq!(
            resolved("وقال للصحفيين الأحد إن اللقاء تم"),
            Some((date(2018, 3, 11), true))
        );
        assert_eq!(
            resolved("وكان قد صرح يوم الخميس الماضي"),
            Some((date(2018, 3, 8), true))
        );
        assert_eq!(
            resolved("وأكد الاثنين أن الهدنة صامدة"),
            Some((monday(), true))
        );
        assert_eq!(
            resolved("وأكد يوم الإثنين الماضي أن الهدنة صامدة"),
            Some((date(2018, 3, 5), true))
        );
        assert_eq!(resolved("وقال مساء السبت"), Some((date(2018, 3, 10), true)));
    }

    #[test]
    fn future_days_and_other_uses_of_the_names_are_skipped() {
        assert_eq!(resolved("وسيعقد اللقاء يوم الجمعة المقبل"), None);
        assert_eq!(resolved("وقال الخطيب بعد صلاة الجمعة إن الحصار مستمر"), None);
        assert_eq!(resolved("وقع الخلاف بين الاثنين على الموعد"), None);
        assert_eq!(
            resolved("ستجري الانتخابات في الأحد القادم ثم قال الخميس"),
            Some((date(2018, 3, 8), true))
        );
    }

    #[test]
    fn calendar_dates_in_the_sentence() {
        assert_eq!(
            resolved("وكان قد أعلن في 3 آذار/مارس 2018 عن الاتفاق"),
            Some((date(2018, 3, 3), true))
        );
        assert_eq!(
            resolved("وقال يوم 11 مارس إن الطريق آمن"),
            Some((date(2018, 3, 11), true))
        );
        assert_eq!(
            resolved("وقال في ٥ آذار إن الطريق آمن"),
            Some((date(2018, 3, 5), true))
        );
        // a day later in the year than the article is last year's
        assert_eq!(
            resolved("ونفى في 20 كانون الأول ذلك"),
            Some((date(2017, 12, 20), true))
        );
    }

    #[test]
    fn dates_in_digits() {
        let day = Some((date(2018, 3, 11), true));
        assert_eq!(
            resolved("وقال في بيان بتاريخ 11/3/2018 إن المعبر مغلق"),
            day
        );
        assert_eq!(
            resolved("وقال في بيان بتاريخ ١١/٣/٢٠١٨ إن المعبر مغلق"),
            day
        );
        assert_eq!(resolved("ونشر البيان (2018-03-11) على موقعه"), day);
        // a decimal, a score or a later day is not the day something was said
        assert_eq!(resolved("ارتفع المؤشر 3.5 نقطة"), None);
        assert_eq!(resolved("انتهت المباراة 2-1 لصالح الفريق"), None);
        assert_eq!(resolved("الموعد المحدد 20/3/2018"), None);
    }

    #[test]
    fn numbers_that_are_not_dates_are_skipped() {
        assert_eq!(resolved("منذ 3 أسابيع يتعرض الريف للقصف"), None);
        assert_eq!(resolved("سيصل الوفد في 20 آذار 2018"), None);
        assert_eq!(resolved("قتل 40 مارس الناس الرماية"), None);
    }

    #[test]
    fn weekday_numbers() {
        assert_eq!(weekday_number("الأحد"), Some(7));
        assert_eq!(weekday_number("يوم الإثنين"), Some(1));
        assert_eq!(weekday_number("جمعة"), Some(5));
        assert_eq!(weekday_number("آذار"), None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let edge = NaiveDate::MIN;
        for text in [
            "",
            "أمس",
            "الأحد الماضي",
            "31 شباط",
            "99 مارس 99999",
            "\u{0651}",
            "1 اب",
        ] {
            let _ = resolve_relative(text, edge);
            let _ = resolve_relative(text, NaiveDate::MAX);
            let _ = resolve_relative(text, monday());
        }
    }

    proptest::proptest! {
        #[test]
        fn any_sentence_resolves_to_a_day_not_after_the_article(
            text in "(أمس|الأحد|اليوم|الماضي|المقبل|أول|من|يوم|[0-9]{1,4}|آذار|مارس|كانون|الثاني|/| ){0,12}",
            days in 0i64..800_000
        ) {
            let article = NaiveDate::MIN + chrono::Duration::days(days);
            if let Some(found) = resolve_relative(&text, article) {
                proptest::prop_assert!(found.date <= article);
            }
        }

        #[test]
        fn any_text_resolves_without_panicking(text in "\\PC{0,60}") {
            let _ = resolve_relative(&text, monday());
            let _ = weekday_number(&text);
        }
    }
}
