import { describe, expect, it } from 'vitest';
import { neutraliseFormula, parseCsv, restoreFormula, writeCsv } from '../../../../src-main/domain/investigation/timeline/csv';
import { parseOccurredTime, formatInOffset } from '../../../../src-main/domain/investigation/timeline/occurredTime';

describe('timeline CSV', () => {
  it('quotes commas, quotes and newlines, ends lines with CRLF, and reads back the same cells', () => {
    const rows = [
      ['occurred_at', 'text'],
      ['2026-11-30T09:15:00+02:00', 'Mail "invoice" opened, by Dana'],
      ['2026-11-30T09:20:00Z', 'line one\nline two\r\nline three'],
      ['', ''],
    ];
    const csv = writeCsv(rows);
    // Quoted only where needed: a lone LF or CR in a cell is quoted as much as a CRLF.
    expect(writeCsv([['a\rb', 'plain cell', 'x\ny']])).toBe('"a\rb",plain cell,"x\ny"\r\n');
    expect(csv).toBe('occurred_at,text\r\n2026-11-30T09:15:00+02:00,"Mail ""invoice"" opened, by Dana"\r\n2026-11-30T09:20:00Z,"line one\nline two\r\nline three"\r\n,\r\n');
    const parsed = parseCsv(csv);
    expect(parsed.ok && parsed.records.map((record) => record.fields)).toEqual(rows);
  });

  it("neutralises spreadsheet formulas with one ' that the import takes off again", () => {
    for (const cell of ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\tx', '\rx', "'=already quoted", "''+two"]) {
      const written = neutraliseFormula(cell);
      expect(written).toBe(`'${cell}`);
      expect(restoreFormula(written)).toBe(cell);
    }
    for (const cell of ['plain', "it's fine", "'quoted but harmless", '2026-11-30T09:15:00+02:00']) {
      expect(neutraliseFormula(cell)).toBe(cell);
      expect(restoreFormula(cell)).toBe(cell);
    }
  });
});

describe('when it happened', () => {
  it('keeps the offset as given, normalised, and stores UTC', () => {
    expect(parseOccurredTime('2026-11-30T09:15:00+02:00')).toEqual({ ok: true, utc: '2026-11-30T07:15:00.000Z', offset: '+02:00' });
    expect(parseOccurredTime('2026-11-30T09:15:00+0200')).toEqual({ ok: true, utc: '2026-11-30T07:15:00.000Z', offset: '+02:00' });
    expect(parseOccurredTime('2026-11-30T02:15:00.250-05:00')).toEqual({ ok: true, utc: '2026-11-30T07:15:00.250Z', offset: '-05:00' });
    expect(parseOccurredTime('2026-11-30T12:45+05:30')).toEqual({ ok: true, utc: '2026-11-30T07:15:00.000Z', offset: '+05:30' });
    expect(parseOccurredTime('2026-11-30T07:15:00Z')).toEqual({ ok: true, utc: '2026-11-30T07:15:00.000Z', offset: 'Z' });
    expect(formatInOffset('2026-11-30T07:15:00.000Z', '+05:30')).toBe('2026-11-30T12:45:00+05:30');
    expect(formatInOffset('2026-11-30T07:15:00.250Z', '-05:00')).toBe('2026-11-30T02:15:00.250-05:00');
    expect(formatInOffset('2026-11-30T07:15:00.000Z', null)).toBe('2026-11-30T07:15:00Z');
  });

  it('says precisely why a time is no moment', () => {
    const reason = (value: string) => {
      const parsed = parseOccurredTime(value);
      return parsed.ok ? 'accepted' : parsed.reason;
    };
    expect(reason('2026-02-30T10:00:00+02:00')).toBe('2026-02-30 is not a date: February 2026 has 28 days');
    expect(reason('2028-02-29T10:00:00+02:00')).toBe('accepted');
    expect(reason('2026-11-30T10:00:00+25:00')).toBe('the offset +25:00 is not a time zone offset: they run from -12:00 to +14:00');
    expect(reason('2026-11-30T24:10:00Z')).toBe('24:10:00 is not a time of day');
    expect(reason('2026-11-30T10:00:00')).toBe('"2026-11-30T10:00:00" has no offset: add one, like +02:00 or Z, so the moment is not a guess');
    // Two-digit years would be read as 1900–1999; nothing on an incident's record is before the epoch.
    expect(reason('0026-11-30T09:15:00+01:00')).toBe('year 0026 is before 1970: give the full year');
    expect(reason('1969-12-31T23:59:59Z')).toBe('year 1969 is before 1970: give the full year');
    expect(reason('1970-01-01T00:00:00Z')).toBe('accepted');
    expect(reason('yesterday')).toBe('"yesterday" is not an ISO 8601 date-time with its offset, like 2026-11-30T09:15:00+02:00');
  });
});
