import { describe, expect, it } from 'vitest';
import { parseThemeChoice, resolveTheme } from '../../../src-renderer/theme';

describe('the colour theme', () => {
  it('follows the system unless the responder chose one', () => {
    expect(resolveTheme('system', true)).toBe('light');
    expect(resolveTheme('system', false)).toBe('dark');
    expect(resolveTheme('dark', true)).toBe('dark');
    expect(resolveTheme('light', false)).toBe('light');
  });

  it('reads an unknown or missing stored choice as "follow the system"', () => {
    expect(parseThemeChoice(null)).toBe('system');
    expect(parseThemeChoice('solarized')).toBe('system');
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice('dark')).toBe('dark');
  });
});
