import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportedReport, Incident, RenderedReport } from '../../src-main/contract';
import { appendEvent } from '../../src-main/store/eventLog';
import { writeTransaction } from '../../src-main/store/transaction';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';
import { scaled } from '../support/torture';

// A long incident: thousands of timeline entries, some of them pasted walls of text.
const notes = scaled(3_000, 30_000);
let t: TestContext;
let id: string;

beforeAll(() => {
  t = makeTestContext();
  id = callOk<Incident>(t, 'incident.declare', { title: 'A week-long incident', severity: 'P1' }).id;
  // Appended as the note operation appends them, in batches: the operation's own cost is not what is measured here.
  const at = Date.parse('2026-11-23T14:16:00.000Z');
  writeTransaction(t.ctx.db, () => {
    for (let i = 0; i < notes; i += 1) {
      const text = i % 500 === 0 ? `pasted | ${'log line '.repeat(2_000)}` : `note ${i}: checked host-${i} | nothing \`odd\``;
      appendEvent(t.ctx.db, { incidentId: id, type: 'incident.noteAdded', at: new Date(at + i * 1_000).toISOString(), actor: 'Ana', deviceId: t.ctx.deviceId, payload: { text } });
    }
  });
}, 120_000);
afterAll(() => t.close());

describe(`a report of an incident with ${notes} timeline entries`, () => {
  it('renders in well under a few seconds with every entry its own table row', () => {
    const started = performance.now();
    const { markdown } = callOk<RenderedReport>(t, 'report.render', { id, kind: 'incident' });
    const elapsed = performance.now() - started;
    console.log(`report of ${notes + 2} events: ${(markdown.length / 1e6).toFixed(1)} MB of Markdown in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(scaled(5_000, 30_000));
    const root = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    const timeline = root.children.find((node) => node.type === 'table')!;
    expect(timeline.type === 'table' && timeline.children.length).toBe(notes + 3);
  }, 120_000);

  it('is exported whole: the file holds exactly the rendered bytes and no temporary is left', async () => {
    const result = await dispatchAsync(t.ctx, 'report.export', { id });
    if (!result.ok) throw new Error(result.error.message);
    const exported = result.value as ExportedReport;
    const bytes = fs.readFileSync(exported.path);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(exported.sha256);
    expect(bytes.toString('utf8')).toBe(callOk<RenderedReport>(t, 'report.render', { id, kind: 'incident' }).markdown);
    expect(fs.readdirSync(`${t.dataDir}/exports`)).toEqual([`${id}-report.md`]);
  }, 120_000);
});
