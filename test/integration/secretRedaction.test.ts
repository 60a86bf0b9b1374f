import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { apiCall, serveConsole, tempDataDir } from '../support/consoleServer';
import { initRepo } from '../support/gitRepo';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

const work = tempDataDir('firebreak-redaction-');
const dataDir = path.join(work, 'data');
const repo = path.join(work, 'repo');
const random = seededRandom(2026);
// Planted values, generated so this file holds none of them.
const planted = {
  aws: fillTemplate('AKIA{b32:16}', random),
  github: fillTemplate('ghp_{alnum:36}', random),
  stripe: fillTemplate('sk_live_{alnum:32}', random),
  openai: fillTemplate('sk-proj-{url:40}T3BlbkFJ{url:40}', random),
  postgresPassword: fillTemplate('{alnum:20}', random),
  pem: fillTemplate('{b64:64}', random),
  historyOnly: fillTemplate('xoxb-{digit:12}-{digit:13}-{alnum:24}', random),
};

beforeAll(() => {
  const git = initRepo(repo, { name: 'Ops', email: 'ops@example.org' });
  fs.mkdirSync(path.join(repo, 'deploy'));
  fs.writeFileSync(path.join(repo, 'slack.js'), `const token = "${planted.historyOnly}";\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'add slack');
  fs.writeFileSync(path.join(repo, 'slack.js'), 'const token = process.env.SLACK;\n');
  fs.writeFileSync(path.join(repo, '.env'), `AWS_ACCESS_KEY_ID=${planted.aws}\nGITHUB_TOKEN=${planted.github}\nOPENAI_API_KEY=${planted.openai}\n`);
  fs.writeFileSync(path.join(repo, 'deploy', 'settings.py'), `STRIPE = "${planted.stripe}"\nDATABASE_URL = "postgres://app:${planted.postgresPassword}@db.internal:5432/app"\n`);
  fs.writeFileSync(path.join(repo, 'deploy', 'id_rsa'), `-----BEGIN RSA PRIVATE KEY-----\n${planted.pem}\n${planted.pem}\n-----END RSA PRIVATE KEY-----\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'settings');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every place a value could escape to: outputs, files the console wrote, the database and its journal. */
function leaks(outputs: string[], files: string[]): string[] {
  const haystacks = [...outputs.map((text, index) => ({ where: `output #${index}`, bytes: Buffer.from(text) })), ...files.map((file) => ({ where: file, bytes: fs.readFileSync(file) }))];
  const found: string[] = [];
  for (const [name, value] of Object.entries(planted)) {
    // The value, and any long piece of it (a preview longer than promised would show here).
    const pieces = [value, value.slice(4, 20)];
    for (const { where, bytes } of haystacks) if (pieces.some((piece) => bytes.includes(piece))) found.push(`${name} in ${where}`);
  }
  return found;
}

const filesUnder = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));

describe('secrets never leave redaction', () => {
  it('finds every planted secret, and no output, file, database or log holds a value', async () => {
    const id = runCli(dataDir, ['incident', 'declare', '--title', 'Leaked keys', '--severity', 'P1', '--scenario', 'secret-leaked', '--json']).json.value.id;
    const json = runCli(dataDir, ['scan', 'secrets', repo, '--history', '--incident', id, '--json', '--write-baseline', path.join(work, 'baseline.json')]);
    const rules = new Set(json.json.value.findings.map((finding: { rule: string }) => finding.rule));
    expect([...rules].sort()).toEqual(['aws-access-key-id', 'github-pat-classic', 'openai-api-key', 'postgres-url-password', 'private-key-pem', 'slack-bot-token', 'stripe-live-secret-key']);
    const sarif = runCli(dataDir, ['scan', 'secrets', repo, '--history', '--sarif']);
    const human = runCli(dataDir, ['scan', 'secrets', repo, '--history']);
    const show = runCli(dataDir, ['incident', 'show', id, '--json']);

    const served = await serveConsole(dataDir);
    let serverLogs = '';
    served.child.stdout!.on('data', (chunk: Buffer) => (serverLogs += chunk.toString()));
    served.child.stderr!.on('data', (chunk: Buffer) => (serverLogs += chunk.toString()));
    const overHttp = await apiCall(served, 'scan.secrets', { path: repo, history: true, incidentId: id });
    expect(overHttp.body.value.findings).toHaveLength(json.json.value.findings.length);
    const listed = await apiCall(served, 'scan.list', { incidentId: id });
    const finding = listed.body.value.runs[0].findings[0];
    const marked = await apiCall(served, 'scan.markFinding', { findingId: finding.id, status: 'rotation', note: 'rotate today' });
    expect(marked.body.value.status).toBe('rotation');
    const rotation = await apiCall(served, 'rotation.list', { incidentId: id });
    await served.stop();

    const outputs = [json.stdout, json.stderr, sarif.stdout, sarif.stderr, human.stdout, human.stderr, show.stdout, JSON.stringify(overHttp.body), JSON.stringify(listed.body), JSON.stringify(marked.body), JSON.stringify(rotation.body), serverLogs];
    expect(leaks(outputs, [...filesUnder(dataDir), path.join(work, 'baseline.json')])).toEqual([]);
    // What is kept is the preview and the fingerprint.
    expect(human.stdout).toContain('ghp_…');
    expect(rotation.body.value.items).toEqual([expect.objectContaining({ fingerprint: finding.fingerprint, findingId: finding.id, status: 'pending' })]);
  });
});
