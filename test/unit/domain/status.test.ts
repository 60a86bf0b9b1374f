import { describe, expect, it } from 'vitest';
import { assertTransition } from '../../../src-main/domain/incidents/status';

describe('incident status', () => {
  it('moves forward, possibly skipping a step', () => {
    expect(() => assertTransition('Active', 'Contained')).not.toThrow();
    expect(() => assertTransition('Contained', 'Resolved')).not.toThrow();
    expect(() => assertTransition('Active', 'Resolved')).not.toThrow();
    expect(() => assertTransition('Resolved', 'Closed')).not.toThrow();
  });

  it('refuses to go back or stand still, saying why', () => {
    expect(() => assertTransition('Resolved', 'Active')).toThrow(/only moves forward/);
    expect(() => assertTransition('Closed', 'Contained')).toThrow(/only moves forward/);
    expect(() => assertTransition('Contained', 'Contained')).toThrow(/already Contained/);
  });
});
