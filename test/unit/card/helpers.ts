import { fromHex, toHex } from '../../../drivers/card/apdu';
import type { ApduTransport } from '../../../drivers/card/transmit';

/**
 * Builds a byte fixture from pieces: strings of hex bytes as `h('01 0C')`, text as plain strings
 * (UTF-8). Lengths stay explicit in the hex, so a reader can check them against the text.
 */
export function h(hex: string): Uint8Array {
  return fromHex(hex);
}
export function bytes(...parts: Array<Uint8Array | string>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A card that expects exactly these commands in order and gives these answers (hex). */
export class ScriptedTransport implements ApduTransport {
  readonly sent: string[] = [];
  constructor(private readonly script: Array<[command: string, response: string]>) {}
  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const got = toHex(command);
    this.sent.push(got);
    const step = this.script.shift();
    if (!step) throw new Error(`unexpected command ${got}`);
    const want = step[0].replace(/\s/g, '').toUpperCase();
    if (want !== got) throw new Error(`expected command ${want}, got ${got}`);
    return fromHex(step[1]);
  }
  get remaining(): number {
    return this.script.length;
  }
}
