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
    // QAWL_NOGAZ=1: with the gazetteer emptied
    let known = match std::env::var("QAWL_NOGAZ") {
        Ok(_) => Vec::new(),
        Err(_) => builtin(),
    };
    let global = Matcher::new(known);
    let local = Matcher::default();
    let mut ctx = Ctx::new(&doc, &global, &local);
    ctx.src = Some(&text);
    let np = if text.starts_with("لل") {
        ctx.parse_lam(0, doc.toks.len())
    } else {
        ctx.parse(0, doc.toks.len())
    };
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

// One test per rule of the grammar (`Ctx::part` and the name rules), each with a shape the rule
// reads and one it must leave alone.

#[test]
fn quoted_part_reads_a_short_quoted_name_but_not_a_quoted_sentence() {
    assert_eq!(name("«تجمع شباب الحي» إن"), "تجمع شباب الحي");
    assert_eq!(name("\"نجوى الساعدي\" الناشطة في"), "نجوى الساعدي");
    // a quotation that holds a reporting word is what was said, not who said it
    assert_eq!(name("\"نؤكد أن الطريق مفتوح\""), "");
}

#[test]
fn known_part_takes_a_known_person_after_a_role_but_not_an_organisation() {
    let (n, role, _, _) = parse("وزير الخارجية سيرغي لافروف إن").unwrap();
    assert_eq!(
        (n.as_str(), role.as_str()),
        ("سيرغي لافروف", "وزير الخارجية")
    );
    // a known organisation after a role is the role's complement, not the speaker's name
    let (n, _, _, _) = parse("المتحدث الأمم المتحدة").unwrap();
    assert_eq!(n, "");
}

#[test]
fn known_org_extent_takes_the_seat_and_the_rest_of_the_name() {
    assert_eq!(name("الدفاع المدني في إدلب إن"), "الدفاع المدني في إدلب");
    // a verb's complement after the name is not part of it
    assert_eq!(name("الدفاع المدني من"), "الدفاع المدني");
}

#[test]
fn unnamed_part_reads_a_source_only_when_nothing_came_before() {
    assert_eq!(
        parse("مصدر مطلع في الوزارة أن").unwrap().3,
        "مصدر مطلع في الوزارة"
    );
    // "مسؤول" heading a construct chain is a role, not an unnamed source
    let (_, role, _, unnamed) = parse("مسؤول العلاقات الخارجية إن").unwrap();
    assert_eq!(
        (role.as_str(), unnamed.as_str()),
        ("مسؤول العلاقات الخارجية", "")
    );
}

#[test]
fn role_part_joins_two_roles_in_a_row_but_not_a_role_after_a_name() {
    let (n, role, _, _) = parse("رئيس المجلس المحلي قائد الشرطة فادي سلوم إن").unwrap();
    assert_eq!(n, "فادي سلوم");
    assert_eq!(role, "رئيس المجلس المحلي قائد الشرطة");
    // once a name stands between them, a second role belongs to what follows
    let (n, role, _, _) = parse("الناطق باسم البلدية رامي عواد مدير المكتب").unwrap();
    assert_eq!(
        (n.as_str(), role.as_str()),
        ("رامي عواد", "الناطق باسم البلدية")
    );
}

#[test]
fn name_after_role_comma_reads_the_name_but_not_a_clause() {
    let (n, role, _, _) = parse("الناطق باسم البلدية، رامي عواد، إن").unwrap();
    assert_eq!(
        (n.as_str(), role.as_str()),
        ("رامي عواد", "الناطق باسم البلدية")
    );
    // a comma before a verbal noun ends the phrase at the role
    let (n, role, _, _) = parse("الناطق باسم البلدية، استمرار الحصار").unwrap();
    assert_eq!((n.as_str(), role.as_str()), ("", "الناطق باسم البلدية"));
}

