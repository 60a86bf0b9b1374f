import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { startDrill } from '../support/drillScript';
import { makeTestContext, type TestContext } from '../support/serviceContext';

/** The issue: a drill incident is marked as such on every export. Evidence collected while rehearsing is one. */

let t: TestContext;
beforeEach(() => {
  t = makeTestContext('2026-12-01T09:00:00.000Z');
});
afterEach(() => t.close());

describe('exports of a drill', () => {
  it("evidence collected in a drill says so in its manifest, so it is never taken for a real incident's evidence", async () => {
    const { id } = startDrill(t, 'leaked-api-key');
    const work = fs.mkdtempSync(path.join(t.dataDir, 'work-'));
    fs.mkdirSync(path.join(work, 'logs'));
    fs.writeFileSync(path.join(work, 'logs', 'access.log'), 'GET /v1/customers 200\n');
    const output = path.join(work, 'collected.tar.gz');
    const result = await dispatchAsync(t.ctx, 'evidence.collect', { paths: [path.join(work, 'logs')], output, incidentId: id });
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
    const { manifestFile } = (result as { value: { manifestFile: string } }).value;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    expect(manifest.incidentId).toBe(id);
    // Any field will do (a kind, a DRILL flag): the file alone must tell a reader this was an exercise.
    expect(JSON.stringify(manifest)).toMatch(/drill/i);
  });
});
