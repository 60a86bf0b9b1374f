import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Checklist, Incident, Playbook, PlaybookSummary, RunbookImport, SavedRunbook, SeverityScheme, TemplateSummary } from '../../../src-main/contract';
import { createServiceContext, type ServiceContext } from '../../../src-main/services/context';
import { dispatch, dispatchAsync } from '../../../src-main/services/dispatch';
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
    expect(saved.scheme).toBe('imported-003-475923d1a13983d5');
    expect(saved.warnings.filter((warning) => warning.includes('severity scheme'))).toEqual([]);
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

describe('saving the runbook\'s severity scheme', () => {
  const schemeFile = () => path.join(t.dataDir, 'severity-schemes', 'imported-001-08fa4fc4b3415066.json');
  const reopen = (): ServiceContext => createServiceContext({ dataDir: t.dataDir, transport: 'http', clock: () => new Date('2026-11-23T14:15:02.000Z') });

  it('writes it as a user scheme that this and a later process list, select and time incidents by', async () => {
    const preview = await ok<RunbookImport>('playbook.importPreview', { file: seed('001_08fa4fc4b3415066') });
    const fixed = { ...preview, playbooks: preview.playbooks.map((p) => ({ ...p, sections: p.sections.map((s) => ({ ...s, phase: s.phase ?? ('Contain' as const) })) })) };
    const saved = await ok<SavedRunbook>('playbook.importSave', { runbook: fixed });
    expect(saved.scheme).toBe('imported-001-08fa4fc4b3415066');
    expect(saved.files).toContain(schemeFile());
    const written = JSON.parse(fs.readFileSync(schemeFile(), 'utf8')) as SeverityScheme;
    expect(written.levels.map((level) => [level.id, level.label, level.responseMinutes])).toEqual([
      ['P0', 'Critical', 60],
      ['P1', 'High', 1440],
      ['P2', 'Medium', 10080],
      ['P3', 'Low', 43200],
    ]);
    // This process uses it at once.
    expect(callOk<{ schemes: SeverityScheme[] }>(t, 'severity.schemes', {}).schemes.map((scheme) => scheme.id)).toContain('imported-001-08fa4fc4b3415066');

    const later = reopen();
    try {
      const listed = dispatch(later, 'severity.schemes', {}) as { ok: true; value: { schemes: SeverityScheme[] } };
      expect(listed.value.schemes.find((scheme) => scheme.id === 'imported-001-08fa4fc4b3415066')).toEqual(written);
      expect(dispatch(later, 'settings.update', { activeSchemeId: 'imported-001-08fa4fc4b3415066' })).toMatchObject({ ok: true });
      const declared = dispatch(later, 'incident.declare', { title: 'Keys in a public repo', severity: 'P1' }) as { ok: true; value: Incident };
      expect(declared.value).toMatchObject({ schemeId: 'imported-001-08fa4fc4b3415066', severity: 'P1', severityLabel: 'High', sla: { responseMinutes: 1440, dueAt: '2026-11-24T14:15:02.000Z' } });
    } finally {
      later.db.close();
    }
  });

  it('times an "Immediate" level as one minute, and says so', async () => {
    const preview = await ok<RunbookImport>('playbook.importPreview', { file: seed('004_de7df4b4c00e58c7') });
    const saved = await ok<SavedRunbook>('playbook.importSave', { runbook: { ...preview, playbooks: [], templates: [] } });
    expect(saved.scheme).toBe('imported-004-de7df4b4c00e58c7');
    const scheme = callOk<{ schemes: SeverityScheme[] }>(t, 'severity.schemes', {}).schemes.find((s) => s.id === saved.scheme)!;
    expect(scheme.levels.map((level) => [level.id, level.responseMinutes])).toEqual([['Critical', 1], ['High', 60], ['Medium', 240], ['Low', 1440]]);
    expect(saved.warnings).toContain('The severity scheme "imported-004-de7df4b4c00e58c7" times Critical ("Immediate" in the runbook) as 1 minute, the tightest response time a scheme can hold.');
  });

  it('does not save a scheme with a level that has no response time, and says which level', async () => {
    const preview = await ok<RunbookImport>('playbook.importPreview', { file: seed('003_475923d1a13983d5') });
    const timeless = { ...preview, severities: preview.severities.map((s) => (s.level === 'SEV-3' ? { ...s, responseMinutes: null } : s)) };
    const saved = await ok<SavedRunbook>('playbook.importSave', { runbook: timeless });
    expect(saved.scheme).toBeNull();
    expect(saved.warnings).toContainEqual(expect.stringContaining('the level SEV-3 has no response time'));
    expect(fs.existsSync(path.join(t.dataDir, 'severity-schemes'))).toBe(false);
    expect(saved.playbooks).toEqual(['s4-03-incident-response-plan']);
  });

  it('refuses an existing scheme file without replace, like a playbook', async () => {
    const preview = await ok<RunbookImport>('playbook.importPreview', { file: seed('003_475923d1a13983d5') });
    await ok('playbook.importSave', { runbook: { ...preview, playbooks: [], templates: [] } });
    const again = await call('playbook.importSave', { runbook: { ...preview, playbooks: [], templates: [] } });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('A severity scheme "imported-003-475923d1a13983d5" already exists') } });
    expect(await call('playbook.importSave', { runbook: { ...preview, playbooks: [], templates: [] }, replace: true })).toMatchObject({ ok: true });
    // Once an incident uses it, replacing it would change what that incident's severity means.
    callOk(t, 'settings.update', { activeSchemeId: 'imported-003-475923d1a13983d5' });
    callOk(t, 'incident.declare', { title: 'Leak', severity: 'SEV-2' });
    const changed = { ...preview, playbooks: [], templates: [], severities: preview.severities.map((s) => ({ ...s, responseMinutes: 5 })) };
    const kept = await ok<SavedRunbook>('playbook.importSave', { runbook: changed, replace: true });
    expect(kept.scheme).toBeNull();
    expect(kept.warnings).toContainEqual(expect.stringContaining('incidents already use the scheme "imported-003-475923d1a13983d5"'));
    expect(JSON.parse(fs.readFileSync(path.join(t.dataDir, 'severity-schemes', 'imported-003-475923d1a13983d5.json'), 'utf8')).levels[1].responseMinutes).toBe(60);
  });

  it('skips a malformed scheme file and one reusing a shipped id, logging why, and still starts', () => {
    const dir = path.join(t.dataDir, 'severity-schemes');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "id": "broken", ');
    fs.writeFileSync(path.join(dir, 'no-times.json'), JSON.stringify({ id: 'no-times', name: 'No times', levels: [{ id: 'P0', label: 'Critical', responseMinutes: null }] }));
    const shipped = t.ctx.schemes.find((scheme) => scheme.id === 'p0-p3')!;
    fs.writeFileSync(path.join(dir, 'p0-p3.json'), JSON.stringify({ ...shipped, levels: shipped.levels.map((level) => ({ ...level, responseMinutes: 99_999 })) }));
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ id: 'good', name: 'Good', levels: [{ id: 'S1', label: 'Severe', responseMinutes: 5 }] }));
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(line));
    let later: ServiceContext | undefined;
    try {
      later = reopen();
    } finally {
      spy.mockRestore();
    }
    try {
      const ids = later.schemes.map((scheme) => scheme.id);
      expect(ids).toContain('good');
      expect(ids).not.toContain('broken');
      expect(ids).not.toContain('no-times');
      expect(later.schemes.filter((scheme) => scheme.id === 'p0-p3')).toEqual([shipped]);
      expect(logged).toEqual([
        expect.stringMatching(/broken\.json is not valid JSON/),
        expect.stringMatching(/no-times\.json: levels\.0\.responseMinutes: /),
        expect.stringMatching(/p0-p3\.json: id: "p0-p3" is a shipped scheme's id and cannot be replaced/),
      ]);
    } finally {
      later.db.close();
    }
  });
});
