import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandLogPaths, planRanges } from '../../../../src-main/services/logs/logPaths';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-logpaths-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('log paths', () => {
  it('expands patterns to absolute files, sorted, each once, and keeps a literal name with glob characters', () => {
    const dir = tempDir();
    for (const name of ['b.log', 'a.log', 'a.log.1', 'access[1].log']) fs.writeFileSync(path.join(dir, name), 'x\n');
    const { files, skipped } = expandLogPaths(['*.log', 'a.log*', 'access[1].log', path.join(dir, 'b.log')], dir);
    expect(files.map((file) => path.basename(file.file))).toEqual(['a.log', 'a.log.1', 'access[1].log', 'b.log']);
    expect(files.every((file) => path.isAbsolute(file.file) && file.year === new Date().getUTCFullYear())).toBe(true);
    expect(skipped).toEqual([]);
  });

  it('cuts only a file over the split size, in at least one range per worker, covering every byte once', () => {
    expect(planRanges(1_000, 1_000, 8)).toEqual([{ start: 0, end: null }]);
    expect(planRanges(2 * 1024 * 1024, 512 * 1024, 2)).toEqual([
      { start: 0, end: 524_288 },
      { start: 524_288, end: 1_048_576 },
      { start: 1_048_576, end: 1_572_864 },
      { start: 1_572_864, end: null },
    ]);
    // A machine with more cores than 32 MB pieces: one range per worker.
    expect(planRanges(40 * 1024 * 1024, 32 * 1024 * 1024, 8)).toHaveLength(8);
    expect(planRanges(1024 * 1024 * 1024, 32 * 1024 * 1024, 1)).toHaveLength(32);
  });
});
