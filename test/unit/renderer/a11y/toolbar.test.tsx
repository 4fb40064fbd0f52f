// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureState } from '../fixtures';
import { renderApp } from '../helpers';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const html = () => document.documentElement.classList;
const pressed = (testId: string) => screen.getByTestId(testId).getAttribute('aria-pressed');

describe('accessibility switches in the top bar', () => {
  it('larger text and high contrast are classes on <html>, switched on and off', () => {
    renderApp(fixtureState('welcome', 'ar'));
    expect(html().contains('a11y-large-text')).toBe(false);
    fireEvent.click(screen.getByTestId('a11y-largeText'));
    expect(html().contains('a11y-large-text')).toBe(true);
    expect(pressed('a11y-largeText')).toBe('true');
    fireEvent.click(screen.getByTestId('a11y-highContrast'));
    expect(html().contains('a11y-high-contrast')).toBe(true);
    fireEvent.click(screen.getByTestId('a11y-largeText'));
    expect(html().contains('a11y-large-text')).toBe(false);
    expect(html().contains('a11y-high-contrast')).toBe(true);
  });

  it('are labelled in the page language and, marked up as such, in the other', () => {
    renderApp(fixtureState('attract', 'ar'));
    const button = screen.getByTestId('a11y-largeText');
    expect(button.textContent).toContain('تكبير النص');
    expect(button.textContent).toContain('Larger text');
    expect(button.querySelector('[lang="en"]')?.textContent).toBe('Larger text');
    expect(screen.getByRole('group', { name: 'خيارات تسهيل الاستخدام' })).toBeTruthy();
  });

  it('reset when the session returns to the attract screen', () => {
    const { bridge } = renderApp(fixtureState('welcome', 'en'));
    fireEvent.click(screen.getByTestId('a11y-largeText'));
    fireEvent.click(screen.getByTestId('a11y-highContrast'));
    bridge.push(fixtureState('goodbye', 'en', { seq: 2 }));
    expect(html().contains('a11y-large-text')).toBe(true);
    bridge.push(fixtureState('attract', 'ar', { seq: 3 }));
    expect(html().contains('a11y-large-text')).toBe(false);
    expect(html().contains('a11y-high-contrast')).toBe(false);
    expect(pressed('a11y-largeText')).toBe('false');
    expect(pressed('a11y-audio')).toBe('false');
  });

  it('a choice made on the attract screen carries into the session that follows', () => {
    const { bridge } = renderApp(fixtureState('attract', 'ar'));
    fireEvent.click(screen.getByTestId('a11y-highContrast'));
    bridge.push(fixtureState('attract', 'ar', { seq: 2 }));
    bridge.push(fixtureState('reading', 'ar', { seq: 3 }));
    bridge.push(fixtureState('welcome', 'ar', { seq: 4 }));
    expect(html().contains('a11y-high-contrast')).toBe(true);
  });

  it('leave <html> clean when the app goes away', () => {
    const { view } = renderApp(fixtureState('welcome', 'ar'));
    fireEvent.click(screen.getByTestId('a11y-highContrast'));
    view.unmount();
    expect(html().contains('a11y-high-contrast')).toBe(false);
  });
});
