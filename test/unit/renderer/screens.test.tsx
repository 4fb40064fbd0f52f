// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Lang, ScreenId, type StepOf } from '../../../main/contract';
import { ar } from '../../../renderer/src/i18n/ar';
import { en } from '../../../renderer/src/i18n/en';
import { fixtureState } from './fixtures';
import { renderApp } from './helpers';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Texts a shopper must see on each screen, per language. */
const EXPECTED: Record<ScreenId, Record<Lang, string[]>> = {
  attract: { ar: ['أدخل بطاقتك الشخصية'], en: ['Insert your ID card'] },
  reading: { ar: ['جارٍ قراءة البطاقة'], en: ['Reading your card'] },
  pin: { ar: ['أدخل الرقم السري لبطاقتك الشخصية', 'تبقَّت محاولتان', 'موافق', 'مسح'], en: ['Enter your ID card PIN', 'Wrong ID card PIN. 2 tries left', 'OK', 'Clear'] },
  welcome: {
    ar: ['مرحبًا، أحمد الكواري', '2845•••••12', 'سداد المخالفات المرورية', 'ابتداءً من', 'المرور والمركبات', 'خدمات عامة'],
    en: ['Welcome, Ahmed Al-Kuwari', '2845•••••12', 'Pay traffic fines', 'From QAR 500.00', 'Traffic and vehicles', 'General services'],
  },
  beneficiary: { ar: ['لمن هذه الخدمة؟', 'لنفسي', 'راجيش كومار', 'لموظف أكفله'], en: ['Who is this for?', 'For myself', 'Rajesh Kumar', 'For an employee I sponsor'] },
  form: { ar: ['أدخل البيانات المطلوبة', 'رقم المنطقة', 'التالي'], en: ['Enter the details requested', 'Zone number', 'Next'] },
  fines: {
    ar: ['تجاوز السرعة المقررة', 'طريق الدوحة السريع', '14 سبتمبر 2025', 'المبلغ الإجمالي', '3 مخالفات محددة'],
    en: ['Exceeding the speed limit', 'Doha Expressway', '14 September 2025', 'Total amount', '3 fines selected'],
  },
  permit: {
    ar: ['صلاحية الإقامة', 'إقامة راجيش كومار', '356••••••71', 'سارية', '10 فبراير 2026', 'يمكن تجديد الإقامة الآن من هذا الجهاز عبر خدمة «تجديد الإقامة».'],
    en: ['Residence permit validity', 'The residence permit of Rajesh Kumar', '356••••••71', 'Valid', '10 February 2026', 'The permit can be renewed now'],
  },
  visa: {
    ar: ['تأشيرة الزائر', 'تأشيرة فاطمة أحمد', '3120045817', 'زيارة عائلية', 'سارية', '25 ديسمبر 2026', '••••••67', 'يمكنك تمديد هذه التأشيرة الآن من هذا الجهاز، قبل انتهائها في 25 ديسمبر 2026.', 'تمديد التأشيرة'],
    en: ['Visitor’s visa', 'The visa of Fatima Ahmed', '3120045817', 'Family visit', 'Valid', '25 December 2026', 'You can extend this visa now, here at the kiosk', 'Extend the visa'],
  },
  residency: {
    ar: ['الإقامة الدائمة', 'أهليتك للإقامة الدائمة', 'لا يمكنك التقدم بالطلب بعد', '13 سنة', '20 سنة', '12 أغسطس 2033', 'لم تكتمل بعد مدة الإقامة المطلوبة.', 'لا يلزم أي إجراء الآن. يمكنك التقدم بالطلب اعتبارًا من 12 أغسطس 2033.', 'عبر موقع وزارة الداخلية باستخدام البطاقة الشخصية الذكية'],
    en: ['Permanent residency', 'You cannot apply yet', '13 years', '20 years', '12 August 2033', 'You have not yet lived in Qatar for the years required.', 'You can apply from 12 August 2033.', 'on the Ministry of Interior website, with the smart ID card'],
  },
  confirm: { ar: ['تأكيد الدفع', 'المبلغ الإجمالي', '1,300.00', 'ادفع', 'رجوع'], en: ['Confirm payment', 'Total amount', '1,300.00', 'Pay', 'Back'] },
  paying: {
    ar: ['أدخل بطاقتك البنكية أو قرِّبها من جهاز الدفع', 'إلغاء'],
    en: ['Insert or tap your bank card on the terminal', 'Cancel'],
  },
  result: {
    ar: ['تم الدفع بنجاح', 'الرقم المرجعي', 'K7-20251128-0042', 'يرجى أخذ الإيصال من الطابعة'],
    en: ['Payment successful', 'Reference number', 'K7-20251128-0042', 'Please take your receipt from the printer'],
  },
  requests: {
    ar: ['طلباتي', 'لنفسي', 'بانتظار الدفع', 'قُدِّم عبر موقع الوزارة الإلكتروني', '800.00', 'في قائمة الانتظار بهذا الجهاز، وسيُرسَل إلى الوزارة', 'راجيش كومار', 'يلزم الحضور شخصيًا إلى أحد مراكز الخدمة', 'MOI-2025-0081532'],
    en: ['My requests', 'For myself', 'Waiting for payment', 'Made on the ministry’s website', 'Pay QAR 800.00 now', 'Queued at this kiosk, will be sent to the ministry', 'Rajesh Kumar', 'Go to a service centre in person', 'MOI-2025-0081532'],
  },
  goodbye: { ar: ['يرجى سحب بطاقتك'], en: ['Please take your card'] },
  error: { ar: ['تعذَّرت قراءة البطاقة'], en: ['The card could not be read'] },
  technicianPin: { ar: ['دخول الفني', 'الرقم السري للفني غير صحيح. تبقَّت محاولتان', 'خروج'], en: ['Technician access', 'Wrong technician PIN. 2 tries left', 'Exit'] },
  technicianWorkOrder: {
    ar: ['دخول الفني', 'رمز أمر العمل', 'انتهت صلاحية هذا الرمز. اطلب رمزًا جديدًا من فريق العمليات. تبقَّت 3 محاولات', 'المجموعات المكتملة: 0 من 30', 'مسح الرمز', 'خروج'],
    en: ['Technician access', 'Work-order code', 'This code has expired. Ask ops for a new one. 3 tries left', 'Groups complete: 0 of 30', 'Clear the code', 'Exit'],
  },
  diagnostics: {
    ar: ['وضع التشخيص', 'بطاقة الفني 290••••••77', 'طابعة الإيصالات', 'يحتاج إلى تدخُّل', 'نفد', 'عطلان منذ التشغيل', 'طباعة صفحة اختبار', 'فشل', 'paper-out', 'نجح', 'إيقاف الجهاز عن الخدمة'],
    en: ['Diagnostics', 'Technician card 290••••••77', 'Receipt printer', 'Needs attention', 'Out', '2 faults since start', 'Print a test page', 'Failed', 'paper-out', 'Passed', 'Take out of service'],
  },
  techQueue: {
    ar: ['الطلبات والمدفوعات', 'رفضتها الوزارة', 'K7-20251128-0042', 'تجديد الإقامة', 'المبلغ لا يطابق المسجَّل لدى الوزارة', 'amount-mismatch', 'يجب ردُّ المبلغ', 'رقم الإيصال', 'بدأ الإرسال. الطلبات المنتظرة: 3', 'أقدم طلب ينتظر منذ 25 دقيقة', 'تسجيل ردِّ المبلغ'],
    en: ['Requests and payments', 'Refused by the ministry', 'K7-20251128-0042', 'Renew a residence permit', 'The amount does not match the ministry’s record', 'amount-mismatch', 'Refund owed', 'Receipt', 'Sending started. Requests waiting: 3', 'The oldest waiting request has waited 25 minutes', 'Record the refund'],
  },
  techLogs: {
    ar: ['السجلات', 'التحذيرات والأخطاء منذ التشغيل', 'تحذيران', 'لا أخطاء', 'خطأ واحد', 'تحذير · طابعة الإيصالات', 'device-state status=userError previous=online reason=paper-out', 'سطور أقدم غير معروضة: 3', 'الكل'],
    en: ['Logs', 'Warnings and errors since start', '2 warnings', 'No errors', '1 error', 'Warning · Receipt printer', 'device-state status=userError previous=online reason=paper-out', 'Older lines not listed: 3', 'All'],
  },
  techSettings: {
    ar: ['إعدادات الأجهزة', 'منفذ طابعة الإيصالات', 'اختيار الفني: /dev/ttyUSB1', 'تعمل الطابعة بإعدادات سابقة', 'إعادة تشغيل الطابعة', 'حُفِظ الإعداد', 'إلغاء اختيار الفني', '115200'],
    en: ['Device settings', 'Receipt printer port', 'Technician’s value: /dev/ttyUSB1', 'The printer runs with earlier settings', 'Restart the printer', 'Setting kept', 'Clear the technician’s value', '115200'],
  },
  outOfService: {
    ar: ['الجهاز خارج الخدمة مؤقتًا', 'البديل الأقرب', 'أقرب جهاز عند المدخل الرئيسي', 'Temporarily out of service', 'The nearest kiosk is at the main entrance'],
    en: ['Temporarily out of service', 'Nearest alternative', 'The nearest kiosk is at the main entrance', 'الجهاز خارج الخدمة مؤقتًا', 'أقرب جهاز عند المدخل الرئيسي'],
  },
};

