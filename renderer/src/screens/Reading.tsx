import { Spinner } from '../components/CardIllustration';
import { Screen } from '../components/Screen';
import { useKiosk } from '../kiosk-context';

export function Reading() {
  const { i18n } = useKiosk();
  return (
    <Screen id="reading" className="screen--centered">
      <Spinner />
      <div role="status" className="status-block">
        <h1 className="title">{i18n.t('reading.title')}</h1>
        <p className="lead">{i18n.t('reading.hint')}</p>
      </div>
    </Screen>
  );
}
