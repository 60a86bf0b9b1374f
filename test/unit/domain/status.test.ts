import { describe, expect, it } from 'vitest';
import { assertTransition } from '../../../src-main/domain/incidents/status';

describe('incident status', () => {
  it('moves forward, possibly skipping a step', () => {
    expect(() => assertTransition('Active', 'Contained')).not.toThrow();
    expect(() => assertTransition('Contained', 'Resolved')).not.toThrow();
    expect(() => assertTransition('Active', 'Resolved')).not.toThrow();
    expect(() => assertTransition('Resolved', 'Closed')).not.toThrow();
  });

  it('goes back only with a reason, and never stands still, saying why', () => {
    expect(() => assertTransition('Resolved', 'Active')).toThrow(/from Resolved back to Active needs a reason/);
    expect(() => assertTransition('Closed', 'Contained', '   ')).toThrow(/needs a reason/);
    expect(assertTransition('Closed', 'Contained', 'closed the wrong incident')).toBe('back');
    expect(assertTransition('Active', 'Closed')).toBe('forward');
    expect(() => assertTransition('Contained', 'Contained')).toThrow(/already Contained/);
  });
});
