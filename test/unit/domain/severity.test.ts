import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLevel, findScheme, severitySchemesFile } from '../../../src-main/domain/incidents/severity';
import { loadSeveritySchemes } from '../../../src-main/services/resources';

const shipped = loadSeveritySchemes(path.resolve('resources'));
const minutes = (schemeId: string) => findScheme(shipped.schemes, schemeId).levels.map((level) => `${level.id}=${level.responseMinutes}`);

describe('severity schemes shipped in resources/', () => {
  it('are the four the runbooks use, defaulting to P0–P3 with 15 min / 1 h / 4 h / 24 h', () => {
    expect(shipped.defaultSchemeId).toBe('p0-p3');
    expect(minutes('p0-p3')).toEqual(['P0=15', 'P1=60', 'P2=240', 'P3=1440']);
    expect(minutes('p0-p3-small-team')).toEqual(['P0=60', 'P1=1440', 'P2=10080', 'P3=43200']);
    expect(minutes('sev-1-4')).toEqual(['SEV-1=15', 'SEV-2=60', 'SEV-3=240', 'SEV-4=1440']);
    expect(minutes('critical-low')).toEqual(['Critical=15', 'High=60', 'Medium=240', 'Low=1440']);
  });

  it('find a level case-insensitively and rank it, most severe first', () => {
    const scheme = findScheme(shipped.schemes, 'p0-p3');
    expect(findLevel(scheme, 'p1')).toMatchObject({ level: { id: 'P1' }, rank: 1 });
  });

  it('name the levels they expect when given an unknown one', () => {
    expect(() => findLevel(findScheme(shipped.schemes, 'p0-p3'), 'P9')).toThrow("unknown severity 'P9' in scheme P0–P3 (15 min / 1 h / 4 h / 24 h): expected one of P0, P1, P2, P3");
  });

  it('reject a scheme file with duplicate levels or a missing default', () => {
    const level = { id: 'P0', label: 'Critical', responseMinutes: 15 };
    const duplicate = severitySchemesFile.safeParse({ defaultSchemeId: 'x', schemes: [{ id: 'x', name: 'X', levels: [level, level] }] });
    expect(duplicate.error?.issues[0]?.message).toBe('level ids must be unique within a scheme');
    const missing = severitySchemesFile.safeParse({ defaultSchemeId: 'nope', schemes: [{ id: 'x', name: 'X', levels: [level] }] });
    expect(missing.error?.issues[0]?.message).toBe('defaultSchemeId must name one of the schemes');
  });
});
