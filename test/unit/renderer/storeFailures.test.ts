import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-main/contract';
import type { Api } from '../../../src-renderer/api/api';
import { failureMessage, guardApi } from '../../../src-renderer/api/guardedApi';
import { createChecklistStore } from '../../../src-renderer/stores/checklistStore';
import { createContactsStore } from '../../../src-renderer/stores/contactsStore';
import { createEvidenceStore } from '../../../src-renderer/stores/evidenceStore';
import { createIncidentStore } from '../../../src-renderer/stores/incidentStore';
import { createScanStore } from '../../../src-renderer/stores/scanStore';
import { createUiStore } from '../../../src-renderer/stores/uiStore';

type Answer = Envelope<unknown> | (() => Envelope<unknown> | Promise<Envelope<unknown>>);

/** An Api answering each operation from a table the test edits between calls; records every call. */
function scriptedApi(answers: Record<string, Answer>) {
  const calls: string[] = [];
  const api = {
    transport: 'http',
    async call(name: string) {
      calls.push(name);
      const answer = answers[name];
      if (!answer) return { ok: false, error: { code: 'not-found', message: `no answer scripted for ${name}` } };
      return typeof answer === 'function' ? answer() : answer;
    },
    subscribe: () => () => {},
  } as unknown as Api;
  return { api, calls, answers };
}

const down: Envelope<never> = { ok: false, error: { code: 'io-error', message: 'The console server is not answering. Is `firebreak serve` still running?' } };
const busy: Envelope<never> = { ok: false, error: { code: 'conflict', message: 'INC-1 is already P1' } };
const count = (calls: string[], name: string) => calls.filter((call) => call === name).length;

describe('the guarded Api', () => {
  it('turns a transport that throws into an internal failure instead of a stuck screen', async () => {
    const api = guardApi({ transport: 'electron', call: () => Promise.reject(new Error('IPC handler gone')), subscribe: () => () => {} } as unknown as Api);
    expect(await api.call('incident.list', { scope: 'open' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'incident.list failed in the console: IPC handler gone. Try again; if it keeps failing, restart Firebreak.' },
    });
  });

  it('says "try again" on every conflict, once', () => {
    expect(failureMessage(busy.ok ? never() : busy.error)).toBe('INC-1 is already P1. It may have changed meanwhile: check what is shown now and try again.');
    expect(failureMessage({ code: 'conflict', message: 'the database is busy in another Firebreak process; try again.' })).toBe('the database is busy in another Firebreak process; try again.');
    expect(failureMessage(down.ok ? never() : down.error)).toBe(down.ok ? '' : down.error.message);
  });

  it('gives an envelope without a message one that names the operation', async () => {
    const { api } = scriptedApi({ 'incident.list': { ok: false, error: {} } as never });
    expect(await guardApi(api).call('incident.list', { scope: 'open' })).toMatchObject({ ok: false, error: { code: 'internal', message: 'incident.list failed without saying why. Try again.' } });
  });
});

function never(): never {
  throw new Error('unreachable');
}

describe('the checklist store', () => {
  it('keeps the reason of a failed load until a retry succeeds', async () => {
    const { api, answers } = scriptedApi({ 'checklist.get': down });
    const store = createChecklistStore(api);
    await store.getState().load('INC-1');
    expect(store.getState().errors['INC-1']).toBe(down.ok ? '' : down.error.message);
    expect(store.getState().checklists['INC-1']).toBeUndefined();

    answers['checklist.get'] = { ok: true, value: { incidentId: 'INC-1', steps: [], phases: [] } };
    await store.getState().load('INC-1');
    expect(store.getState().errors['INC-1']).toBeUndefined();
    expect(store.getState().checklists['INC-1']).toBeDefined();
  });

  it('refreshes after a conflicting change so the retry starts from what is true now, and says to try again', async () => {
    const { api, calls } = scriptedApi({ 'checklist.change': { ok: false, error: { code: 'conflict', message: "step 'Rotate' is already done" } }, 'checklist.get': { ok: true, value: { incidentId: 'INC-1', steps: [], phases: [] } } });
    const store = createChecklistStore(api);
    const result = await store.getState().change('INC-1', 'rotate', { change: 'done' });
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already done\. .*try again\.$/) } });
    expect(count(calls, 'checklist.get')).toBe(1);
  });

  it('tries a failed checklist again when the event stream reconnects', async () => {
    const { api, answers, calls } = scriptedApi({ 'checklist.get': down });
    const store = createChecklistStore(api);
    await store.getState().load('INC-1');
    answers['checklist.get'] = { ok: true, value: { incidentId: 'INC-1', steps: [], phases: [] } };
    store.getState().handleEvent({ type: 'data.changed' });
    await expect.poll(() => store.getState().checklists['INC-1']).toBeDefined();
    expect(store.getState().errors).toEqual({});
    expect(count(calls, 'checklist.get')).toBe(2);
  });

  it('does not refresh after an add that failed for another reason, and hands the reason back', async () => {
    const { api, calls } = scriptedApi({ 'checklist.addStep': down });
    const store = createChecklistStore(api);
    expect(await store.getState().addStep('INC-1', 'Contain', 'Block the IP')).toEqual(down);
    expect(calls).toEqual(['checklist.addStep']);
  });
});

