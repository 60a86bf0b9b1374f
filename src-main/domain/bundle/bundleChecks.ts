import { phases, type SeverityScheme } from '../../contract';
import { headHashOf, itemHeads, itemName, viewOf } from './bundleDag';
import type { Bundle } from './bundleFormat';
import { columnsOf, type BundleRow } from './bundleTables';
import { logRowsProblem } from './logRowChecks';

/** The declared event count against the events the bundle holds. */
export function countProblem(bundle: Bundle): string | null {
  const held = bundle.events.length;
  const last = bundle.events.at(-1);
  const lastSeq = last ? viewOf(last).v1Seq : null;
  if (bundle.eventCount !== held) {
    const why = held < bundle.eventCount ? (lastSeq !== null && lastSeq < bundle.eventCount && lastSeq === held ? ': the last event was removed' : ': an event was removed') : ': events were added';
    return `the bundle states ${bundle.eventCount} events but holds ${held}${why}`;
  }
  return null;
}

/** Every parent an event names is in the bundle: an export carries the whole history, so a gap is a removed event. */
export function closureProblem(bundle: Bundle): string | null {
  const views = bundle.events.map(viewOf);
  const held = new Set(views.map((view) => view.hash));
  for (const view of views) {
    const missing = view.parents.find((parent) => !held.has(parent));
    if (missing) return `${itemName(view)} names an earlier event ${missing.slice(0, 12)}… the bundle does not hold: an event was removed`;
  }
  return null;
}

/** The stated head hash against the bundle's newest events. */
export function headProblem(bundle: Bundle): string | null {
  const heads = itemHeads(bundle.events);
  const head = headHashOf(heads);
  if (bundle.headHash !== head) {
    const what = heads.length > 1 ? `the digest of its ${heads.length} newest events is` : "its last event's hash is";
    return `the bundle states head hash ${bundle.headHash.slice(0, 16)}… but ${what} ${head.slice(0, 16)}…: the head hash or the last event was changed`;
  }
  return null;
}

/** An event of another incident slipped into the chain. */
export function foreignEventProblem(bundle: Bundle): string | null {
  const foreign = bundle.events.map(viewOf).find((event) => event.incidentId !== bundle.incidentId);
  return foreign ? `${itemName(foreign)} belongs to incident ${foreign.incidentId}, not ${bundle.incidentId}` : null;
}

