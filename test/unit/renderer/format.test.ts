import { describe, expect, it } from 'vitest';
import { localTimeOptions, localTimeWithYearOptions } from '../../../src-main/domain/timeText';
import { byteSize, clockTime, localTime, sinceDeclared } from '../../../src-renderer/format';

describe('byteSize', () => {
  it('shows sizes in the unit a responder reads at a glance', () => {
    expect(byteSize(0)).toBe('0 B');
    expect(byteSize(1023)).toBe('1023 B');
    expect(byteSize(42_000)).toBe('41.0 KB');
    expect(byteSize(126 * 1024 * 1024)).toBe('126.0 MB');
    expect(byteSize(4 * 1024 ** 3)).toBe('4.0 GB');
  });
});

describe('sinceDeclared', () => {
  const declared = '2026-11-23T14:15:02.000Z';
  const after = (ms: number) => new Date(Date.parse(declared) + ms).toISOString();
  it('reads as responders call it out, from the declaration', () => {
    expect(sinceDeclared(declared, declared)).toBe('T+0 min');
    expect(sinceDeclared(after(59_999), declared)).toBe('T+0 min');
    expect(sinceDeclared(after(12 * 60_000 + 30_000), declared)).toBe('T+12 min');
    expect(sinceDeclared(after(60 * 60_000), declared)).toBe('T+1 h');
    expect(sinceDeclared(after(65 * 60_000), declared)).toBe('T+1 h 05 min');
    expect(sinceDeclared(after((23 * 60 + 59) * 60_000), declared)).toBe('T+23 h 59 min');
    expect(sinceDeclared(after(51 * 3_600_000 + 20 * 60_000), declared)).toBe('T+2 d 3 h');
    expect(sinceDeclared(after(48 * 3_600_000), declared)).toBe('T+2 d');
  });
  it('marks an entry dated before the declaration instead of hiding it', () => {
    expect(sinceDeclared(after(-4 * 60_000), declared)).toBe('T−4 min');
  });
});

describe('clock times', () => {
  it('write the hour after midnight as 00, never 24 (hour12: false reads "Nov 23, 24:05" in en-US)', () => {
    const afterMidnight = new Date(2026, 10, 23, 0, 5, 7).toISOString(); // in this machine's zone
    expect(localTime(afterMidnight)).toContain('00:05:07');
    expect(clockTime(afterMidnight)).toMatch(/^00:05/);
    // The options the console and the server's first screen share, in the language that wrote 24.
    const us = new Intl.DateTimeFormat('en-US', { ...localTimeOptions, timeZone: 'UTC' });
    expect(us.format(new Date('2026-11-23T00:05:07Z'))).toBe('Nov 23, 00:05:07 UTC');
  });
});

describe('dates far from now', () => {
  const now = Date.parse('2026-12-03T15:00:00Z');
  const year = (iso: string) => new Date(iso).getFullYear().toString();
  it('name the year, so a year-old "Dec 02" does not read as last week', () => {
    const lastYear = '2025-12-02T15:41:35Z';
    expect(localTime(lastYear, now)).toContain(year(lastYear));
    expect(localTime(lastYear, now)).toBe(new Intl.DateTimeFormat(undefined, localTimeWithYearOptions).format(new Date(lastYear)));
    // Seven months ahead (a clock set wrong, an imported bundle): also named.
    expect(localTime('2027-07-10T08:00:00Z', now)).toContain('2027');
  });
  it('leave it out within half a year, as the dashboard has always read', () => {
    expect(localTime('2026-11-23T14:15:02Z', now)).not.toContain('2026');
    expect(localTime('2026-06-20T14:15:02Z', now)).not.toContain('2026');
  });
});
