/**
 * Ten secret values go in through every way text enters the console: notes, step notes, skip
 * reasons, titles and descriptions, custody details, the paste guard, a scanned file, the vault,
 * command-line arguments, rotation items and contacts. Then the database, its WAL, the logs,
 * every export and every payload sent towards the page are searched for each value and for every
 * 16-character piece of it: none may be found. The one answer that carries a value on purpose (the
 * vault's copy action in browser mode) is checked to be the only one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveConsole, tempDataDir, type ServedConsole } from '../support/consoleServer';
import { fillTemplate, seededRandom } from '../support/secretCorpus';
import { runCli } from '../support/cli';

const random = seededRandom(1111);
// In the providers' documented formats (the scanner corpus's templates), generated here so no file holds one.
const secrets = {
  github: fillTemplate('ghp_{alnum:36}', random),
  aws: fillTemplate('AKIA{b32:16}', random),
  slack: fillTemplate('xoxb-{digit:12}-{digit:13}-{alnum:24}', random),
  gitlab: fillTemplate('glpat-{url:20}', random),
  gcp: fillTemplate('AIza{url:35}', random),
  sendgrid: fillTemplate('SG.{url:22}.{url:43}', random),
  npm: fillTemplate('npm_{alnum:36}', random),
  anthropic: fillTemplate('sk-ant-api03-{url:93}AA', random),
  privateKey: fillTemplate('-----BEGIN RSA PRIVATE KEY-----\n{b64:64}\n{b64:64}\n{b64:20}==\n-----END RSA PRIVATE KEY-----', random),
  // No known format: found only because it is in the vault.
  vaultOnly: fillTemplate('{alnum:12}-{alnum:12}-{alnum:12}', random),
};
const values = Object.values(secrets);
expect(new Set(values).size).toBe(10);

/** Every 16-character piece of every value (for the PEM, of its key material: its header is public text). */
const pieces = values.flatMap((value) => {
  const material = value.includes('PRIVATE KEY') ? value.split('\n').slice(1, -1).join('\n') : value;
  return Array.from({ length: material.length - 15 }, (_, at) => material.slice(at, at + 16));
});
const leaksIn = (text: string) => [...new Set(pieces.filter((piece) => text.includes(piece)))];

let served: ServedConsole;
const work = tempDataDir('firebreak-planted-');
const dataDir = path.join(work, 'data');
const payloads: Array<{ what: string; text: string }> = [];
const logs: string[] = [];
let events = '';
const stopEvents = new AbortController();

