export * from './schemas';
export { DEMO_QID, demoFines, demoSponsoredPeople, maskPassport, maskQid, OFFENCES, PLACES, SPONSORED_NAMES } from './demo-data';
export { startGatewaySimulator, type GatewaySimulator, type GatewaySimulatorOptions } from './simulator';
export { canonicalJson, type SubmissionRecord } from './sim-ledger';
