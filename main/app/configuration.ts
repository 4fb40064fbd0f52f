import { type KioskSettings, loadCatalog } from '../config';
import { bundlePart } from '../config/load';
import type { ScreenTexts } from '../contract';
import { inForce, type InForce } from '../config/bundle/active';
import { type Bundle, signedConfigurationOf } from '../config/bundle/schema';
import { screenTextsOf } from '../config/bundle/texts';
import { BundleStore } from '../config/bundle/store';
import { type AgentEvent, ConfigAgent } from '../config/tuf/agent';
import type { ConfigStatus } from '../config/tuf/status';
import type { RulesInForce } from '../core/availability';
import type { SessionTimings } from '../core/catalog';
import type { DeviceStatesPort } from '../core/device-states';
import type { KioskCore } from '../core/kiosk-core';
import type { Logger } from '../core/ports';
import type { ServiceDefinition } from '../core/services/schema';
import type { SessionService } from '../core/session';
import type { Telemetry } from '../telemetry/telemetry';
import type { ConfigReports } from './config-reports';
import { bundleHealth } from './configuration-health';

/**
 * The configuration service: what the kiosk runs with at start (the bundle in force, else the
 * last known-good, else the shipped config/), and the agent that polls the ops repository and
 * swaps a new bundle's catalog, session timings, screen texts and out-of-service rules into the
 * running session at the next idle moment, without a restart. Device line settings and the gateway URL from a bundle take effect
 * at the next start (the shells read them through the settings' signed layer). Every step is
 * reported to telemetry: the config version and rollout state as attributes of the fleet
 * metrics, applies and rollbacks as durable events.
 */
export interface ConfigurationOptions {
  dataDir: string;
  kioskId: string;
  log: Logger;
  repository?: { url?: string; pollMs: number; healthWindowMs: number };
  /** The session timings from the settings (the bundle in force included), for the start only. */
  timings?: SessionTimings;
  /** Observers of every agent event beyond telemetry (the gateway report, tests). */
  onEvent?: (event: AgentEvent, status: ConfigStatus) => void;
}

export interface ConfigurationWiring {
  /** What the session starts with. */
  catalog: readonly ServiceDefinition[];
  timings: SessionTimings;
  /** The bundle's screen texts, merged by the renderer over its own. */
  texts: ScreenTexts | undefined;
  /** The out-of-service rules: the bundle's `settings.availability` over the shipped ones. */
  availability: KioskSettings['availability'];
  figures: { version: string; source: string };
  inForce: InForce;
  agent?: ConfigAgent;
  /**
   * `reports`: the gateway hears of every rolled-back or refused version through the outbox.
   * `rules`: the out-of-service rules in force, replaced with the catalog at the idle moment.
   */
  connect(parts: { session: SessionService; core: KioskCore; states: DeviceStatesPort; telemetry: Telemetry; reports?: ConfigReports; rules?: RulesInForce }): void;
  close(): void;
}

const figuresOf = (version: number) => (version === 0 ? { version: 'shipped-0', source: 'shipped' } : { version: `bundle-${version}`, source: `signed bundle ${version}` });

export function openConfiguration(options: ConfigurationOptions): ConfigurationWiring {
  const { log } = options;
  const store = new BundleStore(options.dataDir);
  // This process is the store's one writer: sweep what a killed writer left.
  store.recover();
  const start = inForce(store, log);
  // The settings' timings already hold the bundle in force at start, so a later bundle refines
  // the layers below it, not them: else a key it drops would keep the first bundle's value until
  // a restart. No variable or flag sets them, so the bundle over the shipped files is all of them.
  const timingsOf = (bundle: Bundle | undefined): SessionTimings => bundlePart('session', bundle && signedConfigurationOf(bundle));
  const catalogOf = (bundle: Bundle | undefined) => bundle?.catalog?.services ?? loadCatalog();
  // No variable or flag sets these rules, so the bundle over the shipped files is all of them.
  const rulesOf = (bundle: Bundle | undefined) => bundlePart('availability', bundle && signedConfigurationOf(bundle));
  let agent: ConfigAgent | undefined;
  let stopSignal: (() => void) | undefined;
  return {
    catalog: catalogOf(start.bundle),
    timings: options.timings ?? timingsOf(start.bundle),
    texts: screenTextsOf(start.bundle?.texts),
    availability: rulesOf(start.bundle),
    figures: figuresOf(start.version),
    inForce: start,
    get agent() {
      return agent;
    },
    connect({ session, core, states, telemetry, reports, rules }) {
      const writeReports = () => {
        try {
          reports?.sync(store.read());
        } catch (err) {
          // The refusal is in state.json: the next event or start writes the report.
          log.error('config-report-not-queued', { error: (err as Error).message });
        }
      };
      const repo = options.repository;
      const now = Date.now;
      agent = new ConfigAgent({
        store,
        url: repo?.url,
        kioskId: options.kioskId,
        pollMs: repo?.pollMs ?? 300_000,
        healthWindowMs: repo?.healthWindowMs ?? 30_000,
        log,
        isIdle: () => session.idle,
        onIdle: (listener) => core.onState((state) => state.mode.kind === 'attract' && listener()),
        swap: (bundle, version) => {
          const availability = rulesOf(bundle);
          if (!session.replaceConfiguration({ catalog: catalogOf(bundle), timings: timingsOf(bundle), texts: screenTextsOf(bundle?.texts) })) throw new Error('the kiosk is not idle');
          // After the catalog: the offer made again under the new rules lists the new services.
          rules?.replace(availability);
          states.update('config', figuresOf(version));
        },
        health: bundleHealth({ states, snapshot: () => core.state, shippedCatalog: () => loadCatalog(), texts: (bundle) => screenTextsOf(bundle.texts), now }),
        report: (event, status) => {
          telemetry.setConfig({ ...figuresOf(status.version), rollout: status.rollout });
          if (event.kind === 'rolled-back') telemetry.event('config-rolled-back', 'error', { version: String(event.version), reason: event.check });
          else if (event.kind === 'applied') telemetry.event('config-applied', 'info', { version: String(event.version) });
          else if (event.kind === 'refused') telemetry.event('config-refused', 'error', { version: String(event.version), code: event.code });
          else if (event.kind === 'check-failed') telemetry.event('config-check-failed', 'warn', { code: event.code });
          if (event.kind === 'rolled-back' || event.kind === 'refused') writeReports();
          options.onEvent?.(event, status);
        },
      });
      telemetry.setConfig({ ...figuresOf(start.version), rollout: agent.status().rollout });
      // A refusal whose report a killed kiosk did not get to write.
      writeReports();
      agent.start();
      // kioskctl config check-now asks a running kiosk to poll at once.
      const onSignal = () => void agent?.checkNow();
      process.on('SIGUSR2', onSignal);
      stopSignal = () => process.off('SIGUSR2', onSignal);
    },
    close() {
      stopSignal?.();
      agent?.stop();
    },
  };
}
