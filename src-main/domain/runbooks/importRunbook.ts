import type { Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ImportedPlaybook, ImportedSection, RunbookImport } from '../../contract';
import { parseMarkdown } from './markdown';
import { lineOf, sectionTree, walk, type Section } from './sections';
import { findSeverities } from './severities';
import { slugOf } from './slug';
import { stepGroups } from './steps';
import { findTemplates, templateHeading } from './templates';
import { phaseOf, responseMinutes, stripNumbering } from './vocabulary';

type Warning = RunbookImport['warnings'][number];

const scenarioParent = /scenario|incident[- ]specific|(?:incident|response) procedures|playbooks/i;
const notPlaybook = /severit|classification|contact|escalation|reference|tool|appendix$|goal|purpose|scope|overview|training|drill/i;
const maxSections = 100;
const maxStepsPerSection = 500;

// Sub-headings naming two different phases make a heading the runbook's response procedure.
const isPhaseContainer = (section: Section) => new Set(section.children.map((child) => phaseOf(child.heading)).filter(Boolean)).size >= 2;
const isScenario = (section: Section) =>
  /^scenario\b/i.test(section.heading) || (section.parent !== null && scenarioParent.test(section.parent.heading) && !isPhaseContainer(section.parent) && phaseOf(section.heading) === null && !templateHeading.test(section.heading));

function scenarioTitle(heading: string): string {
  return heading.replace(/^scenario\s*\d*\s*[:.-]\s*/i, '').trim() || heading;
}

/** Sections of one playbook from a heading's own blocks (split at bold labels) and its sub-headings, phase inherited downwards. */
function sectionsOf(section: Section, inherited: ImportedSection['phase'], warnings: Warning[], out: ImportedSection[]): void {
  const own = phaseOf(section.heading) ?? inherited;
  for (const group of stepGroups(section.content, section.heading, section.line)) {
    if (group.steps.length === 0) continue;
    const heading = (group.label ?? section.heading).replace(/\s*:$/, '');
    const phase = group.label ? (phaseOf(group.label) ?? own) : own;
    if (out.length >= maxSections) {
      warnings.push({ line: group.line, message: `more than ${maxSections} sections in one playbook: "${heading}" and later ones were left out` });
      return;
    }
    if (group.steps.length > maxStepsPerSection) warnings.push({ line: group.line, message: `"${heading}" has ${group.steps.length} steps: only the first ${maxStepsPerSection} were kept` });
    if (phase === null) warnings.push({ line: group.line, message: `"${heading}" names no phase Firebreak knows: pick one (or drop the section) before saving` });
    out.push({ heading: heading.slice(0, 200), phase, line: group.line, steps: group.steps.slice(0, maxStepsPerSection) });
  }
  for (const child of section.children) {
    if (/template/i.test(child.heading)) continue;
    sectionsOf(child, own, warnings, out);
  }
}

function rows(table: Table): string[][] {
  return table.children.map((row) => row.children.map((cell) => toString(cell).replace(/\s+/g, ' ').trim()));
}

/** Escalation matrices (a time column and a who column) and contact tables (a name or role column). */
function findTables(top: Section, result: Pick<RunbookImport, 'escalation' | 'contacts'>): void {
  for (const section of walk(top)) {
    for (const node of section.content) {
      if (node.type !== 'table') continue;
      const [header = [], ...body] = rows(node as Table);
      const lower = header.map((cell) => cell.toLowerCase());
      const when = lower.findIndex((cell) => /after|time|when|elapsed/.test(cell));
      const who = lower.findIndex((cell) => /notify|escalate|contact|who/.test(cell));
      const timeColumns = header.map((cell, index) => ({ index, minutes: /initial|immediate/i.test(cell) ? 0 : responseMinutes(cell) })).filter((column) => column.index > 0 && column.minutes !== null);
      if (/escalat/i.test(section.heading) && timeColumns.length >= 2) {
        // Wide form: a row per severity, a column per elapsed time ("1 Hour", "4 Hours").
        for (const row of body) {
          for (const { index, minutes } of timeColumns) {
            if (row[index] && result.escalation.length < 50) result.escalation.push({ afterMinutes: minutes!, notify: `${row[0] ?? ''}: ${row[index]}`.slice(0, 300) });
          }
        }
        continue;
      }
      if (/escalat/i.test(section.heading) && when >= 0 && who >= 0) {
        for (const row of body) {
          const minutes = responseMinutes(row[when] ?? '');
          if (minutes !== null && row[who] && result.escalation.length < 50) result.escalation.push({ afterMinutes: minutes, notify: row[who]!.slice(0, 300) });
        }
        continue;
      }
      const name = lower.findIndex((cell) => /^name|^contact|^person/.test(cell));
      const role = lower.findIndex((cell) => /role|team|responsib/.test(cell));
      if (!/contact|team/i.test(section.heading) || (name < 0 && role < 0)) continue;
      const email = lower.findIndex((cell) => /mail/.test(cell));
      const phone = lower.findIndex((cell) => /phone|mobile|pager/.test(cell));
      for (const row of body) {
        const who = (row[name >= 0 ? name : role] ?? '').slice(0, 120);
        if (!who || result.contacts.length >= 200) continue;
        result.contacts.push({ name: who, role: (role >= 0 && role !== name ? (row[role] ?? '') : '').slice(0, 120), email: (email >= 0 ? (row[email] ?? '') : '').slice(0, 200), phone: (phone >= 0 ? (row[phone] ?? '') : '').slice(0, 60) });
      }
    }
  }
}

