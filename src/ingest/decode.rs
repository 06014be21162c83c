//! Bytes → text. UTF-8 (a byte-order mark tolerated) as it is; UTF-16 with a byte-order mark;
//! and the two encodings of older Arabic sites, Windows-1256 and ISO-8859-6, the one whose
//! reading is the more Arabic ([`arabic_score`]). What no encoding reads cleanly is refused
//! with the place of its first bad byte and a way out: binary junk, Latin-1 text, a UTF-8 file
//! damaged in a few places, UTF-16 without a byte-order mark (told as such, not sent to
//! Windows-1256).
//!
//! Only this file knows encodings; the readers get text.

use super::{Format, Legacy, Read, read_str};
use encoding_rs::{Encoding, ISO_8859_6, UTF_8, WINDOWS_1256};
use std::borrow::Cow;
use std::ops::Deref;

/// A file's text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without a byte-order mark.
    pub text: Cow<'a, str>,
    /// `UTF_8` for UTF-8 files; else the encoding qawl decoded.
    pub encoding: &'static Encoding,
}

impl Decoded<'_> {
    /// The encoding's name (`windows-1256`, `ISO-8859-6`, `UTF-16LE`, `UTF-16BE`) when the file
    /// was not UTF-8.
    pub fn legacy(&self) -> Option<&'static str> {
        (self.encoding != UTF_8).then(|| self.encoding.name())
    }

    /// Reads the text in `format`, noting the encoding in the result.
    pub fn read(&self, format: Format, path: &str) -> Read {
        let mut read = read_str(&self.text, format, path);
        read.encoding = self.legacy().map(|encoding| Legacy {
            path: path.to_string(),
            encoding,
        });
        read
    }
}

impl Deref for Decoded<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// The single-byte encodings tried on bytes that are not UTF-8, the more common first (it
/// wins a tie).
const LEGACY: [&Encoding; 2] = [WINDOWS_1256, ISO_8859_6];

/// Reads `bytes` as text; the error says why not, where, and what to do.
///
/// ```
/// use qawl::ingest::decode;
/// let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode("قال المتحدث إن الهدنة صامدة");
/// let decoded = decode(&cp1256).unwrap();
/// assert_eq!(&*decoded, "قال المتحدث إن الهدنة صامدة");
/// assert_eq!(decoded.legacy(), Some("windows-1256"));
/// assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return with_bom(bytes, encoding, bom);
    }
    let utf8 = std::str::from_utf8(bytes);
    if let Ok(text) = utf8
        && !text.contains('\0')
    {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8,
        });
    }
    // not UTF-8, or UTF-8 holding NUL bytes: UTF-16 without a byte-order mark is both
    if let Some(order) = utf16_order(bytes) {
        return Err(format!(
            "the file looks like UTF-16{order} text without a byte-order mark; qawl reads \
             UTF-16 only with one: convert it first (e.g. `iconv -f UTF-16{order} -t UTF-8`)"
        ));
    }
    let first_bad = match utf8 {
        Ok(_) => return Err(binary(bytes, None)),
        Err(e) => e.valid_up_to(),
    };
    if bytes.contains(&0) {
        return Err(binary(bytes, Some(first_bad)));
    }
    if mostly_utf8(bytes) {
        return Err(format!(
            "{}; the rest is UTF-8: the file looks damaged (cut or joined badly) at that place",
            not_utf8(bytes, first_bad)
        ));
    }
    legacy(bytes).ok_or_else(|| {
        format!(
            "{}, and it does not read as Arabic in Windows-1256 or ISO-8859-6 either; is it a \
             text file? convert it to UTF-8 first (e.g. `iconv -f ENCODING -t UTF-8`)",
            not_utf8(bytes, first_bad)
        )
    })
}

