// A separate writer process for the reliability tests, run with `node --import tsx`: it writes
// through the same dispatch as the CLI and prints one line per answer, so a test can hold it
// against what the database kept. Usage: writerProcess.ts <incident-id> <count> <label> [notes|mixed]
// With FIREBREAK_WAIT_FOR_GO=1 it opens the database, prints "ready" and waits for a line on stdin.
import readline from 'node:readline';
import { createServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';

const [id, countText, label, mode = 'notes'] = process.argv.slice(2);
const count = Number(countText);
const ctx = createServiceContext({ dataDir: process.env.FIREBREAK_DATA_DIR!, transport: 'cli' });
const steps = mode === 'mixed' ? (dispatch(ctx, 'checklist.get', { id }) as { ok: true; value: { steps: { id: string }[] } }).value.steps : [];

function write(index: number): void {
  const text = `${label} ${index}`;
  // Pipes are written synchronously on Linux: a printed "ok" is on its way even if we are killed next.
  const onStep = mode === 'mixed' && index % 3 === 2;
  const envelope = onStep ? dispatch(ctx, 'checklist.change', { id, stepId: steps[index % steps.length]!.id, change: 'note', text }) : dispatch(ctx, 'incident.addNote', { id, text });
  process.stdout.write(envelope.ok ? `ok ${onStep ? 'step' : 'note'} ${text}\n` : `fail ${envelope.error.code} ${envelope.error.message}\n`);
}

function run(): void {
  for (let index = 0; index < count; index++) write(index);
  ctx.db.close();
  process.stdout.write('done\n');
  process.exit(0);
}

if (process.env.FIREBREAK_WAIT_FOR_GO === '1') {
  process.stdout.write('ready\n');
  readline.createInterface({ input: process.stdin }).once('line', run);
} else {
  run();
}
