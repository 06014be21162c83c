//! Light stemming for search: what the FTS indexes hold and what query words become.
//!
//! [`index_text`] serves both sides, so a query word and the words of a text meet on the same
//! stem however they are cliticised: `مفاوضات` finds والمفاوضات، بالمفاوضات، للمفاوضات and
//! مفاوضاتهم. [`stem`] works on [`normalize`]d words in three steps, each guarded so that short
//! words keep their root letters:
//!
//! 1. the article ال with what may precede it (وال، بال، فال، كال، لل، وبال، ولل …), leaving at
//!    least two letters;
//! 2. a bare conjunction (و، ف) and then a bare preposition (ب، ك، ل), each only when what
//!    follows still has a stem of three letters or more and the letter is not known to belong
//!    to the word (a list of common root-initial words: وزير stays وزير, لقاء and بقاء stay apart);
//! 3. suffixes, each step at most once and leaving at least three letters: a pronoun (هم، ها،
//!    نا، ه …, with the ت that a ة becomes before it: حكومتهم → حكوم), a plural or dual ending
//!    (ات، ون، ين، تين، وا، the و of ممثلو), then ه (ة), the tanween ا and the nisba ي (الروسية،
//!    الروسي، الروس all give روس).
//!
//! The stems are stored in the FTS indexes, so any change to what [`stem`] returns must bump
//! [`STEMMER_VERSION`], after which the indexes are rebuilt.
//!
//! Verb prefixes and broken plurals are left alone: a search stemmer that guesses at them merges
//! unrelated words, and qawl finds reporting verbs through its lexicon, not the index.
//!
//! ## Why this stemmer and not Snowball's Arabic one
//!
//! `tests/stemming.rs` measures both on 62 word families of news vocabulary written for qawl: a
//! base word, 339 cliticised and inflected forms in all, and unrelated look-alikes that must stay
//! apart (510 words). Searching each base word among all of them, this stemmer finds 0.985 of
//! the family forms (recall) and 0.983 of what it finds belongs to the family (precision); it
//! misses قالت، أكدت، ليؤكد، الطرفان، حلفائهم and merges مصالحة with مصالح, عملية with عمل.
//! rust-stemmers' Arabic Snowball reaches a recall of 0.637 (0.504 on normalised words) with a
//! precision of 0.965: it keeps the article on some words and not others (مفاوضات → مفاوضا but
//! المفاوضات → مفاوض), and takes root letters for clitics (وزير and زير, بيان → يان). qawl uses
//! its own. The root-initial list was written alongside those families, so the figures flatter
//! words it names; new ones join the list when a test shows them split.
//!
//! In a release build on a shared two-core machine it stems about 120 MB/s of split words, and
//! [`index_text`] (normalising, splitting and stemming) handles about 30 MB/s: the ignored test
//! `stem_throughput` (`cargo test --release --lib stem_throughput -- --ignored --nocapture`).

use super::normalize;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Version of the stemming rules; the FTS indexes hold their output.
pub const STEMMER_VERSION: u32 = 1;

/// The fewest letters a suffix or a bare proclitic may leave.
const MIN_STEM: usize = 3;

/// The fewest letters the article ال may leave (الحق → حق).
const MIN_AFTER_ARTICLE: usize = 2;

/// The article with the proclitics that can stand before it, longest first.
const ARTICLES: &[&str] = &[
    "وبال", "فبال", "وكال", "فكال", "وال", "فال", "بال", "كال", "ال",
];

/// ل before the article, which is written لل (للمفاوضات), with a conjunction or not.
const LAM_ARTICLES: &[&str] = &["ولل", "فلل", "لل"];

/// Attached pronouns, longest first.
const PRONOUNS: &[&str] = &["هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه"];

/// Sound plural, dual and verb plural endings, longest first; و is the plural before a noun
/// (ممثلو المركز، عسكريو الجيش).
const PLURALS: &[&str] = &["تين", "ات", "ون", "ين", "وا", "و"];

/// Final letters stripped in this order, each at most once: ة (as ه), tanween ا, nisba ي (not
/// after ا).
const ENDINGS: &[&str] = &["ه", "ا", "ي"];

/// The forms of the word الله, which the article rule would otherwise cut to له.
const ALLAH: &[&str] = &[
    "الله",
    "والله",
    "فالله",
    "بالله",
    "وبالله",
    "تالله",
    "لله",
    "ولله",
    "فلله",
];

