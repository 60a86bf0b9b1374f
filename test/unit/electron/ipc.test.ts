import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationChannel, operationNames, pickPathsChannel } from '../../../src-main/contract';
import { appProtocolResponse } from '../../../src-main/electron/appProtocol';
import { registerOperations, registerPathPicker } from '../../../src-main/electron/ipc';
import { contentSecurityPolicy } from '../../../src-main/services/contentSecurityPolicy';
import { BrowserWindow, dialog, ipcMain } from '../../support/fakeElectron';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeAll(() => {
  t = makeTestContext();
  registerOperations(t.ctx);
});
afterAll(() => t.close());

function invokeFrom(url: string, name: (typeof operationNames)[number], input: unknown, options: { subframe?: boolean } = {}) {
  const frame = { url };
  const event = { senderFrame: frame, sender: { mainFrame: options.subframe ? { url } : frame } };
  return ipcMain.handlers.get(operationChannel(name))!(event, input);
}

describe('IPC', () => {
  it('registers exactly one handler per contract operation', () => {
    expect([...ipcMain.handlers.keys()].filter((channel) => channel !== pickPathsChannel).sort()).toEqual(operationNames.map(operationChannel).sort());
  });

  it('opens the native chooser for the app\'s page, attached to its window, and for nobody else', async () => {
    registerPathPicker();
    const window = new BrowserWindow({});
    const pick = (url: string, kind: unknown) => {
      const frame = { url };
      window.webContents.mainFrame = frame;
      return ipcMain.handlers.get(pickPathsChannel)!({ senderFrame: frame, sender: window.webContents }, kind);
    };
    expect(await pick('app://firebreak/index.html', 'files')).toEqual(['/var/log/auth.log']);
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(window, expect.objectContaining({ properties: expect.arrayContaining(['openFile', 'multiSelections']) }));
    expect(await pick('app://firebreak/index.html', 'folder')).toEqual(['/var/log/auth.log']);
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(window, expect.objectContaining({ properties: expect.arrayContaining(['openDirectory']) }));
    dialog.showOpenDialog.mockClear();
    expect(await pick('https://evil.example/', 'files')).toEqual([]);
    expect(await pick('app://firebreak/index.html', 'everything')).toEqual([]);
    expect(dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('serves the app\'s own top-level page', async () => {
    const result = await invokeFrom('app://firebreak/index.html', 'incident.declare', { title: 'From the window', severity: 'P2' });
    expect(result).toMatchObject({ ok: true, value: { title: 'From the window', severity: 'P2' } });
  });

  it('refuses other origins and sub-frames', async () => {
    for (const [url, subframe] of [['https://evil.example/', false], ['file:///tmp/x.html', false], ['app://other/index.html', false], ['app://firebreak/index.html', true]] as const) {
      expect(await invokeFrom(url, 'incident.list', {}, { subframe })).toEqual({ ok: false, error: { code: 'forbidden', message: 'this window may not call the console API' } });
    }
  });

  it('validates input with the contract before any service runs', async () => {
    expect(await invokeFrom('app://firebreak/index.html', 'incident.declare', { title: '', severity: 'P2' })).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'title' }] } });
  });
});

describe('app:// protocol', () => {
  let rendererDir: string;
  beforeAll(() => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-app-'));
    rendererDir = path.join(root, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'secret');
  });

  it('serves the built renderer with the CSP', async () => {
    const page = await appProtocolResponse(rendererDir, 'app://firebreak/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    const script = await appProtocolResponse(rendererDir, 'app://firebreak/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses paths that climb out of the renderer folder', async () => {
    for (const url of ['app://firebreak/%2e%2e/secret.txt', 'app://firebreak/..%2fsecret.txt', 'app://firebreak/assets/..%5c..%5csecret.txt', 'app://firebreak/%00']) {
      const response = await appProtocolResponse(rendererDir, url);
      expect(await response.text(), url).not.toBe('secret');
      expect([403, 404], url).toContain(response.status);
    }
    expect((await appProtocolResponse(rendererDir, 'app://elsewhere/index.html')).status).toBe(404);
  });
});
