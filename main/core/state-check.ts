import { CodedError } from '../../shared/coded-error';
import { KioskState, contractIssues } from '../contract';

/** Main built a state the contract does not allow: a bug in main, never the shopper's doing. */
export class InvalidStateError extends CodedError<'invalid-state'> {
  override readonly name = 'InvalidStateError';

  constructor(readonly issues: string[]) {
    super('invalid-state', `main built a state that does not match the contract: ${issues.join('; ')}`);
  }
}

/**
 * Checks a state before it leaves main and hands back the very object checked (not a parsed
 * copy), so what was checked is exactly what is sent. Strict schemas make a field that belongs
 * to another step, or that no step has, fail here.
 */
export function checkedState(state: KioskState, check = true): KioskState {
  if (!check) return state;
  const parsed = KioskState.safeParse(state);
  if (!parsed.success) throw new InvalidStateError(contractIssues(parsed.error, { max: 10, keys: true }));
  return state;
}
