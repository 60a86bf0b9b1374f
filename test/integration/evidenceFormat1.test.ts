/**
 * An archive written by the format-1 collector (before links were archived as links and the
 * archive's own hash was signed), kept as a fixture: it still verifies with its key, and a change in
 * it is still named. Format 1 is told by the manifest's signed `formatVersion`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { repoRoot, tempDataDir } from '../support/consoleServer';
import { rewriteTar } from '../support/tarEdit';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'evidence-format-1', 'collected-v1.tar.gz');
const collectorKey = 'e85ba9afeea00b6cb5af04b561685518cc85fdca9c935809ef51d6aa14aaa55e';
const work = tempDataDir('firebreak-format-1-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function copyOfFixture(name: string): string {
  const file = path.join(work, name);
  for (const suffix of ['', '.manifest.json']) fs.copyFileSync(`${fixture}${suffix}`, `${file}${suffix}`);
  fs.writeFileSync(`${file}.sha256`, fs.readFileSync(`${fixture}.sha256`, 'utf8').replace('collected-v1.tar.gz', name));
  return file;
}

describe('an archive of format 1', () => {
  it('verifies intact with its collector\'s key, its symlink recorded but not expected in the archive', () => {
    const manifest = JSON.parse(fs.readFileSync(`${fixture}.manifest.json`, 'utf8'));
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.archiveSignature).toBeUndefined();
    expect(manifest.entries.map((entry: { type: string }) => entry.type)).toContain('symlink');
    const run = runCli(path.join(work, 'data'), ['evidence', 'verify', copyOfFixture('intact.tar.gz'), '--trusted-key', collectorKey, '--json']);
    expect(run.status, run.stdout).toBe(0);
    expect(run.json.value).toMatchObject({ intact: true, entriesChecked: 2, signer: { fingerprint: collectorKey, trusted: true } });
  });

  it('still names a file changed in it', () => {
    const file = copyOfFixture('changed.tar.gz');
    rewriteTar(file, (tar) => {
      const at = tar.indexOf('hello\n');
      tar.write('HELLO\n', at, 'latin1');
    });
    const run = runCli(path.join(work, 'data'), ['evidence', 'verify', file, '--trusted-key', collectorKey, '--json']);
    expect(run.status).toBe(1);
    expect(run.json.value.mismatches).toContainEqual(expect.objectContaining({ kind: 'entry-hash', entry: 'tree/a.log' }));
    expect(run.json.value.mismatches).toContainEqual(expect.objectContaining({ kind: 'archive-hash' }));
  });
});
