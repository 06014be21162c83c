//! A deterministic generator of Arabic news articles in qawl's plain-text format (or JSON
//! Lines), for load tests, benchmarks and demonstrations at scale.
//!
//! Every sentence pattern here was written for qawl. Speakers are drawn from a pool built out
//! of name parts (given names × family names × titles × roles × organisations), hundreds of
//! them, with a Zipf-like frequency: a few speak in many articles, most in a handful. Each
//! article is a function of the seed and its number alone, so `--articles 100` is the start of
//! `--articles 10000` with the same seed, and the same seed gives the same bytes on any machine.
//!
//! The generator knows what it wrote: [`Article::statements`] lists each statement's speaker
//! and verb class, for tests that compare extraction with it.

use std::fmt::Write as _;

/// SplitMix64: a small, fast, well-mixed generator; enough for test data, and ours to keep
/// stable (a crate's generator could change its stream between versions).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The verb classes of qawl's lexicon, as `qawl` names them.
pub const CLASSES: [&str; 13] = [
    "said",
    "denied",
    "confirmed",
    "announced",
    "accused",
    "condemned",
    "warned",
    "threatened",
    "demanded",
    "rejected",
    "claimed",
    "acknowledged",
    "reported",
];

const MALE: &[&str] = &[
    "محمد",
    "أحمد",
    "خالد",
    "عمر",
    "حسين",
    "يوسف",
    "إبراهيم",
    "مصطفى",
    "سامر",
    "ماهر",
    "فادي",
    "رامي",
    "طارق",
    "زياد",
    "هشام",
    "مازن",
    "نبيل",
    "كمال",
    "عماد",
    "بلال",
    "حمزة",
    "أنس",
    "معاذ",
    "عبد الله",
    "عبد الرحمن",
    "عبد الكريم",
    "فراس",
    "غسان",
    "منذر",
    "ياسر",
    "أيمن",
    "نزار",
    "قاسم",
    "جابر",
    "مهند",
    "عدنان",
    "بسام",
    "فيصل",
    "سعيد",
    "شادي",
    "تامر",
    "باسل",
    "لؤي",
    "قصي",
    "صلاح",
];

const FEMALE: &[&str] = &[
    "ليلى",
    "رنا",
    "ريم",
    "فاطمة",
    "مريم",
    "سعاد",
    "رشا",
    "لمى",
    "نادية",
    "سمر",
    "هالة",
    "عبير",
];

const FAMILY: &[&str] = &[
    "الحلبي",
    "الخطيب",
    "الزعبي",
    "الحمصي",
    "الشامي",
    "النعيمي",
    "الجبوري",
    "العكيدي",
    "الحريري",
    "الحسيني",
    "التميمي",
    "الدوري",
    "الراوي",
    "السعدي",
    "العمري",
    "البكري",
    "الشمري",
    "العنزي",
    "الصالح",
    "الدباغ",
    "النجار",
    "الحداد",
    "العطار",
    "الرفاعي",
    "الحوراني",
    "الدرويش",
    "السلوم",
    "الخلف",
    "القباني",
    "المحاميد",
    "الطحان",
    "البيطار",
    "الكيلاني",
    "الفرحان",
    "الشهابي",
    "العبيدي",
    "الزبيدي",
    "المصري",
    "الإدلبي",
    "الديري",
    "الرقاوي",
    "الحموي",
    "الساعدي",
    "الكبيسي",
];

/// Titles written before a man's name, and before a woman's.
const TITLES_M: &[&str] = &[
    "العقيد",
    "الرائد",
    "الشيخ",
    "الدكتور",
    "المهندس",
    "اللواء",
    "القاضي",
];
const TITLES_F: &[&str] = &["الدكتورة", "المهندسة", "المحامية"];

const ORG_HEADS: &[&str] = &[
    "جبهة",
    "حركة",
    "تجمع",
    "لواء",
    "فيلق",
    "هيئة",
    "مجلس",
    "اتحاد",
    "رابطة",
    "ائتلاف",
    "تيار",
];

