import type { FindingGroup, FindingPlace, FindingStatus, StoredFinding } from '../../contract';

/** A stored finding with the scan that found it; scans are given newest first. */
export type ScannedFinding = StoredFinding & { scanId: string };

const placeKey = (finding: StoredFinding) => `${finding.commit ?? ''}\u0000${finding.file}\u0000${finding.line}\u0000${finding.column}`;

// Within a credential: the working tree first (where it still is), then history by file and line.
const byPlace = (a: FindingPlace, b: FindingPlace) => Number(a.commit !== null) - Number(b.commit !== null) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || (a.commit ?? '').localeCompare(b.commit ?? '');

/**
 * Folds an incident's findings into one group per fingerprint (one credential), each listing every
 * place it was found once, however many scans found it there. A place stays open while any scan's
 * finding there is open; a group while any place is. Credentials keep the order their first
 * finding was listed in (newest scan first).
 */
export function groupFindings(findings: readonly ScannedFinding[]): FindingGroup[] {
  const groups = new Map<string, { group: FindingGroup; places: Map<string, FindingPlace>; lastMarkId: number }>();
  for (const finding of findings) {
    let entry = groups.get(finding.fingerprint);
    if (!entry) {
      entry = {
        group: { fingerprint: finding.fingerprint, rules: [], description: finding.description, redacted: finding.redacted, places: [], open: 0, status: 'open', statusNote: '', inWorkingTree: false, inHistory: false },
        places: new Map(),
        lastMarkId: -1,
      };
      groups.set(finding.fingerprint, entry);
    }
    const { group, places } = entry;
    if (!group.rules.includes(finding.rule)) group.rules.push(finding.rule);
    if (finding.commit === null || finding.inWorkingTree === true) group.inWorkingTree = true;
    if (finding.commit !== null) group.inHistory = true;
    // The latest mark (the highest finding id marked) names the credential's status once all are settled.
    if (finding.status !== 'open' && finding.id > entry.lastMarkId) {
      entry.lastMarkId = finding.id;
      group.status = finding.status;
      group.statusNote = finding.statusNote;
    }
    const key = placeKey(finding);
    const place = places.get(key);
    if (!place) {
      places.set(key, { file: finding.file, line: finding.line, column: finding.column, commit: finding.commit, author: finding.author, date: finding.date, scanIds: [finding.scanId], status: finding.status });
      continue;
    }
    if (!place.scanIds.includes(finding.scanId)) place.scanIds.push(finding.scanId);
    place.status = mergeStatus(place.status, finding.status);
  }
  // Listing order, not open-first: a row settled under the responder's pointer must not let the next
  // credential slide into its place, where a second click would mark the wrong one.
  return [...groups.values()].map(({ group, places }) => {
    const sorted = [...places.values()].sort(byPlace);
    const open = sorted.filter((place) => place.status === 'open').length;
    return { ...group, places: sorted, open, ...(open > 0 ? { status: 'open' as const, statusNote: '' } : {}) };
  });
}

/** Open wins: a place one scan found again after it was marked is open again. */
const mergeStatus = (a: FindingStatus, b: FindingStatus): FindingStatus => (a === 'open' || b === 'open' ? 'open' : b);

/** "app.env:3, and 2 more places" — a credential's places in a line. */
export function describePlaces(places: readonly FindingPlace[]): string {
  const at = (place: FindingPlace) => (place.commit ? `${place.file}:${place.line} in commit ${place.commit.slice(0, 12)}` : `${place.file}:${place.line}`);
  if (places.length === 0) return 'nowhere';
  if (places.length === 1) return at(places[0]!);
  return `${at(places[0]!)}, and ${places.length - 1} more place${places.length === 2 ? '' : 's'}`;
}
