import { KIOSK_TIME_ZONE } from '../../shared/civil-date';
import { PrinterError } from './errors';
import { type PrintDocument } from './document';
import { drawEmblem } from './emblem';
import { currencyLabel, formatAmount, formatIssuedAt, parseReceipt } from './format';
import { LayoutBuilder } from './layout';
import { type Receipt } from './receipt';

export interface RenderOptions {
  /** 576 for 80 mm paper, 384 for 58 mm. */
  widthDots?: number;
  /** Wall-clock zone of the kiosk, for the printed time. */
  timeZone?: string;
}

/** Fixed labels. Arabic is Modern Standard Arabic as used on Gulf government receipts. */
export const RECEIPT_LABELS = {
  name: { ar: 'الاسم', en: 'Name' },
  id: { ar: 'الرقم الشخصي', en: 'QID' },
  service: { ar: 'الخدمة', en: 'Service' },
  beneficiary: { ar: 'المستفيد', en: 'Beneficiary' },
  details: { ar: 'تفاصيل المبلغ', en: 'DETAILS' },
  total: { ar: 'الإجمالي', en: 'TOTAL' },
  payment: { ar: 'بيانات الدفع', en: 'PAYMENT DETAILS' },
  card: { ar: 'البطاقة', en: 'Card' },
  auth: { ar: 'رمز الموافقة', en: 'Auth code' },
  trace: { ar: 'رقم التتبع', en: 'Trace no.' },
  receiptNo: { ar: 'رقم الإيصال', en: 'Receipt no.' },
  terminal: { ar: 'رقم الجهاز', en: 'Terminal ID' },
  localRef: { ar: 'الرقم المرجعي', en: 'Reference' },
  ministryRef: { ar: 'الرقم المرجعي لدى الوزارة', en: 'Ministry ref.' },
  date: { ar: 'التاريخ والوقت', en: 'Date & time' },
  scan: { ar: 'امسح الرمز لمتابعة طلبك', en: 'Scan to track your request' },
} as const;
const L = RECEIPT_LABELS;

const GAP = 6;
/**
 * Arabic body size in dots. 20 px Noto Sans Arabic (2.5 mm em) reads like the printer's 12x24
 * Latin font; each extra pixel costs ~10% more raster bytes on the wire.
 */
const AR = 20;
/** QR quiet zone: scanners need about four modules of blank paper around the symbol. */
const QUIET = 24;

/**
 * Lays a receipt out as print blocks for one paper width. Each bilingual item is an Arabic line
 * (raster, right-aligned) above an English line (native text, left) that also carries the value:
 * putting both languages on one raster row would cost the full paper width in bytes per dot row.
 */
