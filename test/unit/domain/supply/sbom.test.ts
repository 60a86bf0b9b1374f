import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Lockfile, LockPackage } from '../../../../src-main/contract';
import { diffSboms, sbomFromLockfile, withoutCredentials } from '../../../../src-main/domain/supply/sbom';

const schemaDir = path.join(__dirname, '../../../../node_modules/@cyclonedx/cyclonedx-library/res/schema');
const fixtures = path.join(__dirname, '../../../fixtures/supply/sbom');

/** The CycloneDX 1.5 JSON schema as the library ships it, with the SPDX and JSF schemas it refers to. */
function cycloneDx15Validator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value));
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: `http://cyclonedx.org/schema/${name}` });
  }
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(schemaDir, 'bom-1.5.SNAPSHOT.schema.json'), 'utf8')) as object);
}

const sha512 = (text: string) => createHash('sha512').update(text).digest();
const pkg = (ecosystem: LockPackage['ecosystem'], name: string, version: string, extra: Partial<LockPackage> = {}): LockPackage => ({ ecosystem, name, version, direct: true, paths: [[name]], resolved: null, integrity: null, installScript: null, dev: null, ...extra });

const lockfile: Lockfile = {
  file: '/app/package-lock.json',
  kind: 'package-lock',
  packages: [
    pkg('npm', '@babel/core', '7.23.0', { integrity: `sha512-${sha512('babel').toString('base64')}`, resolved: 'https://registry.npmjs.org/@babel/core/-/core-7.23.0.tgz', dev: true }),
    pkg('npm', 'lodash', '4.17.21', { integrity: `sha512-${sha512('lodash').toString('base64')} sha1-${createHash('sha1').update('lodash').digest('base64')}`, dev: false }),
    pkg('crates.io', 'serde', '1.0.195', { integrity: 'a'.repeat(64) }),
    pkg('Go', 'github.com/pkg/errors', 'v0.9.1', { integrity: 'h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=' }),
    pkg('PyPI', 'Python_Dateutil', '2.8.2+local', { integrity: `sha256:${'B'.repeat(64)}` }),
  ],
};
const now = new Date('2026-12-01T12:00:00Z');

