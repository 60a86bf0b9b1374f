/**
 * Measures secret rules against the independent recall corpus.
 *
 *   npx tsx test/support/recallReport.ts [--rules FILE] [--corpus DIR] [--repo DIR] [--misses] [--json]
 *
 * --rules   the rules file (default: resources/rules/secrets.yaml under --repo)
 * --corpus  the corpus folder (default: test/fixtures/secrets/recall beside this script)
 * --repo    the checkout whose matcher (src-main/domain/scans) runs the rules (default: the current
 *           folder when it has one, else the checkout this script is in)
 * --misses  lists each missed positive and flagged negative with what was found
 * --json    prints the whole score as JSON instead of tables
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadRecallCorpus, scoreRecall, type RecallFinding, type RecallScore } from './recallCorpus';

const here = path.dirname(new URL(import.meta.url).pathname);
const ownRepo = path.resolve(here, '..', '..');

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

function describeFound(found: RecallFinding[]): string {
  if (found.length === 0) return 'nothing';
  return found.map((finding) => `${finding.ruleId} ${JSON.stringify(finding.secret.length > 80 ? `${finding.secret.slice(0, 77)}...` : finding.secret)}`).join('; ');
}

function printTables(score: RecallScore, showMisses: boolean): void {
  const kindRows = Object.entries(score.kinds)
    .sort(([a, x], [b, y]) => x.fingerprintFound / x.positives - y.fingerprintFound / y.positives || a.localeCompare(b))
    .map(([kind, s]) => [kind, String(s.positives), String(s.fingerprintFound), String(s.reported)]);
  console.log(table([['kind', 'positives', 'fingerprint', 'reported'], ...kindRows]));
  console.log('');
  const negativeRows = Object.entries(score.negativeKinds)
    .sort(([a, x], [b, y]) => y.flagged / y.negatives - x.flagged / x.negatives || a.localeCompare(b))
    .map(([kind, s]) => [kind, String(s.negatives), String(s.flagged)]);
  console.log(table([['negative class', 'negatives', 'flagged'], ...negativeRows]));
  console.log('');
  const { totals } = score;
  console.log(`positives ${totals.positives} over ${Object.keys(score.kinds).length} kinds; negatives ${totals.negatives} over ${Object.keys(score.negativeKinds).length} classes`);
  console.log(`recall (fingerprint of the credential): ${percent(score.recall)} (${totals.fingerprintFound}/${totals.positives})`);
  console.log(`recall (anything reported):             ${percent(score.reportedRecall)} (${totals.reported}/${totals.positives})`);
  console.log(`false-positive rate:                    ${percent(score.falsePositiveRate)} (${totals.flagged}/${totals.negatives})`);
  if (!showMisses) return;
  console.log('\nMissed positives:');
  for (const { entry, found } of score.misses) {
    console.log(`- ${entry.kind} (${entry.file}) ${JSON.stringify(entry.text)}\n    expected ${JSON.stringify(entry.secret)}; found ${describeFound(found)}`);
  }
  console.log('\nFlagged negatives:');
  for (const { entry, found } of score.flagged) console.log(`- ${entry.kind} (${entry.file}) ${JSON.stringify(entry.text)}\n    found ${describeFound(found)}`);
}

async function main(args: string[]): Promise<void> {
  const repo = path.resolve(option(args, '--repo') ?? (fs.existsSync(path.join(process.cwd(), 'src-main', 'domain', 'scans', 'secretMatch.ts')) ? process.cwd() : ownRepo));
  const rulesFile = path.resolve(option(args, '--rules') ?? path.join(repo, 'resources', 'rules', 'secrets.yaml'));
  const corpusDir = path.resolve(option(args, '--corpus') ?? path.join(ownRepo, 'test', 'fixtures', 'secrets', 'recall'));
  const scans = path.join(repo, 'src-main', 'domain', 'scans');
  const { parseRules } = (await import(pathToFileURL(path.join(scans, 'secretRules.ts')).href)) as typeof import('../../src-main/domain/scans/secretRules');
  const { compileRules } = (await import(pathToFileURL(path.join(scans, 'secretRuleSet.ts')).href)) as typeof import('../../src-main/domain/scans/secretRuleSet');
  const { findSecrets } = (await import(pathToFileURL(path.join(scans, 'secretMatch.ts')).href)) as typeof import('../../src-main/domain/scans/secretMatch');
  const parsed = parseRules(fs.readFileSync(rulesFile, 'utf8'));
  if (!parsed.ok) throw new Error(`${rulesFile}: ${parsed.message}`);
  const ruleSet = compileRules(parsed);
  const score = scoreRecall(loadRecallCorpus(corpusDir), (text) => findSecrets(text, ruleSet).map(({ ruleId, secret }) => ({ ruleId, secret })));
  if (args.includes('--json')) console.log(JSON.stringify({ rules: rulesFile, corpus: corpusDir, ...score }, null, 2));
  else printTables(score, args.includes('--misses'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
