import { addressCells, ipMinuteAt, minuteOf, type IpMinute } from '../../../../src-main/domain/logs/ipMinuteCells';
import type { LogTally } from '../../../../src-main/domain/logs/logTally';

/** What a tally counted, whatever its table's layout (slots, capacity, seed): two scans that counted the same compare equal. */
export function tallyContents(tally: LogTally) {
  const cells = new Map<string, Map<number, IpMinute>>();
  for (const [ip, held] of addressCells(tally.ipMinutes)) cells.set(ip, new Map(held.map((cell) => [minuteOf(tally.ipMinutes, cell), ipMinuteAt(tally.ipMinutes, cell)])));
  return { ips: tally.ips, site: tally.site, cells };
}
