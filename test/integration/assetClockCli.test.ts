import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(dataDir, args);

describe('firebreak asset, clock and phase --reason', () => {
  it('records assets, regulatory clocks and a phase gate passed with a reason, with exit codes, tables and one JSON envelope', () => {
    const id = cli('incident', 'declare', '--title', 'Web shell', '--severity', 'P1', '--scenario', 'ddos', '--json').json.value.id as string;
    expect(cli('asset', 'add', id, 'host', 'web-01', '--state', 'compromised', '--owner', 'Ana', '--tag', 'dmz', '--technique', 't1078')).toMatchObject({
      status: 0,
      stdout: 'Added S1 host web-01 (compromised, owner Ana, tags dmz, techniques T1078)\n',
    });
    expect(cli('asset', 'add', id, 'host', 'WEB-01')).toMatchObject({ status: 2, stderr: expect.stringContaining('host web-01 is already recorded on') });
    cli('asset', 'add', id, 'account', 'svc-deploy');
    expect(cli('asset', 'state', id, 's1', 'contained', '--reason', 'isolated')).toMatchObject({ status: 0, stdout: expect.stringContaining('S1 host web-01 (contained') });
    expect(cli('asset', 'state', id, 'S9', 'cleaned')).toMatchObject({ status: 2, stderr: expect.stringContaining('it has S1, S2') });
    const listed = cli('asset', 'list', id);
    expect(listed.stdout).toContain('Contain waits on S2 (suspected or compromised). Recover waits on S1, S2 (not restored).');
    expect(listed.stdout).toMatch(/S1 +host +CONTAINED +Ana +web-01/);
    expect(cli('asset', 'list', id, '--state', 'contained', '--json').json.value.assets.map((asset: { id: string }) => asset.id)).toEqual(['S1']);

    expect(cli('clock', 'start', id, 'gdpr-authority', '--at', '2020-01-01T09:00:00+01:00')).toMatchObject({ status: 0, stdout: expect.stringContaining('due 2020-01-04T08:00:00.000Z') });
    expect(cli('clock', 'start', id, 'contract-60d', '--label', 'Customer contract', '--days', '60', '--json').json.value.clocks[1]).toMatchObject({ hours: 1440, state: 'running' });
    expect(cli('clock', 'start', id, 'gdpr-authority', '--hours', '96')).toMatchObject({ status: 2, stderr: expect.stringContaining('gdpr-authority is a preset of 72 h') });
    const clocks = cli('clock', 'list', id);
    expect(clocks.stdout).toMatch(/gdpr-authority +OVERDUE +2020-01-04T08:00:00.000Z +OVERDUE by \d+ d/);
    expect(clocks.stdout).toMatch(/contract-60d +RUNNING .* 59 d 23 h left/);
    expect(cli('clock', 'stop', id, 'gdpr-authority', '--note', 'notified the ICO')).toMatchObject({ status: 0, stdout: expect.stringContaining('gdpr-authority met LATE') });
    expect(cli('clock', 'presets').stdout).toMatch(/nis2-early-warning +24 +NIS2/);

    expect(cli('incident', 'phase', id, 'Contain')).toMatchObject({ status: 2, stderr: expect.stringContaining('Identify has 1 required step open') });
    expect(cli('incident', 'phase', id, 'Contain', '--reason', 'the provider absorbed it')).toMatchObject({ status: 0, stdout: `${id} is now in Contain\n` });
    const timeline = cli('incident', 'show', id, '--json').json.value.timeline.map((entry: { summary: string }) => entry.summary);
    expect(timeline).toEqual(
      expect.arrayContaining([
        'Asset host web-01 added (compromised, owner Ana)',
        'host web-01: compromised → contained: isolated',
        'Regulatory clock overdue: GDPR Art. 33: notify the supervisory authority (was due 2020-01-04T08:00:00.000Z)',
        expect.stringMatching(/^Phase Identify → Contain with 2 required steps open: .*\. Reason: the provider absorbed it$/),
      ]),
    );
    expect(cli('incident', 'verify', id)).toMatchObject({ status: 0 });
  }, 120_000);
});
