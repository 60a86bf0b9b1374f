import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '../../../../src-main/contract';
import { recordChange } from '../../../../src-main/services/incidents/incidentChange';
import { appendEvent } from '../../../../src-main/store/eventLog';
import { writeTransaction } from '../../../../src-main/store/transaction';
import { dispatchAsync } from '../../../../src-main/services/dispatch';
import type { TestContext } from '../../../support/serviceContext';

/**
 * Indicators and assets written as their events (the record is the events alone), so the timeline's
 * tests do not wait on the indicator and asset services.
 */
export function seedIndicator(t: TestContext, incidentId: string, type: string, value: string): void {
  const fields = { type, value, tlp: 'amber', firstSeen: null, lastSeen: null, source: { kind: 'manual', ref: '' }, note: '', tags: [], techniques: [] };
  recordChange(t.ctx, incidentId, (current) => ({ next: current, type: 'indicator.added', payload: { indicators: [fields] } }));
}

export function seedAsset(t: TestContext, incidentId: string, kind: string, name: string): void {
  const asset = { kind, name, state: 'suspected', owner: '', note: '', tags: [], techniques: [] };
  recordChange(t.ctx, incidentId, (current) => ({ next: current, type: 'asset.added', payload: { asset } }));
}

/** Runs a long-running operation (export, import) and returns its envelope. */
export async function callLongEnvelope<T>(t: TestContext, name: string, input: unknown): Promise<Envelope<T>> {
  return (await dispatchAsync(t.ctx, name, input)) as Envelope<T>;
}

export async function callLongOk<T>(t: TestContext, name: string, input: unknown): Promise<T> {
  const envelope = await callLongEnvelope<T>(t, name, input);
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.message}`);
  return envelope.value;
}

export function writeTemp(t: TestContext, name: string, content: string | Buffer): string {
  // Inside the test's temp data dir (not one of the console's own folders): removed with it.
  const file = path.join(t.dataDir, 'files', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/**
 * `count` retroactive entries in one transaction (one per operation would time the disk, not the
 * timeline): happened in a shuffled order over a month, a third linked to the first indicator
 * added, a fifth tagged `noise`.
 */
export function seedEntries(t: TestContext, incidentId: string, count: number, indicator = { type: 'ip', value: '203.0.113.7' }): void {
  writeTransaction(t.ctx.db, () => {
    for (let i = 0; i < count; i += 1) {
      const occurredAt = new Date(Date.parse('2026-11-01T00:00:00Z') + ((i * 7919) % count) * 60_000).toISOString();
      const links = { indicators: i % 3 ? [] : [indicator], assets: [], techniques: [], tags: i % 5 ? [] : ['noise'] };
      appendEvent(t.ctx.db, { incidentId, type: 'timeline.entry', at: t.ctx.clock().toISOString(), actor: 'dana', deviceId: t.ctx.deviceId, payload: { text: `Entry ${i}`, occurredAt, offset: '+01:00', category: '', links } });
    }
  });
}
