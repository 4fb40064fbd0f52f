/**
 * Arabic is the kiosk's first language: this table defines the message keys, and en.ts must
 * provide exactly the same ones (its type is derived from this object).
 * Placeholders follow a small ICU subset: {name} and {n, plural, zero {…} one {…} two {…} few {…} many {…} other {…}}.
 * Arabic needs all six plural forms to read naturally.
 */
export const ar = {
  'app.ministry': 'وزارة الداخلية',
  'app.kiosk': 'الخدمات الذاتية',
  'lang.toggle': 'English',
  'connecting': 'جارٍ الاتصال…',
  'busy': 'يرجى الانتظار',
  'step.progress': 'الخطوة {current} من {total}',
  'step.card': 'البطاقة',
  'step.fines': 'المخالفات',
  'step.confirm': 'التأكيد',
  'step.pay': 'الدفع',
  'step.receipt': 'الإيصال',

  'attract.title': 'أدخل بطاقتك الشخصية',
  'attract.hint': 'أدخل البطاقة في القارئ كما هو موضَّح للبدء',
  'attract.services': 'سداد المخالفات المرورية وخدمات أخرى',

  'reading.title': 'جارٍ قراءة البطاقة',
  'reading.hint': 'يرجى عدم سحب البطاقة',

  'pin.title': 'أدخل الرقم السري للبطاقة',
  'pin.hint': 'اكتب الرقم السري لبطاقتك الشخصية ثم اضغط «موافق»',
  'pin.ok': 'موافق',
  'pin.cancel': 'إلغاء',
  'pin.delete': 'حذف آخر رقم',
  'pin.clear': 'مسح الكل',
  'pin.entered':
    '{n, plural, zero {لم يُدخَل أي رقم} one {أُدخِل رقم واحد} two {أُدخِل رقمان} few {أُدخِلت # أرقام} many {أُدخِل # رقمًا} other {أُدخِل # رقم}}',
  'pin.wrong':
    '{n, plural, zero {الرقم السري غير صحيح، ولم تتبقَّ أي محاولة} one {الرقم السري غير صحيح. تبقَّت محاولة واحدة} two {الرقم السري غير صحيح. تبقَّت محاولتان} few {الرقم السري غير صحيح. تبقَّت # محاولات} many {الرقم السري غير صحيح. تبقَّت # محاولة} other {الرقم السري غير صحيح. تبقَّت # محاولة}}',
  'pin.wrongNoCount': 'الرقم السري غير صحيح',

  'welcome.greeting': 'مرحبًا، {name}',
  'welcome.greetingNoName': 'مرحبًا بك',
  'welcome.idNumber': 'رقم البطاقة الشخصية',
  'welcome.expired': 'انتهت صلاحية بطاقتك الشخصية',
  'welcome.choose': 'اختر الخدمة',
  'welcome.noServices': 'لا تتوفر خدمات في الوقت الحالي',

  'fines.title': 'المخالفات المرورية',
  'fines.instruction': 'اختر المخالفات التي تريد سدادها',
  'fines.selected':
    '{count, plural, zero {لم تُحدَّد أي مخالفة} one {مخالفة واحدة محددة} two {مخالفتان محددتان} few {# مخالفات محددة} many {# مخالفة محددة} other {# مخالفة محددة}}',
  'fines.date': 'التاريخ',
  'fines.place': 'المكان',
  'fines.plate': 'رقم اللوحة',
  'fines.amount': 'المبلغ',
  'fines.total': 'المبلغ الإجمالي',
  'fines.continue': 'متابعة',
  'fines.empty': 'لا توجد مخالفات مستحقة السداد',

  'confirm.title': 'تأكيد الدفع',
  'confirm.service': 'الخدمة',
  'confirm.count':
    '{count, plural, zero {لا توجد مخالفات} one {مخالفة واحدة} two {مخالفتان} few {# مخالفات} many {# مخالفة} other {# مخالفة}}',
  'confirm.total': 'المبلغ الإجمالي',
  'confirm.hint': 'بعد الضغط على «ادفع» أكمل الدفع على جهاز الدفع',
  'confirm.pay': 'ادفع',
  'back': 'رجوع',

  'paying.title': 'الدفع بالبطاقة البنكية',
  'paying.amount': 'المبلغ المطلوب',
  'paying.starting': 'جارٍ تجهيز جهاز الدفع',
  'paying.keepId': 'أبقِ بطاقتك الشخصية في القارئ حتى انتهاء العملية',
  'paying.cancel': 'إلغاء',
  'prompt.insert-card': 'أدخل بطاقتك البنكية أو قرِّبها من جهاز الدفع',
  'prompt.enter-pin': 'أدخل الرقم السري على جهاز الدفع',
  'prompt.wrong-pin': 'الرقم السري غير صحيح، يرجى المحاولة مرة أخرى',
  'prompt.processing': 'جارٍ معالجة الدفع',
  'prompt.waiting-for-host': 'جارٍ الاتصال بالبنك',
  'prompt.remove-card': 'اسحب بطاقتك البنكية من جهاز الدفع',
  'prompt.card-not-readable': 'تعذَّرت قراءة البطاقة البنكية، يرجى المحاولة مرة أخرى',
  'prompt.please-wait': 'يرجى الانتظار',

  'result.approved': 'تمت العملية بنجاح',
  'result.declined': 'رُفضت عملية الدفع',
  'result.declinedNext': 'لم يُخصم أي مبلغ. للمحاولة ببطاقة أخرى اضغط «إنهاء» وابدأ من جديد، أو راجع البنك.',
  'result.aborted': 'أُلغيت عملية الدفع',
  'result.abortedNext': 'لم يُخصم أي مبلغ. يمكنك البدء من جديد في أي وقت.',
  'result.failed': 'تعذَّر إتمام عملية الدفع',
  'result.failedNext': 'إذا خُصم أي مبلغ فسيُعاد إليك تلقائيًا. احتفظ بالرقم المرجعي إن ظهر لك.',
  'result.pending': 'جارٍ إتمام العملية',
  'result.amountPaid': 'المبلغ المدفوع',
  'result.card': 'البطاقة',
  'result.reference': 'الرقم المرجعي',
  'result.qrLabel': 'رمز الاستجابة السريعة للرقم المرجعي، يمكنك تصويره للاحتفاظ به',
  'result.ministryReference': 'الرقم المرجعي لدى الوزارة',
  'delivery.queued': 'استُلم طلبك، وجارٍ إرساله إلى الوزارة',
  'delivery.queuedOffline': 'استُلم طلبك، وسيُرسَل إلى الوزارة فور عودة الاتصال',
  'delivery.delivered': 'أُرسل طلبك إلى الوزارة',
  'delivery.rejected': 'لم تقبل الوزارة الطلب، وسيُعاد إليك المبلغ. احتفظ بالرقم المرجعي.',
  'receipt.printing': 'جارٍ طباعة الإيصال',
  'receipt.printed': 'يرجى أخذ الإيصال من الطابعة',
  'receipt.failed': 'تعذَّرت طباعة الإيصال. يرجى تدوين الرقم المرجعي أو تصويره.',
  'receipt.reprint': 'إعادة طباعة الإيصال',
  'finish': 'إنهاء',

  'goodbye.title': 'يرجى سحب بطاقتك',
  'goodbye.thanks': 'شكرًا لاستخدامك الخدمات الذاتية',

  'error.title': 'عذرًا، تعذَّر إكمال طلبك',
  'error.generic': 'حدث خطأ غير متوقع',
  'error.next': 'يرجى سحب بطاقتك والمحاولة مرة أخرى',
  'error.restart': 'البدء من جديد',

  'notice.card-removed': 'سُحبت البطاقة فانتهت الجلسة',
  'notice.card-unreadable': 'تعذَّرت قراءة البطاقة. تأكَّد من إدخالها في الاتجاه الصحيح',
  'notice.card-reader-unavailable': 'قارئ البطاقات غير متاح حاليًا. يرجى استخدام جهاز آخر',
  'notice.session-timeout': 'انتهت الجلسة لعدم وجود أي نشاط',
  'notice.gateway-unavailable': 'خدمات الوزارة غير متاحة حاليًا. يرجى المحاولة لاحقًا',
  'notice.no-fines': 'لا توجد مخالفات مرورية مستحقة السداد',
  'notice.terminal-unavailable': 'جهاز الدفع غير متاح حاليًا',
  'notice.card-expired': 'انتهت صلاحية بطاقتك الشخصية، ويمكنك مع ذلك استخدام الخدمات المتاحة',
  'notice.pin-blocked': 'أُوقِف الرقم السري للبطاقة بعد محاولات خاطئة متكررة. يرجى مراجعة أحد مراكز الخدمة',
  'notice.checking-previous-payment': 'جارٍ التحقق من عملية دفع سابقة، يرجى الانتظار قليلًا',
  'notice.printer-unavailable': 'الطابعة غير متاحة حاليًا، وسيظهر الرقم المرجعي على الشاشة',

  'timeout.title': 'هل ما زلت هنا؟',
  'timeout.body': 'ستنتهي الجلسة تلقائيًا حفاظًا على سرية بياناتك',
  'timeout.seconds':
    '{seconds, plural, zero {# ثانية} one {ثانية واحدة} two {ثانيتان} few {# ثوانٍ} many {# ثانية} other {# ثانية}}',
  'timeout.continue': 'متابعة',

  'kb.keyboard': 'لوحة المفاتيح',
  'kb.shift': 'أحرف إضافية',
  'kb.unshift': 'الأحرف الأساسية',
  'kb.backspace': 'حذف آخر حرف',
  'kb.clear': 'مسح الكل',
  'kb.clearShort': 'مسح',
  'kb.space': 'مسافة',
  'kb.switchLayout': 'تغيير لغة الكتابة',
  'field.digitsOnly': 'أرقام فقط',
  'field.missing':
    '{n, plural, zero {اكتمل الرقم} one {بقي رقم واحد} two {بقي رقمان} few {بقيت # أرقام} many {بقي # رقمًا} other {بقي # رقم}}',
  'field.complete': 'اكتمل الرقم',
  'field.full': 'بلغت الحد الأقصى لعدد الأحرف',
  'field.qid.hint': 'رقم البطاقة الشخصية: 11 رقمًا يبدأ بالرقم 2 أو 3',
  'field.qid.prefix': 'يبدأ رقم البطاقة الشخصية بالرقم 2 أو 3',
  'field.phone.hint': 'رقم هاتف قطري من 8 أرقام',
  'field.phone.prefix': 'يبدأ رقم الهاتف بأحد الأرقام 3 أو 4 أو 5 أو 6 أو 7',

  'a11y.toolbar': 'خيارات تسهيل الاستخدام',
  'a11y.largeText': 'تكبير النص',
  'a11y.contrast': 'تباين عالٍ',
  'a11y.audio': 'الإرشاد الصوتي',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof ar;
/** Every language table has exactly Arabic's keys: a missing or extra key fails the type check. */
export type Messages = { readonly [K in MessageKey]: string };
