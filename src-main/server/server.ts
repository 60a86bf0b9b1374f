import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fail } from '../contract';
import { createServiceContext, type Clock, type ServiceContext } from '../services/context';
import { dispatchAsync } from '../services/dispatch';
import { sendingIncidentSummaries } from '../services/incidents/changeSummaries';
import { logError } from '../services/log';
import { startBackgroundChecks } from '../services/escalations/slaWatcher';
import { startDrillWatcher } from '../services/drills/drillRuns';
import { moveKeysInLater } from '../services/vault/vaultKeys';
import { startHubService } from '../services/hub/hubService';
import { EventStream } from './eventStream';
import { answerClientErrors } from './rawErrors';
import { declaredTooLarge, readJsonBody, type BodyResult } from './requestBody';
import { authenticated, hostAllowed, originAllowed, repeatedHeader } from './requestGuards';
import { parseTarget } from './requestTarget';
import { newLinkAdvice, securityHeaders, sendEnvelope, sendPage, sendText } from './responses';
import { codeTtlMs, SessionKeeper } from './session';
import { markStartup, reportStartup } from './startupTimings';
import { readFirstScreen, sendFirstScreenPage } from './firstScreen';
import { serveStatic } from './staticFiles';

export { maxBodyBytes } from './requestBody';

function readBuiltPage(rendererDir: string): string | null {
  try {
    return fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  } catch {
    return null;
  }
}

export interface ServerOptions {
  dataDir: string;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Accepted as `Authorization: Bearer …` by scripts; random per launch when not given. */
  token?: string;
  clock?: Clock;
  backgroundIntervalMs?: number;
  /** Moves the expiry of one-time links in tests. */
  now?: () => number;
}

export interface RunningServer {
  port: number;
  token: string;
  /** A fresh one-time link (`/open?code=…`) that opens a browser session once, within a couple of minutes. */
  openLink(): string;
  ctx: ServiceContext;
  close(): Promise<void>;
}

/** Never logs the request (its URL or headers may hold a code, a token or a cookie): only where the code failed. */
function internalError(response: ServerResponse, error: unknown): void {
  const where = error instanceof Error ? `${error.name}\n${(error.stack ?? '').split('\n').slice(1).join('\n')}` : typeof error;
  logError(`firebreak: a request failed with an internal error (request details are not logged): ${where}`);
  if (!response.headersSent) sendEnvelope(response, fail('internal', 'the request failed with an internal error; the details are in the console log'));
  else response.destroy();
}

/**
 * Answers and closes the connection instead of reading the rest of a refused body. Lingering close (as
 * Apache does): closing with unread bytes from the client makes the kernel send a reset, which can destroy
 * the answer before the client reads it, so what still arrives is dropped for a moment before closing.
 */
function refuseBody(request: IncomingMessage, response: ServerResponse, refused: Extract<BodyResult, { ok: false }>): void {
  if (refused.closeConnection) {
    const socket = request.socket;
    // Node calls destroySoon() once a `connection: close` answer is out.
    socket.destroySoon = () => {
      socket.end();
      socket.on('data', () => {});
      socket.resume();
      setTimeout(() => socket.destroy(), 2_000).unref();
    };
  }
  sendEnvelope(response, refused.envelope, { status: refused.status, headers: refused.closeConnection ? { connection: 'close' } : {} });
}

function hasBody(request: IncomingMessage): boolean {
  return request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');
}

