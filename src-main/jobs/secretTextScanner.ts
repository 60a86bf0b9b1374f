import type { SecretFinding } from '../contract';
import { findSecrets, fingerprint, redact, withPositions, type SecretMatch } from '../domain/scans/secretMatch';
import type { SecretRules } from '../domain/scans/secretRules';
import { compileRules, type RuleSet } from '../domain/scans/secretRuleSet';

// Multi-line secrets (PEM blocks) may straddle two chunks: the tail of each chunk is scanned again.
const overlapChars = 8 * 1024;
// An unfinished line longer than this is scanned without waiting for its end (about one read).
const maxLineWait = 1024 * 1024;

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
 * hold. A line too long to wait for its end is cut where the piece ends instead, so memory stays
 * bounded by the chunk size whatever the line length. Each piece begins with the tail of the one
 * before (the overlap): a match lying wholly in it was already reported by the previous piece.
 */
export class ChunkedTextScanner {
  private pending = '';
  private overlapLength = 0;
  private startLine = 1;
  /** Column of the next piece's first character: above 1 when the piece goes on with a cut line. */
  private startColumn = 1;
  /** Whether the previous piece ended mid-line, leaving the matches that touched its end to this one. */
  private lastCutMidLine = false;

  constructor(
    private readonly ruleSet: RuleSet,
    private readonly describe: (ruleId: string) => string,
    private readonly file: string,
    private readonly report: (finding: SecretFinding) => void,
  ) {}

  /** `bytes`, when given, hold `text` one byte a character (ASCII as read); they spare re-encoding a file read in one piece. */
  push(text: string, final = false, bytes?: Uint8Array): void {
    const buffer = this.pending + text;
    let cut = final ? buffer.length : buffer.lastIndexOf('\n') + 1;
    // The unfinished line is too long to keep waiting for: scan up to here, mid-line.
    const midLine = !final && buffer.length - cut > maxLineWait;
    if (midLine) cut = buffer.length;
    if (cut === 0 && !final) {
      this.pending = buffer;
      return;
    }
    const scanned = buffer.slice(0, cut);
    const edges = { openStart: this.startColumn > 1, openEnd: midLine };
    // After a mid-line cut the previous piece left every match touching its end (the overlap's end) to this one.
    const fresh = (match: SecretMatch) => (this.lastCutMidLine ? match.matchEnd >= this.overlapLength : match.end > this.overlapLength);
    const matches = findSecrets(scanned, this.ruleSet, bytes && scanned === text ? bytes : undefined, edges).filter(fresh);
    for (const { match, line, column } of withPositions(scanned, matches, this.startLine, this.startColumn)) this.report(secretFinding(match, this.describe(match.ruleId), { file: this.file, line, column }));
    if (final) return;
    // Keep whole lines from the end of what was scanned as the next overlap; after a mid-line cut,
    // the cut line's last characters, so that a match cut in two is seen whole next time.
    let overlapStart = Math.max(0, scanned.length - overlapChars);
    if (!midLine && overlapStart > 0) overlapStart = scanned.indexOf('\n', overlapStart) + 1 || scanned.length;
    let linesBefore = 0;
    let lastBreak = -1;
    for (let at = scanned.indexOf('\n'); at !== -1 && at < overlapStart; at = scanned.indexOf('\n', at + 1)) {
      linesBefore += 1;
      lastBreak = at;
    }
    this.lastCutMidLine = midLine;
    this.startColumn = lastBreak === -1 ? this.startColumn + overlapStart : overlapStart - lastBreak;
    this.startLine += linesBefore;
    const overlap = scanned.slice(overlapStart);
    this.overlapLength = overlap.length;
    this.pending = overlap + buffer.slice(cut);
  }
}
