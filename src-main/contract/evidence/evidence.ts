import { z } from 'zod';
import { incidentId } from '../incidents/incident';
import { pageCursor, pageLimit } from '../incidents/paging';
import { text } from '../text';
import type { LiveManifestSection } from './live';
import { custodyActions } from '../choices';
export { custodyActions };

/** One item found while collecting: archived files carry their hash; everything else says why not. */
export interface EvidenceEntry {
  /** Original absolute path (UTF-8, with U+FFFD where the name is not). */
  path: string;
  /** Present when the name is not valid UTF-8: the exact bytes, base64. */
  pathBytes?: string;
  archivePath: string;
  archivePathBytes?: string;
  type: 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'device' | 'unknown';
  size: number | null;
  mode: string | null;
  owner: { uid: number; gid: number } | null;
  mtime: string | null;
  sha256: string | null;
  linkTarget?: string;
  problem: string | null;
}

export interface EvidenceSignature {
  algorithm: 'ed25519';
  /** SHA-256 of the public key (SPKI DER), hex: compare it with the collector's published key. */
  publicKeyFingerprint: string;
  publicKey: string;
  /** Over `firebreak evidence manifest sha256:<hex>`, the SHA-256 of the RFC 8785 canonical manifest without `signature` and `archiveSha256`. */
  value: string;
}

export interface EvidenceManifest {
  /** 2 since links are archived as links and the archive's hash is signed (`archiveSignature`); 1 before. */
  formatVersion: 1 | 2;
  tool: { name: 'firebreak'; version: string };
  incidentId: string | null;
  collector: string;
  host: string;
  osUser: string;
  roots: string[];
  startedAt: string;
  finishedAt: string;
  totals: { entries: number; files: number; bytes: number; problems: number };
  /** Roots the responder chose to collect without (missing or unreadable when collection began); absent when none. */
  leftOut?: LeftOutRoot[];
  /** A live response collection: the profile and what each collector ran, in order, with its clock. */
  live?: LiveManifestSection;
  /** Collected for a drill incident: rehearsal material, never a real incident's evidence. Absent otherwise (signed with the rest). */
  drill?: true;
  entries: EvidenceEntry[];
  signature?: EvidenceSignature;
  /** Only in the copy beside the archive (the archive cannot contain its own hash). */
  archiveSha256?: string;
  /**
   * Only beside the archive: the same key's Ed25519 signature over
   * `firebreak evidence archive sha256:<archiveSha256> manifest sha256:<manifest digest>`, so that
   * an archive rebuilt around a copied manifest does not pass.
   */
  archiveSignature?: string;
}

/** A root that was not collected, and why, in words ("no such file or folder", "permission denied"). */
export interface LeftOutRoot {
  path: string;
  reason: string;
}

export interface EvidenceProgress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export interface VerifyMismatch {
  kind: 'archive-hash' | 'entry-hash' | 'entry-metadata' | 'entry-missing' | 'entry-unexpected' | 'signature' | 'untrusted-signer' | 'registered-record' | 'manifest-differs' | 'unreadable';
  entry: string | null;
  expected: string | null;
  actual: string | null;
  message: string;
}

/** Why verify trusts a key: the one registered with the archive here, this laptop's own, or one the responder gave. */
export type KeyTrust = 'registered' | 'this-laptop' | 'given';

export interface EvidenceSigner {
  /** The key that signed the manifest (SHA-256 of its SPKI DER, hex); null when unsigned. */
  fingerprint: string | null;
  trusted: boolean;
  trustedAs: KeyTrust | null;
  /** In words: "this laptop's evidence key", "the key registered with EV-1a2b3c4d", "not a key you trust". */
  description: string;
}

export interface EvidenceVerifyResult {
  archive: string;
  /** True only when every hash, header field and signature matches and the signer is trusted. */
  intact: boolean;
  /** SHA-256 of the archive's bytes as verify read and checked them (one read). */
  archiveSha256: string;
  entriesChecked: number;
  signatureValid: boolean;
  publicKeyFingerprint: string | null;
  signer: EvidenceSigner;
  /** The register entry this archive was checked against, when it is in this console's register. */
  registeredAs: string | null;
  /** Which collection the manifest that came with the archive describes (any genuine archive verifies: this says which one it is). */
  collection: Pick<EvidenceManifest, 'collector' | 'host' | 'roots' | 'incidentId' | 'finishedAt' | 'drill'> | null;
  /** The first 100 mismatches; `mismatchCount` counts them all. */
  mismatches: VerifyMismatch[];
  mismatchCount: number;
}

export type CustodyAction = (typeof custodyActions)[number];

export interface CustodyEntry {
  at: string;
  actor: string;
  deviceId: string;
  action: CustodyAction;
  detail: string;
  /** The entry as a responder reads it: "handed over to Legal (Dana)", "verified: intact: 2 files…". */
  words: string;
}

/** A custody action a responder records by hand (the others are recorded by collect, verify and export), with its words. */
export interface CustodyChoice {
  action: CustodyAction;
  words: string;
}

/** An archive the console collected, with its chain of custody. */
export interface EvidenceItem {
  id: string;
  incidentId: string | null;
  archive: string;
  archiveSha256: string;
  manifestFile: string;
  keyFingerprint: string;
  files: number;
  bytes: number;
  problems: number;
  collectedAt: string;
  collectedBy: string;
  custody: CustodyEntry[];
}

