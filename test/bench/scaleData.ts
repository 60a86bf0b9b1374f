/**
 * Years of incidents in one data dir, written through the real services so every event is a real
 * hash-chained timeline entry: declared, acknowledged, a few checklist ticks, notes, then Resolved
 * and Closed for all but the open few. One open incident carries a long timeline (the incident a
 * team worked for days). Generating millions of events takes minutes, so the result is cached under
 * os.tmpdir() by generator version and counts; each run works on a copy (serving it writes to it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServiceContext, type ServiceContext } from '../../src-main/services/context';
import { dispatch } from '../../src-main/services/dispatch';
import { addNote } from '../../src-main/services/incidents/incidents';

/** Bump when what is generated changes: older caches are then left alone and generated again. */
const generatorVersion = 1;

export interface ScaleCounts {
  incidents: number;
  /** Still open (the rest are Closed), spread over the years; the long-timeline incident is one of them. */
  open: number;
  /** Timeline events in the whole database, the long timeline's included. */
  events: number;
  bigIncidentEvents: number;
}

export interface ScaleManifest {
  version: number;
  counts: ScaleCounts;
  /** The incident with the long timeline. */
  bigIncidentId: string;
  openIds: string[];
  events: number;
  generatedMs: number;
}

export interface GenerateOptions {
  /** A copy of the data dir once half the incidents are in (and half the events): memory at half the size. */
  halfDir?: string;
  log?: (line: string) => void;
}

const severities = ['P0', 'P1', 'P2', 'P3'];
const hosts = ['web', 'db', 'vpn', 'mail', 'build', 'files', 'auth', 'proxy'];
const noteTexts = [
  (n: number) => `Checked auth logs on ${hosts[n % 8]}-${n % 41}: no further logins from the flagged address`,
  (n: number) => `Isolated ${hosts[(n + 3) % 8]}-${n % 23} from the network; owner informed`,
  (n: number) => `Handover: ${n % 5} open questions, see checklist notes`,
  (n: number) => `Vendor ticket ${10_000 + (n % 90_000)} opened for the firewall rule change`,
  (n: number) => `Reviewed mailbox rules for ${n % 17} users; two forwarding rules removed`,
];
const titles = [
  (n: number) => `Suspicious login to ${hosts[n % 8]}-${n % 37} from an unknown country`,
  (n: number) => `Malware alert on laptop LT-${1000 + (n % 4000)}`,
  (n: number) => `Phishing campaign reported by ${n % 50} staff`,
  (n: number) => `Unexpected outbound traffic from ${hosts[(n + 5) % 8]}-${n % 19}`,
  (n: number) => `Lost device: phone of a finance team member (${n})`,
  (n: number) => `Public bucket found: backups-${n % 300}`,
];

/** Minutes between declarations: the incidents span about three years, ending here. */
const historyEnd = Date.parse('2026-11-01T00:00:00.000Z');
const historyMs = 3 * 365 * 24 * 3600_000;
/** Each clock read moves time on a little: events of one incident are seconds to minutes apart. */
const clockStepMs = 4_000;

