import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules are part of the architecture, so they are tested: each case is a file a
 * developer might write, linted at its real path with the project's config.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it.each([
    ['renderer/src/x.ts', "import { readFileSync } from 'fs'; export const f = readFileSync;"],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs'; export const f = readFileSync;"],
    ['renderer/src/x.ts', "import { openSerial } from '../../drivers/transport/serial'; export const f = openSerial;"],
    ['renderer/src/x.ts', "import { Outbox } from '../../offline-cache'; export const f = Outbox;"],
    ['renderer/src/x.ts', "import { SessionService } from '../../main/core/session'; export const f = SessionService;"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron'; export const f = ipcRenderer;"],
    ['drivers/card/x.ts', "import { app } from 'electron'; export const f = app;"],
    ['drivers/card/x.ts', "import React from 'react'; export const f = React;"],
    ['offline-cache/x.ts', "import { KioskCore } from '../main/core/kiosk-core'; export const f = KioskCore;"],
    ['main/core/x.ts', "import { BrowserWindow } from 'electron'; export const f = BrowserWindow;"],
    ['main/contract/x.ts', "import { readFileSync } from 'node:fs'; export const f = readFileSync;"],
    ['renderer/src/x.ts', "import { startGatewaySimulator } from '../../gateway'; export const f = startGatewaySimulator;"],
    ['drivers/card/x.ts', "import { x } from '../../main'; export const f = x;"],
  ])('refuses %s importing: %s', async (file, code) => {
    expect(await violations(file, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/x.ts', "import { Intent } from '../../main/contract'; export const f = Intent;"],
    ['renderer/src/x.ts', "import { KioskState } from '../../main/contract/state'; export const f = KioskState;"],
    ['main/electron/x.ts', "import { app } from 'electron'; export const f = app;"],
    ['drivers/card/x.ts', "import { EventEmitter } from 'node:events'; export const f = EventEmitter;"],
  ])('allows %s importing: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
