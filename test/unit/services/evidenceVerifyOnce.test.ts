import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectEvidence } from '../../../src-main/jobs/evidence/evidenceCollector';
import { verifyEvidence } from '../../../src-main/services/evidence/evidenceVerify';

let work: string;
beforeEach(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-verify-once-'))));
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('verify reads the archive once', () => {
  it('hashes the very bytes it unpacks and checks: a file swapped between two reads cannot pass', async () => {
    fs.mkdirSync(path.join(work, 'logs'));
    fs.writeFileSync(path.join(work, 'logs', 'auth.log'), 'Accepted publickey\n'.repeat(100));
    const { output } = await collectEvidence({ roots: [path.join(work, 'logs')], output: path.join(work, 'logs.tar.gz'), incidentId: null, collector: 'test', version: '0.0.0', clock: () => new Date(), sign: async () => undefined, signArchive: async () => undefined });
    const opens = vi.spyOn(fs, 'openSync');
    const result = await verifyEvidence(output, { trusted: [] });
    const ofArchive = (calls: unknown[][]) => calls.filter(([file]) => file === output).length;
    expect(ofArchive(opens.mock.calls)).toBe(1);
    expect(result.entriesChecked).toBe(1);
    expect(result.mismatches.filter((m) => m.kind === 'archive-hash' || m.kind.startsWith('entry-'))).toEqual([]);
  });
});
