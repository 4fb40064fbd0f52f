import { describe, expect, it } from 'vitest';
import { approved, identity, makeKiosk, tick } from '../../support/core-fakes';
import { CodedError } from '../../../shared/coded-error';

async function pay(k: ReturnType<typeof makeKiosk>) {
  k.session.cardInserted();
  k.session.identityRead(identity, true);
  await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' });
  await tick();
  await k.core.dispatch({ type: 'review' });
  await k.core.dispatch({ type: 'confirmPayment' });
}

describe('payments and the requests they buy', () => {
  it('names the request in the sale and links the approved payment to its submission at once', async () => {
    const k = makeKiosk();
    await pay(k);
    expect(k.terminal.requestIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    k.terminal.finish(approved(80_000));
    await tick();
    expect(k.terminal.fulfilled).toEqual([['pay-1', 'sub-1']]);
    expect(k.terminal.cancelled).toEqual([]);
  });

  it('gives the money back when the request cannot be recorded, and never says received', async () => {
    const k = makeKiosk({ enqueueFail: true });
    await pay(k);
    k.terminal.finish(approved(80_000));
    await tick();
    expect(k.terminal.cancelled).toEqual(['pay-1']);
    expect(k.at('result')).toEqual({ screen: 'result', flow: 'fines', amountCents: 80_000, payment: { phase: 'failed', reason: 'reversed' } });
  });

  it('shows a terminal that refuses to start as unavailable, nothing charged', async () => {
    const k = makeKiosk();
    k.terminal.sale = async () => {
      throw new CodedError('terminal-unavailable', 'no terminal');
    };
    await pay(k);
    await tick();
    expect(k.at('result').payment).toEqual({ phase: 'failed', reason: 'terminal-unavailable' });
    expect(k.session.snapshot.notice).toBe('terminal-unavailable');
  });
});
