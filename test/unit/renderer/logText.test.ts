import { describe, expect, it } from 'vitest';
import { durationText, spanLength, utcTime, visibleControls } from '../../../src-renderer/components/logs/logText';

describe('log text for the console', () => {
  it('writes a log line\'s control characters out instead of letting a terminal escape through', () => {
    expect(visibleControls('GET /\u001b[31mred\u0000 HTTP/1.1\r')).toBe('GET /\\x1b[31mred\\x00 HTTP/1.1\\x0d');
    expect(visibleControls('plain /index.html?q=ü')).toBe('plain /index.html?q=ü');
  });

  it('says how long a pattern lasted and when, in UTC', () => {
    expect(spanLength('2026-11-23T14:03:02Z', '2026-11-23T14:04:41Z')).toBe('1 min 39 s');
    expect(spanLength('2026-11-23T14:03:00Z', '2026-11-23T14:03:45Z')).toBe('45 s');
    expect(spanLength('2026-11-23T14:00:00Z', '2026-11-23T14:21:12Z')).toBe('21 min');
    expect(spanLength('2026-11-23T10:00:00Z', '2026-11-23T13:05:00Z')).toBe('3 h 5 min');
    expect(utcTime('2026-11-23T14:03:02.000Z')).toBe('2026-11-23 14:03:02 UTC');
    expect(utcTime(null)).toBe('—');
  });
});

describe('durationText', () => {
  it('reads a scan\'s length, and a length no date can hold (a forged one) as unknown instead of breaking the page', () => {
    expect(durationText(850)).toBe('850 ms');
    expect(durationText(12_340)).toBe('12.3 s');
    expect(durationText(99_000)).toBe('1 min 39 s');
    for (const forged of [9e15, Number.MAX_SAFE_INTEGER, -1, Number.NaN]) expect(durationText(forged)).toBe('unknown');
  });
});
