import type { SelfTestDetails, SelfTestKind } from '../contract';

/**
 * What a technician's visit (technician.ts and the desks beside it) needs from outside main/core:
 * the audit log, the self-tests on the real devices, and where an out of service a person asked
 * for is kept. main/app/diagnostics.ts wires the real ones.
 */
export type AuditAction =
  | 'technician-card'
  | 'refused'
  | 'pin-wrong'
  | 'work-order-wrong'
  | 'locked-out'
  | 'pin-while-locked'
  | 'enter'
  | 'selftest'
  | 'out-of-service-on'
  | 'out-of-service-off'
  | 'queue-retry'
  | 'queue-drain'
  | 'refunded'
  | 'device-setting'
  | 'device-restart'
  | 'exit';

export type AuditDetail = Record<string, string | number | boolean>;

export interface AuditPort {
  /** Appends one entry, durably; never throws (a failure is logged where it happens). */
  record(actor: string, action: AuditAction, detail?: AuditDetail): void;
}

export interface SelfTestOutcome {
  result: 'passed' | 'failed';
  code?: string;
  details?: SelfTestDetails;
}

export interface DiagnosticsPort {
  /**
   * Runs one self-test on the real device; rejects only for a bug (a device failure is a `failed`
   * outcome). `signal` ends the card test early: the card it reads has left.
   */
  selfTest(kind: Exclude<SelfTestKind, 'audio'>, signal?: AbortSignal): Promise<SelfTestOutcome>;
  /** Asks every device again (readers, printer status, terminal status, gateway probe); resolves once the model is up to date. */
  recheck(): Promise<void>;
}

/** An out of service a person asked for, as kept across restarts (offline-cache/out-of-service-store.ts). */
export interface KeptOutOfService {
  by: 'technician' | 'kioskctl';
  reason: string;
  at: number;
}

export interface KeptOutOfServicePort {
  read(): KeptOutOfService | undefined;
  save(record: KeptOutOfService): void;
  clear(): void;
}
