import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { lint } from 'markdownlint/sync';
import { gfm } from 'micromark-extension-gfm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedReport, VerifyResult } from '../../../src-main/contract';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';
import { scriptIncident } from './scriptedIncident';

/**
 * Golden files: the report and postmortem of a scripted incident, byte for byte.
 * After an intended change to the reports, regenerate them with
 *   UPDATE_GOLDEN=1 npx vitest run test/unit/reports/reportGolden.test.ts
 * and read the diff before committing it.
 */
const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'reports');

/**
 * The markdownlint rules the reports are held to: all of them except
 * MD013 (line length: a table row or a pasted note is one line by nature) and
 * MD034 (bare URLs: a responder's note may hold a URL; it stays text, as typed).
 */
export const markdownlintConfig = { default: true, MD013: false, MD034: false };

let t: TestContext;
let id: string;
let work: string;
const reports: Partial<Record<'incident' | 'postmortem', string>> = {};

/**
 * What differs between runs or machines, replaced deliberately: the temp folder the scan and the
 * evidence read (in the scan's and the custody's timeline lines), the host name the custody
 * entry records, the evidence id (random by design), the archive's hash (its tar headers
 * name the local user and group) and the seal (a digest of event hashes, which cover the evidence
 * id). Everything else comes from the test clock and fixed files.
 */
function normalise(markdown: string): string {
  const [archive] = callOk<{ items: { archiveSha256: string }[] }>(t, 'evidence.list', { incidentId: id }).items;
  const seal = /^Seal: ([0-9a-f]{64})/m.exec(markdown)?.[1] ?? '(no seal)';
  return markdown
    .split(seal)
    .join('<seal>')
    .split(work)
    .join('<work>')
    .split(` on ${os.hostname()}`)
    .join(' on <host>')
    .replace(/EV-[0-9a-f]{8}/g, 'EV-xxxxxxxx')
    .split(archive!.archiveSha256)
    .join('<archive-sha256>');
}

