//! Light stemming for search: what the FTS indexes hold and what query words become.

use super::normalize;

/// Strips the article ال from a normalised word.
pub fn stem(word: &str) -> String {
    let w = word
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(word);
    w.to_string()
}

/// The text an FTS index holds for `text`: normalised words, each stemmed, space-separated.
pub fn index_text(text: &str) -> String {
    normalize(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(stem)
        .collect::<Vec<_>>()
        .join(" ")
}
