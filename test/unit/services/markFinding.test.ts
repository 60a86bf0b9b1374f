import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingGroup, Incident, IncidentDetail, MarkFingerprintResult, RotationItem, StoredFinding, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { recordScan } from '../../../src-main/services/scans/scans';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
let findingIds: number[];

const stats = { files: 1, bytes: 10, commits: 0, skipped: { binary: 0, tooLarge: 0, ignored: 0, unreadable: 0 } };
const finding = (rule: string, description: string, file: string, line: number, fingerprint: string, commit: string | null = null) => ({ rule, description, file, line, column: 5, commit, author: null, date: null, redacted: 'AKIA…MPLE', fingerprint, inWorkingTree: null });
const rotationItems = () => callOk<{ items: RotationItem[] }>(t, 'rotation.list', { incidentId: id }).items;

beforeEach(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'Key in a repo', severity: 'P1' }).id;
  const findings = [
    finding('aws-access-key-id', 'AWS access key', 'app.env', 3, 'abcdef0123456789'),
    // The same key again, in an older commit: one secret, one rotation.
    finding('aws-access-key-id', 'AWS access key', 'old/app.env', 7, 'abcdef0123456789', '0123456789abcdef0123456789abcdef01234567'),
    finding('postgres-url-password', 'PostgreSQL URL with a password', 'docker-compose.yml', 12, '1111222233334444'),
  ];
  findingIds = recordScan(t.ctx, id, { root: '/srv/app', findings, stats } as never, false, '2026-11-23T14:15:02.000Z').findings.map((stored) => stored.id);
});
afterEach(() => t.close());

