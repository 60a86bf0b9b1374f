import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src-main/domain/scans/secretMatch';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const random = seededRandom(31337);
// A GitHub token and a Slack bot token in their documented formats, generated so this file holds neither.
const github = fillTemplate('ghp_{alnum:36}', random);
const slack = fillTemplate('xoxb-{digit:12}-{digit:13}-{alnum:24}', random);
const pieces = (value: string) => Array.from({ length: value.length - 15 }, (_, at) => value.slice(at, at + 16));
const leaks = (...texts: string[]) => [github, slack].flatMap(pieces).filter((piece) => texts.some((text) => text.includes(piece)));
const notice = `firebreak: the note looked like it held a secret (GitHub personal access token (classic), ghp_…, sha256:${fingerprint(github)}): it was stored redacted. Keep the value in the vault instead: firebreak vault set NAME\n`;

describe('firebreak incident note with a secret in it', () => {
  const id = runCli(dataDir, ['incident', 'declare', '--title', 'Token in a chat log', '--severity', 'P2', '--json']).json.value.id as string;

  it('stores the note redacted and says so on stderr', () => {
    const run = runCli(dataDir, ['incident', 'note', id, `Revoked ${github} at 03:12`]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Note #\d+ added to INC-/);
    expect(run.stderr).toBe(notice);
    const shown = runCli(dataDir, ['incident', 'show', id]).stdout;
    expect(shown).toContain(`Revoked ghp_…[redacted github-pat-classic sha256:${fingerprint(github)}] at 03:12`);
    expect(leaks(run.stdout, run.stderr, shown)).toEqual([]);
  });

  it('with --json, prints one envelope carrying the redactions on stdout and the same notice on stderr', () => {
    const run = runCli(dataDir, ['incident', 'note', id, `bot token ${slack} and ${github}`, '--json']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.json.redactions).toEqual([
      { field: 'text', rule: 'slack-bot-token', description: 'Slack bot token', fingerprint: fingerprint(slack), preview: 'xoxb…' },
      { field: 'text', rule: 'github-pat-classic', description: 'GitHub personal access token (classic)', fingerprint: fingerprint(github), preview: 'ghp_…' },
    ]);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(run.stderr).toContain(notice);
    expect(leaks(run.stdout, run.stderr)).toEqual([]);
  });

  it('says nothing more for a note with no secret', () => {
    const run = runCli(dataDir, ['incident', 'note', id, 'Paged the on-call lead']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('never stores the value: the database and its journal hold no piece of it', () => {
    const files = fs.readdirSync(dataDir).filter((file) => !fs.statSync(path.join(dataDir, file)).isDirectory());
    expect(files.some((file) => file.endsWith('-wal') || file.endsWith('.db') || file.endsWith('.sqlite'))).toBe(true);
    for (const file of files) expect(leaks(fs.readFileSync(path.join(dataDir, file), 'latin1')), file).toEqual([]);
  });
});

describe('errors that echo a secret given as an argument', () => {
  it.each([
    ['an unknown command', [github]],
    ['a bad option value', ['incident', 'declare', '--title', 'x', '--severity', 'P1', '--impact', github]],
    ['a bad incident ID', ['incident', 'show', github]],
    ['an unknown option', ['incident', 'list', `--${github}`]],
  ])('%s: redacted on stderr, and in the --json envelope', (_, args) => {
    const human = runCli(dataDir, args);
    expect(human.status).toBe(2);
    expect(human.stderr).not.toBe('');
    const json = runCli(dataDir, [...args, '--json']);
    expect(json.status).toBe(2);
    expect(json.json.ok).toBe(false);
    expect(leaks(human.stdout, human.stderr, json.stdout, json.stderr)).toEqual([]);
  });

  it('shows what stood there, so the responder knows which argument was wrong', () => {
    expect(runCli(dataDir, [github]).stderr).toBe(`error: unknown command 'ghp_…[redacted github-pat-classic sha256:${fingerprint(github)}]'\n`);
  });
});
