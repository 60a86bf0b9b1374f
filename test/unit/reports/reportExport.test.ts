import fs from 'node:fs';
import path from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { lint } from 'markdownlint/sync';
import { gfm } from 'micromark-extension-gfm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportedReport, Incident, RenderedReport } from '../../../src-main/contract';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);

beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

describe('report.export', () => {
  it('writes into the data dir\'s exports/ folder by default, the same bytes report.render gives', async () => {
    const { id } = call<Incident>('incident.declare', { title: 'Disk full', severity: 'P2' });
    const result = await dispatchAsync(t.ctx, 'report.export', { id, kind: 'postmortem' });
    expect(result.ok).toBe(true);
    const exported = (result as { value: ExportedReport }).value;
    expect(exported.path).toBe(path.join(t.dataDir, 'exports', `${id}-postmortem.md`));
    expect(fs.readFileSync(exported.path, 'utf8')).toBe(call<RenderedReport>('report.render', { id, kind: 'postmortem' }).markdown);
  });

  it("refuses the console's own database files and internal folders, and writes beside them", async () => {
    const { id } = call<Incident>('incident.declare', { title: 'Disk full', severity: 'P2' });
    const database = fs.readdirSync(t.dataDir).find((name) => name.endsWith('.sqlite'))!;
    fs.mkdirSync(path.join(t.dataDir, 'keys'), { recursive: true });
    const link = path.join(path.dirname(t.dataDir), `${path.basename(t.dataDir)}-link`);
    fs.symlinkSync(t.dataDir, link);
    const refused = async (destination: string) => {
      const result = await dispatchAsync(t.ctx, 'report.export', { id, kind: 'postmortem', destination });
      return result.ok ? 'written' : `${result.error.code}: ${result.error.message.replace(fs.realpathSync(t.dataDir), '<data>')}`;
    };
    try {
      expect(await refused(path.join(t.dataDir, database))).toMatch(/^invalid-input: <data>\/firebreak\.sqlite is the console's own database: write the report to another file/);
      expect(await refused(path.join(link, `${database}-wal`))).toMatch(/^invalid-input: <data>\/firebreak\.sqlite-wal is the console's own database/);
      expect(await refused(path.join(t.dataDir, 'keys', 'evidence-ed25519.pem'))).toMatch(/^invalid-input: <data>\/keys\/evidence-ed25519\.pem is inside the console's own keys folder/);
      expect(await refused(path.join(t.dataDir, 'keys'))).toMatch(/is inside the console's own keys folder/);
      expect(fs.readFileSync(path.join(t.dataDir, database)).subarray(0, 15).toString()).toBe('SQLite format 3');
      // Beside the database, in the data dir itself, is an ordinary file.
      expect(await refused(path.join(t.dataDir, 'postmortem.md'))).toBe('written');
    } finally {
      fs.rmSync(link);
    }
  });
});

describe('text a responder typed cannot break the report\'s structure', () => {
  const hostile = [
    '## Root Cause injected',
    '| a | b |\n| --- | --- |',
    '```\ncode fence',
    '<script>alert(1)</script>',
    '    indented code',
    '1. numbered\n- bullet\n> quote\n===',
    '*emphasis* _under_ ~~strike~~ [link](http://example.com) ![img](x.png)',
    '\\ back\\slash\\',
    'AT&amp;T &#35; entity',
  ];

  it.each(hostile)('%j in the title, description, notes and reasons', (text) => {
    const { id } = call<Incident>('incident.declare', { title: text.split('\n')[0]!, severity: 'P1', description: text, commander: text.split('\n')[0]! });
    call('incident.addNote', { id, text });
    const steps = call<{ steps: { id: string }[] }>('checklist.get', { id }).steps;
    call('checklist.change', { id, stepId: steps[0]!.id, change: 'skip', reason: text.replace(/\n/g, ' ') });
    for (const kind of ['incident', 'postmortem'] as const) {
      const { markdown } = call<RenderedReport>('report.render', { id, kind });
      const root = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
      const types = root.children.map((node) => node.type);
      // Only the blocks the report itself makes: no code, HTML, quote or rule from user text.
      expect(new Set(types)).toEqual(new Set(['heading', 'paragraph', 'list', 'table']));
      expect(root.children.filter((node) => node.type === 'heading')).toHaveLength(kind === 'incident' ? 12 : 11);
      for (const table of root.children.filter((node) => node.type === 'table')) {
        const width = table.children[0]!.children.length;
        expect(table.children.every((row) => row.children.length === width)).toBe(true);
      }
      // What was typed is what a reader sees: an entity stays as typed, not decoded.
      if (text.startsWith('AT&amp;T')) expect(JSON.stringify(root)).toContain('AT&amp;T &#35; entity');
      const results = lint({ strings: { report: markdown }, config: { default: true, MD013: false, MD034: false } });
      expect(results.report).toEqual([]);
    }
  });
});
