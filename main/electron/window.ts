import { join } from 'node:path';
import { BrowserWindow, app } from 'electron';
import { APP_ORIGIN } from '../contract/channels';

/**
 * The kiosk window: full screen, no frame, and a renderer with no Node, no webviews, isolated
 * from its preload and sandboxed. Devtools exist only in unpackaged builds. The options stay a
 * literal at the constructor so Electronegativity (and a reviewer) can read them in place.
 */
export async function createKioskWindow(page = 'index.html'): Promise<BrowserWindow> {
  const packaged = app.isPackaged;
  const window = new BrowserWindow({
    kiosk: packaged,
    fullscreen: packaged,
    frame: !packaged,
    width: 1080,
    height: 1920,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would otherwise try to open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      devTools: !packaged,
    },
  });
  // No pinch zoom on the kiosk: a zoom one shopper leaves behind would greet the next.
  void window.webContents.setVisualZoomLevelLimits(1, 1);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/${page}`);
  return window;
}
