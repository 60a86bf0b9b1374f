import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const seed = (name: string) => path.join(__dirname, '../fixtures/runbooks', `${name}.md`);
let dataDir: string;
beforeAll(() => {
  dataDir = tempDataDir();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('firebreak playbook import', () => {
  it('--json prints one envelope with severities, playbooks (sections with phase and steps) and templates', () => {
    const run = runCli(dataDir, ['playbook', 'import', seed('001_08fa4fc4b3415066'), '--json']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const { value } = run.json;
    expect(value.severities[0]).toEqual({ level: 'P0', label: 'Critical', responseMinutes: 60, responseText: '< 1 hour' });
    expect(value.playbooks.map((p: { title: string }) => p.title)).toEqual(['Incident Response Guide', 'Secret Leaked to GitHub', 'SQL Injection Found', "User Reports Seeing Another User's Data", 'Prompt Injection Successful']);
    const sql = value.playbooks[2];
    expect(sql.sections[0]).toMatchObject({ heading: 'Immediate Actions', phase: 'Contain', steps: [{ text: 'Immediate Actions', command: expect.stringContaining('grep -E') }] });
    expect(value.playbooks[0].sections[0].steps[0]).toEqual({ text: 'What happened? (brief description)', detail: '', command: null });
    expect(value.templates.map((t: { id: string }) => t.id)).toEqual(['user-notification-data-breach', 'status-page-update', 'post-incident-review-template']);
    expect(value.warnings).toEqual([]);
    // A preview writes nothing.
    expect(fs.existsSync(path.join(dataDir, 'playbooks'))).toBe(false);
  });

  it('human output is a short summary; --save writes and says what; saving again needs --replace', () => {
    const shown = runCli(dataDir, ['playbook', 'import', seed('003_475923d1a13983d5')]);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('Severity scheme: SEV-1 Critical (15 min), SEV-2 High (60 min), SEV-3 Medium (240 min), SEV-4 Low (1440 min)');
    expect(shown.stdout).toContain('s4-03-incident-response-plan: S4-03: Incident Response Plan — 10 section(s), 37 step(s)');

    const saved = runCli(dataDir, ['playbook', 'import', seed('003_475923d1a13983d5'), '--save', '--json']);
    expect(saved.json).toMatchObject({ ok: true, value: { playbooks: ['s4-03-incident-response-plan'], scheme: 'imported-003-475923d1a13983d5' } });
    expect(runCli(dataDir, ['playbook', 'show', 's4-03-incident-response-plan', '--json']).json).toMatchObject({ ok: true, value: { origin: 'user' } });
    const again = runCli(dataDir, ['playbook', 'import', seed('003_475923d1a13983d5'), '--save', '--json']);
    expect(again.status).toBe(2);
    expect(again.json).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(runCli(dataDir, ['playbook', 'import', seed('003_475923d1a13983d5'), '--save', '--replace', '--json']).status).toBe(0);
  });

  it('a missing file is exit 2 with a not-found envelope', () => {
    const run = runCli(dataDir, ['playbook', 'import', path.join(dataDir, 'nope.md'), '--json']);
    expect(run.status).toBe(2);
    expect(run.json).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('does not exist') } });
  });
});
