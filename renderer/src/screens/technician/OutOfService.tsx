import '../../styles-technician.css';
import { useMemo } from 'react';
import { Screen } from '../../components/Screen';
import { createI18n } from '../../i18n';
import { useKiosk, useStep } from '../../kiosk-context';

/**
 * What a shopper sees while the kiosk is out of service: in both languages at once (they may
 * read only one of them), with where to go instead (config text). No card is read for a shopper
 * meanwhile.
 */
export function OutOfService() {
  const { i18n, state } = useKiosk();
  const step = useStep('outOfService');
  const otherLang = i18n.lang === 'ar' ? 'en' : 'ar';
  const overrides = state.texts?.[otherLang];
  const other = useMemo(() => createI18n(otherLang, overrides), [otherLang, overrides]);
  return (
    <Screen id="outOfService" className="screen--centered">
      <span className="status-icon status-icon--wait" aria-hidden="true">
        !
      </span>
      <h1 className="title">{i18n.t('oos.title')}</h1>
      <p className="lead">{i18n.t('oos.body')}</p>
      <h2 className="subtitle">{i18n.t('oos.alternative')}</h2>
      <p className="lead" data-testid="oos-alternative">
        {step.alternative[i18n.lang]}
      </p>
      <div className="oos-other" lang={other.lang} dir={other.dir} data-testid="oos-other-language">
        <p className="oos-other__title">{other.t('oos.title')}</p>
        <p>{step.alternative[other.lang]}</p>
      </div>
    </Screen>
  );
}
