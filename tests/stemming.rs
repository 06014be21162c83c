//! qawl's light stemmer against Snowball's Arabic stemmer (rust-stemmers) on word families of
//! news vocabulary: a base word, the cliticised and inflected forms a search for it should find,
//! and look-alikes it must not find. Broken plurals are left out: no light stemmer joins them.
//!
//! `cargo test --test stemming -- --nocapture` prints both stemmers' figures.

use qawl::text::{normalize, stem};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::BTreeMap;

/// One family a line: `base: forms that must share its stem | look-alikes that must not`.
const FAMILIES: &str = "\
مفاوضات: المفاوضات والمفاوضات بالمفاوضات للمفاوضات مفاوضاتهم ومفاوضات مفاوضاتها | فوضى مفوضية
الغوطة: غوطة والغوطة بالغوطة للغوطة غوطتها | غطاء
نفى: نفيه نفيهما ونفى فنفى النفي نفيها | منفى نفط
وزير: الوزير والوزير للوزير بالوزير وزيرة وزيرها | زير وزارة
وزارة: الوزارة ووزارة بوزارة وزارته وزارات للوزارة | زار زيارة
جيش: الجيش والجيش وجيش بالجيش لجيش جيشه جيشها | جيوب
قال: وقال فقال قالوا قالت | مقال قاد
روسيا: الروسية الروسي الروس روسي والروس بروسيا لروسيا | راس رسوم
عسكري: العسكري العسكرية عسكريون عسكريين العسكريين عسكرية للعسكريين | معسكر
اتفاق: الاتفاق والاتفاق اتفاقات اتفاقه باتفاق اتفاقية الاتفاقيات | وفاق توافق
حكومة: الحكومة حكومته حكومات والحكومة للحكومة حكومتهم الحكومي | حكم محكمة
لقاء: اللقاء للقاء لقاءات ولقاء بلقاء لقاءه | بقاء قاع
بيان: البيان وبيان بيانات بيانه ببيان بياناتهم | كيان بين
لجنة: اللجنة للجنة لجنتها واللجنة بلجنة | جنة جني
ورقة: الورقة ورقته بورقة والورقة | الرقة رقم
الرقة: رقة والرقة بالرقة للرقة | رقيب
إعلان: الإعلان إعلانه إعلانات والإعلان بإعلان | علن إعلام
سوريا: سورية السورية السوري السوريون سوريين والسوريين بسوريا | سور سيارة
انتهاك: الانتهاكات انتهاكات انتهاكاته والانتهاكات انتهاكها | انتهى نهاية
مدينة: المدينة مدينته بالمدينة للمدينة المدينتين ومدينة | مدين دين
فصائل: الفصائل وفصائل لفصائل فصائلها بفصائل | فصل صائم
فيلق: الفيلق وفيلق بفيلق فيلقه للفيلق | فيل
مسلح: المسلحين مسلحي مسلحون المسلحة مسلحيه ومسلحين | سلاح مسلم
قصف: القصف بقصف قصفها وقصف للقصف قصفه | قصة قصير
قوات: القوات بقوات وقوات لقوات قواتها قواتهم | قوت أقوال
مركز: المركز والمركز بالمركز مركزه للمركز مركزها | ركيزة تركيز
مصالحة: المصالحة والمصالحة للمصالحة مصالحات بالمصالحة | مصالح صالح
صفقة: الصفقة صفقات بصفقة صفقته والصفقة | صف صفحة
الناطق: ناطق والناطق للناطق ناطقا الناطقون | نطاق منطقة
المتحدث: متحدث والمتحدث متحدثة متحدثون للمتحدث المتحدثين | حديث حدث
الإسلام: الإسلامي الإسلامية إسلامي والإسلام بالإسلام إسلاميين للإسلام | سلام استسلام
نظام: النظام ونظام بنظام نظامه للنظام نظامها | ناظر منظمة
قاعدة: القاعدة قاعدته بقاعدة والقاعدة قاعدتين للقاعدة | قعد قاعة
عملية: العملية عمليات العمليات عملياتها بعملية وعملية | عمل عميل
انسحاب: الانسحاب بالانسحاب انسحابها وانسحاب للانسحاب | سحب انسجام
هجوم: الهجوم هجومه بهجوم والهجوم هجومها للهجوم | هجرة هجاء
المعارضة: معارضة والمعارضة للمعارضة معارضتها المعارضين معارض | عرض معرض
الثوار: ثوار والثوار للثوار بالثوار | ثوب
الثورة: ثورة ثورتنا الثورية ثوري ثوريتنا والثورة | ثروة ثور
الشرقية: الشرق شرقي شرقا والشرقية بالشرق الشرقيين | شرطة مشروع
المدنيين: مدنيين مدني المدنية مدنيون للمدنيين بالمدنيين | مدن مدينة
الأسد: الأسدية للأسد والأسد بالأسد أسدي الأسديين | سد أسر
تنظيم: التنظيم بتنظيم تنظيمات تنظيمه والتنظيم للتنظيم | نظيف منظم
الإعلام: إعلام وإعلام الإعلامي الإعلامية إعلاميين بالإعلام | علم إعلان
الصحفيين: صحفيين للصحفيين صحفي الصحفية صحفيون والصحفي | صحيفة صحف
الدفاع: دفاع للدفاع والدفاع دفاعا دفاعه بالدفاع | دفع مدافع
معنويات: المعنويات معنوية معنوي بمعنويات معنوياتهم | معنى عنوان
كتائب: الكتائب وكتائب لكتائب بكتائب | تائب كتاب
وسائل: الوسائل ووسائل بوسائل وسائلها | سائل مسائل
وجود: الوجود لوجود بوجود وجوده ووجود | جود موجود
كامل: الكامل بالكامل كاملة كاملا وكامل | أمل كمال
فكرة: الفكرة فكرته بفكرة وفكرة | كره فرك
زولوتوخين: وزولوتوخين لزولوتوخين بزولوتوخين | زول
علوان: وعلوان لعلوان بعلوان فعلوان | عدوان علو
أكد: وأكد فأكد أكدوا أكدت ليؤكد | أكل كاد
مستقبل: المستقبل ومستقبل بمستقبل مستقبلها للمستقبل | قبل استقبال
عناصر: العناصر عناصره وعناصر لعناصر عناصرها | نصر عنصرية
الطرفين: الطرفان طرفين للطرفين والطرفين | طريف
حلفاء: الحلفاء حلفائهم وحلفاء لحلفاء | حليب
بلدة: البلدة وبلدة بلدات وبلدات بلدتها للبلدة | ولد لدى
وقت: الوقت ووقت بوقت وقته للوقت | قط قتل
بيت: البيت وبيت بيته بيتها للبيت | يتيم
";

