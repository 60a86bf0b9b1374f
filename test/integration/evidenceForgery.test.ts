/**
 * A forger with their own copy of Firebreak: they change a file, collect again under their own key,
 * and put the new archive, manifest and checksum where the genuine ones were. Verify must not call
 * that intact, must name the signer it does not trust, and must still name the changed file when
 * the forger's key is trusted. Headers changed by hand (mode, time) must be named too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealChecksum } from '../../src-main/domain/evidence/tarFormat';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { headerOf, rewriteTar, sha256 } from '../support/tarEdit';

const work = tempDataDir('firebreak-forgery-');
const laptop = path.join(work, 'laptop-data');
const forger = path.join(work, 'forger-data');
const colleague = path.join(work, 'colleague-data');
const tree = path.join(work, 'case', 'tree');
const archive = path.join(work, 'evidence', 'host.tar.gz');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const beside = (file: string) => [file, `${file}.manifest.json`, `${file}.sha256`];
let genuineKey = '';

beforeAll(() => {
  fs.mkdirSync(path.join(tree, 'logs'), { recursive: true });
  fs.mkdirSync(path.dirname(archive));
  fs.writeFileSync(path.join(tree, 'logs', 'auth.log'), 'Accepted publickey for deploy from 203.0.113.9\n'.repeat(200));
  fs.writeFileSync(path.join(tree, 'logs', 'app.log'), 'GET /health 200\n'.repeat(300));
  fs.symlinkSync('logs/app.log', path.join(tree, 'current.log'));
  fs.chmodSync(path.join(tree, 'logs', 'auth.log'), 0o640);
  const collected = runCli(laptop, ['evidence', 'collect', tree, '-o', archive, '--json']);
  expect(collected.status, collected.stdout + collected.stderr).toBe(0);
  genuineKey = collected.json.value.publicKeyFingerprint;
});

/** The forger's copy of the case, with auth.log rewritten, collected under their own key and put in place of the genuine files. */
function forge(): { forgerKey: string; forgerKeyFile: string } {
  const forgedTree = path.join(work, 'forger', 'tree');
  fs.cpSync(tree, forgedTree, { recursive: true, verbatimSymlinks: true });
  fs.writeFileSync(path.join(forgedTree, 'logs', 'auth.log'), 'Nothing to see here\n'.repeat(200));
  const forged = path.join(work, 'forger', 'host.tar.gz');
  const run = runCli(forger, ['evidence', 'collect', forgedTree, '-o', forged, '--json']);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const forgerKeyFile = path.join(work, 'forger', 'forger.pub');
  expect(runCli(forger, ['evidence', 'key', 'export', '-o', forgerKeyFile]).status).toBe(0);
  // Rewritten in place of the genuine archive, manifest and checksum (which names the file only by its base name).
  for (const [from, to] of beside(forged).map((file, i) => [file, beside(archive)[i]!])) {
    fs.rmSync(to!, { force: true });
    fs.copyFileSync(from!, to!);
  }
  return { forgerKey: run.json.value.publicKeyFingerprint, forgerKeyFile };
}

describe('a forged archive', () => {
  it('is not intact: verify names the untrusted signer, and with the forger\'s key trusted still names the changed file', () => {
    expect(runCli(laptop, ['evidence', 'verify', archive]).status).toBe(0);
    const genuineAuthLog = sha256(fs.readFileSync(path.join(tree, 'logs', 'auth.log')));
    const { forgerKey, forgerKeyFile } = forge();
    expect(forgerKey).not.toBe(genuineKey);
    // The forgery is self-consistent: its checksum file agrees with it.
    expect(fs.readFileSync(`${archive}.sha256`, 'utf8').split(' ')[0]).toBe(sha256(fs.readFileSync(archive)));

    const human = runCli(laptop, ['evidence', 'verify', archive]);
    expect(human.status).toBe(1);
    expect(human.stdout).not.toContain('intact');
    expect(human.stdout).toContain(`untrusted-signer: signed, but not by a key you trust: key ${forgerKey}`);
    expect(human.stdout).toContain(`signer: key ${forgerKey.slice(0, 16)}…, not a key you trust`);

    const json = runCli(laptop, ['evidence', 'verify', archive, '--json']).json.value;
    expect(json).toMatchObject({ intact: false, signatureValid: true, signer: { fingerprint: forgerKey, trusted: false, trustedAs: null } });
    const kinds = json.mismatches.map((m: { kind: string }) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['untrusted-signer', 'registered-record', 'manifest-differs', 'entry-hash']));
    expect(json.mismatches).toContainEqual(expect.objectContaining({ kind: 'entry-hash', entry: 'tree/logs/auth.log', expected: genuineAuthLog }));

    const trusted = runCli(laptop, ['evidence', 'verify', archive, '--trusted-key', forgerKeyFile, '--json']);
    expect(trusted.status).toBe(1);
    expect(trusted.json.value).toMatchObject({ intact: false, signer: { fingerprint: forgerKey, trusted: true, trustedAs: 'given' } });
    const messages = trusted.json.value.mismatches.map((m: { message: string }) => m.message).join('\n');
    expect(messages).not.toContain('not by a key you trust');
    expect(messages).toMatch(/tree\/logs\/auth\.log changed: its SHA-256 differs from the record of EV-[0-9a-f]{8}/);
    expect(messages).toMatch(/the archive is not the one collected as EV-[0-9a-f]{8} on .*: its SHA-256 differs from the register's/);
    expect(messages).toContain(`signed by key ${forgerKey.slice(0, 16)}…, but EV-`);

    // Each check went into the chain of custody as a failure.
    const custody = runCli(laptop, ['evidence', 'list', '--json']).json.value.items[0].custody.map((entry: { action: string; detail: string }) => `${entry.action} ${entry.detail}`);
    expect(custody.filter((line: string) => line.startsWith('verified FAILED'))).toHaveLength(3);

    // A colleague with none of this laptop's records: the signer alone decides, and it is not theirs to trust.
    const elsewhere = runCli(colleague, ['evidence', 'verify', archive, '--trusted-key', genuineKey, '--json']);
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.json.value).toMatchObject({ intact: false, registeredAs: null, signer: { fingerprint: forgerKey, trusted: false } });
  });
});

