import {
  ACCEPTED,
  type Intent,
  type IntentResult,
  type KioskBridge,
  KioskState,
  Lang,
  NoticeCode,
  PaymentView,
  ReceiptView,
  ScreenId,
  TerminalPrompt,
  rejected,
} from '../../../main/contract';
import { FINES, fixtureState, totalOf } from './fixtures';

/**
 * A stand-in for main, for looking at screens during development only (never bundled in a
 * production build). URL: `?preview=<screen>&lang=ar|en` plus optional `outcome=declined`,
 * `receipt=failed`, `notice=<code>`, `prompt=<prompt>`, `timeout=<seconds>`, `busy=1`,
 * `ministry=1`. It walks the happy path when clicked, with a scripted terminal.
 */
export function createPreviewBridge(params: URLSearchParams): KioskBridge {
  const screen = ScreenId.catch('attract').parse(params.get('preview'));
  const lang = Lang.catch('ar').parse(params.get('lang'));
  let state = fixtureState(screen, lang);

  const outcome = PaymentView.shape.phase.safeParse(params.get('outcome'));
  if (outcome.success && screen === 'result') {
    state = { ...state, payment: { phase: outcome.data } };
    if (outcome.data !== 'approved') state = { ...state, submission: undefined, receipt: undefined };
  }
  const receipt = ReceiptView.shape.state.safeParse(params.get('receipt'));
  if (receipt.success && state.receipt) state = { ...state, receipt: { state: receipt.data } };
  const notice = NoticeCode.safeParse(params.get('notice'));
  if (notice.success) state = { ...state, notice: notice.data };
  const prompt = TerminalPrompt.safeParse(params.get('prompt'));
  if (prompt.success && state.payment) state = { ...state, payment: { phase: 'in-progress', prompt: prompt.data } };
  if (params.get('busy') === '1') state = { ...state, busy: true };
  if (params.get('ministry') === '1' && state.submission) {
    state = { ...state, submission: { ...state.submission, ministryRef: 'MOI-TF-2025-118240', delivery: 'delivered' } };
  }
  const timeout = Number(params.get('timeout'));
  if (timeout > 0) state = { ...state, timeoutAt: Date.now() + timeout * 1000 };

  const listeners = new Set<(s: KioskState) => void>();
  const set = (patch: Partial<KioskState>): void => {
    state = KioskState.parse({ ...state, ...patch, seq: state.seq + 1 });
    for (const listener of listeners) listener(state);
  };
  const later = (ms: number, patch: () => Partial<KioskState>): void => {
    setTimeout(() => set(patch()), ms);
  };

  const pay = (): void => {
    set({ screen: 'paying', busy: true, payment: { phase: 'starting' }, notice: undefined });
    const steps: TerminalPrompt[] = ['insert-card', 'enter-pin', 'processing', 'remove-card'];
    steps.forEach((p, i) => later(1500 * (i + 1), () => (state.screen === 'paying' ? { payment: { phase: 'in-progress', prompt: p } } : {})));
    later(1500 * (steps.length + 1), () =>
      state.screen === 'paying'
        ? {
            screen: 'result',
            busy: false,
            payment: { phase: 'approved', cardType: 'VISA', panMasked: '•••• 4242' },
            submission: { localRef: 'K7-20251128-0042', delivery: 'queued' },
            receipt: { state: 'printing' },
          }
        : {},
    );
    later(1500 * (steps.length + 3), () => (state.screen === 'result' ? { receipt: { state: 'printed' } } : {}));
  };

  const handle = (intent: Intent): IntentResult => {
    switch (intent.type) {
      case 'activity':
        if (state.timeoutAt !== undefined) set({ timeoutAt: undefined });
        return ACCEPTED;
      case 'setLanguage':
        set({ lang: intent.lang });
        return ACCEPTED;
      case 'chooseService':
        set({ ...fixtureState('fines', state.lang), seq: state.seq });
        return ACCEPTED;
      case 'selectFines':
        set({ selectedFineIds: intent.fineIds, amountCents: totalOf(intent.fineIds, state.fines ?? FINES) });
        return ACCEPTED;
      case 'chooseBeneficiary':
        set({ ...fixtureState('form', state.lang), seq: state.seq });
        return ACCEPTED;
      case 'showRequests':
        set({ ...fixtureState('requests', state.lang), seq: state.seq });
        return ACCEPTED;
      case 'review':
        if (!state.selectedFineIds?.length) return rejected('not-allowed-now', 'nothing selected');
        set({ screen: 'confirm' });
        return ACCEPTED;
      case 'back':
        if (state.screen === 'requests') {
          set({ screen: 'welcome', requests: undefined });
          return ACCEPTED;
        }
        set(state.screen === 'confirm' ? { screen: 'fines' } : { screen: 'welcome', fines: undefined, service: undefined });
        return ACCEPTED;
      case 'confirmPayment':
        pay();
        return ACCEPTED;
      case 'cancelPayment':
        set({ screen: 'result', busy: false, payment: { phase: 'aborted' } });
        return ACCEPTED;
      case 'setField':
        set({ form: state.form ? { ...state.form, values: { ...state.form.values, [intent.fieldId]: intent.value } } : undefined });
        return ACCEPTED;
      case 'submitForm':
        set({ screen: 'confirm', fees: [{ labelAr: 'رسوم الخدمة', labelEn: 'Service fee', amountCents: 0 }], amountCents: 0 });
        return ACCEPTED;
      case 'submitRequest':
        set({ screen: 'result', submission: { localRef: 'K7-20251128-0043', delivery: 'queued' }, receipt: { state: 'printed' }, payment: undefined });
        return ACCEPTED;
      case 'submitPin':
        // The preview card's PIN is 1234; anything else costs a try.
        if (intent.pin === '1234') set({ ...fixtureState('welcome', state.lang), seq: state.seq });
        else set({ pin: { triesLeft: Math.max(0, (state.pin?.triesLeft ?? 3) - 1), wrong: true } });
        return ACCEPTED;
      case 'reprintReceipt':
        set({ receipt: { state: 'printing' } });
        later(2000, () => ({ receipt: { state: 'printed' } }));
        return ACCEPTED;
      case 'finish':
        set({ ...fixtureState('goodbye', state.lang), seq: state.seq });
        later(3000, () => ({ ...fixtureState('attract', 'ar'), seq: state.seq }));
        return ACCEPTED;
    }
  };

  return {
    send: (intent) => new Promise((resolve) => setTimeout(() => resolve(handle(intent)), 120)),
    onState(listener) {
      listeners.add(listener);
      listener(state);
      return () => listeners.delete(listener);
    },
  };
}
