import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(dataDir, args);

describe('firebreak rotation', () => {
  it('adds, lists by priority, rotates, ticks the checks and verifies, with exit codes and one JSON envelope', () => {
    const id = cli('incident', 'declare', '--title', 'Keys in a public repo', '--severity', 'P1', '--json').json.value.id as string;
    expect(cli('rotation', 'list', id)).toMatchObject({ status: 0, stdout: expect.stringContaining('nothing to rotate yet') });

    expect(cli('rotation', 'add', id, 'SMTP credentials', '--where', 'Email provider', '--owner', 'sam', '--group', 'service')).toMatchObject({ status: 0, stdout: 'Added R1: SMTP credentials (Priority 3: Service Credentials)\n' });
    const added = cli('rotation', 'add', id, 'OPENAI_API_KEY', '--where', 'OpenAI dashboard', '--owner', 'dana', '--group', 'external', '--fingerprint', '0123456789abcdef', '--json');
    expect(added).toMatchObject({ status: 0, json: { ok: true, value: { created: true, item: { id: 'R2', group: 'external', status: 'pending', fingerprint: '0123456789abcdef' } } } });
    expect(added.stdout.trim().split('\n')).toHaveLength(1);
    // The same fingerprint again: the item already tracked, nothing added.
    expect(cli('rotation', 'add', id, 'OpenAI key again', '--where', 'x', '--owner', 'y', '--group', 'service', '--fingerprint', '0123456789abcdef')).toMatchObject({ status: 0, stdout: 'Already tracked as R2 (same fingerprint): OPENAI_API_KEY; nothing added\n' });

    const human = cli('rotation', 'list', id);
    expect(human.status).toBe(0);
    // External API keys come first, service credentials last, whatever the order they were added in.
    expect(human.stdout.indexOf('Priority 1: External API Keys')).toBeLessThan(human.stdout.indexOf('Priority 3: Service Credentials'));
    expect(human.stdout).toMatch(/R2 {2}PENDING {2}0\/5 {5}dana/);
    expect(human.stdout).toContain(`Next: R2 OPENAI_API_KEY (rotate it, then: firebreak rotation done ${id} R2)`);
    expect(cli('rotation', 'list', id, '--json').json.value.items.map((item: { id: string }) => item.id)).toEqual(['R2', 'R1']);

    const early = cli('rotation', 'verify', id, 'R2', '--json');
    expect(early).toMatchObject({ status: 2, json: { ok: false, error: { code: 'conflict', message: expect.stringContaining('is not rotated yet') } } });
    expect(cli('rotation', 'done', id, 'r2')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^R2 OPENAI_API_KEY: ROTATED \(rotated .* UTC by .+\)\n/) });
    expect(cli('rotation', 'done', id, 'R2', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'conflict', message: 'R2 (OPENAI_API_KEY) is already rotated' } } });

    expect(cli('rotation', 'check', id, 'R2', 'ci-secrets')).toMatchObject({ status: 0, stdout: expect.stringMatching(/\[x\] ci-secrets +Update CI\/CD secrets \(/) });
    const missing = cli('rotation', 'verify', id, 'R2');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot be verified yet: 4 after-rotation check(s) not done: Update .env.example');
    expect(missing.stderr).not.toContain('Update CI/CD secrets');
    for (const check of ['env-example', 'production', 'app-works', 'storage-documented']) expect(cli('rotation', 'check', id, 'R2', check).status).toBe(0);
    expect(cli('rotation', 'check', id, 'R2', 'app-works', '--undo')).toMatchObject({ status: 0, stdout: expect.stringContaining('[ ] app-works') });
    expect(cli('rotation', 'check', id, 'R2', 'app-works').status).toBe(0);
    expect(cli('rotation', 'verify', id, 'R2', '--json')).toMatchObject({ status: 0, json: { ok: true, value: { status: 'verified', verifiedBy: expect.any(String) } } });

    expect(cli('incident', 'show', id).stdout).toContain('Rotation verified: R2 OPENAI_API_KEY');
    expect(cli('incident', 'verify', id, '--json')).toMatchObject({ status: 0, json: { ok: true, value: { intact: true } } });
  });

  it('firebreak incident verify names a rotation item marked verified in the database file behind the console\'s back, and exits 1', () => {
    const id = cli('incident', 'declare', '--title', 'Rotation tampered', '--severity', 'P1', '--json').json.value.id as string;
    cli('rotation', 'add', id, 'AWS credentials', '--where', 'IAM console', '--owner', 'dana', '--group', 'external');
    expect(cli('incident', 'verify', id).status).toBe(0);
    const db = new BetterSqlite3(path.join(dataDir, 'firebreak.sqlite'));
    db.prepare("UPDATE rotation_items SET status = 'verified' WHERE incident_id = ? AND item_id = 'R1'").run(id);
    db.close();
    const human = cli('incident', 'verify', id);
    expect(human.status).toBe(1);
    expect(human.stdout).toContain('rotation item R1: status is "verified" in the database, "pending" on the timeline');
  });

  it('refuses bad input with exit 2 and says what is allowed', () => {
    const id = cli('incident', 'declare', '--title', 'Another', '--severity', 'P2', '--json').json.value.id as string;
    expect(cli('rotation', 'add', id, 'X', '--where', 'y', '--owner', 'z', '--group', 'urgent', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: 'group must be external, application or service' } } });
    expect(cli('rotation', 'add', id, 'X', '--where', 'y', '--group', 'service', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: expect.stringContaining('--owner') } } });
    expect(cli('rotation', 'check', id, 'R1', 'coffee', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: expect.stringContaining('use one of env-example') } } });
    expect(cli('rotation', 'done', id, 'R7', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'not-found', message: `no rotation item R7 in ${id}: it has no rotation items yet` } } });
    expect(cli('rotation', 'list', 'INC-20991231-000000', '--json')).toMatchObject({ status: 2, json: { ok: false, error: { code: 'not-found' } } });
  });
});
