import { z } from 'zod';
import { Lang } from './state';
import { SelfTestKind } from './technician';
import { LogDevice } from './technician-logs';
import { RefundHow, TechnicianPage } from './technician-queue';
import { DeviceSettingKey, DeviceSettingValue, RestartableDevice } from './technician-devices';
import { ServiceCategory } from './views';

/**
 * Everything the renderer may ask for. Intents carry choices, never facts: there is no way to
 * say "the amount is X" or "I am person Y" — main derives those from the card and the gateway.
 */
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/);

export const Intent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setLanguage'), lang: Lang }).strict(),
  z.object({ type: z.literal('chooseService'), serviceId: id }).strict(),
  /** The service menu: open one category's services (back returns to the categories). */
  z.object({ type: z.literal('openCategory'), category: ServiceCategory }).strict(),
  z.object({ type: z.literal('selectFines'), fineIds: z.array(id).max(100) }).strict(),
  /** One field of the form, as typed; main validates it and answers in state.form.errors. */
  z.object({ type: z.literal('setField'), fieldId: id, value: z.string().max(200) }).strict(),
  z.object({ type: z.literal('submitForm') }).strict(),
  /** Sends a request that costs nothing (no payment step). */
  z.object({ type: z.literal('submitRequest') }).strict(),
  z.object({ type: z.literal('review') }).strict(),
  /** From the review: open the form at this one answer, then come back to the review. */
  z.object({ type: z.literal('editAnswer'), fieldId: id }).strict(),
  /** From the review: choose again for whom the request is; the answers are kept. */
  z.object({ type: z.literal('changeBeneficiary') }).strict(),
  z.object({ type: z.literal('showRequests') }).strict(),
  /** From "my requests": pay the fee one request waits for, where main offered it (action pay-here), by its reference. */
  z.object({ type: z.literal('payRequestFee'), reference: id }).strict(),
  /** From the visa inquiry's answer: extend that visa here, where main offered it (next: extend-here). */
  z.object({ type: z.literal('extendVisa') }).strict(),
  /** One of the people main offered in state.beneficiaries, by id. */
  z.object({ type: z.literal('chooseBeneficiary'), beneficiaryId: id }).strict(),
  /** Sent once per attempt; main passes it to the card and never logs or keeps it. */
  z.object({ type: z.literal('submitPin'), pin: z.string().regex(/^\d{4,12}$/) }).strict(),
  z.object({ type: z.literal('confirmPayment') }).strict(),
  /** After a declined or cancelled payment: back to the review of the same request, to pay with another card. */
  z.object({ type: z.literal('payAgain') }).strict(),
  z.object({ type: z.literal('cancelPayment') }).strict(),
  z.object({ type: z.literal('back') }).strict(),
  z.object({ type: z.literal('finish') }).strict(),
  z.object({ type: z.literal('reprintReceipt') }).strict(),
  /** Technician: run one self-test (end of day and the audio test then wait for confirmSelfTest). */
  z.object({ type: z.literal('runSelfTest'), test: SelfTestKind }).strict(),
  /** Technician: yes or no to the test waiting for it (close the batch now; the sound was heard). */
  z.object({ type: z.literal('confirmSelfTest'), confirmed: z.boolean() }).strict(),
  /** Technician: take the kiosk out of service, or put it back. */
  z.object({ type: z.literal('setOutOfService'), on: z.boolean() }).strict(),
  /** Technician: another page of the visit (devices and tests, queue and money). */
  z.object({ type: z.literal('openTechnicianPage'), page: TechnicianPage }).strict(),
  /** Technician: send one dead letter back to the queue, or (no id) make everything waiting due now. */
  z.object({ type: z.literal('retryOutbox'), entryId: id.optional() }).strict(),
  /** Technician: deliver what waits, now. */
  z.object({ type: z.literal('drainOutbox') }).strict(),
  /** Technician: a refund owed was paid back, and how (main writes the journal's note). */
  z.object({ type: z.literal('markRefunded'), paymentId: id, how: RefundHow }).strict(),
  /** Technician, on the logs page: only this device's lines (none: every line); main filters. */
  z.object({ type: z.literal('filterLogs'), device: LogDevice.optional() }).strict(),
  /** Technician, on the settings page: keep this value for one device setting (null: clear the override); main checks it. */
  z.object({ type: z.literal('setDeviceSetting'), key: DeviceSettingKey, value: DeviceSettingValue.nullable() }).strict(),
  /** Technician: restart the printer or the terminal with the settings kept now (the card reader restarts when the visit ends with the card out). */
  z.object({ type: z.literal('restartDevice'), device: RestartableDevice }).strict(),
  /** Technician: end the visit (the devices are checked again first). */
  z.object({ type: z.literal('exitDiagnostics') }).strict(),
  /** The technician's work-order code as typed (main reads it: any case, spaces and dashes). */
  z.object({ type: z.literal('submitWorkOrder'), code: z.string().regex(/^[0-9A-Za-z -]{1,200}$/) }).strict(),
  /** A touch anywhere: restarts the inactivity timer. */
  z.object({ type: z.literal('activity') }).strict(),
]);
export type Intent = z.infer<typeof Intent>;
