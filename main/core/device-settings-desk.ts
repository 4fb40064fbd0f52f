import { errorCode } from '../../shared/coded-error';
import type { DeviceActionView, DeviceChoices, DeviceSettingKey, DeviceSettingsView, RestartableDevice } from '../contract';
import type { Clock, Logger } from './ports';
import type { AuditPort } from './technician-ports';

/**
 * Device settings a technician changes on site, and the device restarts that put them in force
 * (issue 11). The touch screen and kioskctl both come here, so both are decided and audited the
 * same way. A value that is not valid is a `refused` result with its code and the reason in
 * words, never a throw, and nothing of that request is kept.
 */
export interface DeviceSettingChange {
  key: string;
  /** As the person gave it (text from a keypad or a flag); undefined clears the override. */
  value: string | number | undefined;
}

export interface DeviceSettingsPort {
  view(): DeviceSettingsView;
  /** What may be picked on the touch screen for each setting (ports and readers seen now, standard speeds). */
  choices(): DeviceChoices;
  /** Checks every change, then keeps all of them or none; a bad one throws a coded error (`invalid-config`) naming it. */
  change(changes: readonly DeviceSettingChange[], by: string): { key: DeviceSettingKey; value: string | number | undefined }[];
  /** Stops the device and opens it again with the settings kept now. */
  restart(device: RestartableDevice): Promise<void>;
}

export interface DeviceActionOutcome {
  view: DeviceActionView;
  /** Why it was refused, in words for kioskctl's one line; the touch screen shows the code's text. */
  message?: string;
}

export class DeviceSettingsDesk {
  constructor(
    private readonly port: DeviceSettingsPort,
    private readonly audit: AuditPort,
    private readonly env: { log: Logger; clock: Clock },
  ) {}

  view(): DeviceSettingsView {
    return this.port.view();
  }

  choices(): DeviceChoices {
    return this.port.choices();
  }

  change(actor: string, changes: readonly DeviceSettingChange[]): DeviceActionOutcome {
    const at = this.env.clock.now();
    try {
      const kept = this.port.change(changes, actor);
      for (const c of kept) {
        this.audit.record(actor, 'device-setting', { key: c.key, ...(c.value === undefined ? { cleared: true } : { value: c.value }), result: 'done' });
        this.env.log.info('device-setting', { key: c.key, value: c.value, cleared: c.value === undefined });
      }
      return { view: { action: 'set', result: 'done', ...(kept.length === 1 ? { key: kept[0]!.key } : {}), at } };
    } catch (err) {
      if (errorCode(err) !== 'invalid-config') throw err;
      const key = (err as { key?: string }).key;
      const known = changes.find((c) => c.key === key)?.key as DeviceSettingKey | undefined;
      this.audit.record(actor, 'device-setting', { keys: changes.map((c) => c.key).join(',').slice(0, 64), result: 'refused', code: 'invalid-config' });
      return { view: { action: 'set', result: 'refused', code: 'invalid-config', ...(known ? { key: known } : {}), at }, message: (err as Error).message };
    }
  }

  async restart(actor: string, device: RestartableDevice): Promise<DeviceActionOutcome> {
    const at = this.env.clock.now();
    let code: string | undefined;
    try {
      await this.port.restart(device);
    } catch (err) {
      code = errorCode(err)?.toLowerCase() ?? 'restart-failed';
      this.env.log.warn('device-restart-failed', { device, code });
    }
    this.audit.record(actor, 'device-restart', { device, result: code ? 'failed' : 'done', ...(code ? { code } : {}) });
    this.env.log.info('device-restart', { device, result: code ? 'failed' : 'done' });
    return { view: { action: 'restart', result: code ? 'refused' : 'done', device, ...(code ? { code } : {}), at } };
  }
}
