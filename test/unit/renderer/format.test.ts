import { describe, expect, it } from 'vitest';
import { localTimeOptions } from '../../../src-main/domain/timeText';
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
