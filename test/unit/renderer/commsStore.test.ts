import { describe, expect, it } from 'vitest';
import type { RenderedTemplate, SentCommunication } from '../../../src-main/contract';
import { createCommsStore, draftKey } from '../../../src-renderer/stores/commsStore';
import { scriptedApi } from '../../support/scriptedApi';

const statusUpdate: RenderedTemplate = {
  templateId: 'status-update',
  title: 'Status update',
  audience: 'internal',
  subject: '[P0] INC-1 status update',
  body: 'Status: Active\nNext update: [fill in: next update time]',
  missing: ['next update time'],
  nextUpdateAt: '2026-11-30T14:35:00.000Z',
};
const sent: SentCommunication = {
  incidentId: 'INC-1',
  templateId: 'status-update',
  title: 'Status update',
  sentAt: '2026-11-30T14:05:00.000Z',
  sentBy: 'dana',
  channel: '#incident-1',
  nextUpdateAt: '2026-11-30T14:35:00.000Z',
};
const key = draftKey('INC-1', 'status-update');

describe('the comms store', () => {
  it('says why the templates could not be listed, and forgets it once they are', async () => {
    const { api, answers } = scriptedApi({ 'template.list': { ok: false, error: { code: 'io-error', message: 'templates/ could not be read: EACCES' } } });
    const store = createCommsStore(api);
    await store.getState().loadTemplates();
    expect(store.getState()).toMatchObject({ templates: null, templatesError: 'templates/ could not be read: EACCES' });
    answers['template.list'] = { ok: true, value: { templates: [{ id: 'status-update', title: 'Status update' }], problems: [{ file: 'x.yaml', line: 3, message: 'title is missing' }] } };
    await store.getState().loadTemplates();
    expect(store.getState()).toMatchObject({ templatesError: null, templates: [{ id: 'status-update' }], problems: [{ file: 'x.yaml' }] });
  });

  it('renders a picked template into a draft, and a new render (the incident changed) keeps what the responder edited', async () => {
    const { api, calls } = scriptedApi({ 'template.render': { ok: true, value: statusUpdate } });
    const store = createCommsStore(api);
    store.getState().select('INC-1', 'status-update');
    await expect.poll(() => store.getState().drafts[key]?.body).toBe(statusUpdate.body);
    expect(calls[0]).toEqual({ name: 'template.render', input: { incidentId: 'INC-1', templateId: 'status-update' } });
    expect(store.getState().drafts[key]).toMatchObject({ subject: statusUpdate.subject, edited: false });

    store.getState().edit('INC-1', 'status-update', { body: 'Status: Active\nNext update: 14:35 UTC' });
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    await expect.poll(() => calls.length).toBe(2);
    await Promise.resolve();
    expect(store.getState().drafts[key]).toMatchObject({ body: 'Status: Active\nNext update: 14:35 UTC', edited: true });

    // Refill is the responder's choice: it replaces the edits.
    await store.getState().render('INC-1', 'status-update', { refill: true });
    expect(store.getState().drafts[key]).toMatchObject({ body: statusUpdate.body, edited: false });
  });

  it('keeps the draft and the reason when marking sent fails, and sends the edited text once it works', async () => {
    const { api, calls, answers } = scriptedApi({
      'template.render': { ok: true, value: statusUpdate },
      'comms.markSent': { ok: false, error: { code: 'io-error', message: 'database or disk is full' } },
    });
    const store = createCommsStore(api);
    await store.getState().render('INC-1', 'status-update');
    store.getState().edit('INC-1', 'status-update', { body: 'All good, next update 14:35 UTC', channel: '#incident-1' });
    const failed = await store.getState().markSent('INC-1', 'status-update');
    expect(failed.ok).toBe(false);
    expect(store.getState().sendErrors[key]).toBe('database or disk is full');
    expect(store.getState().drafts[key]).toMatchObject({ body: 'All good, next update 14:35 UTC', channel: '#incident-1', edited: true });
    expect(store.getState().sent['INC-1']).toBeUndefined();

    answers['comms.markSent'] = { ok: true, value: sent };
    const result = await store.getState().markSent('INC-1', 'status-update');
    expect(result.ok).toBe(true);
    expect(calls.filter((call) => call.name === 'comms.markSent').at(-1)?.input).toEqual({
      incidentId: 'INC-1',
      templateId: 'status-update',
      body: 'All good, next update 14:35 UTC',
      subject: statusUpdate.subject,
      channel: '#incident-1',
    });
    expect(store.getState().sent['INC-1']).toEqual(sent);
    expect(store.getState().sendErrors).toEqual({});
    // The next update starts again from the incident, to the same channel.
    await expect.poll(() => store.getState().drafts[key]).toMatchObject({ body: statusUpdate.body, channel: '#incident-1', edited: false });
  });

  it('leaves out an empty subject and channel instead of sending blanks the service would refuse', async () => {
    const { api, calls } = scriptedApi({ 'template.render': { ok: true, value: { ...statusUpdate, subject: null } }, 'comms.markSent': { ok: true, value: sent } });
    const store = createCommsStore(api);
    await store.getState().render('INC-1', 'status-update');
    await store.getState().markSent('INC-1', 'status-update');
    expect(calls.find((call) => call.name === 'comms.markSent')?.input).toEqual({ incidentId: 'INC-1', templateId: 'status-update', body: statusUpdate.body });
  });

  it('shows a failed render with its reason and keeps an earlier render on screen', async () => {
    const { api, answers } = scriptedApi({ 'template.render': { ok: true, value: statusUpdate } });
    const store = createCommsStore(api);
    await store.getState().render('INC-1', 'status-update');
    answers['template.render'] = { ok: false, error: { code: 'not-found', message: 'no template status-update: it was removed from the data folder' } };
    await store.getState().render('INC-1', 'status-update');
    expect(store.getState().renderErrors[key]).toContain('no template status-update');
    expect(store.getState().rendered[key]).toEqual(statusUpdate);
    expect(store.getState().drafts[key]?.body).toBe(statusUpdate.body);
  });
});
