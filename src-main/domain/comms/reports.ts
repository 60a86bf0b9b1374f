import type { ReportKind } from '../../contract';
import { inline } from './markdownText';
import type { ReportFacts } from './reportFacts';
import * as s from './reportSections';
import * as inv from './investigationSections';
import { minutesText, spanText, utcMinute } from './timeText';

/**
 * The incident report in Markdown, structured as the runbooks' reviews are. It depends only on
 * the incident's rows and events: the same incident gives the same bytes on any laptop.
 */
export function incidentReport(facts: ReportFacts): string {
  return document(`Incident report: ${facts.id} — ${inline(facts.title)}`, [
    s.section('Summary', s.summaryFacts(facts), s.description(facts)),
    s.section('Impact', s.impact(facts)),
    s.section('Timeline', s.timeline(facts)),
    s.section('Root Cause', s.marker('root cause: the technical explanation of what went wrong')),
    s.section('Detection', s.detection(facts)),
    s.section('Response', s.milestones(facts), s.slaTable(facts), investigation(facts, inv.clockTable), s.checklistByPhase(facts), s.skippedSteps(facts)),
    s.section('Communications', s.communications(facts)),
    s.section('Evidence', s.evidence(facts)),
    s.section('Scan Findings', s.findings(facts)),
    ...optionalSection('Indicators of Compromise', investigation(facts, inv.indicatorTable)),
    ...optionalSection('Affected Assets', investigation(facts, inv.assetTable)),
    ...optionalSection('ATT&CK Techniques', investigation(facts, inv.techniqueList)),
    s.section('Action Items', s.actionItems(facts)),
    s.section('Prevention', s.marker('what changes will prevent this from happening again')),
  ]);
}

/** What the record shows went well or not: a start for the review, never its conclusion. */
function observations(facts: ReportFacts): { well: string[]; improve: string[] } {
  const well: string[] = [];
  const improve: string[] = [];
  if (facts.acknowledgedAt) {
    const took = spanText(facts.declaredAt, facts.acknowledgedAt);
    const target = minutesText(facts.responseMinutes);
    if (Date.parse(facts.acknowledgedAt) - Date.parse(facts.declaredAt) <= facts.responseMinutes * 60_000) well.push(`Acknowledged within the response target (${took}; target ${target}).`);
    else improve.push(`Acknowledged after the response target (${took}; target ${target}).`);
  }
  const done = facts.steps.filter((step) => step.status === 'done').length;
  if (done) well.push(`${done} of ${facts.steps.length} checklist steps done.`);
  const open = facts.steps.filter((step) => step.status === 'open').length;
  if (open) improve.push(`${open} checklist step(s) still open.`);
  for (const step of facts.steps.filter((candidate) => candidate.status === 'skipped')) improve.push(`Skipped: ${inline(step.text)}${step.reason ? ` (${inline(step.reason)})` : ''}.`);
  return { well, improve };
}

const bullets = (lines: string[], what: string) => [...lines, s.marker(what)].map((line) => `- ${line}`).join('\n');

/** The postmortem of the runbooks, with what the console knows filled in and the rest marked. */
export function postmortem(facts: ReportFacts): string {
  const { well, improve } = observations(facts);
  const meta = [
    `- **Date:** ${utcMinute(facts.declaredAt)}`,
    `- **Severity:** ${inline(facts.severity)} (${inline(facts.severityLabel)})`,
    `- **Duration:** ${facts.resolvedAt ? `${utcMinute(facts.declaredAt)} to ${utcMinute(facts.resolvedAt)} (${spanText(facts.declaredAt, facts.resolvedAt)})` : 'still open'}`,
    `- **Incident commander:** ${inline(facts.commander) || s.marker('incident commander')}`,
    ...s.roleLines(facts),
    `- **Author:** ${s.marker('author')}`,
  ].join('\n');
  return document(`Postmortem: ${facts.id} — ${inline(facts.title)}`, [
    meta,
    s.section('Summary', s.description(facts)),
    s.section('Impact', s.impact(facts)),
    s.section('Timeline', s.timeline(facts)),
    s.section('Root Cause', s.marker('root cause: the technical explanation of what went wrong')),
    s.section('Detection', s.detection(facts)),
    s.section('Response', s.milestones(facts), s.slaTable(facts), s.checklistByPhase(facts)),
    s.section('What Went Well', bullets(well, 'what went well')),
    s.section('What Could Be Improved', bullets(improve, 'what could be improved')),
    s.section('Action Items', s.actionItems(facts)),
    s.section('Prevention', s.marker('what changes will prevent this from happening again')),
  ]);
}

/** A part of the investigation record, or '' when the incident has none: older incidents' reports stay as they were. */
function investigation(facts: ReportFacts, part: (record: inv.InvestigationFacts) => string): string {
  return facts.investigation ? part(facts.investigation) : '';
}

const optionalSection = (heading: string, body: string) => (body ? [s.section(heading, body)] : []);

function document(title: string, blocks: string[]): string {
  return `${[`# ${title}`, ...blocks].join('\n\n')}\n`;
}

/** The first line of a drill's reports: read on its own, a drill's report must never pass for a real incident's. */
export const drillReportLine = '**DRILL** — a tabletop exercise, not a real incident.';

export function renderReportMarkdown(kind: ReportKind, facts: ReportFacts): string {
  const markdown = kind === 'postmortem' ? postmortem(facts) : incidentReport(facts);
  return facts.kind === 'drill' ? `${drillReportLine}\n\n${markdown}` : markdown;
}

export function reportFileName(kind: ReportKind, incidentId: string): string {
  return `${incidentId}-${kind === 'postmortem' ? 'postmortem' : 'report'}.md`;
}
