import { createReadStream, existsSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { BaseFetcher } from 'tuf-js';
import { DownloadHTTPError } from 'tuf-js/dist/error';

/**
 * What tuf-js downloads through: HTTP(S) with a deadline and no retries of its own (the agent's
 * next poll is the retry), or `file:` URLs so `kioskctl config verify` reads a repository folder
 * the same way. It counts the bytes that came in, so tests and the benchmark can show that only
 * changed parts travel. tuf-js itself stops reading at the signed length (endless data).
 */
export class RepositoryFetcher extends BaseFetcher {
  bytesIn = 0;
  requests = 0;

  private readonly open = new Set<AbortController>();

  constructor(private readonly timeoutMs = 10_000) {
    super();
  }

  /** Whatever the outcome, the connection goes: tuf-js stops reading at the signed length without cancelling the body. */
  override async downloadFile<T>(url: string, maxLength: number, handler: (file: string) => Promise<T>): Promise<T> {
    try {
      return await super.downloadFile(url, maxLength, handler);
    } finally {
      for (const controller of this.open) controller.abort();
      this.open.clear();
    }
  }

  override async fetch(url: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
    this.requests++;
    const body = url.startsWith('file:') ? this.fromFile(url) : await this.fromHttp(url);
    const count = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform: (chunk, controller) => {
        this.bytesIn += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return body.pipeThrough(count);
  }

  private fromFile(url: string): ReadableStream<Uint8Array<ArrayBuffer>> {
    const path = fileURLToPath(url);
    if (!existsSync(path) || !statSync(path).isFile()) throw new DownloadHTTPError(`${path} does not exist`, 404);
    return Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array<ArrayBuffer>>;
  }

  private async fromHttp(url: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
    const controller = new AbortController();
    this.open.add(controller);
    const response = await fetch(url, { signal: AbortSignal.any([controller.signal, AbortSignal.timeout(this.timeoutMs)]), headers: { 'user-agent': 'moi-kiosk-config' } });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new DownloadHTTPError(`${url} answered ${response.status}`, response.status);
    }
    return response.body as ReadableStream<Uint8Array<ArrayBuffer>>;
  }
}
