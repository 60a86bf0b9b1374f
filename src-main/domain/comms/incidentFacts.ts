import type { Impact, IncidentKind, IncidentRoles, Phase } from '../../contract';
import type { IncidentState } from '../incidents/incidentState';

/** What the database knows about one incident, gathered for messages and reports (no I/O here). */
export interface IncidentFacts
  extends Pick<
    IncidentState,
    'id' | 'title' | 'scenario' | 'severity' | 'responseMinutes' | 'impact' | 'commander' | 'detectionSource' | 'description' | 'status' | 'declaredAt' | 'acknowledgedAt' | 'containedAt' | 'recoveredAt' | 'resolvedAt'
  > {
  /** Absent: real. A drill's reports say so first. */
  kind?: IncidentKind;
  severityLabel: string;
  /** 0 = most severe: picks the template's cadence. */
  severityRank: number;
  phase: Phase;
  /** Who held the roles beside the commander; absent or empty ones are left out of reports. */
  roles?: IncidentRoles;
  steps: StepFact[];
  evidence: EvidenceFact[];
  findings: FindingFact[];
  scans: number;
}

export interface StepFact {
  phase: Phase;
  text: string;
  status: 'open' | 'done' | 'skipped' | 'na';
  reason: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface EvidenceFact {
  id: string;
  /** The archive's file name (not its folder: that differs between laptops). */
  archive: string;
  sha256: string;
  files: number;
  bytes: number;
  /** The chain of custody, oldest first. */
  custody: { at: string; actor: string; action: string; detail: string }[];
  collectedAt: string;
}

export interface FindingFact {
  rule: string;
  file: string;
  line: number;
  redacted: string;
  fingerprint: string;
  status: 'open' | 'false-positive' | 'rotation';
}

/** C/I/A in words: "confidentiality, availability"; empty when none is marked. */
export function impactWords(impact: Impact): string {
  const words = [impact.confidentiality && 'confidentiality', impact.integrity && 'integrity', impact.availability && 'availability'].filter(Boolean);
  return words.join(', ');
}

export function findingCounts(findings: readonly FindingFact[]): { open: number; falsePositive: number; rotation: number } {
  return {
    open: findings.filter((finding) => finding.status === 'open').length,
    falsePositive: findings.filter((finding) => finding.status === 'false-positive').length,
    rotation: findings.filter((finding) => finding.status === 'rotation').length,
  };
}
