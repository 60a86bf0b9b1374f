/**
 * Evidence: on a generated tree (many small files, some large ones; 1 GB by default, BENCH_EVIDENCE_MB
 * to change), time in the same run `tar -czf` alone, `tar -czf` followed by `sha256sum` of every
 * file, and `firebreak evidence collect` (hashing, manifest, signature included). Peak RSS of the
 * collector is measured at 256 MB and at the full size: it must stay flat.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliPath, tempDataDir } from '../support/consoleServer';
import { median, writeReport } from './report';

const fullMb = Number(process.env.BENCH_EVIDENCE_MB ?? 1024);
const runs = Number(process.env.BENCH_RUNS ?? 3);

/** Deterministic, log-like data: compresses about as well as real evidence does. */
function* chunks(seed: number, bytes: number): Generator<Buffer> {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const words = ['GET', 'POST', '/api/login', '/api/jobs', '200', '401', '500', 'user=', 'ip=203.0.113.', 'token=', 'latency_ms=', 'ERROR', 'WARN', 'INFO', 'session', 'upstream'];
  let produced = 0;
  while (produced < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 512; i += 1) {
      lines.push(`2026-11-23T${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00Z ${Array.from({ length: 8 }, () => words[Math.floor(random() * words.length)]).join(' ')} ${Math.floor(random() * 1e9).toString(36)}`);
    }
    const chunk = Buffer.from(`${lines.join('\n')}\n`).subarray(0, bytes - produced);
    produced += chunk.length;
    yield chunk;
  }
}

function generate(root: string, megabytes: number): { files: number; bytes: number } {
  const target = megabytes * 1024 * 1024;
  let written = 0;
  let files = 0;
  let seed = 1;
  // 70 % of the bytes in a few large files, the rest in many small ones across nested folders.
  const large = Math.max(1, Math.round(megabytes / 128));
  for (let i = 0; i < large; i += 1) {
    const size = Math.floor((target * 0.7) / large);
    const file = path.join(root, 'large', `dump-${i}.log`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'w');
    for (const chunk of chunks(seed++, size)) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    written += size;
    files += 1;
  }
  while (written < target) {
    const size = Math.min(target - written, 4_096 + ((files * 7_919) % 60_000));
    const file = path.join(root, 'small', `d${files % 97}`, `f${files}.log`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.concat([...chunks(seed++, size)]));
    written += size;
    files += 1;
  }
  return { files, bytes: written };
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { seconds: number; peakRssMb: number } {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command} failed (${run.status}): ${run.stderr.slice(-500)}`);
  const peakKb = Number(run.stderr.trim().split('\n').at(-1));
  return { seconds, peakRssMb: Math.round(peakKb / 1024) };
}

function measure(label: string, megabytes: number, work: string) {
  const tree = path.join(work, `tree-${megabytes}`);
  const shape = generate(tree, megabytes);
  const dataDir = path.join(work, 'data');
  const results = { tar: [] as number[], tarThenSha: [] as number[], firebreak: [] as number[], firebreakPeakRssMb: 0 };
  for (let run = 0; run < runs; run += 1) {
    const out = path.join(work, `out-${label}-${run}`);
    fs.mkdirSync(out);
    results.tar.push(timed('tar', ['-czf', path.join(out, 'plain.tar.gz'), '-C', work, path.basename(tree)]).seconds);
    results.tarThenSha.push(timed('bash', ['-c', `tar -czf ${out}/both.tar.gz -C ${work} ${path.basename(tree)} && find ${tree} -type f -print0 | xargs -0 sha256sum > ${out}/sums.txt`]).seconds);
    const firebreak = timed(process.execPath, [cliPath, 'evidence', 'collect', tree, '-o', path.join(out, 'firebreak.tar.gz'), '--json'], { ...process.env, FIREBREAK_DATA_DIR: dataDir });
    results.firebreak.push(firebreak.seconds);
    results.firebreakPeakRssMb = Math.max(results.firebreakPeakRssMb, firebreak.peakRssMb);
    fs.rmSync(out, { recursive: true, force: true });
  }
  fs.rmSync(tree, { recursive: true, force: true });
  const tar = median(results.tar);
  const firebreak = median(results.firebreak);
  return {
    megabytes,
    files: shape.files,
    tarSeconds: Number(tar.toFixed(2)),
    tarThenSha256sumSeconds: Number(median(results.tarThenSha).toFixed(2)),
    firebreakSeconds: Number(firebreak.toFixed(2)),
    firebreakToTarRatio: Number((firebreak / tar).toFixed(2)),
    firebreakMBps: Math.round(megabytes / firebreak),
    firebreakPeakRssMb: results.firebreakPeakRssMb,
  };
}

const work = tempDataDir('firebreak-bench-evidence-');
try {
  const small = measure('small', Math.min(256, fullMb), work);
  const full = fullMb > 256 ? measure('full', fullMb, work) : small;
  writeReport('evidence', {
    runs,
    small,
    full,
    goal: 'firebreak collect no slower than tar -czf alone; peak RSS < 200 MB and flat',
    meetsGoal: full.firebreakToTarRatio <= 1 && full.firebreakPeakRssMb < 200 && full.firebreakPeakRssMb <= small.firebreakPeakRssMb * 1.25,
  });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
