/**
 * Recall and false alarms of both tools on the independent labelled corpus
 * (test/fixtures/secrets/recall), in the same run as the throughput measurement: each entry is
 * written as its own file, both tools scan the folder, and a positive counts as found when a
 * finding covers exactly the marked credential (Firebreak: its fingerprint; secretlint: the text of
 * its reported range), or as reported when the file gets any finding at all.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliPath, repoRoot } from '../support/consoleServer';
import { loadRecallCorpus } from '../support/recallCorpus';

interface ToolScore {
  recall: number;
  reported: number;
  falsePositiveRate: number;
}

export function corpusRecall(work: string, env: NodeJS.ProcessEnv, secretlintConfig: string): { positives: number; kinds: number; negatives: number; firebreak: ToolScore; secretlint: ToolScore } {
  const corpus = loadRecallCorpus(path.join(repoRoot, 'test', 'fixtures', 'secrets', 'recall'));
  const folder = path.join(work, 'recall-corpus');
  fs.mkdirSync(folder, { recursive: true });
  const positives = corpus.positives.map((entry, index) => ({ ...entry, name: `p${index}.txt` }));
  const negatives = corpus.negatives.map((entry, index) => ({ ...entry, name: `n${index}.txt` }));
  for (const entry of [...positives, ...negatives]) fs.writeFileSync(path.join(folder, entry.name), `${entry.text}\n`);

  // Firebreak: the fingerprints found in each file.
  const firebreakRun = spawnSync(process.execPath, [cliPath, 'scan', 'secrets', folder, '--no-gitignore', '--json'], { env, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  const firebreakResult = JSON.parse(firebreakRun.stdout);
  if (!firebreakResult.ok) throw new Error(`firebreak failed on the corpus: ${firebreakRun.stdout.slice(0, 2000)}`);
  const firebreakFound = new Map<string, Set<string>>();
  for (const finding of firebreakResult.value.findings as { file: string; fingerprint: string }[]) {
    const name = path.basename(finding.file);
    firebreakFound.set(name, (firebreakFound.get(name) ?? new Set()).add(finding.fingerprint));
  }

  // secretlint: the text of each reported range.
  const secretlintRun = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'secretlint'), ['--secretlintrc', secretlintConfig, '--format', 'json', '--no-color', '**/*'], { cwd: folder, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  const secretlintFound = new Map<string, Set<string>>();
  for (const file of JSON.parse(secretlintRun.stdout || '[]') as { filePath: string; sourceContent: string; messages: { range: [number, number] }[] }[]) {
    if (file.messages.length === 0) continue;
    secretlintFound.set(path.basename(file.filePath), new Set(file.messages.map((message) => file.sourceContent.slice(message.range[0], message.range[1]))));
  }

  const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 16);
  const score = (found: Map<string, Set<string>>, key: (secret: string) => string): ToolScore => ({
    recall: +(positives.filter((entry) => found.get(entry.name)?.has(key(entry.secret))).length / positives.length).toFixed(4),
    reported: +(positives.filter((entry) => found.has(entry.name)).length / positives.length).toFixed(4),
    falsePositiveRate: +(negatives.filter((entry) => found.has(entry.name)).length / negatives.length).toFixed(4),
  });
  return {
    positives: positives.length,
    kinds: new Set(positives.map((entry) => entry.kind)).size,
    negatives: negatives.length,
    firebreak: score(firebreakFound, fingerprint),
    secretlint: score(secretlintFound, (secret) => secret),
  };
}