/// A family: its base word, its forms, its look-alikes.
struct Family {
    base: &'static str,
    forms: Vec<&'static str>,
    alikes: Vec<&'static str>,
}

/// The families of [`FAMILIES`].
fn families() -> Vec<Family> {
    FAMILIES
        .lines()
        .filter_map(|line| {
            let (base, rest) = line.split_once(':')?;
            let (forms, alikes) = rest.split_once('|')?;
            Some(Family {
                base: base.trim(),
                forms: forms.split_whitespace().collect(),
                alikes: alikes.split_whitespace().collect(),
            })
        })
        .collect()
}

/// Recall and precision of a stemmer when each family's base word is searched for.
#[derive(Debug, Clone, Copy)]
struct Figures {
    recall: f64,
    precision: f64,
}

/// Every test word as written, with its family; a look-alike is a family of its own.
fn universe(families: &[Family]) -> BTreeMap<&'static str, Option<usize>> {
    let mut words = BTreeMap::new();
    for family in families {
        for w in &family.alikes {
            words.insert(*w, None);
        }
    }
    for (f, family) in families.iter().enumerate() {
        for w in std::iter::once(&family.base).chain(&family.forms) {
            words.insert(*w, Some(f));
        }
    }
    words
}

/// Searches each base word among all test words and counts what the stemmer finds; what it
/// gets wrong goes to `misses` ("base ∌ form" missed, "base ∋ word" found wrongly).
fn measure(stemmer: &dyn Fn(&str) -> String, misses: &mut Vec<String>) -> Figures {
    let families = families();
    let words = universe(&families);
    let stems: BTreeMap<&str, String> = words.keys().map(|w| (*w, stemmer(w))).collect();
    let (mut found, mut relevant, mut retrieved, mut right) = (0, 0, 0, 0);
    for (f, family) in families.iter().enumerate() {
        let key = stemmer(family.base);
        for form in &family.forms {
            relevant += 1;
            if stemmer(form) == key {
                found += 1;
            } else {
                misses.push(format!("{} ∌ {form}", family.base));
            }
        }
        for (word, owner) in &words {
            if stems[*word] == key {
                retrieved += 1;
                if *owner == Some(f) {
                    right += 1;
                } else {
                    misses.push(format!("{} ∋ {word}", family.base));
                }
            }
        }
    }
    Figures {
        recall: f64::from(found) / f64::from(relevant),
        precision: f64::from(right) / f64::from(retrieved),
    }
}

/// Prints one stemmer's figures and what it got wrong.
fn report(name: &str, figures: Figures, misses: &[String]) {
    println!(
        "{name}: recall {:.3}, precision {:.3}",
        figures.recall, figures.precision
    );
    println!("  wrong: {}", misses.join(" | "));
}

#[test]
fn qawl_stemmer_finds_the_families_and_keeps_look_alikes_apart() {
    let families = families();
    let forms: usize = families.iter().map(|f| f.forms.len()).sum();
    println!(
        "{} families, {forms} forms, {} test words",
        families.len(),
        universe(&families).len()
    );
    assert!(families.len() >= 40);
    assert_eq!(
        families.len(),
        FAMILIES.lines().count(),
        "a line is malformed"
    );

    let mut misses = Vec::new();
    let light = measure(&|w| stem(&normalize(w)), &mut misses);
    report("qawl light stemmer (normalised words)", light, &misses);

    // Snowball normalises on its own; it is measured on the words as written and normalised
    let snowball = Stemmer::create(Algorithm::Arabic);
    let mut snow_misses = Vec::new();
    let snow = measure(&|w| snowball.stem(w).into_owned(), &mut snow_misses);
    report("snowball arabic (words as written)", snow, &snow_misses);
    let mut snow_misses = Vec::new();
    let snow = measure(
        &|w| snowball.stem(&normalize(w)).into_owned(),
        &mut snow_misses,
    );
    report("snowball arabic (normalised words)", snow, &snow_misses);

    assert!(light.recall >= 0.9, "recall {}", light.recall);
    assert!(light.precision >= 0.9, "precision {}", light.precision);
}
