//! What a typed value means for a field of a given type: a date range, a verb class, a number,
//! a normalised text, a full-text query. `$param`s are bound here, so a parameter behaves
//! exactly like the same text typed in its place.

use super::Params;
use super::ast::{Span, Value, ValueKind};
use super::error::{ErrorKind, QueryError};
use crate::extract::lexicon;
use crate::model::{EntityKind, VerbClass};
use crate::text::{index_text, normalize};
use chrono::NaiveDate;

/// A value with its parameter (if any) replaced by the text bound to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub text: String,
    pub span: Span,
}

/// Binds `$name` from `params`; any other value stays as typed.
pub fn bind(value: &Value, params: &Params) -> Result<Bound, QueryError> {
    let text = match value.kind {
        ValueKind::Param => params.get(&value.text).ok_or_else(|| missing(value))?,
        ValueKind::Quoted | ValueKind::Bare => &value.text,
    };
    Ok(Bound {
        text: text.to_string(),
        span: value.span,
    })
}

fn missing(value: &Value) -> QueryError {
    let name = value.text.clone();
    QueryError::new(
        ErrorKind::MissingParameter { name: name.clone() },
        value.span,
    )
    .hint(format!(
        "give it a value: --param {name}=… on the command line, .param set {name} … in the REPL"
    ))
}

/// A date or partial date as the inclusive range of days it covers, as ISO text.
pub fn date_range(value: &Bound, field: &'static str) -> Result<(String, String), QueryError> {
    let norm = normalize(&value.text);
    parse_date(&norm).ok_or_else(|| match slashed_date_readings(&norm) {
        Some(readings) => date_not_iso(&value.text, &readings, value.span),
        None => wrong(
            value,
            field,
            "a date like 2018-03-12, a month like 2018-03 or a year like 2018",
        ),
    })
}

/// The error for a date written with `/`, `.` or `\` (`12/03/2018`), with the ISO forms it may
/// stand for as the way out.
pub fn date_not_iso(found: &str, readings: &[String], span: Span) -> QueryError {
    let err = QueryError::new(
        ErrorKind::DateNotIso {
            found: found.to_string(),
        },
        span,
    );
    match readings {
        [] => err.hint("write a date as YYYY-MM-DD, a month as YYYY-MM: 2018-03-12, 2018-03"),
        [one] => err.hint(format!("write it {one}")),
        several => err.hint(format!("write {}", several.join(", or "))),
    }
}

/// When `text` (ASCII digits) is a date written with `/`, `.` or `\` — day or month first
/// (`12/03/2018`), year first (`2018/03/12`), a month (`03/2018`) — the ISO forms it may stand
/// for, each saying how it was read (`2018-03-12 for 12 March 2018`); `None` for any other text.
pub fn slashed_date_readings(text: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = text.split(['/', '.', '\\']).collect();
    let digits = |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if !(2..=3).contains(&parts.len()) || !parts.iter().all(digits) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let long = |p: &str| p.len() == 4;
    let day = |y: &str, m: &str, d: &str| {
        let date = NaiveDate::from_ymd_opt(n(y) as i32, n(m), n(d))?;
        Some(format!("{date} for {}", date.format("%-d %B %Y")))
    };
    let month = |y: &str, m: &str| {
        let date = NaiveDate::from_ymd_opt(n(y) as i32, n(m), 1)?;
        Some(format!(
            "{} for {}",
            date.format("%Y-%m"),
            date.format("%B %Y")
        ))
    };
    let mut readings: Vec<String> = match parts[..] {
        [y, m, d] if long(y) => day(y, m, d).into_iter().collect(),
        [a, b, y] if long(y) => [day(y, b, a), day(y, a, b)].into_iter().flatten().collect(),
        [y, m] if long(y) => month(y, m).into_iter().collect(),
        [m, y] if long(y) => month(y, m).into_iter().collect(),
        // no four-digit year: a number such as 2.5, not a date
        _ => return None,
    };
    readings.dedup();
    Some(readings)
}

fn parse_date(text: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = number(parts.first().filter(|y| y.len() == 4)?)? as i32;
    let (first, last) = match parts[1..] {
        [] => (
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        ),
        [m] => {
            let first = NaiveDate::from_ymd_opt(year, number(m)?, 1)?;
            let next = first.checked_add_months(chrono::Months::new(1))?;
            (first, next.pred_opt()?)
        }
        [m, d] => {
            let day = NaiveDate::from_ymd_opt(year, number(m)?, number(d)?)?;
            (day, day)
        }
        _ => return None,
    };
    Some((first.to_string(), last.to_string()))
}

/// A whole number.
pub fn integer(value: &Bound, field: &'static str) -> Result<i64, QueryError> {
    normalize(&value.text)
        .parse::<i64>()
        .map_err(|_| wrong(value, field, "a whole number like 42"))
}

/// `true`/`false` (also yes/no, نعم/لا, 1/0) as 1 or 0.
pub fn boolean(value: &Bound, field: &'static str) -> Result<i64, QueryError> {
    match normalize(&value.text).as_str() {
        "true" | "yes" | "1" | "نعم" => Ok(1),
        "false" | "no" | "0" | "لا" => Ok(0),
        _ => Err(wrong(value, field, "true or false")),
    }
}

