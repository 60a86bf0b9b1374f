import { describe, expect, it } from 'vitest';
import { collapsePoint, hasBidiControls, splitUserText, visibleUserText } from '../../../src-renderer/userText';

describe('user text with bidirectional controls', () => {
  it('names the right-to-left override so a file name reads as what it is', () => {
    const name = 'invoice\u202Egpj.exe';
    expect(visibleUserText(name)).toBe('invoice⟨RLO⟩gpj.exe');
    expect(splitUserText(name)).toEqual([
      { kind: 'text', text: 'invoice' },
      { kind: 'control', char: '\u202E', name: 'RLO' },
      { kind: 'text', text: 'gpj.exe' },
    ]);
    expect(hasBidiControls(name)).toBe(true);
  });

  it('names every embedding, override, isolate and mark, and leaves no control in the text runs', () => {
    const all = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    expect(visibleUserText(`a${all}b`)).toBe('a⟨LRE⟩⟨RLE⟩⟨PDF⟩⟨LRO⟩⟨RLO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩⟨LRM⟩⟨RLM⟩⟨ALM⟩b');
    const parts = splitUserText(`x${all}y${all}`);
    expect(parts.filter((part) => part.kind === 'control')).toHaveLength(24);
    for (const part of parts) if (part.kind === 'text') expect(hasBidiControls(part.text)).toBe(false);
  });

  it('keeps ordinary text, Arabic and Hebrew letters and emoji untouched', () => {
    for (const text of ['Brute force on /login', 'تسرب بيانات العملاء', 'דליפת מפתח', 'token 🔑 leaked', '']) {
      expect(visibleUserText(text)).toBe(text);
      expect(hasBidiControls(text)).toBe(false);
      expect(splitUserText(text)).toEqual(text ? [{ kind: 'text', text }] : []);
    }
  });
});

describe('collapsing a long note', () => {
  it('shows a short note whole', () => {
    expect(collapsePoint('Blocked 203.0.113.7 at the WAF', 600)).toBeNull();
  });

  it('cuts a 20,000-character note near the limit, at a space', () => {
    const note = 'word '.repeat(4000);
    const cut = collapsePoint(note, 600)!;
    expect(cut).toBeGreaterThan(480);
    expect(cut).toBeLessThanOrEqual(600);
    expect(note[cut]).toBe(' ');
  });

  it('cuts a note of many short lines after a few lines', () => {
    const note = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const cut = collapsePoint(note, 600, 8)!;
    expect(note.slice(0, cut).split('\n')).toHaveLength(8);
  });

  it('never splits a surrogate pair', () => {
    const note = '🔑'.repeat(1000);
    const cut = collapsePoint(note, 601)!;
    expect(cut % 2).toBe(0);
  });
});
