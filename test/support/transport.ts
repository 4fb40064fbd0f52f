/**
 * The transport kit for tests, in one import: the shipped in-memory pair and socat pty pair
 * (drivers/transport), the node-hid-shaped fake HID device, and the conformance suite every
 * transport runs.
 */
export { createMemoryPair, type LinkFault, type MemoryEnd } from '../../drivers/transport/memory';
export { createPtyPair, type PtyPair } from '../../drivers/transport/pty-pair';
export { type FakeHidAsync, FakeHidBus, type FakeHidDevice, fakeHidDeviceTransport } from './fake-hid';
export { describeTransportConformance, type TransportBench } from './transport-conformance';
