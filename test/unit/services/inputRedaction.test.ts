import fs from 'node:fs';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { isRedactionExempt, operationNames, operations, type OperationName } from '../../../src-main/contract';
import { fingerprint } from '../../../src-main/domain/scans/secretMatch';
import { dispatch, dispatchAsync } from '../../../src-main/services/dispatch';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';
import { makeTestContext } from '../../support/serviceContext';

// Every service module the dispatch hands parsed input to: each exported function records its
// arguments, then runs for real. What a handler received is what it could store.
const seen = vi.hoisted(() => ({ calls: [] as unknown[][] }));
const recording = vi.hoisted(() => (module: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(module).map(([name, value]) => [
      name,
      typeof value === 'function'
        ? (...args: unknown[]) => {
            seen.calls.push(args.slice(1));
            return (value as (...args: unknown[]) => unknown)(...args);
          }
        : value,
    ]),
  ),
);
vi.mock(import('../../../src-main/services/playbooks/checklist'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/playbooks/commandVariables'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/escalations/contacts'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/escalations/escalations'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/incidents/incidents'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/incidents/incidentPages'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/incidents/assessment'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/hub/hubOperations'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/evidence/evidenceOperations'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/jobRegistry'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/playbooks/playbookOperations'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/scans/scans'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/scans/findingMarks'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/logs/logPromote'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/settings'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/investigation/indicators'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/investigation/assets'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/investigation/attack'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/investigation/timeline'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/investigation/clocks'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/incidents/verify'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/incidents/members'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/vault/vaultOperations'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/rotation/rotation'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/comms/sent'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/actions/actions'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/runbooks/runbookSave'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/incidents/roles'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/drafts'), async (original) => recording(await original()) as never);
vi.mock(import('../../../src-main/services/drills/drillOperations'), async (original) => recording(await original()) as never);

const test = makeTestContext();
afterAll(() => test.close());
beforeEach(() => {
  seen.calls.length = 0;
});

const random = seededRandom(4242);
// In the providers' documented formats (the scanner corpus's templates), generated so this file holds none.
const github = fillTemplate('ghp_{alnum:36}', random);
const aws = fillTemplate('AKIA{b32:16}', random);
const secrets = [github, aws];
const note = `pasted from the CI log: GITHUB_TOKEN=${github} and AWS_ACCESS_KEY_ID=${aws}`;

function pieces(value: string): string[] {
  return Array.from({ length: value.length - 15 }, (_, at) => value.slice(at, at + 16));
}
const leaks = (text: string) => secrets.flatMap(pieces).filter((piece) => text.includes(piece));

const incidentId = 'INC-20260101-000000';
const nowhere = '/nonexistent/firebreak-redaction-test';
/**
 * A valid input per operation with a secret in every free-text field it has (several inputs where
 * a field exists in one variant only). A new operation fails the first test until it is listed.
 */
