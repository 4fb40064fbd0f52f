import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import demoTechnician from '../../drivers/card/sim/demo-technician.json';
import { openKioskDb } from '../../offline-cache/db';
import { PaymentJournal } from '../../offline-cache/payment-journal';
import { type E2eKiosk, noShopper, stepOf, typePin } from './harness';
import { screen, TECHNICIAN_PIN, useTechnicianKiosk } from './technician-harness';

/**
 * A technician's whole visit through the real UI, a real virtual technician card on pcscd, the
 * simulated printer and terminal on ptys and the gateway simulator: the PIN (wrong, then right;
 * and a lockout), every self-test, out of service on and off, and the way back to the attract
 * screen, in both languages, each step photographed for the gallery.
 */
const tech = useTechnicianKiosk();

async function runTest(e: E2eKiosk, test: string, confirm?: boolean) {
  await e.page.getByTestId(`run-${test}`).click();
  if (confirm !== undefined) {
    await e.page.waitForSelector(`[data-testid="confirm-${test}"]`);
    await e.shot(`confirm-${test}`);
    await e.page.getByTestId(confirm ? 'confirm-yes' : 'confirm-no').click();
  }
  await e.page.waitForSelector(`[data-testid="test-${test}"][data-state="passed"], [data-testid="test-${test}"][data-state="failed"]`, { timeout: 30_000 });
  return e.page.getByTestId(`test-${test}`).getAttribute('data-state');
}

/**
 * A paid request the ministry refused whose money could not go back to the card, written into
 * the running kiosk's own outbox and journal as delivery and the payment service write them.
 * All in one turn of the event loop, so the kiosk's delivery loop cannot take the entry meanwhile.
 */
function seedRefusedPaidRequest(e: E2eKiosk) {
  const db = openKioskDb(join(e.dataDir, 'kiosk.db'));
  try {
    const journal = new PaymentJournal(db);
    const payment = journal.recordIntent({ sessionId: 'e2e', requestId: `e2e-${Date.now()}`, amountCents: 50_000, currency: 'QAR' });
    journal.recordOutcome(payment.id, 'approved', { trace: 901, receiptNo: 77, terminalId: '52001234' });
    const outbox = e.kiosk.outbox;
    const entry = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'e2e-person', payload: { serviceId: 'renew-residence-permit' }, paymentRef: payment.id });
    journal.markFulfilled(payment.id, entry.id);
    outbox.claimDue();
    outbox.markRejected(entry.id, 'amount-mismatch', 'refused in the e2e test');
    journal.markRefundOwed(payment.id, 'gateway rejected: amount-mismatch');
    return { localRef: entry.localRef, paymentId: payment.id };
  } finally {
    db.close();
  }
}

/** The queue and money page: the refused request with its payment, the refund recorded, a retry, a drain. */
async function queuePage(e: E2eKiosk, lang: 'ar' | 'en') {
  const { page } = e;
  const seeded = seedRefusedPaidRequest(e);
  await page.getByTestId('tech-page-queue').click();
  await page.waitForSelector(screen('techQueue'));
  await page.waitForSelector(`[data-testid="dead-${seeded.localRef}"]`);
  expect(await page.getByTestId(`dead-${seeded.localRef}-payment`).textContent()).toContain(lang === 'ar' ? 'يجب ردُّ المبلغ' : 'Refund owed');
  // The service by its name in the page's language, the refusal in words (its code beside them).
  expect(await page.getByTestId(`dead-${seeded.localRef}-service`).textContent()).toContain(lang === 'ar' ? 'تجديد الإقامة' : 'Renew a residence permit');
  expect(await page.locator(`[data-testid="dead-${seeded.localRef}"] [data-testid="reject-reason"]`).textContent()).toBe(
    lang === 'ar' ? 'المبلغ لا يطابق المسجَّل لدى الوزارة · amount-mismatch' : 'The amount does not match the ministry’s record · amount-mismatch',
  );
  expect(await page.getByTestId('count-paidDead').getAttribute('data-count')).toBe('1');
  await e.shot('queue');
  await page.getByTestId(`retry-${seeded.localRef}`).click();
  await page.waitForSelector('[data-testid="queue-last"][data-action="retry"][data-result="done"]');
  await page.getByTestId('queue-drain').click();
  await page.waitForSelector('[data-testid="queue-last"][data-action="drain"][data-result="done"]');
  await page.getByTestId(`refund-${seeded.paymentId}`).click();
  await page.waitForSelector(`[data-testid="refund-how-${seeded.paymentId}"]`);
  await e.shot('queue-refund-how');
  await page.getByTestId('refund-cash').click();
  await page.waitForSelector('[data-testid="queue-last"][data-action="refunded"][data-result="done"]');
  expect(await page.locator(`[data-testid="payment-${seeded.paymentId}"]`).count()).toBe(0);
  // Its money went back: the request is not offered for sending again.
  expect(await page.locator(`[data-testid="retry-${seeded.localRef}"]`).count()).toBe(0);
  await e.shot('queue-after');
  await page.getByTestId('tech-page-devices').click();
  await page.waitForSelector(screen('diagnostics'));
}

