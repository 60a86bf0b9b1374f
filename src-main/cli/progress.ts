import type { PushedEvent } from '../contract';
import { visibleText } from './visibleText';

export type JobProgress = Extract<PushedEvent, { type: 'job.progress' }>;

let lineShown = false;

/** One overwritten line on stderr, only on a terminal: a bar when the job knows its total, then the job's own description. */
export function progressLine(event: JobProgress): void {
  if (!process.stderr.isTTY) return;
  const bar = event.total ? `${'█'.repeat(Math.round(Math.min(1, event.done / event.total) * 24)).padEnd(24, '░')} ` : '';
  process.stderr.write(`\r${bar}${visibleText(event.message)}   `);
  lineShown = true;
}

/** Ends the progress line, if one was shown, so what follows starts on its own line. */
export function endProgress(): void {
  if (lineShown) process.stderr.write('\n');
  lineShown = false;
}

/** Takes the progress line off the screen, if one was shown (another run of the command draws its own). */
export function clearProgress(): void {
  if (lineShown) process.stderr.write('\r\x1b[2K');
  lineShown = false;
}
