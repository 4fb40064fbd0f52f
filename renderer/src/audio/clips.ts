import { type KioskState, type Lang, type ScreenId, type TerminalPrompt, currentStep } from '../../../main/contract';
import type { MessageKey } from '../i18n';

/**
 * Which spoken clip goes with what the shopper sees. A clip is named after the i18n message it
 * speaks, so the words heard are the words on screen (renderer/public/audio/manifest.json holds
 * the text each file was made from; a unit test fails when the screen's text changed since).
 */

/** The message a screen is announced with: its title, or the one line that tells what to do. */
const SCREEN_CLIP: Partial<Record<ScreenId, MessageKey>> = {
  attract: 'attract.title',
  reading: 'reading.title',
  pin: 'pin.title',
  welcome: 'welcome.choose',
  form: 'form.instruction',
  beneficiary: 'beneficiary.title',
  fines: 'fines.instruction',
  permit: 'permit.title',
  visa: 'visa.title',
  residency: 'residency.title',
  confirm: 'confirm.title',
  paying: 'paying.title',
  requests: 'requests.title',
  goodbye: 'goodbye.title',
  error: 'error.title',
  technicianPin: 'tech.pin.title',
  // Still the technician's way in: the same words as the PIN's, heard as they are read.
  technicianWorkOrder: 'tech.pin.title',
  diagnostics: 'tech.title',
  techQueue: 'tech.title',
  techLogs: 'tech.title',
  techSettings: 'tech.title',
  outOfService: 'oos.title',
};

const PROMPT_CLIP: Readonly<Record<TerminalPrompt, MessageKey>> = {
  'insert-card': 'prompt.insert-card',
  'enter-pin': 'prompt.enter-pin',
  'wrong-pin': 'prompt.wrong-pin',
  processing: 'prompt.processing',
  'waiting-for-host': 'prompt.waiting-for-host',
  'remove-card': 'prompt.remove-card',
  'card-not-readable': 'prompt.card-not-readable',
  'please-wait': 'prompt.please-wait',
};

const OUTCOME_CLIP = {
  approved: 'result.approved',
  declined: 'result.declined',
  aborted: 'result.aborted',
  failed: 'result.failed',
} as const satisfies Record<string, MessageKey>;

/** Every clip the selection can ask for: the generator makes these, the tests check they exist. */
export const CLIP_KEYS: readonly MessageKey[] = [
  ...new Set<MessageKey>([
    ...Object.values(SCREEN_CLIP),
    ...Object.values(PROMPT_CLIP),
    ...Object.values(OUTCOME_CLIP),
    'result.pending',
    'timeout.title',
    'claims.instruction',
  ]),
];

export type GuidanceState = Pick<KioskState, 'mode' | 'timeoutAt'>;

/**
 * The clip for this moment, or undefined for silence. The inactivity warning speaks over any
 * screen; on the payment screen each terminal prompt is a step of its own.
 */
export function guidanceClip(state: GuidanceState): MessageKey | undefined {
  if (state.timeoutAt !== undefined) return 'timeout.title';
  const step = currentStep(state);
  if (step.screen === 'paying' && step.payment.prompt) return PROMPT_CLIP[step.payment.prompt];
  // The claims share the fines' screen, with their own words.
  if (step.screen === 'fines' && step.flow === 'claims') return 'claims.instruction';
  if (step.screen === 'result') {
    const phase = step.payment?.phase;
    return phase && phase in OUTCOME_CLIP ? OUTCOME_CLIP[phase as keyof typeof OUTCOME_CLIP] : 'result.pending';
  }
  return SCREEN_CLIP[step.screen];
}

/** Relative, like every asset: the page is served from app://kiosk/ or http://127.0.0.1:PORT/. */
export function clipUrl(key: MessageKey, lang: Lang): string {
  return `./audio/${lang}/${key}.ogg`;
}
