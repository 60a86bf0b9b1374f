import { describe, expect, it } from 'vitest';
import { incidentIdFor } from '../../../src-main/domain/incidents/incidentId';
import { incidentIdPattern } from '../../../src-main/contract';

describe('incident IDs', () => {
  const at = new Date('2026-11-23T14:15:02.345Z');

  it('reads as INC-date-time in UTC', () => {
    const id = incidentIdFor(at, () => false);
    expect(id).toBe('INC-20261123-141502');
    expect(id).toMatch(incidentIdPattern);
  });

  it('stays unique when several are declared in the same second', () => {
    const taken = new Set<string>();
    const ids = Array.from({ length: 4 }, () => {
      const id = incidentIdFor(at, (candidate) => taken.has(candidate));
      taken.add(id);
      return id;
    });
    expect(ids).toEqual(['INC-20261123-141502', 'INC-20261123-141502-2', 'INC-20261123-141502-3', 'INC-20261123-141502-4']);
    for (const id of ids) expect(id).toMatch(incidentIdPattern);
  });
});
