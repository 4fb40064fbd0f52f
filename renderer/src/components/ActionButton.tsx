import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Intent } from '../../../main/contract';
import { useKiosk } from '../kiosk-context';

export interface ActionButtonProps {
  intent: Intent;
  testId: string;
  variant?: 'primary' | 'secondary' | 'danger';
  children: ReactNode;
  disabled?: boolean;
  /** Cancel must stay reachable while main is busy with the terminal. */
  allowWhileBusy?: boolean;
  className?: string;
}

/**
 * A button that sends one intent and stays disabled until main answers, so a double tap cannot
 * send "pay" twice. Main still decides; a refusal is logged by its code, never shown raw.
 */
export function ActionButton(props: ActionButtonProps) {
  const { send, state } = useKiosk();
  const [pending, setPending] = useState(false);
  // The state update disables the button on the next render; two taps in one frame need this.
  const inFlight = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const variant = props.variant ?? 'primary';
  const blocked = Boolean(props.disabled) || pending || (state.busy && !props.allowWhileBusy);

  const onClick = (): void => {
    if (blocked || inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    void send(props.intent)
      .then((result) => {
        if (!result.ok) console.warn(`intent ${props.intent.type} refused: ${result.error.code}`);
      })
      .finally(() => {
        inFlight.current = false;
        if (mounted.current) setPending(false);
      });
  };

  return (
    <button
      type="button"
      className={`btn btn--${variant}${props.className ? ` ${props.className}` : ''}`}
      data-testid={props.testId}
      disabled={blocked}
      aria-busy={pending || undefined}
      onClick={onClick}
    >
      {props.children}
    </button>
  );
}
