import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fail } from '../contract/envelope';
import { answerClientErrors } from './rawErrors';
import { declaredTooLarge, type BodyResult } from './requestBody';
import { authenticated, hostAllowed, originAllowed, repeatedHeader } from './requestGuards';
import { parseTarget } from './requestTarget';
import { htmlPageHeaders, newLinkAdvice, securityHeaders, sendEnvelope, sendPage, sendText } from './responses';
import { codeTtlMs, SessionKeeper } from './session';
import { markStartup } from './startupTimings';
import { readAheadAssets, serveStatic } from './staticFiles';

/**
 * The console's HTTP server before the services are loaded: it listens, opens sessions, serves the page
 * and its assets, and holds API requests until the console attaches (attachConsole in server.ts). `firebreak serve`
 * announces its link as soon as this listens, and the page it answers can already show the dashboard's
 * first screen while the rest of the server loads.
 */
export interface EarlyOptions {
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Accepted as `Authorization: Bearer …` by scripts; random per launch when not given. */
  token?: string;
  /** Moves the expiry of one-time links in tests. */
  now?: () => number;
  /** The page with the dashboard's first screen in it, while no console is attached; null sends the plain page. */
  firstScreenPage?: FirstScreenPage;
}

/** The built page with the first screen drawn in it (times in the browser's language), or null for the page as built. */
export type FirstScreenPage = (indexHtml: string, acceptLanguage: string | undefined) => string | null;

/** What the attached console answers. */
export interface ConsoleHandlers {
  /** An API request whose origin and credentials are already checked. */
  api(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void>;
  /** The page with the dashboard's first screen, read through the console's own services. */
  page: FirstScreenPage;
  /** A request failed with an internal error (logged redacted, never with the request). */
  internalError(error: unknown): void;
}

export interface EarlyServer {
  port: number;
  token: string;
  /** A fresh one-time link (`/open?code=…`) that opens a browser session once, within a couple of minutes. */
  openLink(): string;
  /** Settles when a browser with a session first asks for the page. */
  pageAsked: Promise<void>;
  /** Settles once the page asked for and the stylesheets and scripts it names have gone out: the browser has what it paints with. */
  pageServed: Promise<void>;
  /** Settles at the first API request: the page is up and its script wants the console. */
  consoleWanted: Promise<void>;
  attach(handlers: ConsoleHandlers): void;
  /** The console could not start: held and later API requests are answered with this reason. */
  failStart(reason: string): void;
  close(): Promise<void>;
}

/** API requests held while the console loads; a flood past this is told to come back. */
const maxHeldRequests = 256;

/** Without a console to log through: the error's kind only (a message may quote input). */
function earlyInternalError(error: unknown): void {
  process.stderr.write(`firebreak: a request failed with an internal error (${error instanceof Error ? error.name : typeof error}); request details are not logged\n`);
}

/**
 * Answers and closes the connection instead of reading the rest of a refused body. Lingering close (as
 * Apache does): closing with unread bytes from the client makes the kernel send a reset, which can destroy
 * the answer before the client reads it, so what still arrives is dropped for a moment before closing.
 */
export function refuseBody(request: IncomingMessage, response: ServerResponse, refused: Extract<BodyResult, { ok: false }>): void {
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

export function methodNotAllowed(response: ServerResponse, allow: string, json: boolean): void {
  const message = `this path takes ${allow.split(', ').join(' or ')}`;
  if (json) sendEnvelope(response, fail('invalid-input', message), { status: 405, headers: { allow } });
  else sendText(response, 405, message, { allow });
}

/** The stylesheets and scripts a page paints with, and every asset it names (preloads too). */
const paintedWith = /<(?:script|link rel="stylesheet")[^>]*?(?:src|href)="\.(\/assets\/[^"]+)"/g;
const anyAsset = /(?:src|href)="\.(\/assets\/[^"]+)"/g;

/** The `./assets/…` names matched by `pattern` in a page's head, as the paths the browser asks for. */
function assetsInHead(page: string, pattern: RegExp): string[] {
  const head = page.slice(0, page.indexOf('</head>') >>> 0);
  return [...head.matchAll(pattern)].map((match) => match[1]!);
}

function sendHtml(response: ServerResponse, html: string, headOnly: boolean): void {
  response.writeHead(200, { ...htmlPageHeaders, 'content-length': Buffer.byteLength(html) });
  response.end(headOnly ? undefined : html);
}

