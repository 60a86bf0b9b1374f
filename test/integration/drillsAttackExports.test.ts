import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceVerifyResult } from '../../src-main/contract';
import { dispatchAsync } from '../../src-main/services/dispatch';
import { startDrill } from '../support/drillScript';
import { callOk, makeTestContext, type TestContext } from '../support/serviceContext';

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

  it("verify says a drill's evidence is a drill's; a real incident's manifest and verify carry no such mark", async () => {
    const { id: drillId } = startDrill(t, 'leaked-api-key');
    const real = callOk<{ id: string }>(t, 'incident.declare', { title: 'Real leak', severity: 'P1' }).id;
    const work = fs.mkdtempSync(path.join(t.dataDir, 'work-'));
    fs.writeFileSync(path.join(work, 'access.log'), 'GET /v1/customers 200\n');
    const collected = async (incidentId: string, name: string) => {
      const output = path.join(work, name);
      const result = await dispatchAsync(t.ctx, 'evidence.collect', { paths: [path.join(work, 'access.log')], output, incidentId });
      expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
      const verified = await dispatchAsync(t.ctx, 'evidence.verify', { archive: output });
      expect(verified.ok, verified.ok ? '' : verified.error.message).toBe(true);
      const manifest = JSON.parse(fs.readFileSync((result as { value: { manifestFile: string } }).value.manifestFile, 'utf8')) as Record<string, unknown>;
      return { manifest, verified: (verified as { value: EvidenceVerifyResult }).value };
    };
    const drill = await collected(drillId, 'drill.tar.gz');
    expect({ drill: drill.manifest.drill, intact: drill.verified.intact, collection: drill.verified.collection?.drill }).toEqual({ drill: true, intact: true, collection: true });
    const ordinary = await collected(real, 'real.tar.gz');
    expect({ hasDrill: 'drill' in ordinary.manifest, intact: ordinary.verified.intact, collection: ordinary.verified.collection && 'drill' in ordinary.verified.collection }).toEqual({ hasDrill: false, intact: true, collection: false });
  });
});