const samples: Record<OperationName, Record<string, unknown>[]> = {
  'app.info': [{}],
  'incident.declare': [{ title: note, severity: 'P1', scenario: 'generic', commander: note, detectionSource: note, description: note, assessment: { answers: { dataExposed: aws }, suggested: 'P1', reasons: [note] } }],
  // The search text is redacted (titles are stored redacted); cursors and filters are exempt.
  'incident.list': [{ scope: 'all' }, { scope: 'all', kind: 'drill', limit: 10, text: note, status: ['Active'], severity: ['P1'], declaredFrom: '2026-01-01T00:00:00Z' }],
  'incident.get': [{ id: incidentId }, { id: incidentId, timelineLimit: 50 }],
  'incident.timeline': [{ id: incidentId, limit: 20 }],
  'incident.setSeverity': [{ id: incidentId, severity: 'P2', reason: note }],
  'incident.setStatus': [{ id: incidentId, status: 'Contained', note, reason: note }],
  'incident.setCommander': [{ id: incidentId, commander: note }],
  'incident.addNote': [{ id: incidentId, text: note }],
  'incident.setRole': [{ id: incidentId, role: 'scribe', name: `Ana ${github}`, reason: note }],
  'drafts.get': [{ id: incidentId }],
  'drafts.save': [{ id: incidentId, drafts: { [`note:${incidentId}`]: note } }],
  'incident.verify': [{ id: incidentId }, { id: incidentId, seal: 'a'.repeat(64) }],
  'incident.addMember': [{ id: incidentId, actorKey: 'A'.repeat(43), name: note }],
  'verify.all': [{}],
  'incident.acknowledge': [{ id: incidentId }],
  'incident.setScenario': [{ id: incidentId, scenario: 'generic' }],
  'incident.advancePhase': [{ id: incidentId, to: 'Triage', reason: note }],
  'checklist.get': [{ id: incidentId }],
  'incident.variables': [{ id: incidentId }],
  // A value goes to the operation as given (exempt), which refuses one that looks like a secret.
  'incident.setVariables': [{ id: incidentId, values: { SHORT_NAME: 'checkout-key-leak' } }],
  'checklist.change': [
    { id: incidentId, stepId: 'revoke-credential', change: 'skip', reason: note },
    { id: incidentId, stepId: 'revoke-credential', change: 'na', reason: note },
    { id: incidentId, stepId: 'revoke-credential', change: 'note', text: note },
  ],
  'checklist.assign': [{ id: incidentId, stepId: 'revoke-credential', assignee: `Ana ${github}` }],
  'checklist.addStep': [{ id: incidentId, phase: 'Contain', text: note, command: `curl -H "Authorization: token ${github}" https://api.github.com/user` }],
  'playbook.list': [{}],
  'playbook.get': [{ id: 'generic' }],
  'contacts.list': [{}],
  'contacts.save': [{ name: note, role: `ops ${github}`, email: `${github}@example.com`, phone: github, onCall: true }],
  'contacts.remove': [{ id: '00000000-0000-4000-8000-000000000000' }],
  'reminders.list': [{ scope: 'all' }],
  'reminders.acknowledge': [{ id: incidentId, key: 'r1-60m' }],
  'severity.assess': [{ activeExploitation: true, dataExposed: true, secretsExposedPublicly: true, productionAffected: true, usersAffected: 'many' }],
  'evidence.collect': [{ paths: [nowhere], output: `${nowhere}/out.tar.gz`, incidentId }],
  'evidence.preflight': [{ paths: [nowhere], output: `${nowhere}/out.tar.gz` }],
  'evidence.liveProfiles': [{}],
  'evidence.liveCollect': [{ profile: 'quick', output: `${nowhere}/live.tar.gz`, incidentId, paths: [nowhere], namespaces: ['default'] }],
  'evidence.contents': [{ evidenceId: 'EV-00000000', page: 1 }],
  'evidence.verify': [{ archive: `${nowhere}/a.tar.gz`, trustedKeys: [`${nowhere}/key.pem`] }],
  'evidence.publicKey': [{}],
  'evidence.list': [{ incidentId }, { limit: 5 }],
  'evidence.addCustody': [{ evidenceId: 'EV-00000000', action: 'note', detail: note }],
  'evidence.export': [{ evidenceId: 'EV-00000000', destination: nowhere }],
  'quarantine.add': [{ file: nowhere, incidentId }],
  'quarantine.list': [{ includeReleased: true }],
  'quarantine.release': [{ id: 'Q-00000000' }],
  'scan.secrets': [{ path: nowhere, since: `2026-01-01 ${github}`, baseline: `${nowhere}/baseline.json`, incidentId }],
  'scan.list': [{ incidentId }, { incidentId, limit: 5 }],
  'scan.logs': [{ paths: [`${nowhere}/access.log`, `${nowhere}/*.log.gz`], since: '2026-01-01T00:00:00Z', until: '2026-01-02T00:00:00Z', incidentId }],
  'logs.list': [{ incidentId }, { incidentId, scanId: 'LS-1a2b3c4d', category: ['sqli'], ip: '203.0.113.9', limit: 5 }],
  'logs.promote': [{ incidentId, scanId: 'LS-1a2b3c4d', findingId: 1, note }, { incidentId, scanId: 'LS-1a2b3c4d', ip: '203.0.113.9', note }],
  'scan.markFinding': [{ findingId: 1, status: 'false-positive', note }],
  'scan.markFingerprint': [{ incidentId, fingerprint: 'abcdef0123456789', status: 'false-positive', note }],
  'scan.kinds': [{}],
  'text.check': [{ text: note }],
  'jobs.cancel': [{ jobId: '00000000-0000-4000-8000-000000000000' }],
  'vault.status': [{}],
  'vault.list': [{}],
  // The value is what the vault keeps (exempt): the secret here is in the name, which is stored as text.
  'vault.set': [{ name: `token-${github}`, value: 'a value the vault keeps', kind: 'api-token' }],
  'vault.delete': [{ name: 'no-such-entry' }],
  'vault.copy': [{ name: 'no-such-entry' }],
  'vault.unlock': [{ passphrase: 'correct horse battery staple' }],
  'vault.lock': [{}],
  'vault.test': [{}],
  'rotation.list': [{ incidentId }],
  'rotation.add': [{ incidentId, name: note, location: note, owner: note, group: 'external' }],
  'rotation.mark': [{ incidentId, itemId: 'R1', status: 'rotated' }],
  'rotation.check': [{ incidentId, itemId: 'R1', check: 'ci-secrets', done: true }],
  'template.list': [{}],
  'template.render': [{ templateId: 'status-update', incidentId }],
  'comms.markSent': [{ incidentId, templateId: 'status-update', body: note, subject: note, channel: note }],
  'report.render': [{ id: incidentId, kind: 'postmortem' }],
  'report.export': [{ id: incidentId, kind: 'incident', destination: nowhere }],
  // Indicator values and pasted lists are exempt: a changed hash or address is another indicator; a line that is a secret is refused by the operation.
  'ioc.add': [{ incidentId, value: '203.0.113[.]9', note, tags: [github] }, { incidentId, value: 'evil.example', type: 'domain', tlp: 'red', firstSeen: '2026-11-30T09:15:00+02:00', source: { kind: 'log-aggregate', ref: note }, note, techniques: ['T1566'] }],
  'ioc.import': [{ incidentId, text: '203.0.113.9\nhxxps://evil[.]example/x\n', tags: [github], dryRun: true }],
  'ioc.update': [{ incidentId, indicatorId: 'I1', tlp: 'green', note, tags: [github], techniques: ['T1071'], lastSeen: null }],
  'ioc.list': [{ incidentId }, { incidentId, type: 'ip', tag: 'c2', technique: 'T1071' }],
  'asset.add': [{ incidentId, kind: 'host', name: note, owner: note, note, tags: [github], techniques: ['T1078'] }],
  'asset.state': [{ incidentId, assetId: 'S1', state: 'contained', reason: note }],
  'asset.update': [{ incidentId, assetId: 'S1', owner: note, note, tags: [github], techniques: ['T1078'] }],
  'asset.list': [{ incidentId }, { incidentId, state: 'compromised' }],
  'attack.import': [{ path: '/nonexistent/enterprise-attack.json' }],
  'attack.search': [{ text: note }],
  'timeline.add': [{ incidentId, text: note, at: '2026-11-30T09:15:00+02:00', category: github, links: { indicators: ['I1'], assets: ['S1'], techniques: ['T1059'], tags: [github] } }],
  'timeline.tag': [{ incidentId, hash: 'a'.repeat(64), add: { techniques: ['T1059'], tags: [github] }, remove: { tags: [github] } }],
  'timeline.list': [{ incidentId }, { incidentId, sort: 'recorded', indicator: 'I1', asset: 'S1', technique: 't1059', tag: github, actor: github, types: ['timeline.entry'], limit: 10 }],
  'timeline.export': [{ incidentId, format: 'csv' }],
  'timeline.import': [{ incidentId, path: '/nonexistent/timeline.csv' }],
  'clock.start': [{ incidentId, name: 'gdpr-authority', startedAt: '2026-11-20T09:15:00+02:00', note }, { incidentId, name: 'contract-60d', label: note, hours: 1440, note }],
  'clock.stop': [{ incidentId, name: 'gdpr-authority', note }],
  'clock.list': [{ incidentId }],
  'action.list': [{ incidentId, status: 'all' }],
  'action.add': [{ incidentId, title: note, owner: note, due: '2026-12-24' }],
  'action.update': [{ incidentId, itemId: 'A1', title: note, owner: note, due: null, status: 'done' }],
  'incident.export': [{ id: incidentId, file: `${nowhere}/bundle.json` }],
  'incident.import': [{ file: `${nowhere}/bundle.json`, trustedKeys: [`${nowhere}/key.pem`] }],
  'hub.status': [{}],
  'hub.join': [{ url: 'postgres://alice@127.0.0.1:1/firebreak', password: 'not-a-real-password', caFile: `${nowhere}/ca.pem` }],
  'hub.leave': [{}],
  'hub.sync': [{}, { incidentId }],
  'incident.presence': [{ id: incidentId }],
  'drill.list': [{}],
  'drill.start': [{ drillId: 'leaked-api-key', commander: note }],
  'drill.get': [{ id: incidentId, view: 'facilitator' }],
  'drill.clock': [{ id: incidentId, action: 'speed', speed: 10 }],
  'drill.inject': [{ id: incidentId, injectId: 'key-used', action: 'fire' }],
  'drill.answer': [{ id: incidentId, questionId: 'who-rotates', answer: note }],
  'drill.finish': [{ id: incidentId }],
  'drill.report': [{ id: incidentId, output: `${nowhere}/drill.md` }],
  'drill.history': [{}, { drillId: 'leaked-api-key' }],
  'advisories.import': [{ path: `${nowhere}/osv/all.zip` }],
  'advisories.status': [{}],
  'scan.deps': [{ lockfiles: [`${nowhere}/package-lock.json`], db: `${nowhere}/osv`, incidentId }],
  'scan.lockdiff': [{ baseline: `${nowhere}/good.lock`, current: `${nowhere}/yarn.lock`, incidentId }],
  'sbom.generate': [{ lockfile: `${nowhere}/Cargo.lock`, output: `${nowhere}/sbom.json` }],
  'sbom.diff': [{ before: `${nowhere}/a.json`, after: `${nowhere}/b.json`, incidentId }],
  'integrity.snapshot': [{ dir: nowhere, output: `${nowhere}/baseline.json` }],
  'integrity.check': [{ dir: nowhere, baseline: `${nowhere}/baseline.json`, incidentId }],
  'supply.list': [{ incidentId }],
  'supply.get': [{ incidentId, checkId: 'SC-1a2b3c4d' }],
  'playbook.importPreview': [{ file: `${nowhere}/runbook.md` }],
  'playbook.importSave': [{ runbook: { source: 'runbook.md', severities: [{ level: 'P0', label: note, responseMinutes: 15, responseText: note }], playbooks: [{ id: 'imported-runbook', title: note, line: 1, sections: [{ heading: note, phase: 'Contain', line: 2, steps: [{ text: note, detail: note, command: note }] }] }], templates: [{ id: 'imported-update', title: note, line: 3, body: note, fields: [{ placeholder: note, field: null }] }], escalation: [{ afterMinutes: 15, notify: note }], contacts: [{ name: note, role: note, email: note, phone: github }], warnings: [{ line: 1, message: note }] }, replace: false }],
  'settings.get': [{}],
  'settings.update': [{ responderName: note, activeSchemeId: 'p0-p3' }],
  'severity.schemes': [{}],
};

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; out?: z.ZodType; options?: z.ZodType[]; valueType?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The paths of every string an input schema accepts (`*` for an array index or a record key); enums and literals are not text. */
function stringFields(schema: z.ZodType, at = ''): string[] {
  const def = defOf(schema);
  const join = (key: string) => (at ? `${at}.${key}` : key);
  switch (def.type) {
    case 'string':
      return [at];
    case 'object':
      return Object.entries(def.shape!).flatMap(([key, child]) => stringFields(child, join(key)));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return stringFields(def.innerType!, at);
    case 'array':
      return stringFields(def.element!, join('*'));
    case 'record':
      return stringFields(def.valueType!, join('*'));
    case 'union':
      return [...new Set(def.options!.flatMap((option) => stringFields(option, at)))];
    case 'pipe':
      return [...new Set([...stringFields(def.in!, at), ...stringFields(def.out!, at)])];
    default:
      return [];
  }
}

