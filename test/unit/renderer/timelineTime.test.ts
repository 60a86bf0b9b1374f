import { describe, expect, it } from 'vitest';
import { givenTime, lag, parsePastedTime, zonedIso, zoneOffset } from '../../../src-renderer/components/investigation/timeline/timelineTime';
import { typedTechniqueId } from '../../../src-renderer/stores/attackStore';

describe('the timeline clocks as typed and shown', () => {
  it('turns a date, a time and a zone into an ISO time with the offset that zone had then (summer and winter)', () => {
    expect(zonedIso('2026-11-30', '09:15', 'Europe/Paris')).toBe('2026-11-30T09:15:00+01:00');
    expect(zonedIso('2026-07-01', '09:15', 'Europe/Paris')).toBe('2026-07-01T09:15:00+02:00');
    expect(zonedIso('2026-11-30', '09:15', 'America/New_York')).toBe('2026-11-30T09:15:00-05:00');
    expect(zonedIso('2026-11-30', '09:15', '+05:30')).toBe('2026-11-30T09:15:00+05:30');
    expect(zonedIso('2026-11-30', '09:15', 'UTC')).toBe('2026-11-30T09:15:00Z');
    expect(zonedIso('2026-11-30', '', 'UTC')).toBeNull();
    expect(zonedIso('2026-02-30', '09:15', 'UTC')).toBeNull();
  });

  it('reads a pasted ISO time with its offset, and refuses one without', () => {
    expect(parsePastedTime(' 2026-11-30T09:15:00+02:00 ')).toEqual({ date: '2026-11-30', time: '09:15', zone: '+02:00' });
    expect(parsePastedTime('2026-11-30 09:15:30.120Z')).toEqual({ date: '2026-11-30', time: '09:15:30', zone: 'UTC' });
    expect(parsePastedTime('2026-11-30T09:15:00-0500')).toEqual({ date: '2026-11-30', time: '09:15', zone: '-05:00' });
    expect(parsePastedTime('2026-11-30T09:15:00')).toBeNull();
    expect(parsePastedTime('yesterday at nine')).toBeNull();
  });

  it('shows a time as it was given, and how much later it was recorded', () => {
    expect(givenTime('2026-11-30T07:15:00.000Z', '+02:00')).toBe('30 Nov 09:15 +02:00');
    expect(givenTime('2026-11-30T23:15:00.000Z', '+02:00')).toBe('01 Dec 01:15 +02:00');
    expect(zoneOffset('Asia/Kathmandu', new Date('2026-11-30T00:00:00Z'))).toBe('+05:45');
    expect(lag('2026-11-30T07:15:00.000Z', '2026-11-30T09:40:00.000Z')).toBe('2 h 25 min');
    expect(lag('2026-11-27T07:15:00.000Z', '2026-11-30T09:40:00.000Z')).toBe('3 d 2 h');
  });

  it('takes a typed technique id in any case, and nothing else', () => {
    expect(typedTechniqueId(' t1059.001 ')).toBe('T1059.001');
    expect(typedTechniqueId('T105')).toBeNull();
    expect(typedTechniqueId('Phishing')).toBeNull();
  });
});
