import '../../styles-technician.css';
import { useEffect, useMemo } from 'react';
import { DEVICE_IDS, type SelfTestKind, type SelfTestView, SelfTestKind as SelfTestKinds } from '../../../../main/contract';
import { clipUrl } from '../../audio/clips';
import { createHtmlAudioPlayer } from '../../audio/player';
import { ActionButton } from '../../components/ActionButton';
import { useKiosk, useStep } from '../../kiosk-context';
import { deviceLines } from './device-lines';
import { TechPage } from './TechPage';
import { type TechKey, useTechText } from './texts';

const DETAIL_LABELS: Partial<Record<string, TechKey>> = {
  paperBefore: 'detail.paperBefore',
  paperAfter: 'detail.paperAfter',
  jobId: 'detail.jobId',
  latencyMs: 'detail.latencyMs',
  resultCode: 'detail.resultCode',
  totalCents: 'detail.totalCents',
  idNumberMasked: 'detail.idNumberMasked',
  profile: 'detail.profile',
  ms: 'detail.ms',
  apdus: 'detail.apdus',
};
const PAPER = new Set(['ok', 'nearEnd', 'out', 'unknown']);
/** A card profile's name is a word of the card's issuer, not a code: said in the screen's language. */
const PROFILES: Partial<Record<string, TechKey>> = { ministry: 'profile.ministry', belpic: 'profile.belpic' };

/** A detail's value as the technician reads it: paper and card kinds in words, codes and numbers as they are. */
function DetailValue({ name, value }: { name: string; value: string | number | boolean }) {
  const tt = useTechText();
  const word = typeof value !== 'string' ? undefined : name.startsWith('paper') && PAPER.has(value) ? (`paper.${value}` as TechKey) : name === 'profile' ? PROFILES[value] : undefined;
  // Codes, ids and numbers read left to right in both languages.
  return word ? <bdi>{tt(word)}</bdi> : <bdi dir="ltr">{String(value)}</bdi>;
}

/** The technician's visit: every device's state, the self-tests with their last result, out of service, exit. */
export function Diagnostics() {
  const { state, i18n } = useKiosk();
  const tt = useTechText();
  const step = useStep('diagnostics');
  const technician = state.mode.kind === 'technician' ? state.mode.visit.technician : '';
  const tests = new Map(step.tests.map((t) => [t.kind, t]));
  const waiting = step.tests.find((t) => t.state === 'confirm');

  return (
    <TechPage
      id="diagnostics"
      current="devices"
      actions={
        <>
          <ActionButton intent={{ type: 'setOutOfService', on: !step.outOfService }} testId={step.outOfService ? 'tech-oos-off' : 'tech-oos-on'} variant={step.outOfService ? 'primary' : 'danger'}>
            {tt(step.outOfService ? 'oos.off' : 'oos.on')}
          </ActionButton>
        </>
      }
    >
      <p className="lead" data-testid="tech-who">
        {tt('who')} <bdi dir="ltr">{technician}</bdi> · <span data-testid="tech-service-state">{tt(step.outOfService ? 'oos.state.on' : 'oos.state.off')}</span>
      </p>
      {state.busy && !step.tests.some((t) => t.state === 'running') ? <p className="lead" role="status">{tt('checking')}</p> : null}
      {waiting ? <Confirmation test={waiting} /> : null}
      <h2 className="subtitle">{tt('devices')}</h2>
      <ul className="diag-devices">
        {DEVICE_IDS.map((id) => {
          const device = step.devices[id];
          return (
            <li key={id} className={`diag-device diag-device--${device.status}`} data-testid={`device-${id}`} data-status={device.status}>
              <span className="diag-device__name">{tt(`device.${id}`)}</span>
              <span className="diag-device__status">{tt(`status.${device.status}`)}</span>
              {device.reason ? (
                <span className="diag-device__line">
                  {tt('info.reason')}: <bdi dir="ltr">{device.reason}</bdi>
                </span>
              ) : null}
              {deviceLines(id, step.devices, i18n, tt).map((line) => (
                <span key={line.label} className="diag-device__line">
                  {tt(line.label)}: <bdi dir={line.ltr ? 'ltr' : undefined}>{line.value}</bdi>
                </span>
              ))}
              <span className="diag-device__line diag-device__faults">{tt('faults', { n: step.faultCounts[id] ?? 0 })}</span>
            </li>
          );
        })}
      </ul>
      <h2 className="subtitle">{tt('tests')}</h2>
      <ul className="diag-tests">
        {SelfTestKinds.options.map((kind) => (
          <TestRow key={kind} kind={kind} view={tests.get(kind)} />
        ))}
      </ul>
    </TechPage>
  );
}

function TestRow({ kind, view }: { kind: SelfTestKind; view: SelfTestView | undefined }) {
  const tt = useTechText();
  const details = Object.entries(view?.details ?? {});
  return (
    <li className={`diag-test diag-test--${view?.state ?? 'none'}`} data-testid={`test-${kind}`} data-state={view?.state ?? 'none'}>
      <ActionButton intent={{ type: 'runSelfTest', test: kind }} testId={`run-${kind}`} variant="secondary" className="diag-test__run">
        {tt(`test.${kind}`)}
      </ActionButton>
      <span className="diag-test__result" role="status">
        {tt(view ? `result.${view.state}` : 'result.none')}
        {view?.code ? (
          <>
            {' · '}
            <bdi dir="ltr" data-testid={`test-${kind}-code`}>
              {view.code}
            </bdi>
          </>
        ) : null}
      </span>
      {details.length ? (
        <span className="diag-test__details">
          {details.map(([key, value]) => {
            const label = DETAIL_LABELS[key];
            return (
              <span key={key} className="diag-test__detail" data-testid={`test-${kind}-${key}`}>
                {label ? tt(label) : key}: <DetailValue name={key} value={value} />
              </span>
            );
          })}
        </span>
      ) : null}
    </li>
  );
}

/** End of day closes the terminal's batch; the audio test needs a person's ears: both wait for a yes or no. */
function Confirmation({ test }: { test: SelfTestView }) {
  const { state } = useKiosk();
  const tt = useTechText();
  const audio = test.kind === 'audio';
  const player = useMemo(() => createHtmlAudioPlayer(), []);
  useEffect(() => {
    if (!audio) return;
    player.play(clipUrl('attract.title', state.lang));
    return () => player.stop();
  }, [audio, player, state.lang]);
  return (
    <div className="diag-confirm" role="alertdialog" aria-labelledby="diag-confirm-text" data-testid={`confirm-${test.kind}`}>
      <p id="diag-confirm-text" className="lead">
        {tt(audio ? 'confirm.audio' : 'confirm.endOfDay')}
      </p>
      <div className="button-row">
        <ActionButton intent={{ type: 'confirmSelfTest', confirmed: false }} testId="confirm-no" variant="secondary">
          {tt(audio ? 'no.audio' : 'no.endOfDay')}
        </ActionButton>
        <ActionButton intent={{ type: 'confirmSelfTest', confirmed: true }} testId="confirm-yes">
          {tt(audio ? 'yes.audio' : 'yes.endOfDay')}
        </ActionButton>
      </div>
    </div>
  );
}
