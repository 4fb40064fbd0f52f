import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Attributes as OtelAttributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import type { PaymentOutcome } from '../core/ports';
import { safeAttributes } from './attributes';
import type { SessionEvent } from './session-tracker';

/**
 * The fleet metric set (docs/ARCHITECTURE.md, "Telemetry"). Counters count what happened since
 * this process started (a collector sees a restart as a reset, as Prometheus and OTLP expect);
 * gauges are read from their source of truth each time metrics are collected, so they are never
 * stale and need no bookkeeping here. Every attribute passes `safeAttributes`.
 */
interface QueueFigures {
  waiting: number;
  sending: number;
  oldestWaitingAgeMs: number;
  dead: number;
  stuckPeople: number;
}

export interface ConfigFigures {
  version: string;
  source: string;
  /** The rollout state the configuration service reports (e.g. staged, applied, rolled-back). */
  rollout?: string;
}

/** Where the gauges come from; each is asked at collection time. */
export interface MetricSources {
  queue(): QueueFigures;
  /** Open payment journal entries by state (unknown, reversal-pending, refund-owed…). */
  openPayments(): Readonly<Record<string, number>>;
  config(): ConfigFigures;
  /** Device statuses as `device → status`, with the printer's paper level; absent until a model feeds them. */
  devices?(): { statuses: Readonly<Record<string, string>>; paper?: string };
  /** Starts of the kiosk recorded on this machine, how many followed a crash, and whether this run is the safe mode. */
  starts?(): { starts: number; crashes: number; safeMode: boolean };
  /** Events waiting for the collector, and events dropped because the queue was full. */
  events?(): { queued: number; dropped: number };
}

