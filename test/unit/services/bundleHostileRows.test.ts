import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, genesisHash, type ChainedEvent } from '../../../src-main/domain/incidents/eventChain';
import { dispatch, dispatchAsync } from '../../../src-main/services/dispatch';
import { publicKeyFingerprint } from '../../../src-main/services/evidence/evidenceSigning';
import { otherKey, readBundle, scriptedIncident, writeBundle } from '../../support/bundleIncident';
import type { TestBundle } from '../../support/bundleIncident';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

// A colleague's key the responder trusts: what it signs passes the signature check, so only the
// row checks stand between its bundle and this data dir.
const colleague = otherKey();
const colleagueFingerprint = publicKeyFingerprint(createPublicKey(colleague));
let a: TestContext;
let id: string;
let clean: TestBundle;
let work: string;
const fresh: TestContext[] = [];

/** The colleague's laptop recomputes every hash, count and head after changing the bundle. */
function rechained(bundle: TestBundle): TestBundle {
  let prevHash = genesisHash;
  const events = bundle.events.map((event) => {
    const { hash: _hash, prevHash: _prev, ...fields } = event;
    const hash = eventHash(prevHash, fields as ChainedEvent);
    const linked = { ...fields, prevHash, hash };
    prevHash = hash;
    return linked;
  });
  return { ...bundle, events, eventCount: events.length, headHash: prevHash };
}

async function importChanged(name: string, change: (bundle: TestBundle) => void) {
  const bundle = structuredClone(clean);
  change(bundle);
  const file = path.join(work, `${name}.json`);
  writeBundle(file, rechained(bundle), colleague);
  const t = makeTestContext(a.ctx.clock().toISOString());
  fresh.push(t);
  return { t, result: await dispatchAsync(t.ctx, 'incident.import', { file, trustedKeys: [colleagueFingerprint] }) };
}

beforeAll(async () => {
  a = makeTestContext();
  work = fs.mkdtempSync(path.join(a.dataDir, 'work-'));
  id = await scriptedIncident(a, work);
  const exported = await dispatchAsync(a.ctx, 'incident.export', { id, file: path.join(work, 'clean.json') });
  if (!exported.ok) throw new Error(exported.error.message);
  clean = readBundle(path.join(work, 'clean.json'));
});
afterAll(() => {
  for (const t of fresh) t.close();
  a.close();
});

describe('a signed bundle whose rows this laptop could not show is refused, and the console keeps working', () => {
  const setSeverity = (bundle: TestBundle, schemeId: string, severity: string) => {
    const declared = bundle.events.find((event) => event.type === 'incident.declared')!;
    Object.assign(declared.payload, { schemeId });
    const changed = bundle.events.find((event) => event.type === 'incident.severityChanged')!;
    Object.assign(changed.payload, { to: severity });
    Object.assign(bundle.tables.incidents[0]!, { scheme_id: schemeId, severity });
  };

  it.each([
    ['a severity scheme this laptop does not have', 'sev-9-levels', 'P1', /severity scheme 'sev-9-levels', which this Firebreak does not have/],
    ['a severity level its scheme does not have', 'p0-p3', 'P9', /severity 'P9', which the scheme .+ does not have \(it has P0, P1, P2, P3\)/],
  ])('%s', async (_what, schemeId, severity, reason) => {
    const { t, result } = await importChanged(`severity-${severity}`, (bundle) => setSeverity(bundle, schemeId, severity));
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(reason) } });
    // Had it been imported, the incident list, the incident and every report would fail on it.
    expect(dispatch(t.ctx, 'incident.list', {})).toMatchObject({ ok: true, value: { incidents: [] } });
  });

  it('a checklist step whose action is not JSON is refused with the reason, not an internal error', async () => {
    const { t, result } = await importChanged('step-action', (bundle) => {
      bundle.tables.checklist_steps[0]!.action = '{';
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/tables\.checklist_steps\[0\]\.action is not a step action/) } });
    expect(t.ctx.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
  });

  it('a row no Firebreak writes (a status outside the four) is refused as such, not called a clash with this data dir', async () => {
    const { result } = await importChanged('status', (bundle) => {
      bundle.tables.incidents[0]!.status = 'Pwned';
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/a row of the bundle is not one Firebreak writes \(CHECK constraint failed/) } });
    expect((result as { error: { message: string } }).error.message).not.toMatch(/belongs to another incident/);
  });

  it('the same changes re-signed but left alone import cleanly (the checks refuse only what is wrong)', async () => {
    const { t, result } = await importChanged('untouched', () => {});
    expect(result).toMatchObject({ ok: true, value: { imported: true } });
    expect(dispatch(t.ctx, 'report.render', { id, kind: 'incident' })).toMatchObject({ ok: true });
  });
});

