import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionItem, DrillList, DrillReport, DrillRun, IncidentDetail } from '../../src-main/contract';
import { dispatch, dispatchAsync } from '../../src-main/services/dispatch';
import { startDrill } from '../support/drillScript';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

/** Hostile scenario files in the data dir, the drill's leaks into real lists, and where its report lands. */

const shipped = fs.readFileSync(path.join(__dirname, '../../resources/drills/leaked-api-key.yaml'), 'utf8');

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

/** A data-dir copy of a shipped scenario under another id, with its title replaced. */
function writeScenario(id: string, title: string): void {
  const dir = path.join(t.dataDir, 'drills');
  fs.mkdirSync(dir, { recursive: true });
  const text = shipped.replace(/^id: .*$/m, `id: ${id}`).replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`);
  expect(text).toContain(`id: ${id}`);
  fs.writeFileSync(path.join(dir, `${id}.yaml`), text);
}

describe('hostile scenario files', () => {
  it('refuses a scenario title with terminal escapes or control characters, as any typed title is refused', () => {
    writeScenario('escape-title', 'Leak\u001b]0;pwned\u0007\u001b[2J drill');
    const list = callOk<DrillList>(t, 'drill.list', {});
    expect(list.drills.map((drill) => drill.id)).not.toContain('escape-title');
    expect(list.errors.find((error) => error.file.endsWith('escape-title.yaml'))?.path).toBe('title');
  });

  it('a drill incident never gets a title the incident contract would refuse', () => {
    writeScenario('bell-title', 'Leak\u0007 drill');
    const started = dispatch(t.ctx, 'drill.start', { drillId: 'bell-title' });
    if (!started.ok) return; // refused at the boundary: what a user expects
    const detail = callOk<IncidentDetail>(t, 'incident.get', { id: (started.value as { id: string }).id });
    // eslint-disable-next-line no-control-regex -- a control character in a title is the problem
    expect(detail.incident.title).not.toMatch(/[\u0000-\u001F\u007F]/);
  });

  it('a run keeps its own scenario when the file is edited mid-drill', () => {
    writeScenario('edited-mid-run', 'Before the edit');
    const { id } = startDrill(t, 'edited-mid-run');
    writeScenario('edited-mid-run', 'After the edit');
    expect(callOk<DrillRun>(t, 'drill.get', { id, view: 'facilitator' }).title).toBe('Before the edit');
  });
});

describe('drills among real work', () => {
  it("the action items of every incident hold no drill's follow-ups", () => {
    const real = callOk<{ id: string }>(t, 'incident.declare', { title: 'Real leak', severity: 'P1' });
    const { id: drillId } = startDrill(t, 'leaked-api-key');
    callOk(t, 'action.add', { incidentId: real.id, title: 'Rotate the real key', due: '2026-11-30' });
    callOk(t, 'action.add', { incidentId: drillId, title: 'Practise the runbook again', due: '2026-11-30' });
    const { items } = callOk<{ items: ActionItem[] }>(t, 'action.list', {});
    expect(items.map((item) => item.incidentId)).toEqual([real.id]);
  });
});

describe('drill report -o', () => {
  it("refuses to write the report over the console's own database", async () => {
    const { id } = startDrill(t, 'leaked-api-key');
    const database = fs.readdirSync(t.dataDir).find((name) => /\.(db|sqlite3?)$/.test(name));
    expect(database, 'the data dir holds the database').toBeDefined();
    const result = await dispatchAsync(t.ctx, 'drill.report', { id, output: path.join(t.dataDir, database!) });
    expect(result.ok).toBe(false);
    expect(fs.readFileSync(path.join(t.dataDir, database!)).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('writes through a folder given as -o and refuses /dev/full with a clear error', async () => {
    const { id } = startDrill(t, 'leaked-api-key');
    const written = await dispatchAsync(t.ctx, 'drill.report', { id, output: t.dataDir });
    expect(written.ok).toBe(true);
    const file = (written as { value: DrillReport }).value.path!;
    expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toMatch(/^# DRILL/);
    const full = await dispatchAsync(t.ctx, 'drill.report', { id, output: '/dev/full' });
    expect(full.ok).toBe(false);
  });
});

describe('a scenario whose playbook is gone', () => {
  it('starting it names the missing playbook, whatever the file is called', () => {
    const dir = path.join(t.dataDir, 'drills');
    fs.mkdirSync(dir, { recursive: true });
    // The team's file is named for the team, not for the drill id; its playbook was deleted since.
    const text = shipped.replace(/^id: .*$/m, 'id: team-leak').replace(/^playbook: .*$/m, 'playbook: deleted-playbook');
    fs.writeFileSync(path.join(dir, 'our-key-drill.yaml'), text);
    const result = dispatch(t.ctx, 'drill.start', { drillId: 'team-leak' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toContain('deleted-playbook');
  });

  it("a team's broken override of a shipped scenario is not silently replaced by the shipped one", () => {
    const dir = path.join(t.dataDir, 'drills');
    fs.mkdirSync(dir, { recursive: true });
    // The team's version of leaked-api-key, whose playbook was deleted since.
    fs.writeFileSync(path.join(dir, 'leaked-api-key.yaml'), shipped.replace(/^title: .*$/m, 'title: "Our own leaked key drill"').replace(/^playbook: .*$/m, 'playbook: deleted-playbook'));
    const result = dispatch(t.ctx, 'drill.start', { drillId: 'leaked-api-key' });
    const title = result.ok ? (result.value as { run: DrillRun }).run.title : '';
    expect({ ok: result.ok, title }).toEqual({ ok: false, title: '' });
  });
});
