import { describe, expect, it } from 'vitest';
import { formatDuration, slaDueAt, slaRemainingMs, slaSnapshot } from '../../../src-main/domain/incidents/sla';

const declaredAt = '2026-11-23T14:15:02.000Z';

describe('response-time SLA', () => {
  it('is due the response time after declaration', () => {
    expect(slaDueAt(declaredAt, 15)).toBe('2026-11-23T14:30:02.000Z');
    expect(slaDueAt(declaredAt, 1440)).toBe('2026-11-24T14:15:02.000Z');
  });

  it('reads a response time no date can reach as running to the last date there is', () => {
    expect(slaDueAt(declaredAt, 1e15)).toBe('+275760-09-13T00:00:00.000Z');
    expect(slaSnapshot({ declaredAt, responseMinutes: 1e15, respondedAt: null }, new Date('2026-12-01T00:00:00.000Z')).state).toBe('running');
  });

  it('runs until the deadline, then is overdue', () => {
    const input = { declaredAt, responseMinutes: 15, respondedAt: null };
    expect(slaSnapshot(input, new Date('2026-11-23T14:30:02.000Z')).state).toBe('running');
    const late = new Date('2026-11-23T14:30:03.000Z');
    expect(slaSnapshot(input, late).state).toBe('overdue');
    expect(slaRemainingMs(slaSnapshot(input, late), late)).toBe(-1000);
  });

  it('stops at the response: met in time, missed when late, whatever the clock says later', () => {
    const later = new Date('2026-12-01T00:00:00.000Z');
    expect(slaSnapshot({ declaredAt, responseMinutes: 15, respondedAt: '2026-11-23T14:20:00.000Z' }, later).state).toBe('met');
    expect(slaSnapshot({ declaredAt, responseMinutes: 15, respondedAt: '2026-11-23T14:40:00.000Z' }, later).state).toBe('missed');
  });

  it('formats durations for people', () => {
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(-3_725_000)).toBe('1h 02m');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2d 4h');
  });
});