/**
 * Where a quarantined file is: `moving-in`/`moving-out` while it moves (or after a crash mid-move, until
 * the next listing finishes the move), `not-moved` when a move was interrupted before the file left
 * home, `missing` when an interrupted move left the file in neither place.
 */
export type QuarantineState = 'moving-in' | 'held' | 'moving-out' | 'released' | 'not-moved' | 'missing';

export interface QuarantinedFile {
  id: string;
  incidentId: string | null;
  originalPath: string;
  storedPath: string;
  sha256: string;
  size: number;
  mode: string;
  quarantinedAt: string;
  quarantinedBy: string;
  releasedAt: string | null;
  releasedBy: string | null;
  state: QuarantineState;
}

// Inputs of the evidence operations (validated at the boundary like every other operation).
const filePath = text({ min: 1, max: 4_096 });
const evidenceId = z.string().regex(/^EV-[0-9a-f]{8}$/, { message: 'must be an evidence id like EV-1a2b3c4d' });

export const collectEvidenceInput = z.strictObject({
  paths: z.array(filePath).min(1, { message: 'name at least one file or folder' }).max(1_000),
  output: filePath,
  incidentId: incidentId.optional(),
  followSymlinks: z.boolean().default(false),
  /** Collect the roots that can be read and record the others in the manifest's `leftOut`; otherwise one unavailable root stops collection before any work. */
  skipUnavailable: z.boolean().default(false),
});
export const preflightEvidenceInput = z.strictObject({
  paths: z.array(filePath).min(1, { message: 'name at least one file or folder' }).max(1_000),
  output: filePath.optional(),
  followSymlinks: z.boolean().default(false),
});
export const evidenceContentsInput = z.strictObject({
  evidenceId,
  /** 1 for the first 100 entries. */
  page: z.number().int().min(1).max(100_000).default(1),
});
/** A colleague's public key: a 64-hex fingerprint, or a file holding the key (`firebreak evidence key export`). */
export const trustedKeySpec = text({ min: 1, max: 4_096 });
export const verifyEvidenceInput = z.strictObject({ archive: filePath, trustedKeys: z.array(trustedKeySpec).max(100).default([]) });
export const exportEvidenceKeyInput = z.strictObject({});
export const listEvidenceInput = z.strictObject({
  incidentId: incidentId.optional(),
  /** Items per page, oldest collected first; without it, every item. */
  limit: pageLimit.optional(),
  /** Exactly the `nextCursor` of the previous page. */
  cursor: pageCursor.optional(),
});

/** Collected evidence, oldest first: every item, or one page of them. */
export interface EvidencePage {
  items: EvidenceItem[];
  custodyChoices: CustodyChoice[];
  /** Every item of the incident (or of all), whatever the cursor and limit. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}
export const addCustodyInput = z.strictObject({
  evidenceId,
  action: z.enum(custodyActions, { error: `must be one of ${custodyActions.join(', ')}` }),
  detail: text({ max: 2_000 }).default(''),
});
export const exportEvidenceInput = z.strictObject({ evidenceId, destination: filePath });
export const quarantineAddInput = z.strictObject({ file: filePath, incidentId: incidentId.optional() });
export const quarantineRef = z.strictObject({ id: z.string().regex(/^Q-[0-9a-f]{8}$/, { message: 'must be a quarantine id like Q-1a2b3c4d' }) });
export const quarantineListInput = z.strictObject({ includeReleased: z.boolean().default(false) });
export const jobRef = z.strictObject({ jobId: z.string().uuid({ message: 'must be a job id' }) });

export interface CollectedEvidence {
  evidenceId: string;
  jobId: string;
  archive: string;
  archiveSha256: string;
  manifestFile: string;
  /** `<archive>.sha256`, in the format of `sha256sum`. */
  checksumFile: string;
  totals: EvidenceManifest['totals'];
  publicKeyFingerprint: string | null;
  /** The first 100 entries with a problem; `totals.problems` counts them all and the manifest names each. */
  problems: { path: string; problem: string }[];
  /** Roots left out because they were missing or unreadable (only with `skipUnavailable`). */
  leftOut: LeftOutRoot[];
}

/** What a root looks like before collection: ready, or why it cannot be collected. */
export interface RootCheck {
  /** As given. */
  path: string;
  /** Absolute, as the manifest will name it. */
  resolved: string;
  ready: boolean;
  kind: 'file' | 'directory' | 'symlink' | 'other' | null;
  /** Why it cannot be collected, in words; null when ready. */
  problem: string | null;
  /** Something to know about a ready root (a symbolic link is recorded as a link unless followed). */
  note: string | null;
}

export interface EvidencePreflight {
  roots: RootCheck[];
  /** The roots that cannot be collected, as they would be recorded in the manifest's `leftOut`. */
  unavailable: LeftOutRoot[];
  /** Why the archive cannot be written where asked (it exists already, its folder is not writable); null when it can. */
  outputProblem: string | null;
}

/** One page of an archive's contents, read from the register's copy of its manifest. */
export interface EvidenceContents {
  evidenceId: string;
  page: number;
  pageSize: number;
  /** Entries in the manifest (files, folders, links and what was recorded but not archived). */
  total: number;
  entries: Pick<EvidenceEntry, 'archivePath' | 'type' | 'size' | 'sha256' | 'problem' | 'linkTarget'>[];
  leftOut: LeftOutRoot[];
  roots: string[];
}