function duplicate(rows: readonly BundleRow[], key: (row: BundleRow) => string): string | null {
  const seen = new Set<string>();
  for (const row of rows) {
    const value = key(row);
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

/**
 * Every row belongs to the bundle's incident, directly or through a parent the bundle holds, and
 * no key appears twice: a row naming another incident would be written into it.
 */
export function rowsProblem(bundle: Bundle): string | null {
  const { tables, incidentId } = bundle;
  if (tables.incidents.length !== 1 || tables.incidents[0]!.id !== incidentId) return `the bundle must hold exactly one incident row, ${incidentId}; it holds ${tables.incidents.map((row) => String(row.id)).join(', ') || 'none'}`;
  for (const [table, rows] of Object.entries(tables)) {
    if (!columnsOf(table as keyof typeof tables).includes('incident_id')) continue;
    const index = rows.findIndex((row) => row.incident_id !== incidentId);
    if (index >= 0) return `tables.${table}[${index}] names incident ${String(rows[index]!.incident_id)}, not ${incidentId}`;
  }
  const runs = new Set(tables.scan_runs.map((row) => String(row.id)));
  const orphanFinding = tables.scan_findings.findIndex((row) => !runs.has(String(row.run_id)));
  if (orphanFinding >= 0) return `tables.scan_findings[${orphanFinding}] belongs to scan ${String(tables.scan_findings[orphanFinding]!.run_id)}, which the bundle does not hold`;
  // An evidence id names the imported manifest's file: only the shape Firebreak gives them.
  const badEvidenceId = tables.evidence_items.findIndex((row) => !/^EV-[0-9a-f]{8}$/.test(String(row.id)));
  if (badEvidenceId >= 0) return `tables.evidence_items[${badEvidenceId}].id ${JSON.stringify(tables.evidence_items[badEvidenceId]!.id)} is not an evidence id like EV-1a2b3c4d`;
  const evidence = new Set(tables.evidence_items.map((row) => String(row.id)));
  const orphanCustody = tables.custody_entries.findIndex((row) => !evidence.has(String(row.evidence_id)));
  if (orphanCustody >= 0) return `tables.custody_entries[${orphanCustody}] belongs to evidence ${String(tables.custody_entries[orphanCustody]!.evidence_id)}, which the bundle does not hold`;
  const orphanManifest = bundle.manifests.findIndex((manifest) => !evidence.has(manifest.evidenceId));
  if (orphanManifest >= 0) return `manifests[${orphanManifest}] belongs to evidence ${bundle.manifests[orphanManifest]!.evidenceId}, which the bundle does not hold`;
  const items = new Set(tables.rotation_items.map((row) => String(row.item_id)));
  const orphanCheck = tables.rotation_checks.findIndex((row) => !items.has(String(row.item_id)));
  if (orphanCheck >= 0) return `tables.rotation_checks[${orphanCheck}] belongs to rotation item ${String(tables.rotation_checks[orphanCheck]!.item_id)}, which the bundle does not hold`;
  const findingIds = new Set(tables.scan_findings.map((row) => Number(row.id)));
  const strayLink = tables.rotation_items.findIndex((row) => row.finding_id !== null && !findingIds.has(Number(row.finding_id)));
  if (strayLink >= 0) return `tables.rotation_items[${strayLink}] names finding ${String(tables.rotation_items[strayLink]!.finding_id)}, which the bundle does not hold`;
  const keys: [string, BundleRow[], (row: BundleRow) => string][] = [
    ['scan_findings', tables.scan_findings, (row) => String(row.id)],
    ['scan_runs', tables.scan_runs, (row) => String(row.id)],
    ['evidence_items', tables.evidence_items, (row) => String(row.id)],
    ['quarantine', tables.quarantine, (row) => String(row.id)],
    ['manifests', bundle.manifests as unknown as BundleRow[], (row) => String(row.evidenceId)],
  ];
  for (const [table, rows, key] of keys) {
    const twice = duplicate(rows, key);
    if (twice !== null) return `${table} holds ${twice} twice`;
  }
  return logRowsProblem(bundle);
}

/**
 * The incident's severity scheme and level are ones this laptop has: every view of an incident
 * (the list, the report, every template) looks them up, so an unknown one would break them all.
 */
export function severityProblem(bundle: Bundle, schemes: readonly SeverityScheme[]): string | null {
  const row = bundle.tables.incidents[0];
  if (!row) return null;
  const [schemeId, severity] = [String(row.scheme_id), String(row.severity)];
  const scheme = schemes.find((candidate) => candidate.id === schemeId);
  if (!scheme) return `its incident uses the severity scheme '${schemeId}', which this Firebreak does not have (it has ${schemes.map((candidate) => candidate.id).join(', ')}): update Firebreak on this laptop`;
  if (!scheme.levels.some((level) => level.id.toUpperCase() === severity.trim().toUpperCase())) {
    return `its incident has severity '${severity}', which the scheme ${scheme.name} does not have (it has ${scheme.levels.map((level) => level.id).join(', ')})`;
  }
  return null;
}

/** A checklist step's action is stored as JSON text: anything else would break the checklist and verify. */
export function stepActionProblem(bundle: Bundle): string | null {
  const index = bundle.tables.checklist_steps.findIndex((row) => {
    if (row.action === null) return false;
    try {
      const action = JSON.parse(String(row.action)) as unknown;
      return action === null || typeof action !== 'object' || Array.isArray(action);
    } catch {
      return true;
    }
  });
  return index < 0 ? null : `tables.checklist_steps[${index}].action is not a step action (a JSON object)`;
}

/** The incident's phase and each step's are the six phases: the checklist, the report and the templates show them as they are. */
export function phaseProblem(bundle: Bundle): string | null {
  const known = phases as readonly string[];
  const phase = String(bundle.tables.incidents[0]?.current_phase ?? 'Identify');
  if (!known.includes(phase)) return `its incident's current phase ${JSON.stringify(phase)} is not one of ${phases.join(', ')}`;
  const step = bundle.tables.checklist_steps.findIndex((row) => !known.includes(String(row.phase)));
  return step < 0 ? null : `tables.checklist_steps[${step}].phase ${JSON.stringify(bundle.tables.checklist_steps[step]!.phase)} is not one of ${phases.join(', ')}`;
}

/**
 * This laptop's register trusts what this laptop collected: a bundle's custody entry saying an item
 * was collected here (by this device id) is either this laptop's own record, which it would still
 * hold, or forged.
 */
export function collectedHereProblem(bundle: Bundle, deviceId: string): string | null {
  const index = bundle.tables.custody_entries.findIndex((row) => row.action === 'collected' && row.device_id === deviceId);
  return index < 0 ? null : `tables.custody_entries[${index}] says ${String(bundle.tables.custody_entries[index]!.evidence_id)} was collected on this laptop (device ${deviceId}), which has no such evidence`;
}
