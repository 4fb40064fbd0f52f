/**
 * Which PC/SC readers the kiosk uses: a case-insensitive substring of the reader name, or
 * `/regex/flags`. Absent: every reader. Other readers (a keyboard's card slot, a second
 * terminal) are ignored.
 */
export function readerMatcher(pattern?: string): (name: string) => boolean {
  if (!pattern) return () => true;
  const re = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  if (re) {
    const rx = new RegExp(re[1]!, re[2]);
    return (name) => rx.test(name);
  }
  const needle = pattern.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}
