import { KioskState, type ScreenTexts } from '../contract';
import type { HealthResult } from '../config/tuf/agent';
import type { Bundle } from '../config/bundle/schema';
import type { DeviceStatesPort } from '../core/device-states';
import { dryRunCatalog } from '../core/services/dry-run';
import type { ServiceDefinition } from '../core/services/schema';
import { welcomeStep } from '../core/session-views';

/**
 * The health gate a newly applied bundle must pass (and pass again when its window ends):
 *   catalog-renders  the welcome screen built from the catalog for a citizen and a resident, with
 *                    the bundle's screen texts, is a state the renderer accepts (the contract's schema)
 *   dry-run          every service, beneficiary and choice gets a valid form and a fee
 *   devices          every device the bundle configures is not offline or faulty
 * "bundle loads" happens before: the agent loads (and hash-checks) the stored parts first.
 */
const DEMO_CITIZEN = { profile: 'ministry', idNumber: '28412345678', surname: 'Test', givenNames: 'Dry Run', surnameAr: 'اختبار', givenNamesAr: 'تجربة', nationality: 'QAT', validUntil: '2099-12-31' };
const DEMO_RESIDENT = { ...DEMO_CITIZEN, idNumber: '38412345678', nationality: 'IND' };

export interface HealthDeps {
  states: DeviceStatesPort;
  /** The state the kiosk shows now, as the frame the dry-run welcome screen is placed in. */
  snapshot(): KioskState;
  shippedCatalog(): readonly ServiceDefinition[];
  /** The bundle's screen texts as the renderer would get them. */
  texts(bundle: Bundle): ScreenTexts | undefined;
  now(): number;
}

const DEVICE_OF = { reader: 'cardReader', printer: 'printer', terminal: 'terminal', gatewayUrl: 'gateway' } as const;

export function bundleHealth(deps: HealthDeps) {
  return async (bundle: Bundle): Promise<HealthResult> => {
    const catalog = bundle.catalog?.services ?? deps.shippedCatalog();
    for (const identity of [DEMO_CITIZEN, DEMO_RESIDENT]) {
      const step = welcomeStep(identity, catalog, 'online', deps.now(), true);
      const state = { ...deps.snapshot(), texts: deps.texts(bundle), mode: { kind: 'shopper', session: { step } } };
      const parsed = KioskState.safeParse(state);
      if (!parsed.success) return { ok: false, check: 'catalog-renders', reason: `the welcome screen does not fit the contract: ${parsed.error.issues[0]!.path.join('.')}` };
      if (step.services.length === 0) return { ok: false, check: 'catalog-renders', reason: `no service is offered to a ${identity.nationality === 'QAT' ? 'citizen' : 'resident'}` };
    }
    const problems = dryRunCatalog(catalog);
    if (problems.length > 0) {
      const p = problems[0]!;
      return { ok: false, check: 'dry-run', reason: `${p.service} for ${p.beneficiary} (${Object.entries(p.values).map(([k, v]) => `${k}=${v}`).join(', ')}): ${p.reason}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}` };
    }
    const configured = Object.keys(bundle.settings?.devices ?? {}) as (keyof typeof DEVICE_OF)[];
    for (const key of configured) {
      const device = DEVICE_OF[key];
      const status = deps.states.snapshot[device].status;
      if (status === 'offline' || status === 'hardwareError') return { ok: false, check: 'devices', reason: `${device} is ${status} with the bundle's settings` };
    }
    return { ok: true };
  };
}
