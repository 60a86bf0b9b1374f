import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { copyCliForAnyUser } from '../support/portableCli';

// Roots that cannot be collected, met through the CLI: an unreadable folder (as "nobody": root
// reads everything), a loop of symbolic links, and the responder's choice to go on without them.
const work = tempDataDir('firebreak-evidence-pressure-');
const shared = path.join(work, 'shared');
const data = path.join(shared, 'data');
let portable: { root: string; cliPath: string };

beforeAll(() => {
  fs.mkdirSync(path.join(shared, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(shared, 'locked'));
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(shared, 'logs', 'auth.log'), 'Failed password for root\n', { mode: 0o644 });
  fs.writeFileSync(path.join(shared, 'locked', 'shadow.bak'), 'not for nobody');
  fs.chmodSync(work, 0o755);
  fs.chmodSync(shared, 0o777);
  fs.chmodSync(data, 0o777);
  fs.chmodSync(path.join(shared, 'logs'), 0o755);
  fs.chmodSync(path.join(shared, 'locked'), 0o000);
  fs.symlinkSync(path.join(shared, 'loop-b'), path.join(shared, 'loop-a'));
  fs.symlinkSync(path.join(shared, 'loop-a'), path.join(shared, 'loop-b'));
  portable = copyCliForAnyUser();
});
afterAll(() => {
  fs.chmodSync(path.join(shared, 'locked'), 0o755);
  fs.rmSync(portable.root, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

function collectAsNobody(...args: string[]) {
  const run = spawnSync(process.execPath, [portable.cliPath, 'evidence', 'collect', ...args, '--json'], {
    env: { ...process.env, FIREBREAK_DATA_DIR: data, HOME: data },
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr, json: run.stdout ? JSON.parse(run.stdout) : null };
}

describe('collecting roots that cannot be read', () => {
  it('names an unreadable folder in words and writes nothing, unless told to go on without it', () => {
    const refused = collectAsNobody(path.join(shared, 'logs'), path.join(shared, 'locked'), '-o', path.join(shared, 'out', 'refused.tar.gz'));
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.json.error).toEqual({
      code: 'forbidden',
      message: `cannot collect ${path.join(shared, 'locked')} (the folder cannot be read: permission denied). Nothing was collected: correct the path, or collect without it (the console asks; the CLI takes --skip-missing).`,
    });
    expect(fs.existsSync(path.join(shared, 'out'))).toBe(false);

    const archive = path.join(shared, 'out', 'kept.tar.gz');
    const skipped = collectAsNobody(path.join(shared, 'logs'), path.join(shared, 'locked'), '-o', archive, '--skip-missing');
    expect(skipped.status, skipped.stderr).toBe(0);
    const leftOut = [{ path: path.join(shared, 'locked'), reason: 'the folder cannot be read: permission denied' }];
    expect(skipped.json.value).toMatchObject({ totals: { files: 1 }, leftOut });
    expect(JSON.parse(fs.readFileSync(`${archive}.manifest.json`, 'utf8'))).toMatchObject({ roots: [path.join(shared, 'logs')], leftOut });
  });

  it('refuses a root that is a loop of symbolic links when asked to follow it, and records the link itself otherwise', () => {
    const loop = path.join(shared, 'loop-a');
    const followed = runCli(data, ['evidence', 'collect', loop, path.join(shared, 'logs'), '-o', path.join(work, 'loop', 'e.tar.gz'), '--follow-symlinks', '--json']);
    expect(followed).toMatchObject({ status: 2, json: { error: { message: expect.stringContaining(`cannot collect ${loop} (a symbolic link that cannot be followed: the path goes round a loop of symbolic links)`) } } });
    expect(fs.existsSync(path.join(work, 'loop'))).toBe(false);
    const recorded = runCli(data, ['evidence', 'collect', loop, '-o', path.join(work, 'loop', 'link.tar.gz'), '--json']);
    expect(recorded.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'loop', 'link.tar.gz.manifest.json'), 'utf8')).entries).toEqual([expect.objectContaining({ archivePath: 'loop-a', type: 'symlink' })]);
  });

  it('shows an archive\'s contents and its chain of custody in words', () => {
    const [item] = runCli(data, ['evidence', 'list', '--json']).json.value.items;
    const contents = runCli(data, ['evidence', 'contents', item.id]);
    expect(contents.status).toBe(0);
    expect(contents.stdout).toContain(`${item.id}: 2 entries, page 1 of 1`);
    expect(contents.stdout).toMatch(/file\s+25 {2}logs\/auth\.log/);
    expect(contents.stdout).toContain(`left out: ${path.join(shared, 'locked')}: the folder cannot be read: permission denied`);
    const handed = runCli(data, ['evidence', 'custody', item.id, '--add', 'handed-over', '--to', 'Legal (Dana)']);
    expect(handed.stdout).toMatch(/handed over to Legal \(Dana\)$/m);
    expect(handed.stdout).not.toContain('handed-over');
  });
});
