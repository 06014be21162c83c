//! Shapes of Arabic news writing, one sentence each (our own words), and the (speaker, verb)
//! pairs the extractor must find in them: the rules are checked on sentences they were not
//! written from.

use qawl::extract::Extractor;
use qawl::extract::eval::speaker_name;
use qawl::model::Article;

/// The (speaker, verb class) pairs of the body statements of `body`, dated 2020-01-01.
fn pairs(body: &str) -> Vec<(String, String)> {
    pairs_by(&Extractor::default(), body)
}

/// [`pairs`] as `extractor` reads them.
fn pairs_by(extractor: &Extractor, body: &str) -> Vec<(String, String)> {
    let article = Article {
        body: body.to_string(),
        published: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
        ..Article::default()
    };
    let x = extractor.extract(&article);
    x.statements
        .iter()
        .filter(|s| !s.in_headline)
        .map(|s| (speaker_name(&x, s), s.verb.to_string()))
        .collect()
}

/// Asserts the pairs of `body`, printing them in full on a mismatch.
fn case(body: &str, want: &[(&str, &str)]) {
    let got = pairs(body);
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(s, v)| (s.to_string(), v.to_string()))
        .collect();
    assert_eq!(got, want, "\n{body}");
}

/// [`case`] with the built-in gazetteer emptied: what the text's own evidence gives.
fn bare_case(body: &str, want: &[(&str, &str)]) {
    let got = pairs_by(&Extractor::without_gazetteer(Vec::new()), body);
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(s, v)| (s.to_string(), v.to_string()))
        .collect();
    assert_eq!(got, want, "\n{body}");
}

#[test]
fn a_role_of_an_organisation_joined_by_lam_before_an_unknown_name() {
    let body = "وقال القائد العام لقوات ليبيا الحرة مرهف عبدي إن الهجوم فشل. \
                وأكد قائد قوات ليبيا الحرة أن المواقع محصنة.";
    let want = [("مرهف عبدي", "said"), ("مرهف عبدي", "confirmed")];
    bare_case(body, &want);
    case(body, &want);
}

#[test]
fn a_free_standing_tatweel_after_a_dateline_is_a_dash() {
    bare_case(
        "حلب ـ أكد مدير المرصد المحلي فراس الحلبي أن الطريق مقطوع.",
        &[("فراس الحلبي", "confirmed")],
    );
}

#[test]
fn a_feminine_role_with_a_coordinated_ministry() {
    case(
        "قالت وزيرة الصحة والسكان هالة زايد إن المستشفيات جاهزة.",
        &[("هالة زايد", "said")],
    );
    case(
        "وأكدت المتحدثة باسم المنظمة الدولية للهجرة سارة نصار أن الأعداد تتزايد.",
        &[("سارة نصار", "confirmed")],
    );
}

#[test]
fn a_role_closed_by_a_lam_complement() {
    case(
        "واعتبر وزير الدولة لشؤون النازحين حسن الصالح أن العودة ممكنة.",
        &[("حسن الصالح", "said")],
    );
}

#[test]
fn an_organisation_with_two_lam_complements_before_the_name() {
    case(
        "وحذر المتحدث باسم المفوضية السامية للأمم المتحدة لشؤون اللاجئين بابار بالوش من تفاقم الأزمة.",
        &[("بابار بالوش", "warned")],
    );
}

#[test]
fn on_behalf_of_the_speaker_named_before() {
    case(
        "ودعا رئيس الوزراء نجيب ميقاتي، على لسان المتحدث باسمه فارس الجميل، إلى التهدئة.",
        &[("نجيب ميقاتي", "demanded"), ("فارس الجميل", "reported")],
    );
}

#[test]
fn unnamed_plural_speakers() {
    case(
        "وأكد المتظاهرون أنهم باقون في الشارع، ورفضوا أي حوار.",
        &[("المتظاهرون", "confirmed"), ("المتظاهرون", "rejected")],
    );
    case("ويرى محللون أن الاتفاق هش.", &[("محللون", "said")]);
    case(
        "وقال مسؤول أوروبي رفيع المستوى إن العقوبات باقية.",
        &[("مسؤول أوروبي رفيع المستوى", "said")],
    );
}

#[test]
fn a_plural_verb_has_no_subject_after_it() {
    case(
        "ودعا نواب في البرلمان إلى جلسة طارئة، وهددوا بمقاطعة الحكومة.",
        &[
            ("نواب في البرلمان", "demanded"),
            ("نواب في البرلمان", "threatened"),
        ],
    );
}

#[test]
fn a_country_after_a_masculine_verb_is_its_object() {
    case(
        "واتهم وزير الخارجية فؤاد حسين طهران بالتدخل، وطالب أنقرة بسحب قواتها.",
        &[("فؤاد حسين", "accused"), ("فؤاد حسين", "demanded")],
    );
}

#[test]
fn a_topic_after_amma() {
    case(
        "أما نقابة المحامين، وهي أكبر نقابة في البلاد، فلم ترفض القرار، ودعت إلى الحوار.",
        &[
            ("نقابة المحامين", "rejected"),
            ("نقابة المحامين", "demanded"),
        ],
    );
}

#[test]
fn a_verb_in_a_time_clause_continues_the_statement() {
    case(
        "وكان الرئيس السابق عمر حسن قد أعلن استقالته، قبل أن يعلن لاحقاً عودته عنها.",
        &[("عمر حسن", "announced"), ("عمر حسن", "announced")],
    );
}

#[test]
fn a_coordinated_verb_agreeing_with_the_speaker_after_an_an_clause() {
    case(
        "وترى الناشطة سلمى خليل أن الإصلاحات غير كافية، وتطالب بانتخابات مبكرة.",
        &[("سلمى خليل", "said"), ("سلمى خليل", "demanded")],
    );
    case(
        "وقال السفير مازن علي إن الاقتراح يتجاهل الوقائع، ويحمّل الطرف الآخر المسؤولية.",
        &[("مازن علي", "said")],
    );
}

#[test]
fn a_new_clause_with_its_own_subject_after_an_an_clause() {
    case(
        "ويقول مسؤولون إن الوضع مستقر، فيما يقول سكان إن الاشتباكات مستمرة.",
        &[("مسؤولون", "said"), ("سكان", "said")],
    );
}

#[test]
fn a_silent_speech_verb_names_the_speaker_of_what_follows() {
    case(
        "وكتب وزير الخارجية أيمن الصفدي في تغريدة أن الحل سياسي، واعتبر أن التصعيد خطير.",
        &[("أيمن الصفدي", "said")],
    );
}

#[test]
fn a_known_body_with_its_seat_is_that_body() {
    case(
        "وأفاد الدفاع المدني في غزة بأن فرقه انتشلت عشرة أشخاص.",
        &[("الدفاع المدني في غزة", "reported")],
    );
}

