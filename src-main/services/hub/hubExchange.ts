import { AppError, type SyncResult } from '../../contract';
import type { SignedEvent } from '../../domain/sync/eventV2';
import { syncIdentityOf, type DagRow } from '../../store/dagStore';
import { isDrill } from '../../store/incidentRepo';
import { readSetting, writeSetting } from '../../store/settingsRepo';
import { writeTransaction } from '../../store/transaction';
import { logError } from '../log';
import type { ServiceContext } from '../context';
import { signedEventOfRow } from '../sync/eventSet';
import { rebuildProjection } from '../sync/projection';
import { SyncClient, defaultPushLimit } from '../sync/syncClient';
import { defaultPullLimit, type HubIdentity } from '../sync/transport';
import { loadDeviceKey } from '../vault/vaultKeys';
import type { SyncTransport } from '../sync/transport';

/** What one exchange reports besides the contract's counts: incidents whose view could not follow their events. */
export interface ExchangeOutcome extends SyncResult {
  /** Incidents whose rebuild failed (an unsupported merge): their events are kept, the view stays as it was. */
  unmerged: { incidentId: string; reason: string }[];
  /** The hub was another one, or had gone back in time: everything was pushed again and pulled from the start. */
  restarted?: boolean;
}

export interface ExchangeHooks {
  /** The exchange moved from pushing to pulling (the status indicator shows it). */
  phase?(phase: 'pushing' | 'pulling'): void;
  /** True once the process is shutting down: no database work starts after a network wait. */
  stopped?(): boolean;
}

const quiet = new WeakSet<ServiceContext>();

/** Whether the change events now emitted are the exchange's own (pulled events), not a local write to push. */
export function isQuiet(ctx: ServiceContext): boolean {
  return quiet.has(ctx);
}

/** A drill's events are never shared: the exercise stays on the laptop it was run on. */
const notDrill = "NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.incident_id AND i.kind = 'drill')";

/** AppError('invalid-input') when asked to share a drill incident. */
export function refuseDrillShare(ctx: ServiceContext, incidentId: string | undefined): void {
  if (incidentId !== undefined && isDrill(ctx.db, incidentId)) throw new AppError('invalid-input', `${incidentId} is a drill: drill incidents stay on this laptop and are never shared with the hub`);
}

/** Events written here that the hub has not acknowledged (v1 rows and drills never travel). */
export function outboxCount(ctx: ServiceContext, hubName: string): number {
  const client = new SyncClient(ctx.db, hubName, () => ctx.clock().toISOString(), () => syncIdentityOf(ctx.db));
  const { pushed_through: from } = client.state();
  return ctx.db
    .prepare<[number, string], number>(`SELECT count(*) FROM events e WHERE e.id > ? AND e.format_version = 2 AND NOT EXISTS (SELECT 1 FROM sync_held_by_hub h WHERE h.hub = ? AND h.hash = e.hash) AND ${notDrill}`)
    .pluck()
    .get(from, hubName)!;
}

/** Received events waiting here for their parents. */
export function waitingCount(ctx: ServiceContext): number {
  return ctx.db.prepare<[], number>('SELECT count(*) FROM pending_events').pluck().get()!;
}

/** The pull cursor this laptop holds for a hub. */
export function pullCursor(ctx: ServiceContext, hubName: string): number {
  return new SyncClient(ctx.db, hubName, () => '', () => null).state().pull_cursor;
}

/**
 * Signs what was written while the device key was not in this process (the CLI, a locked vault):
 * an unsigned event stops the outbox. A vault that cannot give the key now leaves them for later.
 */
async function signPending(ctx: ServiceContext): Promise<void> {
  if (syncIdentityOf(ctx.db)?.privateKey) return;
  const unsigned = ctx.db.prepare('SELECT 1 FROM events WHERE format_version = 2 AND sig IS NULL LIMIT 1').get();
  if (!unsigned && syncIdentityOf(ctx.db)) return;
  await loadDeviceKey(ctx).catch(() => undefined);
}

function checkStopped(hooks: ExchangeHooks): void {
  if (hooks.stopped?.()) throw new AppError('cancelled', 'the console is closing: the exchange with the hub stopped; nothing was lost');
}

