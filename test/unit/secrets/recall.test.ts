import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSecrets } from '../../../src-main/domain/scans/secretMatch';
import { parseRules } from '../../../src-main/domain/scans/secretRules';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { repoRoot } from '../../support/consoleServer';
import { loadRecallCorpus, scoreRecall } from '../../support/recallCorpus';

const corpusDir = path.join(repoRoot, 'test', 'fixtures', 'secrets', 'recall');

describe('the shipped secret rules on the independent recall corpus', () => {
  const parsed = parseRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  const ruleSet = compileRules(parsed);
  const corpus = loadRecallCorpus(corpusDir);

  it('is large and varied enough to measure recall', () => {
    expect(corpus.positives.length).toBeGreaterThanOrEqual(600);
    expect(new Set(corpus.positives.map((entry) => entry.kind)).size).toBeGreaterThanOrEqual(250);
    expect(corpus.negatives.length).toBeGreaterThanOrEqual(600);
  });

  it('find the credential itself in at least 97 % of the positives and flag at most 0.5 % of the look-alikes', () => {
    const score = scoreRecall(corpus, (text) => findSecrets(text, ruleSet));
    const missed = score.misses.slice(0, 20).map(({ entry }) => `${entry.kind}: ${entry.text.slice(0, 120)}`);
    const flagged = score.flagged.slice(0, 20).map(({ entry }) => `${entry.kind}: ${entry.text.slice(0, 120)}`);
    expect(score.recall, `recall ${score.totals.fingerprintFound}/${score.totals.positives}; first misses:\n${missed.join('\n')}`).toBeGreaterThanOrEqual(0.97);
    expect(score.falsePositiveRate, `flagged ${score.totals.flagged}/${score.totals.negatives}:\n${flagged.join('\n')}`).toBeLessThanOrEqual(0.005);
  });
});

describe('the recall corpus loader', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function corpusWith(positives: string, negatives = '- kind: prose\n  text: the token expires in an hour\n'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'positives'));
    fs.mkdirSync(path.join(dir, 'negatives'));
    fs.writeFileSync(path.join(dir, 'positives', 'a.yaml'), positives);
    fs.writeFileSync(path.join(dir, 'negatives', 'b.yaml'), negatives);
    return dir;
  }

  it('fills the templates, removes the marks and keeps the marked span as the secret', () => {
    const corpus = loadRecallCorpus(corpusWith("- kind: acme-key\n  source: https://acme.example/docs\n  text: 'ACME_KEY=\"⟦acme_{hex:8}⟧\"'\n"));
    const [entry] = corpus.positives;
    expect(entry!.secret).toMatch(/^acme_[0-9a-f]{8}$/);
    expect(entry!.text).toBe(`ACME_KEY="${entry!.secret}"`);
    expect(loadRecallCorpus(corpusWith("- kind: acme-key\n  source: https://acme.example/docs\n  text: 'ACME_KEY=\"⟦acme_{hex:8}⟧\"'\n")).positives[0]!.secret).toBe(entry!.secret);
  });

  it('scores a positive as found only when a finding covers exactly the marked span', () => {
    const corpus = loadRecallCorpus(corpusWith("- kind: acme-key\n  source: docs\n  text: 'k=⟦acme_1234⟧'\n- kind: acme-key\n  source: docs\n  text: 'v=⟦acme_5678⟧'\n"));
    const score = scoreRecall(corpus, (text) => (text.startsWith('k=') ? [{ ruleId: 'acme', secret: 'acme_1234' }] : [{ ruleId: 'acme', secret: 'acme_56' }]));
    expect(score.kinds['acme-key']).toEqual({ positives: 2, fingerprintFound: 1, reported: 2 });
    expect(score.negativeKinds.prose).toEqual({ negatives: 1, flagged: 1 });
    expect(score.recall).toBe(0.5);
    expect(score.falsePositiveRate).toBe(1);
  });

  it.each([
    ['no mark', "- kind: acme-key\n  source: docs\n  text: 'k=acme_1234'\n", /a\.yaml\[0\].*exactly once/],
    ['two marks', "- kind: acme-key\n  source: docs\n  text: 'k=⟦a⟧ j=⟦b⟧'\n", /a\.yaml\[0\].*exactly once/],
    ['an unknown class', "- kind: acme-key\n  source: docs\n  text: 'k=⟦{hexa:8}⟧'\n", /a\.yaml\[0\].*unknown template class \{hexa/],
    ['no source', "- kind: acme-key\n  text: 'k=⟦acme_1234⟧'\n", /a\.yaml\[0\].*source/],
    ['a kind that is not kebab-case', "- kind: Acme_Key\n  source: docs\n  text: 'k=⟦acme_1234⟧'\n", /a\.yaml\[0\].*kebab-case/],
    ['a repeated text', "- kind: a\n  source: docs\n  text: 'k=⟦x1⟧'\n- kind: b\n  source: docs\n  text: 'k=⟦x1⟧'\n", /a\.yaml\[1\].*same text as positives\/a\.yaml\[0\]/],
    ['blanks inside the mark', "- kind: a\n  source: docs\n  text: 'k=⟦ x1⟧'\n", /a\.yaml\[0\].*without surrounding blanks/],
  ])('refuses a positive with %s, naming its file and index', (_, positives, message) => {
    expect(() => loadRecallCorpus(corpusWith(positives))).toThrow(message);
  });

  it('refuses a negative that carries a mark or an allow comment', () => {
    const ok = "- kind: a\n  source: docs\n  text: 'k=⟦x1⟧'\n";
    expect(() => loadRecallCorpus(corpusWith(ok, "- kind: prose\n  text: 'k=⟦x⟧'\n"))).toThrow(/b\.yaml\[0\].*no credential to mark/);
    expect(() => loadRecallCorpus(corpusWith(ok, "- kind: prose\n  text: 'k=1 # firebreak:allow'\n"))).toThrow(/b\.yaml\[0\].*allow comment/);
  });
});
