import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gluedCuts, gluedPrefixAlternatives, minVaultValueChars, redactSecrets, vaultValueRule } from '../../../src-main/domain/redaction/redaction';
import { findSecrets, fingerprint } from '../../../src-main/domain/scans/secretMatch';
import { parseRules } from '../../../src-main/domain/scans/secretRules';
import { compileRules } from '../../../src-main/domain/scans/secretRuleSet';
import { repoRoot } from '../../support/consoleServer';
import { fillTemplate, loadCorpus, seededRandom } from '../../support/secretCorpus';
import { valueMarker, type ValueMarker } from '../../../src-main/domain/vaultMarkers';

/** The vault's index for these values, as the database keeps it (markers, never the values). */
const vaultOf = (values: string[]) => ({ salt: 'test-salt', markers: values.map((value) => valueMarker(value, 'test-salt')).filter((marker): marker is ValueMarker => marker !== null) });

const parsed = parseRules(fs.readFileSync(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.message);
const ruleSet = compileRules(parsed);
const random = seededRandom(1111);
// Values in the formats the providers document (the scanner corpus's templates), generated so this file holds none.
const github = fillTemplate('ghp_{alnum:36}', random);
const aws = fillTemplate('AKIA{b32:16}', random);
const stripe = fillTemplate('sk_live_{alnum:24}', random);
const slack = fillTemplate('xoxb-{digit:12}-{digit:13}-{alnum:24}', random);
const anthropic = fillTemplate('sk-ant-api03-{url:93}AA', random);
const pemBody = fillTemplate('{b64:64}\n{b64:64}\n{b64:20}==', random);
const pem = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----`;

/** Every 16-character piece of a value (the value itself when shorter). */
function pieces(value: string): string[] {
  if (value.length <= 16) return [value];
  return Array.from({ length: value.length - 15 }, (_, at) => value.slice(at, at + 16));
}

function leftPieces(text: string, secrets: string[]): string[] {
  return secrets.flatMap((secret) => pieces(secret).filter((piece) => text.includes(piece)));
}

describe('redactSecrets', () => {
  it('takes out several secrets of one text, each as its preview, rule and fingerprint', () => {
    const text = `Found in the deploy log: GITHUB_TOKEN=${github}, then AWS_ACCESS_KEY_ID=${aws} and Stripe.api_key = "${stripe}"; Slack SLACK_BOT_TOKEN=${slack}.`;
    const result = redactSecrets(text, ruleSet);
    expect(result.redactions.map((record) => record.rule)).toEqual(['github-pat-classic', 'aws-access-key-id', 'stripe-live-secret-key', 'slack-bot-token']);
    expect(result.redactions[0]).toEqual({ rule: 'github-pat-classic', description: 'GitHub personal access token (classic)', fingerprint: fingerprint(github), preview: 'ghp_…', start: text.indexOf(github), end: text.indexOf(github) + github.length });
    expect(result.redactions.map((record) => text.slice(record.start, record.end))).toEqual([github, aws, stripe, slack]);
    expect(result.text).toBe(
      `Found in the deploy log: GITHUB_TOKEN=ghp_…[redacted github-pat-classic sha256:${fingerprint(github)}], then AWS_ACCESS_KEY_ID=AKIA…[redacted aws-access-key-id sha256:${fingerprint(aws)}] and Stripe.api_key = "sk_l…[redacted stripe-live-secret-key sha256:${fingerprint(stripe)}]"; Slack SLACK_BOT_TOKEN=xoxb…[redacted slack-bot-token sha256:${fingerprint(slack)}].`,
    );
    expect(leftPieces(result.text, [github, aws, stripe, slack])).toEqual([]);
  });

  it('finds a secret at the very start and at the very end of the text', () => {
    const result = redactSecrets(`${github} was pushed, and so was ${anthropic}`, ruleSet);
    expect(result.redactions.map((record) => record.rule)).toEqual(['github-pat-classic', 'anthropic-api-key']);
    expect(result.text.startsWith('ghp_…[redacted github-pat-classic sha256:')).toBe(true);
    expect(result.text.endsWith(`[redacted anthropic-api-key sha256:${fingerprint(anthropic)}]`)).toBe(true);
    expect(leftPieces(result.text, [github, anthropic])).toEqual([]);
  });

  it('takes out a PEM private key spanning lines as one block, from its BEGIN line to its END line', () => {
    const result = redactSecrets(`The key from the bastion:\n${pem}\nrotated at 03:12.`, ruleSet);
    expect(result.redactions.map((record) => record.rule)).toEqual(['private-key-pem']);
    expect(result.text).toBe(`The key from the bastion:\n----…[redacted private-key-pem sha256:${fingerprint(pem)}]\nrotated at 03:12.`);
    expect(leftPieces(result.text, pemBody.split('\n'))).toEqual([]);
  });

  it('takes out every line of key material of a PGP key block, not just the first', () => {
    const lines = Array.from({ length: 6 }, () => fillTemplate('{b64:64}', random));
    const block = `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${lines.join('\n')}\n=${fillTemplate('{b64:4}', random)}\n-----END PGP PRIVATE KEY BLOCK-----`;
    const result = redactSecrets(`pasted from the laptop:\n${block}\nthat was all`, ruleSet);
    expect(result.redactions.map((record) => record.rule)).toEqual(['pgp-private-key-block']);
    expect(result.redactions[0]!.fingerprint).toBe(fingerprint(block));
    expect(leftPieces(result.text, lines)).toEqual([]);
    expect(result.text.endsWith(`[redacted pgp-private-key-block sha256:${fingerprint(block)}]\nthat was all`)).toBe(true);
  });

  it('keeps the text around a secret exactly, unicode included', () => {
    const before = 'Clé trouvée 🔑 dans le dépôt — 秘密: «';
    const after = '» (ça pique 🙈, e\u0301 combiné)';
    const result = redactSecrets(`${before}${github}${after}`, ruleSet);
    expect(result.text).toBe(`${before}ghp_…[redacted github-pat-classic sha256:${fingerprint(github)}]${after}`);
  });

  it('leaves a text with no secret unchanged, byte for byte', () => {
    const negatives = path.join(repoRoot, 'test', 'fixtures', 'secrets', 'negatives');
    const texts = [
      ...fs.readdirSync(negatives).map((name) => fs.readFileSync(path.join(negatives, name), 'utf8')),
      'Paged Dana at 03:10 ✓ — the token was revoked; see INC-20261123-141502 and sha256 9f86d081884c7d65.',
      '   leading and trailing blanks, tabs\tand CRLF\r\nkept   ',
    ];
    for (const text of texts) {
      const result = redactSecrets(text, ruleSet);
      expect(result.redactions).toEqual([]);
      expect(Buffer.from(result.text).equals(Buffer.from(text))).toBe(true);
    }
  });

  it('leaves no 16-character piece of any secret of the scanner corpus', () => {
    const corpus = loadCorpus(repoRoot);
    const missed: string[] = [];
    for (const [id, cases] of Object.entries(corpus)) {
      const seeded = seededRandom([...id].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 7));
      for (const template of cases.match) {
        const text = fillTemplate(template, seeded);
        const secrets = findSecrets(text, ruleSet).map((match) => match.secret);
        const result = redactSecrets(text, ruleSet);
        if (result.redactions.length === 0 || leftPieces(result.text, secrets.filter((secret) => secret.length >= 8)).length) missed.push(`${id}: ${template}`);
        // No rule fires on what the redaction left.
        expect(findSecrets(result.text, ruleSet), id).toEqual([]);
      }
    }
    expect(missed).toEqual([]);
  });

  it('takes out a token pasted twice in a row, or glued to a word, with nothing between', () => {
    const text = `pasted twice: ${github}${github} and glued: deploy${stripe}, then ${slack}${github}.`;
    const result = redactSecrets(text, ruleSet);
    expect(leftPieces(result.text, [github, stripe, slack])).toEqual([]);
    expect(result.redactions.map((found) => found.rule)).toEqual(['github-pat-classic', 'github-pat-classic', 'stripe-live-secret-key', 'slack-bot-token', 'github-pat-classic']);
    for (const found of result.redactions) expect([github, stripe, slack]).toContain(text.slice(found.start, found.end));
    // Words that merely contain a prefix are left alone.
    expect(redactSecrets('the monkey-business of a task_list and ask-anything', ruleSet).redactions).toEqual([]);
  });

  it('cuts before a token prefix exactly where a search behind (?<=[A-Za-z0-9_]) would, overlapping prefixes included', () => {
    const alternatives = gluedPrefixAlternatives(ruleSet);
    // The shipped rules' token prefixes, longest first: a longer one is cut whole before a shorter inside it is tried.
    expect(alternatives).toEqual(expect.arrayContaining(['sk-ant-api03-', 'github_pat_', 'sk_live_', 'tskey-', 'glpat-', 'xoxb-', 'key-', 'ghp_', 'sk-']));
    expect(alternatives.map((prefix) => prefix.length)).toEqual(alternatives.map((prefix) => prefix.length).sort((a, b) => b - a));
    const prefixes = alternatives.map((escaped) => escaped.replaceAll('\\.', '.'));
    // The prefixes that hold another one after their first character: where the two searches could part.
    const nested = prefixes.filter((outer) => prefixes.some((inner) => inner !== outer && outer.indexOf(inner, 1) > 0));
    expect(nested.length).toBeGreaterThan(0);
    const lookBehind = new RegExp(`(?<=[A-Za-z0-9_])(?:${alternatives.join('|')})`, 'g');
    const filler = ['a', 'Z', '7', '_', ' ', '-', '.', '/', '=', '"', 'é'];
    const draw = seededRandom(2024);
    for (let sample = 0; sample < 3_000; sample += 1) {
      let text = '';
      for (let part = 0; part < 8; part += 1) {
        const roll = draw();
        text += roll < 0.3 ? nested[Math.floor(draw() * nested.length)]! : roll < 0.6 ? prefixes[Math.floor(draw() * prefixes.length)]! : filler[Math.floor(draw() * filler.length)]!;
      }
      expect(gluedCuts(text, ruleSet), text).toEqual([...text.matchAll(lookBehind)].map((found) => found.index));
    }
  });

  it('changes nothing when run again on its own output', () => {
    const once = redactSecrets(`a ${github} b ${pem} c ${slack}`, ruleSet, vaultOf(['correct horse battery']));
    const twice = redactSecrets(once.text, ruleSet, vaultOf(['correct horse battery']));
    expect(twice).toEqual({ text: once.text, redactions: [] });
  });

  it('is not talked out of it by a firebreak:allow marker', () => {
    const result = redactSecrets(`GITHUB_TOKEN=${github} # firebreak:allow`, ruleSet);
    expect(result.redactions.map((record) => record.rule)).toEqual(['github-pat-classic']);
    expect(result.text).toContain('# firebreak:allow');
    expect(leftPieces(result.text, [github])).toEqual([]);
  });

  it('replaces vault values whole wherever they occur, the longer value first where two overlap', () => {
    const passphrase = 'tango-umbrella-42';
    const longer = `${passphrase}-prod`;
    const text = `db pass ${passphrase}; again:${passphrase}!; prod uses ${longer}; inside${passphrase}word`;
    const result = redactSecrets(text, ruleSet, vaultOf([passphrase, longer, passphrase]));
    expect(result.redactions.map((record) => [record.rule, record.fingerprint])).toEqual([
      [vaultValueRule, fingerprint(passphrase)],
      [vaultValueRule, fingerprint(passphrase)],
      [vaultValueRule, fingerprint(longer)],
      [vaultValueRule, fingerprint(passphrase)],
    ]);
    expect(result.redactions[0]!.description).toBe('A value kept in the vault');
    expect(result.text).not.toContain(passphrase);
    expect(result.text).toContain(`prod uses tang…[redacted vault-value sha256:${fingerprint(longer)}]`);
  });

  it('says where each value was in the text given, through vault values and key blocks taken first', () => {
    const passphrase = 'tango-umbrella-42';
    const lines = Array.from({ length: 3 }, () => fillTemplate('{b64:64}', random));
    const text = `é ${passphrase} then ${github}\n---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "ops"\n${lines.join('\n')}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n${passphrase} ✓ ${aws}`;
    const result = redactSecrets(text, ruleSet, vaultOf([passphrase]));
    expect(result.redactions.map((record) => [record.rule, text.slice(record.start, record.end)])).toEqual([
      [vaultValueRule, passphrase],
      ['github-pat-classic', github],
      ['ssh2-encrypted-private-key', `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "ops"\n${lines.join('\n')}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----`],
      [vaultValueRule, passphrase],
      ['aws-access-key-id', aws],
    ]);
    expect(leftPieces(result.text, [passphrase, github, aws, ...lines])).toEqual([]);
  });

  it('checks a long vault value against a text full of its first characters without holding the thread for seconds', () => {
    const value = `abcd${'x'.repeat(64 * 1024 - 4)}`;
    const text = 'abcd'.repeat(64 * 1024);
    const started = performance.now();
    expect(redactSecrets(text, null, vaultOf([value])).redactions).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_500);
    // The value itself is still found, whole.
    expect(redactSecrets(`before ${value} after`, null, vaultOf([value])).text).toMatch(/^before abcd…\[redacted vault-value sha256:[0-9a-f]{16}\] after$/);
  });

  it('does not hunt for vault values too short to tell from ordinary words', () => {
    const short = 'x'.repeat(minVaultValueChars - 1).replace(/x/g, 'ab').slice(0, minVaultValueChars - 1);
    const result = redactSecrets(`the ${short} stays`, ruleSet, vaultOf([short]));
    expect(result).toEqual({ text: `the ${short} stays`, redactions: [] });
  });
});
