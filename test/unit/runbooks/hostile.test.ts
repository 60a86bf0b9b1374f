import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbookImport, type RunbookImport } from '../../../src-main/contract';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { makeTestContext, type TestContext } from '../../support/serviceContext';

// Documents that are not runbooks: each gives a clear result or a precise error, quickly.
let t: TestContext;
let dir: string;
beforeAll(() => {
  t = makeTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-runbooks-'));
});
afterAll(() => {
  t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function preview(file: string) {
  const started = Date.now();
  const envelope = await dispatchAsync(t.ctx, 'playbook.importPreview', { file });
  return { envelope: envelope as { ok: true; value: RunbookImport } | { ok: false; error: { code: string; message: string } }, ms: Date.now() - started };
}

describe('playbook.importPreview on documents that are not runbooks', () => {
  it("this repository's README: an empty result with a warning that says so", async () => {
    const { envelope } = await preview(path.join(__dirname, '../../../README.md'));
    expect(envelope.ok).toBe(true);
    if (!envelope.ok) return;
    expect(envelope.value).toMatchObject({ severities: [], playbooks: [], templates: [] });
    expect(envelope.value.warnings.at(-1)!.message).toMatch(/^no runbook structure found/);
  });

  it('an empty file: an empty result with the same warning', async () => {
    const { envelope } = await preview(write('empty.md', ''));
    expect(envelope).toMatchObject({ ok: true, value: { playbooks: [], warnings: [{ line: null, message: expect.stringMatching(/^no runbook structure found/) }] } });
  });

  it('a 50 MB file is refused by its size without being read', async () => {
    const file = path.join(dir, 'huge.md');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 50 * 1024 * 1024);
    // Refused on its size: no time limit here (one of 1 s failed at 1,058 ms beside other test files),
    // and reading 50 MB of zeros would take well under one anyway.
    const { envelope } = await preview(file);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/is 50\.0 MB, larger than the 256 KB a runbook may be: refused without reading it/) } });
  });

  it('binary data (NUL bytes) and invalid UTF-8 are refused, naming the line', async () => {
    const binary = await preview(write('image.md', Buffer.from('PK\x03\x04\n\x00\x01', 'latin1')));
    expect(binary.envelope).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('image.md:2 holds a NUL byte: binary data, not a text file') } });
    const latin1 = await preview(write('latin1.md', Buffer.from('# Runbook\n\nCaf\xe9 outage\n', 'latin1')));
    expect(latin1.envelope).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining(':3 is not valid UTF-8 text') } });
  });

  it('a missing file, a folder: precise errors', async () => {
    expect((await preview(path.join(dir, 'nope.md'))).envelope).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('does not exist') } });
    expect((await preview(dir)).envelope).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('is a folder, not a file') } });
  });

  it('10,000-deep nested lists are refused before parsing, quickly', async () => {
    let text = '# Runbook\n\n## Containment\n\n';
    for (let depth = 0; depth < 10_000; depth += 1) text += `${'  '.repeat(depth)}- level ${depth}\n`;
    // Smaller than the size limit, so it is the nesting check that refuses it.
    const file = write('deep.md', text.slice(0, 200 * 1024));
    const { envelope, ms } = await preview(file);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/nests lists or quotes deeper than 128 columns at line \d+/) } });
    expect(ms).toBeLessThan(2_000);
  });

  it('quote markers nested 10,000 deep are refused the same way', async () => {
    const { envelope } = await preview(write('quotes.md', `# Runbook\n\n${'>'.repeat(10_000)} deep\n`));
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('line 3') } });
  });

  it('a table of 10,000 rows is read up to its first rows, with a warning, in well under a few seconds', async () => {
    let text = '# Runbook\n\n## Severity Levels\n\n| Level | Response Time |\n|---|---|\n| P0 | < 15 min |\n| P1 | < 1 hour |\n';
    for (let row = 0; row < 10_000; row += 1) text += `| P3 | ${row} days |\n`;
    const { envelope, ms } = await preview(write('table.md', text));
    expect(envelope.ok).toBe(true);
    if (!envelope.ok) return;
    expect(envelope.value.severities.slice(0, 2)).toEqual([
      { level: 'P0', label: '', responseMinutes: 15, responseText: '< 15 min' },
      { level: 'P1', label: '', responseMinutes: 60, responseText: '< 1 hour' },
    ]);
    expect(envelope.value.severities).toHaveLength(20);
    // Header at line 5: 202 table lines are read, line 207 is the first one cut.
    expect(envelope.value.warnings[0]).toEqual({ line: 207, message: 'a table longer than 200 rows: the rows from here on were not read' });
    expect(ms).toBeLessThan(3_000);
  });

  it('thousands of steps in one section are capped with a warning, and the preview still fits the contract', async () => {
    let text = '# Runbook\n\n## Containment\n\n';
    for (let step = 1; step <= 2_000; step += 1) text += `${step}. Block host ${step}\n`;
    const { envelope } = await preview(write('many.md', text));
    expect(envelope.ok).toBe(true);
    if (!envelope.ok) return;
    expect(envelope.value.playbooks[0]!.sections[0]!.steps).toHaveLength(500);
    expect(envelope.value.warnings).toContainEqual({ line: 3, message: '"Containment" has 2000 steps: only the first 500 were kept' });
    expect(runbookImport.safeParse(envelope.value).success).toBe(true);
  });
});

describe('ambiguous severities', () => {
  it('a level without a response time Firebreak can read is kept with a warning', async () => {
    const { envelope } = await preview(write('vague.md', '# Runbook\n\n| Severity | Response |\n|---|---|\n| P0 | at once |\n| P1 | < 4 hours |\n| P2 | when convenient |\n'));
    expect(envelope).toMatchObject({ ok: true, value: { severities: [{ level: 'P0', responseMinutes: 0 }, { level: 'P1', responseMinutes: 240 }, { level: 'P2', responseMinutes: null }] } });
    if (!envelope.ok) return;
    expect(envelope.value.warnings).toContainEqual({ line: 3, message: 'the severity P2 names no response time Firebreak can read ("when convenient"): its SLA is left open' });
  });
});

describe('text the contract refuses', () => {
  it('terminal escapes and tabs in headings and commands are cleaned, so the preview can be saved as it is', async () => {
    const text = '# Runbook\n\n## Phase\t1: Containment\n\n1. Block the host\n   ```bash\n   echo -e "\x1b[31mblocked\x1b[0m"\n   ```\n';
    const { envelope } = await preview(write('escapes.md', text));
    expect(envelope.ok).toBe(true);
    if (!envelope.ok) return;
    expect(envelope.value.playbooks[0]!.sections[0]).toMatchObject({ heading: 'Phase 1: Containment', phase: 'Contain', steps: [{ text: 'Block the host', command: 'echo -e "[31mblocked[0m"' }] });
    expect(envelope.value.warnings).toContainEqual({ line: 7, message: 'control characters (a terminal escape?) were dropped from the runbook' });
    expect(await dispatchAsync(t.ctx, 'playbook.importSave', { runbook: envelope.value })).toMatchObject({ ok: true, value: { playbooks: ['runbook'] } });
  });
});