describe('sbomFromLockfile', () => {
  it('writes a CycloneDX 1.5 document the official schema accepts', () => {
    const sbom = sbomFromLockfile(lockfile, now);
    const validate = cycloneDx15Validator();
    expect(validate(sbom), JSON.stringify(validate.errors)).toBe(true);
    // The validator does refuse a broken document: a hash that is not hex.
    const components = sbom.components as { hashes?: { content: string }[] }[];
    expect(validate({ ...sbom, components: components.map((component) => ({ ...component, hashes: component.hashes?.map((hash) => ({ ...hash, content: 'not hex' })) })) })).toBe(false);
    expect(sbom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', metadata: { timestamp: '2026-12-01T12:00:00.000Z' } });
  });

  it('gives each package its purl, and the lockfile checksums as lowercase hex', () => {
    const components = sbomFromLockfile(lockfile, now).components as { name: string; group?: string; version: string; purl: string; scope?: string; hashes?: { alg: string; content: string }[]; externalReferences?: { url: string }[] }[];
    const byPurl = Object.fromEntries(components.map((component) => [component.purl, component]));
    expect(Object.keys(byPurl).sort()).toEqual(['pkg:cargo/serde@1.0.195', 'pkg:golang/github.com/pkg/errors@v0.9.1', 'pkg:npm/%40babel/core@7.23.0', 'pkg:npm/lodash@4.17.21', 'pkg:pypi/python-dateutil@2.8.2%2Blocal']);
    expect(byPurl['pkg:npm/%40babel/core@7.23.0']).toMatchObject({ group: '@babel', name: 'core', scope: 'optional', hashes: [{ alg: 'SHA-512', content: sha512('babel').toString('hex') }], externalReferences: [{ url: 'https://registry.npmjs.org/@babel/core/-/core-7.23.0.tgz', type: 'distribution' }] });
    expect(byPurl['pkg:npm/lodash@4.17.21']!.hashes).toEqual([
      { alg: 'SHA-1', content: createHash('sha1').update('lodash').digest('hex') },
      { alg: 'SHA-512', content: sha512('lodash').toString('hex') },
    ]);
    expect(byPurl['pkg:cargo/serde@1.0.195']!.hashes).toEqual([{ alg: 'SHA-256', content: 'a'.repeat(64) }]);
    expect(byPurl['pkg:pypi/python-dateutil@2.8.2%2Blocal']!.hashes).toEqual([{ alg: 'SHA-256', content: 'b'.repeat(64) }]);
    // go.sum's h1: hashes a module's file tree: no CycloneDX algorithm says that.
    expect(byPurl['pkg:golang/github.com/pkg/errors@v0.9.1']!.hashes).toBeUndefined();
  });

  it('gives the same lockfile the same document but for the timestamp, and another a different serial number', () => {
    const first = sbomFromLockfile(lockfile, now);
    const later = sbomFromLockfile({ ...lockfile, packages: [...lockfile.packages].reverse() }, new Date('2027-01-01T00:00:00Z'));
    expect({ ...later, metadata: null }).toEqual({ ...first, metadata: null });
    expect(first.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const other = sbomFromLockfile({ ...lockfile, packages: lockfile.packages.slice(1) }, now);
    expect(other.serialNumber).not.toBe(first.serialNumber);
  });
});

describe('diffSboms', () => {
  const names = { before: 'before.json', after: 'after.json' };
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8')) as unknown;

  it('lists added, removed and changed components and hashes that differ, between two SBOMs of this tool', () => {
    const before = sbomFromLockfile(lockfile, now);
    const after = sbomFromLockfile({ ...lockfile, packages: [pkg('npm', '@babel/core', '7.24.0'), { ...lockfile.packages[1]!, integrity: `sha512-${sha512('tampered').toString('base64')}` }, pkg('npm', 'left-pad', '1.3.0'), ...lockfile.packages.slice(2, 4)] }, now);
    const diff = diffSboms(before, after, names);
    expect(diff.changes).toEqual([
      { kind: 'changed', name: 'pkg:npm/%40babel/core', from: '7.23.0', to: '7.24.0' },
      { kind: 'added', name: 'pkg:npm/left-pad', from: null, to: '1.3.0' },
      { kind: 'removed', name: 'pkg:pypi/python-dateutil', from: '2.8.2+local', to: null },
    ]);
    expect(diff.hashMismatches).toEqual([{ name: 'pkg:npm/lodash', version: '4.17.21', algorithm: 'SHA-512', before: sha512('lodash').toString('hex'), after: sha512('tampered').toString('hex') }]);
  });

  it('reads CycloneDX JSON from other tools (1.4 and 1.6), nested components and upper-case hex included', () => {
    const diff = diffSboms(read('syft-1.4.json'), read('trivy-1.6.json'), names);
    expect(diff.changes).toEqual([
      { kind: 'changed', name: 'openssl', from: '3.0.12', to: '3.0.13' },
      { kind: 'changed', name: 'pkg:npm/%40babel/core', from: '7.23.0', to: '7.24.1' },
      { kind: 'added', name: 'pkg:npm/event-stream', from: null, to: '3.3.6' },
    ]);
    expect(diff.hashMismatches).toEqual([{ name: 'pkg:npm/lodash', version: '4.17.21', algorithm: 'SHA-512', before: expect.stringMatching(/^bf6903/), after: expect.stringMatching(/ffff$/) }]);
  });

  it('refuses what is not CycloneDX JSON, naming the file and the place', () => {
    const sbom = read('syft-1.4.json');
    expect(() => diffSboms({ spdxVersion: 'SPDX-2.3', packages: [] }, sbom, names)).toThrow('before.json: an SPDX document (SPDX-2.3), not CycloneDX');
    expect(() => diffSboms(sbom, [1, 2], names)).toThrow('after.json: not a CycloneDX JSON document (expected a JSON object)');
    expect(() => diffSboms(sbom, { hello: 'world' }, names)).toThrow('after.json: not a CycloneDX JSON document (no "bomFormat": "CycloneDX")');
    expect(() => diffSboms({ bomFormat: 'CycloneDX', specVersion: '1.1' }, sbom, names)).toThrow('before.json: CycloneDX specVersion "1.1" is not supported (JSON documents of 1.2 to 1.6 are)');
    expect(() => diffSboms(sbom, { bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ name: 'a' }, { version: '1' }] }, names)).toThrow('after.json: components[1] must be a component with a name');
    expect(() => diffSboms(sbom, { bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ name: 'a', components: [{ name: 'b', hashes: [{ alg: 'MD5' }] }] }] }, names)).toThrow('after.json: components[0].components[0].hashes[0] must have "alg" and "content"');
  });
});

describe('SBOM sources', () => {
  it('drops user names, passwords and credential query parameters from URLs, and keeps the rest', () => {
    expect(withoutCredentials('https://deploy:npm_TOKEN@npm.corp.example/a/-/a-1.0.0.tgz')).toBe('https://npm.corp.example/a/-/a-1.0.0.tgz');
    expect(withoutCredentials('https://cdn.example/a.tgz?X-Amz-Signature=abc&token=t&v=2#frag')).toBe('https://cdn.example/a.tgz?v=2#frag');
    expect(withoutCredentials('git+ssh://git@github.com/org/repo.git#0123abcd')).toBe('git+ssh://github.com/org/repo.git#0123abcd');
  });

  it('lists a second copy of a version from another place as its own component', () => {
    const copy = (resolved: string, integrity: string): LockPackage => ({ ecosystem: 'npm', name: 'x', version: '1.0.0', direct: false, paths: [['x']], resolved, integrity, installScript: null, dev: null });
    const lockfile: Lockfile = { file: '/app/package-lock.json', kind: 'package-lock', packages: [copy('https://registry.npmjs.org/x/-/x-1.0.0.tgz', 'sha512-Z29vZA=='), copy('https://evil.example/x-1.0.0.tgz', 'sha512-ZXZpbA==')] };
    const components = (sbomFromLockfile(lockfile, new Date('2026-01-01T00:00:00Z')) as { components: { purl: string; 'bom-ref': string }[] }).components;
    expect(components.map((component) => component.purl).sort()).toEqual(['pkg:npm/x@1.0.0', `pkg:npm/x@1.0.0?download_url=${encodeURIComponent('https://evil.example/x-1.0.0.tgz')}`]);
    expect(new Set(components.map((component) => component['bom-ref'])).size).toBe(2);
  });
});