#[test]
fn attributions_with_a_verb() {
    case(
        "وأعلنت الحكومة الأردنية تأييدها للقرار، كما نقلت وكالة الأنباء الأردنية.",
        &[
            ("الحكومة الأردنية", "announced"),
            ("وكالة الأنباء الأردنية", "reported"),
        ],
    );
    case(
        "وقال وزير المالية رامي شحادة، حسبما أفادت وكالة رويترز، إن العجز تراجع، معتبراً أن الخطة نجحت.",
        &[
            ("رامي شحادة", "said"),
            ("وكالة رويترز", "reported"),
            ("رامي شحادة", "said"),
        ],
    );
    case(
        "وتعهدت الدول المانحة بتقديم مليار دولار، وفق ما ذكرته وكالة الأناضول.",
        &[("وكالة الأناضول", "reported")],
    );
}

#[test]
fn a_parliament_enacting_a_law_admits_nothing() {
    case(
        "وأقر مجلس الشيوخ أمس بأغلبية واسعة مشروع قانون الموازنة.",
        &[],
    );
    case(
        "وأقرت الوزارة بوجود نقص في الأدوية.",
        &[("الوزارة", "acknowledged")],
    );
}

#[test]
fn a_pronoun_subject_after_lakin() {
    case(
        "ولم ينفِ المتحدث باسم الجيش سامي خليل وقوع إصابات، لكنه رفض تقديم أرقام.",
        &[("سامي خليل", "denied"), ("سامي خليل", "rejected")],
    );
}

#[test]
fn a_given_name_that_is_also_a_title_or_a_time_word() {
    case(
        "وقال قائد الشرطة في العاصمة أمير حسن زاده إن التحقيق مستمر.",
        &[("أمير حسن زاده", "said")],
    );
    case(
        "وأكد وزير النفط الشيخ صباح الحمد الصباح أن الإنتاج مستقر.",
        &[("صباح الحمد الصباح", "confirmed")],
    );
}

#[test]
fn a_country_keeps_its_own_name_beside_its_capital() {
    let article = Article {
        title: Some("مصر ترفض الاتهامات".into()),
        body: "ونفت القاهرة في بيان الاتهامات.".into(),
        published: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
        ..Article::default()
    };
    let x = Extractor::default().extract(&article);
    let names: Vec<String> = x.statements.iter().map(|s| speaker_name(&x, s)).collect();
    assert_eq!(names, ["مصر", "مصر"]);
}

#[test]
fn a_date_between_the_verb_and_its_object_dates_the_statement() {
    let article = Article {
        body: "وكان وزير الدفاع خالد سعيد قد أعلن في 28 ديسمبر انسحاب القوات.".into(),
        published: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
        ..Article::default()
    };
    let x = Extractor::default().extract(&article);
    assert_eq!(
        x.statements[0].said_on,
        chrono::NaiveDate::from_ymd_opt(2019, 12, 28)
    );
    assert!(x.statements[0].date_explicit);
}

#[test]
fn a_quote_first_with_hakadha() {
    case(
        "\"لن نتراجع عن مطالبنا\"، هكذا قال القيادي في حركة النهضة علي العريض.",
        &[("علي العريض", "said")],
    );
}

#[test]
fn a_description_before_a_name_is_kept_out_of_it() {
    case(
        "يقول المحلل السياسي ماهر فرحات إن المفاوضات ستتعثر.",
        &[("ماهر فرحات", "said")],
    );
}

#[test]
fn kull_min_before_joint_speakers() {
    case(
        "وأكد كل من وزير الخارجية العراقي فؤاد حسين ونظيره الإيراني حسين أمير عبد اللهيان رفضهما للتصعيد.",
        &[
            ("فؤاد حسين", "rejected"),
            ("حسين أمير عبد اللهيان", "rejected"),
        ],
    );
}

#[test]
fn an_expression_verb_names_the_speaker_of_a_participle() {
    case(
        "وأعرب المبعوث الأممي عن قلقه البالغ، مشيراً إلى أن الوضع يتدهور.",
        &[("المبعوث الأممي", "said")],
    );
}

#[test]
fn tightening_a_siege_is_not_insisting() {
    case("وشددت القوات الحكومية الحصار على المدينة.", &[]);
    case(
        "وشدد الوزير خلال لقائه الوفد على ضرورة الحوار.",
        &[("الوزير", "confirmed")],
    );
}

#[test]
fn a_role_in_an_organisation_before_a_name() {
    case(
        "ونفى القيادي في حزب الله محمود قماطي هذه الأنباء.",
        &[("محمود قماطي", "denied")],
    );
}

#[test]
fn a_short_form_takes_the_gazetteers_fuller_name() {
    case(
        "وقال مجلس الأمن في بيان إن الهجوم مدان.",
        &[("مجلس الأمن الدولي", "said")],
    );
}

#[test]
fn a_topic_without_commas() {
    case(
        "أما سفير النظام لدى موسكو رياض حداد فقد اتهم الغرب بالتصعيد.",
        &[("رياض حداد", "accused")],
    );
}

#[test]
fn a_plural_verb_after_the_people_who_speak() {
    case(
        "وتظاهر مئات الطلاب أمام الوزارة يطالبون بإلغاء القرار.",
        &[("الطلاب", "demanded")],
    );
}

#[test]
fn a_parenthetical_between_the_speaker_and_an() {
    case(
        "وأوضح غوتيريش، خلال لقائه وفداً من المنظمات الأهلية في جنيف أمس الأربعاء، أن التمويل تراجع.",
        &[("أنطونيو غوتيريش", "said")],
    );
}

#[test]
fn an_addressee_is_not_part_of_an_unnamed_source() {
    case(
        "وقال شهود عيان لوكالة رويترز إن الاشتباكات استمرت.",
        &[("شهود عيان", "said")],
    );
}

#[test]
fn an_unnamed_source_keeps_the_body_it_sits_in() {
    case(
        "وقال مصدر في وزارة الزراعة السودانية إن المحصول تضرر.",
        &[("مصدر في وزارة الزراعة السودانية", "said")],
    );
    case(
        "وقالت مصادر مقربة من عائلات الصيادين إن القارب لم يعد.",
        &[("مصادر مقربة من عائلات الصيادين", "said")],
    );
    case(
        "وأفادت وسائل إعلام محلية بأن الطريق أغلق.",
        &[("وسائل إعلام محلية", "reported")],
    );
    // حذر من: the complement of the verb is not where the speakers sit
    case(
        "وحذر مسؤولون من التصعيد في الجنوب.",
        &[("مسؤولون", "warned")],
    );
}