const bodyText = (): string => (document.body.textContent ?? '').replace(/\u00a0/g, ' ');

describe.each(['ar', 'en'] as const)('every screen in %s', (lang) => {
  it.each(ScreenId.options)('renders %s with its texts, direction and language toggle', async (id) => {
    renderApp(fixtureState(id, lang));
    // The technician’s screens load on first use (slow on a loaded machine: the first import transforms them).
    expect(await screen.findByTestId(`screen-${id}`, {}, { timeout: 10_000 })).toBeTruthy();
    expect(document.documentElement.lang).toBe(lang);
    expect(document.documentElement.dir).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    for (const text of EXPECTED[id][lang]) expect(bodyText()).toContain(text);
    const toggle = screen.getByTestId('lang-toggle');
    expect(toggle.textContent).toBe(lang === 'ar' ? 'English' : 'العربية');
  });
});

describe('screen details', () => {
  it('greets in the Latin name when the card has no Arabic name', () => {
    renderApp(
      fixtureState('welcome', 'ar', {
        step: { person: { givenNames: 'John', surname: 'Smith', idNumberMasked: '3123•••••45', expired: true, verified: true } },
      }),
    );
    expect(bodyText()).toContain('مرحبًا، John Smith');
    expect(bodyText()).toContain('انتهت صلاحية بطاقتك الشخصية');
  });

  for (const lang of ['ar', 'en'] as const) {
    it(`an unverified card (${lang}): no name, no ID number, no "my requests"; what it may do, what not, where to go`, () => {
      const refused: StepOf<'welcome'>['services'] = [
        { id: 'pay-traffic-fines', category: 'traffic', titleAr: 'دفع المخالفات المرورية', titleEn: 'Pay traffic fines', descriptionAr: '', descriptionEn: '', needsNetwork: true, pricing: 'by-inquiry', available: false, unavailableReason: 'card-unverified' },
      ];
      renderApp(fixtureState('welcome', lang, { step: { person: { idNumberMasked: '•••••••••••', expired: false, verified: false }, services: refused } }));
      const texts = lang === 'ar' ? ar : en;
      expect(screen.getByTestId('greeting').textContent).toBe(texts['welcome.greetingNoName']);
      expect(screen.queryByTestId('id-masked')).toBeNull();
      expect(screen.queryByTestId('my-requests')).toBeNull();
      const panel = screen.getByTestId('unverified-card').textContent;
      for (const key of ['unverified.title', 'unverified.cannot', 'unverified.nothing', 'unverified.where'] as const) expect(panel).toContain(texts[key]);
      // Refused services are not listed: the panel says what the card may not do.
      expect(screen.queryByTestId('service-pay-traffic-fines')).toBeNull();
    });
  }

  it('marks every fine main selected, and only those', async () => {
    renderApp(fixtureState('fines', 'en', { step: { selectedFineIds: ['F-1002'], amountCents: 50_000 } }));
    await screen.findByTestId('screen-fines', {}, { timeout: 10_000 });
    expect(screen.getByTestId('fine-F-1001').getAttribute('aria-checked')).toBe('false');
    expect(screen.getByTestId('fine-F-1002').getAttribute('aria-checked')).toBe('true');
    expect(bodyText()).toContain('1 fine selected');
    expect(screen.getByTestId('fines-total').textContent?.replace(/\u00a0/g, ' ')).toBe('QAR 500.00');
  });

  it('puts the reference QR on screen only when the receipt could not be printed', () => {
    renderApp(fixtureState('result', 'en', { step: { receipt: { state: 'failed', reason: 'paper-out' } } }));
    const qr = screen.getByTestId('reference-qr');
    expect(qr.querySelector('path')?.getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    cleanup();
    renderApp(fixtureState('result', 'en', { step: { receipt: { state: 'printed' } } }));
    expect(screen.queryByTestId('reference-qr')).toBeNull();
  });

  it('shows each terminal prompt main reports', () => {
    renderApp(fixtureState('paying', 'en', { step: { payment: { phase: 'in-progress', prompt: 'enter-pin' } } }));
    expect(screen.getByTestId('terminal-prompt').textContent).toBe('Enter your bank card PIN on the terminal');
    expect(screen.getByTestId('terminal-prompt').dataset.prompt).toBe('enter-pin');
  });

  it('shows the payment outcome, references and receipt state with stable test ids', () => {
    renderApp(
      fixtureState('result', 'en', {
        step: { submission: { localRef: 'K7-1', ministryRef: 'MOI-9', delivery: 'delivered' }, receipt: { state: 'printing' } },
      }),
    );
    expect(screen.getByTestId('payment-outcome').dataset.outcome).toBe('approved');
    expect(screen.getByTestId('reference').textContent).toBe('K7-1');
    expect(screen.getByTestId('ministry-reference').textContent).toBe('MOI-9');
    expect(screen.getByTestId('receipt-state').dataset.state).toBe('printing');
    expect(screen.queryByTestId('reprint')).toBeNull();
    expect(bodyText()).toContain('Your request was sent to the ministry');
  });

  it('says a queued request waits for the network only when the gateway is offline', () => {
    renderApp(fixtureState('result', 'en', { gateway: 'offline' }));
    expect(screen.getByTestId('delivery').dataset.state).toBe('queued');
    expect(bodyText()).toContain('as soon as the connection is back');
    cleanup();
    renderApp(fixtureState('result', 'en', { gateway: 'online' }));
    expect(bodyText()).toContain('is being sent to the ministry');
  });

  it('makes the reference prominent and offers a reprint when the receipt failed', () => {
    renderApp(fixtureState('result', 'ar', { step: { receipt: { state: 'failed', reason: 'paper-out' } } }));
    expect(screen.getByTestId('receipt-state').dataset.state).toBe('failed');
    expect(screen.getByTestId('reference').closest('.reference')?.classList.contains('reference--prominent')).toBe(true);
    expect(screen.getByTestId('reprint').textContent).toBe('إعادة طباعة الإيصال');
    expect(screen.queryByTestId('ministry-reference')).toBeNull();
  });

  it.each([
    ['declined', 'Payment declined', 'No money was taken'],
    ['aborted', 'Payment cancelled', 'No money was taken'],
    ['failed', 'The payment could not be completed', 'returned automatically'],
  ] as const)('explains a %s payment and what to do next', (phase, title, next) => {
    renderApp(fixtureState('result', 'en', { step: { payment: { phase }, submission: undefined, receipt: undefined } }));
    expect(screen.getByTestId('payment-outcome').dataset.outcome).toBe(phase);
    expect(bodyText()).toContain(title);
    expect(bodyText()).toContain(next);
    expect(screen.queryByTestId('reference')).toBeNull();
    expect(screen.getByTestId('finish')).toBeTruthy();
  });

  it('shows a notice banner with its code', () => {
    renderApp(fixtureState('attract', 'en', { notice: 'card-removed' }));
    const notice = screen.getByTestId('notice');
    expect(notice.dataset.code).toBe('card-removed');
    expect(notice.textContent).toContain('The card was removed, so the session has ended');
  });

  it('invites in both languages on the attract screen, the other one in its own direction, and never mirrors the card', () => {
    for (const lang of ['ar', 'en'] as const) {
      const { view } = renderApp(fixtureState('attract', lang));
      const other = screen.getByTestId('attract-other-title');
      expect(other.textContent).toBe(lang === 'ar' ? 'Insert your ID card' : 'أدخل بطاقتك الشخصية');
      expect(other.getAttribute('dir')).toBe(lang === 'ar' ? 'ltr' : 'rtl');
      expect(view.container.querySelector('.card-anim')?.getAttribute('dir')).toBe('ltr');
      view.unmount();
    }
  });

  it('shows the notice as the main message on the error screen, once', () => {
    renderApp(fixtureState('error', 'ar', { notice: 'card-reader-unavailable' }));
    const notices = screen.getAllByTestId('notice');
    expect(notices).toHaveLength(1);
    expect(within(screen.getByTestId('screen-error')).getByTestId('notice').dataset.code).toBe('card-reader-unavailable');
  });

  it('shows a progress indicator while main is busy', () => {
    renderApp(fixtureState('welcome', 'en', { busy: true }));
    expect(screen.getByTestId('busy').getAttribute('role')).toBe('progressbar');
    expect((screen.getByTestId('service-pay-traffic-fines') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the inactivity warning with a countdown in the shopper’s language', () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    renderApp(fixtureState('fines', 'ar', { timeoutAt: 1_000_000 + 20_000 }));
    const warning = screen.getByTestId('timeout-warning');
    expect(warning.textContent).toContain('هل ما زلت هنا؟');
    expect(warning.textContent).toContain('20 ثانية');
    expect(screen.getByTestId('timeout-continue').textContent).toBe('متابعة');
  });

  it('says every self-test detail in Arabic on the Arabic screen: the card profile is a word, not the English "ministry"', async () => {
    // The details main/app/diagnostics.ts reports for each test that passed.
    const at = Date.UTC(2025, 10, 28, 9, 5);
    const tests: StepOf<'diagnostics'>['tests'] = [
      { kind: 'card', state: 'passed', details: { idNumberMasked: '290••••••77', profile: 'ministry', ms: 812, apdus: 3 }, at },
      { kind: 'printer', state: 'passed', details: { paperBefore: 'ok', paperAfter: 'nearEnd', jobId: 12 }, at },
      { kind: 'terminal', state: 'passed', details: { resultCode: 0 }, at },
      { kind: 'endOfDay', state: 'passed', details: { resultCode: 0, totalCents: 12_500 }, at },
      { kind: 'gateway', state: 'passed', details: { latencyMs: 42 }, at },
    ];
    renderApp(fixtureState('diagnostics', 'ar', { step: { tests } }));
    await screen.findByTestId('screen-diagnostics', {}, { timeout: 10_000 });
    const details = [...document.querySelectorAll('.diag-test__detail')].map((d) => d.textContent ?? '');
    expect(details).toHaveLength(11);
    for (const text of details) expect(text).not.toMatch(/[A-Za-z]/);
    expect(screen.getByTestId('test-card-profile').textContent).toBe('نوع البطاقة: بطاقة وزارة الداخلية');
    cleanup();
    renderApp(fixtureState('diagnostics', 'en', { step: { tests } }));
    expect((await screen.findByTestId('test-card-profile', {}, { timeout: 10_000 })).textContent).toBe('Card type: Ministry of Interior card');
  });

  it('has no warning when main is not counting down', () => {
    renderApp(fixtureState('fines', 'en'));
    expect(screen.queryByTestId('timeout-warning')).toBeNull();
  });
});
