//! Scoring against a gold file of articles — one article a line with its `statements`
//! (`../shared/real-dev/gold.jsonl`), or one article's statements one a line (the seed's
//! `expected.jsonl`) — to the count of the real-dev scorer (`score.py`) over a store that
//! `run.sh` (or `qawl ingest`) filled.
//!
//! The articles are built the way they reach that store: from `--articles DIR`, each gold row's
//! `file` becomes the JSON record `run.sh` writes (title = the first of several lines, body =
//! the whole text, url, date, source = outlet) read by the JSON Lines ingest reader; from
//! `--articles FILE`, the file is read as `qawl ingest FILE` reads it. A duplicate article (the
//! same content hash) is left out, as the store leaves it out; speakers and their aliases are
//! those the store would hold after the whole set ([`super::speakers`]).
//!
//! A gold statement is a hit when an extracted statement of its article, not used yet and taken
//! in text order, has its verb class, its speaker ([`same_speaker`]) and the first part of its
//! reporting word in its sentence. An unused extraction is an extra unless it was read from the
//! headline or matches a headline statement of the gold; extractions from the cut-off last
//! sentence of an excerpt are left out.

use super::GoldFormat;
use super::gold::{GoldArticle, GoldFile, GoldStatement, is_truthy, read_gold};
use super::matching::{
    cut_off_at, first_line_title, is_headline, same_speaker, sentence_has_word, slice,
    universal_newlines,
};
use super::report::{ArticleResult, Counts, Evaluation, Extra, Miss};
use super::speakers::{SpeakerId, Speakers};
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::ingest::{self, Format, Read};
use crate::model::{Article, EntityRef};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// An extracted statement as the scorer sees it in the store.
#[derive(Debug, Clone)]
struct Found {
    speaker: Option<String>,
    aliases: Vec<String>,
    verb: &'static str,
    verb_text: String,
    date: Option<String>,
    negated: bool,
    headline: bool,
    /// `body[start..end]`, the statement's sentence (cut from the body even for a statement
    /// read from the title, whose offsets count in the title: the scorer does so).
    sentence: String,
}

/// Scores `extractor` on a gold file of articles, or of one article's statements, reading the
/// articles from `articles` (a folder of the files the gold names, or a file to read as `qawl
/// ingest` would); `gazetteer` is what a new store starts with (the built-in gazetteer, or none).
pub fn evaluate_articles(
    gold_path: &Path,
    articles: &Path,
    extractor: &Extractor,
    gazetteer: &[EntityRef],
) -> Result<Evaluation> {
    let text = std::fs::read_to_string(gold_path).map_err(|e| Error::io(gold_path, e))?;
    let from_file = !articles.is_dir();
    let one_key = match super::gold_format(&text)? {
        GoldFormat::Articles => None,
        GoldFormat::OneArticle => Some(one_article_key(gold_path, articles, from_file)?),
        GoldFormat::Statements => {
            return Err(Error::Failed(format!(
                "{} names an article on every line: score it with eval::evaluate",
                gold_path.display()
            )));
        }
    };
    let gold = read_gold(&text, gold_path, one_key.as_deref())?;
    let read = if from_file {
        ingested(articles, &gold)?
    } else {
        as_run_sh_builds(articles, &gold)?
    };
    let found = extract_all(read, extractor, gazetteer);
    let articles = gold
        .articles
        .iter()
        .map(|g| score_article(g, found.get(&g.key).map_or(&[], Vec::as_slice)))
        .collect();
    Ok(Evaluation { articles })
}

/// The key of the one article whose statements a gold file holds: the name of its file, as the
/// scorer's `--seed-key` names it.
fn one_article_key(gold_path: &Path, articles: &Path, from_file: bool) -> Result<String> {
    if !from_file {
        return Err(Error::Usage(format!(
            "{} holds one article's statements: name that article's file with --articles FILE",
            gold_path.display()
        )));
    }
    Ok(file_name(&articles.display().to_string()).to_string())
}

