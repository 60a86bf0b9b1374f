import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { appOrigin } from './appProtocol';
import { hardenContents } from './hardening';

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

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow(windowOptions(preloadPath));
  hardenContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${appOrigin}/index.html`);
  return window;
}
