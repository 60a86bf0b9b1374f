import type { Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ImportedSeverity } from '../../contract';
import { levelPattern, responseMinutes } from './vocabulary';
import { lineOf, walk, type Section } from './sections';

const cells = (table: Table, row: number): string[] => (table.children[row]?.children ?? []).map((cell) => toString(cell).replace(/\s+/g, ' ').trim());
const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** "SEV-1 Critical" → level SEV-1, label Critical; "Critical" alone → level Critical, label from the description. */
function splitLevel(cell: string): { level: string; rest: string } | null {
  const match = levelPattern.exec(cell);
  if (!match) return null;
  const rest = (cell.slice(0, match.index) + cell.slice(match.index + match[0].length)).replace(/[()\-–:]+/g, ' ').replace(/\s+/g, ' ').trim();
  // "Critical (P0)": the code is the level, the word its label.
  const code = /\b(P[0-4]|SEV[- ]?[1-5]|S[1-5])\b/i.exec(cell);
  if (code && code[0] !== match[0]) return { level: code[0], rest: match[0] };
  return { level: match[0], rest };
}

function fromTable(table: Table): ImportedSeverity[] | null {
  const header = cells(table, 0).map((cell) => cell.toLowerCase());
  const levelColumn = header.findIndex((cell) => /level|severity|priority|sev\b/.test(cell));
  if (levelColumn < 0) return null;
  const responseColumn = header.findIndex((cell) => /response|time|sla/.test(cell));
  const labelColumn = header.findIndex((cell, index) => index !== levelColumn && /description|impact|meaning|definition|label/.test(cell));
  const severities: ImportedSeverity[] = [];
  for (let row = 1; row < table.children.length && severities.length < 20; row += 1) {
    const values = cells(table, row);
    const split = splitLevel(values[levelColumn] ?? '');
    if (!split) continue;
    const responseText = responseColumn >= 0 ? (values[responseColumn] ?? '') : '';
    severities.push({
      level: clip(split.level, 32),
      label: clip(split.rest || (labelColumn >= 0 ? (values[labelColumn] ?? '') : ''), 120),
      responseMinutes: responseText ? responseMinutes(responseText) : null,
      responseText: clip(responseText, 120),
    });
  }
  return severities.length >= 2 ? severities : null;
}

/** "Critical (P0) - Act Immediately" with "**Response Time: < 1 hour**" under it. */
function fromHeadings(parent: Section): ImportedSeverity[] | null {
  const severities: ImportedSeverity[] = [];
  for (const child of parent.children) {
    const split = splitLevel(child.heading);
    if (!split) continue;
    const body = child.content.map((node) => toString(node)).join('\n');
    const stated = /response(?:\s+time)?\s*[:=-]\s*([^\n]{1,60})/i.exec(`${child.heading}\n${body}`);
    const inHeading = /\b(?:act|respond)\b[^()]*$/i.exec(child.heading);
    const responseText = (stated?.[1] ?? inHeading?.[0] ?? '').replace(/[()]/g, '').trim();
    const label = split.rest.replace(/\b(?:act|respond)\b.*$/i, '').replace(/response time.*$/i, '').trim();
    severities.push({ level: clip(split.level, 32), label: clip(label, 120), responseMinutes: responseText ? responseMinutes(responseText) : null, responseText: clip(responseText, 120) });
  }
  return severities.length >= 2 ? severities.slice(0, 20) : null;
}

/** The first severity table, or the first run of severity headings, in document order. */
export function findSeverities(top: Section): { severities: ImportedSeverity[]; line: number | null } {
  for (const section of [top, ...walk(top)]) {
    for (const node of section.content) {
      if (node.type !== 'table') continue;
      const found = fromTable(node as Table);
      if (found) return { severities: found, line: lineOf(node) };
    }
    if (/severit|classification|priorit/i.test(section.heading)) {
      const found = fromHeadings(section);
      if (found) return { severities: found, line: section.line };
    }
  }
  return { severities: [], line: null };
}
