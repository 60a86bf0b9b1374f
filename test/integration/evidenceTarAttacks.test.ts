/**
 * Archives rebuilt so that `tar -xzf` would extract something verify does not see: data hidden
 * after a folder's header, entries after the end-of-archive blocks, a global pax header, owner names
 * that tar applies before the ids, and manifests whose entries JSON readers would read otherwise.
 * Each must be named, never pass as intact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHeaders, paxRecord, padding, sealChecksum } from '../../src-main/domain/evidence/tarFormat';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { headerOf, rewriteTar } from '../support/tarEdit';

const work = tempDataDir('firebreak-tar-attacks-');
const laptop = path.join(work, 'laptop-data');
const colleague = path.join(work, 'colleague-data');
const tree = path.join(work, 'case', 'tree');
let laptopKey = '';
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const forgedLog = Buffer.from('Nothing to see here\n'.repeat(50));
/** A file entry as Firebreak writes one, with forged content. */
const forgedEntry = (name: string) => Buffer.concat([entryHeaders({ path: Buffer.from(name), size: forgedLog.length, mode: 0o640, uid: 0, gid: 0, mtimeMs: Date.now(), type: 'file' }), forgedLog, padding(forgedLog.length)]);
const endBlocks = 1024;

beforeAll(() => {
  fs.mkdirSync(path.join(tree, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'logs', 'auth.log'), 'Accepted publickey for deploy\n'.repeat(100));
  laptopKey = runCli(laptop, ['evidence', 'key', 'export', '--json']).json.value.fingerprint;
});

let counter = 0;
function fresh(): string {
  const file = path.join(work, 'evidence', `case-${(counter += 1)}.tar.gz`);
  const run = runCli(laptop, ['evidence', 'collect', tree, '-o', file, '--json']);
  expect(run.status, run.stderr).toBe(0);
  return file;
}

/** Verified by a colleague who trusts this laptop's key; the mismatches as `kind: message` lines. */
function verifyElsewhere(file: string): { status: number; lines: string[] } {
  const run = runCli(colleague, ['evidence', 'verify', file, '--trusted-key', laptopKey, '--json']);
  return { status: run.status, lines: run.json.value.mismatches.map((m: { kind: string; message: string }) => `${m.kind}: ${m.message}`) };
}

