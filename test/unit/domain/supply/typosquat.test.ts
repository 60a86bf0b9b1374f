import { describe, expect, it } from 'vitest';
import { oneEdit, TyposquatIndex } from '../../../../src-main/domain/supply/typosquat';

describe('oneEdit', () => {
  it('names each kind of single Damerau edit', () => {
    expect(oneEdit('lodashs', 'lodash')).toBe('insert');
    expect(oneEdit('lodas', 'lodash')).toBe('delete');
    expect(oneEdit('lodesh', 'lodash')).toBe('substitute');
    expect(oneEdit('lodahs', 'lodash')).toBe('transpose');
    expect(oneEdit('lodash_merge', 'lodash.merge')).toBe('separator');
  });

  it('refuses two edits, equal names and length gaps', () => {
    expect(oneEdit('lodash', 'lodash')).toBeNull();
    expect(oneEdit('ldoahs', 'lodash')).toBeNull();
    expect(oneEdit('lodashxx', 'lodash')).toBeNull();
    expect(oneEdit('abcd', 'badc')).toBeNull();
  });
});

describe('TyposquatIndex', () => {
  const index = new TyposquatIndex({ ecosystem: 'crates.io', wellKnown: ['serde', 'tokio', 'rand'], established: ['my-internal-crate'] });

  it('flags look-alikes of well-known and established names, not the names themselves', () => {
    expect(index.check('serde')).toBeNull();
    expect(index.check('sedre')).toEqual({ like: 'serde', reason: "one edit from 'serde' (well-known)" });
    expect(index.check('my-internal-crates')?.reason).toBe("one edit from 'my-internal-crate' (a dependency the baseline already had)");
  });

  it('against a name the baseline merely had, counts only typing slips, not a letter or a hyphen of another word', () => {
    const project = new TyposquatIndex({ ecosystem: 'npm', wellKnown: ['cross-env'], established: ['core-date', 'date-query', 'acme-telemetry'] });
    expect(project.check('core-data')).toBeNull();
    expect(project.check('datequery')).toBeNull();
    expect(project.check('acme-telemetyr')?.like).toBe('acme-telemetry');
    expect(project.check('acme_telemetry')?.like).toBe('acme-telemetry');
    // Against a well-known name a dropped hyphen is still the classic look-alike.
    expect(project.check('crossenv')?.like).toBe('cross-env');
  });

  it('leaves names of four characters or fewer alone', () => {
    expect(index.check('rnad')).toBeNull();
    expect(index.check('rand2')).toBeNull();
  });
});
