import shipped from '../../config/services.json';
import { parseCatalog } from '../core/services/load';
import type { ServiceDefinition } from '../core/services/schema';
import type { SignedConfiguration } from './load';

/**
 * The service catalog: the signed bundle's when it carries one, otherwise the one shipped with
 * the app (config/services.json). Catalogs are whole documents, never merged; a bad one is
 * refused whole. The core receives the result as data.
 */
let shippedParsed: readonly ServiceDefinition[] | undefined;
let shippedVersion: string | undefined;

export function loadCatalog(signed?: SignedConfiguration): readonly ServiceDefinition[] {
  if (signed?.catalog !== undefined) return parseCatalog(signed.catalog).services;
  if (!shippedParsed) {
    const parsed = parseCatalog(shipped);
    shippedParsed = parsed.services;
    shippedVersion = parsed.version;
  }
  return shippedParsed;
}

/** Which configuration is active, for the device-state model and the technician: version and origin. */
export function activeConfig(signed?: SignedConfiguration): { version: string; source: string } {
  if (signed?.catalog !== undefined) return { version: parseCatalog(signed.catalog).version, source: signed.source.slice(0, 64) };
  loadCatalog();
  return { version: shippedVersion ?? 'unknown', source: 'shipped' };
}

/** The shipped catalog, for tests and tools that want the real services without a bundle. */
export const shippedCatalog = (): readonly ServiceDefinition[] => loadCatalog();
