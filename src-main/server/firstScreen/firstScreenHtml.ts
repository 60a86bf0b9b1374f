import type { SlaSnapshot } from '../../contract';
import type { IncidentFacts } from '../../domain/incidents/incidentFacts';
import { countdown, localTimeOptions, localTimeWithYearOptions, timeNeedsYear } from '../../domain/timeText';
import { splitUserText, visibleUserText } from '../../domain/userText';
import { escapeHtml } from '../htmlText';
import type { FirstScreen } from './firstScreenData';

/*
 * The dashboard as the console draws it first (shell/App, TopBar, dashboard/Dashboard and
 * IncidentRows), as static markup with the same classes, roles and text, so nothing moves when React
 * replaces it. The page's policy allows no inline script and no style attribute: rows sit in normal
 * flow (the console measures each row, so it puts them at the same offsets), the list's full height
 * comes from an SVG's height attribute and a progress bar's fill from an SVG rect's width.
 */

/** The console's estimate for a row not drawn yet (IncidentRows' estimatedRowHeight). */
const rowHeight = 38;
const columns = ['SLA', 'Sev', 'ID', 'Title', 'Status', 'Phase', 'Checklist', 'Impact', 'Commander', 'Declared'];
const impactNames = { C: 'Confidentiality', I: 'Integrity', A: 'Availability' } as const;

/** UserText: its own direction, and every bidi control as a visible, named token. */
function userText(text: string): string {
  const parts = splitUserText(text).map((part) =>
    part.kind === 'text'
      ? escapeHtml(part.text)
      : `<span class="bidi-control" title="Hidden direction control ${part.name} (U+${part.char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})">⟨${part.name}⟩</span>`,
  );
  return `<span dir="auto">${parts.join('')}</span>`;
}

function slaClock(sla: SlaSnapshot, now: Date): string {
  if (sla.state === 'met') return '<span class="sla  sla-met" title="Responded within the SLA">✓ responded</span>';
  if (sla.state === 'missed') return '<span class="sla  sla-missed" title="Responded after the SLA ran out">responded late</span>';
  if (sla.state === 'never-acknowledged') return '<span class="sla  sla-never" title="Resolved or closed without anyone acknowledging it">never acknowledged</span>';
  const remaining = Date.parse(sla.dueAt) - now.getTime();
  if (remaining < 0) return `<span class="sla  sla-overdue" role="timer" aria-label="overdue by ${countdown(remaining)}">OVERDUE ${countdown(remaining)}</span>`;
  const tone = remaining < 5 * 60_000 ? 'sla-urgent' : 'sla-running';
  return `<span class="sla  ${tone}" role="timer" aria-label="${countdown(remaining)} left to respond">${countdown(remaining)} left</span>`;
}

function progress({ settled, total }: { settled: number; total: number }): string {
  const percent = total ? (settled / total) * 100 : 0;
  return (
    `<span class="progress" title="${settled} of ${total} steps done, skipped or not applicable">` +
    `<span class="progress-bar" aria-hidden="true"><svg viewBox="0 0 100 1" preserveAspectRatio="none"><rect width="${percent}" height="1"></rect></svg></span>` +
    `<span class="muted small">${settled}/${total}</span></span>`
  );
}

function impactTags(impact: IncidentFacts['impact']): string {
  const flags = { C: impact.confidentiality, I: impact.integrity, A: impact.availability };
  const tags = (Object.keys(flags) as (keyof typeof flags)[]).map(
    (letter) => `<span class="${flags[letter] ? 'impact-on' : 'impact-off'}" title="${impactNames[letter]}${flags[letter] ? '' : ' not'} affected">${letter}</span>`,
  );
  return `<span class="impact" aria-label="impact">${tags.join('')}</span>`;
}

/** Made once per language: the first one costs tens of milliseconds (the zone's data). */
const formats = new Map<string, Intl.DateTimeFormat>();
/** Languages kept: a few in practice; a flood of odd headers only costs a new format each. */
const maxFormats = 8;

