import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { recordScan } from '../../../src-main/services/scans/scans';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
let findingId: number;

beforeEach(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'Key in a repo', severity: 'P1' }).id;
  const finding = { rule: 'aws-access-key', description: 'AWS access key', file: 'app.env', line: 3, column: 5, commit: null, author: null, date: null, redacted: 'AKIA…MPLE', fingerprint: 'abcdef0123456789', inWorkingTree: null };
  const stats = { files: 1, bytes: 10, commits: 0, skipped: { binary: 0, tooLarge: 0, ignored: 0, unreadable: 0 } };
  findingId = recordScan(t.ctx, id, { root: '/srv/app', findings: [finding], stats } as never, false, '2026-11-23T14:15:02.000Z').findings[0]!.id;
});
afterEach(() => t.close());

describe('turning a finding into a rotation step', () => {
  it('marks nothing when its Eradicate step cannot be written, so the credential never drops off the checklist', () => {
    // A failure between the mark and its step (a full disk, a lost lock), injected at the step's insert.
    t.ctx.db.exec("CREATE TEMP TRIGGER refuse_step BEFORE INSERT ON checklist_steps BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    expect(dispatch(t.ctx, 'scan.markFinding', { findingId, status: 'rotation', note: '' }).ok).toBe(false);
    t.ctx.db.exec('DROP TRIGGER refuse_step');
    const row = t.ctx.db.prepare('SELECT status FROM scan_findings WHERE id = ?').get(findingId) as { status: string };
    expect(row.status).toBe('open');
    // The retry works and leaves the mark and its step together.
    expect(dispatch(t.ctx, 'scan.markFinding', { findingId, status: 'rotation', note: '' }).ok).toBe(true);
    const steps = callOk<{ steps: { text: string; critical: boolean }[] }>(t, 'checklist.get', { id }).steps;
    expect(steps.filter((step) => step.text.startsWith('Rotate the AWS access key'))).toHaveLength(1);
    expect(callOk<VerifyResult>(t, 'incident.verify', { id }).intact).toBe(true);
    expect(dispatch(t.ctx, 'scan.markFinding', { findingId, status: 'false-positive', note: 'x' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
