import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// Times shown in a zone of the test's choosing, whatever the machine's.
const cli = (...args: string[]) => runCli(dataDir, args, { env: { TZ: 'Asia/Kolkata' } });

describe('firebreak timeline', () => {
  it('adds after the fact, lists by either clock in the local zone or UTC, tags, exports and imports back', () => {
    const id = cli('incident', 'declare', '--title', 'Invoice phishing', '--severity', 'P1', '--json').json.value.id as string;
    expect(cli('timeline', 'add', id, 'Dana opened the invoice mail', '--at', '2026-11-30T09:15:00+0200', '--technique', 'T1566', '--tag', 'phishing')).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^Added [0-9a-f]{12} \(happened 2026-11-30T09:15:00\+02:00, recorded 20.+\): Dana opened the invoice mail\nLinks: T1566 #phishing\n$/),
    });
    const beacon = cli('timeline', 'add', id, 'Beacon seen', '--at', '2026-11-29T22:40:00-05:00', '--json');
    expect(beacon.json.value).toMatchObject({ occurredAt: '2026-11-30T03:40:00.000Z', occurredOffset: '-05:00', retroactive: true });
    expect(cli('timeline', 'add', id, 'Typo', '--at', '2099-01-01T00:00:00Z')).toMatchObject({ status: 2, stderr: expect.stringContaining('is in the future by') });
    expect(cli('timeline', 'add', id, 'Linked to nothing', '--indicator', 'I4')).toMatchObject({ status: 2, stderr: 'firebreak: links.indicators: no indicator I4 in this incident; the incident holds no indicators yet\n' });

    const local = cli('timeline', 'list', id, '--type', 'timeline.entry');
    expect(local.status).toBe(0);
    expect(local.stdout.split('\n').slice(2, 4)).toEqual([
      expect.stringMatching(/^2026-11-30 09:10 \+05:30 \(given -05:00\) .* Beacon seen$/),
      expect.stringMatching(/^2026-11-30 12:45 \+05:30 \(given \+02:00\) .* T1566 #phishing +Dana opened the invoice mail$/),
    ]);
    expect(cli('timeline', 'list', id, '--utc', '--tag', 'phishing').stdout).toMatch(/^1 of \d+ entries on the timeline of .+\nHAPPENED.*\n2026-11-30 07:15 UTC \(given \+02:00\)/);
    expect(cli('timeline', 'list', id, '--sort', 'recorded', '--json').json.value.entries.map((entry: { type: string }) => entry.type).slice(-2)).toEqual(['timeline.entry', 'timeline.entry']);

    const hash = (beacon.json.value.hash as string).slice(0, 12);
    expect(cli('timeline', 'tag', id, hash, '--technique', 'T1071', '--tag', 'c2')).toMatchObject({ status: 0, stdout: expect.stringContaining('Links: T1071 #c2') });
    expect(cli('timeline', 'tag', id, hash, '--tag', 'c2', '--remove')).toMatchObject({ status: 0, stdout: expect.stringMatching(/Links: T1071\n$/) });

    const csv = cli('timeline', 'export', id, '--csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^2026-11-29T22:40:00-05:00,2026-11-30T03:40:00.000Z,.+,timeline.entry,,Beacon seen,,,T1071,,[0-9a-f]{64}$/);
    const file = path.join(dataDir, 'timeline.csv');
    const count = cli('timeline', 'list', id, '--json').json.value.total as number;
    expect(cli('timeline', 'export', id, '--csv', '-o', file)).toMatchObject({ status: 0, stdout: `Wrote ${count} entries of ${id} as CSV to ${file}\n` });
    expect(JSON.parse(cli('timeline', 'export', id, '--json').stdout)).toMatchObject({ incidentId: id, entries: expect.any(Array) });
    expect(cli('timeline', 'export', id)).toMatchObject({ status: 2, stderr: 'firebreak: give --csv or --json: the format of the export\n' });

    const fresh = cli('incident', 'declare', '--title', 'Copy', '--severity', 'P3', '--json').json.value.id as string;
    expect(cli('timeline', 'import', fresh, file)).toMatchObject({ status: 0, stdout: `Imported ${count} entries into ${fresh}\n` });
    expect(cli('timeline', 'list', fresh, '--utc', '--technique', 'T1071').stdout).toContain('2026-11-30 03:40 UTC (given -05:00)');
    fs.writeFileSync(file, 'occurred_at,text\r\n2026-11-30T10:00:00+25:00,bad offset\r\n');
    expect(cli('timeline', 'import', fresh, file, '--json')).toMatchObject({ status: 1, json: { ok: true, value: { imported: 0, rejected: [{ line: 2, reason: 'occurred_at: the offset +25:00 is not a time zone offset: they run from -12:00 to +14:00' }] } } });
    expect(cli('incident', 'verify', fresh, '--json').json.value).toMatchObject({ intact: true });
  });
});
