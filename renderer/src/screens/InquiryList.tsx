import { type ReactNode, useState } from 'react';
import type { FineView } from '../../../main/contract';
import { ActionButton } from '../components/ActionButton';
import { BackAndDone } from '../components/BackAndDone';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

/** The words of a list priced by an inquiry: traffic fines (Fines.tsx) or financial claims (Claims.tsx). */
export interface ListTexts {
  title: string;
  instruction: string;
  selected: (count: number) => string;
}

function FineItem({ fine, selected, onToggle, disabled, readOnly, detail }: { fine: FineView; selected: boolean; onToggle: () => void; disabled: boolean; readOnly: boolean; detail?: ReactNode }) {
  const { state, i18n } = useKiosk();
  const place = fine.placeAr || fine.placeEn ? i18n.pick(fine.placeAr, fine.placeEn) : undefined;
  // A claim this kiosk does not take is shown, unticked, with where it is paid.
  const notHere = fine.claim?.payableHere === false;
  return (
    <li>
      <button
        type="button"
        role={readOnly ? undefined : 'checkbox'}
        aria-checked={readOnly ? undefined : selected}
        className={`fine${selected ? ' fine--selected' : ''}${readOnly || notHere ? ' fine--read-only' : ''}`}
        data-testid={`fine-${fine.id}`}
        disabled={disabled || readOnly || notHere}
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
          {detail}
        </span>
        <span className="fine__amount">{i18n.money(fine.amountCents, state.currency)}</span>
      </button>
    </li>
  );
}

/**
 * The list an inquiry answered, to pick what to pay (or only to read): selection, total and
 * review are main's, so the fines and the financial claims share this screen and its rules.
 */
export function InquiryList({ texts, detail, before }: { texts: ListTexts; detail?: (fine: FineView) => ReactNode; before?: ReactNode }) {
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
          <BackAndDone />
        ) : (
        <>
          <div className="summary" aria-live="polite">
            <span>{texts.selected(selected.size)}</span>
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
      <h1 className="title">{texts.title}</h1>
      {before}
      <p className="lead">{texts.instruction}</p>
      {fines.length === 0 ? (
        <p className="lead">{i18n.t('fines.empty')}</p>
      ) : (
        <ul className="fines" aria-label={texts.title}>
          {fines.map((fine) => (
            <FineItem
              key={fine.id}
              fine={fine}
              selected={selected.has(fine.id)}
              disabled={sending || state.busy}
              readOnly={readOnly}
              detail={detail?.(fine)}
              onToggle={() => toggle(fine.id)}
            />
          ))}
        </ul>
      )}
    </Screen>
  );
}
