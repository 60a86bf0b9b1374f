import type { SecretFinding } from '../contract';
import { findSecrets, fingerprint, redact, withPositions, type SecretMatch } from '../domain/secretMatch';
import type { SecretRules } from '../domain/secretRules';
import { compileRules, type RuleSet } from '../domain/secretRuleSet';

// Multi-line secrets (PEM blocks) may straddle two chunks: the tail of each chunk is scanned again.
const overlapChars = 8 * 1024;

type Place = Pick<SecretFinding, 'file' | 'line' | 'column'> & Partial<Pick<SecretFinding, 'commit' | 'author' | 'date'>>;

/** Compiles the rules a worker was handed (validated by the main thread) and names each rule's finding. */
export function prepareRules(rules: SecretRules): { ruleSet: RuleSet; describe: (ruleId: string) => string } {
  const descriptions = new Map(rules.specs.map((rule) => [rule.id, rule.description]));
  return { ruleSet: compileRules(rules), describe: (ruleId) => descriptions.get(ruleId) ?? ruleId };
}

/** The only form a match leaves the scanning thread in: the secret reduced to a preview and a fingerprint. */
export function secretFinding(match: SecretMatch, description: string, place: Place): SecretFinding {
  return { rule: match.ruleId, description, commit: null, author: null, date: null, ...place, redacted: redact(match.secret), fingerprint: fingerprint(match.secret), inWorkingTree: null };
}

/**
 * Scans a text that arrives in pieces (a file read in chunks), cut at line ends so line numbers
 * hold. A match lying wholly in the re-scanned overlap was already reported by the previous piece.
 */
export class ChunkedTextScanner {
  private pending = '';
  private overlapLength = 0;
  private startLine = 1;

  constructor(
    private readonly ruleSet: RuleSet,
    private readonly describe: (ruleId: string) => string,
    private readonly file: string,
    private readonly report: (finding: SecretFinding) => void,
  ) {}

  /** `bytes`, when given, hold `text` one byte a character (ASCII as read); they spare re-encoding a file read in one piece. */
  push(text: string, final = false, bytes?: Uint8Array): void {
    const buffer = this.pending + text;
    const cut = final ? buffer.length : buffer.lastIndexOf('\n') + 1;
    if (cut === 0 && !final) {
      this.pending = buffer;
      return;
    }
    const scanned = buffer.slice(0, cut);
    const matches = findSecrets(scanned, this.ruleSet, bytes && scanned === text ? bytes : undefined).filter((match) => match.end > this.overlapLength);
    for (const { match, line, column } of withPositions(scanned, matches, this.startLine)) this.report(secretFinding(match, this.describe(match.ruleId), { file: this.file, line, column }));
    if (final) return;
    // Keep whole lines from the end of what was scanned as the next overlap.
    let overlapStart = Math.max(0, scanned.length - overlapChars);
    if (overlapStart > 0) overlapStart = scanned.indexOf('\n', overlapStart) + 1 || scanned.length;
    let linesBefore = 0;
    for (let at = scanned.indexOf('\n'); at !== -1 && at < overlapStart; at = scanned.indexOf('\n', at + 1)) linesBefore += 1;
    this.startLine += linesBefore;
    const overlap = scanned.slice(overlapStart);
    this.overlapLength = overlap.length;
    this.pending = overlap + buffer.slice(cut);
  }
}
