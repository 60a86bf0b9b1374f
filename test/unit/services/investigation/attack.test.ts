import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Asset, AttackImportResult, AttackSearchResult, Envelope, Incident } from '../../../../src-main/contract';
import { dispatch, dispatchAsync } from '../../../../src-main/services/dispatch';
import { checkTechniques } from '../../../../src-main/services/investigation/techniqueCheck';
import { callOk, makeTestContext, type TestContext } from '../../../support/serviceContext';

const fixtures = path.resolve('test', 'fixtures', 'attack');
const small = path.join(fixtures, 'small-enterprise.json');
let t: TestContext;
beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

const importBundle = (file: string) => dispatchAsync(t.ctx, 'attack.import', { path: file }) as Promise<Envelope<AttackImportResult>>;
function search(text: string, limit?: number): AttackSearchResult {
  const envelope = dispatch(t.ctx, 'attack.search', { text, limit }) as Envelope<AttackSearchResult>;
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}
const ids = (text: string, limit?: number) => search(text, limit).techniques.map((technique) => technique.id);
function writeBundle(name: string, content: string | Buffer): string {
  const file = path.join(t.dataDir, name);
  fs.writeFileSync(file, content);
  return file;
}
function errorOf(envelope: Envelope<unknown>): string {
  if (envelope.ok) throw new Error('expected a refusal');
  return `${envelope.error.code}: ${envelope.error.message}`;
}

describe('attack.import', () => {
  it('imports the fixture: counts, version, source and time, and says so to watching windows', async () => {
    const envelope = await importBundle(small);
    expect(envelope).toEqual({ ok: true, value: { catalogue: { techniques: 9, version: '16.1', source: 'small-enterprise.json', importedAt: '2026-11-23T14:15:02.000Z' }, skipped: 12 } });
    expect(t.events.filter((event) => event.type === 'job.progress').at(-1)).toMatchObject({ operation: 'attack.import', done: 3, total: 3 });
  });

  it('refuses each malformed bundle precisely and keeps the catalogue held', async () => {
    await importBundle(small);
    const refusals = [
      [path.join(fixtures, 'truncated.json'), /truncated\.json: not valid JSON at line 265, column 17 \(Unterminated string\)\. Nothing was imported; the catalogue held is unchanged\.$/],
      [path.join(fixtures, 'not-a-bundle.json'), /not a STIX bundle/],
      [path.join(fixtures, 'no-techniques.json'), /no ATT&CK techniques/],
      [path.join(fixtures, 'bad-id.json'), /objects\[9\] .*"T15660" is not an ATT&CK technique id/],
      [path.join(fixtures, 'nameless.json'), /technique T1078 has no name/],
      [writeBundle('latin1.json', Buffer.concat([Buffer.from('{"type": "bundle", "objects": [{"name": "caf'), Buffer.from([0xe9]), Buffer.from('"}]}')])), /not UTF-8 text: an invalid byte at offset 44\./],
      [writeBundle('deep.json', `{"type": "bundle", "objects": [{"a": "[[{", "b": ${'['.repeat(200_000)}${']'.repeat(200_000)}}]}`), /deep\.json: nested more than 64 levels deep at byte offset 110: not a STIX bundle\./],
      [writeBundle('empty.json', ''), /not valid JSON: it ends at line 1, column 1 before the JSON is complete/],
      [writeBundle('extra.json', '{"type": "bundle", "objects": []}\n}'), /not valid JSON at line 2, column 1/],
    ] as const;
    for (const [file, expected] of refusals) {
      const envelope = await importBundle(file);
      expect(errorOf(envelope)).toMatch(/^invalid-input: /);
      expect(errorOf(envelope)).toMatch(expected);
    }
    expect(search('T1059').catalogue).toMatchObject({ techniques: 9, version: '16.1' });
    expect(ids('T1059')).toEqual(['T1059', 'T1059.001', 'T1059.003']);
  });

  it('refuses a file over 256 MB without reading it, a folder, a missing file and a relative path', async () => {
    const huge = path.join(t.dataDir, 'huge.json');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 300 * 1024 * 1024); // sparse: nothing is written
    expect(errorOf(await importBundle(huge))).toMatch(/huge\.json: 300\.0 MB, larger than the 256\.0 MB limit for an ATT&CK bundle/);
    expect(errorOf(await importBundle(t.dataDir))).toMatch(/not a regular file/);
    expect(errorOf(await importBundle(path.join(t.dataDir, 'nowhere.json')))).toMatch(/^not-found: .*nowhere\.json does not exist/);
    expect(errorOf(await importBundle('enterprise-attack.json'))).toMatch(/must be an absolute path/);
    expect(search('T1059').catalogue).toBeNull();
  });

  it('stops when cancelled, keeping the catalogue held', async () => {
    await importBundle(small);
    const ics = writeBundle('ics.json', JSON.stringify({ type: 'bundle', objects: [{ type: 'attack-pattern', name: 'Activate Firmware Update Mode', external_references: [{ source_name: 'mitre-attack', external_id: 'T0800' }] }] }));
    const running = importBundle(ics);
    const started = t.events.filter((event) => event.type === 'job.progress').at(-1) as { jobId: string; message: string };
    expect(started.message).toBe('Reading ics.json…');
    expect(dispatch(t.ctx, 'jobs.cancel', { jobId: started.jobId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(errorOf(await running)).toBe('cancelled: ATT&CK import cancelled: the catalogue held is unchanged');
    expect(search('T0800').catalogue).toMatchObject({ source: 'small-enterprise.json', techniques: 9 });
  });

  it('replaces the whole catalogue: techniques gone from the new bundle are gone', async () => {
    await importBundle(small);
    const other = { type: 'bundle', id: 'bundle--3', objects: [{ type: 'attack-pattern', id: 'attack-pattern--1', name: 'Activate Firmware Update Mode', external_references: [{ source_name: 'mitre-attack', external_id: 'T0800' }] }] };
    const envelope = await importBundle(writeBundle('ics.json', JSON.stringify(other)));
    expect(envelope).toMatchObject({ ok: true, value: { catalogue: { techniques: 1, version: null, source: 'ics.json' }, skipped: 0 } });
    expect(ids('T1059')).toEqual([]);
    expect(ids('firmware')).toEqual(['T0800']);
  });
});

describe('attack.search', () => {
  it('answers with no catalogue and no techniques before any import', () => {
    expect(search('T1059')).toEqual({ techniques: [], catalogue: null });
    expect(search('phishing')).toEqual({ techniques: [], catalogue: null });
  });

  it('finds by id in any case, a parent followed by its sub-techniques, a sub-technique alone', async () => {
    await importBundle(small);
    expect(ids('t1566')).toEqual(['T1566', 'T1566.001', 'T1566.002']);
    expect(ids(' T1059.001 ')).toEqual(['T1059.001']);
    expect(ids('T1566', 2)).toEqual(['T1566', 'T1566.001']);
    expect(ids('T1086')).toEqual([]); // revoked: not imported
    expect(search('T1059.001').techniques[0]).toMatchObject({ name: 'PowerShell', parent: 'T1059', tactics: ['execution'] });
  });

  it('finds by every word of the name, case-insensitive, ranked exact, starts with, contains, deprecated last', async () => {
    await importBundle(small);
    expect(ids('SPEARPHISHING link')).toEqual(['T1566.002']);
    expect(ids('phishing')).toEqual(['T1566', 'T1566.001', 'T1566.002']);
    expect(ids('scripting')).toEqual(['T1059', 'T1064']);
    expect(ids('script')).toEqual(['T1059', 'T1064']);
    expect(ids('command')).toEqual(['T1059', 'T1059.003']);
    expect(ids('shell command')).toEqual(['T1059.003']);
    expect(ids('account')).toEqual(['T1078']);
    expect(ids('kerberoasting')).toEqual([]);
    expect(ids('%')).toEqual([]); // no wildcard: the text is matched as written
  });
});

describe('technique ids against the catalogue', () => {
  it('accepts every well-formed id without a catalogue', () => {
    expect(() => checkTechniques(t.ctx, ['T1999', 'T1059.999'])).not.toThrow();
  });

  it('refuses ids the catalogue does not hold, naming the field, and accepts held and deprecated ones', async () => {
    await importBundle(small);
    expect(() => checkTechniques(t.ctx, ['T1059', 'T1064', 'T1566.001'])).not.toThrow();
    expect(() => checkTechniques(t.ctx, ['T1999'])).toThrow('T1999 is not in the imported ATT&CK catalogue (v16.1, 9 techniques)');
    try {
      checkTechniques(t.ctx, ['T1059', 'T1059.999', 'T1086'], 'links.techniques');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'invalid-input',
        fields: [
          { field: 'links.techniques.1', message: 'T1059.999 is not in the imported ATT&CK catalogue (v16.1, 9 techniques) (it holds T1059)' },
          { field: 'links.techniques.2', message: 'T1086 is not in the imported ATT&CK catalogue (v16.1, 9 techniques)' },
        ],
      });
    }
  });
});

