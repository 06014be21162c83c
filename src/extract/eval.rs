//! Scoring the extractor against an annotated gold file. [`gold_format`] tells the three shapes
//! apart by the first line:
//!
//! - one statement a line naming its `article` (tests/data/gold.jsonl), scored here: a gold
//!   statement and an extracted one match when their speakers are equal after normalisation
//!   (the canonical name, or the surface of an unnamed speaker) and their reporting words share
//!   a word (clitics aside); statements are paired in order within each article. Headline
//!   statements of the gold file are optional: neither a miss when absent nor counted when
//!   found. Precision and recall count (speaker, verb) pairs; verb-class and date accuracy are
//!   measured on the matched pairs;
//! - one article a line with its `statements` (`../shared/real-dev/gold.jsonl`), and one
//!   article's statements without `article` (the seed's expected.jsonl): scored in `articles.rs`
//!   exactly as the real-dev scorer scores a store: `gold.rs` reads them, `matching.rs` holds the
//!   scorer's comparisons, `speakers.rs` the store's names and aliases, `report.rs` what is shown.

mod articles;
mod gold;
mod matching;
pub mod report;
mod speakers;

pub use articles::evaluate_articles;
pub use report::{Counts, Evaluation};

use super::Extractor;
use crate::error::{Error, Result};
use crate::model::{Article, Extraction, Statement};
use crate::text::normalize;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// One annotated statement of a gold file.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub article: String,
    #[serde(default)]
    pub n: usize,
    pub speaker: String,
    pub verb: String,
    #[serde(default)]
    pub verb_text: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub headline: bool,
    #[serde(default)]
    pub negated: bool,
}

/// A statement the extractor found, as the evaluation sees it.
#[derive(Debug, Clone)]
pub struct Found {
    pub speaker: String,
    pub verb: String,
    pub verb_text: String,
    pub date: Option<String>,
    pub headline: bool,
    /// The sentence it was read from.
    pub sentence: String,
}

/// A gold statement the extractor missed, or an extracted one the gold file lacks.
#[derive(Debug, Clone)]
pub struct Diff {
    pub article: String,
    pub speaker: String,
    pub verb: String,
    pub verb_text: String,
    /// The sentence (for extras) or the gold position `n` (for misses).
    pub context: String,
}

/// A matched pair whose class or date differs.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub article: String,
    pub speaker: String,
    pub verb_text: String,
    pub what: String,
}

/// Counts for one article.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub matched: usize,
    pub gold: usize,
    pub found: usize,
    pub class_ok: usize,
    pub date_ok: usize,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.matched += o.matched;
        self.gold += o.gold;
        self.found += o.found;
        self.class_ok += o.class_ok;
        self.date_ok += o.date_ok;
    }
}

/// The evaluation of an extractor on a gold file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub articles: BTreeMap<String, Score>,
    pub total: Score,
    pub misses: Vec<Diff>,
    pub extras: Vec<Diff>,
    pub mismatches: Vec<Mismatch>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl Report {
    /// Matched pairs over extracted statements (headline matches aside).
    pub fn precision(&self) -> f64 {
        ratio(self.total.matched, self.total.found)
    }
    /// Matched pairs over gold statements (optional headline ones aside).
    pub fn recall(&self) -> f64 {
        ratio(self.total.matched, self.total.gold)
    }
    /// Matched pairs with the gold verb class.
    pub fn class_accuracy(&self) -> f64 {
        ratio(self.total.class_ok, self.total.matched)
    }
    /// Matched pairs with the gold date.
    pub fn date_accuracy(&self) -> f64 {
        ratio(self.total.date_ok, self.total.matched)
    }
}

/// The shapes of gold file `qawl eval` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldFormat {
    /// One statement a line, each naming its `article` (tests/data/gold.jsonl).
    Statements,
    /// One article a line with its `statements` and `headline_statements`
    /// (`../shared/real-dev/gold.jsonl`).
    Articles,
    /// One statement a line with no `article`: the statements of one article (the seed's
    /// expected.jsonl).
    OneArticle,
}

