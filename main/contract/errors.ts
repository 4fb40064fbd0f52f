import { z } from 'zod';

export const ContractErrorCode = z.enum([
  /** The message did not match the contract (wrong shape, unknown type, extra fields). */
  'invalid-intent',
  /** A valid intent that the current screen does not accept (e.g. pay before a service). */
  'not-allowed-now',
  /** A form value was recorded but does not pass main's checks; state.form.errors says why. */
  'invalid-value',
  /** A device needed for the intent is not available. */
  'device-unavailable',
  /** The browser host refused the connection or message (bad token, oversize frame). */
  'unauthorized',
  'internal',
]);
export type ContractErrorCode = z.infer<typeof ContractErrorCode>;

const ContractError = z.object({
  code: ContractErrorCode,
  /** For developers and logs; never contains personal data. */
  message: z.string(),
});

export const IntentResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: ContractError }),
]);
export type IntentResult = z.infer<typeof IntentResult>;

export function rejected(code: ContractErrorCode, message: string): IntentResult {
  return { ok: false, error: { code, message } };
}

export const ACCEPTED: IntentResult = { ok: true };