/// A verb class by its name or by an Arabic reporting word of the class (`نفى` → denied).
pub fn verb(value: &Bound) -> Result<VerbClass, QueryError> {
    if let Some(class) =
        VerbClass::from_name(&value.text).or_else(|| lexicon::class_of(&value.text))
    {
        return Ok(class);
    }
    let classes: Vec<&str> = VerbClass::ALL.iter().map(|c| c.as_str()).collect();
    let mut err = QueryError::new(
        ErrorKind::UnknownVerb {
            value: value.text.clone(),
        },
        value.span,
    );
    if let Some(near) = super::check::nearest(&value.text, &classes) {
        err = err.hint(format!("did you mean {near}?"));
    }
    Err(err
        .hint(format!("the classes: {}", classes.join(", ")))
        .hint("an Arabic reporting word works too: verb=نفى is verb=denied"))
}

/// An entity kind: person, org, place or group.
pub fn kind(value: &Bound, field: &'static str) -> Result<&'static str, QueryError> {
    value
        .text
        .parse::<EntityKind>()
        .map(EntityKind::as_str)
        .map_err(|_| wrong(value, field, "an entity kind: person, org, place or group"))
}

/// Normalised text to compare with `*_norm` columns or `qawl_norm(…)`.
pub fn text(value: &Bound, field: &'static str) -> Result<String, QueryError> {
    let norm = normalize(&value.text);
    if norm.is_empty() {
        return Err(wrong(value, field, "some text"));
    }
    Ok(norm)
}

/// An FTS5 query for `value`: every word required, `"…"` (or `«…»`) inside it a phrase.
///
/// Built only from [`index_text`] tokens, each double-quoted, so nothing typed is FTS syntax.
pub fn search(value: &Bound, field: &'static str) -> Result<String, QueryError> {
    let unified: String = value
        .text
        .chars()
        .map(|c| {
            if matches!(c, '«' | '»' | '“' | '”') {
                '"'
            } else {
                c
            }
        })
        .collect();
    let mut parts = Vec::new();
    for (i, segment) in unified.split('"').enumerate() {
        let indexed = index_text(segment);
        let tokens: Vec<&str> = indexed.split(' ').filter(|t| !t.is_empty()).collect();
        if i % 2 == 1 && !tokens.is_empty() {
            parts.push(format!("\"{}\"", tokens.join(" ")));
        } else if i % 2 == 0 {
            parts.extend(tokens.iter().map(|t| format!("\"{t}\"")));
        }
    }
    if parts.is_empty() {
        return Err(wrong(value, field, "words to search for"));
    }
    Ok(parts.join(" "))
}

fn wrong(value: &Bound, field: &'static str, wanted: &'static str) -> QueryError {
    QueryError::new(
        ErrorKind::WrongValueType {
            field,
            wanted,
            found: value.text.clone(),
        },
        value.span,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(text: &str) -> Bound {
        Bound {
            text: text.into(),
            span: Span::default(),
        }
    }

    #[test]
    fn partial_dates_cover_their_month_or_year() {
        let range = |t: &str| date_range(&bound(t), "date").ok();
        assert_eq!(
            range("2018"),
            Some(("2018-01-01".into(), "2018-12-31".into()))
        );
        assert_eq!(
            range("2016-02"),
            Some(("2016-02-01".into(), "2016-02-29".into()))
        );
        assert_eq!(
            range("٢٠١٨-٠٣-١٢"),
            Some(("2018-03-12".into(), "2018-03-12".into()))
        );
        assert_eq!(range("2018-13"), None);
        assert_eq!(range("أمس"), None);
    }

    #[test]
    fn slashed_dates_read_every_way_they_can_and_numbers_are_not_dates() {
        let read = |t: &str| slashed_date_readings(t);
        assert_eq!(
            read("03/03/2018"),
            Some(vec!["2018-03-03 for 3 March 2018".to_string()])
        );
        assert_eq!(
            read("12/31/2018"),
            Some(vec!["2018-12-31 for 31 December 2018".to_string()])
        );
        assert_eq!(read("40/40/2018"), Some(vec![]));
        assert_eq!(read("2.5"), None);
        assert_eq!(read("12/03/18"), None);
        assert_eq!(read("2018-03-12"), None);
        assert_eq!(read("2018//03"), None);
    }

    #[test]
    fn verbs_by_class_or_arabic_word() {
        assert_eq!(verb(&bound("Denied")).ok(), Some(VerbClass::Denied));
        assert_eq!(verb(&bound("نفى")).ok(), Some(VerbClass::Denied));
        assert!(verb(&bound("صرخ")).is_err());
    }

    #[test]
    fn search_quotes_every_token_and_keeps_phrases() {
        let q = |t: &str| search(&bound(t), "content").ok();
        let indexed = |w: &str| format!("\"{}\"", index_text(w));
        assert_eq!(q("المفاوضات"), Some(indexed("المفاوضات")));
        let phrase = format!("{} {}", indexed("دفعة ثانية"), indexed("الأسرى"));
        assert_eq!(q("\"دفعة ثانية\" الأسرى"), Some(phrase));
        assert_eq!(q("a OR b*"), Some("\"a\" \"or\" \"b\"".into()));
        assert_eq!(q("«»"), None);
    }
}
