import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, type Lockfile } from '../../../../../src-main/contract';
import { parseLockfile } from '../../../../../src-main/domain/supply/lockfiles/parseLockfile';
import { readLockfile } from '../../../../../src-main/services/supply/lockfileRead';
import { fixtureRoot } from './lockfileFixtures';

const scratch = mkdtempSync(join(tmpdir(), 'firebreak-requirements-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(relative: string, content: string): string {
  const file = join(scratch, relative);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error, got a result');
}

const pins = (lock: Lockfile) => lock.packages.map((entry) => `${entry.name}@${entry.version}${entry.direct ? '' : ' (indirect)'}`);

describe('requirements.txt includes (-r, -c), read from disk', () => {
  it('reads -r and --requirement files relative to the including file, recursively', () => {
    write('nested/requirements/base.txt', 'requests==2.31.0\n--requirement=common/shared.txt\n');
    write('nested/requirements/common/shared.txt', 'idna==3.6\n');
    const top = write('nested/requirements.txt', '-r requirements/base.txt\nflask==2.3.3\n');
    expect(readLockfile(top)).toMatchObject({ file: top, kind: 'requirements' });
    expect(pins(readLockfile(top))).toEqual(['flask@2.3.3', 'idna@3.6', 'requests@2.31.0']);
  });

  it('reads the fixture with its base.txt beside it', () => {
    expect(pins(readLockfile(join(fixtureRoot, 'requirements', 'requirements.txt')))).toContain('idna@3.6');
  });

  it('lists a constraint pin, direct only when a requirements file names the package', () => {
    write('constrained/constraints.txt', 'urllib3==2.0.7\nrequests==2.31.0\n');
    const top = write('constrained/requirements.txt', '-c constraints.txt\nrequests>=2\n');
    expect(pins(readLockfile(top))).toEqual(['requests@2.31.0', 'urllib3@2.0.7 (indirect)']);
  });

  it('reads a file two others include once, without calling it a loop', () => {
    write('diamond/base.txt', 'idna==3.6\n');
    write('diamond/dev.txt', '-r base.txt\npytest==7.4.3\n');
    write('diamond/test.txt', '-r base.txt\ncoverage==7.3.2\n');
    const top = write('diamond/requirements.txt', '-r dev.txt\n-r test.txt\n');
    expect(pins(readLockfile(top))).toEqual(['coverage@7.3.2', 'idna@3.6', 'pytest@7.4.3']);
  });

  it('says which include is missing instead of auditing without it', () => {
    const top = write('missing/requirements.txt', 'flask==2.3.3\n\n-r requirements/base.txt\n');
    const error = failure(() => readLockfile(top));
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(`${top}: line 3: -r requirements/base.txt: ${join(scratch, 'missing/requirements/base.txt')}: no such file, so its packages cannot be audited`);
  });

  it('refuses a loop, through a symlink too, naming the line', () => {
    const self = write('loop/requirements.txt', 'flask==2.3.3\n-r requirements.txt\n');
    expect(failure(() => readLockfile(self)).message).toBe(`${self}: line 2: -r requirements.txt: ${self} is already being read, so the includes go round in a loop: remove the include`);
    write('loop2/b.txt', '-c a-link.txt\n');
    const a = write('loop2/requirements.txt', '-r b.txt\n');
    symlinkSync(a, join(scratch, 'loop2/a-link.txt'));
    const error = failure(() => readLockfile(a));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/b\.txt: line 1: -c a-link\.txt: .* is already being read, so the includes go round in a loop/);
  });

  it('follows includes ten files deep and refuses an eleventh', () => {
    // requirements.txt → d1.txt → … → d10.txt: ten files below the one given.
    for (let depth = 1; depth < 10; depth += 1) write(`deep/d${depth}.txt`, `-r d${depth + 1}.txt\n`);
    write('deep/d10.txt', 'idna==3.6\n');
    const top = write('deep/requirements.txt', '-r d1.txt\n');
    expect(pins(readLockfile(top))).toEqual(['idna@3.6']);
    write('deep/d10.txt', '-r d11.txt\n');
    write('deep/d11.txt', 'idna==3.6\n');
    expect(failure(() => readLockfile(top)).message).toBe(`${join(scratch, 'deep/d10.txt')}: line 1: -r d11.txt: includes nest more than 10 files deep: refused`);
  });

  it('refuses an include by URL: Firebreak reads nothing from the network', () => {
    const top = write('url/requirements.txt', '-r https://example.com/requirements.txt\n');
    expect(failure(() => readLockfile(top)).message).toBe(`${top}: line 1: -r https://example.com/requirements.txt: an include by URL is not read (Firebreak works offline): download it and include it by path`);
  });

  it('refuses an include that is a folder', () => {
    mkdirSync(join(scratch, 'folder/requirements'), { recursive: true });
    const top = write('folder/requirements.txt', '-r requirements\n');
    expect(failure(() => readLockfile(top)).message).toMatch(/line 1: -r requirements: .*requirements is not a regular file$/);
  });
});

describe('requirements.txt index options', () => {
  const read = (text: string) => parseLockfile('/app/requirements.txt', text).packages.map((entry) => entry.resolved);

  it('records no place for the default index, and --index-url (credentials removed) when given', () => {
    expect(read('requests==2.31.0\n')).toEqual([null]);
    expect(read('--index-url https://pypi.org/simple\nrequests==2.31.0\n')).toEqual(['https://pypi.org/simple']);
    expect(read('-i https://deploy:s3cret@pypi.internal.example/simple\nrequests==2.31.0\n')).toEqual(['https://pypi.internal.example/simple']);
    expect(read('--index-url=https://a.example/simple\nrequests==2.31.0\n')).toEqual(['https://a.example/simple']);
  });

  it('lists a package once more for each extra index or find-links place pip may take it from', () => {
    expect(read('--extra-index-url https://pypi.evil.example/simple\nrequests==2.31.0\n')).toEqual([null, 'https://pypi.evil.example/simple']);
    expect(read('-i https://a.example/simple --extra-index-url=https://b.example/simple\n-f https://c.example/wheels\nrequests==2.31.0\n')).toEqual([
      'https://a.example/simple',
      'https://b.example/simple',
      'https://c.example/wheels',
    ]);
    expect(read('--no-index --find-links https://c.example/wheels\nrequests==2.31.0\n')).toEqual(['https://c.example/wheels']);
  });

  it('takes an index given in an included file for the whole set, as pip does', () => {
    write('indexed/base.txt', '--extra-index-url https://pypi.evil.example/simple\n');
    const top = write('indexed/requirements.txt', '-r base.txt\nrequests==2.31.0\n');
    expect(readLockfile(top).packages.map((entry) => entry.resolved)).toEqual([null, 'https://pypi.evil.example/simple']);
  });
});