beforeAll(async () => {
  t = makeTestContext('2026-11-23T14:15:02.000Z');
  ({ id, work } = await scriptIncident(t));
  for (const kind of ['incident', 'postmortem'] as const) reports[kind] = callOk<RenderedReport>(t, 'report.render', { id, kind }).markdown;
}, 60_000);
afterAll(() => {
  t.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe.each(['incident', 'postmortem'] as const)('the %s report', (kind) => {
  const golden = path.join(fixtures, `${kind}.md`);

  it('matches its golden file byte for byte', () => {
    const markdown = normalise(reports[kind]!);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, markdown);
    expect(markdown).toBe(fs.readFileSync(golden, 'utf8'));
  });

  it('is the same bytes when rendered again, later', () => {
    t.advance(3 * 24 * 3_600_000);
    expect(callOk<RenderedReport>(t, 'report.render', { id, kind }).markdown).toBe(reports[kind]);
  });

  it('is the same bytes under another responder name and severity scheme: nothing comes from this laptop\'s settings', () => {
    callOk(t, 'settings.update', { responderName: 'Someone Else', activeSchemeId: 'sev-1-4' });
    expect(callOk<RenderedReport>(t, 'report.render', { id, kind }).markdown).toBe(reports[kind]);
    callOk(t, 'settings.update', { responderName: 'Ana Responder', activeSchemeId: 'p0-p3' });
  });

  it('passes markdownlint', () => {
    const results = lint({ strings: { [kind]: reports[kind]! }, config: markdownlintConfig });
    expect(results[kind]).toEqual([]);
  });

  it('never holds a secret value, only redacted previews and fingerprints', () => {
    expect(reports[kind]).not.toContain('AKIAIOSFODNN7EXAMPLF');
    expect(reports[kind]).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ');
    expect(reports[kind]).not.toContain('ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R');
  });
});

type Node = { type: string; depth?: number; value?: string; children?: Node[] };
const textOf = (node: Node): string => node.value ?? (node.children ?? []).map(textOf).join('');
const parse = (markdown: string) => fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as Node;

function tableAfter(root: Node, heading: string, nth = 0): string[][] {
  const children = root.children!;
  const start = children.findIndex((node) => node.type === 'heading' && textOf(node) === heading);
  expect(start, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const end = children.findIndex((node, index) => index > start && node.type === 'heading' && node.depth === 2);
  const tables = children.slice(start, end < 0 ? undefined : end).filter((node) => node.type === 'table');
  return tables[nth]!.children!.map((row) => row.children!.map(textOf));
}

describe('the incident report as a Markdown parser reads it', () => {
  it('has the sections of the runbooks, and user text with # or backticks stays in its heading', () => {
    const root = parse(reports.incident!);
    const headings = root.children!.filter((node) => node.type === 'heading').map((node) => `${node.depth} ${textOf(node)}`);
    expect(headings).toEqual([
      `1 Incident report: ${id} — Leaked \`deploy\` key | prod #1`,
      ...['Summary', 'Impact', 'Timeline', 'Root Cause', 'Detection', 'Response', 'Communications', 'Evidence', 'Scan Findings', 'Action Items', 'Prevention'].map((name) => `2 ${name}`),
    ]);
  });

  it('has one timeline row per event, in UTC with the zone named, and a | in a note stays inside its cell', () => {
    const rows = tableAfter(parse(reports.incident!), 'Timeline');
    const events = callOk<{ timeline: unknown[] }>(t, 'incident.get', { id }).timeline;
    expect(rows[0]).toEqual(['Time (UTC)', 'Actor', 'Event']);
    expect(rows).toHaveLength(events.length + 1);
    expect(rows[1]).toEqual(['2026-11-23 14:15:02 UTC', 'Ana Responder', 'Declared P1 — Leaked `deploy` key | prod #1']);
    expect(rows.every((row) => row.length === 3)).toBe(true);
    expect(rows.some((row) => row[2]!.startsWith('Skipped: ') && row[2]!.endsWith(': no CI logs | kept that long'))).toBe(true);
    expect(rows.some((row) => row[2] === 'Revoked the key in GitHub and told #security')).toBe(true);
    expect(rows.some((row) => row[2]!.length > 19_900)).toBe(true);
    expect(rows.some((row) => row[2] === 'Status update sent (#incident-42): next update due 15:06 UTC')).toBe(true);
  });

  it('states the SLA figures, evidence with SHA-256 and custody, findings counts and the action items', () => {
    const root = parse(reports.incident!);
    expect(tableAfter(root, 'Response')).toContainEqual(['Time to acknowledge', '4 min', '15 min (P0)', 'met']);
    const evidence = tableAfter(root, 'Evidence');
    expect(evidence[0]).toEqual(['ID', 'Archive', 'SHA-256', 'Files', 'Bytes', 'Chain of custody']);
    expect(evidence[1]![1]).toBe('evidence.tar.gz');
    expect(evidence[1]![2]).toMatch(/^[0-9a-f]{64}$/);
    // Custody in words, naming what was left out of the collection and to whom it was handed.
    expect(evidence[1]![5]).toMatch(/^2026-11-23 14:30 UTC Ana Responder: collected: 2 files from .*; left out: .*ci-logs \(no such file or folder\); 2026-11-23 14:30 UTC Ana Responder: handed over to Legal \(Dana\), sealed drive #4$/);
    expect(tableAfter(root, 'Scan Findings')[0]).toEqual(['Rule', 'Open', 'False positive', 'Sent to rotation']);
    expect(tableAfter(root, 'Action Items')[1]).toEqual(['A1', 'Add a pre-commit secret scan | to every repo', 'Ben', '2026-12-01', 'open']);
  });

  it('leaves the incident verifiable', () => {
    expect(callOk<VerifyResult>(t, 'incident.verify', { id })).toMatchObject({ intact: true, mismatches: [] });
  });
});
