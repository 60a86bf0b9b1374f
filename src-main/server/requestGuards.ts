import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SessionKeeper } from './session';

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends `Host: evil.example`. */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Cross-site requests: browsers always send Origin on cross-origin fetches and on POST. */
export function originAllowed(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin)) return false;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Node keeps only the first of a repeated Host or Authorization and joins others: a request that
 * repeats a header meant to appear once is ambiguous (a proxy may read the other copy), so it is refused.
 */
const singletonHeaders = new Set(['host', 'authorization', 'content-type', 'content-length', 'transfer-encoding', 'origin', 'cookie']);

export function repeatedHeader(request: IncomingMessage): string | null {
  const seen = new Set<string>();
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index]!.toLowerCase();
    if (!singletonHeaders.has(name)) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return null;
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function tokenPresented(request: IncomingMessage, token: string): boolean {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') === true && sameSecret(header.slice('Bearer '.length), token);
}

/** Every value sent under `name`: another site on 127.0.0.1 (any port is the same site) can add decoys. */
export function cookieValues(request: IncomingMessage, name: string): string[] {
  const values: string[] = [];
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) values.push(pair.slice(separator + 1).trim());
  }
  return values;
}

/** The console's session cookie (the browser) or the launch token as a Bearer header (scripts). */
export function authenticated(request: IncomingMessage, token: string, sessions: SessionKeeper): boolean {
  // A decoy cookie set first by a page on another port must not lock the real session out.
  return cookieValues(request, sessions.cookieName).some((value) => sessions.isSession(value)) || tokenPresented(request, token);
}
