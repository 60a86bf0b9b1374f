import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandLogPaths, globWithin, logPathLimits, planRanges } from '../../../../src-main/services/logs/logPaths';
import { tempDirs } from '../../../support/tempDirs';

const tempDir = tempDirs('firebreak-logpaths-');

describe('log paths', () => {
  it('expands patterns to absolute files, sorted, each once, and keeps a literal name with glob characters', () => {
    const dir = tempDir();
    for (const name of ['b.log', 'a.log', 'a.log.1', 'access[1].log']) fs.writeFileSync(path.join(dir, name), 'x\n');
    const { files, skipped } = expandLogPaths(['*.log', 'a.log*', 'access[1].log', path.join(dir, 'b.log')], dir);
    expect(files.map((file) => path.basename(file.file))).toEqual(['a.log', 'a.log.1', 'access[1].log', 'b.log']);
    expect(files.every((file) => path.isAbsolute(file.file) && file.year === new Date().getUTCFullYear())).toBe(true);
    expect(skipped).toEqual([]);
  });

  it('reads a file named twice (a hard link, a symlink) once, under its first name, and says so', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'access.log'), 'x\n');
    fs.linkSync(path.join(dir, 'access.log'), path.join(dir, 'hard.log'));
    fs.symlinkSync('access.log', path.join(dir, 'soft.log'));
    const { files, skipped } = expandLogPaths(['*.log'], dir);
    expect(files.map((file) => path.basename(file.file))).toEqual(['access.log']);
    expect(skipped.map((skip) => [path.basename(skip.file), skip.reason])).toEqual([
      ['hard.log', `the same file as ${path.join(dir, 'access.log')}, read once`],
      ['soft.log', `the same file as ${path.join(dir, 'access.log')}, read once`],
    ]);
  });

  it('does not walk into symlinked folders under ** and keeps at most the match limit of a pattern, saying what it left', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'nginx'));
    for (const name of ['a.log', 'b.log', 'c.log']) fs.writeFileSync(path.join(dir, 'nginx', name), `${name}\n`);
    fs.symlinkSync('..', path.join(dir, 'nginx', 'up'));
    expect(expandLogPaths(['**/*.log'], dir).files.map((file) => path.relative(dir, file.file))).toEqual(['nginx/a.log', 'nginx/b.log', 'nginx/c.log']);
    const limit = logPathLimits.matches;
    logPathLimits.matches = 2;
    try {
      const { files, skipped } = expandLogPaths(['**/*.log'], dir);
      expect(files.map((file) => path.basename(file.file))).toEqual(['a.log', 'b.log']);
      expect(skipped).toEqual([{ file: '**/*.log', reason: 'matched 3 paths: only the first 2 (in name order) are scanned; name a narrower pattern' }]);
    } finally {
      logPathLimits.matches = limit;
    }
  });

  it('stops a walk past the entry limit, scans what it found before and says so', () => {
    const dir = tempDir();
    for (const folder of ['a', 'b', 'c', 'd']) {
      fs.mkdirSync(path.join(dir, folder));
      for (let i = 0; i < 10; i += 1) fs.writeFileSync(path.join(dir, folder, `${i}.txt`), 'x\n');
      fs.writeFileSync(path.join(dir, folder, 'app.log'), 'x\n');
    }
    // The whole walk, and the entries it reads (the folders on the way to the base count too).
    const whole = globWithin('**/*.log', dir, Infinity);
    expect({ matches: whole.matches.length, stopped: whole.stopped }).toEqual({ matches: 4, stopped: false });
    // A limit the last folder's 11 entries pass: three folders walked; one entry less, two.
    expect(globWithin('**/*.log', dir, whole.read - 11)).toMatchObject({ read: whole.read, stopped: true });
    expect(globWithin('**/*.log', dir, whole.read - 11).matches).toHaveLength(3);
    expect(globWithin('**/*.log', dir, whole.read - 12)).toMatchObject({ read: whole.read - 11, stopped: true });
    const limit = logPathLimits.entries;
    logPathLimits.entries = whole.read - 12;
    try {
      const { files, skipped } = expandLogPaths(['**/*.log'], dir);
      expect(files).toHaveLength(2);
      expect(skipped).toEqual([{ file: '**/*.log', reason: `the walk stopped after reading ${(whole.read - 11).toLocaleString('en-US')} folder entries: only the 2 paths found before are scanned; name a narrower pattern` }]);
    } finally {
      logPathLimits.entries = limit;
    }
  });

  it('skips a file that cannot be read from its start with the reason, and refuses when nothing else is left', () => {
    expect(() => expandLogPaths(['/proc/self/mem'])).toThrow(/proc\/self\/mem: cannot read: EIO/);
  });

  it('cuts only a file over the split size, in one range per worker, covering every byte once', () => {
    expect(planRanges(1_000, 1_000, 8)).toEqual([{ start: 0, end: null }]);
    expect(planRanges(3 * 1024 * 1024 + 1, 512 * 1024, 2)).toEqual([
      { start: 0, end: 1_572_865 },
      { start: 1_572_865, end: null },
    ]);
    expect(planRanges(40 * 1024 * 1024, 32 * 1024 * 1024, 8)).toHaveLength(8);
    // On one core ranges would be read one after another, each holding its counts until the merge.
    expect(planRanges(1024 * 1024 * 1024 + 93, 32 * 1024 * 1024, 1)).toEqual([{ start: 0, end: null }]);
  });
});