/** Pushes one incident's events only: each acknowledged one is marked held, and the outbox's mark stays where it was. */
async function pushIncident(ctx: ServiceContext, hub: SyncTransport, hubName: string, incidentId: string, result: ExchangeOutcome, hooks: ExchangeHooks): Promise<void> {
  const client = new SyncClient(ctx.db, hubName, () => ctx.clock().toISOString(), () => syncIdentityOf(ctx.db));
  const rows = ctx.db
    .prepare<[string, number, string], DagRow>(
      `SELECT e.* FROM events e WHERE e.incident_id = ? AND e.id > ? AND e.format_version = 2 AND e.sig IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM sync_held_by_hub h WHERE h.hub = ? AND h.hash = e.hash) ORDER BY e.id`,
    )
    .all(incidentId, client.state().pushed_through, hubName);
  const events = rows.map(signedEventOfRow).filter((signed): signed is SignedEvent => signed !== null);
  for (let at = 0; at < events.length; at += defaultPushLimit) {
    const batch = events.slice(at, at + defaultPushLimit);
    const reply = await hub.push(batch);
    checkStopped(hooks);
    writeTransaction(ctx.db, () => {
      const held = ctx.db.prepare('INSERT OR IGNORE INTO sync_held_by_hub (hub, hash) VALUES (?, ?)');
      for (const hash of reply.acknowledged) held.run(hubName, hash);
    });
    result.pushed += reply.acknowledged.length;
    result.refused.push(...reply.refused);
  }
}

/**
 * The whole outbox, oldest first, a batch at a time. While every event is taken the outbox's mark
 * moves; after an event the hub refuses (an incident this role may not write, say) the mark stays
 * before it and what the hub takes later is marked held one by one, so one refusal never holds back
 * the rest. An unsigned event (the vault was locked when it was written) stops the push until signed.
 */
async function pushAll(ctx: ServiceContext, hub: SyncTransport, client: SyncClient, hubName: string, result: ExchangeOutcome, hooks: ExchangeHooks): Promise<void> {
  let after = client.state().pushed_through;
  let clean = true;
  const read = ctx.db.prepare<[string, number, number], DagRow & { held: number; shared: number }>(
    `SELECT e.*, EXISTS (SELECT 1 FROM sync_held_by_hub h WHERE h.hub = ? AND h.hash = e.hash) AS held, ${notDrill} AS shared
     FROM events e WHERE e.id > ? ORDER BY e.id LIMIT ?`,
  );
  for (;;) {
    const rows = read.all(hubName, after, defaultPushLimit);
    const events: SignedEvent[] = [];
    let through = after;
    let unsigned = false;
    for (const row of rows) {
      // Passed over for good (the mark moves past it): a drill's event, unsigned or not, never holds the outbox back.
      if (!row.shared) {
        through = row.id;
        continue;
      }
      if (row.format_version === 2 && row.sig === null) {
        unsigned = true;
        break;
      }
      through = row.id;
      if (row.held) continue;
      const signed = signedEventOfRow(row);
      if (signed) events.push(signed);
    }
    if (through === after) return;
    const reply = events.length > 0 ? await hub.push(events) : { acknowledged: [], refused: [] };
    checkStopped(hooks);
    const taken = new Set(reply.acknowledged);
    clean = clean && events.every((signed) => taken.has(signed.hash));
    if (clean) client.acknowledge({ events, through }, reply);
    else {
      writeTransaction(ctx.db, () => {
        const held = ctx.db.prepare('INSERT OR IGNORE INTO sync_held_by_hub (hub, hash) VALUES (?, ?)');
        for (const hash of reply.acknowledged) held.run(hubName, hash);
      });
    }
    result.pushed += events.filter((signed) => taken.has(signed.hash)).length;
    result.refused.push(...reply.refused);
    after = through;
    if (unsigned) return;
  }
}

/** A refusal of an event whose incident began before this laptop had a device key says so: no hub carries unsigned first events. */
function explainRefusals(ctx: ServiceContext, refused: ExchangeOutcome['refused']): void {
  const incidentOf = ctx.db.prepare<[string], string>('SELECT incident_id FROM events WHERE hash = ?').pluck();
  const unsignedStart = ctx.db.prepare<[string], number>('SELECT count(*) FROM events WHERE incident_id = ? AND format_version = 1').pluck();
  for (const entry of refused) {
    const incident = incidentOf.get(entry.hash);
    if (incident && unsignedStart.get(incident)! > 0)
      entry.reason = `${incident} began before this laptop had its device key: its first events are unsigned, and a hub carries only signed ones. Share it by bundle (firebreak incident export, then import on the other laptop) instead`;
  }
}

/**
 * A hub at this address that is not the one this laptop synced with (rebuilt: another id), or one
 * that went back in time (restored from a backup: its last cursor number is behind this laptop's
 * cursor): what this laptop believes the hub holds is wrong, so it pushes everything again and
 * pulls from the start. Both are idempotent; nothing is lost either way. Returns whether it did.
 */