/**
 * The logs page: a printer that runs out of paper on its pty shows up among the printer's lines
 * and in its warning count, and nothing of the technician's card (read by the card self-test)
 * is on the page but its masked number.
 */
async function logsPage(e: E2eKiosk, lang: 'ar' | 'en') {
  const { page, kiosk } = e;
  await page.getByTestId('tech-page-logs').click();
  await page.waitForSelector(screen('techLogs'));
  // The reader read the technician's own card: its lines say so, but not who it is.
  await page.getByTestId('logs-filter-card').click();
  await page.waitForSelector('[data-testid="logs-filter-card-current"]');
  await page.waitForSelector('[data-testid="log-line"][data-event="card.read"]');
  const text = (await page.locator('body').textContent()) ?? '';
  for (const personal of [demoTechnician.idNumber, demoTechnician.surname, demoTechnician.surnameAr, demoTechnician.givenNamesAr]) expect(text).not.toContain(personal);
  await page.getByTestId('logs-filter-printer').click();
  await page.waitForSelector('[data-testid="logs-filter-printer-current"]');
  expect(await page.locator('[data-testid="log-line"]:not([data-source="printer"])').count()).toBe(0);
  const warnings = Number(await page.getByTestId('log-count-printer').getAttribute('data-warnings'));
  kiosk.world!.lab.setPrinterPaperOut(true);
  await page.waitForSelector(`[data-testid="log-count-printer"][data-warnings="${warnings + 1}"]`, { timeout: 15_000 });
  const line = page.locator('[data-testid="log-line"][data-level="warn"][data-event="device-state"]').first();
  expect(await line.textContent()).toContain('reason=paper-out');
  expect(await line.textContent()).toContain(lang === 'ar' ? 'تحذير · طابعة الإيصالات' : 'Warning · Receipt printer');
  await e.shot('logs-printer');
  kiosk.world!.lab.setPrinterPaperOut(false);
  await page.waitForSelector('[data-testid="log-line"][data-level="info"][data-event="device-state"]:has-text("status=online")', { timeout: 15_000 });
  await page.getByTestId('logs-filter-all').click();
  await page.waitForSelector('[data-testid="logs-filter-all-current"]');
  await e.shot('logs-all');
  await page.getByTestId('tech-page-devices').click();
  await page.waitForSelector(screen('diagnostics'));
}