/// The shape of a gold file, told by its first line as the real-dev scorer tells it (a line
/// with `statements` is an article), with the `article` key of tests/data/gold.jsonl on top.
pub fn gold_format(text: &str) -> Result<GoldFormat> {
    let Some(first) = text.lines().find(|l| !matching::py_strip(l).is_empty()) else {
        return Err(Error::Failed("the gold file is empty".into()));
    };
    let row: serde_json::Value = serde_json::from_str(first)?;
    Ok(if row.get("statements").is_some() {
        GoldFormat::Articles
    } else if row.get("article").is_some() {
        GoldFormat::Statements
    } else {
        GoldFormat::OneArticle
    })
}

/// Reads the gold file and scores `extractor` on every article it names.
pub fn evaluate(gold_path: &Path, articles_dir: &Path, extractor: &Extractor) -> Result<Report> {
    evaluate_where(gold_path, articles_dir, extractor, |_| true)
}

/// Like [`evaluate`], on the articles whose file name `select` accepts.
pub fn evaluate_where(
    gold_path: &Path,
    articles_dir: &Path,
    extractor: &Extractor,
    select: impl Fn(&str) -> bool,
) -> Result<Report> {
    let text = std::fs::read_to_string(gold_path).map_err(|e| Error::io(gold_path, e))?;
    let mut by_article: BTreeMap<String, Vec<Gold>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let gold: Gold = serde_json::from_str(line)?;
        by_article
            .entry(gold.article.clone())
            .or_default()
            .push(gold);
    }
    let mut report = Report::default();
    for (name, gold) in by_article.into_iter().filter(|(n, _)| select(n)) {
        let article = read_article(&articles_dir.join(&name))?;
        let extraction = extractor.extract(&article);
        let found = found(&article, &extraction);
        score_article(&mut report, &name, &gold, &found);
    }
    Ok(report)
}

fn read_article(path: &Path) -> Result<Article> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let shown = path.display().to_string();
    crate::ingest::text::parse(&text, &shown)
        .map(|(article, _)| article)
        .map_err(|p| Error::Failed(p.to_string()))
}

/// The extracted statements as the evaluation compares them.
pub fn found(article: &Article, extraction: &Extraction) -> Vec<Found> {
    let body: Vec<char> = article.body.chars().collect();
    let title: Vec<char> = article.title.as_deref().unwrap_or("").chars().collect();
    extraction
        .statements
        .iter()
        .map(|s| Found {
            speaker: speaker_name(extraction, s),
            verb: s.verb.as_str().to_string(),
            verb_text: s.verb_text.clone(),
            date: s.said_on.map(|d| d.to_string()),
            headline: s.in_headline,
            sentence: {
                let chars = if s.in_headline { &title } else { &body };
                chars[s.start.min(chars.len())..s.end.min(chars.len())]
                    .iter()
                    .collect()
            },
        })
        .collect()
}

/// The canonical speaker: the entity's name, else the surface of an unnamed speaker.
pub fn speaker_name(extraction: &Extraction, s: &Statement) -> String {
    s.speaker
        .and_then(|i| extraction.entities.get(i))
        .map(|e| e.name.clone())
        .or_else(|| s.surface.clone())
        .unwrap_or_default()
}

