//! Reading a gold file of articles (one a line, with `statements` and `headline_statements`) or
//! of one article's statements, keeping what the real-dev scorer reads of each statement.

use super::matching::py_strip;
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::path::Path;

/// One gold statement, with what the scorer reads of it.
#[derive(Debug, Clone, Default)]
pub struct GoldStatement {
    pub speaker: String,
    pub verb: Option<String>,
    /// The reporting word as written (` ... ` between the parts of a discontinuous one).
    pub verb_word: Option<String>,
    /// What a miss shows: the gold `verb_text`, else its `verb_word`.
    pub shown: String,
    /// `negated`, when the gold gives it.
    pub negated: Option<bool>,
    /// The date to check: `date` when `date_explicit`, else `statement_date`, when given.
    pub date: Option<String>,
}

impl GoldStatement {
    pub(super) fn from_json(value: &Value) -> GoldStatement {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(String::from);
        let truthy = |key: &str| value.get(key).is_some_and(is_truthy);
        let date = if truthy("date_explicit") {
            value.get("date")
        } else if truthy("statement_date") {
            value.get("statement_date")
        } else {
            None
        };
        GoldStatement {
            speaker: text("speaker").unwrap_or_default(),
            verb: text("verb"),
            verb_word: text("verb_word"),
            shown: [text("verb_text"), text("verb_word")]
                .into_iter()
                .flatten()
                .find(|t| !t.is_empty())
                .unwrap_or_default(),
            negated: value.get("negated").map(is_truthy),
            date: date.filter(|d| is_truthy(d)).map(|d| match d {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
        }
    }
}

/// Python's truth value of a JSON value.
pub(super) fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// One article of the gold file.
#[derive(Debug, Clone)]
pub(super) struct GoldArticle {
    /// How statements find it: the url, else the file name.
    pub(super) key: String,
    /// How reports name it: its `id`, else the key.
    pub(super) label: String,
    /// The group it is counted in: the id's prefix before `-` (`d1` for `d1-01`), else the label.
    pub(super) group: String,
    pub(super) statements: Vec<GoldStatement>,
    pub(super) headlines: Vec<GoldStatement>,
}

/// A gold file read: its articles in file order (a key given twice keeps its first place and its
/// last statements, as a Python dict does), and each row as it was written.
pub(super) struct GoldFile {
    pub(super) articles: Vec<GoldArticle>,
    pub(super) rows: Vec<Map<String, Value>>,
}

impl GoldFile {
    pub(super) fn position(&self, key: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.key == key)
    }
}

/// The non-blank lines of a JSON Lines file, as objects.
fn json_rows(text: &str, path: &Path) -> Result<Vec<Map<String, Value>>> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if py_strip(line).is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(row)) => rows.push(row),
            Ok(_) => {
                return Err(Error::Failed(format!(
                    "{}:{}: a gold line must be a JSON object",
                    path.display(),
                    n + 1
                )));
            }
            Err(e) => {
                return Err(Error::Failed(format!(
                    "{}:{}: not valid JSON: {e}",
                    path.display(),
                    n + 1
                )));
            }
        }
    }
    Ok(rows)
}

pub(super) fn read_gold(
    text: &str,
    path: &Path,
    one_article_key: Option<&str>,
) -> Result<GoldFile> {
    let rows = json_rows(text, path)?;
    let statements = |row: &Map<String, Value>, key: &str| -> Vec<GoldStatement> {
        match row.get(key) {
            Some(Value::Array(items)) => items.iter().map(GoldStatement::from_json).collect(),
            _ => Vec::new(),
        }
    };
    let mut gold = GoldFile {
        articles: Vec::new(),
        rows: Vec::new(),
    };
    if let Some(key) = one_article_key {
        gold.articles.push(GoldArticle {
            key: key.to_string(),
            label: key.to_string(),
            group: key.to_string(),
            statements: rows
                .iter()
                .map(|r| GoldStatement::from_json(&Value::Object(r.clone())))
                .collect(),
            headlines: Vec::new(),
        });
        return Ok(gold);
    }
    for row in rows {
        let text = |k: &str| row.get(k).filter(|v| is_truthy(v)).and_then(Value::as_str);
        let Some(key) = text("url").or(text("file")).map(String::from) else {
            return Err(Error::Failed(format!(
                "{}: an article line has neither a url nor a file: {}",
                path.display(),
                Value::Object(row.clone())
            )));
        };
        let id = text("id");
        let article = GoldArticle {
            label: id.map_or_else(|| key.clone(), String::from),
            group: id
                .and_then(|id| id.split('-').next())
                .map_or_else(|| key.clone(), String::from),
            statements: statements(&row, "statements"),
            headlines: statements(&row, "headline_statements"),
            key,
        };
        match gold.position(&article.key) {
            Some(i) => gold.articles[i] = article,
            None => gold.articles.push(article),
        }
        gold.rows.push(row);
    }
    Ok(gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_keyed_by_url_else_file_and_grouped_by_id_prefix() {
        let text = r#"{"id": "d1-01", "file": "a.txt", "url": "https://x/1", "statements": []}
{"id": "d1-02", "file": "b.txt", "url": null, "statements": [{"speaker": "س", "verb": "said"}]}

{"file": "c-d.txt", "statements": []}
"#;
        let gold = read_gold(text, Path::new("g.jsonl"), None).unwrap();
        let seen: Vec<_> = gold
            .articles
            .iter()
            .map(|a| (a.key.as_str(), a.label.as_str(), a.group.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("https://x/1", "d1-01", "d1"),
                ("b.txt", "d1-02", "d1"),
                ("c-d.txt", "c-d.txt", "c-d.txt")
            ]
        );
        assert_eq!(gold.articles[1].statements.len(), 1);
        assert_eq!(gold.rows.len(), 3);
    }
}
