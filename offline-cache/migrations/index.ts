import { migration001 } from './001-outbox';
import { migration002 } from './002-local-ref-counter';
import { migration003 } from './003-payment-journal';
import { migration004 } from './004-print-jobs';
import { migration005 } from './005-outbox-expiry';
import { migration006 } from './006-outbox-leases';
import { migration007 } from './007-telemetry-events';
import { migration008 } from './008-technician';
import { migration009 } from './009-outbox-kind';
import { migration010 } from './010-outbox-audit';
import { migration011 } from './011-out-of-service';
import { migration012 } from './012-device-overrides';
import { migration013 } from './013-outbox-beneficiary';
import { migration014 } from './014-audit-retention';
import { migration015 } from './015-work-order-used';
import type { Migration } from './types';

export type { Migration } from './types';

/** Every schema step in order. Append only: a shipped step is never edited. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015];
