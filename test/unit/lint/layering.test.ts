import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules are part of the architecture, so they are tested: each case is a file a
 * developer might write, linted at its real path with the project's config.
 */
const eslint = new ESLint({ cwd: process.cwd() });
// import-x/no-cycle walks the real module graph behind each import (compose.ts reaches most of the
// kiosk), which takes seconds on a loaded machine; speed is not what these cases check.
const lintTimeout = { timeout: 30_000 };

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('errors', lintTimeout, () => {
  it('refuses reading an error code through a cast', async () => {
    const [result] = await eslint.lintText("export const f = (err: unknown) => (err as { code?: string }).code;", { filePath: 'main/app/x.ts' });
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-syntax');
  });
});

describe('import cycles', lintTimeout, () => {
  it('refuses a module importing one that imports it back', async () => {
    // offline-cache/outbox.ts imports OutboxError from errors.ts: errors.ts importing the outbox closes a loop.
    const [result] = await eslint.lintText("import { Outbox } from './outbox'; export const f = Outbox;", { filePath: 'offline-cache/errors.ts' });
    expect(result?.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });

  it('lets a type-only import close a loop: it loads nothing', async () => {
    const [result] = await eslint.lintText("import type { Outbox } from './outbox'; export type F = Outbox;", { filePath: 'offline-cache/errors.ts' });
    expect(result?.messages.map((m) => m.ruleId)).not.toContain('import-x/no-cycle');
  });
});

describe('layering lint', lintTimeout, () => {
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
    // The fenced core: ports and data only.
    ['main/core/x.ts', "import { CardReaderService } from '../../drivers/card'; export const f = CardReaderService;"],
    ['main/core/services/x.ts', "import { openSerial } from '../../../drivers/transport/serial'; export const f = openSerial;"],
    ['main/core/x.ts', "import { Outbox } from '../../offline-cache/outbox'; export const f = Outbox;"],
    ['main/core/x.ts', "import { startGatewaySimulator } from '../../gateway'; export const f = startGatewaySimulator;"],
    ['main/core/x.ts', "import { GatewayClient } from '../gateway/client'; export const f = GatewayClient;"],
    ['main/core/x.ts', "import { readFileSync } from 'node:fs'; export const f = readFileSync;"],
    ['main/core/x.ts', "import { readFile } from 'fs/promises'; export const f = readFile;"],
    ['main/core/x.ts', "import { spawn } from 'node:child_process'; export const f = spawn;"],
    ['main/core/x.ts', "import Database from 'better-sqlite3'; export const f = Database;"],
    ['main/core/x.ts', "import shipped from '../../config/services.json'; export const f = shipped;"],
    ['main/core/x.ts', "import { loadSettings } from '../config'; export const f = loadSettings;"],
    ['main/core/x.ts', "import { startKiosk } from '../app/compose'; export const f = startKiosk;"],
    ['main/config/x.ts', "import { app } from 'electron'; export const f = app;"],
    // The dev preview runs the real session under Node, never in the renderer or Electron.
    ['renderer/src/x.ts', "import { startPreview } from '../../main/dev/preview'; export const f = startPreview;"],
    ['main/dev/x.ts', "import { app } from 'electron'; export const f = app;"],
    // shared/ is imported by every layer, so it imports nothing.
    ['shared/x.ts', "import { z } from 'zod'; export const f = z;"],
    ['shared/x.ts', "import { EventEmitter } from 'node:events'; export const f = EventEmitter;"],
    ['shared/x.ts', "import { KioskState } from '../main/contract'; export const f = KioskState;"],
    // The bundle's text check reads the renderer's message tables, nothing else of the renderer.
    ['main/config/bundle/texts.ts', "import { App } from '../../../renderer/src/App'; export const f = App;"],
    ['main/config/bundle/texts.ts', "import { formatMessage } from '../../../renderer/src/i18n/format'; export const f = formatMessage;"],
    ['main/config/bundle/schema.ts', "import { ar } from '../../../renderer/src/i18n/ar'; export const f = ar;"],
    // Shared test helpers live in test/support, not in a unit test's folder.
    ['test/integration/printer/x.test.ts', "import { compareImages } from '../../unit/printer/image-diff'; export const f = compareImages;"],
    ['test/e2e/x.test.ts', "import { makeKiosk } from '../unit/core/fakes'; export const f = makeKiosk;"],
    ['test/support/x.ts', "import { f as g } from '../unit/payment/fixtures'; export const f = g;"],
  ])('refuses %s importing: %s', async (file, code) => {
    expect(await violations(file, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/x.ts', "import { Intent } from '../../main/contract'; export const f = Intent;"],
    ['renderer/src/x.ts', "import { KioskState } from '../../main/contract/state'; export const f = KioskState;"],
    ['main/electron/x.ts', "import { app } from 'electron'; export const f = app;"],
    ['drivers/card/x.ts', "import { EventEmitter } from 'node:events'; export const f = EventEmitter;"],
    ['main/core/x.ts', "import { KioskState } from '../contract'; import { z } from 'zod'; export const f = [KioskState, z];"],
    ['main/core/services/x.ts', "import { Catalog } from './schema'; import { randomUUID } from 'node:crypto'; export const f = [Catalog, randomUUID];"],
    ['main/app/x.ts', "import { readFileSync } from 'node:fs'; import { Outbox } from '../../offline-cache'; export const f = [readFileSync, Outbox];"],
    ['main/config/x.ts', "import shipped from '../../config/kiosk.json'; import { printerLinkSchema } from '../../drivers/printer/link'; export const f = [shipped, printerLinkSchema];"],
    // The coded-error base is for every layer.
    ...['renderer/src/x.ts', 'main/contract/x.ts', 'main/core/x.ts', 'drivers/card/x.ts', 'offline-cache/x.ts', 'gateway/x.ts'].map((file) => [file, `import { errorCode } from '${'../'.repeat(file.split('/').length - 1)}shared/coded-error'; export const f = errorCode;`]),
    ['shared/x.ts', "import { CodedError } from './coded-error'; export const f = CodedError;"],
    ['main/config/bundle/texts.ts', "import { ar } from '../../../renderer/src/i18n/ar'; import { en } from '../../../renderer/src/i18n/en'; export const f = [ar, en];"],
    ['test/integration/printer/x.test.ts', "import { waitFor } from '../../support/wait'; import { openSerial } from '../../../drivers/transport/serial'; export const f = [waitFor, openSerial];"],
  ])('allows %s importing: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