describe('a rebuilt archive that tar reads otherwise than verify', () => {
  it('names data hidden after a folder header, which tar would extract as a further file', () => {
    const file = fresh();
    rewriteTar(file, (tar) => {
      // A second header for tree/logs whose pax size covers a forged auth.log: tar reads no data after a folder.
      const hidden = forgedEntry('tree/logs/auth.log');
      const folder = entryHeaders({ path: Buffer.from('tree/logs'), size: hidden.length, mode: 0o755, uid: 0, gid: 0, mtimeMs: Date.now(), type: 'directory' });
      return Buffer.concat([tar.subarray(0, tar.length - endBlocks), folder, hidden, Buffer.alloc(endBlocks)]);
    });
    const run = verifyElsewhere(file);
    expect(run.status).toBe(1);
    expect(run.lines).toContainEqual(expect.stringMatching(/^unreadable: the archive cannot be read to the end: the header of tree\/logs, a folder, claims \d+ bytes of data, which tar would read as further entries$/));
  });

  it('names entries after the end-of-archive blocks, which tar -i would extract', () => {
    const file = fresh();
    rewriteTar(file, (tar) => Buffer.concat([tar, forgedEntry('tree/logs/auth.log'), Buffer.alloc(endBlocks)]));
    const run = verifyElsewhere(file);
    expect(run.status).toBe(1);
    expect(run.lines).toContain('unreadable: the archive cannot be read to the end: data follows the end of the archive: tar -i would extract it as more entries');
  });

  it('names a global pax header, which would set the owner of every entry after it', () => {
    const file = fresh();
    rewriteTar(file, (tar) => {
      const records = Buffer.concat([paxRecord('uid', Buffer.from('0')), paxRecord('uname', Buffer.from('root'))]);
      const global = Buffer.concat([entryHeaders({ path: Buffer.from('x'), size: 0, mode: 0o644, uid: 0, gid: 0, mtimeMs: 0, type: 'file' }).subarray(0, 512)]);
      global.write('GlobalHead\0', 0, 'latin1');
      global.write(`${records.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
      global.write('g', 156, 'ascii');
      sealChecksum(global.fill(0x20, 148, 156));
      return Buffer.concat([global, records, padding(records.length), tar]);
    });
    const run = verifyElsewhere(file);
    expect(run.status).toBe(1);
    expect(run.lines).toContain('unreadable: the archive cannot be read to the end: the archive has a global pax header (GlobalHead), which sets fields of every entry after it; Firebreak never writes one');
  });

  it('names an owner name set in a header, which tar applies before the numeric ids', () => {
    const file = fresh();
    rewriteTar(file, (tar) => {
      const header = headerOf(tar, 'tree/logs/auth.log');
      tar.write('nobody\0', header + 265, 'latin1');
      tar.write('nogroup\0', header + 297, 'latin1');
      sealChecksum(tar.subarray(header, header + 512).fill(0x20, 148, 156));
    });
    const run = verifyElsewhere(file);
    expect(run.status).toBe(1);
    expect(run.lines).toContain('entry-metadata: tree/logs/auth.log: its owner name (which tar applies before the ids) in the archive (nobody:nogroup) differs from the manifest (-)');
  });
});

describe('headers GNU tar acts on and Firebreak never writes', () => {
  it('refuses a GNU long-name header, a sparse-file pax keyword, and a second manifest.json', () => {
    const longName = fresh();
    rewriteTar(longName, (tar) => {
      // 'L' names the entry after it: tar would extract the next entry as tree/logs/auth.log.
      const name = Buffer.from('tree/logs/auth.log\0');
      const header = Buffer.from(tar.subarray(headerOf(tar, 'tree/logs/auth.log'), headerOf(tar, 'tree/logs/auth.log') + 512));
      header.write('././@LongLink\0', 0, 'latin1');
      header.write(`${name.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
      header.write('L', 156, 'ascii');
      sealChecksum(header.fill(0x20, 148, 156));
      return Buffer.concat([header, name, padding(name.length), tar]);
    });
    expect(verifyElsewhere(longName).lines).toContainEqual(expect.stringMatching(/^unreadable: .*an entry of type 'L' \(\.\/\.\/@LongLink\), which tar reads in ways Firebreak never writes/));

    const sparse = fresh();
    rewriteTar(sparse, (tar) => {
      // GNU.sparse.* would make tar extract only part of the file; its bytes, and so its hash, unchanged.
      const records = Buffer.concat([paxRecord('GNU.sparse.size', Buffer.from('10')), paxRecord('GNU.sparse.map', Buffer.from('0,10'))]);
      const at = headerOf(tar, 'tree/logs/auth.log');
      const header = Buffer.from(tar.subarray(at, at + 512));
      header.write('PaxHeaders/sparse\0', 0, 'latin1');
      header.write(`${records.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
      header.write('x', 156, 'ascii');
      sealChecksum(header.fill(0x20, 148, 156));
      return Buffer.concat([tar.subarray(0, at), header, records, padding(records.length), tar.subarray(at)]);
    });
    expect(verifyElsewhere(sparse).lines).toContainEqual(expect.stringMatching(/^unreadable: .*a pax header sets "GNU\.sparse\.(size|map)", which tar acts on and Firebreak never writes/));

    const twice = fresh();
    rewriteTar(twice, (tar) => Buffer.concat([tar.subarray(0, tar.length - endBlocks), forgedEntry('manifest.json'), Buffer.alloc(endBlocks)]));
    expect(verifyElsewhere(twice).lines).toContainEqual(expect.stringMatching(/^unreadable: .*the archive holds manifest\.json twice/));
  });
});

describe('a manifest that JSON readers would read otherwise than verify', () => {
  /** The manifest beside the archive rewritten by `edit` on its text (the archive untouched). */
  function rewriteManifest(file: string, edit: (text: string) => string): void {
    const text = fs.readFileSync(`${file}.manifest.json`, 'utf8');
    fs.rmSync(`${file}.manifest.json`);
    fs.writeFileSync(`${file}.manifest.json`, edit(text));
  }

  it('refuses "entries" written twice, and "entries" spelt with escapes', () => {
    const twice = fresh();
    rewriteManifest(twice, (text) => text.replace(/\n}\n$/, ',\n  "entries": []\n}\n'));
    // Every JSON reader keeps the last (empty) list: this one must not check the first and call it intact.
    expect(JSON.parse(fs.readFileSync(`${twice}.manifest.json`, 'utf8')).entries).toEqual([]);
    expect(verifyElsewhere(twice).lines).toContainEqual(expect.stringContaining('is not valid: the manifest names "entries" twice: JSON readers would keep only the last'));

    const escaped = fresh();
    rewriteManifest(escaped, (text) => text.replace(/\n}\n$/, ',\n  "entri\\u0065s": [{"archivePath": "tree/planted.txt"}]\n}\n'));
    expect(JSON.parse(fs.readFileSync(`${escaped}.manifest.json`, 'utf8')).entries).toEqual([{ archivePath: 'tree/planted.txt' }]);
    const run = verifyElsewhere(escaped);
    expect(run.status).toBe(1);
    expect(run.lines).toContainEqual(expect.stringContaining('is not valid: the manifest names "entries" twice'));
  });
});

describe('the list of entries and the checksum file', () => {
  it('refuses text between entries, and names a checksum file that does not start with a hash', () => {
    const text = fresh();
    const manifestFile = `${text}.manifest.json`;
    const original = fs.readFileSync(manifestFile, 'utf8');
    fs.rmSync(manifestFile);
    // A string in the list: other JSON readers would list it as an entry.
    fs.writeFileSync(manifestFile, original.replace('"entries": [\n', '"entries": [\n    "tree/planted.txt",\n'));
    expect(verifyElsewhere(text).lines).toContainEqual(expect.stringContaining('not valid: the manifest\'s list of entries holds """ between entries'));

    const blank = fresh();
    const hash = fs.readFileSync(`${blank}.sha256`, 'utf8');
    fs.rmSync(`${blank}.sha256`);
    fs.writeFileSync(`${blank}.sha256`, `\n${'0'.repeat(64)}  case.tar.gz\n`);
    expect(verifyElsewhere(blank).lines).toContainEqual(expect.stringMatching(/^archive-hash: /));
    fs.rmSync(`${blank}.sha256`);
    fs.writeFileSync(`${blank}.sha256`, `\n\n${hash.slice(0, 10)}`);
    expect(verifyElsewhere(blank).lines).toContainEqual(expect.stringMatching(/does not start with a SHA-256 \(64 hex digits\)$/));
  });
});

describe('an archive collected through a symlinked folder', () => {
  it('is checked against its record by either path, so a forgery verified by the real path is named', () => {
    const real = path.join(work, 'real-cases');
    const alias = path.join(work, 'cases');
    fs.mkdirSync(real);
    fs.symlinkSync(real, alias);
    const typed = path.join(alias, 'host.tar.gz');
    const collected = runCli(laptop, ['evidence', 'collect', tree, '-o', typed, '--json']);
    expect(collected.status).toBe(0);
    // Rebuilt with a changed file (headers intact): only the register's record can tell.
    rewriteTar(path.join(real, 'host.tar.gz'), (tar) => {
      const at = tar.indexOf('Accepted publickey');
      tar.write('Rejected', at, 'latin1');
    });
    for (const file of [typed, path.join(real, 'host.tar.gz')]) {
      const run = runCli(laptop, ['evidence', 'verify', file, '--json']);
      expect(run.status, file).toBe(1);
      expect(run.json.value.registeredAs, file).toBe(collected.json.value.evidenceId);
      expect(run.json.value.mismatches, file).toContainEqual(expect.objectContaining({ kind: 'registered-record' }));
      expect(run.json.value.mismatches, file).toContainEqual(expect.objectContaining({ kind: 'entry-hash', entry: 'tree/logs/auth.log' }));
    }
  });
});

describe('a collected file named manifest.json', () => {
  it('is archived beside the archive\'s own manifest, not over it, and verifies intact', () => {
    const own = path.join(work, 'case', 'manifest.json');
    fs.writeFileSync(own, '{"k8s": "deployment manifest"}\n');
    const file = path.join(work, 'evidence', 'manifest-root.tar.gz');
    expect(runCli(laptop, ['evidence', 'collect', own, '-o', file]).status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8'));
    expect(manifest.entries.map((entry: { archivePath: string }) => entry.archivePath)).toEqual(['manifest.json-2']);
    expect(runCli(laptop, ['evidence', 'verify', file, '--json']).json.value).toMatchObject({ intact: true, entriesChecked: 1 });
  });
});
