import { AppError, type HubStatus } from '../../contract';
import type { ServiceContext } from '../context';
import { logError } from '../log';
import { exchangeWithHub, outboxCount, pullCursor, waitingCount, type ExchangeOutcome } from './hubExchange';
import type { HubConnectionConfig } from './hubConnection';
import { whereOf } from './hubErrors';
import type { HubSettings } from './hubSettings';
import { PostgresHub } from './postgresHub';

export const notJoinedStatus: HubStatus = { state: 'not-joined', url: null, role: null, tls: false, toPush: 0, behind: 0, waiting: 0, lastContactAt: null, offlineSince: null, lastError: null, live: false };

export interface RunnerTiming {
  /** How often to exchange with the hub while nothing wakes the runner. */
  pollMs: number;
  /** The longest wait between attempts while the hub cannot be reached. */
  maxBackoffMs: number;
  /** How long after a local write to push it: a burst of writes goes in one exchange. */
  debounceMs: number;
  /**
   * The longest one exchange may take: a hub that stops answering mid-query (frozen, a link that
   * drops packets) is given up then, instead of leaving the console pushing for ever. Every page
   * pulled before is kept, so a long catch-up goes on from there.
   */
  exchangeTimeoutMs: number;
}

export function defaultTiming(env: NodeJS.ProcessEnv = process.env): RunnerTiming {
  const poll = Number(env.FIREBREAK_HUB_POLL_MS);
  return { pollMs: Number.isFinite(poll) && poll >= 50 ? poll : 5_000, maxBackoffMs: 60_000, debounceMs: 300, exchangeTimeoutMs: 120_000 };
}

/**
 * Keeps one laptop in step with its hub: an exchange at start, every poll interval, when the hub
 * notifies (LISTEN/NOTIFY, a wake-up only) and shortly after a local write; while the hub cannot be
 * reached it waits longer each time, up to a minute. Exchanges never overlap. Its status is what
 * the sync indicator shows, and every change is pushed as a `hub.status` event.
 */