/// Python's `os.path.basename`.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The articles of `path` as `qawl ingest PATH` reads them, each with the key the scorer gives
/// it: its url when the gold has that url, else its file name.
fn ingested(path: &Path, gold: &GoldFile) -> Result<Vec<(String, Article)>> {
    let found = ingest::discover(&[path.to_path_buf()], None);
    let mut read = Read::default();
    read.problems.extend(found.problems);
    for input in &found.inputs {
        let one = ingest::read_input(input);
        read.articles.extend(one.articles);
        read.problems.extend(one.problems);
    }
    refuse_failures(&read)?;
    Ok(read
        .articles
        .into_iter()
        .map(|a| {
            let key = match &a.url {
                Some(url) if gold.position(url).is_some() => url.clone(),
                _ => file_name(a.path.as_deref().unwrap_or("")).to_string(),
            };
            (key, a)
        })
        .collect())
}

/// The articles `run.sh` writes for the gold rows, read by the JSON Lines reader: title = the
/// first line of the stripped text when it has several, body = the whole text, url, date and
/// source (the outlet) from the row.
fn as_run_sh_builds(dir: &Path, gold: &GoldFile) -> Result<Vec<(String, Article)>> {
    let mut out = Vec::new();
    for row in &gold.rows {
        let Some(file) = row.get("file").and_then(Value::as_str) else {
            return Err(Error::Failed(format!(
                "a gold article has no \"file\" to read from {}: {}",
                dir.display(),
                Value::Object(row.clone())
            )));
        };
        let path = dir.join(file);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let text = String::from_utf8(bytes)
            .map(|t| universal_newlines(&t))
            .map_err(|_| Error::Failed(format!("{}: not UTF-8 text", path.display())))?;
        let field = |k: &str| row.get(k).cloned().unwrap_or(Value::Null);
        let record = serde_json::json!({
            "title": first_line_title(&text),
            "body": text,
            "url": field("url"),
            "date": field("date"),
            "source": field("outlet"),
        });
        let read = ingest::read_str(
            &record.to_string(),
            Format::Jsonl,
            &path.display().to_string(),
        );
        refuse_failures(&read)?;
        let key = [row.get("url"), row.get("file")]
            .into_iter()
            .flatten()
            .find(|v| is_truthy(v))
            .and_then(Value::as_str)
            .unwrap_or(file)
            .to_string();
        out.extend(read.articles.into_iter().map(|a| (key.clone(), a)));
    }
    Ok(out)
}

/// An article the reader could not read would be missing from the store: that is an error here.
fn refuse_failures(read: &Read) -> Result<()> {
    let failures: Vec<String> = read
        .problems
        .iter()
        .filter(|p| p.fatal)
        .map(ToString::to_string)
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Failed(failures.join("\n")))
    }
}

/// Extracts every article in order and gives each key its statements as the store would hold
/// them (by article, then sentence start), those of cut-off last sentences left out.
fn extract_all(
    articles: Vec<(String, Article)>,
    extractor: &Extractor,
    gazetteer: &[EntityRef],
) -> HashMap<String, Vec<Found>> {
    let mut speakers = Speakers::seeded(gazetteer);
    let mut hashes = HashSet::new();
    let mut pending: Vec<(String, Found, Option<SpeakerId>)> = Vec::new();
    for (key, article) in articles {
        if !hashes.insert(article.content_hash()) {
            continue;
        }
        let extraction = extractor.extract(&article);
        let ids = speakers.add_extraction(&extraction);
        let cut = cut_off_at(&article.body);
        let mut statements: Vec<_> = extraction.statements.iter().collect();
        // the store's order: by sentence start, ties in the order they were written
        statements.sort_by_key(|s| s.start);
        for s in statements.into_iter().filter(|s| s.start < cut) {
            let id = s.speaker.and_then(|i| ids.get(i).copied());
            let found = Found {
                speaker: s.surface.clone(),
                aliases: Vec::new(),
                verb: s.verb.as_str(),
                verb_text: s.verb_text.clone(),
                date: s.said_on.map(|d| d.to_string()),
                negated: s.negated,
                headline: s.in_headline
                    || is_headline(article.title.as_deref(), &article.body, s.start, s.end),
                sentence: slice(&article.body, s.start, s.end),
            };
            pending.push((key.clone(), found, id));
        }
    }
    // names and aliases as they stand once every article is in
    let mut by_key: HashMap<String, Vec<Found>> = HashMap::new();
    for (key, mut found, id) in pending {
        if let Some(id) = id {
            found.speaker = Some(speakers.name(id).to_string());
            found.aliases = speakers.aliases(id).to_vec();
        }
        by_key.entry(key).or_default().push(found);
    }
    by_key
}

