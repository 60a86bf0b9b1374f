import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident, RenderedTemplate, TemplateProblem, TemplateSummary } from '../../../src-main/contract';
import { dispatch } from '../../../src-main/services/dispatch';
import { aliasBomb } from '../../support/hostileYaml';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

let t: TestContext;
const call = <T>(name: string, input: unknown): T => callOk<T>(t, name, input);
const list = () => call<{ templates: TemplateSummary[]; problems: TemplateProblem[] }>('template.list', {});
const userDir = () => path.join(t.dataDir, 'templates');
const writeUser = (name: string, text: string) => {
  fs.mkdirSync(userDir(), { recursive: true });
  fs.writeFileSync(path.join(userDir(), name), text);
};

const shippedIds = [
  'breach-notification',
  'internal-notification',
  'postmortem',
  'resolution-notice',
  'security-advisory',
  'status-update',
  'statuspage-identified',
  'statuspage-investigating',
  'statuspage-monitoring',
  'statuspage-resolved',
];

beforeEach(() => {
  t = makeTestContext();
});
afterEach(() => t.close());

/** Every marker in the text is listed in `missing` and every listed field is marked: nothing blank, nothing silent. */
function expectMarkedAndListed(rendered: RenderedTemplate): void {
  const text = `${rendered.subject ?? ''}\n${rendered.body}`;
  const marked = [...new Set([...text.matchAll(/\[fill in: ([^\]]+)\]/g)].map((match) => match[1]))];
  expect(marked.sort()).toEqual([...rendered.missing].sort());
  expect(text).not.toMatch(/\{\{|\}\}|undefined|\bnull\b|NaN/);
  // A field line never ends empty after its label ("Impact: " and nothing).
  expect(text).not.toMatch(/: +$/m);
}

function fullIncident(): string {
  const { id } = call<Incident>('incident.declare', {
    title: 'Payment API leaking card data',
    severity: 'P0',
    scenario: 'data-breach',
    impact: { confidentiality: true, integrity: true, availability: false },
    commander: 'Ana',
    detectionSource: 'WAF alert',
    description: 'Card numbers in API error responses.',
  });
  call('incident.acknowledge', { id });
  const steps = call<{ steps: { id: string }[] }>('checklist.get', { id }).steps;
  call('checklist.change', { id, stepId: steps[0]!.id, change: 'done' });
  t.ctx.db.prepare("INSERT INTO scan_runs (id, incident_id, root, history, started_at, finished_at, actor, stats) VALUES ('S1', ?, '/srv', 0, ?, ?, 'Ana', '{}')").run(id, '2026-11-23T14:16:00.000Z', '2026-11-23T14:16:00.000Z');
  t.advance(10 * 60_000);
  call('incident.setStatus', { id, status: 'Contained' });
  t.advance(30 * 60_000);
  call('incident.setStatus', { id, status: 'Resolved' });
  return id;
}