#[test]
fn the_source_alone_is_the_source_named_before() {
    case(
        "وأفاد مصدر في مديرية الصحة بأن المستشفى امتلأ. وأضاف المصدر أن الأدوية نفدت.",
        &[
            ("مصدر في مديرية الصحة", "reported"),
            ("مصدر في مديرية الصحة", "said"),
        ],
    );
    // a source of another kind is not the one named before
    case(
        "وقال مصدر في الشرطة إن الطريق مغلق. وأكد الناشطون أن الحصار مستمر.",
        &[("مصدر في الشرطة", "said"), ("الناشطون", "confirmed")],
    );
}

#[test]
fn an_outlet_named_in_quotation_marks_after_its_head() {
    case(
        "وذكرت وكالة \"الأناضول\" الرسمية أن الوفد وصل.",
        &[("وكالة الأناضول الرسمية", "said")],
    );
    case(
        "وطالب #الاتحاد_العام_للشغل بزيادة الأجور.",
        &[("الاتحاد العام للشغل", "demanded")],
    );
}

#[test]
fn a_light_verb_takes_the_class_of_its_verbal_noun() {
    case(
        "وأعلنت النقابة رفضها للقانون الجديد.",
        &[("النقابة", "rejected")],
    );
    case(
        "وأكد المجلس المحلي إدانته للهجوم على السوق.",
        &[("المجلس المحلي", "condemned")],
    );
    // the noun inside what was said is not the verb's
    case(
        "وأكدت النقابة أن رفضها للقانون نهائي.",
        &[("النقابة", "confirmed")],
    );
}

#[test]
fn family_names_that_look_like_adjectives_and_abbreviated_titles() {
    case(
        "وقال العميد مازن العبادية إن الطريق مفتوح.",
        &[("مازن العبادية", "said")],
    );
    case(
        "وقال رئيس الجامعة د. سمير الحلبي إن الدوام مستمر.",
        &[("سمير الحلبي", "said")],
    );
    // an adjective after a role is not a name
    case(
        "وقال المتحدث العسكري الروسي إن القصف توقف.",
        &[("المتحدث العسكري الروسي", "said")],
    );
}

#[test]
fn a_place_between_a_role_and_the_name() {
    case(
        "وقال رئيس المجلس المحلي عندان أحمد الخطيب إن المياه مقطوعة.",
        &[("أحمد الخطيب", "said")],
    );
    // a first name that is no listed given name, before one that is, stays in the name
    case(
        "ورفض رئيس البرلمان عقيلة صالح أي تدخل.",
        &[("عقيلة صالح", "rejected")],
    );
}

#[test]
fn a_role_in_the_lead_is_the_person_named_next() {
    case(
        "يرى ضابط في الشرطة المحلية أن الهدوء سيعود. وقال النقيب سامر الخطيب إن الدوريات ستزداد.",
        &[("سامر الخطيب", "said"), ("سامر الخطيب", "said")],
    );
    // a person of another country is not the minister the lead described
    case(
        "قال الوزير التركي إن المحادثات مستمرة. وأعلن وزير الدفاع الروسي سيرغي شويغو أن القوات انسحبت.",
        &[("الوزير التركي", "said"), ("سيرغي شويغو", "announced")],
    );
}

#[test]
fn who_relays_is_not_who_spoke() {
    case(
        "ونقلت الإذاعة عن مصدر في الدفاع المدني قوله إن فرق الإنقاذ وصلت.",
        &[("مصدر في الدفاع المدني", "reported")],
    );
    // نقل that moves things reports nothing
    case("ونقل الجيش الجرحى إلى مستشفى المدينة.", &[]);
}

#[test]
fn a_verb_after_a_subordinator_opens_its_clause() {
    case(
        "جاء ذلك فيما أكد المرصد المحلي مقتل عشرة مدنيين.",
        &[("المرصد المحلي", "confirmed")],
    );
    case(
        "هذا و أفادت مصادر طبية بأن المستشفى امتلأ.",
        &[("مصادر طبية", "reported")],
    );
}

#[test]
fn a_participle_that_opens_a_sentence_continues_the_last_statement() {
    case(
        "وقال المتحدث باسم البلدية سليم حداد إن المياه عادت. مضيفاً أن الكهرباء ستعود غداً.",
        &[("سليم حداد", "said"), ("سليم حداد", "said")],
    );
    // a participle that opens a text continues nobody
    case("مضيفاً أن الكهرباء ستعود غداً.", &[]);
}

#[test]
fn given_names_no_list_of_speakers_knows() {
    case(
        "وأكدت الناشطة بروين حسيني أن المعتقلات أفرج عنهن.",
        &[("بروين حسيني", "confirmed")],
    );
    case(
        "وقال إلياس الحلو إن المفاوضات انتهت.",
        &[("إلياس الحلو", "said")],
    );
    // a name that is also a word is read as one after a title
    case(
        "وقال الدكتور أمل الصافي إن اللقاح وصل.",
        &[("أمل الصافي", "said")],
    );
}

#[test]
fn a_compound_name_written_joined_or_apart_is_one_person() {
    case(
        "وقال العقيد أحمد عبد الوهاب إن الجبهة هادئة. وتابع عبدالوهاب أن الإمدادات وصلت.",
        &[("أحمد عبد الوهاب", "said"), ("أحمد عبد الوهاب", "said")],
    );
    // another name with the same compound is another person
    case(
        "وقال العقيد أحمد عبد الوهاب إن الجبهة هادئة. وأكد خالد عبد الرزاق أن الإمدادات وصلت.",
        &[
            ("أحمد عبد الوهاب", "said"),
            ("خالد عبد الرزاق", "confirmed"),
        ],
    );
}

#[test]
fn a_conjunction_written_apart_and_several_nouns_of_a_role() {
    case(
        "قالت وزيرة الزراعة و استصلاح الأراضي والري الأردنية، سلمى الخطيب، إن الموسم جيد.",
        &[("سلمى الخطيب", "said")],
    );
    case(
        "هذا و أفادت مصادر طبية بأن المستشفى امتلأ.",
        &[("مصادر طبية", "reported")],
    );
}

#[test]
fn a_verbal_noun_after_a_role_is_the_object() {
    case(
        "وقال المتحدث باسم الوزارة رامي حداد إن الخبر كاذب. ونفى المتحدث استخدام الحكومة أموالا أجنبية.",
        &[("رامي حداد", "said"), ("رامي حداد", "denied")],
    );
}

#[test]
fn an_organisation_named_in_passing_is_what_its_head_word_refers_to() {
    case(
        "ووزع تنظيم داعش منشورات في القرى. وحذر التنظيم السكان من الاقتراب من الحواجز.",
        &[("تنظيم داعش", "warned")],
    );
    case(
        "وعقد برلمان كردستان، أمس، جلسة طارئة. وأشار برلمان الإقليم إلى أن القرار نهائي.",
        &[("برلمان كردستان", "said")],
    );
}

