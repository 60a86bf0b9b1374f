import { describe, expect, it } from 'vitest';
import { byUrgency, type UrgencyFacts } from '../../../../src-main/domain/escalations/urgency';

const reminder = (incidentId: string, severityRank: number, dueAt: string, key = 'r0-0m'): UrgencyFacts => ({ incidentId, severityRank, dueAt, key });
const order = (list: UrgencyFacts[], pinned?: string | null) => byUrgency(list, pinned).map((r) => `${r.incidentId}/${r.key}`);

describe('reminders by urgency', () => {
  it('puts an overdue P0 above newer P3 and P2 reminders', () => {
    const p0 = reminder('INC-P0', 0, '2026-11-23T14:00:00.000Z');
    const p3 = reminder('INC-P3', 3, '2026-11-23T14:30:00.000Z', 'r3-0m');
    const p2 = reminder('INC-P2', 2, '2026-11-23T14:20:00.000Z', 'r2-0m');
    expect(order([p3, p2, p0])).toEqual(['INC-P0/r0-0m', 'INC-P2/r2-0m', 'INC-P3/r3-0m']);
  });

  it('within one severity, the longest overdue (earliest due) comes first', () => {
    const older = reminder('INC-A', 1, '2026-11-23T13:00:00.000Z', 'r1-0m');
    const newer = reminder('INC-B', 1, '2026-11-23T14:00:00.000Z', 'r1-0m');
    const laterStep = reminder('INC-A', 1, '2026-11-23T14:00:00.000Z', 'r1-60m');
    expect(order([newer, laterStep, older])).toEqual(['INC-A/r1-0m', 'INC-A/r1-60m', 'INC-B/r1-0m']);
  });

  it('pins the incident on screen first, then keeps urgency for the rest', () => {
    const p0 = reminder('INC-P0', 0, '2026-11-23T14:00:00.000Z');
    const p3 = reminder('INC-P3', 3, '2026-11-23T14:30:00.000Z', 'r3-0m');
    const p1 = reminder('INC-P1', 1, '2026-11-23T14:10:00.000Z', 'r1-0m');
    expect(order([p0, p1, p3], 'INC-P3')).toEqual(['INC-P3/r3-0m', 'INC-P0/r0-0m', 'INC-P1/r1-0m']);
    expect(order([p3, p1, p0], null)).toEqual(['INC-P0/r0-0m', 'INC-P1/r1-0m', 'INC-P3/r3-0m']);
  });

  it('leaves its input alone and orders ties the same way every time', () => {
    const a = reminder('INC-A', 2, '2026-11-23T14:00:00.000Z', 'r2-0m');
    const b = reminder('INC-B', 2, '2026-11-23T14:00:00.000Z', 'r2-0m');
    const input = [b, a];
    expect(order(input)).toEqual(['INC-A/r2-0m', 'INC-B/r2-0m']);
    expect(order([a, b])).toEqual(['INC-A/r2-0m', 'INC-B/r2-0m']);
    expect(input).toEqual([b, a]);
  });
});
