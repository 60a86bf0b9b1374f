import { describe, expect, it } from 'vitest';
import { parseLockfile } from '../../../../../src-main/domain/supply/lockfiles/parseLockfile';
import { directNames, namesAndVersions, packageOf, parseFixture } from './lockfileFixtures';

describe('go.sum', () => {
  const lock = parseFixture('go', 'go.sum');

  it('gives one package per module version with code, keeping +incompatible and pseudo-versions', () => {
    expect(lock.kind).toBe('go-sum');
    // github.com/golang/protobuf has only a /go.mod line: consulted, never built, so not a package.
    expect(namesAndVersions(lock)).toEqual([
      'github.com/docker/docker@v24.0.7+incompatible',
      'github.com/gin-gonic/gin@v1.9.1',
      'golang.org/x/net@v0.17.0',
      'golang.org/x/sys@v0.0.0-20220811171246-fbc7d0a398ab',
    ]);
  });

  it("takes the code's h1: hash as integrity; no graph, nothing direct", () => {
    expect(packageOf(lock, 'github.com/gin-gonic/gin', 'v1.9.1')).toEqual({
      ecosystem: 'Go',
      name: 'github.com/gin-gonic/gin',
      version: 'v1.9.1',
      direct: false,
      paths: [],
      resolved: null,
      integrity: 'h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=',
      installScript: null,
      dev: null,
    });
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseLockfile('/src/go.sum', 'golang.org/x/net v0.17.0 h1:abc=\ngolang.org/x/text\n')).toThrow('/src/go.sum: line 2: expected "module version hash"');
  });
});

describe('requirements.txt', () => {
  const lock = parseFixture('requirements', 'requirements.txt');

  it('reads pinned lines only (== and ===, extras, markers, continuations), all direct', () => {
    expect(lock.kind).toBe('requirements');
    expect(namesAndVersions(lock)).toEqual(['certifi@2023.11.17', 'charset_normalizer@3.3.2', 'Django@4.2.7', 'requests@2.31.0']);
    expect(directNames(lock)).toHaveLength(4);
    expect(lock.packages.every((entry) => entry.ecosystem === 'PyPI' && entry.dev === null && entry.installScript === null)).toBe(true);
  });

  it('keeps the first --hash as integrity, across continuation lines', () => {
    expect(packageOf(lock, 'certifi', '2023.11.17')).toMatchObject({ integrity: 'sha256:e036ab49d5b79556f99cfc2d9320b34cfbe5be05c5871b51de9329f0603b0474', paths: [['certifi']] });
    expect(packageOf(lock, 'requests', '2.31.0').integrity).toBe('sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f');
    expect(packageOf(lock, 'charset_normalizer', '3.3.2').integrity).toBeNull();
  });

  it('is found under the usual variant names', () => {
    expect(parseLockfile('/app/requirements-dev.txt', 'pytest==7.4.3\n').kind).toBe('requirements');
    expect(parseLockfile('/app/requirements/prod.txt', 'flask==2.3.3\n').packages[0]!.name).toBe('flask');
  });
});

describe('poetry.lock', () => {
  it('reads lock-version 2: `files` hashes, `groups` for dev and a git source as resolved', () => {
    const lock = parseFixture('poetry-v2', 'poetry.lock');
    expect(lock.kind).toBe('poetry');
    expect(namesAndVersions(lock)).toEqual(['certifi@2024.8.30', 'incident-schema@0.2.0', 'mypy@1.11.2', 'requests@2.32.3', 'typing-extensions@4.12.2']);
    expect(packageOf(lock, 'certifi', '2024.8.30')).toMatchObject({ integrity: 'sha256:922820b53db7a7257ffbda3f597266d435245903d80737e34f8a45ff3e3230d8', dev: false, resolved: null });
    expect(packageOf(lock, 'mypy', '1.11.2').dev).toBe(true);
    // In both groups: needed in production.
    expect(packageOf(lock, 'typing-extensions', '4.12.2').dev).toBe(false);
    expect(packageOf(lock, 'incident-schema', '0.2.0')).toMatchObject({ resolved: 'https://github.com/example/incident-schema.git', integrity: null });
  });

  it('calls direct what no locked package depends on, matching names as PEP 503 does', () => {
    const lock = parseFixture('poetry-v2', 'poetry.lock');
    expect(directNames(lock)).toEqual(['incident-schema', 'mypy', 'requests']);
    // `Typing_Extensions` in requests' dependencies is typing-extensions.
    expect(packageOf(lock, 'typing-extensions', '4.12.2').paths).toEqual([
      ['mypy', 'typing-extensions'],
      ['requests', 'typing-extensions'],
    ]);
  });

  it('reads lock-version 1.1: category for dev, hashes from [metadata.files]', () => {
    const lock = parseFixture('poetry-v1', 'poetry.lock');
    expect(lock.packages.map((entry) => [entry.name, entry.direct, entry.dev])).toEqual([
      ['attrs', false, true],
      ['flask', true, false],
      ['itsdangerous', false, false],
      ['pytest', true, true],
      ['werkzeug', false, false],
    ]);
    expect(packageOf(lock, 'werkzeug', '2.3.7')).toMatchObject({ paths: [['flask', 'werkzeug']], integrity: 'sha256:effc12dba7f3bd72e605ce49807bbe692bd729c3bb122a3b91747a6ae77df528' });
  });
});
