import type { Statement } from 'better-sqlite3';
import type { KioskDatabase } from './db';

/**
 * The durable queue of telemetry events (migration 007): appended when something happens,
 * read in order by the exporter, removed only after the collector acknowledged them. Each write
 * is one committed transaction, like the outbox, so an event appended before a crash is sent
 * after it. A kiosk cut off for months cannot fill its disk: past `maxEvents` the oldest are
 * dropped, and how many is kept (and reported) rather than forgotten.
 */
export type EventSeverity = 'info' | 'warn' | 'error';

export interface TelemetryEvent {
  seq: number;
  /** ms since epoch. */
  at: number;
  name: string;
  severity: EventSeverity;
  attributes: Record<string, string>;
}

interface EventRow {
  seq: number;
  at: number;
  name: string;
  severity: EventSeverity;
  attributes: string;
}

const DROPPED = 'events-dropped';

export class TelemetryEventLog {
  private readonly s: Record<'insert' | 'trim' | 'peek' | 'remove' | 'count' | 'counter' | 'bump', Statement>;

  constructor(
    private readonly db: KioskDatabase,
    private readonly opts: { maxEvents: number; now?: () => number },
  ) {
    this.s = {
      insert: db.prepare(`INSERT INTO telemetry_events (at, name, severity, attributes) VALUES (@at, @name, @severity, @attributes)`),
      trim: db.prepare(`DELETE FROM telemetry_events WHERE seq <= (SELECT max(seq) FROM telemetry_events) - @keep`),
      peek: db.prepare(`SELECT * FROM telemetry_events ORDER BY seq LIMIT @limit`),
      remove: db.prepare(`DELETE FROM telemetry_events WHERE seq <= @upTo`),
      count: db.prepare(`SELECT count(*) AS n FROM telemetry_events`),
      counter: db.prepare(`SELECT value FROM telemetry_counters WHERE name = ?`),
      bump: db.prepare(`INSERT INTO telemetry_counters (name, value) VALUES (@name, @by) ON CONFLICT (name) DO UPDATE SET value = value + @by`),
    };
  }

  /** Durable when it returns. */
  append(name: string, severity: EventSeverity, attributes: Record<string, string>): void {
    const at = (this.opts.now ?? Date.now)();
    this.db.transaction(() => {
      this.s.insert.run({ at, name, severity, attributes: JSON.stringify(attributes) });
      const dropped = this.s.trim.run({ keep: this.opts.maxEvents }).changes;
      if (dropped > 0) this.s.bump.run({ name: DROPPED, by: dropped });
    })();
  }

  /** The oldest events, in the order they happened. */
  peek(limit: number): TelemetryEvent[] {
    return (this.s.peek.all({ limit }) as EventRow[]).map((r) => ({ ...r, attributes: JSON.parse(r.attributes) as Record<string, string> }));
  }

  /** The collector has every event up to `seq`. */
  acknowledge(upToSeq: number): void {
    this.s.remove.run({ upTo: upToSeq });
  }

  get queued(): number {
    return (this.s.count.get() as { n: number }).n;
  }

  /** Events dropped because the queue was full, over the life of this database. */
  get dropped(): number {
    return (this.s.counter.get(DROPPED) as { value: number } | undefined)?.value ?? 0;
  }
}
