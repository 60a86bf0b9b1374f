import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('firebreak playbook and checklist commands', () => {
  it('lists playbooks as value.playbooks[] with id, title, scenario and phases', () => {
    const run = runCli(dataDir, ['playbook', 'list', '--json']);
    expect(run.status).toBe(0);
    expect(run.json.value.playbooks).toHaveLength(17);
    expect(run.json.value.playbooks.find((playbook: { id: string }) => playbook.id === 'secret-leaked')).toMatchObject({
      id: 'secret-leaked',
      title: 'Secret or credential leaked',
      scenario: 'secret-leaked',
      phases: ['Identify', 'Triage', 'Contain', 'Eradicate', 'Recover', 'Learn'],
    });
  });

  it('validates a playbook file: exit 0 when valid, exit 1 naming the line when not, 2 when it cannot be read', () => {
    const good = path.join(dataDir, 'good.yaml');
    const bad = path.join(dataDir, 'bad.yaml');
    fs.writeFileSync(good, 'id: good\ntitle: Good\nsteps:\n  - id: a\n    phase: Contain\n    text: Do it\n');
    fs.writeFileSync(bad, 'id: bad\ntitle: Bad\nsteps:\n  - id: a\n    phase: Containment\n    text: Do it\n');
    expect(runCli(dataDir, ['playbook', 'validate', good]).status).toBe(0);
    const human = runCli(dataDir, ['playbook', 'validate', bad]);
    expect(human.status).toBe(1);
    expect(human.stdout).toContain(`${bad}:5: steps.0.phase: must be one of Identify, Triage, Contain, Eradicate, Recover, Learn`);
    expect(runCli(dataDir, ['playbook', 'validate', bad, '--json'])).toMatchObject({ status: 1, json: { ok: true, value: { valid: false, problem: { line: 5 } } } });
    const missing = path.join(dataDir, 'missing.yaml');
    expect(runCli(dataDir, ['playbook', 'validate', missing, '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { code: 'io-error', message: `cannot check ${missing}: does not exist (ENOENT)` } } });
  });

  it('declares with a scenario, shows the checklist as value.steps[], changes steps and acknowledges', () => {
    const id = runCli(dataDir, ['incident', 'declare', '--title', 'npm token leaked', '--severity', 'P0', '--scenario', 'secret-leaked', '--json']).json.value.id as string;
    const checklist = runCli(dataDir, ['incident', 'checklist', id, '--json']);
    expect(checklist.status).toBe(0);
    expect(checklist.json.value.steps[0]).toMatchObject({ id: 'acknowledge-and-assign', phase: 'Identify', text: expect.any(String), command: '', critical: true, status: 'open' });
    expect(Object.keys(checklist.json.value.steps[0])).toEqual(expect.arrayContaining(['id', 'phase', 'text', 'command', 'critical', 'status']));

    expect(runCli(dataDir, ['incident', 'step', id, 'acknowledge-and-assign', '--done', '--json']).json).toMatchObject({ ok: true, value: { status: 'done' } });
    expect(runCli(dataDir, ['incident', 'step', id, 'open-channel', '--skip', 'solo responder', '--json']).json).toMatchObject({ value: { status: 'skipped', reason: 'solo responder' } });
    expect(runCli(dataDir, ['incident', 'step', id, 'remove-from-history', '--na', '--json']).json).toMatchObject({ value: { status: 'na' } });
    expect(runCli(dataDir, ['incident', 'step', id, 'revoke-credential', '--note', 'revoked on npmjs.com', '--json']).json.value.notes).toHaveLength(1);
    expect(runCli(dataDir, ['incident', 'step', id, 'revoke-credential', '--json'])).toMatchObject({ status: 2, json: { ok: false } });
    expect(runCli(dataDir, ['incident', 'step', id, 'nope', '--done', '--json'])).toMatchObject({ status: 2, json: { error: { code: 'not-found' } } });

    // Ticking the step that stands for acknowledging acknowledged the incident; a second acknowledgement is refused.
    expect(runCli(dataDir, ['incident', 'show', id, '--json']).json.value.incident).toMatchObject({ acknowledgedAt: expect.any(String), sla: { state: 'met' } });
    expect(runCli(dataDir, ['incident', 'ack', id, '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { code: 'conflict' } } });
    expect(runCli(dataDir, ['incident', 'phase', id, '--json']).json.value.currentPhase).toBe('Triage');
    const human = runCli(dataDir, ['incident', 'checklist', id]);
    expect(human.stdout).toContain('[x]   ! acknowledge-and-assign');
    expect(human.stdout).toContain('▶ Triage');
    expect(runCli(dataDir, ['incident', 'verify', id]).status).toBe(0);
  });

  it('lists escalation reminders that came due', () => {
    const reminders = runCli(dataDir, ['incident', 'reminders', '--json']);
    expect(reminders.json.value.reminders.map((reminder: { notify: string }) => reminder.notify)).toContain('Security Team + On-call');
  });
});
