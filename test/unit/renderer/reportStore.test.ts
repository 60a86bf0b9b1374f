import { describe, expect, it } from 'vitest';
import type { Envelope, RenderedReport } from '../../../src-main/contract';
import { createReportStore, reportKey } from '../../../src-renderer/stores/reportStore';
import { hashFromRoute, routeFromHash } from '../../../src-renderer/stores/uiStore';
import { scriptedApi } from '../../support/scriptedApi';

const report = (kind: 'incident' | 'postmortem', text = '# Report'): RenderedReport => ({ incidentId: 'INC-1', kind, markdown: `${text}\n`, fileName: `INC-1-${kind}.md` });

describe('the report store', () => {
  it('is loading until the render answers, then holds the report', async () => {
    let answer: (value: Envelope<unknown>) => void = () => {};
    const { api } = scriptedApi({ 'report.render': () => new Promise((resolve) => (answer = resolve)) });
    const store = createReportStore(api);
    const loading = store.getState().load('INC-1', 'incident');
    expect(store.getState().loading[reportKey('INC-1', 'incident')]).toBe(true);
    answer({ ok: true, value: report('incident') });
    await loading;
    expect(store.getState().loading).toEqual({});
    expect(store.getState().reports[reportKey('INC-1', 'incident')]?.markdown).toBe('# Report\n');
  });

  it('loads the postmortem when the responder switches to it, once', async () => {
    const { api, calls } = scriptedApi({ 'report.render': { ok: true, value: report('postmortem') } });
    const store = createReportStore(api);
    store.getState().setKind('INC-1', 'postmortem');
    await expect.poll(() => store.getState().reports[reportKey('INC-1', 'postmortem')]).toBeDefined();
    store.getState().setKind('INC-1', 'incident');
    store.getState().setKind('INC-1', 'postmortem');
    expect(calls.map((call) => call.input)).toEqual([{ id: 'INC-1', kind: 'postmortem' }, { id: 'INC-1', kind: 'incident' }]);
    expect(store.getState().kinds['INC-1']).toBe('postmortem');
  });

  it('keeps the report on screen under a failed refresh, and says why', async () => {
    const { api, answers } = scriptedApi({ 'report.render': { ok: true, value: report('incident') } });
    const store = createReportStore(api);
    await store.getState().load('INC-1', 'incident');
    answers['report.render'] = { ok: false, error: { code: 'io-error', message: 'database is locked' } };
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    await expect.poll(() => store.getState().errors[reportKey('INC-1', 'incident')]).toBe('database is locked');
    expect(store.getState().reports[reportKey('INC-1', 'incident')]).toBeDefined();
  });

  it('follows the incident: a change elsewhere renders the shown report again, another incident does not', async () => {
    const { api, calls, answers } = scriptedApi({ 'report.render': { ok: true, value: report('incident') } });
    const store = createReportStore(api);
    await store.getState().load('INC-1', 'incident');
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-2' });
    expect(calls).toHaveLength(1);
    answers['report.render'] = { ok: true, value: report('incident', '# Report\n\nResolved.') };
    store.getState().handleEvent({ type: 'incident.changed', incidentId: 'INC-1' });
    await expect.poll(() => store.getState().reports[reportKey('INC-1', 'incident')]?.markdown).toContain('Resolved.');
  });

  it('holds what the export wrote, or why it did not', async () => {
    const written = { incidentId: 'INC-1', kind: 'incident', path: '/data/exports/INC-1-incident.md', bytes: 1234, sha256: 'a'.repeat(64) };
    const { api, answers } = scriptedApi({ 'report.export': { ok: false, error: { code: 'io-error', message: 'no space left on device: /data/exports' } } });
    const store = createReportStore(api);
    const failed = await store.getState().exportReport('INC-1', 'incident');
    expect(failed.ok).toBe(false);
    expect(store.getState()).toMatchObject({ exportErrors: { 'INC-1/incident': 'no space left on device: /data/exports' }, exporting: {} });
    answers['report.export'] = { ok: true, value: written };
    await store.getState().exportReport('INC-1', 'incident');
    expect(store.getState()).toMatchObject({ exportErrors: {}, exported: { 'INC-1/incident': written } });
  });

  it('has addresses for the Compose, Report and Action items tabs, so reload and back keep the responder there', () => {
    for (const tab of ['compose', 'report', 'actions'] as const) {
      expect(routeFromHash(`#/incident/INC-20261123-141502/${tab}`)).toEqual({ name: 'incident', id: 'INC-20261123-141502', tab });
      expect(hashFromRoute({ name: 'incident', id: 'INC-20261123-141502', tab })).toBe(`#/incident/INC-20261123-141502/${tab}`);
    }
  });
});