const ORG_NAMES: &[&str] = &[
    "أحرار الساحل",
    "الوحدة الوطنية",
    "شباب الجنوب",
    "ثوار البادية",
    "العدالة والبناء",
    "الإنقاذ الوطني",
    "فجر الحرية",
    "أبناء الفرات",
    "الكرامة",
    "التغيير الديمقراطي",
    "صقور الجبل",
    "النهضة المدنية",
    "الشمال الحر",
    "المستقبل",
    "حماة الديار",
    "السلام الأهلي",
];

/// Institutions that speak through officials (and, sometimes, in their own name).
const INSTITUTIONS: &[&str] = &[
    "وزارة الصحة في الحكومة المؤقتة",
    "وزارة الداخلية",
    "وزارة الخارجية",
    "وزارة الدفاع",
    "وزارة الاقتصاد",
    "مديرية الدفاع المدني",
    "الهلال الأحمر",
    "مفوضية الانتخابات",
    "غرفة التجارة",
    "نقابة المحامين",
    "المنظمة الدولية للإغاثة",
    "لجنة المتابعة المشتركة",
];

const ROLES: &[&str] = &[
    "الناطق باسم",
    "المتحدث باسم",
    "المتحدث الرسمي باسم",
    "رئيس",
    "قائد",
    "عضو المكتب السياسي في",
    "مدير المكتب الإعلامي في",
    "مسؤول العلاقات العامة في",
    "نائب رئيس",
];

const ROLES_F: &[&str] = &[
    "الناطقة باسم",
    "المتحدثة باسم",
    "رئيسة",
    "عضو المكتب السياسي في",
    "مديرة المكتب الإعلامي في",
];

const CITIES: &[&str] = &[
    "حلب",
    "إدلب",
    "درعا",
    "حمص",
    "دير الزور",
    "الرقة",
    "الموصل",
    "كركوك",
    "صنعاء",
    "تعز",
    "بنغازي",
    "سرت",
    "طرابلس",
    "صيدا",
    "الحسكة",
    "الأنبار",
];

const TOWNS: &[&str] = &[
    "تل الزيتون",
    "عين البيضاء",
    "كفر سلام",
    "الرملة الشرقية",
    "وادي العيون",
    "خربة النهر",
    "السهل الأخضر",
    "تل الورد",
    "عين الصفا",
    "الضيعة الجديدة",
    "بئر القصب",
    "مرج السنديان",
];

const SIDES: &[&str] = &["الشمالي", "الجنوبي", "الشرقي", "الغربي"];

const OUTLETS: &[&str] = &[
    "وكالة الضفة للأنباء",
    "شبكة أخبار الوادي",
    "صحيفة الأفق",
    "موقع الراصد",
    "إذاعة صوت الشمال",
    "قناة المشرق",
    "صحيفة المساء",
    "مرصد الأخبار المحلية",
];

const SECTIONS: &[&str] = &[
    "أخبار محلية",
    "أخبار عربية",
    "شؤون سياسية",
    "تقارير ميدانية",
    "اقتصاد",
    "أخبار سورية",
];

const WEEKDAYS: &[&str] = &[
    "الأحد",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
];

const MONTHS_LEVANT: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];

