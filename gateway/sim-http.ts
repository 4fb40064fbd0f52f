import { CodedError } from '../shared/coded-error';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ZodType } from 'zod';

/** Plain HTTP plumbing of the gateway simulator: bodies in, JSON answers out, errors as {code, message}. */

const MAX_BODY = 64 * 1024;

export class HttpProblem extends CodedError {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HttpProblem(413, 'too-large', 'The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Validation messages name the field and the rule, never the value (it may be a QID). */
export function parseJson<T>(schema: ZodType<T>, raw: Buffer): T {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'invalid-request', 'The request body is not valid JSON.');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
      .join('; ');
    throw new HttpProblem(400, 'invalid-request', detail);
  }
  return result.data;
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
