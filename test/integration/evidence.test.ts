import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { copyCliForAnyUser } from '../support/portableCli';

const work = tempDataDir('firebreak-evidence-');
const dataDir = path.join(work, 'data');
const tree = path.join(work, 'tree');
const out = path.join(work, 'out');
const oddName = Buffer.concat([Buffer.from(path.join(tree, 'caf')), Buffer.from([0xe9]), Buffer.from('.log')]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(() => {
  fs.mkdirSync(path.join(tree, 'logs', 'nested'), { recursive: true });
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(tree, 'logs', 'auth.log'), 'Failed password for root from 203.0.113.7\n'.repeat(500));
  fs.writeFileSync(path.join(tree, 'logs', 'nested', 'blob.bin'), Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256)));
  fs.writeFileSync(path.join(tree, 'empty.txt'), '');
  fs.writeFileSync(oddName, 'latin-1 named file\n');
  fs.symlinkSync('..', path.join(tree, 'logs', 'loop'));
  execFileSync('mkfifo', [path.join(tree, 'pipe')]);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function collect(output: string, ...roots: string[]) {
  return runCli(dataDir, ['evidence', 'collect', ...roots, '-o', output, '--json']);
}

describe('evidence collection', () => {
  const archive = path.join(out, 'evidence.tar.gz');

  it('writes an archive tar accepts, whose files hash to the manifest, with the archive hash beside it', () => {
    const run = collect(archive, tree);
    expect(run.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(`${archive}.manifest.json`, 'utf8'));
    const archiveHash = sha256(fs.readFileSync(archive));
    expect(manifest.archiveSha256).toBe(archiveHash);
    expect(fs.readFileSync(`${archive}.sha256`, 'utf8')).toBe(`${archiveHash}  evidence.tar.gz\n`);
    expect(manifest).toMatchObject({ formatVersion: 2, tool: { name: 'firebreak' }, incidentId: null, host: expect.any(String), osUser: expect.any(String), signature: { algorithm: 'ed25519', publicKeyFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) } });

    const listing = spawnSync('tar', ['-tzf', archive]);
    expect(listing.status).toBe(0);
    const extracted = path.join(work, 'extracted');
    fs.mkdirSync(extracted);
    expect(spawnSync('tar', ['-xzf', archive, '-C', extracted]).status).toBe(0);
    const files = manifest.entries.filter((entry: { sha256: string | null }) => entry.sha256);
    expect(files).toHaveLength(4);
    for (const entry of files) {
      const name = entry.archivePathBytes ? Buffer.from(entry.archivePathBytes, 'base64') : Buffer.from(entry.archivePath);
      const onDisk = Buffer.concat([Buffer.from(`${extracted}/`), name]);
      const sum = execFileSync('sha256sum', { input: fs.readFileSync(onDisk) }).toString().split(' ')[0];
      expect(sum, entry.archivePath).toBe(entry.sha256);
    }
    // The non-UTF-8 name survives byte for byte.
    expect(fs.readdirSync(path.join(extracted, 'tree'), { encoding: 'buffer' }).some((name) => name.equals(Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.log')])))).toBe(true);
    expect(spawnSync('tar', ['-xzOf', archive, 'manifest.json']).stdout.toString()).toContain('"formatVersion": 2');
    expect(runCli(dataDir, ['evidence', 'verify', archive, '--json'])).toMatchObject({ status: 0, json: { ok: true, value: { intact: true, entriesChecked: 4, signatureValid: true } } });
  });

  it('records what it did not archive and why', () => {
    const manifest = JSON.parse(fs.readFileSync(`${archive}.manifest.json`, 'utf8'));
    const problem = (suffix: string) => manifest.entries.find((entry: { path: string }) => entry.path.endsWith(suffix))?.problem;
    // A link is archived as a link (its target recorded), so it is not a problem.
    expect(problem('/logs/loop')).toBeNull();
    expect(manifest.entries.find((entry: { path: string }) => entry.path.endsWith('/logs/loop')).linkTarget).toBe('..');
    expect(problem('/pipe')).toBe('fifo: recorded, skipped (reading it could block forever)');
    expect(manifest.entries.find((entry: { pathBytes?: string }) => entry.pathBytes)?.pathBytes).toBe(oddName.toString('base64'));
  });

  it('fails verification naming what changed: a flipped byte in the archive, an edited manifest', () => {
    const flipped = path.join(out, 'flipped.tar.gz');
    fs.copyFileSync(archive, flipped);
    fs.copyFileSync(`${archive}.manifest.json`, `${flipped}.manifest.json`);
    const bytes = fs.readFileSync(flipped);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    fs.writeFileSync(flipped, bytes);
    const broken = runCli(dataDir, ['evidence', 'verify', flipped, '--json']);
    expect(broken.status).toBe(1);
    expect(broken.json.value.mismatches).toContainEqual(expect.objectContaining({ kind: 'archive-hash', expected: sha256(fs.readFileSync(archive)), actual: sha256(bytes) }));

    // On a colleague's laptop (its own data folder: nothing registered), trusting this laptop's key.
    const colleague = path.join(work, 'colleague-data');
    const fingerprint = runCli(dataDir, ['evidence', 'key', 'export', '--json']).json.value.fingerprint as string;
    const edited = path.join(out, 'edited.tar.gz');
    fs.copyFileSync(archive, edited);
    fs.copyFileSync(`${archive}.sha256`, `${edited}.sha256`);
    const manifest = JSON.parse(fs.readFileSync(`${archive}.manifest.json`, 'utf8'));
    fs.writeFileSync(`${edited}.manifest.json`, JSON.stringify(manifest));
    expect(runCli(colleague, ['evidence', 'verify', edited, '--trusted-key', fingerprint]).status).toBe(0);
    const authLog = manifest.entries.find((entry: { path: string }) => entry.path.endsWith('auth.log'));
    authLog.sha256 = '0'.repeat(64);
    fs.writeFileSync(`${edited}.manifest.json`, JSON.stringify(manifest));
    const tampered = runCli(colleague, ['evidence', 'verify', edited, '--trusted-key', fingerprint]);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('signature: the manifest\'s signature does not verify');
    expect(tampered.stdout).toContain(`entry-hash: tree/logs/auth.log changed: its SHA-256 differs from the manifest (expected ${'0'.repeat(64)}, actual ${sha256(fs.readFileSync(path.join(tree, 'logs', 'auth.log')))})`);
    // On this laptop the copy is known by its hash: the register's record names the rewritten manifest.
    const here = runCli(dataDir, ['evidence', 'verify', edited]);
    expect(here.status).toBe(1);
    expect(here.stdout).toMatch(/manifest-differs: the manifest beside the archive differs from the record of EV-[0-9a-f]{8}, kept since its collection/);
  });

  it('never overwrites an archive and refuses a missing path, leaving nothing behind', () => {
    expect(collect(archive, tree)).toMatchObject({ status: 2, json: { error: { code: 'conflict' } } });
    const missing = collect(path.join(out, 'none.tar.gz'), path.join(work, 'does-not-exist'));
    expect(missing).toMatchObject({ status: 2, json: { error: { code: 'not-found', message: `cannot collect ${path.join(work, 'does-not-exist')} (no such file or folder). Nothing was collected: correct the path, or collect without it (the console asks; the CLI takes --skip-missing).` } } });
    expect(fs.readdirSync(out).filter((name) => name.startsWith('none'))).toEqual([]);
  });

  it('records the collection on the incident\'s timeline', () => {
    const id = runCli(dataDir, ['incident', 'declare', '--title', 'Evidence drill', '--severity', 'P2', '--json']).json.value.id;
    expect(collect(path.join(out, 'incident.tar.gz'), path.join(tree, 'logs')).status).toBe(0);
    const withIncident = runCli(dataDir, ['evidence', 'collect', path.join(tree, 'logs'), '-o', path.join(out, 'incident2.tar.gz'), '--incident', id, '--json']);
    expect(withIncident.status).toBe(0);
    const evidenceId = withIncident.json.value.evidenceId as string;
    expect(evidenceId).toMatch(/^EV-[0-9a-f]{8}$/);
    expect(runCli(dataDir, ['evidence', 'custody', evidenceId, '--add', 'handed-over', '--to', 'Legal (Dana)', '--note', 'sealed USB drive #4', '--json']).status).toBe(0);
    expect(runCli(dataDir, ['evidence', 'verify', path.join(out, 'incident2.tar.gz')]).status).toBe(0);
    const custody = runCli(dataDir, ['evidence', 'custody', evidenceId, '--json']).json.value.custody;
    expect(custody.map((entry: { action: string; detail: string }) => [entry.action, entry.detail])).toEqual([
      ['collected', `2 files from ${path.join(tree, 'logs')} on ${custody[0].detail.split(' on ')[1]}`],
      ['handed-over', 'to Legal (Dana): sealed USB drive #4'],
      ['verified', expect.stringMatching(/^intact: 2 files, signed by the key registered with EV-[0-9a-f]{8} \([0-9a-f]{16}…\); sha256 [0-9a-f]{64}$/)],
    ]);
    const timeline = runCli(dataDir, ['incident', 'show', id, '--json']).json.value.timeline;
    expect(timeline.filter((entry: { type: string }) => entry.type === 'evidence.custody').map((entry: { payload: { action: string } }) => entry.payload.action)).toEqual(['collected', 'handed-over', 'verified']);
    expect(runCli(dataDir, ['evidence', 'custody', evidenceId, '--add', 'stolen', '--json'])).toMatchObject({ status: 2, json: { error: { code: 'invalid-input' } } });
    expect(runCli(dataDir, ['incident', 'verify', id]).status).toBe(0);
  });

  it('exports archive, manifest and checksum to a folder, proves the copy, and never overwrites', () => {
    const id = runCli(dataDir, ['incident', 'declare', '--title', 'Export drill', '--severity', 'P3', '--json']).json.value.id;
    const evidenceId = runCli(dataDir, ['evidence', 'collect', path.join(tree, 'logs'), '-o', path.join(out, 'export-me.tar.gz'), '--incident', id, '--json']).json.value.evidenceId;
    const usb = path.join(work, 'usb');
    fs.mkdirSync(usb);
    const exported = runCli(dataDir, ['evidence', 'export', evidenceId, usb, '--json']);
    expect(exported.status, exported.stdout).toBe(0);
    expect(fs.readdirSync(usb).sort()).toEqual(['export-me.tar.gz', 'export-me.tar.gz.manifest.json', 'export-me.tar.gz.sha256']);
    // The copy verifies on its own, wherever it travels.
    expect(spawnSync('sha256sum', ['-c', 'export-me.tar.gz.sha256'], { cwd: usb }).status).toBe(0);
    expect(runCli(dataDir, ['evidence', 'verify', path.join(usb, 'export-me.tar.gz'), '--json']).json.value.intact).toBe(true);
    expect(exported.json.value.custody.at(-1)).toMatchObject({ action: 'exported', detail: expect.stringContaining(`to ${path.join(usb, 'export-me.tar.gz')}: sha256 of the copy matches`) });
    expect(runCli(dataDir, ['evidence', 'export', evidenceId, usb, '--json'])).toMatchObject({ status: 2, json: { error: { code: 'conflict' } } });
    expect(runCli(dataDir, ['evidence', 'export', evidenceId, path.join(work, 'nowhere'), '--json'])).toMatchObject({ status: 2, json: { error: { code: 'invalid-input', message: expect.stringContaining('is not a folder') } } });
    const timeline = runCli(dataDir, ['incident', 'show', id, '--json']).json.value.timeline;
    // Verifying the copy is known by its hash: it lands in the original's chain of custody, naming the copy.
    expect(timeline.filter((entry: { type: string }) => entry.type === 'evidence.custody').map((entry: { payload: { action: string; detail: string } }) => [entry.payload.action, entry.payload.detail])).toEqual([
      ['collected', expect.any(String)],
      ['exported', expect.any(String)],
      ['verified', expect.stringMatching(new RegExp(`^intact: 2 files, signed by .*; sha256 [0-9a-f]{64}, the copy at ${path.join(usb, 'export-me.tar.gz')}$`))],
    ]);
  });

  it('records an unreadable file with its error when run without root\'s privileges', () => {
    const shared = path.join(work, 'shared');
    fs.mkdirSync(path.join(shared, 'data'), { recursive: true });
    fs.writeFileSync(path.join(shared, 'readable.txt'), 'ok');
    fs.writeFileSync(path.join(shared, 'secret.txt'), 'no', { mode: 0o000 });
    fs.chmodSync(work, 0o755);
    fs.chmodSync(shared, 0o777);
    fs.chmodSync(path.join(shared, 'data'), 0o777);
    fs.chmodSync(path.join(shared, 'readable.txt'), 0o644);
    // root reads everything, so the collector runs as "nobody" for this case, from a copy of the
    // CLI that nobody can reach wherever the checkout lives.
    const portable = copyCliForAnyUser();
    onTestFinished(() => fs.rmSync(portable.root, { recursive: true, force: true }));
    const run = spawnSync(process.execPath, [portable.cliPath, 'evidence', 'collect', shared, '-o', path.join(shared, 'data', 'e.tar.gz'), '--json'], {
      env: { ...process.env, FIREBREAK_DATA_DIR: path.join(shared, 'data'), HOME: path.join(shared, 'data') },
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const value = JSON.parse(run.stdout).value;
    expect(value.problems).toContainEqual({ path: path.join(shared, 'secret.txt'), problem: 'unreadable: EACCES' });
  });

  it('quarantines a file with its permissions stripped, and releases it intact, both on the timeline', () => {
    const id = runCli(dataDir, ['incident', 'declare', '--title', 'Suspicious upload', '--severity', 'P1', '--json']).json.value.id;
    const suspect = path.join(work, 'upload.php');
    fs.writeFileSync(suspect, '<?php system($_GET["c"]); ?>', { mode: 0o644 });
    const quarantined = runCli(dataDir, ['quarantine', 'add', suspect, '--incident', id, '--json']);
    expect(quarantined.status).toBe(0);
    const entry = quarantined.json.value;
    expect(entry).toMatchObject({ id: expect.stringMatching(/^Q-[0-9a-f]{8}$/), originalPath: suspect, sha256: sha256(Buffer.from('<?php system($_GET["c"]); ?>')), mode: '0644' });
    expect(fs.existsSync(suspect)).toBe(false);
    expect(fs.statSync(entry.storedPath).mode & 0o777).toBe(0);
    expect(runCli(dataDir, ['quarantine', 'list', '--json']).json.value.files.map((file: { id: string }) => file.id)).toContain(entry.id);

    const released = runCli(dataDir, ['quarantine', 'release', entry.id, '--json']);
    expect(released.json.value).toMatchObject({ releasedAt: expect.any(String) });
    expect(fs.readFileSync(suspect, 'utf8')).toBe('<?php system($_GET["c"]); ?>');
    expect(fs.statSync(suspect).mode & 0o777).toBe(0o644);
    expect(runCli(dataDir, ['quarantine', 'release', entry.id, '--json'])).toMatchObject({ status: 2, json: { error: { code: 'conflict' } } });
    const types = runCli(dataDir, ['incident', 'show', id, '--json']).json.value.timeline.map((event: { type: string }) => event.type);
    expect(types).toEqual(expect.arrayContaining(['evidence.quarantined', 'evidence.released']));
    expect(runCli(dataDir, ['quarantine', 'add', path.join(work, 'tree'), '--json'])).toMatchObject({ status: 2, json: { error: { message: expect.stringContaining('not a regular file') } } });
  });
});
