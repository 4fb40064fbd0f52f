/**
 * Card read speed on the real pcscd with the virtual reader "Virtual PCD B 00 01" (vpcd port
 * 35966, kept free for card benchmarks). For each profile, ≥ 30 inserts read the kiosk's way
 * (the profile's fast path) and the naive way (SELECT every file, READ BINARY in 256-byte chunks)
 * in the same run. The clock starts when pcscd reports the card to the service (its status
 * event) and stops when the identity is ready, so pcscd's own polling delay before it notices a
 * card (250-450 ms here) is not counted; SCardConnect and every APDU round trip are.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Identity } from '../drivers/card/identity';
import { CardReaderService } from '../drivers/card/reader-service';
import type { ReadStrategy } from '../drivers/card/read-identity';
import { belpicCardImage, ministryCardImage } from '../drivers/card/sim/images';
import { withTestAnchors } from '../drivers/card/sim/signing';
import { ministryProfile, parseCardProfile } from '../drivers/card/profiles';
import { VirtualCard } from '../drivers/card/sim/virtual-card';
import belpicDemo from '../drivers/card/sim/demo-belpic.json';
import demo from '../drivers/card/sim/demo-identity.json';
import { percentile, type Bench, type BenchResult, type BenchRow } from './types';

const READER = 'Virtual PCD B 00 01';
const PORT = 35966;
const INSERTS = Number(process.env.CARD_BENCH_INSERTS ?? 30);

interface Sample {
  ms: number;
  apdus: number;
  /** SCardConnect + APDUs as the service logs them. */
  readMs: number;
}

