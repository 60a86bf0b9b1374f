import { describe, expect, it } from 'vitest';
import { declareIncidentInput, operationNames, operations } from '../../../src-main/contract';

const messages = (input: unknown) => declareIncidentInput.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('declare-incident input', () => {
  it('accepts a minimal declaration and trims text', () => {
    expect(declareIncidentInput.parse({ title: '  Leaked key  ', severity: 'P1' })).toMatchObject({ title: 'Leaked key', severity: 'P1' });
  });

  it('names each bad field with a reason', () => {
    expect(messages({ title: '', severity: 'P1' })).toEqual(['title: must not be empty']);
    expect(messages({ title: 'x'.repeat(1_000_000), severity: 'P1' })).toEqual(['title: must be at most 200 characters']);
    expect(messages({ title: 'bad \uFFFD bytes', severity: 'P1' })).toEqual(['title: is not valid UTF-8 text (malformed bytes or unpaired surrogates)']);
    expect(messages({ title: 'lone \uD800', severity: 'P1' })).toEqual(['title: is not valid UTF-8 text (malformed bytes or unpaired surrogates)']);
    expect(messages({ title: 'bell\u0007', severity: 'P1' })).toEqual(['title: must not contain control characters']);
    expect(messages({ title: 'ok' })).toEqual(['severity: is required']);
    expect(messages({ title: 'ok', severity: 'P1', impact: { confidentiality: 'yes' } })?.[0]).toMatch(/^impact\.confidentiality/);
  });

  it('allows line breaks in the description only', () => {
    expect(declareIncidentInput.safeParse({ title: 'ok', severity: 'P1', description: 'line one\nline two' }).success).toBe(true);
    expect(messages({ title: 'two\nlines', severity: 'P1' })).toEqual(['title: must not contain control characters']);
  });
});

describe('operations', () => {
  it('are named <domain>.<verb> and documented', () => {
    for (const name of operationNames) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(operations[name].doc.length).toBeGreaterThan(10);
    }
  });
});
