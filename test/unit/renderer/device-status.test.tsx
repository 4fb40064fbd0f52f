// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureState } from './fixtures';
import { renderApp } from './helpers';

afterEach(cleanup);

describe('device and connection status', () => {
  it('says the kiosk is out of service on the attract screen when main says so, naming the card reader when that is why', () => {
    const offer = { inService: false, paid: true, receipt: 'paper' } as const;
    renderApp(fixtureState('attract', 'ar', { offer, devices: { card: 'unavailable', printer: 'ready', terminal: 'ready' } }));
    expect(screen.getByTestId('status-out-of-service').textContent).toContain('قارئ البطاقات غير متاح');
    cleanup();
    renderApp(fixtureState('attract', 'en', { offer }));
    expect(screen.getByTestId('status-out-of-service').textContent).toContain('This kiosk is out of service right now');
  });

  it('a missing card reader alone is main\'s call, not the screen\'s: in service, nothing is said', () => {
    renderApp(fixtureState('attract', 'en', { devices: { card: 'unavailable', printer: 'ready', terminal: 'ready' } }));
    expect(screen.queryByTestId('status-out-of-service')).toBeNull();
  });

  it('says the ministry is unreachable, and before paying what the rules left: free services only, the receipt on screen', () => {
    renderApp(fixtureState('confirm', 'en', { gateway: 'offline', offer: { inService: true, paid: true, receipt: 'on-screen' }, devices: { card: 'ready', printer: 'unavailable', terminal: 'busy' } }));
    expect(screen.getByTestId('status-offline').textContent).toContain('No connection to the ministry');
    expect(screen.getByTestId('status-terminal-checking')).toBeTruthy();
    expect(screen.getByTestId('status-receipt-on-screen').textContent).toContain('your receipt will be shown on screen');
    cleanup();
    renderApp(fixtureState('welcome', 'ar', { offer: { inService: true, paid: false, receipt: 'paper' } }));
    expect(screen.getByTestId('status-paid-unavailable').textContent).toContain('الدفع بالبطاقة غير متاح');
  });

  it('stays quiet when everything works', () => {
    renderApp(fixtureState('welcome', 'en', { gateway: 'online', devices: { card: 'ready', printer: 'ready', terminal: 'ready' } }));
    expect(screen.queryByRole('status', { name: /ministry/ })).toBeNull();
    expect(screen.queryByTestId('status-offline')).toBeNull();
  });
});
