//! JSON (an array of objects) and JSON Lines (one object a line), Arabic as raw UTF-8.

use super::{Cell, ResultSet, strip_bidi_controls};
use crate::error::Result;
use serde_json::{Map, Value};
use std::io::Write;

/// One row as an object; `tag` is a first field (name, value) saying which query it came from.
fn object(columns: &[String], row: &[Cell], tag: Option<(&str, &str)>) -> Map<String, Value> {
    let mut map = Map::with_capacity(columns.len() + 1);
    if let Some((field, query)) = tag {
        map.insert(field.into(), Value::String(query.into()));
    }
    for (name, cell) in columns.iter().zip(row) {
        let value = match cell {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::from(*i),
            Cell::Real(r) => serde_json::Number::from_f64(*r).map_or(Value::Null, Value::Number),
            Cell::Text(t) => text(t),
            Cell::Bool(b) => Value::Bool(*b),
            Cell::List { items, .. } => Value::Array(items.iter().map(|t| text(t)).collect()),
        };
        map.insert(name.clone(), value);
    }
    map
}

fn text(t: &str) -> Value {
    Value::String(strip_bidi_controls(t).into_owned())
}

/// Values built here always serialise, so a failure is the stream's: report it as one.
fn write_error(e: serde_json::Error) -> crate::error::Error {
    crate::error::Error::Output(e.into())
}

/// Writes `rs` as one JSON array of objects, one per row.
pub fn write_array(rs: &ResultSet, out: &mut dyn Write) -> Result<()> {
    let rows: Vec<Value> = rs
        .rows
        .iter()
        .map(|row| Value::Object(object(&rs.columns, row, None)))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows).map_err(write_error)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes `rs` as JSON Lines; with `tag` (a field name and a value), each object starts with
/// that field, saying which query it came from.
pub fn write_lines(rs: &ResultSet, tag: Option<(&str, &str)>, out: &mut dyn Write) -> Result<()> {
    for row in &rs.rows {
        serde_json::to_writer(&mut *out, &object(&rs.columns, row, tag)).map_err(write_error)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_arabic_raw_and_null_as_null() {
        let rs = ResultSet {
            columns: vec!["speaker".into(), "n".into()],
            rows: vec![vec![Cell::Text("علوان".into()), Cell::Null]],
        };
        let mut out = Vec::new();
        write_array(&rs, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\"علوان\""), "{text}");
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[0]["n"], Value::Null);
    }

    #[test]
    fn yes_no_is_a_boolean_lists_are_arrays_numbers_are_numbers() {
        let rs = ResultSet {
            columns: vec!["negated".into(), "about".into(), "id".into(), "none".into()],
            rows: vec![vec![
                Cell::Bool(true),
                Cell::List {
                    items: vec!["دوما\u{200F}".into(), "حلب".into()],
                    separator: "، ",
                },
                Cell::Int(7),
                Cell::List {
                    items: Vec::new(),
                    separator: "، ",
                },
            ]],
        };
        let mut out = Vec::new();
        write_lines(&rs, None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"negated\":true,\"about\":[\"دوما\",\"حلب\"],\"id\":7,\"none\":[]}\n"
        );
    }

    #[test]
    fn jsonl_writes_one_object_a_line_with_the_query_name() {
        let rs = ResultSet {
            columns: vec!["n".into()],
            rows: vec![vec![Cell::Int(1)], vec![Cell::Int(2)]],
        };
        let mut out = Vec::new();
        write_lines(&rs, Some(("query", "denials")), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\"query\":\"denials\",\"n\":1}\n{\"query\":\"denials\",\"n\":2}\n"
        );
    }
}
