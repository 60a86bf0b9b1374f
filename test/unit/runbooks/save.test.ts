import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checklist, Incident, Playbook, PlaybookSummary, RunbookImport, SavedRunbook, TemplateSummary } from '../../../src-main/contract';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

const seed = (name: string) => path.join(__dirname, '../../fixtures/runbooks', `${name}.md`);
let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

async function call<T>(name: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  return (await dispatchAsync(t.ctx, name, input)) as never;
}
async function ok<T>(name: string, input: unknown): Promise<T> {
  const envelope = await call<T>(name, input);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
  return envelope.value;
}

describe('playbook.importSave', () => {
  it('saves a seed runbook as playbook and template files the console lists without problems, and an incident declared with it gets its steps', async () => {
    const preview = await ok<RunbookImport>('playbook.importPreview', { file: seed('003_475923d1a13983d5') });
    const saved = await ok<SavedRunbook>('playbook.importSave', { runbook: preview });
    expect(saved.playbooks).toEqual(['s4-03-incident-response-plan']);
    expect(saved.templates).toHaveLength(4);
    expect(saved.scheme).toBeNull();
    expect(saved.warnings[0]).toMatch(/^The severity scheme \(SEV-1, SEV-2, SEV-3, SEV-4\) was not saved/);
    expect(saved.files.every((file) => file.startsWith(t.dataDir) && fs.existsSync(file))).toBe(true);

    const playbooks = callOk<{ playbooks: PlaybookSummary[]; problems: unknown[] }>(t, 'playbook.list', {});
    expect(playbooks.problems).toEqual([]);
    expect(playbooks.playbooks).toContainEqual(expect.objectContaining({ id: 's4-03-incident-response-plan', origin: 'user', steps: 37 }));
    const templates = callOk<{ templates: TemplateSummary[]; problems: unknown[] }>(t, 'template.list', {});
    expect(templates.problems).toEqual([]);
    expect(templates.templates.filter((template) => template.source === 'user').map((template) => template.id).sort()).toEqual(saved.templates.sort());

    const incident = callOk<Incident>(t, 'incident.declare', { title: 'Credential leak', severity: 'P1', scenario: 's4-03-incident-response-plan' });
    const checklist = callOk<Checklist>(t, 'checklist.get', { id: incident.id });
    expect(checklist.steps).toHaveLength(37);
    expect(checklist.steps[0]).toMatchObject({ phase: 'Identify', text: 'Acknowledge alert within SLA' });
    expect(checklist.steps.find((step) => step.phase === 'Triage' && step.command)!.command).toContain('incident_audit_logs.csv');
    // Steps stay in phase order, whatever order the runbook's sections came in.
    const order = ['Identify', 'Triage', 'Contain', 'Eradicate', 'Recover', 'Learn'];
    expect(checklist.steps.map((step) => order.indexOf(step.phase))).toEqual([...checklist.steps.map((step) => order.indexOf(step.phase))].sort((a, b) => a - b));

    const rendered = callOk<{ body: string }>(t, 'template.render', { templateId: 'postmortem-template', incidentId: incident.id });
    expect(rendered.body).toContain('# Postmortem: Credential leak');
  });

  it('refuses an existing id without replace, writing nothing; replace overwrites', async () => {
    const preview = await ok<RunbookImport>('playbook.importPreview', { file: seed('003_475923d1a13983d5') });
    await ok('playbook.importSave', { runbook: preview });
    const renamed = { ...preview, playbooks: [{ ...preview.playbooks[0]!, title: 'Renamed plan' }], templates: [] };
    const again = await call('playbook.importSave', { runbook: renamed });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('A playbook "s4-03-incident-response-plan" already exists') } });
    expect(callOk<Playbook>(t, 'playbook.get', { id: 's4-03-incident-response-plan' }).title).toBe('S4-03: Incident Response Plan');
    await ok('playbook.importSave', { runbook: renamed, replace: true });
    expect(callOk<Playbook>(t, 'playbook.get', { id: 's4-03-incident-response-plan' }).title).toBe('Renamed plan');
  });

  it('refuses a section without a phase, naming it, and writes nothing', async () => {
    const preview = await ok<RunbookImport>('playbook.importPreview', { file: seed('004_de7df4b4c00e58c7') });
    const refused = await call('playbook.importSave', { runbook: preview });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'The section "Scenario 1: Malicious File Upload" of "Malicious File Upload" (line 171) has no phase: pick one of Identify, Triage, Contain, Eradicate, Recover, Learn or drop it.' } });
    expect(fs.existsSync(path.join(t.dataDir, 'playbooks'))).toBe(false);
    // The responder picks a phase for each in the preview: then it saves.
    const fixed = { ...preview, playbooks: preview.playbooks.map((p) => ({ ...p, sections: p.sections.map((s) => ({ ...s, phase: s.phase ?? ('Contain' as const) })) })) };
    const saved = await ok<SavedRunbook>('playbook.importSave', { runbook: fixed });
    expect(saved.playbooks).toEqual(['incident-response-procedures', 'malicious-file-upload', 'unauthorized-access', 'system-compromise']);
    expect(callOk<{ problems: unknown[] }>(t, 'playbook.list', {}).problems).toEqual([]);
  });
});

describe('saving over a shipped id', () => {
  it('says that the imported playbook replaces the shipped one of the same id', async () => {
    const preview = await ok<RunbookImport>('playbook.importPreview', { file: seed('000_c1621d3781773a1b') });
    const fixed = { ...preview, playbooks: preview.playbooks.map((p) => ({ ...p, sections: p.sections.map((s) => ({ ...s, phase: s.phase ?? ('Contain' as const) })) })) };
    const saved = await ok<SavedRunbook>('playbook.importSave', { runbook: fixed });
    expect(saved.warnings).toContain('The playbook "secret-leaked" replaces the shipped one of the same id (a file in the data dir wins); rename it in the preview to keep both.');
    expect(callOk<Playbook>(t, 'playbook.get', { id: 'secret-leaked' })).toMatchObject({ origin: 'user', title: 'Secret Leaked' });
  });
});
