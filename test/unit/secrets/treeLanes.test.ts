import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileClaims, scanTree } from '../../../src-main/jobs/secrets/secretTreeScan';
import { sizeTree } from '../../../src-main/jobs/secrets/treeLanes';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-lanes-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const random = seededRandom(11);

/** A folder of files of these sizes (a/f0, a/f1, …), and a .gitignore when given. */
function folder(name: string, sizes: number[], gitignore?: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'a'), { recursive: true });
  sizes.forEach((size, i) => fs.writeFileSync(path.join(dir, 'a', `f${i}`), 'x'.repeat(size)));
  if (gitignore !== undefined) fs.writeFileSync(path.join(dir, '.gitignore'), gitignore);
  return dir;
}

describe('how many lanes a folder is worth', () => {
  it('gives one lane, and one more per share of bytes, and keeps the walk of a folder worth fewer lanes than cores', () => {
    const dir = folder('shares', [1_000, 1_000, 500]);
    expect(sizeTree(dir, true, 1 << 20, 8, { perLane: 1_000 })).toEqual({
      lanes: 3,
      listing: { files: [0, 1, 2].map((i) => ({ absolute: path.join(dir, 'a', `f${i}`), relative: `a/f${i}` })), ignored: 0, unreadable: 0 },
    });
    expect(sizeTree(dir, true, 1 << 20, 8, { perLane: 10_000 }).lanes).toBe(1);
  });

  it('stops walking once the folder is worth every core', () => {
    const dir = folder('every-core', [1_000, 1_000, 1_000, 1_000]);
    expect(sizeTree(dir, true, 1 << 20, 2, { perLane: 1_000 })).toEqual({ lanes: 2, listing: null });
  });

  it('does not count what the scan will not read: files over the size limit, ignored files', () => {
    const dir = folder('unread', [5_000, 2_000], 'a/f1\n');
    // f0 is over the limit, f1 ignored (and counted as such), .gitignore itself is 5 bytes: counting
    // f0 would make six lanes, f1 three.
    const sized = sizeTree(dir, true, 3_000, 8, { perLane: 1_000 });
    expect(sized.lanes).toBe(1);
    expect(sized.listing?.files.map((file) => file.relative)).toEqual(['.gitignore', 'a/f0']);
    expect(sized.listing?.ignored).toBe(1);
    // Without the ignore rules f1 is read: two shares more.
    const unignored = sizeTree(dir, false, 3_000, 8, { perLane: 1_000 });
    expect(unignored.lanes).toBe(3);
    expect(unignored.listing?.files.map((file) => file.relative)).toEqual(['.gitignore', 'a/f0', 'a/f1']);
  });

  it('on one core does not walk at all', () => {
    expect(sizeTree(path.join(work, 'no such folder'), true, 1 << 20, 1)).toEqual({ lanes: 1, listing: null });
  });

  it('counts a folder of more files than it walks as worth every core', () => {
    const dir = folder('many', Array.from({ length: 11 }, () => 0));
    expect(sizeTree(dir, true, 1 << 20, 4, { maxFiles: 10 })).toEqual({ lanes: 4, listing: null });
    expect(sizeTree(dir, true, 1 << 20, 4, { maxFiles: 11 }).lanes).toBe(1);
  });

  it('scans a walked listing to the same findings and counts as a walk of its own', async () => {
    const dir = path.join(work, 'listed');
    for (let i = 0; i < 6; i += 1) {
      fs.mkdirSync(path.join(dir, `pkg${i % 3}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `pkg${i % 3}`, `f${i}.env`), `STRIPE_KEY=${fillTemplate('sk_live_{alnum:30}', random)}\n`);
    }
    fs.writeFileSync(path.join(dir, 'binary.bin'), Buffer.from([0, 1, 2, 0]));
    fs.writeFileSync(path.join(dir, 'ignored.env'), `STRIPE_KEY=${fillTemplate('sk_live_{alnum:30}', random)}\n`);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored.env\n');
    const rules = loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'));
    const { listing } = sizeTree(dir, true, 1 << 20, 2);
    expect(listing?.ignored).toBe(1);
    const scan = (walked: object) => scanTree({ root: dir, rules, honourGitignore: true, maxFileBytes: 1 << 20, lane: 0, claims: fileClaims(1), ...walked }, new AbortController().signal, () => {});
    const [walking, listed] = await Promise.all([scan({}), scan({ listing })]);
    expect(listed).toEqual(walking);
    expect(listed.findings).toHaveLength(6);
    expect(listed.stats.skipped).toEqual({ binary: 1, tooLarge: 0, ignored: 1, unreadable: 0 });
    // The listing is what is scanned: a shorter one, a shorter scan.
    const two = listing!.files.filter((file) => file.relative.endsWith('.env')).slice(0, 2);
    const partial = await scan({ listing: { files: two, ignored: 0, unreadable: 0 } });
    expect(partial.findings.map((finding) => finding.file)).toEqual(two.map((file) => file.relative));
    expect(partial.stats.files).toBe(2);
  });
});
