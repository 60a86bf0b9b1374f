import { describe, expect, it } from 'vitest';
import type { Reminder } from '../../../src-main/contract';
import { alarmRows } from '../../../src-renderer/components/shell/alarmRows';

const reminder = (incidentId: string, severityRank: number, key: string): Reminder => ({
  incidentId,
  incidentTitle: incidentId,
  severity: `P${severityRank}`,
  severityRank,
  key,
  afterMinutes: 0,
  notify: 'Security Team',
  recipients: [],
  dueAt: '2026-11-23T14:15:02.000Z',
  raisedAt: '2026-11-23T14:15:02.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
});
const breach = (incidentId: string) => ({ incidentId, title: incidentId, severity: 'P?', dueAt: '2026-11-23T14:30:02.000Z' });
const ranks: Record<string, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };
const rankOf = (id: string) => ranks[id] ?? 1_000;
const ids = (rows: ReturnType<typeof alarmRows>) => rows.map((row) => (row.kind === 'reminder' ? `${row.id}${row.breached ? ' (breached)' : ''}` : row.id));

describe('alarm banner rows', () => {
  const server = [reminder('P0', 0, 'r0-0m'), reminder('P0', 0, 'r0-60m'), reminder('P2', 2, 'r2-0m'), reminder('P3', 3, 'r3-0m')];

  it('keeps the server order (most urgent first) and flags a breach once, on its incident\'s first reminder', () => {
    expect(ids(alarmRows(server, [breach('P0')], rankOf, null))).toEqual(['P0/r0-0m (breached)', 'P0/r0-60m', 'P2/r2-0m', 'P3/r3-0m']);
  });

  it('places a breach with no pending reminder among the reminders by severity', () => {
    expect(ids(alarmRows(server, [breach('P1'), breach('unknown')], rankOf, null))).toEqual(['P0/r0-0m', 'P0/r0-60m', 'breach/P1', 'P2/r2-0m', 'P3/r3-0m', 'breach/unknown']);
  });

  it('pins the incident on screen first, breach included', () => {
    expect(ids(alarmRows(server, [breach('P3')], rankOf, 'P3'))).toEqual(['P3/r3-0m (breached)', 'P0/r0-0m', 'P0/r0-60m', 'P2/r2-0m']);
  });

  it('places a regulatory deadline by its incident\'s severity: overdue before that rank\'s reminders, coming due after them', () => {
    const due = (incidentId: string, stage: 'soon' | 'overdue') => ({ incidentId, name: 'gdpr-authority', label: 'GDPR Art. 33', dueAt: '2026-11-23T14:30:02.000Z', stage });
    expect(ids(alarmRows(server, [], rankOf, null, [due('P2', 'overdue'), due('P0', 'soon')]))).toEqual(['P0/r0-0m', 'P0/r0-60m', 'clock/P0/gdpr-authority', 'clock/P2/gdpr-authority', 'P2/r2-0m', 'P3/r3-0m']);
  });
});
