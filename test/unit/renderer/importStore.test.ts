import { describe, expect, it } from 'vitest';
import type { ImportedSection, RunbookImport } from '../../../src-main/contract';
import { createImportStore, playbookId, unphasedSections } from '../../../src-renderer/stores/importStore';
import { hashFromRoute, routeFromHash } from '../../../src-renderer/stores/uiStore';
import { scriptedApi } from '../../support/scriptedApi';

const step = (text: string, command: string | null = null) => ({ text, detail: '', command });
const section = (heading: string, phase: ImportedSection['phase'], line: number, ...steps: string[]): ImportedSection => ({ heading, phase, line, steps: steps.map((text) => step(text)) });

function runbook(): RunbookImport {
  return {
    source: 'INCIDENT_RESPONSE.md',
    severities: [{ level: 'P0', label: 'Critical', responseMinutes: 15, responseText: '< 15 min' }],
    playbooks: [
      {
        id: 'secret-leaked',
        title: 'Secret Leaked',
        line: 20,
        sections: [
          section('Immediate Actions', 'Contain', 22, 'Revoke the credential', 'Rotate related credentials'),
          section('Investigation', 'Identify', 40, 'Determine scope'),
          section('Notes from the war room', null, 60, 'Tell legal'),
        ],
      },
    ],
    templates: [
      { id: 'status-update', title: 'Status update', line: 90, body: 'Incident {{id}}', fields: [{ placeholder: '[ID]', field: 'id' }] },
      { id: 'customer-notice', title: 'Customer notice', line: 110, body: 'Dear {{name}}', fields: [{ placeholder: '[Name]', field: null }] },
    ],
    escalation: [],
    contacts: [],
    warnings: [{ line: 60, message: '"Notes from the war room" maps to no phase.' }],
  };
}

const headings = (preview: RunbookImport | null) => preview?.playbooks[0]?.sections.map((candidate) => candidate.heading);

