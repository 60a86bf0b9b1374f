import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../services/contentSecurityPolicy';
import { mimeTypeFor, resolveInside } from '../server/staticFiles';

export const appScheme = 'app';
export const appHost = 'firebreak';
export const appOrigin = `${appScheme}://${appHost}`;

/** WHATWG URL gives non-special schemes an opaque origin ("null"), so compare scheme and host. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost;
  } catch {
    return false;
  }
}

/** Must run before `app.ready`: a standard, secure scheme gets a real origin and fetch support. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer from `rendererDir`; anything outside it (path traversal) is refused. */
export async function appProtocolResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return new Response('not found', { status: 404 });
  const file = resolveInside(rendererDir, url.pathname);
  if (!file) return new Response('forbidden', { status: 403 });
  try {
    const body = await fs.readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': mimeTypeFor(file),
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(appScheme, (request) => appProtocolResponse(rendererDir, request.url));
}
