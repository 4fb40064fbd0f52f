import { createOfflineDelivery, trackRequests, type OfflineDelivery, type OfflineDeliveryOptions } from '../gateway';
import type { DeviceStatesPort } from '../core/device-states';
import type { GatewayTls } from '../gateway/link';
import type { ClaimsPort, FinesPort, Logger, PermitsPort, RequestsPort, ResidencyPort, SponsorsPort, SubmissionPort, VisasPort } from '../core/ports';
import { paymentReference, personKey, toQueuedSubmission } from './adapters';
import type { KioskStore } from './store';
import type { Wiring } from './wiring';

/**
 * The ministry side: the encrypted outbox a submission is written to before the shopper is told,
 * the delivery loop that posts it (exactly once, per person in order), the gateway client for
 * live inquiries and the online/offline probe the session shows.
 */
interface DeliveryPorts {
  submissions: SubmissionPort;
  requests: RequestsPort;
  fines: FinesPort;
  claims: ClaimsPort;
  sponsors: SponsorsPort;
  permits: PermitsPort;
  visas: VisasPort;
  residency: ResidencyPort;
}

export interface DeliveryWiring extends Wiring<DeliveryPorts> {
  offline: OfflineDelivery;
}

export function wireDelivery(opts: {
  store: KioskStore;
  kioskId: string;
  gatewayUrl: string;
  /** Mutual TLS for an https gateway (main/gateway/link.ts). */
  gatewayTls?: GatewayTls;
  currency: string;
  log: Logger;
  maxAgeMs?: number;
  probe?: OfflineDeliveryOptions['probe'];
  states: DeviceStatesPort;
}): DeliveryWiring {
  const { store, log, states } = opts;
  const offline = createOfflineDelivery({ db: store.db, kioskId: opts.kioskId, gatewayUrl: opts.gatewayUrl, tls: opts.gatewayTls, keys: store.keys, maxAgeMs: opts.maxAgeMs, probe: opts.probe });
  const { outbox, client: gateway, delivery, probe } = offline;
  const submissions: SubmissionPort = {
    enqueue(input) {
      const queued = toQueuedSubmission(input, opts.currency, new Date());
      const entry = outbox.enqueue({
        serviceId: input.serviceId,
        personKey: personKey(input.applicant.idNumber, store.secret),
        payload: queued,
        // Recovery finds the submission a payment bought by this reference.
        paymentRef: input.payment ? (input.payment.paymentId ?? paymentReference(input.payment)) : undefined,
        // Who it is for outlives the payload, so My requests still lists it under that person.
        ...(input.beneficiary ? { beneficiary: input.beneficiary } : {}),
      });
      delivery.kick();
      return { id: entry.id, localRef: entry.localRef };
    },
  };
  const requests: RequestsPort = {
    requestsOf: (idNumber) => trackRequests(outbox, gateway, idNumber, personKey(idNumber, store.secret), log),
  };
  return {
    port: { submissions, requests, fines: gateway, claims: gateway, sponsors: gateway, permits: gateway, visas: gateway, residency: gateway },
    offline,
    connect(session) {
      probe.on('change', (status) => states.update('gateway', status === 'online' ? { status: 'online', reason: undefined } : { status: status === 'offline' ? 'offline' : 'starting', reason: status === 'offline' ? 'unreachable' : undefined }));
      probe.on('probed', (ok, latencyMs) => states.update('gateway', ok ? { latencyMs } : { lastError: { code: 'health-check-failed', at: Date.now() } }));
      delivery.on('delivered', (entry) => entry.kind === 'submission' && entry.ministryRef && session.submissionDelivered(entry.id, entry.ministryRef));
      // The log says whose entry it was: a shopper's submission or the kiosk's own config report.
      delivery.on('rejected', (entry) => log.warn(`${entry.kind}-rejected`, { localRef: entry.localRef, code: entry.rejectCode, paid: entry.paymentRef !== undefined }));
      delivery.on('expired', (entry) => log.warn(`${entry.kind}-expired`, { localRef: entry.localRef, paid: entry.paymentRef !== undefined }));
      delivery.on('fault', (err) => log.error('outbox-fault', { error: err.message }));
      // A person's line held by one request that keeps failing while others go through: a
      // technician decides (kioskctl queue status, then queue set-aside). Order is never broken silently.
      delivery.on('stuck', (entry) =>
        log.warn('person-queue-stuck', { localRef: entry.localRef, serviceId: entry.serviceId, attempts: entry.attempts, waitingMs: Date.now() - (entry.requeuedAt ?? entry.createdAt), lastError: entry.lastError, paid: entry.paymentRef !== undefined }),
      );
      delivery.on('recovered', (entries) => log.info('outbox-sender-lost', { entries: entries.length, senders: [...new Set(entries.map((e) => e.sender))] }));
      offline.start();
    },
    close: () => offline.stop(),
  };
}
