import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { pageCursor, pageLimit } from '../incidents/paging';
import { text } from '../text';

/**
 * One secret found. The secret itself never appears: only its first characters (`redacted`) and
 * `fingerprint`, the first 16 hex characters of its SHA-256, which stays the same wherever it leaks.
 */
export interface SecretFinding {
  rule: string;
  description: string;
  /** Relative to the scanned folder (working tree) or the repository (history), with `/`. */
  file: string;
  line: number;
  column: number;
  commit: string | null;
  author: string | null;
  date: string | null;
  redacted: string;
  fingerprint: string;
  /** For history findings: whether the same secret is still in the working tree (false: removed since, but still in history). */
  inWorkingTree: boolean | null;
}

export interface SecretScanStats {
  files: number;
  bytes: number;
  commits: number;
  /** `unreadable` also counts ignore files passed over (a pipe, a folder, over 1 MiB): their paths are then scanned. */
  skipped: { binary: number; tooLarge: number; ignored: number; unreadable: number };
  /** Findings hidden because their fingerprint is in the baseline. */
  baselined: number;
  durationMs: number;
}

export interface SecretScanResult {
  root: string;
  findings: SecretFinding[];
  stats: SecretScanStats;
}

export interface ScanOutcome extends SecretScanResult {
  /** The stored run, when the scan was for an incident. */
  scanId: string | null;
}

export interface SecretScanProgress {
  files: number;
  bytes: number;
  commits: number;
  findings: number;
}

export const findingStatuses = ['open', 'false-positive', 'rotation'] as const;
export type FindingStatus = (typeof findingStatuses)[number];

/** A finding as the console keeps it against an incident. */
export interface StoredFinding extends SecretFinding {
  id: number;
  status: FindingStatus;
  statusNote: string;
}

export interface ScanRun {
  id: string;
  incidentId: string | null;
  root: string;
  history: boolean;
  startedAt: string;
  finishedAt: string;
  actor: string;
  stats: SecretScanStats;
  findings: StoredFinding[];
}

const filePath = text({ min: 1, max: 4_096 });

export const scanSecretsInput = z.strictObject({
  path: filePath,
  history: z.boolean().default(false),
  allBranches: z.boolean().default(false),
  since: text({ max: 100 }).optional(),
  gitignore: z.boolean().default(true),
  baseline: filePath.optional(),
  maxFileBytes: z.number().int().min(1_024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
  incidentId: incidentId.optional(),
});
export const listScansInput = z.strictObject({
  incidentId,
  /** Credentials (groups) per page, in the unpaged order; the runs then carry only those credentials' findings. Without it, everything. */
  limit: pageLimit.optional(),
  /** Exactly the `nextCursor` of the previous page. */
  cursor: pageCursor.optional(),
});

/** An incident's scans and its credentials: all of them, or one page of credentials. */
export interface ScanList {
  /** Every scan, newest first (ties by id), with its stats; on a page, only the findings of the page's groups. */
  runs: ScanRun[];
  groups: FindingGroup[];
  /** Every credential (fingerprint) of the incident, whatever the cursor and limit. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}
export const markFindingInput = z.strictObject({
  findingId: z.number().int().positive(),
  status: z.enum(['false-positive', 'rotation'], { error: 'must be false-positive or rotation' }),
  note: text({ max: 1_000 }).default(''),
});

/** One place a credential was found: a file in the working tree, or a line a commit added. */
export interface FindingPlace extends Pick<SecretFinding, 'file' | 'line' | 'column' | 'commit' | 'author' | 'date'> {
  /** The scans that found it here, newest first. */
  scanIds: string[];
  /** `open` while any scan's finding here is open; otherwise how it was settled. */
  status: FindingStatus;
}

/**
 * One credential (one fingerprint) with every place it was found, across the incident's scans:
 * the working tree and the history of the same secret are one row to settle, not two.
 */
export interface FindingGroup {
  fingerprint: string;
  /** Rule ids that matched it (usually one). */
  rules: string[];
  description: string;
  redacted: string;
  places: FindingPlace[];
  /** Places still open; 0 once the credential is settled. */
  open: number;
  /** `open` while any place is; otherwise the latest mark. */
  status: FindingStatus;
  statusNote: string;
  /** Still in the working tree of a scanned folder (so a new commit would leak it again). */
  inWorkingTree: boolean;
  /** Found in git history. */
  inHistory: boolean;
}

const fingerprint = z.string().trim().toLowerCase().regex(/^[0-9a-f]{16}$/, { message: 'must be a fingerprint: 16 hex characters, as a scan lists it' });
const markStatus = z.enum(['false-positive', 'rotation'], { error: 'must be false-positive or rotation' });

export const markFingerprintInput = z.strictObject({
  incidentId,
  fingerprint,
  status: markStatus,
  note: text({ max: 1_000 }).default(''),
});

export interface MarkFingerprintResult {
  /** The credential as it stands after the mark. */
  group: FindingGroup;
  /** How many places this mark settled. */
  settled: number;
}

/** Kinds of scan a playbook step may link to; only some run in the console yet. */
export interface ScanKind {
  id: string;
  /** How a responder names it: "secret scan", "dependency scan". */
  label: string;
  runnable: boolean;
  /** What it does, or for a kind not runnable yet, what to use meanwhile. */
  detail: string;
}
export const scanKindsInput = z.strictObject({});
