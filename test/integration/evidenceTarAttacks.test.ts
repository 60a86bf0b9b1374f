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