describe('technique ids taken by an operation (asset.add, asset.update through dispatch)', () => {
  function declare(): string {
    callOk(t, 'settings.update', { responderName: 'Ana' });
    return callOk<Incident>(t, 'incident.declare', { title: 'Web shell', severity: 'P1' }).id;
  }

  it('takes any well-formed id without a catalogue, and refuses ids outside an imported one with the field named', async () => {
    const incidentId = declare();
    expect(callOk<Asset>(t, 'asset.add', { incidentId, kind: 'host', name: 'web-01', techniques: ['t1999'] }).techniques).toEqual(['T1999']);
    await importBundle(small);
    const refused = dispatch(t.ctx, 'asset.add', { incidentId, kind: 'host', name: 'web-02', techniques: ['T1190', 'T1999'] });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'T1999 is not in the imported ATT&CK catalogue (v16.1, 9 techniques)',
        fields: [{ field: 'techniques.1', message: 'T1999 is not in the imported ATT&CK catalogue (v16.1, 9 techniques)' }],
      },
    });
    // Nothing was recorded for the refused add; a deprecated id is taken.
    expect(callOk<Asset>(t, 'asset.add', { incidentId, kind: 'host', name: 'web-02', techniques: ['T1190', 'T1064'] })).toMatchObject({ id: 'S2', techniques: ['T1190', 'T1064'] });
    expect(dispatch(t.ctx, 'asset.update', { incidentId, assetId: 'S1', techniques: ['T1059.999'] })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('(it holds T1059)') } });
  });
});