/** "- **CTO:** cto@example.com" items under a contacts heading. */
function findContactLists(top: Section, result: Pick<RunbookImport, 'contacts'>): void {
  for (const section of walk(top)) {
    if (!/contact|response team/i.test(section.heading)) continue;
    for (const node of section.content) {
      if (node.type !== 'list') continue;
      for (const item of node.children) {
        const paragraph = item.children[0];
        if (paragraph?.type !== 'paragraph' || paragraph.children[0]?.type !== 'strong' || result.contacts.length >= 200) continue;
        const name = toString(paragraph.children[0]).replace(/[:\s]+$/, '').slice(0, 120);
        const rest = toString(paragraph).slice(toString(paragraph.children[0]).length).replace(/^[:\s]+/, '');
        const email = /[^\s<>()]+@[^\s<>()]+\.[a-z]{2,}/i.exec(rest)?.[0] ?? '';
        const phone = /\+?\d[\d\s().-]{6,}\d/.exec(rest)?.[0] ?? '';
        if (name) result.contacts.push({ name, role: section.heading.replace(/[:\s]+$/, '').slice(0, 120), email: email.slice(0, 200), phone: phone.slice(0, 60) });
      }
    }
  }
}

/**
 * Reads a Markdown runbook: the severity scheme, a playbook per scenario section (or one for the
 * whole runbook, titled from its H1, when its phases are not per scenario), message templates,
 * escalation and contacts tables. Pure: the caller reads the file and enforces the byte limit.
 */
export function importRunbook(text: string, source: string): RunbookImport {
  const parsed = parseMarkdown(text);
  const warnings: Warning[] = [...parsed.warnings];
  const top = sectionTree(parsed.root);
  const result: RunbookImport = { source: source.slice(0, 500) || 'runbook.md', severities: [], playbooks: [], templates: [], escalation: [], contacts: [], warnings };
  const found = findSeverities(top);
  result.severities = found.severities;
  for (const severity of found.severities) {
    if (severity.responseMinutes === null) warnings.push({ line: found.line, message: `the severity ${severity.level} names no response time${severity.responseText ? ` Firebreak can read ("${severity.responseText}")` : ''}: its SLA is left open` });
  }

  const h1 = top.children.find((section) => section.depth === 1);
  const title = stripNumbering(h1?.heading ?? '') || h1?.heading || 'Imported runbook';
  const ids = new Set<string>();
  const main: ImportedSection[] = [];
  const scenarios: ImportedPlaybook[] = [];
  const shared: ImportedSection[] = [];
  const claimed = new Set<Section>();
  const claim = (section: Section) => {
    claimed.add(section);
    for (const inner of walk(section)) claimed.add(inner);
  };

  for (const section of walk(top)) {
    if (claimed.has(section) || notPlaybook.test(section.heading) || /template/i.test(section.heading) || (templateHeading.test(section.heading) && !phaseOf(section.heading))) continue;
    if (isScenario(section)) {
      const sections: ImportedSection[] = [];
      sectionsOf(section, null, warnings, sections);
      claim(section);
      if (sections.length) scenarios.push({ id: '', title: scenarioTitle(section.heading).slice(0, 200), line: section.line, sections });
    } else if (section.depth > 1 && isPhaseContainer(section) && !scenarioParent.test(section.heading.replace(/response procedures/i, ''))) {
      for (const child of section.children) sectionsOf(child, null, warnings, main);
      claim(section);
    } else if (phaseOf(section.heading) !== null && section.depth <= 2) {
      sectionsOf(section, null, warnings, shared);
      claim(section);
    }
  }

  // Post-incident and other phase sections outside any scenario belong to the runbook's own playbook, or to every scenario when it has none.
  if (main.length || (shared.length && !scenarios.length)) {
    result.playbooks.push({ id: slugOf(title, ids), title: title.slice(0, 200), line: h1?.line ?? 1, sections: [...main, ...shared].slice(0, maxSections) });
  } else if (shared.length) {
    for (const scenario of scenarios) scenario.sections = [...scenario.sections, ...shared].slice(0, maxSections);
  }
  for (const scenario of scenarios.slice(0, 100 - result.playbooks.length)) result.playbooks.push({ ...scenario, id: slugOf(scenario.title, ids) });

  result.templates = findTemplates(top, new Set());
  findTables(top, result);
  findContactLists(top, result);
  if (!result.playbooks.length && !result.severities.length && !result.templates.length) {
    warnings.push({ line: null, message: 'no runbook structure found (no severity table, scenario or phase sections, or message templates): nothing to import' });
  }
  result.warnings = warnings.slice(0, 500);
  return result;
}

export { lineOf };
