export { GatewayClient, GatewayError, GATEWAY_ROUTES, parseRetryAfter, type SubmissionInput } from './client';
export type { SponsoredPerson } from '../../gateway/schemas';
export { outboxSender, type QueuedSubmission } from './outbox-sender';
export { GatewayProbe, linkProbeAndDelivery, type GatewayStatus } from './probe';
export { serviceAvailability } from './availability';
export { trackRequests } from './tracking';
export { createOfflineDelivery, type OfflineDelivery, type OfflineDeliveryOptions } from './offline-delivery';
export { rejectedPaymentReturns } from './rejected-payments';
