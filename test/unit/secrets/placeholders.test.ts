import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src-main/domain/scans/secretMatch';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { isPlaceholderValue } from '../../../src-main/domain/scans/secretShape';
import { loadSecretRules } from '../../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, randomFrom, seededRandom } from '../../support/secretCorpus';

const ruleSet = compileRules(loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml')));
const found = (text: string) => findSecrets(text, ruleSet).map((match) => `${match.ruleId}: ${match.secret}`);

describe('placeholders and template markers are not secrets', () => {
  it.each([
    ['one character repeated', 'STRIPE_SECRET_KEY=sk_live_000000000000000000000000'],
    ['a value mostly one run', 'stripe_key = "sk_live_aaaaaaaaaaaaaaaaaaaaaaaaQ1"'],
    ['zeros then letters', 'VENDOR_API_KEY=0000000000000000000000XYZ'],
    ['the alphabet', 'api_secret: abcdefghijklmnopqrstuvwxyz123'],
    ['counting digits', 'client_secret = "A1b2-123456789-Zz"'],
    ['an all-zero UUID', 'INTEGRATION_TOKEN=00000000-0000-0000-0000-000000000000'],
    ['@@NAME@@', 'api_token = "@@VENDOR_API_TOKEN@@"'],
    ['{{ name }}', 'secret_key: "{{ vendor_secret_key }}"'],
    ['%NAME%', 'set VENDOR_TOKEN=%VENDOR_TOKEN%'],
    ['$(NAME)', 'VENDOR_SECRET=$(VENDOR_SECRET)'],
    ['<%= %>', 'api_key: <%= ENV["VENDOR_API_KEY"] %>'],
    ['<NAME>', 'curl -H "Authorization: Bearer <ACCESS_TOKEN>" https://api.acme.io'],
    ['an asset hash in a file name', '<script src="/assets/tokens.9f3a8b7c6d5e4f3a2b1c.js"></script>'],
    ['a cache-busting query', '<link href="/css/app.css?v=9f3a8b7c6d5e4f3a2b1c0d9e" rel="stylesheet" data-key="main">'],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it('a real key whose random body holds a short run or a short sequence is still found', () => {
    const random = seededRandom(7);
    const tokens = [
      `ghp_${fillTemplate('{alnum:14}', random)}aaaa${fillTemplate('{alnum:18}', random)}`,
      `ghp_${fillTemplate('{alnum:14}', random)}Q12345Q${fillTemplate('{alnum:15}', random)}`,
    ];
    for (const token of tokens) expect(found(`GITHUB_TOKEN=${token}`)).toEqual([`github-pat-classic: ${token}`]);
  });

  it('random values of every alphabet a key is written in are never taken for placeholders', () => {
    const random = seededRandom(11);
    for (const alphabet of ['0123456789abcdef', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789']) {
      const flagged = Array.from({ length: 2000 }, () => randomFrom(alphabet, 32, random)).filter(isPlaceholderValue);
      expect(flagged).toEqual([]);
    }
  });
});
