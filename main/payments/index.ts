export { PaymentService } from './payment-service';
export { recoverJournal } from './recovery';
export { type SaleStep } from './types';
export { outboxSubmissionFinder } from './outbox-link';
