import { describe, expect, it } from 'vitest';
import { DrillLog, sla, wallMs } from './drillFixture';
import { expectedStates } from '../../../../src-main/domain/drills/drillScore';

/** Moves a participant can make on the incident to collect points the drill did not earn. */

describe('gaming the drill score on the timeline', () => {
  it('a status set by mistake and moved back (a reversal) does not count as reached', () => {
    const log = new DrillLog().declare(0).clock('start', 0);
    log.status(2, 'Contained');
    // Undone a minute later as a mistake: the incident was never contained.
    log.add('incident.statusChanged', 3, { from: 'Contained', to: 'Active', reason: 'set by mistake', reversal: true });
    log.finish(90);
    const contained = expectedStates(log.facts(), sla, wallMs(90)).find((state) => state.id === 'contained')!;
    expect(contained.outcome).toBe('missed');
  });

});
