import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DrillFileError, DrillScenario, Playbook } from '../../../../src-main/contract';
import { checkDrillScenario, parseDrillScenario } from '../../../../src-main/domain/drills/drillScenario';
import { loadDrillScenarios } from '../../../../src-main/services/drills/drillScenarios';
import { makeTestContext, type TestContext } from '../../../support/serviceContext';

const file = '/data/drills/mine.yaml';

/** A valid document; each test breaks one thing. */
function doc(): Record<string, any> {
  return {
    id: 'token-leak',
    title: 'Token leak',
    summary: 'A CI token leaked.',
    severity: 'P1',
    playbook: 'secret-leaked',
    situation: 'The token was used from 185.220.101.4, a Tor exit, at 14:02.',
    objectives: [
      { id: 'contain', title: 'Contain it' },
      { id: 'talk', title: 'Tell people' },
    ],
    injects: [
      { id: 'tor', title: 'Tor use', body: 'Used from Tor.', trigger: { minute: 5 } },
      { id: 'forks', title: 'Forks', body: 'Two forks.', trigger: { step: 'scan-history' }, note: 'History is not containment.' },
      { id: 'press', title: 'Press', body: 'A journalist asks.', trigger: { phase: 'Eradicate' } },
    ],
    expected: [
      { id: 'ack', title: 'Acknowledge', objective: 'talk', done: { acknowledge: true }, by: 'sla', points: 40 },
      { id: 'revoke', title: 'Revoke', objective: 'contain', done: { step: 'revoke-credential' }, by: 20, points: 60 },
      { id: 'contain-phase', title: 'Contain', objective: 'contain', done: { phase: 'Contain' }, by: 25, points: 40 },
      { id: 'notify', title: 'Notify', objective: 'talk', done: { comms: 'internal-notification' }, by: 30, points: 30 },
      { id: 'resolved', title: 'Resolve', objective: 'talk', done: { status: 'Resolved' }, by: 240, points: 30 },
    ],
    criticalSteps: { objective: 'contain', points: 10 },
    questions: [{ id: 'order', text: 'Revoke or rotate first?' }],
    facilitatorNotes: 'Watch the order.',
  };
}

function errorOf(document: unknown): DrillFileError {
  const result = parseDrillScenario(document, file, 'data-dir');
  if (!('error' in result)) throw new Error('expected the document to be refused');
  return result.error;
}

function scenarioOf(document: unknown): DrillScenario {
  const result = parseDrillScenario(document, file, 'data-dir');
  if ('error' in result) throw new Error(`refused: ${result.error.path}: ${result.error.message}`);
  return result.scenario;
}

const playbook: Playbook = {
  id: 'secret-leaked',
  title: 'Secret leaked',
  description: '',
  severityRank: 0,
  source: '',
  variables: [],
  origin: 'shipped',
  file: 'secret-leaked.yaml',
  steps: ['acknowledge-and-assign', 'scan-history', 'revoke-credential', 'rotate-related'].map((id) => ({ id, phase: 'Contain' as const, text: id, detail: '', command: '', action: null, critical: false })),
};
const context = { playbook, templateIds: ['internal-notification', 'status-update'], severityIds: ['P0', 'P1', 'P2', 'P3'] };