const DEVICE_STATUSES = ['online', 'offline', 'noDevice', 'hardwareError', 'userError', 'busy', 'starting'] as const;
const PAPER_LEVELS = ['ok', 'nearEnd', 'out', 'unknown'] as const;
/** Touch to next state: most answers take a few milliseconds, a payment prompt a little more. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class KioskMetrics {
  private readonly refusedCounter;
  private readonly cardReads;
  private readonly payments;
  private readonly sessionsStarted;
  private readonly sessions;
  private readonly requestsStarted;
  private readonly requests;
  private readonly intentsRefused;
  private readonly touchLatency;
  private readonly exportFailures;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor(
    private readonly meter: Meter,
    private readonly sources: MetricSources,
    private readonly onRefused: (key: string) => void = () => {},
  ) {
    const m = meter;
    this.refusedCounter = m.createCounter('kiosk.telemetry.attributes_refused', { description: 'Attribute values refused because they did not look like codes (a bug to fix, never data to read)' });
    this.cardReads = m.createCounter('kiosk.card.reads', { description: 'ID card reads by result and error code' });
    this.payments = m.createCounter('kiosk.payments', { description: 'Payments asked of the terminal, by result (approved, declined, aborted, unknown, failed)' });
    this.sessionsStarted = m.createCounter('kiosk.sessions.started', { description: 'Shopper sessions begun (a card was inserted)' });
    this.sessions = m.createCounter('kiosk.sessions', { description: 'Shopper sessions ended, by outcome (completed: at least one request recorded)' });
    this.requestsStarted = m.createCounter('kiosk.service.started', { description: 'Requests for a service begun (the shopper chose it), by service' });
    this.requests = m.createCounter('kiosk.service.requests', {
      description: 'Requests for a service ended, by service, outcome (completed, failed, abandoned) and why it did not complete; completion rate = completed / started',
    });
    this.intentsRefused = m.createCounter('kiosk.intents.refused', { description: 'Messages from the screen refused at the contract boundary, by code' });
    this.exportFailures = m.createCounter('kiosk.telemetry.export_failures', { description: 'Pushes to the collector that failed, by kind (metrics, events)' });
    this.touchLatency = m.createHistogram('kiosk.touch_to_state.duration_seconds', {
      unit: 's',
      description: 'From a touch reaching main to the next screen state leaving it (the paint itself is not included)',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS_S },
    });
    this.loopDelay.enable();
    this.observeGauges();
  }

  private attrs(attrs: Readonly<Record<string, unknown>>): OtelAttributes {
    return safeAttributes(attrs, (key) => {
      this.refusedCounter.add(1);
      this.onRefused(key);
    }) as OtelAttributes;
  }

  cardRead(result: { ok: true } | { ok: false; code: string }): void {
    this.cardReads.add(1, this.attrs(result.ok ? { result: 'ok' } : { result: 'error', code: result.code }));
  }

  payment(outcome: PaymentOutcome['result'] | 'failed', code?: string): void {
    this.payments.add(1, this.attrs({ result: outcome, code }));
  }

  session(event: SessionEvent): void {
    switch (event.type) {
      case 'session-started':
        this.sessionsStarted.add(1);
        return;
      case 'session-ended':
        this.sessions.add(1, this.attrs({ outcome: event.outcome }));
        return;
      case 'request-started':
        this.requestsStarted.add(1, this.attrs({ service: event.service }));
        return;
      case 'request-ended':
        this.requests.add(1, this.attrs({ service: event.service, outcome: event.outcome, reason: event.reason }));
        return;
    }
  }

  intentRefused(code: string): void {
    this.intentsRefused.add(1, this.attrs({ code }));
  }

  touchToState(intent: string, seconds: number): void {
    this.touchLatency.record(seconds, this.attrs({ intent }));
  }

  exportFailed(kind: 'metrics' | 'events'): void {
    this.exportFailures.add(1, this.attrs({ kind }));
  }

  close(): void {
    this.loopDelay.disable();
  }

  private observeGauges(): void {
    const m = this.meter;
    const gauge = (name: string, description: string, unit?: string) => m.createObservableGauge(name, { description, ...(unit ? { unit } : {}) });
    const waiting = gauge('kiosk.outbox.waiting', 'Requests not yet delivered to the ministry (queued or being sent)');
    const sending = gauge('kiosk.outbox.sending', 'Requests being sent right now');
    const oldest = gauge('kiosk.outbox.oldest_waiting_seconds', 'Age of the oldest request still waiting for delivery', 's');
    const dead = gauge('kiosk.outbox.dead_letters', 'Requests the ministry refused or that expired undelivered');
    const stuck = gauge('kiosk.outbox.stuck_people', 'People whose first waiting request keeps failing while others go through');
    const openPayments = gauge('kiosk.payments.open', 'Payment journal entries not settled yet, by state');
    const refundsOwed = gauge('kiosk.refunds.owed', 'Payments to give back that no one has marked refunded yet');
    m.addBatchObservableCallback(
      (r) => {
        const q = this.sources.queue();
        r.observe(waiting, q.waiting);
        r.observe(sending, q.sending);
        r.observe(oldest, q.oldestWaitingAgeMs / 1000);
        r.observe(dead, q.dead);
        r.observe(stuck, q.stuckPeople);
        const open = this.sources.openPayments();
        for (const [state, n] of Object.entries(open)) r.observe(openPayments, n, this.attrs({ state }));
        r.observe(refundsOwed, open['refund-owed'] ?? 0);
      },
      [waiting, sending, oldest, dead, stuck, openPayments, refundsOwed],
    );

    const config = gauge('kiosk.config.info', 'The active configuration: 1 for its version, source and rollout state');
    config.addCallback((r) => {
      const c = this.sources.config();
      r.observe(1, this.attrs({ version: c.version, source: c.source, rollout: c.rollout ?? 'none' }));
    });

    const devices = gauge('kiosk.device.status', 'Each device has 1 for its current status and 0 for the others (a state set)');
    const paper = gauge('kiosk.printer.paper', 'The printer paper level: 1 for the current level, 0 for the others');
    m.addBatchObservableCallback(
      (r) => {
        const d = this.sources.devices?.();
        if (!d) return;
        for (const [device, current] of Object.entries(d.statuses)) stateSet(r, devices, DEVICE_STATUSES, current, (status) => this.attrs({ device, status }));
        if (d.paper) stateSet(r, paper, PAPER_LEVELS, d.paper, (level) => this.attrs({ level }));
      },
      [devices, paper],
    );

    const memory = gauge('kiosk.process.memory_bytes', 'Memory of the kiosk process by kind (rss, heap_used, heap_total, external)', 'By');
    const uptime = gauge('kiosk.process.uptime_seconds', 'Seconds since this kiosk process started', 's');
    const loop = gauge('kiosk.eventloop.delay_p99_seconds', 'Event-loop delay, 99th percentile since the last collection', 's');
    m.addBatchObservableCallback(
      (r) => {
        const mem = process.memoryUsage();
        r.observe(memory, mem.rss, { kind: 'rss' });
        r.observe(memory, mem.heapUsed, { kind: 'heap_used' });
        r.observe(memory, mem.heapTotal, { kind: 'heap_total' });
        r.observe(memory, mem.external, { kind: 'external' });
        r.observe(uptime, process.uptime());
        r.observe(loop, this.loopDelay.percentile(99) / 1e9);
        this.loopDelay.reset();
      },
      [memory, uptime, loop],
    );

    const starts = gauge('kiosk.starts', 'Starts of the kiosk recorded on this machine');
    const crashes = gauge('kiosk.crashes', 'Starts that followed a crash (the previous run did not stop cleanly)');
    const safeMode = gauge('kiosk.safe_mode', '1 while the kiosk runs in safe mode after a crash loop (out of service, still reporting)');
    const eventsQueued = gauge('kiosk.events.queued', 'Events waiting for the collector');
    const eventsDropped = gauge('kiosk.events.dropped', 'Events dropped because the queue for the collector was full');
    m.addBatchObservableCallback(
      (r) => {
        const s = this.sources.starts?.();
        if (s) {
          r.observe(starts, s.starts);
          r.observe(crashes, s.crashes);
          r.observe(safeMode, s.safeMode ? 1 : 0);
        }
        const e = this.sources.events?.();
        if (e) {
          r.observe(eventsQueued, e.queued);
          r.observe(eventsDropped, e.dropped);
        }
      },
      [starts, crashes, safeMode, eventsQueued, eventsDropped],
    );
  }
}

/** OpenMetrics' state set, as gauges: 1 for the current value, 0 for every other one. */
function stateSet(r: BatchObservableResult, gauge: Observable, values: readonly string[], current: string, attrs: (value: string) => OtelAttributes): void {
  for (const value of values) r.observe(gauge, value === current ? 1 : 0, attrs(value));
  if (!values.includes(current)) r.observe(gauge, 1, attrs(current));
}
