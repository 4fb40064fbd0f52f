import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttractStep, KioskState, OutOfServiceStep, ScreenId, ShopperStep, TechnicianStep, currentStep } from '../../../main/contract';
import { KioskCore } from '../../../main/core/kiosk-core';
import { InvalidStateError, checkedState } from '../../../main/core/state-check';
import type { Logger, SponsoredPerson } from '../../../main/core/ports';
import { identity, makeKiosk, tick } from '../../support/core-fakes';

/** A sponsor record whose masked number came back as a number: a view built from it breaks the contract. */
const broken = [
  { id: 'SP-1', relation: 'employee', givenNamesAr: 'أ', surnameAr: 'ب', givenNames: 'A', surname: 'B', idNumberMasked: 356 },
  { id: 'SP-2', relation: 'employee', givenNamesAr: 'ج', surnameAr: 'د', givenNames: 'C', surname: 'D', idNumberMasked: '356••••••72' },
] as unknown as SponsoredPerson[];

function recordingLog(): Logger & { lines: [string, Record<string, unknown> | undefined][] } {
  const lines: [string, Record<string, unknown> | undefined][] = [];
  const log = (event: string, fields?: Record<string, unknown>) => void lines.push([event, fields]);
  return { lines, info: log, warn: log, error: log };
}

describe('every state main sends matches the contract', () => {
  it('checks each state as it is made, so a state the renderer would refuse fails where main built it', async () => {
    const k = makeKiosk({ deps: { sponsors: { sponsoredPeople: async () => broken } } });
    const log = recordingLog();
    const core = new KioskCore(k.session, log);
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    const before = k.session.snapshot;
    const result = await core.dispatch({ type: 'chooseService', serviceId: 'renew-residence-permit' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log.lines).toContainEqual(['intent-failed', { type: 'chooseService', error: 'InvalidStateError' }]);
    // The broken state never left: listeners saw nothing new after the busy flag.
    expect(currentStep(k.session.snapshot).screen).toBe('welcome');
    expect(k.states.at(-1)?.seq).toBe(before.seq + 1);
  });

  it('names where a state broke the contract, never its values', () => {
    const state = { ...makeKiosk().session.snapshot, idNumber: '28463400123' } as KioskState;
    expect(() => checkedState(state)).toThrow(InvalidStateError);
    try {
      checkedState(state);
    } catch (err) {
      expect((err as InvalidStateError).code).toBe('invalid-state');
      expect((err as InvalidStateError).issues).toEqual(['(root): unrecognized_keys (idNumber)']);
      expect((err as Error).message).not.toContain('28463400123');
    }
    expect(checkedState(state, false)).toBe(state);
  });

  it('a packaged build can leave the check to the renderer', async () => {
    const k = makeKiosk({ deps: { sponsors: { sponsoredPeople: async () => broken }, checkStates: false } });
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'renew-residence-permit' });
    await tick();
    expect(currentStep(k.session.snapshot).screen).toBe('beneficiary');
    expect(KioskState.safeParse(k.session.snapshot).success).toBe(false);
  });

  it('has one step type per screen, and a screen for every step', () => {
    const screens = [
      ...ShopperStep.options.map((o) => o.shape.screen.value),
      ...AttractStep.shape.screen.options,
      ...TechnicianStep.options.map((o) => o.shape.screen.value),
      OutOfServiceStep.shape.screen.value,
    ];
    expect(new Set(screens).size).toBe(screens.length);
    expect([...screens].sort()).toEqual([...ScreenId.options].sort());
  });
});

describe('the core reads no clock and draws no ids itself', () => {
  const CORE = join(process.cwd(), 'main', 'core');
  const files = readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s', (file) => {
    const source = readFileSync(join(CORE, file), 'utf8');
    // The logger stamps each line as it writes it; that is output, not a decision of the session.
    const allowed = file === 'log.ts' ? /new Date\(\)\.toISOString\(\)/g : /$^/g;
    const code = source.replace(allowed, '');
    expect(code).not.toMatch(/Date\.now|new Date\(\)|Math\.random|randomUUID|randomBytes|performance\.now|node:crypto/);
  });
});
