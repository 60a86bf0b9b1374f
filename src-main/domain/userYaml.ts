import { CST, Lexer, LineCounter, parseDocument, visit, type Document } from 'yaml';

/** What one user YAML file may cost to parse. */
export interface YamlLimits {
  /** Aliases (`*name`) weighted by what they expand to, as the yaml package counts them. */
  maxAliases: number;
  /** Nesting of maps, sequences and flow collections. */
  maxDepth: number;
  /**
   * Wall time for the whole parse: a backstop, since size, depth and aliases already bound the
   * work; generous because a busy laptop must not refuse an honest file.
   */
  timeMs: number;
}

export const defaultYamlLimits: YamlLimits = { maxAliases: 100, maxDepth: 64, timeMs: 10_000 };

export type YamlParse = { ok: true; doc: Document; lineCounter: LineCounter; value: unknown } | { ok: false; line: number | null; message: string };

/**
 * Parses YAML a responder (or an attacker) wrote, under limits: a nesting bomb is refused before
 * the yaml package sees it (its composer recurses, and thousands of levels exhaust the stack or
 * the heap), an alias bomb is refused while expanding, and the whole parse is timed. Never throws.
 */
export function parseYamlUnderLimits(source: string, limits: YamlLimits = defaultYamlLimits, now: () => number = Date.now): YamlParse {
  const started = now();
  const tooSlow = () => ({ ok: false as const, line: null, message: `took longer than ${limits.timeMs} ms to parse: refused` });
  const deep = nestingBeyond(source, limits.maxDepth, () => now() - started > limits.timeMs);
  if (deep === 'timeout') return tooSlow();
  if (deep !== null) return { ok: false, line: deep, message: `nested more than ${limits.maxDepth} levels deep: refused` };

  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return { ok: false, line: null, message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  const syntax = doc.errors[0];
  if (syntax) return { ok: false, line: lineCounter.linePos(syntax.pos[0]).line, message: `not valid YAML: ${syntax.message.split('\n')[0]}` };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    if (/resource exhaustion/.test((error as Error).message)) {
      return { ok: false, line: firstAliasLine(doc, lineCounter), message: `its YAML aliases (*name) expand beyond ${limits.maxAliases} copies: refused as an alias bomb` };
    }
    return { ok: false, line: firstAliasLine(doc, lineCounter), message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (now() - started > limits.timeMs) return tooSlow();
  return { ok: true, doc, lineCounter, value };
}

/** The line of a document's first alias, for an alias-bomb message. */
export function firstAliasLine(doc: Document, lineCounter: LineCounter): number | null {
  let line: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/**
 * The first line where nesting exceeds `maxDepth`, from the lexer's tokens alone (linear, stops
 * early). Block depth is counted from indentation levels plus compact `- - x` indicators, flow
 * depth from brackets; the estimate errs towards deeper, which a generous limit absorbs.
 */
function nestingBeyond(source: string, maxDepth: number, expired: () => boolean): number | null | 'timeout' {
  const indents: number[] = [];
  let flow = 0;
  let line = 1;
  // The current line's indentation until its first content token has placed it; null after.
  let column: number | null = 0;
  let atLineStart = true;
  let compact = 0;
  let scalarNext = false;
  let tokens = 0;
  for (const token of new Lexer().lex(source)) {
    if ((tokens += 1) % 4096 === 0 && expired()) return 'timeout';
    const type = scalarNext ? 'scalar-source' : CST.tokenType(token);
    scalarNext = token === CST.SCALAR;
    if (type === 'newline') {
      line += 1;
      column = 0;
      atLineStart = true;
      compact = 0;
      continue;
    }
    line += countNewlines(token);
    if (atLineStart && type === 'space') {
      column = token.length;
      atLineStart = false;
      continue;
    }
    atLineStart = false;
    if (type === 'space' || type === 'comment' || type === 'doc-mode' || type === 'byte-order-mark') continue;
    if (type === 'doc-start') {
      indents.length = 0;
      continue;
    }
    if (column !== null && flow === 0) {
      while (indents.length && indents[indents.length - 1]! > column) indents.pop();
      if (!indents.length || indents[indents.length - 1]! < column) indents.push(column);
    }
    column = null;
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow += 1;
    else if ((type === 'flow-map-end' || type === 'flow-seq-end') && flow > 0) flow -= 1;
    else if ((type === 'seq-item-ind' || type === 'explicit-key-ind') && flow === 0) compact += 1;
    if (indents.length + compact + flow > maxDepth) return line;
  }
  return null;
}

function countNewlines(token: string): number {
  let count = 0;
  for (let at = token.indexOf('\n'); at >= 0; at = token.indexOf('\n', at + 1)) count += 1;
  return count;
}
