import { z } from 'zod';
import type { ByteTransport } from '../transport/byte-transport';
import type { HidOpener } from '../transport/hid';
import { PrinterError } from './errors';

/**
 * How the kiosk reaches its printer, as configuration: a serial port (RS-232 or a USB-serial
 * adapter, 115200 8N1 by default) or a USB-HID printer (a path, or vendor and product id, and
 * how the printer frames bytes in its reports).
 */
export const printerLinkSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().min(1200).max(921_600).default(115_200),
  }),
  z
    .strictObject({
      kind: z.literal('hid'),
      path: z.string().min(1).optional(),
      vendorId: z.number().int().min(0).max(0xffff).optional(),
      productId: z.number().int().min(0).max(0xffff).optional(),
      framing: z.enum(['length-prefixed', 'report-id-length']).default('length-prefixed'),
      reportSize: z.number().int().min(2).max(1024).default(64),
      reportId: z.number().int().min(0).max(255).default(0),
    })
    .refine((c) => (c.path !== undefined) !== (c.vendorId !== undefined && c.productId !== undefined), {
      message: 'give either path, or both vendorId and productId',
    }),
]);

export type PrinterLinkConfig = z.input<typeof printerLinkSchema>;

export function parsePrinterLink(input: unknown): z.output<typeof printerLinkSchema> {
  const r = printerLinkSchema.safeParse(input);
  if (r.success) return r.data;
  const why = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new PrinterError('invalid-config', `invalid printer link: ${why}`);
}

export function describePrinterLink(input: PrinterLinkConfig): string {
  if (input.kind === 'serial') return `serial ${input.path}`;
  if (input.path) return `HID ${input.path}`;
  const hex = (n = 0) => n.toString(16).padStart(4, '0');
  return `HID ${hex(input.vendorId)}:${hex(input.productId)}`;
}

/**
 * Opens the configured link. Transport modules load lazily: a serial kiosk never loads node-hid
 * and the reverse. A link that cannot be opened is 'printer-unavailable' (the caller retries).
 */
export async function openPrinterLink(input: PrinterLinkConfig, deps: { hid?: HidOpener } = {}): Promise<ByteTransport> {
  const c = parsePrinterLink(input);
  try {
    if (c.kind === 'serial') {
      const { openSerial } = await import('../transport/serial');
      return await openSerial({ path: c.path, baudRate: c.baudRate });
    }
    const { openHid } = await import('../transport/hid');
    const target = c.path !== undefined ? { path: c.path } : { vendorId: c.vendorId!, productId: c.productId! };
    return await openHid(target, { framing: c.framing, reportSize: c.reportSize, reportId: c.reportId, hid: deps.hid });
  } catch (err) {
    throw new PrinterError('printer-unavailable', `cannot open printer link (${describePrinterLink(input)}): ${(err as Error).message}`, {
      cause: err,
    });
  }
}
