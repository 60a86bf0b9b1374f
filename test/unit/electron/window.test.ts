import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, dialog, session, shell } from '../../support/fakeElectron';
import { hardenContents, hardenSession } from '../../../src-main/electron/hardening';
import { createMainWindow, windowOptions } from '../../../src-main/electron/window';

const flush = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  dialog.showMessageBox.mockReset();
  shell.openExternal.mockReset();
});

describe('main window', () => {
  it('is isolated and sandboxed, with no Node in the page', () => {
    const { webPreferences } = windowOptions('/app/preload.js');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('loads the console from the app:// scheme, never from a remote URL', () => {
    const window = createMainWindow('/app/preload.js') as unknown as BrowserWindow;
    expect(window.loadURL).toHaveBeenCalledWith('app://firebreak/index.html');
  });
});

describe('web contents hardening', () => {
  function hardened() {
    const window = new BrowserWindow({});
    hardenContents(window.webContents as never);
    return window.webContents;
  }

  it('denies window.open and offers http(s) links to the browser only after confirmation', async () => {
    const contents = hardened();
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    expect(contents.windowOpenHandler!({ url: 'https://status.example.com' })).toEqual({ action: 'deny' });
    await flush();
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).not.toHaveBeenCalled();

    dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    expect(contents.windowOpenHandler!({ url: 'https://status.example.com' })).toEqual({ action: 'deny' });
    await flush();
    expect(shell.openExternal).toHaveBeenCalledWith('https://status.example.com');
  });

  it('never offers file:, javascript: or custom-scheme links to the OS', async () => {
    const contents = hardened();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share']) contents.windowOpenHandler!({ url });
    await flush();
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('keeps navigation inside the app and refuses webviews', () => {
    const contents = hardened();
    const navigate = (url: string) => {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://evil.example/phish')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://firebreak/index.html#/incident/INC-20261123-141502')).toBe(false);
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });
});

describe('session hardening', () => {
  it('denies every permission but clipboard writes from the app, and cancels every request that is not the app itself', async () => {
    hardenSession(session.defaultSession as never);
    const granted: boolean[] = [];
    const app = { getURL: () => 'app://firebreak/index.html' };
    const foreign = { getURL: () => 'https://evil.example/' };
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      session.defaultSession.permissionRequestHandler!(app, permission, (allow: boolean) => granted.push(allow));
    }
    expect(granted).toEqual([false, false, false, false]);
    const clipboardWrite = (contents: unknown) => new Promise((resolve) => session.defaultSession.permissionRequestHandler!(contents, 'clipboard-sanitized-write', resolve));
    expect(await clipboardWrite(app)).toBe(true);
    expect(await clipboardWrite(foreign)).toBe(false);
    expect(session.defaultSession.permissionCheckHandler!(app, 'media', 'app://firebreak')).toBe(false);
    expect(session.defaultSession.permissionCheckHandler!(app, 'clipboard-sanitized-write', 'app://firebreak')).toBe(true);
    const cancelled = (url: string) => {
      let decision: { cancel: boolean } | undefined;
      session.defaultSession.beforeRequest!({ url }, (result: { cancel: boolean }) => (decision = result));
      return decision!.cancel;
    };
    expect(cancelled('https://cdn.example.com/lib.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('app://firebreak/assets/index.js')).toBe(false);
  });
});
