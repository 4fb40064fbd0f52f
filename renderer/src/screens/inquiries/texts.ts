import { useMemo } from 'react';
import { formatMessage, type MessageParams } from '../../i18n/format';
import { useKiosk } from '../../kiosk-context';
import { type InquiryKey, inquiryAr, inquiryEn } from '../../i18n/inquiries';

export type { InquiryKey } from '../../i18n/inquiries';

/** `t` for the inquiries' answers, in the language on screen, with the configuration's overrides (main checked them). */
export function useInquiryText(): (key: InquiryKey, params?: MessageParams) => string {
  const { i18n, state } = useKiosk();
  const overrides = state.texts?.[i18n.lang];
  return useMemo(() => {
    const table: Readonly<Record<string, string>> = i18n.lang === 'ar' ? inquiryAr : inquiryEn;
    return (key, params = {}) => formatMessage((overrides && Object.hasOwn(overrides, key) ? overrides[key] : undefined) ?? table[key]!, params, i18n.locale);
  }, [i18n, overrides]);
}