/// Text after a byte-order mark, in the encoding the mark names.
fn with_bom<'a>(
    bytes: &'a [u8],
    encoding: &'static Encoding,
    bom: usize,
) -> Result<Decoded<'a>, String> {
    let body = &bytes[bom..];
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or_else(|| match std::str::from_utf8(body) {
            Err(e) if encoding == UTF_8 => not_utf8(bytes, bom + e.valid_up_to()),
            _ => format!(
                "the file starts with a {} byte-order mark but is not {0} text; is it a text file?",
                encoding.name()
            ),
        })?;
    if let Some(at) = text.find('\0') {
        let shown = if encoding == UTF_8 {
            format!("at byte offset {}", bom + at)
        } else {
            format!("after {} characters", text[..at].chars().count())
        };
        return Err(format!(
            "not a text file: a NUL character {shown}; qawl reads text (.txt, .jsonl, .json, .csv)"
        ));
    }
    Ok(Decoded { text, encoding })
}

/// `LE` or `BE` when `bytes` read as UTF-16 of that order give text of the scripts news is
/// written in (at least nine characters in ten below U+0800: Latin, Arabic, digits, spaces).
/// Bytes of a single-byte encoding read as UTF-16 give CJK and private-use characters instead.
fn utf16_order(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() < 2 || bytes.len() % 2 != 0 {
        return None;
    }
    let orders = [("LE", encoding_rs::UTF_16LE), ("BE", encoding_rs::UTF_16BE)];
    orders.into_iter().find_map(|(order, encoding)| {
        let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
        let (mut plain, mut all) = (0usize, 0usize);
        for c in text.chars() {
            all += 1;
            if matches!(c, '\t' | '\n' | '\r' | ' '..='\u{07FF}') && !c.is_control() {
                plain += 1;
            }
        }
        (plain * 10 >= all * 9).then_some(order)
    })
}

/// True when more characters of `bytes` are valid UTF-8 beyond ASCII than there are bad
/// sequences: UTF-8 damaged here and there, not text in another encoding (whose Arabic letters
/// are lone bytes that UTF-8 never takes).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good > bad
}

/// The single-byte encoding whose reading of `bytes` is the most Arabic, if one reads it
/// cleanly.
fn legacy(bytes: &[u8]) -> Option<Decoded<'static>> {
    let mut best: Option<(i64, Decoded<'static>)> = None;
    for encoding in LEGACY {
        let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) else {
            continue;
        };
        let Some(score) = arabic_score(&text) else {
            continue;
        };
        if best.as_ref().is_none_or(|(top, _)| score > *top) {
            let text = Cow::Owned(text.into_owned());
            best = Some((score, Decoded { text, encoding }));
        }
    }
    best.map(|(_, decoded)| decoded)
}

/// How Arabic `text` reads: its Arabic letters, less three for each letter of another script
/// beyond ASCII (what a wrong code page makes of Arabic bytes: `ç`, `é`, `â` for ه, ى, ق).
/// `None` when it does not read cleanly as Arabic: a control character, fewer Arabic letters
/// than half the ASCII ones (Latin text with a stray byte; JSON keys and URLs leave an Arabic
/// file well above that), or more than one foreign letter in ten Arabic ones.
pub fn arabic_score(text: &str) -> Option<i64> {
    let (mut arabic, mut ascii, mut foreign) = (0i64, 0i64, 0i64);
    for c in text.chars() {
        if is_arabic_letter(c) {
            arabic += 1;
        } else if c.is_ascii_alphabetic() {
            ascii += 1;
        } else if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
            return None;
        } else if !c.is_ascii() && c.is_alphabetic() {
            foreign += 1;
        }
    }
    let clean = arabic > 0 && arabic * 2 >= ascii && foreign * 10 <= arabic;
    clean.then_some(arabic - 3 * foreign)
}

/// Arabic letters, tatweel and vowel marks (the Arabic block, digits and punctuation aside).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{065F}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// The message for bytes that stop being UTF-8 at `offset`.
fn not_utf8(bytes: &[u8], offset: usize) -> String {
    let byte = bytes.get(offset).copied().unwrap_or_default();
    format!("not UTF-8 text: invalid byte 0x{byte:02X} at byte offset {offset}")
}

