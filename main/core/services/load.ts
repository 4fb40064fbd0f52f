import { CodedError } from '../../../shared/coded-error';
import { Catalog } from './schema';

export class CatalogError extends CodedError<'invalid-catalog'> {
  override readonly name = 'CatalogError';
  constructor(message: string) {
    super('invalid-catalog', message);
  }
}

/** Parses a catalog document; a bad one is refused whole, naming where it is wrong. */
export function parseCatalog(json: unknown): Catalog {
  const parsed = Catalog.safeParse(json);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new CatalogError(`the service catalog is invalid: ${where.join('; ')}`);
}
