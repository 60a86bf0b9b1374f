import { createStore } from 'zustand/vanilla';
import type { Envelope, ExportedBundle, ImportedBundle, MemberAdded } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

/** Which sharing dialog is open, and for which incident (import needs none: it may bring a new one). */
export type SharingDialog = { kind: 'export'; incidentId: string } | { kind: 'member'; incidentId: string } | { kind: 'import'; incidentId: string | null };

export interface SharingStoreState {
  dialog: SharingDialog | null;
  busy: boolean;
  /** The failure of the last attempt in the open dialog, as the server worded it. */
  error: string | null;
  exported: ExportedBundle | null;
  imported: ImportedBundle | null;
  added: MemberAdded | null;
  /** Desktop only: the OS file chooser; in browser mode paths are typed. */
  canPick: boolean;
  pickFile(): Promise<string | null>;
  open(dialog: SharingDialog): void;
  close(): void;
  exportBundle(incidentId: string, file: string): Promise<Envelope<ExportedBundle>>;
  importBundle(file: string, trustedKey?: string): Promise<Envelope<ImportedBundle>>;
  addMember(incidentId: string, actorKey: string, name: string): Promise<Envelope<MemberAdded>>;
}

export type SharingStore = ReturnType<typeof createSharingStore>;

/**
 * A file name for a new bundle in `<dataDir>/exports`: the incident and the minute, so a second
 * export never collides with the first (a bundle file is never replaced).
 */
export function suggestedBundleFile(dataDir: string, incidentId: string, now: Date): string {
  const separator = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${dataDir.replace(/[\\/]+$/, '')}${separator}exports${separator}${incidentId}-${stamp}.bundle.json`;
}

/** Bundles and responders: moving an incident between laptops. `changed` reloads what an import or a new member changed. */
export function createSharingStore(rawApi: Api, changed: (incidentId: string) => Promise<void>) {
  const api = guardApi(rawApi);
  return createStore<SharingStoreState>()((set) => {
    async function attempt<T>(run: () => Promise<Envelope<T>>, done: (value: T) => Partial<SharingStoreState>): Promise<Envelope<T>> {
      set({ busy: true, error: null });
      const result = await run();
      set(result.ok ? { busy: false, ...done(result.value) } : { busy: false, error: result.error.message });
      return result;
    }
    return {
      dialog: null,
      busy: false,
      error: null,
      exported: null,
      imported: null,
      added: null,
      canPick: Boolean(rawApi.pickPaths),
      pickFile: async () => (await rawApi.pickPaths?.('files'))?.[0] ?? null,
      open: (dialog) => set({ dialog, error: null, exported: null, imported: null, added: null }),
      close: () => set({ dialog: null, error: null }),
      exportBundle: (incidentId, file) => attempt(() => api.call('incident.export', { id: incidentId, file }), (exported) => ({ exported })),
      async importBundle(file, trustedKey) {
        const result = await attempt(() => api.call('incident.import', { file, trustedKeys: trustedKey ? [trustedKey] : undefined }), (imported) => ({ imported }));
        if (result.ok) await changed(result.value.incidentId);
        return result;
      },
      async addMember(incidentId, actorKey, name) {
        const result = await attempt(() => api.call('incident.addMember', { id: incidentId, actorKey, name }), (added) => ({ added }));
        if (result.ok) await changed(incidentId);
        return result;
      },
    };
  });
}