/// Common news words whose first letter is و ف ب ك ل of the root, not a clitic: without them
/// وزارة would meet زار, ورقة the city الرقة, لقاء would meet بقاء, كامل would meet أمل, and the
/// suffixed forms of short words would lose their first letter (الكردية → ردي, بلدات → لدات).
const ROOT_INITIAL: &str = "
    وزير وزراء وزارة وكالة وكيل ولاية وسائل وسيلة وسيط وسطاء وفود وقائع واقع وجود وصول وثيقة
    وثائق ورقة وراء وعود وقود وادي والي والد وائل وليد وفاة وحدة وظيفة واجب واضح واسع وحيد
    وقت وجه وضع وطن وفد وصل وعد ولد ورد وقع وقف وجد وفق وزن
    فريق فصائل فكرة فترة فساد فرصة فراغ فيلق فرنسا فلسطين فعالية فروع فندق فقير فوري
    فرد فرع فعل فوز فن فقد فرض فتح فصل فشل
    بيان بلاد بقاء بشار بريطانيا برلمان بغداد بيروت بداية بديل بعيد بريد بيئة بنود بحيرة برنامج
    بطاقة بوتين بلاغ بلد بيت بحث بحر برد برية بعد بين
    كتاب كاتب كتابة كتائب كبير كلام كامل كيان كثير كرامة كندا كارثة كنيسة كهرباء كوريا كافة
    كتب كرد كلية كل كشف كسر
    لقاء لجنة لبنان لواء ليبيا لاجئ لندن لائحة لاعب لحظة ليلة لعب لحق
";

/// The letters that can be a bare proclitic, in the order of [`root_initial`]'s sets.
const CLITIC_LETTERS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

/// The light stem of one normalised word (see the module docs); other words come back unchanged.
pub fn stem(word: &str) -> String {
    stem_str(word).to_string()
}

/// The normalised text's words: its runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// `char::is_alphanumeric`, answering for ASCII and Arabic letters without a table lookup.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{0621}'..='\u{064A}').contains(&c) || c.is_alphanumeric()
    }
}

/// The text an FTS index holds for `text`: normalised words, each stemmed, space-separated.
pub fn index_text(text: &str) -> String {
    let norm = normalize(text);
    let mut out = String::with_capacity(norm.len());
    for word in words(&norm) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(stem_str(word));
    }
    out
}

/// The stem of `word` as a slice of it (or of a constant).
fn stem_str(word: &str) -> &str {
    if !word.starts_with(is_arabic_letter) || letters(word) < MIN_STEM {
        return word;
    }
    if ALLAH.contains(&word) {
        return "الله";
    }
    strip_suffixes(strip_bare(strip_article(word)))
}

/// True for the letters of the Arabic block.
fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// How many letters a word has.
fn letters(word: &str) -> usize {
    word.chars().count()
}

/// The word without its article and what precedes it (والمفاوضات → مفاوضات).
fn strip_article(word: &str) -> &str {
    for lam in LAM_ARTICLES {
        if let Some(rest) = word.strip_prefix(lam) {
            if letters(rest) >= MIN_AFTER_ARTICLE {
                return keep_root_lam(word, lam, rest);
            }
        }
    }
    for article in ARTICLES {
        if let Some(rest) = word.strip_prefix(article) {
            if letters(rest) >= MIN_AFTER_ARTICLE {
                // الالتزام and التزام must meet: a second ال goes as the first did
                return rest
                    .strip_prefix("ال")
                    .filter(|r| letters(r) >= MIN_AFTER_ARTICLE)
                    .unwrap_or(rest);
            }
        }
    }
    word
}

/// ل + اللجنة is written للجنة: when the ل that follows is the word's own, keep it (لجنه).
fn keep_root_lam<'a>(word: &'a str, lam: &str, rest: &'a str) -> &'a str {
    if is_root_initial('ل', strip_suffixes(rest)) {
        &word[lam.len() - 'ل'.len_utf8()..]
    } else {
        rest
    }
}

/// The word without a bare conjunction و/ف and then a bare preposition ب/ك/ل, where they are
/// clitics (ومفاوضات → مفاوضات) and not root letters (وزير، بيان).
fn strip_bare(word: &str) -> &str {
    let mut w = word;
    for clitics in [['و', 'ف'].as_slice(), ['ب', 'ك', 'ل'].as_slice()] {
        if let Some(rest) = w.strip_prefix(clitics) {
            if leaves_a_stem(w, rest) {
                w = rest;
            }
        }
    }
    w
}

/// True when taking the first letter of `word` off (giving `rest`) leaves a stem of its own
/// and the word is not listed as root-initial.
fn leaves_a_stem(word: &str, rest: &str) -> bool {
    let core = strip_suffixes(rest);
    let first = word.chars().next().unwrap_or_default();
    letters(core) >= MIN_STEM && !is_root_initial(first, core)
}

/// True when `letter` + a word whose suffix-stripped rest is `core` is listed in [`ROOT_INITIAL`].
fn is_root_initial(letter: char, core: &str) -> bool {
    CLITIC_LETTERS
        .iter()
        .position(|&c| c == letter)
        .is_some_and(|i| root_initial()[i].contains(core))
}

