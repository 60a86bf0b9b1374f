import { describe, expect, it } from 'vitest';
import { splitBlock } from '../../../../src-main/jobs/logs/blockLines';

/** What reading the block line by line as text gives: each line without its `\r`, each run of empty lines as one count. */
function reference(block: string): (string | number)[] {
  const events: (string | number)[] = [];
  for (const text of block.split('\n')) {
    const kept = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (kept !== '') events.push(kept);
    else if (typeof events.at(-1) === 'number') events[events.length - 1] = (events.at(-1) as number) + 1;
    else events.push(1);
  }
  return events;
}

function split(block: string): (string | number)[] {
  const events: (string | number)[] = [];
  splitBlock(Buffer.from(block, 'latin1'), (line) => events.push(line), (count) => events.push(count));
  return events;
}

describe('lines of a block', () => {
  it('reads lines and runs of empty lines, long or short, at the start, middle and end, as text would', () => {
    const runs = (n: number) => '\n'.repeat(n);
    for (const block of [
      '',
      'a',
      `${runs(31)}a`,
      `${runs(32)}a`,
      `${runs(33)}a${runs(40)}`,
      `a${runs(32)}b${runs(1)}c\r${runs(100)}\r\nd${runs(32)}`,
      runs(5_000),
      `GET /a\r\n\r\n${runs(64)}\r\n`,
    ]) {
      expect(split(block), JSON.stringify(block.slice(0, 80))).toEqual(reference(block));
    }
  });

  it('gives the same lines and counts as text on random blocks of lines, carriage returns and newline runs', () => {
    let seed = 20261203;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const pieces = ['GET /x 200', 'a', '\r', '\n', '\n'.repeat(31), '\n'.repeat(32), '\n'.repeat(33), '\n'.repeat(200), 'UNION SELECT'];
    const mismatches: string[] = [];
    for (let trial = 0; trial < 3_000; trial += 1) {
      const block = Array.from({ length: 1 + random(12) }, () => pieces[random(pieces.length)]!).join('');
      if (JSON.stringify(split(block)) !== JSON.stringify(reference(block))) mismatches.push(JSON.stringify(block));
    }
    expect(mismatches).toEqual([]);
  });
});
