import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src-main/domain/scans/secretMatch';
import { parseRules } from '../../../src-main/domain/scans/secretRules';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, loadCorpus, seededRandom } from '../../support/secretCorpus';

const parsed = parseRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const ruleSet = compileRules(parsed);
const corpus = loadCorpus(repoRoot);

describe('the shipped secret rules', () => {
  it('are at least 150, each with a positive and a negative case in the corpus', () => {
    expect(parsed.specs.length).toBeGreaterThanOrEqual(150);
    const ids = parsed.specs.map((rule) => rule.id);
    expect(Object.keys(corpus).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(corpus[id]!.match.length, id).toBeGreaterThan(0);
      expect(corpus[id]!.miss.length, id).toBeGreaterThan(0);
    }
  });

  it.each(parsed.specs.map((rule) => [rule.id] as const))('%s finds its positives and not its negatives', (id) => {
    const random = seededRandom([...id].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 7));
    for (const template of corpus[id]!.match) {
      const text = fillTemplate(template, random);
      const found = findSecrets(text, ruleSet).filter((match) => match.ruleId === id);
      expect(found, `${id} should find a secret in: ${template}`).not.toHaveLength(0);
    }
    for (const template of corpus[id]!.miss) {
      const text = fillTemplate(template, random);
      expect(findSecrets(text, ruleSet).filter((match) => match.ruleId === id), `${id} should not fire on: ${text}`).toEqual([]);
    }
  });
});

describe('tricky text that is not a secret', () => {
  const negatives = path.join(repoRoot, 'test', 'fixtures', 'secrets', 'negatives');
  it.each(fs.readdirSync(negatives).map((name) => [name] as const))('%s gives no finding', (name) => {
    const found = findSecrets(fs.readFileSync(path.join(negatives, name), 'utf8'), ruleSet);
    expect(found.map((match) => `${match.ruleId} at ${match.index}`)).toEqual([]);
  });

  it('a base64 image gives no finding', () => {
    const random = seededRandom(42);
    const base64 = Array.from({ length: 4000 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(random() * 64)]).join('');
    expect(findSecrets(`<img alt="logo" src="data:image/png;base64,iVBORw0KGgo${base64}==">`, ruleSet)).toEqual([]);
  });

  it('an inline firebreak:allow suppresses the finding on its line only', () => {
    const token = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'}`;
    expect(findSecrets(`GITHUB_TOKEN=${token} # firebreak:allow test fixture`, ruleSet)).toEqual([]);
    expect(findSecrets(`# firebreak:allow\nGITHUB_TOKEN=${token}`, ruleSet).map((match) => match.ruleId)).toEqual(['github-pat-classic']);
  });
});

describe('real tokens whose random part happens to hold a placeholder word', () => {
  // Placeholder words (your-, my_, fake, dummy…) count at the start or after a separator only:
  // inside a random body they are chance, and the key is real.
  const random = seededRandom(99);
  it.each([
    ['anthropic-api-key', 'sk-ant-api03-{url:40}-my_{url:49}AA'],
    ['github-pat-classic', 'ghp_{alnum:16}fake{alnum:16}'],
    ['openai-api-key', 'sk-proj-{url:40}_your-d{url:27}T3BlbkFJ{url:74}'],
    ['slack-bot-token', 'xoxb-{digit:12}-{digit:13}-{alnum:8}dummy{alnum:11}'],
  ])('%s is still found', (rule, template) => {
    const token = fillTemplate(template, random);
    expect(findSecrets(`KEY=${token}`, ruleSet).map((match) => [match.ruleId, match.secret === token])).toEqual([[rule, true]]);
  });
});

