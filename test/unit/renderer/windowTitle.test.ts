import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../src-main/contract';
import { windowTitle } from '../../../src-renderer/hooks/useWindowTitle';

const now = new Date('2026-11-23T15:00:00.000Z');
const incident = (id: string, severity: string, severityRank: number, dueAt: string, state: Incident['sla']['state'] = 'running', status: Incident['status'] = 'Active') =>
  ({ id, title: `${severity} incident`, severity, severityRank, status, sla: { responseMinutes: 15, dueAt, respondedAt: null, state } }) as Incident;

describe('window title', () => {
  it('names the most severe overdue SLA first, and how many more are overdue', () => {
    const p3 = incident('INC-3', 'P3', 3, '2026-11-23T14:00:00.000Z', 'overdue');
    const p0 = incident('INC-0', 'P0', 0, '2026-11-23T14:50:00.000Z');
    expect(windowTitle([p3, p0], p3, now)).toBe('⚠ SLA overdue · P0 P0 incident (+1 more) — Firebreak');
  });
  it('names the incident on screen when nothing is overdue, else just the app', () => {
    const running = incident('INC-1', 'P1', 1, '2026-11-23T15:30:00.000Z');
    const responded = incident('INC-2', 'P2', 2, '2026-11-23T14:00:00.000Z', 'missed', 'Contained');
    expect(windowTitle([running, responded], running, now)).toBe('P1 P1 incident — Firebreak');
    expect(windowTitle([running, responded], null, now)).toBe('Firebreak');
  });
  it('marks a drill on screen as a DRILL, and still puts a real overdue SLA first', () => {
    const drill = { ...incident('INC-9', 'P1', 1, '2026-11-23T14:00:00.000Z', 'overdue'), title: 'Drill: Leaked API key', kind: 'drill' } as Incident;
    expect(windowTitle([], drill, now)).toBe('DRILL · P1 Drill: Leaked API key — Firebreak');
    const real = incident('INC-3', 'P3', 3, '2026-11-23T14:00:00.000Z', 'overdue');
    expect(windowTitle([real], drill, now)).toBe('⚠ SLA overdue · P3 P3 incident — Firebreak');
  });
});
