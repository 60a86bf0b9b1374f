import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootstrap } from '../../../src-main/electron/lifecycle';
import { app, BrowserWindow, dialog, shell, type FakeWebContents } from '../../support/fakeElectron';

const flush = () => new Promise((resolve) => setImmediate(resolve));

let dataDir: string;
let contents: FakeWebContents;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-hardened-once-'));
  process.env.FIREBREAK_DATA_DIR = dataDir;
  expect(bootstrap({ preload: '/p.js', rendererDir: '/r' })).toBe(true);
  app.fireReady();
  await flush();
  contents = BrowserWindow.created.at(-1)!.webContents;
});

afterAll(() => {
  app.emit('will-quit');
  delete process.env.FIREBREAK_DATA_DIR;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  dialog.showMessageBox.mockReset();
  dialog.showMessageBox.mockResolvedValue({ response: 0 });
  shell.openExternal.mockReset();
});

// The desktop as the responder runs it: one link, one question, one browser tab.
describe('the main window of the running app', () => {
  it('asks once and opens once for a link the page navigates to', async () => {
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'http://status.example.com/');
    await flush();
    expect(prevented).toBe(true);
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('http://status.example.com/');
  });

  it('asks once and opens once for a link the page opens in a new window', async () => {
    expect(contents.windowOpenHandler!({ url: 'https://status.example.com/' })).toEqual({ action: 'deny' });
    await flush();
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('asks once for a redirect away from the app', async () => {
    contents.emit('will-redirect', { preventDefault: () => {} }, 'https://elsewhere.example/');
    await flush();
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  it('has one listener per guard on its web contents', () => {
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) expect(contents.listeners.get(event), event).toHaveLength(1);
  });
});