const MONTHS_WEST: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// Clauses that follow أن or إن: what someone says is so. `{P}` a place, `{O}` another
/// organisation, `{N}` a number.
const CLAUSES: &[&str] = &[
    "الهدنة في {P} ما زالت صامدة رغم الخروقات المتكررة",
    "المفاوضات مع {O} متوقفة منذ {n} أسابيع",
    "مئات العائلات نزحت من {P} خلال الأيام الماضية",
    "المساعدات الإنسانية لم تدخل {P} منذ بداية الشهر",
    "الانتخابات المحلية ستجري في موعدها رغم الظروف الأمنية",
    "اللجنة المشتركة ستعقد اجتماعها المقبل في {C}",
    "الأوضاع الأمنية في {P} تحسنت بشكل ملحوظ",
    "عدد الضحايا ارتفع إلى {N} قتيلاً وعشرات الجرحى",
    "المستشفى الوحيد في {P} خرج عن الخدمة بعد القصف",
    "أسعار الخبز والوقود ارتفعت بنسبة {N} بالمئة خلال شهر واحد",
    "قوات {O} حشدت تعزيزات جديدة على أطراف {P}",
    "الاتفاق الأخير لا يلبي مطالب سكان {P}",
    "فرق الإنقاذ انتشلت {n} جثث من تحت الأنقاض",
    "الطريق الدولي بين {C} و{C2} سيفتح أمام حركة المدنيين قريباً",
    "المقاتلين لن ينسحبوا من مواقعهم في {P} مهما كانت الضغوط",
    "الحوار هو الطريق الوحيد لإنهاء الأزمة",
    "الميزانية الجديدة تخصص جزءاً كبيراً لإعادة الإعمار",
    "شحنة من الأدوية وصلت إلى مستودعات {C} صباح اليوم",
];

/// Clauses for warnings: what will go wrong.
const WORRIES: &[&str] = &[
    "استمرار الحصار سيؤدي إلى كارثة إنسانية في {P}",
    "مخزون الطحين في {C} سينفد خلال {n} أيام",
    "أي هجوم على {P} سيدفع آلاف المدنيين نحو الحدود",
    "انهيار الهدنة سيعيد المنطقة إلى المربع الأول",
    "تفشي الأمراض في مخيمات {P} بات وشيكاً",
    "تأخر صرف الرواتب سيدفع مئات الموظفين إلى ترك أعمالهم",
];

/// Noun phrases for events and claims: what is denied, condemned, warned of, announced.
const EVENTS: &[&str] = &[
    "انسحاب المقاتلين من {P}",
    "وقوع اشتباكات عنيفة في {P}",
    "توقيع اتفاق سري مع {O}",
    "إغلاق المعابر الحدودية قرب {C}",
    "اعتقال عشرات الشبان في {P}",
    "قصف الأحياء السكنية في {P}",
    "تأجيل الانتخابات المحلية",
    "فرض حظر التجول في {C}",
    "استهداف قافلة المساعدات على طريق {C}",
    "تسليم المعبر إلى {O}",
    "رفع أسعار المحروقات",
    "نقل المعتقلين إلى سجون {C}",
];

/// What an announcement starts: أعلن عن {…}.
const STARTS: &[&str] = &[
    "بدء المرحلة الثانية من حملة التلقيح في {C}",
    "افتتاح مركز جديد لاستقبال النازحين في {P}",
    "إطلاق سراح {n} محتجزين",
    "تشكيل لجنة للتحقيق في أحداث {P}",
    "إعادة فتح المدارس في {P} الأسبوع المقبل",
    "التوصل إلى تفاهم مبدئي مع {O}",
];

/// What is demanded: طالب … بـ{…}.
const DEMANDS: &[&str] = &[
    "فتح ممرات آمنة لخروج المدنيين من {P}",
    "الإفراج الفوري عن المعتقلين",
    "إرسال فرق طبية إلى {C}",
    "محاسبة المسؤولين عن قصف {P}",
    "وقف العمليات العسكرية في محيط {P}",
    "تعويض المتضررين من الفيضانات",
];

