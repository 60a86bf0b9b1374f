/**
 * Secret scanning is linear in line length, with memory bounded by the chunk size: a file that is
 * one enormous line (a minified bundle, a base64 blob, a log without breaks) costs about what the
 * same bytes with line breaks cost, and finds the same secret.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src-main/domain/scans/secretMatch';
import { scanTree, fileClaims } from '../../src-main/jobs/secrets/secretTreeScan';
import { loadSecretRules } from '../../src-main/services/scans/secretRulesFile';
import { repoRoot, tempDataDir } from '../support/consoleServer';
import { runCliMeasured } from '../support/peakRss';
import { fillTemplate, seededRandom } from '../support/secretCorpus';
import { scaled } from '../support/torture';

const megabyte = 1024 * 1024;
const rules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));
const work = tempDataDir('firebreak-line-length-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const alphabet = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
/** Random base64 characters, no line break: from a seeded generator, so a failure can be replayed. */
function base64ish(bytes: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  let state = seed >>> 0;
  for (let i = 0; i < bytes; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = alphabet[state >>> 26]!;
  }
  return out;
}

async function scanFolder(root: string) {
  const started = performance.now();
  const { findings } = await scanTree({ root, rules, honourGitignore: true, maxFileBytes: 1024 * megabyte, lane: 0, claims: fileClaims(1) }, new AbortController().signal, () => {});
  return { seconds: (performance.now() - started) / 1000, findings };
}

async function bestOf(runs: number, root: string) {
  let best = await scanFolder(root);
  for (let run = 1; run < runs; run += 1) {
    const next = await scanFolder(root);
    if (next.seconds < best.seconds) best = next;
  }
  return best;
}

describe('a file that is one long line', () => {
  it('is scanned in time linear in its length, within a few times the same bytes with line breaks, and its planted secret is found', async () => {
    const size = scaled(8, 24) * megabyte;
    const secret = fillTemplate('ghp_{alnum:36}', seededRandom(8));
    // A few keywords that wake rules (and so windows around them), and the one real secret mid-file.
    const phrases: [number, string][] = [[0.1, ' token '], [0.3, ' password = '], [0.5, ` ${secret} `], [0.7, ' aws_secret '], [0.9, ' api_key: ']];
    const write = (name: string, bytes: number, breaks: boolean) => {
      const text = base64ish(bytes, 20261130);
      if (breaks) for (let at = 99; at < bytes; at += 100) text[at] = 0x0a;
      for (const [where, phrase] of phrases) text.write(phrase, Math.floor(bytes * where), 'latin1');
      fs.mkdirSync(path.join(work, name));
      fs.writeFileSync(path.join(work, name, 'bundle.min.js'), text);
      return path.join(work, name);
    };
    const lines = await bestOf(3, write('lines', size, true));
    const single = await bestOf(3, write('one-line', size, false));
    const double = await bestOf(3, write('one-line-double', 2 * size, false));
    const ratio = single.seconds / lines.seconds;
    const growth = double.seconds / single.seconds;
    console.log(`${size / megabyte} MB: one line ${single.seconds.toFixed(2)} s, with line breaks ${lines.seconds.toFixed(2)} s (ratio ${ratio.toFixed(2)}); one line of twice the size ${double.seconds.toFixed(2)} s (growth ${growth.toFixed(2)})`);

    const planted = (findings: typeof single.findings) => findings.filter((finding) => finding.fingerprint === fingerprint(secret)).map((finding) => [finding.rule, finding.line]);
    expect(planted(single.findings)).toEqual([['github-pat-classic', 1]]);
    expect(single.findings.find((finding) => finding.fingerprint === fingerprint(secret))!.column).toBe(Math.floor(size * 0.5) + 2);
    expect(planted(lines.findings)).toHaveLength(1);
    expect(planted(double.findings)).toHaveLength(1);
    // Linear: twice the bytes on one line, about twice the time.
    expect(growth).toBeLessThan(3);
    // A long line costs more per byte than short ones: chance keyword hits in base64 make the rules
    // that are not anchored at their keyword search a window of kilobytes around each hit, where with
    // line breaks they read only the 100-byte line. It stays within a few times, never quadratic (the
    // growth above). Short lines got cheaper when only woken lines became text: 3.2–3.3× on a quiet
    // machine, up to 4.4× while the rest of the suite runs beside it (one line 0.21 s, lines 0.05 s).
    expect(ratio).toBeLessThan(6);
  });

  it('is scanned with peak memory bounded by the chunk size, not the line length', async () => {
    const size = scaled(33, 100) * megabyte;
    const dir = path.join(work, 'blob');
    fs.mkdirSync(dir);
    // Random base64 with nothing planted: only the few keywords chance puts there.
    fs.writeFileSync(path.join(dir, 'blob.txt'), base64ish(size, 33));
    const run = await runCliMeasured(path.join(work, 'data'), ['scan', 'secrets', dir, '--json', '--max-file-size', String(2 * size / megabyte)]);
    console.log(`${size / megabyte} MB on one line: peak RSS ${run.peakRssMb} MB`);
    expect(run.stderr).toBe('');
    const { value } = JSON.parse(run.stdout);
    expect(value.stats).toMatchObject({ files: 1, bytes: size });
    expect(run.peakRssMb).toBeLessThan(250);
  });
});
