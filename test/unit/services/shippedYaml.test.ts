import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shippedYamlValue } from '../../../src-main/services/shippedYaml';

const text = 'id: generic\ntitle: Generic incident\n';
const table = { [createHash('sha256').update(text).digest('hex')]: { id: 'generic', title: 'Generic incident' } };

describe('shippedYamlValue', () => {
  it('gives the value the build read for exactly the shipped bytes', () => {
    expect(shippedYamlValue(text, table)).toEqual({ value: { id: 'generic', title: 'Generic incident' } });
    expect(shippedYamlValue(Buffer.from(text), table)).toEqual({ value: { id: 'generic', title: 'Generic incident' } });
  });

  it('gives nothing for an edited file, so it is parsed like any user file', () => {
    expect(shippedYamlValue(`${text}# edited\n`, table)).toBeNull();
    expect(shippedYamlValue(text, undefined)).toBeNull();
  });

  it('never answers from the table’s own properties', () => {
    expect(shippedYamlValue('constructor', {})).toBeNull();
  });
});
