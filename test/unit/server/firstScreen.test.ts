import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, IncidentPage } from '../../../src-main/contract';
import type { IncidentFacts } from '../../../src-main/domain/incidents/incidentFacts';
import { firstScreenRows, readFirstScreen, type FirstScreen } from '../../../src-main/server/firstScreen/firstScreenData';
import { pageWithFirstScreen } from '../../../src-main/server/firstScreen/firstScreenHtml';
import { escapeHtml } from '../../../src-main/server/htmlText';
import { localTimeOptions, localTimeWithYearOptions } from '../../../src-main/domain/timeText';
import { callOk, makeTestContext, type TestContext } from '../../support/serviceContext';

const indexHtml =
  '<!doctype html><html><head><link rel="modulepreload" crossorigin href="./assets/boot-x.js">\n<link rel="stylesheet" crossorigin href="./assets/boot-x.css"></head>' +
  '<body><div id="root"></div><script type="module" src="./assets/main-x.js"></script></body></html>';

let t: TestContext;

beforeAll(() => {
  t = makeTestContext();
  const severities = ['P0', 'P1', 'P2', 'P3'];
  for (let i = 0; i < 90; i += 1) {
    const declared = callOk<Incident>(t, 'incident.declare', { title: `Seeded ${i} & "quoted"`, severity: severities[i % 4], commander: `Ana ${i % 3}`, ...(i % 10 === 0 ? { scenario: 'secret-leaked' } : {}) });
    if (i % 10 === 0) callOk(t, 'checklist.change', { id: declared.id, stepId: 'acknowledge-and-assign', change: 'done' });
    if (i % 7 === 0 && i % 10 !== 0) callOk(t, 'incident.acknowledge', { id: declared.id });
    if (i % 11 === 0) callOk(t, 'incident.setStatus', { id: declared.id, status: 'Resolved' });
    if (i % 13 === 0 && i % 11 !== 0) callOk(t, 'incident.setStatus', { id: declared.id, status: 'Contained' });
    // Some due long ago, some soon, some far off.
    t.advance(i % 5 === 0 ? 3 * 3_600_000 : 61_000);
  }
}, 60_000);
afterAll(() => t?.close());

describe('readFirstScreen', () => {
  it('gives the rows, order, total and values incident.list gives the dashboard', () => {
    const listed = callOk<IncidentPage>(t, 'incident.list', { scope: 'open', limit: 1000 });
    expect(readFirstScreen(t.ctx.db, t.ctx.schemes, t.ctx.clock()).incidents.map((incident) => incident.id)).toEqual(listed.incidents.slice(0, firstScreenRows).map((incident) => incident.id));
    // Every row, so every kind of row is compared.
    const screen = readFirstScreen(t.ctx.db, t.ctx.schemes, t.ctx.clock(), 200);
    expect(screen.total).toBe(listed.total);
    expect(screen.incidents.map((incident) => incident.id)).toEqual(listed.incidents.map((incident) => incident.id));
    const withoutEscalation = listed.incidents.map(({ nextEscalation: _next, ...facts }) => facts);
    expect(screen.incidents).toEqual(withoutEscalation);
    // The mix the seed meant to make is there: overdue, met, progress, several severities.
    expect([...new Set(screen.incidents.map((incident) => incident.sla.state))].sort()).toEqual(['met', 'overdue', 'running']);
    expect(screen.incidents.some((incident) => incident.progress.settled > 0)).toBe(true);
    expect(new Set(screen.incidents.map((incident) => incident.severityLabel)).size).toBe(4);
    const now = t.ctx.clock().getTime();
    expect(screen.overdue).toBe(listed.incidents.filter((incident) => incident.sla.state === 'overdue' || (incident.sla.state === 'running' && Date.parse(incident.sla.dueAt) < now)).length);
    expect(screen.overdue).toBeGreaterThan(0);
  });

  it('counts the overdue past its own rows, as the console does over the rows it loads', () => {
    const listed = callOk<IncidentPage>(t, 'incident.list', { scope: 'open', limit: 1000 });
    const overdue = listed.incidents.filter((incident) => incident.sla.state === 'overdue').length;
    expect(readFirstScreen(t.ctx.db, t.ctx.schemes, t.ctx.clock(), 3).overdue).toBe(overdue);
    expect(readFirstScreen(t.ctx.db, t.ctx.schemes, t.ctx.clock(), 0)).toMatchObject({ incidents: [], total: listed.total, overdue });
  });
});

