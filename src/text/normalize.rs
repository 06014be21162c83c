//! Arabic normalisation: the one form used for every comparison (names, aliases, query values, FTS).
//!
//! Its output is stored (`name_norm`, `alias_norm`, the FTS indexes), so any change to what it
//! does must bump [`NORMALIZER_VERSION`]; `qawl reextract` then rebuilds the stored forms.

use unicode_normalization::UnicodeNormalization;

/// Version of the rules below; stored in the store's `meta` table.
pub const NORMALIZER_VERSION: u32 = 1;

/// Normalises Arabic text for comparison.
///
/// NFKC (presentation forms to letters), harakat and tatweel removed, أ إ آ ٱ → ا, ى → ي,
/// ة → ه, Persian ی ک → ي ك, Arabic-Indic and Persian digits → ASCII, bidi and zero-width marks
/// dropped, ASCII lowercased, runs of white space collapsed to one space, ends trimmed.
///
/// ```
/// assert_eq!(qawl::text::normalize("حَمْزَة  بيرقدار"), "حمزه بيرقدار");
/// assert_eq!(qawl::text::normalize("إعــلان ٢٠١٨"), "اعلان 2018");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc() {
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

    #[test]
    fn leaves_plain_text_alone() {
        assert_eq!(normalize("جيش الاسلام"), "جيش الاسلام");
        assert_eq!(normalize(""), "");
    }
}