describe('headers changed by hand', () => {
  /** A fresh genuine archive for each case, checked on a colleague's laptop that trusts this laptop's key. */
  function fresh(name: string): string {
    const file = path.join(work, 'evidence', `${name}.tar.gz`);
    expect(runCli(laptop, ['evidence', 'collect', tree, '-o', file, '--json']).status).toBe(0);
    return file;
  }
  const verifyElsewhere = (file: string) => runCli(colleague, ['evidence', 'verify', file, '--trusted-key', genuineKey, '--json']);

  it('names an entry whose mode alone was changed in its tar header', () => {
    const file = fresh('mode');
    expect(verifyElsewhere(file).json.value.intact).toBe(true);
    rewriteTar(file, (tar) => {
      const header = headerOf(tar, 'tree/logs/auth.log');
      tar.write('0000777\0', header + 100, 'ascii');
      sealChecksum(tar.subarray(header, header + 512).fill(0x20, 148, 156));
    });
    const run = verifyElsewhere(file);
    expect(run.status).toBe(1);
    expect(run.json.value.mismatches).toContainEqual({
      kind: 'entry-metadata',
      entry: 'tree/logs/auth.log',
      expected: '0640',
      actual: '0777',
      message: 'tree/logs/auth.log: its mode in the archive (0777) differs from the manifest (0640)',
    });
    // Only the header changed: the file's bytes still match.
    expect(run.json.value.mismatches.filter((m: { kind: string }) => m.kind === 'entry-hash')).toEqual([]);
  });

  it('names an entry whose modification time alone was changed in its pax record', () => {
    const file = fresh('mtime');
    const mtime = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8')).entries.find((entry: { archivePath: string }) => entry.archivePath === 'tree/logs/app.log').mtime as string;
    rewriteTar(file, (tar) => {
      const pax = headerOf(tar, 'PaxHeaders/tree/logs/app.log') + 512;
      const record = tar.indexOf(' mtime=', pax) + ' mtime='.length;
      // One second earlier, same number of digits: the record's length prefix stays right.
      tar.write(String(Number(tar.subarray(record, record + 10).toString('ascii')) - 1), record, 'ascii');
    });
    const run = verifyElsewhere(file);
    expect(run.status).toBe(1);
    expect(run.json.value.mismatches).toContainEqual(
      expect.objectContaining({ kind: 'entry-metadata', entry: 'tree/logs/app.log', expected: mtime, actual: new Date(Date.parse(mtime) - 1000).toISOString() }),
    );
  });

  it('names a link whose target was changed, and an archive rebuilt around a copied manifest', () => {
    const file = fresh('link');
    rewriteTar(file, (tar) => {
      const pax = headerOf(tar, 'PaxHeaders/tree/current.log') + 512;
      const record = tar.indexOf('linkpath=logs/app.log', pax) + 'linkpath='.length;
      tar.write('logs/aut.log', record, 'ascii');
    });
    const run = verifyElsewhere(file);
    expect(run.json.value.mismatches).toContainEqual(expect.objectContaining({ kind: 'entry-metadata', entry: 'tree/current.log', expected: 'logs/app.log', actual: 'logs/aut.log' }));

    // Same files and headers, compressed anew, and the copied manifest's archive hash rewritten to match:
    // only the signature of the archive's own hash can tell.
    const rebuilt = fresh('rebuilt');
    const before = fs.readFileSync(rebuilt);
    rewriteTar(rebuilt, () => {}, 1);
    expect(fs.readFileSync(rebuilt).equals(before)).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(`${rebuilt}.manifest.json`, 'utf8'));
    manifest.archiveSha256 = sha256(fs.readFileSync(rebuilt));
    fs.rmSync(`${rebuilt}.manifest.json`);
    fs.writeFileSync(`${rebuilt}.manifest.json`, JSON.stringify(manifest, null, 2));
    const again = verifyElsewhere(rebuilt);
    expect(again.status).toBe(1);
    expect(again.json.value.mismatches.map((m: { kind: string; message: string }) => `${m.kind}: ${m.message}`)).toEqual([
      "signature: the archive's SHA-256 is not the one its manifest's key signed: the archive was rebuilt, or its manifest copied from another",
    ]);
  });
});