describe('the runbook import store', () => {
  it('asks for a path before calling the importer', async () => {
    const { api, calls } = scriptedApi({});
    const store = createImportStore(api);
    await store.getState().loadPreview();
    expect(calls).toHaveLength(0);
    expect(store.getState().previewError).toMatch(/path of a Markdown runbook/);
  });

  it('previews the typed file and holds what was found', async () => {
    const { api, calls } = scriptedApi({ 'playbook.importPreview': { ok: true, value: runbook() } });
    const store = createImportStore(api);
    store.getState().setPath('  /tmp/IR.md ');
    await store.getState().loadPreview();
    expect(calls).toEqual([{ name: 'playbook.importPreview', input: { file: '/tmp/IR.md' } }]);
    expect(store.getState()).toMatchObject({ previewing: false, previewError: null, edited: false });
    expect(headings(store.getState().preview)).toEqual(['Immediate Actions', 'Investigation', 'Notes from the war room']);
    expect(unphasedSections(store.getState().preview!)).toEqual(['Secret Leaked › Notes from the war room']);
  });

  it('says why a file cannot be previewed, and shows no stale preview', async () => {
    const { api, answers } = scriptedApi({ 'playbook.importPreview': { ok: true, value: runbook() } });
    const store = createImportStore(api);
    store.getState().setPath('/tmp/IR.md');
    await store.getState().loadPreview();
    answers['playbook.importPreview'] = { ok: false, error: { code: 'not-found', message: 'No file at /tmp/gone.md.' } };
    store.getState().setPath('/tmp/gone.md');
    await store.getState().loadPreview();
    expect(store.getState()).toMatchObject({ preview: null, previewError: 'No file at /tmp/gone.md.' });
  });

  it('renames, re-phases, merges and drops sections, renames the playbook and drops a template', async () => {
    const { api } = scriptedApi({ 'playbook.importPreview': { ok: true, value: runbook() } });
    const store = createImportStore(api);
    store.getState().setPath('/tmp/IR.md');
    await store.getState().loadPreview();
    const state = () => store.getState();

    state().renameSection(0, 0, 'Contain the leak');
    state().setPhase(0, 2, 'Learn');
    state().renamePlaybook(0, 'Leaked credential');
    expect(state().preview!.playbooks[0]).toMatchObject({ title: 'Leaked credential', sections: [{ heading: 'Contain the leak' }, {}, { phase: 'Learn' }] });

    // Merging appends the steps to the section above, in order, and removes the merged heading.
    state().mergeUp(0, 1);
    expect(headings(state().preview)).toEqual(['Contain the leak', 'Notes from the war room']);
    expect(state().preview!.playbooks[0]!.sections[0]!.steps.map((candidate) => candidate.text)).toEqual(['Revoke the credential', 'Rotate related credentials', 'Determine scope']);
    // The first section has nothing above it to merge into.
    state().mergeUp(0, 0);
    expect(headings(state().preview)).toEqual(['Contain the leak', 'Notes from the war room']);

    expect(state().edited).toBe(true);
    state().dropSection(0, 1);
    expect(headings(state().preview)).toEqual(['Contain the leak']);
    state().dropTemplate(0);
    expect(state().preview!.templates.map((template) => template.id)).toEqual(['customer-notice']);
  });

  it('saves the corrected preview; a refusal keeps every correction and names the reason', async () => {
    const refusal = { ok: false as const, error: { code: 'invalid-input' as const, message: 'Section "Notes from the war room" of Secret Leaked has no phase: pick one or drop it.' } };
    const { api, calls, answers } = scriptedApi({ 'playbook.importPreview': { ok: true, value: runbook() }, 'playbook.importSave': refusal });
    const store = createImportStore(api);
    store.getState().setPath('/tmp/IR.md');
    await store.getState().loadPreview();
    store.getState().renameSection(0, 0, 'Contain the leak');

    const failed = await store.getState().save();
    expect(failed.ok).toBe(false);
    expect(store.getState()).toMatchObject({ saving: false, saved: null, saveError: refusal.error.message });
    expect(headings(store.getState().preview)).toEqual(['Contain the leak', 'Investigation', 'Notes from the war room']);
    expect(calls.at(-1)).toMatchObject({ name: 'playbook.importSave', input: { replace: false, runbook: { playbooks: [{ sections: [{ heading: 'Contain the leak' }, {}, {}] }] } } });

    // Fixing the named section clears the stale refusal; the next save sends the fix.
    store.getState().setPhase(0, 2, 'Learn');
    expect(store.getState().saveError).toBeNull();
    const written = { files: ['playbooks/secret-leaked.yaml', 'templates/customer-notice.md'], playbooks: ['secret-leaked'], templates: ['customer-notice'], scheme: null, warnings: [] };
    answers['playbook.importSave'] = { ok: true, value: written };
    const saved = await store.getState().save(true);
    expect(saved.ok).toBe(true);
    expect(store.getState()).toMatchObject({ saved: written, saveError: null });
    expect(calls.at(-1)).toMatchObject({ input: { replace: true, runbook: { playbooks: [{ sections: [{}, {}, { phase: 'Learn' }] }] } } });
  });

  it('saves a playbook or template under the id the responder gives it, in the shape of a file id', async () => {
    const { api } = scriptedApi({ 'playbook.importPreview': { ok: true, value: runbook() } });
    const store = createImportStore(api);
    store.getState().setPath('/tmp/IR.md');
    await store.getState().loadPreview();
    store.getState().setPlaybookId(0, '  Secret Leaked (ACME v2) ');
    expect(store.getState().preview!.playbooks[0]!.id).toBe('secret-leaked-acme-v2');
    // Nothing usable typed: the id stays as it was.
    store.getState().setPlaybookId(0, ' -- ');
    expect(store.getState().preview!.playbooks[0]!.id).toBe('secret-leaked-acme-v2');
    store.getState().setTemplateId(1, 'ACME customer notice');
    expect(store.getState().preview!.templates.map((template) => template.id)).toEqual(['status-update', 'acme-customer-notice']);
    expect(playbookId('x'.repeat(70) + '-y')).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
  });

  it('offers to replace only when the refusal is files already there', async () => {
    const { api, answers } = scriptedApi({ 'playbook.importPreview': { ok: true, value: runbook() }, 'playbook.importSave': { ok: false, error: { code: 'conflict', message: 'playbooks/secret-leaked.yaml already exists: save with replace to overwrite it.' } } });
    const store = createImportStore(api);
    store.getState().setPath('/tmp/IR.md');
    await store.getState().loadPreview();
    await store.getState().save();
    expect(store.getState().saveConflict).toBe(true);
    answers['playbook.importSave'] = { ok: false, error: { code: 'invalid-input', message: 'Section "Notes" has no phase.' } };
    await store.getState().save(true);
    expect(store.getState()).toMatchObject({ saveConflict: false, saveError: 'Section "Notes" has no phase.' });
  });

  it('has its own address, #/import', () => {
    expect(routeFromHash('#/import')).toEqual({ name: 'import' });
    expect(hashFromRoute({ name: 'import' })).toBe('#/import');
  });
});