describe('a time in a signed bundle is a time: it cannot add a heading or a column to the report', () => {
  const injected = '2026-11-23|\n# Injected heading|<img src=x onerror=alert(1)>';

  it('an event whose time holds a line break, a heading and a table bar is refused by name', async () => {
    const { t, result } = await importChanged('event-at', (bundle) => {
      bundle.events.find((event) => event.type === 'incident.noteAdded')!.at = injected;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/events\[\d+\]\.at must be a UTC time like 2026-11-23T14:15:02\.000Z/) } });
    expect(dispatch(t.ctx, 'incident.list', {})).toMatchObject({ ok: true, value: { incidents: [] } });
  });

  it('a row\'s time the events do not describe (an evidence item\'s collection time) is refused by name', async () => {
    const { result } = await importChanged('row-at', (bundle) => {
      bundle.tables.evidence_items[0]!.collected_at = injected;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/tables\.evidence_items\[0\]\.collected_at must be a UTC time/) } });
  });
});

describe('a phase in a signed bundle is one of the six', () => {
  const injected = 'Contain\n# Injected heading <img src=x onerror=alert(1)>';

  it('an incident moved to a phase Firebreak does not have is refused by name', async () => {
    const { t, result } = await importChanged('phase', (bundle) => {
      const last = bundle.events.at(-1)!;
      bundle.events.push({ ...last, seq: last.seq + 1, type: 'incident.phaseAdvanced', payload: { from: 'Identify', to: injected } });
      bundle.tables.incidents[0]!.current_phase = injected;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`current phase ${JSON.stringify(injected)} is not one of Identify, Triage, Contain, Eradicate, Recover, Learn`) } });
    expect(dispatch(t.ctx, 'incident.list', {})).toMatchObject({ ok: true, value: { incidents: [] } });
  });

  it('a checklist step in a phase Firebreak does not have is refused by name', async () => {
    const { result } = await importChanged('step-phase', (bundle) => {
      const snapshot = bundle.events.find((event) => event.type === 'checklist.snapshotted')!;
      (snapshot.payload.steps as { phase: string }[])[0]!.phase = injected;
      bundle.tables.checklist_steps[0]!.phase = injected;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('tables.checklist_steps[0].phase') } });
  });
});

describe('a signed bundle\'s stored values stay text in the imported incident\'s report', () => {
  const injected = 'x|\n# Injected heading';
  const headings = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('#')).length;

  it.each([
    ['an evidence archive hash', (bundle: TestBundle) => {
      bundle.tables.evidence_items[0]!.archive_sha256 = injected;
    }],
    ['an action item due date and id', (bundle: TestBundle) => {
      for (const event of bundle.events) {
        const item = (event.payload as { item?: { id: string; due: string | null } }).item;
        if (event.type === 'action.added' && item?.id === 'A2') Object.assign(item, { id: injected, due: injected });
      }
      Object.assign(bundle.tables.action_items[1]!, { item_id: injected, due: injected });
    }],
  ])('%s', async (_what, change) => {
    const { t, result } = await importChanged('stored-values', change);
    // The events describe these values, so verify accepts them: the report is what keeps them text.
    expect(result).toMatchObject({ ok: true });
    const original = dispatch(a.ctx, 'report.render', { id, kind: 'incident' }) as { value: { markdown: string } };
    const imported = dispatch(t.ctx, 'report.render', { id, kind: 'incident' }) as { ok: true; value: { markdown: string } };
    expect(imported.value.markdown).not.toMatch(/^# Injected/m);
    expect(headings(imported.value.markdown)).toBe(headings(original.value.markdown));
    expect(imported.value.markdown).toContain('x\\| \\# Injected heading');
  });
});