async function api(name: string, input: unknown): Promise<any> {
  const response = await fetch(`${served.origin}/api/op/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  payloads.push({ what: name, text });
  return JSON.parse(text);
}

function cli(args: string[], input?: string) {
  const run = runCli(dataDir, args, { input });
  logs.push(run.stderr);
  payloads.push({ what: `cli ${args[0]} ${args[1]}`, text: run.stdout });
  return run;
}

beforeAll(async () => {
  fs.mkdirSync(path.join(work, 'repo', 'config'), { recursive: true });
  fs.writeFileSync(path.join(work, 'repo', 'config', '.npmrc'), `//registry.npmjs.org/:_authToken=${secrets.npm}\n`);
  fs.writeFileSync(path.join(work, 'benign.log'), 'sshd[2211]: session opened for user deploy\n');
  fs.mkdirSync(path.join(work, 'exported'));
  served = await serveConsole(dataDir);
  served.child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  // Everything the page would be pushed while this runs.
  void fetch(`${served.origin}/api/events`, { headers: { authorization: `Bearer ${served.token}` }, signal: stopEvents.signal })
    .then(async (response) => {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) events += Buffer.from(chunk).toString();
    })
    .catch(() => undefined);
});
afterAll(async () => {
  stopEvents.abort();
  await served.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('ten planted secrets', () => {
  it('are kept out of the database, its WAL, the logs, every export and every payload for the page', async () => {
    // The vault first: from then on its value is redacted wherever it is typed.
    const stored = await api('vault.set', { name: 'on-call-db', value: secrets.vaultOnly, kind: 'password' });
    expect(stored.ok, JSON.stringify(stored)).toBe(true);

    const declared = await api('incident.declare', { title: `Key ${secrets.aws} in a public gist`, severity: 'P1', scenario: 'secret-leaked', description: `Slack said ${secrets.slack}` });
    expect(declared.ok, JSON.stringify(declared)).toBe(true);
    const id = declared.value.id as string;
    expect(declared.redactions.map((r: { rule: string }) => r.rule).sort()).toEqual(['aws-access-key-id', 'slack-bot-token']);

    expect((await api('incident.addNote', { id, text: `from the channel: ${secrets.github} and the db password ${secrets.vaultOnly}` })).redactions).toHaveLength(2);
    const steps = (await api('checklist.get', { id })).value.steps as Array<{ id: string }>;
    await api('checklist.change', { id, stepId: steps[0]!.id, change: 'note', text: `the token was ${secrets.gitlab}` });
    await api('checklist.change', { id, stepId: steps[1]!.id, change: 'skip', reason: `already revoked ${secrets.gcp}` });
    await api('incident.setCommander', { id, commander: `Dana ${secrets.sendgrid}` });
    await api('contacts.save', { name: 'Vendor support', role: 'security', phone: `pin ${secrets.anthropic}` });
    await api('rotation.add', { incidentId: id, name: `GitHub token ${secrets.github}`, location: `CI ${secrets.aws}`, owner: 'Dana', group: 'external' });

    // The paste guard: the page sends a pasted text and gets back only its redacted form.
    const checked = await api('text.check', { text: `pasted: ${secrets.sendgrid}\n${secrets.privateKey}` });
    expect(checked.value.redactions.map((r: { rule: string }) => r.rule)).toEqual(['sendgrid-api-key', 'private-key-pem']);

    // Evidence: a custody detail, then an export.
    const collected = await api('evidence.collect', { paths: [path.join(work, 'benign.log')], output: path.join(work, 'out', 'benign.tar.gz'), incidentId: id });
    expect(collected.ok, JSON.stringify(collected)).toBe(true);
    await api('evidence.addCustody', { evidenceId: collected.value.evidenceId, action: 'transferred', detail: `to legal, password ${secrets.vaultOnly} key ${secrets.anthropic}` });
    const exported = await api('evidence.export', { evidenceId: collected.value.evidenceId, destination: path.join(work, 'exported') });
    expect(exported.ok, JSON.stringify(exported)).toBe(true);

    // A scanned file: the finding keeps a preview and a fingerprint; marked for rotation with a note.
    const scanned = await api('scan.secrets', { path: path.join(work, 'repo'), incidentId: id });
    expect(scanned.value.findings.map((f: { rule: string }) => f.rule)).toEqual(['npm-access-token']);
    const runs = (await api('scan.list', { incidentId: id })).value.runs;
    await api('scan.markFinding', { findingId: runs[0].findings[0].id, status: 'rotation', note: `same as ${secrets.github}` });

    // Communications, action items, the reports and the incident bundle (each written into the searched export folder).
    expect((await api('comms.markSent', { incidentId: id, templateId: 'status-update', body: `rotated ${secrets.slack}`, subject: `key ${secrets.npm}`, channel: `#inc ${secrets.gitlab}` })).ok).toBe(true);
    expect((await api('action.add', { incidentId: id, title: `Rotate ${secrets.aws}`, owner: `Dana ${secrets.vaultOnly}` })).ok).toBe(true);
    expect((await api('action.update', { incidentId: id, itemId: 'A1', title: `Rotated ${secrets.gcp}` })).ok).toBe(true);
    for (const kind of ['incident', 'postmortem']) {
      const report = await api('report.export', { id, kind, destination: path.join(work, 'exported') });
      expect(report.ok, JSON.stringify(report)).toBe(true);
    }
    const bundle = await api('incident.export', { id, file: path.join(work, 'exported', 'bundle.json') });
    expect(bundle.ok, JSON.stringify(bundle)).toBe(true);
    for (const [name, input] of [
      ['template.render', { templateId: 'status-update', incidentId: id }],
      ['report.render', { id, kind: 'postmortem' }],
      ['action.list', { status: 'all' }],
    ] as const)
      await api(name, input);

    // The command line: a note given as an argument, a value given where an id belongs, scan exports.
    const noted = cli(['incident', 'note', id, `pasted key:\n${secrets.privateKey}`]);
    expect(noted.status, noted.stderr).toBe(0);
    expect(noted.stderr).toMatch(/stored redacted/);
    expect(cli(['incident', 'show', secrets.vaultOnly]).status).toBe(2);
    expect(cli(['incident', 'show', secrets.github, '--json']).status).toBe(2);
    cli(['scan', 'secrets', path.join(work, 'repo'), '--sarif']);
    cli(['scan', 'secrets', path.join(work, 'repo'), '--write-baseline', path.join(work, 'exported', 'baseline.json')]);
    cli(['vault', 'list']);

    // The copy action in browser mode carries the value, on purpose: the only payload that may.
    const copied = await api('vault.copy', { name: 'on-call-db' });
    expect(copied.value.value).toBe(secrets.vaultOnly);
    payloads.pop();

    // Everything the page can load afterwards.
    for (const [name, input] of [
      ['incident.get', { id }],
      ['incident.list', {}],
      ['checklist.get', { id }],
      ['evidence.list', { incidentId: id }],
      ['scan.list', { incidentId: id }],
      ['rotation.list', { incidentId: id }],
      ['contacts.list', {}],
      ['vault.list', {}],
      ['vault.status', {}],
      ['verify.all', {}],
    ] as const)
      await api(name, input);
    const shown = JSON.stringify(payloads.find((payload) => payload.what === 'incident.get'));
    expect(shown).toContain('[redacted github-pat-classic sha256:');
    expect(shown).toContain('[redacted vault-value sha256:');
    expect(shown).toContain('[redacted private-key-pem sha256:');

    // Stop the server so the WAL and logs are final, then search everything.
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopEvents.abort();
    await served.stop();
    const found: Record<string, string[]> = {};
    const search = (what: string, text: string) => {
      const leaks = leaksIn(text);
      if (leaks.length) found[what] = leaks;
    };
    const filesUnder = (folder: string): string[] =>
      fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(folder, entry.name)) : [path.join(folder, entry.name)]));
    const dataFiles = filesUnder(dataDir);
    expect(dataFiles.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['firebreak.sqlite', 'vault.fbv']));
    for (const file of dataFiles) search(path.relative(work, file), fs.readFileSync(file).toString('latin1'));
    for (const file of filesUnder(path.join(work, 'exported'))) search(path.relative(work, file), fs.readFileSync(file).toString('latin1'));
    for (const payload of payloads) search(`payload ${payload.what}`, payload.text);
    search('events pushed to the page', events);
    search('logs', logs.join('\n'));
    expect(found).toEqual({});
    expect(payloads.length).toBeGreaterThan(25);
    expect(events).toContain('data:');
  });
});
