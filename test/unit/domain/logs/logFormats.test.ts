import { describe, expect, it } from 'vitest';
import { detectFormat, parseLine, textRecord } from '../../../../src-main/domain/logs/logFormats';

const combined = (n: number) => `192.0.2.${n} - - [01/Dec/2026:09:00:${String(n % 60).padStart(2, '0')} +0000] "GET /p${n} HTTP/1.1" 200 10 "-" "agent"`;
const common = (n: number) => `192.0.2.${n} - - [01/Dec/2026:09:00:00 +0000] "GET /p${n} HTTP/1.1" 200 10`;
const json = (n: number) => `{"time":"2026-12-01T09:00:00Z","ip":"192.0.2.${n}","path":"/p${n}","status":200}`;
const syslog = (n: number) => `Dec  1 09:00:0${n % 10} host sshd[${n}]: Connection closed by 192.0.2.${n} port 22`;
const text = (n: number) => `2026-12-01 09:00:00 worker ${n} finished`;
const many = (make: (n: number) => string, count = 20) => Array.from({ length: count }, (_, i) => make(i + 1));

describe('detectFormat', () => {
  it('recognises each format from its lines', () => {
    expect(detectFormat(many(combined))).toBe('combined');
    expect(detectFormat(many(common))).toBe('common');
    expect(detectFormat(many(json))).toBe('json');
    expect(detectFormat(many(syslog))).toBe('syslog');
    expect(detectFormat(many(text))).toBe('text');
  });

  it('goes by the majority, skipping blank lines, and says text when nothing has one', () => {
    expect(detectFormat(['', ...many(combined, 6), '   ', ...many(text, 4)])).toBe('combined');
    expect(detectFormat([...many(combined, 3), ...many(json, 3), ...many(syslog, 3)])).toBe('text');
    expect(detectFormat([...many(common, 4), ...many(combined, 5), ...many(text, 2)])).toBe('combined');
    expect(detectFormat([])).toBe('text');
    expect(detectFormat(['', '', ''])).toBe('text');
  });

  it('looks at the first 50 non-empty lines only', () => {
    expect(detectFormat([...many(json, 50), ...many(syslog, 200)])).toBe('json');
  });

  it('reads a mixed file line by line: lines of another format are malformed, read as what they are or as text', () => {
    const lines = [combined(1), 'PHP Warning: something odd', combined(2), json(3), combined(4), combined(5)];
    const format = detectFormat(lines);
    const records = lines.map((line) => parseLine(line, format, { year: 2026 }));
    expect(records.map((record) => [record.format, record.malformed])).toEqual([
      ['combined', false],
      ['text', true],
      ['combined', false],
      ['json', true],
      ['combined', false],
      ['combined', false],
    ]);
  });
});

describe('text records', () => {
  it('keep the whole line as the message, with a leading ISO-8601 time when there is one', () => {
    expect(textRecord('2026-12-01T09:00:00.5Z something')).toMatchObject({ format: 'text', malformed: false, time: Date.UTC(2026, 11, 1, 9, 0, 0, 500), message: '2026-12-01T09:00:00.5Z something' });
    expect(textRecord('[2026-12-01 09:00:00,250] ERROR db').time).toBe(Date.UTC(2026, 11, 1, 9, 0, 0, 250));
    expect(textRecord('2026-12-01T10:00:00+0200 x').time).toBe(Date.UTC(2026, 11, 1, 8));
    expect(textRecord('2026-12-01 day report').time).toBe(Date.UTC(2026, 11, 1));
  });

  it('have no time when the line does not start with a real one', () => {
    for (const line of ['worker started at 2026-12-01T09:00:00Z', '2026-13-01T09:00:00Z bad month', '2026-02-30 not a day', '', '20261201']) {
      expect(textRecord(line).time, line).toBeNull();
    }
  });

  it('take the address a line says a request came from', () => {
    expect(textRecord('login failed for bob from 198.51.100.23: bad password').ip).toBe('198.51.100.23');
    expect(textRecord('loaded config from /etc/app.yaml').ip).toBeNull();
  });

  it('are what parseLine gives for the text format, never malformed', () => {
    expect(parseLine('anything {', 'text', { year: 2026 })).toEqual(textRecord('anything {'));
    expect(parseLine('anything {', 'text', { year: 2026 }).malformed).toBe(false);
  });
});
