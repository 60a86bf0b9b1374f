import { incidentRoles as roleOrder, phases, roleLabels } from '../../contract';
import { describeCustody } from '../evidence/custodyWords';
import { findingCounts, impactWords } from './incidentFacts';
import { affectedSystems } from './investigationSections';
import { cell, inline, paragraph, table } from './markdownText';
import type { ReportFacts } from './reportFacts';
import { minutesText, spanText, utcMinute, utcSecond } from './timeText';

/**
 * Sections shared by the incident report and the postmortem; each returns Markdown without a trailing newline.
 * Every stored value goes through `inline` or `cell`, ids and hashes too: an imported incident's rows are only
 * as well formed as the laptop that signed its bundle made them.
 */

export const marker = (what: string) => `[fill in: ${what}]`;
const none = (what: string) => `No ${what} recorded.`;
const when = (iso: string | null, what: string) => (iso ? utcMinute(iso) : `not ${what} yet`);
// An incident closed (or resolved) without passing a status records no time for it: say so, not "yet".
const finished = (facts: ReportFacts) => facts.status === 'Closed' || facts.status === 'Resolved';
const whenOrSkipped = (facts: ReportFacts, iso: string | null, what: string) => (iso || !finished(facts) ? when(iso, what) : `never ${what} (${facts.status} without it)`);

export function section(heading: string, ...blocks: string[]): string {
  return [`## ${heading}`, ...blocks.filter(Boolean)].join('\n\n');
}

export function summaryFacts(facts: ReportFacts): string {
  return [
    `- **Severity:** ${inline(facts.severity)} (${inline(facts.severityLabel)})`,
    `- **Status:** ${inline(facts.status)} (phase: ${inline(facts.phase)})`,
    `- **Scenario:** ${inline(facts.scenario) || marker('scenario')}`,
    `- **Incident commander:** ${inline(facts.commander) || marker('incident commander')}`,
    ...roleLines(facts),
    `- **Declared:** ${utcMinute(facts.declaredAt)}`,
    `- **Resolved:** ${when(facts.resolvedAt, 'resolved')}`,
    `- **Duration:** ${facts.resolvedAt ? spanText(facts.declaredAt, facts.resolvedAt) : 'still open'}`,
  ].join('\n');
}

/** The roles held beside the commander, one line each; none when nobody held them (the report stays as it was). */
export function roleLines(facts: ReportFacts): string[] {
  return roleOrder.filter((role) => facts.roles?.[role]).map((role) => `- **${roleLabels[role]}:** ${inline(facts.roles![role])}`);
}

export const description = (facts: ReportFacts) => paragraph(facts.description) || marker('summary of what happened');

export function impact(facts: ReportFacts): string {
  const words = impactWords(facts.impact);
  return [
    `- **Confidentiality, integrity, availability:** ${words ? `${words} affected` : marker('which of confidentiality, integrity, availability were affected')}`,
    `- **Affected systems:** ${affectedSystems(facts.investigation) ?? marker('affected systems')}`,
    `- **Users affected:** ${marker('users affected')}`,
    `- **Data exposed:** ${marker('data exposed')}`,
    `- **Downtime:** ${marker('downtime')}`,
  ].join('\n');
}

export function timeline(facts: ReportFacts): string {
  if (!facts.timeline.length) return none('events');
  return table(['Time (UTC)', 'Actor', 'Event'], facts.timeline.map((entry) => [utcSecond(entry.at), cell(entry.actor), cell(entry.summary)]));
}

export function detection(facts: ReportFacts): string {
  return [
    `- **Detected by:** ${inline(facts.detectionSource) || marker('how it was discovered and what alerted')}`,
    `- **Detection time:** ${marker('detection time')}`,
    `- **Declared:** ${utcMinute(facts.declaredAt)}`,
  ].join('\n');
}

export function milestones(facts: ReportFacts): string {
  return [
    `- **Acknowledged:** ${whenOrSkipped(facts, facts.acknowledgedAt, 'acknowledged')}`,
    `- **Contained:** ${whenOrSkipped(facts, facts.containedAt, 'contained')}`,
    `- **Recovered:** ${when(facts.recoveredAt, 'recovered')}`,
    `- **Resolved:** ${whenOrSkipped(facts, facts.resolvedAt, 'resolved')}`,
  ].join('\n');
}

