import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-main/domain/incidents/eventChain';
import { ensureIncidentRow } from '../../../src-main/services/sync/eventSet';
import { openDatabase } from '../../../src-main/store/database';
import { receiveEvent } from '../../../src-main/store/dagStore';
import { migrations } from '../../../src-main/store/migrations';
import { Responder } from '../../sim/responder';
import { Rng, ed25519FromSeed } from '../../sim/rng';

const incidentId = 'INC-20261123-080000';
const at = '2026-11-23T08:00:00.000Z';
const dirs: string[] = [];
const opened: { close(): void }[] = [];

afterEach(() => {
  for (const item of opened.splice(0)) item.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function responder(index: number): Responder {
  const rng = new Rng(7 + index);
  const r = new Responder(index, ['alice', 'bob'][index]!, ed25519FromSeed(rng.bytes(32)), rng, null, () => at);
  opened.push(r);
  return r;
}

describe('events received before their parents', () => {
  it('a long offline chain delivered newest first is applied whole once its first event arrives', () => {
    const alice = responder(0);
    const bob = responder(1);
    alice.declare(incidentId, at);
    for (let i = 0; i < 1500; i++) alice.append(incidentId, 'note', at, ['alice', 'bob']);
    const chain = alice.exportSet(incidentId).reverse();
    const outcome = bob.importSet(chain, at);
    expect(outcome.refused).toEqual([]);
    expect(outcome.pending).toBe(chain.length - 1);
    expect(outcome.applied).toHaveLength(chain.length);
    expect(bob.pendingCount()).toBe(0);
    expect(bob.hashes()).toEqual(alice.hashes());
    expect(bob.verify(incidentId).verdict).toBe('ok');
  });

  it('events left waiting by an older version are released after the upgrade', () => {
    const alice = responder(0);
    const [genesis, snapshot] = alice.declare(incidentId, at);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-waits-'));
    dirs.push(dir);
    const old = openDatabase(dir, { migrations: migrations.filter((migration) => migration.version <= 9) });
    old.prepare('INSERT INTO pending_events (hash, incident_id, body, sig, missing, received_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      snapshot!.hash,
      incidentId,
      canonicalJson(snapshot!.event),
      snapshot!.sig,
      JSON.stringify([genesis!.hash]),
      at,
    );
    old.close();
    const db = openDatabase(dir);
    opened.push(db);
    const outcome = receiveEvent(db, genesis!, { receivedAt: at, ensureIncident: (event) => ensureIncidentRow(db, event) });
    expect(outcome).toEqual({ status: 'inserted', applied: [genesis!.hash, snapshot!.hash] });
    expect(db.prepare('SELECT count(*) AS n FROM pending_events').get()).toEqual({ n: 0 });
  });
});
