import { describe, expect, it } from 'vitest';
import type { Checklist, ChecklistStep, Incident, Phase } from '../../../src-main/contract';
import { openItemsBefore } from '../../../src-renderer/components/incidents/openItems';

const step = (id: string, phase: Phase, critical: boolean, status: ChecklistStep['status'] = 'open') => ({ id, phase, text: `step ${id}`, critical, status }) as ChecklistStep;
const checklist = {
  steps: [
    step('ack', 'Identify', true, 'done'),
    step('evidence', 'Triage', true),
    step('optional', 'Triage', false),
    step('block', 'Contain', true),
    step('restore', 'Recover', true),
    step('postmortem', 'Learn', true, 'skipped'),
  ],
} as Checklist;
const incident = (currentPhase: Phase, acknowledgedAt: string | null = null) => ({ currentPhase, acknowledgedAt }) as Incident;

describe('what is still open before a status change', () => {
  it('containing names the open critical steps up to Contain, and a missing acknowledgement', () => {
    expect(openItemsBefore(incident('Triage'), checklist, 'Contained')).toEqual({
      criticalSteps: [
        { id: 'evidence', text: 'step evidence', phase: 'Triage' },
        { id: 'block', text: 'step block', phase: 'Contain' },
      ],
      acknowledged: false,
      summaryNeeded: false,
    });
  });

  it('closing takes every phase and needs a summary; skipped steps are not open', () => {
    const open = openItemsBefore(incident('Learn', '2026-11-23T14:00:00.000Z'), checklist, 'Closed');
    expect(open.criticalSteps.map((item) => item.id)).toEqual(['evidence', 'block', 'restore']);
    expect(open).toMatchObject({ acknowledged: true, summaryNeeded: true });
  });

  it('counts the current phase even when it is past the one the status claims', () => {
    expect(openItemsBefore(incident('Recover'), checklist, 'Contained').criticalSteps.map((item) => item.id)).toEqual(['evidence', 'block', 'restore']);
  });
});
