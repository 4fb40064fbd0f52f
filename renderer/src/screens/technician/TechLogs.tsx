import { KIOSK_TIME_ZONE } from '../../../../shared/civil-date';
import '../../styles-technician.css';
import type { LogDevice, LogLine, LogSource } from '../../../../main/contract';
import { ActionButton } from '../../components/ActionButton';
import { useKiosk, useStep } from '../../kiosk-context';
import { TechPage } from './TechPage';
import { type TechKey, useTechText } from './texts';

const SOURCES: readonly LogSource[] = ['card', 'printer', 'terminal', 'gateway', 'kiosk'];
const FILTERS: readonly (LogDevice | undefined)[] = [undefined, 'card', 'printer', 'terminal', 'gateway'];
const SOURCE_NAME: Record<LogSource, TechKey> = {
  card: 'device.cardReader',
  printer: 'device.printer',
  terminal: 'device.terminal',
  gateway: 'device.gateway',
  kiosk: 'logs.kiosk',
};

/**
 * The logs page of a visit: how many warnings and errors each part of the kiosk logged since it
 * started, and its recent lines, newest first. Main chooses the lines (the filter is an intent)
 * and has already cleared them of personal data; the renderer only lays them out.
 */
export function TechLogs() {
  const { i18n } = useKiosk();
  const tt = useTechText();
  const { logs } = useStep('techLogs');
  const time = new Intl.DateTimeFormat(i18n.locale, { timeStyle: 'medium', hourCycle: 'h23', timeZone: KIOSK_TIME_ZONE });
  return (
    <TechPage id="techLogs" current="logs">
      <h2 className="subtitle">{tt('logs.counters')}</h2>
      <p className="lead">{tt('logs.since', { time: new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone: KIOSK_TIME_ZONE }).format(logs.since) })}</p>
      <ul className="diag-counts diag-counts--logs">
        {SOURCES.map((source) => {
          const c = logs.counters[source];
          return (
            <li key={source} className={`diag-count${c.errors > 0 || c.warnings > 0 ? ' diag-count--alert' : ''}`} data-testid={`log-count-${source}`} data-warnings={c.warnings} data-errors={c.errors}>
              <span className="diag-count__label">{tt(SOURCE_NAME[source])}</span>
              <span className="diag-count__line">{tt('logs.warnings', { n: c.warnings })}</span>
              <span className="diag-count__line">{tt('logs.errors', { n: c.errors })}</span>
            </li>
          );
        })}
      </ul>

      <h2 className="subtitle">{tt('logs.recent')}</h2>
      <p className="lead">{tt('logs.private')}</p>
      <nav className="diag-nav diag-nav--filters" aria-label={tt('logs.filter')}>
        {FILTERS.map((device) =>
          device === logs.device ? (
            <span key={device ?? 'all'} className="diag-nav__current" aria-current="true" data-testid={`logs-filter-${device ?? 'all'}-current`}>
              {tt(device ? SOURCE_NAME[device] : 'logs.all')}
            </span>
          ) : (
            <ActionButton key={device ?? 'all'} intent={device ? { type: 'filterLogs', device } : { type: 'filterLogs' }} testId={`logs-filter-${device ?? 'all'}`} variant="secondary" allowWhileBusy>
              {tt(device ? SOURCE_NAME[device] : 'logs.all')}
            </ActionButton>
          ),
        )}
      </nav>
      {logs.lines.length === 0 ? <p className="lead">{tt('logs.none')}</p> : null}
      <ol className="log-lines" data-testid="log-lines">
        {logs.lines.map((line) => (
          <Line key={line.seq} line={line} time={time.format(line.at)} />
        ))}
      </ol>
      {logs.more > 0 ? <p className="lead">{tt('logs.more', { n: logs.more })}</p> : null}
    </TechPage>
  );
}

function Line({ line, time }: { line: LogLine; time: string }) {
  const tt = useTechText();
  const fields = Object.entries(line.fields)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return (
    <li className={`log-line log-line--${line.level}`} data-testid="log-line" data-source={line.source} data-level={line.level} data-event={line.event}>
      <span className="log-line__head">
        <bdi dir="ltr">{time}</bdi> · <span className="log-line__level">{tt(`logs.level.${line.level}`)}</span> · {tt(SOURCE_NAME[line.source])}
      </span>
      {/* Event names and their facts are the log file's own words: they read left to right in both languages. */}
      <bdi dir="ltr" className="log-line__text">
        <span className="log-line__event">{line.event}</span>
        {fields ? ` ${fields}` : ''}
      </bdi>
    </li>
  );
}
