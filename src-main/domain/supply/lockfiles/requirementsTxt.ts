import type { LockPackage } from '../../../contract';
import { packageKey } from '../packageNames';
import { invalidLockfile } from './lockfileText';
import { PackageGraph } from './packageGraph';

/** One file of a requirements set: the top file, or one it includes with `-r` (requirements) or `-c` (constraints). */
export interface RequirementsFile {
  file: string;
  text: string;
  constraint: boolean;
}

/** A `-r`/`--requirement` or `-c`/`--constraint` line: pip reads the path relative to the including file. */
export interface RequirementsInclude {
  option: string;
  path: string;
  line: number;
  constraint: boolean;
}

interface Line {
  line: number;
  text: string;
}

interface Pin {
  name: string;
  version: string;
  hash: string | null;
}

/** Options that take a value (`-i URL`, `--hash=sha256:…`); the rest (`--pre`, `--no-index`) stand alone. */
const valued = new Set([
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-r', '--requirement', '-c', '--constraint', '-e', '--editable',
  '--hash', '--trusted-host', '--global-option', '--config-settings', '--no-binary', '--only-binary', '--use-feature',
]);

/**
 * requirements.txt alone, its includes not followed (readLockfile follows them): see parseRequirementFiles.
 */
export function parseRequirements(file: string, text: string): LockPackage[] {
  return parseRequirementFiles([{ file, text, constraint: false }]);
}

/** The `-r` and `-c` lines of one file, in order. */
export function requirementsIncludes(file: string, text: string): RequirementsInclude[] {
  const includes: RequirementsInclude[] = [];
  for (const { line, text: logical } of logicalLines(withoutBom(text))) {
    if (!logical.startsWith('-')) continue;
    for (const [option, value] of optionsOf(file, line, logical)) {
      if (option === '-r' || option === '--requirement' || option === '-c' || option === '--constraint') {
        if (!value) throw invalidLockfile(file, `line ${line}`, `${option} names no file`);
        includes.push({ option, path: value, line, constraint: option === '-c' || option === '--constraint' });
      }
    }
  }
  return includes;
}

/**
 * A requirements file with the files it includes: pinned lines only (`name==1.0`, `name===1.0`,
 * extras and markers allowed), as ranges pin nothing a lockfile vouches for. Every pinned line of a
 * requirements file is something the project asked for, so direct; a constraints file's pin is
 * direct when a requirements file names the package, else it is a version pip would hold a
 * dependency to (listed, not direct). The files record no graph.
 *
 * Where packages come from is the set's index options, which pip applies to the whole install:
 * `--index-url` (replacing PyPI; null `resolved` means the default index) and each
 * `--extra-index-url`/`--find-links`, from which pip may take any package. Each package is listed
 * once per place it may come from, so a new index shows as a new source of every package.
 */
export function parseRequirementFiles(files: readonly RequirementsFile[]): LockPackage[] {
  let index: string | null = null;
  let noIndex = false;
  const extra: string[] = [];
  const required = new Set<string>();
  const pins: (Pin & { constraint: boolean })[] = [];
  for (const { file, text, constraint } of files) {
    for (const { line, text: logical } of logicalLines(withoutBom(text))) {
      if (logical.startsWith('-')) {
        for (const [option, value] of optionsOf(file, line, logical)) {
          if ((option === '-i' || option === '--index-url') && value) index = withoutCredentials(value);
          else if ((option === '--extra-index-url' || option === '-f' || option === '--find-links') && value) extra.push(withoutCredentials(value));
          else if (option === '--no-index') noIndex = true;
        }
        continue;
      }
      const requirement = requirementOf(logical);
      if (!requirement) continue;
      if (!constraint) required.add(packageKey('PyPI', requirement.name));
      if (requirement.version !== null) pins.push({ name: requirement.name, version: requirement.version, hash: requirement.hash, constraint });
    }
  }

  // With --no-index pip reads only --find-links places; with none at all it installs nothing new, and the pins still name what is meant.
  const primary: (string | null)[] = noIndex ? [] : [index];
  const sources = [...new Set([...primary, ...extra])];
  if (sources.length === 0) sources.push(null);
  const graph = new PackageGraph('PyPI');
  for (const pin of pins) {
    const direct = !pin.constraint || required.has(packageKey('PyPI', pin.name));
    for (const resolved of sources) {
      const id = graph.add(pin.name, pin.version, { integrity: pin.hash, resolved });
      if (direct) graph.depend(null, id);
    }
  }
  return graph.packages();
}

/** `name[extras]==1.0 ; marker --hash=…`: the name, the pinned version (null for a range or none) and the first hash. */
function requirementOf(line: string): { name: string; version: string | null; hash: string | null } | null {
  const hashes = [...line.matchAll(/--hash[=\s]+(\S+)/g)].map((match) => match[1]!);
  const requirement = line.replace(/\s--?[a-z][\w-]*(?:[=\s]+\S+)?/gi, '').split(';')[0]!.trim();
  const pinned = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s,*]+)$/.exec(requirement);
  if (pinned) return { name: pinned[1]!, version: pinned[2]!, hash: hashes[0] ?? null };
  // A URL or path requirement (`./pkg`, `git+https://…`) names no package by itself.
  const named = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~(@]|$)/.exec(requirement);
  return named ? { name: named[1]!, version: null, hash: null } : null;
}

/** An index URL without `user:token@`: a responder's report and the SBOM must not carry the password. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The options of an option line as [option, value] pairs (`--opt=value`, `--opt value`, `-ivalue`, `-i value`), quotes removed. */
function optionsOf(file: string, line: number, text: string): [string, string | null][] {
  const tokens = shellWords(file, line, text);
  const options: [string, string | null][] = [];
  for (let at = 0; at < tokens.length; at += 1) {
    const token = tokens[at]!;
    if (!token.startsWith('-')) continue;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    if (equals > 0) {
      options.push([token.slice(0, equals), token.slice(equals + 1)]);
      continue;
    }
    if (!token.startsWith('--') && token.length > 2 && valued.has(token.slice(0, 2))) {
      options.push([token.slice(0, 2), token.slice(2)]);
      continue;
    }
    if (valued.has(token)) {
      options.push([token, tokens[at + 1] ?? null]);
      at += 1;
    } else options.push([token, null]);
  }
  return options;
}

/** Splits an option line as pip does (shlex): spaces separate words except inside quotes. */
function shellWords(file: string, line: number, text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at]!;
    if (quote) {
      if (char === quote) quote = null;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + char;
  }
  if (quote) throw invalidLockfile(file, `line ${line}`, `an option's quote (${quote}) is never closed`);
  if (word !== null) words.push(word);
  return words;
}

/** Lines with `\` continuations joined and `#` comments (at a line start or after a space) removed, each with the number of its first line. */
function logicalLines(text: string): Line[] {
  const lines: Line[] = [];
  let pending = '';
  let first = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (!pending) first = index + 1;
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '')} `;
      return;
    }
    const whole = (pending + line).trim();
    pending = '';
    if (whole) lines.push({ line: first, text: whole });
  });
  if (pending.trim()) lines.push({ line: first, text: pending.trim() });
  return lines;
}