describe('a technician visit in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`enters with card and PIN, runs every self-test, takes the kiosk out of service and back, and leaves (${lang})`, async () => {
      const e = await tech.atPin(`technician-visit-${lang}`, lang);
      const { page, kiosk } = e;
      await e.shot('pin');
      expect(noShopper(kiosk) || kiosk.session.snapshot.mode.kind === 'technician').toBe(true);

      await typePin(e, '111111');
      await page.waitForSelector('[data-testid="pin-wrong"]', { timeout: 10_000 });
      expect(await page.getByTestId('pin-wrong').textContent()).toContain(lang === 'ar' ? 'تبقَّت محاولتان' : '2 tries left');
      await e.shot('pin-wrong');
      // The door refuses a second try within a second of a wrong one: wait as a person would.
      await page.waitForTimeout(1100);
      await typePin(e, TECHNICIAN_PIN);
      await page.waitForSelector(screen('diagnostics'), { timeout: 10_000 });
      await page.waitForSelector('[data-testid="device-cardReader"][data-status="online"]');
      await e.shot('diagnostics');
      expect(stepOf(kiosk, 'diagnostics').devices.terminal.status).toBe('online');

      expect(await runTest(e, 'card')).toBe('passed');
      expect(await page.getByTestId('test-card-idNumberMasked').textContent()).toContain('290');
      expect(await runTest(e, 'printer')).toBe('passed');
      expect(await page.getByTestId('test-printer-paperAfter').textContent()).toContain(lang === 'ar' ? 'متوفر' : 'OK');
      expect(await runTest(e, 'terminal')).toBe('passed');
      expect(await runTest(e, 'endOfDay', true)).toBe('passed');
      expect(await runTest(e, 'gateway')).toBe('passed');
      expect(await runTest(e, 'audio', true)).toBe('passed');
      await e.shot('self-tests');
      await queuePage(e, lang);
      await logsPage(e, lang);

      await page.getByTestId('tech-oos-on').click();
      await page.waitForSelector('[data-testid="tech-oos-off"]');
      await e.shot('out-of-service-on');
      await page.getByTestId('tech-exit').click();
      await page.waitForSelector(screen('outOfService'), { timeout: 15_000 });
      await kiosk.world!.lab.removeCard();
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await e.shot('out-of-service');
      // A shopper's card while out of service: nothing opens, nothing of theirs is shown.
      await kiosk.world!.lab.insertCard();
      await page.waitForTimeout(1500);
      expect(await page.locator(screen('outOfService')).count()).toBe(1);
      expect(kiosk.session.snapshot.mode.kind).toBe('outOfService');
      await kiosk.world!.lab.removeCard();

      await kiosk.world!.lab.insertCard(undefined, 'technician');
      await page.waitForSelector(screen('technicianPin'), { timeout: 10_000 });
      await typePin(e, TECHNICIAN_PIN);
      await page.waitForSelector('[data-testid="tech-oos-off"]', { timeout: 10_000 });
      await page.getByTestId('tech-oos-off').click();
      await page.waitForSelector('[data-testid="tech-oos-on"]');
      await kiosk.world!.lab.removeCard();
      await page.waitForSelector('[data-testid="notice"][data-code="back-in-service"]', { timeout: 15_000 });
      await page.waitForSelector(screen('attract'));
      await e.shot('back-in-service');

      const audit = kiosk.audit;
      expect(audit.verify().ok).toBe(true);
      const actions = audit.entries().map((a) => a.action);
      expect(actions).toEqual([
        'technician-card', 'pin-wrong', 'enter', 'selftest', 'selftest', 'selftest', 'selftest', 'selftest', 'selftest', 'queue-retry', 'queue-drain', 'refunded', 'out-of-service-on', 'exit',
        'technician-card', 'enter', 'out-of-service-off', 'exit',
      ]);
      expect(audit.entries().every((a) => a.actor === '290••••••77')).toBe(true);
      expect(e.violations).toEqual([]);
    }, 120_000);
  }

  for (const lang of ['ar', 'en'] as const) {
    it(`locks the technician door after the last wrong PIN (${lang})`, async () => {
      const e = await tech.atPin(`technician-lockout-${lang}`, lang, { maxTries: 2, lockoutMs: 600_000 });
      const { page, kiosk } = e;
      await typePin(e, '111111');
      await page.waitForSelector('[data-testid="pin-wrong"]', { timeout: 10_000 });
      await page.waitForTimeout(1100);
      await typePin(e, '222222');
      await page.waitForSelector('[data-testid="tech-locked"]', { timeout: 10_000 });
      expect(await page.locator('[data-testid="pin-submit"]').count()).toBe(0);
      await e.shot('locked');
      await kiosk.world!.lab.removeCard();
      await page.waitForSelector(screen('attract'), { timeout: 10_000 });
      expect(noShopper(kiosk)).toBe(true);
      expect(e.violations).toEqual([]);
    }, 60_000);
  }
});
