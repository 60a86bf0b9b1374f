import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { initRepo } from '../support/gitRepo';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

let work: string;
let dataDir: string;
let repo: string;
let incident: string;
const random = seededRandom(614);
const token = fillTemplate('ghp_{alnum:36}', random);

beforeAll(() => {
  work = tempDataDir('firebreak-findings-cli-');
  dataDir = path.join(work, 'data');
  repo = path.join(work, 'api');
  const git = initRepo(repo);
  // Committed, and still in the working tree: one credential, two places.
  fs.writeFileSync(path.join(repo, 'deploy.env'), `GITHUB_TOKEN=${token}\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'deploy settings');
  incident = runCli(dataDir, ['incident', 'declare', '--title', 'Token in the api repo', '--severity', 'P1', '--json']).json.value.id;
  expect(runCli(dataDir, ['scan', 'secrets', repo, '--history', '--incident', incident, '--json']).json.value.findings).toHaveLength(2);
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('firebreak scan findings and scan mark', () => {
  it('lists a secret in the files and in history as one credential with both places, and exits 1 while it is open', () => {
    const listed = runCli(dataDir, ['scan', 'findings', incident]);
    expect(listed.status).toBe(1);
    expect(listed.stdout).toContain(`${incident}: 1 credential(s) found, 1 open (values redacted)`);
    expect(listed.stdout).toContain('  OPEN in 2 of 2 place(s) · in the files and in git history · rule github-pat-classic');
    expect(listed.stdout).toContain('deploy.env:1:14 (working tree)');
    expect(listed.stdout).toMatch(/deploy\.env:1:14 @ [0-9a-f]{12} \(Dana Ops <dana@example\.org>, \d{4}-\d\d-\d\d\)/);
    expect(listed.stdout).not.toContain(token);
    const json = runCli(dataDir, ['scan', 'findings', incident, '--json']).json;
    expect(json.value.groups).toHaveLength(1);
    expect(json.value.groups[0].places).toHaveLength(2);
  });

  it('settles both places with one mark by fingerprint, and says how to go on', () => {
    const fingerprint: string = runCli(dataDir, ['scan', 'findings', incident, '--json']).json.value.groups[0].fingerprint;
    expect(runCli(dataDir, ['scan', 'mark', incident, fingerprint]).stderr).toContain('say what it is: --rotate, or --false-positive "why"');
    const marked = runCli(dataDir, ['scan', 'mark', incident, fingerprint.toUpperCase(), '--rotate']);
    expect(marked.status, marked.stderr).toBe(0);
    expect(marked.stdout).toMatch(new RegExp(`^${fingerprint} \\(ghp_…\\) sent to rotation in 2 place\\(s\\):`));
    expect(marked.stdout).toContain(`firebreak rotation list ${incident}`);
    const listed = runCli(dataDir, ['scan', 'findings', incident]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain('1 credential(s) found, 0 open');
    expect(runCli(dataDir, ['rotation', 'list', incident]).stdout).toContain('R1');
    const again = runCli(dataDir, ['scan', 'mark', incident, fingerprint, '--false-positive', 'docs']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already marked rotation in every place');
  });

  it('lists the scan kinds and which run here', () => {
    const kinds = runCli(dataDir, ['scan', 'kinds']);
    expect(kinds.stdout).toMatch(/secrets\s+yes/);
    expect(kinds.stdout).toMatch(/dependencies\s+yes\s+Lockfiles audited against the offline advisory database/);
    expect(kinds.stdout).not.toMatch(/not yet/);
  });
});

describe('firebreak scan findings --limit', () => {
  it('prints one page of credentials and the command for the next, which prints the rest', () => {
    const tokens = [0, 1, 2].map(() => fillTemplate('ghp_{alnum:36}', random));
    const other = path.join(work, 'web');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'ci.env'), tokens.map((value, i) => `TOKEN_${i}=${value}\n`).join(''));
    const id: string = runCli(dataDir, ['incident', 'declare', '--title', 'Tokens in the web repo', '--severity', 'P2', '--json']).json.value.id;
    expect(runCli(dataDir, ['scan', 'secrets', other, '--incident', id, '--json']).json.value.findings).toHaveLength(3);
    const whole: string[] = runCli(dataDir, ['scan', 'findings', id, '--json']).json.value.groups.map((group: { fingerprint: string }) => group.fingerprint);

    const first = runCli(dataDir, ['scan', 'findings', id, '--limit', '2']);
    expect(first.status).toBe(1);
    expect(first.stdout).toContain(`${id}: 2 of 3 credential(s) on this page, 2 open (values redacted)`);
    const next = /Next page: firebreak scan findings \S+ --limit 2 --cursor (\S+)/.exec(first.stdout);
    expect(next, first.stdout).not.toBeNull();
    const second = runCli(dataDir, ['scan', 'findings', id, '--limit', '2', '--cursor', next![1]!, '--json']).json.value;
    expect(second).toMatchObject({ total: 3, nextCursor: null });
    const firstJson = runCli(dataDir, ['scan', 'findings', id, '--limit', '2', '--json']).json.value;
    expect([...firstJson.groups, ...second.groups].map((group: { fingerprint: string }) => group.fingerprint)).toEqual(whole);
    for (const value of tokens) expect(first.stdout).not.toContain(value);
    expect(runCli(dataDir, ['scan', 'findings', id, '--limit', 'ten']).stderr).toContain("--limit 'ten' is not a whole number");
    expect(runCli(dataDir, ['scan', 'findings', id, '--cursor', next![1]!]).stderr).toContain('--cursor pages with --limit');
  });
});
