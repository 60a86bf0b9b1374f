import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rotationCheckIds, type Incident, type IncidentDetail, type RotationAddResult, type RotationItem, type VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const add = (name: string, group: string, fingerprint?: string) => call<RotationAddResult>('rotation.add', { incidentId: id, name, location: `${name} console`, owner: 'dana', group, fingerprint });
const list = () => call<{ items: RotationItem[] }>('rotation.list', { incidentId: id }).items;
const mark = (itemId: string, status: 'rotated' | 'verified') => dispatch(t.ctx, 'rotation.mark', { incidentId: id, itemId, status });
const tick = (itemId: string, check: string, done = true) => dispatch(t.ctx, 'rotation.check', { incidentId: id, itemId, check, done });
const timeline = () => call<IncidentDetail>('incident.get', { id }).timeline.map((entry) => entry.summary);

beforeEach(() => {
  t = makeTestContext();
  id = call<Incident>('incident.declare', { title: 'Keys in a public repo', severity: 'P1' }).id;
});
afterEach(() => t.close());

describe('the rotation tracker', () => {
  it('lists items in the runbooks\' order: external API keys, application secrets, service credentials, then as added', () => {
    add('SMTP credentials', 'service');
    add('SECRET_KEY (JWT signing)', 'application');
    add('OPENAI_API_KEY', 'external');
    add('ENCRYPTION_KEY', 'application');
    add('AWS credentials', 'external');
    expect(list().map((item) => `${item.id} ${item.group} ${item.name}`)).toEqual([
      'R3 external OPENAI_API_KEY',
      'R5 external AWS credentials',
      'R2 application SECRET_KEY (JWT signing)',
      'R4 application ENCRYPTION_KEY',
      'R1 service SMTP credentials',
    ]);
  });

  it('goes pending → rotated → verified with who and when, and verifies only once every after-rotation check is done', () => {
    const { item } = add('OPENAI_API_KEY', 'external');
    expect(item).toMatchObject({ id: 'R1', status: 'pending', addedBy: expect.any(String), rotatedAt: null, verifiedAt: null });
    expect(item.checks.map((check) => check.id)).toEqual(rotationCheckIds);

    expect(mark('R1', 'verified')).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/R1 \(OPENAI_API_KEY\) is not rotated yet/) } });
    expect(tick('R1', 'ci-secrets')).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/not rotated yet: the after-rotation checks come after/) } });

    t.advance(60_000);
    const rotated = mark('R1', 'rotated');
    expect(rotated).toMatchObject({ ok: true, value: { status: 'rotated', rotatedAt: '2026-11-23T14:16:02.000Z' } });
    expect(mark('R1', 'rotated')).toMatchObject({ ok: false, error: { code: 'conflict', message: 'R1 (OPENAI_API_KEY) is already rotated' } });

    expect(tick('R1', 'ci-secrets').ok).toBe(true);
    expect(tick('R1', 'production').ok).toBe(true);
    expect(tick('R1', 'production')).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('"Update production environment" is already done') } });
    const early = mark('R1', 'verified');
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // The error names exactly the checks still missing, so the responder knows what is left.
    expect(!early.ok && early.error.message).toBe(
      'R1 (OPENAI_API_KEY) cannot be verified yet: 3 after-rotation check(s) not done: Update .env.example (if structure changed), with no real value in it (env-example); Verify application still works (app-works); Document new secret storage location (storage-documented)',
    );
    for (const check of ['env-example', 'app-works', 'storage-documented']) expect(tick('R1', check).ok).toBe(true);
    expect(tick('R1', 'app-works', false).ok).toBe(true);
    expect(mark('R1', 'verified')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/1 after-rotation check\(s\) not done: Verify application still works \(app-works\)$/) } });
    expect(tick('R1', 'app-works').ok).toBe(true);

    t.advance(60_000);
    const verified = mark('R1', 'verified');
    expect(verified).toMatchObject({ ok: true, value: { status: 'verified', verifiedAt: '2026-11-23T14:17:02.000Z', rotatedAt: '2026-11-23T14:16:02.000Z' } });
    expect(verified.ok && (verified.value as RotationItem).checks.every((check) => check.done && check.by && check.at)).toBe(true);
    expect(tick('R1', 'ci-secrets', false)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already verified') } });
    expect(mark('R1', 'verified')).toMatchObject({ ok: false, error: { code: 'conflict', message: 'R1 (OPENAI_API_KEY) is already verified' } });
  });

  it('says which items exist when one is not found, and refuses bad input before anything runs', () => {
    add('OPENAI_API_KEY', 'external');
    expect(mark('R9', 'rotated')).toMatchObject({ ok: false, error: { code: 'not-found', message: `no rotation item R9 in ${id} (it has R1)` } });
    expect(dispatch(t.ctx, 'rotation.add', { incidentId: id, name: 'x', location: 'y', owner: 'z', group: 'urgent' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'group must be external, application or service' } });
    expect(dispatch(t.ctx, 'rotation.add', { incidentId: id, name: 'x', location: 'y', owner: 'z', group: 'external', fingerprint: 'sk_live_abcdefgh' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(dispatch(t.ctx, 'rotation.add', { incidentId: id, name: 'x', location: 'y', owner: 'z', group: 'external', value: 'secret' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(tick('R1', 'coffee')).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^check must be one of env-example, ci-secrets/) } });
    expect(dispatch(t.ctx, 'rotation.list', { incidentId: 'INC-20991231-000000' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('returns the tracked item for a fingerprint added twice, without a second item or event', () => {
    const first = add('Stripe key', 'external', '0123456789abcdef');
    const events = timeline().length;
    const again = add('Stripe key, again', 'service', '0123456789abcdef');
    expect(again).toEqual({ created: false, item: first.item });
    expect(list()).toHaveLength(1);
    expect(timeline()).toHaveLength(events);
    // Without a fingerprint two items may share a name: they are different secrets for all we know.
    add('Stripe key', 'external');
    expect(list()).toHaveLength(2);
  });

  it('puts every change on the timeline, readably, and verify still finds the incident intact', () => {
    add('OPENAI_API_KEY', 'external', 'aaaabbbbccccdddd');
    mark('R1', 'rotated');
    tick('R1', 'ci-secrets');
    tick('R1', 'ci-secrets', false);
    expect(timeline().slice(-4)).toEqual([
      expect.stringMatching(/^To rotate: R1 OPENAI_API_KEY \(External API Keys\) at OPENAI_API_KEY console, owner dana, fingerprint aaaabbbbccccdddd$/),
      'Rotated: R1 OPENAI_API_KEY',
      '✓ Update CI/CD secrets: R1 OPENAI_API_KEY',
      'Unticked Update CI/CD secrets: R1 OPENAI_API_KEY',
    ]);
    expect(call<VerifyResult>('incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
  });

  it('keeps nothing but name, place, owner, group and fingerprint: the table has no column for a value', () => {
    const columns = (t.ctx.db.prepare("SELECT name FROM pragma_table_info('rotation_items')").pluck().all() as string[]).sort();
    expect(columns).toEqual(['added_at', 'added_by', 'finding_id', 'fingerprint', 'incident_id', 'item_id', 'location', 'name', 'owner', 'position', 'priority_group', 'rotated_at', 'rotated_by', 'status', 'verified_at', 'verified_by']);
    // Even written behind the service's back, a fingerprint cannot be anything longer than 16 hex.
    expect(() => t.ctx.db.prepare("INSERT INTO rotation_items (incident_id, item_id, position, name, location, owner, priority_group, fingerprint, status, added_at, added_by) VALUES (?, 'R1', 1, 'n', 'l', 'o', 'external', 'sk_live_0123456789abcdef', 'pending', 'x', 'y')").run(id)).toThrow(/CHECK constraint/);
  });
});
