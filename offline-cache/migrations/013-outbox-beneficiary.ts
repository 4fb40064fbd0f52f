import type { Migration } from './types';

/**
 * Outbox step 5: for whom a submission is (issue 15). A request made for a sponsored person
 * named them only inside its payload, which is dropped once the ministry acknowledged it, so
 * "My requests" then listed it under the card holder. `beneficiary` keeps, in clear and past the
 * purge, the least that places it: the ministry's opaque person id and the masked number the
 * screens already show, as JSON ({"id":"SP-…","idNumberMasked":"356••••••71"}); never a QID,
 * a name or anything else of that person. NULL: the card holder, or a row from before this step
 * (its payload, while kept, still names the person).
 */
export const migration013: Migration = {
  version: 13,
  name: 'outbox-beneficiary',
  up(db) {
    db.exec(`ALTER TABLE outbox ADD COLUMN beneficiary TEXT CHECK (beneficiary IS NULL OR (json_valid(beneficiary) AND length(beneficiary) <= 160))`);
  },
};
