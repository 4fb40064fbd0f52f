import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import protobuf from 'protobufjs';

/**
 * An OTLP/HTTP collector for tests: it decodes every request with the official OpenTelemetry
 * protobuf definitions (test/fixtures/opentelemetry-proto, vendored from the OpenTelemetry JS
 * project) and refuses a payload that carries a field those definitions do not have. It can
 * be down (503), hang without answering, or reset connections, the way a collector fails.
 */
const PROTO_DIR = resolve('test/fixtures/opentelemetry-proto');

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('/') ? target : join(PROTO_DIR, target));
  root.loadSync(['opentelemetry/proto/collector/metrics/v1/metrics_service.proto', 'opentelemetry/proto/collector/logs/v1/logs_service.proto']);
  root.resolveAll();
  return root;
}

const root = loadRoot();
const MetricsRequest = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
const LogsRequest = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
const MetricsResponse = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse');
const LogsResponse = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');

/**
 * Field numbers in `bytes` that `type` does not define, as paths (`resource_metrics.scope_metrics#9`).
 * protobufjs skips unknown fields silently; this walk over the wire format is what makes the
 * check strict.
 */
function unknownFields(type: protobuf.Type, bytes: Uint8Array, path = type.name): string[] {
  const out: string[] = [];
  const r = protobuf.Reader.create(bytes);
  while (r.pos < r.len) {
    const tag = r.uint32();
    const id = tag >>> 3;
    const wire = tag & 7;
    const field = type.fieldsById[id];
    if (!field) {
      out.push(`${path}#${id}`);
      r.skipType(wire);
      continue;
    }
    if (field.resolvedType instanceof protobuf.Type && wire === 2) out.push(...unknownFields(field.resolvedType, r.bytes(), `${path}.${field.name}`));
    else r.skipType(wire);
  }
  return out;
}

export type CollectorMode = 'up' | 'unavailable' | 'hang' | 'reset';

export interface DecodedExport {
  kind: 'metrics' | 'logs';
  /** protobufjs toObject with longs and enums as strings. */
  body: Record<string, unknown>;
}

export interface TestCollector {
  url: string;
  mode: CollectorMode;
  /** Every export the collector answered 200 to, decoded. */
  received: DecodedExport[];
  /** Requests it could not decode, or that carried fields the definitions lack. */
  invalid: string[];
  /** Requests that arrived, answered or not. */
  attempts: number;
  /** Requests held unanswered in `hang` mode whose client is still waiting. */
  readonly held: number;
  close(): Promise<void>;
}

/**
 * `keepMetrics`: how many decoded metric exports to keep (the newest); all by default. A long run
 * keeps one, or the collector's own copies of every push grow in the very process whose memory
 * is being measured (the soak's first 69 MB were mostly this).
 */
export async function startCollector(opts: { keepMetrics?: number } = {}): Promise<TestCollector> {
  const hanging = new Set<ServerResponse>();
  const state: TestCollector = {
    url: '',
    mode: 'up',
    received: [],
    invalid: [],
    attempts: 0,
    get held() {
      return hanging.size;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.attempts += 1;
      if (state.mode === 'reset') return void req.socket.destroy();
      if (state.mode === 'hang') {
        // Let go once the exporter gives up: a soak holds thousands of these in the measured process.
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (state.mode === 'unavailable') return void res.writeHead(503, { 'retry-after': '1' }).end();
      const kind = req.url === '/v1/metrics' ? 'metrics' : req.url === '/v1/logs' ? 'logs' : undefined;
      if (!kind || req.method !== 'POST' || req.headers['content-type'] !== 'application/x-protobuf') {
        state.invalid.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        return void res.writeHead(400).end();
      }
      const bytes = new Uint8Array(Buffer.concat(chunks));
      const type = kind === 'metrics' ? MetricsRequest : LogsRequest;
      try {
        const unknown = unknownFields(type, bytes);
        if (unknown.length) throw new Error(`fields outside opentelemetry-proto: ${unknown.join(', ')}`);
        const message = type.decode(bytes);
        const problem = type.verify(message);
        if (problem) throw new Error(problem);
        state.received.push({ kind, body: type.toObject(message, { longs: String, enums: String, bytes: String, defaults: false }) });
        if (kind === 'metrics' && opts.keepMetrics !== undefined && state.received.filter((e) => e.kind === 'metrics').length > opts.keepMetrics) {
          state.received.splice(state.received.findIndex((e) => e.kind === 'metrics'), 1);
        }
      } catch (err) {
        state.invalid.push(`${kind}: ${(err as Error).message}`);
        return void res.writeHead(400).end();
      }
      const answer = (kind === 'metrics' ? MetricsResponse : LogsResponse).encode({}).finish();
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

type Obj = Record<string, unknown>;
const list = (o: unknown, key: string): Obj[] => ((o as Obj | undefined)?.[key] as Obj[] | undefined) ?? [];

/** Every metric in the decoded metric exports, newest last: `{ name, dataPoints }`. */
export function metricsOf(exports: DecodedExport[]): { name: string; points: Obj[]; resource: Obj }[] {
  return exports
    .filter((e) => e.kind === 'metrics')
    .flatMap((e) =>
      list(e.body, 'resourceMetrics').flatMap((rm) =>
        list(rm, 'scopeMetrics').flatMap((sm) =>
          list(sm, 'metrics').map((m) => ({
            name: m.name as string,
            resource: rm.resource as Obj,
            points: list(m.sum ?? m.gauge ?? m.histogram, 'dataPoints'),
          })),
        ),
      ),
    );
}

/** Every log record in the decoded log exports, in the order they arrived. */
export function logRecordsOf(exports: DecodedExport[]): Obj[] {
  return exports.filter((e) => e.kind === 'logs').flatMap((e) => list(e.body, 'resourceLogs').flatMap((rl) => list(rl, 'scopeLogs').flatMap((sl) => list(sl, 'logRecords'))));
}

/** An OTLP attribute list as a plain object. */
export function attributesOf(point: Obj): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const kv of list(point, 'attributes')) {
    const v = kv.value as Obj;
    out[kv.key as string] = (v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.doubleValue)) as string | number;
  }
  return out;
}
