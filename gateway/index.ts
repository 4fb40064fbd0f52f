export * from './schemas';
export { DEMO_QID, demoFines, demoSponsoredPeople, maskPassport, maskQid, OFFENCES, PLACES, SPONSORED_NAMES } from './demo-data';
export { startGatewaySimulator, type GatewaySimulator, type GatewaySimulatorOptions } from './simulator';
export { type Fate, type FaultMix } from './sim-faults';
export { canonicalJson, type SubmissionRecord } from './sim-ledger';
export { type HeartbeatRecord } from './sim-heartbeats';
