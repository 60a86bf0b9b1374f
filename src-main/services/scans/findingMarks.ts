import { AppError, type FindingGroup, type MarkFingerprintResult, type ParsedInput, type StoredFinding } from '../../contract';
import { eventTypes } from '../../domain/incidents/incidentState';
import { guessRotationGroup } from '../../domain/rotation/rotationRules';
import { findingIdInHistory } from '../../store/bundleRows';
import { writeTransaction } from '../../store/transaction';
import { currentActor, type ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { addRotationItem, type NewRotationFields } from '../rotation/rotation';
import { listScans, toFinding, type FindingRow } from './scans';

type MarkStatus = ParsedInput<'scan.markFingerprint'>['status'];

/**
 * Marks a finding a false positive, or sends it to the incident's rotation tracker, and with it
 * every other open place of the same credential: one secret is settled once, wherever it leaked.
 */
export function markFinding(ctx: ServiceContext, input: ParsedInput<'scan.markFinding'>): StoredFinding {
  // One write transaction: the "still open" check holds until the marks and their rotation item are
  // all written, so two responders cannot both mark it, and a failure never leaves a rotation without its item.
  return writeTransaction(ctx.db, () => {
    const row = ctx.db.prepare<[number], FindingRow & { incident_id: string | null }>('SELECT f.*, r.incident_id FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id WHERE f.id = ?').get(input.findingId);
    if (!row) throw new AppError('not-found', `no finding ${input.findingId}`);
    if (!row.incident_id) throw new AppError('conflict', `finding ${input.findingId} belongs to no incident`);
    if (row.status !== 'open') throw new AppError('conflict', `finding ${input.findingId} is already marked ${row.status}`);
    // The chosen place goes first: it names the rotation item.
    settleCredential(ctx, row.incident_id, row.fingerprint, input.status, input.note, row.id);
    return toFinding(ctx.db.prepare<[number], FindingRow>('SELECT * FROM scan_findings WHERE id = ?').get(row.id)!);
  });
}

/** Marks every open place of one credential (fingerprint) on an incident. */
export function markFingerprint(ctx: ServiceContext, input: ParsedInput<'scan.markFingerprint'>): MarkFingerprintResult {
  return writeTransaction(ctx.db, () => {
    requireIncident(ctx, input.incidentId);
    const settled = settleCredential(ctx, input.incidentId, input.fingerprint, input.status, input.note, null);
    return { group: groupOf(ctx, input.incidentId, input.fingerprint), settled };
  });
}

function groupOf(ctx: ServiceContext, incidentId: string, fingerprint: string): FindingGroup {
  return listScans(ctx, { incidentId }).groups.find((group) => group.fingerprint === fingerprint)!;
}

/** Settles the open places of a fingerprint, one timeline entry each; returns how many. */
function settleCredential(ctx: ServiceContext, incidentId: string, fingerprint: string, status: MarkStatus, note: string, firstId: number | null): number {
  const rows = ctx.db
    .prepare<[string, string], FindingRow>('SELECT f.* FROM scan_findings f JOIN scan_runs r ON r.id = f.run_id WHERE r.incident_id = ? AND f.fingerprint = ? ORDER BY f.id')
    .all(incidentId, fingerprint);
  if (rows.length === 0) throw new AppError('not-found', `no finding with fingerprint ${fingerprint} in ${incidentId}: \`firebreak scan findings ${incidentId}\` lists them`);
  const open = rows.filter((row) => row.status === 'open').sort((a, b) => Number(b.id === firstId) - Number(a.id === firstId));
  if (open.length === 0) throw new AppError('conflict', `the credential ${fingerprint} is already marked ${rows.at(-1)!.status} in every place it was found`);
  const actor = currentActor(ctx);
  const rotation = status === 'rotation' ? addRotationItem(ctx, incidentId, rotationFromFinding(open[0]!, actor)) : null;
  open.forEach((row, index) => {
    recordChange(ctx, incidentId, (current) => ({
      next: current,
      type: eventTypes.findingMarked,
      payload: {
        findingId: findingIdInHistory(ctx.db, row.id),
        rule: row.rule,
        file: row.file,
        line: row.line,
        redacted: row.redacted,
        fingerprint: row.fingerprint,
        status,
        note,
        actor,
        // Only the first place can have created the item; the others join it.
        ...(rotation ? { rotationItem: rotation.item.id, rotationItemCreated: index === 0 && rotation.created } : {}),
      },
      write: () => ctx.db.prepare('UPDATE scan_findings SET status = ?, status_note = ? WHERE id = ?').run(status, note, row.id),
    }));
  });
  return open.length;
}

/** A finding as a secret to rotate: named by what the rule found and where, owned by whoever sent it. */
function rotationFromFinding(row: FindingRow, actor: string): NewRotationFields {
  const location = row.commit_hash ? `${row.file}:${row.line} in commit ${row.commit_hash.slice(0, 12)}` : `${row.file}:${row.line}`;
  return {
    name: `${row.description} (${row.redacted}) in ${row.file}`.slice(0, 200),
    location: location.slice(0, 500),
    owner: actor.slice(0, 200),
    group: guessRotationGroup(row.rule),
    fingerprint: row.fingerprint,
    findingId: row.id,
  };
}

