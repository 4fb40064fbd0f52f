import type { PrinterLinkConfig } from '../../drivers/printer/link';
import type { KioskSettings } from './settings';

/** The printer's link: the full description when given, else a serial port at the set speed. */
export function printerLink(printer: KioskSettings['devices']['printer']): PrinterLinkConfig | undefined {
  if (printer.link) return printer.link;
  return printer.path ? { kind: 'serial', path: printer.path, baudRate: printer.baudRate } : undefined;
}