function waitFor<T>(service: CardReaderService, event: 'identity' | 'card-removed' | 'health', ms: number, match: (v: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} from "${READER}" within ${ms} ms`)), ms);
    const listener = (v: T) => {
      if (!match(v)) return;
      clearTimeout(timer);
      service.off(event, listener as never);
      resolve(v);
    };
    service.on(event, listener as never);
  });
}

/**
 * `unauthenticated`: the ministry card as it was read before issue 14 — plain TLV of a size the
 * profile knows, no signature, no chip challenge (SELECT + one READ BINARY).
 */
async function measure(profile: 'ministry' | 'belpic', strategy: ReadStrategy, unauthenticated = false): Promise<Sample[]> {
  let last: { apdus: number; ms: number; authenticity: string } | undefined;
  const plain = ministryCardImage(Identity.parse(demo), { tamper: 'unsigned' });
  const plainSize = (plain.mf.children[0] as { children: Array<{ data: Uint8Array }> }).children[0]!.data.length;
  const plainProfile = parseCardProfile({ ...ministryProfile, authentication: undefined, files: ministryProfile.files.map((f) => ({ ...f, announces: undefined, size: plainSize })) });
  const service = new CardReaderService({
    readerPattern: READER,
    strategy,
    // Simulated cards are signed by the test roots; the benchmark checks them as the simulated kiosk does.
    anchors: withTestAnchors,
    ...(unauthenticated ? { profiles: [plainProfile] } : {}),
    log: (event, fields) => {
      if (event === 'card.read') last = { apdus: fields!.apdus as number, ms: fields!.ms as number, authenticity: fields!.authenticity as string };
      if (event === 'card.read-failed') throw new Error(`read failed: ${String(fields?.code)}`);
    },
  });
  let insertedAt = 0;
  service.on('card-inserted', () => (insertedAt = performance.now()));
  const ready = waitFor<string>(service, 'health', 5000, (h) => h === 'ready');
  service.start();
  await ready.catch(() => {
    throw new Error(`reader "${READER}" not found: is pcscd running with the "Virtual PCD B" vpcd entry?`);
  });
  const samples: Sample[] = [];
  try {
    for (let i = 0; i < INSERTS; i++) {
      const image = unauthenticated ? plain : profile === 'ministry' ? ministryCardImage(Identity.parse(demo)) : belpicCardImage(Identity.parse(belpicDemo));
      const card = new VirtualCard({ image, port: PORT });
      const got = waitFor(service, 'identity', 5000);
      await card.insert();
      await got;
      const ms = performance.now() - insertedAt;
      const expected = unauthenticated ? 'unsigned' : 'verified';
      if (strategy === 'fast' && last!.authenticity !== expected) throw new Error(`read as ${last!.authenticity}, expected ${expected}`);
      samples.push({ ms, apdus: last!.apdus, readMs: last!.ms });
      const removed = waitFor(service, 'card-removed', 5000);
      await card.remove();
      await removed;
    }
  } finally {
    await service.stop();
  }
  return samples;
}

const median = (xs: number[]) => percentile(xs, 50);

/**
 * vpcd sends each frame's length and payload in two send()s; unless loopback ACKs at once, Nagle
 * and Linux's delayed ACK add ~40 ms to every APDU (test/integration/card/isolated-pcscd.sh turns
 * that off in its namespace). Said beside the figures, since it is most of them when it is on.
 */
function loopbackNote(): string {
  let routes = '';
  try {
    routes = execFileSync('ip', ['route', 'show', 'table', 'local'], { encoding: 'utf8' });
  } catch {
    return 'virtual reader link: unknown whether loopback delays ACKs (`ip route` failed)';
  }
  const quick = routes.split('\n').some((l) => l.startsWith('local 127.0.0.1 ') && /quickack 1/.test(l));
  return quick
    ? 'virtual reader link: loopback ACKs at once (quickack), so an APDU costs what pcscd, vpcd and the card take'
    : "virtual reader link: loopback delays ACKs, so each APDU also waits ~40 ms on vpcd's two-send framing (run under test/integration/card/isolated-pcscd.sh to see the read without it)";
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

const bench: Bench = {
  name: 'card',
  async run(): Promise<BenchResult> {
    const rows: BenchRow[] = [];
    const notes: string[] = [loopbackNote()];
    const loadBefore = load();
    for (const profile of ['ministry', 'belpic'] as const) {
      const fast = await measure(profile, 'fast');
      const naive = await measure(profile, 'naive');
      if (profile === 'ministry') {
        const plain = await measure(profile, 'fast', true);
        const authMs = fast.map((s) => s.ms);
        const plainMs = plain.map((s) => s.ms);
        rows.push(
          { metric: 'ministry: authenticated read (signed data + chip challenge) vs unauthenticated, median', unit: 'ms', value: median(authMs), baseline: median(plainMs), better: 'lower', goal: 150 },
          { metric: 'ministry: authenticated vs unauthenticated, APDUs', unit: 'APDUs', value: median(fast.map((s) => s.apdus)), baseline: median(plain.map((s) => s.apdus)), better: 'lower', goal: 3 },
        );
      }
      const ms = fast.map((s) => s.ms);
      const base = naive.map((s) => s.ms);
      const goalMs = profile === 'ministry' ? 150 : undefined;
      const goalApdus = profile === 'ministry' ? 3 : undefined;
      rows.push(
        { metric: `${profile}: card reported → identity, median`, unit: 'ms', value: median(ms), baseline: median(base), better: 'lower', goal: goalMs },
        { metric: `${profile}: card reported → identity, p95`, unit: 'ms', value: percentile(ms, 95), baseline: percentile(base, 95), better: 'lower', goal: goalMs },
        { metric: `${profile}: APDU round trips per read`, unit: 'APDUs', value: median(fast.map((s) => s.apdus)), baseline: median(naive.map((s) => s.apdus)), better: 'lower', goal: goalApdus },
        {
          metric: `${profile}: time per APDU round trip`,
          unit: 'ms',
          value: median(fast.map((s) => s.readMs / s.apdus)),
          baseline: median(naive.map((s) => s.readMs / s.apdus)),
          better: 'lower',
        },
      );
      notes.push(`${profile}: ${fast.length} + ${naive.length} inserts; min ${Math.min(...ms).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms (kiosk way)`);
    }
    notes.push(`machine load average (1, 5, 15 min): ${loadBefore} before, ${load()} after`);
    notes.push('clock: from pcscd reporting the card (service status event) to the identity event; SCardConnect and every APDU counted, pcscd\'s polling before it notices the card not');
    notes.push('baseline: naive strategy — SELECT every file (ministry: its EF too; belpic: by path) and READ BINARY in 256-byte chunks (Le=00), which a T=0 BELPIC card answers with 6Cxx and a resend');
    return { title: `Card reads on pcscd + vpcd ("${READER}")`, baseline: 'naive SELECT + 256-byte chunks per file', rows, notes };
  },
};

export default bench;
