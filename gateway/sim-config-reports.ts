import { ConfigReportRequest } from './schemas';
import { parseJson } from './sim-http';
import { canonicalJson } from './sim-ledger';

/**
 * The simulator's side of `POST /v1/kiosks/{kioskId}/config-reports`: the first report under an
 * Idempotency-Key is recorded (201), the same body again is answered with the first answer
 * (200, replayed) and records nothing, another body under the key is a 409 conflict. What it
 * recorded per kiosk is the judge of exactly-once in the tests.
 */
export interface ConfigReportRecord {
  reportId: string;
  kioskId: string;
  key: string;
  report: ConfigReportRequest;
  receivedAt: string;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class ConfigReportBook {
  private readonly byKey = new Map<string, { kioskId: string; body: string; record: ConfigReportRecord }>();
  private readonly records: ConfigReportRecord[] = [];

  receive(kioskId: string, key: string, raw: Buffer): Answer {
    const report = parseJson(ConfigReportRequest, raw);
    const body = canonicalJson(report);
    const seen = this.byKey.get(key);
    if (seen) {
      if (seen.kioskId !== kioskId || seen.body !== body) {
        return { status: 409, body: { code: 'idempotency-conflict', message: 'This Idempotency-Key was already used with a different request body.' } };
      }
      return { status: 200, body: { reportId: seen.record.reportId, receivedAt: seen.record.receivedAt }, headers: { 'idempotent-replayed': 'true' } };
    }
    const record: ConfigReportRecord = { reportId: `CFR-${String(this.records.length + 1).padStart(6, '0')}`, kioskId, key, report, receivedAt: new Date().toISOString() };
    this.byKey.set(key, { kioskId, body, record });
    this.records.push(record);
    return { status: 201, body: { reportId: record.reportId, receivedAt: record.receivedAt } };
  }

  of(kioskId: string): ReadonlyArray<ConfigReportRecord> {
    return this.records.filter((r) => r.kioskId === kioskId);
  }
}
