import { FaultyTransport } from '../../../drivers/payment/sim/faults';
import { openHid } from '../../../drivers/transport/hid';
import { createMemoryPair, describeTransportConformance, FakeHidBus, fakeHidDeviceTransport } from '../../support/transport';

// The transports that need no pty; serial and the pty pair run the same suite in
// test/integration/transports/conformance.test.ts.

describeTransportConformance('in-memory pair, host end', async () => {
  const pair = createMemoryPair();
  return { subject: pair.host, peer: pair.device, unplug: () => pair.unplug(), dispose: () => pair.device.close() };
});

describeTransportConformance('in-memory pair, device end', async () => {
  const pair = createMemoryPair();
  return { subject: pair.device, peer: pair.host, unplug: () => pair.unplug(), dispose: () => pair.host.close() };
});

describeTransportConformance('FaultyTransport (no faults armed) over the in-memory pair', async () => {
  const pair = createMemoryPair();
  return { subject: new FaultyTransport(pair.device), peer: pair.host, unplug: () => pair.unplug(), dispose: () => pair.host.close() };
});

function hidBench() {
  const bus = new FakeHidBus();
  const device = bus.add({ path: '/dev/hidraw3', vendorId: 0x0519, productId: 0x2013 });
  return { bus, device, end: fakeHidDeviceTransport(device) };
}

describeTransportConformance('HID over the node-hid-shaped fake', async () => {
  const { bus, device, end } = hidBench();
  const subject = await openHid({ path: '/dev/hidraw3' }, { hid: bus.hid });
  return { subject, peer: end, unplug: () => device.unplug(), dispose: () => end.close() };
});

describeTransportConformance('HID, numbered reports of the CP2110 kind', async () => {
  const bus = new FakeHidBus();
  const device = bus.add({ path: '/dev/hidraw4', vendorId: 0x10c4, productId: 0xea80 });
  const framing = { framing: 'report-id-length', reportSize: 64, reportId: 0 } as const;
  const end = fakeHidDeviceTransport(device, framing);
  const subject = await openHid({ vendorId: 0x10c4, productId: 0xea80 }, { hid: bus.hid, ...framing });
  return { subject, peer: end, unplug: () => device.unplug(), dispose: () => end.close() };
});

describeTransportConformance("the fake HID device's own end (what a simulator behind HID sees)", async () => {
  const { bus, device, end } = hidBench();
  const host = await openHid({ path: '/dev/hidraw3' }, { hid: bus.hid });
  return { subject: end, peer: host, unplug: () => device.unplug(), dispose: () => host.close() };
});
