import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

/**
 * Reads gateway/openapi.yaml and checks values against its schemas. The checker covers the
 * JSON Schema keywords the document uses (type, properties, required, additionalProperties,
 * items, enum, const, pattern, format, min/max, $ref); an unknown keyword fails loudly rather
 * than passing silently.
 */

export type Schema = Record<string, unknown>;
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, Schema>; requestBody?: Schema; parameters?: Schema[] }>>;
  components: Record<string, Record<string, Schema>>;
}

export function loadOpenApi(): OpenApiDoc {
  return load(readFileSync(new URL('../../gateway/openapi.yaml', import.meta.url), 'utf8')) as OpenApiDoc;
}

export function resolveRef(doc: OpenApiDoc, node: Schema): Schema {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const parts = ref.replace(/^#\//, '').split('/');
  let cur: unknown = doc;
  for (const p of parts) cur = (cur as Record<string, unknown> | undefined)?.[p];
  if (!cur) throw new Error(`unresolved $ref ${ref}`);
  return resolveRef(doc, cur as Schema);
}

const KNOWN = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'description', '$ref']);
const FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Returns the list of violations (empty when the value conforms). */
export function check(doc: OpenApiDoc, schemaOrRef: Schema, value: unknown, at = '$'): string[] {
  const schema = resolveRef(doc, schemaOrRef);
  const errors: string[] = [];
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) errors.push(`${at}: checker does not know keyword "${k}"`);
  const t = typeOf(value);
  if (typeof schema.type === 'string' && schema.type !== t && !(schema.type === 'number' && t === 'integer')) {
    return [...errors, `${at}: expected ${schema.type}, got ${t}`];
  }
  if ('const' in schema && value !== schema.const) errors.push(`${at}: expected ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
    if (typeof schema.format === 'string' && FORMATS[schema.format] && !FORMATS[schema.format]!.test(value)) errors.push(`${at}: not a ${schema.format}`);
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (t === 'array') {
    const length = (value as unknown[]).length;
    if (typeof schema.minItems === 'number' && length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
  }
  if (t === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) => errors.push(...check(doc, schema.items as Schema, item, `${at}[${i}]`)));
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) errors.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errors.push(...check(doc, props[k], v, `${at}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property ${k}`);
    }
  }
  return errors;
}

/** The JSON schema documented for one operation's answer with this status. */
export function responseSchema(doc: OpenApiDoc, method: string, path: string, status: number): Schema | undefined {
  const op = doc.paths[path]?.[method];
  const res = op?.responses[String(status)];
  if (!res) return undefined;
  const content = resolveRef(doc, res).content as Record<string, { schema: Schema }> | undefined;
  return content?.['application/json']?.schema;
}
