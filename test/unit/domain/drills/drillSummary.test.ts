import { describe, expect, it } from 'vitest';
import { drillEntryPayload } from '../../../../src-main/domain/drills/drillSummary';
import { summarizeEvent } from '../../../../src-main/domain/incidents/timelineSummary';

const scenario = { id: 'leaked-api-key', title: 'Leaked API key', injects: [{ id: 'tor-usage', title: 'Used from Tor', body: 'GET /v1/customers', note: 'tests the audit' }], facilitatorNotes: 'the trap' };

describe('drill events on the timeline', () => {
  it('reads each drill event as one line, in drill minutes', () => {
    expect(summarizeEvent('drill.started', { drillId: 'leaked-api-key', scenario })).toBe('Drill started: Leaked API key (scenario leaked-api-key); the drill clock is ready');
    expect(summarizeEvent('drill.clock', { action: 'start', speed: 1, elapsedMs: 0 })).toBe('Drill clock started at minute 0');
    expect(summarizeEvent('drill.clock', { action: 'pause', speed: 10, elapsedMs: 750_000 })).toBe('Drill clock paused at minute 12.5');
    expect(summarizeEvent('drill.clock', { action: 'speed', speed: 10, elapsedMs: 90_000 })).toBe('Drill clock ×10 at minute 1.5');
    expect(summarizeEvent('drill.injected', { injectId: 'tor-usage', action: 'fired', title: 'Used from Tor', body: 'GET /v1/customers', minute: 5, by: 'clock' })).toBe('Inject at minute 5 (by the clock): Used from Tor — GET /v1/customers');
    expect(summarizeEvent('drill.injected', { injectId: 'forks', action: 'fired', title: 'Forks found', body: 'Two forks', minute: 7.5, by: 'trigger' })).toBe('Inject at minute 7.5 (on its trigger): Forks found — Two forks');
    expect(summarizeEvent('drill.answered', { questionId: 'who', question: 'Who rotates?', answer: 'On call' })).toBe('Answer to “Who rotates?”: On call');
    expect(summarizeEvent('drill.finished', { elapsedMs: 2_700_000, score: { overall: 85 } })).toBe('Drill finished at minute 45: score 85/100');
  });

  it('keeps a skipped inject unread, in its line and in the entry payload', () => {
    const skipped = { injectId: 'press', action: 'skipped', title: 'A journalist asks', body: '', minute: 20, by: 'facilitator' };
    expect(summarizeEvent('drill.injected', skipped)).toBe('An inject was skipped by the facilitator at minute 20');
    expect(drillEntryPayload('drill.injected', skipped)).toEqual({ injectId: 'press', action: 'skipped', minute: 20, by: 'facilitator' });
  });

  it('shows the participants the scenario by name only: injects to come and notes stay in the event', () => {
    const shown = JSON.stringify(drillEntryPayload('drill.started', { drillId: 'leaked-api-key', scenario }));
    expect(JSON.parse(shown)).toEqual({ drillId: 'leaked-api-key', scenario: { id: 'leaked-api-key', title: 'Leaked API key' } });
    const other = { text: 'a note' };
    expect(drillEntryPayload('incident.noteAdded', other)).toBe(other);
  });
});