export class HubRunner {
  private hub: PostgresHub;
  private readonly config: HubConnectionConfig;
  private status: HubStatus;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ExchangeOutcome> | null = null;
  private again = false;
  private stopped = false;
  private backoffMs = 0;
  private listening = false;
  private readonly unmerged = new Map<string, string>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: HubSettings,
    config: HubConnectionConfig,
    private readonly timing: RunnerTiming = defaultTiming(),
    /** Whether to ask the hub for notifications; a laptop that cannot LISTEN still polls. */
    private readonly useListen = true,
  ) {
    this.config = { ...config, connectTimeoutMs: config.connectTimeoutMs ?? 5_000 };
    this.hub = new PostgresHub(this.config);
    this.status = { ...notJoinedStatus, state: 'connecting', url: settings.url, role: settings.role, tls: settings.ca !== null, toPush: outboxCount(ctx, settings.url), waiting: waitingCount(ctx) };
  }

  current(): HubStatus {
    return this.status;
  }

  private update(change: Partial<HubStatus>): void {
    const next = { ...this.status, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    if (!this.stopped) this.ctx.emit({ type: 'hub.status', status: next });
  }

  /** Starts the loop: the first exchange now. */
  start(): void {
    this.schedule(0);
  }

  /** A local write: pushed soon, a burst of writes in one exchange. */
  localWrite(): void {
    if (this.running) this.again = true;
    else this.schedule(this.timing.debounceMs, true);
  }

  /** The hub said it has news (or someone asked): exchange now. */
  wake(): void {
    if (this.running) this.again = true;
    else this.schedule(0, true);
  }

  private schedule(delayMs: number, sooner = false): void {
    if (this.stopped) return;
    // A wake-up never pushes a backed-off retry later; it may bring it sooner.
    if (this.timer && !sooner) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.exchange().catch(() => undefined);
    }, delayMs);
    // The runner never keeps a closing process alive.
    this.timer.unref();
  }

  private async ensureListening(): Promise<void> {
    if (!this.useListen || this.listening) return;
    this.listening = await this.hub.listen(
      () => this.wake(),
      () => {
        this.listening = false;
        this.update({ live: false });
        // The hub may have gone away: find out now (and back off while it is), rather than at the next poll.
        this.wake();
      },
    );
    this.update({ live: this.listening });
  }

  /** One exchange now, or the one already running (then one more after it, so nothing written meanwhile waits a whole poll). */
  async exchange(options: { incidentId?: string } = {}): Promise<ExchangeOutcome> {
    if (this.stopped) throw new AppError('cancelled', 'the hub connection was closed');
    if (this.running) {
      await this.running.catch(() => undefined);
      return this.exchange(options);
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.running = this.runOnce(options);
    try {
      return await this.running;
    } finally {
      this.running = null;
      if (!this.stopped) {
        const retry = this.status.state === 'offline';
        if (this.again && !retry) {
          this.again = false;
          this.schedule(0);
        } else this.schedule(retry ? this.backoffMs : this.timing.pollMs);
      }
    }
  }

  private async runOnce(options: { incidentId?: string }): Promise<ExchangeOutcome> {
    if (this.status.state === 'offline' || this.status.state === 'connecting') this.update({ state: 'connecting' });
    // Set when the time limit gives this exchange up: it then does no more database work, even if the hub answers later.
    let abandoned = false;
    let limit: NodeJS.Timeout | undefined;
    try {
      await this.ensureListening().catch(() => undefined);
      const exchanged = exchangeWithHub(this.ctx, this.hub, this.settings.url, options, {
        phase: (phase) => this.update({ state: phase }),
        stopped: () => this.stopped || abandoned,
      });
      const outcome = await Promise.race([
        exchanged,
        new Promise<never>((_resolve, reject) => {
          limit = setTimeout(() => {
            abandoned = true;
            this.abandonConnection();
            reject(new AppError('io-error', `the hub at ${whereOf(this.settings.url)} did not answer in time: nothing came back for ${Math.round(this.timing.exchangeTimeoutMs / 1000)} s (the hub may be frozen or the network dropping packets); trying again`));
          }, this.timing.exchangeTimeoutMs);
          limit.unref();
        }),
      ]);
      for (const incident of outcome.incidents) this.unmerged.delete(incident);
      for (const entry of outcome.unmerged) this.unmerged.set(entry.incidentId, entry.reason);
      const behind = await this.hub.countAfter(pullCursor(this.ctx, this.settings.url));
      this.backoffMs = 0;
      const lastError = outcome.refused.length > 0 ? `the hub or this laptop refused ${outcome.refused.length} event(s): ${outcome.refused[0]!.reason}` : this.unmergedError();
      this.update({ state: 'connected', toPush: outcome.pending, waiting: outcome.waiting, behind, lastContactAt: this.ctx.clock().toISOString(), offlineSince: null, lastError });
      return outcome;
    } catch (error) {
      if (this.stopped) throw error;
      const message = error instanceof AppError ? error.message : (error as Error).message;
      this.backoffMs = Math.min(this.timing.maxBackoffMs, this.backoffMs === 0 ? Math.min(1_000, this.timing.pollMs) : this.backoffMs * 2);
      this.listening = false;
      await this.hub.unlisten().catch(() => undefined);
      this.update({ state: 'offline', live: false, offlineSince: this.status.offlineSince ?? this.ctx.clock().toISOString(), lastError: message, toPush: outboxCount(this.ctx, this.settings.url), waiting: waitingCount(this.ctx) });
      throw error;
    } finally {
      clearTimeout(limit);
    }
  }

  /**
   * Leaves a connection that stopped answering to finish or fail on its own and takes a new one:
   * its query may never return, so nothing waits on it.
   */
  private abandonConnection(): void {
    const stale = this.hub;
    this.hub = new PostgresHub(this.config);
    this.listening = false;
    void stale.close().catch(() => undefined);
  }

  private unmergedError(): string | null {
    if (this.unmerged.size === 0) return null;
    return [...this.unmerged].map(([incident, reason]) => `${incident} keeps its pulled events but its view could not follow them: ${reason}`).join('; ');
  }

  /** Stops the loop and closes every hub connection; an exchange in flight does no more database work. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const running = this.running;
    const closed = Promise.all([
      this.hub.close().catch((error: unknown) => logError('firebreak: closing the hub connection failed:', (error as Error).message)),
      running?.catch(() => undefined),
    ]);
    // A hub that does not answer must not hold up the console's shutdown: the sockets are closed either way.
    let cap: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => (cap = setTimeout(resolve, 1_500).unref()))]);
    clearTimeout(cap);
  }
}