describe('parseDrillScenario', () => {
  it('reads a valid document with its defaults and origin', () => {
    const scenario = scenarioOf(doc());
    expect(scenario.origin).toBe('data-dir');
    expect(scenario.injects[0]).toEqual({ id: 'tor', title: 'Tor use', body: 'Used from Tor.', trigger: { minute: 5 }, note: '' });
    expect(scenario.expected[0]!.done).toEqual({ acknowledge: true });
    expect(scenario.expected[0]!.by).toBe('sla');
    const { facilitatorNotes: _notes, ...withoutNotes } = doc();
    expect(scenarioOf(withoutNotes).facilitatorNotes).toBe('');
  });

  it('names the path and the allowed keys of an unknown key', () => {
    const top = doc();
    top.colour = 'red';
    expect(errorOf(top)).toEqual({ file, path: 'colour', message: expect.stringMatching(/^unknown key 'colour': the keys here are id, title, summary/) });
    const nested = doc();
    nested.expected[3].done.template = 'status-update';
    expect(errorOf(nested)).toMatchObject({ path: 'expected[3].done.template', message: "unknown key 'template': the keys here are one of acknowledge, step, phase, status, comms" });
    const inject = doc();
    inject.injects[1].when = 5;
    expect(errorOf(inject)).toMatchObject({ path: 'injects[1].when', message: expect.stringContaining("unknown key 'when'") });
  });

  it('refuses wrong types with the path of the value', () => {
    const points = doc();
    points.expected[1].points = '60';
    expect(errorOf(points)).toMatchObject({ path: 'expected[1].points', message: 'must be a whole number of points from 1 to 100' });
    const fraction = doc();
    fraction.expected[1].points = 2.5;
    expect(errorOf(fraction)).toMatchObject({ path: 'expected[1].points', message: 'must be a whole number of points' });
    const objectives = doc();
    objectives.objectives = 'contain';
    expect(errorOf(objectives)).toMatchObject({ path: 'objectives', message: expect.stringContaining('must be a list of objectives') });
    expect(errorOf(['a', 'list'])).toMatchObject({ path: '', message: expect.stringContaining('must be a mapping of a drill scenario') });
    expect(errorOf(null)).toMatchObject({ path: '', message: expect.stringContaining('is empty') });
    const missing = doc();
    delete missing.situation;
    expect(errorOf(missing)).toMatchObject({ path: 'situation', message: expect.stringMatching(/^is required/) });
  });

  it('refuses control characters like typed text: none in titles, only newlines and tabs in multi-line text', () => {
    const title = doc();
    title.objectives[1].title = 'Tell\u001b[2J people';
    expect(errorOf(title)).toEqual({ file, path: 'objectives[1].title', message: 'must not contain control characters' });
    const tabbed = doc();
    tabbed.injects[0].title = 'Tor\tuse';
    expect(errorOf(tabbed)).toMatchObject({ path: 'injects[0].title', message: 'must not contain control characters' });
    const bell = doc();
    bell.injects[2].body = 'A journalist\u0007 asks.';
    expect(errorOf(bell)).toMatchObject({ path: 'injects[2].body', message: 'must not contain control characters' });
    const severity = doc();
    severity.severity = 'P1\u001b]0;x';
    expect(errorOf(severity)).toMatchObject({ path: 'severity', message: 'must not contain control characters' });
    const lines = doc();
    lines.situation = 'First line.\n\tIndented second line.';
    lines.facilitatorNotes = 'Watch\r\nthe order.';
    expect(errorOf(lines)).toMatchObject({ path: 'facilitatorNotes', message: 'must not contain control characters' });
    lines.facilitatorNotes = 'Watch\nthe order.';
    expect(scenarioOf(lines).situation).toBe('First line.\n\tIndented second line.');
  });

  it('checks triggers, deadlines, phases and statuses', () => {
    const two = doc();
    two.injects[0].trigger = { minute: 5, phase: 'Contain' };
    expect(errorOf(two)).toMatchObject({ path: 'injects[0].trigger', message: 'a trigger gives minute and phase: give exactly one of minute, phase, step' });
    const none = doc();
    none.injects[2].trigger = {};
    expect(errorOf(none)).toMatchObject({ path: 'injects[2].trigger', message: 'a trigger needs one of minute, phase, step' });
    const late = doc();
    late.injects[0].trigger = { minute: 1441 };
    expect(errorOf(late)).toMatchObject({ path: 'injects[0].trigger.minute', message: expect.stringContaining('from 0 to 1440') });
    const phase = doc();
    phase.injects[2].trigger = { phase: 'Cleanup' };
    expect(errorOf(phase)).toMatchObject({ path: 'injects[2].trigger.phase', message: 'must be a phase: one of Identify, Triage, Contain, Eradicate, Recover, Learn' });
    const by = doc();
    by.expected[1].by = 'asap';
    expect(errorOf(by)).toMatchObject({ path: 'expected[1].by', message: expect.stringContaining("or 'sla'") });
    const negative = doc();
    negative.expected[1].by = -1;
    expect(errorOf(negative)).toMatchObject({ path: 'expected[1].by' });
    const status = doc();
    status.expected[4].done = { status: 'Done' };
    expect(errorOf(status)).toMatchObject({ path: 'expected[4].done.status', message: 'must be an incident status: one of Active, Contained, Resolved, Closed' });
    const ack = doc();
    ack.expected[0].done = { acknowledge: false };
    expect(errorOf(ack)).toMatchObject({ path: 'expected[0].done.acknowledge', message: 'must be true (acknowledge: true)' });
  });

  it('refuses duplicate ids, unknown objectives and more than 100 points per objective', () => {
    const duplicate = doc();
    duplicate.injects[2].id = 'tor';
    expect(errorOf(duplicate)).toMatchObject({ path: 'injects[2].id', message: "duplicate id 'tor': injects[0] has it already" });
    const objective = doc();
    objective.expected[1].objective = 'contian';
    expect(errorOf(objective)).toMatchObject({ path: 'expected[1].objective', message: "no objective 'contian' in this scenario (did you mean 'contain'?); its objectives are contain, talk" });
    const critical = doc();
    critical.criticalSteps.objective = 'speed';
    expect(errorOf(critical)).toMatchObject({ path: 'criticalSteps.objective' });
    const points = doc();
    points.expected[2].points = 41;
    expect(errorOf(points)).toMatchObject({ path: 'expected[2].points', message: expect.stringContaining("objective 'contain' add up to 101 points: at most 100") });
  });

  it('bounds huge strings and lists, and keeps the message short', () => {
    const huge = doc();
    huge.injects[1].body = 'x'.repeat(1_000_000);
    expect(errorOf(huge)).toMatchObject({ path: 'injects[1].body', message: 'must be at most 4000 characters' });
    const key = doc();
    key['k'.repeat(100_000)] = 1;
    const error = errorOf(key);
    expect(error.message.length).toBeLessThan(300);
    expect(error.path).toBe(`${'k'.repeat(60)}…`);
    expect(error.message).toContain("unknown key 'kkkk");
    const many = doc();
    many.injects = Array.from({ length: 51 }, (_, index) => ({ id: `i${index}`, title: 't', body: 'b', trigger: { minute: 1 } }));
    expect(errorOf(many)).toMatchObject({ path: 'injects', message: 'must be at most 50 injects' });
    const badId = doc();
    badId.id = '../../etc/passwd';
    expect(errorOf(badId)).toMatchObject({ path: 'id', message: expect.stringContaining('lower-case letters, digits and dashes') });
  });
});

