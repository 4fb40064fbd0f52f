export * from './schemas';
export * from './schemas-visas';
export { DEMO_QID, demoFines, demoSponsoredPeople, maskPassport, maskQid, OFFENCES } from './demo-data';
export { demoResidencePermit } from './demo-permits';
export { demoRequests } from './demo-requests';
export { demoVisa } from './demo-visas';
export { startGatewaySimulator, type GatewaySimulator } from './simulator';
export { canonicalJson, type SubmissionRecord } from './sim-ledger';