describe('a message in a signed bundle whose next update names no real time', () => {
  it.each(['not a time', '2026-11-23|\n# Injected'])('(%j) stops no reminder: the pending list and the escalation banner keep working', async (nextUpdateAt) => {
    const { t, result } = await importChanged('next-update', (bundle) => {
      const last = bundle.events.at(-1)!;
      bundle.events.push({ ...last, seq: last.seq + 1, type: 'comms.sent', payload: { templateId: 'status-update', title: 'Status update', subject: '', channel: '#incident', body: 'All good', nextUpdateAt } });
    });
    expect(result).toMatchObject({ ok: true });
    // The imported incident's own escalation steps are long due at this clock: they are still raised.
    const listed = dispatch(t.ctx, 'reminders.list', { scope: 'pending' });
    expect(listed).toMatchObject({ ok: true });
    expect((listed as { value: { reminders: { key: string }[] } }).value.reminders.length).toBeGreaterThan(0);
    expect((listed as { value: { reminders: { key: string }[] } }).value.reminders.map((reminder) => reminder.key)).not.toContain('next-update');
  });
});

describe('a signed bundle that carries a secret value is refused: Firebreak never stores one', () => {
  // Made at test time: no real-looking token sits in the source.
  const token = fillTemplate('ghp_{alnum:36}', seededRandom(13));

  it('in a note on the timeline, named by where it is and what it looks like, never by the value', async () => {
    const { t, result } = await importChanged('secret-note', (bundle) => {
      const note = bundle.events.find((event) => event.type === 'incident.noteAdded')!;
      note.payload.text = `deploy key is ${token}`;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/events\[\d+\] \(incident\.noteAdded\)\.payload\.text holds what looks like a secret \(GitHub personal access token \(classic\), ghp_…, sha256:[0-9a-f]{16}\)/) } });
    expect(JSON.stringify(result)).not.toContain(token);
    expect(t.ctx.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
  });

  it('in an action item owner, in its event and its row', async () => {
    const { result } = await importChanged('secret-owner', (bundle) => {
      const added = bundle.events.find((event) => event.type === 'action.added')!;
      (added.payload.item as { owner: string }).owner = token;
      bundle.tables.action_items[0]!.owner = token;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('holds what looks like a secret (GitHub personal access token') } });
    expect(JSON.stringify(result)).not.toContain(token);
  });
});

describe('a manifest the bundle lacks is not looked for where the other laptop kept it', () => {
  it('exporting the imported incident again never reads a file of this laptop named by the bundle', async () => {
    // A JSON file of this laptop's (a registry login, a cloud credential file) that a bundle names as a manifest.
    const local = path.join(work, 'config.json');
    fs.writeFileSync(local, JSON.stringify({ auths: { 'registry.example': { auth: 'canary-4f1d0c' } } }));
    const { t, result } = await importChanged('lost-manifest', (bundle) => {
      bundle.manifests = bundle.manifests.map((manifest) => ({ ...manifest, content: null, problem: '/elsewhere: the manifest file is gone' }));
      bundle.tables.evidence_items[0]!.manifest_file = local;
    });
    expect(result).toMatchObject({ ok: true });
    expect(t.ctx.db.prepare('SELECT manifest_file FROM evidence_items').pluck().get()).toBe(path.join(t.dataDir, 'imports', id, `${String(clean.tables.evidence_items[0]!.id)}.manifest.json`));
    const again = path.join(work, 'again.json');
    expect(await dispatchAsync(t.ctx, 'incident.export', { id, file: again })).toMatchObject({ ok: true });
    expect(fs.readFileSync(again, 'utf8')).not.toContain('canary-4f1d0c');
    expect(readBundle(again).manifests).toEqual([{ evidenceId: clean.tables.evidence_items[0]!.id, content: null, problem: expect.stringContaining('the manifest file is gone') }]);
  });
});
