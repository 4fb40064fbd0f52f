import { type Session, type WebContents, type WebFrameMain, app } from 'electron';
import { APP_ORIGIN } from '../contract/channels';
import type { Logger } from '../core/ports';

/**
 * Electron's security checklist as code: every web contents is denied new windows, navigation
 * away from the app origin, webviews and permissions. Applied to all contents, not only the
 * main window, so nothing created later escapes it.
 */
function isAppUrl(url: string): boolean {
  try {
    // Custom schemes have an opaque origin ("null") in WHATWG URL, so compare the parts.
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** A sender is trusted only when it is a top-level frame showing our own origin. */
export function isTrustedFrame(frame: WebFrameMain | null | undefined): boolean {
  return Boolean(frame && frame.parent === null && isAppUrl(frame.url));
}

export function lockDownSession(session: Session, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('permission-denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.on('will-download', (event) => event.preventDefault());
}

export function guardWebContents(contents: WebContents, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window-open-denied', { app: isAppUrl(url) });
    return { action: 'deny' };
  });
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) {
      log.warn('navigation-denied', { app: false });
      event.preventDefault();
    }
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-frame-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (app.isPackaged) {
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

export function installGlobalGuards(log: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));
}
