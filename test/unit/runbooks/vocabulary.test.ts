import { describe, expect, it } from 'vitest';
import { phaseOf, responseMinutes } from '../../../src-main/domain/runbooks/vocabulary';

describe('response times as runbooks write them', () => {
  it.each([
    ['< 15 min', 15],
    ['<15 minutes', 15],
    ['Immediate', 0],
    ['Act Immediately', 0],
    ['< 1 hour', 60],
    ['1 hour', 60],
    ['4 hours', 240],
    ['24 hours', 1_440],
    ['7 days', 10_080],
    ['30 days', 43_200],
    ['Act Today', 1_440],
    ['Act This Week', 10_080],
    ['Act This Month', 43_200],
    ['when convenient', null],
  ])('%s → %s minutes', (written, minutes) => {
    expect(responseMinutes(written)).toBe(minutes);
  });
});

describe('headings to phases', () => {
  it.each([
    ['Phase 1: Identification', 'Identify'],
    ['1.1 Detection and Alerting', 'Identify'],
    ['Phase 2: Triage', 'Triage'],
    ['2. Assessment and Containment (First 30 minutes)', 'Triage'],
    ['Containment (if P0/P1)', 'Contain'],
    ['Immediate Containment (P0/P1)', 'Contain'],
    ['Phase 4: Eradication', 'Eradicate'],
    ['3. Remediation (First 2 hours)', 'Eradicate'],
    ['4. Eradication and Recovery', 'Eradicate'],
    ['Phase 5: Recovery', 'Recover'],
    ['Phase 6: Post-Incident Review (Postmortem)', 'Learn'],
    ['Lessons Learned', 'Learn'],
    ['Kill Switch Activation', null],
    ['Secret Leaked', null],
  ])('%s → %s', (heading, phase) => {
    expect(phaseOf(heading)).toBe(phase);
  });
});
