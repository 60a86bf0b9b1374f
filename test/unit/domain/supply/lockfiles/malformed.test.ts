import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../../src-main/contract';
import { lockfileKindOf, parseLockfile } from '../../../../../src-main/domain/supply/lockfiles/parseLockfile';
import { readLockfile } from '../../../../../src-main/services/supply/lockfileRead';
import { fixtureRoot } from './lockfileFixtures';

/** The AppError a call throws, so tests can check its code and message together. */
function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error, got a result');
}

const scratch = mkdtempSync(join(tmpdir(), 'firebreak-lockfiles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(relative: string, content: string | Buffer): string {
  const file = join(scratch, relative);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  return file;
}

describe('broken text', () => {
  it('names the line and column where truncated JSON ends', () => {
    const text = readFileSync(join(fixtureRoot, 'npm-v3', 'package-lock.json'), 'utf8');
    const cut = text.slice(0, text.indexOf('"node_modules/debug"') + 40);
    const lines = cut.split('\n');
    const error = failure(() => parseLockfile('/app/package-lock.json', cut));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(`/app/package-lock.json: line ${lines.length}, column ${lines[lines.length - 1]!.length + 1}: not valid JSON: the JSON ends early (truncated?)`);
  });

  it('names the line and column of a syntax error inside the JSON', () => {
    const error = failure(() => parseLockfile('/app/package-lock.json', '{\n  "lockfileVersion": 3,\n  packages: {}\n}'));
    expect(error.message).toMatch(/^\/app\/package-lock\.json: line 3, column 3: not valid JSON: /);
  });

  it('names the line of broken YAML, TOML and yarn.lock', () => {
    expect(failure(() => parseLockfile('/app/pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {resolution: [\n")).message).toMatch(/^\/app\/pnpm-lock\.yaml: line \d+: not valid YAML/);
    expect(failure(() => parseLockfile('/app/Cargo.lock', 'version = 3\n\n[[package]]\nname = "regex\n')).message).toMatch(/^\/app\/Cargo\.lock: line 4, column \d+: not valid TOML/);
    expect(failure(() => parseLockfile('/app/yarn.lock', 'a@^1:\n  version "1.0.0"\n  dependencies: {\n')).message).toMatch(/^\/app\/yarn\.lock: line 3, column \d+: not a valid yarn\.lock/);
  });

  it('refuses a YAML alias bomb quickly instead of expanding it', () => {
    const laughs = ['lockfileVersion: "9.0"', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      laughs.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = performance.now();
    const error = failure(() => parseLockfile('/app/pnpm-lock.yaml', laughs.join('\n')));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(/^\/app\/pnpm-lock\.yaml: line 3: its YAML aliases \(\*name\) expand beyond 100 copies: refused as an alias bomb$/);
  });

  it('refuses YAML nested far deeper than any lockfile before the parser recurses into it', () => {
    const started = performance.now();
    const flow = failure(() => parseLockfile('/app/pnpm-lock.yaml', `lockfileVersion: '9.0'\npackages: ${'['.repeat(100_000)}`));
    expect(flow.message).toBe('/app/pnpm-lock.yaml: line 2: nested more than 64 levels deep: refused');
    // An apostrophe inside a plain word does not hide the brackets after it.
    expect(failure(() => parseLockfile('/app/pnpm-lock.yaml', `lockfileVersion: '9.0'\npackages: [it's ${'['.repeat(100_000)}`)).message).toBe('/app/pnpm-lock.yaml: line 2: nested more than 64 levels deep: refused');
    const block = Array.from({ length: 80 }, (_, depth) => `${' '.repeat(depth * 2)}k${depth}:`).join('\n');
    expect(failure(() => parseLockfile('/app/yarn.lock', `__metadata:\n  version: 8\n${block}\n`)).message).toMatch(/^\/app\/yarn\.lock: line \d+: nested more than 64 levels deep: refused$/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('says what it found when the top level is the wrong type', () => {
    expect(failure(() => parseLockfile('/app/package-lock.json', '[1, 2]')).message).toBe('/app/package-lock.json: expected a map of fields at the top level, found a list');
    expect(failure(() => parseLockfile('/app/pnpm-lock.yaml', 'just a string')).message).toMatch(/expected a map of fields at the top level, found a string/);
    expect(failure(() => parseLockfile('/app/Cargo.lock', 'package = 3')).message).toBe('/app/Cargo.lock: package: expected [[package]] tables, found a number (3)');
  });

  it('points at the field that is wrong inside an entry', () => {
    const text = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/qs': { version: 6 } } });
    expect(failure(() => parseLockfile('/app/package-lock.json', text)).message).toBe('/app/package-lock.json: packages["node_modules/qs"].version: expected a string, found a number (6)');
    expect(failure(() => parseLockfile('/app/Cargo.lock', '[[package]]\nname = "regex"\n')).message).toBe('/app/Cargo.lock: package[0].version: missing');
  });

  it('refuses lockfile versions it does not know, naming the ones it reads', () => {
    expect(failure(() => parseLockfile('/app/package-lock.json', '{"lockfileVersion": 4, "packages": {}}')).message).toBe('/app/package-lock.json: lockfileVersion: 4 is not a version Firebreak reads (1, 2 or 3)');
    expect(failure(() => parseLockfile('/app/pnpm-lock.yaml', "lockfileVersion: '10.0'\n")).message).toBe('/app/pnpm-lock.yaml: lockfileVersion: "10.0" is not a pnpm lockfile version Firebreak reads (5.x, 6.0, 9.0)');
    expect(failure(() => parseLockfile('/app/yarn.lock', '__metadata:\n  version: 99\n')).message).toMatch(/__metadata\.version: 99 is not a yarn lockfile version Firebreak reads/);
    expect(failure(() => parseLockfile('/app/Cargo.lock', 'version = 9\n')).message).toMatch(/version: 9 is not a Cargo\.lock version Firebreak reads \(1 to 4\)/);
    expect(failure(() => parseLockfile('/app/poetry.lock', '[metadata]\nlock-version = "3.0"\n')).message).toMatch(/lock-version: "3\.0" is not a poetry\.lock version/);
  });

  it('fails fast on a yarn.lock cut inside a quoted string or ending in a comment (yarn\'s tokenizer would run away)', () => {
    const started = performance.now();
    expect(failure(() => parseLockfile('/app/yarn.lock', 'ms@^2.1.3:\n  version "2.1.3"\n  resolved "https://registry.yarnpkg.com/ms/-/ms-2.1')).message).toMatch(
      /^\/app\/yarn\.lock: line 3, column \d+: not a valid yarn\.lock/,
    );
    expect(parseLockfile('/app/yarn.lock', 'ms@^2.1.3:\n  version "2.1.3"\n# no newline after this comment').packages).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses unresolved merge conflicts in yarn.lock', () => {
    const conflicted = 'a@^1:\n<<<<<<< HEAD\n  version "1.0.0"\n=======\n  version "1.1.0"\n>>>>>>> branch\n';
    expect(failure(() => parseLockfile('/app/yarn.lock', conflicted)).message).toMatch(/merge-conflict markers/);
  });

  it('refuses a file whose name is not a lockfile', () => {
    expect(lockfileKindOf('/app/package.json', '{}')).toBeNull();
    expect(failure(() => parseLockfile('/app/package.json', '{}')).message).toMatch(/^\/app\/package\.json: not a lockfile Firebreak reads/);
  });
});

describe('reading from disk', () => {
  it('reads a lockfile and keeps the path as given', () => {
    const file = join(fixtureRoot, 'cargo-v4', 'Cargo.lock');
    expect(readLockfile(file)).toMatchObject({ file, kind: 'cargo' });
  });

  it('says not-found, naming the file, when it is missing', () => {
    const file = join(scratch, 'nowhere', 'package-lock.json');
    const error = failure(() => readLockfile(file));
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(`${file}: no such lockfile`);
  });

  it('refuses a folder', () => {
    const folder = join(scratch, 'package-lock.json');
    mkdirSync(folder, { recursive: true });
    const error = failure(() => readLockfile(folder));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/is a folder, not a lockfile/);
  });

  it('refuses a 200 MB lockfile from its size, naming size and limit, without reading it', () => {
    const file = join(scratch, 'huge', 'package-lock.json');
    mkdirSync(join(file, '..'), { recursive: true });
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 200 * 1024 * 1024);
    closeSync(fd);
    const started = performance.now();
    const error = failure(() => readLockfile(file));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(`${file}: is 200 MiB, above the 64 MiB limit for lockfiles: refused without reading it`);
  });

  it('refuses binary content and text that is not UTF-8', () => {
    const binary = scratchFile('bin/Cargo.lock', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    expect(failure(() => readLockfile(binary)).message).toBe(`${binary}: holds NUL bytes: a binary file, not a lockfile`);
    const latin1 = scratchFile('latin1/requirements.txt', Buffer.from('caf\xe9==1.0\n', 'latin1'));
    const error = failure(() => readLockfile(latin1));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(`${latin1}: is not valid UTF-8 text (byte 3): not a lockfile`);
  });

  it('reads past a byte-order mark', () => {
    const file = scratchFile('bom/requirements.txt', '\ufeffflask==2.3.3\n');
    expect(readLockfile(file).packages.map((entry) => entry.name)).toEqual(['flask']);
  });
});
