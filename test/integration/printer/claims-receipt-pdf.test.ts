import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { receiptPdf } from '../../../drivers/printer/pdf';
import { toReceipt } from '../../../main/app/adapters';
import type { ReceiptRequest } from '../../../main/core/ports';
import { approved, identity, makeKiosk, tick } from '../../support/core-fakes';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'claims-receipt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The receipt the session asks for after paying two claims, for a sponsored person and for oneself. */
async function paidReceipt(beneficiaryId: string, amountCents: number): Promise<ReceiptRequest> {
  const k = makeKiosk();
  k.session.cardInserted();
  k.session.identityRead(identity, true);
  await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-financial-claims' });
  await tick();
  await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId });
  await tick();
  await k.core.dispatch({ type: 'review' });
  await k.core.dispatch({ type: 'confirmPayment' });
  k.terminal.finish(approved(amountCents));
  await tick();
  await tick();
  expect(k.printed).toHaveLength(1);
  return k.printed[0]!;
}

/**
 * The claims' receipt as the print queue keeps its PDF copy, read back by poppler (an independent
 * PDF reader), as the sample fines receipt is: every font embedded, and the paper lists each
 * claim paid with its amount, the total and for whom.
 */
describe('financial claims receipt PDF', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`${lang}: lists the claims paid, the total and the beneficiary; all fonts embedded`, async () => {
      const own = await paidReceipt('self', 15_000);
      const sponsored = await paidReceipt('SP-emp', 50_000);
      for (const [name, request] of [['own', own], ['sponsored', sponsored]] as const) {
        const file = join(dir, `${name}-${lang}.pdf`);
        writeFileSync(file, await receiptPdf(toReceipt({ ...request, lang })));
        const fonts = (await run('pdffonts', [file])).stdout.trim().split('\n').slice(2);
        for (const line of fonts) expect(line).toMatch(/ yes yes yes /);
        const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
        expect(text).toContain(request.localRef);
        if (lang === 'en') for (const line of request.lines) expect(text).toContain(line.labelEn);
      }
      const ownText = (await run('pdftotext', ['-layout', join(dir, `own-${lang}.pdf`), '-'])).stdout;
      expect(ownText).toMatch(/50\.00/);
      expect(ownText).toMatch(/100\.00/);
      expect(ownText).toMatch(/150\.00/);
      const sponsoredText = (await run('pdftotext', ['-layout', join(dir, `sponsored-${lang}.pdf`), '-'])).stdout;
      expect(sponsoredText).toMatch(/500\.00/);
      // For whom, masked, as the printed receipt says it.
      expect(sponsoredText).toContain('356******71');
      if (lang === 'en') expect(sponsoredText).toContain('Beneficiary: Rajesh Kumar');
    });
  }
});
