// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureState } from './fixtures';
import { renderApp } from './helpers';

afterEach(cleanup);

describe('device and connection status', () => {
  it('says the card reader is unavailable on the attract screen', () => {
    renderApp(fixtureState('attract', 'ar', { devices: { card: 'unavailable', printer: 'ready', terminal: 'ready' } }));
    expect(screen.getByTestId('status-card-reader').textContent).toContain('قارئ البطاقات غير متاح');
  });

  it('says the ministry is unreachable, and warns of a missing terminal or printer before paying', () => {
    renderApp(fixtureState('confirm', 'en', { gateway: 'offline', devices: { card: 'ready', printer: 'unavailable', terminal: 'busy' } }));
    expect(screen.getByTestId('status-offline').textContent).toContain('No connection to the ministry');
    expect(screen.getByTestId('status-terminal-checking')).toBeTruthy();
    expect(screen.getByTestId('status-printer')).toBeTruthy();
  });

  it('stays quiet when everything works', () => {
    renderApp(fixtureState('welcome', 'en', { gateway: 'online', devices: { card: 'ready', printer: 'ready', terminal: 'ready' } }));
    expect(screen.queryByRole('status', { name: /ministry/ })).toBeNull();
    expect(screen.queryByTestId('status-offline')).toBeNull();
  });
});
