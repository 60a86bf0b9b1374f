import { describe, expect, it } from 'vitest';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { SyncClient } from '../../src-main/services/sync/syncClient';
import { appendV2 } from '../../src-main/store/dagStore';
import { insertIncidentRow, signedEvents, timeAt } from '../support/dagReplica';
import { appendNotes, freshHubDatabase, hubRole, teamIncident } from '../support/hubFixtures';
import { clusterForThisFile } from '../support/clusterForThisFile';
import type { PostgresCluster } from '../support/postgresCluster';

let cluster: PostgresCluster;
clusterForThisFile((started) => (cluster = started));

describe('a responder admitted to an incident after their laptop has synced', () => {
  it('receives the incident\'s earlier events too', async () => {
    const team = teamIncident(2131, ['alice']);
    const alice = team.devices[0]!;
    const adminUrl = await freshHubDatabase(cluster, 'late');
    const aliceHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late', 'lt_alice', alice.identity.actorKey) });
    expect((await aliceHub.push(appendNotes(alice, team.incidentId, 5))).refused).toEqual([]);
    // Carol works on her own incident and syncs: her cursor passes alice's events, which she may not read.
    const own = teamIncident(2132, ['carol']);
    const carol = own.devices[0]!;
    const carolHub = new PostgresHub({ url: await hubRole(adminUrl, cluster, 'late', 'lt_carol', carol.identity.actorKey) });
    // The fixture's declaration is a sketch: the incident row stands in for the one a full declaration makes.
    insertIncidentRow(carol.db, team.incidentId);
    const laptop = new SyncClient(carol.db, 'hub', () => '2026-11-30T18:10:00.000Z', () => carol.identity);
    await laptop.sync(carolHub);
    expect(laptop.state().pull_cursor).toBeGreaterThan(6);
    // More of alice's events carol may not read yet, and more of carol's own, before the admission.
    expect((await aliceHub.push(appendNotes(alice, team.incidentId, 5, 20).slice(-5))).refused).toEqual([]);
    appendNotes(carol, own.incidentId, 3, 20);
    await laptop.sync(carolHub);
    // Alice admits carol's device.
    appendV2(alice.db, alice.identity, { incidentId: team.incidentId, type: 'member.added', at: timeAt(50), actor: 'alice', deviceId: 'alice', payload: { actorKey: carol.identity.actorKey, name: 'carol' } });
    expect((await aliceHub.push(signedEvents(alice.db, team.incidentId).slice(-1))).refused).toEqual([]);
    // Small pages: the earlier events come as one group, never split by the page limit.
    const result = await laptop.sync(carolHub, { pull: 2 });
    expect(result.refused).toEqual([]);
    const held = carol.db.prepare<[string], number>('SELECT count(*) FROM events WHERE incident_id = ?').pluck().get(team.incidentId);
    expect(held).toBe(signedEvents(alice.db, team.incidentId).length);
    await aliceHub.close();
    await carolHub.close();
  });
});
