import type { DeviceId, DeviceStates } from '../../../../main/contract';
import type { I18n } from '../../i18n';
import type { TechKey } from './texts';

/** One fact of a device shown to the technician: a label and its value, already in the screen's language. */
export interface InfoLine {
  label: TechKey;
  value: string;
  /** A name, id or version: reads left to right in both languages. */
  ltr?: boolean;
}

/** Arabic's short unit names (غ.ب, ملي ث) are not what people read: the long ones are. */
function unit(i18n: I18n, value: number, u: 'gigabyte' | 'megabyte' | 'millisecond'): string {
  return new Intl.NumberFormat(i18n.locale, { style: 'unit', unit: u, unitDisplay: i18n.lang === 'ar' ? 'long' : 'short', maximumFractionDigits: 1 }).format(value);
}

function bytes(i18n: I18n, n: number): string {
  return n >= 1e9 ? unit(i18n, n / 1e9, 'gigabyte') : unit(i18n, n / 1e6, 'megabyte');
}

/** What the technician needs to know of each device, beyond its status word. */
export function deviceLines(device: DeviceId, states: DeviceStates, i18n: I18n, tt: (key: TechKey) => string): InfoLine[] {
  switch (device) {
    case 'cardReader': {
      const s = states.cardReader;
      return s.readers[0] ? [{ label: 'info.reader', value: s.readers[0], ltr: true }] : [];
    }
    case 'printer':
      return [{ label: 'info.paper', value: tt(`paper.${states.printer.paper}`) }];
    case 'terminal': {
      const s = states.terminal;
      return [...(s.terminalId ? [{ label: 'info.terminalId' as const, value: s.terminalId, ltr: true }] : []), { label: 'info.hostLink', value: tt(`link.${s.hostLink}`) }];
    }
    case 'gateway':
      return states.gateway.latencyMs !== undefined ? [{ label: 'info.latency', value: unit(i18n, states.gateway.latencyMs, 'millisecond') }] : [];
    case 'disk':
      return [{ label: 'info.free', value: bytes(i18n, states.disk.freeBytes) }];
    case 'database':
      return [{ label: 'info.size', value: bytes(i18n, states.database.sizeBytes) }];
    case 'config':
      return [
        { label: 'info.version', value: states.config.version, ltr: true },
        states.config.source === 'shipped' ? { label: 'info.source', value: tt('config.shipped') } : { label: 'info.source', value: states.config.source, ltr: true },
      ];
  }
}
