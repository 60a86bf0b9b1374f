import type { ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../../services/contentSecurityPolicy';
import type { FirstScreen } from './firstScreenData';
import { pageWithFirstScreen } from './firstScreenHtml';

export { readFirstScreen, type FirstScreen } from './firstScreenData';
export { pageWithFirstScreen } from './firstScreenHtml';

/** What a failed read is logged as: SQLite's code (SQLITE_BUSY, SQLITE_CORRUPT…) or the error's name, never its message, which may quote paths or data. */
function failureName(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : 'unknown error';
}

/**
 * Answers `/` with the console's page and its first screen already drawn, with the headers every
 * page gets (the one CSP, never cached: it holds incident data). A screen that cannot be read (a
 * locked or damaged database) leaves the page as built: the console draws everything, as it always
 * did, and shows its own error.
 */
export function sendFirstScreenPage(response: ServerResponse, indexHtml: string, readScreen: () => FirstScreen, now: Date, headOnly = false): void {
  let screen: FirstScreen | null = null;
  try {
    screen = readScreen();
  } catch (error) {
    console.error(`firebreak: the first screen was not drawn by the server (${failureName(error)}); the console draws it`);
  }
  const body = Buffer.from(pageWithFirstScreen(indexHtml, screen, now));
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'content-security-policy': contentSecurityPolicy,
    'cache-control': 'no-store',
  });
  response.end(headOnly ? undefined : body);
}
