import { errorCode } from '../../shared/coded-error';
import type { RequestsInquiryResponse, TrackedRequest } from '../../gateway/schemas';
import type { OutboxReader } from '../../offline-cache/outbox-reader';
import type { Beneficiary, OutboxState } from '../../offline-cache/outbox-row';
import type { Logger, PersonRequests, TrackedRecord, TrackedRequests } from '../core/ports';
import type { GatewayClient } from './client';

/**
 * "My requests" from every channel (issue 15): the ministry's list, for the card holder and for
 * each person they sponsor, merged with this kiosk's own submissions for that card holder. A
 * request the ministry lists and the outbox holds is shown once (the ministry's history, marked
 * as made here); what only the outbox holds is shown as queued, or as never delivered. Offline,
 * only the outbox's are listed, and the answer says the ministry did not answer.
 */

/** A submission of this kiosk, as the outbox holds it: references, state and for whom. */
export interface LocalSubmission {
  localRef: string;
  ministryRef?: string;
  serviceId: string;
  state: OutboxState;
  createdAt: number;
  updatedAt: number;
  deliveredAt?: number;
  /**
   * The sponsored person it is for, as the outbox keeps it past the purge (the payload's
   * beneficiaryId for a row older than that column); absent: the card holder.
   */
  beneficiaryId?: string;
  /** That person's masked number, for the heading when the ministry does not name them (offline). */
  beneficiaryMasked?: string;
}

const SELF = 'self';

function fromMinistry(r: TrackedRequest, ours: LocalSubmission | undefined): TrackedRecord {
  const history: TrackedRecord['history'] = r.history.map((h) => ({ status: h.status, at: Date.parse(h.at), ...(h.note ? { note: h.note } : {}) }));
  // The contract says oldest first; a gateway that forgets it still shows a true timeline.
  history.sort((a, b) => a.at - b.at);
  // Made here and kept in the queue before the ministry had it: that wait is a stage too.
  if (ours && ours.createdAt < history[0]!.at) history.unshift({ status: 'queued', at: ours.createdAt });
  return {
    ministryRef: r.ministryRef,
    ...(r.localRef ? { localRef: r.localRef } : {}),
    channel: ours ? 'this-kiosk' : r.channel,
    serviceId: r.serviceId,
    title: r.title,
    submittedAt: Date.parse(r.submittedAt),
    history,
    ...(r.expectedNext ? { expectedNext: r.expectedNext } : {}),
    ...(r.outstandingFee ? { outstandingFee: r.outstandingFee } : {}),
    ...(r.visit ? { visit: r.visit } : {}),
  };
}

/** What the kiosk alone knows of one of its submissions the ministry did not list (yet). */
function fromOutbox(s: LocalSubmission): TrackedRecord {
  const history: TrackedRecord['history'] = [{ status: 'queued', at: s.createdAt }];
  if (s.state === 'delivered') history.push({ status: 'received', at: s.deliveredAt ?? s.updatedAt });
  if (s.state === 'rejected' || s.state === 'expired') history.push({ status: 'not-delivered', at: s.updatedAt });
  return { ...(s.ministryRef ? { ministryRef: s.ministryRef } : {}), localRef: s.localRef, channel: 'this-kiosk', serviceId: s.serviceId, submittedAt: s.createdAt, history };
}

const newestFirst = (list: TrackedRecord[]) => list.sort((a, b) => b.submittedAt - a.submittedAt);