/** Each string leaf of a value with its path, array indices and record keys as `*`-able parts. */
function leaves(value: unknown, at = ''): { field: string; text: string }[] {
  if (typeof value === 'string') return [{ field: at, text: value }];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => leaves(child, at ? `${at}.${key}` : key));
  return [];
}
const generic = (field: string, patterns: string[]) =>
  patterns.find((pattern) => pattern.split('.').length === field.split('.').length && pattern.split('.').every((part, index) => part === '*' || part === field.split('.')[index]));

describe('secrets in operation input', () => {
  it('every operation has a sample with a secret in each of its free-text fields', () => {
    expect(Object.keys(samples).sort()).toEqual([...operationNames].sort());
    const uncovered: string[] = [];
    for (const name of operationNames) {
      const free = stringFields(operations[name].input as z.ZodType).filter((field) => !isRedactionExempt(name, field.replace(/\*/g, '0')));
      const filled = samples[name].flatMap((sample) => leaves(sample).filter((leaf) => leaks(leaf.text).length > 0).map((leaf) => leaf.field));
      for (const field of free) if (!filled.some((leaf) => generic(leaf, [field]))) uncovered.push(`${name}: ${field}`);
    }
    expect(uncovered).toEqual([]);
  });

  it.each(operationNames.map((name) => [name] as const))('%s: no secret reaches the operation or its answer in clear', async (name) => {
    for (const sample of samples[name]) {
      seen.calls.length = 0;
      const envelope = await dispatchAsync(test.ctx, name, sample);
      // The sample is valid: whatever fails, fails in the operation, not in the schema.
      if (!envelope.ok) expect(envelope.error.fields, `${name}: ${envelope.error.message}`).toBeUndefined();
      const received = JSON.stringify(seen.calls);
      expect(leaks(received), `${name} received`).toEqual([]);
      expect(leaks(JSON.stringify(envelope)), `${name} answered`).toEqual([]);
      const secretFields = leaves(sample).filter((leaf) => leaks(leaf.text).length > 0 && !isRedactionExempt(name, leaf.field));
      if (secretFields.length === 0) continue;
      // The handler ran (or, for the paste guard, answered), and got the redacted text.
      if (name !== 'text.check') expect(seen.calls.length, `${name} reached its handler`).toBeGreaterThan(0);
      expect(received + JSON.stringify(envelope)).toContain(`[redacted github-pat-classic sha256:${fingerprint(github)}]`);
      if (envelope.ok && name !== 'text.check') expect([...new Set(envelope.redactions?.map((redaction) => redaction.field))].sort()).toEqual([...new Set(secretFields.map((leaf) => leaf.field))].sort());
    }
  });
});