describe('the incident store', () => {
  const incident = { id: 'INC-1' };
  const detail = { ok: true, value: { incident, timeline: [] } } as const;

  it('records a failed change under the incident, naming the action, until a change succeeds', async () => {
    const { api, answers } = scriptedApi({ 'incident.acknowledge': down, 'incident.get': detail, 'incident.list': { ok: true, value: { incidents: [] } } });
    const store = createIncidentStore(api);
    const result = await store.getState().acknowledge('INC-1');
    expect(result.ok).toBe(false);
    expect(store.getState().actionErrors['INC-1']).toBe(`Could not acknowledge: ${down.ok ? '' : down.error.message}`);

    answers['incident.advancePhase'] = { ok: true, value: incident };
    await store.getState().advancePhase('INC-1', 'Triage');
    expect(store.getState().actionErrors['INC-1']).toBeUndefined();
  });

  it('refreshes the incident after a conflict and says to try again', async () => {
    const { api, calls } = scriptedApi({ 'incident.setSeverity': busy, 'incident.get': detail });
    const store = createIncidentStore(api);
    await store.getState().setSeverity('INC-1', 'P1');
    expect(store.getState().actionErrors['INC-1']).toMatch(/^Could not change the severity to P1: INC-1 is already P1\. .*try again\.$/);
    expect(calls).toEqual(['incident.setSeverity', 'incident.get']);
  });

  it('leaves a failed note to the note box: nothing recorded under the incident', async () => {
    const { api } = scriptedApi({ 'incident.addNote': down });
    const store = createIncidentStore(api);
    expect((await store.getState().addNote('INC-1', 'blocked at the WAF')).ok).toBe(false);
    expect(store.getState().actionErrors).toEqual({});
  });

  it('lets the responder dismiss a recorded failure', async () => {
    const { api } = scriptedApi({ 'incident.setCommander': down });
    const store = createIncidentStore(api);
    await store.getState().setCommander('INC-1', 'dana');
    store.getState().clearActionError('INC-1');
    expect(store.getState().actionErrors).toEqual({});
  });

  it('says which of severity levels, playbooks and settings failed, and clears it when they load', async () => {
    const { api, answers } = scriptedApi({ 'severity.schemes': down, 'playbook.list': { ok: false, error: { code: 'internal', message: 'playbook folder unreadable' } }, 'app.info': { ok: true, value: { actor: 'dana' } }, 'reminders.list': down });
    const store = createIncidentStore(api);
    await store.getState().loadMeta();
    expect(store.getState().metaError).toBe(`Severity levels: ${down.ok ? '' : down.error.message} · Playbooks: playbook folder unreadable`);
    expect(store.getState().remindersError).toBe(down.ok ? '' : down.error.message);

    answers['severity.schemes'] = { ok: true, value: { schemes: [], activeSchemeId: 'p0-p3' } };
    answers['playbook.list'] = { ok: true, value: { playbooks: [], problems: [] } };
    answers['reminders.list'] = { ok: true, value: { reminders: [], total: 0 } };
    // The event stream reconnecting is the moment to try again.
    store.getState().handleEvent({ type: 'data.changed' });
    await expect.poll(() => store.getState().metaError).toBeNull();
    await expect.poll(() => store.getState().remindersError).toBeNull();
  });

  it('keeps a failed list load visible and clears it on a good one', async () => {
    const { api, answers } = scriptedApi({ 'incident.list': down });
    const store = createIncidentStore(api);
    await store.getState().loadList();
    expect(store.getState()).toMatchObject({ listLoaded: true, listError: down.ok ? '' : down.error.message });
    answers['incident.list'] = { ok: true, value: { incidents: [] } };
    await store.getState().loadList();
    expect(store.getState().listError).toBeNull();
  });

  it('keeps a failed detail load until a retry succeeds', async () => {
    const { api, answers } = scriptedApi({ 'incident.get': down });
    const store = createIncidentStore(api);
    await store.getState().loadDetail('INC-1');
    expect(store.getState().detailErrors['INC-1']).toBe(down.ok ? '' : down.error.message);
    answers['incident.get'] = detail;
    await store.getState().loadDetail('INC-1');
    expect(store.getState().detailErrors).toEqual({});
  });
});