/// The message for bytes holding NULs, which only binary files do; `first_bad` is where they
/// stop being UTF-8, if they do.
fn binary(bytes: &[u8], first_bad: Option<usize>) -> String {
    let nul = bytes.iter().position(|&b| b == 0).unwrap_or_default();
    let invalid = match first_bad {
        Some(offset) if offset < nul => format!("{} and ", not_utf8(bytes, offset)),
        _ => String::new(),
    };
    format!(
        "not a text file: {invalid}a NUL byte at byte offset {nul}; qawl reads text \
         (.txt, .jsonl, .json, .csv)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "نفى الناطق باسم الفصيل، في تصريح لوكالة الأنباء، أن يكون قد وافق على الخروج من البلدة؛ وقال: «المفاوضات مستمرة».";

    fn encoded(encoding: &'static Encoding, text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{} cannot write the sentence", encoding.name());
        bytes.into_owned()
    }

    #[test]
    fn utf8_is_read_as_it_is() {
        let decoded = decode(SENTENCE.as_bytes()).unwrap();
        assert!(matches!(decoded.text, Cow::Borrowed(_)));
        assert_eq!(decoded.legacy(), None);
        assert_eq!(&*decode("\u{FEFF}خبر".as_bytes()).unwrap(), "خبر");
    }

    #[test]
    fn windows_1256_is_decoded_and_named() {
        let bytes = encoded(WINDOWS_1256, SENTENCE);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(&*decoded, SENTENCE);
        assert_eq!(decoded.legacy(), Some("windows-1256"));
    }

    #[test]
    fn iso_8859_6_is_decoded_and_named() {
        // ISO-8859-6 has neither « » nor the Persian letters: a plainer sentence
        let plain = "قال المتحدث باسم الوزارة، إن المفاوضات مستمرة؟ نعم.";
        let bytes = encoded(ISO_8859_6, plain);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(&*decoded, plain);
        assert_eq!(decoded.legacy(), Some("ISO-8859-6"));
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_in_both_orders() {
        for (bom, big_endian) in [([0xFF, 0xFE], false), ([0xFE, 0xFF], true)] {
            let mut bytes = bom.to_vec();
            for unit in SENTENCE.encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let decoded = decode(&bytes).unwrap();
            assert_eq!(&*decoded, SENTENCE);
            let name = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
            assert_eq!(decoded.legacy(), Some(name));
        }
    }

    #[test]
    fn utf16_without_a_bom_gets_its_own_hint() {
        let bytes: Vec<u8> = SENTENCE.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = decode(&bytes).unwrap_err();
        assert!(
            err.contains("UTF-16LE text without a byte-order mark"),
            "{err}"
        );
        assert!(!err.contains("1256"), "{err}");
        let bytes: Vec<u8> = "An English line.\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(decode(&bytes).unwrap_err().contains("iconv -f UTF-16BE"));
    }

    #[test]
    fn what_no_encoding_reads_cleanly_is_refused() {
        // binary junk with NUL bytes, and control characters without them
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        assert!(
            err.starts_with("not a text file: not UTF-8 text: invalid byte 0x89 at byte offset 0"),
            "{err}"
        );
        assert!(decode(b"\xC7\xE1\x01\x02\x03\xE3").is_err());
        // Latin-1 French is not Arabic
        let french = encoded(
            encoding_rs::WINDOWS_1252,
            "Le porte-parole a démenti l'accord.",
        );
        let err = decode(&french).unwrap_err();
        assert!(err.contains("does not read as Arabic"), "{err}");
        // UTF-8 damaged in one place is not another encoding
        let mut damaged = SENTENCE.as_bytes().to_vec();
        damaged.insert(7, 0xC8);
        let err = decode(&damaged).unwrap_err();
        assert!(
            err.contains("byte offset 7") && err.contains("damaged"),
            "{err}"
        );
    }

    #[test]
    fn the_more_arabic_reading_wins() {
        let iso = encoded(ISO_8859_6, "وقال المتحدث إن الهدنة صامدة");
        let as_1256 = WINDOWS_1256.decode_without_bom_handling(&iso).0;
        assert_eq!(arabic_score(&as_1256), None, "{as_1256}");
        assert_eq!(arabic_score("قال المتحدث"), Some(10));
        assert_eq!(arabic_score("plain ASCII"), None);
    }
}
