import { isAscii } from 'node:buffer';
import type { SecretFinding } from '../../contract';
import { allowMarker } from '../../domain/scans/scanSource';
import { findSecrets, fingerprint, redact, withPositions, type SecretMatch } from '../../domain/scans/secretMatch';
import type { SecretRules } from '../../domain/scans/secretRules';
import { compileRules, type RuleSet } from '../../domain/scans/secretRuleSet';
import { builtKeywordTables } from './keywordTablesFile';

/**
 * Text is scanned in pieces of whole lines of about this size. A string over 128 KB is a large object
 * to V8, mapped and unmapped for itself: making one per file cost more than scanning it (three times
 * the decoding time on real source), while pieces below that size live and die in the young generation.
 */
const pieceBytes = 112 * 1024;
// Multi-line secrets (PEM blocks) may straddle two pieces: the tail of each piece is scanned again.
const overlapBytes = 8 * 1024;
// A line longer than a piece is cut into pieces too, but `firebreak:allow` anywhere on it counts for
// all of it: it is read this far ahead for the marker (on a longer line, the marker counts this far).
const maxLineWait = 1024 * 1024;
const marker = Buffer.from(allowMarker);
const newline = 10;

type Place = Pick<SecretFinding, 'file' | 'line' | 'column'> & Partial<Pick<SecretFinding, 'commit' | 'author' | 'date'>>;

/** Compiles the rules a worker was handed (validated by the main thread) and names each rule's finding. */
export function prepareRules(rules: SecretRules): { ruleSet: RuleSet; describe: (ruleId: string) => string } {
  const descriptions = new Map(rules.specs.map((rule) => [rule.id, rule.description]));
  return { ruleSet: compileRules(rules, (entries) => builtKeywordTables(entries)), describe: (ruleId) => descriptions.get(ruleId) ?? ruleId };
}

/** The only form a match leaves the scanning thread in: the secret reduced to a preview and a fingerprint. */
export function secretFinding(match: SecretMatch, description: string, place: Place): SecretFinding {
  return { rule: match.ruleId, description, commit: null, author: null, date: null, ...place, redacted: redact(match.secret), fingerprint: fingerprint(match.secret), inWorkingTree: null };
}

/** Characters (UTF-16 units, as columns count them) the bytes decode to. */
function charsIn(bytes: Uint8Array): number {
  return isAscii(bytes) ? bytes.length : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8').length;
}

/** Moves a cut back to the start of a UTF-8 character, so neither side holds half of one. */
function characterStart(bytes: Uint8Array, at: number, floor: number): number {
  while (at > floor && (bytes[at]! & 0xc0) === 0x80) at -= 1;
  return at;
}

/**
 * Scans the bytes of a text (a file read in chunks) as UTF-8, in pieces of whole lines so line
 * numbers hold. A line too long to wait for is cut where the piece ends instead, so memory stays
 * bounded whatever the line length. Each piece begins with the tail of the one before (the
 * overlap): a match lying wholly in it was already reported by the previous piece.
 */
export class ChunkedTextScanner {
  private work = Buffer.allocUnsafe(pieceBytes * 2);
  /** Bytes held in `work`: the overlap, then what is not scanned yet. */
  private held = 0;
  private overlapLength = 0;
  private startLine = 1;
  /** Column of the next piece's first character: above 1 when the piece goes on with a cut line. */
  private startColumn = 1;
  /** Whether the previous piece ended mid-line, leaving the matches that touched its end to this one. */
  private lastCutMidLine = false;
  private file = '';
  /**
   * A long line being cut into pieces: the bytes of `work` (from, until) it spans as far as read
   * ahead, and whether `firebreak:allow` is on it there (its findings are then dropped).
   */
  private longLine = { from: 0, until: 0, allowed: false };

  /** One scanner serves a lane's files one after another: its buffer is not allocated again for each. */
  constructor(
    private readonly ruleSet: RuleSet,
    private readonly describe: (ruleId: string) => string,
    private readonly report: (finding: SecretFinding) => void,
  ) {}

  /** Starts a new text, named `file` in its findings. */
  begin(file: string): this {
    this.file = file;
    this.held = 0;
    this.overlapLength = 0;
    this.startLine = 1;
    this.startColumn = 1;
    this.lastCutMidLine = false;
    this.longLine = { from: 0, until: 0, allowed: false };
    return this;
  }

