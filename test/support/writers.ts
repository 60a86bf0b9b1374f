import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from './consoleServer';

export interface WriterProcess {
  child: ChildProcess;
  /** Texts of writes the process reported as done ("ok"). */
  acknowledged: string[];
  /** Error lines ("fail <code> <message>"). */
  failures: string[];
  ready: Promise<void>;
  exited: Promise<void>;
  stderr(): string;
  go(): void;
}

/** Starts test/support/writerProcess.ts in its own Node process against `dataDir`. */
export function startWriter(dataDir: string, args: { id: string; count: number; label: string; mode?: 'notes' | 'mixed'; waitForGo?: boolean }): WriterProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'support', 'writerProcess.ts'), args.id, String(args.count), args.label, args.mode ?? 'notes'], {
    cwd: repoRoot,
    env: { ...process.env, FIREBREAK_DATA_DIR: dataDir, FIREBREAK_WAIT_FOR_GO: args.waitForGo ? '1' : '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const acknowledged: string[] = [];
  const failures: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line === 'ready') markReady();
    else if (line.startsWith('ok ')) acknowledged.push(line.split(' ').slice(2).join(' '));
    else if (line.startsWith('fail ')) failures.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, acknowledged, failures, ready, exited, stderr: () => stderr, go: () => child.stdin!.write('go\n') };
}