/** Time to acknowledge against the severity's response target, then to contain and resolve. */
export function slaTable(facts: ReportFacts): string {
  const target = `${minutesText(facts.responseMinutes)} (${inline(facts.severity)})`;
  const span = (iso: string | null) => (iso ? spanText(facts.declaredAt, iso) : 'not yet');
  const met = facts.acknowledgedAt ? (Date.parse(facts.acknowledgedAt) - Date.parse(facts.declaredAt) <= facts.responseMinutes * 60_000 ? 'met' : 'missed') : finished(facts) ? 'never acknowledged' : 'open';
  return table(
    ['Measure', 'Since declaration', 'Target', 'Result'],
    [
      ['Time to acknowledge', span(facts.acknowledgedAt), target, met],
      ['Time to contain', span(facts.containedAt), '—', facts.containedAt ? 'done' : finished(facts) ? 'skipped' : 'open'],
      ['Time to resolve', span(facts.resolvedAt), '—', facts.resolvedAt ? 'done' : finished(facts) ? 'skipped' : 'open'],
    ],
  );
}

export function checklistByPhase(facts: ReportFacts): string {
  if (!facts.steps.length) return none('checklist');
  const rows = phases
    .map((phase) => {
      const steps = facts.steps.filter((step) => step.phase === phase);
      const count = (status: string) => String(steps.filter((step) => step.status === status).length);
      const settled = steps.filter((step) => step.status !== 'open').length;
      return steps.length ? [phase, count('done'), count('skipped'), count('na'), count('open'), `${settled}/${steps.length}`] : null;
    })
    .filter((row): row is string[] => row !== null);
  return table(['Phase', 'Done', 'Skipped', 'Not applicable', 'Open', 'Settled'], rows);
}

export function skippedSteps(facts: ReportFacts): string {
  const skipped = facts.steps.filter((step) => step.status === 'skipped' || step.status === 'na');
  if (!skipped.length) return '';
  return table(['Step', 'Phase', 'Why', 'By'], skipped.map((step) => [cell(step.text), cell(step.phase), cell(step.reason), cell(step.updatedBy ?? '')]));
}

export function communications(facts: ReportFacts): string {
  if (!facts.sent.length) return none('messages sent');
  return table(
    ['Sent (UTC)', 'Message', 'Channel', 'Subject', 'Sent by', 'Next update due'],
    facts.sent.map((sent) => [utcMinute(sent.at), cell(sent.title), cell(sent.channel), cell(sent.subject), cell(sent.actor), sent.nextUpdateAt ? cell(utcMinute(sent.nextUpdateAt)) : '—']),
  );
}

export function evidence(facts: ReportFacts): string {
  if (!facts.evidence.length) return none('evidence');
  return table(
    ['ID', 'Archive', 'SHA-256', 'Files', 'Bytes', 'Chain of custody'],
    // In the words the console uses ("handed over to …"), each with when and by whom.
    facts.evidence.map((item) => [
      cell(item.id),
      cell(item.archive),
      cell(item.sha256),
      String(item.files),
      String(item.bytes),
      cell(item.custody.map((entry) => `${utcMinute(entry.at)} ${entry.actor}: ${describeCustody(entry.action, entry.detail)}`).join('; ')),
    ]),
  );
}

/** Counts by rule and status, then each finding by its redacted preview and fingerprint: never a value. */
export function findings(facts: ReportFacts): string {
  if (!facts.scans) return none('scans');
  const counts = findingCounts(facts.findings);
  const total = `${facts.scans} scan(s): ${facts.findings.length} finding(s): ${counts.open} open, ${counts.falsePositive} false positive, ${counts.rotation} sent to rotation.`;
  if (!facts.findings.length) return total;
  const rules = [...new Set(facts.findings.map((finding) => finding.rule))].sort();
  const byRule = table(
    ['Rule', 'Open', 'False positive', 'Sent to rotation'],
    rules.map((rule) => {
      const c = findingCounts(facts.findings.filter((finding) => finding.rule === rule));
      return [cell(rule), String(c.open), String(c.falsePositive), String(c.rotation)];
    }),
  );
  const each = table(
    ['Rule', 'Where', 'Preview (redacted)', 'Fingerprint', 'Status'],
    facts.findings.map((finding) => [cell(finding.rule), cell(`${finding.file}:${finding.line}`), cell(finding.redacted), cell(finding.fingerprint), cell(finding.status)]),
  );
  return [total, byRule, each].join('\n\n');
}

export function actionItems(facts: ReportFacts): string {
  if (!facts.actions.length) return `${none('action items')} ${marker('follow-up actions, with owner and due date')}`;
  return table(
    ['ID', 'Action', 'Owner', 'Due', 'Status'],
    facts.actions.map((item) => [cell(item.id), cell(item.title), cell(item.owner), cell(item.due ?? ''), cell(item.status)]),
  );
}
