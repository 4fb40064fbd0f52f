export * from './schemas';
export { DEMO_QID, demoFines, demoSponsoredPeople, maskPassport, maskQid, OFFENCES } from './demo-data';
export { demoResidencePermit } from './demo-permits';
export { demoRequests } from './demo-requests';
export { startGatewaySimulator, type GatewaySimulator } from './simulator';
export { canonicalJson, type SubmissionRecord } from './sim-ledger';
