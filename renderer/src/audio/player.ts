/** Plays one clip at a time: a new clip cuts the previous one off (the screen it spoke for is gone). */
export interface ClipPlayer {
  play(url: string): void;
  stop(): void;
}

/**
 * One HTMLAudioElement, reused. CSP `media-src 'self'` allows the bundled clips. A clip that
 * cannot play (missing file, autoplay refused before the shopper's first tap) is silence, never
 * an error on screen: the text is always there.
 */
export function createHtmlAudioPlayer(): ClipPlayer {
  let audio: HTMLAudioElement | undefined;
  return {
    play(url) {
      audio ??= new Audio();
      audio.pause();
      audio.src = url;
      audio.currentTime = 0;
      try {
        // A promise in every current browser; older engines (and jsdom) return nothing.
        void Promise.resolve(audio.play()).catch(() => undefined);
      } catch {
        // Not playable here: silence, the screen says it all.
      }
    },
    stop() {
      if (!audio) return;
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
    },
  };
}
