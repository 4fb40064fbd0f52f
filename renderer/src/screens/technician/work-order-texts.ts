import { useMemo } from 'react';
import { formatMessage, type MessageParams } from '../../i18n/format';
import { useKiosk } from '../../kiosk-context';

/**
 * The work-order screen's words (after the technician's PIN, where the configuration asks for a
 * code from ops). A table of its own, loaded with that screen only; Arabic defines the keys.
 */
export const workOrderAr = {
  'title': 'رمز أمر العمل',
  'hint': 'أدخل رمز أمر العمل الذي أرسله إليك فريق العمليات، وهو 30 مجموعة في كلٍّ منها 5 أحرف. يكشف الحرف الخامس من كل مجموعة أي خطأ في كتابتها.',
  'fix': 'لتصحيح مجموعة، اضغط عليها ثم أعد كتابتها.',
  'progress': 'المجموعات المكتملة: {n} من 30',
  'block': 'المجموعة {n}',
  'refused.malformed': 'في المجموعة {block} خطأ في الكتابة. صحِّحها ثم اضغط «موافق» مرة أخرى، ولن تُحتسَب هذه محاولةً.',
  'refused.other-kiosk': 'هذا الرمز صادر لجهاز آخر.',
  'refused.invalid': 'هذا الرمز غير صالح لهذا الجهاز أو لهذه البطاقة.',
  'refused.expired': 'انتهت صلاحية هذا الرمز. اطلب رمزًا جديدًا من فريق العمليات.',
  'refused.not-yet-valid': 'لم تبدأ صلاحية هذا الرمز بعد. تحقَّق من ساعة الجهاز.',
  'refused.too-long': 'مدة صلاحية هذا الرمز أطول مما يسمح به هذا الجهاز.',
  'refused.used': 'سبق استخدام هذا الرمز في هذا الجهاز، ولا يُقبَل الرمز إلا مرة واحدة. اطلب رمزًا جديدًا من فريق العمليات.',
  'tries':
    '{n, plural, zero {لم تتبقَّ أي محاولة} one {تبقَّت محاولة واحدة} two {تبقَّت محاولتان} few {تبقَّت # محاولات} many {تبقَّت # محاولة} other {تبقَّت # محاولة}}',
  'locked': 'أُدخِلت رموز خاطئة مراتٍ كثيرة، فأُقفِل دخول الفني حتى الساعة {time}',
  'clear': 'مسح الرمز',
} as const;

type WorkOrderKey = keyof typeof workOrderAr;

export const workOrderEn: { readonly [K in WorkOrderKey]: string } = {
  'title': 'Work-order code',
  'hint': 'Enter the work-order code ops sent you: 30 groups of 5 characters. The fifth character of each group catches a typo in it.',
  'fix': 'To correct a group, tap it and type it again.',
  'progress': 'Groups complete: {n} of 30',
  'block': 'Group {n}',
  'refused.malformed': 'Group {block} is mistyped. Correct it and press OK again; this does not count as a try.',
  'refused.other-kiosk': 'This code was issued for another kiosk.',
  'refused.invalid': 'This code is not valid for this kiosk or this card.',
  'refused.expired': 'This code has expired. Ask ops for a new one.',
  'refused.not-yet-valid': 'This code is not valid yet. Check the kiosk’s clock.',
  'refused.too-long': 'This code is valid for longer than this kiosk allows.',
  'refused.used': 'This code has already been used at this kiosk, and a code is accepted only once. Ask ops for a new one.',
  'tries': '{n, plural, one {# try left} other {# tries left}}',
  'locked': 'Too many wrong codes: technician access is locked until {time}',
  'clear': 'Clear the code',
};

export function useWorkOrderText(): (key: WorkOrderKey, params?: MessageParams) => string {
  const { i18n } = useKiosk();
  return useMemo(() => {
    const table = i18n.lang === 'ar' ? workOrderAr : workOrderEn;
    return (key, params = {}) => formatMessage(table[key], params, i18n.locale);
  }, [i18n]);
}
