import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../core/ports';

export interface KioskOptions {
  dataDir: string;
  simulate: boolean;
  log: Logger;
}

export interface RunningKiosk {
  core: KioskCore;
  close(): Promise<void>;
}

export async function startKiosk(_options: KioskOptions): Promise<RunningKiosk> {
  throw new Error('not composed yet');
}
