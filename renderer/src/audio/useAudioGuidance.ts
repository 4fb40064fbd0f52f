import { useEffect, useMemo, useRef } from 'react';
import type { KioskState } from '../../../main/contract';
import { clipUrl, guidanceClip } from './clips';
import { type ClipPlayer, createHtmlAudioPlayer } from './player';

/**
 * Speaks the current step when audio guidance is on: once when a screen (or terminal prompt, or
 * the inactivity warning) appears, again when the language changes, and at once when the shopper
 * turns audio on, so they hear that it works. Turning it off stops the voice mid-sentence.
 */
export function useAudioGuidance(state: Pick<KioskState, 'mode' | 'timeoutAt' | 'lang'>, enabled: boolean, player?: ClipPlayer): void {
  const own = useMemo(() => player ?? createHtmlAudioPlayer(), [player]);
  const clip = guidanceClip(state);
  const lastPlayed = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!enabled || !clip) {
      if (lastPlayed.current !== undefined) own.stop();
      lastPlayed.current = undefined;
      return;
    }
    const url = clipUrl(clip, state.lang);
    if (url === lastPlayed.current) return;
    lastPlayed.current = url;
    own.play(url);
  }, [enabled, clip, state.lang, own]);

  useEffect(
    () => () => {
      own.stop();
      lastPlayed.current = undefined;
    },
    [own],
  );
}
