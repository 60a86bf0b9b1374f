import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvidenceEntry, EvidenceManifest } from '../../../src-main/contract';
import { canonicalJson } from '../../../src-main/domain/incidents/eventChain';
import { EntryCheck, listedMismatches, MismatchList } from '../../../src-main/jobs/evidence/evidenceCheck';
import { ManifestReader } from '../../../src-main/jobs/evidence/manifestReader';
import { ManifestWriter, type ManifestHead } from '../../../src-main/jobs/evidence/manifestWriter';
import { manifestDigest } from '../../../src-main/services/evidence/evidenceSigning';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-manifest-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const entry = (i: number): EvidenceEntry => ({
  // Names a JSON scanner could trip on: quotes, brackets, braces, escapes, non-ASCII.
  path: `/evidence/${i % 3 === 0 ? `odd "name ]}{[ \\ é ${i}` : `file${i}.log`}`,
  archivePath: `evidence/file${i}.log`,
  type: 'file',
  size: i,
  mode: '0644',
  owner: { uid: 1000, gid: 1000 },
  mtime: '2026-11-30T04:00:00.000Z',
  sha256: i.toString(16).padStart(64, '0'),
  problem: null,
});
const head: ManifestHead = {
  formatVersion: 1,
  tool: { name: 'firebreak', version: '0.1.0' },
  incidentId: null,
  collector: 'Ada (ada@example.org)',
  host: 'laptop',
  osUser: 'ada',
  roots: ['/evidence'],
  startedAt: '2026-11-30T04:00:00.000Z',
  finishedAt: '2026-11-30T04:01:00.000Z',
  totals: { entries: 40, files: 40, bytes: 780, problems: 0 },
  signature: { algorithm: 'ed25519', publicKeyFingerprint: 'ab'.repeat(32), publicKey: 'AAAA', value: 'BBBB' },
  archiveSha256: 'cd'.repeat(32),
};
const entries = Array.from({ length: 40 }, (_, i) => entry(i));

/** The manifest as the collector renders it beside the archive. */
function rendered(): Buffer {
  const writer = new ManifestWriter(path.join(work, `entries-${Math.random()}`));
  for (const item of entries) writer.add(item);
  writer.close();
  const bytes = Buffer.concat([...writer.render(head).chunks()]);
  writer.remove();
  return bytes;
}

function read(bytes: Buffer, pieceBytes: number) {
  const seen: EvidenceEntry[] = [];
  const reader = new ManifestReader((item) => seen.push(item));
  for (let at = 0; at < bytes.length; at += pieceBytes) reader.push(bytes.subarray(at, at + pieceBytes));
  return { ...reader.end(), seen };
}

describe('reading a manifest as a stream', () => {
  const whole: EvidenceManifest = { ...head, entries };
  const { archiveSha256: _hash, ...body } = whole;
  // The copy inside the archive has no archiveSha256: the two copies compare on everything else.
  const bodyDigest = createHash('sha256').update(canonicalJson(body)).digest('hex');

  it('hands on every entry and computes the digest the signature covers, whatever the pieces', () => {
    const bytes = rendered();
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(whole);
    for (const pieceBytes of [1, 7, 4096, bytes.length]) {
      const result = read(bytes, pieceBytes);
      expect(result.seen).toEqual(entries);
      expect(result.entries).toBe(40);
      expect(result.head).toEqual(head);
      expect(result.signedDigest).toBe(manifestDigest(whole));
      expect(result.bodyDigest).toBe(bodyDigest);
    }
  });

  it('reads the same manifest laid out otherwise (minified, or indented by hand) to the same digests', () => {
    const reference = read(rendered(), 4096);
    for (const layout of [JSON.stringify(whole), JSON.stringify(whole, null, 4)]) {
      const result = read(Buffer.from(layout), 1000);
      expect(result.seen).toEqual(entries);
      expect([result.signedDigest, result.bodyDigest]).toEqual([reference.signedDigest, reference.bodyDigest]);
    }
  });

  it('tells a changed entry by its digest, and a cut or bloated manifest by an error', () => {
    const bytes = rendered();
    const edited = Buffer.from(bytes.toString('utf8').replace('"size":7,', '"size":8,'));
    expect(read(edited, 4096).signedDigest).not.toBe(manifestDigest(whole));
    expect(() => read(bytes.subarray(0, bytes.length - 40), 4096)).toThrow(/truncated/);
    expect(() => read(Buffer.from('{"formatVersion":1}'), 4096)).toThrow(/no list of entries/);
    expect(() => read(Buffer.from(JSON.stringify({ ...head, collector: 'x'.repeat(2 * 1024 * 1024), entries })), 65536)).toThrow(/more than 1 MB outside/);
    expect(() => read(Buffer.from(JSON.stringify({ ...head, entries: [{ ...entries[0], path: 'y'.repeat(2 * 1024 * 1024) }] })), 65536)).toThrow(/over 1 MB/);
  });
});

describe('comparing entries', () => {
  it('lists the first mismatches and counts them all, from either side first', () => {
    for (const first of ['manifest', 'archive'] as const) {
      const mismatches = new MismatchList();
      const check = new EntryCheck(first, mismatches);
      const digest = (i: number, changed: boolean) => (changed ? 'f' : '0').repeat(56) + i.toString(16).padStart(8, '0');
      const file = (sha256: string) => ({ type: 'file', sha256, mode: 0o644, uid: 1000, gid: 1000, mtimeMs: 1_700_000_000_123, size: 10, linkTarget: null, ownerNames: null });
      const feedManifest = () => {
        for (let i = 0; i < 300; i += 1) check.manifestEntry(`file${i}`, file(digest(i, false)));
      };
      const feedArchive = () => {
        for (let i = 0; i < 300; i += 1) if (i !== 299) check.archiveEntry(`file${i}`, file(digest(i, i % 2 === 0)));
        check.archiveEntry('extra', file(digest(0, false)));
      };
      if (first === 'manifest') {
        feedManifest();
        feedArchive();
      } else {
        feedArchive();
        feedManifest();
      }
      check.finish(true);
      expect(mismatches.count).toBe(152);
      expect(mismatches.listed).toHaveLength(listedMismatches);
      expect(check.checked).toBe(299);
      expect(mismatches.has('entry-missing') && mismatches.has('entry-unexpected') && mismatches.has('entry-hash')).toBe(true);
    }
  });

  it('always lists what concerns the whole archive, first, however many entries differ', () => {
    const mismatches = new MismatchList();
    for (let i = 0; i < 150; i += 1) mismatches.add('entry-hash', `file${i} changed`, `file${i}`);
    mismatches.add('archive-hash', 'the archive changed');
    mismatches.add('untrusted-signer', 'signed, but not by a key you trust');
    expect(mismatches.count).toBe(152);
    expect(mismatches.listed).toHaveLength(102);
    expect(mismatches.listed.slice(0, 3).map((m) => m.message)).toEqual(['signed, but not by a key you trust', 'the archive changed', 'file0 changed']);
  });
});
