import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../../src-main/domain/logs/logFormats';
import { fieldIsQuiet } from '../../../../src-main/domain/logs/logMatch';
import { compileLogRules, parseLogRules } from '../../../../src-main/domain/logs/logRules';
import { QuietField } from '../../../../src-main/jobs/logs/quietField';
import { repoRoot } from '../../../support/consoleServer';

const parsed = parseLogRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'logs.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const rules = compileLogRules(parsed);

/** Values meant to sit on the edge of what the byte walk may call quiet on its own. */
const edges = [
  'page=2&sort=price',
  'q=a&param=1', // `&para` is an entity: ¶m
  'q=x&ltscript&gt', // decodes to <script>
  'q=x&#60script&#62',
  'q=x&#x3c;script&#x3e;',
  'q=a&amp;b=1',
  'q=a&&b',
  'q=1order++by+1--', // a doubled space, squeezed: `order by`
  'q=1order+by+1--',
  'q=red+shoes',
  'q=UNION+SELECT+1',
  'q=Union%20Select',
  'id=1/**/union/**/select',
  'q=a\\u0027b',
  'q=tab\there',
  'q=caf\u00e9',
  '/login',
  '/account/LOGIN',
  '/wp-login.php',
  '/../../etc/passwd',
  '/.env',
  '/.ENV',
  '/static/js/app.9f3c.js',
  '/a  b',
  ' /leading-space',
  '/trailing-space ',
  'https://shop.example.com/new?q=a&lt=1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'sqlmap/1.7.2#stable (https://sqlmap.org)',
  'SQLMAP/1.7',
  'curl/8.5.0',
  '',
];

function fixtureValues(): string[] {
  const folder = path.join(repoRoot, 'test', 'fixtures', 'logs', 'labelled');
  const values: string[] = [];
  for (const name of ['nginx-access.log', 'apache-wordpress.log']) {
    for (const line of fs.readFileSync(path.join(folder, name), 'latin1').split('\n')) {
      const record = parseLine(line, 'combined', { year: 2026 });
      for (const value of [record.path, record.query, record.referrer, record.userAgent]) if (value) values.push(value);
    }
  }
  return values;
}

describe('the fast path’s quiet check on a field’s bytes', () => {
  it('says of every value what the matcher says of it as text, in every field, asked once or again', () => {
    const values = [...edges, ...fixtureValues()];
    expect(values.length).toBeGreaterThan(400);
    let quiet = 0;
    for (const slot of rules.fields) {
      const check = new QuietField(slot, rules);
      for (const value of values) {
        // Inside a larger buffer, as a field lies in a read.
        const bytes = Buffer.from(`"${value}"`, 'latin1');
        const words = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
        const expected = fieldIsQuiet(value, slot, rules);
        for (let ask = 0; ask < 2; ask += 1) expect({ field: slot.field, value, quiet: check.isQuiet(bytes, words, 1, bytes.length - 1) }).toEqual({ field: slot.field, value, quiet: expected });
        if (expected) quiet += 1;
      }
    }
    // Both answers were given many times.
    expect(quiet).toBeGreaterThan(100);
    expect(quiet).toBeLessThan(values.length * rules.fields.length - 100);
  });
});