export function renderReceipt(input: Receipt, options: RenderOptions = {}): PrintDocument {
  const r = parseReceipt(input);
  const width = options.widthDots ?? 576;
  // 58 mm heads have 384 dots, 80 mm heads 576 (some 640): anything else is a settings mistake.
  if (!Number.isInteger(width) || width < 384 || width > 832 || width % 8 !== 0) {
    throw new PrinterError('invalid-config', `printer width ${width} dots is not a receipt printer's (a multiple of 8 from 384 to 832)`);
  }
  const narrow = width < 480;
  const b = new LayoutBuilder(width);
  const cur = { ar: currencyLabel(r.currency, 'ar'), en: currencyLabel(r.currency, 'en') };
  const money = (cents: number) => `${formatAmount(cents)} ${cur.en}`;

  /** An Arabic label above "English label ...... value". */
  const field = (label: { ar: string; en: string }, value: string) => {
    b.arabic(label.ar, { sizePx: AR }).justify(label.en, value).feed(GAP);
  };
  const heading = (label: { ar: string; en: string }) => {
    b.arabic(label.ar, { sizePx: AR + 2, bold: true, align: 'center' }).text(label.en, { align: 'center', bold: true }).feed(GAP);
  };

  // Header: mark, ministry, title.
  b.push({ op: 'raster', bitmap: drawEmblem(narrow ? 56 : 72), align: 'center' }).feed(8);
  b.arabic(r.ministry.nameAr, { sizePx: narrow ? 24 : 28, bold: true, align: 'center' });
  b.text(r.ministry.nameEn.toUpperCase(), { align: 'center', bold: true }).feed(GAP);
  b.rule('=').feed(GAP);
  b.arabic(r.title.ar, { sizePx: narrow ? 24 : 26, bold: true, align: 'center' });
  b.text(r.title.en.toUpperCase(), { align: 'center', bold: true, height: 2 }).feed(GAP);
  b.rule().feed(GAP);

  // Who and what.
  if (r.person.nameAr) b.arabic(`${L.name.ar}: ${r.person.nameAr}`, { sizePx: AR });
  if (r.person.nameEn) b.justify(L.name.en, r.person.nameEn);
  if (r.person.nameAr || r.person.nameEn) b.feed(GAP);
  field(L.id, r.person.idNumberMasked);
  b.arabic(`${L.service.ar}: ${r.service.titleAr}`, { sizePx: AR });
  b.text(`${L.service.en}: ${r.service.titleEn}`).feed(GAP);
  const who = r.beneficiary;
  if (who) {
    // The masked number goes on the Latin line only: its stars are neutral to bidi and would
    // turn it around inside an Arabic line.
    b.arabic(`${L.beneficiary.ar}: ${who.nameAr ?? who.nameEn ?? ''}`, { sizePx: AR });
    b.text(`${L.beneficiary.en}: ${[who.nameEn ?? who.nameAr, who.idNumberMasked].filter(Boolean).join(' ')}`).feed(GAP);
  }
  for (const answer of r.answers ?? []) {
    b.arabic(`${answer.labelAr}: ${answer.valueAr}`, { sizePx: AR });
    b.text(`${answer.labelEn}: ${answer.valueEn}`).feed(GAP);
  }
  if (r.lang === 'ar') {
    b.arabic(`${L.date.ar}: ${formatIssuedAt(r.issuedAt, 'ar', options.timeZone)}`, { sizePx: AR });
    b.justify(L.date.en, numericDate(r.issuedAt, options.timeZone)).feed(GAP);
  } else field(L.date, formatIssuedAt(r.issuedAt, 'en', options.timeZone));
  b.rule().feed(GAP);

  // Amounts.
  heading(L.details);
  for (const line of r.lines) {
    b.arabic(line.labelAr, { sizePx: AR }).justify(line.labelEn, money(line.amountCents)).feed(GAP);
  }
  b.rule('=').feed(GAP);
  b.arabic(`${L.total.ar}: ${formatAmount(r.totalCents)} ${cur.ar}`, { sizePx: AR + 4, bold: true });
  b.justify(L.total.en, money(r.totalCents), { bold: true, height: 2 }).feed(GAP);
  b.rule('=').feed(GAP);

  // Payment.
  const p = r.payment;
  const hasPayment = p.cardType || p.panMasked || p.authCode || p.trace || p.receiptNo || p.terminalId;
  if (hasPayment) {
    heading(L.payment);
    const card = [p.cardType, p.panMasked].filter(Boolean).join(' ');
    if (card) field(L.card, card);
    if (p.authCode) field(L.auth, p.authCode);
    if (p.trace) field(L.trace, p.trace);
    if (p.receiptNo) field(L.receiptNo, p.receiptNo);
    if (p.terminalId) field(L.terminal, p.terminalId);
  }
  if (p.terminalLines?.length) {
    for (const t of p.terminalLines) b.verbatim(t);
    b.feed(GAP);
  }
  b.rule().feed(GAP);

  // References and the QR a service centre scans.
  field(L.localRef, r.localRef);
  if (r.ministryRef) field(L.ministryRef, r.ministryRef);
  b.feed(QUIET);
  b.push({ op: 'qr', data: r.ministryRef ?? r.localRef, moduleSize: narrow ? 5 : 6, ec: 'M', align: 'center' }).feed(QUIET);
  b.arabic(L.scan.ar, { sizePx: AR - 2, align: 'center' });
  b.text(L.scan.en, { align: 'center' }).feed(GAP);
  b.rule().feed(GAP);

  // Footer.
  b.arabic(r.footer.ar, { sizePx: AR - 2, align: 'center' });
  b.text(r.footer.en, { align: 'center' });
  b.feed(40).push({ op: 'cut', mode: 'partial' });
  return b.build();
}

/** A language-neutral date for the English line when the shopper reads Arabic. */
export function numericDate(iso: string, timeZone = KIOSK_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(new Date(iso));
  return parts.replace(',', '');
}
