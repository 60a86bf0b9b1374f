import type { ServiceContext } from '../context';
import { logError } from '../log';
import { isQuiet } from './hubExchange';
import { HubRunner, defaultTiming, type RunnerTiming } from './hubRunner';
import { joinedHubConfig, readHubSettings } from './hubSettings';

interface HubService {
  runner: HubRunner | null;
  /** Why the runner could not start (the vault locked, say), while joined; it is tried again each poll. */
  blocked: string | null;
  retry: NodeJS.Timeout | null;
  timing: RunnerTiming;
  useListen: boolean;
  /** Counts (re)starts: one that finds a later one begun while it read the vault starts nothing. */
  starts: number;
}

/** One per process that keeps running (the server, the Electron main process); a CLI run has none. */
const services = new WeakMap<ServiceContext, HubService>();

export function hubServiceOf(ctx: ServiceContext): HubService | undefined {
  return services.get(ctx);
}

/** The running runner of this process, if it keeps one and has joined a hub. */
export function runnerOf(ctx: ServiceContext): HubRunner | null {
  return services.get(ctx)?.runner ?? null;
}

/** (Re)starts the runner from the saved settings: none when this laptop joined no hub. */
export async function restartRunner(ctx: ServiceContext): Promise<HubRunner | null> {
  const service = services.get(ctx);
  if (!service) return null;
  const start = ++service.starts;
  const previous = service.runner;
  service.runner = null;
  await previous?.stop();
  if (!readHubSettings(ctx)) {
    service.blocked = null;
    return null;
  }
  const { settings, config } = await joinedHubConfig(ctx);
  // Closed, or started again, while the vault was read: a runner started now would outlive the console or run beside the newer one.
  if (services.get(ctx) !== service || service.starts !== start) return service.runner;
  const runner = new HubRunner(ctx, settings, config, service.timing, service.useListen);
  service.runner = runner;
  service.blocked = null;
  if (service.retry) clearTimeout(service.retry);
  service.retry = null;
  runner.start();
  return runner;
}

export async function stopRunner(ctx: ServiceContext): Promise<void> {
  const service = services.get(ctx);
  const runner = service?.runner;
  if (service) {
    service.runner = null;
    // A start still reading the vault starts nothing after this.
    service.starts++;
  }
  await runner?.stop();
}

/**
 * Keeps this process in step with the joined hub: starts the runner now (when joined), and pushes
 * soon after every local write, which the process already announces as incident.changed or
 * data.changed. Returns the stop function for shutdown.
 */
export function startHubService(ctx: ServiceContext, options: { timing?: Partial<RunnerTiming>; useListen?: boolean } = {}): () => Promise<void> {
  const service: HubService = { runner: null, blocked: null, retry: null, timing: { ...defaultTiming(), ...options.timing }, useListen: options.useListen ?? true, starts: 0 };
  services.set(ctx, service);
  const emit = ctx.emit.bind(ctx);
  ctx.emit = (event) => {
    emit(event);
    if ((event.type === 'incident.changed' || event.type === 'data.changed') && !isQuiet(ctx)) service.runner?.localWrite();
  };
  const begin = () => {
    service.retry = null;
    restartRunner(ctx).then(
      () => (service.blocked = null),
      (error: unknown) => {
        if (services.get(ctx) !== service) return;
        const message = (error as Error).message;
        if (service.blocked !== message) logError('firebreak: the hub connection did not start:', message);
        service.blocked = message;
        // A vault unlocked later lets it start: tried again at the poll interval, never holding the process open.
        service.retry = setTimeout(begin, service.timing.pollMs);
        service.retry.unref();
      },
    );
  };
  begin();
  return async () => {
    if (service.retry) clearTimeout(service.retry);
    await stopRunner(ctx);
    services.delete(ctx);
    ctx.emit = emit;
  };
}
