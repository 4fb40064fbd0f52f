import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { type Intent, type IntentResult, type KioskState, type ScreenId, screenOf } from '../../main/contract';
import type { RendererBridge } from './bridge';
import { A11yProvider, A11yToolbar } from './a11y';
import { DeviceStatus } from './components/DeviceStatus';
import { LangToggle } from './components/LangToggle';
import { BusyBar, ConnectingOverlay, FaultOverlay, NoticeBanner, TimeoutWarning } from './components/Overlays';
import { StepIndicator } from './components/StepIndicator';
import { createI18n } from './i18n';
import { KioskContext, type KioskContextValue } from './kiosk-context';
import { Attract } from './screens/Attract';
import { Beneficiary } from './screens/Beneficiary';
import { Confirm } from './screens/Confirm';
import { ErrorScreen } from './screens/ErrorScreen';
import { Form } from './screens/Form';
import { Goodbye } from './screens/Goodbye';
import { Paying } from './screens/Paying';
import { Pin } from './screens/Pin';
import { Reading } from './screens/Reading';
import { Result } from './screens/Result';
import { Welcome } from './screens/Welcome';
import { OutOfService } from './screens/technician/OutOfService';
import { createThrottle } from './throttle';

// A technician's screens load when a technician arrives: no shopper waits for their code at start.
const TechnicianPin = lazy(() => import('./screens/technician/TechnicianPin').then((m) => ({ default: m.TechnicianPin })));
const TechnicianWorkOrder = lazy(() => import('./screens/technician/TechnicianWorkOrder').then((m) => ({ default: m.TechnicianWorkOrder })));
const Diagnostics = lazy(() => import('./screens/technician/Diagnostics').then((m) => ({ default: m.Diagnostics })));
const TechQueue = lazy(() => import('./screens/technician/TechQueue').then((m) => ({ default: m.TechQueue })));
const TechLogs = lazy(() => import('./screens/technician/TechLogs').then((m) => ({ default: m.TechLogs })));
const TechSettings = lazy(() => import('./screens/technician/TechSettings').then((m) => ({ default: m.TechSettings })));
// So are the inquiries' answers (residence permit, visa, permanent residency): most shoppers never see them, so they need not delay the start.
const Permit = lazy(() => import('./screens/Permit').then((m) => ({ default: m.Permit })));
const Residency = lazy(() => import('./screens/Residency').then((m) => ({ default: m.Residency })));
const Visa = lazy(() => import('./screens/Visa').then((m) => ({ default: m.Visa })));
const Requests = lazy(() => import('./screens/Requests').then((m) => ({ default: m.Requests })));
// The fines' screen, which the financial claims share, loads when an inquiry answers: the start stays small.
const FinesScreen = lazy(() => import('./screens/Fines').then((m) => ({ default: m.FinesScreen })));

const SCREENS: Record<ScreenId, React.ComponentType> = {
  attract: Attract,
  reading: Reading,
  pin: Pin,
  welcome: Welcome,
  beneficiary: Beneficiary,
  form: Form,
  fines: FinesScreen,
  permit: Permit,
  visa: Visa,
  residency: Residency,
  confirm: Confirm,
  paying: Paying,
  result: Result,
  requests: Requests,
  goodbye: Goodbye,
  error: ErrorScreen,
  technicianPin: TechnicianPin,
  technicianWorkOrder: TechnicianWorkOrder,
  diagnostics: Diagnostics,
  techQueue: TechQueue,
  techLogs: TechLogs,
  techSettings: TechSettings,
  outOfService: OutOfService,
};

export const ACTIVITY_THROTTLE_MS = 2000;

function useBridgeState(bridge: RendererBridge): { state: KioskState | undefined; connected: boolean; fault: boolean } {
  const [state, setState] = useState<KioskState | undefined>(undefined);
  const [connected, setConnected] = useState(true);
  const [fault, setFault] = useState(false);
  useEffect(() => bridge.onState(setState), [bridge]);
  useEffect(() => bridge.onConnection?.(setConnected), [bridge]);
  useEffect(() => bridge.onFault?.((f) => setFault(f !== undefined)), [bridge]);
  return { state, connected, fault };
}

export function App({ bridge }: { bridge: RendererBridge }) {
  const { state, connected, fault } = useBridgeState(bridge);
  const lang = state?.lang ?? 'ar';
  // Every state is a new object: the texts are compared by content, so the texts object (and what
  // depends on it) changes only when the configuration's texts do.
  const texts = state?.texts?.[lang];
  const textsKey = texts ? JSON.stringify(texts) : '';
  const i18n = useMemo(() => createI18n(lang, textsKey ? (JSON.parse(textsKey) as Record<string, string>) : undefined), [lang, textsKey]);

  useEffect(() => {
    document.documentElement.lang = i18n.lang;
    document.documentElement.dir = i18n.dir;
    document.title = `${i18n.t('app.ministry')} — ${i18n.t('app.kiosk')}`;
  }, [i18n]);

  useEffect(() => {
    const throttle = createThrottle(ACTIVITY_THROTTLE_MS);
    const onPointerDown = (): void => {
      if (throttle()) void bridge.send({ type: 'activity' });
    };
    // A long press must not open a context menu that escapes the kiosk flow.
    const onContextMenu = (event: Event): void => event.preventDefault();
    document.addEventListener('pointerdown', onPointerDown, { capture: true, passive: true });
    document.addEventListener('contextmenu', onContextMenu);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, { capture: true });
      document.removeEventListener('contextmenu', onContextMenu);
    };
  }, [bridge]);

  const context = useMemo<KioskContextValue | null>(
    () => (state ? { state, i18n, send: (intent: Intent): Promise<IntentResult> => bridge.send(intent) } : null),
    [state, i18n, bridge],
  );

  if (!context) return fault ? <FaultOverlay i18n={i18n} /> : <ConnectingOverlay i18n={i18n} />;
  const screen = screenOf(context.state);
  const Current = SCREENS[screen];
  return (
    <KioskContext.Provider value={context}>
      <A11yProvider>
        <div className="app" data-screen={screen} aria-busy={context.state.busy}>
          <header className="topbar">
            <div className="brand">
              <span className="brand__mark" aria-hidden="true" />
              <span className="brand__text">
                <span className="brand__ministry">{i18n.t('app.ministry')}</span>
                <span className="brand__kiosk">{i18n.t('app.kiosk')}</span>
              </span>
            </div>
            <LangToggle />
            <A11yToolbar />
          </header>
          <main className="main">
            <BusyBar />
            <StepIndicator />
            <DeviceStatus />
            <NoticeBanner />
            <Suspense fallback={null}>
              <Current key={screen} />
            </Suspense>
          </main>
          <TimeoutWarning />
          {connected ? null : <ConnectingOverlay i18n={i18n} />}
          {fault ? <FaultOverlay i18n={i18n} /> : null}
        </div>
      </A11yProvider>
    </KioskContext.Provider>
  );
}
