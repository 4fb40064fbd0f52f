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
 * What main says about the kiosk's devices and the ministry link, shown where it matters: out of
 * service on the attract screen (main decided nobody can be served), no connection, and what the
 * out-of-service rules leave of the offer (free services only, the receipt on screen) before the
 * shopper commits to a service and pays. Main decides each of these (`offer`); this only says it.
 */
function statusLines(state: KioskState): Line[] {
  const lines: Line[] = [];
  const screen = screenOf(state);
  if (!state.offer.inService && (screen === 'attract' || screen === 'reading')) {
    lines.push({ id: 'out-of-service', text: state.devices.card === 'unavailable' ? 'notice.card-reader-unavailable' : 'notice.out-of-service', tone: 'bad' });
  }
  if (state.gateway === 'offline' && screen !== 'goodbye') lines.push({ id: 'offline', text: 'status.offline', tone: 'warn' });
  if (BEFORE_PAYING.has(screen)) {
    if (!state.offer.paid) lines.push({ id: 'paid-unavailable', text: 'notice.paid-unavailable', tone: 'warn' });
    if (state.devices.terminal === 'busy') lines.push({ id: 'terminal-checking', text: 'notice.checking-previous-payment', tone: 'warn' });
    if (state.offer.paid && state.offer.receipt === 'on-screen') lines.push({ id: 'receipt-on-screen', text: 'notice.receipt-on-screen', tone: 'warn' });
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
