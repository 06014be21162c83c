//! Unit tests of the speaker phrase, one shape each.

use super::*;
use crate::extract::gazetteer::{Matcher, builtin};

/// Parses the phrase at the start of `text`; returns (name, role, org, unnamed surface).
fn parse(text: &str) -> Option<(String, String, String, String)> {
    let doc = Doc::new(text);
    let global = Matcher::new(builtin());
    let local = Matcher::default();
    let ctx = Ctx::new(&doc, &global, &local);
    let np = ctx.parse(0, doc.toks.len())?;
    let t = |r: Option<Range<usize>>| r.map(|r| doc.text(text, r).to_string()).unwrap_or_default();
    let unnamed = if np.unnamed {
        t(Some(np.span.clone()))
    } else {
        String::new()
    };
    Some((t(np.name), t(np.role), t(np.org), unnamed))
}

fn name(text: &str) -> String {
    parse(text).map(|p| p.0).unwrap_or_default()
}

#[test]
fn quoted_name_then_role_with_its_organisation() {
    let (n, role, org, _) = parse("\"سامر الحلبي\" الناطق باسم جيش الإسلام الأكاذيب").unwrap();
    assert_eq!(n, "سامر الحلبي");
    assert_eq!(role, "الناطق باسم جيش الإسلام");
    assert_eq!(org, "جيش الإسلام");
}

#[test]
fn role_with_construct_chain_then_name() {
    let (n, role, _, _) = parse("وزير الخارجية التركي مولود جاويش أوغلو إن").unwrap();
    assert_eq!(n, "مولود جاويش أوغلو");
    assert_eq!(role, "وزير الخارجية التركي");
    let (n, role, _, _) = parse("رئيس حكومة تصريف الأعمال كريم السالم من").unwrap();
    assert_eq!(
        (n.as_str(), role.as_str()),
        ("كريم السالم", "رئيس حكومة تصريف الأعمال")
    );
}

#[test]
fn titles_stay_out_of_the_name() {
    let (n, role, org, _) =
        parse("المتحدث باسم ما يعرف بـ \"مركز المصالحة\" اللواء الروسي يوري كاتين قال").unwrap();
    assert_eq!(n, "يوري كاتين");
    assert_eq!(org, "مركز المصالحة");
    assert!(role.starts_with("المتحدث باسم"));
}

#[test]
fn role_with_a_prepositional_organisation() {
    let (n, role, org, _) = parse("النائب عن كتلة الأمل للتنمية سعيد ناصر أن").unwrap();
    assert_eq!(n, "سعيد ناصر");
    assert_eq!(role, "النائب عن كتلة الأمل للتنمية");
    assert_eq!(org, "كتلة الأمل للتنمية");
}

#[test]
fn organisations_known_and_by_head_word() {
    assert_eq!(name("وزارة الدفاع الروسية في بيان"), "وزارة الدفاع الروسية");
    assert_eq!(
        name("المفوضية العليا المستقلة للانتخابات قد"),
        "المفوضية العليا المستقلة للانتخابات"
    );
    assert_eq!(name("هيئة الإغاثة الوطنية أن"), "هيئة الإغاثة الوطنية");
    assert_eq!(name("مجلس المدينة للصحفيين"), "مجلس المدينة");
}

#[test]
fn unnamed_sources_keep_their_phrase() {
    assert_eq!(parse("مصادر محلية، يوم أمس").unwrap().3, "مصادر محلية");
    assert_eq!(parse("ناشطون في المدينة").unwrap().3, "ناشطون");
    assert_eq!(parse("مسؤول أمني إن").unwrap().3, "مسؤول أمني");
}

#[test]
fn an_object_is_not_a_name() {
    assert_eq!(parse("صحة الأنباء المتداولة"), None);
    assert_eq!(parse("أن الوضع هادئ"), None);
    assert_eq!(parse("على أن الاتفاق قائم"), None);
    assert_eq!(name("الحرص على التهدئة"), "");
}

#[test]
fn a_surname_alone_and_a_nisba_surname() {
    assert_eq!(name("مجاهد في تصريح"), "مجاهد");
    assert_eq!(name("عادل الكبيسي إن"), "عادل الكبيسي");
}

#[test]
fn a_description_has_a_role_and_no_name() {
    let (n, role, _, _) = parse("الوزير الفرنسي على أن").unwrap();
    assert_eq!((n.as_str(), role.as_str()), ("", "الوزير الفرنسي"));
    let (n, role, _, _) = parse("المسؤول الروسي العسكري إن").unwrap();
    assert_eq!((n.as_str(), role.as_str()), ("", "المسؤول الروسي العسكري"));
}

#[test]
fn debug_parse() {
    let Ok(text) = std::env::var("QAWL_NP") else {
        return;
    };
    let doc = Doc::new(&text);
    let global = Matcher::new(builtin());
    let local = Matcher::default();
    let mut ctx = Ctx::new(&doc, &global, &local);
    ctx.src = Some(&text);
    let np = ctx.parse(0, doc.toks.len());
    println!("{np:?}");
    if let Some(np) = np {
        let t = |r: Option<Range<usize>>| r.map(|r| doc.text(&text, r).to_string());
        println!(
            "span={:?} name={:?} role={:?} org={:?}",
            t(Some(np.span)),
            t(np.name),
            t(np.role),
            t(np.org)
        );
    }
}

#[test]
fn compound_name_parts_do_not_count_against_the_length() {
    assert_eq!(
        name("وزير الداخلية الشيخ ناصر بن خالد آل سعود إن"),
        "ناصر بن خالد آل سعود"
    );
    assert_eq!(
        name("المتحدث باسم الحركة عبد السلام فارس أن"),
        "عبد السلام فارس"
    );
    assert_eq!(
        name("رئيس البعثة محمد الحسن ولد لبات في"),
        "محمد الحسن ولد لبات"
    );
}

#[test]
fn a_family_name_inside_or_closing_a_name() {
    assert_eq!(name("وزير النفط سامر الهادي نصار أن"), "سامر الهادي نصار");
    assert_eq!(name("مدير المكتب خالد الحمدان، في"), "خالد الحمدان");
    assert_eq!(
        name("رئيس الهيئة جاسم الخالد الحمد الصباح تأكيده"),
        "جاسم الخالد الحمد الصباح"
    );
    assert_eq!(name("عضو المجلس حسن الشيخ الحكومة بأنها"), "حسن الشيخ");
}

#[test]
fn an_object_after_a_full_name_is_not_part_of_it() {
    assert_eq!(name("رئيس الحكومة كريم سالم الهجوم على"), "كريم سالم");
    assert_eq!(
        name("رئيس الوفد نادر الشامي وفدَ المعارضة مسؤولية"),
        "نادر الشامي"
    );
    assert_eq!(name("أمين سر اللجنة نبيل الحموي الدول التي"), "نبيل الحموي");
}

#[test]
fn a_complement_with_b_or_an_idafa_is_not_a_name() {
    assert_eq!(parse("بمقاطعة الجلسات"), None);
    assert_eq!(name("أنصار حركة النهضة إلى"), "");
}