describe('the shipped templates', () => {
  it('are all listed, valid, with their audience and cadence, and none is a problem', () => {
    const { templates, problems } = list();
    expect(problems).toEqual([]);
    expect(templates.map((template) => template.id)).toEqual(shippedIds);
    expect(templates.find((template) => template.id === 'status-update')).toMatchObject({ audience: 'internal', source: 'shipped', cadenceMinutes: [30, 60, 240, 1440] });
  });

  it.each(shippedIds)('%s renders for an incident with every field, leaving only what the console cannot know', (templateId) => {
    const incidentId = fullIncident();
    const rendered = call<RenderedTemplate>('template.render', { templateId, incidentId });
    expectMarkedAndListed(rendered);
    const known = ['incident ID', 'title', 'severity', 'severity label', 'status', 'impact', 'description', 'incident commander', 'detection source', 'declaration time', 'acknowledgement time', 'containment time', 'resolution time', 'total duration', 'actions done', 'findings counts', 'responder name'];
    expect(rendered.missing.filter((name) => known.includes(name))).toEqual([]);
  });

  it.each(shippedIds)('%s renders for an incident with nothing recorded, every gap marked and listed', (templateId) => {
    const { id } = call<Incident>('incident.declare', { title: 'Something odd', severity: 'P3' });
    const rendered = call<RenderedTemplate>('template.render', { templateId, incidentId: id });
    expectMarkedAndListed(rendered);
    expect(rendered.body.length).toBeGreaterThan(20);
  });

  it('fills the runbook fields: severity with its label, UTC times with the zone named, the next update from the cadence', () => {
    const id = fullIncident();
    const rendered = call<RenderedTemplate>('template.render', { templateId: 'resolution-notice', incidentId: id });
    expect(rendered.subject).toBe(`[RESOLVED] Security Incident ${id} - Resolution Complete`);
    expect(rendered.body).toContain('Resolved: 2026-11-23 14:55 UTC');
    expect(rendered.body).toContain('Total Duration: 40 min');
    const update = call<RenderedTemplate>('template.render', { templateId: 'internal-notification', incidentId: id });
    expect(update.body).toContain('Severity: P0 (Critical)');
    // P0: every 30 minutes, as the runbooks say.
    expect(update.nextUpdateAt).toBe('2026-11-23T15:25:02.000Z');
    expect(update.body).toContain('Next Update: 2026-11-23 15:25 UTC');
  });

  it('names an unknown template and an unknown incident', () => {
    const { id } = call<Incident>('incident.declare', { title: 'x', severity: 'P3' });
    expect(dispatch(t.ctx, 'template.render', { templateId: 'nope', incidentId: id })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('status-update') } });
    expect(dispatch(t.ctx, 'template.render', { templateId: 'status-update', incidentId: 'INC-20991231-000000' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('templates in the data dir', () => {
  it('replace a shipped one of the same id and add new ones', () => {
    writeUser('status-update.yaml', 'title: Our update\naudience: internal\ndescription: ours\ncadenceMinutes: [15]\nbody: "{{incidentId}} is {{status}}; next at {{nextUpdateAt}}"\n');
    writeUser('exec-brief.yaml', 'title: Executive brief\naudience: internal\ndescription: for the board\nbody: "{{title}}: {{rootCause}}"\n');
    const { templates, problems } = list();
    expect(problems).toEqual([]);
    expect(templates.find((template) => template.id === 'status-update')).toMatchObject({ title: 'Our update', source: 'user', cadenceMinutes: [15] });
    expect(templates.find((template) => template.id === 'exec-brief')).toMatchObject({ source: 'user' });
    const { id } = call<Incident>('incident.declare', { title: 'Outage', severity: 'P3' });
    expect(call<RenderedTemplate>('template.render', { templateId: 'status-update', incidentId: id }).body).toBe(`${id} is Active; next at 2026-11-23 14:30 UTC`);
    expect(call<RenderedTemplate>('template.render', { templateId: 'exec-brief', incidentId: id })).toMatchObject({ body: 'Outage: [fill in: root cause]', missing: ['root cause'] });
  });

  it('that are broken are named with file, line and reason while the others still load', () => {
    writeUser('bad-yaml.yaml', 'title: x\naudience: [internal\n');
    writeUser('typo.yaml', 'title: Typo\naudience: internal\ndescription: d\nbody: |\n  Hello\n  {{commandr}}\n');
    writeUser('bomb.yaml', aliasBomb());
    writeUser('wrong-audience.yaml', 'title: x\naudience: everyone\ndescription: d\nbody: hi\n');
    writeUser('partial.yaml', 'title: x\naudience: public\ndescription: d\nbody: "{{> other}}"\n');
    writeUser('ok-one.yaml', 'title: Fine\naudience: public\ndescription: d\nbody: "{{title}}"\n');
    const { templates, problems } = list();
    expect(templates.map((template) => template.id)).toEqual([...shippedIds, 'ok-one'].sort());
    const byFile = Object.fromEntries(problems.map((problem) => [path.basename(problem.file), problem]));
    expect(Object.keys(byFile).sort()).toEqual(['bad-yaml.yaml', 'bomb.yaml', 'partial.yaml', 'typo.yaml', 'wrong-audience.yaml']);
    expect(byFile['bad-yaml.yaml']!.message).toMatch(/not valid YAML/);
    expect(byFile['typo.yaml']).toMatchObject({ line: 6, message: expect.stringContaining('{{commandr}}, which is not a field') });
    expect(byFile['bomb.yaml']!.message).toMatch(/alias bomb/);
    expect(byFile['wrong-audience.yaml']).toMatchObject({ line: 2, message: expect.stringContaining('audience') });
    expect(byFile['partial.yaml']!.message).toMatch(/partials/);
    const { id } = call<Incident>('incident.declare', { title: 'x', severity: 'P3' });
    expect(dispatch(t.ctx, 'template.render', { templateId: 'typo', incidentId: id })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('typo.yaml:6') } });
  });

  it('larger than the limit are refused without being read', () => {
    writeUser('huge.yaml', `title: x\naudience: public\ndescription: d\nbody: "${'a'.repeat(300 * 1024)}"\n`);
    expect(list().problems).toEqual([expect.objectContaining({ message: expect.stringContaining('larger than') })]);
  });
});
