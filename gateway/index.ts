export * from './schemas';
export { DEMO_QID, demoFines, OFFENCES, PLACES } from './demo-data';
export { startGatewaySimulator, type GatewaySimulator, type GatewaySimulatorOptions } from './simulator';
export { canonicalJson, type SubmissionRecord } from './sim-ledger';
