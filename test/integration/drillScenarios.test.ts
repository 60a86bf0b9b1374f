import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-main/contract';
import { listDrillScenarios, loadDrillScenarios, requireDrillScenario } from '../../src-main/services/drills/drillScenarios';
import { loadPlaybooks } from '../../src-main/services/playbooks/playbooks';
import { repoRoot } from '../support/consoleServer';
import { writeSetting } from '../../src-main/store/settingsRepo';
import { makeTestContext, type TestContext } from '../support/serviceContext';

const shippedIds = ['cross-user-data', 'leaked-api-key', 'malicious-package', 'prompt-injection-leak', 'ransomware-build-server', 'sql-injection-prod'];
const shippedDir = path.join(repoRoot, 'resources', 'drills');

let t: TestContext | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

function userDrill(id: string, title: string, extra = ''): string {
  return [
    `id: ${id}`,
    `title: ${title}`,
    'summary: A CI token leaked in a build log.',
    'severity: P2',
    'playbook: secret-leaked',
    'situation: The token was used from 185.220.101.4, a Tor exit, at 14:02.',
    'objectives: [{ id: contain, title: Contain it }]',
    'injects:',
    '  - { id: tor, title: Tor use, body: "Used from Tor.", trigger: { minute: 3 } }',
    'expected:',
    '  - { id: revoke, title: Revoke, objective: contain, done: { step: revoke-credential }, by: 20, points: 50 }',
    'criticalSteps: { objective: contain, points: 10 }',
    'questions: [{ id: order, text: Revoke or rotate first? }]',
    extra,
  ].join('\n');
}

describe('the shipped drill scenarios', () => {
  it('all six load and validate against their real playbooks, templates and severity levels', () => {
    t = makeTestContext();
    const { scenarios, errors } = loadDrillScenarios(t.ctx);
    expect(errors).toEqual([]);
    expect(scenarios.map((scenario) => scenario.id).sort()).toEqual(shippedIds);
    const playbooks = loadPlaybooks(t.ctx).playbooks;
    for (const scenario of scenarios) {
      const playbook = playbooks.find((candidate) => candidate.id === scenario.playbook)!;
      const critical = new Set(playbook.steps.filter((step) => step.critical).map((step) => step.id));
      const label = scenario.id;
      expect(scenario.origin, label).toBe('shipped');
      expect(scenario.objectives.length, label).toBeGreaterThanOrEqual(3);
      expect(scenario.objectives.length, label).toBeLessThanOrEqual(4);
      expect(scenario.injects.length, label).toBeGreaterThanOrEqual(5);
      expect(scenario.injects.length, label).toBeLessThanOrEqual(7);
      // Injects mix the three kinds of trigger.
      expect(new Set(scenario.injects.map((inject) => Object.keys(inject.trigger)[0])), label).toEqual(new Set(['minute', 'phase', 'step']));
      expect(scenario.expected.length, label).toBeGreaterThanOrEqual(6);
      expect(scenario.expected.length, label).toBeLessThanOrEqual(10);
      expect(scenario.expected.some((action) => 'acknowledge' in action.done && action.by === 'sla'), label).toBe(true);
      expect(scenario.expected.some((action) => 'phase' in action.done && action.done.phase === 'Contain' && typeof action.by === 'number'), label).toBe(true);
      expect(scenario.expected.some((action) => 'comms' in action.done), label).toBe(true);
      // The key steps a scenario expects include at least two the playbook marks critical.
      expect(scenario.expected.filter((action) => 'step' in action.done && critical.has(action.done.step)).length, label).toBeGreaterThanOrEqual(2);
      expect(scenario.questions.length, label).toBeGreaterThanOrEqual(4);
      expect(scenario.questions.length, label).toBeLessThanOrEqual(6);
      expect(scenario.facilitatorNotes.length, label).toBeGreaterThan(50);
      expect(scenario.injects.every((inject) => inject.note.length > 0), label).toBe(true);
    }
  });

  it('are listed as summaries with their inject counts', () => {
    t = makeTestContext();
    const list = listDrillScenarios(t.ctx);
    expect(list.errors).toEqual([]);
    expect(list.drills.find((drill) => drill.id === 'leaked-api-key')).toEqual({
      id: 'leaked-api-key',
      title: 'Leaked API key on a public repository',
      summary: expect.stringContaining('Stripe secret key'),
      severity: 'P0',
      playbook: 'secret-leaked',
      objectives: expect.arrayContaining([{ id: 'contain-credential', title: expect.any(String) }]),
      injectCount: 6,
      origin: 'shipped',
    });
  });

  it('keep working under another severity scheme, at the level of the same rank', () => {
    t = makeTestContext();
    writeSetting(t.ctx.db, 'activeSchemeId', 'sev-1-4');
    fs.mkdirSync(path.join(t.dataDir, 'drills'));
    fs.writeFileSync(path.join(t.dataDir, 'drills', 'odd.yaml'), userDrill('odd', 'Odd severity').replace('severity: P2', 'severity: P9'));
    const { scenarios, errors } = loadDrillScenarios(t.ctx);
    expect(scenarios.map((scenario) => scenario.id).sort()).toEqual(shippedIds);
    expect(requireDrillScenario(t.ctx, 'leaked-api-key').severity).toBe('SEV-1');
    expect(requireDrillScenario(t.ctx, 'sql-injection-prod').severity).toBe('SEV-2');
    expect(errors).toEqual([
      { file: path.join(t.dataDir, 'drills', 'odd.yaml'), path: 'severity', message: "'P9' is not a level of the active severity scheme; its levels are SEV-1, SEV-2, SEV-3, SEV-4" },
    ]);
  });

  it('are read by the bundle build, so a packaged console skips their YAML parse', () => {
    const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'main', 'cli', 'main.js'), 'utf8');
    const files = fs.readdirSync(shippedDir).filter((name) => name.endsWith('.yaml'));
    expect(files).toHaveLength(6);
    for (const name of files) expect(bundle, `${name}: rebuild with node scripts/build.mjs`).toContain(createHash('sha256').update(fs.readFileSync(path.join(shippedDir, name))).digest('hex'));
  });
});

