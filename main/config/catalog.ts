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

export function loadCatalog(signed?: SignedConfiguration): readonly ServiceDefinition[] {
  if (signed?.catalog !== undefined) return parseCatalog(signed.catalog).services;
  shippedParsed ??= parseCatalog(shipped).services;
  return shippedParsed;
}

/** The shipped catalog, for tests and tools that want the real services without a bundle. */
export const shippedCatalog = (): readonly ServiceDefinition[] => loadCatalog();
