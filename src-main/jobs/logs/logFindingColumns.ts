import type { LogFinding } from '../../contract';
import type { LogRuleSpec } from '../../domain/logs/logRuleSet';

/**
 * A range's findings as columns: a hundred thousand objects, each repeating its rule's category,
 * severity, description and file, cost more to copy from a worker than to find. Rules are indices
 * into the job's rules; a line with several hits keeps one excerpt.
 */
export interface LogFindingColumns {
  count: number;
  rules: Uint16Array;
  /** 1-based, counted from the range's first line. */
  lines: Float64Array;
  /** Epoch ms; NaN for a line without a time. */
  times: Float64Array;
  ips: (string | null)[];
  /** Index into `excerpts` of each finding's. */
  excerptOf: Uint32Array;
  excerpts: string[];
}

/** Collects findings in growing columns; `done` trims them to what was found. */
export class FindingColumnsBuilder {
  count = 0;
  private rules = new Uint16Array(1_024);
  private lines = new Float64Array(1_024);
  private times = new Float64Array(1_024);
  private excerptOf = new Uint32Array(1_024);
  private readonly ips: (string | null)[] = [];
  private readonly excerpts: string[] = [];

  /** A new line's excerpt, shared by the findings of that line added after it. */
  addExcerpt(excerpt: string): void {
    this.excerpts.push(excerpt);
  }

  add(rule: number, line: number, time: number | null, ip: string | null): void {
    if (this.count === this.rules.length) this.grow();
    const at = this.count;
    this.rules[at] = rule;
    this.lines[at] = line;
    this.times[at] = time ?? NaN;
    this.excerptOf[at] = this.excerpts.length - 1;
    this.ips.push(ip);
    this.count += 1;
  }

  done(): LogFindingColumns {
    const { count } = this;
    return { count, rules: this.rules.slice(0, count), lines: this.lines.slice(0, count), times: this.times.slice(0, count), ips: this.ips, excerptOf: this.excerptOf.slice(0, count), excerpts: this.excerpts };
  }

  private grow(): void {
    const size = this.rules.length * 2;
    const larger = <T extends Uint16Array | Float64Array | Uint32Array>(array: T, made: T): T => (made.set(array), made);
    this.rules = larger(this.rules, new Uint16Array(size));
    this.lines = larger(this.lines, new Float64Array(size));
    this.times = larger(this.times, new Float64Array(size));
    this.excerptOf = larger(this.excerptOf, new Uint32Array(size));
  }
}

/** Finding `index` of the columns as the contract's object, its line moved by `lineOffset`. */
export function findingAt(columns: LogFindingColumns, index: number, specs: readonly LogRuleSpec[], file: string, lineOffset: number): LogFinding {
  const spec = specs[columns.rules[index]!]!;
  const time = columns.times[index]!;
  return {
    rule: spec.id,
    category: spec.category,
    severity: spec.severity,
    description: spec.description,
    file,
    line: columns.lines[index]! + lineOffset,
    time: Number.isNaN(time) ? null : new Date(time).toISOString(),
    ip: columns.ips[index]!,
    excerpt: columns.excerpts[columns.excerptOf[index]!]!,
  };
}
