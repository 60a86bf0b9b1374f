import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, serveConsole, tempDataDir, type ServedConsole } from '../../support/consoleServer';

// The supply operations as the browser calls them over `firebreak serve`.
const work = tempDataDir('firebreak-review-supply-http-');
const dataDir = path.join(work, 'data');
const lock = path.join(work, 'package-lock.json');
let served: ServedConsole;
let first: string;
let second: string;

beforeAll(async () => {
  fs.writeFileSync(lock, JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { x: '1' } }, 'node_modules/x': { version: '1.0.0', resolved: 'https://u:npm_abcdefghijklmnopqrstuvwxyz0123456789@registry.npmjs.org/x/-/x-1.0.0.tgz' } } }));
  served = await serveConsole(dataDir);
  first = (await apiCall(served, 'incident.declare', { title: 'lockfile drift in checkout', severity: 'P1' })).body.value.id;
  second = (await apiCall(served, 'incident.declare', { title: 'unrelated phishing', severity: 'P2' })).body.value.id;
}, 30_000);
afterAll(async () => {
  await served.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('supply operations over HTTP (defences that hold)', () => {
  it('keeps a check to its incident: another incident cannot read it by id', async () => {
    const diff = await apiCall(served, 'scan.lockdiff', { baseline: lock, current: lock, incidentId: first });
    expect(diff.status).toBe(200);
    const checkId = diff.body.value.checkId as string;
    expect((await apiCall(served, 'supply.get', { incidentId: first, checkId })).status).toBe(200);
    const other = await apiCall(served, 'supply.get', { incidentId: second, checkId });
    expect(other).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not-found' } } });
  });

  it('refuses malformed inputs with the field named', async () => {
    expect((await apiCall(served, 'scan.deps', { lockfiles: [] })).body.error.fields[0].field).toBe('lockfiles');
    expect((await apiCall(served, 'scan.deps', { lockfiles: ['/tmp/a\u0000b'] })).body.error.fields[0].field).toBe('lockfiles.0');
    const proto = await apiCall(served, 'scan.deps', JSON.parse(`{"lockfiles":["${lock}"],"__proto__":{"incidentId":"${first}"}}`));
    expect(proto.status).toBe(400);
  });

  it('refuses to write an SBOM over the data dir database', async () => {
    const run = await apiCall(served, 'sbom.generate', { lockfile: lock, output: path.join(dataDir, 'firebreak.sqlite') });
    expect(run).toMatchObject({ status: 400, body: { ok: false, error: { code: 'invalid-input' } } });
  });

  it('keeps no registry token from a resolved URL in the stored check or the timeline', async () => {
    await apiCall(served, 'scan.lockdiff', { baseline: lock, current: lock, incidentId: first });
    const detail = await apiCall(served, 'incident.get', { id: first });
    const checks = await apiCall(served, 'supply.list', { incidentId: first });
    expect(JSON.stringify([detail.body, checks.body])).not.toContain('npm_abcdefghijklmnopqrstuvwxyz0123456789');
  });
});
