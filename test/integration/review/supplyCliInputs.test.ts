import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { tempDataDir } from '../../support/consoleServer';

const work = tempDataDir('firebreak-review-supply-cli-');
const dataDir = path.join(work, 'data');
const cli = (...args: string[]) => runCli(dataDir, args);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(work, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

// One OSV record about a PyPI package, read directly with --db.
const osv = path.join(work, 'osv');
write(
  'osv/PYSEC-2099-1.json',
  JSON.stringify({
    id: 'PYSEC-2099-1',
    modified: '2024-01-01T00:00:00Z',
    summary: 'remote code execution in requests',
    affected: [{ package: { ecosystem: 'PyPI', name: 'requests' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.32.0' }] }] }],
  }),
);

describe('scan deps on a requirements.txt that includes another', () => {
  // Splitting requirements into base/dev/prod files with `-r` is the common layout: an audit of
  // the top file that skips the include silently reads as "nothing affects these packages".
  it('audits the included file beside it, or says it did not, instead of reporting clean', () => {
    write('app/requirements/base.txt', 'requests==2.31.0\n');
    const top = write('app/requirements.txt', '-r requirements/base.txt\n');
    const run = cli('scan', 'deps', top, '--db', osv);
    expect(run.stdout).not.toContain('No known advisories affect these packages.');
    expect(run.status).not.toBe(0);
  });

  it('does not follow an include out to /etc/passwd or round a loop (a defence that holds)', () => {
    const looping = write('loop/requirements.txt', '-r requirements.txt\n-r /etc/passwd\nrequests==2.31.0\n');
    const run = cli('scan', 'deps', looping, '--db', osv, '--json');
    // pip refuses a file that includes itself ("… recursively references itself"): so does the audit, naming the line.
    expect(run.status).toBe(2);
    expect(JSON.stringify(run.json)).toContain('line 1: -r requirements.txt');
    expect(JSON.stringify(run.json)).not.toContain('root:x:0:0');

    const outward = write('outward/requirements.txt', '-r /etc/passwd\nrequests==2.31.0\n');
    const audit = cli('scan', 'deps', outward, '--db', osv, '--json');
    expect(audit.status).toBe(1);
    expect(JSON.stringify(audit.json)).not.toContain('root:x:0:0');
  });
});

describe('hostile package names in CLI errors', () => {
  it('does not print a bidi override from a lockfile key raw into the terminal', () => {
    const lock = write('bidi/package-lock.json', JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' }, 'node_modules/safe\u202Egnp.exe': { version: 5 } } }));
    const run = cli('scan', 'deps', lock, '--db', osv);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('node_modules/safe');
    expect(run.stderr).not.toContain('\u202E');
  });
});
