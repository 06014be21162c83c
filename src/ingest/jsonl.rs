//! JSON input: an array of article objects, or one object; and JSON Lines, one object a line.
//!
//! A line or element that cannot be read is reported with its line number and skipped; the
//! others land. Articles read from an array or from JSON Lines are named `file:LINE`.

use super::record::{Built, Record, is_text_name};
use super::{Problem, Read};
use serde_json::{Map, Value};

/// Reads a JSON document: an array of objects or a single object.
///
/// A file that is really JSON Lines (one object a line) is read as such.
pub fn read(text: &str, path: &str) -> Read {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => read_array(&items, &element_lines(text), path),
        Ok(Value::Object(object)) => {
            let mut read = Read::default();
            read.take(path, None, from_object(&object, path.to_string()));
            read
        }
        Ok(other) => Read::failed(Problem::fatal(
            path,
            None,
            format!(
                "expected an array of article objects or one object, found {}",
                kind(&other)
            ),
        )),
        Err(_) if looks_like_json_lines(text) => read_lines(text, path),
        Err(e) => Read::failed(Problem::fatal(
            path,
            Some(e.line()),
            format!(
                "not valid JSON: {}; the file was skipped",
                without_position(&e)
            ),
        )),
    }
}

/// Reads JSON Lines: one object a line, blank lines ignored.
///
/// A file that is really one JSON array is read as such; when the whole file is not one
/// valid array, it is read line by line (a first line starting with `[` is just a bad line).
pub fn read_lines(text: &str, path: &str) -> Read {
    if text.trim_start().starts_with('[')
        && let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text)
    {
        return read_array(&items, &element_lines(text), path);
    }
    read_lines_from(text, path, 1)
}

/// Reads JSON Lines that start on line `first` of the file `path` (a part of a big file, see
/// [`super::read_str_in_parts`]): lines are numbered from there.
pub fn read_lines_from(text: &str, path: &str, first: usize) -> Read {
    let mut read = Read::default();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = index + first;
        let built = match serde_json::from_str::<Value>(line) {
            Ok(value) => from_value(&value, format!("{path}:{n}")),
            Err(e) => Err(format!(
                "not valid JSON: {}; the line was skipped",
                without_position(&e)
            )),
        };
        read.take(path, Some(n), built);
    }
    read
}

impl Read {
    /// Adds what reading one record gave: its article and warnings, or the problem that
    /// stopped it.
    fn take(&mut self, path: &str, line: Option<usize>, built: Result<Built, String>) {
        match built {
            Ok((article, warnings)) => {
                self.articles.push(article);
                for warning in warnings {
                    self.problems.push(Problem::warning(path, line, warning));
                }
            }
            Err(message) => self.problems.push(Problem::fatal(path, line, message)),
        }
    }
}

/// Reads each element of an array; `lines` holds the line each element starts on.
fn read_array(items: &[Value], lines: &[usize], path: &str) -> Read {
    let mut read = Read::default();
    for (index, item) in items.iter().enumerate() {
        let line = lines.get(index).copied();
        let name = match line {
            Some(n) => format!("{path}:{n}"),
            None => format!("{path}:#{}", index + 1),
        };
        read.take(path, line, from_value(item, name));
    }
    read
}

/// An article from a JSON value that should be an object.
fn from_value(value: &Value, name: String) -> Result<Built, String> {
    match value {
        Value::Object(object) => from_object(object, name),
        other => Err(format!(
            "expected an article object ({{\"title\": …, \"body\": …}}), found {}; skipped",
            kind(other)
        )),
    }
}

/// An article from the fields of one object.
fn from_object(object: &Map<String, Value>, name: String) -> Result<Built, String> {
    let mut record = Record::default();
    for (key, value) in object {
        match field_text(key, value) {
            Ok(Some(text)) => record.set(key, &text),
            Ok(None) => {}
            Err(warning) => record.warn(warning),
        }
    }
    record.build(name)
}

/// The text of one field. The title and the body must be text (a list of strings is
/// paragraphs): anything else is left out with a warning rather than written out as text.
fn field_text(key: &str, value: &Value) -> Result<Option<String>, String> {
    if !is_text_name(key) {
        return Ok(as_text(value));
    }
    match value {
        Value::String(s) => Ok(Some(s.clone())),
        Value::Null => Ok(None),
        Value::Array(items) if items.iter().all(Value::is_string) => Ok(as_text(value)),
        Value::Array(_) => Err(format!(
            "the field \"{key}\" holds an array that is not all strings, not text; it was left out"
        )),
        Value::Number(_) | Value::Bool(_) => Err(format!(
            "the field \"{key}\" holds {} ({value}), not text; it was left out",
            kind(value)
        )),
        Value::Object(_) => Err(format!(
            "the field \"{key}\" holds an object, not text; it was left out"
        )),
    }
}

