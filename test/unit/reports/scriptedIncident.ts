import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Incident } from '../../../src-main/contract';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { callOk, type TestContext } from '../../support/serviceContext';

const minute = 60_000;

async function callAsync<T>(t: TestContext, name: string, input: unknown): Promise<T> {
  const result = await dispatchAsync(t.ctx, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
}

/** A fixed time for every file, so the archive (whose tar headers hold them) hashes the same on each run. */
function writeFixed(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const at = new Date('2026-11-23T12:00:00Z');
  fs.utimesSync(file, at, at);
}

export interface ScriptedIncident {
  id: string;
  /** The temp folder the scan and the evidence read, and where the archive went: named differently on each run. */
  work: string;
}

/**
 * A whole incident through the services with the test clock: declared, acknowledged, steps done
 * and skipped, notes, a severity change, evidence from a small folder, a secret scan with
 * findings (one marked false positive), containment, a message sent, resolution, an action item.
 */
export async function scriptIncident(t: TestContext): Promise<ScriptedIncident> {
  const call = <T>(name: string, input: unknown) => callOk<T>(t, name, input);
  callOk(t, 'settings.update', { responderName: 'Ana Responder' });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-report-'));
  const { id } = call<Incident>('incident.declare', {
    title: 'Leaked `deploy` key | prod #1',
    severity: 'P1',
    scenario: 'secret-leaked',
    impact: { confidentiality: true, integrity: false, availability: false },
    commander: 'Ana Responder',
    detectionSource: 'GitHub secret scanning alert',
    description: 'A deploy key was pushed to a public fork.\n## Not a heading\n- not a list either',
  });
  t.advance(4 * minute);
  call('incident.acknowledge', { id });
  const steps = call<{ steps: { id: string; phase: string }[] }>('checklist.get', { id }).steps;
  t.advance(3 * minute);
  call('checklist.change', { id, stepId: steps[0]!.id, change: 'done' });
  call('checklist.change', { id, stepId: steps[1]!.id, change: 'note', text: `Pasted from chat: ${'x'.repeat(19_900)}` });
  t.advance(2 * minute);
  call('checklist.change', { id, stepId: steps[2]!.id, change: 'skip', reason: 'no CI logs | kept that long' });
  call('incident.setSeverity', { id, severity: 'P0', reason: 'the key can push to production' });
  call('incident.addNote', { id, text: 'Revoked the key in GitHub\nand told #security' });

  writeFixed(path.join(work, 'repo', 'config', 'deploy.env'), 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLF\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ\nGITHUB_TOKEN=ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R\n');
  writeFixed(path.join(work, 'repo', 'README.md'), '# app\n');
  t.advance(5 * minute);
  await callAsync(t, 'scan.secrets', { path: path.join(work, 'repo'), incidentId: id });
  const [run] = call<{ runs: { findings: { id: number }[] }[] }>('scan.list', { incidentId: id }).runs;
  const firstFinding = run?.findings[0];
  if (firstFinding) call('scan.markFinding', { findingId: firstFinding.id, status: 'false-positive', note: 'example value from the docs' });
  t.advance(minute);
  // The CI logs had been rotated away: collected without them, as a responder would choose, and handed over.
  const collected = await callAsync(t, 'evidence.collect', { paths: [path.join(work, 'repo'), path.join(work, 'ci-logs')], output: path.join(work, 'evidence.tar.gz'), incidentId: id, skipUnavailable: true });
  call('evidence.addCustody', { evidenceId: (collected as { evidenceId: string }).evidenceId, action: 'handed-over', detail: 'to Legal (Dana), sealed drive #4' });

  t.advance(6 * minute);
  call('incident.setStatus', { id, status: 'Contained', note: 'key revoked' });
  call('comms.markSent', { incidentId: id, templateId: 'status-update', body: 'Contained.', subject: '[UPDATE] Contained', channel: '#incident-42' });
  t.advance(40 * minute);
  call('incident.setStatus', { id, status: 'Resolved' });
  call('action.add', { incidentId: id, title: 'Add a pre-commit secret scan | to every repo', owner: 'Ben', due: '2026-12-01' });
  return { id, work };
}