describe('sending a finding to rotation', () => {
  it('creates a pending rotation item named by the rule and file, grouped by the rule, and names it on the timeline', () => {
    const marked = callOk<StoredFinding>(t, 'scan.markFinding', { findingId: findingIds[0], status: 'rotation', note: '' });
    expect(marked.status).toBe('rotation');
    expect(rotationItems()).toEqual([
      expect.objectContaining({ id: 'R1', name: 'AWS access key (AKIA…MPLE) in app.env', location: 'app.env:3', group: 'external', fingerprint: 'abcdef0123456789', findingId: findingIds[0], status: 'pending' }),
    ]);
    // No checklist step any more: the rotation tracker is where it went.
    expect(callOk<{ steps: { text: string }[] }>(t, 'checklist.get', { id }).steps.filter((step) => step.text.startsWith('Rotate the '))).toEqual([]);
    const summaries = callOk<IncidentDetail>(t, 'incident.get', { id }).timeline.map((entry) => entry.summary);
    expect(summaries.slice(-3)).toEqual([
      'To rotate: R1 AWS access key (AKIA…MPLE) in app.env (External API Keys) at app.env:3, owner ' + rotationItems()[0]!.owner + `, fingerprint abcdef0123456789, from finding ${findingIds[0]}`,
      `Finding aws-access-key-id in app.env:3 (AKIA…MPLE, fingerprint abcdef0123456789) marked for rotation as R1`,
      // The same key in an older commit: one secret, settled with it.
      `Finding aws-access-key-id in old/app.env:7 (AKIA…MPLE, fingerprint abcdef0123456789) marked for rotation as R1 (already tracked)`,
    ]);
  });

  it('settles every place of the same key with one mark, reuses its item, and groups a database password as a service credential', () => {
    callOk(t, 'scan.markFinding', { findingId: findingIds[0], status: 'rotation', note: 'one key, two places' });
    // The old commit's copy is the same key: settled with it, not left open.
    expect(dispatch(t.ctx, 'scan.markFinding', { findingId: findingIds[1], status: 'rotation', note: '' })).toMatchObject({ ok: false, error: { code: 'conflict', message: `finding ${findingIds[1]} is already marked rotation` } });
    callOk(t, 'scan.markFinding', { findingId: findingIds[2], status: 'rotation', note: '' });
    expect(rotationItems().map((item) => [item.id, item.group, item.location])).toEqual([
      ['R1', 'external', 'app.env:3'],
      ['R2', 'service', 'docker-compose.yml:12'],
    ]);
    const summaries = callOk<IncidentDetail>(t, 'incident.get', { id }).timeline.map((entry) => entry.summary);
    expect(summaries).toContain('Finding aws-access-key-id in app.env:3 (AKIA…MPLE, fingerprint abcdef0123456789) marked for rotation as R1: one key, two places');
    expect(summaries).toContain('Finding aws-access-key-id in old/app.env:7 (AKIA…MPLE, fingerprint abcdef0123456789) marked for rotation as R1 (already tracked): one key, two places');
    expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
  });

  it('marks nothing when its rotation item cannot be written, so the credential never drops out of the tracker', () => {
    // A failure between the mark and its item (a full disk, a lost lock), injected at the item's insert.
    t.ctx.db.exec("CREATE TEMP TRIGGER refuse_item BEFORE INSERT ON rotation_items BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    expect(dispatch(t.ctx, 'scan.markFinding', { findingId: findingIds[0], status: 'rotation', note: '' }).ok).toBe(false);
    t.ctx.db.exec('DROP TRIGGER refuse_item');
    const row = t.ctx.db.prepare('SELECT status FROM scan_findings WHERE id = ?').get(findingIds[0]) as { status: string };
    expect(row.status).toBe('open');
    expect(rotationItems()).toEqual([]);
    // The retry works and leaves the mark and its item together.
    expect(dispatch(t.ctx, 'scan.markFinding', { findingId: findingIds[0], status: 'rotation', note: '' }).ok).toBe(true);
    expect(rotationItems()).toHaveLength(1);
    expect(callOk<VerifyResult>(t, 'incident.verify', { id }).intact).toBe(true);
    expect(dispatch(t.ctx, 'scan.markFinding', { findingId: findingIds[0], status: 'false-positive', note: 'x' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('marking a credential by its fingerprint', () => {
  const groups = () => callOk<{ groups: FindingGroup[] }>(t, 'scan.list', { incidentId: id }).groups;

  it('lists one credential per fingerprint with all its places', () => {
    expect(groups().map((group) => [group.fingerprint, group.places.map((place) => `${place.file}:${place.line}${place.commit ? ' (history)' : ''}`), group.open])).toEqual([
      ['abcdef0123456789', ['app.env:3', 'old/app.env:7 (history)'], 2],
      ['1111222233334444', ['docker-compose.yml:12'], 1],
    ]);
  });

  it('settles every open place, says how many, and refuses a second mark', () => {
    const marked = callOk<MarkFingerprintResult>(t, 'scan.markFingerprint', { incidentId: id, fingerprint: 'ABCDEF0123456789', status: 'false-positive', note: 'documentation example' });
    expect(marked.settled).toBe(2);
    expect(marked.group).toMatchObject({ fingerprint: 'abcdef0123456789', open: 0, status: 'false-positive', statusNote: 'documentation example' });
    expect(marked.group.places.map((place) => place.status)).toEqual(['false-positive', 'false-positive']);
    expect(dispatch(t.ctx, 'scan.markFingerprint', { incidentId: id, fingerprint: 'abcdef0123456789', status: 'rotation' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // A settled credential keeps its place in the list.
    expect(groups().map((group) => [group.fingerprint, group.open])).toEqual([['abcdef0123456789', 0], ['1111222233334444', 1]]);
    expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
  });

  it('sends a credential to rotation as one tracker item', () => {
    callOk(t, 'scan.markFingerprint', { incidentId: id, fingerprint: 'abcdef0123456789', status: 'rotation' });
    expect(rotationItems().map((item) => [item.id, item.fingerprint])).toEqual([['R1', 'abcdef0123456789']]);
  });

  it('names a fingerprint the incident does not have, and a malformed one', () => {
    expect(dispatch(t.ctx, 'scan.markFingerprint', { incidentId: id, fingerprint: '0000000000000000', status: 'rotation' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining(`firebreak scan findings ${id}`) } });
    expect(dispatch(t.ctx, 'scan.markFingerprint', { incidentId: id, fingerprint: 'AKIA…MPLE', status: 'rotation' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('16 hex characters') } });
  });
});
