import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentDetail, PushedEvent, Reminder } from '../../../src-main/contract';
import { raiseDueUpdates } from '../../../src-main/services/comms/sent';
import { createServiceContext, type ServiceContext } from '../../../src-main/services/context';
import { raiseDueEscalations } from '../../../src-main/services/escalations/escalations';
import { findResourcesDir } from '../../../src-main/services/resources';
import { recordSlaBreaches } from '../../../src-main/services/escalations/slaWatcher';
import { openDatabase } from '../../../src-main/store/database';
import { findIncident, insertIncident } from '../../../src-main/store/incidentRepo';
import { migrations } from '../../../src-main/store/migrations';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const minutes = (n: number) => n * 60_000;
const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const declare = (severity: string, title = 'Credential stuffing') => call<Incident>('incident.declare', { title, severity }).id;
/** One background check, as the console runs it every 5 s. */
const check = (ctx: ServiceContext = t.ctx) => ({ breached: recordSlaBreaches(ctx), steps: raiseDueEscalations(ctx).map((r) => r.key), updates: raiseDueUpdates(ctx).map((r) => r.key) });
/** What the incident's timeline says was raised, in order: the record a responder reads. */
const raisedOnTimeline = (id: string) =>
  call<IncidentDetail>('incident.get', { id }).timeline.flatMap((entry) => {
    if (entry.type === 'escalation.due') return [String(entry.payload.key)];
    if (entry.type === 'sla.breached') return [`breach ${String(entry.payload.dueAt)}`];
    return [];
  });

