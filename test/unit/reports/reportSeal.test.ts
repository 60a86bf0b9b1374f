import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedReport, VerifyResult } from '../../../src-main/contract';
import { loadDeviceKey } from '../../../src-main/services/vault/vaultKeys';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
const sealOf = (markdown: string) => /^Seal: ([0-9a-f]{64})/m.exec(markdown)?.[1];
const witnesses = () => t.ctx.db.prepare("SELECT count(*) FROM witnesses WHERE reason = 'report seal'").pluck().get();

beforeAll(async () => {
  t = makeTestContext();
  await loadDeviceKey(t.ctx);
  id = callOk<{ id: string }>(t, 'incident.declare', { title: 'Sealed', severity: 'P2' }).id;
  callOk(t, 'incident.addNote', { id, text: 'first' });
});
afterAll(() => t.close());

describe('the report seal', () => {
  it('is printed in the report, recorded once per state, and verifies while the events it sealed are held', () => {
    const first = sealOf(callOk<RenderedReport>(t, 'report.render', { id, kind: 'incident' }).markdown)!;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(sealOf(callOk<RenderedReport>(t, 'report.render', { id, kind: 'postmortem' }).markdown)).toBe(first);
    expect(witnesses()).toBe(1);
    callOk(t, 'incident.addNote', { id, text: 'later' });
    const second = sealOf(callOk<RenderedReport>(t, 'report.render', { id, kind: 'incident' }).markdown)!;
    expect(second).not.toBe(first);
    expect(witnesses()).toBe(2);
    for (const seal of [first, second]) expect(callOk<VerifyResult>(t, 'incident.verify', { id, seal })).toMatchObject({ verdict: 'ok', intact: true });
  });

  it('a seal this data dir never recorded is named, not passed', () => {
    const result = callOk<VerifyResult>(t, 'incident.verify', { id, seal: 'ab'.repeat(32) });
    expect(result).toMatchObject({ verdict: 'tampered', firstBreak: { message: expect.stringContaining('names no witness recorded in this data dir') } });
  });

  it('deleting the newest event after a report sealed it verifies tampered', () => {
    const seal = sealOf(callOk<RenderedReport>(t, 'report.render', { id, kind: 'incident' }).markdown)!;
    const newest = t.ctx.db.prepare('SELECT hash FROM events WHERE incident_id = ? ORDER BY lamport DESC LIMIT 1').pluck().get(id) as string;
    // As someone with the file would: triggers dropped, the event and its head removed, the witnesses left.
    t.ctx.db.exec('DROP TRIGGER events_append_only_delete');
    t.ctx.db.prepare('DELETE FROM events WHERE hash = ?').run(newest);
    expect(callOk<VerifyResult>(t, 'incident.verify', { id, seal })).toMatchObject({ verdict: 'tampered', intact: false });
  });
});
