import { type KioskState, type ScreenId, screenOf } from '../../../main/contract';
import type { MessageKey } from '../i18n';
import { useKiosk } from '../kiosk-context';

interface Line {
  id: string;
  text: MessageKey;
  tone: 'bad' | 'warn';
}

/** Screens where a shopper is about to rely on the terminal or the printer. */
const BEFORE_PAYING: ReadonlySet<ScreenId> = new Set(['welcome', 'form', 'fines', 'confirm']);

/**
 * What main says about the kiosk's devices and the ministry link, shown where it matters: a
 * missing card reader on the attract screen (nothing works without it), no connection or no
 * terminal/printer before the shopper commits to a service.
 */
function statusLines(state: KioskState): Line[] {
  const lines: Line[] = [];
  const screen = screenOf(state);
  if (state.devices.card === 'unavailable' && (screen === 'attract' || screen === 'reading')) {
    lines.push({ id: 'card-reader', text: 'notice.card-reader-unavailable', tone: 'bad' });
  }
  if (state.gateway === 'offline' && screen !== 'goodbye') lines.push({ id: 'offline', text: 'status.offline', tone: 'warn' });
  if (BEFORE_PAYING.has(screen)) {
    if (state.devices.terminal === 'unavailable') lines.push({ id: 'terminal', text: 'notice.terminal-unavailable', tone: 'warn' });
    if (state.devices.terminal === 'busy') lines.push({ id: 'terminal-checking', text: 'notice.checking-previous-payment', tone: 'warn' });
    if (state.devices.printer === 'unavailable') lines.push({ id: 'printer', text: 'notice.printer-unavailable', tone: 'warn' });
  }
  return lines;
}

export function DeviceStatus() {
  const { state, i18n } = useKiosk();
  const lines = statusLines(state);
  if (lines.length === 0) return null;
  return (
    <div className="device-status" role="status">
      {lines.map((line) => (
        <p key={line.id} className={`device-status__line device-status__line--${line.tone}`} data-testid={`status-${line.id}`}>
          {i18n.t(line.text)}
        </p>
      ))}
    </div>
  );
}
