import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import { useKiosk } from '../kiosk-context';

export function ErrorScreen() {
  const { state, i18n } = useKiosk();
  return (
    <Screen
      id="error"
      className="screen--centered"
      actions={
        <ActionButton intent={{ type: 'finish' }} testId="finish" variant="secondary">
          {i18n.t('error.restart')}
        </ActionButton>
      }
    >
      <span className="status-icon status-icon--error" aria-hidden="true">
        !
      </span>
      <h1 className="title">{i18n.t('error.title')}</h1>
      <p className="lead notice-text" role="alert" data-testid={state.notice ? 'notice' : undefined} data-code={state.notice}>
        {state.notice ? i18n.t(`notice.${state.notice}`) : i18n.t('error.generic')}
      </p>
      <p className="lead">{i18n.t('error.next')}</p>
    </Screen>
  );
}