/// Sentences that report nothing: background, as every news article has.
const BACKGROUND: &[&str] = &[
    "وتشهد المنطقة منذ أسابيع تصعيداً عسكرياً متواصلاً دفع آلاف السكان إلى مغادرة منازلهم.",
    "ويعيش في {P} نحو {N} ألف نسمة، معظمهم من النازحين الذين فروا من المعارك في السنوات الماضية.",
    "وكانت المدينة قد تعرضت في الشهر الماضي لموجة من الغارات الجوية أدت إلى دمار واسع في البنى التحتية.",
    "وتعاني {C} من انقطاع شبه دائم للكهرباء وشح في مياه الشرب منذ مطلع العام.",
    "وتأتي هذه التطورات قبل أيام من اجتماع مرتقب للأطراف المعنية في {C2}.",
    "وتنتشر في ريف {C} {SIDE} عشرات المخيمات العشوائية التي تفتقر إلى أبسط الخدمات.",
    "وشهدت الأسواق حركة خفيفة بسبب الارتفاع الكبير في الأسعار وتراجع قيمة العملة المحلية.",
    "ويربط الطريق بين {C} و{C2} عشرات القرى التي تعتمد على الزراعة وتربية المواشي.",
    "وتتولى فرق الدفاع المدني نقل الجرحى إلى النقاط الطبية الميدانية القريبة.",
    "وسبق أن شهدت {P} احتجاجات شعبية للمطالبة بتحسين الخدمات وإطلاق سراح المعتقلين.",
];

/// Verb-first statement patterns: `{V}` the verb, `{S}` the speaker as first named, `{X}` a
/// clause, `{E}` an event, `{A}` an announcement, `{M}` a demand, `{O}` another organisation,
/// `{T}` when ("يوم الأحد", "أمس" or nothing).
const PATTERNS: &[(&str, &str, &str, &str)] = &[
    // (class, masculine verb, feminine verb, pattern)
    ("said", "قال", "قالت", "{V} {S}{T} إن {X}."),
    (
        "said",
        "قال",
        "قالت",
        "{V} {S} في تصريح خاص لـ{OUT} إن \"{X}\".",
    ),
    ("said", "أوضح", "أوضحت", "{V} {S}{T} أن {X}."),
    ("denied", "نفى", "نفت", "{V} {S}{T} صحة الأنباء عن {E}."),
    (
        "denied",
        "نفى",
        "نفت",
        "{V} {S} ما تداولته وسائل إعلام محلية عن {E}، مؤكداً أن {X}.",
    ),
    ("confirmed", "أكد", "أكدت", "{V} {S}{T} أن {X}."),
    ("confirmed", "شدد", "شددت", "{V} {S} على أن {X}."),
    ("announced", "أعلن", "أعلنت", "{V} {S}{T} عن {A}."),
    ("announced", "كشف", "كشفت", "{V} {S} عن {A}."),
    (
        "accused",
        "اتهم",
        "اتهمت",
        "{V} {S}{T} قوات {O} بالوقوف وراء {E}.",
    ),
    ("condemned", "أدان", "أدانت", "{V} {S}{T} {E}."),
    ("condemned", "استنكر", "استنكرت", "{V} {S} بشدة {E}."),
    ("warned", "حذر", "حذرت", "{V} {S}{T} من أن {W}."),
    ("warned", "حذر", "حذرت", "{V} {S} من عواقب {E}."),
    (
        "threatened",
        "هدد",
        "هددت",
        "{V} {S}{T} بالرد على أي محاولة لـ{E}.",
    ),
    ("demanded", "طالب", "طالبت", "{V} {S}{T} بـ{M}."),
    ("demanded", "دعا", "دعت", "{V} {S} المجتمع الدولي إلى {M}."),
    ("rejected", "رفض", "رفضت", "{V} {S}{T} مقترح {O} بشأن {E}."),
    ("claimed", "زعم", "زعمت", "{V} {S}{T} أن {X}."),
    ("acknowledged", "اعترف", "اعترفت", "{V} {S}{T} بأن {X}."),
    ("acknowledged", "أقر", "أقرت", "{V} {S} بأن {X}."),
    ("reported", "أفاد", "أفادت", "{V} {S}{T} بأن {X}."),
    ("reported", "", "", "وبحسب {S}، فإن {X}."),
    (
        "denied",
        "لم ينفِ",
        "لم تنفِ",
        "{V} {S}{T} وجود اتصالات غير رسمية مع {O}.",
    ),
    ("threatened", "توعد", "توعدت", "{V} {S} {O} بدفع ثمن {E}."),
    (
        "accused",
        "حمّل",
        "حمّلت",
        "{V} {S} {O} المسؤولية الكاملة عن {E}.",
    ),
];

