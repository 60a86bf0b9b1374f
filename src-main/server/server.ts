import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, type Envelope, type ErrorCode } from '../contract';
import { createServiceContext, type Clock, type ServiceContext } from '../services/context';
import { dispatchAsync } from '../services/dispatch';
import { startBackgroundChecks } from '../services/slaWatcher';
import { EventStream } from './eventStream';
import { hostAllowed, originAllowed, tokenPresented } from './requestGuards';
import { serveStatic } from './staticFiles';

export const maxBodyBytes = 4 * 1024 * 1024;

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

export interface ServerOptions {
  dataDir: string;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  clock?: Clock;
  backgroundIntervalMs?: number;
}

export interface RunningServer {
  port: number;
  token: string;
  /** Opens the console; the token travels in the fragment, which never reaches a server or a log. */
  url: string;
  ctx: ServiceContext;
  close(): Promise<void>;
}

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function sendEnvelope(response: ServerResponse, envelope: Envelope<unknown>): void {
  const status = envelope.ok ? 200 : statusFor[envelope.error.code];
  const body = JSON.stringify(envelope);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function readJsonBody(request: IncomingMessage): Promise<Envelope<unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('error', () => resolve(fail('io-error', 'the request was interrupted')));
    request.on('end', () => {
      if (tooLarge) return resolve(fail('invalid-input', `the request body is larger than ${maxBodyBytes / 1024 / 1024} MiB`));
      if (size === 0) return resolve({ ok: true, value: {} });
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
      } catch {
        return resolve(fail('invalid-input', 'the request body is not valid UTF-8'));
      }
      try {
        resolve({ ok: true, value: JSON.parse(text) });
      } catch {
        resolve(fail('invalid-input', 'the request body is not valid JSON'));
      }
    });
  });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const events = new EventStream();
  const ctx = createServiceContext({ dataDir: options.dataDir, transport: 'http', clock: options.clock, emit: (event) => events.publish(event) });
  let port = 0;

  async function handleApi(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    // Order matters: foreign origins and missing tokens are refused before any routing.
    if (!originAllowed(request, port)) return sendEnvelope(response, fail('forbidden', 'cross-origin requests are refused'));
    if (!tokenPresented(request, token)) return sendEnvelope(response, fail('unauthorized', 'a valid console token is required'));
    if (pathname === '/api/events' && request.method === 'GET') return events.attach(response);
    const operation = pathname.startsWith('/api/op/') ? pathname.slice('/api/op/'.length) : null;
    if (!operation) return sendEnvelope(response, fail('not-found', `no API at ${pathname}`));
    if (request.method !== 'POST') return sendEnvelope(response, fail('invalid-input', 'API operations take POST'));
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return sendEnvelope(response, fail('invalid-input', 'API operations take a JSON body (content-type: application/json)'));
    }
    const body = await readJsonBody(request);
    if (!body.ok) return sendEnvelope(response, body);
    sendEnvelope(response, await dispatchAsync(ctx, operation, body.value));
  }

  const server = http.createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    if (!hostAllowed(request, port)) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden host');
      return;
    }
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      handleApi(request, response, pathname).catch((error: unknown) => {
        console.error('firebreak: request failed', error);
        if (!response.headersSent) sendEnvelope(response, fail('internal', 'the request failed'));
      });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed');
      return;
    }
    serveStatic(options.rendererDir, pathname, response);
  });
  // Connections from a killed tab must not keep the process alive forever.
  server.keepAliveTimeout = 5_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    events.close();
    ctx.db.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  const stopChecks = startBackgroundChecks(ctx, options.backgroundIntervalMs);

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    ctx,
    close: async () => {
      stopChecks();
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.db.close();
    },
  };
}
