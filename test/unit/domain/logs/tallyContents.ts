import { addressCells, ipMinuteAt, minuteOf, type IpMinute, type IpMinuteCells } from '../../../../src-main/domain/logs/ipMinuteCells';
import type { LogTally } from '../../../../src-main/domain/logs/logTally';

/** What a tally counted, whatever its table's layout (slots, capacity, seed): two scans that counted the same compare equal. */
export function tallyContents(tally: LogTally) {
  return { ips: tally.ips, site: tally.site, cells: cellContents(tally.ipMinutes) };
}

/** Every cell as correlation reads it, by address then minute. */
export function cellContents(cells: IpMinuteCells): Map<string, Map<number, IpMinute>> {
  return new Map([...addressCells(cells)].map(([ip, held]) => [ip, new Map(held.map((cell) => [minuteOf(cells, cell), ipMinuteAt(cells, cell)]))]));
}
