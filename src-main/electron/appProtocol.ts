import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../services/contentSecurityPolicy';
import { resolveInside } from '../server/staticFiles';

export const appScheme = 'app';
export const appHost = 'firebreak';
export const appOrigin = `${appScheme}://${appHost}`;

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

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
        'content-type': mimeTypes[path.extname(file)] ?? 'application/octet-stream',
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