function startOverIfAnotherHub(ctx: ServiceContext, hubName: string, identity: HubIdentity, cursor: number): boolean {
  const key = `hub.identity ${hubName}`;
  const known = readSetting(ctx.db, key);
  const anotherHub = identity.hubId !== null && known !== undefined && known !== identity.hubId;
  const wentBack = identity.head < cursor;
  if (anotherHub || wentBack) {
    writeTransaction(ctx.db, () => {
      ctx.db.prepare('DELETE FROM sync_state WHERE hub = ?').run(hubName);
      ctx.db.prepare('DELETE FROM sync_held_by_hub WHERE hub = ?').run(hubName);
    });
    logError(`Hub ${hubName}: ${anotherHub ? 'it is another hub than the one this laptop synced with (rebuilt at the same address)' : 'it is behind what this laptop pulled (restored from a backup)'}; pushing every event again and pulling from the start`);
  }
  if (identity.hubId !== null && identity.hubId !== known) writeSetting(ctx.db, key, identity.hubId);
  return anotherHub || wentBack;
}

/**
 * One exchange with the hub: push (the whole outbox, or one incident's events), then pull until
 * caught up. Each pulled page is applied, the cursor moved, and every incident that got events has
 * its current-state rows rebuilt from its events, in one transaction; an incident whose rebuild
 * fails keeps its events and is named, and never holds the cursor back.
 */
export async function exchangeWithHub(ctx: ServiceContext, hub: SyncTransport, hubName: string, options: { incidentId?: string } = {}, hooks: ExchangeHooks = {}): Promise<ExchangeOutcome> {
  const result: ExchangeOutcome = { pushed: 0, pulled: 0, pending: 0, waiting: 0, refused: [], incidents: [], unmerged: [] };
  await signPending(ctx);
  refuseDrillShare(ctx, options.incidentId);
  checkStopped(hooks);
  const client = new SyncClient(ctx.db, hubName, () => ctx.clock().toISOString(), () => syncIdentityOf(ctx.db));
  hooks.phase?.('pushing');
  if (hub.identity) result.restarted = startOverIfAnotherHub(ctx, hubName, await hub.identity(), client.state().pull_cursor);
  checkStopped(hooks);
  if (options.incidentId) await pushIncident(ctx, hub, hubName, options.incidentId, result, hooks);
  else await pushAll(ctx, hub, client, hubName, result, hooks);
  explainRefusals(ctx, result.refused);
  hooks.phase?.('pulling');
  const changed = new Set<string>();
  for (;;) {
    const from = client.state().pull_cursor;
    const page = await hub.pull(from, defaultPullLimit);
    checkStopped(hooks);
    if (page.events.length === 0) break;
    let pageDuplicates = 0;
    writeTransaction(ctx.db, () => {
      const outcome = client.applyPulled(from, page);
      // This laptop's own events come back from the hub too: only what was new here counts as pulled.
      pageDuplicates = outcome.duplicates;
      result.refused.push(...outcome.refused);
      const touched = new Set<string>();
      const incidentOf = ctx.db.prepare<[string], string>('SELECT incident_id FROM events WHERE hash = ?').pluck();
      for (const hash of outcome.applied) {
        const incident = incidentOf.get(hash);
        if (incident) touched.add(incident);
      }
      for (const incidentId of [...touched].sort()) {
        try {
          // Its own savepoint: a merge the projection cannot do yet leaves that incident's rows as they were.
          writeTransaction(ctx.db, () => rebuildProjection(ctx.db, incidentId));
          changed.add(incidentId);
          result.unmerged = result.unmerged.filter((entry) => entry.incidentId !== incidentId);
        } catch (error) {
          result.unmerged.push({ incidentId, reason: (error as Error).message });
        }
      }
    });
    result.pulled += page.events.length - pageDuplicates;
    // A page that does not move the cursor would come back forever: the next exchange asks again.
    if (page.cursor <= from) break;
  }
  quiet.add(ctx);
  try {
    for (const incidentId of changed) ctx.emit({ type: 'incident.changed', incidentId });
    // A new incident pulled belongs in the dashboard's list.
    if (changed.size > 0) ctx.emit({ type: 'data.changed' });
  } finally {
    quiet.delete(ctx);
  }
  result.incidents = [...changed].sort();
  result.pending = outboxCount(ctx, hubName);
  result.waiting = waitingCount(ctx);
  return result;
}
