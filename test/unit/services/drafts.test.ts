import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, IncidentDrafts } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { fingerprint } from '../../../src-main/domain/scans/secretMatch';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
const github = fillTemplate('ghp_{alnum:36}', seededRandom(77));

beforeEach(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'Payments API down', severity: 'P2' }).id;
});
afterEach(() => t.close());

describe('unsent drafts of an incident', () => {
  it('are kept as typed (spaces and lines included) until replaced, and an empty set forgets them', () => {
    expect(callOk<IncidentDrafts>(t, 'drafts.get', { id })).toEqual({ id, drafts: {} });
    const drafts = { [`note:${id}`]: 'Rolled back the deploy, watching \nerror rates ', [`commander:${id}`]: 'ben', [`step:${id}:triage-scope:note`]: 'half done' };
    callOk(t, 'drafts.save', { id, drafts });
    expect(callOk<IncidentDrafts>(t, 'drafts.get', { id }).drafts).toEqual(drafts);
    // The note was sent: the set saved next no longer has it.
    callOk(t, 'drafts.save', { id, drafts: { [`commander:${id}`]: 'ben', [`step:${id}:triage-scope:note`]: '   ' } });
    expect(callOk<IncidentDrafts>(t, 'drafts.get', { id }).drafts).toEqual({ [`commander:${id}`]: 'ben' });
    callOk(t, 'drafts.save', { id, drafts: {} });
    expect(t.ctx.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'drafts.%'").get()).toEqual({ n: 0 });
  });

  it('a pasted secret is stored redacted, never in clear', () => {
    const saved = dispatch(t.ctx, 'drafts.save', { id, drafts: { [`note:${id}`]: `token was ${github} in the log` } });
    expect(saved).toMatchObject({ ok: true, redactions: [{ field: `drafts.note:${id}`, rule: 'github-pat-classic' }] });
    const stored = JSON.stringify(t.ctx.db.prepare('SELECT * FROM settings').all());
    expect(stored).not.toContain(github.slice(4, 20));
    expect(callOk<IncidentDrafts>(t, 'drafts.get', { id }).drafts[`note:${id}`]).toMatch(new RegExp(`^token was .*\\[redacted github-pat-classic sha256:${fingerprint(github)}\\] in the log$`));
  });

  it('refuses a key of another incident, a key that is no field, and an incident that does not exist', () => {
    expect(dispatch(t.ctx, 'drafts.save', { id, drafts: { 'note:INC-20260101-000000': 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/must name the incident/) } });
    expect(dispatch(t.ctx, 'drafts.save', { id, drafts: { '../../etc': 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/must be draft keys/) } });
    expect(dispatch(t.ctx, 'drafts.save', { id: 'INC-20260101-000000', drafts: {} })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('drafts of one incident never show on another', () => {
    const other = callOk<Incident>(t, 'incident.declare', { title: 'Second', severity: 'P3' }).id;
    callOk(t, 'drafts.save', { id, drafts: { [`note:${id}`]: 'first' } });
    expect(callOk<IncidentDrafts>(t, 'drafts.get', { id: other }).drafts).toEqual({});
  });
});
