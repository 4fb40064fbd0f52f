import '../../styles-work-order.css';
import { useState } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Screen } from '../../components/Screen';
import { useKiosk, useStep } from '../../kiosk-context';
import { useTechText } from './texts';
import { useWorkOrderText } from './work-order-texts';

/** Crockford's base32, as main/config/work-order.ts reads it: no I, L, O or U to mistake. */
const KEYS = [...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'];
const BLOCKS = 30;
const BLOCK = 5;

/**
 * The work-order code from ops, after the PIN. Main checks it (signature, kiosk, card, time) and
 * names a mistyped block; this screen keeps what was typed in its 30 blocks so only that block is
 * typed again (tap it), and sends the code once it is whole. The code reads left to right in
 * both languages, as it was written.
 */
export function TechnicianWorkOrder() {
  const { state, i18n, send } = useKiosk();
  const tt = useTechText();
  const wt = useWorkOrderText();
  const step = useStep('technicianWorkOrder');
  const [blocks, setBlocks] = useState<string[]>(() => Array.from({ length: BLOCKS }, () => ''));
  const [cursor, setCursor] = useState(0);
  const complete = blocks.filter((b) => b.length === BLOCK).length;
  const locked = step.lockedUntil !== undefined;

  const press = (ch: string): void => {
    if (cursor >= BLOCKS) return;
    const next = [...blocks];
    next[cursor] = next[cursor]! + ch;
    setBlocks(next);
    if (next[cursor]!.length === BLOCK) {
      // On to the next block still open: after a correction that is where typing left off.
      const open = next.findIndex((b, i) => i > cursor && b.length < BLOCK);
      setCursor(open >= 0 ? open : next.findIndex((b) => b.length < BLOCK) >= 0 ? next.findIndex((b) => b.length < BLOCK) : BLOCKS);
    }
  };
  const remove = (): void => {
    const at = cursor < BLOCKS && blocks[cursor]!.length > 0 ? cursor : Math.max(0, Math.min(cursor, BLOCKS) - 1);
    const next = [...blocks];
    next[at] = next[at]!.slice(0, -1);
    setBlocks(next);
    setCursor(at);
  };
  const retype = (i: number): void => {
    const next = [...blocks];
    next[i] = '';
    setBlocks(next);
    setCursor(i);
  };
  const clear = (): void => {
    setBlocks(Array.from({ length: BLOCKS }, () => ''));
    setCursor(0);
  };
  const submit = (): void => {
    if (complete < BLOCKS || state.busy || locked) return;
    void send({ type: 'submitWorkOrder', code: blocks.join(' ') });
  };
  const until = step.lockedUntil !== undefined ? new Intl.DateTimeFormat(i18n.locale, { timeStyle: 'short' }).format(step.lockedUntil) : undefined;

  return (
    <Screen
      id="technicianWorkOrder"
      actions={
        <div className="button-row">
          <ActionButton intent={{ type: 'exitDiagnostics' }} testId="tech-exit" variant="secondary" allowWhileBusy>
            {tt('exit')}
          </ActionButton>
          {locked ? null : (
            <button type="button" className="btn btn--primary" data-testid="wo-submit" disabled={complete < BLOCKS || state.busy} onClick={submit}>
              {i18n.t('pin.ok')}
            </button>
          )}
        </div>
      }
    >
      <h1 className="title">{i18n.t('tech.pin.title')}</h1>
      <h2 className="wo-subtitle">{wt('title')}</h2>
      {until ? (
        <p className="lead notice-text" role="alert" data-testid="wo-locked">
          {wt('locked', { time: until })}
        </p>
      ) : (
        <>
          <p className="wo-hint">
            {wt('hint')} {wt('fix')}
          </p>
          {step.refused ? (
            <p className="lead notice-text" role="alert" data-testid="wo-refused" data-reason={step.refused}>
              {step.refused === 'malformed' ? wt('refused.malformed', { block: step.block ?? 1 }) : `${wt(`refused.${step.refused}`)} ${wt('tries', { n: step.triesLeft })}`}
            </p>
          ) : null}
          <ol className="wo-blocks" dir="ltr" aria-label={wt('title')} data-testid="wo-blocks" data-complete={complete}>
            {blocks.map((b, i) => {
              const bad = step.refused === 'malformed' && step.block === i + 1;
              return (
                <li key={i}>
                  <button
                    type="button"
                    className={`wo-block${i === cursor ? ' wo-block--current' : ''}${bad ? ' wo-block--bad' : ''}`}
                    data-testid={`wo-block-${i + 1}`}
                    data-bad={bad || undefined}
                    aria-label={`${wt('block', { n: i + 1 })}: ${b}`}
                    disabled={state.busy}
                    onClick={() => retype(i)}
                  >
                    {b.padEnd(BLOCK, '·')}
                  </button>
                </li>
              );
            })}
          </ol>
          <p className="wo-hint" data-testid="wo-progress">
            {wt('progress', { n: complete })}
          </p>
          <div className="wo-pad" dir="ltr">
            {KEYS.map((k) => (
              <button key={k} type="button" className="pin-key wo-key" data-testid={`wo-key-${k}`} disabled={state.busy || cursor >= BLOCKS} onClick={() => press(k)}>
                {k}
              </button>
            ))}
            <button type="button" className="pin-key pin-key--action wo-key wo-key--wide" data-testid="wo-clear" disabled={state.busy} onClick={clear}>
              {wt('clear')}
            </button>
            <button type="button" className="pin-key pin-key--action wo-key wo-key--wide" data-testid="wo-delete" disabled={state.busy} onClick={remove} aria-label={i18n.t('pin.delete')}>
              ⌫
            </button>
          </div>
        </>
      )}
    </Screen>
  );
}
