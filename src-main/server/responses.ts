import type { ServerResponse } from 'node:http';
import type { Envelope, ErrorCode } from '../contract';
import { contentSecurityPolicy } from '../services/contentSecurityPolicy';
import { escapeHtml } from './htmlText';

const statusFor: Record<ErrorCode, number> = {
  'invalid-input': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  cancelled: 499,
  'io-error': 500,
  internal: 500,
};

export const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export interface ResponseExtras {
  /** Overrides the status the envelope's code maps to (405, 413, 415…). */
  status?: number;
  headers?: Record<string, string>;
}

export function sendEnvelope(response: ServerResponse, envelope: Envelope<unknown>, extras: ResponseExtras = {}): void {
  const status = extras.status ?? (envelope.ok ? 200 : statusFor[envelope.error.code]);
  const body = JSON.stringify(envelope);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    ...extras.headers,
  });
  response.end(body);
}

export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}


/** Every HTML page the server sends: under the strict policy, never stored. */
export const htmlPageHeaders = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy, 'cache-control': 'no-store' } as const;

/** A page of plain text for the responder (no script: the strict CSP applies to it as well). */
export function sendPage(response: ServerResponse, status: number, title: string, paragraphs: string[], headers: Record<string, string> = {}): void {
  const body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)}</title><main class="locked"><h1>${escapeHtml(title)}</h1>${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('')}</main></html>`;
  response.writeHead(status, { ...htmlPageHeaders, 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

export const newLinkAdvice =
  'To get a new link, press Enter in the terminal where firebreak serve (or npm start) is running, or stop it and start it again: it prints a fresh link and opens it.';
