import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { tempDataDir } from '../../support/consoleServer';

const work = tempDataDir('firebreak-review-supply-out-');
const dataDir = path.join(work, 'data');
const cli = (...args: string[]) => runCli(dataDir, args);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const lockText = JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { 'left-pad': '^1.3.0' } }, 'node_modules/left-pad': { version: '1.3.0', resolved: 'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz' } } });

describe('where the supply commands write', () => {
  // The lockfile is the evidence of the incident: a typo in -o must not replace it with its SBOM.
  it('refuses to write an SBOM over the lockfile it describes', () => {
    const lock = path.join(work, 'app', 'package-lock.json');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, lockText);
    const run = cli('sbom', 'generate', lock, '-o', lock);
    expect(run.status).toBe(2);
    expect(fs.readFileSync(lock, 'utf8')).toBe(lockText);
  });

  // The known-good baseline is taken once, before anything went wrong; a second snapshot after a
  // compromise that silently replaced it would make every later check compare against the attacker's tree.
  it('refuses to replace an existing integrity baseline', () => {
    const tree = path.join(work, 'tree');
    fs.mkdirSync(tree, { recursive: true });
    fs.writeFileSync(path.join(tree, 'app.js'), 'good\n');
    const baseline = path.join(work, 'baseline.json');
    expect(cli('integrity', 'snapshot', tree, '-o', baseline).status).toBe(0);
    const known = fs.readFileSync(baseline, 'utf8');
    fs.writeFileSync(path.join(tree, 'app.js'), 'tampered\n');
    const again = cli('integrity', 'snapshot', tree, '-o', baseline);
    expect(again.status).toBe(2);
    expect(fs.readFileSync(baseline, 'utf8')).toBe(known);
  });

  it('refuses to write an SBOM over the console database (a defence that holds)', () => {
    const lock = path.join(work, 'db-app', 'package-lock.json');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, lockText);
    expect(cli('advisories', 'status').status).toBe(0);
    const run = cli('sbom', 'generate', lock, '-o', path.join(dataDir, 'firebreak.sqlite'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("the console's own database");
  });
});
