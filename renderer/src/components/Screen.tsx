import type { ReactNode } from 'react';
import type { ScreenId } from '../../../main/contract';

export interface ScreenProps {
  id: ScreenId;
  children: ReactNode;
  /** The screen's one decision, kept at the bottom where a hand reaches on a tall kiosk. */
  actions?: ReactNode;
  className?: string;
  /** A body that may scroll with nothing focusable in it (a read-only list) takes focus itself, so a keyboard can scroll it. */
  focusableBody?: boolean;
}

export function Screen({ id, children, actions, className, focusableBody }: ScreenProps) {
  return (
    <section className={`screen screen--${id}${className ? ` ${className}` : ''}`} data-testid={`screen-${id}`}>
      <div className="screen__body" tabIndex={focusableBody ? 0 : undefined}>
        {children}
      </div>
      {actions ? <div className="screen__actions">{actions}</div> : null}
    </section>
  );
}
