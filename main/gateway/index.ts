export { GatewayClient, GatewayError, GATEWAY_ROUTES, parseRetryAfter, type GatewayClientOptions, type GatewayErrorCode, type SubmissionInput } from './client';
export type { Fine, SponsoredPerson, SubmissionReceipt, SubmissionRequest, SubmissionStatus } from '../../gateway/schemas';
export type { SubmitOutcome } from '../../offline-cache/outcome';
export { outboxSender, type QueuedSubmission } from './outbox-sender';
export { GatewayProbe, linkProbeAndDelivery, type GatewayProbeEvents, type GatewayProbeOptions, type GatewayStatus } from './probe';
export { serviceAvailability, type ServiceAvailability } from './availability';
export { myRequests, type MyRequest } from './my-requests';
export { createOfflineDelivery, type OfflineDelivery, type OfflineDeliveryOptions } from './offline-delivery';
export { rejectedPaymentReturns } from './rejected-payments';