/// Subject-first patterns for a speaker already named: `{K}` how the text names them again.
const LATER: &[(&str, &str, &str, &str)] = &[
    ("said", "وقال", "وقالت", "{V} {K} إن {X}."),
    (
        "confirmed",
        "أكد",
        "أكدت",
        "وكان {K} قد {V} في وقت سابق أن {X}.",
    ),
    ("denied", "نفى", "نفت", "وكان {K} قد {V}{T} {E}."),
    ("warned", "وحذر", "وحذرت", "{V} {K} من أن {W}."),
    ("said", "وأضاف", "وأضافت", "{V} أن {X}."),
];

/// One speaker of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The full name as first written (given and family name).
    pub name: String,
    /// The family name, how later sentences name them.
    pub family: String,
    pub title: Option<&'static str>,
    /// The role with its organisation: "الناطق باسم جبهة الكرامة".
    pub role: String,
    pub female: bool,
}

/// A statement the generator wrote: who (`None` for an organisation speaking as itself) and
/// the verb class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub speaker: Option<String>,
    pub class: &'static str,
}

/// One generated article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Its number in the corpus, from 0.
    pub number: usize,
    pub title: String,
    pub date: (i32, u32, u32),
    pub section: &'static str,
    pub source: &'static str,
    pub author: String,
    pub paragraphs: Vec<String>,
    pub statements: Vec<Said>,
    /// How the date line writes the date: Arabic-Indic digits, Levantine month names.
    indic: bool,
    levant: bool,
}

/// The generator: a pool of speakers and their Zipf weights, fixed by the seed.
#[derive(Debug, Clone)]
pub struct Corpus {
    seed: u64,
    speakers: Vec<Speaker>,
    /// Cumulative Zipf weights of the speakers, by rank.
    cumulative: Vec<f64>,
    orgs: Vec<String>,
}

/// How many speakers the pool holds.
pub const SPEAKERS: usize = 600;

/// The bounds of an article's body in bytes; with its headline, date line and trailer an
/// article is 1–5 KB.
const MIN_BODY: usize = 900;
const MAX_BODY: usize = 4600;

