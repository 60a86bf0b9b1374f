import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { fail, operationChannel, operationNames, pickPathsChannel, type Envelope, type OperationName } from '../contract';
import type { ServiceContext } from '../services/context';
import { dispatchAsync } from '../services/dispatch';
import { isAppUrl } from './appProtocol';

/** Only the app's own top-level page may call in (Electron security checklist: validate the sender of all IPC messages). */
export function senderAllowed(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

/** The one wrapper every IPC operation goes through: sender check, then the contract's validation in dispatch. */
export function handle(name: OperationName, run: (input: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>): void {
  ipcMain.handle(operationChannel(name), (event, input: unknown) => {
    if (!senderAllowed(event)) return fail('forbidden', 'this window may not call the console API');
    return run(input);
  });
}

export function registerOperations(ctx: ServiceContext): void {
  for (const name of operationNames) handle(name, (input) => dispatchAsync(ctx, name, input));
}

/** The native chooser for evidence paths: folders and files are separate dialogs on Linux and Windows. */
export function registerPathPicker(): void {
  ipcMain.handle(pickPathsChannel, async (event, kind: unknown) => {
    if (!senderAllowed(event) || (kind !== 'files' && kind !== 'folder')) return [];
    const window = BrowserWindow.fromWebContents(event.sender);
    const options: Electron.OpenDialogOptions = {
      title: kind === 'files' ? 'Files to collect as evidence' : 'Folder to collect as evidence',
      properties: kind === 'files' ? ['openFile', 'multiSelections', 'showHiddenFiles', 'dontAddToRecent'] : ['openDirectory', 'showHiddenFiles', 'dontAddToRecent'],
    };
    const chosen = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return chosen.canceled ? [] : chosen.filePaths;
  });
}
