import demo from '../../../drivers/card/sim/demo-identity.json';
import { demoFines } from '../../../gateway/demo-data';
import type { RunningKiosk } from '../../../main/app/compose';
import { type ScreenId, screenOf } from '../../../main/contract';

/**
 * A shopper at a simulated kiosk, through the same door the screens use (KioskCore.dispatch)
 * and the lab's virtual card on pcscd: insert the card, pay the traffic fines the gateway
 * simulator lists, take the card back.
 */
export function untilScreen(kiosk: RunningKiosk, screens: ScreenId | ScreenId[], timeoutMs = 20_000): Promise<ScreenId> {
  const wanted = Array.isArray(screens) ? screens : [screens];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const s = kiosk.session.snapshot;
      reject(new Error(`screen stayed ${screenOf(s)} (notice ${s.notice ?? 'none'}, busy ${s.busy}, gateway ${s.gateway}), not ${wanted.join('|')}`));
    }, timeoutMs);
    const off = kiosk.session.onState((s) => {
      const screen = screenOf(s);
      if (wanted.includes(screen) && !s.busy) {
        clearTimeout(timer);
        queueMicrotask(() => off());
        resolve(screen);
      }
    });
  });
}

export async function send(kiosk: RunningKiosk, intent: Parameters<RunningKiosk['core']['dispatch']>[0]): Promise<void> {
  const result = await kiosk.core.dispatch(intent);
  if (!result.ok) throw new Error(`${JSON.stringify(intent)} refused: ${result.error.code}`);
}

/**
 * The n-th of a series of card holders who each have fines at the gateway simulator (its demo
 * data is deterministic per QID), so every session of a long run has something to pay.
 */
export function cardHolderWithFines(n: number): typeof demo {
  for (let i = n * 10; ; i++) {
    const idNumber = `2${String(84_000_000_00 + i).padStart(10, '0')}`;
    if (demoFines(idNumber).length > 0) return { ...demo, idNumber };
  }
}

/** One paid fines session, start to finish; resolves on the attract screen again. */
export async function payFines(kiosk: RunningKiosk, identity: object = demo): Promise<void> {
  const lab = kiosk.world!.lab;
  await lab.insertCard(identity, 'demo');
  await untilScreen(kiosk, 'welcome');
  await send(kiosk, { type: 'chooseService', serviceId: 'pay-traffic-fines' });
  await untilScreen(kiosk, 'fines');
  await send(kiosk, { type: 'review' });
  await untilScreen(kiosk, 'confirm');
  await send(kiosk, { type: 'confirmPayment' });
  await untilScreen(kiosk, 'result', 30_000);
  await send(kiosk, { type: 'finish' });
  await lab.removeCard();
  await untilScreen(kiosk, 'attract');
}