impl Corpus {
    /// The generator for `seed`.
    pub fn new(seed: u64) -> Corpus {
        let mut rng = Rng::new(seed ^ 0x5EED_0F5E_A4E5);
        let mut orgs: Vec<String> = ORG_HEADS
            .iter()
            .flat_map(|h| ORG_NAMES.iter().map(move |n| format!("{h} {n}")))
            .collect();
        shuffle(&mut orgs, &mut rng);
        orgs.truncate(60);
        orgs.extend(INSTITUTIONS.iter().map(|s| s.to_string()));
        let speakers = speaker_pool(&mut rng, &orgs);
        let mut total = 0.0;
        let cumulative = (1..=speakers.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Corpus {
            seed,
            speakers,
            cumulative,
            orgs,
        }
    }

    /// The speakers, most frequent first.
    pub fn speakers(&self) -> &[Speaker] {
        &self.speakers
    }

    /// A speaker drawn with Zipf-like weights.
    fn speaker(&self, rng: &mut Rng) -> &Speaker {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.speakers[i.min(self.speakers.len() - 1)]
    }

    /// Article number `n`: the same for the same seed and number, whatever else is generated.
    pub fn article(&self, n: usize) -> Article {
        let mut rng = Rng::new(self.seed ^ (n as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
        rng.next_u64();
        let mut writer = ArticleWriter {
            corpus: self,
            rng,
            statements: Vec::new(),
            place: String::new(),
            introduced: Vec::new(),
        };
        writer.write(n)
    }

    /// Articles `0..n`.
    pub fn articles(&self, n: usize) -> impl Iterator<Item = Article> + '_ {
        (0..n).map(|i| self.article(i))
    }
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// [`SPEAKERS`] distinct people, each with a title (or none), a role and an organisation.
fn speaker_pool(rng: &mut Rng, orgs: &[String]) -> Vec<Speaker> {
    let mut seen = std::collections::HashSet::new();
    let mut pool = Vec::with_capacity(SPEAKERS);
    while pool.len() < SPEAKERS {
        let female = rng.chance(0.15);
        let given = if female {
            *rng.pick(FEMALE)
        } else {
            *rng.pick(MALE)
        };
        let family = *rng.pick(FAMILY);
        let name = format!("{given} {family}");
        if !seen.insert(name.clone()) {
            continue;
        }
        let title = match (female, rng.chance(0.3)) {
            (_, false) => None,
            (true, true) => Some(*rng.pick(TITLES_F)),
            (false, true) => Some(*rng.pick(TITLES_M)),
        };
        let role = if female {
            rng.pick(ROLES_F)
        } else {
            rng.pick(ROLES)
        };
        let role = format!("{role} {}", rng.pick(orgs));
        pool.push(Speaker {
            name,
            family: family.to_string(),
            title,
            role,
            female,
        });
    }
    pool
}

/// Writes one article, drawing from its own generator.
struct ArticleWriter<'a> {
    corpus: &'a Corpus,
    rng: Rng,
    statements: Vec<Said>,
    /// The place the article is about.
    place: String,
    /// The speakers named in full so far.
    introduced: Vec<String>,
}

impl ArticleWriter<'_> {
    fn write(&mut self, number: usize) -> Article {
        let date = (
            2014 + self.rng.below(10) as i32,
            1 + self.rng.below(12) as u32,
            1 + self.rng.below(28) as u32,
        );
        self.place = self.place_name();
        let target = self.rng.between(MIN_BODY, MAX_BODY - 600);
        let cast: Vec<Speaker> = (0..self.rng.between(1, 4))
            .map(|_| self.corpus.speaker(&mut self.rng).clone())
            .collect();
        let institution = self.rng.chance(0.3);
        let mut paragraphs: Vec<String> = Vec::new();
        let (mut size, mut spoken) = (0, 0);
        while size < target {
            let paragraph = match paragraphs.len() {
                1 if institution => self.organisation_statement(),
                n if n % 3 == 2 => self.background(),
                _ => {
                    let speaker = &cast[spoken % cast.len()];
                    spoken += 1;
                    self.statement_paragraph(speaker)
                }
            };
            if size > 0 && size + paragraph.len() > MAX_BODY {
                break;
            }
            size += paragraph.len() + 2;
            paragraphs.push(paragraph);
        }
        let title = self.title(&cast[0]);
        let author = if self.rng.chance(0.5) {
            "فريق التحرير".to_string()
        } else {
            let given = if self.rng.chance(0.2) {
                *self.rng.pick(FEMALE)
            } else {
                *self.rng.pick(MALE)
            };
            format!("{given} {}", self.rng.pick(FAMILY))
        };
        Article {
            number,
            title,
            date,
            section: SECTIONS[self.rng.below(SECTIONS.len())],
            source: OUTLETS[self.rng.below(OUTLETS.len())],
            author,
            paragraphs,
            statements: std::mem::take(&mut self.statements),
            indic: self.rng.chance(0.5),
            levant: self.rng.chance(0.5),
        }
    }

    fn place_name(&mut self) -> String {
        match self.rng.below(3) {
            0 => format!("ريف {} {}", self.rng.pick(CITIES), self.rng.pick(SIDES)),
            1 => format!("بلدة {}", self.rng.pick(TOWNS)),
            _ => (*self.rng.pick(CITIES)).to_string(),
        }
    }

    /// A place: mostly the article's own, sometimes another.
    fn place(&mut self) -> String {
        if self.rng.chance(0.7) {
            self.place.clone()
        } else {
            self.place_name()
        }
    }

    fn other_org(&mut self) -> String {
        self.rng.pick(&self.corpus.orgs).clone()
    }

    /// Fills the slots of a pattern (all but the speaker's and the verb's).
    fn fill(&mut self, pattern: &str) -> String {
        let mut out = pattern.to_string();
        for (slot, list) in [
            ("{X}", CLAUSES),
            ("{W}", WORRIES),
            ("{E}", EVENTS),
            ("{A}", STARTS),
            ("{M}", DEMANDS),
        ] {
            while out.contains(slot) {
                let text = *self.rng.pick(list);
                out = out.replacen(slot, text, 1);
            }
        }
        while out.contains("{P}") {
            let place = self.place();
            out = out.replacen("{P}", &place, 1);
        }
        while out.contains("{O}") {
            let org = self.other_org();
            out = out.replacen("{O}", &org, 1);
        }
        let city = *self.rng.pick(CITIES);
        let other =
            CITIES[(CITIES.iter().position(|c| *c == city).unwrap_or(0) + 1) % CITIES.len()];
        out = out.replace("{C2}", other).replace("{C}", city);
        out = out.replace("{SIDE}", SIDES[self.rng.below(SIDES.len())]);
        out = out.replace("{OUT}", OUTLETS[self.rng.below(OUTLETS.len())]);
        // 3–9 before a plural noun, 11–95 before a singular one (أسابيع, قتيلاً)
        for (slot, lo, hi) in [("{n}", 3, 9), ("{N}", 11, 95)] {
            while out.contains(slot) {
                let n = self.rng.between(lo, hi).to_string();
                out = out.replacen(slot, &n, 1);
            }
        }
        let when = match self.rng.below(5) {
            0 => " أمس".to_string(),
            1 => format!(" يوم {}", self.rng.pick(WEEKDAYS)),
            2 => " اليوم".to_string(),
            _ => String::new(),
        };
        out.replace("{T}", &when)
    }

    /// How a speaker is first named: title, name and role in one of the orders the press uses.
    fn introduce(&mut self, s: &Speaker) -> String {
        let name = match s.title {
            Some(title) => format!("{title} {}", s.name),
            None => s.name.clone(),
        };
        if self.rng.chance(0.5) {
            format!("{name}، {}،", s.role)
        } else {
            format!("{} {name}", s.role)
        }
    }

    /// A paragraph of one speaker: a verb-first statement naming them in full the first time,
    /// later mostly a sentence naming them by their family name; sometimes a second sentence
    /// or a participle that goes on with the statement.
    fn statement_paragraph(&mut self, s: &Speaker) -> String {
        let known = self.introduced.contains(&s.name);
        let mut text = if !known || self.rng.chance(0.25) {
            self.introduced.push(s.name.clone());
            self.first(s)
        } else {
            self.later(s)
        };
        if self.rng.chance(0.5) {
            text.push(' ');
            text.push_str(&self.later(s));
        }
        if self.rng.chance(0.3)
            && let Some(stop) = text.strip_suffix('.')
        {
            let participle = if s.female {
                "مشيرةً"
            } else {
                "مشيراً"
            };
            let clause = self.fill("{X}");
            text = format!("{stop}، {participle} إلى أن {clause}.");
            self.said(Some(s), "said");
        }
        text
    }

    /// A verb-first statement introducing the speaker with their title and role.
    fn first(&mut self, s: &Speaker) -> String {
        let (class, m, f, pattern) = *self.rng.pick(PATTERNS);
        let intro = self.introduce(s);
        let sentence = self.fill(pattern);
        self.said(Some(s), class);
        if pattern.contains("مؤكداً") {
            self.said(Some(s), "confirmed");
        }
        let verb = if s.female { f } else { m };
        let sentence = sentence.replace("{V}", verb).replace("{S}", &intro);
        if s.female {
            sentence.replace("مؤكداً", "مؤكدةً")
        } else {
            sentence
        }
    }

    /// A sentence about a speaker already named.
    fn later(&mut self, s: &Speaker) -> String {
        let (class, m, f, pattern) = *self.rng.pick(LATER);
        let sentence = self.fill(pattern);
        self.said(Some(s), class);
        let verb = if s.female { f } else { m };
        sentence.replace("{V}", verb).replace("{K}", &s.family)
    }

    /// An institution speaking as itself: "أعلنت وزارة الصحة …".
    fn organisation_statement(&mut self) -> String {
        let org = *self.rng.pick(INSTITUTIONS);
        let (class, _, f, pattern) = *self.rng.pick(PATTERNS);
        let sentence = self.fill(pattern);
        self.said(None, class);
        if pattern.contains("مؤكداً") {
            self.said(None, "confirmed");
        }
        sentence
            .replace("{V}", f)
            .replace("{S}", org)
            .replace("مؤكداً", "مؤكدةً")
    }

    fn background(&mut self) -> String {
        let first = *self.rng.pick(BACKGROUND);
        let mut text = self.fill(first);
        if self.rng.chance(0.5) {
            let second = *self.rng.pick(BACKGROUND);
            if second != first {
                text.push(' ');
                text.push_str(&self.fill(second));
            }
        }
        text
    }

    fn title(&mut self, s: &Speaker) -> String {
        let org = s
            .role
            .split_once(" باسم ")
            .map(|(_, org)| org.to_string())
            .unwrap_or_else(|| self.other_org());
        match self.rng.below(3) {
            0 => format!("{org} تنفي {}", self.fill("{E}")),
            1 => format!("تطورات جديدة في {} وسط تحذيرات من تصعيد", self.place),
            _ => {
                let verb = if s.female { "تحذر" } else { "يحذر" };
                format!("{} {verb} من تدهور الأوضاع في {}", s.family, self.place)
            }
        }
    }

    fn said(&mut self, s: Option<&Speaker>, class: &'static str) {
        self.statements.push(Said {
            speaker: s.map(|s| s.name.clone()),
            class,
        });
    }
}

impl Article {
    /// The article in qawl's plain-text format: headline (twice, as scraped pages repeat it),
    /// date line, body, trailer and share-button boilerplate.
    pub fn to_text(&self) -> String {
        let (y, m, d) = self.date;
        let month = if self.levant {
            MONTHS_LEVANT[m as usize - 1]
        } else {
            MONTHS_WEST[m as usize - 1]
        };
        let (day, year) = if self.indic {
            (indic(d as i64), indic(y as i64))
        } else {
            (d.to_string(), y.to_string())
        };
        let mut out = String::new();
        let _ = writeln!(out, "{}\n{}", self.title, self.title);
        let _ = writeln!(out, "● {} {day} {month} {year}\n", self.section);
        for p in &self.paragraphs {
            let _ = writeln!(out, "{p}\n");
        }
        let _ = writeln!(out, "المصدر: {} الكاتب: {}", self.source, self.author);
        out.push_str("مشاركة:\n");
        out
    }

