import type { ReactNode } from 'react';
import type { ScreenId } from '../../../main/contract';

export interface ScreenProps {
  id: ScreenId;
  children: ReactNode;
  /** The screen's one decision, kept at the bottom where a hand reaches on a tall kiosk. */
  actions?: ReactNode;
  className?: string;
}

export function Screen({ id, children, actions, className }: ScreenProps) {
  return (
    <section className={`screen screen--${id}${className ? ` ${className}` : ''}`} data-testid={`screen-${id}`}>
      <div className="screen__body">{children}</div>
      {actions ? <div className="screen__actions">{actions}</div> : null}
    </section>
  );
}