fn matches(g: &GoldStatement, x: &Found) -> bool {
    g.verb.as_deref() == Some(x.verb) && same_speaker(&g.speaker, x.speaker.as_deref(), &x.aliases)
}

/// Pairs one article's gold statements with its extractions, first match first.
fn score_article(gold: &GoldArticle, found: &[Found]) -> ArticleResult {
    let mut result = ArticleResult {
        label: gold.label.clone(),
        group: gold.group.clone(),
        counts: Counts::default(),
        misses: Vec::new(),
        extras: Vec::new(),
        dates: (0, 0),
        negation: (0, 0),
    };
    let mut used = vec![false; found.len()];
    for g in &gold.statements {
        let hit = found.iter().enumerate().position(|(i, x)| {
            !used[i] && matches(g, x) && sentence_has_word(&x.sentence, g.verb_word.as_deref())
        });
        let Some(i) = hit else {
            result.counts.fn_ += 1;
            result.misses.push(Miss {
                speaker: g.speaker.clone(),
                verb: g.verb.clone().unwrap_or_default(),
                verb_text: g.shown.clone(),
            });
            continue;
        };
        used[i] = true;
        result.counts.tp += 1;
        if let Some(want) = &g.date {
            result.dates.1 += 1;
            let got: String = found[i]
                .date
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(10)
                .collect();
            result.dates.0 += usize::from(&got == want);
        }
        if let Some(negated) = g.negated {
            result.negation.1 += 1;
            result.negation.0 += usize::from(found[i].negated == negated);
        }
    }
    let mut headlines_left: Vec<&GoldStatement> = gold.headlines.iter().collect();
    for (x, _) in found
        .iter()
        .zip(&used)
        .filter(|(x, used)| !**used && !x.headline)
    {
        if let Some(h) = headlines_left.iter().position(|h| matches(h, x)) {
            headlines_left.remove(h);
            continue;
        }
        result.counts.fp += 1;
        result.extras.push(Extra {
            speaker: x.speaker.clone(),
            verb: x.verb.to_string(),
            verb_text: x.verb_text.clone(),
            sentence: x.sentence.clone(),
        });
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(speaker: &str, verb: &str, word: &str) -> GoldStatement {
        GoldStatement {
            speaker: speaker.into(),
            verb: Some(verb.into()),
            verb_word: Some(word.into()),
            shown: word.into(),
            ..GoldStatement::default()
        }
    }

    fn found(speaker: &str, verb: &'static str, sentence: &str, headline: bool) -> Found {
        Found {
            speaker: Some(speaker.into()),
            aliases: vec![speaker.into()],
            verb,
            verb_text: String::new(),
            date: None,
            negated: false,
            headline,
            sentence: sentence.into(),
        }
    }

    fn article(statements: Vec<GoldStatement>, headlines: Vec<GoldStatement>) -> GoldArticle {
        GoldArticle {
            key: "k".into(),
            label: "d9-01".into(),
            group: "d9".into(),
            statements,
            headlines,
        }
    }

    #[test]
    fn pairs_are_taken_first_come_and_need_the_word_in_the_sentence() {
        let g = article(
            vec![
                gold("سامر خليل", "said", "قال"),
                gold("سامر خليل", "said", "أضاف"),
            ],
            vec![],
        );
        let x = [
            found("سامر خليل", "said", "وقال سامر خليل إن", false),
            found("سامر خليل", "said", "وقال أيضا", false),
        ];
        let r = score_article(&g, &x);
        assert_eq!(
            r.counts,
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
    }

    #[test]
    fn headline_statements_are_neither_hits_nor_extras() {
        let g = article(vec![], vec![gold("الوزارة", "denied", "تنفي")]);
        let x = [
            found("الوزارة", "denied", "الوزارة تنفي", false),
            found("الوزير", "said", "الوزير يقول", true),
        ];
        assert_eq!(score_article(&g, &x).counts, Counts::default());
    }
}
