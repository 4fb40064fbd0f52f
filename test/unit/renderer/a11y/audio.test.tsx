// @vitest-environment jsdom
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type KioskState, ScreenId, type StepOf, TerminalPrompt } from '../../../../main/contract';
import { CLIP_KEYS, clipUrl, guidanceClip } from '../../../../renderer/src/audio/clips';
import { fixtureState } from '../fixtures';
import { messages } from '../../../../renderer/src/i18n';
import { renderApp } from '../helpers';

const played: string[] = [];
let pauses = 0;

beforeEach(() => {
  played.length = 0;
  pauses = 0;
  // jsdom cannot play media: record what the real player asks the element to play.
  vi.spyOn(window.HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
    played.push(this.getAttribute('src') ?? '');
    return Promise.resolve();
  });
  vi.spyOn(window.HTMLMediaElement.prototype, 'pause').mockImplementation(() => {
    pauses += 1;
  });
  vi.spyOn(window.HTMLMediaElement.prototype, 'load').mockImplementation(() => undefined);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The clip for a screen's step (its fields changed by `step`), with the kiosk's facts changed by `facts`. */
const at = <S extends ScreenId>(screen: S, step: Partial<StepOf<S>> = {}, facts: Partial<KioskState> = {}) => guidanceClip(fixtureState(screen, 'ar', { ...facts, step }));

describe('guidanceClip', () => {
  it('announces each screen with its title or its one instruction', () => {
    expect(at('attract')).toBe('attract.title');
    expect(at('reading')).toBe('reading.title');
    expect(at('welcome')).toBe('welcome.choose');
    expect(at('fines')).toBe('fines.instruction');
    // The financial claims share the fines' screen, and say their own words.
    expect(at('fines', { flow: 'claims' })).toBe('claims.instruction');
    expect(at('confirm')).toBe('confirm.title');
    expect(at('goodbye')).toBe('goodbye.title');
    expect(at('requests')).toBe('requests.title');
  });

  it('speaks each terminal prompt as its own step, and the screen title before the first', () => {
    expect(at('paying', { payment: { phase: 'starting' } })).toBe('paying.title');
    for (const prompt of TerminalPrompt.options) {
      expect(at('paying', { payment: { phase: 'in-progress', prompt } })).toBe(`prompt.${prompt}`);
    }
  });

  it('speaks the outcome on the result screen', () => {
    expect(at('result', { payment: { phase: 'approved' } })).toBe('result.approved');
    expect(at('result', { payment: { phase: 'declined' } })).toBe('result.declined');
    expect(at('result', { payment: { phase: 'aborted' } })).toBe('result.aborted');
    expect(at('result', { payment: { phase: 'failed' } })).toBe('result.failed');
    expect(at('result', { payment: { phase: 'in-progress' } })).toBe('result.pending');
    expect(at('result', { payment: undefined })).toBe('result.pending');
  });

  it('the inactivity warning speaks over any screen', () => {
    expect(at('fines', {}, { timeoutAt: 1 })).toBe('timeout.title');
  });

  it('every screen main can show has a clip', () => {
    // Screens being built alongside this one get their clips with their final titles; remove
    // an id from here when its clip is added in clips.ts (and the generator is rerun).
    for (const id of ScreenId.options) expect(at(id), id).toBeDefined();
  });
});

describe('the clips on disk', () => {
  const manifest = JSON.parse(readFileSync(join('renderer', 'src', 'audio', 'clips-manifest.json'), 'utf8')) as {
    clips: Record<'ar' | 'en', Record<string, string>>;
  };

  it('exist for every clip in both languages, as small Ogg files', () => {
    for (const lang of ['ar', 'en'] as const) {
      for (const key of CLIP_KEYS) {
        const file = join('renderer', 'public', clipUrl(key, lang));
        expect(existsSync(file), file).toBe(true);
        expect(readFileSync(file).subarray(0, 4).toString('latin1'), file).toBe('OggS');
        expect(statSync(file).size, file).toBeLessThan(40_000);
      }
    }
  });

  it('say what the screen says now (else rerun renderer/src/audio/generate-clips.mjs)', () => {
    for (const lang of ['ar', 'en'] as const) {
      for (const key of CLIP_KEYS) expect(manifest.clips[lang][key], `${lang}:${key}`).toBe(messages[lang][key]);
    }
  });
});

describe('audio guidance in the app', () => {
  it('is off by default: nothing plays', () => {
    renderApp(fixtureState('welcome', 'ar'));
    expect(played).toEqual([]);
  });

  it('plays the current step when turned on, then each new screen and prompt in the current language', () => {
    const { bridge } = renderApp(fixtureState('welcome', 'ar'));
    fireEvent.click(screen.getByTestId('a11y-audio'));
    expect(played).toEqual(['./audio/ar/welcome.choose.ogg']);
    bridge.push(fixtureState('fines', 'ar', { seq: 2 }));
    bridge.push(fixtureState('fines', 'en', { seq: 3 }));
    bridge.push(fixtureState('paying', 'en', { seq: 4, step: { payment: { phase: 'in-progress', prompt: 'enter-pin' } } }));
    bridge.push(fixtureState('paying', 'en', { seq: 5, step: { payment: { phase: 'in-progress', prompt: 'enter-pin' } } }));
    expect(played).toEqual([
      './audio/ar/welcome.choose.ogg',
      './audio/ar/fines.instruction.ogg',
      './audio/en/fines.instruction.ogg',
      './audio/en/prompt.enter-pin.ogg',
    ]);
  });

  it('turning it off stops the voice; the session ending turns it off', () => {
    const { bridge } = renderApp(fixtureState('welcome', 'en'));
    fireEvent.click(screen.getByTestId('a11y-audio'));
    const before = pauses;
    fireEvent.click(screen.getByTestId('a11y-audio'));
    expect(pauses).toBeGreaterThan(before);
    bridge.push(fixtureState('fines', 'en', { seq: 2 }));
    expect(played).toEqual(['./audio/en/welcome.choose.ogg']);

    fireEvent.click(screen.getByTestId('a11y-audio'));
    bridge.push(fixtureState('goodbye', 'en', { seq: 3 }));
    bridge.push(fixtureState('attract', 'ar', { seq: 4 }));
    expect(played).toEqual(['./audio/en/welcome.choose.ogg', './audio/en/fines.instruction.ogg', './audio/en/goodbye.title.ogg']);
    expect(screen.getByTestId('a11y-audio').getAttribute('aria-pressed')).toBe('false');
  });
});
