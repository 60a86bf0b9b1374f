import { describe, expect, it } from 'vitest';
import { pgModule } from '../../../../src-main/services/hub/pgModule';

describe('pgModule', () => {
  it('loads the PostgreSQL client on first use, once', () => {
    const first = pgModule();
    expect(typeof first.Client).toBe('function');
    expect(typeof first.Pool).toBe('function');
    expect(pgModule()).toBe(first);
  });
});