/** Pure: the merged list, the card holder first. `remote` undefined: the ministry did not answer. */
export function mergeRequests(local: readonly LocalSubmission[], remote: RequestsInquiryResponse | undefined): TrackedRequests {
  const people = new Map<string, PersonRequests>([[SELF, { personId: SELF, requests: [] }]]);
  for (const s of remote?.sponsored ?? []) people.set(s.person.id, { personId: s.person.id, person: s.person, requests: [] });
  const listedRefs = new Set<string>();
  const listedLocal = new Set<string>();
  const ours = new Map(local.flatMap((s) => (s.ministryRef ? [[s.ministryRef, s], [s.localRef, s]] : [[s.localRef, s]]) as [string, LocalSubmission][]));
  const add = (personId: string, r: TrackedRequest) => {
    if (listedRefs.has(r.ministryRef)) return;
    listedRefs.add(r.ministryRef);
    if (r.localRef) listedLocal.add(r.localRef);
    people.get(personId)!.requests.push(fromMinistry(r, ours.get(r.ministryRef) ?? (r.localRef === undefined ? undefined : ours.get(r.localRef))));
  };
  for (const r of remote?.own ?? []) add(SELF, r);
  for (const s of remote?.sponsored ?? []) for (const r of s.requests) add(s.person.id, r);
  for (const s of local) {
    if ((s.ministryRef && listedRefs.has(s.ministryRef)) || listedLocal.has(s.localRef)) continue;
    const personId = s.beneficiaryId ?? SELF;
    if (!people.has(personId)) people.set(personId, { personId, ...(s.beneficiaryMasked ? { idNumberMasked: s.beneficiaryMasked } : {}), requests: [] });
    people.get(personId)!.requests.push(fromOutbox(s));
  }
  for (const p of people.values()) newestFirst(p.requests);
  return { ministry: remote ? 'answered' : 'unavailable', people: [...people.values()] };
}

function beneficiaryOf(payload: unknown): string | undefined {
  const id = (payload as { payload?: { beneficiaryId?: unknown } } | undefined)?.payload?.beneficiaryId;
  return typeof id === 'string' ? id : undefined;
}

/** This card holder's submissions in the outbox, newest first; for whom from the outbox's column, else the payload while it is kept. */
function localSubmissions(outbox: Pick<OutboxReader, 'list' | 'requestsOf'>, personKey: string, limit: number): LocalSubmission[] {
  let entries: { localRef: string; ministryRef?: string; serviceId: string; state: OutboxState; createdAt: number; updatedAt: number; deliveredAt?: number; payload?: unknown; beneficiary?: Beneficiary }[];
  try {
    entries = outbox.list({ personKey }).reverse().slice(0, limit);
  } catch {
    // Without the payload key (a sealed key the keystore will not open) the records still say what and when.
    entries = outbox.requestsOf(personKey, limit);
  }
  return entries.map((e) => {
    const beneficiaryId = e.beneficiary?.id ?? beneficiaryOf(e.payload);
    const beneficiaryMasked = e.beneficiary?.idNumberMasked;
    return {
      localRef: e.localRef,
      serviceId: e.serviceId,
      state: e.state,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      ...(e.ministryRef ? { ministryRef: e.ministryRef } : {}),
      ...(e.deliveredAt ? { deliveredAt: e.deliveredAt } : {}),
      ...(beneficiaryId ? { beneficiaryId } : {}),
      ...(beneficiaryMasked ? { beneficiaryMasked } : {}),
    };
  });
}

/**
 * The RequestsPort's work: never throws for the gateway (offline, slow or lying, the kiosk's own
 * are listed and `ministry` says 'unavailable'). The log names the error's code, nobody's data.
 */
export async function trackRequests(
  outbox: Pick<OutboxReader, 'list' | 'requestsOf'>,
  client: Pick<GatewayClient, 'trackedRequests'>,
  idNumber: string,
  personKey: string,
  log?: Pick<Logger, 'warn'>,
  limit = 50,
): Promise<TrackedRequests> {
  const local = localSubmissions(outbox, personKey, limit);
  let remote: RequestsInquiryResponse | undefined;
  try {
    remote = await client.trackedRequests(idNumber);
  } catch (err) {
    log?.warn('requests-inquiry-failed', { code: errorCode(err) ?? 'error' });
  }
  return mergeRequests(local, remote);
}
