import { CardIllustration } from '../components/CardIllustration';
import { Screen } from '../components/Screen';
import { useKiosk } from '../kiosk-context';

export function Attract() {
  const { i18n } = useKiosk();
  return (
    <Screen id="attract" className="screen--centered">
      <h1 className="title title--hero">{i18n.t('attract.title')}</h1>
      <CardIllustration direction="in" />
      <p className="lead">{i18n.t('attract.hint')}</p>
      <p className="muted">{i18n.t('attract.services')}</p>
    </Screen>
  );
}
