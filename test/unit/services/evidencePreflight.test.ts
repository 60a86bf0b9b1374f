import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectedEvidence, EvidenceContents, EvidenceItem, EvidencePreflight, IncidentDetail } from '../../../src-main/contract';
import { collectEvidence } from '../../../src-main/jobs/evidence/evidenceCollector';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext } from '../../support/serviceContext';

const t = makeTestContext();
const work = path.join(t.dataDir, 'work');
const logs = path.join(work, 'logs');
const gone = path.join(work, 'rotated-away');
afterAll(() => t.close());

beforeAll(() => {
  fs.mkdirSync(logs, { recursive: true });
  for (let i = 0; i < 250; i += 1) fs.writeFileSync(path.join(logs, `app-${String(i).padStart(3, '0')}.log`), `line ${i}\n`);
  // Two links pointing at each other: a loop at the root itself.
  fs.symlinkSync(path.join(work, 'loop-b'), path.join(work, 'loop-a'));
  fs.symlinkSync(path.join(work, 'loop-a'), path.join(work, 'loop-b'));
});

async function call<T>(name: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  return (await dispatchAsync(t.ctx, name, input)) as never;
}

describe('evidence preflight', () => {
  it('names a missing root in words before anything is collected, and the ready ones as ready', () => {
    const checked = callOk<EvidencePreflight>(t, 'evidence.preflight', { paths: [logs, gone], output: path.join(work, 'out', 'a.tar.gz') });
    expect(checked.roots.map((root) => [root.path, root.ready, root.kind])).toEqual([
      [logs, true, 'directory'],
      [gone, false, null],
    ]);
    expect(checked.unavailable).toEqual([{ path: gone, reason: 'no such file or folder' }]);
    expect(checked.outputProblem).toBeNull();
    expect(JSON.stringify(checked)).not.toContain('ENOENT');
  });

  it('treats a root that is a symlink loop as a link to record, and as uncollectable when asked to follow it', () => {
    const recorded = callOk<EvidencePreflight>(t, 'evidence.preflight', { paths: [path.join(work, 'loop-a')] });
    expect(recorded.roots[0]).toMatchObject({ ready: true, kind: 'symlink', note: expect.stringContaining('the link itself is recorded') });
    const followed = callOk<EvidencePreflight>(t, 'evidence.preflight', { paths: [path.join(work, 'loop-a')], followSymlinks: true });
    expect(followed.unavailable).toEqual([{ path: path.join(work, 'loop-a'), reason: 'a symbolic link that cannot be followed: the path goes round a loop of symbolic links' }]);
  });

  it('says when the archive would overwrite one already there', () => {
    fs.mkdirSync(path.join(work, 'taken'), { recursive: true });
    fs.writeFileSync(path.join(work, 'taken', 'e.tar.gz.sha256'), 'x');
    const checked = callOk<EvidencePreflight>(t, 'evidence.preflight', { paths: [logs], output: path.join(work, 'taken', 'e.tar.gz') });
    expect(checked.outputProblem).toBe(`${path.join(work, 'taken', 'e.tar.gz.sha256')} already exists: choose another name (evidence is never overwritten)`);
  });
});

