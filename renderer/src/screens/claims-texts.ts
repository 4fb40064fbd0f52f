import { useMemo } from 'react';
import { formatMessage, type MessageParams } from '../i18n/format';
import { useKiosk } from '../kiosk-context';

/**
 * The financial claims' words, in a table of their own so they load with the claims screen and
 * not with every shopper's start (the technician's texts do the same). Arabic defines the keys,
 * English has exactly the same ones, Arabic plurals spell all six forms.
 */
export const claimsAr = {
  title: 'المطالبات المالية',
  selected:
    '{count, plural, zero {لم تُحدَّد أي مطالبة} one {مطالبة واحدة محددة} two {مطالبتان محددتان} few {# مطالبات محددة} many {# مطالبة محددة} other {# مطالبة محددة}}',
  'kind.service-fee': 'رسوم خدمة',
  'kind.fine': 'غرامة',
  'kind.ticket': 'مخالفة',
  department: 'الجهة المُصدِرة',
  elsewhere: 'لا يمكن سدادها من هذا الجهاز، ويمكن سدادها {where}',
};

export type ClaimsKey = keyof typeof claimsAr;

export const claimsEn: { readonly [K in ClaimsKey]: string } = {
  title: 'Financial claims',
  selected: '{count, plural, =0 {No claims selected} one {# claim selected} other {# claims selected}}',
  'kind.service-fee': 'Service fee',
  'kind.fine': 'Fine',
  'kind.ticket': 'Ticket',
  department: 'Issued by',
  elsewhere: 'It cannot be paid at this kiosk; pay it {where}',
};

export function useClaimsText(): (key: ClaimsKey, params?: MessageParams) => string {
  const { i18n } = useKiosk();
  return useMemo(() => {
    const table = i18n.lang === 'ar' ? claimsAr : claimsEn;
    return (key, params = {}) => formatMessage(table[key], params, i18n.locale);
  }, [i18n]);
}
