import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log';
import { type LabControls, type LabServer, startLabServer } from '../../../main/lab/server';

const calls: string[] = [];
const controls: LabControls = {
  insertCard: async (identity, variant) => void calls.push(`insert:${identity ? 'custom' : (variant ?? 'demo')}`),
  cardVariants: ['demo', 'pin', 'belpic', 'expired', 'technician'],
  removeCard: async () => void calls.push('remove'),
  terminalScenarios: ['approve', 'decline'],
  setTerminalScenario: (name) => void calls.push(`scenario:${name}`),
  setGatewayDown: (down) => void calls.push(`gateway:${down}`),
  setPrinterPaperOut: (out) => void calls.push(`paper:${out}`),
  lastReceiptPng: () => (calls.includes('paper:true') ? Buffer.from([0x89, 0x50, 0x4e, 0x47]) : undefined),
};
let lab: LabServer;
beforeAll(async () => {
  lab = await startLabServer(controls, silentLogger);
});
afterAll(() => lab.close());

const post = (body: unknown, token = lab.token) =>
  fetch(new URL('action', lab.url), { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

describe('lab server', () => {
  it('drives the simulated devices with its token and refuses without it', async () => {
    expect((await post({ action: 'card-insert' })).status).toBe(200);
    expect((await post({ action: 'card-insert', identity: { idNumber: '1' } })).status).toBe(200);
    expect((await post({ action: 'card-insert', variant: 'pin' })).status).toBe(200);
    expect((await post({ action: 'card-insert', variant: 'gold' })).status).toBe(400);
    expect((await post({ action: 'terminal-scenario', scenario: 'decline' })).status).toBe(200);
    expect((await post({ action: 'gateway', down: true })).status).toBe(200);
    expect((await post({ action: 'card-remove' })).status).toBe(200);
    expect((await post({ action: 'card-remove' }, 'wrong')).status).toBe(403);
    expect((await post({ action: 'format-disk' })).status).toBe(400);
    expect((await post({ action: 'terminal-scenario', scenario: 'explode' })).status).toBe(400);
    expect(calls).toEqual(['insert:demo', 'insert:custom', 'insert:pin', 'scenario:decline', 'gateway:true', 'remove']);
  });

  it('serves a clickable page whose forms post back with the token', async () => {
    expect((await fetch(lab.url)).status).toBe(403);
    const page = await fetch(`${lab.url}?token=${lab.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Insert demo card');
    const form = await fetch(new URL(`action?token=${lab.token}`, lab.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'printer-paper', out: 'true' }),
    });
    expect(form.status).toBe(303);
    expect(calls.at(-1)).toBe('paper:true');
    const png = await fetch(`${lab.url}last-receipt.png?token=${lab.token}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect((await fetch(`${lab.url}last-receipt.png`)).status).toBe(403);
  });
});
