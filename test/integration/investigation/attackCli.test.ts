import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { tempDataDir } from '../../support/consoleServer';

const fixtures = path.resolve('test', 'fixtures', 'attack');
const work = tempDataDir('firebreak-attack-cli-');
const dataDir = path.join(work, 'data');
const cli = (...args: string[]) => runCli(dataDir, args);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('firebreak attack', () => {
  it('says no catalogue is imported, and that an id is still accepted by format', () => {
    const byId = cli('attack', 'search', 't1059');
    expect(byId.status).toBe(0);
    expect(byId.stdout).toBe('no catalogue imported: import one with firebreak attack import FILE; the id is accepted by format.\n');
    expect(cli('attack', 'search', 'phishing').stdout).toBe('no catalogue imported: import one with firebreak attack import FILE.\n');
    expect(cli('attack', 'search', 'T1059', '--json').json).toEqual({ ok: true, value: { techniques: [], catalogue: null } });
  });

  it('imports a bundle, printing the counts and the version', () => {
    const run = cli('attack', 'import', path.join(fixtures, 'small-enterprise.json'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Imported ATT&CK v16.1, 9 techniques from small-enterprise.json; 12 other objects skipped');
  });

  it('searches by id and by name as a table of ID, NAME and TACTICS, deprecated ones marked and last', () => {
    const byId = cli('attack', 'search', 'T1059');
    expect(byId.status).toBe(0);
    const lines = byId.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+TACTICS$/);
    expect(lines[1]).toMatch(/^T1059\s+Command and Scripting Interpreter\s+execution$/);
    expect(lines[2]).toMatch(/^T1059\.001\s+PowerShell\s+execution$/);
    expect(lines[3]).toMatch(/^T1059\.003\s+Windows Command Shell\s+execution$/);
    expect(lines[4]).toBe('3 techniques · ATT&CK v16.1, 9 techniques from small-enterprise.json');
    const byName = cli('attack', 'search', 'Scripting');
    expect(byName.stdout).toMatch(/T1059\s+Command and Scripting Interpreter\s+execution\nT1064\s+Scripting \(deprecated\)\s+defense-evasion, execution\n/);
    const limited = cli('attack', 'search', 'T1566', '--limit', '1', '--json');
    expect(limited.json.value.techniques.map((t: { id: string }) => t.id)).toEqual(['T1566']);
    expect(cli('attack', 'search', 'kerberoasting').stdout).toBe('No technique matches "kerberoasting" in ATT&CK v16.1, 9 techniques from small-enterprise.json.\n');
  });

  it('exits 2 on a malformed bundle, saying where, and keeps the catalogue', () => {
    const run = cli('attack', 'import', path.join(fixtures, 'truncated.json'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^firebreak: .*truncated\.json: not valid JSON at line 265, column 17 \(Unterminated string\)\. Nothing was imported; the catalogue held is unchanged\.\n$/);
    const json = cli('attack', 'import', path.join(fixtures, 'bad-id.json'), '--json');
    expect(json.json).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('"T15660" is not an ATT&CK technique id') } });
    expect(cli('attack', 'search', 'T1190').stdout).toMatch(/^ID.*\nT1190\s+Exploit Public-Facing Application\s+initial-access\n/);
    const badLimit = cli('attack', 'search', 'x', '--limit', '0');
    expect(badLimit.status).toBe(2);
    expect(badLimit.stderr).toContain('limit must be a whole number from 1 to 200');
  });
});
