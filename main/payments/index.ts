export { PaymentService, type PaymentServiceOptions, type SaleRequest } from './payment-service';
export { recoverJournal, resolveUnknown, returnPayment, reverse, type RecoveryDeps } from './recovery';
export { approvedOutcome, saleRef } from './outcome';
export { PaymentServiceError, type JournaledOutcome, type PaymentErrorCode, type PaymentReturn, type PaymentServiceEvents, type PaymentServiceState, type RecoveryReport, type SaleStep } from './types';
export { outboxSubmissionFinder } from './outbox-link';