describe('checkDrillScenario', () => {
  it('accepts a scenario whose steps, templates and severity exist', () => {
    expect(checkDrillScenario(scenarioOf(doc()), context, file)).toBeNull();
  });

  it('names an unknown step, suggests the near miss and lists the playbook steps', () => {
    const wrong = doc();
    wrong.expected[1].done = { step: 'revoke-credentials' };
    expect(checkDrillScenario(scenarioOf(wrong), context, file)).toEqual({
      file,
      path: 'expected[1].done.step',
      message: "no step 'revoke-credentials' in playbook secret-leaked (did you mean 'revoke-credential'?); its steps are acknowledge-and-assign, scan-history, revoke-credential, rotate-related",
    });
    const trigger = doc();
    trigger.injects[1].trigger = { step: 'revoke-keys' };
    expect(checkDrillScenario(scenarioOf(trigger), context, file)).toMatchObject({ path: 'injects[1].trigger.step', message: expect.stringMatching(/^no step 'revoke-keys' in playbook secret-leaked/) });
  });

  it('trims the list of a long playbook', () => {
    const long = { ...playbook, steps: Array.from({ length: 40 }, (_, index) => ({ ...playbook.steps[0]!, id: `step-${index}` })) };
    const wrong = doc();
    wrong.expected[1].done = { step: 'zzz' };
    const error = checkDrillScenario(scenarioOf(wrong), { ...context, playbook: long }, file);
    expect(error?.message).toMatch(/step-11, … \(40 in all\)$/);
  });

  it('names an unknown template, severity and playbook', () => {
    const template = doc();
    template.expected[3].done = { comms: 'press-release' };
    expect(checkDrillScenario(scenarioOf(template), context, file)).toMatchObject({ path: 'expected[3].done.comms', message: "no template 'press-release'; the templates are internal-notification, status-update" });
    const severity = doc();
    severity.severity = 'SEV-1';
    expect(checkDrillScenario(scenarioOf(severity), context, file)).toMatchObject({ path: 'severity', message: expect.stringContaining('its levels are P0, P1, P2, P3') });
    expect(checkDrillScenario(scenarioOf(doc()), { ...context, playbook: undefined }, file)).toMatchObject({ path: 'playbook', message: expect.stringContaining("no playbook 'secret-leaked'") });
  });
});

describe('hostile files through the loader', () => {
  let t: TestContext | undefined;
  afterEach(() => t?.close());

  it('refuses a YAML alias bomb and an oversized file, and still loads the shipped drills', () => {
    t = makeTestContext();
    const dir = path.join(t.dataDir, 'drills');
    fs.mkdirSync(dir);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((name, index) => `${name}: &${name} [*${'abcdefghi'[index]},*${'abcdefghi'[index]},*${'abcdefghi'[index]},*${'abcdefghi'[index]},*${'abcdefghi'[index]},*${'abcdefghi'[index]},*${'abcdefghi'[index]},*${'abcdefghi'[index]},*${'abcdefghi'[index]}]`)].join('\n');
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), `${bomb}\n`);
    fs.writeFileSync(path.join(dir, 'big.yaml'), `id: big\nsummary: "${'x'.repeat(300 * 1024)}"\n`);
    fs.writeFileSync(path.join(dir, 'deep.yaml'), `${'['.repeat(5_000)}${']'.repeat(5_000)}\n`);
    const started = Date.now();
    const { scenarios, errors } = loadDrillScenarios(t.ctx);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(errors).toEqual([
      { file: path.join(dir, 'big.yaml'), path: '', message: expect.stringContaining('larger than the') },
      { file: path.join(dir, 'bomb.yaml'), path: '', message: expect.stringContaining('refused as an alias bomb') },
      { file: path.join(dir, 'deep.yaml'), path: '', message: expect.stringContaining('nested more than 64 levels deep') },
    ]);
    expect(scenarios.map((scenario) => scenario.id)).toContain('leaked-api-key');
  });
});
