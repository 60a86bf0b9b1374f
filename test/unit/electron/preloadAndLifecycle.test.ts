import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventChannel, operationChannel, operationNames, pickPathsChannel } from '../../../src-main/contract';
import { app, BrowserWindow, contextBridge, ipcMain, ipcRenderer, Notification, protocol } from '../../support/fakeElectron';

describe('preload', () => {
  it('exposes firebreak.<domain>.<verb>() built from the contract, and no raw ipcRenderer', async () => {
    await import('../../../src-main/electron/preload');
    const bridge = contextBridge.exposed.get('firebreak') as Record<string, any>;
    expect(Object.keys(bridge).sort()).toEqual([...new Set(operationNames.map((name) => name.split('.')[0]!)), 'onEvent', 'pickPaths'].sort());
    expect(Object.keys(bridge.incident).sort()).toEqual(['acknowledge', 'addMember', 'addNote', 'advancePhase', 'declare', 'export', 'get', 'import', 'list', 'presence', 'setCommander', 'setRole', 'setScenario', 'setSeverity', 'setStatus', 'setVariables', 'timeline', 'variables', 'verify']);
    expect(Object.keys(bridge.checklist).sort()).toEqual(['addStep', 'assign', 'change', 'get']);
    expect(JSON.stringify(Object.keys(bridge))).not.toContain('ipcRenderer');

    await bridge.incident.declare({ title: 'x', severity: 'P1' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(operationChannel('incident.declare'), { title: 'x', severity: 'P1' });

    const received: unknown[] = [];
    bridge.onEvent((event: unknown) => received.push(event));
    ipcRenderer.emit(eventChannel, {}, { type: 'data.changed' });
    expect(received).toEqual([{ type: 'data.changed' }]);

    await bridge.pickPaths('folder');
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(pickPathsChannel, 'folder');
  });
});

describe('desktop lifecycle', () => {
  it('quits when another instance holds the lock', async () => {
    const { bootstrap } = await import('../../../src-main/electron/lifecycle');
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    expect(bootstrap({ preload: '/p.js', rendererDir: '/r' })).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });

  it('registers the app scheme before ready, then wires IPC and opens one hardened window on ready', async () => {
    process.env.FIREBREAK_DATA_DIR = path.join((await import('node:os')).tmpdir(), `firebreak-lifecycle-${process.pid}`);
    const { bootstrap } = await import('../../../src-main/electron/lifecycle');
    const before = BrowserWindow.created.length;
    expect(bootstrap({ preload: '/p.js', rendererDir: '/r' })).toBe(true);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(BrowserWindow.created.length).toBe(before);
    app.fireReady();
    await new Promise((resolve) => setImmediate(resolve));
    expect(BrowserWindow.created.length).toBe(before + 1);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(ipcMain.handlers.has(operationChannel('incident.declare'))).toBe(true);

    const window = BrowserWindow.created.at(-1)!;
    app.emit('second-instance');
    expect(window.focus).toHaveBeenCalled();
    expect(Notification.shown).toEqual([]);
    app.emit('will-quit');
    delete process.env.FIREBREAK_DATA_DIR;
  });
});

describe('desktop notifications', () => {
  it('raise one notification per escalation reminder, SLA breach and regulatory deadline, naming who to notify', async () => {
    const { notifyResponder } = await import('../../../src-main/electron/lifecycle');
    Notification.shown.length = 0;
    notifyResponder({
      type: 'escalation.due',
      reminder: {
        incidentId: 'INC-20261123-141502', incidentTitle: 'Credential stuffing', severity: 'P1', severityRank: 1, key: 'r1-60m', afterMinutes: 60, notify: 'Dev/Ops Leads',
        recipients: [{ name: 'Carol', role: 'dev-lead', email: '', phone: '' }], dueAt: '2026-11-23T15:15:02.000Z', raisedAt: '2026-11-23T15:15:03.000Z', acknowledgedAt: null, acknowledgedBy: null,
      },
    });
    notifyResponder({ type: 'sla.breached', incidentId: 'INC-20261123-141502', title: 'Credential stuffing', severity: 'P1', dueAt: '2026-11-23T15:15:02.000Z' });
    notifyResponder({ type: 'clock.due', incidentId: 'INC-20261123-141502', name: 'gdpr-authority', label: 'GDPR Art. 33: notify the supervisory authority', dueAt: '2026-11-26T14:15:02.000Z', stage: 'overdue' });
    notifyResponder({ type: 'data.changed' });
    expect(Notification.shown).toEqual([
      { title: 'Escalate INC-20261123-141502: notify Dev/Ops Leads', body: 'Credential stuffing — Carol' },
      { title: 'P1 response SLA breached', body: 'INC-20261123-141502: Credential stuffing' },
      { title: 'INC-20261123-141502: deadline passed', body: 'GDPR Art. 33: notify the supervisory authority, due 2026-11-26 14:15 UTC' },
    ]);
  });
});
