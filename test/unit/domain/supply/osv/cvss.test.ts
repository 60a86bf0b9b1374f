import { describe, expect, it } from 'vitest';
import { cvss3BaseScore } from '../../../../../src-main/domain/supply/osv/cvss';
import { advisorySeverity } from '../../../../../src-main/domain/supply/osv/osvSeverity';

describe('CVSS v3 base score', () => {
  // Scores as NVD and FIRST's calculator give them for these vectors.
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H', 9.1],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', 7.4],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4],
    ['CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 5.1],
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
    ['CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 9.1],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    // Metrics in another order and temporal metrics do not change the base score.
    ['CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:P/RL:O', 9.8],
  ])('%s scores %s', (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });

  it.each(['AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', ''])('refuses %j rather than guess', (vector) => {
    expect(cvss3BaseScore(vector)).toBeNull();
  });
});

describe('advisory severity', () => {
  it("takes GitHub's word first, MODERATE as medium", () => {
    expect(advisorySeverity({ database_specific: { severity: 'MODERATE' }, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] })).toBe('medium');
  });

  it('falls back to the highest CVSS v3 score, then to unknown', () => {
    const severity = [
      { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' },
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H' },
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' },
    ];
    expect(advisorySeverity({ severity })).toBe('high');
    expect(advisorySeverity({ severity: severity.slice(0, 2) })).toBe('medium');
    expect(advisorySeverity({ severity: severity.slice(0, 1) })).toBe('unknown');
    expect(advisorySeverity({ database_specific: { severity: 'whatever' } })).toBe('unknown');
  });
});
