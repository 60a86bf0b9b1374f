import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, fail } from '../contract/envelope';
import { createServiceContext, type Clock, type ServiceContext } from '../services/context';
import { dispatchAsync, errorEnvelope } from '../services/dispatch';
import { sendingIncidentSummaries } from '../services/incidents/changeSummaries';
import { logError } from '../services/log';
import { startBackgroundChecks } from '../services/escalations/slaWatcher';
import { startDrillWatcher } from '../services/drills/drillRuns';
import { moveKeysInLater } from '../services/vault/vaultKeys';
import { startHubService } from '../services/hub/hubService';
import { listenConsole, methodNotAllowed, refuseBody, type EarlyServer } from './earlyServer';
import { EventStream } from './eventStream';
import { readFirstScreen } from './firstScreen/firstScreenData';
import { pageWithFirstScreen } from './firstScreen/firstScreenHtml';
import { declaredTooLarge, readJsonBody } from './requestBody';
import { sendEnvelope } from './responses';
import { markStartup, reportStartup } from './startupTimings';

export { maxBodyBytes } from './requestBody';

/** What the console behind the server needs. */
export interface ConsoleOptions {
  dataDir: string;
  clock?: Clock;
  backgroundIntervalMs?: number;
}

export interface ServerOptions extends ConsoleOptions {
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Accepted as `Authorization: Bearer …` by scripts; random per launch when not given. */
  token?: string;
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

/** Why the services could not start, said as an operation's error would be (mapped and redacted): the caller prints it. */
function startFailure(error: unknown): AppError {
  const envelope = errorEnvelope(error);
  return envelope.ok ? new AppError('io-error', 'the data folder could not be opened') : new AppError(envelope.error.code, envelope.error.message, envelope.error.fields);
}

/** Listens and attaches the console in one step (the CLI's serve, tests). */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const early = await listenConsole({ rendererDir: options.rendererDir, port: options.port, token: options.token, now: options.now });
  try {
    return attachConsole(early, options);
  } catch (error) {
    await early.close();
    throw error;
  }
}

/**
 * Opens the services behind a listening server: from here the API answers (requests held while the
 * services loaded are answered now), the page shows the dashboard's first screen from the services'
 * own reads, and the background checks run.
 */
export function attachConsole(early: EarlyServer, options: ConsoleOptions): RunningServer {
  const events = new EventStream();
  markStartup('contextStarted');
  // Summaries are read through the context once it exists (no event is sent while it is created).
  const created: { ctx?: ServiceContext } = {};
  let ctx: ServiceContext;
  try {
    ctx = createServiceContext({ dataDir: options.dataDir, transport: 'http', clock: options.clock, emit: sendingIncidentSummaries(() => created.ctx, (event) => events.publish(event)) });
  } catch (error) {
    events.close();
    throw startFailure(error);
  }
  created.ctx = ctx;
  markStartup('contextReady');

  async function handleApi(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
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

  early.attach({
    api: handleApi,
    page: (indexHtml, acceptLanguage) => {
      try {
        const now = ctx.clock();
        return pageWithFirstScreen(indexHtml, readFirstScreen(ctx.db, ctx.schemes, now), now, acceptLanguage);
      } catch (error) {
        logError('firebreak: the first screen could not be read; the console draws it', error);
        return null;
      }
    },
    internalError: (error) => {
      const where = error instanceof Error ? `${error.name}\n${(error.stack ?? '').split('\n').slice(1).join('\n')}` : typeof error;
      logError(`firebreak: a request failed with an internal error (request details are not logged): ${where}`);
    },
  });
  const stopChecks = startBackgroundChecks(ctx, options.backgroundIntervalMs);
  const stopDrills = startDrillWatcher(ctx);
  moveKeysInLater(ctx);
  const stopHub = startHubService(ctx);

  return {
    port: early.port,
    token: early.token,
    openLink: early.openLink,
    ctx,
    close: async () => {
      stopChecks();
      stopDrills();
      await stopHub();
      events.close();
      await early.close();
      ctx.db.close();
    },
  };
}
