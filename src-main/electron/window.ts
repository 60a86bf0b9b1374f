import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { appOrigin } from './appProtocol';

/** Electron security checklist: isolation, sandbox, no Node in the page, no insecure content. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Firebreak',
    backgroundColor: '#0e1116',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Hardened like every other web contents by the app's `web-contents-created` handler (lifecycle.ts), not here: twice would mean two dialogs per link. */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow(windowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}
