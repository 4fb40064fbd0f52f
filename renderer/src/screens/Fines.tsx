import { useState } from 'react';
import type { FineView } from '../../../main/contract';
import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

function FineItem({ fine, selected, onToggle, disabled, readOnly }: { fine: FineView; selected: boolean; onToggle: () => void; disabled: boolean; readOnly: boolean }) {
  const { state, i18n } = useKiosk();
  const place = fine.placeAr || fine.placeEn ? i18n.pick(fine.placeAr, fine.placeEn) : undefined;
  return (
    <li>
      <button
        type="button"
        role={readOnly ? undefined : 'checkbox'}
        aria-checked={readOnly ? undefined : selected}
        className={`fine${selected ? ' fine--selected' : ''}${readOnly ? ' fine--read-only' : ''}`}
        data-testid={`fine-${fine.id}`}
        disabled={disabled || readOnly}
        onClick={onToggle}
      >
        <span className="fine__check" aria-hidden="true">
          {selected ? '✓' : ''}
        </span>
        <span className="fine__main">
          <span className="fine__offence">{i18n.pick(fine.offenceAr, fine.offenceEn)}</span>
          <span className="fine__meta">
            <span>
              <span className="muted">{i18n.t('fines.date')}: </span>
              {i18n.date(fine.date)}
            </span>
            {place ? (
              <span>
                <span className="muted">{i18n.t('fines.place')}: </span>
                {place}
              </span>
            ) : null}
            {fine.plate ? (
              <span>
                <span className="muted">{i18n.t('fines.plate')}: </span>
                <bdi dir="ltr">{fine.plate}</bdi>
              </span>
            ) : null}
          </span>
        </span>
        <span className="fine__amount">{i18n.money(fine.amountCents, state.currency)}</span>
      </button>
    </li>
  );
}

export function Fines() {
  const { state, i18n, send } = useKiosk();
  const { fines, readOnly, selectedFineIds, amountCents } = useStep('fines');
  const selected = new Set(selectedFineIds);
  const [sending, setSending] = useState(false);

  const toggle = (id: string): void => {
    const next = fines.filter((f) => (f.id === id ? !selected.has(f.id) : selected.has(f.id))).map((f) => f.id);
    setSending(true);
    void send({ type: 'selectFines', fineIds: next }).finally(() => setSending(false));
  };

  return (
    <Screen
      id="fines"
      actions={
        readOnly ? (
          <div className="button-row">
            <ActionButton intent={{ type: 'back' }} testId="back" variant="secondary">
              {i18n.t('back')}
            </ActionButton>
            <ActionButton intent={{ type: 'finish' }} testId="finish">
              {i18n.t('fines.done')}
            </ActionButton>
          </div>
        ) : (
        <>
          <div className="summary" aria-live="polite">
            <span>{i18n.t('fines.selected', { count: selected.size })}</span>
            <span className="summary__total">
              <span className="muted">{i18n.t('fines.total')}: </span>
              <strong data-testid="fines-total">{i18n.money(amountCents, state.currency)}</strong>
            </span>
          </div>
          <div className="button-row">
            <ActionButton intent={{ type: 'back' }} testId="back" variant="secondary">
              {i18n.t('back')}
            </ActionButton>
            <ActionButton intent={{ type: 'review' }} testId="fines-continue" disabled={selected.size === 0 || sending}>
              {i18n.t('fines.continue')}
            </ActionButton>
          </div>
        </>
        )
      }
    >
      <h1 className="title">{i18n.t(readOnly ? 'fines.readOnlyTitle' : 'fines.title')}</h1>
      <p className="lead">{i18n.t(readOnly ? 'fines.readOnlyHint' : 'fines.instruction')}</p>
      {fines.length === 0 ? (
        <p className="lead">{i18n.t('fines.empty')}</p>
      ) : (
        <ul className="fines" aria-label={i18n.t('fines.title')}>
          {fines.map((fine) => (
            <FineItem
              key={fine.id}
              fine={fine}
              selected={selected.has(fine.id)}
              disabled={sending || state.busy}
              readOnly={readOnly}
              onToggle={() => toggle(fine.id)}
            />
          ))}
        </ul>
      )}
    </Screen>
  );
}