describe('drill scenarios in the data dir', () => {
  it('replace a shipped scenario with the same id and add new ones', () => {
    t = makeTestContext();
    fs.mkdirSync(path.join(t.dataDir, 'drills'));
    fs.writeFileSync(path.join(t.dataDir, 'drills', 'leaked-api-key.yaml'), userDrill('leaked-api-key', 'Our own leaked key drill'));
    fs.writeFileSync(path.join(t.dataDir, 'drills', 'ci-token.yaml'), userDrill('ci-token', 'CI token in a build log'));
    const { scenarios, errors } = loadDrillScenarios(t.ctx);
    expect(errors).toEqual([]);
    expect(scenarios).toHaveLength(7);
    const replaced = requireDrillScenario(t.ctx, 'leaked-api-key');
    expect(replaced).toMatchObject({ title: 'Our own leaked key drill', origin: 'data-dir', severity: 'P2' });
    expect(requireDrillScenario(t.ctx, 'ci-token').injects[0]).toEqual({ id: 'tor', title: 'Tor use', body: 'Used from Tor.', trigger: { minute: 3 }, note: '' });
  });

  it('that are broken are error entries while the rest load', () => {
    t = makeTestContext();
    const dir = path.join(t.dataDir, 'drills');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'bad-step.yaml'), userDrill('bad-step', 'Bad step').replace('revoke-credential', 'revoke-keys'));
    fs.writeFileSync(path.join(dir, 'not-yaml.yaml'), 'id: [unclosed\n');
    fs.writeFileSync(path.join(dir, 'typo.yaml'), userDrill('typo', 'Typo', 'facilitatorNote: misspelt'));
    fs.writeFileSync(path.join(dir, 'good.yaml'), userDrill('good', 'A good drill'));
    fs.writeFileSync(path.join(dir, 'twin.yaml'), userDrill('good', 'Same id again'));
    const { scenarios, errors } = loadDrillScenarios(t.ctx);
    expect(scenarios.map((scenario) => scenario.id)).toEqual(expect.arrayContaining([...shippedIds, 'good']));
    expect(scenarios).toHaveLength(7);
    expect(scenarios.find((scenario) => scenario.id === 'good')!.title).toBe('A good drill');
    expect(errors).toEqual([
      {
        file: path.join(dir, 'bad-step.yaml'),
        path: 'expected[0].done.step',
        message: "no step 'revoke-keys' in playbook secret-leaked; its steps are acknowledge-and-assign, open-channel, initial-assessment, preserve-evidence, scan-history, audit-usage, confirm-severity, notify-team, revoke-credential, rotate-related, update-environments, remove-from-history, … (21 in all)",
      },
      { file: path.join(dir, 'not-yaml.yaml'), path: '', message: expect.stringMatching(/^line \d+: not valid YAML/) },
      { file: path.join(dir, 'twin.yaml'), path: 'id', message: "duplicate drill id 'good': good.yaml in the same folder has it already" },
      { file: path.join(dir, 'typo.yaml'), path: 'facilitatorNote', message: expect.stringMatching(/^unknown key 'facilitatorNote': the keys here are id, title/) },
    ]);
    expect(listDrillScenarios(t.ctx).errors).toHaveLength(4);
  });

  it('an unknown or broken drill id is not found, with the drills there are', () => {
    t = makeTestContext();
    fs.mkdirSync(path.join(t.dataDir, 'drills'));
    fs.writeFileSync(path.join(t.dataDir, 'drills', 'broken.yaml'), 'id: broken\n');
    const error = (() => {
      try {
        requireDrillScenario(t!.ctx, 'phishing');
      } catch (caught) {
        return caught as AppError;
      }
      throw new Error('expected not-found');
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(`no drill 'phishing': the drills are ${['cross-user-data', 'leaked-api-key', 'malicious-package', 'prompt-injection-leak', 'ransomware-build-server', 'sql-injection-prod'].join(', ')}`);
    expect(() => requireDrillScenario(t!.ctx, 'broken')).toThrow(/^no drill 'broken' \(.*broken\.yaml at title: is required: must be text\): the drills are /);
  });

  it("a team's refused file names its error when its drill is started, and hides the shipped drill it meant to replace", () => {
    t = makeTestContext();
    fs.mkdirSync(path.join(t.dataDir, 'drills'));
    // Named for the team, not the drill; its playbook was deleted since.
    fs.writeFileSync(path.join(t.dataDir, 'drills', 'our-drill.yaml'), userDrill('team-leak', 'Our leak').replace('playbook: secret-leaked', 'playbook: gone-playbook'));
    // The team's version of a shipped drill, refused by the schema.
    fs.writeFileSync(path.join(t.dataDir, 'drills', 'ours.yaml'), userDrill('leaked-api-key', 'Our leaked key', 'colour: red'));
    const list = listDrillScenarios(t.ctx);
    expect(list.drills.map((drill) => drill.id)).toEqual(shippedIds.filter((id) => id !== 'leaked-api-key'));
    expect(list.errors.map((error) => path.basename(error.file)).sort()).toEqual(['our-drill.yaml', 'ours.yaml']);
    expect(() => requireDrillScenario(t!.ctx, 'team-leak')).toThrow(/^no drill 'team-leak' \(.*our-drill\.yaml at playbook: no playbook 'gone-playbook' is loaded/);
    expect(() => requireDrillScenario(t!.ctx, 'leaked-api-key')).toThrow(/^no drill 'leaked-api-key' \(.*ours\.yaml at colour: unknown key 'colour'/);
    // Fixed, the team's version runs.
    fs.writeFileSync(path.join(t.dataDir, 'drills', 'ours.yaml'), userDrill('leaked-api-key', 'Our leaked key'));
    expect(requireDrillScenario(t.ctx, 'leaked-api-key')).toMatchObject({ title: 'Our leaked key', origin: 'data-dir' });
  });
});
