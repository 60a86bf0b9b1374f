import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(dataDir, args);
const file = (name: string, content: string | Buffer) => {
  const at = path.join(dataDir, name);
  fs.writeFileSync(at, content);
  return at;
};

describe('firebreak ioc', () => {
  it('adds with detection, lists defanged, imports a file or stdin with counts and rejected lines, updates, with house exit codes', () => {
    const id = cli('incident', 'declare', '--title', 'Phishing wave', '--severity', 'P2', '--json').json.value.id as string;
    expect(cli('ioc', 'list', id)).toMatchObject({ status: 0, stdout: expect.stringContaining(`Add one with: firebreak ioc add ${id} VALUE`) });
    expect(cli('ioc', 'add', id, 'hxxps://login.evil[.]example/reset', '--tlp', 'red', '--tag', 'c2', '--tag', 'lure')).toMatchObject({ status: 0, stdout: 'Added I1 url hxxps://login[.]evil[.]example/reset TLP:RED, tags c2 lure\n' });
    expect(cli('ioc', 'add', id, '999.1.1.1')).toMatchObject({ status: 2, stderr: expect.stringContaining('not an IPv4 address: 999 is more than 255') });
    expect(cli('ioc', 'add', id, 'alice', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: 'no indicator type fits; add it with --type text' } } });
    expect(cli('ioc', 'add', id, 'CORP\\alice', '--type', 'account', '--json')).toMatchObject({ status: 0, json: { ok: true, value: { id: 'I2', type: 'account', value: 'CORP\\alice' } } });

    const list = file('list.txt', ['# gateway export', '203.0.113.7', '203.0.113[.]7 # again', 'evil[.]example', '1.2.3', ''].join('\n'));
    const dry = cli('ioc', 'import', id, list, '--dry-run', '--json');
    expect(dry).toMatchObject({ status: 1, json: { ok: true, value: { accepted: 3, added: 2, merged: 1, byType: { ip: 2, domain: 1 }, rejected: [{ line: 5, text: '1[.]2[.]3', reason: 'looks like an IPv4 address but has 3 parts (an IPv4 address has 4)' }] } } });
    expect(cli('ioc', 'list', id, '--json').json.value.indicators).toHaveLength(2);

    const imported = cli('ioc', 'import', id, list);
    expect(imported.status).toBe(1);
    expect(imported.stdout).toBe(
      [
        'Added 2 indicator(s) from 3 line(s); 1 merged into one already held or listed earlier; 1 line(s) rejected.',
        '  ip: 2',
        '  domain: 1',
        'Rejected:',
        '  line 5: 1[.]2[.]3 — looks like an IPv4 address but has 3 parts (an IPv4 address has 4)',
        '',
      ].join('\n'),
    );
    expect(runCli(dataDir, ['ioc', 'import', id, '-', '--tlp', 'green'], { input: 'mailto:soc@example.com\n' })).toMatchObject({ status: 0, stdout: expect.stringContaining('Added 1 indicator(s) from 1 line(s)') });

    const table = cli('ioc', 'list', id);
    expect(table.stdout).toContain('5 indicator(s) in');
    expect(table.stdout).toMatch(/I3 +ip +TLP:AMBER +1 +- +203\.0\.113\[\.\]7/);
    expect(table.stdout).not.toMatch(/https:\/\/|evil\.example|203\.0\.113\.7/);
    const json = cli('ioc', 'list', id, '--type', 'ip', '--json').json.value.indicators;
    expect(json).toEqual([expect.objectContaining({ id: 'I3', type: 'ip', value: '203.0.113.7', defanged: '203.0.113[.]7', tlp: 'amber' })]);

    expect(cli('ioc', 'update', id, 'i3', '--tlp', 'clear', '--tag', 'vpn')).toMatchObject({ status: 0, stdout: 'Updated I3 ip 203.0.113[.]7 TLP:CLEAR, tags vpn\n' });
    expect(cli('ioc', 'update', id, 'I3', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input' } } });
    expect(cli('ioc', 'update', id, 'I3', '--tlp', 'clear', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { message: 'nothing changes: I3 already has the tlp given' } } });
    expect(cli('ioc', 'list', id, '--tag', 'vpn', '--json').json.value.indicators.map((indicator: { id: string }) => indicator.id)).toEqual(['I3']);
    expect(cli('incident', 'verify', id)).toMatchObject({ status: 0 });
  });

  it('refuses a defanged URL holding a password, shows values inside other types defanged, and says when a stricter TLP is kept', () => {
    const id = cli('incident', 'declare', '--title', 'Attacker review', '--severity', 'P2', '--json').json.value.id as string;
    const password = ['Zq8vLp3x', 'Rt7wNm2k'].join('');
    const defanged = `hxxps://admin:${password}[@]evil[.]example/x`;
    expect(cli('ioc', 'add', id, defanged)).toMatchObject({ status: 2, stderr: expect.stringContaining('a credential is not an indicator') });
    const imported = cli('ioc', 'import', id, file('kit.txt', `${defanged}\n203.0.113.9\n`));
    expect(imported).toMatchObject({ status: 1, stdout: expect.stringContaining('line 1: ') });
    expect(imported.stdout).not.toContain(password);

    expect(cli('ioc', 'add', id, '\\\\198.51.100.9\\c$\\x.exe')).toMatchObject({ status: 0, stdout: 'Added I2 file-path \\\\198.51.100[.]9\\c$\\x.exe TLP:AMBER\n' });
    expect(cli('ioc', 'add', id, 'https://live.example/payload', '--type', 'text')).toMatchObject({ status: 0, stdout: 'Added I3 text hxxps://live[.]example/payload TLP:AMBER\n' });
    expect(cli('ioc', 'add', id, 'attacker@live.example', '--type', 'account')).toMatchObject({ status: 0, stdout: 'Added I4 account attacker[@]live[.]example TLP:AMBER\n' });
    const list = cli('ioc', 'list', id);
    expect(list.stdout).toContain('\\\\198.51.100[.]9\\c$\\x.exe');
    expect(list.stdout + JSON.stringify(cli('ioc', 'list', id, '--json').json.value.indicators.map((indicator: { defanged: string }) => indicator.defanged))).not.toMatch(/https:\/\/|live\.example|198\.51\.100\.9|[^[]@/);

    expect(cli('ioc', 'add', id, '192.0.2.50', '--tlp', 'red', '--first-seen', '2026-12-01T10:00:00Z')).toMatchObject({ status: 0 });
    expect(cli('ioc', 'add', id, '192.0.2.50', '--last-seen', '2026-11-01T00:00:00Z')).toMatchObject({ status: 0, stdout: expect.stringContaining('seen 2026-11-01T00:00:00.000Z to 2026-12-01T10:00:00.000Z') });
    expect(cli('ioc', 'update', id, 'I5', '--tag', 'vpn')).toMatchObject({ status: 0 });
    expect(cli('ioc', 'add', id, '192.0.2.50', '--tlp', 'clear')).toMatchObject({
      status: 0,
      stdout: expect.stringContaining(`TLP:RED is kept: it was already held, and a merge keeps the stricter marking, not the TLP:CLEAR asked. To loosen it: firebreak ioc update ${id} I5 --tlp clear`),
    });
    expect(cli('ioc', 'add', id, '192.0.2.50', '--tlp', 'clear', '--json').json.value).toMatchObject({ tlp: 'red', tlpKept: { held: 'red', asked: 'clear' } });
  });

  it('refuses a folder, a binary file, bytes that are not UTF-8 and a file over 5 MB, naming the file', () => {
    const id = cli('incident', 'declare', '--title', 'Hostile lists', '--severity', 'P3', '--json').json.value.id as string;
    expect(cli('ioc', 'import', id, dataDir)).toMatchObject({ status: 2, stderr: `firebreak: ${dataDir} is a folder: give a text file with one indicator per line\n` });
    const binary = file('a.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    expect(cli('ioc', 'import', id, binary)).toMatchObject({ status: 2, stderr: expect.stringContaining(`${binary} looks binary (it holds NUL bytes)`) });
    const latin1 = file('latin1.txt', Buffer.from('caf\xe9.example\n', 'latin1'));
    expect(cli('ioc', 'import', id, latin1)).toMatchObject({ status: 2, stderr: expect.stringContaining(`${latin1} is not UTF-8 text`) });
    const huge = file('huge.txt', `${'a'.repeat(5_000_001)}\n`);
    expect(cli('ioc', 'import', id, huge)).toMatchObject({ status: 2, stderr: expect.stringContaining(`${huge} is 5.0 MB, over the 5 MB a list may hold: split it into smaller lists`) });
    expect(cli('ioc', 'import', id, path.join(dataDir, 'missing.txt'))).toMatchObject({ status: 2, stderr: expect.stringContaining('missing.txt does not exist') });
    expect(cli('ioc', 'list', id, '--json').json.value.indicators).toEqual([]);
  });
});
