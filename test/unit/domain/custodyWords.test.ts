import { describe, expect, it } from 'vitest';
import { custodyActions } from '../../../src-main/contract';
import { custodyWords, describeCustody } from '../../../src-main/domain/evidence/custodyWords';
import { eventTypes } from '../../../src-main/domain/incidents/incidentState';
import { summarizeEvent } from '../../../src-main/domain/incidents/timelineSummary';

describe('custody actions in words', () => {
  it('has words for every action, none of them a hyphenated internal name', () => {
    expect(Object.keys(custodyWords).sort()).toEqual([...custodyActions].sort());
    for (const words of Object.values(custodyWords)) expect(words).not.toMatch(/-/);
  });

  it('reads a hand-over on from the verb, and any other entry after a colon', () => {
    expect(describeCustody('handed-over', 'to Legal (Dana), sealed drive #4')).toBe('handed over to Legal (Dana), sealed drive #4');
    expect(describeCustody('handed-over', 'courier, sealed bag 12')).toBe('handed over: courier, sealed bag 12');
    expect(describeCustody('copied', '')).toBe('copied');
    expect(describeCustody('verified', 'intact: 2 files')).toBe('verified: intact: 2 files');
    // An action from a newer release reads as stored rather than disappearing.
    expect(describeCustody('sealed', 'bag 4')).toBe('sealed: bag 4');
  });

  it('is what the timeline (and so the reports) show', () => {
    expect(summarizeEvent(eventTypes.evidenceCustody, { evidenceId: 'EV-1a2b3c4d', action: 'handed-over', detail: 'to Legal' })).toBe('Evidence EV-1a2b3c4d handed over to Legal');
  });
});