function must<T>(result: ReturnType<typeof dispatch>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.message}`);
  return result.value as T;
}

/**
 * Fills `dataDir` (empty or missing) with `counts`. Synchronous OFF and batches of incidents in one
 * transaction: durability is not what is measured, and the services' own transactions nest inside.
 */
export function generateScaleData(dataDir: string, counts: ScaleCounts, options: GenerateOptions = {}): ScaleManifest {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  let now = historyEnd - historyMs;
  const ctx = createServiceContext({ dataDir, transport: 'cli', clock: () => new Date((now += clockStepMs)) });
  ctx.db.pragma('synchronous = OFF');
  const eventCount = ctx.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM events WHERE incident_id = ?');
  const bigIndex = counts.incidents - 1;
  const openEvery = Math.max(1, Math.floor(counts.incidents / counts.open));
  const isOpen = (i: number) => i === bigIndex || (i % openEvery === openEvery - 1 && Math.floor(i / openEvery) < counts.open - 1);
  const others = Math.max(1, counts.incidents - 1);
  const spread = Math.max(0, counts.events - counts.bigIncidentEvents);
  const target = (i: number) => (i === bigIndex ? counts.bigIncidentEvents : Math.floor(spread / others) + (i < spread % others ? 1 : 0));
  const spacing = historyMs / counts.incidents;

  const openIds: string[] = [];
  let bigIncidentId = '';
  let events = 0;
  let stepIds: string[] | null = null;
  let lastLog = performance.now();
  let halfTaken = false;
  const batch = 50;
  for (let from = 0; from < counts.incidents; from += batch) {
    ctx.db.transaction(() => {
      for (let i = from; i < Math.min(counts.incidents, from + batch); i += 1) {
        now = historyEnd - historyMs + Math.round(i * spacing);
        const id = must<{ id: string }>(dispatch(ctx, 'incident.declare', { title: titles[i % titles.length]!(i), severity: severities[i % 4], impact: { confidentiality: i % 2 === 0, integrity: i % 5 === 0, availability: i % 3 === 0 } }), 'declare').id;
        stepIds ??= must<{ steps: { id: string }[] }>(dispatch(ctx, 'checklist.get', { id }), 'checklist').steps.map((step) => step.id);
        must(dispatch(ctx, 'incident.acknowledge', { id }), 'acknowledge');
        for (const stepId of stepIds.slice(0, 3)) must(dispatch(ctx, 'checklist.change', { id, stepId, change: 'done' }), 'tick');
        const open = isOpen(i);
        // The closing status changes are events too: leave room for them.
        const notes = target(i) - eventCount.get(id)!.n - (open ? 0 : 2);
        for (let n = 0; n < notes; n += 1) addNote(ctx, { id, text: noteTexts[n % noteTexts.length]!(i + n) });
        if (open) openIds.push(id);
        else for (const status of ['Resolved', 'Closed']) must(dispatch(ctx, 'incident.setStatus', { id, status }), status);
        if (i === bigIndex) bigIncidentId = id;
        events += eventCount.get(id)!.n;
      }
    })();
    const done = Math.min(counts.incidents, from + batch);
    if (options.halfDir && !halfTaken && done >= counts.incidents / 2) {
      snapshot(ctx, options.halfDir);
      halfTaken = true;
    }
    if (performance.now() - lastLog > 5_000 || done === counts.incidents) {
      lastLog = performance.now();
      const seconds = (performance.now() - started) / 1000;
      const rate = events / seconds;
      log(`  generated ${done}/${counts.incidents} incidents, ${events} events in ${seconds.toFixed(0)} s (${rate.toFixed(0)} events/s, about ${((counts.events - events) / rate).toFixed(0)} s to go)`);
    }
  }
  ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  ctx.db.close();
  return { version: generatorVersion, counts, bigIncidentId, openIds, events, generatedMs: Math.round(performance.now() - started) };
}

/** A consistent copy of the data dir as it is now: the WAL folded in first. */
function snapshot(ctx: ServiceContext, dir: string): void {
  ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(ctx.dataDir, dir, { recursive: true });
}

export interface ScaleData {
  manifest: ScaleManifest;
  /** The cached data dirs: copy before serving or writing (see copyDataDir). */
  fullDir: string;
  halfDir: string;
}

/** The counts asked for: the by default, smaller through SCALE_INCIDENTS / SCALE_EVENTS for a quick check. */
export function scaleCounts(env: NodeJS.ProcessEnv = process.env): ScaleCounts {
  const incidents = Number(env.SCALE_INCIDENTS ?? 20_000);
  const events = Number(env.SCALE_EVENTS ?? 2_000_000);
  const open = Math.min(20, incidents);
  const bigIncidentEvents = Math.min(10_000, Math.floor(events / 2));
  for (const [name, value] of Object.entries({ SCALE_INCIDENTS: incidents, SCALE_EVENTS: events })) {
    if (!Number.isInteger(value) || value < 2) throw new Error(`${name} must be a whole number of at least 2, not ${env[name]}`);
  }
  if (events < incidents * 10) throw new Error(`SCALE_EVENTS must be at least 10 per incident (${incidents * 10} for ${incidents} incidents): each one's declaration, acknowledgement, ticks and closing are events`);
  return { incidents, open, events, bigIncidentEvents };
}

/** The cached data for `counts`, generated first when missing or when `regenerate` is set. */
export function cachedScaleData(counts: ScaleCounts, regenerate: boolean): ScaleData {
  const key = `firebreak-scale-v${generatorVersion}-i${counts.incidents}-o${counts.open}-e${counts.events}-b${counts.bigIncidentEvents}`;
  const dir = path.join(os.tmpdir(), key);
  const manifestPath = path.join(dir, 'manifest.json');
  const data = { fullDir: path.join(dir, 'full'), halfDir: path.join(dir, 'half') };
  if (!regenerate && fs.existsSync(manifestPath)) {
    console.log(`using the generated data in ${dir} (--regenerate to make it again)`);
    return { ...data, manifest: JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as ScaleManifest };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(data.fullDir, { recursive: true });
  console.log(`generating ${counts.incidents} incidents with ${counts.events} events into ${dir}`);
  const manifest = generateScaleData(data.fullDir, counts, { halfDir: data.halfDir });
  // Written last: a generation cut short leaves no manifest, so the next run starts over.
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...data, manifest };
}

/** A fresh copy of a cached data dir, for one run to serve and write to. */
export function copyDataDir(from: string, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}
