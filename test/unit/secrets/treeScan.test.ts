import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeClaims, fileClaims, scanTree } from '../../../src-main/jobs/secrets/secretTreeScan';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-tree-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const rules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));
const random = seededRandom(7);
const scan = (root: string, lane = 0, claims = fileClaims(1)) => scanTree({ root, rules, honourGitignore: true, maxFileBytes: 64 * 1024 * 1024, lane, claims }, new AbortController().signal, () => {});

describe('scanning large files in chunks', () => {
  it('finds a key block that straddles a chunk boundary once, with its true line number', async () => {
    const dir = path.join(work, 'straddle');
    fs.mkdirSync(dir);
    const filler = 'INFO request served in 12 ms\n';
    const linesBefore = Math.floor((1024 * 1024 - 40) / filler.length);
    const body = fillTemplate('{b64:64}', random);
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    const token = fillTemplate('ghp_{alnum:36}', random);
    fs.writeFileSync(path.join(dir, 'app.log'), `${filler.repeat(linesBefore)}${key}${filler.repeat(60_000)}token=${token}\n`);
    const { findings, stats } = await scan(dir);
    expect(findings.map((finding) => [finding.rule, finding.line])).toEqual([
      ['private-key-pem', linesBefore + 1],
      ['github-pat-classic', linesBefore + 4 + 60_000 + 1],
    ]);
    expect(stats.files).toBe(1);
  });

  it('splits a tree between lanes without losing or repeating a file, whichever lane is faster', async () => {
    const dir = path.join(work, 'shards');
    for (let i = 0; i < 30; i += 1) {
      fs.mkdirSync(path.join(dir, `pkg${i % 7}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `pkg${i % 7}`, `f${i}.env`), `STRIPE_KEY=${fillTemplate('sk_live_{alnum:30}', random)}\n`);
    }
    // A lane that took a file ahead of the others: they take the rest between them.
    const claims = fileClaims(3);
    const late = scan(dir, 2, claims);
    const lanes = [...(await Promise.all([0, 1].map((lane) => scan(dir, lane, claims)))), await late];
    const files = lanes.flatMap((lane) => lane.findings.map((finding) => finding.file)).sort();
    expect(files).toHaveLength(30);
    expect(new Set(files).size).toBe(30);
    expect(lanes.reduce((sum, lane) => sum + lane.stats.files, 0)).toBe(30);
  });

  it('names the lanes that never claimed a file once one lane is through, and gives them none after', async () => {
    const dir = path.join(work, 'closing');
    for (let i = 0; i < 5; i += 1) {
      fs.mkdirSync(path.join(dir, `pkg${i}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `pkg${i}`, 'key.env'), `STRIPE_KEY=${fillTemplate('sk_live_{alnum:30}', random)}\n`);
    }
    const claims = fileClaims(3);
    const first = await scan(dir, 0, claims);
    expect(first.stats.files).toBe(5);
    // Lanes 1 and 2 were still starting: the scan need not wait for them.
    expect(closeClaims(claims)).toEqual([1, 2]);
    const late = await scan(dir, 1, claims);
    expect(late.stats.files).toBe(0);
    expect(late.findings).toEqual([]);
  });

  it('reads a file that is not valid UTF-8 and still finds the ASCII secret in it', async () => {
    const dir = path.join(work, 'latin1');
    fs.mkdirSync(dir);
    const token = fillTemplate('glpat-{url:20}', random);
    fs.writeFileSync(path.join(dir, 'notes.txt'), Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from(`\ntoken ${token}\n`)]));
    expect((await scan(dir)).findings.map((finding) => [finding.rule, finding.line])).toEqual([['gitlab-pat', 2]]);
  });
});
