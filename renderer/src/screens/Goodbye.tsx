import { CardIllustration } from '../components/CardIllustration';
import { Screen } from '../components/Screen';
import { useKiosk } from '../kiosk-context';

export function Goodbye() {
  const { i18n } = useKiosk();
  return (
    <Screen id="goodbye" className="screen--centered">
      <h1 className="title title--hero">{i18n.t('goodbye.title')}</h1>
      <CardIllustration direction="out" />
      <p className="lead">{i18n.t('goodbye.thanks')}</p>
    </Screen>
  );
}
