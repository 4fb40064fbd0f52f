import { useKiosk } from '../kiosk-context';
import { ActionButton } from './ActionButton';

/**
 * Labelled in the language it switches to, and marked up in it, so a reader of only that
 * language finds it and a screen reader pronounces it right.
 */
export function LangToggle() {
  const { state, i18n } = useKiosk();
  const other = state.lang === 'ar' ? 'en' : 'ar';
  return (
    <ActionButton
      intent={{ type: 'setLanguage', lang: other }}
      testId="lang-toggle"
      variant="secondary"
      className="lang-toggle"
      allowWhileBusy
    >
      <span lang={other} dir={other === 'ar' ? 'rtl' : 'ltr'}>
        {i18n.t('lang.toggle')}
      </span>
    </ActionButton>
  );
}
