//! What `qawl eval` reports on a gold file of articles: the scorer's figure line, a line per
//! group of articles, and (verbose) every miss and extra.

use std::fmt;

/// A gold statement no extraction matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub speaker: String,
    pub verb: String,
    /// The gold verb text (or reporting word).
    pub verb_text: String,
}

/// An extraction that matched no gold statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extra {
    /// The speaker's name in the store, else the surface; none for a speaker not named at all.
    pub speaker: Option<String>,
    pub verb: String,
    pub verb_text: String,
    /// The sentence it was read from.
    pub sentence: String,
}

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    /// False negatives: gold statements missed.
    pub fn_: usize,
}

impl Counts {
    pub(super) fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// Hits over extractions that count (0 when there are none, as the scorer has it).
    pub fn precision(&self) -> f64 {
        share(self.tp, self.tp + self.fp)
    }

    /// Hits over gold statements.
    pub fn recall(&self) -> f64 {
        share(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn share(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// What one gold article got.
#[derive(Debug, Clone)]
pub struct ArticleResult {
    /// Its `id` (e.g. `d1-01`), else its url or file.
    pub label: String,
    /// Its group: the id's prefix before `-` (`d1`), else the label.
    pub group: String,
    pub counts: Counts,
    pub misses: Vec<Miss>,
    pub extras: Vec<Extra>,
    /// Hits whose date (when the gold checks one) is right, and how many were checked.
    pub dates: (usize, usize),
    /// Hits whose negation agrees with the gold's, and how many were checked.
    pub negation: (usize, usize),
}

/// The score of an extractor on a gold file of articles.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub articles: Vec<ArticleResult>,
}

impl Evaluation {
    /// The counts over every article.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        self.articles.iter().for_each(|a| total.add(a.counts));
        total
    }

    /// Per group of articles (the id's prefix before `-`: `d1` for `d1-01`; an article without
    /// an id is a group of its own), in file order: the group, its number of articles and its
    /// counts.
    pub fn groups(&self) -> Vec<(String, usize, Counts)> {
        let mut groups: Vec<(String, usize, Counts)> = Vec::new();
        for a in &self.articles {
            let group = &a.group;
            match groups.iter_mut().find(|(g, _, _)| g == group) {
                Some((_, n, counts)) => {
                    *n += 1;
                    counts.add(a.counts);
                }
                None => groups.push((group.to_string(), 1, a.counts)),
            }
        }
        groups
    }

    /// Every miss and extra, article by article.
    pub fn details(&self) -> Details<'_> {
        Details(self)
    }

    fn sums(&self, pick: impl Fn(&ArticleResult) -> (usize, usize)) -> (usize, usize) {
        self.articles
            .iter()
            .map(pick)
            .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
    }
}

impl fmt::Display for Evaluation {
    /// The figure line of the scorer, then one line per group of articles.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.total();
        write!(
            f,
            "precision {:.2} recall {:.2} F1 {:.2} (tp {} fp {} fn {})",
            t.precision(),
            t.recall(),
            t.f1(),
            t.tp,
            t.fp,
            t.fn_
        )?;
        let dates = self.sums(|a| a.dates);
        if dates.1 > 0 {
            write!(f, " dates {}/{}", dates.0, dates.1)?;
        }
        let negation = self.sums(|a| a.negation);
        if negation.1 > 0 {
            write!(f, " negation {}/{}", negation.0, negation.1)?;
        }
        writeln!(f)?;
        let groups = self.groups();
        let width = groups
            .iter()
            .map(|(g, _, _)| g.chars().count())
            .max()
            .unwrap_or(0)
            .max(5);
        writeln!(
            f,
            "{:<width$}  articles   gold  found     tp     fp     fn  precision  recall    F1",
            "group"
        )?;
        for (group, n, c) in &groups {
            writeln!(
                f,
                "{group:<width$}  {n:>8}  {:>5}  {:>5}  {:>5}  {:>5}  {:>5}  {:>9.2}  {:>6.2}  {:>4.2}",
                c.tp + c.fn_,
                c.tp + c.fp,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            )?;
        }
        Ok(())
    }
}

/// Every miss and extra of an [`Evaluation`], article by article (what `VERBOSE=1 run.sh`
/// lists), with the sentence of each extra.
pub struct Details<'a>(&'a Evaluation);

impl fmt::Display for Details<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for a in &self.0.articles {
            if a.misses.is_empty() && a.extras.is_empty() {
                continue;
            }
            let c = a.counts;
            writeln!(f, "{}: tp {} fp {} fn {}", a.label, c.tp, c.fp, c.fn_)?;
            for m in &a.misses {
                writeln!(f, "  missed {} / {} ({})", m.speaker, m.verb, m.verb_text)?;
            }
            for x in &a.extras {
                let speaker = x.speaker.as_deref().unwrap_or("(no speaker)");
                let sentence = x.sentence.split_whitespace().collect::<Vec<_>>().join(" ");
                writeln!(
                    f,
                    "  extra  {speaker} / {} ({}) in: {sentence}",
                    x.verb, x.verb_text
                )?;
            }
        }
        Ok(())
    }
}
