import { Catalog } from './schema';

export class CatalogError extends Error {
  readonly code = 'invalid-catalog';
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

/** Parses a catalog document; a bad one is refused whole, naming where it is wrong. */
export function parseCatalog(json: unknown): Catalog {
  const parsed = Catalog.safeParse(json);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new CatalogError(`the service catalog is invalid: ${where.join('; ')}`);
}