#[test]
fn a_participle_without_a_comma() {
    case(
        "وأدان رئيس البلدية مروان العلي قصف السوق مشددا على أن المدينة آمنة.",
        &[("مروان العلي", "condemned"), ("مروان العلي", "confirmed")],
    );
    // تابع قائلاً is one statement
    case(
        "وقال رئيس البلدية مروان العلي إن المدينة آمنة. وتابع قائلاً: \"الأسواق مفتوحة\".",
        &[("مروان العلي", "said"), ("مروان العلي", "said")],
    );
    case(
        "وأكد المتحدث باسم البلدية مروان العلي رفض إغلاق الأسواق.",
        &[("مروان العلي", "rejected")],
    );
}

#[test]
fn a_participle_before_a_bare_verbal_noun_takes_its_class() {
    case(
        "وأدان المجلس المحلي القصف، مؤكدا رفض تهجير السكان.",
        &[
            ("المجلس المحلي", "condemned"),
            ("المجلس المحلي", "rejected"),
        ],
    );
}

#[test]
fn criticism_names_the_speaker_of_what_continues_it() {
    case(
        "وانتقد النائب سامي الجابر الحكومة، متهما إياها بالتقصير.",
        &[("سامي الجابر", "accused")],
    );
}

#[test]
fn an_organisation_written_apart_from_its_lam() {
    case(
        "وقالت الرئيسة المشتركة لـ \"الإدارة الذاتية\" سوزان حسين إن المعابر مغلقة.",
        &[("سوزان حسين", "said")],
    );
}

#[test]
fn a_verb_in_which_a_statement_speaks_is_its_issuers() {
    case(
        "يأتي ذلك بعد بيان لنقابة الأطباء قالت فيه إن المستشفيات امتلأت.",
        &[("نقابة الأطباء", "said")],
    );
    case(
        "وأصدر حزب الأمة بيانا أكد فيه أن الانتخابات مزورة.",
        &[("حزب الأمة", "confirmed")],
    );
    // فيه that is no statement's: nothing is said through it
    case("ودخل الجيش المبنى وقال فيه الحراس كلاما كثيرا.", &[]);
}

#[test]
fn the_channel_after_a_continuation_is_not_its_subject() {
    case(
        "نفى الجيش السوداني سقوط المقر. وأضاف لقناة العربية، أن القوات تسيطر على الموقع.",
        &[("الجيش السوداني", "denied"), ("الجيش السوداني", "said")],
    );
}

#[test]
fn a_support_participle_takes_its_nouns_class() {
    case(
        "وأعلن المجلس البلدي تعليق عمله، معربًا عن رفضه القاطع لتدخل الضباط.",
        &[
            ("المجلس البلدي", "announced"),
            ("المجلس البلدي", "rejected"),
        ],
    );
}

#[test]
fn hedges_credit_lines_and_declining_to_be_named_are_no_statements() {
    // وصف is the statement; حسب تعبيره only re-attributes it
    case(
        "ووصف الوزير الخطوة بالجريئة، حسب تعبيره.",
        &[("الوزير", "said")],
    );
    case(
        "وقال مصدر في الشرطة، رفض الكشف عن هويته، إن الطريق مغلق.",
        &[("مصدر في الشرطة", "said")],
    );
    case("نقلاً عن وكالة الأنباء الأردنية", &[]);
    // a post-posed attribution is the source of what precedes it
    case(
        "ارتفعت حصيلة القتلى إلى عشرين، بحسب ما ذكرته وكالة الأنباء الأردنية.",
        &[("وكالة الأنباء الأردنية", "reported")],
    );
}

#[test]
fn a_relative_clause_with_its_own_subject() {
    case(
        "وتعثرت المحادثات التي أعلنت الحكومة الانتقالية أنها فشلت.",
        &[("الحكومة الانتقالية", "announced")],
    );
    case(
        "في سياق آخر أفاد مصدر أمني بانفجار سيارة.",
        &[("مصدر أمني", "reported")],
    );
}

#[test]
fn the_lead_role_described_twice_is_the_person_named_next() {
    case(
        "يرى عقيد في الجيش الحر أن النصر قريب. وأعلن عقيد في الجيش السوري الحر أن القوات تتقدم. وقال العقيد سامر النجار إن الإمدادات وصلت.",
        &[
            ("سامر النجار", "said"),
            ("سامر النجار", "announced"),
            ("سامر النجار", "said"),
        ],
    );
}

#[test]
fn outlets_and_plural_bodies_named_in_full() {
    case(
        "ووفقًا لصحيفة \"لا كروا\" الفرنسية، دعت منظمات المجتمع المدني إلى الإضراب.",
        &[
            ("صحيفة لا كروا الفرنسية", "reported"),
            ("منظمات المجتمع المدني", "demanded"),
        ],
    );
    // the article makes the plural a common noun: the object of the verb that continues
    case(
        "ونددت النقابة في بيان بالقرار، ودعت المنظمات الدولية إلى التدخل.",
        &[("النقابة", "condemned"), ("النقابة", "demanded")],
    );
    case(
        "أفادت وسائل إعلام في تشاد بأن الحدود أغلقت.",
        &[("وسائل إعلام في تشاد", "reported")],
    );
}

#[test]
fn the_source_with_its_adjectives_is_the_source_named_before() {
    case(
        "وقال مصدر أمني أردني رفيع إن الحدود مغلقة. وأضاف المصدر الأمني الأردني أن الدوريات زادت.",
        &[
            ("مصدر أمني أردني رفيع", "said"),
            ("مصدر أمني أردني رفيع", "said"),
        ],
    );
    // other adjectives are another source
    case(
        "وقال مصدر أمني أردني إن الحدود مغلقة. وأكد المصدر العسكري أن الدوريات زادت.",
        &[("مصدر أمني أردني", "said"), ("المصدر العسكري", "confirmed")],
    );
}

#[test]
fn a_secretariat_and_a_quoted_adjective() {
    case(
        "كما أدانت الأمانة العامة لاتحاد المحامين العرب، بأشد العبارات، الاعتداء على المحكمة.",
        &[("الأمانة العامة لاتحاد المحامين العرب", "condemned")],
    );
    case(
        "وزعمت مصادر أمنية \"أمريكية\" أن الشحنة وصلت. وحذرت المصادر من مخاطر التأخير.",
        &[
            ("مصادر أمنية \"أمريكية\"", "claimed"),
            ("مصادر أمنية \"أمريكية\"", "warned"),
        ],
    );
}

