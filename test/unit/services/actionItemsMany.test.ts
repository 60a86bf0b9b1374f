import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Incident } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

it('an unknown action item id names the first few the incident has and how many, not every one of them', () => {
  const { id } = callOk<Incident>(t, 'incident.declare', { title: 'Disk full', severity: 'P2' });
  for (let index = 0; index < 40; index += 1) callOk(t, 'action.add', { incidentId: id, title: `follow-up ${index + 1}` });
  const result = dispatch(t.ctx, 'action.update', { incidentId: id, itemId: 'A0001', status: 'done' });
  expect(result).toMatchObject({ ok: false, error: { code: 'not-found', message: `no action item A0001 in ${id} (it has A1, A2, A3, A4, A5, A6, A7, A8, A9, A10 … A40, 40 in all)` } });
});

it('a handful of ids are all named', () => {
  const { id } = callOk<Incident>(t, 'incident.declare', { title: 'Disk full', severity: 'P2' });
  for (let index = 0; index < 3; index += 1) callOk(t, 'action.add', { incidentId: id, title: `follow-up ${index + 1}` });
  expect(dispatch(t.ctx, 'action.update', { incidentId: id, itemId: 'A0', status: 'done' })).toMatchObject({ ok: false, error: { message: `no action item A0 in ${id} (it has A1, A2, A3)` } });
});