/**
 * The time format for the browser's first language (its Accept-Language), so the console that takes
 * over writes the same text: the server and the browser share the machine's zone but not its language.
 */
function timeFormat(acceptLanguage?: string, withYear = false): Intl.DateTimeFormat {
  const tag = acceptLanguage?.split(/[,;]/)[0]?.trim() ?? '';
  let locale: string | undefined;
  try {
    locale = tag && tag !== '*' ? Intl.DateTimeFormat.supportedLocalesOf([tag])[0] : undefined;
  } catch {
    locale = undefined; // not a language tag: the server's own
  }
  const key = `${locale ?? ''}${withYear ? '|year' : ''}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size >= maxFormats) formats.clear();
    format = new Intl.DateTimeFormat(locale, withYear ? localTimeWithYearOptions : localTimeOptions);
    formats.set(key, format);
  }
  return format;
}

/** Does now what the first page would otherwise wait for: `firebreak serve` calls it once its link is out. */
export function prepareFirstScreen(): void {
  timeFormat();
}

function row(incident: IncidentFacts, index: number, now: Date, time: (date: Date) => string): string {
  // Ids are [A-Za-z0-9-] (incident.declare): the hash route the console opens (uiStore routeFromHash).
  // Out of the tab order: the screen is hidden from assistive technology until the console takes it over (axe: aria-hidden-focus).
  const link = `<a href="#/incident/${encodeURIComponent(incident.id)}" tabindex="-1">${escapeHtml(incident.id)}</a>`;
  const cells = [
    `<span role="cell">${slaClock(incident.sla, now)}</span>`,
    `<span role="cell"><span class="badge sev-${Math.min(incident.severityRank, 3)}" title="${escapeHtml(incident.severityLabel)}">${escapeHtml(incident.severity)}</span></span>`,
    `<span role="cell" class="mono">${link}</span>`,
    `<span role="cell" class="title-cell" title="${escapeHtml(visibleUserText(incident.title))}">${userText(incident.title)}</span>`,
    `<span role="cell"><span class="pill status-${escapeHtml(incident.status.toLowerCase())}">${escapeHtml(incident.status)}</span></span>`,
    `<span role="cell" class="phase-cell">${escapeHtml(incident.currentPhase)}</span>`,
    `<span role="cell">${progress(incident.progress)}</span>`,
    `<span role="cell">${impactTags(incident.impact)}</span>`,
    `<span role="cell">${userText(incident.commander)}</span>`,
    `<span role="cell" class="muted">${escapeHtml(time(new Date(incident.declaredAt)))}</span>`,
  ];
  return `<div class="incident-row" role="row" aria-rowindex="${index + 2}" data-index="${index}">${cells.join('')}</div>`;
}

function topBar(): string {
  const nav = ['Contacts', 'Vault', 'Hub'].map((name) => `<button type="button" class="link">${name}</button>`).join('');
  return (
    '<header class="topbar" inert>' +
    '<button type="button" class="brand"><span class="brand-mark" aria-hidden="true">▲</span> Firebreak</button>' +
    '<input class="search" type="search" aria-label="Search incidents" placeholder="Search incidents  /" value="">' +
    `<nav class="topbar-nav">${nav}<button type="button" class="link" title="Tabletop drills (Shift+D)">Drills</button>` +
    '<button type="button" class="link">Commands <span class="shortcut-hint"><kbd>Ctrl</kbd>+<kbd>K</kbd></span></button></nav>' +
    '<div class="topbar-right">' +
    // The hub's indicator as the console first draws it, its status not read yet (hub/SyncIndicator, hubText indicatorOf).
    '<div class="sync-indicator"><button type="button" class="sync-button tone-quiet" aria-describedby="sync-details" aria-label="Team hub: Hub…. Open hub settings">' +
    '<span class="sync-dot" aria-hidden="true"></span><span class="sync-label">Hub…</span></button>' +
    '<div id="sync-details" role="tooltip" class="sync-popover"><p>This laptop has joined no team hub: everything stays here, and bundles still carry incidents between laptops.</p>' +
    '<p class="muted small">Click to join a hub.</p></div></div>' +
    '<select class="theme-switch" aria-label="Theme" title="Colour theme: Auto follows the system setting"><option value="system">Auto</option><option value="light">Light</option><option value="dark">Dark</option></select>' +
    '<button type="button" class="icon-button" aria-label="Keyboard shortcuts">?</button>' +
    '<button type="button" class="primary danger">New incident <kbd>n</kbd></button>' +
    '</div></header>'
  );
}

function incidentList(screen: FirstScreen, now: Date, acceptLanguage: string | undefined): string {
  if (screen.incidents.length === 0) {
    return '<div class="empty"><p>No open incidents. Quiet night.</p><button type="button" class="primary danger">Declare an incident <kbd>n</kbd></button></div>';
  }
  // As the console writes it (format.ts localTime): the year only for a time far from now.
  const format = timeFormat(acceptLanguage);
  let withYear: Intl.DateTimeFormat | undefined;
  const time = (date: Date) => (timeNeedsYear(date.getTime(), now.getTime()) ? (withYear ??= timeFormat(acceptLanguage, true)) : format).format(date);
  const rowCount = Math.max(screen.total, screen.incidents.length);
  const head = columns.map((heading) => `<span role="columnheader">${heading}</span>`).join('');
  const rows = screen.incidents.map((incident, index) => row(incident, index, now, time)).join('');
  // The rows not drawn keep their place, as the console's list does, so the scrollbar is right from the start.
  const rest = (rowCount - screen.incidents.length) * rowHeight;
  const spacer = rest > 0 ? `<svg class="first-screen-rest" aria-hidden="true" width="1" height="${rest}"></svg>` : '';
  return (
    `<div class="incident-grid" role="table" aria-label="Incidents" aria-rowcount="${rowCount + 1}">` +
    `<div class="incident-grid-head" role="row" aria-rowindex="1">${head}</div>` +
    `<div role="rowgroup" class="incident-rows first-screen-rows">${rows}${spacer}</div></div>`
  );
}

/**
 * The console's first screen: the shell, the dashboard's toolbar and the top of the list. Until the
 * console replaces it, it is a picture: hidden from assistive technology (which would read it, then
 * read it again), its controls inert; only each row's link works, through the hash route.
 */
export function firstScreenMarkup(screen: FirstScreen, now: Date, acceptLanguage?: string): string {
  const overdue = screen.overdue > 0 ? `<span class="overdue-count">${screen.overdue} overdue</span>` : '';
  return (
    `<div class="app" aria-hidden="true">${topBar()}<main class="dashboard"><div class="toolbar" inert><h1>Open incidents</h1><span class="count">${screen.total}</span>${overdue}` +
    '<div class="segmented" role="group" aria-label="Which incidents"><button type="button" class="active">Open</button><button type="button" class="">All</button></div>' +
    `<button type="button">Import bundle…</button></div>${incidentList(screen, now, acceptLanguage)}</main></div>`
  );
}

const emptyRoot = '<div id="root"></div>';
// Vite's modulepreload links make the browser fetch and compile the console before the first paint
// and hold back `load`, which the entry waits for (main.tsx): the page with a first screen goes without them.
const modulePreload = /<link rel="modulepreload"[^>]*>\s*/g;

/**
 * The built index.html with the first screen drawn in #root (marked data-first-screen, which tells
 * main.tsx to let it paint before loading the console). No screen: the page as built.
 */
export function pageWithFirstScreen(indexHtml: string, screen: FirstScreen | null, now: Date, acceptLanguage?: string): string {
  if (screen === null || !indexHtml.includes(emptyRoot)) return indexHtml;
  const markup = firstScreenMarkup(screen, now, acceptLanguage);
  // A function, so `$` in a title is never read as a replacement pattern.
  return indexHtml.replace(modulePreload, '').replace(emptyRoot, () => `<div id="root" data-first-screen>${markup}</div>`);
}
