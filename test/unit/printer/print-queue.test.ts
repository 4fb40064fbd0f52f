import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterSimulator, type Receipt, SAMPLE_RECEIPT_PATH } from '../../../drivers/printer';
import { PrintQueue } from '../../../drivers/printer/print-queue';
import { PrintJournal } from '../../../offline-cache/print-journal';
import { useTempDir } from '../../support/temp-db';
import { createMemoryPair } from '../../support/transport';

const sample = () => JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;

describe('PrintQueue edges (in-memory link to the simulator)', () => {
  const tmp = useTempDir('pq-unit-');
  let journal: PrintJournal;
  let queue: PrintQueue;

  beforeEach(() => {
    journal = new PrintJournal(tmp.db().db);
    const link = createMemoryPair();
    new PrinterSimulator(link.device, { outDir: join(tmp.dir(), 'out') });
    // The timeout is not under test here; a short one failed jobs when a loaded machine rendered a receipt slowly.
    queue = new PrintQueue({ journal, connect: async () => link.host, pollMs: 50, statusTimeoutMs: 5_000 });
  });
  afterEach(async () => {
    await queue.stop();
  });

  it('an invalid receipt is refused before anything is recorded, naming fields not values', async () => {
    await queue.start();
    const bad = { ...sample(), totalCents: 1 };
    await expect(queue.print(bad)).rejects.toMatchObject({ code: 'invalid-receipt', message: expect.stringContaining('totalCents') });
    expect(journal.list()).toHaveLength(0);
  });

  it('the journal keeps the masked receipt, never a full card number', async () => {
    await queue.start();
    const r = sample();
    const outcome = await queue.print({ ...r, payment: { ...r.payment, panMasked: '4111111111111234' } });
    expect(JSON.stringify(journal.receipt(outcome.jobId))).not.toContain('4111111111');
    expect(JSON.stringify(journal.receipt(outcome.jobId))).toContain('1234');
  });

  it('reprint of an unknown or a printed job is refused with a code', async () => {
    await queue.start();
    await expect(queue.reprint(42)).rejects.toMatchObject({ code: 'unknown-job' });
    const outcome = await queue.print(sample());
    expect(outcome.state).toBe('printed');
    await expect(queue.reprint(outcome.jobId)).rejects.toMatchObject({ code: 'not-reprintable' });
  });

  it('jobs run one at a time in the order asked', async () => {
    await queue.start();
    const states: string[] = [];
    queue.on('job', (j) => states.push(`${j.jobId}:${j.state}`));
    const [a, b] = await Promise.all([queue.print(sample()), queue.print({ ...sample(), lang: 'en' })]);
    expect([a.state, b.state]).toEqual(['printed', 'printed']);
    const order = states.filter((s) => !s.endsWith('queued'));
    expect(order).toEqual([`${a.jobId}:printing`, `${a.jobId}:printed`, `${b.jobId}:printing`, `${b.jobId}:printed`]);
  });
});

describe('PrintQueue stopped (a technician restarts the printer on a new port)', () => {
  const tmp = useTempDir('pq-stop-');

  it('a status question still waiting when the queue stops reports nothing afterwards', async () => {
    // The restart stops this queue and opens another on the new port; a late 'unavailable' from
    // the old one would land after the new one's 'ready' and leave the printer shown offline.
    const link = createMemoryPair();
    new PrinterSimulator(link.device, { outDir: join(tmp.dir(), 'out') });
    const queue = new PrintQueue({ journal: new PrintJournal(tmp.db().db), connect: async () => link.host, pollMs: 60_000, statusTimeoutMs: 150 });
    await queue.start();
    expect(queue.level).toBe('ready');
    const levels: string[] = [];
    queue.on('status', (e) => levels.push(e.level));
    link.inject('to-host', { kind: 'drop' });
    const waiting = queue.refresh();
    await queue.stop();
    await waiting;
    await new Promise((r) => setTimeout(r, 300));
    expect(levels).toEqual([]);
  });
});
