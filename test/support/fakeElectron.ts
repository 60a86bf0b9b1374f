/**
 * A stand-in for the `electron` module (aliased in vitest.config.mts): the real binary cannot be
 * downloaded on the build machines, so the shell's wiring is tested against this recorder.
 */
import os from 'node:os';
import { vi } from 'vitest';

type Listener = (...args: any[]) => any;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: Listener | undefined;
  mainFrame = { url: 'app://firebreak/index.html' };
  send = vi.fn();
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends Emitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadURL = vi.fn(async () => {});
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = vi.fn(() => false);
  constructor(readonly options: Record<string, any>) {
    super();
    BrowserWindow.created.push(this);
    // As in Electron: every new web contents is announced on the app.
    app.emit('web-contents-created', {}, this.webContents);
  }
  static fromWebContents = vi.fn((contents: unknown) => BrowserWindow.created.find((window) => window.webContents === contents) ?? null);
}

export const ipcMain = { handlers: new Map<string, Listener>(), handle: vi.fn((channel: string, handler: Listener) => ipcMain.handlers.set(channel, handler)) };

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };

let ready: () => void = () => {};
const readyPromise = new Promise<void>((resolve) => (ready = resolve));

export const app = Object.assign(new Emitter(), {
  requestSingleInstanceLock: vi.fn(() => true),
  quit: vi.fn(),
  whenReady: vi.fn(() => readyPromise),
  getPath: vi.fn(() => os.tmpdir()),
  /** Test hook: fire `ready`. */
  fireReady: () => ready(),
});

export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as Listener | undefined,
    beforeRequest: undefined as Listener | undefined,
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      this.permissionCheckHandler = handler;
    },
    webRequest: {
      onBeforeRequest: (handler: Listener) => {
        session.defaultSession.beforeRequest = handler;
      },
    },
  },
};

export const dialog = { showMessageBox: vi.fn(async () => ({ response: 1 })), showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePaths: ['/var/log/auth.log'] })) };
export const shell = { openExternal: vi.fn(async () => {}) };

export class Notification {
  static isSupported = vi.fn(() => true);
  static shown: Record<string, string>[] = [];
  constructor(readonly options: Record<string, string>) {}
  show() {
    Notification.shown.push(this.options);
  }
}

export const clipboard = { text: '', writeText: vi.fn((text: string) => (clipboard.text = text)), readText: vi.fn(() => clipboard.text) };

export const contextBridge = { exposed: new Map<string, unknown>(), exposeInMainWorld: vi.fn((key: string, api: unknown) => contextBridge.exposed.set(key, api)) };
export const ipcRenderer = Object.assign(new Emitter(), { invoke: vi.fn(async () => ({ ok: true, value: null })), removeListener: vi.fn() });

export default { app, BrowserWindow, clipboard, contextBridge, dialog, ipcMain, ipcRenderer, Notification, protocol, session, shell };