  /** Takes the next bytes of the text (copied: the caller may reuse its buffer); `final` ends it. */
  push(bytes: Uint8Array, final = false): void {
    this.hold(bytes);
    for (let cut = this.nextCut(final); cut; cut = this.nextCut(final)) {
      const last = final && cut.at === this.held;
      this.scanPiece(cut.at, cut.midLine);
      if (last) break;
      this.moveOn(cut.at, cut.midLine);
    }
    if (final) this.held = 0;
  }

  private hold(bytes: Uint8Array): void {
    if (this.held + bytes.length > this.work.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.work.length * 2, this.held + bytes.length));
      this.work.copy(larger, 0, 0, this.held);
      this.work = larger;
    }
    this.work.set(bytes, this.held);
    this.held += bytes.length;
  }

  /** Where the next piece ends, or null when there is nothing new or it waits for more bytes. */
  private nextCut(final: boolean): { at: number; midLine: boolean } | null {
    const { work, held, overlapLength } = this;
    if (held === overlapLength) return null;
    if (held <= pieceBytes) return final ? { at: held, midLine: false } : null;
    // The last line end within a piece's length, past the overlap (a cut inside it would not move on).
    const lastBreak = work.lastIndexOf(newline, pieceBytes - 1);
    if (lastBreak >= overlapLength) return { at: lastBreak + 1, midLine: false };
    // One line fills the piece: it is cut where the piece ends. Before the cut passes what is known
    // of the line, as much more of it is read as decides whether it carries `firebreak:allow`.
    if (this.longLine.until < pieceBytes) {
      const lineEnd = work.subarray(0, held).indexOf(newline, overlapLength);
      if (lineEnd === -1 && held < maxLineWait && !final) return null;
      // Where the line begins in what is held (0: it went on from an earlier piece).
      const from = overlapLength === 0 ? 0 : work.subarray(0, overlapLength).lastIndexOf(newline) + 1;
      const until = Math.min(lineEnd === -1 ? held : lineEnd, from + maxLineWait);
      this.longLine = { from, until, allowed: work.subarray(from, until).includes(marker) };
    }
    return { at: characterStart(work, pieceBytes, overlapLength + 1), midLine: true };
  }

  private scanPiece(cut: number, midLine: boolean): void {
    const bytes = this.work.subarray(0, cut);
    const edges = { openStart: this.startColumn > 1, openEnd: midLine };
    // After a mid-line cut the previous piece left every match touching its end (the overlap's end) to this one.
    const overlap = this.overlapLength;
    const fresh = (match: SecretMatch) => (this.lastCutMidLine ? match.matchEnd >= overlap : match.end > overlap);
    const { from, until, allowed } = this.longLine;
    const matches = findSecrets(bytes, this.ruleSet, edges).filter((match) => fresh(match) && !(allowed && match.index >= from && match.index < until));
    if (matches.length === 0) return;
    // The bytes rendered one character each, to count lines (columns count the decoded characters).
    const text = this.work.toString('latin1', 0, cut);
    for (const { match, line, column } of withPositions(text, matches, this.startLine, this.startColumn, bytes)) this.report(secretFinding(match, this.describe(match.ruleId), { file: this.file, line, column }));
  }

  /**
   * Keeps whole lines from the end of what was scanned as the next overlap; after a mid-line cut,
   * the cut line's last characters, so that a match cut in two is seen whole next time.
   */
  private moveOn(cut: number, midLine: boolean): void {
    const { work } = this;
    const scanned = work.subarray(0, cut);
    let overlapStart = Math.max(0, cut - overlapBytes);
    if (midLine) {
      while (overlapStart < cut && (work[overlapStart]! & 0xc0) === 0x80) overlapStart += 1;
    } else if (overlapStart > 0) {
      const lineStart = scanned.indexOf(newline, overlapStart) + 1;
      overlapStart = lineStart === 0 || lineStart > cut ? cut : lineStart;
    }
    let linesBefore = 0;
    let lastBreak = -1;
    // Searches stop at the piece: what lies beyond in the buffer is stale or not yet scanned.
    const before = work.subarray(0, overlapStart);
    for (let at = before.indexOf(newline); at !== -1; at = before.indexOf(newline, at + 1)) {
      linesBefore += 1;
      lastBreak = at;
    }
    this.startColumn = lastBreak === -1 ? this.startColumn + charsIn(work.subarray(0, overlapStart)) : charsIn(work.subarray(lastBreak + 1, overlapStart)) + 1;
    this.startLine += linesBefore;
    this.lastCutMidLine = midLine;
    this.longLine.from -= overlapStart;
    this.longLine.until -= overlapStart;
    work.copyWithin(0, overlapStart, this.held);
    this.held -= overlapStart;
    this.overlapLength = cut - overlapStart;
  }
}