describe('collecting with a root that is not there', () => {
  it('stops before any work without the responder\'s choice, naming the root in words', async () => {
    const out = path.join(work, 'refused');
    const result = await call('evidence.collect', { paths: [logs, gone], output: path.join(out, 'e.tar.gz') });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain(`cannot collect ${gone} (no such file or folder). Nothing was collected`);
    expect(message).not.toContain('ENOENT');
    expect(fs.existsSync(out)).toBe(false);
    expect(callOk<{ items: EvidenceItem[] }>(t, 'evidence.list', {}).items).toEqual([]);
  });

  it('continues without it when asked: the manifest, the result, the custody log and the timeline name what was left out', async () => {
    const { id } = callOk<{ id: string }>(t, 'incident.declare', { title: 'Log tampering', severity: 'P2' });
    const archive = path.join(work, 'out', 'skip.tar.gz');
    const result = await call<CollectedEvidence>('evidence.collect', { paths: [gone, logs], output: archive, incidentId: id, skipUnavailable: true });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.leftOut).toEqual([{ path: gone, reason: 'no such file or folder' }]);
    expect(result.value.totals.files).toBe(250);
    const manifest = JSON.parse(fs.readFileSync(`${archive}.manifest.json`, 'utf8'));
    expect(manifest.roots).toEqual([logs]);
    expect(manifest.leftOut).toEqual([{ path: gone, reason: 'no such file or folder' }]);
    const [item] = callOk<{ items: EvidenceItem[] }>(t, 'evidence.list', { incidentId: id }).items;
    expect(item!.custody[0]!.words).toMatch(new RegExp(`^collected: 250 files from ${logs} on .*; left out: ${gone} \\(no such file or folder\\)$`));
    const detail = callOk<IncidentDetail>(t, 'incident.get', { id });
    expect(detail.timeline.map((entry) => entry.summary)).toContainEqual(expect.stringContaining(`left out: ${gone} (no such file or folder)`));
    // The archive still verifies: leaving a root out is part of the signed record, not a tamper.
    const verified = await call<{ intact: boolean }>('evidence.verify', { archive });
    expect(verified).toMatchObject({ ok: true, value: { intact: true } });

    // Contents, 100 a page, from the register's copy of the manifest.
    const first = await call<EvidenceContents>('evidence.contents', { evidenceId: item!.id });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value).toMatchObject({ page: 1, pageSize: 100, total: 251, leftOut: [{ path: gone, reason: 'no such file or folder' }] });
    expect(first.value.entries.map((entry) => entry.archivePath).slice(0, 2)).toEqual(['logs', 'logs/app-000.log']);
    const third = await call<EvidenceContents>('evidence.contents', { evidenceId: item!.id, page: 3 });
    expect(third.ok && third.value.entries.map((entry) => entry.archivePath)).toEqual(Array.from({ length: 51 }, (_, i) => `logs/app-${String(199 + i).padStart(3, '0')}.log`));
    expect(third.ok && third.value.entries[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await call('evidence.contents', { evidenceId: 'EV-00000000' })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'no evidence item EV-00000000' } });
  }, 30_000);

  it('refuses when none of the roots can be collected, even when asked to skip', async () => {
    const result = await call('evidence.collect', { paths: [gone], output: path.join(work, 'none', 'e.tar.gz'), skipUnavailable: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found', message: `none of the paths can be collected: ${gone} (no such file or folder). Nothing was collected.` } });
    expect(fs.existsSync(path.join(work, 'none'))).toBe(false);
  });

  it('gives a clear error and loses nothing when a root is removed between the check and the collection', async () => {
    const doomed = path.join(work, 'doomed');
    fs.mkdirSync(doomed);
    fs.writeFileSync(path.join(doomed, 'keep.log'), 'evidence');
    expect(callOk<EvidencePreflight>(t, 'evidence.preflight', { paths: [logs, doomed] }).unavailable).toEqual([]);
    fs.rmSync(doomed, { recursive: true });
    const out = path.join(work, 'raced');
    const result = await call('evidence.collect', { paths: [logs, doomed], output: path.join(out, 'e.tar.gz') });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining(`cannot collect ${doomed} (no such file or folder)`) } });
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(logs)).toHaveLength(250);
  });

  it('stops in the collector too when a root goes after the main thread looked, writing nothing', async () => {
    const doomed = path.join(work, 'doomed-late');
    const out = path.join(work, 'late');
    const options = { roots: [logs, doomed], output: path.join(out, 'e.tar.gz'), incidentId: null, collector: 'test', version: '0.0.0', clock: () => new Date(), sign: async () => undefined, signArchive: async () => undefined };
    await expect(collectEvidence(options)).rejects.toMatchObject({ code: 'not-found', message: `cannot collect ${doomed}: no such file or folder (it was there when collection was asked for). Nothing was collected.` });
    expect(fs.existsSync(out)).toBe(false);
    const skipped = await collectEvidence({ ...options, skipUnavailable: true });
    expect(skipped.summary.leftOut).toEqual([{ path: doomed, reason: 'no such file or folder' }]);
  }, 30_000);
});