#[test]
fn content_keeps_the_closing_mark_of_a_partial_quote() {
    let article = Article {
        body:
            "وحذر الوزير من أن أي هجوم \"سيدفع بالمدنيين نحو الحدود\". وقال الوزير: \"لن نتراجع\"."
                .to_string(),
        ..Article::default()
    };
    let x = Extractor::default().extract(&article);
    let contents: Vec<&str> = x.statements.iter().map(|s| s.content.as_str()).collect();
    assert_eq!(contents[0], "أي هجوم \"سيدفع بالمدنيين نحو الحدود\"");
    // a quote that is the whole content is given without its marks, and as the quote
    assert_eq!(contents[1], "لن نتراجع");
    assert_eq!(x.statements[1].quote.as_deref(), Some("لن نتراجع"));
}

#[test]
fn a_nationality_after_a_first_name_is_the_family_name() {
    case(
        "وهدد سعيد المصري بالرد على أي هجوم. وقال المصري إن الوضع هادئ.",
        &[("سعيد المصري", "threatened"), ("سعيد المصري", "said")],
    );
    // after a role it is the role's adjective, after a whole name it is no part of it
    case(
        "وقال وزير الخارجية المصري إن المحادثات مستمرة.",
        &[("وزير الخارجية المصري", "said")],
    );
}

#[test]
fn describing_closing_and_adding_with_a_colon_are_saying() {
    case(
        "ووصف الوزير سامر حداد القرار بأنه خطوة متأخرة. وختم قائلا: \"لن نتراجع\".",
        &[("سامر حداد", "said"), ("سامر حداد", "said")],
    );
    // زاد without what was said is no statement
    case("وزاد الجيش عدد الحواجز في المدينة.", &[]);
}

#[test]
fn a_participle_with_its_object_and_no_comma() {
    case(
        "واستنكر رئيس البلدية مروان العلي قصف السوق مطالبا وزير الداخلية بفتح تحقيق.",
        &[("مروان العلي", "condemned"), ("مروان العلي", "demanded")],
    );
    // مدينة is a city, not a participle of condemning
    case(
        "وأعلن رئيس البلدية مروان العلي من مدينة حمص بدء الإصلاحات.",
        &[("مروان العلي", "announced")],
    );
}

#[test]
fn an_honorific_pronoun_is_the_person_named_before() {
    case(
        "وأكد الوزير سالم الحارثي أن العلاقة جيدة. وقال معاليه إن الحوار مستمر.",
        &[("سالم الحارثي", "confirmed"), ("سالم الحارثي", "said")],
    );
}

#[test]
fn an_agency_spoken_to_is_not_the_speaker_but_is_the_agency_named_later() {
    // the addressee (لوكالة …) stays out of the role; "الوكالة" later is that agency
    case(
        "وصرح ضابط في \"لواء الفتح\" لوكالة الأنباء الإقليمية بأن الهجوم صُدّ. \
         وقتل في المعارك ثلاثون مقاتلا، بحسب الوكالة.",
        &[
            ("ضابط في \"لواء الفتح\"", "said"),
            ("وكالة الأنباء الإقليمية", "reported"),
        ],
    );
}

#[test]
fn a_name_met_whole_is_the_same_person_without_its_middle_name() {
    // the father's name left out later is still the person named first; another first name is not
    case(
        "وقال سامي خليل الدباغ إن المعبر سيفتح غدا. \
         وأوضح سامي الدباغ أن الشاحنات جاهزة. \
         وقال نزار الدباغ إن الطريق غير آمن.",
        &[
            ("سامي خليل الدباغ", "said"),
            ("سامي خليل الدباغ", "said"),
            ("نزار الدباغ", "said"),
        ],
    );
}

#[test]
fn a_family_name_that_a_list_knows_as_a_movement_stays_in_the_persons_name() {
    // الحوثي is listed as the movement; after two given names it is this man's family name
    case(
        "وقال عبد الكريم صالح الحوثي إن المفاوضات متعثرة.",
        &[("عبد الكريم صالح الحوثي", "said")],
    );
}

#[test]
fn an_agency_spoken_to_with_a_vowel_or_tatweel_on_its_lam_is_named_without_them() {
    case(
        "وصرح ضابط في \"لواء الفتح\" لِـوكالة الأنباء الإقليمية بأن الهجوم صُدّ. \
         وقتل في المعارك ثلاثون مقاتلا، بحسب الوكالة.",
        &[
            ("ضابط في \"لواء الفتح\"", "said"),
            ("وكالة الأنباء الإقليمية", "reported"),
        ],
    );
}

#[test]
fn a_description_with_the_adjectives_of_an_unnamed_source_is_that_source() {
    // the official named only by his office comes back with the article, after a person spoke
    bare_case(
        "ونقلت الإذاعة عن مسؤول إداري في الرقة قوله إن الجسر تضرر. \
         وقال مدير الطرق سليم داود إن الإصلاح يحتاج شهرا. \
         وقال المسؤول الإداري في المحافظة إن البدائل متوفرة.",
        &[
            ("مسؤول إداري في الرقة", "reported"),
            ("سليم داود", "said"),
            ("مسؤول إداري في الرقة", "said"),
        ],
    );
    // a role alone is still the person who spoke last
    bare_case(
        "وقال المهندس سليم داود إن الإصلاح يحتاج شهرا. وأضاف المهندس أن العمل بدأ.",
        &[("سليم داود", "said"), ("سليم داود", "said")],
    );
}

#[test]
fn a_participle_with_a_noun_of_its_own_is_no_part_of_the_name() {
    bare_case(
        "وحذرت الهيئة الانتقالية المنتهية صلاحيتها من الفوضى.",
        &[("الهيئة الانتقالية", "warned")],
    );
    // a participle with no noun after it stays in the name
    bare_case(
        "وحذرت الهيئة العليا المستقلة من الفوضى.",
        &[("الهيئة العليا المستقلة", "warned")],
    );
}

#[test]
fn an_adjective_of_the_shape_faeel_continues_an_organisations_name() {
    bare_case(
        "وأكدت قوات الرد السريع سيطرتها على المعبر.",
        &[("قوات الرد السريع", "confirmed")],
    );
    // a definite noun that is the verb's object is not taken for one
    bare_case(
        "واتهمت قوات الرد الرئيس بالتقصير.",
        &[("قوات الرد", "accused")],
    );
}

#[test]
fn two_or_three_unknown_words_closing_a_sentence_name_an_agency() {
    bare_case(
        "وقتل في القصف أربعة مدنيين، بحسب وكالة ساوث نيوز.",
        &[("وكالة ساوث نيوز", "reported")],
    );
}

