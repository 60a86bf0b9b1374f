import { createStore } from 'zustand/vanilla';
import type { Envelope, PushedEvent, RenderedTemplate, SentCommunication, TemplateProblem, TemplateSummary } from '../../src-main/contract';
import type { Api } from '../api/api';
import { guardApi } from '../api/guardedApi';

/** What the responder is about to send with one template for one incident. */
export interface ComposeDraft {
  subject: string;
  body: string;
  channel: string;
  /** The responder changed the text: a refill from the incident no longer replaces it. */
  edited: boolean;
}

export interface CommsStoreState {
  templates: TemplateSummary[] | null;
  /** Template files that failed validation; the others still load. */
  problems: TemplateProblem[];
  templatesError: string | null;
  /** The template picked on each incident's Compose tab. */
  selected: Record<string, string>;
  /** By `draftKey(incident, template)`. */
  rendered: Record<string, RenderedTemplate>;
  renderErrors: Record<string, string>;
  /** Kept until sent, across tab switches and failed sends. */
  drafts: Record<string, ComposeDraft>;
  /** The last message marked sent, per incident: says when the next update is due. */
  sent: Record<string, SentCommunication>;
  sendErrors: Record<string, string>;
  loadTemplates(): Promise<void>;
  select(incidentId: string, templateId: string): void;
  /** Fill the template from the incident; `refill` replaces edited text too. */
  render(incidentId: string, templateId: string, options?: { refill?: boolean }): Promise<void>;
  edit(incidentId: string, templateId: string, patch: Partial<Omit<ComposeDraft, 'edited'>>): void;
  /** Sends the draft, or `texts` when given (the draft after the paste guard's check). */
  markSent(incidentId: string, templateId: string, texts?: Partial<Omit<ComposeDraft, 'edited'>>): Promise<Envelope<SentCommunication>>;
  handleEvent(event: PushedEvent): void;
}

export type CommsStore = ReturnType<typeof createCommsStore>;

export const draftKey = (incidentId: string, templateId: string) => `${incidentId}/${templateId}`;

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

export function createCommsStore(rawApi: Api) {
  const api = guardApi(rawApi);
  return createStore<CommsStoreState>()((set, get) => ({
    templates: null,
    problems: [],
    templatesError: null,
    selected: {},
    rendered: {},
    renderErrors: {},
    drafts: {},
    sent: {},
    sendErrors: {},

    async loadTemplates() {
      const result = await api.call('template.list', {});
      if (result.ok) set({ templates: result.value.templates, problems: result.value.problems, templatesError: null });
      else set({ templatesError: result.error.message });
    },

    select(incidentId, templateId) {
      set({ selected: { ...get().selected, [incidentId]: templateId } });
      const key = draftKey(incidentId, templateId);
      if (!get().rendered[key]) void get().render(incidentId, templateId);
    },

    async render(incidentId, templateId, options = {}) {
      const key = draftKey(incidentId, templateId);
      const result = await api.call('template.render', { incidentId, templateId });
      if (!result.ok) return set({ renderErrors: { ...get().renderErrors, [key]: result.error.message } });
      const draft = get().drafts[key];
      const keepEdits = draft?.edited && !options.refill;
      set({
        rendered: { ...get().rendered, [key]: result.value },
        renderErrors: without(get().renderErrors, key),
        drafts: keepEdits ? get().drafts : { ...get().drafts, [key]: { subject: result.value.subject ?? '', body: result.value.body, channel: draft?.channel ?? '', edited: false } },
      });
    },

    edit(incidentId, templateId, patch) {
      const key = draftKey(incidentId, templateId);
      const draft = get().drafts[key] ?? { subject: '', body: '', channel: '', edited: false };
      // The channel is not the message: choosing where it goes keeps the text refillable.
      const edited = draft.edited || patch.body !== undefined || patch.subject !== undefined;
      set({ drafts: { ...get().drafts, [key]: { ...draft, ...patch, edited } } });
    },

    async markSent(incidentId, templateId, texts) {
      const key = draftKey(incidentId, templateId);
      const draft = { ...(get().drafts[key] ?? { subject: '', body: '', channel: '', edited: false }), ...texts };
      const result = await api.call('comms.markSent', {
        incidentId,
        templateId,
        body: draft.body,
        ...(draft.subject.trim() ? { subject: draft.subject } : {}),
        ...(draft.channel.trim() ? { channel: draft.channel } : {}),
      });
      if (!result.ok) {
        set({ sendErrors: { ...get().sendErrors, [key]: result.error.message } });
        return result;
      }
      // Sent: the next message starts again from the incident's facts, to the same channel.
      set({
        sent: { ...get().sent, [incidentId]: result.value },
        sendErrors: without(get().sendErrors, key),
        drafts: { ...get().drafts, [key]: { subject: '', body: '', channel: draft.channel, edited: false } },
      });
      void get().render(incidentId, templateId);
      return result;
    },

    handleEvent(event) {
      // New facts (a severity change, a containment) fill the untouched drafts again; edited ones stay.
      const incidentIds = event.type === 'incident.changed' ? [event.incidentId] : event.type === 'data.changed' ? Object.keys(get().selected) : [];
      for (const incidentId of incidentIds) {
        const templateId = get().selected[incidentId];
        if (templateId && get().rendered[draftKey(incidentId, templateId)]) void get().render(incidentId, templateId);
      }
      if (event.type === 'data.changed' && get().templatesError) void get().loadTemplates();
    },
  }));
}
