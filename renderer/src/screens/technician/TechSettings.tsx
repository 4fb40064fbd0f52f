import '../../styles-technician.css';
import type { DeviceActionView, DeviceSettingKey, DeviceSettingView } from '../../../../main/contract';
import { ActionButton } from '../../components/ActionButton';
import { useStep } from '../../kiosk-context';
import { TechPage } from './TechPage';
import { type TechKey, useTechText } from './texts';

const RESTARTS = ['printer', 'terminal'] as const;

/**
 * The device settings page of a visit: for each setting what the device uses now, what the
 * configuration gives and the technician's value, and the values main offers to pick from
 * (ports and readers it sees, standard speeds: a touch screen has no keyboard). Main checks and
 * keeps a choice; the printer and the terminal restart from here, the card reader when the visit
 * ends with the card out.
 */
export function TechSettings() {
  const tt = useTechText();
  const { settings, choices, last } = useStep('techSettings');
  const valuesOf = (key: DeviceSettingKey) => choices.find((c) => c.key === key)?.values ?? [];
  return (
    <TechPage id="techSettings" current="settings">
      <p className="lead">{tt('settings.lead')}</p>
      <p className="lead">{tt('settings.wins')}</p>
      {last ? <LastAction last={last} /> : null}
      {settings.pending.map((device) => (
        <p key={device} className="lead diag-pending" data-testid={`settings-pending-${device}`}>
          {tt(`settings.pending.${device}`)}
        </p>
      ))}
      <div className="button-row">
        {RESTARTS.map((device) => (
          <ActionButton key={device} intent={{ type: 'restartDevice', device }} testId={`settings-restart-${device}`} variant={settings.pending.includes(device) ? 'primary' : 'secondary'}>
            {tt(`settings.restart.${device}`)}
          </ActionButton>
        ))}
      </div>
      {settings.settings.map((s) => (
        <Setting key={s.key} setting={s} values={valuesOf(s.key)} />
      ))}
    </TechPage>
  );
}

function Setting({ setting, values }: { setting: DeviceSettingView; values: readonly (string | number)[] }) {
  const tt = useTechText();
  const shown = (v: string | number | undefined) => (v === undefined ? tt('settings.none') : String(v));
  const chosen = setting.override?.value ?? setting.inForce;
  return (
    <section className="diag-setting" data-testid={`setting-${setting.key}`} data-in-force={setting.inForce ?? ''}>
      <h2 className="subtitle">{tt(`setting.${setting.key}` as TechKey)}</h2>
      {/* Ports, reader names and speeds are the machine's own words: they read left to right in both languages. */}
      <p className="lead">{tt('settings.inForce', { value: '' })}<bdi dir="ltr">{shown(setting.inForce)}</bdi></p>
      <p className="lead">{tt('settings.configured', { value: '' })}<bdi dir="ltr">{shown(setting.configured)}</bdi></p>
      {setting.override ? <p className="lead">{tt('settings.override', { value: '' })}<bdi dir="ltr">{shown(setting.override.value)}</bdi></p> : null}
      <div className="diag-choices" role="group" aria-label={tt('settings.choose')}>
        {values.map((value) =>
          value === chosen ? (
            <span key={String(value)} className="diag-choices__current" aria-current="true">
              <bdi dir="ltr">{String(value)}</bdi>
            </span>
          ) : (
            <ActionButton key={String(value)} intent={{ type: 'setDeviceSetting', key: setting.key, value }} testId={`setting-${setting.key}-${String(value)}`} variant="secondary">
              <bdi dir="ltr">{String(value)}</bdi>
            </ActionButton>
          ),
        )}
        {setting.override ? (
          <ActionButton intent={{ type: 'setDeviceSetting', key: setting.key, value: null }} testId={`setting-${setting.key}-clear`} variant="secondary">
            {tt('settings.clear')}
          </ActionButton>
        ) : null}
      </div>
    </section>
  );
}

function LastAction({ last }: { last: DeviceActionView }) {
  const tt = useTechText();
  const text =
    last.result === 'done'
      ? tt(last.action === 'set' ? 'settings.done.set' : 'settings.done.restart')
      : last.code === 'invalid-config' || last.code === 'card-in-reader'
        ? tt(`settings.refused.${last.code}`)
        : tt('settings.refused.other', { code: last.code ?? '' });
  return (
    <p className={`lead diag-last diag-last--${last.result}`} role="status" data-testid="settings-last" data-result={last.result}>
      {text}
    </p>
  );
}