    /// The body: the paragraphs, a blank line between them.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// The ISO date, `2018-03-12`.
    pub fn iso_date(&self) -> String {
        let (y, m, d) = self.date;
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// The article as one JSON Lines record (no line break).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "title": self.title,
            "date": self.iso_date(),
            "section": self.section,
            "source": self.source,
            "author": self.author,
            "url": self.url(),
            "body": self.body(),
        })
        .to_string()
    }

    /// The article's address at the made-up outlet.
    fn url(&self) -> String {
        format!("https://news.example/{}/{:06}", self.date.0, self.number)
    }

    /// The header row of [`Article::to_csv`]'s rows.
    pub const CSV_HEADER: &'static str = "title,date,section,source,author,url,body";

    /// The article as one CSV row under [`Article::CSV_HEADER`] (no final line break): every
    /// field quoted, the body over several lines.
    pub fn to_csv(&self) -> String {
        let url = self.url();
        let fields: [&str; 7] = [
            &self.title,
            &self.iso_date(),
            self.section,
            self.source,
            &self.author,
            &url,
            &self.body(),
        ];
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        quoted.join(",")
    }

    /// The file name of the article in a folder of plain-text articles.
    pub fn file_name(&self) -> String {
        format!("{:06}.txt", self.number)
    }
}

/// A number in Arabic-Indic digits.
fn indic(n: i64) -> String {
    n.to_string()
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}