describe('the evidence, scan and contact stores', () => {
  it('remember why archives, quarantine, scans and contacts could not be listed, until they are', async () => {
    const { api, answers } = scriptedApi({ 'evidence.list': down, 'quarantine.list': down, 'scan.list': down, 'contacts.list': down });
    const evidence = createEvidenceStore(api);
    const scans = createScanStore(api);
    const contacts = createContactsStore(api);
    await Promise.all([evidence.getState().load('INC-1'), evidence.getState().loadQuarantine(), scans.getState().load('INC-1'), contacts.getState().load()]);
    const message = down.ok ? '' : down.error.message;
    expect(evidence.getState().loadErrors['INC-1']).toBe(message);
    expect(evidence.getState()).toMatchObject({ quarantineError: message, quarantineLoaded: false });
    expect(scans.getState().loadErrors['INC-1']).toBe(message);
    expect(contacts.getState().error).toBe(message);

    answers['evidence.list'] = { ok: true, value: { items: [] } };
    answers['quarantine.list'] = { ok: true, value: { files: [] } };
    answers['scan.list'] = { ok: true, value: { runs: [], groups: [] } };
    answers['contacts.list'] = { ok: true, value: { contacts: [] } };
    await Promise.all([evidence.getState().load('INC-1'), evidence.getState().loadQuarantine(), scans.getState().load('INC-1'), contacts.getState().load()]);
    expect(evidence.getState().loadErrors).toEqual({});
    expect(evidence.getState()).toMatchObject({ quarantineError: null, quarantineLoaded: true, items: { 'INC-1': [] } });
    expect(scans.getState().loadErrors).toEqual({});
    expect(contacts.getState().error).toBeNull();
  });

  it('hand a failed mark, custody entry or contact save back with its reason', async () => {
    const { api } = scriptedApi({ 'scan.markFingerprint': down, 'evidence.addCustody': down, 'contacts.save': { ok: false, error: { code: 'invalid-input', message: 'email: not an email address' } } });
    expect(await createScanStore(api).getState().mark('INC-1', 'abcdef0123456789', 'false-positive', 'test fixture')).toEqual(down);
    expect(await createEvidenceStore(api).getState().addCustody('INC-1', 'EV-1', 'handed-over', 'to legal')).toEqual(down);
    expect(await createContactsStore(api).getState().save({ name: 'Dana', role: 'security', email: 'dana@', phone: '', onCall: false })).toMatchObject({ ok: false, error: { message: 'email: not an email address' } });
  });
});

describe('cancelling a long job', () => {
  it('says why a cancel did not happen: no progress yet, or the server refused', async () => {
    const { api } = scriptedApi({ 'jobs.cancel': { ok: false, error: { code: 'not-found', message: 'no running job 1111' } } });
    const evidence = createEvidenceStore(api);
    expect(await evidence.getState().cancel()).toBe('The collection has not reported its progress yet: press Cancel again in a moment.');
    evidence.setState({ collecting: true, progress: { jobId: '1111', done: 1, total: 2, message: 'archiving' } });
    expect(await evidence.getState().cancel()).toBe('Could not cancel: no running job 1111');
    const scans = createScanStore(api);
    scans.setState({ scanning: true, progress: { jobId: '1111', done: 1, total: 2, message: 'scanning' } });
    expect(await scans.getState().cancel()).toBe('Could not cancel: no running job 1111');
  });
});

describe('drafts', () => {
  it('keep what was typed per field until it is saved', () => {
    const ui = createUiStore({ name: 'dashboard' });
    ui.getState().setDraft('note:INC-1', 'blocked 203.0.113.7');
    ui.getState().setDraft('addstep:INC-1:Contain', 'rotate the key');
    ui.getState().navigate({ name: 'contacts' });
    expect(ui.getState().drafts).toEqual({ 'note:INC-1': 'blocked 203.0.113.7', 'addstep:INC-1:Contain': 'rotate the key' });
    ui.getState().clearDraft('note:INC-1');
    expect(ui.getState().drafts).toEqual({ 'addstep:INC-1:Contain': 'rotate the key' });
  });

  it('keep what was typed while a save was on its way', () => {
    const ui = createUiStore({ name: 'dashboard' });
    ui.getState().setDraft('note:INC-1', 'blocked 203.0.113.7');
    // Sent "blocked 203.0.113.7"; the responder kept typing before the answer came.
    ui.getState().setDraft('note:INC-1', 'blocked 203.0.113.7 and 203.0.113.8');
    ui.getState().clearDraft('note:INC-1', 'blocked 203.0.113.7');
    expect(ui.getState().drafts['note:INC-1']).toBe('blocked 203.0.113.7 and 203.0.113.8');
    ui.getState().clearDraft('note:INC-1', 'blocked 203.0.113.7 and 203.0.113.8');
    expect(ui.getState().drafts).toEqual({});
  });
});
