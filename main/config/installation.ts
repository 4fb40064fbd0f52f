import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A packaged kiosk says so in its data folder, so kioskctl, run by a technician on that folder,
 * takes the gateway and the devices by the same rules as the kiosk: from the signed bundle in
 * force, with the environment's KIOSK_GATEWAY_URL and the like refused by name. kioskctl is a
 * development tool first and cannot ask Electron whether it is packaged; the folder knows.
 */
const PACKAGED_MARK = 'packaged-installation';

export function markPackagedInstallation(dataDir: string): void {
  if (isPackagedInstallation(dataDir)) return;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, PACKAGED_MARK), 'this data folder belongs to a packaged kiosk: kioskctl reads its settings as the kiosk does\n', { mode: 0o600 });
}

export function isPackagedInstallation(dataDir: string): boolean {
  return existsSync(join(dataDir, PACKAGED_MARK));
}