#[test]
fn residents_named_by_their_town_keep_the_towns_name() {
    bare_case(
        "وطالب أهالي بلدة كفرنبودة بفتح الطريق. وأكد أهالي كفرنبودة أن الحصار مستمر.",
        &[
            ("أهالي بلدة كفرنبودة", "demanded"),
            ("أهالي بلدة كفرنبودة", "confirmed"),
        ],
    );
}

#[test]
fn a_verb_that_cannot_agree_with_the_last_speaker_continues_the_one_it_agrees_with() {
    // وأوضح is masculine: not the ministry of the last statement but the mayor before it
    bare_case(
        "وقال رئيس البلدية نادر الشامي إن المياه مقطوعة. \
         وكانت وزارة الطاقة أعلنت أن الإصلاح تأخر. \
         وأوضح أن الصهاريج ستصل غدا.",
        &[
            ("نادر الشامي", "said"),
            ("وزارة الطاقة", "announced"),
            ("نادر الشامي", "said"),
        ],
    );
    // one that agrees continues the last
    bare_case(
        "وقال رئيس البلدية نادر الشامي إن المياه مقطوعة. \
         وكانت وزارة الطاقة أعلنت أن الإصلاح تأخر. \
         وأوضحت أن الصهاريج ستصل غدا.",
        &[
            ("نادر الشامي", "said"),
            ("وزارة الطاقة", "announced"),
            ("وزارة الطاقة", "said"),
        ],
    );
}

#[test]
fn an_agency_spoken_to_after_a_role_is_not_the_roles_name() {
    // the unnamed officer is the one named in the next statement, not the agency
    bare_case(
        "أعلن ضابط في \"لواء الفتح\" لوكالة الأنباء الإقليمية أن الهجوم صُدّ. \
         وقال الضابط مهند عبد الرزاق إن الخسائر محدودة.",
        &[
            ("مهند عبد الرزاق", "announced"),
            ("مهند عبد الرزاق", "said"),
        ],
    );
}

#[test]
fn a_name_closed_by_a_divine_name_and_its_joined_spelling_are_one_person() {
    bare_case(
        "وقال سامر فضل الله الأمين العام للاتحاد إن الإضراب مستمر. \
         وهدد فضلالله بتوسيع الإضراب.",
        &[("سامر فضل الله", "said"), ("سامر فضل الله", "threatened")],
    );
}

#[test]
fn a_latin_credit_or_date_before_the_opening_verb() {
    let body = "AFP 2021-03 استنكر رئيس بلدية الحمدانية سليم القصاب تأخر صرف الرواتب مطالبا \
                الحكومة بتسديدها.";
    let want = [("سليم القصاب", "condemned"), ("سليم القصاب", "demanded")];
    bare_case(body, &want);
    // an Arabic word before the verb is still a clause the verb does not open
    bare_case(
        "2021 عام استنكر فيه رئيس البلدية سليم القصاب تأخر الرواتب.",
        &[],
    );
}

#[test]
fn a_verb_with_an_object_pronoun_keeps_its_class() {
    bare_case(
        "ونفت هيئة الموانئ وقوع أي تسرب في الرصيف، ووصفته بأنه شائعة. \
         واتهمها نائب المحافظ كريم الساعدي بالتستر على الحادث.",
        &[
            ("هيئة الموانئ", "denied"),
            ("هيئة الموانئ", "said"),
            ("كريم الساعدي", "accused"),
        ],
    );
    // a campaign (حملة) is no verb with a pronoun
    bare_case("وبدأت حملة التلقيح في المدارس بأن تطوع المعلمون.", &[]);
}

#[test]
fn the_definite_role_repeats_an_unnamed_role_before_it() {
    bare_case(
        "وقال متحدث باسم شرطة الحدود إن الدورية تعرضت لكمين. وأضاف المتحدث أن التحقيق بدأ.",
        &[
            ("متحدث باسم شرطة الحدود", "said"),
            ("متحدث باسم شرطة الحدود", "said"),
        ],
    );
    // a person with that role, named before, comes first
    bare_case(
        "وقال المتحدث باسم الشرطة العقيد نادر السلوم إن الدورية تعرضت لكمين. \
         وأضاف المتحدث أن التحقيق بدأ.",
        &[("نادر السلوم", "said"), ("نادر السلوم", "said")],
    );
}

#[test]
fn a_statement_speaks_for_whoever_issued_it() {
    bare_case(
        "قالت هيئة الطيران في بيان إن المطار أغلق. وقال متحدث باسم شركة النقل إن الرحلات ألغيت. \
         وأشار البيان إلى أن الإغلاق مؤقت.",
        &[
            ("هيئة الطيران", "said"),
            ("متحدث باسم شركة النقل", "said"),
            ("هيئة الطيران", "said"),
        ],
    );
    bare_case(
        "وقال بيان صادر عن نقابة المعلمين إن الإضراب مستمر. وأكد بيان مشترك لاتحاد الطلبة أن \
         الدوام معلق. وذكر بيان للجيش السوداني أن القوات تقدمت.",
        &[
            ("نقابة المعلمين", "said"),
            ("اتحاد الطلبة", "confirmed"),
            ("الجيش السوداني", "said"),
        ],
    );
    // a statement noun that is not the subject names no issuer
    bare_case("وقرأ الصحفيون بيانا للنقابة قبل أن يغادروا.", &[]);
}

#[test]
fn an_attribution_through_lam_and_the_article() {
    bare_case(
        "وقتل ثلاثة مدنيين في القصف، وفقاً للمرصد السوري لحقوق الإنسان.",
        &[("المرصد السوري لحقوق الإنسان", "reported")],
    );
    // an agreement is no speaker
    bare_case("وانسحبت القوات من البلدة وفقا للاتفاق الموقع أمس.", &[]);
}

#[test]
fn a_post_posed_attribution_reports_what_precedes_it() {
    let article = Article {
        body: "وقتل ثلاثة مدنيين في القصف، بحسب المرصد السوري. وقال الوزير إن الهدنة صامدة، \
               حسبما أفادت وكالة الأنباء."
            .to_string(),
        ..Article::default()
    };
    let x = Extractor::without_gazetteer(Vec::new()).extract(&article);
    let contents: Vec<&str> = x.statements.iter().map(|s| s.content.as_str()).collect();
    assert_eq!(
        contents,
        ["وقتل ثلاثة مدنيين في القصف", "الهدنة صامدة", "الهدنة صامدة"]
    );
}

#[test]
fn a_relative_verb_with_a_resumptive_pronoun_before_its_subject() {
    bare_case(
        "وجاء ذلك في الوقت الذي دعا فيه بيان صادر عن المجتمع الدولي الأطراف إلى التهدئة.",
        &[("المجتمع الدولي", "demanded")],
    );
    bare_case(
        "وهي الجولة التي أكد فيها الوزير الأردني أن الحل قريب.",
        &[("الوزير الأردني", "confirmed")],
    );
}