describe('the due-time index', () => {
  it('raises each step and the breach exactly once when the clock jumps past several at once, however often checks run', () => {
    const id = declare('P1');
    expect(check()).toEqual({ breached: [], steps: ['r1-0m'], updates: [] });
    t.advance(minutes(5 * 60));
    expect(check()).toEqual({ breached: [id], steps: ['r1-60m', 'r1-240m'], updates: [] });
    for (let i = 0; i < 5; i += 1) expect(check()).toEqual({ breached: [], steps: [], updates: [] });
    t.advance(minutes(24 * 60));
    expect(check().steps).toEqual(['r1-1440m']);
    expect(check().steps).toEqual([]);
    expect(raisedOnTimeline(id)).toEqual(['r1-0m', 'breach 2026-11-23T15:15:02.000Z', 'r1-60m', 'r1-240m', 'r1-1440m']);
    expect(t.events.filter((event) => event.type === 'escalation.due')).toHaveLength(4);
    expect(t.events.filter((event) => event.type === 'sla.breached')).toHaveLength(1);
  });

  it('raises each once when two service contexts check the same data dir in turn', () => {
    const id = declare('P1');
    let now = Date.parse('2026-11-23T14:15:02.000Z');
    const otherEvents: PushedEvent[] = [];
    // A second process (a CLI `reminders list`) on the same database, with its own connection.
    const other = createServiceContext({ dataDir: t.dataDir, transport: 'cli', clock: () => new Date(now), emit: (event) => otherEvents.push(event) });
    try {
      const both = () => [...check(other).steps, ...check().steps];
      expect(both()).toEqual(['r1-0m']);
      now += minutes(61);
      t.advance(minutes(61));
      expect(both()).toEqual(['r1-60m']);
      now += minutes(24 * 60);
      t.advance(minutes(24 * 60));
      expect([...check().steps, ...check(other).steps, ...check().steps]).toEqual(['r1-240m', 'r1-1440m']);
      expect(raisedOnTimeline(id)).toEqual(['r1-0m', 'breach 2026-11-23T15:15:02.000Z', 'r1-60m', 'r1-240m', 'r1-1440m']);
      // Each process said so for what it raised itself, and only for that.
      expect([...otherEvents, ...t.events].filter((event) => event.type === 'escalation.due')).toHaveLength(4);
    } finally {
      other.db.close();
    }
  });

  it('re-arms after a severity change: the new level\'s steps and the new deadline come due once', () => {
    const id = declare('P3');
    expect(check().steps).toEqual(['r3-0m']);
    t.advance(minutes(30));
    expect(check()).toEqual({ breached: [], steps: [], updates: [] });
    call('incident.setSeverity', { id, severity: 'P1' });
    // P1 answers within 60 minutes of the declaration: 30 minutes left, and its first step is due now.
    expect(check()).toEqual({ breached: [], steps: ['r1-0m'], updates: [] });
    t.advance(minutes(31));
    expect(check()).toEqual({ breached: [id], steps: ['r1-60m'], updates: [] });
    expect(check()).toEqual({ breached: [], steps: [], updates: [] });
    expect(raisedOnTimeline(id)).toEqual(['r3-0m', 'r1-0m', 'breach 2026-11-23T15:15:02.000Z', 'r1-60m']);
  });

  it('raises nothing while Closed, and once reopened raises what came due meanwhile, once', () => {
    const id = declare('P1');
    check();
    call('incident.setStatus', { id, status: 'Closed' });
    t.advance(minutes(5 * 60));
    expect(check()).toEqual({ breached: [], steps: [], updates: [] });
    expect(call<{ reminders: Reminder[] }>('reminders.list', {}).reminders).toEqual([]);
    call('incident.setStatus', { id, status: 'Active', reason: 'the attacker is back' });
    expect(check()).toEqual({ breached: [id], steps: ['r1-60m', 'r1-240m'], updates: [] });
    expect(check()).toEqual({ breached: [], steps: [], updates: [] });
    // The reminder raised before it was closed is pending again, not raised a second time.
    expect(call<{ reminders: Reminder[] }>('reminders.list', {}).reminders.map((r) => r.key)).toEqual(['r1-0m', 'r1-60m', 'r1-240m']);
    expect(raisedOnTimeline(id)).toEqual(['r1-0m', 'breach 2026-11-23T15:15:02.000Z', 'r1-60m', 'r1-240m']);
  });

  it('stops the breach once acknowledged, and raises each next-update reminder once per message', () => {
    const id = declare('P0');
    check();
    call('incident.acknowledge', { id });
    call('comms.markSent', { incidentId: id, templateId: 'status-update', body: 'We are on it.', channel: '#inc' });
    t.advance(minutes(31));
    expect(check()).toEqual({ breached: [], steps: [], updates: ['next-update'] });
    expect(check().updates).toEqual([]);
    call('comms.markSent', { incidentId: id, templateId: 'status-update', body: 'Still on it.', channel: '#inc' });
    t.advance(minutes(31));
    expect(check().updates).toEqual(['next-update']);
    expect(check().updates).toEqual([]);
    expect(raisedOnTimeline(id).filter((key) => key === 'next-update')).toHaveLength(2);
  });

  it('picks up an incident written straight to the table, as a team sync or bundle import projects one', () => {
    const id = declare('P2');
    check();
    const arrived = { ...findIncident(t.ctx.db, id)!, id: 'INC-20261123-000001', title: 'From the hub' };
    insertIncident(t.ctx.db, arrived);
    t.advance(minutes(61));
    // In the order the incidents arrived here: the declared one's next step, then all the newcomer's.
    expect(check().steps).toEqual(['r2-60m', 'r2-0m', 'r2-60m']);
    expect(call<{ reminders: Reminder[] }>('reminders.list', { id: arrived.id }).reminders.map((r) => r.key)).toEqual(['r2-0m', 'r2-60m']);
  });

  it('covers a database from before the index: its open incidents come due once after the upgrade, its closed ones never', () => {
    const id = declare('P1');
    const closed = declare('P1', 'Long over');
    const states = [findIncident(t.ctx.db, id)!, { ...findIncident(t.ctx.db, closed)!, status: 'Closed' as const }];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-v10-'));
    try {
      const old = openDatabase(dataDir, { migrations: migrations.filter((migration) => migration.version < 11) });
      for (const state of states) insertIncident(old, state);
      old.close();
      let now = Date.parse('2026-11-23T14:15:02.000Z') + minutes(61);
      const upgraded = createServiceContext({ dataDir, transport: 'cli', clock: () => new Date(now) });
      try {
        expect(check(upgraded)).toEqual({ breached: [id], steps: ['r1-0m', 'r1-60m'], updates: [] });
        expect(check(upgraded)).toEqual({ breached: [], steps: [], updates: [] });
        now += minutes(24 * 60);
        expect(check(upgraded).steps).toEqual(['r1-240m', 'r1-1440m']);
      } finally {
        upgraded.db.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is rebuilt when the escalation matrix changes: a new step comes due once, the raised ones are not raised again', () => {
    const id = declare('P1');
    t.advance(minutes(45));
    expect(check().steps).toEqual(['r1-0m']);
    // The matrix edited between two starts: a step added at 30 minutes for P1.
    const resourcesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-resources-'));
    fs.cpSync(findResourcesDir(), resourcesDir, { recursive: true });
    const file = path.join(resourcesDir, 'escalation.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('        notify: Security Team\n        roles: [security]\n', '        notify: Security Team\n        roles: [security]\n      - after: 30m\n        notify: Incident manager\n        roles: [manager]\n'));
    const restarted = createServiceContext({ dataDir: t.dataDir, transport: 'http', resourcesDir, clock: () => t.ctx.clock() });
    try {
      expect(restarted.escalation.levels[1]!.map((step) => step.key)).toContain('r1-30m');
      expect(check(restarted).steps).toEqual(['r1-30m']);
      expect(check(restarted).steps).toEqual([]);
      expect(raisedOnTimeline(id)).toEqual(['r1-0m', 'r1-30m']);
    } finally {
      restarted.db.close();
      fs.rmSync(resourcesDir, { recursive: true, force: true });
    }
  });
});