/// [`ROOT_INITIAL`] as one set per clitic letter, holding the suffix-stripped rest of each word
/// and of its inflected forms: the length guards keep the rests of بلد، بلدة، بلدات apart (لد،
/// لده، لدات), and each must be known.
fn root_initial() -> &'static [HashSet<String>; 5] {
    static SETS: OnceLock<[HashSet<String>; 5]> = OnceLock::new();
    SETS.get_or_init(|| {
        let mut sets: [HashSet<String>; 5] = Default::default();
        for word in ROOT_INITIAL.split_whitespace().map(normalize) {
            let mut chars = word.chars();
            let first = chars.next().unwrap_or_default();
            if let Some(i) = CLITIC_LETTERS.iter().position(|&c| c == first) {
                for form in inflections(chars.as_str()) {
                    sets[i].insert(strip_suffixes(&form).to_string());
                }
            }
        }
        sets
    })
}

/// A normalised word and its common suffixed forms, with ة written ت before a pronoun.
fn inflections(word: &str) -> Vec<String> {
    let base = word.strip_suffix('ه').unwrap_or(word);
    let joined = if base.len() < word.len() {
        format!("{base}ت")
    } else {
        word.to_string()
    };
    let mut forms = vec![word.to_string(), format!("{base}ات"), format!("{base}تين")];
    for suffix in ["ه", "ا", "ي", "يه", "ين", "ون", "يين", "يون"] {
        forms.push(format!("{base}{suffix}"));
    }
    for pronoun in PRONOUNS {
        forms.push(format!("{joined}{pronoun}"));
    }
    forms
}

/// The word without its suffixes (see the module docs).
fn strip_suffixes(word: &str) -> &str {
    let mut w = word;
    if let Some(rest) = strip_one(w, PRONOUNS) {
        w = strip_feminine_t(rest);
    }
    if let Some(rest) = strip_one(w, PLURALS) {
        w = rest;
    }
    for ending in ENDINGS {
        if let Some(rest) = strip_one(w, &[ending]) {
            // the ي after ا is a root letter (ولاية، رأي), not a nisba
            if !(*ending == "ي" && rest.ends_with('ا')) {
                w = rest;
            }
        }
    }
    w
}

/// The word without the first of `suffixes` it ends with that leaves [`MIN_STEM`] letters.
fn strip_one<'a>(word: &'a str, suffixes: &[&str]) -> Option<&'a str> {
    suffixes.iter().find_map(|suffix| {
        word.strip_suffix(suffix)
            .filter(|rest| letters(rest) >= MIN_STEM)
    })
}