function facts(overrides: Partial<IncidentFacts>): IncidentFacts {
  return {
    id: 'INC-20261123-141502',
    kind: 'real',
    title: 'Key leaked',
    scenario: 'secret-leaked',
    schemeId: 'default',
    severity: 'P1',
    severityLabel: 'High',
    severityRank: 1,
    impact: { confidentiality: true, integrity: false, availability: false },
    commander: 'Ana',
    detectionSource: '',
    description: '',
    status: 'Active',
    declaredAt: '2026-11-23T14:15:02.000Z',
    updatedAt: '2026-11-23T14:15:02.000Z',
    sla: { responseMinutes: 60, dueAt: '2026-11-23T15:15:02.000Z', respondedAt: null, state: 'running' },
    playbookId: null,
    currentPhase: 'detect',
    acknowledgedAt: null,
    milestones: { containedAt: null, recoveredAt: null, resolvedAt: null },
    progress: { settled: 1, total: 4 },
    ...overrides,
  } as IncidentFacts;
}

const now = new Date('2026-11-23T14:20:02.000Z');
const screenOf = (incidents: IncidentFacts[], total = incidents.length): FirstScreen => ({ incidents, total, overdue: 0 });

describe('pageWithFirstScreen', () => {
  it('returns the page unchanged without a screen', () => {
    expect(pageWithFirstScreen(indexHtml, null, now)).toBe(indexHtml);
  });

  it('writes the declared time in the browser’s first language, and in the server’s for a header that names none', () => {
    const declared = new Date('2026-11-23T14:15:02.000Z');
    const inLanguage = (language: string | undefined) => new Intl.DateTimeFormat(language, localTimeOptions).format(declared);
    const german = pageWithFirstScreen(indexHtml, screenOf([facts({})]), now, 'de-DE,de;q=0.9,en;q=0.8');
    expect(inLanguage('de-DE')).not.toBe(inLanguage('en-US'));
    expect(german).toContain(`<span role="cell" class="muted">${escapeHtml(inLanguage('de-DE'))}</span>`);
    for (const header of [undefined, '', '*', 'not a language!!', ';q=0.5']) {
      expect(pageWithFirstScreen(indexHtml, screenOf([facts({})]), now, header)).toContain(`<span role="cell" class="muted">${escapeHtml(inLanguage(undefined))}</span>`);
    }
  });

  it('writes the year of a declaration more than half a year old, as the console does', () => {
    const declaredAt = '2025-11-20T09:00:00.000Z';
    const page = pageWithFirstScreen(indexHtml, screenOf([facts({ declaredAt })]), now, 'en-US');
    const written = new Intl.DateTimeFormat('en-US', localTimeWithYearOptions).format(new Date(declaredAt));
    expect(written).toContain('2025');
    expect(page).toContain(`<span role="cell" class="muted">${escapeHtml(written)}</span>`);
  });

  it('draws the toolbar, rows at their row index, and holds the place of the rows not drawn', () => {
    const page = pageWithFirstScreen(indexHtml, { ...screenOf([facts({})], 1000), overdue: 2 }, now);
    expect(page).toContain('<div id="root" data-first-screen><div class="app" aria-hidden="true"><header class="topbar" inert>');
    expect(page).toContain('<div class="toolbar" inert><h1>Open incidents</h1><span class="count">1000</span><span class="overdue-count">2 overdue</span>');
    expect(page).toContain('aria-rowcount="1001"');
    expect(page).toContain('<div class="incident-row" role="row" aria-rowindex="2" data-index="0">');
    expect(page).toContain('<span role="cell" class="mono"><a href="#/incident/INC-20261123-141502" tabindex="-1">INC-20261123-141502</a></span>');
    expect(page).toContain('<span class="sla  sla-running" role="timer" aria-label="55:00 left to respond">55:00 left</span>');
    expect(page).toContain('<rect width="25" height="1"></rect>');
    expect(page).toContain(`height="${999 * 38}"`);
    // The console's script is not fetched before the first paint; its styles are.
    expect(page).not.toContain('modulepreload');
    expect(page).toContain('rel="stylesheet"');
    // The policy allows no inline style or script.
    expect(page).not.toMatch(/style=|<style|<script(?! type="module" src=)/);
  });

  it('writes hostile titles and commanders as text, never as markup', () => {
    const title = '</span><script>alert(1)</script><img src=x onerror=alert(2)> & "q" \'s\' $& $1';
    const page = pageWithFirstScreen(indexHtml, screenOf([facts({ title, commander: '"><svg onload=alert(3)>' })]), now);
    const drawn = page.slice(page.indexOf('data-first-screen'), page.indexOf('<script type="module"'));
    expect(drawn).not.toMatch(/<script|<img|<svg onload/);
    expect(drawn).toContain(`<span dir="auto">${escapeHtml(title)}</span>`);
    expect(drawn).toContain(`title="${escapeHtml(title)}"`);
    expect(drawn).toContain('&lt;/span&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(drawn).toContain('&amp; &quot;q&quot; &#39;s&#39; $&amp; $1');
    expect(drawn).toContain('&quot;&gt;&lt;svg onload=alert(3)&gt;');
  });

  it('shows bidi controls as named tokens and a lone surrogate as U+FFFD', () => {
    const page = pageWithFirstScreen(indexHtml, screenOf([facts({ title: 'invoice\u202Egpj.exe \uD800x' })]), now);
    expect(page).toContain('<span dir="auto">invoice<span class="bidi-control" title="Hidden direction control RLO (U+202E)">⟨RLO⟩</span>gpj.exe \uFFFDx</span>');
    expect(page).toContain('title="invoice⟨RLO⟩gpj.exe \uFFFDx"');
    expect(page).not.toContain('\u202E');
    expect(page).not.toMatch(/[\uD800-\uDFFF]/);
  });

  it('draws every SLA state as SlaClock does', () => {
    const states = [
      facts({ sla: { responseMinutes: 60, dueAt: '2026-11-23T14:00:00.000Z', respondedAt: null, state: 'overdue' } }),
      facts({ sla: { responseMinutes: 60, dueAt: '2026-11-23T14:23:00.000Z', respondedAt: null, state: 'running' } }),
      facts({ sla: { responseMinutes: 60, dueAt: '2026-11-23T15:00:00.000Z', respondedAt: '2026-11-23T14:10:00.000Z', state: 'met' } }),
      facts({ severityRank: 6, severity: 'SEV-7', status: 'Contained' }),
    ];
    const page = pageWithFirstScreen(indexHtml, screenOf(states), now);
    expect(page).toContain('aria-label="overdue by 20:02">OVERDUE 20:02</span>');
    expect(page).toContain('<span class="sla  sla-urgent" role="timer" aria-label="02:58 left to respond">02:58 left</span>');
    expect(page).toContain('<span class="sla  sla-met" title="Responded within the SLA">✓ responded</span>');
    expect(page).toContain('<span class="badge sev-3" title="High">SEV-7</span>');
    expect(page).toContain('<span class="pill status-contained">Contained</span>');
  });

  it('shows what the console shows for no open incidents', () => {
    const page = pageWithFirstScreen(indexHtml, screenOf([]), now);
    expect(page).toContain('<span class="count">0</span>');
    expect(page).toContain('<div class="empty"><p>No open incidents. Quiet night.</p>');
    expect(page).not.toContain('incident-grid');
  });
});
