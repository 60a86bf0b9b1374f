import fs from 'node:fs';
import { AppError, type HubStatus, type ParsedInput, type SyncResult } from '../../contract';
import { syncIdentityOf } from '../../store/dagStore';
import type { ServiceContext } from '../context';
import { loadDeviceKey } from '../vault/vaultKeys';
import { passwordInHubUrl, redactHubUrl, roleOfHubUrl, type HubConnectionConfig } from './hubConnection';
import { exchangeWithHub, outboxCount, pullCursor, refuseDrillShare, waitingCount, type ExchangeOutcome } from './hubExchange';
import { notJoinedStatus } from './hubRunner';
import { hubSchemaVersion } from './hubSchema';
import { hubServiceOf, restartRunner, runnerOf, stopRunner } from './hubService';
import { forgetHubPassword, forgetHubSettings, joinedHubConfig, readHubSettings, saveHubSettings, storeHubPassword, type HubSettings } from './hubSettings';
import { PostgresHub } from './postgresHub';

export { incidentPresence } from './hubPresence';

const maxCaBytes = 256 * 1024;

/** Runs `work` with a hub connection of its own, closed afterwards (a CLI run, a join). */
async function withHub<T>(config: HubConnectionConfig, work: (hub: PostgresHub) => Promise<T>): Promise<T> {
  const hub = new PostgresHub(config);
  try {
    return await work(hub);
  } finally {
    await hub.close();
  }
}

