import path from 'node:path';
import { app, clipboard, Notification, session, type BrowserWindow } from 'electron';
import { eventChannel, type PushedEvent } from '../contract';
import { createServiceContext, type ServiceContext } from '../services/context';
import { startBackgroundChecks } from '../services/escalations/slaWatcher';
import { startDrillWatcher } from '../services/drills/drillRuns';
import { sendingIncidentSummaries } from '../services/incidents/changeSummaries';
import { moveKeysInLater } from '../services/vault/vaultKeys';
import { startHubService } from '../services/hub/hubService';
import { resolveDataDir } from '../store/dataDir';
import { registerAppScheme, serveAppProtocol } from './appProtocol';
import { hardenContents, hardenSession } from './hardening';
import { registerOperations, registerPathPicker } from './ipc';
import { createMainWindow } from './window';

export interface Paths {
  preload: string;
  rendererDir: string;
}

export function defaultPaths(bundleDir: string): Paths {
  return { preload: path.join(bundleDir, 'preload.js'), rendererDir: path.join(bundleDir, '..', '..', 'renderer') };
}

/** Reminders reach the responder even when the window is in the background. */
export function notifyResponder(event: PushedEvent): void {
  if (!Notification.isSupported()) return;
  if (event.type === 'sla.breached') {
    new Notification({ title: `${event.severity} response SLA breached`, body: `${event.incidentId}: ${event.title}` }).show();
  } else if (event.type === 'escalation.due') {
    const { reminder } = event;
    const who = reminder.recipients.map((recipient) => recipient.name).join(', ');
    new Notification({ title: `Escalate ${reminder.incidentId}: notify ${reminder.notify}`, body: `${reminder.incidentTitle}${who ? ` — ${who}` : ''}` }).show();
  } else if (event.type === 'clock.due') {
    // A regulatory deadline is as pressing as the SLA: the same notification, with its label.
    new Notification({ title: `${event.incidentId}: ${event.stage === 'overdue' ? 'deadline passed' : 'deadline near'}`, body: `${event.label}, due ${event.dueAt.slice(0, 16).replace('T', ' ')} UTC` }).show();
  }
}

/** Wires the desktop app; returns false when another instance already runs (that one is focused instead). */
export function bootstrap(paths: Paths): boolean {
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  let window: BrowserWindow | undefined;
  let ctx: ServiceContext | undefined;
  let stopChecks = () => {};
  let stopDrills = () => {};
  let stopHub: () => Promise<void> = async () => {};

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // The one place web contents are hardened: every one, the main window's included, passes here.
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    stopChecks();
    stopDrills();
    // The hub runner does no database work once stopped; its connections close in the background.
    void stopHub();
    ctx?.db.close();
  });

  void app.whenReady().then(() => {
    const dataDir = resolveDataDir(process.env, app.getPath('userData'));
    ctx = createServiceContext({
      dataDir,
      transport: 'electron',
      emit: sendingIncidentSummaries(
        () => ctx,
        (event) => {
          window?.webContents.send(eventChannel, event);
          notifyResponder(event);
        },
      ),
      // Vault values are copied here, in the main process, and cleared after 30 s: the window never holds one.
      clipboard: { write: (text) => clipboard.writeText(text), read: () => clipboard.readText() },
    });
    hardenSession(session.defaultSession);
    serveAppProtocol(paths.rendererDir);
    registerOperations(ctx);
    registerPathPicker();
    stopChecks = startBackgroundChecks(ctx);
    stopDrills = startDrillWatcher(ctx);
    moveKeysInLater(ctx);
    stopHub = startHubService(ctx);
    window = createMainWindow(paths.preload);
  });
  return true;
}