function methodNotAllowed(response: ServerResponse, allow: string, json: boolean): void {
  const message = `this path takes ${allow.split(', ').join(' or ')}`;
  if (json) sendEnvelope(response, fail('invalid-input', message), { status: 405, headers: { allow } });
  else sendText(response, 405, message, { allow });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const events = new EventStream();
  markStartup('contextStarted');
  // Summaries are read through the context once it exists (no event is sent while it is created).
  const created: { ctx?: ServiceContext } = {};
  const ctx = createServiceContext({ dataDir: options.dataDir, transport: 'http', clock: options.clock, emit: sendingIncidentSummaries(() => created.ctx, (event) => events.publish(event)) });
  created.ctx = ctx;
  markStartup('contextReady');
  let port = 0;
  let sessions = new SessionKeeper('firebreak-session', options.now);

  function openSession(request: IncomingMessage, response: ServerResponse, query: URLSearchParams): void {
    if (request.method !== 'GET') return methodNotAllowed(response, 'GET', false);
    const session = sessions.redeem(query.get('code') ?? '');
    if (!session) {
      // Opening the link again in a browser that already holds a session is harmless: take it to the console.
      if (authenticated(request, token, sessions)) return void response.writeHead(303, { location: '/', 'content-length': 0 }).end();
      return sendPage(response, 403, 'This link no longer opens the console', [
        `Each link printed by firebreak serve works once, within ${codeTtlMs / 60_000} minutes; this one was already used or has expired.`,
        newLinkAdvice,
      ]);
    }
    const cookie = { 'set-cookie': sessions.cookieHeader(session), 'cache-control': 'no-store' };
    // A navigation another site started stays cross-site through a redirect, and the browser would then
    // withhold the SameSite=Strict cookie from `/`: a refresh from this page makes the next request same-origin.
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return sendPage(response, 200, 'Opening the console…', ['Opening the console…'], { ...cookie, refresh: '0;url=/' });
    response.writeHead(303, { ...cookie, location: '/', 'content-length': 0 }).end();
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    // Order matters: foreign origins and missing credentials are refused before any routing.
    if (!originAllowed(request, port)) return sendEnvelope(response, fail('forbidden', 'cross-origin requests are refused'));
    if (!authenticated(request, token, sessions)) {
      const envelope = fail('unauthorized', `this browser has no console session: open the link printed by firebreak serve. ${newLinkAdvice}`);
      // An unauthenticated upload is not read to its end: answer and close.
      return refuseBody(request, response, { ok: false, status: 401, envelope, closeConnection: hasBody(request) });
    }
    if (pathname === '/api/events') return request.method === 'GET' ? events.attach(response) : methodNotAllowed(response, 'GET', true);
    const operation = pathname.startsWith('/api/op/') ? pathname.slice('/api/op/'.length) : null;
    if (!operation) return sendEnvelope(response, fail('not-found', 'no API at this path: operations are at /api/op/<name>'));
    if (request.method !== 'POST') return methodNotAllowed(response, 'POST', true);
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      return sendEnvelope(response, fail('invalid-input', 'API operations take a JSON body (content-type: application/json)'), { status: 415 });
    }
    const declared = declaredTooLarge(request);
    if (declared && !declared.ok) return refuseBody(request, response, declared);
    const body = await readJsonBody(request);
    if (!body.ok) return refuseBody(request, response, body);
    const timed = operation === 'incident.list';
    if (timed) markStartup('incidentListReceived');
    sendEnvelope(response, await dispatchAsync(ctx, operation, body.value));
    if (timed) {
      markStartup('incidentListAnswered');
      reportStartup();
    }
  }

  // The built page, read once; not built, serveStatic says so.
  let indexHtml: string | null = null;
  const consolePage = () => (indexHtml ??= readBuiltPage(options.rendererDir));

  function handleStatic(request: IncomingMessage, response: ServerResponse, pathname: string): void {
    if (!authenticated(request, token, sessions)) {
      return sendPage(response, 401, 'Firebreak', ['This console needs the link printed by firebreak serve: it works once and opens a session for this browser.', newLinkAdvice]);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(response, 'GET, HEAD', false);
    const page = pathname === '/' || pathname === '/index.html' ? consolePage() : null;
    if (page !== null) return sendFirstScreenPage(response, page, () => readFirstScreen(ctx.db, ctx.schemes, ctx.clock()), ctx.clock(), request.method === 'HEAD');
    serveStatic(options.rendererDir, pathname, response);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    markStartup('firstRequest');
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    const repeated = repeatedHeader(request);
    if (repeated) return sendText(response, 400, `the ${repeated} header appears more than once`);
    if (!hostAllowed(request, port)) return sendText(response, 403, 'forbidden host');
    const target = parseTarget(request.url);
    if (!target.ok) return sendText(response, target.status, target.message);
    if (target.pathname === '/open') return openSession(request, response, target.query);
    if (target.pathname === '/api' || target.pathname.startsWith('/api/')) return handleApi(request, response, target.pathname);
    handleStatic(request, response, target.pathname);
  }

  const server = http.createServer(
    // Slow or abandoned requests are cut off instead of holding a connection for ever.
    { headersTimeout: 5_000, requestTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    (request, response) => {
      // An aborted upload or a reset socket must never become an uncaught 'error'.
      request.on('error', () => {});
      response.on('error', () => {});
      handle(request, response).catch((error: unknown) => internalError(response, error));
    },
  );
  answerClientErrors(server);
  // Node answers `Expect: 100-continue` before any handler runs unless this event is handled: invite a
  // body only from a client whose body will be read.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (authenticated(request, token, sessions) && !declaredTooLarge(request)) response.writeContinue();
    server.emit('request', request, response);
  });
  // A flood of idle sockets is turned away at the door instead of exhausting the process's descriptors.
  server.maxConnections = 512;
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
  markStartup('listening');
  // Cookies ignore ports: two consoles on one machine must not overwrite each other's session.
  sessions = new SessionKeeper(`firebreak-session-${port}`, options.now);
  const stopChecks = startBackgroundChecks(ctx, options.backgroundIntervalMs);
  const stopDrills = startDrillWatcher(ctx);
  moveKeysInLater(ctx);
  const stopHub = startHubService(ctx);

  return {
    port,
    token,
    openLink: () => `http://127.0.0.1:${port}/open?code=${sessions.mintCode()}`,
    ctx,
    close: async () => {
      stopChecks();
      stopDrills();
      await stopHub();
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.db.close();
    },
  };
}
