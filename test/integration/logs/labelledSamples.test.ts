/**
 * `firebreak scan logs --json` on the labelled samples (test/fixtures/logs/labelled, written from
 * public attack references without reading the rules): recall per attack category and precision
 * over the lines it flags. The bars are the issue's; a miss is printed with its line, for the rules
 * to be fixed, never the samples.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { repoRoot, tempDataDir } from '../../support/consoleServer';
import { attackCategories } from '../../support/logAttacks';
import { formatScore, scoreLines, type LineLabel } from '../../support/logScore';

const dir = path.join(repoRoot, 'test', 'fixtures', 'logs', 'labelled');
const files = ['nginx-access.log', 'apache-wordpress.log', 'app-access.jsonl'];
const labels: LineLabel[] = fs
  .readFileSync(path.join(dir, 'labels.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((row) => {
    const [file, line, label] = row.split('\t');
    return { key: `${file}:${line}`, label: label as LineLabel['label'] };
  });
const work = tempDataDir('firebreak-labelled-logs-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const lineOf = (key: string) => {
  const [file, line] = key.split(':');
  return fs.readFileSync(path.join(dir, file!), 'utf8').split('\n')[Number(line) - 1]!.slice(0, 200);
};

describe('the log rules on independent labelled samples', () => {
  it('finds at least 90% of the attacks (80% of each category) at a precision of at least 0.95', () => {
    const run = runCli(work, ['scan', 'logs', ...files.map((file) => path.join(dir, file)), '--json']);
    expect(run.json.ok, run.stdout.slice(0, 500)).toBe(true);
    // Findings make the exit status 1, as for secrets.
    expect(run.status).toBe(1);
    const found = new Map<string, Set<string>>();
    for (const finding of run.json.value.findings as { file: string; line: number; category: string }[]) {
      const key = `${path.basename(finding.file)}:${finding.line}`;
      found.set(key, (found.get(key) ?? new Set()).add(finding.category));
    }
    const score = scoreLines(labels, found);
    console.log(`labelled samples (${labels.length} lines):\n${formatScore(score)}`);
    if (score.missed.length) console.log(`missed:\n${score.missed.map((m) => `  ${m.label} ${m.key}${m.got.length ? ` (as ${m.got.join(', ')})` : ''}: ${lineOf(m.key)}`).join('\n')}`);
    if (score.falsePositives.length) console.log(`benign lines flagged:\n${score.falsePositives.map((f) => `  ${f.got.join(', ')} ${f.key}: ${lineOf(f.key)}`).join('\n')}`);

    for (const category of attackCategories) expect(score.perCategory[category].lines, category).toBeGreaterThanOrEqual(40);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
    for (const category of attackCategories) expect(score.perCategory[category].recall, category).toBeGreaterThanOrEqual(0.8);
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
  });
});
