/**
 * How much of a tree the secret rules' regexes get to read: the lines holding a keyword of some
 * rule (the prefilter wakes them) out of all lines, and the files a file-scoped rule reads whole.
 * Measured with the engine's own keyword pass, over the files a scan reads (text, not binary).
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileRules } from '../../src-main/domain/scans/secretRuleSet';
import { loadSecretRules } from '../../src-main/services/scans/secretRulesFile';
import { repoRoot } from '../support/consoleServer';

export function keywordReach(tree: string) {
  const ruleSet = compileRules(loadSecretRules(path.join(repoRoot, 'resources', 'rules', 'secrets.yaml')));
  let lines = 0;
  let wokenLines = 0;
  let wokenBytes = 0;
  let bytes = 0;
  let wholeFileReads = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) count(fs.readFileSync(full));
    }
  };
  const count = (file: Buffer) => {
    if (file.subarray(0, 8192).includes(0)) return;
    bytes += file.length;
    for (let at = file.indexOf(10); at !== -1; at = file.indexOf(10, at + 1)) lines += 1;
    if (file.length > 0 && file[file.length - 1] !== 10) lines += 1;
    const hits = ruleSet.keywords.scan(file);
    let lineEnd = -1;
    let readWhole = false;
    for (let h = 0; h < hits.length; h += 1) {
      const at = hits.ends[h]!;
      readWhole ||= ruleSet.keywords.valuesAt(hits.codes[h]!).some((rule) => ruleSet.rules[rule]!.wholeFile);
      if (at < lineEnd) continue;
      const lineStart = file.lastIndexOf(10, at) + 1;
      const newline = file.indexOf(10, at);
      lineEnd = newline === -1 ? file.length : newline;
      wokenLines += 1;
      wokenBytes += lineEnd - lineStart;
    }
    if (readWhole) wholeFileReads += 1;
  };
  walk(tree);
  return {
    lines,
    linesReachingARegex: wokenLines,
    shareOfLines: +(wokenLines / lines).toFixed(3),
    shareOfBytes: +(wokenBytes / bytes).toFixed(3),
    filesReadWholeByAFileScopedRule: wholeFileReads,
  };
}
