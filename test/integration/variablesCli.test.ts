import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { fillTemplate, seededRandom } from '../support/secretCorpus';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('firebreak incident vars', () => {
  it('lists what the commands need, sets values once for every step, quotes them, and refuses a secret', () => {
    const id = runCli(dataDir, ['incident', 'declare', '--title', 'Brute force on login', '--severity', 'P1', '--scenario', 'credential-compromise', '--json']).json.value.id as string;
    const listed = runCli(dataDir, ['incident', 'vars', id]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/\{SHORT_NAME\}\s+\(not set\)\s+Short name for the incident channel\s+checkout-key-leak\s+1/);
    expect(listed.stdout).toContain(`Set with: firebreak incident vars ${id} --set SHORT_NAME=… --set IP=…`);

    const set = runCli(dataDir, ['incident', 'vars', id, '--set', 'SHORT_NAME=login-brute', '--set', 'IP=203.0.113.7', '--json']);
    expect(set).toMatchObject({ status: 0, json: { ok: true, value: { variables: [{ name: 'SHORT_NAME', value: 'login-brute' }, { name: 'IP', value: '203.0.113.7' }] } } });
    const checklist = runCli(dataDir, ['incident', 'checklist', id]);
    expect(checklist.stdout).toContain('$ #incident-20');
    expect(checklist.stdout).toContain('-login-brute');
    expect(checklist.stdout).toContain(`$ redis-cli SETEX block:ip:203.0.113.7 86400 ${id}`);
    expect(checklist.stdout).toContain(`$ firebreak evidence collect ./logs ./config --output evidence-${id}.tar.gz --incident ${id}`);

    const token = fillTemplate('ghp_{alnum:36}', seededRandom(11));
    const refused = runCli(dataDir, ['incident', 'vars', id, '--set', `SHORT_NAME=${token}`, '--json']);
    expect(refused).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input' } } });
    expect(refused.json.error.message).toContain('{SHORT_NAME} looks like a secret');
    expect(refused.stdout + refused.stderr).not.toContain(token.slice(4));
    expect(runCli(dataDir, ['incident', 'vars', id, '--set', 'SHORT_NAME', '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { message: "--set 'SHORT_NAME' is not NAME=value, like --set SHORT_NAME=checkout-key-leak" } } });
  });
});
