import { findingCounts, impactWords, type IncidentFacts } from './incidentFacts';
import { spanText, utcClock, utcMinute } from './timeText';

/** Fields the console fills from the incident, by the name a template uses, with the name a responder reads. */
export const incidentFieldNames = {
  incidentId: 'incident ID',
  title: 'title',
  severity: 'severity',
  severityLabel: 'severity label',
  status: 'status',
  scenario: 'scenario',
  impact: 'impact',
  description: 'description',
  commander: 'incident commander',
  detectionSource: 'detection source',
  declaredAt: 'declaration time',
  acknowledgedAt: 'acknowledgement time',
  containedAt: 'containment time',
  resolvedAt: 'resolution time',
  elapsed: 'time since declaration',
  duration: 'total duration',
  actionsDone: 'actions done',
  actionsOpen: 'actions still open',
  nextUpdateAt: 'next update time',
  evidenceHashes: 'evidence hashes',
  findingsCounts: 'findings counts',
  responder: 'responder name',
  phase: 'current phase',
  now: 'current time',
} as const;

/**
 * Fields the console does not record: always marked for the responder to fill. Naming them keeps
 * a typo in a template (`{{commandr}}`) an error instead of one more silent marker.
 */
export const responderFieldNames = {
  detectedAt: 'detection time',
  affectedSystems: 'affected systems',
  channel: 'incident channel',
  rootCause: 'root cause',
  usersAffected: 'users affected',
  dataInvolved: 'data involved',
  downtime: 'downtime',
  nextSteps: 'next steps',
  userActions: 'what users should do',
  appName: 'product name',
  contactEmail: 'contact address',
  passwordResetLink: 'password reset link',
  cve: 'CVE',
  affectedVersions: 'affected versions',
  patchedIn: 'patched version',
  attackerCapability: 'what an attacker could do',
  mitigation: 'mitigation',
  credit: 'credit',
  reviewDate: 'post-incident review date',
  whatWentWell: 'what went well',
  whatCouldBeImproved: 'what could be improved',
  prevention: 'prevention measures',
  followUp: 'follow-up actions',
} as const;

export type FieldName = keyof typeof incidentFieldNames | keyof typeof responderFieldNames;
export const fieldNames: Record<FieldName, string> = { ...incidentFieldNames, ...responderFieldNames };

export function isFieldName(name: string): name is FieldName {
  return Object.hasOwn(fieldNames, name);
}

/** The visible mark left where a value is missing: never a blank. */
export const fillIn = (name: FieldName) => `[fill in: ${fieldNames[name]}]`;

export interface FieldContext {
  now: string;
  responder: string;
  /** Minutes until the next update for this incident's severity; null when the template sets none. */
  cadenceMinutes: number | null;
}

const present = (text: string | null | undefined): string | null => (text && text.trim() ? text : null);

const bulletList = (lines: string[]): string | null => (lines.length ? lines.map((line) => `- ${line}`).join('\n') : null);

/** Every field's value for this incident; null where the console does not know it. */
export function fieldValues(facts: IncidentFacts, context: FieldContext): Record<FieldName, string | null> {
  const counts = findingCounts(facts.findings);
  const at = (iso: string | null) => (iso ? utcMinute(iso) : null);
  const done = facts.steps.filter((step) => step.status === 'done');
  const open = facts.steps.filter((step) => step.status === 'open');
  const values: Record<keyof typeof incidentFieldNames, string | null> = {
    incidentId: facts.id,
    title: present(facts.title),
    severity: present(facts.severity),
    severityLabel: present(facts.severityLabel),
    status: facts.status,
    scenario: present(facts.scenario),
    impact: present(impactWords(facts.impact)),
    description: present(facts.description),
    commander: present(facts.commander),
    detectionSource: present(facts.detectionSource),
    declaredAt: at(facts.declaredAt),
    acknowledgedAt: at(facts.acknowledgedAt),
    containedAt: at(facts.containedAt),
    resolvedAt: at(facts.resolvedAt),
    elapsed: spanText(facts.declaredAt, facts.resolvedAt ?? context.now),
    duration: facts.resolvedAt ? spanText(facts.declaredAt, facts.resolvedAt) : null,
    actionsDone: bulletList(done.map((step) => `${step.text} - COMPLETE${step.updatedAt ? ` (${utcClock(step.updatedAt)})` : ''}`)),
    actionsOpen: bulletList(open.slice(0, 5).map((step) => `${step.text} - PENDING`)),
    nextUpdateAt: context.cadenceMinutes === null ? null : utcMinute(new Date(Date.parse(context.now) + context.cadenceMinutes * 60_000).toISOString()),
    evidenceHashes: bulletList(facts.evidence.map((item) => `${item.id} ${item.archive} SHA-256 ${item.sha256}`)),
    findingsCounts: facts.scans ? `${counts.open} open, ${counts.falsePositive} false positive, ${counts.rotation} sent to rotation` : null,
    responder: present(context.responder),
    phase: facts.phase,
    now: utcMinute(context.now),
  };
  const unknown = Object.fromEntries(Object.keys(responderFieldNames).map((name) => [name, null])) as Record<keyof typeof responderFieldNames, null>;
  return { ...values, ...unknown };
}
