import { act, render, type RenderResult } from '@testing-library/react';
import { ACCEPTED, type Intent, type IntentResult, type KioskState } from '../../../main/contract';
import { App } from '../../../renderer/src/App';
import type { RendererBridge } from '../../../renderer/src/bridge';
import type { BridgeFault } from '../../../renderer/src/bridge-faults';

/** Stands in for main: holds a state, records intents, answers with whatever the test sets. */
export class FakeBridge implements RendererBridge {
  readonly sent: Intent[] = [];
  reply: (intent: Intent) => Promise<IntentResult> = () => Promise.resolve(ACCEPTED);
  private readonly stateListeners = new Set<(s: KioskState) => void>();
  private readonly connectionListeners = new Set<(c: boolean) => void>();
  private readonly faultListeners = new Set<(f: BridgeFault | undefined) => void>();

  constructor(private state: KioskState | undefined) {}

  send(intent: Intent): Promise<IntentResult> {
    this.sent.push(intent);
    return this.reply(intent);
  }

  onState(listener: (s: KioskState) => void): () => void {
    this.stateListeners.add(listener);
    if (this.state) listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  onConnection(listener: (c: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    listener(true);
    return () => this.connectionListeners.delete(listener);
  }

  onFault(listener: (f: BridgeFault | undefined) => void): () => void {
    this.faultListeners.add(listener);
    listener(undefined);
    return () => this.faultListeners.delete(listener);
  }

  fault(fault: BridgeFault | undefined): void {
    act(() => {
      for (const listener of this.faultListeners) listener(fault);
    });
  }

  push(state: KioskState): void {
    this.state = state;
    act(() => {
      for (const listener of this.stateListeners) listener(state);
    });
  }

  setConnected(connected: boolean): void {
    act(() => {
      for (const listener of this.connectionListeners) listener(connected);
    });
  }

  /** What the shopper asked for, without the activity pings every touch sends. */
  intents(): Intent[] {
    return this.sent.filter((i) => i.type !== 'activity');
  }
}

export function renderApp(state: KioskState | undefined): { bridge: FakeBridge; view: RenderResult } {
  const bridge = new FakeBridge(state);
  const view = render(<App bridge={bridge} />);
  return { bridge, view };
}

/** Lets pending promise callbacks (an intent's reply) run inside act. */
export async function settle(): Promise<void> {
  await act(async () => {
    await Promise.resolve();
  });
}
