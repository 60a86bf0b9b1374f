import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../src-main/domain/logs/logCorrelation';
import { matchRecord } from '../../../../src-main/domain/logs/logMatch';
import type { LogRecord } from '../../../../src-main/domain/logs/logRecord';
import { compileLogRules, parseLogRules } from '../../../../src-main/domain/logs/logRules';
import { addressCells, bySeconds, ipMinuteAt, minuteOf } from '../../../../src-main/domain/logs/ipMinuteCells';
import { addToTally, createTally, mergeTallies, type LogTally } from '../../../../src-main/domain/logs/logTally';
import { repoRoot } from '../../../support/consoleServer';
import { request } from './logSamples';

const parsed = parseLogRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'logs.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const rules = compileLogRules(parsed);

function tallyOf(records: readonly LogRecord[]): LogTally {
  const tally = createTally();
  for (const record of records) addToTally(tally, record, matchRecord(record, rules));
  return tally;
}

/** Every address's minutes, in order, with the second of each failure and 429 (however a cell keeps them). */
function cellsOf(tally: LogTally) {
  return [...addressCells(tally.ipMinutes)]
    .flatMap(([ip, held]) =>
      held.map((index) => {
        const cell = ipMinuteAt(tally.ipMinutes, index);
        return {
          ip,
          minute: minuteOf(tally.ipMinutes, index),
          failures: [cell.failures, cell.failFirst, cell.failLast, ...(bySeconds(cell.failures, cell.failBySecond, cell.failFirst) ?? [])],
          limited: [cell.limited, cell.limitFirst, cell.limitLast, ...(bySeconds(cell.limited, cell.limitBySecond, cell.limitFirst) ?? [])],
        };
      }),
    )
    .sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.minute - b.minute));
}

const t0 = Date.parse('2026-11-23T03:14:07.123Z');
const attacker = '203.0.113.66';

describe('tallies of ranges merged', () => {
  it('find a slow brute force and a 429 storm whose minutes each hold one line per range', () => {
    // One failure every 25 s and one 429 every 1.1 s; each of three ranges sees every third line,
    // so a range's minute holds a single failure (a cell kept without per-second counts).
    const lines = [
      ...Array.from({ length: 30 }, (_, i) => request({ ip: attacker, method: 'POST', path: '/login', status: 401, time: t0 + i * 25_000 })),
      ...Array.from({ length: 60 }, (_, i) => request({ ip: '198.51.100.9', path: '/api', status: 429, time: t0 + 1_000 + i * 1_100 })),
    ];
    const merged = createTally();
    for (let part = 0; part < 3; part += 1) mergeTallies(merged, tallyOf(lines.filter((_, i) => i % 3 === part)));
    const expected = [
      expect.objectContaining({ kind: 'brute-force', ip: attacker, count: 30, from: new Date(t0).toISOString(), to: new Date(t0 + 29 * 25_000).toISOString() }),
      expect.objectContaining({ kind: 'rate-limit', ip: '198.51.100.9', count: 60 }),
    ];
    expect(correlate(merged, parsed.thresholds)).toEqual(expect.arrayContaining(expected));
    expect(correlate(merged, parsed.thresholds)).toEqual(correlate(tallyOf(lines), parsed.thresholds));
    // Down to the second each line was counted in.
    expect(cellsOf(merged)).toEqual(cellsOf(tallyOf(lines)));
  });
});
