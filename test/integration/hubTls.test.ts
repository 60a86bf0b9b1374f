import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubClientConfig } from '../../src-main/services/hub/hubConnection';
import { PostgresHub } from '../../src-main/services/hub/postgresHub';
import { freshHubDatabase, hubRole } from '../support/hubFixtures';
import { startPostgres, type PostgresCluster } from '../support/postgresCluster';

// A hub reached over TLS: verified against the CA the responder was given, and refused when the
// certificate cannot be verified (another CA, or none given and not a public one).

let cluster: PostgresCluster;
let url: string;
beforeAll(async () => {
  cluster = await startPostgres({ tls: true });
  const adminUrl = await freshHubDatabase(cluster, 'tls');
  url = await hubRole(adminUrl, cluster, 'tls', 'alice');
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

function otherCa(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-other-ca-'));
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'k', '-out', 'c', '-days', '1', '-subj', '/CN=Someone else'], { cwd: dir });
  expect(made.status).toBe(0);
  const pem = fs.readFileSync(path.join(dir, 'c'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  return pem;
}

describe('a hub over TLS', () => {
  it('connects with the hub\'s CA, and the session is encrypted', async () => {
    const hub = new PostgresHub({ url, ca: cluster.caPem! });
    expect((await hub.describe()).role).toBe('alice');
    await hub.close();
    const client = new pg.Client(hubClientConfig({ url, ca: cluster.caPem! }));
    await client.connect();
    const ssl = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    expect(ssl.rows[0]!.ssl).toBe(true);
    await client.end();
  });

  it('refuses a certificate another CA signed', async () => {
    const hub = new PostgresHub({ url, ca: otherCa() });
    await expect(hub.describe()).rejects.toThrow(/TLS with the hub at 127\.0\.0\.1:\d+ failed/);
    await hub.close();
  });

  it('with sslmode=require and no CA, checks the certificate against the system CAs and refuses a private one', async () => {
    const hub = new PostgresHub({ url: `${url}?sslmode=require` });
    await expect(hub.describe()).rejects.toThrow(/TLS with the hub/);
    await hub.close();
  });
});