/// The words of a verb text without clitics, for matching "عاد ليؤكد" with "ليؤكد".
fn verb_words(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .map(|w| {
            let w = w.trim_start_matches(['و', 'ف']);
            w.strip_prefix('ل')
                .filter(|r| r.chars().count() >= 3)
                .unwrap_or(w)
                .to_string()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn pairs(g: &Gold, f: &Found, strict: bool) -> bool {
    if normalize(&g.speaker) != normalize(&f.speaker) || g.headline != f.headline {
        return false;
    }
    if !strict {
        return g.verb == f.verb;
    }
    let gw = verb_words(&g.verb_text);
    verb_words(&f.verb_text).iter().any(|w| gw.contains(w))
}

fn score_article(report: &mut Report, name: &str, gold: &[Gold], found: &[Found]) {
    let mut taken = vec![false; found.len()];
    let mut matched: Vec<Option<usize>> = vec![None; gold.len()];
    for strict in [true, false] {
        for (gi, g) in gold.iter().enumerate() {
            if matched[gi].is_some() {
                continue;
            }
            if let Some(fi) =
                (0..found.len()).find(|&fi| !taken[fi] && pairs(g, &found[fi], strict))
            {
                taken[fi] = true;
                matched[gi] = Some(fi);
            }
        }
    }
    let mut score = Score::default();
    for (g, m) in gold.iter().zip(&matched) {
        match m {
            Some(fi) if !g.headline => {
                let f = &found[*fi];
                score.matched += 1;
                score.gold += 1;
                score.found += 1;
                check_pair(report, &mut score, name, g, f);
            }
            Some(_) => {}
            None if g.headline => {}
            None => {
                score.gold += 1;
                report.misses.push(Diff {
                    article: name.to_string(),
                    speaker: g.speaker.clone(),
                    verb: g.verb.clone(),
                    verb_text: g.verb_text.clone(),
                    context: format!("gold #{}", g.n),
                });
            }
        }
    }
    for (f, _) in found.iter().zip(&taken).filter(|(_, t)| !**t) {
        score.found += 1;
        report.extras.push(Diff {
            article: name.to_string(),
            speaker: f.speaker.clone(),
            verb: f.verb.clone(),
            verb_text: f.verb_text.clone(),
            context: f.sentence.clone(),
        });
    }
    report.total.add(&score);
    report.articles.insert(name.to_string(), score);
}

fn check_pair(report: &mut Report, score: &mut Score, name: &str, g: &Gold, f: &Found) {
    let mut wrong = Vec::new();
    if g.verb == f.verb {
        score.class_ok += 1;
    } else {
        wrong.push(format!("class {} (gold {})", f.verb, g.verb));
    }
    if g.date == f.date {
        score.date_ok += 1;
    } else {
        wrong.push(format!("date {:?} (gold {:?})", f.date, g.date));
    }
    if !wrong.is_empty() {
        report.mismatches.push(Mismatch {
            article: name.to_string(),
            speaker: g.speaker.clone(),
            verb_text: g.verb_text.clone(),
            what: wrong.join(", "),
        });
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "precision {:.3}  recall {:.3}  verb class {:.3}  date {:.3}  ({} matched, {} gold, {} extracted)",
            self.precision(),
            self.recall(),
            self.class_accuracy(),
            self.date_accuracy(),
            self.total.matched,
            self.total.gold,
            self.total.found
        )?;
        for (name, s) in &self.articles {
            writeln!(
                f,
                "  {name}: precision {:.2} recall {:.2} ({}/{} gold, {} extracted)",
                ratio(s.matched, s.found),
                ratio(s.matched, s.gold),
                s.matched,
                s.gold,
                s.found
            )?;
        }
        for d in &self.misses {
            writeln!(
                f,
                "miss  {} {}: {} {} «{}»",
                d.article, d.context, d.speaker, d.verb, d.verb_text
            )?;
        }
        for d in &self.extras {
            writeln!(
                f,
                "extra {}: {} {} «{}» in: {}",
                d.article, d.speaker, d.verb, d.verb_text, d.context
            )?;
        }
        for m in &self.mismatches {
            writeln!(
                f,
                "wrong {}: {} «{}»: {}",
                m.article, m.speaker, m.verb_text, m.what
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_texts_match_through_clitics_and_support_words() {
        assert!(verb_words("عاد ليؤكد").contains(&"يؤكد".to_string()));
        assert_eq!(verb_words("ونفى"), ["نفي"]);
    }

    #[test]
    fn a_missing_headline_statement_is_not_a_miss() {
        let g = |headline| Gold {
            article: "a".into(),
            n: 1,
            speaker: "س".into(),
            verb: "said".into(),
            verb_text: "قال".into(),
            date: None,
            headline,
            negated: false,
        };
        let mut report = Report::default();
        score_article(&mut report, "a", &[g(true), g(false)], &[]);
        assert_eq!((report.total.gold, report.misses.len()), (1, 1));
    }
}
