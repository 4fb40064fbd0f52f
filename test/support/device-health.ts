import type { DeviceId, DeviceStates } from '../../main/contract';
import { DeviceStateModel, type DevicePatch, initialDeviceStates } from '../../main/core/device-states';
import { silentLogger } from '../../main/core/log';

/** Every device working, as the model says after a healthy start. */
export function healthy(): DeviceStateModel {
  const model = new DeviceStateModel({ clock: { now: () => 1_000 }, log: silentLogger, initial: initialDeviceStates(1_000) });
  for (const d of ['cardReader', 'printer', 'terminal', 'gateway', 'disk', 'database'] as const) model.update(d, { status: 'online' });
  model.update('printer', { paper: 'ok' });
  return model;
}

/** Every device working but one, in the state the patch gives it. */
export function statesWith<K extends DeviceId>(device: K, patch: DevicePatch<K>): DeviceStates {
  const model = healthy();
  model.update(device, patch);
  return model.snapshot;
}
