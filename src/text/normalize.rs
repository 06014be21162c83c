//! Arabic normalisation: the one form used for every comparison (names, aliases, query values, FTS).
//!
//! Its output is stored (`name_norm`, `alias_norm`, the FTS indexes), so any change to what it
//! does must bump [`NORMALIZER_VERSION`]; `qawl reextract` then rebuilds the stored forms.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Version of the rules below; stored in the store's `meta` table.
pub const NORMALIZER_VERSION: u32 = 2;

/// Normalises Arabic text for comparison.
///
/// NFKC (presentation forms to letters), harakat and tatweel removed, أ إ آ ٱ → ا, ى → ي,
/// ة → ه, ئو → ؤو, Persian ی ک → ي ك, Arabic-Indic and Persian digits → ASCII, bidi and zero-width marks
/// dropped, ASCII lowercased, runs of white space collapsed to one space, ends trimmed.
///
/// ```
/// assert_eq!(qawl::text::normalize("حَمْزَة  بيرقدار"), "حمزه بيرقدار");
/// assert_eq!(qawl::text::normalize("إعــلان ٢٠١٨"), "اعلان 2018");
/// ```
pub fn normalize(text: &str) -> String {
    // most text is already in NFKC: checking that is several times faster than recomposing it,
    // and checking for everyday characters faster still
    let folded =
        if text.chars().all(is_nfkc_stable) || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
            fold_all(text.chars(), text.len())
        } else {
            fold_all(text.nfkc(), text.len())
        };
    hamza_before_waw(folded)
}

/// ئ before و is written ؤ (مسئول → مسؤول، شئون → شؤون): the two spellings of one word, one
/// common in Egypt and the Gulf, the other elsewhere, compare equal.
pub fn hamza_before_waw(folded: String) -> String {
    if folded.contains("ئو") {
        folded.replace("ئو", "ؤو")
    } else {
        folded
    }
}

/// True for the characters of everyday Arabic and ASCII text that NFKC leaves as they are and
/// that no composition involves. Among them only the harakat (which [`fold`] drops) have a
/// non-zero combining class, so text made of them folds the same with or without NFKC.
fn is_nfkc_stable(c: char) -> bool {
    c.is_ascii()
        || matches!(c,
            '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{0621}'..='\u{063A}' | '\u{0640}'..='\u{0652}'
            | '\u{0660}'..='\u{066D}' | '\u{0670}' | '\u{0671}' | '\u{06A9}' | '\u{06AF}' | '\u{06CC}'
            | '\u{06F0}'..='\u{06F9}' | '\u{00AB}' | '\u{00BB}' | '\u{2013}' | '\u{2014}'
            | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{200B}'..='\u{200F}')
}

/// [`fold`]s every character and collapses white space, for [`normalize`].
fn fold_all(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        let Some(c) = fold(c) else { continue };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Normalises one character, or drops it (`None`) when it never matters for comparison.
pub fn fold(c: char) -> Option<char> {
    let folded = match c {
        // harakat, superscript (dagger) alef, Quranic annotation marks, tatweel
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => return None,
        // bidi controls and zero-width characters
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => {
            return None;
        }
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
        c => c,
    };
    Some(folded)
}

/// True for the Arabic short vowels and other marks that [`normalize`] removes.
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_of_a_hamza_before_waw_compare_equal() {
        assert_eq!(normalize("المسئول"), normalize("المسؤول"));
        assert_eq!(normalize("شئـون"), normalize("شؤون"));
        assert_eq!(normalize("وائل"), "وائل");
    }

    #[test]
    fn removes_harakat_and_tatweel() {
        assert_eq!(normalize("نَفَى"), "نفي");
        assert_eq!(normalize("الإعــــلام"), "الاعلام");
        assert_eq!(normalize("هٰذا"), "هذا");
    }

    #[test]
    fn folds_hamza_alef_ya_and_ta_marbuta() {
        assert_eq!(normalize("أحمد"), normalize("احمد"));
        assert_eq!(normalize("إسرائيل"), "اسرائيل");
        assert_eq!(normalize("آذار"), "اذار");
        assert_eq!(normalize("مصطفى"), "مصطفي");
        assert_eq!(normalize("حمزة"), normalize("حمزه"));
        // hamza on waw and ya are letters of their own and stay
        assert_eq!(normalize("وائل مؤتمر"), "وائل مؤتمر");
    }

    #[test]
    fn converts_arabic_indic_and_persian_digits() {
        assert_eq!(normalize("١٢ مارس ٢٠١٨"), "12 مارس 2018");
        assert_eq!(normalize("۱۲"), "12");
    }

    #[test]
    fn folds_presentation_forms_with_nfkc() {
        // U+FEFB is the lam-alef ligature; NFKC spells it out
        assert_eq!(normalize("\u{FEFB}"), "لا");
    }

    #[test]
    fn collapses_space_and_drops_invisible_marks() {
        assert_eq!(normalize("  وائل \t\n علوان  "), "وائل علوان");
        assert_eq!(normalize("\u{200F}علوان\u{200E}"), "علوان");
        assert_eq!(normalize("ISIS"), "isis");
    }

    /// What [`normalize`] does without its fast paths: full NFKC, then every rule.
    fn reference(text: &str) -> String {
        hamza_before_waw(fold_all(text.nfkc(), 0))
    }

    #[test]
    fn the_fast_path_agrees_with_full_nfkc() {
        for text in [
            "\u{0627}\u{0653}",
            "\u{0648}\u{0654}",
            "\u{FEFB} \u{FDF2}",
            "e\u{0301} ①",
            "حَمْزَة \u{0654}",
        ] {
            assert_eq!(normalize(text), reference(text), "{text:?}");
        }
        // alef + combining madda is not in NFKC, so it takes the slow path and becomes ا
        assert_eq!(normalize("\u{0627}\u{0653}"), "ا");
    }

    #[test]
    fn stable_characters_are_their_own_nfkc() {
        use unicode_normalization::char::{canonical_combining_class, compose};
        let stable: Vec<char> = ('\0'..='\u{2100}').filter(|&c| is_nfkc_stable(c)).collect();
        for &c in &stable {
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
            let mark = canonical_combining_class(c) != 0;
            assert!(!mark || is_mark(c), "{c:?} is a mark that fold keeps");
            assert!(
                stable.iter().all(|&d| compose(c, d).is_none()),
                "{c:?} composes"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_agrees_on_any_text(text in "\\PC*") {
            proptest::prop_assert_eq!(normalize(&text), reference(&text));
        }

        #[test]
        fn the_fast_path_agrees_on_arabic_with_marks(
            text in "[\u{0620}-\u{065F}\u{0670}-\u{06FF}\u{0300}-\u{0310}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF} ]*"
        ) {
            proptest::prop_assert_eq!(normalize(&text), reference(&text));
        }
    }

    #[test]
    fn leaves_plain_text_alone() {
        assert_eq!(normalize("جيش الاسلام"), "جيش الاسلام");
        assert_eq!(normalize(""), "");
    }
}
