import { createStore } from 'zustand/vanilla';
import type { Envelope, ImportedPlaybook, Phase, RunbookImport, SavedRunbook } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

export interface ImportStoreState {
  /** The runbook's path as typed (browser mode has no file dialog). */
  path: string;
  previewing: boolean;
  saving: boolean;
  /** What the importer found, as the responder has corrected it so far. */
  preview: RunbookImport | null;
  /** Why the preview could not be made (missing file, not Markdown…). */
  previewError: string | null;
  /** Why the save was refused; the corrected preview stays as it was. */
  saveError: string | null;
  /** The refusal was files of the same ids already in the data dir: saving again may replace them. */
  saveConflict: boolean;
  saved: SavedRunbook | null;
  /** The responder has corrected the preview: reading the file again would lose that. */
  edited: boolean;
  setPath(path: string): void;
  loadPreview(): Promise<void>;
  renamePlaybook(playbook: number, title: string): void;
  /** The file id it is saved as; made into lowercase letters, digits and dashes. */
  setPlaybookId(playbook: number, id: string): void;
  /** The file id a template is saved as (same shape as a playbook's). */
  setTemplateId(template: number, id: string): void;
  renameSection(playbook: number, section: number, heading: string): void;
  setPhase(playbook: number, section: number, phase: Phase | null): void;
  /** Appends the section's steps to the one above it and removes it. */
  mergeUp(playbook: number, section: number): void;
  dropSection(playbook: number, section: number): void;
  dropPlaybook(playbook: number): void;
  dropTemplate(template: number): void;
  save(replace?: boolean): Promise<Envelope<SavedRunbook>>;
}

export type ImportStore = ReturnType<typeof createImportStore>;

/** Sections with no phase, by playbook and heading: the save refuses them, so the screen names them first. */
export function unphasedSections(preview: RunbookImport): string[] {
  return preview.playbooks.flatMap((playbook) => playbook.sections.filter((section) => section.phase === null).map((section) => `${playbook.title} › ${section.heading}`));
}

/** `Secret Leaked (v2)` → `secret-leaked-v2`: the shape the contract accepts for a file id; empty when nothing is left. */
export function playbookId(typed: string): string {
  return typed
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

export function createImportStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<ImportStoreState>()((set, get) => {
    /** Every edit clears the last save's outcome: it no longer describes what is on screen. */
    function editPlaybooks(change: (playbooks: ImportedPlaybook[]) => ImportedPlaybook[]) {
      const preview = get().preview;
      if (!preview) return;
      set({ preview: { ...preview, playbooks: change(preview.playbooks) }, saveError: null, saveConflict: false, saved: null, edited: true });
    }
    function editSections(index: number, change: (sections: ImportedPlaybook['sections']) => ImportedPlaybook['sections']) {
      editPlaybooks((playbooks) => playbooks.map((playbook, at) => (at === index ? { ...playbook, sections: change(playbook.sections) } : playbook)));
    }

    return {
      path: '',
      previewing: false,
      saving: false,
      preview: null,
      previewError: null,
      saveError: null,
      saveConflict: false,
      saved: null,
      edited: false,
      setPath: (path) => set({ path }),

      async loadPreview() {
        const file = get().path.trim();
        if (!file) {
          set({ previewError: 'Type the path of a Markdown runbook (.md) on this computer.' });
          return;
        }
        set({ previewing: true, previewError: null, saveError: null, saveConflict: false, saved: null });
        const result = await api.call('playbook.importPreview', { file });
        if (result.ok) set({ previewing: false, preview: result.value, edited: false });
        else set({ previewing: false, preview: null, edited: false, previewError: result.error.message });
      },

      renamePlaybook: (index, title) => editPlaybooks((playbooks) => playbooks.map((playbook, at) => (at === index ? { ...playbook, title } : playbook))),
      setPlaybookId(index, typed) {
        const id = playbookId(typed);
        if (id) editPlaybooks((playbooks) => playbooks.map((playbook, at) => (at === index ? { ...playbook, id } : playbook)));
      },
      setTemplateId(index, typed) {
        const id = playbookId(typed);
        const preview = get().preview;
        if (!id || !preview) return;
        set({ preview: { ...preview, templates: preview.templates.map((template, at) => (at === index ? { ...template, id } : template)) }, saveError: null, saveConflict: false, saved: null, edited: true });
      },
      renameSection: (index, section, heading) => editSections(index, (sections) => sections.map((candidate, at) => (at === section ? { ...candidate, heading } : candidate))),
      setPhase: (index, section, phase) => editSections(index, (sections) => sections.map((candidate, at) => (at === section ? { ...candidate, phase } : candidate))),
      mergeUp(index, section) {
        if (section < 1) return;
        editSections(index, (sections) => {
          const merged = sections.slice();
          const above = merged[section - 1]!;
          merged[section - 1] = { ...above, steps: [...above.steps, ...merged[section]!.steps] };
          merged.splice(section, 1);
          return merged;
        });
      },
      dropSection: (index, section) => editSections(index, (sections) => sections.filter((_, at) => at !== section)),
      dropPlaybook: (index) => editPlaybooks((playbooks) => playbooks.filter((_, at) => at !== index)),
      dropTemplate(index) {
        const preview = get().preview;
        if (!preview) return;
        set({ preview: { ...preview, templates: preview.templates.filter((_, at) => at !== index) }, saveError: null, saveConflict: false, saved: null, edited: true });
      },

      async save(replace = false) {
        const preview = get().preview;
        if (!preview) return { ok: false, error: { code: 'invalid-input', message: 'Preview a runbook first.' } };
        set({ saving: true, saveError: null, saveConflict: false });
        const result = await api.call('playbook.importSave', { runbook: preview, replace });
        // A refusal keeps every correction: the responder fixes the one thing named and saves again.
        set(result.ok ? { saving: false, saved: result.value } : { saving: false, saveError: result.error.message, saveConflict: result.error.code === 'conflict' });
        return result;
      },

    };
  });
}
