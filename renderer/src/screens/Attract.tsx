import { useMemo } from 'react';
import { CardIllustration } from '../components/CardIllustration';
import { Screen } from '../components/Screen';
import { createI18n } from '../i18n';
import { useKiosk } from '../kiosk-context';

/**
 * Nobody has chosen a language yet, so the invitation is in both: the kiosk's language first, the
 * other under it in its own direction. A passer-by who reads only English must not have to find the
 * language button to learn what the machine is for.
 */
export function Attract() {
  const { i18n, state } = useKiosk();
  const otherLang = i18n.lang === 'ar' ? 'en' : 'ar';
  const otherTexts = state.texts?.[otherLang];
  const other = useMemo(() => createI18n(otherLang, otherTexts), [otherLang, otherTexts]);
  const inOther = { lang: other.lang, dir: other.dir } as const;
  return (
    <Screen id="attract" className="screen--centered">
      <hgroup className="attract__titles">
        <h1 className="title title--hero">{i18n.t('attract.title')}</h1>
        <p {...inOther} className="attract__other attract__other--title" data-testid="attract-other-title">
          {other.t('attract.title')}
        </p>
      </hgroup>
      <CardIllustration direction="in" />
      <p className="lead">{i18n.t('attract.hint')}</p>
      <p {...inOther} className="lead attract__other">
        {other.t('attract.hint')}
      </p>
      <p className="muted">{i18n.t('attract.services')}</p>
      <p {...inOther} className="muted attract__other">
        {other.t('attract.services')}
      </p>
    </Screen>
  );
}
