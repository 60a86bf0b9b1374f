import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checklist, Incident, IncidentDetail, IncidentVariables, VerifyResult } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { fillTemplate, seededRandom } from '../../support/secretCorpus';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const command = (checklist: Checklist, stepId: string) => checklist.steps.find((step) => step.id === stepId)!.filledCommand;

describe('incident variables', () => {
  it('are asked once and fill every command of every step that uses them', () => {
    const { id } = call<Incident>('incident.declare', { title: 'npm token leaked', severity: 'P1', scenario: 'malicious-dependency' });
    const before = call<IncidentVariables>('incident.variables', { id });
    expect(before.variables.map((variable) => [variable.name, variable.value, variable.usedBy])).toEqual([
      ['SHORT_NAME', null, 1],
      ['PACKAGE', null, 1],
    ]);
    expect(before.variables[0]).toMatchObject({ label: 'Short name for the incident channel', example: 'checkout-key-leak' });
    call('incident.setVariables', { id, values: { SHORT_NAME: 'evil-dep', PACKAGE: 'event-stream' } });
    const checklist = call<Checklist>('checklist.get', { id });
    expect(command(checklist, 'open-channel')).toBe('#incident-20261123-evil-dep');
    expect(command(checklist, 'remove-package')).toBe('npm uninstall event-stream && npm cache clean --force');
    expect(checklist.steps.flatMap((step) => step.unfilledPlaceholders)).toEqual([]);
    expect(checklist.variables.map((variable) => variable.value)).toEqual(['evil-dep', 'event-stream']);
    const timeline = call<IncidentDetail>('incident.get', { id }).timeline;
    expect(timeline.at(-1)).toMatchObject({ type: 'incident.variablesSet', summary: 'Command values: {PACKAGE} = event-stream, {SHORT_NAME} = evil-dep' });
    expect(call<VerifyResult>('incident.verify', { id })).toMatchObject({ intact: true });
  });

  it('quotes a value with a quote in it where it is used', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Key in repo', severity: 'P1', scenario: 'secret-leaked' });
    call('incident.setVariables', { id, values: { FILE_WITH_SECRET: "config/it's here.env" } });
    const checklist = call<Checklist>('checklist.get', { id });
    expect(command(checklist, 'remove-from-history')).toBe("git filter-repo --invert-paths --path 'config/it'\\''s here.env' && git push --force-with-lease origin main");
  });

  it('refuses a value that looks like a secret, and stores nothing of it', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Key in repo', severity: 'P1', scenario: 'secret-leaked' });
    const events = call<IncidentDetail>('incident.get', { id }).timeline.length;
    const token = fillTemplate('ghp_{alnum:36}', seededRandom(7));
    const refused = dispatch(t.ctx, 'incident.setVariables', { id, values: { SECRET_PATTERN: token } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', fields: [{ field: 'values.SECRET_PATTERN' }] } });
    if (refused.ok) return;
    expect(refused.error.message).toMatch(/^\{SECRET_PATTERN\} looks like a secret \(GitHub personal access token \(classic\), ghp_…\): nothing was stored/);
    expect(JSON.stringify(refused)).not.toContain(token.slice(4));
    expect(call<IncidentDetail>('incident.get', { id }).timeline).toHaveLength(events);
    t.ctx.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of fs.readdirSync(t.dataDir).filter((name) => /\.db|-wal$/.test(name))) expect(fs.readFileSync(`${t.dataDir}/${file}`).toString('latin1')).not.toContain(token.slice(4));
  });

  it('refuses names no command uses, built-in ones, options and values outside the playbook\'s pattern', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Brute force', severity: 'P2', scenario: 'credential-compromise' });
    const message = (values: Record<string, string>) => {
      const result = dispatch(t.ctx, 'incident.setVariables', { id, values });
      return result.ok ? 'stored' : result.error.message;
    };
    expect(message({ REPOSITORY: 'acme/shop' })).toBe(`{REPOSITORY} is not used by any command of ${id}: the values to fill are {SHORT_NAME}, {IP}`);
    expect(message({ INCIDENT_ID: 'INC-1' })).toBe('{INCIDENT_ID} is filled from the incident itself');
    expect(message({ SHORT_NAME: '--help' })).toBe('{SHORT_NAME} must not start with -: the command would read it as an option');
    expect(message({ SHORT_NAME: 'Checkout Leak' })).toBe('{SHORT_NAME} must look like checkout-key-leak (the playbook asks for [a-z0-9][a-z0-9-]{0,39})');
    expect(dispatch(t.ctx, 'incident.setVariables', { id, values: { IP: '203.0.113.7\u202E' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('fill the leaked-key playbook: the revoke deactivates the AWS key, evidence goes through the built-in collector', () => {
    const { id } = call<Incident>('incident.declare', { title: 'AWS key in a public repo', severity: 'P0', scenario: 'secret-leaked' });
    call('incident.setVariables', { id, values: { IAM_USER: 'ci-deploy' } });
    const checklist = call<Checklist>('checklist.get', { id });
    expect(command(checklist, 'revoke-credential')).toBe('aws iam update-access-key --user-name ci-deploy --access-key-id "$LEAKED_KEY_ID" --status Inactive');
    expect(command(checklist, 'preserve-evidence')).toBe(`firebreak evidence collect ./logs ./config --output evidence-${id}.tar.gz --incident ${id}`);
  });

  it('refuses an ad-hoc command with a placeholder where a value could not be quoted', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Leak', severity: 'P1', scenario: 'secret-leaked' });
    expect(dispatch(t.ctx, 'checklist.addStep', { id, phase: 'Contain', text: 'Block it', command: 'redis-cli SET "block:{IP}" 1' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'the command has {IP} inside double quotes: write it bare, the console quotes each value so it stays one argument' },
    });
  });

  it('clears a value with an empty one, and the placeholder shows again', () => {
    const { id } = call<Incident>('incident.declare', { title: 'Brute force', severity: 'P2', scenario: 'credential-compromise' });
    call('incident.setVariables', { id, values: { IP: '203.0.113.7' } });
    expect(command(call<Checklist>('checklist.get', { id }), 'block-sources')).toBe(`redis-cli SETEX block:ip:203.0.113.7 86400 ${id}`);
    call('incident.setVariables', { id, values: { IP: '' } });
    const step = call<Checklist>('checklist.get', { id }).steps.find((candidate) => candidate.id === 'block-sources')!;
    expect(step.filledCommand).toBe(`redis-cli SETEX block:ip:{IP} 86400 ${id}`);
    expect(step.unfilledPlaceholders).toEqual(['IP']);
  });
});
