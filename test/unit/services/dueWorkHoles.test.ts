import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../src-main/contract';
import { checkDue, dispatchOk } from '../../support/serviceContext';
import { createServiceContext, type ServiceContext } from '../../../src-main/services/context';
import { raiseDueEscalations } from '../../../src-main/services/escalations/escalations';
import { findResourcesDir } from '../../../src-main/services/resources';
import { rebuildProjection } from '../../../src-main/services/sync/projection';
import { actorKeyOf, hashEvent, signHash, type EventV2 } from '../../../src-main/domain/sync/eventV2';
import { headsOf, listDagRows, receiveEvent, setSyncIdentity } from '../../../src-main/store/dagStore';
import { writeTransaction } from '../../../src-main/store/transaction';

const start = Date.parse('2026-11-23T14:15:02.000Z');
const minutes = (n: number) => n * 60_000;
let now = start;
const dirs: string[] = [];
const contexts: ServiceContext[] = [];
let dataDir = '';

/** A copy of the shipped resources with escalation.yaml edited, as a user edits the matrix. */
function resourcesWith(edit: (yaml: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-resources-'));
  dirs.push(dir);
  fs.cpSync(findResourcesDir(), dir, { recursive: true });
  const file = path.join(dir, 'escalation.yaml');
  const before = fs.readFileSync(file, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  fs.writeFileSync(file, after);
  return dir;
}
/** A process on the shared data dir (the console, or a CLI run), with the shared test clock. */
function open(resourcesDir?: string): ServiceContext {
  const ctx = createServiceContext({ dataDir, transport: 'cli', clock: () => new Date(now), ...(resourcesDir ? { resourcesDir } : {}) });
  contexts.push(ctx);
  return ctx;
}
const call = dispatchOk;
const check = checkDue;

beforeEach(() => {
  now = start;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-unit-'));
  dirs.push(dataDir);
});
afterEach(() => {
  for (const ctx of contexts.splice(0)) ctx.db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('due-time index holes', () => {
  it('raises the next-update reminder a merged message set, when the merge leaves the incident row as it was', () => {
    // A matrix whose P2 steps start at 30 minutes: until then the incident has no reminders rows.
    const ctx = open(resourcesWith((yaml) => yaml.replace('  - rank: 2\n    steps:\n      - after: 0m\n', '  - rank: 2\n    steps:\n      - after: 30m\n')));
    const own = generateKeyPairSync('ed25519').privateKey;
    const other = generateKeyPairSync('ed25519').privateKey;
    setSyncIdentity(ctx.db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
    const id = call<Incident>(ctx, 'incident.declare', { title: 'Payments API down', severity: 'P2', commander: 'ana' }).id;
    call(ctx, 'incident.addMember', { id, actorKey: actorKeyOf(other), name: 'ben' });
    expect(check(ctx)).toEqual({ breached: [], steps: [], updates: [] });
    const before = headsOf(ctx.db, id);
    // Meanwhile this laptop wrote twice, so the other laptop's message sorts before its latest event.
    now += minutes(1);
    call(ctx, 'incident.setCommander', { id, commander: 'carla' });
    now += minutes(1);
    call(ctx, 'incident.setCommander', { id, commander: 'dan' });
    expect(check(ctx)).toEqual({ breached: [], steps: [], updates: [] });
    // The other laptop sent a status update 1 minute in, the next one due 10 minutes later.
    const lamport = 1 + Math.max(...listDagRows(ctx.db, id).filter((row) => before.includes(row.hash)).map((row) => row.lamport));
    const event: EventV2 = {
      v: 2, id: randomUUID(), incident: id, actor: 'ben', actor_key: actorKeyOf(other), actor_seq: 1, actor_prev: null, parents: before, lamport,
      time: '2026-11-23T14:16:02.000Z', type: 'comms.sent',
      payload: { templateId: 'status-update', title: 'Status update', subject: '', channel: '#inc', body: 'On it.', nextUpdateAt: '2026-11-23T14:26:02.000Z' },
    };
    const hash = hashEvent(event);
    expect(receiveEvent(ctx.db, { hash, sig: signHash(hash, other), event }, { receivedAt: '2026-11-23T14:18:00.000Z', ensureIncident: () => undefined }).status).toBe('inserted');
    writeTransaction(ctx.db, () => rebuildProjection(ctx.db, id));
    now = start + minutes(12);
    // The code before the index read the latest message of every open incident and raised it here.
    expect(check(ctx).updates).toEqual(['next-update']);
  });

  it('raises a step when another process on the same data dir runs with a different escalation matrix', () => {
    // The console started with the shipped matrix; the matrix file was then edited (P1's 1h step moved
    // to 2h) and a CLI run reads the edited one.
    const console_ = open();
    const cli = open(resourcesWith((yaml) => yaml.replace('        notify: Security Team\n        roles: [security]\n      - after: 1h\n', '        notify: Security Team\n        roles: [security]\n      - after: 2h\n')));
    const id = call<Incident>(console_, 'incident.declare', { title: 'Credential stuffing', severity: 'P1' }).id;
    expect(check(console_).steps).toEqual(['r1-0m']);
    // Acknowledged in time: no breach to recompute the incident at 60 minutes.
    call(console_, 'incident.acknowledge', { id });
    now += minutes(10);
    expect(check(cli).steps).toEqual([]);
    now = start + minutes(61);
    // The console's matrix says r1-60m is due now, as it did before the index.
    expect(check(console_).steps).toEqual(['r1-60m']);
    now = start + minutes(121);
    // And the CLI's matrix says r1-120m is due now.
    expect(check(cli).steps).toEqual(['r1-120m']);
    expect(id).toMatch(/^INC-/);
  });

  it('raises the next update set by a message sent in the same millisecond as the previous write', () => {
    const ctx = open();
    const id = call<Incident>(ctx, 'incident.declare', { title: 'Credential stuffing', severity: 'P0' }).id;
    now += 1;
    call(ctx, 'incident.acknowledge', { id });
    // A check runs between two writes stamped with the same time (a fast script, a coarse clock).
    check(ctx);
    call(ctx, 'comms.markSent', { incidentId: id, templateId: 'status-update', body: 'We are on it.', channel: '#inc' });
    now += minutes(31);
    expect(check(ctx).updates).toEqual(['next-update']);
  });

  it('keeps raising other incidents\' steps and updates when one incident holds a deadline no date can hold', () => {
    const ctx = open();
    const own = generateKeyPairSync('ed25519').privateKey;
    const other = generateKeyPairSync('ed25519').privateKey;
    setSyncIdentity(ctx.db, { actorKey: actorKeyOf(own), privateKey: own, newId: randomUUID });
    const odd = call<Incident>(ctx, 'incident.declare', { title: 'Shared with the hub', severity: 'P3' }).id;
    call(ctx, 'incident.addMember', { id: odd, actorKey: actorKeyOf(other), name: 'ben' });
    const id = call<Incident>(ctx, 'incident.declare', { title: 'Credential stuffing', severity: 'P1' }).id;
    // Another laptop's (newer or broken) client set a response time of millions of years.
    const parents = headsOf(ctx.db, odd);
    const lamport = 1 + Math.max(...listDagRows(ctx.db, odd).map((row) => row.lamport));
    const event = { v: 2, id: randomUUID(), incident: odd, actor: 'ben', actor_key: actorKeyOf(other), actor_seq: 1, actor_prev: null, parents, lamport, time: '2026-11-23T14:16:02.000Z', type: 'incident.severityChanged', payload: { from: 'P3', to: 'P2', responseMinutes: 1e15, reason: '' } } as EventV2;
    const hash = hashEvent(event);
    expect(receiveEvent(ctx.db, { hash, sig: signHash(hash, other), event }, { receivedAt: '2026-11-23T14:18:00.000Z', ensureIncident: () => undefined }).status).toBe('inserted');
    writeTransaction(ctx.db, () => rebuildProjection(ctx.db, odd));
    now += minutes(61);
    // Before the index only the breach check tripped over it; the other incident's steps still came due.
    expect(raiseDueEscalations(ctx).filter((r) => r.incidentId === id).map((r) => r.key)).toEqual(['r1-0m', 'r1-60m']);
  });
});
