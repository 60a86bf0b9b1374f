import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DepsAuditResult, Envelope, Incident, IncidentDetail, IntegritySnapshotResult, LockDiff, PushedEvent, SupplyCheck, SupplyCheckList, VerifyResult, WithCheck } from '../../../src-main/contract';
import { createServiceContext, type ServiceContext } from '../../../src-main/services/context';
import { dispatch, dispatchAsync } from '../../../src-main/services/dispatch';
import { tempDataDir } from '../../support/consoleServer';

const fixtures = path.resolve('test', 'fixtures', 'supply', 'cli');
const osvFolder = path.join(fixtures, 'osv');
const baselineLock = path.join(fixtures, 'baseline', 'package-lock.json');
const currentLock = path.join(fixtures, 'current', 'package-lock.json');

const work = tempDataDir('firebreak-supply-ops-');
const events: PushedEvent[] = [];
let ctx: ServiceContext;
let incidentId: string;

async function call<T>(name: string, input: unknown): Promise<Envelope<T>> {
  return (await dispatchAsync(ctx, name, input)) as Envelope<T>;
}
async function ok<T>(name: string, input: unknown): Promise<T> {
  const envelope = await call<T>(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
  return envelope.value;
}
const declare = (title: string, extra: Record<string, unknown> = {}) => (dispatch(ctx, 'incident.declare', { title, severity: 'P1', ...extra }) as Envelope<Incident> & { ok: true }).value.id;
const timeline = (id: string) => (dispatch(ctx, 'incident.get', { id }) as Envelope<IncidentDetail> & { ok: true }).value.timeline;

beforeAll(() => {
  ctx = createServiceContext({ dataDir: path.join(work, 'data'), transport: 'http', emit: (event) => events.push(event) });
  incidentId = declare('lodash downgraded in the checkout service', { scenario: 'vulnerable-dependency' });
});
afterAll(() => {
  ctx.db.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('scan.deps without an incident', () => {
  it('finds the advisories of the vulnerable versions, most severe first with the version that fixes each, and keeps nothing', async () => {
    const before = timeline(incidentId).length;
    const result = await ok<DepsAuditResult & WithCheck>('scan.deps', { lockfiles: [currentLock], db: osvFolder });
    expect(result.findings.map((finding) => [finding.severity, finding.package, finding.version, finding.advisory, finding.fixed])).toEqual([
      ['critical', 'minimist', '1.2.5', 'GHSA-xvch-5gv4-984h', '1.2.6'],
      ['high', 'lodash', '4.17.20', 'GHSA-35jh-r3h4-6jhm', '4.17.21'],
      ['high', 'qs', '6.10.2', 'GHSA-hrpp-h998-j3pp', '6.10.3'],
    ]);
    // qs comes in through body-parser: the chain says so.
    expect(result.findings[2]!.paths).toEqual([['body-parser', 'qs']]);
    expect(result.lockfiles).toEqual([{ file: currentLock, kind: 'package-lock', packages: 6 }]);
    expect(result.checkId).toBeNull();
    expect(timeline(incidentId)).toHaveLength(before);
    // Progress went out under a job, so the console can show and cancel it.
    expect(events.some((event) => event.type === 'job.progress' && event.operation === 'scan.deps')).toBe(true);
  });

  it('fails the whole audit naming the lockfile it could not read, rather than leave it out', async () => {
    const missing = path.join(work, 'gone', 'package-lock.json');
    const outcome = await call('scan.deps', { lockfiles: [currentLock, missing], db: osvFolder, incidentId });
    expect(outcome).toMatchObject({ ok: false, error: { message: expect.stringContaining(missing) } });
    expect(await ok<SupplyCheckList>('supply.list', { incidentId })).toEqual({ checks: [] });
  });

  it('refuses an audit of an incident that does not exist before reading anything', async () => {
    expect(await call('scan.deps', { lockfiles: [currentLock], db: osvFolder, incidentId: 'INC-20990101-000000' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('checks kept against an incident', () => {
  let auditId: string;
  let diffId: string;

  beforeAll(async () => {
    auditId = (await ok<DepsAuditResult & WithCheck>('scan.deps', { lockfiles: [currentLock], db: osvFolder, incidentId })).checkId!;
    diffId = (await ok<LockDiff & WithCheck>('scan.lockdiff', { baseline: baselineLock, current: currentLock, incidentId })).checkId!;
  });

  it('are listed newest first, each with a one-line summary', async () => {
    expect(auditId).toMatch(/^SC-[0-9a-f]{8}$/);
    const { checks } = await ok<SupplyCheckList>('supply.list', { incidentId });
    expect(checks.map((check) => [check.id, check.kind, check.inputs])).toEqual([
      [diffId, 'lockdiff', [baselineLock, currentLock]],
      [auditId, 'deps', [currentLock, osvFolder]],
    ]);
    expect(checks[1]!.summary).toBe('3 advisories in 3 packages of 6 (1 critical, 2 high)');
    expect(checks[0]!.summary).toMatch(/^\d+ suspicions \(.*resolved-host-changed.*typosquat.*\) in \d+ changes of 6 packages$/);
  });

  it('are returned whole by supply.get, and only to their own incident', async () => {
    const audit = await ok<SupplyCheck>('supply.get', { incidentId, checkId: auditId });
    expect(audit).toMatchObject({ id: auditId, incidentId, kind: 'deps' });
    expect(audit.kind === 'deps' && audit.result.findings.map((finding) => finding.package)).toEqual(['minimist', 'lodash', 'qs']);
    const diff = await ok<SupplyCheck>('supply.get', { incidentId, checkId: diffId });
    expect(diff.kind === 'lockdiff' && diff.result.suspicions.find((suspicion) => suspicion.kind === 'resolved-host-changed')).toMatchObject({ name: 'left-pad', reason: expect.stringContaining('npm.evil.example') });
    const other = declare('Unrelated outage');
    expect(await call('supply.get', { incidentId: other, checkId: auditId })).toMatchObject({ ok: false, error: { code: 'not-found', message: `no supply-chain check ${auditId} on ${other}` } });
    expect(await ok<SupplyCheckList>('supply.list', { incidentId: other })).toEqual({ checks: [] });
    expect(await call('supply.get', { incidentId, checkId: 'SC-00000000' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('are on the timeline in words, and the incident still verifies', async () => {
    const entries = timeline(incidentId).filter((entry) => entry.type === 'supply.checked');
    expect(entries.map((entry) => entry.payload)).toEqual([
      { checkId: auditId, kind: 'deps', summary: '3 advisories in 3 packages of 6 (1 critical, 2 high)' },
      { checkId: diffId, kind: 'lockdiff', summary: expect.stringContaining('suspicions') },
    ]);
    expect(entries[0]!.summary).toBe(`Dependency audit ${auditId}: 3 advisories in 3 packages of 6 (1 critical, 2 high)`);
    expect(entries[1]!.summary).toMatch(new RegExp(`^Lockfile drift ${diffId}: `));
    expect(await ok<VerifyResult>('incident.verify', { id: incidentId })).toMatchObject({ verdict: 'ok', intact: true });
  });

  it('travel in a bundle by their timeline entries (the stored results stay on this laptop, as log scans do)', async () => {
    const file = path.join(work, 'bundle.json');
    await ok('incident.export', { id: incidentId, file });
    const other = createServiceContext({ dataDir: path.join(work, 'other'), transport: 'http', emit: () => {} });
    try {
      const fingerprint = (await ok<{ fingerprint: string }>('evidence.publicKey', {})).fingerprint;
      expect(await dispatchAsync(other, 'incident.import', { file, trustedKeys: [fingerprint] })).toMatchObject({ ok: true, value: { imported: true } });
      const detail = dispatch(other, 'incident.get', { id: incidentId }) as Envelope<IncidentDetail> & { ok: true };
      expect(detail.value.timeline.filter((entry) => entry.type === 'supply.checked').map((entry) => entry.payload.checkId)).toEqual([auditId, diffId]);
      expect(dispatch(other, 'supply.list', { incidentId })).toEqual({ ok: true, value: { checks: [] } });
      expect(await dispatchAsync(other, 'incident.verify', { id: incidentId })).toMatchObject({ ok: true, value: { verdict: 'ok' } });
    } finally {
      other.db.close();
    }
  });

  it('are taken by a closed incident too, as log scans are: the record of what was looked at stays whole', async () => {
    const closed = declare('Audit after the fact');
    expect(dispatch(ctx, 'incident.setStatus', { id: closed, status: 'Closed', note: 'resolved upstream' })).toMatchObject({ ok: true });
    const checkId = (await ok<DepsAuditResult & WithCheck>('scan.deps', { lockfiles: [baselineLock], db: osvFolder, incidentId: closed })).checkId;
    expect(await ok<SupplyCheckList>('supply.list', { incidentId: closed })).toMatchObject({ checks: [{ id: checkId, summary: 'no known advisories for 4 packages in 1 lockfile' }] });
    expect(await ok<VerifyResult>('incident.verify', { id: closed })).toMatchObject({ intact: true });
  });
});

describe('files written by supply-chain operations', () => {
  it('never lands over the console\'s own database, and a baseline is never written inside the folder it describes', async () => {
    expect(await call('sbom.generate', { lockfile: currentLock, output: path.join(ctx.dataDir, 'firebreak.sqlite') })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining("console's own database") } });
    const dir = path.join(work, 'site');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'index.html'), '<h1>ok</h1>\n');
    expect(await call('integrity.snapshot', { dir, output: path.join(dir, 'baseline.json') })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('outside') } });
    expect(fs.existsSync(path.join(dir, 'baseline.json'))).toBe(false);
  });
});

describe('paths over HTTP', () => {
  // The server's working folder is not the responder's: a relative path would read or write there.
  it('are refused unless absolute, with the field named, before anything is read or written', async () => {
    const refusals: [string, Record<string, unknown>, string][] = [
      ['scan.deps', { lockfiles: [currentLock, 'package-lock.json'] }, 'lockfiles.1'],
      ['scan.deps', { lockfiles: [currentLock], db: 'osv' }, 'db'],
      ['scan.lockdiff', { baseline: 'package-lock.json', current: currentLock }, 'baseline'],
      ['sbom.generate', { lockfile: currentLock, output: 'sbom.json' }, 'output'],
      ['sbom.diff', { before: '/tmp/a.json', after: 'b.json' }, 'after'],
      ['integrity.snapshot', { dir: '.', output: path.join(work, 'b.json') }, 'dir'],
      ['integrity.check', { dir: work, baseline: '../baseline.json' }, 'baseline'],
      ['advisories.import', { path: 'osv' }, 'path'],
    ];
    for (const [operation, input, field] of refusals) {
      expect(await call(operation, input), operation).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining(`${field} must be an absolute path`), fields: [{ field, message: 'must be an absolute path' }] } });
    }
    expect(fs.existsSync(path.join(process.cwd(), 'sbom.json'))).toBe(false);
  });
});

describe('an SBOM or a baseline written with output', () => {
  it('never replaces a file: not the lockfile read (under any name), not an earlier baseline', async () => {
    const dir = path.join(work, 'outputs');
    fs.mkdirSync(dir);
    const lock = path.join(dir, 'package-lock.json');
    fs.copyFileSync(currentLock, lock);
    fs.symlinkSync(lock, path.join(dir, 'link.json'));
    const original = fs.readFileSync(lock, 'utf8');
    for (const output of [lock, path.join(dir, 'link.json'), path.join(dir, '..', 'outputs', 'package-lock.json')]) {
      expect(await call('sbom.generate', { lockfile: lock, output })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('the input this SBOM is made from') } });
    }
    expect(fs.readFileSync(lock, 'utf8')).toBe(original);

    const tree = path.join(dir, 'tree');
    fs.mkdirSync(tree);
    fs.writeFileSync(path.join(tree, 'app.js'), 'good\n');
    const baseline = path.join(dir, 'baseline.json');
    await ok('integrity.snapshot', { dir: tree, output: baseline });
    const known = fs.readFileSync(baseline, 'utf8');
    fs.writeFileSync(path.join(tree, 'app.js'), 'tampered\n');
    expect(await call('integrity.snapshot', { dir: tree, output: baseline })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Remove it first') } });
    expect(fs.readFileSync(baseline, 'utf8')).toBe(known);
  });
});

describe('a long check cancelled through the job registry', () => {
  it('stops and records nothing', async () => {
    const dir = path.join(work, 'many');
    for (let folder = 0; folder < 20; folder += 1) {
      fs.mkdirSync(path.join(dir, `d${folder}`), { recursive: true });
      for (let file = 0; file < 150; file += 1) fs.writeFileSync(path.join(dir, `d${folder}`, `f${file}.bin`), Buffer.alloc(16 * 1024, folder * 150 + file));
    }
    const baseline = path.join(work, 'many-baseline.json');
    expect((await ok<IntegritySnapshotResult>('integrity.snapshot', { dir, output: baseline })).baseline.files).toHaveLength(3_000);
    const id = declare('Artifacts rebuilt overnight');
    const seen = events.length;
    const pending = call('integrity.check', { dir, baseline, incidentId: id });
    // The job announces itself before any hashing (once its service has loaded): cancel as soon as its id is known.
    const progress = await vi.waitFor(() => {
      const announced = events.slice(seen).find((event): event is Extract<PushedEvent, { type: 'job.progress' }> => event.type === 'job.progress' && event.operation === 'integrity.check');
      if (!announced) throw new Error('the job has not announced itself yet');
      return announced;
    });
    expect(dispatch(ctx, 'jobs.cancel', { jobId: progress!.jobId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await ok<SupplyCheckList>('supply.list', { incidentId: id })).toEqual({ checks: [] });
    expect(timeline(id).filter((entry) => entry.type === 'supply.checked')).toEqual([]);
  });
});
