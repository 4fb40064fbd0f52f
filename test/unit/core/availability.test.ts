import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../../main/config/catalog';
import { availabilityOf, DEFAULT_AVAILABILITY, isPaid } from '../../../main/core/availability';
import { initialDeviceStates } from '../../../main/core/device-states';
import { identity, makeKiosk, tick } from '../../support/core-fakes';
import { healthy, statesWith } from '../../support/device-health';

const catalog = shippedCatalog();
const service = (id: string) => catalog.find((s) => s.id === id)!;
const PAID = catalog.filter(isPaid).map((s) => s.id);
const FREE = catalog.filter((s) => !isPaid(s)).map((s) => s.id);
/** Named as served elsewhere whatever the devices here: they tell where to go, nothing is paid here. */
const ELSEWHERE = catalog.filter((s) => s.offered === 'elsewhere').map((s) => s.id);

describe('out-of-service rules over the device states', () => {
  it('lacks nothing while every device works, nor while a device is still starting or settling', () => {
    const a = availabilityOf(healthy().snapshot, DEFAULT_AVAILABILITY);
    expect(a).toMatchObject({ kioskFailing: [], paidFailing: [], receipt: 'paper' });
    for (const s of catalog) expect(a.failingFor(s)).toEqual([]);
    expect(availabilityOf(initialDeviceStates(0), DEFAULT_AVAILABILITY).paidFailing).toEqual([]);
    expect(availabilityOf(statesWith('terminal', { status: 'busy' }), DEFAULT_AVAILABILITY).paidFailing).toEqual([]);
  });

  it('no terminal: only free services can complete', () => {
    const a = availabilityOf(statesWith('terminal', { status: 'offline', reason: 'link-lost' }), DEFAULT_AVAILABILITY);
    expect(a.paidFailing).toEqual(['terminal']);
    expect(a.kioskFailing).toEqual([]);
    for (const id of PAID) expect(a.failingFor(service(id))).toEqual(['terminal']);
    for (const id of FREE) expect(a.failingFor(service(id))).toEqual([]);
    expect(FREE).toContain('national-address');
    expect(PAID).toContain('pay-traffic-fines');
  });

  it('no room left to journal a payment (disk-low): paid services stop, free ones go on', () => {
    const a = availabilityOf(statesWith('disk', { status: 'userError', reason: 'disk-low' }), DEFAULT_AVAILABILITY);
    expect(a.paidFailing).toEqual(['disk']);
    expect(a.failingFor(service('national-address'))).toEqual([]);
  });

  it('no printer: the receipt is on screen and paid services stay; or, if ops say so, only free services', () => {
    const paperOut = statesWith('printer', { status: 'userError', reason: 'paper-out', paper: 'out' });
    expect(availabilityOf(paperOut, DEFAULT_AVAILABILITY)).toMatchObject({ receipt: 'on-screen', paidFailing: [] });
    const strict = availabilityOf(paperOut, { ...DEFAULT_AVAILABILITY, withoutPrinter: 'paid-unavailable' });
    expect(strict).toMatchObject({ receipt: 'on-screen', paidFailing: ['printer'] });
    // Near the end of the roll still prints.
    expect(availabilityOf(statesWith('printer', { paper: 'nearEnd' }), DEFAULT_AVAILABILITY).receipt).toBe('paper');
  });

  it('no card reader: the whole kiosk is out of service', () => {
    const a = availabilityOf(statesWith('cardReader', { status: 'offline', reason: 'pcscd-unreachable' }), DEFAULT_AVAILABILITY);
    expect(a.kioskFailing).toEqual(['cardReader']);
    for (const s of catalog) expect(a.failingFor(s)).toContain('cardReader');
  });

  it('a service may need a device of its own (configured per service id)', () => {
    const rules = { ...DEFAULT_AVAILABILITY, serviceNeeds: { 'police-clearance-certificate': ['printer' as const] } };
    const a = availabilityOf(statesWith('printer', { status: 'hardwareError', reason: 'printer-error' }), rules);
    expect(a.failingFor(service('police-clearance-certificate'))).toEqual(['printer']);
    expect(a.failingFor(service('renew-driving-licence'))).toEqual([]);
  });
});

describe('the session offers only what can complete now', () => {
  const shopperAtWelcome = () => {
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    return k;
  };

  it('no terminal: the welcome screen lists only free services, says why, and refuses a paid one', async () => {
    const k = shopperAtWelcome();
    const before = k.at('welcome').services.map((s) => s.id);
    expect(before).toEqual(expect.arrayContaining(['pay-traffic-fines', 'national-address']));
    k.session.setAvailability(availabilityOf(statesWith('terminal', { status: 'offline' }), DEFAULT_AVAILABILITY));
    const listed = k.at('welcome').services.map((s) => s.id);
    expect(listed).toEqual(before.filter((id) => FREE.includes(id) || ELSEWHERE.includes(id)));
    expect(listed).toContain('national-address');
    expect(k.session.snapshot.offer).toEqual({ inService: true, paid: false, receipt: 'paper' });
    expect(await k.core.dispatch({ type: 'chooseService', serviceId: 'renew-driving-licence' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    // Back: the paid services return to the list the shopper is looking at.
    k.session.setAvailability(availabilityOf(healthy().snapshot, DEFAULT_AVAILABILITY));
    expect(k.at('welcome').services.map((s) => s.id)).toContain('pay-traffic-fines');
    expect(k.session.snapshot.offer.paid).toBe(true);
  });

  it('no printer: the shopper is told before paying that the receipt will be on screen', async () => {
    const k = shopperAtWelcome();
    k.session.setAvailability(availabilityOf(statesWith('printer', { status: 'userError', paper: 'out' }), DEFAULT_AVAILABILITY));
    expect(await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' })).toMatchObject({ ok: true });
    await tick();
    await k.core.dispatch({ type: 'review' });
    expect(k.step().screen).toBe('confirm');
    expect(k.session.snapshot.offer).toEqual({ inService: true, paid: true, receipt: 'on-screen' });
  });

  it('a device lost between the list and the payment: the last step refuses, nothing is charged', async () => {
    const k = shopperAtWelcome();
    await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' });
    await tick();
    await k.core.dispatch({ type: 'review' });
    k.session.setAvailability(availabilityOf(statesWith('disk', { status: 'userError', reason: 'disk-low' }), DEFAULT_AVAILABILITY));
    expect(await k.core.dispatch({ type: 'confirmPayment' })).toMatchObject({ ok: false, error: { code: 'device-unavailable' } });
    expect(k.terminal.sales).toEqual([]);
  });

  it('out of service: a card opens no session, and states do not repeat for device chatter', () => {
    const k = makeKiosk();
    const down = availabilityOf(statesWith('cardReader', { status: 'offline' }), DEFAULT_AVAILABILITY);
    k.session.setAvailability(down);
    expect(k.session.snapshot.offer.inService).toBe(false);
    const sent = k.states.length;
    k.session.setAvailability(availabilityOf(statesWith('cardReader', { status: 'offline', reason: 'other' }), DEFAULT_AVAILABILITY));
    expect(k.states.length).toBe(sent);
    k.session.cardInserted();
    expect(k.step().screen).toBe('attract');
  });
});