#[test]
fn a_role_after_an_organisation_is_its_object() {
    let x = Extractor::without_gazetteer(Vec::new()).extract(&Article {
        body: "ودعا الجيش السوداني القادة المحليين إلى التعاون.".to_string(),
        ..Article::default()
    });
    assert_eq!(x.statements.len(), 1);
    assert_eq!(x.statements[0].role, None);
    assert!(x.statements[0].content.starts_with("القادة المحليين"));
}

#[test]
fn a_party_described_by_its_adjectives_is_the_party_named_before() {
    let known = "وقال تيار المستقبل في بيان إن الحوار متوقف. ويعترف الحزب اللبناني بأنه خسر \
                 مقاعد. وقال الجيش اللبناني إن الحدود هادئة.";
    bare_case(
        known,
        &[
            ("تيار المستقبل", "said"),
            ("الحزب اللبناني", "acknowledged"),
            ("الجيش اللبناني", "said"),
        ],
    );
    bare_case(
        "وقال حزب الكتائب في بيان إن الحوار متوقف. ويعترف الحزب اللبناني بأنه خسر مقاعد.",
        &[("حزب الكتائب", "said"), ("حزب الكتائب", "acknowledged")],
    );
}

#[test]
fn a_demand_joined_to_a_statement_addresses_the_noun_after_it() {
    bare_case(
        "واستنكر محافظ البصرة أسعد العيداني قطع المياه عن الأحياء، وطالب المجتمع الدولي \
         بالتدخل العاجل.",
        &[
            ("أسعد العيداني", "condemned"),
            ("أسعد العيداني", "demanded"),
        ],
    );
    // a demand opening its own sentence has its own subject
    bare_case(
        "واستنكر محافظ البصرة أسعد العيداني قطع المياه. وطالبت نقابة المهندسين بالتحقيق.",
        &[
            ("أسعد العيداني", "condemned"),
            ("نقابة المهندسين", "demanded"),
        ],
    );
}

#[test]
fn one_word_before_the_charge_is_the_accused() {
    bare_case(
        "واستنكر رئيس الحزب نبيل القاسمي أداء الحكومة. واتهم «جهات مجهولة» بتسريب الوثائق، \
         ثم اتهم البرغوثي بالتقصير.",
        &[
            ("نبيل القاسمي", "condemned"),
            ("نبيل القاسمي", "accused"),
            ("نبيل القاسمي", "accused"),
        ],
    );
    // a named accuser with the accused after it
    bare_case(
        "واتهم رئيس الحزب نبيل القاسمي الحكومة بالتقصير.",
        &[("نبيل القاسمي", "accused")],
    );
}

#[test]
fn an_asserting_verb_before_a_sharper_bare_noun_takes_its_class() {
    bare_case(
        "وأكد رئيس المجلس المحلي سالم الهنيدي رفض تعرض البلدة للقصف. \
         وأكدت الهيئة الوطنية للإغاثة والتنمية، مساء أمس الخميس، رفضها نقل المخيم.",
        &[
            ("سالم الهنيدي", "rejected"),
            ("الهيئة الوطنية للإغاثة والتنمية", "rejected"),
        ],
    );
    // أن opens the content first: what is confirmed holds the noun
    bare_case(
        "وأكد رئيس المجلس المحلي سالم الهنيدي أن رفض الأهالي واضح.",
        &[("سالم الهنيدي", "confirmed")],
    );
}

#[test]
fn an_insisting_verb_on_a_refusal_is_a_rejection() {
    bare_case(
        "وشدد رئيس البلدية سالم الهنيدي على رفض أي تسوية تمس حقوق الأهالي.",
        &[("سالم الهنيدي", "rejected")],
    );
}

#[test]
fn a_support_verb_before_a_bare_noun_after_its_subject() {
    bare_case(
        "وجدد اتحاد المزارعين رفض قرار رفع أسعار الوقود.",
        &[("اتحاد المزارعين", "rejected")],
    );
    // a noun outside the classes gives no statement
    bare_case("وجدد اتحاد المزارعين زيارته للمحافظة.", &[]);
}

#[test]
fn a_quoted_name_alone_is_the_agency_named_before_with_its_adjective() {
    bare_case(
        "وأعلن الجيش أنه صد الهجوم، بحسب ما ذكرته وكالة \"برق\" الرسمية. وأضافت \"برق\" أن \
         الطريق فتح.",
        &[
            ("الجيش", "announced"),
            ("وكالة برق الرسمية", "reported"),
            ("وكالة برق الرسمية", "said"),
        ],
    );
}

#[test]
fn a_report_speaks_for_whoever_published_it() {
    bare_case(
        "فيما ذكر تقرير نشرته مجلة \"الأفق\" الصادرة في تونس أن المفاوضات متعثرة. \
         وأضاف التقرير أن الوسطاء غادروا.",
        &[("مجلة الأفق", "said"), ("مجلة الأفق", "said")],
    );
}

#[test]
fn a_document_relayed_from_is_no_speaker() {
    bare_case(
        "ونقلت صحيفة الأيام عن رسالة مؤرخة أمس أن الاجتماع تأجل. ونقلت الوكالة عن بيان \
         لوزارة الصحة أن الإصابات تراجعت.",
        &[("صحيفة الأيام", "reported"), ("وزارة الصحة", "reported")],
    );
}

#[test]
fn a_title_that_is_the_opening_paragraph_gives_no_second_copy_of_its_statements() {
    let lead = "قال المتحدث باسم بلدية الميناء سامر الحلبي، في مؤتمر صحفي عقده صباح اليوم في مقر \
                البلدية بحضور عدد من الوجهاء والصحفيين وممثلي الأحياء الشرقية والغربية، إن أعمال \
                صيانة شبكة المياه ستنتهي خلال أسبوعين، وإن البلدية رصدت مبالغ إضافية لتعويض \
                المتضررين من الانقطاع الطويل.";
    let body = format!("{lead}\n\nوأضاف الحلبي أن الورش تعمل ليلا.");
    let x = Extractor::without_gazetteer(Vec::new()).extract(&Article {
        title: Some(lead.to_string()),
        body: body.clone(),
        ..Article::default()
    });
    let verbs: Vec<(bool, String)> = x
        .statements
        .iter()
        .map(|s| (s.in_headline, s.verb.to_string()))
        .collect();
    assert_eq!(verbs, [(false, "said".into()), (false, "said".into())]);
    // a headline that the body repeats is still read as the headline
    let x = Extractor::without_gazetteer(Vec::new()).extract(&Article {
        title: Some("الحلبي يؤكد أن الصيانة تنتهي خلال أسبوعين".to_string()),
        body,
        ..Article::default()
    });
    assert!(x.statements.iter().any(|s| s.in_headline));
}

