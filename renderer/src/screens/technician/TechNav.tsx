import type { TechnicianPage } from '../../../../main/contract';
import { ActionButton } from '../../components/ActionButton';
import { useTechText } from './texts';

const PAGES: readonly TechnicianPage[] = ['devices', 'queue', 'logs', 'settings'];

/** The pages of a visit; main keeps which one is open, so a reconnect comes back to it. */
export function TechNav({ current }: { current: TechnicianPage }) {
  const tt = useTechText();
  return (
    <nav className="diag-nav" aria-label={tt('nav.devices')}>
      {PAGES.map((page) =>
        page === current ? (
          <span key={page} className="diag-nav__current" aria-current="page" data-testid={`tech-page-${page}-current`}>
            {tt(`nav.${page}`)}
          </span>
        ) : (
          <ActionButton key={page} intent={{ type: 'openTechnicianPage', page }} testId={`tech-page-${page}`} variant="secondary" allowWhileBusy>
            {tt(`nav.${page}`)}
          </ActionButton>
        ),
      )}
    </nav>
  );
}