export async function listenConsole(options: EarlyOptions): Promise<EarlyServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  let port = 0;
  let sessions = new SessionKeeper('firebreak-session', options.now);
  let handlers: ConsoleHandlers | null = null;
  let startFailure: string | null = null;
  const held: (() => void)[] = [];
  let asked: () => void = () => {};
  const pageAsked = new Promise<void>((resolve) => (asked = resolve));
  let served: () => void = () => {};
  const pageServed = new Promise<void>((resolve) => (served = resolve));
  /** The assets the page sent names, not yet answered; null until a page went out. */
  let awaitedAssets: Set<string> | null = null;
  const assetAnswered = (pathname: string) => {
    if (awaitedAssets?.delete(pathname) && awaitedAssets.size === 0) served();
  };
  let wanted: () => void = () => {};
  const consoleWanted = new Promise<void>((resolve) => (wanted = resolve));

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
    if (handlers) return handlers.api(request, response, pathname);
    if (startFailure !== null) return sendEnvelope(response, fail('io-error', startFailure), { status: 503 });
    wanted();
    if (held.length >= maxHeldRequests) return sendEnvelope(response, fail('io-error', 'the console is still starting: try again in a moment'), { status: 503, headers: { 'retry-after': '1' } });
    // Answered once the console attaches: the page's first requests wait rather than fail.
    held.push(() => {
      if (response.writableEnded || request.socket.destroyed) return;
      if (handlers) handlers.api(request, response, pathname).catch((error: unknown) => internalError(response, error));
      else sendEnvelope(response, fail('io-error', startFailure ?? 'the console did not start'), { status: 503 });
    });
  }

  function handleStatic(request: IncomingMessage, response: ServerResponse, pathname: string): void {
    if (!authenticated(request, token, sessions)) {
      return sendPage(response, 401, 'Firebreak', ['This console needs the link printed by firebreak serve: it works once and opens a session for this browser.', newLinkAdvice]);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(response, 'GET, HEAD', false);
    if (pathname === '/' || pathname === '/index.html') {
      if (request.method === 'GET') asked();
      const render = handlers ? handlers.page : options.firstScreenPage;
      const indexHtml = render ? builtPage() : null;
      if (render && indexHtml !== null) return sendFirstScreen(request, response, indexHtml, render);
    }
    if (awaitedAssets?.has(pathname)) response.once('finish', () => assetAnswered(pathname));
    serveStatic(options.rendererDir, pathname, response);
  }

  /** index.html as built, or null where it is missing (serveStatic then says the console is not built). */
  function builtPage(): string | null {
    try {
      return fs.readFileSync(path.join(options.rendererDir, 'index.html'), 'utf8');
    } catch {
      return null;
    }
  }

  /**
   * The page with the first screen drawn in it (as built where it cannot be drawn). Its headers go out
   * before the screen is drawn: Cross-Origin-Opener-Policy has the browser start a fresh process for
   * the page once they arrive, and that start (about a tenth of a second) runs while the screen is drawn
   * here instead of after it.
   */
  function sendFirstScreen(request: IncomingMessage, response: ServerResponse, indexHtml: string, render: FirstScreenPage): void {
    /** The page with its first screen, or null where it could not be drawn (the console then draws it). */
    const draw = (): string | null => {
      try {
        return render(indexHtml, request.headers['accept-language']);
      } catch (error) {
        (handlers?.internalError ?? earlyInternalError)(error);
        return null;
      }
    };
    if (request.method === 'HEAD') return sendHtml(response, draw() ?? indexHtml, true);
    response.writeHead(200, htmlPageHeaders);
    response.flushHeaders();
    setImmediate(() => {
      // A tab closed meanwhile is not drawn for, nor waited on for its assets.
      if (response.destroyed) return;
      try {
        const drawn = draw();
        response.end(drawn ?? indexHtml);
        awaitedAssets ??= new Set(assetsInHead(drawn ?? indexHtml, paintedWith));
        if (awaitedAssets.size === 0) served();
        if (drawn !== null) markStartup('firstScreenAnswered');
      } catch (error) {
        internalError(response, error);
      }
    });
  }

  function internalError(response: ServerResponse, error: unknown): void {
    (handlers?.internalError ?? earlyInternalError)(error);
    if (!response.headersSent) sendEnvelope(response, fail('internal', 'the request failed with an internal error; the details are in the console log'));
    else response.destroy();
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  markStartup('listening');
  // Once the link is out: the page's assets are in memory before the browser, still starting, asks.
  setImmediate(() => {
    const indexHtml = builtPage();
    if (indexHtml !== null) readAheadAssets(options.rendererDir, assetsInHead(indexHtml, anyAsset));
  });
  // Cookies ignore ports: two consoles on one machine must not overwrite each other's session.
  sessions = new SessionKeeper(`firebreak-session-${port}`, options.now);

  const release = () => held.splice(0).forEach((answer) => answer());
  return {
    port,
    token,
    openLink: () => `http://127.0.0.1:${port}/open?code=${sessions.mintCode()}`,
    pageAsked,
    pageServed,
    consoleWanted,
    attach: (attached) => {
      handlers = attached;
      release();
    },
    failStart: (reason) => {
      startFailure = reason;
      release();
    },
    close: async () => {
      startFailure ??= 'the console is shutting down';
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
