import { dialog, shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './appProtocol';

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Electron security checklist: shell.openExternal only for http(s), and only after the responder agrees. */
export async function confirmOpenExternal(url: string): Promise<boolean> {
  if (!isWebUrl(url)) return false;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your web browser?',
    detail: url,
  });
  if (response !== 0) return false;
  await shell.openExternal(url);
  return true;
}

/** Electron security checklist: deny window.open, navigation away from the app, and webviews. */
export function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    void confirmOpenExternal(url);
    return { action: 'deny' };
  });
  const keepInApp = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    void confirmOpenExternal(url);
  };
  contents.on('will-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

// The only permission the console uses: writing a step's command to the clipboard (never reading it).
const grantedToApp = new Set(['clipboard-sanitized-write']);

/** Electron security checklist: deny permission requests (but clipboard writes from the app itself) and load no remote content. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback) => callback(grantedToApp.has(permission) && isAppUrl(contents.getURL())));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => grantedToApp.has(permission) && isAppUrl(requestingOrigin));
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url) || details.url.startsWith('devtools://');
    callback({ cancel: !allowed });
  });
}
