import { describe, expect, it } from 'vitest';
import type { StoredFinding } from '../../../../src-main/contract';
import { describePlaces, groupFindings, type ScannedFinding } from '../../../../src-main/domain/scans/findingGroups';

let nextId = 1;
const commit = 'c0ffee0000000000000000000000000000000001';
function found(fingerprint: string, where: Partial<StoredFinding> = {}, scanId = 'SC-1'): ScannedFinding {
  return {
    id: nextId++,
    rule: 'github-pat-classic',
    description: 'GitHub personal access token',
    file: '.env',
    line: 1,
    column: 14,
    commit: null,
    author: null,
    date: null,
    redacted: 'ghp_…',
    fingerprint,
    inWorkingTree: null,
    status: 'open',
    statusNote: '',
    scanId,
    ...where,
  };
}

describe('grouping findings by credential', () => {
  it('lists a secret in the working tree and in history as one credential with both places', () => {
    const groups = groupFindings([
      found('aaaa000011112222', { file: 'config/app.env', line: 3 }),
      found('bbbb000011112222', { rule: 'aws-access-key-id', description: 'AWS access key', file: 'deploy.sh', line: 9 }),
      found('aaaa000011112222', { file: 'config/app.env', line: 3, commit, author: 'Dev', date: '2026-11-20T10:00:00.000Z', inWorkingTree: true }),
    ]);
    expect(groups).toHaveLength(2);
    const [token, aws] = groups;
    expect(token).toMatchObject({ fingerprint: 'aaaa000011112222', rules: ['github-pat-classic'], open: 2, status: 'open', inWorkingTree: true, inHistory: true });
    expect(token!.places.map((place) => [place.file, place.line, place.commit])).toEqual([
      ['config/app.env', 3, null],
      ['config/app.env', 3, commit],
    ]);
    expect(aws).toMatchObject({ fingerprint: 'bbbb000011112222', rules: ['aws-access-key-id'], open: 1, inWorkingTree: true, inHistory: false });
  });

  it('keeps one place per file, line and commit however many scans found it, naming every scan', () => {
    const groups = groupFindings([found('aaaa000011112222', {}, 'SC-new'), found('aaaa000011112222', {}, 'SC-old')]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.places).toHaveLength(1);
    expect(groups[0]!.places[0]!.scanIds).toEqual(['SC-new', 'SC-old']);
  });

  it('says a secret removed from the files is in history only', () => {
    const [group] = groupFindings([found('cccc000011112222', { file: 'billing.py', commit, inWorkingTree: false })]);
    expect(group).toMatchObject({ inWorkingTree: false, inHistory: true });
  });

  it('is settled only once every place is, with the latest mark, keeping the listing order', () => {
    const groups = groupFindings([
      found('aaaa000011112222', { status: 'rotation', statusNote: '' }),
      found('aaaa000011112222', { commit, status: 'rotation', statusNote: '' }),
      found('dddd000011112222', { status: 'false-positive', statusNote: 'docs example' }),
      found('dddd000011112222', { commit }),
      found('eeee000011112222', { status: 'false-positive', statusNote: 'first' }),
      found('eeee000011112222', { commit, status: 'false-positive', statusNote: 'test fixture' }),
    ]);
    expect(groups.map((group) => [group.fingerprint, group.status, group.open, group.statusNote])).toEqual([
      ['aaaa000011112222', 'rotation', 0, ''],
      // Found again in history after it was marked: open again, with the open place named.
      ['dddd000011112222', 'open', 1, ''],
      ['eeee000011112222', 'false-positive', 0, 'test fixture'],
    ]);
    expect(groups[1]!.places.map((place) => place.status)).toEqual(['false-positive', 'open']);
  });

  it('keeps a place open while any scan still has it open there', () => {
    const [group] = groupFindings([found('aaaa000011112222', { status: 'rotation' }, 'SC-old'), found('aaaa000011112222', {}, 'SC-new')]);
    expect(group).toMatchObject({ open: 1, status: 'open' });
  });

  it('names every rule that matched the same value', () => {
    const [group] = groupFindings([found('aaaa000011112222'), found('aaaa000011112222', { rule: 'generic-api-key', line: 2 })]);
    expect(group!.rules).toEqual(['github-pat-classic', 'generic-api-key']);
  });

  it('puts working-tree places before history, then by file and line', () => {
    const [group] = groupFindings([
      found('aaaa000011112222', { file: 'b.env', commit }),
      found('aaaa000011112222', { file: 'z.env' }),
      found('aaaa000011112222', { file: 'a.env', commit }),
    ]);
    expect(group!.places.map((place) => `${place.file}${place.commit ? '@history' : ''}`)).toEqual(['z.env', 'a.env@history', 'b.env@history']);
    expect(describePlaces(group!.places)).toBe('z.env:1, and 2 more places');
    expect(describePlaces(group!.places.slice(1, 2))).toBe('a.env:1 in commit c0ffee000000');
  });

  it('returns nothing for no findings', () => {
    expect(groupFindings([])).toEqual([]);
  });
});
