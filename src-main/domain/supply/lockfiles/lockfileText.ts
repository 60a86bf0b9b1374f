import { parse as parseToml, TomlError } from 'smol-toml';
import { AppError } from '../../../contract';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { firstAliasLine } from '../../userYaml';

/** The base name of a path, for messages: responders read `yarn.lock: line 12`, not a long absolute path twice. */
export function baseName(file: string): string {
  const at = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return at >= 0 ? file.slice(at + 1) : file;
}

/** An `invalid-input` error naming the file and the place it broke. */
export function invalidLockfile(file: string, where: string | null, message: string): AppError {
  return new AppError('invalid-input', `${file}: ${where ? `${where}: ` : ''}${message}`);
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** JSON.parse with the line and column of a syntax error, which V8's message gives only as an offset (or not at all at the end). */
export function parseJsonLockfile(file: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const { line, column } = lineColumn(text, position ? Number(position[1]) : text.length);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'the JSON ends early (truncated?)');
    throw invalidLockfile(file, `line ${line}, column ${column}`, `not valid JSON: ${reason}`);
  }
  return expectTopObject(file, value);
}

/** Lockfiles nest a handful of levels; far beyond that is a file built to exhaust the parser's stack. */
const maxYamlDepth = 64;
/** Lockfiles never use aliases: a few are tolerated, an expanding billion-laughs file is not. */
const maxYamlAliases = 100;

/**
 * YAML for pnpm-lock.yaml and berry's yarn.lock. Not userYaml's parser: it checks unique keys
 * pairwise, which is quadratic in a 3,000-entry `packages` map (seconds per MiB); lockfiles are
 * machine-written, so duplicates are not a risk worth that. Nesting and alias bombs are still refused.
 */
export function parseYamlLockfile(file: string, text: string): Record<string, unknown> {
  const deep = nestingBeyond(text, maxYamlDepth);
  if (deep !== null) throw invalidLockfile(file, `line ${deep}`, `nested more than ${maxYamlDepth} levels deep: refused`);
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    throw invalidLockfile(file, null, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const syntax = doc.errors[0];
  if (syntax) throw invalidLockfile(file, `line ${lineCounter.linePos(syntax.pos[0]).line}`, `not valid YAML: ${syntax.message.split('\n')[0]}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: maxYamlAliases });
  } catch (error) {
    const where = firstAliasLine(doc, lineCounter);
    if (/resource exhaustion/.test((error as Error).message)) {
      throw invalidLockfile(file, where === null ? null : `line ${where}`, `its YAML aliases (*name) expand beyond ${maxYamlAliases} copies: refused as an alias bomb`);
    }
    throw invalidLockfile(file, where === null ? null : `line ${where}`, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return expectTopObject(file, value);
}

/**
 * The first line nested deeper than `limit`, by one pass over the characters: block depth from
 * indentation (at least one column per level) plus `- ` indicators opening a line, flow depth
 * from brackets outside quotes. It overestimates (a two-space indent counts two), which only
 * matters past 64 columns of indentation, far beyond any lockfile.
 */
function atTokenStart(previous: string | undefined): boolean {
  return previous === undefined || previous === ' ' || previous === '\t' || previous === '\n' || previous === '[' || previous === '{' || previous === ',' || previous === ':' || previous === '-' || previous === '?';
}

function nestingBeyond(text: string, limit: number): number | null {
  let line = 1;
  let flow = 0;
  let quote: string | null = null;
  let atLineStart = true;
  let indent = 0;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at]!;
    if (char === '\n') {
      line += 1;
      atLineStart = true;
      indent = 0;
      if (flow === 0) quote = null;
      continue;
    }
    if (atLineStart) {
      if (char === ' ' || char === '-' || char === '?') {
        indent += 1;
        if (indent + flow > limit && quote === null) return line;
        continue;
      }
      atLineStart = false;
      if (char === '#') {
        const end = text.indexOf('\n', at);
        at = (end < 0 ? text.length : end) - 1;
        continue;
      }
    }
    if (quote !== null) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"') at += 1;
      continue;
    }
    // A quote opens a scalar only where a token starts; inside a plain word (`it's`) it is a letter.
    if ((char === '"' || char === "'") && (atTokenStart(text[at - 1]))) quote = char;
    else if (char === '[' || char === '{') {
      flow += 1;
      if (flow + indent > limit) return line;
    } else if ((char === ']' || char === '}') && flow > 0) flow -= 1;
    else if (char === '#' && (text[at - 1] === ' ' || text[at - 1] === '\t')) {
      const end = text.indexOf('\n', at);
      at = (end < 0 ? text.length : end) - 1;
    }
  }
  return null;
}

export function parseTomlLockfile(file: string, text: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) throw invalidLockfile(file, `line ${error.line}, column ${error.column}`, `not valid TOML: ${error.message.split('\n')[0]}`);
    throw invalidLockfile(file, null, `not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function expectTopObject(file: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw invalidLockfile(file, null, `expected a map of fields at the top level, found ${describe(value)}`);
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}

/** A field that must be a string when present: its value, or null when absent. */
export function optionalString(file: string, where: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalidLockfile(file, where, `expected a string, found ${describe(value)}`);
  return value;
}

export function requiredString(file: string, where: string, value: unknown): string {
  const found = optionalString(file, where, value);
  if (found === null || found === '') throw invalidLockfile(file, where, 'missing');
  return found;
}

/** A map of name → something, or an empty map when absent. */
export function optionalMap(file: string, where: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw invalidLockfile(file, where, `expected a map, found ${describe(value)}`);
  return value;
}

/** `packages["node_modules/qs"]`: how a key is written in a JSON path. */
export function keyPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