/// The text a JSON value gives a field other than the title and the body: strings as they are,
/// numbers and booleans written out, a list of strings as paragraphs, an object by its "name".
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => {
            let parts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            parts.map(|p| p.join("\n\n"))
        }
        Value::Object(object) => object
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string),
        Value::Null => None,
    }
}

/// How a JSON value is named in messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its " at line L column C" (the line is reported apart).
fn without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rsplit_once(" at line ") {
        Some((what, _)) => format!("{what} at column {}", e.column()),
        None => message,
    }
}

/// True when `text` holds several lines and its first line is an object on its own.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first_is_object = lines
        .next()
        .is_some_and(|l| matches!(serde_json::from_str(l), Ok(Value::Object(_))));
    first_is_object && lines.next().is_some()
}

/// The 1-based line on which each element of the top-level array of `text` starts.
/// `text` is well-formed JSON (serde_json has read it).
fn element_lines(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let (mut line, mut depth) = (1, 0usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && !c.is_whitespace() {
            starts.push(line);
            expecting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                expecting = depth == 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' => expecting = depth == 1,
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_lines_skip_strings_and_nesting() {
        let text = "[\n {\"body\": \"[, \\\" {\"},\n\n {\"a\": [1, 2]},\n 3\n]";
        assert_eq!(element_lines(text), vec![2, 4, 5]);
    }

    #[test]
    fn array_elements_are_named_by_line() {
        let text = "[\n{\"title\": \"أ\", \"body\": \"نص أول\"},\n7,\n{\"text\": \"نص ثان\"}\n]";
        let read = read(text, "a.json");
        let paths: Vec<_> = read
            .articles
            .iter()
            .map(|a| a.path.clone().unwrap())
            .collect();
        assert_eq!(paths, ["a.json:2", "a.json:4"]);
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.problems[0].line, Some(3));
    }

    #[test]
    fn a_single_object_is_one_article() {
        let read = read("{\"content\": [\"فقرة\", \"فقرة ثانية\"]}", "o.json");
        assert_eq!(read.articles[0].body, "فقرة\n\nفقرة ثانية");
        assert_eq!(read.articles[0].path.as_deref(), Some("o.json"));
    }

    #[test]
    fn broken_json_names_the_line() {
        let read = read("[\n{\"body\": \"x\"},\n{\"body\" \"y\"}\n]", "b.json");
        assert!(read.articles.is_empty());
        let p = &read.problems[0];
        assert_eq!(p.line, Some(3));
        assert!(
            p.message
                .starts_with("not valid JSON: expected `:` at column"),
            "{p}"
        );
    }

    #[test]
    fn json_lines_in_a_json_file_and_an_array_in_a_jsonl_file() {
        let lines = "{\"body\": \"أ\"}\n{\"body\": \"ب\"}\n";
        assert_eq!(read(lines, "x.json").articles.len(), 2);
        assert_eq!(
            read_lines("[{\"body\": \"أ\"}]", "x.jsonl").articles.len(),
            1
        );
    }

    #[test]
    fn a_title_or_body_that_is_not_text_is_a_warning_naming_field_and_line() {
        let text = "{\"title\": 1, \"body\": [\"فقرة\", \"أخرى\"]}\n{\"title\": \"ب\", \"body\": 123}\n{\"headline\": {\"a\": 1}, \"text\": \"نص\", \"author\": {\"name\": \"س\"}}\n";
        let read = read_lines(text, "t.jsonl");
        assert_eq!(read.articles.len(), 2);
        assert_eq!(read.articles[0].title, None);
        assert_eq!(read.articles[0].body, "فقرة\n\nأخرى");
        assert_eq!(read.articles[1].author.as_deref(), Some("س"));
        let shown: Vec<_> = read
            .problems
            .iter()
            .map(|p| (p.line, p.fatal, p.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    Some(1),
                    false,
                    "the field \"title\" holds a number (1), not text; it was left out"
                ),
                (
                    Some(2),
                    true,
                    "the field \"body\" holds a number (123), not text; it was left out; no body: the record has no non-empty body, text or content field; skipped"
                ),
                (
                    Some(3),
                    false,
                    "the field \"headline\" holds an object, not text; it was left out"
                ),
            ]
        );
    }

    #[test]
    fn a_bad_line_is_reported_and_the_others_land() {
        let text =
            "{\"body\": \"أ\"}\n\n{\"body\": \nnull\n{\"title\": \"بلا نص\"}\n{\"body\": \"ب\"}";
        let read = read_lines(text, "l.jsonl");
        let paths: Vec<_> = read
            .articles
            .iter()
            .map(|a| a.path.clone().unwrap())
            .collect();
        assert_eq!(paths, ["l.jsonl:1", "l.jsonl:6"]);
        let lines: Vec<_> = read.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5)]);
        assert!(read.problems.iter().all(|p| p.fatal));
    }
}
