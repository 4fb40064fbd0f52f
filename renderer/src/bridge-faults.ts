import type { z } from 'zod';
import { contractIssues } from '../../main/contract';

/** Main sent something the contract does not allow: the screen may be out of date until it stops. */
export interface BridgeFault {
  code: 'contract-mismatch';
  /** Where the message broke the contract (`path: code`), never its values. */
  issues: string[];
}

export interface FaultAware {
  /** Called at once with the current fault (or none), then on every change. */
  onFault(listener: (fault: BridgeFault | undefined) => void): () => void;
}

/**
 * Keeps what the bridge refused in plain sight: each refusal is logged as an error and reported
 * to the app, which covers the stale screen; the next state that passes clears it.
 */
export function createFaults(): FaultAware & { refuse(reason: string, error?: z.ZodError): void; clear(): void } {
  let current: BridgeFault | undefined;
  const listeners = new Set<(fault: BridgeFault | undefined) => void>();
  const set = (fault: BridgeFault | undefined): void => {
    current = fault;
    for (const listener of listeners) listener(fault);
  };
  return {
    refuse(reason, error) {
      const issues = error ? contractIssues(error, { keys: true }) : [];
      console.error(`kiosk bridge: refused a message from main (${reason})${issues.length ? `: ${issues.join('; ')}` : ''}`);
      set({ code: 'contract-mismatch', issues });
    },
    clear() {
      if (current) set(undefined);
    },
    onFault(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
  };
}