function readCa(file: string): string {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > maxCaBytes) throw new AppError('invalid-input', `${file} is not a CA certificate file (a PEM file of at most 256 KiB)`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('not-found', `cannot read the CA certificate ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new AppError('invalid-input', `${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return text;
}

/** The status from one look at the hub, for a process that keeps no runner (the CLI). */
async function probeStatus(ctx: ServiceContext, settings: HubSettings, config: HubConnectionConfig): Promise<HubStatus> {
  const base: HubStatus = { ...notJoinedStatus, state: 'connecting', url: settings.url, role: settings.role, tls: settings.ca !== null, toPush: outboxCount(ctx, settings.url), waiting: waitingCount(ctx) };
  try {
    const behind = await withHub({ ...config, connectTimeoutMs: 5_000 }, async (hub) => {
      await hub.describe();
      return hub.countAfter(pullCursor(ctx, settings.url));
    });
    return { ...base, state: 'connected', behind, lastContactAt: ctx.clock().toISOString() };
  } catch (error) {
    return { ...base, state: 'offline', offlineSince: ctx.clock().toISOString(), lastError: (error as Error).message };
  }
}

export async function hubStatus(ctx: ServiceContext, _input: ParsedInput<'hub.status'>): Promise<HubStatus> {
  const runner = runnerOf(ctx);
  if (runner) return runner.current();
  const settings = readHubSettings(ctx);
  if (!settings) return notJoinedStatus;
  const service = hubServiceOf(ctx);
  if (service) {
    // The runner of this process is starting, or cannot start yet (and says why): it is not probed twice.
    const shown: HubStatus = { ...notJoinedStatus, state: 'connecting', url: settings.url, role: settings.role, tls: settings.ca !== null, toPush: outboxCount(ctx, settings.url), waiting: waitingCount(ctx) };
    return service.blocked ? { ...shown, state: 'offline', lastError: service.blocked } : shown;
  }
  const { config } = await joinedHubConfig(ctx);
  return probeStatus(ctx, settings, config);
}

/** This laptop's device key, made now if the vault can make it: the hub binds it to the role. */
async function deviceActorKey(ctx: ServiceContext): Promise<string> {
  const held = syncIdentityOf(ctx.db);
  if (held?.privateKey) return held.actorKey;
  try {
    return (await loadDeviceKey(ctx)).actorKey;
  } catch (error) {
    throw new AppError('conflict', `this laptop has no usable device key, which signs what it shares: unlock the vault (\`firebreak vault status\`, or the Vault screen) so it can make or read it, then join again (${(error as Error).message})`);
  }
}

/**
 * Joins a hub: checks its schema, binds this laptop's device key to the role, keeps the settings
 * (the URL without its password, the role, the CA) and the password in the vault, then runs a
 * first exchange. A password in the URL is moved to the vault.
 */
export async function hubJoin(ctx: ServiceContext, input: ParsedInput<'hub.join'>): Promise<HubStatus> {
  const url = redactHubUrl(input.url);
  const role = roleOfHubUrl(url);
  if (!role) throw new AppError('invalid-input', 'the hub URL names no role: write it as postgres://ROLE@HOST:PORT/DATABASE');
  const inUrl = passwordInHubUrl(input.url);
  const previous = readHubSettings(ctx);
  const kept = previous?.url === url ? (await joinedHubConfig(ctx).catch(() => null))?.config.password : undefined;
  const password = input.password ?? inUrl ?? kept;
  if (!password) throw new AppError('invalid-input', `no password for role ${role}: give it (firebreak hub join asks for it, or --password-stdin)`);
  const ca = input.caFile ? readCa(input.caFile) : (previous?.url === url ? previous.ca : null);
  const actorKey = await deviceActorKey(ctx);
  const config: HubConnectionConfig = { url, password, ca: ca ?? undefined };
  await withHub(config, async (hub) => {
    const described = await hub.describe();
    if (described.schemaVersion !== hubSchemaVersion)
      throw new AppError(
        'conflict',
        described.schemaVersion < hubSchemaVersion
          ? `the hub's Firebreak schema is version ${described.schemaVersion}, this console needs ${hubSchemaVersion}: run \`firebreak hub init --url …\` with an administrator role on the hub first`
          : `the hub's Firebreak schema is version ${described.schemaVersion}, newer than this console knows (${hubSchemaVersion}): update Firebreak on this laptop`,
      );
    await hub.registerDevice(actorKey);
  });
  await stopRunner(ctx);
  await storeHubPassword(ctx, password);
  saveHubSettings(ctx, { url, role, ca });
  const runner = await restartRunner(ctx);
  if (runner) {
    // The first exchange's failure shows in the status; the join itself stands.
    await runner.exchange().catch(() => undefined);
    return runner.current();
  }
  const settings = readHubSettings(ctx)!;
  try {
    const outcome = await withHub(config, (hub) => exchangeWithHub(ctx, hub, url));
    const status = await probeStatus(ctx, settings, config);
    return { ...status, lastError: status.lastError ?? unmergedMessage(outcome) };
  } catch (error) {
    return { ...(await probeStatus(ctx, settings, config)), lastError: (error as Error).message };
  }
}

/** Leaves the hub: the connection stops, the settings and the vault's password go; every incident and event stays here. */
export async function hubLeave(ctx: ServiceContext, _input: ParsedInput<'hub.leave'>): Promise<HubStatus> {
  await stopRunner(ctx);
  try {
    // The password first: a vault that cannot remove it now leaves everything as it was.
    await forgetHubPassword(ctx);
  } catch (error) {
    await restartRunner(ctx).catch(() => undefined);
    throw new AppError('conflict', `the hub's password could not be removed from the vault, so this laptop stays joined: ${(error as Error).message}`);
  }
  forgetHubSettings(ctx);
  ctx.emit({ type: 'hub.status', status: notJoinedStatus });
  return notJoinedStatus;
}

function unmergedMessage(outcome: ExchangeOutcome): string | null {
  return outcome.unmerged.length ? outcome.unmerged.map((entry) => `${entry.incidentId} keeps its pulled events but its view could not follow them: ${entry.reason}`).join('; ') : null;
}

/** One push and pull now (through the running connection when this process keeps one). */
export async function hubSync(ctx: ServiceContext, input: ParsedInput<'hub.sync'>): Promise<SyncResult> {
  refuseDrillShare(ctx, input.incidentId);
  const runner = runnerOf(ctx);
  if (runner) return runner.exchange({ incidentId: input.incidentId });
  const { settings, config } = await joinedHubConfig(ctx);
  return withHub(config, (hub) => exchangeWithHub(ctx, hub, settings.url, { incidentId: input.incidentId }));
}
