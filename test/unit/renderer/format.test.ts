import { describe, expect, it } from 'vitest';
import { byteSize } from '../../../src-renderer/format';

describe('byteSize', () => {
  it('shows sizes in the unit a responder reads at a glance', () => {
    expect(byteSize(0)).toBe('0 B');
    expect(byteSize(1023)).toBe('1023 B');
    expect(byteSize(42_000)).toBe('41.0 KB');
    expect(byteSize(126 * 1024 * 1024)).toBe('126.0 MB');
    expect(byteSize(4 * 1024 ** 3)).toBe('4.0 GB');
  });
});