#[test]
fn a_participle_after_a_stray_full_stop_and_adverbs_continues() {
    bare_case(
        "وقال الناطق باسم الجيش نبيل الحمدان إن القوات صدت الهجوم. مشيرا في الوقت ذاته إلى \
         أن المقر آمن.",
        &[("نبيل الحمدان", "said"), ("نبيل الحمدان", "said")],
    );
    // a participle opening a sentence with no content after it is no statement
    bare_case(
        "وقال الناطق باسم الجيش نبيل الحمدان إن القوات صدت الهجوم. مشيرا بيده نحو الخريطة.",
        &[("نبيل الحمدان", "said")],
    );
}

#[test]
fn an_honorific_pronoun_after_a_fronted_phrase_is_the_one_named_before() {
    bare_case(
        "وأكد وزير الخارجية بدر البوسعيدي أن العلاقات جيدة. وحول أسباب الزيارة قال معاليه: \
         إنها تأتي في إطار التشاور.",
        &[("بدر البوسعيدي", "confirmed"), ("بدر البوسعيدي", "said")],
    );
}

#[test]
fn requests_and_appeals_are_demands() {
    bare_case(
        "وجددت وزارة الري طلبها بأن توقف الشركات ضخ المياه.. مهيبةً بالمزارعين الالتزام \
         بالجداول. وطلب محافظ الإقليم سعيد الدباغ من السكان إخلاء الضفاف. وأهاب الدفاع المدني \
         بالمواطنين البقاء في منازلهم.",
        &[
            ("وزارة الري", "demanded"),
            ("وزارة الري", "demanded"),
            ("سعيد الدباغ", "demanded"),
            ("الدفاع المدني", "demanded"),
        ],
    );
}

#[test]
fn a_city_after_and_is_no_condemning_participle() {
    bare_case(
        "أدانت نقابة الأطباء القصف على مستشفى البلدة ومدينة زنجبار المجاورة.",
        &[("نقابة الأطباء", "condemned")],
    );
}

#[test]
fn content_does_not_end_on_a_connective_and_publishing_reports() {
    let x = Extractor::without_gazetteer(Vec::new()).extract(&Article {
        body: "ودعا المتظاهرون إلى إنشاء مركز طبي، وذلك بحسب ما نشرته صحيفة الأفق. وجدد المجلس \
               رفضه للانقلاب، كما أعلن عن رفضه أسلوب الترهيب."
            .to_string(),
        ..Article::default()
    });
    let got: Vec<(String, &str)> = x
        .statements
        .iter()
        .map(|s| (s.verb.to_string(), s.content.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("demanded".to_string(), "إلى إنشاء مركز طبي"),
            ("reported".to_string(), "إلى إنشاء مركز طبي"),
            ("rejected".to_string(), "للانقلاب"),
            ("rejected".to_string(), "أسلوب الترهيب"),
        ]
    );
}

#[test]
fn residents_named_outside_a_statement_are_the_later_shorter_mention() {
    bare_case(
        "ونظم أهالي بلدة الحصن وقفة أمام مبنى المحافظة. وطالب أهالي الحصن بإصلاح الطريق. \
         وشدد الأهالي على ضرورة الإسراع.",
        &[
            ("أهالي بلدة الحصن", "demanded"),
            ("أهالي بلدة الحصن", "confirmed"),
        ],
    );
}

#[test]
fn residents_or_families_with_a_definite_name() {
    bare_case(
        "وطالب سكان الرقة بفتح المعابر. وناشد أهالي المعتقلين المنظمات الدولية التدخل.",
        &[("سكان الرقة", "demanded"), ("أهالي المعتقلين", "demanded")],
    );
}

#[test]
fn a_pointing_verb_with_a_colon_and_an_unnamed_source_with_a_quoted_adjective() {
    bare_case(
        "وقالت منسقة الإغاثة سلمى العبد الله إن المخزون ينفد. وأشارت المنسقة: \"نحتاج إلى دعم \
         عاجل\".",
        &[("سلمى العبد الله", "said"), ("سلمى العبد الله", "said")],
    );
    bare_case(
        "فيما اعتبر مسؤولون \"أمريكيون\" أن الاتفاق هش.",
        &[("مسؤولون \"أمريكيون\"", "said")],
    );
}

#[test]
fn content_starts_after_the_speakers_acronym_and_never_ends_on_a_negator() {
    let x = Extractor::without_gazetteer(Vec::new()).extract(&Article {
        body: "ونفت هيئة الموانئ العامة (هما) وقوع أي تسرب في الرصيف. ونفى الوزير ما تردد عن \
               إغلاق الميناء، لكنه لم يستبعد ذلك."
            .to_string(),
        ..Article::default()
    });
    let contents: Vec<&str> = x.statements.iter().map(|s| s.content.as_str()).collect();
    assert_eq!(contents[0], "وقوع أي تسرب في الرصيف");
    assert!(!contents[1].ends_with("لم"), "{}", contents[1]);
}

#[test]
fn a_role_with_its_destination_before_a_given_name() {
    bare_case(
        "وحذر المبعوث الخاص إلى السودان توماس بيرييلو من مجاعة وشيكة. وقال السفير لدى القاهرة \
         هشام الزعبي إن المحادثات جارية.",
        &[("توماس بيرييلو", "warned"), ("هشام الزعبي", "said")],
    );
    // إلى before something that is no name stays out of the role
    bare_case(
        "وأشار الوزير إلى الحكومة قائلا إنها تتحمل المسؤولية.",
        &[("الوزير", "said"), ("الوزير", "said")],
    );
}

#[test]
fn the_new_shapes_hold_with_diacritics_and_tatweel() {
    let x = Extractor::without_gazetteer(Vec::new()).extract(&Article {
        body: "وأكّد بيانٌ لِلجيش السوداني أن القوات تقدّمت. ونفَتْ هيئةُ الموانئ وقوع تسرب، \
               ووصَفَتْهُ بأنه شائعة. مُشيـراً في الوقت ذاته إلى أن التحقيق جارٍ."
            .to_string(),
        ..Article::default()
    });
    let got: Vec<(String, String)> = x
        .statements
        .iter()
        .map(|s| (speaker_name(&x, s), s.verb.to_string()))
        .collect();
    let want = [
        ("الجيش السوداني", "confirmed"),
        ("هيئةُ الموانئ", "denied"),
        ("هيئةُ الموانئ", "said"),
        ("هيئةُ الموانئ", "said"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(s, v)| (s.to_string(), v.to_string()))
        .collect();
    assert_eq!(got, want);
    // no mention starts on the clitic's vowel
    assert!(
        x.mentions
            .iter()
            .all(|m| !m.surface.starts_with('\u{0650}'))
    );
}
