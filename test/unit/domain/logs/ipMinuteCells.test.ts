import { describe, expect, it } from 'vitest';
import { bySeconds, cellOf, countFailure, countLimited, countNotFound, createIpMinuteCells, ipMinuteAt, mergeCells, notFoundCap, pathCount, type IpMinuteCells } from '../../../../src-main/domain/logs/ipMinuteCells';
import { cellContents } from './tallyContents';

const minute = 60_000;
const t0 = Date.parse('2026-11-23T03:14:00.000Z');

describe('the (address, minute) cells of a scan', () => {
  it('keeps each address and minute apart across many pages, and finds every cell again', () => {
    const cells = createIpMinuteCells();
    // 12,000 addresses over 3 minutes: 36,000 cells, nine pages, the slot table grown many times.
    const made = new Map<string, number>();
    for (let m = 0; m < 3; m += 1) {
      for (let a = 0; a < 12_000; a += 1) {
        const ip = `10.${a >> 8}.${a & 255}.1`;
        const cell = cellOf(cells, ip, t0 / minute + m);
        countNotFound(cells, cell, t0 + m * minute + a, a * 3 + m);
        made.set(`${ip} ${m}`, cell);
      }
    }
    expect(cells.size).toBe(36_000);
    expect(cells.pages.length).toBe(Math.ceil(36_000 / 4_096));
    const foundAgain = [...made].filter(([key, cell]) => {
      const [ip, m] = key.split(' ') as [string, string];
      return cellOf(cells, ip, t0 / minute + Number(m)) === cell;
    });
    expect(foundAgain).toHaveLength(36_000);
    expect(cells.size).toBe(36_000);
    const view = cellContents(cells).get('10.46.223.1')!;
    expect([...view.keys()]).toEqual([t0 / minute + 2, t0 / minute + 1, t0 / minute]);
    expect(view.get(t0 / minute + 1)).toMatchObject({ notFound: 11_999 * 3 + 1, notFoundFirst: t0 + minute + 11_999, failures: 0, limited: 0 });
  });

  it('counts failures and 429s per second once a minute has two, with exact first and last times', () => {
    const cells = createIpMinuteCells();
    const cell = cellOf(cells, '203.0.113.7', t0 / minute);
    countFailure(cells, cell, t0 + 42_500);
    expect(ipMinuteAt(cells, cell)).toMatchObject({ failures: 1, failFirst: t0 + 42_500, failLast: t0 + 42_500, failBySecond: null });
    countFailure(cells, cell, t0 + 3_250);
    countFailure(cells, cell, t0 + 59_999);
    countLimited(cells, cell, t0 + 1_000);
    const read = ipMinuteAt(cells, cell);
    expect(read).toMatchObject({ failures: 3, failFirst: t0 + 3_250, failLast: t0 + 59_999, limited: 1, limitFirst: t0 + 1_000, limitBySecond: null });
    const seconds = [...read.failBySecond!];
    expect([seconds[3], seconds[42], seconds[59], seconds.reduce((sum, count) => sum + count, 0)]).toEqual([1, 1, 1, 3]);
    expect(bySeconds(read.limited, read.limitBySecond, read.limitFirst)![1]).toBe(1);
  });

  it('counts distinct 404 paths up to the cap, a repeated path once', () => {
    const cells = createIpMinuteCells();
    const cell = cellOf(cells, '198.51.100.4', t0 / minute);
    countNotFound(cells, cell, t0 + 10, 77);
    countNotFound(cells, cell, t0 + 20, 77);
    expect(pathCount(ipMinuteAt(cells, cell).notFound)).toBe(1);
    for (let path = 0; path < 2 * notFoundCap; path += 1) countNotFound(cells, cell, t0 + 30 + path, path);
    expect(pathCount(ipMinuteAt(cells, cell).notFound)).toBe(notFoundCap);
    expect(ipMinuteAt(cells, cell)).toMatchObject({ notFoundFirst: t0 + 10, notFoundLast: t0 + 30 + 2 * notFoundCap - 1 });
  });

  it('merges as if every line had been counted in one table, after a copy across threads', () => {
    const lines = Array.from({ length: 9_000 }, (_, index) => ({ ip: `192.0.2.${index % 7}`, time: t0 + index * 1_337, kind: index % 3 }));
    const count = (cells: IpMinuteCells, { ip, time, kind }: (typeof lines)[number]) => {
      const cell = cellOf(cells, ip, Math.floor(time / minute));
      if (kind === 0) countFailure(cells, cell, time);
      else if (kind === 1) countLimited(cells, cell, time);
      else countNotFound(cells, cell, time, index(ip, time));
    };
    const index = (ip: string, time: number) => (ip.length * 31 + Math.floor(time / 7_000)) >>> 0;
    const whole = createIpMinuteCells();
    for (const line of lines) count(whole, line);
    const merged = createIpMinuteCells();
    for (let part = 0; part < 4; part += 1) {
      const cells = createIpMinuteCells();
      for (const line of lines.filter((_, at) => at % 4 === part)) count(cells, line);
      mergeCells(merged, structuredClone(cells));
    }
    const sets = (map: ReturnType<typeof cellContents>) =>
      [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ip, byMinute]) => [ip, [...byMinute].sort(([a], [b]) => a - b).map(([at, cell]) => [at, { ...cell, failBySecond: Array.from(bySeconds(cell.failures, cell.failBySecond, cell.failFirst) ?? []), limitBySecond: Array.from(bySeconds(cell.limited, cell.limitBySecond, cell.limitFirst) ?? []), notFound: typeof cell.notFound === 'number' ? [cell.notFound] : [...cell.notFound].sort() }])]);
    // As text: a deep comparison of 9,000 cells' arrays takes seconds.
    const mergedText = JSON.stringify(sets(cellContents(merged)));
    expect(mergedText).toBe(JSON.stringify(sets(cellContents(whole))));
    expect(mergedText).toContain('"failures":2');
  });
});