/// The ت that a ة becomes before a pronoun (حكومته), taken off like the ة itself; not the ت
/// of ات (مفاوضاتهم keeps it for the plural step).
fn strip_feminine_t(word: &str) -> &str {
    match word.strip_suffix('ت') {
        Some(rest) if !rest.ends_with('ا') && letters(rest) >= MIN_STEM => rest,
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stem of a word written in ordinary spelling.
    fn st(word: &str) -> String {
        stem(&normalize(word))
    }

    /// Asserts that all the words share one stem.
    fn same(words: &[&str]) {
        let stems: Vec<String> = words.iter().map(|w| st(w)).collect();
        assert!(
            stems.iter().all(|s| *s == stems[0]),
            "{words:?} → {stems:?}"
        );
    }

    #[test]
    fn the_article_and_its_proclitics_go() {
        same(&[
            "مفاوضات",
            "والمفاوضات",
            "بالمفاوضات",
            "للمفاوضات",
            "فالمفاوضات",
        ]);
        same(&["الغوطة", "والغوطة", "بالغوطة", "غوطة", "وللغوطة"]);
        same(&["الالتزام", "التزام", "بالالتزام"]);
        same(&["آلاف", "الآلاف", "بالآلاف"]);
    }

    #[test]
    fn a_short_word_after_the_article_stays() {
        assert_eq!(st("الحق"), "حق");
        assert_eq!(st("الى"), "الي");
        same(&["الله", "والله", "لله"]);
        assert_ne!(st("الله"), st("له"));
    }

    #[test]
    fn suffixes_go_with_length_guards() {
        same(&["مفاوضات", "مفاوضاتهم", "مفاوضاتها"]);
        same(&["نفى", "نفيه", "نفيهما", "ونفى"]);
        same(&["حكومة", "حكومته", "حكومتهم", "الحكومات", "الحكومتين"]);
        same(&["الروسية", "الروسي", "الروس", "روسيا"]);
        same(&["مسلحين", "المسلحون", "مسلحي", "مسلحيه"]);
        same(&["ممثلين", "ممثلو", "ممثلي", "وممثلو"]);
        assert_eq!(st("قال"), "قال");
        assert_eq!(st("فهم"), "فهم");
        assert_eq!(st("متهم"), "متهم");
    }

    #[test]
    fn bare_clitics_go_when_a_stem_remains() {
        same(&["جيش", "وجيش", "بجيش", "لجيش", "الجيش"]);
        same(&["بلد", "بلدات", "وبلدات", "البلدات"]);
        same(&["بحث", "بحثا", "وبحث"]);
        same(&["قصف", "وقصف", "فقصف", "وبقصف"]);
        // too short to tell a clitic from a root letter: وعد is not و + عد
        assert_ne!(st("وعد"), st("عد"));
    }

    #[test]
    fn root_letters_that_look_like_clitics_stay() {
        assert_eq!(st("وزير"), "وزير");
        same(&["وزير", "الوزير", "والوزير", "للوزير"]);
        same(&["لجنة", "اللجنة", "للجنة", "واللجنة"]);
        assert_ne!(st("وزارة"), st("زار"));
        assert_ne!(st("ورقة"), st("الرقة"));
        assert_ne!(st("لقاء"), st("بقاء"));
        assert_ne!(st("كامل"), st("أمل"));
        same(&["بيان", "البيان", "وبيان", "بياناتهم"]);
        same(&["الكرد", "الكردية", "كردي", "والكرد"]);
        same(&["ولاية", "الولايات", "بولاية"]);
        assert_ne!(st("الولايات"), st("ولا"));
    }

    #[test]
    fn other_words_come_back_unchanged() {
        assert_eq!(stem("2018"), "2018");
        assert_eq!(stem("isis"), "isis");
        assert_eq!(stem("من"), "من");
        assert_eq!(stem(""), "");
    }

    #[test]
    fn word_characters_are_the_alphanumeric_ones() {
        for c in ('\0'..='\u{2000}').chain(['\u{FEFB}', '\u{1F600}', '٣']) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let got: Vec<&str> = words("نفى \"بيرقدار\"، 12 مارس-2018").collect();
        assert_eq!(got, ["نفى", "بيرقدار", "12", "مارس", "2018"]);
        assert_eq!(words(" ... ").count(), 0);
    }

    #[test]
    fn index_text_normalises_and_stems_both_sides_alike() {
        assert_eq!(index_text("وَالمُفاوَضات، بالمفاوضات"), "مفاوض مفاوض");
        assert_eq!(index_text("مفاوضات"), index_text("للمفاوضاتِ"));
        assert_ne!(index_text("وزير"), index_text("زير"));
        assert_eq!(index_text(""), "");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "\u{0651}", "ال", "لل", "ولل", "وال", "ةةة", "ت", "اتت", "ـــ", "و ف ب",
        ] {
            let _ = index_text(text);
            let _ = stem(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_word_stems_to_a_part_of_itself(
            word in "[\u{0621}-\u{064A}]{0,9}"
        ) {
            let got = stem(&word);
            proptest::prop_assert!(got == "الله" || word.contains(&got));
            proptest::prop_assert!(!got.is_empty() || word.is_empty());
        }

        #[test]
        fn any_text_indexes_without_panicking(text in "\\PC{0,80}") {
            let indexed = index_text(&text);
            proptest::prop_assert!(!indexed.starts_with(' ') && !indexed.contains("  "));
        }
    }

    /// Megabytes per second of `text` that `run` handles, the best of five runs (the machine
    /// may be shared).
    fn rate(text: &str, run: impl Fn() -> usize) -> f64 {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let start = std::time::Instant::now();
            assert!(run() > 0);
            best = best.min(start.elapsed().as_secs_f64());
        }
        text.len() as f64 / best / 1e6
    }

    /// Run with `cargo test --release --lib stem_throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn stem_throughput() {
        let sample = normalize(
            "نفى الناطق باسم هيئة الأركان الأكاذيب التي تروج لها وسائل الإعلام عن مفاوضات مع \
             الروس بخصوص إخراج عناصر الجيش من الغوطة الشرقية، وأكد أن المقاتلين باقون للدفاع عنها",
        );
        let text = sample.repeat(20_000);
        let list: Vec<&str> = words(&text).collect();
        let stem_rate = rate(&text, || list.iter().map(|w| stem_str(w).len()).sum());
        println!("stem over split words: {stem_rate:.1} MB/s");
        println!("words: {:.1} MB/s", rate(&text, || words(&text).count()));
        println!(
            "normalize: {:.1} MB/s",
            rate(&text, || normalize(&text).len())
        );
        println!(
            "index_text: {:.1} MB/s",
            rate(&text, || index_text(&text).len())
        );
        assert!(stem_rate > 20.0);
    }
}
