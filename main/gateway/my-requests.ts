import type { OutboxReader, RequestRecord } from '../../offline-cache/outbox-reader';
import type { ErrorBody, SubmissionState } from '../../gateway/schemas';
import type { GatewayClient } from './client';

/**
 * One line of "my requests": the kiosk's record (local and ministry reference, state, payment
 * link) and, when the gateway answers, the ministry's current status (it may reject a request
 * after review, days later). Nothing personal: the person is found by their pseudonymous key.
 */
export interface MyRequest extends RequestRecord {
  ministryStatus?: SubmissionState;
  ministryReason?: ErrorBody;
}

export async function myRequests(
  reader: Pick<OutboxReader, 'requestsOf'>,
  client: Pick<GatewayClient, 'submissionStatus'>,
  personKey: string,
  limit = 20,
): Promise<MyRequest[]> {
  const records = reader.requestsOf(personKey, limit);
  // Offline or slow gateway: show what the kiosk knows; statuses are a bonus, never a blocker.
  return Promise.all(
    records.map(async (r): Promise<MyRequest> => {
      if (r.ministryRef === undefined) return r;
      try {
        const status = await client.submissionStatus(r.ministryRef);
        if (!status) return r;
        return status.reason ? { ...r, ministryStatus: status.status, ministryReason: status.reason } : { ...r, ministryStatus: status.status };
      } catch {
        return r;
      }
    }),
  );
}
