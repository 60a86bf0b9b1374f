import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const work = tempDataDir('firebreak-links-');
const dataDir = path.join(work, 'data');
const tree = path.join(work, 'tree');
const appLog = 'GET /login 200\n'.repeat(1000);

interface Entry {
  path: string;
  archivePath: string;
  type: string;
  sha256: string | null;
  linkTarget?: string;
  problem: string | null;
}

beforeAll(() => {
  fs.mkdirSync(path.join(tree, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'logs', 'app.log'), appLog);
  fs.symlinkSync('logs/app.log', path.join(tree, 'current.log')); // a file inside the root
  fs.symlinkSync('logs', path.join(tree, 'latest')); // a folder inside the root
  fs.symlinkSync('..', path.join(tree, 'logs', 'up')); // back to an enclosing folder: a loop
  fs.symlinkSync('/etc/hostname', path.join(tree, 'host')); // outside the root
  fs.symlinkSync('missing', path.join(tree, 'dangling'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function collect(name: string, ...extra: string[]) {
  const output = path.join(work, `${name}.tar.gz`);
  const run = runCli(dataDir, ['evidence', 'collect', tree, '-o', output, '--json', ...extra]);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const manifest = JSON.parse(fs.readFileSync(`${output}.manifest.json`, 'utf8')) as { entries: Entry[] };
  const byArchivePath = new Map(manifest.entries.map((entry) => [entry.archivePath, entry]));
  return { output, byArchivePath, listing: spawnSync('tar', ['-tzf', output], { encoding: 'utf8' }).stdout.split('\n') };
}

describe('symlinks in collected evidence', () => {
  it('archives every symlink as a link with its target and follows none by default', () => {
    const { output, byArchivePath, listing } = collect('plain');
    for (const name of ['current.log', 'latest', 'logs/up', 'host', 'dangling']) {
      const entry = byArchivePath.get(`tree/${name}`)!;
      expect(entry, name).toMatchObject({ type: 'symlink', sha256: null, problem: null });
      expect(listing, name).toContain(`tree/${name}`);
    }
    expect(byArchivePath.get('tree/host')?.linkTarget).toBe('/etc/hostname');
    expect(listing).not.toContain('tree/latest/app.log');
    // tar sees links, with their targets, exactly as on disk.
    const verbose = spawnSync('tar', ['-tvzf', output], { encoding: 'utf8' }).stdout;
    expect(verbose).toMatch(/^l.* tree\/host -> \/etc\/hostname$/m);
    expect(verbose).toMatch(/^l.* tree\/dangling -> /m);
    expect(runCli(dataDir, ['evidence', 'verify', output, '--json']).json).toMatchObject({ ok: true, value: { intact: true } });
  });

  it('with --follow-symlinks follows links inside the roots only, and records loops instead of entering them', () => {
    const { output, byArchivePath, listing } = collect('followed', '--follow-symlinks');
    const sha = createHash('sha256').update(appLog).digest('hex');
    expect(byArchivePath.get('tree/current.log')).toMatchObject({ type: 'file', sha256: sha, linkTarget: 'logs/app.log', problem: null });
    expect(byArchivePath.get('tree/latest/app.log')).toMatchObject({ type: 'file', sha256: sha });
    expect(byArchivePath.get('tree/logs/up')).toMatchObject({ type: 'symlink', problem: 'symlink: loop (points to a folder that contains it), not followed' });
    // Through the followed folder, its own `up` link is a loop too: the walk ends.
    expect(byArchivePath.get('tree/latest/up')?.problem).toMatch(/^symlink: loop/);
    expect(byArchivePath.get('tree/host')).toMatchObject({ type: 'symlink', problem: 'symlink: target outside the collected roots, not followed' });
    expect(byArchivePath.get('tree/dangling')?.problem).toBe('symlink: cannot be resolved (ENOENT), not followed');
    expect(listing).toEqual(expect.arrayContaining(['tree/current.log', 'tree/latest/app.log']));
    expect(runCli(dataDir, ['evidence', 'verify', output, '--json']).json).toMatchObject({ ok: true, value: { intact: true, entriesChecked: 3 } });
  });
});

describe('a full disk', () => {
  const mountPoint = path.join(work, 'tiny');
  let mounted = false;
  beforeAll(() => {
    fs.mkdirSync(mountPoint);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]).status === 0;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mountPoint]);
  });

  it('stops collection, says the disk is full and leaves no partial archive', (context) => {
    // A 2 MB tmpfs is the only honest full disk; mounting one needs root (CI runs as root).
    if (!mounted) return context.skip('cannot mount a small tmpfs here (needs root): the full-disk path is not exercised');
    const source = path.join(work, 'incompressible');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, 'memory.dump'), randomBytes(8 * 1024 * 1024));
    const run = runCli(dataDir, ['evidence', 'collect', source, '-o', path.join(mountPoint, 'evidence.tar.gz'), '--json']);
    expect(run.status).toBe(2);
    expect(run.json).toEqual({ ok: false, error: { code: 'io-error', message: 'the disk is full: collection stopped and the partial archive was removed' } });
    expect(fs.readdirSync(mountPoint)).toEqual([]);
  });
});
