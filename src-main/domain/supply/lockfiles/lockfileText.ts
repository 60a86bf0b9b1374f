import { parse as parseToml, TomlError } from 'smol-toml';
import { AppError } from '../../../contract';
import { parseYamlUnderLimits } from '../../userYaml';

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

/**
 * YAML under the shared limits: lockfiles never use aliases, so a billion-laughs file is refused
 * while expanding instead of eating the heap; nesting deeper than any lockfile needs is refused too.
 */
export function parseYamlLockfile(file: string, text: string): Record<string, unknown> {
  const parsed = parseYamlUnderLimits(text, { maxAliases: 100, maxDepth: 64, timeMs: 30_000 });
  if (!parsed.ok) throw invalidLockfile(file, parsed.line === null ? null : `line ${parsed.line}`, parsed.message);
  return expectTopObject(file, parsed.value);
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
