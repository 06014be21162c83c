//! The extractor never panics, whatever the article holds, and its offsets stay in bounds.

use proptest::prelude::*;
use qawl::extract::Extractor;
use qawl::model::Article;

fn check(extractor: &Extractor, title: &str, body: &str) {
    let article = Article {
        title: Some(title.to_string()),
        body: body.to_string(),
        published: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
        ..Article::default()
    };
    let x = extractor.extract(&article);
    let body_len = body.chars().count();
    let title_len = title.chars().count();
    for s in &x.statements {
        let len = if s.in_headline { title_len } else { body_len };
        assert!(s.start <= s.end && s.end <= len);
        assert!(s.speaker.is_none_or(|i| i < x.entities.len()));
        assert!(s.org.is_none_or(|i| i < x.entities.len()));
    }
    for m in &x.mentions {
        assert!(m.start <= m.end && m.end <= body_len && m.entity < x.entities.len());
    }
}

#[test]
fn odd_articles_do_not_panic() {
    let extractor = Extractor::default();
    let cases = [
        "",
        " ",
        "\u{064B}\u{0651}",
        "\"",
        "«««",
        "»",
        "قال",
        "قال:",
        "وأضاف",
        "مضيفاً",
        "بحسب",
        "وفقاً لما",
        "جدد",
        "نفى \"",
        "وكان قد",
        "، ، ، قال ، ،",
        "عاد ليؤكد",
        "\u{FEFB}\u{FEFC}ـــ",
        "قال \"حمزة\" الناطق باسم",
        "وكان المتحدث باسم ما يعرف بـ \"",
        "a.b.c! ? ؟ … ١٢٣",
        "\n\n\nقال\n\n",
    ];
    for body in cases {
        check(&extractor, body, body);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]
    #[test]
    fn arbitrary_text_does_not_panic(body in "\\PC{0,200}", title in "\\PC{0,40}") {
        check(&Extractor::default(), &title, &body);
    }

    #[test]
    fn arabic_word_salad_does_not_panic(
        words in proptest::collection::vec(prop::sample::select(vec![
            "قال", "نفى", "وأضاف", "مضيفاً", "بحسب", "وفقاً", "لما", "ذكره", "أن", "إن", "\"", "«", "»",
            "،", ":", ".", "وكان", "قد", "جدد", "نفيه", "الناطق", "باسم", "جيش", "الإسلام", "مصادر",
            "محلية", "الوزير", "التركي", "عاد", "ليؤكد", "لم", "ينفِ", "و", "عبد", "أبو", "علي",
            "وزارة", "الدفاع", "الروسية", "اليوم", "أمس", "الأحد", "\n",
            // the shapes of the later rules: a detached ل, فيه after a statement's noun,
            // titles with a full stop, ranks, places before names, hedges
            "لـ", "ل", "فيه", "بيانا", "بيان", "أصدر", "د", "العميد", "عقيد", "في", "من",
            "مقربة", "سرت", "مختار", "المعداني", "التي", "فيما", "نقلت", "عن", "قوله", "حسب",
            "تعبيره", "رفض", "الكشف", "هويته", "مؤكدا", "رفضها", "معربا", "#", "_", "المصدر",
            "مصدر", "التنظيم", "تنظيم", "داعش", "عبدالوهاب", "إلياس", "منظمات", "لقناة", "،",
        ]), 0..60)
    ) {
        let body = words.join(" ");
        check(&Extractor::default(), &body, &body);
    }
}
