import { createStore } from 'zustand/vanilla';
import type { Contact, Envelope } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

export interface ContactDraft {
  id?: string;
  name: string;
  role: string;
  email: string;
  phone: string;
  onCall: boolean;
}

export interface ContactsStoreState {
  contacts: Contact[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  save(draft: ContactDraft): Promise<Envelope<Contact>>;
  remove(id: string): Promise<Envelope<{ removed: string }>>;
}

export type ContactsStore = ReturnType<typeof createContactsStore>;

export function createContactsStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<ContactsStoreState>()((set, get) => ({
    contacts: [],
    loaded: false,
    error: null,
    async load() {
      const result = await api.call('contacts.list', {});
      set(result.ok ? { contacts: result.value.contacts, loaded: true, error: null } : { loaded: true, error: result.error.message });
    },
    async save(draft) {
      const result = await api.call('contacts.save', draft);
      if (result.ok || result.error.code === 'conflict') await get().load();
      return result;
    },
    async remove(id) {
      const result = await api.call('contacts.remove', { id });
      if (result.ok || result.error.code !== 'invalid-input') await get().load();
      return result;
    },
  }));
}
