/**
 * The investigation record at incident scale, through the real dispatcher on a real SQLite file:
 * pasting 1,000 and 20,000 indicators (the most one paste takes), listing 10,000 indicators and 10,000 assets, listing and
 * filtering a 10,000-event timeline, exporting it to CSV and importing it back, and importing an
 * Enterprise-sized ATT&CK bundle. Each is set against a floor measured in the same run on the same
 * data: the least any implementation must do (read the rows and parse their JSON, parse the
 * bundle, insert the lines), so the ratio says what the feature adds.
 * Usage: npm run bench -- investigation (BENCH_INDICATORS to change the big paste).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { appendEvent } from '../../src-main/store/eventLog';
import { writeTransaction } from '../../src-main/store/transaction';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';
import { writeReport } from './report';

const bigPaste = Number(process.env.BENCH_INDICATORS ?? 20_000);
const round = (value: number) => Number(value.toFixed(1));

function timed<T>(run: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

async function timedAsync<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** Documentation addresses and names (RFC 5737, 3849, 2606), hashes and URLs, one in ten repeated. */
function pasteList(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const n = i % 10 === 9 ? i - 9 : i;
    switch (n % 6) {
      case 0: lines.push(`${['192.0.2', '198.51.100', '203.0.113'][n % 3]}.${n % 250}`.replace(/\./g, n % 4 ? '.' : '[.]')); break;
      case 1: lines.push(`host-${n}.example.com`); break;
      case 2: lines.push(`hxxps://cdn-${n}.example[.]net/payload/${n}.bin`); break;
      case 3: lines.push(`2001:db8::${(n % 65_535).toString(16)}`); break;
      case 4: lines.push(n.toString(16).padStart(64, 'a')); break;
      default: lines.push(`user${n}[@]example.org`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The floor of a paste: split the lines and insert each as a row in one transaction, on the same disk. */
function pasteFloor(dir: string, text: string): number {
  const db = new BetterSqlite3(path.join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE lines (line TEXT)');
  const insert = db.prepare('INSERT INTO lines (line) VALUES (?)');
  const { ms } = timed(() => db.transaction(() => { for (const line of text.split('\n')) if (line) insert.run(line); })());
  db.close();
  return ms;
}

/** The floor of any read of the record: every event of the incident read and its payload parsed. */
function readFloor(t: TestContext, incidentId: string): number {
  return timed(() => t.ctx.db.prepare<[string], { payload: string }>('SELECT payload FROM events WHERE incident_id = ? ORDER BY lamport, hash').all(incidentId).map((row) => JSON.parse(row.payload) as unknown)).ms;
}

function declare(t: TestContext, title: string): string {
  return callOk<{ id: string }>(t, 'incident.declare', { title, severity: 'P2', scenario: 'generic' }).id;
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-bench-investigation-'));
  const t = makeTestContext();
  const result: Record<string, unknown> = {};

  for (const count of [1_000, bigPaste]) {
    const id = declare(t, `Paste of ${count}`);
    const text = pasteList(count);
    const paste = timed(() => callOk<{ added: number; merged: number; rejected: unknown[] }>(t, 'ioc.import', { incidentId: id, text }));
    const floor = pasteFloor(fs.mkdtempSync(path.join(work, 'floor-')), text);
    const list = timed(() => callOk<{ indicators: unknown[] }>(t, 'ioc.list', { incidentId: id }));
    result[`paste${count}`] = {
      lines: count, added: paste.value.added, merged: paste.value.merged, rejected: paste.value.rejected.length,
      importMs: round(paste.ms), floorMs: round(floor), ratio: round(paste.ms / floor),
      listMs: round(list.ms), listed: list.value.indicators.length, readFloorMs: round(readFloor(t, id)),
    };
    console.log(`paste of ${count}: ${result[`paste${count}`] ? JSON.stringify(result[`paste${count}`]) : ''}`);
  }

  const assetsId = declare(t, 'Assets');
  writeTransaction(t.ctx.db, () => {
    for (let i = 0; i < 10_000; i += 1) {
      appendEvent(t.ctx.db, { incidentId: assetsId, type: 'asset.added', at: t.ctx.clock().toISOString(), actor: 'Ana', deviceId: t.ctx.deviceId, payload: { asset: { kind: 'host', name: `host-${i}`, state: i % 2 ? 'compromised' : 'cleaned', owner: '', note: '', tags: [], techniques: [] } } });
    }
  });
  const assets = timed(() => callOk<{ assets: unknown[] }>(t, 'asset.list', { incidentId: assetsId }));
  result.assets10000 = { listMs: round(assets.ms), readFloorMs: round(readFloor(t, assetsId)), listed: assets.value.assets.length };

  const timelineId = declare(t, 'Timeline');
  callOk(t, 'ioc.add', { incidentId: timelineId, value: '203.0.113.7' });
  writeTransaction(t.ctx.db, () => {
    for (let i = 0; i < 10_000; i += 1) {
      const occurredAt = new Date(Date.parse('2026-11-01T00:00:00Z') + ((i * 7919) % 10_000) * 60_000).toISOString();
      const links = { indicators: i % 3 ? [] : [{ type: 'ip', value: '203.0.113.7' }], assets: [], techniques: i % 7 ? [] : ['T1059'], tags: [] };
      appendEvent(t.ctx.db, { incidentId: timelineId, type: 'timeline.entry', at: t.ctx.clock().toISOString(), actor: 'dana', deviceId: t.ctx.deviceId, payload: { text: `Entry ${i}: beacon to 203.0.113.7 seen on host-${i % 40}`, occurredAt, offset: '+01:00', category: 'command-and-control', links } });
    }
  });
  const listAll = timed(() => callOk<{ total: number }>(t, 'timeline.list', { incidentId: timelineId, limit: 1_000 }));
  const byIndicator = timed(() => callOk<{ matched: number }>(t, 'timeline.list', { incidentId: timelineId, indicator: 'I1' }));
  const csvFile = path.join(work, 'timeline.csv');
  const exported = await timedAsync(() => dispatchAsync(t.ctx, 'timeline.export', { incidentId: timelineId, format: 'csv', output: csvFile }));
  if (!exported.value.ok) throw new Error(exported.value.error.message);
  const freshId = declare(t, 'Imported timeline');
  const imported = await timedAsync(() => dispatchAsync(t.ctx, 'timeline.import', { incidentId: freshId, path: csvFile }));
  if (!imported.value.ok) throw new Error(imported.value.error.message);
  result.timeline10000 = {
    events: listAll.value.total, listMs: round(listAll.ms), byIndicatorMs: round(byIndicator.ms), byIndicatorMatched: byIndicator.value.matched,
    readFloorMs: round(readFloor(t, timelineId)), listRatio: round(listAll.ms / readFloor(t, timelineId)),
    exportCsvMs: round(exported.ms), csvMB: round(fs.statSync(csvFile).size / 1e6), importCsvMs: round(imported.ms),
  };

  const bundle = path.join(work, 'enterprise-sized.json');
  const made = spawnSync(process.execPath, [path.resolve('test/fixtures/attack/make-large-bundle.mjs'), bundle, '45'], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error('could not generate the bundle');
  const parseFloor = timed(() => (JSON.parse(fs.readFileSync(bundle, 'utf8')) as { objects: unknown[] }).objects.length);
  const rssBefore = process.memoryUsage().rss;
  const attack = await timedAsync(() => dispatchAsync(t.ctx, 'attack.import', { path: bundle }));
  if (!attack.value.ok) throw new Error(attack.value.error.message);
  result.attackImport = {
    bundleMB: round(fs.statSync(bundle).size / 1e6), importMs: round(attack.ms), parseFloorMs: round(parseFloor.ms), ratio: round(attack.ms / parseFloor.ms),
    rssGrowthMB: round((process.memoryUsage().rss - rssBefore) / 1e6),
  };

  result.peakRssMB = round(process.resourceUsage().maxRSS / 1024);
  t.close();
  fs.rmSync(work, { recursive: true, force: true });
  writeReport('investigation', result);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