#[test]
fn title_part_keeps_ranks_out_of_the_name() {
    assert_eq!(name("العميد الركن باسل حداد أن"), "باسل حداد");
    assert_eq!(name("العقيد أول منير شاهين إن"), "منير شاهين");
    // a title alone names nobody
    assert_eq!(parse("العميد"), None);
}

#[test]
fn apposition_part_takes_a_role_after_a_comma_but_not_a_second_speaker() {
    let (n, role, _, _) = parse("رامي عواد، الناطق باسم البلدية، إن").unwrap();
    assert_eq!(
        (n.as_str(), role.as_str()),
        ("رامي عواد", "الناطق باسم البلدية")
    );
    // after a comma, a name is another speaker
    let (n, role, _, _) = parse("رامي عواد، فادي سلوم").unwrap();
    assert_eq!((n.as_str(), role.as_str()), ("رامي عواد", ""));
}

#[test]
fn org_part_reads_an_unlisted_body_from_its_head_word() {
    assert_eq!(name("تنسيقية شباب الرستن أن"), "تنسيقية شباب الرستن");
    assert_eq!(name("لواء صقور الجبل إن"), "لواء صقور الجبل");
    // after a role, the head word opens the role's organisation, not a speaker of its own
    let (n, role, _, _) = parse("قائد لواء صقور الجبل إن").unwrap();
    assert_eq!((n.as_str(), role.as_str()), ("", "قائد لواء صقور الجبل"));
}

#[test]
fn definite_first_name_opens_a_name_only_where_one_is_expected() {
    assert_eq!(name("المهندس الزبير أحمد إن"), "الزبير أحمد");
    // with no role or title before it, a definite word is no name
    assert_eq!(name("الزبير أحمد إن"), "");
}

#[test]
fn place_then_name_keeps_the_place_of_a_role_out_of_the_name() {
    let (n, role, _, _) = parse("رئيس المجلس البلدي سرت مختار المعداني إن").unwrap();
    assert_eq!(n, "مختار المعداني");
    assert_eq!(role, "رئيس المجلس البلدي سرت");
    // a given name before a one-word surname is the name, not a place
    let (n, role, _, _) = parse("رئيس المجلس البلدي عقيلة صالح أي").unwrap();
    assert_eq!(
        (n.as_str(), role.as_str()),
        ("عقيلة صالح", "رئيس المجلس البلدي")
    );
}

#[test]
fn person_part_reads_an_unlisted_name_but_not_a_verbal_noun() {
    assert_eq!(name("زهير قباني إن"), "زهير قباني");
    assert_eq!(name("وزير الري منتصر البكري أن"), "منتصر البكري");
    assert_eq!(name("استمرار القصف على"), "");
}

#[test]
fn name_opens_with_a_kunya_or_a_compound_but_not_with_a_complement() {
    assert_eq!(name("أبو عمر الحلبي إن"), "أبو عمر الحلبي");
    assert_eq!(name("عبد الرزاق مقداد أن"), "عبد الرزاق مقداد");
    assert_eq!(parse("بانتخابات مبكرة"), None);
}

#[test]
fn family_cut_ends_a_name_before_an_object() {
    assert_eq!(name("وائل سرحان الاتهامات بأنها"), "وائل سرحان");
    assert_eq!(name("سمير الأحمد الرفاعي أن"), "سمير الأحمد الرفاعي");
}

#[test]
fn an_addressee_after_a_role_is_not_its_organisation() {
    let (_, role, org, _) = parse("عقيد في \"لواء الفتح\" لوكالة الأنباء الإقليمية بأن").unwrap();
    assert_eq!(role, "عقيد في \"لواء الفتح\"");
    assert_eq!(org, "لواء الفتح");
    // ل before a ministry names the role's own body
    let (_, role, _, _) = parse("المتحدث الرسمي لوزارة الصحة إن").unwrap();
    assert_eq!(role, "المتحدث الرسمي لوزارة الصحة");
}
