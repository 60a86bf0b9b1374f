import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { freshHubDatabase } from '../support/hubFixtures';
import { addHubMember } from '../../src-main/services/hub/hubAdmin';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';

// Joining a hub over TLS with the CA file a responder was given: the CA is kept (it is public),
// the connection verified against it on every later sync; a file that is no certificate is refused.

const work = tempDataDir('firebreak-hubtls-');
let cluster: PostgresCluster;
let url: string;
const caFile = path.join(work, 'hub-ca.pem');

beforeAll(async () => {
  cluster = await startPostgres({ tls: true });
  const adminUrl = await freshHubDatabase(cluster, 'tlsjoin');
  await addHubMember({ url: adminUrl }, { name: 'tls_carol', password: 'pw-tls-carol' });
  url = cluster.url('tls_carol', undefined, 'tlsjoin');
  fs.writeFileSync(caFile, cluster.caPem!);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('hub join over TLS', () => {
  it('refuses a CA file that holds no certificate, and joins with the hub\'s CA: status says TLS is verified, and sync works', () => {
    const dataDir = path.join(work, 'laptop');
    fs.mkdirSync(dataDir);
    const notPem = path.join(work, 'not.pem');
    fs.writeFileSync(notPem, 'hello');
    const refused = runCli(dataDir, ['hub', 'join', '--url', url, '--ca', notPem, '--password-stdin', '--json'], { input: 'pw-tls-carol' });
    expect(refused.status).toBe(2);
    expect(refused.json.error).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('holds no PEM certificate') });

    const joined = runCli(dataDir, ['hub', 'join', '--url', url, '--ca', caFile, '--password-stdin', '--json'], { input: 'pw-tls-carol' });
    expect(joined.json).toMatchObject({ ok: true, value: { state: 'connected', tls: true, role: 'tls_carol' } });
    // The CA file may go away: its text was kept at join.
    fs.renameSync(caFile, `${caFile}.moved`);
    const status = runCli(dataDir, ['hub', 'status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('TLS: verified against the joined CA');
    runCli(dataDir, ['incident', 'declare', '--title', 'Over TLS', '--severity', 'P3', '--json']);
    const synced = runCli(dataDir, ['sync', '--json']);
    expect(synced.json).toMatchObject({ ok: true, value: { pending: 0 } });
    expect(synced.json.value.pushed).toBeGreaterThan(0);
  });
});