describe('what is stored', () => {
  it('holds the redacted form only: the database and its journal have no piece of any secret', () => {
    const declared = dispatch(test.ctx, 'incident.declare', { title: `Key leak ${github}`, severity: 'P1', scenario: 'secret-leaked', description: note });
    if (!declared.ok) throw new Error(declared.error.message);
    const id = (declared.value as { id: string }).id;
    expect(declared.redactions?.map((redaction) => [redaction.field, redaction.rule])).toEqual([
      ['title', 'github-pat-classic'],
      ['description', 'github-pat-classic'],
      ['description', 'aws-access-key-id'],
    ]);
    const added = dispatch(test.ctx, 'incident.addNote', { id, text: note });
    expect(added).toMatchObject({
      ok: true,
      redactions: [
        { field: 'text', rule: 'github-pat-classic', description: 'GitHub personal access token (classic)', fingerprint: fingerprint(github), preview: 'ghp_…' },
        { field: 'text', rule: 'aws-access-key-id', fingerprint: fingerprint(aws), preview: 'AKIA…' },
      ],
    });
    const steps = (dispatch(test.ctx, 'checklist.get', { id }) as { ok: true; value: { steps: { id: string }[] } }).value.steps;
    expect(dispatch(test.ctx, 'checklist.change', { id, stepId: steps[0]!.id, change: 'note', text: note })).toMatchObject({ ok: true });
    expect(dispatch(test.ctx, 'checklist.change', { id, stepId: steps[1]!.id, change: 'skip', reason: note })).toMatchObject({ ok: true });
    expect(dispatch(test.ctx, 'contacts.save', { name: `Ana ${github}`, role: 'security', phone: aws })).toMatchObject({ ok: true });
    const detail = dispatch(test.ctx, 'incident.get', { id });
    expect(JSON.stringify(detail)).toContain(`ghp_…[redacted github-pat-classic sha256:${fingerprint(github)}]`);

    test.ctx.db.pragma('wal_checkpoint(PASSIVE)');
    const stored = fs.readdirSync(test.dataDir).filter((file) => /\.(db|sqlite|wal)$|-wal$|-shm$/.test(file) || file.includes('.db'));
    expect(stored.length).toBeGreaterThan(0);
    for (const file of stored) expect(leaks(fs.readFileSync(`${test.dataDir}/${file}`).toString('latin1')), file).toEqual([]);
  });

  it('redacts error messages that echo input', () => {
    const unknownKey = dispatch(test.ctx, 'incident.list', { [github]: true });
    expect(unknownKey.ok).toBe(false);
    expect(leaks(JSON.stringify(unknownKey))).toEqual([]);
    const unknownOperation = dispatch(test.ctx, `incident.${github}`, {});
    expect(unknownOperation).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('[redacted github-pat-classic') } });
  });

  it('the paste guard answers with the redacted form only', () => {
    const checked = dispatch(test.ctx, 'text.check', { text: `  ${note}\n` });
    expect(checked).toMatchObject({ ok: true, value: { redactions: [{ field: 'text', rule: 'github-pat-classic' }, { field: 'text', rule: 'aws-access-key-id' }] } });
    const { redacted, redactions } = (checked as { ok: true; value: { redacted: string; redactions: { start: number; end: number }[] } }).value;
    // Where each value was in the text sent: the page holds the value, the answer only says where.
    expect(redactions.map(({ start, end }) => `  ${note}\n`.slice(start, end))).toEqual([github, aws]);
    expect(redacted.startsWith('  pasted from the CI log: GITHUB_TOKEN=ghp_…[redacted')).toBe(true);
    expect(redacted.endsWith(']\n')).toBe(true);
    expect(leaks(JSON.stringify(checked))).toEqual([]);
    expect(dispatch(test.ctx, 'text.check', { text: 'nothing secret here ✓' })).toEqual({ ok: true, value: { redacted: 'nothing secret here ✓', redactions: [] } });
  });
});
